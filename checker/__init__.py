"""Eligibility checker for the European cluster-management excellence labels
(ECEI / EUCLES: Bronze, Silver, Gold).

Pure standard-library Python (3.11+, also Pyodide). Every criterion,
threshold, source and text lives in ``rules.toml``; see its header.

Public API
----------
evaluate(answers, lang="fi") -> dict
    The result for a JSON-like value of answers. Never raises. For invalid
    answers (or language) returns {"errors": [{"field", "message"}], "lang",
    "rules_version"} and no "verdict" key.
validate(answers, lang="fi") -> list[dict]
    Just the errors (empty if the answers are valid).
questions(lang) / groups(lang) / ui_texts(lang)
    The answer schema and interface labels, for building the form.
criteria_table(lang) -> str
    Markdown table of the criteria and advisory points, for the site.
RULES_VERSION
    The rules file's version string.
"""

from __future__ import annotations

from ._engine import error_result as _error_result
from ._engine import evaluate_checked as _evaluate_checked
from ._engine import groups, questions, ui_texts
from ._engine import lang_error as _lang_error
from ._engine import next_labels as _next_labels
from ._rules import LANGS, RULES_VERSION, rules_data
from ._table import criteria_table
from ._text import pick as _pick
from ._validate import validate_answers as _validate_answers

__all__ = [
    "LANGS",
    "RULES_VERSION",
    "criteria_table",
    "evaluate",
    "groups",
    "questions",
    "rules_data",
    "ui_texts",
    "validate",
]


def _internal_error(lang) -> dict:
    from ._rules import RULES

    lang = lang if isinstance(lang, str) and lang in LANGS else "en"
    return _error_result([{"field": None, "message": _pick(RULES["errors"]["internal"], lang)}], lang)


def evaluate(answers, lang="fi") -> dict:
    """Evaluate `answers` (a dict of answer fields; see rules.toml
    "questions") in `lang` ("fi" or "en")."""
    try:
        return _evaluate_checked(answers, lang)
    except Exception:  # noqa: BLE001 -- last-resort guard: the contract is "never raises"
        return _internal_error(lang)


def validate(answers, lang="fi") -> list[dict]:
    """The validation errors for `answers`; an empty list if they are valid."""
    try:
        le = _lang_error(lang)
        if le:
            return [le, *_validate_answers(answers, "en")[0]]
        return _validate_answers(answers, lang)[0]
    except Exception:  # noqa: BLE001 -- same guard as evaluate()
        return _internal_error(lang)["errors"]


def next_labels(lang="fi") -> dict:
    """What Silver and Gold require, and the published fees (in `lang`)."""
    if _lang_error(lang):
        lang = "en"
    return _next_labels(lang)
