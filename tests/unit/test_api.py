"""Shape of the public API the site and the Web Worker code against."""

import hashlib
import json
import re
import typing
from decimal import Decimal

import pytest

import checker
from checker import _types
from checker._text import fmt_date, fmt_eur, fmt_number

from . import contract


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_questions(lang):
    qs = checker.questions(lang)
    ids = [q["id"] for q in qs]
    assert len(ids) == len(set(ids))
    assert {
        "management_fte",
        "committed_members",
        "member_types",
        "public_collaboration",
        "english_website",
        "activity_evidence",
        "eccp_profile",
        "policy_recognition",
        "bronze_benchmarking",
        "bronze_interview_month",
        "bronze_previous_valid_until",
        "silver_assessment_month",
    } <= set(ids)
    group_order = [g["id"] for g in checker.groups(lang)]
    assert [q["group"] for q in qs] == sorted((q["group"] for q in qs), key=group_order.index)
    for q in qs:
        assert set(q) == {
            "id",
            "group",
            "group_title",
            "type",
            "short",
            "label",
            "hint",
            "min",
            "max",
            "step",
            "example",
            "options",
            "ask_if",
        }
        assert q["type"] in ("number", "integer", "boolean", "choice", "multi", "month")
        assert q["label"] and q["hint"] and q["group_title"]
        if q["type"] in ("choice", "multi", "boolean"):
            assert q["options"] and all(set(o) == {"value", "label"} for o in q["options"])
        else:
            assert q["options"] is None
        if q["type"] == "number":
            assert q["min"] == 0 and q["step"] and q["example"]
        if q["type"] == "integer":
            assert q["step"] == 1 and q["example"]
    types = next(q for q in qs if q["id"] == "member_types")
    assert [o["value"] for o in types["options"]] == ["business", "research", "public", "civil_society", "other"]
    eccp = next(q for q in qs if q["id"] == "eccp_profile")
    assert [o["value"] for o in eccp["options"]] == ["validated", "pending", "none"]
    previous = next(q for q in qs if q["id"] == "bronze_previous_valid_until")
    assert previous["ask_if"] == {"field": "bronze_benchmarking", "equals": "renewal"}
    assert ids.index("bronze_benchmarking") < ids.index("bronze_interview_month") < ids.index(previous["id"])
    json.dumps(qs, allow_nan=False)


def test_languages_differ_but_structure_matches():
    fi, en = checker.questions("fi"), checker.questions("en")
    assert [q["id"] for q in fi] == [q["id"] for q in en]
    assert all(a["label"] != b["label"] for a, b in zip(fi, en, strict=True))


def test_ui_texts():
    for lang in ("fi", "en"):
        ui = checker.ui_texts(lang)
        assert set(ui["status"]) == {"met", "not_met", "unknown", "waived"}
        assert set(ui["verdict"]) == {"eligible", "not_eligible", "incomplete"}
        assert set(ui["advice_status"]) == {"met", "not_met", "unknown"}
        assert ui["advice_status"]["not_met"] != ui["status"]["not_met"]
        assert set(ui["answer_state"]) == {"answered", "unknown", "not_used"}
        assert all(isinstance(v, str) for v in ui.values() if not isinstance(v, dict))


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_result_shape(lang):
    r = checker.evaluate({"bronze_interview_month": "2025-11", "committed_members": 3}, lang)
    assert set(r) == set(checker.Result.__annotations__) == contract.RESULT_KEYS
    assert set(checker.ErrorResult.__annotations__) == contract.ERROR_RESULT_KEYS
    assert set(checker.Criterion.__annotations__) - {"explanation"} == contract.CRITERION_KEYS
    for c in r["criteria"] + r["advice"]:
        assert set(c) - {"explanation"} == contract.CRITERION_KEYS
        assert set(c["source"]) >= {"id", "url", "title", "title_lang", "accessed"}
    assert all(c["kind"] == "required" and c["required"] for c in r["criteria"])
    assert all(a["kind"] == "advisory" and a["required"] is False for a in r["advice"])
    for a in r["answers"]:
        assert set(a) == set(checker.Answer.__annotations__) == contract.ANSWER_KEYS
    for step in r["next_steps"]:
        assert set(step) == contract.NEXT_STEP_KEYS and all(
            set(link) == {"url", "title", "title_lang"} for link in step["links"]
        )
    nl = r["next_labels"]
    assert set(nl) == {"labels", "fees"}
    assert [label["id"] for label in nl["labels"]] == ["silver", "gold"]
    assert nl["fees"]["date"] is None and nl["fees"]["vat_included"] is False
    fees = {f["id"]: f["amount_eur"] for f in checker.rules_data()["fees"]["items"]}
    assert {f["id"]: f["amount_eur"] for f in nl["fees"]["items"]} == fees
    silver = nl["labels"][0]
    assert len(silver["requirements"]) == len(checker.rules_data()["labels"]["silver"]["requirements"][lang])
    tl = r["timeline"]
    assert set(tl) == set(checker.Timeline.__annotations__) == contract.TIMELINE_KEYS
    for event in tl["events"]:
        assert set(event) == set(checker.TimelineEvent.__annotations__) == contract.TIMELINE_EVENT_KEYS
    for note in tl["notes"]:
        assert set(note) == contract.TIMELINE_NOTE_KEYS and note["source"]["url"].startswith("https://")
    json.dumps(r, allow_nan=False)


def test_evaluate_does_not_mutate_answers():
    answers = {"member_types": ["public", "business"], "committed_members": 15.0}
    before = json.dumps(answers)
    checker.evaluate(answers, "fi")
    assert json.dumps(answers) == before


def test_validate():
    assert checker.validate({}, "fi") == []
    assert checker.validate({"committed_members": 15}, "en") == []
    errs = checker.validate({"committed_members": True, "x": 1}, "en")
    assert [e["field"] for e in errs] == ["committed_members", "x"]
    assert checker.validate([], "fi")[0]["field"] is None
    assert checker.validate({}, "xx")[0]["field"] == "lang"


def test_error_messages_are_in_the_visitors_language_and_say_how_to_fix():
    fi = checker.evaluate({"committed_members": "15 kpl"}, "fi")["errors"][0]["message"]
    en = checker.evaluate({"committed_members": "15 pcs"}, "en")["errors"][0]["message"]
    assert "Kirjoita pelkkä luku" in fi and "esimerkiksi 20" in fi
    assert "Write just the number" in en and "for example 20" in en
    fi = checker.evaluate({"management_fte": "20 %"}, "fi")["errors"][0]["message"]
    en = checker.evaluate({"management_fte": "about 8"}, "en")["errors"][0]["message"]
    assert "esimerkiksi 0,5" in fi and "for example 0.5" in en


def test_lang_error_is_english():
    r = checker.evaluate({}, "sv")
    assert r == {
        "errors": [{"field": "lang", "message": "Unknown language “sv”; use “fi” or “en”."}],
        "lang": "en",
        "rules_version": checker.RULES_VERSION,
    }


def test_waiver_object():
    r = checker.evaluate({"policy_recognition": True, "committed_members": 3, "eccp_profile": "none"}, "en")
    w = r["waiver"]
    assert w["claimed"] is True and "committed_members" in w["applied_to"]
    assert "eccp_profile" not in w["applied_to"] and "ESCA benchmarking" in w["message"]
    assert r["verdict"] == "not_eligible"


def test_pending_profile_is_never_eligible():
    answers = {
        "management_fte": 1,
        "committed_members": 20,
        "member_types": ["business", "public"],
        "english_website": True,
        "activity_evidence": True,
        "eccp_profile": "pending",
        "policy_recognition": True,
    }
    r = checker.evaluate(answers, "fi")
    assert r["verdict"] == "incomplete"


def test_number_formatting():
    assert fmt_number(0.5, "fi") == "0,5" and fmt_number(0.5, "en") == "0.5"
    assert fmt_number(Decimal("0.30"), "en") == "0.3"
    assert fmt_number(15.0, "fi") == "15"
    assert fmt_number(1e-12, "en") == "0.000000000001"  # exact: never "0" nor an exponent
    assert fmt_number(Decimal("0.00000000001"), "fi") == "0,00000000001"
    assert fmt_number(-0.0, "fi") == "0"
    assert fmt_number(1000000, "en") == "1,000,000"
    assert fmt_eur(2250, "fi") == "2\u00a0250\u00a0€" and fmt_eur(2250, "en") == "EUR\u00a02,250"
    assert fmt_date("2026-11-27", "fi") == "27.11.2026" and fmt_date("2026-11-27", "en") == "27 November 2026"


def test_finnish_timeline_words():
    tl = checker.evaluate({"bronze_interview_month": "2025-11"}, "fi")["timeline"]
    texts = {e["id"]: e for e in tl["events"]}
    assert texts["valid_until"]["month_label"] == "marraskuu 2027"
    assert "(marraskuu 2027)" in texts["valid_until"]["text"]
    assert "marraskuu 2025" in texts["interview"]["text"]
    assert "marraskuun 2030 aikana" in texts["valid_until_if_renewed"]["text"]
    en = checker.evaluate({"bronze_interview_month": "2025-11"}, "en")["timeline"]
    assert en["events"][0]["month_label"] == "November 2025"


def test_lang_is_validated_for_every_entry_point():
    assert checker.evaluate_query("", "sv")["errors"][0]["field"] == "lang"
    assert checker.questions("sv") == checker.questions("en")
    assert checker.ui_texts(None) == checker.ui_texts("en")


def test_rules_version_is_version_plus_content_hash(root):
    raw = (root / "checker" / "rules.toml").read_bytes()
    version = checker.rules_data()["version"]
    assert f"{version}+{hashlib.sha256(raw).hexdigest()[:12]}" == checker.RULES_VERSION
    assert checker.evaluate({}, "fi")["rules_version"] == checker.RULES_VERSION
    assert checker.evaluate([], "en")["rules_version"] == checker.RULES_VERSION


def test_the_pages_result_types_name_only_fields_the_engine_gives(root):
    """result.d.ts (the result as checker.js reads it, for TypeScript's check)
    names only fields of checker/_types.py, optional exactly where they are
    there; `name?: undefined` declares a field absent (the errors of a Result)."""
    declared = (root / "scripts/sitebuild/browser/result.d.ts").read_text(encoding="utf-8")
    interfaces = re.findall(r"^export interface (\w+) \{\n(.*?)^\}", declared, re.DOTALL | re.MULTILINE)
    assert {name for name, _ in interfaces} >= {"Result", "ErrorResult", "Criterion", "Answer", "NextLabels"}
    for name, body in interfaces:
        hints = typing.get_type_hints(getattr(_types, name), include_extras=True)
        for field, optional, kind in re.findall(r"^\s+(\w+)(\??): ([^;]+);$", body, re.MULTILINE):
            if kind == "undefined":
                assert field not in hints, f"{name}.{field}"
                continue
            assert field in hints, f"{name}.{field} is not in checker/_types.py"
            assert bool(optional) == (typing.get_origin(hints[field]) is typing.NotRequired), f"{name}.{field}"
