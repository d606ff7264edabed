"""Runs the shared case table tests/cases.json (also run under Pyodide).

Each case: {"name", "lang", "answers" (a JSON object) or "query" (a URL
query string, run through evaluate_query), "expect"}; `expect` holds
- "verdict": the exact verdict, or "errors": the list of error fields
  (null for the answers as a whole), in order, and no verdict;
- "criteria" / "advice": {id: status} for the listed ids;
- "messages" / "next_steps" / "advice_messages" / "error_messages":
  {id or field: substring that must appear};
- "advice_labels": {id: exact status label};
- "next_step_null": criterion ids whose next step must be null;
- "timeline": null, or {dotted.path: value} inside result["timeline"];
- "timeline_notes": the exact list of note ids; "note_texts": {note id:
  substring}; "timeline_events": the exact list of "label:id", in order;
- "answer_states" / "answer_values" / "answer_display" / "answer_notes":
  {question id: state / JSON value / exact display / substring of note};
- "steps": the exact list of next-step ids; "step_texts": {id: substring}.
"""

import json
import pathlib

import pytest

import checker

from .contract import CONTRACT_IDS

CASES = json.loads((pathlib.Path(__file__).resolve().parents[1] / "cases.json").read_text(encoding="utf-8"))


def run_case(case: dict) -> dict:
    if "query" in case:
        return checker.evaluate_query(case["query"], case["lang"])
    return checker.evaluate(case["answers"], case["lang"])


def check_case(case: dict) -> None:
    result = run_case(case)
    json.dumps(result, allow_nan=False)
    exp = case["expect"]
    if "errors" in exp:
        assert "verdict" not in result
        assert [e["field"] for e in result["errors"]] == exp["errors"]
        for e in result["errors"]:
            assert isinstance(e["message"], str) and e["message"]
        msgs = {e["field"]: e["message"] for e in result["errors"]}
        for field, text in exp.get("error_messages", {}).items():
            assert text in msgs[field], (field, msgs[field])
        return
    assert "errors" not in result, result.get("errors")
    assert result["verdict"] == exp["verdict"]
    assert result["lang"] == case["lang"]
    assert [c["id"] for c in result["criteria"]] == CONTRACT_IDS
    by_id = {c["id"]: c for c in result["criteria"]}
    advice = {a["id"]: a for a in result["advice"]}
    answers = {a["id"]: a for a in result["answers"]}
    for cid, status in exp.get("criteria", {}).items():
        assert by_id[cid]["status"] == status, cid
    for aid, status in exp.get("advice", {}).items():
        assert advice[aid]["status"] == status, aid
    for aid, label in exp.get("advice_labels", {}).items():
        assert advice[aid]["status_label"] == label, aid
    for cid, text in exp.get("messages", {}).items():
        assert text in by_id[cid]["message"], (cid, by_id[cid]["message"])
    for cid, text in exp.get("next_steps", {}).items():
        assert text in by_id[cid]["next_step"], (cid, by_id[cid]["next_step"])
    for cid in exp.get("next_step_null", []):
        assert by_id[cid]["status"] == "met" and by_id[cid]["next_step"] is None, cid
    for aid, text in exp.get("advice_messages", {}).items():
        assert text in advice[aid]["message"], (aid, advice[aid]["message"])
    for qid, state in exp.get("answer_states", {}).items():
        assert answers[qid]["state"] == state, (qid, answers[qid])
    for qid, value in exp.get("answer_values", {}).items():
        assert answers[qid]["value"] == value, (qid, answers[qid])
    for qid, display in exp.get("answer_display", {}).items():
        assert answers[qid]["display"] == display, (qid, answers[qid])
    for qid, text in exp.get("answer_notes", {}).items():
        assert text in answers[qid]["note"], (qid, answers[qid])
    steps = {s["id"]: s for s in result["next_steps"]}
    if "steps" in exp:
        assert [s["id"] for s in result["next_steps"]] == exp["steps"]
    for sid, text in exp.get("step_texts", {}).items():
        assert text in steps[sid]["text"], (sid, steps[sid]["text"])
    if "timeline" in exp:
        if exp["timeline"] is None:
            assert result["timeline"] is None
        else:
            for path, value in exp["timeline"].items():
                node = result["timeline"]
                for part in path.split("."):
                    node = node[part]
                assert node == value, path
    notes = {n["id"]: n["text"] for n in (result["timeline"] or {}).get("notes", [])}
    if "timeline_notes" in exp:
        assert list(notes) == exp["timeline_notes"]
    for nid, text in exp.get("note_texts", {}).items():
        assert text in notes[nid], (nid, notes[nid])
    if "timeline_events" in exp:
        assert [f"{e['label']}:{e['id']}" for e in result["timeline"]["events"]] == exp["timeline_events"]


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
    assert any("query" in c for c in CASES) and any("answers" in c for c in CASES)
    question_ids = {q["id"] for q in checker.questions("en")}
    assert question_ids - {"majority_companies", "thematic_focus", "members_named_publicly"} <= error_fields
    assert None in error_fields and "lang" in error_fields


def test_case_table_is_strict_json(root):
    # No NaN/Infinity: a Node runner parses it with JSON.parse.
    text = (root / "tests" / "cases.json").read_text(encoding="utf-8")
    json.loads(text, parse_constant=lambda c: pytest.fail(f"non-standard JSON constant {c}"))
