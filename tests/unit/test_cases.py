"""Runs the shared case table tests/cases.json (also run under Pyodide).

Each case: {"name", "lang", "answers", "expect"}; `expect` holds
- "verdict": the exact verdict, or "errors": the list of error fields
  (null for the answers as a whole), in order, and no verdict;
- "criteria" / "advice": {id: status} for the listed ids;
- "messages" / "next_steps" / "advice_messages" / "error_messages":
  {id or field: substring that must appear};
- "timeline": null, or {dotted.path: value} inside result["timeline"].
"""

import json
import pathlib

import pytest

import checker

from .contract import CONTRACT_IDS

CASES = json.loads((pathlib.Path(__file__).resolve().parents[1] / "cases.json").read_text(encoding="utf-8"))


def check_case(case: dict) -> None:
    result = checker.evaluate(case["answers"], case["lang"])
    json.dumps(result, allow_nan=False)
    exp = case["expect"]
    if "errors" in exp:
        assert "verdict" not in result
        assert [e["field"] for e in result["errors"]] == exp["errors"]
        for e in result["errors"]:
            assert isinstance(e["message"], str) and e["message"]
        msgs = {e["field"]: e["message"] for e in result["errors"]}
        for field, text in exp.get("error_messages", {}).items():
            assert text in msgs[field]
        return
    assert "errors" not in result
    assert result["verdict"] == exp["verdict"]
    assert result["lang"] == case["lang"]
    assert [c["id"] for c in result["criteria"]] == CONTRACT_IDS
    by_id = {c["id"]: c for c in result["criteria"]}
    advice = {a["id"]: a for a in result["advice"]}
    for cid, status in exp.get("criteria", {}).items():
        assert by_id[cid]["status"] == status, cid
    for aid, status in exp.get("advice", {}).items():
        assert advice[aid]["status"] == status, aid
    for cid, text in exp.get("messages", {}).items():
        assert text in by_id[cid]["message"], (cid, by_id[cid]["message"])
    for cid, text in exp.get("next_steps", {}).items():
        assert text in by_id[cid]["next_step"], (cid, by_id[cid]["next_step"])
    for aid, text in exp.get("advice_messages", {}).items():
        assert text in advice[aid]["message"], (aid, advice[aid]["message"])
    if "timeline" in exp:
        if exp["timeline"] is None:
            assert result["timeline"] is None
        else:
            for path, value in exp["timeline"].items():
                node = result["timeline"]
                for part in path.split("."):
                    node = node[part]
                assert node == value, path


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    check_case(case)


def test_case_names_unique():
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names))


def test_case_table_covers_everything():
    statuses, verdicts, langs, error_fields = set(), set(), set(), set()
    per_criterion = {i: set() for i in CONTRACT_IDS}
    for c in CASES:
        exp = c["expect"]
        langs.add(c["lang"])
        if "errors" in exp:
            error_fields.update(exp["errors"])
            continue
        verdicts.add(exp["verdict"])
        for cid, st in exp.get("criteria", {}).items():
            statuses.add(st)
            per_criterion[cid].add(st)
    assert statuses == {"met", "not_met", "unknown", "waived"}
    assert verdicts == {"eligible", "not_eligible", "incomplete"}
    assert {"fi", "en"} <= langs
    for cid, seen in per_criterion.items():
        assert {"met", "unknown"} <= seen, cid
        if cid != "eccp_profile":
            assert {"not_met", "waived"} <= seen, cid
        else:
            assert "not_met" in seen
    question_ids = {q["id"] for q in checker.questions("en")}
    assert question_ids - {"majority_companies", "thematic_focus", "members_named_publicly"} <= error_fields
    assert None in error_fields and "lang" in error_fields


def test_case_table_is_strict_json(root):
    # No NaN/Infinity: a Node runner parses it with JSON.parse.
    text = (root / "tests" / "cases.json").read_text(encoding="utf-8")
    json.loads(text, parse_constant=lambda c: pytest.fail(f"non-standard JSON constant {c}"))
