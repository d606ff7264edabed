"""The rules file is complete, consistent and the only home of thresholds."""

import ast
import pathlib
import re

import checker
from checker import _engine, _schema, _validate
from checker._text import render

from .contract import CONTRACT_IDS

RULES = checker.rules_data()
SOURCE_IDS = {s["id"] for s in RULES["sources"]}
QUESTION_IDS = {q["id"] for q in RULES["questions"]}


def both(t):
    return isinstance(t, dict) and set(t) >= {"fi", "en"}


def test_version():
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", RULES["version"])
    assert re.fullmatch(re.escape(RULES["version"]) + r"\+[0-9a-f]{12}", checker.RULES_VERSION)


def test_criterion_ids_are_the_public_contract():
    assert [c["id"] for c in RULES["criteria"]] == CONTRACT_IDS
    # "required" follows from the list an entry is in; the validator rejects the old key
    assert not any("required" in c for c in RULES["criteria"] + RULES["advisory"])


def test_engine_and_validator_know_the_same_kinds_and_types():
    assert set(_schema.RULE_KINDS) == set(_engine.RULE_KINDS)
    assert set(_schema.QUESTION_TYPES) == set(_validate.READERS)
    checker.validate_rules(checker.rules_data())  # the packaged file passes


def test_sources_are_complete():
    for s in RULES["sources"]:
        assert s["url"].startswith("https://")
        assert s["title"] and s["says"] and s["marker"] in ("confirmed", "article-only")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", s["accessed"])
    ids = [s["id"] for s in RULES["sources"]]
    assert len(ids) == len(set(ids))
    used = [c["source"] for c in RULES["criteria"] + RULES["advisory"]]
    used += [
        RULES["waiver"]["source"],
        RULES["fees"]["source"],
        RULES["timeline"]["bronze"]["source"],
        RULES["timeline"]["silver"]["source"],
        RULES["timeline"]["bronze"]["silver_window_source"],
    ]
    used += [sid for lab in RULES["labels"].values() for sid in lab["sources"]]
    used += [note["source"] for note in RULES["timeline"]["notes"].values()]
    used += [sid for step in RULES["next_steps"] for sid in step.get("links", [])]
    assert set(used) <= SOURCE_IDS


def test_every_text_exists_in_both_languages():
    def walk(node, path):
        if isinstance(node, dict):
            if ("fi" in node or "en" in node) and path not in ("rules.errors.lang", "rules.months"):
                assert both(node), path
                for lang in ("fi", "en"):
                    v = node[lang]
                    if isinstance(v, dict):
                        assert set(v) >= {"one", "other"}, path
                    else:
                        assert v, path
            for k, v in node.items():
                walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")

    walk(RULES, "rules")


def test_every_case_of_every_rule_has_texts():
    for item in RULES["criteria"] + RULES["advisory"]:
        rule = item["rule"]
        assert rule["field"] in QUESTION_IDS if "field" in rule else True
        cases = {"met", "not_met", "unknown"}
        if rule["kind"] == "choice":
            cases = set(rule["cases"]) | {"unknown"}
        if rule["kind"] == "any_of":
            cases = {c["case"] for c in rule["conditions"]} | {"not_met", "unknown"}
        for case in cases:
            assert case in item["messages"], (item["id"], case)
        for key in ("name", "threshold_text"):
            assert both(item[key]), (item["id"], key)


def test_templates_only_use_placeholders_the_engine_knows():
    # The validator checks each text against the placeholders filled there;
    # this cross-check catches a name that no part of the engine fills at all.
    allowed = set().union(
        *_schema.RULE_PLACEHOLDERS.values(),
        *_schema.ERROR_PLACEHOLDERS.values(),
        *_schema.CLI_PLACEHOLDERS.values(),
        *_schema.NOTES_PLACEHOLDERS.values(),
        *_schema.TIMELINE_NOTES.values(),
        *_schema.NEXT_STEP_TIMELINE_VALUES.values(),
        _schema.NEXT_STEP_PLACEHOLDERS,
        _schema.MONTH_WORDS,
        {"threshold", "names", "seen"},
    )
    text = (pathlib.Path(checker.__file__).parent / "rules.toml").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for name in re.findall(r"\{([a-z_]+)\}", text):
        assert name in allowed, name


def test_met_criteria_carry_no_filler_next_step():
    for item in RULES["criteria"] + RULES["advisory"]:
        met = item.get("next_step", {}).get("met")
        assert met is None or met["en"] != "Nothing to do here.", item["id"]


def test_waiver_scope():
    w = RULES["waiver"]
    assert w["field"] == "policy_recognition"
    assert set(w["covers"]) | set(w["not_covered"]) == set(CONTRACT_IDS)
    assert "eccp_profile" in w["not_covered"] and "eccp_profile" not in w["covers"]


def test_thresholds_match_the_facts_file():
    # The confirmed facts (ecei-facts.md, section 1): 0.5 FTE, 15 members, 2 types.
    rules = {c["id"]: c["rule"] for c in RULES["criteria"]}
    assert rules["management_fte"]["threshold"] == 0.5
    assert rules["committed_members"]["threshold"] == 15
    assert rules["member_diversity"]["threshold"] == 2
    fees = {f["id"]: f["amount_eur"] for f in RULES["fees"]["items"]}
    assert fees == {
        "bronze_onsite": 2250,
        "bronze_video": 1650,
        "silver": 3620,
        "gold_first": 8250,
        "gold_renewal": 6765,
    }
    assert "date" not in RULES["fees"]  # the price list is undated


def test_no_threshold_lives_in_code():
    # Every number the rules hold (thresholds, fees, periods), and the facts
    # 31 indicators / 80 %, never appears as a number literal in the engine.
    # (Small counts 0-3 and 12 stay allowed: list positions, margins, months in
    # a year and the hash length are not rules; so does a threshold of 2.)
    numbers = {
        item["rule"]["threshold"] for item in RULES["criteria"] + RULES["advisory"] if "threshold" in item["rule"]
    }
    numbers |= {f["amount_eur"] for f in RULES["fees"]["items"]} | {31, 80, 36}
    for label in ("bronze", "silver"):
        numbers |= {v for v in RULES["timeline"][label].values() if isinstance(v, int) and not isinstance(v, bool)}
    numbers -= {0, 1, 2, 3, 12}
    assert {0.5, 15, 24, 36, 18} <= numbers
    for path in pathlib.Path(checker.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and type(node.value) in (int, float):
                assert node.value not in numbers, f"{path.name}:{node.lineno}: {node.value}"


def test_plural_templates_render():
    t = RULES["criteria"][1]["messages"]["not_met"]
    ctx = {"value": "14", "threshold": "15", "missing": "1"}
    assert render(t, "fi", ctx, {"missing": 1}).endswith("puuttuu 1 jäsen.")
    assert render(t, "fi", dict(ctx, missing="3"), {"missing": 3}).endswith("puuttuu 3 jäsentä.")
