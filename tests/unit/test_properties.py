"""Property-based tests: any JSON value as answers (and any language)
gives a result or validation errors, never an exception, always JSON."""

import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checker

FIELDS = [q["id"] for q in checker.questions("en")]

json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=20,
)
# dicts whose keys are mostly real field names, with values that are either
# plausible or arbitrary
plausible = (
    st.floats(min_value=-2, max_value=40)
    | st.integers(min_value=-3, max_value=40)
    | st.booleans()
    | st.sampled_from(["validated", "pending", "none", "2025-11", "2025-13", "business", ""])
    | st.lists(st.sampled_from(["business", "research", "public", "civil_society", "other", "x"]), max_size=6)
)
answers_like = st.dictionaries(
    st.sampled_from(FIELDS) | st.text(max_size=8), st.none() | plausible | json_values, max_size=12
)
langs = st.sampled_from(["fi", "en"]) | json_values


def assert_well_formed(result, lang):
    assert isinstance(result, dict)
    json.dumps(result, allow_nan=False)  # strictly JSON-serialisable
    assert result["rules_version"] == checker.RULES_VERSION
    if "errors" in result:
        assert "verdict" not in result
        assert result["errors"], "an error result has at least one error"
        for e in result["errors"]:
            assert set(e) == {"field", "message"}
            assert e["field"] is None or isinstance(e["field"], str)
            assert isinstance(e["message"], str) and e["message"]
        internal = {checker.rules_data()["errors"]["internal"][lg] for lg in ("fi", "en")}
        assert not any(e["message"] in internal for e in result["errors"]), result
    else:
        assert result["verdict"] in ("eligible", "not_eligible", "incomplete")
        assert result["lang"] == lang
        required = [c for c in result["criteria"] if c["required"]]
        statuses = {c["status"] for c in required}
        assert statuses <= {"met", "not_met", "unknown", "waived"}
        if "not_met" in statuses:
            assert result["verdict"] == "not_eligible"
        elif "unknown" in statuses:
            assert result["verdict"] == "incomplete"
        else:
            assert result["verdict"] == "eligible"
        for c in result["criteria"] + result["advice"]:
            assert c["message"] and c["next_step"] and c["name"]
            assert "{" not in c["message"] and "{" not in c["next_step"]
        assert all(a["status"] in ("met", "not_met", "unknown") for a in result["advice"])


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, st.sampled_from(["fi", "en"]))
def test_any_json_value(answers, lang):
    assert_well_formed(checker.evaluate(answers, lang), lang)


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(answers_like, st.sampled_from(["fi", "en"]))
def test_answer_like_dicts(answers, lang):
    result = checker.evaluate(answers, lang)
    assert_well_formed(result, lang)
    errors = checker.validate(answers, lang)
    assert ("errors" in result) == bool(errors)
    if errors:
        assert errors == result["errors"]


@settings(max_examples=200)
@given(answers_like, langs)
def test_any_language_value(answers, lang):
    result = checker.evaluate(answers, lang)
    json.dumps(result, allow_nan=False)
    if not (isinstance(lang, str) and lang in ("fi", "en")):
        assert result["errors"][0]["field"] == "lang"
        assert result["lang"] == "en"


@settings(max_examples=300)
@given(st.floats(min_value=0, max_value=10000, allow_nan=False), st.sampled_from(["fi", "en"]))
def test_fte_threshold_is_exact(fte, lang):
    c = checker.evaluate({"management_fte": fte}, lang)["criteria"][0]
    assert c["status"] == ("met" if fte >= 0.5 else "not_met")
    if lang == "fi":
        assert "." not in c["message"].rstrip(".").replace("ECCP", "")  # decimal comma only


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=1_000_000))
def test_members_threshold_is_exact(n):
    by_id = {c["id"]: c for c in checker.evaluate({"committed_members": n}, "fi")["criteria"]}
    c = by_id["committed_members"]
    assert c["status"] == ("met" if n >= 15 else "not_met")
    if n < 15:
        missing = 15 - n
        assert c["message"].endswith(f"puuttuu {missing} jäsen." if missing == 1 else f"puuttuu {missing} jäsentä.")


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["business", "research", "public", "civil_society", "other"]), unique=True))
def test_diversity_and_order_independence(types):
    r1 = checker.evaluate({"member_types": types}, "en")
    r2 = checker.evaluate({"member_types": list(reversed(types))}, "en")
    assert r1 == r2
    by_id = {c["id"]: c for c in r1["criteria"]}
    assert by_id["member_diversity"]["status"] == ("met" if len(types) >= 2 else "not_met")


@settings(max_examples=200)
@given(st.integers(min_value=2000, max_value=2099), st.integers(min_value=1, max_value=12))
def test_timeline_arithmetic(year, month):
    ym = f"{year:04d}-{month:02d}"
    tl = checker.evaluate({"bronze_interview_month": ym}, "en")["timeline"]["bronze"]

    def idx(s):
        y, m = s.split("-")
        return int(y) * 12 + int(m) - 1

    i = idx(ym)
    assert idx(tl["valid_until"]) - i == 23
    assert idx(tl["renew_by"]) - idx(tl["valid_until"]) == 12
    assert idx(tl["valid_until_if_renewed"]) - idx(tl["valid_until"]) == 36
    assert idx(tl["silver_second_benchmarking"]["from"]) - i == 18
    assert idx(tl["silver_second_benchmarking"]["to"]) - i == 24
    months = [e["month"] for e in tl["events"]]
    assert months == sorted(months)


def test_nan_and_infinity_are_errors():
    for bad in (math.nan, math.inf, -math.inf):
        for field in ("management_fte", "committed_members", "member_activities_visible"):
            r = checker.evaluate({field: bad}, "fi")
            assert [e["field"] for e in r["errors"]] == [field]
