"""Validation of the rules data (``rules.toml``) when it is loaded.

The engine trusts the rules file completely, so the file is checked once,
on load, for everything the engine relies on: the rule kinds and question
types it knows, a text in Finnish and English for every text, a message for
every case a rule can produce, sources, fields and waiver ids that exist, and
placeholders that the engine fills for that text. A broken file raises
:class:`RulesError`, whose message names the file and the place::

    rules.toml: criteria[2] (member_diversity) rule.kind: unknown kind 'at_lest'

so the site build fails on it instead of every visitor getting "unexpected
error". All problems found are reported, one per line.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

LANGS = ("fi", "en")

QUESTION_TYPES = ("number", "integer", "boolean", "choice", "multi", "month")
STATUSES = ("met", "not_met", "unknown")
VERDICTS = ("eligible", "not_eligible", "incomplete")

# Placeholders the engine fills, per kind of text.
RULE_PLACEHOLDERS = {
    "at_least": {"value", "threshold", "missing"},
    "distinct_at_least": {"value", "threshold", "missing", "types_paren"},
    "is_true": set(),
    "choice": set(),
    "any_of": set(),
}
ERROR_PLACEHOLDERS: dict[str, set[str]] = {
    "not_object": {"got"},
    "not_query": {"got"},
    "unknown_field": {"got"},
    "duplicate_field": {"short"},
    "too_many_fields": {"max_fields"},
    "more_errors": {"count"},
    "number_type": {"short", "example"},
    "number_format": {"short", "got", "example"},
    "number_ambiguous": {"short", "got", "whole", "decimal", "whole_plain", "decimal_plain"},
    "number_ambiguous_integer": {"short", "got", "whole", "decimal", "whole_plain", "decimal_plain"},
    "not_finite": {"short", "example"},
    "integer_type": {"short", "example"},
    "below_min": {"short", "min"},
    "above_max": {"short", "max"},
    "boolean_type": {"short"},
    "choice_type": {"short", "options"},
    "multi_type": {"short", "options"},
    "multi_item": {"short", "options"},
    "multi_duplicate": {"short", "got"},
    "month_type": {"short"},
    "month_range": {"short", "min", "max"},
    "invalid_json": {"line", "col"},
    "unreadable_json": set(),
    "not_utf8": set(),
    "unreadable_file": {"got"},
    "unreadable_stdin": set(),
    "bad_argument": {"got"},
    "internal": set(),
}
CLI_PLACEHOLDERS: dict[str, set[str]] = {
    "usage": set(),
    "help": set(),
    "unknown_option": {"got", "usage"},
    "missing_value": {"option", "usage"},
    "bad_lang": {"got", "usage"},
    "bad_format": {"got", "usage"},
    "extra_argument": {"got", "usage"},
    "output_failed": {"got"},
}
UI_KEYS = (
    "status.met",
    "status.not_met",
    "status.unknown",
    "status.waived",
    "verdict.eligible",
    "verdict.not_eligible",
    "verdict.incomplete",
    "advice_status.met",
    "advice_status.not_met",
    "advice_status.unknown",
    "answer_state.answered",
    "answer_state.unknown",
    "answer_state.not_used",
    "required",
    "advisory",
    "yes",
    "no",
    "dont_know",
    "none_selected",
    "next_step",
    "source",
    "sources",
    "criteria_heading",
    "advice_heading",
    "answers_heading",
    "next_steps_heading",
    "timeline_heading",
    "next_labels_heading",
    "result_heading",
    "rules_version",
    "errors_heading",
)
NOTES_PLACEHOLDERS: dict[str, set[str]] = {
    "not_checked": set(),
    "seen": {"date"},
    "published": {"date"},
    "table_criterion": set(),
    "table_kind": set(),
    "table_threshold": set(),
    "table_source": set(),
}


def _months(*names: str) -> set[str]:
    return {n for name in names for n in (name, f"{name}_gen")}


MONTH_WORDS = {"month_nom", "month_gen"}
BRONZE_EVENTS = (
    "interview",
    "renewal_interview",
    "previous_valid_until",
    "silver_window_from",
    "valid_until",
    "renewed_valid_until",
    "silver_window_to",
    "renew_by",
    "valid_until_if_renewed",
)
SILVER_EVENTS = ("assessment", "valid_until", "renew_by")
BRONZE_NUMBERS = (
    "validity_months",
    "renewal_grace_months",
    "renewal_extension_months",
    "silver_window_from_months",
    "silver_window_to_months",
)
SILVER_NUMBERS = ("validity_months", "renewal_grace_months")
TIMELINE_NOTES: dict[str, set[str]] = {
    "interpretation": set(),
    "renewal_rule": set(),
    "article_difference": set(),
    "first_assumed": {"question"},
    "first_assumed_with_previous": {"question"} | MONTH_WORDS,
    "renewal_missing_previous": {"question"},
    "renewal_late": _months("interview", "deadline"),
    "silver_outside_window": _months("silver", "bronze", "window_from", "window_to"),
    "silver_interpretation": set(),
}
# The answers the timeline reads, with the type (and options) it expects.
TIMELINE_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "bronze_benchmarking": ("choice", ("first", "renewal")),
    "bronze_interview_month": ("month", ()),
    "bronze_previous_valid_until": ("month", ()),
    "silver_assessment_month": ("month", ()),
}
ANSWER_NOTES = {
    "bronze_previous_valid_until": ("first", "no_interview"),
    "bronze_benchmarking": ("no_months",),
}
NEXT_STEP_PLACEHOLDERS = {"failed", "open"}
# `when.timeline` values, with the month placeholders each makes available.
NEXT_STEP_TIMELINE_VALUES: dict[str, set[str]] = {
    "bronze_renew_by": _months("renew_by", "renewed_until"),
    "silver_window": _months("window_from", "window_to"),
    "silver_renew_by": _months("silver_renew_by"),
}
NEXT_STEP_WHEN_KEYS = ("verdict", "status", "waiver_applied", "timeline")

_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
_DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_MONTH_RE = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_FORMATTER = string.Formatter()
_ITEM_DOT = re.compile(r"(\[\d+\] \([^()]*\))\.")


class RulesError(ValueError):
    """The rules file is broken. ``problems`` lists each problem as
    "<file>: <place>: <what is wrong>"; ``str()`` joins them, one a line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _describe(v: object) -> str:
    text = repr(v)
    return text if len(text) <= 60 else text[:59] + "…"


class _Validator:
    """Walks the data; each check records "<place>: <problem>"."""

    def __init__(self, data: Any, name: str) -> None:
        self.data = data
        self.name = name
        self.problems: list[str] = []
        self.questions: dict[str, dict[str, Any]] = {}
        self.sources: set[str] = set()
        self.criteria_ids: list[str] = []

    # -- primitives ---------------------------------------------------------

    def err(self, place: str, problem: str) -> None:
        place = _ITEM_DOT.sub(r"\1 ", place)  # "criteria[2] (member_diversity) rule.kind"
        self.problems.append(f"{self.name}: {place}: {problem}")

    def table(self, node: Any, place: str) -> bool:
        if isinstance(node, dict):
            return True
        self.err(place, f"must be a table, not {_describe(node)}")
        return False

    def list_of_tables(self, node: Any, place: str) -> list[dict[str, Any]]:
        if not isinstance(node, list) or not all(isinstance(x, dict) for x in node):
            self.err(place, "must be a list of tables ([[...]])")
            return []
        return node

    def get(self, node: Mapping[str, Any], key: str, place: str) -> Any:
        if key not in node:
            self.err(place, f"missing key '{key}'")
            return None
        return node[key]

    def only_keys(self, node: Mapping[str, Any], allowed: Iterable[str], place: str) -> None:
        allowed = set(allowed)
        for key in node:
            if key not in allowed:
                self.err(place, f"unknown key '{key}' (expected one of: {', '.join(sorted(allowed))})")

    def placeholders(self, text: str, allowed: AbstractSet[str], place: str) -> None:
        try:
            fields = [f for _, f, _, _ in _FORMATTER.parse(text) if f is not None]
        except ValueError:
            self.err(place, "malformed placeholder: a { without its } (write a literal brace as {{ or }})")
            return
        for name in fields:
            if name not in allowed:
                what = ", ".join("{" + a + "}" for a in sorted(allowed)) or "none"
                self.err(place, f"unknown placeholder {{{name}}} (the engine fills here: {what})")

    def text(self, node: Any, place: str, allowed: AbstractSet[str] = frozenset(), plural: bool = False) -> None:
        """A {fi, en} text; with `plural`, each language may be a table
        {one, other} (optionally with count = "missing" | "value")."""
        if not isinstance(node, dict):
            self.err(place, f"must be a text table {{ fi = ..., en = ... }}, not {_describe(node)}")
            return
        for lang in LANGS:
            if lang not in node:
                self.err(place, f"missing the '{lang}' text")
                continue
            value = node[lang]
            where = f"{place}.{lang}"
            if plural and isinstance(value, dict):
                self.only_keys(value, ("one", "other", "count"), where)
                if value.get("count", "missing") not in ("missing", "value"):
                    self.err(f"{where}.count", "must be 'missing' or 'value'")
                for form in ("one", "other"):
                    if form not in value:
                        self.err(where, f"missing the plural form '{form}'")
                    else:
                        self.string(value[form], f"{where}.{form}", allowed)
            else:
                self.string(value, where, allowed)
        for key in node:
            if key not in LANGS:
                self.err(place, f"unknown language '{key}' (expected fi and en)")

    def string(self, value: Any, place: str, allowed: AbstractSet[str]) -> None:
        if not isinstance(value, str) or not value.strip():
            self.err(place, "must be a non-empty text")
            return
        self.placeholders(value, allowed, place)

    def known_sources(self, sids: list[Any], place: str) -> None:
        for sid in sids:
            if sid not in self.sources:
                self.err(place, f"unknown source '{sid}'")

    def source(self, node: Mapping[str, Any], key: str, place: str) -> None:
        sid = self.get(node, key, place)
        if sid is not None:
            self.known_sources([sid], f"{place}.{key}")

    def source_list(self, node: Mapping[str, Any], key: str, place: str) -> None:
        sids = self.get(node, key, place)
        if sids is None:
            return
        if not isinstance(sids, list) or not sids or len(set(map(str, sids))) != len(sids):
            self.err(f"{place}.{key}", "must be a list of different source ids, at least one")
            return
        self.known_sources(sids, f"{place}.{key}")

    def question_ref(self, qid: Any, place: str, types: tuple[str, ...]) -> dict[str, Any] | None:
        q = self.questions.get(qid) if isinstance(qid, str) else None
        if q is None:
            self.err(place, f"unknown question '{qid}'")
            return None
        if q.get("type") not in types:
            self.err(place, f"question '{qid}' is of type '{q.get('type')}', expected {' or '.join(types)}")
            return None
        return q

    def unique_ids(self, items: list[dict[str, Any]], section: str) -> list[str]:
        seen: list[str] = []
        for i, item in enumerate(items):
            iid = item.get("id")
            if not isinstance(iid, str) or not _ID_RE.fullmatch(iid):
                self.err(
                    f"{section}[{i}].id", f"must be an id of lower-case letters, digits and _, not {_describe(iid)}"
                )
            elif iid in seen:
                self.err(f"{section}[{i}].id", f"duplicate id '{iid}'")
            else:
                seen.append(iid)
        return seen

    # -- sections -----------------------------------------------------------

    def run(self) -> None:
        d = self.data
        if not self.table(d, "top level"):
            return
        version = d.get("version")
        if not isinstance(version, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", version):
            self.err("version", f"must be a date YYYY-MM-DD, not {_describe(version)}")
        required = (
            "sources",
            "ui",
            "summary",
            "groups",
            "questions",
            "criteria",
            "advisory",
            "waiver",
            "notes",
            "timeline",
            "answer_notes",
            "next_steps",
            "labels",
            "fees",
            "errors",
            "cli",
            "months",
        )
        missing = [k for k in required if k not in d]
        for key in missing:
            self.err("top level", f"missing section '{key}'")
        if missing:
            return
        self.check_sources()
        self.check_ui()
        self.check_summary()
        self.check_questions()
        self.check_items()
        self.check_waiver()
        self.check_notes()
        self.check_timeline()
        self.check_answer_notes()
        self.check_next_steps()
        self.check_labels()
        self.check_fees()
        self.check_messages("errors", ERROR_PLACEHOLDERS)
        self.check_messages("cli", CLI_PLACEHOLDERS)
        self.check_type_names()
        self.check_month_names()

    def check_sources(self) -> None:
        items = self.list_of_tables(self.data["sources"], "sources")
        self.sources = set(self.unique_ids(items, "sources"))
        for i, s in enumerate(items):
            place = f"sources[{i}] ({s.get('id')})"
            url = self.get(s, "url", place)
            if url is not None and (not isinstance(url, str) or not re.fullmatch(r"https://\S+", url)):
                self.err(f"{place}.url", f"must be an https:// address, not {_describe(url)}")
            for key in ("title", "says"):
                value = self.get(s, key, place)
                if value is not None and (not isinstance(value, str) or not value.strip()):
                    self.err(f"{place}.{key}", "must be a non-empty text")
            if self.get(s, "title_lang", place) not in (None, *LANGS):
                self.err(f"{place}.title_lang", f"must be the title's language, one of: {', '.join(LANGS)}")
            if self.get(s, "marker", place) not in (None, "confirmed", "article-only"):
                self.err(f"{place}.marker", "must be 'confirmed' or 'article-only'")
            for key in ("accessed", "published", "content_date"):
                if key in s and (not isinstance(s[key], str) or not _DATE_RE.fullmatch(s[key])):
                    self.err(f"{place}.{key}", f"must be a date YYYY-MM-DD (or YYYY), not {_describe(s[key])}")
            if "accessed" not in s or not isinstance(s["accessed"], str) or len(s["accessed"]) != 10:
                self.err(place, "needs 'accessed' as a full date YYYY-MM-DD")

    def check_ui(self) -> None:
        ui = self.data["ui"]
        if not self.table(ui, "ui"):
            return
        for key in UI_KEYS:
            node: Any = ui
            for part in key.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                self.err("ui", f"missing text '{key}'")

        def walk(node: Any, place: str) -> None:
            if isinstance(node, dict) and not set(node) & set(LANGS):
                for key, value in node.items():
                    walk(value, f"{place}.{key}")
            else:
                self.text(node, place)

        walk(ui, "ui")

    def check_summary(self) -> None:
        s = self.data["summary"]
        if not self.table(s, "summary"):
            return
        self.text(self.get(s, "eligible", "summary"), "summary.eligible")
        self.text(self.get(s, "waived_note", "summary"), "summary.waived_note")
        for verdict in ("not_eligible", "incomplete"):
            self.text(self.get(s, verdict, "summary"), f"summary.{verdict}", {"names"}, plural=True)

    def check_questions(self) -> None:
        groups = self.list_of_tables(self.data["groups"], "groups")
        group_ids = self.unique_ids(groups, "groups")
        for i, g in enumerate(groups):
            self.text(self.get(g, "title", f"groups[{i}]"), f"groups[{i}] ({g.get('id')}).title")
        items = self.list_of_tables(self.data["questions"], "questions")
        ids = self.unique_ids(items, "questions")
        self.questions = {q["id"]: q for q in items if q.get("id") in ids}
        for i, q in enumerate(items):
            self.check_question(q, f"questions[{i}] ({q.get('id')})", group_ids)
        for qid, (qtype, options) in TIMELINE_FIELDS.items():
            tq = self.question_ref(qid, "timeline", (qtype,))
            if tq is not None and options:
                values = tuple(o.get("value") for o in tq.get("options", []))
                if values != options:
                    self.err(f"questions ({qid}).options", f"the timeline reads exactly the options {list(options)}")

    def check_question(self, q: dict[str, Any], place: str, group_ids: list[str]) -> None:
        qtype = self.get(q, "type", place)
        if qtype not in QUESTION_TYPES:
            self.err(f"{place}.type", f"unknown type {_describe(qtype)} (expected one of: {', '.join(QUESTION_TYPES)})")
            return
        if self.get(q, "group", place) not in (None, *group_ids):
            self.err(f"{place}.group", f"unknown group '{q['group']}'")
        for key in ("short", "label", "hint"):
            self.text(self.get(q, key, place), f"{place}.{key}")
        own_keys = QUESTION_CHECKS[qtype](self, q, place, qtype)
        self.only_keys(q, {"id", "group", "type", "short", "label", "hint", "ask_if", *own_keys}, place)
        if "ask_if" in q:
            self.check_ask_if(q["ask_if"], f"{place}.ask_if")

    def _number_question(self, q: dict[str, Any], place: str, qtype: str) -> tuple[str, ...]:
        keys = ("min", "max", "step", "example")
        bounds = [self.get(q, k, place) for k in keys]
        if not all(_is_number(b) for b in bounds):
            self.err(place, "min, max, step and example must be numbers")
            return keys
        lo, hi, step, example = bounds
        if not lo <= example <= hi:
            self.err(f"{place}.example", f"must lie between min {lo} and max {hi}")
        if step <= 0:
            self.err(f"{place}.step", "must be above 0")
        if qtype == "integer" and not all(isinstance(b, int) for b in bounds):
            self.err(place, "an integer question needs whole numbers for min, max, step and example")
        return keys

    def _month_question(self, q: dict[str, Any], place: str, qtype: str) -> tuple[str, ...]:
        lo, hi = self.get(q, "min", place), self.get(q, "max", place)
        if not all(isinstance(b, str) and _MONTH_RE.fullmatch(b) for b in (lo, hi)) or lo > hi:
            self.err(place, "min and max must be months YYYY-MM, min not after max")
        return ("min", "max")

    def _options_question(self, q: dict[str, Any], place: str, qtype: str) -> tuple[str, ...]:
        options = self.list_of_tables(self.get(q, "options", place), f"{place}.options")
        if not options:
            self.err(f"{place}.options", "needs at least one option")
        values: list[Any] = []
        for j, o in enumerate(options):
            where = f"{place}.options[{j}]"
            self.only_keys(o, ("value", "label", "short"), where)
            value = self.get(o, "value", where)
            if not isinstance(value, str) or not _ID_RE.fullmatch(value):
                self.err(f"{where}.value", f"must be an id of lower-case letters, digits and _, not {_describe(value)}")
            elif value in values:
                self.err(f"{where}.value", f"duplicate option '{value}'")
            values.append(value)
            self.text(self.get(o, "label", where), f"{where}.label")
            if "short" in o:
                self.text(o["short"], f"{where}.short")
        return ("options",)

    def _boolean_question(self, q: dict[str, Any], place: str, qtype: str) -> tuple[str, ...]:
        return ()

    def check_ask_if(self, cond: Any, place: str) -> None:
        """A question asked only when a choice or yes/no question has one of its values."""
        if not self.table(cond, place):
            return
        self.only_keys(cond, ("field", "equals"), place)
        other = self.question_ref(cond.get("field"), f"{place}.field", ("choice", "boolean"))
        if other is not None:
            ok = [o["value"] for o in other.get("options", [])] or [True, False]
            if cond.get("equals") not in ok:
                self.err(f"{place}.equals", f"must be one of {ok}")

    def check_items(self) -> None:
        criteria = self.list_of_tables(self.data["criteria"], "criteria")
        advisory = self.list_of_tables(self.data["advisory"], "advisory")
        self.criteria_ids = self.unique_ids(criteria, "criteria")
        for aid in self.unique_ids(advisory, "advisory"):
            if aid in self.criteria_ids:
                self.err("advisory", f"id '{aid}' is also a criterion id")
        for section, items in (("criteria", criteria), ("advisory", advisory)):
            for i, item in enumerate(items):
                self.check_item(item, f"{section}[{i}] ({item.get('id')})")

    def check_item(self, item: dict[str, Any], place: str) -> None:
        self.only_keys(
            item, ("id", "source", "rule", "name", "threshold_text", "explanation", "messages", "next_step"), place
        )
        self.source(item, "source", place)
        self.text(self.get(item, "name", place), f"{place}.name")
        rule = self.get(item, "rule", place)
        produced = self.check_rule(rule, f"{place}.rule") if self.table(rule, f"{place}.rule") else None
        kind = rule.get("kind") if isinstance(rule, dict) else None
        tctx = {"threshold"} if isinstance(rule, dict) and "threshold" in rule else set()
        self.text(self.get(item, "threshold_text", place), f"{place}.threshold_text", tctx)
        if "explanation" in item:
            self.text(item["explanation"], f"{place}.explanation", tctx)
        if produced is None:
            return
        allowed = RULE_PLACEHOLDERS.get(kind, set()) if isinstance(kind, str) else set()
        known = {case for case, _ in produced} | {status for _, status in produced}
        for key, required in (("messages", True), ("next_step", False)):
            texts = self.get(item, key, place) if required else item.get(key, {})
            if not self.table(texts, f"{place}.{key}"):
                continue
            for case, text in texts.items():
                if case not in known:
                    self.err(
                        f"{place}.{key}.{case}",
                        f"the rule never produces the case '{case}' (it produces: {', '.join(sorted(known))})",
                    )
                else:
                    self.text(text, f"{place}.{key}.{case}", allowed, plural=True)
            if required:
                for case, status in produced:
                    if case not in texts and status not in texts:
                        self.err(f"{place}.{key}", f"no text for the case '{case}' (status '{status}')")

    def check_rule(self, rule: dict[str, Any], place: str) -> list[tuple[str, str]] | None:
        """Validate a rule; returns the (case, status) pairs it can produce."""
        kind = self.get(rule, "kind", place)
        check = RULE_KINDS.get(kind) if isinstance(kind, str) else None
        if check is None:
            self.err(f"{place}.kind", f"unknown kind {_describe(kind)} (expected one of: {', '.join(RULE_KINDS)})")
            return None
        return check(self, rule, place)

    def _threshold_rule(self, rule: dict[str, Any], place: str, types: tuple[str, ...]) -> list[tuple[str, str]] | None:
        self.only_keys(rule, ("kind", "field", "threshold"), place)
        q = self.question_ref(self.get(rule, "field", place), f"{place}.field", types)
        threshold = self.get(rule, "threshold", place)
        if threshold is not None and (not _is_number(threshold) or threshold < 0):
            self.err(f"{place}.threshold", f"must be a number of at least 0, not {_describe(threshold)}")
        elif q is not None and "max" in q and _is_number(q["max"]) and _is_number(threshold) and threshold > q["max"]:
            self.err(f"{place}.threshold", f"is above the question's max {q['max']}: the rule could never be met")
        return [("met", "met"), ("not_met", "not_met"), ("unknown", "unknown")]

    def _at_least(self, rule: dict[str, Any], place: str) -> list[tuple[str, str]] | None:
        return self._threshold_rule(rule, place, ("number", "integer"))

    def _distinct_at_least(self, rule: dict[str, Any], place: str) -> list[tuple[str, str]] | None:
        return self._threshold_rule(rule, place, ("multi",))

    def _is_true(self, rule: dict[str, Any], place: str) -> list[tuple[str, str]] | None:
        self.only_keys(rule, ("kind", "field"), place)
        self.question_ref(self.get(rule, "field", place), f"{place}.field", ("boolean",))
        return [("met", "met"), ("not_met", "not_met"), ("unknown", "unknown")]

    def _choice(self, rule: dict[str, Any], place: str) -> list[tuple[str, str]] | None:
        self.only_keys(rule, ("kind", "field", "cases"), place)
        q = self.question_ref(self.get(rule, "field", place), f"{place}.field", ("choice",))
        cases = self.get(rule, "cases", place)
        if q is None or not self.table(cases, f"{place}.cases"):
            return None
        values = [o.get("value") for o in q.get("options", [])]
        produced = [("unknown", "unknown")]
        for value in values:
            if value not in cases:
                self.err(f"{place}.cases", f"no status for the option '{value}'")
            elif cases[value] not in STATUSES:
                self.err(f"{place}.cases.{value}", f"must be one of: {', '.join(STATUSES)}")
            else:
                produced.append((value, cases[value]))
        for key in cases:
            if key not in values:
                self.err(f"{place}.cases.{key}", f"'{key}' is not an option of '{q['id']}'")
        return produced

    def _any_of(self, rule: dict[str, Any], place: str) -> list[tuple[str, str]] | None:
        self.only_keys(rule, ("kind", "conditions"), place)
        conditions = self.list_of_tables(self.get(rule, "conditions", place), f"{place}.conditions")
        if not conditions:
            self.err(f"{place}.conditions", "needs at least one condition")
        produced = [("not_met", "not_met"), ("unknown", "unknown")]
        for j, cond in enumerate(conditions):
            where = f"{place}.conditions[{j}]"
            self.only_keys(cond, ("field", "contains", "equals", "case", "false_case"), where)
            if ("contains" in cond) == ("equals" in cond):
                self.err(where, "needs exactly one of 'contains' (a list field) or 'equals'")
                continue
            types = ("multi",) if "contains" in cond else ("boolean", "choice")
            q = self.question_ref(cond.get("field"), f"{where}.field", types)
            if q is not None:
                wanted = cond.get("contains", cond.get("equals"))
                ok = [o["value"] for o in q.get("options", [])] or [True, False]
                if wanted not in ok or type(wanted) is not type(ok[0]):
                    self.err(where, f"{_describe(wanted)} is not a value of '{q['id']}' ({ok})")
            for key in ("case", "false_case"):
                if key in cond and (not isinstance(cond[key], str) or not _ID_RE.fullmatch(cond[key])):
                    self.err(f"{where}.{key}", "must be an id of lower-case letters, digits and _")
            if isinstance(cond.get("case"), str):
                produced.append((cond["case"], "met"))
            else:
                self.err(where, "missing key 'case'")
            if isinstance(cond.get("false_case"), str):
                produced.append((f"unknown_{cond['false_case']}", "unknown"))
        return produced

    def check_waiver(self) -> None:
        w = self.data["waiver"]
        if not self.table(w, "waiver"):
            return
        self.question_ref(self.get(w, "field", "waiver"), "waiver.field", ("boolean",))
        self.source(w, "source", "waiver")
        lists = {}
        for key in ("covers", "not_covered"):
            ids = self.get(w, key, "waiver")
            lists[key] = ids if isinstance(ids, list) else []
            for cid in lists[key]:
                if cid not in self.criteria_ids:
                    self.err(f"waiver.{key}", f"unknown criterion '{cid}'")
        for cid in set(lists["covers"]) & set(lists["not_covered"]):
            self.err("waiver", f"criterion '{cid}' is both covered and not covered")
        for key in ("note", "next_step", "not_covered_note", "summary"):
            self.text(self.get(w, key, "waiver"), f"waiver.{key}")

    def check_notes(self) -> None:
        self.check_messages("notes", NOTES_PLACEHOLDERS)

    def check_timeline(self) -> None:
        tl = self.data["timeline"]
        if not self.table(tl, "timeline"):
            return
        for label, numbers, events in (
            ("bronze", BRONZE_NUMBERS, BRONZE_EVENTS),
            ("silver", SILVER_NUMBERS, SILVER_EVENTS),
        ):
            place = f"timeline.{label}"
            node = self.get(tl, label, "timeline")
            if not self.table(node, place):
                continue
            self.source(node, "source", place)
            for key in numbers:
                n = self.get(node, key, place)
                if n is not None and (not isinstance(n, int) or isinstance(n, bool) or n < 0):
                    self.err(f"{place}.{key}", f"must be a whole number of months, not {_describe(n)}")
            evs = self.get(node, "events", place)
            if self.table(evs, f"{place}.events"):
                for eid in events:
                    self.text(self.get(evs, eid, f"{place}.events"), f"{place}.events.{eid}", MONTH_WORDS)
                self.only_keys(evs, events, f"{place}.events")
        bronze = tl.get("bronze")
        if isinstance(bronze, dict):
            self.source(bronze, "silver_window_source", "timeline.bronze")
            lo, hi = bronze.get("silver_window_from_months"), bronze.get("silver_window_to_months")
            if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
                self.err("timeline.bronze", "silver_window_from_months is after silver_window_to_months")
        notes = self.get(tl, "notes", "timeline")
        if self.table(notes, "timeline.notes"):
            for nid, allowed in TIMELINE_NOTES.items():
                place = f"timeline.notes.{nid}"
                note = self.get(notes, nid, "timeline.notes")
                if self.table(note, place):
                    self.only_keys(note, ("source", "text"), place)
                    self.source(note, "source", place)
                    self.text(self.get(note, "text", place), f"{place}.text", allowed)
            self.only_keys(notes, TIMELINE_NOTES, "timeline.notes")

    def check_answer_notes(self) -> None:
        notes = self.data["answer_notes"]
        if not self.table(notes, "answer_notes"):
            return
        for qid, keys in ANSWER_NOTES.items():
            node = self.get(notes, qid, "answer_notes")
            if self.table(node, f"answer_notes.{qid}"):
                for key in keys:
                    self.text(self.get(node, key, f"answer_notes.{qid}"), f"answer_notes.{qid}.{key}")

    def check_next_steps(self) -> None:
        steps = self.list_of_tables(self.data["next_steps"], "next_steps")
        self.unique_ids(steps, "next_steps")
        for i, step in enumerate(steps):
            place = f"next_steps[{i}] ({step.get('id')})"
            self.only_keys(step, ("id", "when", "links", "text"), place)
            when = step.get("when")
            months = (
                NEXT_STEP_TIMELINE_VALUES.get(str(when.get("timeline")), set()) if isinstance(when, dict) else set()
            )
            self.text(self.get(step, "text", place), f"{place}.text", NEXT_STEP_PLACEHOLDERS | months)
            links = step.get("links", [])
            if not isinstance(links, list):
                self.err(f"{place}.links", "must be a list of source ids")
                links = []
            self.known_sources(links, f"{place}.links")
            when = self.get(step, "when", place)
            if self.table(when, f"{place}.when"):
                self.check_when(when, f"{place}.when")

    def check_when(self, when: dict[str, Any], place: str) -> None:
        self.only_keys(when, NEXT_STEP_WHEN_KEYS, place)
        if "verdict" in when and (
            not isinstance(when["verdict"], list) or not when["verdict"] or not set(when["verdict"]) <= set(VERDICTS)
        ):
            self.err(f"{place}.verdict", f"must be a list of verdicts from: {', '.join(VERDICTS)}")
        if "status" in when and self.table(when["status"], f"{place}.status"):
            for cid, statuses in when["status"].items():
                if cid not in self.criteria_ids:
                    self.err(f"{place}.status", f"unknown criterion '{cid}'")
                if not isinstance(statuses, list) or not set(statuses) <= {*STATUSES, "waived"}:
                    self.err(f"{place}.status.{cid}", "must be a list of statuses (met, not_met, unknown, waived)")
        if "waiver_applied" in when and not isinstance(when["waiver_applied"], bool):
            self.err(f"{place}.waiver_applied", "must be true or false")
        if "timeline" in when and when["timeline"] not in NEXT_STEP_TIMELINE_VALUES:
            self.err(f"{place}.timeline", f"must be one of: {', '.join(NEXT_STEP_TIMELINE_VALUES)}")

    def check_labels(self) -> None:
        labels = self.data["labels"]
        if not self.table(labels, "labels"):
            return
        bronze = self.get(labels, "bronze", "labels")
        if self.table(bronze, "labels.bronze"):
            self.source_list(bronze, "sources", "labels.bronze")
            if not (isinstance(bronze.get("indicators"), int) and bronze["indicators"] > 0):
                self.err("labels.bronze.indicators", "must be a positive whole number")
        for lid in ("silver", "gold"):
            place = f"labels.{lid}"
            lab = self.get(labels, lid, "labels")
            if not self.table(lab, place):
                continue
            self.source_list(lab, "sources", place)
            self.text(self.get(lab, "name", place), f"{place}.name")
            self.text(self.get(lab, "validity", place), f"{place}.validity")
            if "caveat" in lab:
                self.text(lab["caveat"], f"{place}.caveat")
            reqs = self.get(lab, "requirements", place)
            if isinstance(reqs, dict) and all(isinstance(reqs.get(lang), list) for lang in LANGS):
                if len(reqs["fi"]) != len(reqs["en"]):
                    self.err(f"{place}.requirements", "fi and en must list the same number of requirements")
                for lang in LANGS:
                    for j, r in enumerate(reqs[lang]):
                        self.string(r, f"{place}.requirements.{lang}[{j}]", set())
            else:
                self.err(f"{place}.requirements", "must be lists of texts in fi and en")

    def check_fees(self) -> None:
        fees = self.data["fees"]
        if not self.table(fees, "fees"):
            return
        self.source(fees, "source", "fees")
        if not isinstance(self.get(fees, "vat_included", "fees"), bool):
            self.err("fees.vat_included", "must be true or false")
        self.text(self.get(fees, "note", "fees"), "fees.note", {"seen"})
        items = self.list_of_tables(self.get(fees, "items", "fees"), "fees.items")
        self.unique_ids(items, "fees.items")
        for i, item in enumerate(items):
            place = f"fees.items[{i}] ({item.get('id')})"
            amount = self.get(item, "amount_eur", place)
            if amount is not None and (not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0):
                self.err(f"{place}.amount_eur", f"must be a whole number of euros above 0, not {_describe(amount)}")
            if self.get(item, "label_id", place) not in (None, "bronze", "silver", "gold"):
                self.err(f"{place}.label_id", "must be bronze, silver or gold")
            self.text(self.get(item, "label", place), f"{place}.label")

    def check_messages(self, section: str, wanted: dict[str, set[str]]) -> None:
        node = self.data[section]
        if not self.table(node, section):
            return
        for key, allowed in wanted.items():
            self.text(self.get(node, key, section), f"{section}.{key}", allowed, plural=True)

    def check_type_names(self) -> None:
        names = self.data["errors"].get("type_names")
        if not self.table(names, "errors.type_names"):
            return
        for key in ("object", "array", "string", "number", "boolean", "null", "other"):
            self.text(self.get(names, key, "errors.type_names"), f"errors.type_names.{key}")
        lang = self.data["errors"].get("lang")
        if not isinstance(lang, dict) or not isinstance(lang.get("en"), str):
            self.err("errors.lang", "needs an 'en' text (an unknown language is reported in English)")
        else:
            self.placeholders(lang["en"], {"got"}, "errors.lang.en")

    def check_month_names(self) -> None:
        months = self.data["months"]
        if not self.table(months, "months"):
            return
        for key in ("fi_nom", "fi_gen", "en"):
            names = self.get(months, key, "months")
            if not isinstance(names, list) or len(names) != 12 or not all(isinstance(n, str) and n for n in names):
                self.err(f"months.{key}", "must list the 12 month names")


# The rule kinds the engine knows (checker._engine.RULE_KINDS), each with its
# check, which returns the (case, status) pairs the rule can produce.
RULE_KINDS: dict[str, Callable[[_Validator, dict[str, Any], str], list[tuple[str, str]] | None]] = {
    "at_least": _Validator._at_least,
    "distinct_at_least": _Validator._distinct_at_least,
    "is_true": _Validator._is_true,
    "choice": _Validator._choice,
    "any_of": _Validator._any_of,
}

# Each question type's own checks; they return the keys the type adds.
QUESTION_CHECKS: dict[str, Callable[[_Validator, dict[str, Any], str, str], tuple[str, ...]]] = {
    "number": _Validator._number_question,
    "integer": _Validator._number_question,
    "boolean": _Validator._boolean_question,
    "choice": _Validator._options_question,
    "multi": _Validator._options_question,
    "month": _Validator._month_question,
}


def validate_rules(data: Any, name: str = "rules.toml") -> None:
    """Check parsed rules data; raises RulesError listing every problem."""
    v = _Validator(data, name)
    v.run()
    if v.problems:
        raise RulesError(v.problems)
