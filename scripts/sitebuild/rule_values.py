"""Numbers the rules hold, for the pages: a page writes `{{ rules.fee.bronze_onsite }}`
or `<!-- fees-table -->` and the build puts in the value from checker/rules.toml,
formatted for the page's language. A fee, a threshold, a validity period or a
window is then typed once, in the rules, and never into a page."""

from __future__ import annotations

import re
from typing import Any

from mkdocs.exceptions import PluginError

from .languages import format_eur, format_number, t

TOKEN = re.compile(r"\{\{\s*rules\.([A-Za-z0-9_.]+)\s*\}\}")
FEES_MARKER = "<!-- fees-table -->"


def _years(months: float) -> float:
    return months / 12


def values(rules: dict[str, Any], lang: str) -> dict[str, str]:
    """Every named value, formatted for `lang`."""

    def num(value: Any) -> str:
        return format_number(value, lang)

    out: dict[str, str] = {}
    for item in [*rules["criteria"], *rules["advisory"]]:
        threshold = item["rule"].get("threshold")
        if threshold is not None:
            out[f"threshold.{item['id']}"] = num(threshold)
    for fee in rules["fees"]["items"]:
        out[f"fee.{fee['id']}"] = format_eur(fee["amount_eur"], lang)
    for label, timing in rules["timeline"].items():
        for key, months in timing.items():
            if key.endswith("_months") and isinstance(months, int | float):
                name = key.removesuffix("_months")
                out[f"{label}.{name}_months"] = num(months)
                out[f"{label}.{name}_years"] = num(_years(months))
    for label, facts in rules.get("labels", {}).items():
        for key, value in facts.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                out[f"{label}.{key}"] = num(value)
                if key.endswith("_months"):
                    out[f"{label}.{key.removesuffix('_months')}_years"] = num(_years(value))
    return out


def fill(markdown: str, rules: dict[str, Any], lang: str, where: str) -> str:
    """Replace every `{{ rules.… }}` token and the fees table marker; an unknown name fails the build."""
    known = values(rules, lang)

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in known:
            close = ", ".join(sorted(k for k in known if k.split(".")[0] == name.split(".")[0])[:8])
            raise PluginError(f"{where}: unknown rules value {name!r}" + (f" (known: {close})" if close else ""))
        return known[name]

    markdown = TOKEN.sub(value, markdown)
    if FEES_MARKER in markdown:
        markdown = markdown.replace(FEES_MARKER, fees_table(rules, lang))
    return markdown


def fees_table(rules: dict[str, Any], lang: str) -> str:
    """The published fees as a Markdown table (with the price list's note)."""
    head = [t(lang, "fees.process"), t(lang, "fees.fee")]
    lines = ["| " + " | ".join(head) + " |", "|---|--:|"]
    for fee in rules["fees"]["items"]:
        label = " ".join(str(fee["label"][lang]).split()).replace("|", "\\|")
        lines.append(f"| {label} | {format_eur(fee['amount_eur'], lang)} |")
    return "\n".join(lines) + "\n"
