"""The contract the browser page (checker.js), the CLI and the site rely on:
criterion ids and the keys of the result they render. Written out here on
purpose, apart from checker/_types.py, so that changing the result shape
needs a visible change in the tests too (and a note to the page's owner)."""

CONTRACT_IDS = [
    "management_fte",
    "committed_members",
    "member_diversity",
    "public_sector_link",
    "english_website",
    "activity_evidence",
    "eccp_profile",
]

RESULT_KEYS = {
    "verdict",
    "verdict_label",
    "summary",
    "counts",
    "criteria",
    "advice",
    "answers",
    "next_steps",
    "waiver",
    "timeline",
    "next_labels",
    "rules_version",
    "lang",
}
ERROR_RESULT_KEYS = {"errors", "lang", "rules_version"}
CRITERION_KEYS = {
    "id",
    "kind",
    "kind_label",
    "required",
    "status",
    "status_label",
    "name",
    "message",
    "next_step",
    "requirement",
    "threshold",
    "source",
}  # plus "explanation" where the rules give one
ANSWER_KEYS = {"id", "question", "value", "display", "state", "state_label", "note"}
NEXT_STEP_KEYS = {"id", "text", "links"}
TIMELINE_KEYS = {"bronze", "silver", "events", "notes"}
TIMELINE_EVENT_KEYS = {"label", "id", "month", "month_label", "text"}
TIMELINE_NOTE_KEYS = {"id", "text", "source"}
