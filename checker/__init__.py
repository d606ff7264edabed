"""Eligibility checker for the European cluster-management excellence labels
(ECEI / EUCLES: Bronze, Silver, Gold).

Pure standard-library Python (3.11+, also Pyodide). Every criterion,
threshold, source and text lives in ``rules.toml`` (see its header), which is
validated when the package is imported.

Public API
----------
evaluate(answers, lang="fi") -> Result | ErrorResult
    The result for a JSON-like dict of answers (question id -> value). Never
    raises. A value may be a JSON value (numbers as int, float or Decimal)
    or, for number questions, the text the visitor typed ("1 000", "0,5"),
    read in `lang`. Null, a missing key or an empty text means "I don't
    know". Invalid answers (or language) give an ErrorResult instead.
evaluate_query(query, lang="fi") -> Result | ErrorResult
    The same for the answers as a URL query string ("a=1&b=2", what the page
    puts after "#" when sharing, or URLSearchParams(FormData)): repeats are
    list items for multi questions and an error otherwise; an empty value is
    "I don't know"; at most ``MAX_QUERY_FIELDS`` pairs. Returns exactly what
    `evaluate` returns for the equivalent answers.
validate(answers, lang="fi") -> list[ErrorEntry]
    Just the errors (empty if the answers are valid).
questions(lang) / groups(lang) / ui_texts(lang)
    The answer schema and interface labels, for building the form.
criteria_table(lang) -> str
    Markdown table of the criteria and advisory points, for the site.
load_rules(path) / validate_rules(data)
    Read and check a rules file; raise RulesError naming the file and the
    place ("rules.toml: criteria[2] (member_diversity) rule.kind: unknown
    kind 'at_lest'"). The build uses them to fail on a broken file.
RULES_VERSION
    "<version>+<12 hex digits of the SHA-256 of rules.toml>", also in every
    result, so a printed result names the rules that produced it.

Result shape (TypedDicts in ``checker._types``, exported here)
----------------------------------------------------------------
ErrorResult: {"errors": [{"field": str | None, "message": str}], "lang",
"rules_version"} and no "verdict": at most 20 errors, then one entry
{"field": None, "message": "…and N more errors"}.

Result::

    verdict          "eligible" | "not_eligible" | "incomplete"
    verdict_label    the verdict in words
    summary          one paragraph
    counts           {met, not_met, unknown, waived}: required criteria
    criteria         [Criterion]: required, in the rules' order
    advice           [Criterion]: advisory points (kind "advisory": never
                     blocking; status_label "suositus ei toteudu" / "advice
                     not followed" when not met)
    answers          [Answer]: every question in form order: {id, question,
                     value, display, state, state_label, note}; state
                     "answered" | "unknown" | "not_used" (note says why)
    next_steps       [{id, text, links: [{url, title}]}]: what to do next,
                     fitted to the result, in order (number them 1, 2, ...)
    waiver           {claimed, covers, not_covered, applied_to, message, source}
    timeline         null, or {bronze, silver, events, notes}: `events` is
                     one list, Bronze and Silver merged and ordered by month,
                     each {label, id, month "2027-11", month_label
                     "marraskuu 2027", text}; `notes` [{id, text, source}]
    next_labels      {labels: [Silver, Gold: {id, name, requirements, validity,
                     sources, caveat?}], fees}
    rules_version    as RULES_VERSION
    lang             "fi" | "en"

Criterion: {id, kind "required" | "advisory", kind_label, required, status
"met" | "not_met" | "unknown" | "waived", status_label, name, message,
next_step (null when there is nothing to do), requirement, explanation?,
threshold, source {id, url, title, accessed, published?}}.
"""

from __future__ import annotations

from typing import Any

from ._engine import error_result as _error_result
from ._engine import evaluate_checked as _evaluate_checked
from ._engine import groups, questions, ui_texts
from ._engine import lang_error as _lang_error
from ._query import MAX_FIELDS as MAX_QUERY_FIELDS
from ._query import answers_from_query as _answers_from_query
from ._rules import LANGS, RULES, RULES_VERSION, RulesError, load_rules, rules_data
from ._schema import validate_rules
from ._table import criteria_table
from ._text import pick as _pick
from ._types import (
    Answer,
    BronzeTimeline,
    Criterion,
    ErrorEntry,
    ErrorResult,
    EvaluateResult,
    Group,
    NextLabels,
    NextStep,
    Question,
    Result,
    SilverTimeline,
    Source,
    Timeline,
    TimelineEvent,
    TimelineNote,
)
from ._validate import MAX_ERRORS
from ._validate import Errors as _Errors
from ._validate import type_name as _type_name

__all__ = [
    "LANGS",
    "MAX_ERRORS",
    "MAX_QUERY_FIELDS",
    "RULES_VERSION",
    "Answer",
    "BronzeTimeline",
    "Criterion",
    "ErrorEntry",
    "ErrorResult",
    "EvaluateResult",
    "Group",
    "NextLabels",
    "NextStep",
    "Question",
    "Result",
    "RulesError",
    "SilverTimeline",
    "Source",
    "Timeline",
    "TimelineEvent",
    "TimelineNote",
    "criteria_table",
    "evaluate",
    "evaluate_query",
    "groups",
    "load_rules",
    "questions",
    "rules_data",
    "ui_texts",
    "validate",
    "validate_rules",
]


def _internal_error(lang: object) -> ErrorResult:
    lang = lang if isinstance(lang, str) and lang in LANGS else "en"
    return _error_result([{"field": None, "message": _pick(RULES["errors"]["internal"], lang)}], lang)


def _guarded_evaluate(answers: Any, lang: Any, errors: _Errors | None = None) -> EvaluateResult:
    """evaluate() with errors found while reading the answers (the CLI's
    duplicate JSON keys)."""
    try:
        return _evaluate_checked(answers, lang, errors)
    except Exception:  # noqa: BLE001 -- last-resort guard: the contract is "never raises"
        return _internal_error(lang)


def evaluate(answers: Any, lang: Any = "fi") -> EvaluateResult:
    """Evaluate `answers` (a dict of answer fields; see rules.toml
    "questions") in `lang` ("fi" or "en")."""
    return _guarded_evaluate(answers, lang)


def evaluate_query(query: Any, lang: Any = "fi") -> EvaluateResult:
    """Evaluate the answers given as a URL query string (see the module
    docstring) in `lang`."""
    try:
        read_lang = lang if _lang_error(lang) is None else "en"
        if not isinstance(query, str):
            errors = _Errors(read_lang)
            errors.add(None, "not_query", got=_type_name(query, read_lang))
            return _evaluate_checked({}, lang, errors)
        answers, errors = _answers_from_query(query, read_lang)
        return _evaluate_checked(answers, lang, errors)
    except Exception:  # noqa: BLE001 -- same guard as evaluate()
        return _internal_error(lang)


def validate(answers: Any, lang: Any = "fi") -> list[ErrorEntry]:
    """The validation errors for `answers`; an empty list if they are valid."""
    result = evaluate(answers, lang)
    return list(result["errors"]) if "errors" in result else []
