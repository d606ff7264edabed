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
from ._types import Criterion, ErrorResult, EvaluateResult

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
    if result["next_steps"]:
        lines += ["", pick(ui["next_steps_heading"], lang)]
        for n, step in enumerate(result["next_steps"], 1):
            lines += _wrap(f"{n}. {step['text']}", "  ", "     ")
            for link in step["links"]:
                lines += _wrap(f"{link['title']}: {link['url']}", "     ", "       ")
    lines += ["", pick(ui["criteria_heading"], lang)]
    for c in result["criteria"]:
        lines += _item(c, lang)
    lines += ["", pick(ui["advice_heading"], lang)]
    for a in result["advice"]:
        lines += _item(a, lang)
    lines += ["", pick(ui["answers_heading"], lang)]
    for answer in result["answers"]:
        state = f" ({answer['state_label']})" if answer["state"] == "not_used" else ""
        lines += _wrap(f"{answer['question']}: {answer['display']}{state}", "  ", "    ")
        if answer["note"]:
            lines += _wrap(answer["note"], "    ")
    tl = result["timeline"]
    if tl:
        lines += ["", pick(ui["timeline_heading"], lang)]
        for ev in tl["events"]:  # each text names its month; the order is the result's
            lines += _wrap(f"- {ev['text']}", "  ", "    ")
        for note in tl["notes"]:
            lines += _wrap(f"* {note['text']} ({pick(ui['source'], lang)}: {note['source']['url']})", "  ", "    ")
    nl = result["next_labels"]
    lines += ["", pick(ui["next_labels_heading"], lang)]
    for lab in nl["labels"]:
        lines.append(f"  {lab['name']}")
        for r in lab["requirements"]:
            lines += _wrap(f"- {r}", "    ", "      ")
        lines += _wrap(lab["validity"], "    ")
        if lab.get("caveat"):
            lines += _wrap(lab.get("caveat", ""), "    ")
    fees = nl["fees"]
    for f in fees["items"]:
        lines.append(f"  {f['amount']:>12}  {f['label']}")
    lines += _wrap(fees["note"], "  ")
    lines += ["", f"{pick(ui['rules_version'], lang)}: {result['rules_version']}"]
    return "\n".join(lines) + "\n"
