"""The criterion ids that are a public contract (CLI, tests, site)."""

CONTRACT_IDS = [
    "management_fte",
    "committed_members",
    "member_diversity",
    "public_sector_link",
    "english_website",
    "activity_evidence",
    "eccp_profile",
]
