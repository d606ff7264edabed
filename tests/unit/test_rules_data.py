"""The rules file is complete, consistent and the only home of thresholds."""

import pathlib
import re

import checker
from checker._text import render

from .contract import CONTRACT_IDS

RULES = checker.rules_data()
SOURCE_IDS = {s["id"] for s in RULES["sources"]}
QUESTION_IDS = {q["id"] for q in RULES["questions"]}


def both(t):
    return isinstance(t, dict) and set(t) >= {"fi", "en"}


def test_version():
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", RULES["version"])
    assert checker.RULES_VERSION == RULES["version"]


def test_criterion_ids_are_the_public_contract():
    assert [c["id"] for c in RULES["criteria"]] == CONTRACT_IDS
    assert all(c["required"] is True for c in RULES["criteria"])


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
    used += [lab["source"] for lab in RULES["labels"].values()]
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


def test_templates_only_use_known_placeholders():
    allowed = {
        "value",
        "threshold",
        "missing",
        "types_paren",
        "names",
        "month_nom",
        "month_gen",
        "short",
        "min",
        "max",
        "options",
        "got",
        "line",
        "col",
        "seen",
        "date",
    }
    text = (pathlib.Path(checker.__file__).parent / "rules.toml").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for name in re.findall(r"\{([a-z_]+)\}", text):
        assert name in allowed, name


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
    code = "".join(p.read_text(encoding="utf-8") for p in pathlib.Path(checker.__file__).parent.glob("*.py"))
    for literal in ("0.5", "15", "2250", "3620", "8250", "6765", "1650", "80", "31", "36"):
        assert not re.search(rf"(?<![\w.]){re.escape(literal)}(?![\w.])", code), literal


def test_plural_templates_render():
    t = RULES["criteria"][1]["messages"]["not_met"]
    ctx = {"value": "14", "threshold": "15", "missing": "1"}
    assert render(t, "fi", ctx, {"missing": 1}).endswith("puuttuu 1 jäsen.")
    assert render(t, "fi", dict(ctx, missing="3"), {"missing": 3}).endswith("puuttuu 3 jäsentä.")
