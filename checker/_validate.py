"""Validation of the visitor's answers against the answer schema in
``rules.toml`` ("questions").

Every field is optional; a missing or null field means "I don't know".
Anything else that does not fit gives one error for that field, with a
message in the visitor's language. Nothing is guessed or coerced, except
that a whole-number float (such as 7.0) is accepted for an integer field: JSON
and JavaScript do not tell 7 and 7.0 apart.
"""

from __future__ import annotations

import math
import re

from ._rules import QUESTIONS, RULES
from ._text import fmt_number, pick

_MONTH_RE = re.compile(r"[0-9]{4}-[0-9]{2}")
_MAX_SHOWN = 60  # characters of an offending value quoted in a message


def _err(field, key: str, lang: str, **ctx) -> dict:
    return {"field": field, "message": pick(RULES["errors"][key], lang).format_map(ctx)}


def _clip(s: str) -> str:
    return s if len(s) <= _MAX_SHOWN else s[: _MAX_SHOWN - 1] + "…"


def type_name(value, lang: str) -> str:
    names = RULES["errors"]["type_names"]
    if value is None:
        key = "null"
    elif isinstance(value, bool):
        key = "boolean"
    elif isinstance(value, (int, float)):
        key = "number"
    elif isinstance(value, str):
        key = "string"
    elif isinstance(value, (list, tuple)):
        key = "array"
    elif isinstance(value, dict):
        key = "object"
    else:
        key = "other"
    return pick(names[key], lang)


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _check_range(q, v, field, lang, short):
    """Range check without converting huge ints to float."""
    lo, hi = q.get("min"), q.get("max")
    if lo is not None and v < lo:
        return _err(field, "below_min", lang, short=short, min=fmt_number(lo, lang))
    if hi is not None and v > hi:
        return _err(field, "above_max", lang, short=short, max=fmt_number(hi, lang))
    return None


def _validate_one(q: dict, v, lang: str):
    """Return (error or None, clean value)."""
    field = q["id"]
    short = pick(q["short"], lang)
    kind = q["type"]
    if kind == "number":
        if not _is_number(v):
            return _err(field, "number_type", lang, short=short), None
        if isinstance(v, float) and not math.isfinite(v):
            return _err(field, "not_finite", lang, short=short), None
        e = _check_range(q, v, field, lang, short)
        return (e, None) if e else (None, v)
    if kind == "integer":
        if not _is_number(v):
            return _err(field, "integer_type", lang, short=short), None
        if isinstance(v, float):
            if not math.isfinite(v):
                return _err(field, "not_finite", lang, short=short), None
            if not v.is_integer():
                return _err(field, "integer_type", lang, short=short), None
        e = _check_range(q, v, field, lang, short)
        return (e, None) if e else (None, int(v))
    if kind == "boolean":
        if not isinstance(v, bool):
            return _err(field, "boolean_type", lang, short=short), None
        return None, v
    values = [o["value"] for o in q.get("options", [])]
    options = ", ".join(values)
    if kind == "choice":
        if not isinstance(v, str) or v not in values:
            return _err(field, "choice_type", lang, short=short, options=options), None
        return None, v
    if kind == "multi":
        if not isinstance(v, (list, tuple)):
            return _err(field, "multi_type", lang, short=short, options=options), None
        seen = []
        for item in v:
            if not isinstance(item, str) or item not in values:
                return _err(field, "multi_item", lang, short=short, options=options), None
            if item in seen:
                return _err(field, "multi_duplicate", lang, short=short, got=_clip(item)), None
            seen.append(item)
        # keep the schema's order: the result does not depend on input order
        return None, [x for x in values if x in seen]
    if kind == "month":
        if not isinstance(v, str) or not _MONTH_RE.fullmatch(v) or not 1 <= int(v[5:]) <= 12:
            return _err(field, "month_type", lang, short=short), None
        if not q["min"] <= v <= q["max"]:
            return _err(field, "month_range", lang, short=short, min=q["min"], max=q["max"]), None
        return None, v
    raise ValueError(f"rules.toml: unknown question type {kind!r}")  # a rules-file bug


def validate_answers(answers, lang: str):
    """Return (errors, clean): clean maps every question id to its checked
    value or None (unknown). `lang` must already be valid."""
    if not isinstance(answers, dict):
        return [_err(None, "not_object", lang, got=type_name(answers, lang))], None
    errors: list[dict] = []
    clean: dict = {}
    for qid, q in QUESTIONS.items():
        v = answers.get(qid)
        if v is None:
            clean[qid] = None
            continue
        e, value = _validate_one(q, v, lang)
        if e:
            errors.append(e)
        clean[qid] = value
    for key in answers:
        if key not in QUESTIONS:
            name = key if isinstance(key, str) else repr(key)
            errors.append(_err(name[:200], "unknown_field", lang, got=_clip(name)))
    return errors, clean
