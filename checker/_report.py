"""Plain-text report of a result (the CLI's --format text)."""

from __future__ import annotations

import textwrap

from ._rules import RULES
from ._text import pick

_WIDTH = 78


def _wrap(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent]


def _item(c: dict, lang: str) -> list[str]:
    ui = RULES["ui"]
    lines = [f"  [{c['status_label']}] {c['name']}"]
    lines += _wrap(c["message"], "      ")
    lines += _wrap(f"{pick(ui['next_step'], lang)}: {c['next_step']}", "      ")
    return lines


def render_errors(result: dict) -> str:
    lang = result.get("lang", "en")
    lines = [pick(RULES["ui"]["errors_heading"], lang if lang in ("fi", "en") else "en") + ":"]
    for e in result["errors"]:
        prefix = f"{e['field']}: " if e.get("field") else ""
        lines += _wrap(f"- {prefix}{e['message']}", "  ")
    return "\n".join(lines) + "\n"


def render_text(result: dict) -> str:
    if "errors" in result:
        return render_errors(result)
    lang = result["lang"]
    ui = RULES["ui"]
    lines = [f"{pick(ui['result_heading'], lang)}: {result['verdict_label']}"]
    lines += _wrap(result["summary"], "")
    lines += ["", pick(ui["criteria_heading"], lang)]
    for c in result["criteria"]:
        lines += _item(c, lang)
    lines += ["", pick(ui["advice_heading"], lang)]
    for a in result["advice"]:
        lines += _item(a, lang)
    tl = result.get("timeline")
    if tl:
        lines += ["", pick(ui["timeline_heading"], lang)]
        for key in ("bronze", "silver"):
            if tl.get(key):
                for ev in tl[key]["events"]:
                    lines += _wrap(f"{ev['month']}  {ev['text']}", "  ")
        for note in tl["notes"]:
            lines += _wrap(f"* {note}", "  ")
    nl = result["next_labels"]
    lines += ["", pick(ui["next_labels_heading"], lang)]
    for key in ("silver", "gold"):
        lab = nl[key]
        lines.append(f"  {lab['name']}")
        for r in lab["requirements"]:
            lines += _wrap(f"- {r}", "    ")
        lines += _wrap(lab["validity"], "    ")
        if lab.get("caveat"):
            lines += _wrap(lab["caveat"], "    ")
    fees = nl["fees"]
    for f in fees["items"]:
        lines.append(f"  {f['amount']:>12}  {f['label']}")
    lines += _wrap(fees["note"], "  ")
    lines += ["", f"{pick(ui['rules_version'], lang)}: {result['rules_version']}"]
    return "\n".join(lines) + "\n"
