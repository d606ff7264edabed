"""Language helpers: picking fi/en texts, plural forms, numbers, months."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ._numbers import canonical
from ._rules import RULES

# Group thousands only from this size up (Finnish style leaves 4-digit
# numbers ungrouped); prices are always grouped.
_GROUP_FROM = 10000
_SURROGATES = dict.fromkeys(range(0xD800, 0xE000), "\ufffd")


def pick(texts: Mapping[str, Any], lang: str) -> Any:
    """The `lang` entry of a {"fi": ..., "en": ...} table."""
    return texts[lang]


def render(texts: Mapping[str, Any], lang: str, ctx: Mapping[str, str] | None = None, count: Any = None) -> str:
    """Pick the language, the plural form and fill in the placeholders.

    A plural table has keys `one` and `other`; `count` is either the number
    that decides, or a dict of raw numbers from which the table's `count`
    key (default "missing") picks one."""
    tpl = texts[lang]
    if isinstance(tpl, dict):
        n = count.get(tpl.get("count", "missing")) if isinstance(count, dict) else count
        tpl = tpl["one"] if n == 1 else tpl["other"]
    return str(tpl).format_map(dict(ctx or {}))


def clean(text: str) -> str:
    """`text` with any lone surrogate (from JSON "\\ud800") replaced by
    U+FFFD, so every result can be encoded as UTF-8."""
    return text.translate(_SURROGATES)


def _group(digits: str, lang: str, group_from: int) -> str:
    if len(digits) < len(str(group_from)):
        return digits
    sep = "\u00a0" if lang == "fi" else ","
    parts: list[str] = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return sep.join(parts)


def fmt_number(x: float | Decimal, lang: str, group_from: int = _GROUP_FROM) -> str:
    """Format a number exactly for a sentence: Finnish uses a decimal comma
    and a no-break space between thousands, English a decimal point and a
    comma. Whole numbers lose their decimals; every other digit is shown, so
    a tiny non-zero value is never shown as 0."""
    if isinstance(x, bool):
        x = int(x)
    value = x if isinstance(x, Decimal) else Decimal(x) if isinstance(x, int) else Decimal(repr(x))
    text = canonical(value)
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    out = sign + _group(whole, lang, group_from)
    if frac:
        out += ("," if lang == "fi" else ".") + frac
    return out


def fmt_plain(x: int | Decimal, lang: str) -> str:
    """A number with no thousands separator ("1000", "2,5"): how to type it."""
    return fmt_number(x, lang, group_from=10**100)


def fmt_eur(amount: int, lang: str) -> str:
    n = fmt_number(amount, lang, group_from=1000)
    return f"{n}\u00a0€" if lang == "fi" else f"EUR\u00a0{n}"


# -- months ("YYYY-MM") --------------------------------------------------------


def month_index(ym: str) -> int:
    y, m = ym.split("-")
    return int(y) * 12 + int(m) - 1


def month_str(idx: int) -> str:
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"


def month_label(idx: int, lang: str, case: str = "nom") -> str:
    """ "marraskuu 2027" (fi, nominative), "marraskuun 2027" (fi, case
    "gen") or "November 2027" (en, either case)."""
    y, m = idx // 12, idx % 12
    months = RULES["months"]
    names = months["en"] if lang != "fi" else months["fi_gen"] if case == "gen" else months["fi_nom"]
    return f"{names[m]} {y}"


def month_ctx(name: str, idx: int, lang: str) -> dict[str, str]:
    """{name: "marraskuu 2027", name_gen: "marraskuun 2027"} for a text."""
    return {name: month_label(idx, lang), f"{name}_gen": month_label(idx, lang, "gen")}


def month_words(idx: int, lang: str) -> dict[str, str]:
    """{"month_nom": ..., "month_gen": ...}: the placeholders of event texts."""
    return {"month_nom": month_label(idx, lang), "month_gen": month_label(idx, lang, "gen")}


def fmt_date(iso: str, lang: str) -> str:
    """ "2026-11-27" -> "27.11.2026" (fi) / "27 November 2026" (en); a bare
    year or year-month is shown as it is."""
    parts = iso.split("-")
    if len(parts) != 3:
        return iso
    y, m, d = (int(p) for p in parts)
    if lang == "fi":
        return f"{d}.{m}.{y}"
    return f"{d} {RULES['months']['en'][m - 1]} {y}"
