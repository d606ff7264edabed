"""Language helpers: picking fi/en texts, plural forms, numbers, months."""

from __future__ import annotations

from ._rules import RULES

# Group thousands only from this size up (Finnish style leaves 4-digit
# numbers ungrouped); prices are always grouped.
_GROUP_FROM = 10000


def pick(texts, lang: str):
    """The `lang` entry of a {"fi": ..., "en": ...} table."""
    return texts[lang]


def render(texts, lang: str, ctx: dict | None = None, count=None) -> str:
    """Pick the language, the plural form and fill in the placeholders.

    A plural table has keys `one` and `other`; `count` is either the number
    that decides, or a dict of raw numbers from which the table's `count`
    key (default "missing") picks one."""
    tpl = texts[lang] if isinstance(texts, dict) and lang in texts else texts
    if isinstance(tpl, dict):
        n = count.get(tpl.get("count", "missing")) if isinstance(count, dict) else count
        tpl = tpl["one"] if n == 1 else tpl["other"]
    return tpl.format_map(ctx or {})


def _group(n: int, lang: str, group_from: int) -> str:
    s = str(abs(n))
    if abs(n) >= group_from:
        sep = "\u00a0" if lang == "fi" else ","
        parts = []
        while len(s) > 3:
            parts.insert(0, s[-3:])
            s = s[:-3]
        parts.insert(0, s)
        s = sep.join(parts)
    return ("-" if n < 0 else "") + s


def fmt_number(x, lang: str, group_from: int = _GROUP_FROM) -> str:
    """Format a number for a sentence: Finnish uses a decimal comma,
    English a decimal point. Whole numbers lose their decimals; up to ten
    decimals are shown, never a misleading 0 for a tiny non-zero value."""
    if isinstance(x, bool):
        x = int(x)
    if isinstance(x, float):
        if x == 0:
            return "0"
        if x.is_integer() and abs(x) < 1e15:
            x = int(x)
    if isinstance(x, int):
        return _group(x, lang, group_from)
    s = f"{x:.10f}".rstrip("0").rstrip(".")
    if s in ("0", "-0", ""):
        s = f"{x:.3g}"
    if lang == "fi":
        s = s.replace(".", ",")
    return s


def fmt_eur(amount: int, lang: str) -> str:
    n = fmt_number(amount, lang, group_from=1000)
    return f"{n}\u00a0€" if lang == "fi" else f"EUR\u00a0{n}"


# -- months ("YYYY-MM") --------------------------------------------------------


def month_index(ym: str) -> int:
    y, m = ym.split("-")
    return int(y) * 12 + int(m) - 1


def month_str(idx: int) -> str:
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"


def month_words(idx: int, lang: str) -> dict:
    """{"month_nom": "lokakuu 2027", "month_gen": "lokakuun 2027"} (fi) or
    both "October 2027" (en)."""
    y, m = idx // 12, idx % 12
    months = RULES["months"]
    if lang == "fi":
        return {"month_nom": f"{months['fi_nom'][m]} {y}", "month_gen": f"{months['fi_gen'][m]} {y}"}
    word = f"{months['en'][m]} {y}"
    return {"month_nom": word, "month_gen": word}


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
