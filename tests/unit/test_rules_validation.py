"""A broken rules file fails on load, naming the file and the place
(checker.load_rules / checker.validate_rules): one broken variant per row."""

import copy
import pathlib

import pytest

import checker

RULES = checker.rules_data()


def _crit(data, cid):
    return next(c for c in data["criteria"] if c["id"] == cid)


def _question(data, qid):
    return next(q for q in data["questions"] if q["id"] == qid)


def _set(path_fn, key, value):
    def edit(data):
        path_fn(data)[key] = value

    return edit


def _delete(path_fn, key):
    def edit(data):
        del path_fn(data)[key]

    return edit


# (name, edit, expected problem: an exact line of the error)
BROKEN = [
    (
        "a source title in an unknown language",
        _set(lambda d: d["sources"][0], "title_lang", "sv"),
        "rules.toml: sources[0] (eccp_register) title_lang: must be the title's language, one of: fi, en",
    ),
    (
        "a page number that is not a count",
        _set(lambda d: d["labels"]["bronze"], "indicators", "36"),
        "rules.toml: labels.bronze.indicators: must be a positive whole number",
    ),
    (
        "a label's source that does not exist",
        _set(lambda d: d["labels"]["gold"], "sources", ["gce_ocean", "gce_oceans"]),
        "rules.toml: labels.gold.sources: unknown source 'gce_oceans'",
    ),
    (
        "a label's sources as one id, not a list",
        _set(lambda d: d["labels"]["silver"], "sources", "esca_silver"),
        "rules.toml: labels.silver.sources: must be a list of different source ids, at least one",
    ),
    (
        "unknown rule kind",
        _set(lambda d: _crit(d, "member_diversity")["rule"], "kind", "at_lest"),
        (
            "rules.toml: criteria[2] (member_diversity) rule.kind: unknown kind 'at_lest' "
            "(expected one of: at_least, distinct_at_least, is_true, choice, any_of)"
        ),
    ),
    (
        "unknown question type",
        _set(lambda d: _question(d, "english_website"), "type", "yesno"),
        (
            "rules.toml: questions[6] (english_website) type: unknown type 'yesno' "
            "(expected one of: number, integer, boolean, choice, multi, month)"
        ),
    ),
    (
        "a missing English text",
        _delete(lambda d: _crit(d, "english_website")["name"], "en"),
        "rules.toml: criteria[4] (english_website) name: missing the 'en' text",
    ),
    (
        "an empty Finnish text",
        _set(lambda d: d["ui"]["status"]["met"], "fi", " "),
        "rules.toml: ui.status.met.fi: must be a non-empty text",
    ),
    (
        "no message for a case the rule produces",
        _delete(lambda d: _crit(d, "english_website")["messages"], "unknown"),
        "rules.toml: criteria[4] (english_website) messages: no text for the case 'unknown' (status 'unknown')",
    ),
    (
        "a message for a case the rule never produces",
        _set(lambda d: _crit(d, "english_website")["messages"], "maybe", {"fi": "x", "en": "x"}),
        (
            "rules.toml: criteria[4] (english_website) messages.maybe: the rule never produces the case 'maybe' "
            "(it produces: met, not_met, unknown)"
        ),
    ),
    (
        "an unknown source",
        _set(lambda d: _crit(d, "committed_members"), "source", "wikipedia"),
        "rules.toml: criteria[1] (committed_members) source: unknown source 'wikipedia'",
    ),
    (
        "a rule on an unknown field",
        _set(lambda d: _crit(d, "committed_members")["rule"], "field", "members"),
        "rules.toml: criteria[1] (committed_members) rule.field: unknown question 'members'",
    ),
    (
        "a rule on a field of the wrong type",
        _set(lambda d: _crit(d, "committed_members")["rule"], "field", "english_website"),
        (
            "rules.toml: criteria[1] (committed_members) rule.field: question 'english_website' is of type 'boolean', "
            "expected number or integer"
        ),
    ),
    (
        "a waiver covering an unknown criterion",
        _set(lambda d: d["waiver"], "covers", ["management_fte", "budget"]),
        "rules.toml: waiver.covers: unknown criterion 'budget'",
    ),
    (
        "a placeholder the engine does not fill",
        _set(lambda d: _crit(d, "management_fte")["messages"]["met"], "en", "Met with {amount} FTE."),
        (
            "rules.toml: criteria[0] (management_fte) messages.met.en: unknown placeholder {amount} "
            "(the engine fills here: {missing}, {threshold}, {value})"
        ),
    ),
    (
        "a placeholder in a rule without numbers",
        _set(lambda d: _crit(d, "english_website")["messages"]["met"], "fi", "{value} täyttyy."),
        "rules.toml: criteria[4] (english_website) messages.met.fi: unknown placeholder {value} (the engine fills here: none)",
    ),
    (
        "a malformed placeholder",
        _set(lambda d: d["errors"]["month_type"], "en", "{short: give the month"),
        "rules.toml: errors.month_type.en: malformed placeholder: a { without its } (write a literal brace as {{ or }})",
    ),
    (
        "a typo in a criterion key",
        _set(lambda d: _crit(d, "management_fte"), "treshold_text", {"fi": "x", "en": "x"}),
        (
            "rules.toml: criteria[0] (management_fte): unknown key 'treshold_text' (expected one of: explanation, id, "
            "messages, name, next_step, rule, source, threshold_text)"
        ),
    ),
    (
        "the old required flag",
        _set(lambda d: _crit(d, "management_fte"), "required", True),
        (
            "rules.toml: criteria[0] (management_fte): unknown key 'required' (expected one of: explanation, id, "
            "messages, name, next_step, rule, source, threshold_text)"
        ),
    ),
    (
        "a duplicate criterion id",
        _set(lambda d: _crit(d, "english_website"), "id", "management_fte"),
        "rules.toml: criteria[4].id: duplicate id 'management_fte'",
    ),
    (
        "a choice rule missing an option",
        _delete(lambda d: _crit(d, "eccp_profile")["rule"]["cases"], "none"),
        "rules.toml: criteria[6] (eccp_profile) rule.cases: no status for the option 'none'",
    ),
    (
        "a choice rule with a bad status",
        _set(lambda d: _crit(d, "eccp_profile")["rule"]["cases"], "pending", "maybe"),
        "rules.toml: criteria[6] (eccp_profile) rule.cases.pending: must be one of: met, not_met, unknown",
    ),
    (
        "an any_of condition on a missing option",
        _set(lambda d: _crit(d, "public_sector_link")["rule"]["conditions"][0], "contains", "government"),
        (
            "rules.toml: criteria[3] (public_sector_link) rule.conditions[0]: 'government' is not a value of "
            "'member_types' (['business', 'research', 'public', 'civil_society', 'other'])"
        ),
    ),
    (
        "a threshold that can never be met",
        _set(lambda d: _crit(d, "committed_members")["rule"], "threshold", 2_000_000),
        (
            "rules.toml: criteria[1] (committed_members) rule.threshold: is above the question's max 1000000: "
            "the rule could never be met"
        ),
    ),
    (
        "a timeline period that is not whole months",
        _set(lambda d: d["timeline"]["bronze"], "validity_months", 24.5),
        "rules.toml: timeline.bronze.validity_months: must be a whole number of months, not 24.5",
    ),
    (
        "a missing timeline event text",
        _delete(lambda d: d["timeline"]["bronze"]["events"], "renewed_valid_until"),
        "rules.toml: timeline.bronze.events: missing key 'renewed_valid_until'",
    ),
    (
        "a timeline note with an unknown source",
        _set(lambda d: d["timeline"]["notes"]["renewal_late"], "source", "rumour"),
        "rules.toml: timeline.notes.renewal_late.source: unknown source 'rumour'",
    ),
    (
        "a next step with an unknown link",
        _set(lambda d: d["next_steps"][2], "links", ["eccp_register", "nowhere"]),
        "rules.toml: next_steps[2] (eccp_profile) links: unknown source 'nowhere'",
    ),
    (
        "a next step using a month it is not given",
        _set(lambda d: d["next_steps"][0]["text"], "en", "Fix {failed} by {renew_by}."),
        (
            "rules.toml: next_steps[0] (fix_criteria) text.en: unknown placeholder {renew_by} "
            "(the engine fills here: {failed}, {open})"
        ),
    ),
    (
        "a next step on an unknown verdict",
        _set(lambda d: d["next_steps"][0], "when", {"verdict": ["maybe"]}),
        (
            "rules.toml: next_steps[0] (fix_criteria) when.verdict: must be a list of verdicts from: "
            "eligible, not_eligible, incomplete"
        ),
    ),
    (
        "an ask_if on an unknown value",
        _set(
            lambda d: _question(d, "bronze_previous_valid_until"),
            "ask_if",
            {"field": "bronze_benchmarking", "equals": "x"},
        ),
        "rules.toml: questions[14] (bronze_previous_valid_until) ask_if.equals: must be one of ['first', 'renewal']",
    ),
    (
        "the timeline's question losing an option",
        lambda d: _question(d, "bronze_benchmarking")["options"].pop(),
        (
            "rules.toml: questions (bronze_benchmarking).options: the timeline reads exactly the options "
            "['first', 'renewal']"
        ),
    ),
    (
        "an example outside the question's range",
        _set(lambda d: _question(d, "management_fte"), "example", -1),
        "rules.toml: questions[0] (management_fte) example: must lie between min 0 and max 10000",
    ),
    (
        "a missing error message",
        _delete(lambda d: d["errors"], "number_ambiguous"),
        "rules.toml: errors: missing key 'number_ambiguous'",
    ),
    (
        "a plural text without its other form",
        _delete(lambda d: d["errors"]["more_errors"]["fi"], "other"),
        "rules.toml: errors.more_errors.fi: missing the plural form 'other'",
    ),
    (
        "a source without https",
        _set(lambda d: d["sources"][0], "url", "http://clustercollaboration.eu/register-your-profile"),
        (
            "rules.toml: sources[0] (eccp_register) url: must be an https:// address, not "
            "'http://clustercollaboration.eu/register-your-profile'"
        ),
    ),
    (
        "eleven months",
        lambda d: d["months"]["en"].pop(),
        "rules.toml: months.en: must list the 12 month names",
    ),
    (
        "a missing section",
        _delete(lambda d: d, "next_steps"),
        "rules.toml: top level: missing section 'next_steps'",
    ),
    (
        "a bad version",
        _set(lambda d: d, "version", "28.11.2026"),
        "rules.toml: version: must be a date YYYY-MM-DD, not '28.11.2026'",
    ),
]


@pytest.mark.parametrize(("name", "edit", "expected"), BROKEN, ids=[row[0] for row in BROKEN])
def test_broken_variant(name, edit, expected):
    data = copy.deepcopy(RULES)
    edit(data)
    with pytest.raises(checker.RulesError) as caught:
        checker.validate_rules(data)
    assert expected in caught.value.problems, "\n".join(caught.value.problems)
    assert str(caught.value).startswith("rules.toml: ")


def test_the_packaged_rules_are_valid():
    checker.validate_rules(copy.deepcopy(RULES))


def test_load_rules_names_the_file_and_the_place(tmp_path):
    text = (pathlib.Path(checker.__file__).parent / "rules.toml").read_text(encoding="utf-8")
    broken = tmp_path / "my-rules.toml"
    broken.write_text(text.replace('kind = "choice"', 'kind = "chioce"', 1), encoding="utf-8")
    with pytest.raises(checker.RulesError) as caught:
        checker.load_rules(broken)
    assert caught.value.problems[0].startswith("my-rules.toml: criteria[6] (eccp_profile) rule.kind: unknown kind")
    good = tmp_path / "rules.toml"
    good.write_text(text, encoding="utf-8")
    assert checker.load_rules(good) == RULES


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"version = ", "bad.toml: not valid TOML"),
        (b"\xff\xfe", "bad.toml: not UTF-8 text"),
        (b"", "bad.toml: version: must be a date YYYY-MM-DD, not None"),
    ],
)
def test_load_rules_reports_unreadable_files(tmp_path, content, expected):
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(checker.RulesError) as caught:
        checker.load_rules(path)
    assert caught.value.problems[0].startswith(expected)


def test_a_missing_file(tmp_path):
    with pytest.raises(checker.RulesError, match="cannot read the file"):
        checker.load_rules(tmp_path / "nope.toml")


def test_every_problem_is_reported():
    data = copy.deepcopy(RULES)
    _crit(data, "member_diversity")["rule"]["kind"] = "at_lest"
    _crit(data, "committed_members")["source"] = "wikipedia"
    with pytest.raises(checker.RulesError) as caught:
        checker.validate_rules(data)
    assert len(caught.value.problems) == 2
