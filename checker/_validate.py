"""Validation of the visitor's answers against the answer schema in
``rules.toml`` ("questions").

Every field is optional; a missing or null field, or a text that is empty or
only spaces (an empty form field), means "I don't know". Anything else that
does not fit gives one error for that field, in the visitor's language, that
says how to fix it. Nothing is coerced silently: a number typed as text is
read exactly by the language's conventions (:mod:`checker._numbers`), and an
ambiguous one is an error. Each question type has its own reader in
``READERS``.

Errors are capped: the first ``MAX_ERRORS``, then one "…and N more" entry,
so a hostile object with a million unknown keys gives a small result quickly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from ._numbers import canonical, decimals_of, from_json_number, is_whole, parse_text
from ._rules import QUESTIONS, RULES
from ._text import clean, fmt_number, fmt_plain, pick, render
from ._types import ErrorEntry

MAX_ERRORS = 20  # errors listed one by one; the rest are counted
_MONTH_RE = re.compile(r"[0-9]{4}-[0-9]{2}")
_MAX_SHOWN = 60  # characters of an offending value quoted in a message
_MAX_FIELD = 200  # characters of an unknown key kept as the error's field

Clean = Decimal | int | bool | str | list[str] | None


class Errors:
    """Collects errors in the visitor's language, keeping the first
    MAX_ERRORS and counting the rest."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.items: list[ErrorEntry] = []
        self.extra = 0

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def full(self) -> bool:
        return len(self.items) >= MAX_ERRORS

    def add(self, field: str | None, key: str, **ctx: str) -> None:
        if self.full:
            self.extra += 1
            return
        message = pick(RULES["errors"][key], self.lang).format_map(ctx)
        self.items.append({"field": field, "message": message})

    def add_entry(self, entry: ErrorEntry) -> None:
        if self.full:
            self.extra += 1
        else:
            self.items.append(entry)

    def entries(self) -> list[ErrorEntry]:
        if not self.extra:
            return list(self.items)
        more = render(
            RULES["errors"]["more_errors"], self.lang, {"count": fmt_number(self.extra, self.lang)}, self.extra
        )
        return [*self.items, {"field": None, "message": more}]


class _Bad(Exception):
    """An answer that does not fit: the error key and its context."""

    def __init__(self, key: str, **ctx: str) -> None:
        super().__init__(key)
        self.key = key
        self.ctx = ctx


def clip(text: str, limit: int = _MAX_SHOWN) -> str:
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def field_name(key: object) -> str:
    return clip(key if isinstance(key, str) else repr(key), _MAX_FIELD)


def type_name(value: object, lang: str) -> str:
    names = RULES["errors"]["type_names"]
    if value is None:
        key = "null"
    elif isinstance(value, bool):
        key = "boolean"
    elif isinstance(value, (int, float, Decimal)):
        key = "number"
    elif isinstance(value, str):
        key = "string"
    elif isinstance(value, (list, tuple)):
        key = "array"
    elif isinstance(value, dict):
        key = "object"
    else:
        key = "other"
    return str(pick(names[key], lang))


def _limit(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def example(q: Mapping[str, Any], lang: str) -> str:
    return fmt_number(_limit(q["example"]), lang)


def _unambiguous(value: Decimal, lang: str) -> str:
    """How to type `value` so that it cannot be read as a thousands group."""
    if is_whole(value):
        return fmt_plain(int(value), lang)
    text = fmt_plain(value, lang)
    return text + "0" if len(canonical(value).partition(".")[2]) == 3 else text


# -- one reader per question type ----------------------------------------------


def _read_number(q: Mapping[str, Any], v: object, lang: str) -> Clean:
    whole_only = q["type"] == "integer"
    ex = example(q, lang)
    if isinstance(v, str):
        parsed = parse_text(v, lang, 0 if whole_only else decimals_of(q["step"]))
        if parsed is None:  # blank texts are unknown before they get here
            return None
        if parsed.error == "format":
            raise _Bad("number_format", got=clip(v.strip()), example=ex)
        if parsed.error == "ambiguous" and parsed.whole is not None and parsed.decimal is not None:
            raise _Bad(
                "number_ambiguous_integer" if whole_only else "number_ambiguous",
                got=clip(v.strip()),
                whole=fmt_number(parsed.whole, lang),
                decimal=fmt_number(parsed.decimal, lang),
                whole_plain=fmt_plain(parsed.whole, lang),
                decimal_plain=_unambiguous(parsed.decimal, lang),
            )
        value = parsed.value
    else:
        value = from_json_number(v)
    if value is None:
        raise _Bad("integer_type" if whole_only else "number_type", example=ex)
    if not value.is_finite():
        raise _Bad("not_finite", example=ex)
    lo, hi = _limit(q["min"]), _limit(q["max"])
    if value < lo:
        raise _Bad("below_min", min=fmt_number(lo, lang))
    if value > hi:
        raise _Bad("above_max", max=fmt_number(hi, lang))
    if whole_only:
        if not is_whole(value):
            raise _Bad("integer_type", example=ex)
        return int(value)
    return value.copy_abs() if value.is_zero() else value  # -0 is 0; no rounding


def _read_boolean(q: Mapping[str, Any], v: object, lang: str) -> Clean:
    if not isinstance(v, bool):
        raise _Bad("boolean_type")
    return v


def _options(q: Mapping[str, Any]) -> list[str]:
    return [o["value"] for o in q["options"]]


def _read_choice(q: Mapping[str, Any], v: object, lang: str) -> Clean:
    if not isinstance(v, str) or v not in _options(q):
        raise _Bad("choice_type", options=", ".join(_options(q)))
    return v


def _read_multi(q: Mapping[str, Any], v: object, lang: str) -> Clean:
    values = _options(q)
    if not isinstance(v, (list, tuple)):
        raise _Bad("multi_type", options=", ".join(values))
    seen: set[str] = set()
    for item in v:
        if not isinstance(item, str) or item not in values:
            raise _Bad("multi_item", options=", ".join(values))
        if item in seen:
            raise _Bad("multi_duplicate", got=clip(item))
        seen.add(item)
    # the schema's order: the result does not depend on the order given
    return [x for x in values if x in seen]


def _read_month(q: Mapping[str, Any], v: object, lang: str) -> Clean:
    text = v.strip() if isinstance(v, str) else None
    if text is None or not _MONTH_RE.fullmatch(text) or not 1 <= int(text[5:]) <= 12:
        raise _Bad("month_type")
    if not q["min"] <= text <= q["max"]:
        raise _Bad("month_range", min=q["min"], max=q["max"])
    return text


READERS: dict[str, Callable[[Mapping[str, Any], object, str], Clean]] = {
    "number": _read_number,
    "integer": _read_number,
    "boolean": _read_boolean,
    "choice": _read_choice,
    "multi": _read_multi,
    "month": _read_month,
}


def is_blank(v: object) -> bool:
    """Null, or a text with nothing but spaces: "I don't know"."""
    return v is None or (isinstance(v, str) and not v.strip())


def short_name(qid: str, lang: str) -> str:
    return str(pick(QUESTIONS[qid]["short"], lang))


def validate_answers(answers: object, lang: str, errors: Errors | None = None) -> tuple[Errors, dict[str, Clean]]:
    """Return (errors, clean): clean maps every question id to its checked
    value, or None (unknown). `lang` must already be valid; `errors` may
    hold errors found before (duplicate keys)."""
    errors = errors if errors is not None else Errors(lang)
    clean_values: dict[str, Clean] = dict.fromkeys(QUESTIONS)
    if not isinstance(answers, dict):
        errors.add(None, "not_object", got=type_name(answers, lang))
        return errors, clean_values
    for qid, q in QUESTIONS.items():
        v = answers.get(qid)
        if is_blank(v):
            continue
        try:
            clean_values[qid] = READERS[q["type"]](q, v, lang)
        except _Bad as bad:
            errors.add(qid, bad.key, short=short_name(qid, lang), **bad.ctx)
    for key in answers:
        if key not in QUESTIONS:
            if errors.full:
                errors.extra += 1
            else:
                name = field_name(key)
                errors.add(name, "unknown_field", got=clip(name))
    return errors, clean_values
