"""Numbers as people write them, read exactly (:class:`decimal.Decimal`,
never a float on the way in).

An answer to a number or integer question arrives either as a JSON number
(CLI, API; the CLI parses JSON numbers as Decimal) or as the text the
visitor typed (the browser sends raw strings). Text is read in the page's
language; nothing is guessed: a text that could mean two numbers in that
field is an error whose message gives both readings and how to write each.

Conventions. English: "," (or a space) groups thousands, "." is the decimal
separator. Finnish: a space, a no-break space (U+00A0), a narrow no-break
space (U+202F) or a thin space (U+2009) groups thousands, "," is the decimal
separator. In both, "." / "," that can only be a decimal separator is read
as one, whatever the language ("1.5" in Finnish, "1,5" in English): the
answers list shows the number as it was read, so nothing changes silently.

A three-digit group after a single "," or "." is the one real ambiguity
("1,000" is a thousand in English and one in Finnish). It is read by the
page language's convention only when that convention makes it a thousands
group (English "1,000"); when the convention makes it a decimal separator
(Finnish "1,000", English "1.000"), it is ambiguous in a field whose precision
(`step`) has fewer than three decimals, such as every whole-number field, and
an error. A leading zero ("0,125") or grouping spaces ("1 000,500") rule out
the thousands reading, so those are never ambiguous.

===========================  ==================  ==================  ===========================
text (after trimming)        en                  fi                  why
===========================  ==================  ==================  ===========================
"15", "+15"                  15                  15                  plain digits, optional +
"0.5"                        0.5                 0.5                 only a decimal point fits
"0,5"                        0.5                 0.5                 only a decimal comma fits
".5" / ",5"                  0.5                 0.5                 leading separator = decimal
"1,000"                      1000                error (ambiguous)   en groups with ",", fi not
"1.000"                      error (ambiguous)   error (ambiguous)   "." groups in German style
"0,125" / "0.125"            0.125               0.125               no group starts with 0
"2,125" in a decimal field   2125                error (ambiguous)   step 0.01: 3 decimals odd
"1 000" (any of the spaces)  1000                1000                space groups thousands
"1 000,5" / "1 000.5"        1000.5              1000.5              spaces group, so "," is
                                                                     decimal
"1,000.5" / "1.000,5"        1000.5              1000.5              two kinds: last = decimal
"1,000,000" / "1.000.000"    1000000             1000000             repeated = grouping
"1,5" / "1.5"                1.5                 1.5                 not a 3-digit group
"1,50,000", "1.0.0",         error (format)      error (format)      not a valid grouping
"1 0", "1 000 0", "1,000 000"
"1.000,000"                  1000                1000                "." groups, "," is decimal
"1,000.000,5", "1 000,000.5" error (format)      error (format)      mixed groupings
"-1", "−1" (U+2212)          -1 → below min      -1 → below min      sign read, range reports it
"1e3", "0x10", "١٥"          error (format)      error (format)      only 0-9 digits, no exponent
"20 %", "noin 8", "8 htv"    error (format)      error (format)      only the number
"  7  ", "7\u00a0"            7                   7                   outer whitespace trimmed
"", "   "                    unknown             unknown             an empty field
"999…9" (400 nines)          error (above max)   error (above max)   exact, never "unknown"
"14.999999999999999999"      error in a whole-number field           exact: not a whole number
"15.0" / "15,0"              15                  15                  a whole number
===========================  ==================  ==================  ===========================

JSON numbers: an int is exact; a float is taken by its shortest repr
(``0.1`` is 0.1); NaN and infinities are errors; a Decimal (the CLI's JSON
floats) is used as it is; booleans are not numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

SPACES = " \u00a0\u202f\u2009"
MINUS = "-\u2212"
_BODY_RE = re.compile(r"[0-9.,\u0020\u00a0\u202f\u2009]+")
_GROUPED_RE = re.compile(r"[1-9][0-9]{0,2}")


@dataclass(frozen=True)
class Parsed:
    """A number read from text: `value`, or an `error` key with context."""

    value: Decimal | None = None
    error: str | None = None  # "format" | "ambiguous"
    whole: Decimal | None = None  # ambiguous: the thousands-group reading
    decimal: Decimal | None = None  # ambiguous: the decimal reading


FORMAT = Parsed(error="format")


def decimals_of(step: float | Decimal) -> int:
    """How many decimals a step allows: 1 -> 0, 0.01 -> 2."""
    exponent = Decimal(str(step)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _valid_groups(runs: list[str]) -> bool:
    """Digit runs joined by a grouping separator: 1-3 digits (no leading 0),
    then groups of exactly three."""
    return bool(_GROUPED_RE.fullmatch(runs[0])) and all(len(r) == 3 for r in runs[1:])


def _split(body: str) -> tuple[list[str], list[str]] | None:
    """Digit runs and the single separator characters between them."""
    runs, seps, current = [], [], ""
    for ch in body:
        if ch.isdigit():
            current += ch
            continue
        runs.append(current)
        seps.append(" " if ch in SPACES else ch)
        current = ""
    runs.append(current)
    if any(r == "" for r in runs[1:]):  # two separators in a row, or a trailing one
        return None
    return runs, seps


def parse_text(raw: str, lang: str, decimals: int) -> Parsed | None:
    """Read `raw` as a number in `lang`; None for an empty text (unknown).
    `decimals` is the field's precision (0 for a whole-number field)."""
    text = raw.strip()
    if not text:
        return None
    sign = ""
    if text[0] in MINUS or text[0] == "+":
        sign = "-" if text[0] in MINUS else ""
        text = text[1:].lstrip(SPACES)
    if not text or not _BODY_RE.fullmatch(text) or not any(ch.isdigit() for ch in text):
        return FORMAT
    split = _split(text)
    if split is None:
        return FORMAT
    runs, seps = split
    if runs[0] == "":  # ".5", ",5": a leading decimal separator
        if len(seps) != 1 or seps[0] == " ":
            return FORMAT
        return Parsed(Decimal(f"{sign}0.{runs[1]}"))
    marks = [s for s in seps if s != " "]
    if not seps:  # plain digits
        return Parsed(Decimal(sign + runs[0]))
    if not marks:  # digits and grouping spaces only
        return Parsed(Decimal(sign + "".join(runs))) if _valid_groups(runs) else FORMAT
    last = seps[-1]
    if last == " ":  # a space after a comma or a point
        return FORMAT
    if len(marks) == 1:
        return _one_mark(sign, runs, seps, lang, decimals)
    # Two or more commas/points: all but the last must be one kind, grouping.
    head, tail = runs[:-1], runs[-1]
    group_marks = seps[:-1]
    kinds = set(group_marks)
    if len(kinds) != 1 or not _valid_groups(head):
        return FORMAT
    (group,) = kinds
    if last == group:  # "1,000,000": every mark groups thousands
        return Parsed(Decimal(sign + "".join(runs))) if len(tail) == 3 else FORMAT
    return Parsed(Decimal(f"{sign}{''.join(head)}.{tail}"))


def _one_mark(sign: str, runs: list[str], seps: list[str], lang: str, decimals: int) -> Parsed:
    """Exactly one comma or point, possibly after grouping spaces."""
    head, tail = runs[:-1], runs[-1]
    mark = seps[-1]
    spaced = len(head) > 1
    if spaced and not _valid_groups(head):
        return FORMAT
    integer = "".join(head)
    as_decimal = Decimal(f"{sign}{integer}.{tail}")
    if spaced or len(tail) != 3 or not _GROUPED_RE.fullmatch(integer):
        return Parsed(as_decimal)  # cannot be a thousands group
    as_whole = Decimal(f"{sign}{integer}{tail}")
    groups_by_language = mark == "," and lang == "en"
    if groups_by_language:
        return Parsed(as_whole)
    if decimals >= 3:
        return Parsed(as_decimal)
    return Parsed(error="ambiguous", whole=as_whole, decimal=as_decimal)


def from_json_number(value: object) -> Decimal | None:
    """A JSON-ish number as a Decimal (None if `value` is not a number)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # shortest repr: 0.1 -> 0.1; nan/inf stay non-finite
    if isinstance(value, Decimal):
        return value
    return None


def canonical(value: Decimal) -> str:
    """Plain decimal notation with no exponent, no trailing zeros: "0.5"."""
    text = format(value, "f")  # exact: normalize() would round to 28 digits
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def is_whole(value: Decimal) -> bool:
    try:
        return value == value.to_integral_value()
    except InvalidOperation:
        return False
