"""Plain-text report of a result (the CLI's --format text).

It renders the result as it comes: the verdict, what happens next, the
criteria and advice, the answers as read, the merged timeline and the rules
version; it sorts and decides nothing.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

from ._rules import LANGS, RULES
from ._text import pick
from ._types import Criterion, ErrorResult, EvaluateResult, Result

_WIDTH = 78


def _wrap(text: str, indent: str = "  ", subsequent: str | None = None) -> list[str]:
    sub = indent if subsequent is None else subsequent
    lines = textwrap.wrap(
        text, _WIDTH, initial_indent=indent, subsequent_indent=sub, break_on_hyphens=False, break_long_words=False
    )
    return lines or [indent]  # addresses stay whole, so they can be copied


def _item(c: Criterion, lang: str) -> list[str]:
    lines = [f"  [{c['status_label']}] {c['name']}"]
    lines += _wrap(c["message"], "      ")
    if c["next_step"]:
        lines += _wrap(f"{pick(RULES['ui']['next_step'], lang)}: {c['next_step']}", "      ")
    return lines


def render_errors(result: ErrorResult) -> str:
    lang = result["lang"] if result["lang"] in LANGS else "en"
    lines = [pick(RULES["ui"]["errors_heading"], lang) + ":"]
    for e in result["errors"]:
        prefix = f"{e['field']}: " if e.get("field") else ""
        lines += _wrap(f"- {prefix}{e['message']}", "  ", "    ")
    lines += ["", f"{pick(RULES['ui']['rules_version'], lang)}: {result['rules_version']}"]
    return "\n".join(lines) + "\n"


def render_text(result: EvaluateResult) -> str:
    if "errors" in result:
        return render_errors(result)
    lang = result["lang"]
    ui: Mapping[str, Any] = RULES["ui"]
    lines = [f"{pick(ui['result_heading'], lang)}: {result['verdict_label']}"]
    lines += _wrap(result["summary"], "")
    for heading, section in (
        ("next_steps_heading", _next_steps),
        ("criteria_heading", _criteria),
        ("advice_heading", _advice),
        ("answers_heading", _answers),
        ("timeline_heading", _timeline),
        ("next_labels_heading", _next_labels),
    ):
        body = section(result, lang)
        if body is not None:
            lines += ["", pick(ui[heading], lang), *body]
    lines += ["", f"{pick(ui['rules_version'], lang)}: {result['rules_version']}"]
    return "\n".join(lines) + "\n"


# The sections of the report, in order: each gives its lines, or None when it is left out.


def _next_steps(result: Result, lang: str) -> list[str] | None:
    if not result["next_steps"]:
        return None
    lines = []
    for n, step in enumerate(result["next_steps"], 1):
        lines += _wrap(f"{n}. {step['text']}", "  ", "     ")
        for link in step["links"]:
            lines += _wrap(f"{link['title']}: {link['url']}", "     ", "       ")
    return lines


def _criteria(result: Result, lang: str) -> list[str]:
    return [line for c in result["criteria"] for line in _item(c, lang)]


def _advice(result: Result, lang: str) -> list[str]:
    return [line for a in result["advice"] for line in _item(a, lang)]


def _answers(result: Result, lang: str) -> list[str]:
    lines = []
    for answer in result["answers"]:
        state = f" ({answer['state_label']})" if answer["state"] == "not_used" else ""
        lines += _wrap(f"{answer['question']}: {answer['display']}{state}", "  ", "    ")
        if answer["note"]:
            lines += _wrap(answer["note"], "    ")
    return lines


def _timeline(result: Result, lang: str) -> list[str] | None:
    timeline = result["timeline"]
    if not timeline:
        return None
    lines = []
    for event in timeline["events"]:  # each text names its month; the order is the result's
        lines += _wrap(f"- {event['text']}", "  ", "    ")
    for note in timeline["notes"]:
        lines += _wrap(f"* {note['text']} ({pick(RULES['ui']['source'], lang)}: {note['source']['url']})", "  ", "    ")
    return lines


def _next_labels(result: Result, lang: str) -> list[str]:
    lines = []
    for label in result["next_labels"]["labels"]:
        lines.append(f"  {label['name']}")
        for requirement in label["requirements"]:
            lines += _wrap(f"- {requirement}", "    ", "      ")
        lines += _wrap(label["validity"], "    ")
        if label.get("caveat"):
            lines += _wrap(label.get("caveat", ""), "    ")
    fees = result["next_labels"]["fees"]
    for fee in fees["items"]:
        lines.append(f"  {fee['amount']:>12}  {fee['label']}")
    return lines + _wrap(fees["note"], "  ")
