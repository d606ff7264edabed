"""Markdown table of every criterion for the site's build hook."""

from __future__ import annotations

from ._engine import threshold_ctx
from ._rules import LANGS, RULES, SOURCES
from ._text import fmt_date, pick, render


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _source_cell(sid: str, lang: str) -> str:
    s = SOURCES[sid]
    notes = RULES["notes"]
    title = s["title"].replace("[", "(").replace("]", ")")
    dates = []
    if "published" in s:
        dates.append(render(notes["published"], lang, {"date": fmt_date(s["published"], lang)}))
    dates.append(render(notes["seen"], lang, {"date": fmt_date(s["accessed"], lang)}))
    marked = f'{{ lang="{s["title_lang"]}" }}' if s["title_lang"] != lang else ""  # WCAG 3.1.2
    return f"[{title}]({s['url']}){marked} ({', '.join(dates)})"


def criteria_table(lang: str = "fi", notes: bool = True) -> str:
    """A Markdown table (MkDocs `tables` extension) of the required criteria
    and the advisory points, in `lang`; with `notes`, followed by a paragraph
    on the ECCP waiver and one on what is deliberately not checked."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    n = RULES["notes"]
    ui = RULES["ui"]
    head = [
        pick(n["table_criterion"], lang),
        pick(n["table_kind"], lang),
        pick(n["table_threshold"], lang),
        pick(n["table_source"], lang),
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    rows = [(c, pick(ui["required"], lang)) for c in RULES["criteria"]]
    rows += [(a, pick(ui["advisory"], lang)) for a in RULES["advisory"]]
    for item, kind in rows:
        cells = [
            pick(item["name"], lang),
            kind,
            render(item["threshold_text"], lang, threshold_ctx(item["rule"], lang)),
            _source_cell(item["source"], lang),
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    out = "\n".join(lines) + "\n"
    if notes:
        w = RULES["waiver"]
        out += "\n" + _cell(pick(w["summary"], lang)) + " " + _source_cell(w["source"], lang) + "\n"
        out += "\n" + _cell(pick(n["not_checked"], lang)) + "\n"
    return out
