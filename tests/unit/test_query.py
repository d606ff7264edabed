"""evaluate_query: the answers as a URL query string (a shared link's
fragment, or URLSearchParams(FormData))."""

import pytest

import checker

ALL = (
    "management_fte=0.5&committed_members=15&member_types=business&member_types=research"
    "&public_collaboration=true&english_website=true&activity_evidence=true&eccp_profile=validated"
)


def test_at_most_max_fields_pairs_are_read():
    n = checker.MAX_QUERY_FIELDS
    at_limit = checker.evaluate_query("&".join(f"k{i}=1" for i in range(n)), "en")["errors"]
    assert at_limit[0]["field"] == "k0"  # read: unknown keys, capped
    assert len(at_limit) == checker.MAX_ERRORS + 1
    over = checker.evaluate_query("&".join(f"k{i}=1" for i in range(n + 1)), "fi")["errors"]
    assert over == [
        {"field": None, "message": f"Vastauksissa on liikaa kenttiä (yli {n}). Tarkista linkki tai vastaukset."}
    ]


def test_a_huge_query_is_refused_with_a_small_result():
    result = checker.evaluate_query("k=1&" * 200_000, "en")
    assert len(result["errors"]) == 1 and len(str(result)) < 1000


def test_trailing_and_doubled_ampersands_are_ignored():
    assert checker.evaluate_query("&" + ALL.replace("&", "&&") + "&", "en") == checker.evaluate_query(ALL, "en")


@pytest.mark.parametrize("prefix", ["#", "?"])
def test_leading_hash_or_question_mark(prefix):
    assert checker.evaluate_query(prefix + ALL, "en") == checker.evaluate_query(ALL, "en")


def test_percent_and_plus_decoding():
    # "0%2C5" is "0,5"; "+" is a space; an invalid escape becomes U+FFFD, never an exception
    answers = {
        a["id"]: a for a in checker.evaluate_query("management_fte=0%2C5&committed_members=1+000", "fi")["answers"]
    }
    assert answers["management_fte"]["value"] == "0.5" and answers["committed_members"]["value"] == 1000
    errors = checker.evaluate_query("%FF=1&eccp_profile=%E2%82", "en")["errors"]
    assert [e["field"] for e in errors] == ["eccp_profile", "\ufffd"]


def test_multi_repeats_and_commas_combine_and_duplicates_are_errors():
    result = checker.evaluate_query("member_types=business&member_types=public,research", "en")
    types = {a["id"]: a for a in result["answers"]}["member_types"]
    assert types["value"] == ["business", "research", "public"]  # the schema's order
    errors = checker.evaluate_query("member_types=business&member_types=business", "en")["errors"]
    assert [e["field"] for e in errors] == ["member_types"] and "more than once" in errors[0]["message"]


def test_a_duplicate_is_reported_once():
    errors = checker.evaluate_query("eccp_profile=none&eccp_profile=none&eccp_profile=none", "en")["errors"]
    assert len(errors) == 1


def test_the_same_as_evaluate_for_the_equivalent_answers():
    query = "committed_members=1%2C000&english_website=false&member_types=&bronze_interview_month=2025-11"
    answers = {"committed_members": "1,000", "english_website": False, "bronze_interview_month": "2025-11"}
    assert checker.evaluate_query(query, "en") == checker.evaluate(answers, "en")


@pytest.mark.parametrize("bad", [None, 42, {"a": 1}])
def test_not_a_string(bad):
    result = checker.evaluate_query(bad, "en")
    assert "verdict" not in result and result["errors"][0]["field"] is None
