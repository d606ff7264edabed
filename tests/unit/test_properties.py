"""Property-based tests: any JSON value as answers (and any language)
gives a result or validation errors, never an exception, always JSON."""

import json
import math
from decimal import Context, Decimal
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checker
from checker._text import fmt_number

FIELDS = [q["id"] for q in checker.questions("en")]
RULES = checker.rules_data()
RULE = {item["id"]: item["rule"] for item in RULES["criteria"] + RULES["advisory"]}
FTE = RULE["management_fte"]["threshold"]
MEMBERS = RULE["committed_members"]["threshold"]
TYPES = RULE["member_diversity"]["threshold"]
QUESTION = {q["id"]: q for q in RULES["questions"]}
BRONZE = RULES["timeline"]["bronze"]
SILVER = RULES["timeline"]["silver"]

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
            assert c["message"] and c["name"]
            assert c["next_step"] is None or (c["next_step"] and "{" not in c["next_step"])
            assert c["next_step"] is not None or c["status"] == "met"
            assert "{" not in c["message"]
        assert all(a["status"] in ("met", "not_met", "unknown") for a in result["advice"])
        assert [a["id"] for a in result["answers"]] == FIELDS
        for step in result["next_steps"]:
            assert step["text"] and "{" not in step["text"]
        if result["timeline"]:
            months = [e["month"] for e in result["timeline"]["events"]]
            assert months == sorted(months)


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
@given(
    st.floats(min_value=0, max_value=QUESTION["management_fte"]["max"], allow_nan=False), st.sampled_from(["fi", "en"])
)
def test_fte_threshold_is_exact(fte, lang):
    c = checker.evaluate({"management_fte": fte}, lang)["criteria"][0]
    assert c["status"] == ("met" if fte >= FTE else "not_met")
    if lang == "fi":
        assert "." not in c["message"].rstrip(".").replace("ECCP", "")  # decimal comma only
    if c["status"] == "not_met":
        missing = Context(prec=1000).subtract(Decimal(repr(float(FTE))), Decimal(repr(fte)))  # exact
        assert fmt_number(missing, lang) in c["message"] and missing > 0


@settings(max_examples=300)
@given(st.decimals(min_value=0, max_value=1, places=20, allow_nan=False), st.sampled_from(["fi", "en"]))
def test_missing_amount_is_exact_and_never_zero(fte, lang):
    c = checker.evaluate({"management_fte": format(fte, "f")}, lang)["criteria"][0]
    if fte < Decimal(repr(float(FTE))):
        missing = Context(prec=1000).subtract(Decimal(repr(float(FTE))), fte)
        assert c["status"] == "not_met"
        shown = fmt_number(missing, lang)
        assert shown in c["message"] and shown.strip("0.,") != ""
    else:
        assert c["status"] == "met"


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=QUESTION["committed_members"]["max"]))
def test_members_threshold_is_exact(n):
    by_id = {c["id"]: c for c in checker.evaluate({"committed_members": n}, "fi")["criteria"]}
    c = by_id["committed_members"]
    assert c["status"] == ("met" if n >= MEMBERS else "not_met")
    if n < MEMBERS:
        missing = MEMBERS - n
        assert c["message"].endswith(f"puuttuu {missing} jäsen." if missing == 1 else f"puuttuu {missing} jäsentä.")


@settings(max_examples=300)
@given(
    st.one_of(
        st.integers(min_value=0, max_value=QUESTION["committed_members"]["max"]),
        st.decimals(min_value=0, max_value=QUESTION["management_fte"]["max"], places=2, allow_nan=False),
    ),
    st.sampled_from(["fi", "en"]),
)
def test_a_displayed_number_reads_back_as_itself(number, lang):
    # What the answers list shows, typed back in the same language, is the same number.
    field = "committed_members" if isinstance(number, int) else "management_fte"
    first = {a["id"]: a for a in checker.evaluate({field: number}, lang)["answers"]}[field]
    again = {a["id"]: a for a in checker.evaluate({field: first["display"]}, lang)["answers"]}[field]
    assert again["value"] == first["value"] and again["display"] == first["display"]
    assert (Decimal(first["value"]) if isinstance(first["value"], str) else first["value"]) == number


def _as_query(answers):
    pairs = []
    for key, value in answers.items():
        if isinstance(value, list):
            pairs += [(key, item) for item in value]
        elif isinstance(value, bool):
            pairs.append((key, "true" if value else "false"))
        else:
            pairs.append((key, value))
    return urlencode(pairs)


form_like = st.fixed_dictionaries(
    {},
    optional={
        "management_fte": st.sampled_from(["0,5", "0.49", "1 000", "2", "1,000", "x", "12 %"]),
        "committed_members": st.sampled_from(["15", "1,000", "1 000", "14", "9" * 30, "-1", "3.5"]),
        "member_types": st.lists(st.sampled_from(["business", "research", "public", "other"]), min_size=1, unique=True),
        "english_website": st.booleans(),
        "eccp_profile": st.sampled_from(["validated", "pending", "none", "bogus"]),
        "bronze_benchmarking": st.sampled_from(["first", "renewal"]),
        "bronze_interview_month": st.sampled_from(["2025-11", "2026-02", "2027-13"]),
        "bronze_previous_valid_until": st.sampled_from(["2026-03", "2024-12"]),
        "silver_assessment_month": st.sampled_from(["2027-06", "2026-03"]),
    },
)


@settings(max_examples=300)
@given(form_like, st.sampled_from(["fi", "en"]))
def test_query_gives_what_evaluate_gives(answers, lang):
    assert checker.evaluate_query(_as_query(answers), lang) == checker.evaluate(answers, lang)


@settings(max_examples=50)
@given(st.integers(min_value=0, max_value=3000), st.sampled_from(["fi", "en"]))
def test_errors_are_capped(n, lang):
    result = checker.evaluate({f"unknown_{i}": 1 for i in range(n)}, lang)
    if n == 0:
        assert "errors" not in result
        return
    errors = result["errors"]
    assert len(errors) == min(n, checker.MAX_ERRORS) + (n > checker.MAX_ERRORS)
    if n > checker.MAX_ERRORS:
        assert errors[-1]["field"] is None and fmt_number(n - checker.MAX_ERRORS, lang) in errors[-1]["message"]


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["business", "research", "public", "civil_society", "other"]), unique=True))
def test_diversity_and_order_independence(types):
    r1 = checker.evaluate({"member_types": types}, "en")
    r2 = checker.evaluate({"member_types": list(reversed(types))}, "en")
    assert r1 == r2
    by_id = {c["id"]: c for c in r1["criteria"]}
    assert by_id["member_diversity"]["status"] == ("met" if len(types) >= TYPES else "not_met")


def _idx(s):
    y, m = s.split("-")
    return int(y) * 12 + int(m) - 1


months = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(2000, 2099), st.integers(1, 12))


@settings(max_examples=200)
@given(months, st.sampled_from(["first", None]))
def test_first_label_arithmetic(ym, kind):
    answers = {"bronze_interview_month": ym, **({"bronze_benchmarking": kind} if kind else {})}
    tl = checker.evaluate(answers, "en")["timeline"]["bronze"]
    i = _idx(ym)
    assert tl["basis"] == ("first" if kind else "first_assumed")
    assert _idx(tl["valid_until"]) - i == BRONZE["validity_months"]
    assert _idx(tl["renew_by"]) - _idx(tl["valid_until"]) == BRONZE["renewal_grace_months"]
    assert _idx(tl["valid_until_if_renewed"]) - _idx(tl["valid_until"]) == BRONZE["renewal_extension_months"]
    assert _idx(tl["silver_second_benchmarking"]["from"]) - i == BRONZE["silver_window_from_months"]
    assert _idx(tl["silver_second_benchmarking"]["to"]) - i == BRONZE["silver_window_to_months"]


@settings(max_examples=200)
@given(months, months)
def test_renewal_arithmetic(interview, previous):
    answers = {
        "bronze_benchmarking": "renewal",
        "bronze_interview_month": interview,
        "bronze_previous_valid_until": previous,
    }
    result = checker.evaluate(answers, "fi")
    tl = result["timeline"]["bronze"]
    late = _idx(interview) > _idx(previous) + BRONZE["renewal_grace_months"]
    assert tl["basis"] == ("renewal_late" if late else "renewal")
    if late:
        assert tl["valid_until"] is None and "renewal_late" in [n["id"] for n in result["timeline"]["notes"]]
    else:
        assert _idx(tl["valid_until"]) - _idx(previous) == BRONZE["renewal_extension_months"]


@settings(max_examples=200)
@given(months, months)
def test_silver_window_note(bronze, silver):
    answers = {"bronze_benchmarking": "first", "bronze_interview_month": bronze, "silver_assessment_month": silver}
    tl = checker.evaluate(answers, "en")["timeline"]
    offset = _idx(silver) - _idx(bronze)
    inside = BRONZE["silver_window_from_months"] <= offset <= BRONZE["silver_window_to_months"]
    assert ("silver_outside_window" in [n["id"] for n in tl["notes"]]) is not inside
    assert _idx(tl["silver"]["valid_until"]) - _idx(silver) == SILVER["validity_months"]


def test_nan_and_infinity_are_errors():
    for bad in (math.nan, math.inf, -math.inf):
        for field in ("management_fte", "committed_members", "member_activities_visible"):
            r = checker.evaluate({field: bad}, "fi")
            assert [e["field"] for e in r["errors"]] == [field]
