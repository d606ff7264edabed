"""Answers as a URL query string: what the browser puts after ``#`` when the
visitor shares a result, and what ``new URLSearchParams(new FormData(form))``
gives.

- Pairs are split on "&" and at the first "="; "+" is a space and %XX
  escapes are UTF-8 (an invalid sequence becomes U+FFFD), as
  URLSearchParams reads them. A leading "#" or "?" is ignored, and so are
  empty pairs ("a=1&&b=2").
- An empty value means "I don't know", as an empty form field does:
  ``member_types=`` is unknown, not "no types".
- A key given twice is an error naming the field, except for `multi`
  questions, where each repeat is one list item (``member_types=business&
  member_types=public``). A comma-separated value also works there
  (``member_types=business,public``), for links shared before.
- A boolean is "true" or "false" (the form's values); numbers stay text and
  are read in the page's language (:mod:`checker._numbers`).
- An unknown key is an error. At most ``MAX_FIELDS`` pairs are read: a longer
  query is one error, whatever it holds.

:func:`answers_from_query` returns the equivalent answers and any errors
found on the way, so ``evaluate_query`` returns exactly what ``evaluate``
returns for those answers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from ._rules import QUESTIONS
from ._text import fmt_number
from ._validate import Errors, field_name, short_name

# Every question once, plus every option of the multi questions repeated,
# with room to spare; a link from this site never comes near it.
MAX_FIELDS = 100


def _decode(text: str) -> str:
    return unquote(text.replace("+", " "), encoding="utf-8", errors="replace")


def answers_from_query(query: str, lang: str) -> tuple[dict[str, Any], Errors]:
    """(answers, errors) for a query string; `lang` must be valid."""
    errors = Errors(lang)
    if query[:1] in ("#", "?"):
        query = query[1:]
    pieces = query.split("&", MAX_FIELDS)
    if len(pieces) > MAX_FIELDS and any(pieces[MAX_FIELDS:]):
        errors.add(None, "too_many_fields", max_fields=fmt_number(MAX_FIELDS, lang))
        return {}, errors
    answers: dict[str, Any] = {}
    seen: set[str] = set()
    duplicated: set[str] = set()
    for piece in pieces:
        if not piece:
            continue
        raw_key, _, raw_value = piece.partition("=")
        key, value = _decode(raw_key), _decode(raw_value)
        q = QUESTIONS.get(key)
        if q is not None and q["type"] == "multi":
            items = [v for v in value.split(",") if v != ""]
            if items:
                answers[key] = [*answers.get(key, []), *items]
            continue
        if key in seen:
            if key not in duplicated:
                duplicated.add(key)
                short = short_name(key, lang) if q is not None else field_name(key)
                errors.add(field_name(key), "duplicate_field", short=short)
            continue
        seen.add(key)
        if q is not None and q["type"] == "boolean":
            answers[key] = {"true": True, "false": False}.get(value, value)
        else:
            answers[key] = value
    return answers, errors
