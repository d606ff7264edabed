"""Every row of the table in checker/_numbers.py, in both languages, for a
whole-number field (committed members) and a decimal field (FTE, step 0.01),
through the public API."""

from decimal import Decimal

import pytest

import checker
from checker._numbers import decimals_of, parse_text

MEMBERS, FTE = "committed_members", "management_fte"
AMBIGUOUS, FORMAT, ABOVE, BELOW, WHOLE = "ambiguous", "format", "above", "below", "whole"
ERROR_WORDS = {
    ("en", AMBIGUOUS): "could mean",
    ("fi", AMBIGUOUS): "voi tarkoittaa",
    ("en", FORMAT): "is not a number",
    ("fi", FORMAT): "ei ole luku",
    ("en", ABOVE): "cannot be greater than",
    ("fi", ABOVE): "ei voi olla suurempi",
    ("en", BELOW): "cannot be less than",
    ("fi", BELOW): "ei voi olla pienempi",
    ("en", WHOLE): "whole number",
    ("fi", WHOLE): "kokonaisluku",
}

# (text, field, en, fi): a number (the clean value) or an error kind.
ROWS = [
    ("15", MEMBERS, 15, 15),
    ("+15", MEMBERS, 15, 15),
    ("0.5", FTE, "0.5", "0.5"),
    ("0,5", FTE, "0.5", "0.5"),
    (".5", FTE, "0.5", "0.5"),
    (",5", FTE, "0.5", "0.5"),
    ("1,000", MEMBERS, 1000, AMBIGUOUS),
    ("1,000", FTE, "1000", AMBIGUOUS),
    ("1.000", MEMBERS, AMBIGUOUS, AMBIGUOUS),
    ("1.000", FTE, AMBIGUOUS, AMBIGUOUS),
    ("0,125", FTE, "0.125", "0.125"),
    ("0.125", FTE, "0.125", "0.125"),
    ("2,125", FTE, "2125", AMBIGUOUS),
    ("1 000", MEMBERS, 1000, 1000),
    ("1\u00a0000", MEMBERS, 1000, 1000),
    ("1\u202f000", MEMBERS, 1000, 1000),
    ("1\u2009000", MEMBERS, 1000, 1000),
    ("1 000,5", FTE, "1000.5", "1000.5"),
    ("1 000.5", FTE, "1000.5", "1000.5"),
    ("1,000.5", FTE, "1000.5", "1000.5"),
    ("1.000,5", FTE, "1000.5", "1000.5"),
    ("1,000,000", MEMBERS, 1000000, 1000000),
    ("1.000.000", MEMBERS, 1000000, 1000000),
    ("1,5", FTE, "1.5", "1.5"),
    ("1.5", FTE, "1.5", "1.5"),
    ("1,50,000", MEMBERS, FORMAT, FORMAT),
    ("1.0.0", MEMBERS, FORMAT, FORMAT),
    ("1 0", MEMBERS, FORMAT, FORMAT),
    ("1 000 0", MEMBERS, FORMAT, FORMAT),
    ("1,000 000", MEMBERS, FORMAT, FORMAT),
    ("1.000,000", FTE, "1000", "1000"),
    ("1,000.000,5", FTE, FORMAT, FORMAT),
    ("1 000,000.5", FTE, FORMAT, FORMAT),
    ("-1", MEMBERS, BELOW, BELOW),
    ("\u22121", MEMBERS, BELOW, BELOW),
    ("1e3", MEMBERS, FORMAT, FORMAT),
    ("0x10", MEMBERS, FORMAT, FORMAT),
    ("\u0661\u0665", MEMBERS, FORMAT, FORMAT),
    ("20 %", FTE, FORMAT, FORMAT),
    ("noin 8", MEMBERS, FORMAT, FORMAT),
    ("8 htv", FTE, FORMAT, FORMAT),
    ("  7  ", MEMBERS, 7, 7),
    ("7\u00a0", MEMBERS, 7, 7),
    ("9" * 400, MEMBERS, ABOVE, ABOVE),
    ("9" * 400, FTE, ABOVE, ABOVE),
    ("14.999999999999999999", MEMBERS, WHOLE, WHOLE),
    ("15.0", MEMBERS, 15, 15),
    ("15,0", MEMBERS, 15, 15),
    ("5.", MEMBERS, FORMAT, FORMAT),
    ("1,,000", MEMBERS, FORMAT, FORMAT),
    ("-", MEMBERS, FORMAT, FORMAT),
    ("0.000000000000000000000000000000000001", FTE, "1E-36", "1E-36"),
]


@pytest.mark.parametrize(("text", "field", "en", "fi"), ROWS, ids=[f"{r[0][:20]!r}-{r[1]}" for r in ROWS])
@pytest.mark.parametrize("lang", ["en", "fi"])
def test_row(text, field, en, fi, lang):
    expected = en if lang == "en" else fi
    result = checker.evaluate({field: text}, lang)
    if expected in (AMBIGUOUS, FORMAT, ABOVE, BELOW, WHOLE):
        (error,) = result["errors"]
        assert error["field"] == field
        assert ERROR_WORDS[(lang, expected)] in error["message"], error["message"]
        return
    answer = {a["id"]: a for a in result["answers"]}[field]
    assert answer["state"] == "answered"
    if isinstance(expected, int):
        assert answer["value"] == expected
    else:
        assert Decimal(answer["value"]) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "   ", "\u00a0", "\t\n"])
@pytest.mark.parametrize("lang", ["en", "fi"])
def test_blank_text_is_unknown(text, lang):
    result = checker.evaluate({MEMBERS: text, FTE: text}, lang)
    answers = {a["id"]: a for a in result["answers"]}
    assert answers[MEMBERS]["state"] == answers[FTE]["state"] == "unknown"


def test_ambiguous_messages_give_both_readings_and_how_to_write_each():
    fi = checker.evaluate({FTE: "2,125"}, "fi")["errors"][0]["message"]
    assert fi.endswith(
        "”2,125” voi tarkoittaa lukua 2125 tai 2,125. Kirjoita 2125, jos tarkoitit lukua 2125, tai 2,1250, jos tarkoitit lukua 2,125."
    )
    en = checker.evaluate({MEMBERS: "12.500"}, "en")["errors"][0]["message"]
    assert en.endswith(
        "“12.500” could mean 12,500 or 12.5. Write the whole number without a comma or a point, for example 12500."
    )
    # the suggested spellings read back as the intended numbers
    assert checker.evaluate({FTE: "2,1250"}, "fi")["answers"][0]["value"] == "2.125"
    assert checker.evaluate({FTE: "2125"}, "fi")["answers"][0]["value"] == "2125"


def test_json_numbers_are_exact():
    answers = {a["id"]: a for a in checker.evaluate({FTE: 0.1, MEMBERS: Decimal("15.000")}, "en")["answers"]}
    assert answers[FTE]["value"] == "0.1" and answers[MEMBERS]["value"] == 15
    result = checker.evaluate({MEMBERS: Decimal("14.999999999999999999")}, "en")
    assert "whole number" in result["errors"][0]["message"]
    assert checker.evaluate({MEMBERS: 10**400}, "fi")["errors"][0]["message"].endswith("ylimääräisiä numeroita.")


def test_a_value_is_never_rounded():
    long = "0." + "4" * 60
    c = checker.evaluate({FTE: long}, "en")["criteria"][0]
    assert long in c["message"] and ("0.0" + "5" * 58 + "6 FTE is missing") in c["message"]  # 0.5 - 0.444…4, exactly


@pytest.mark.parametrize(("step", "decimals"), [(1, 0), (0.01, 2), (0.5, 1), (Decimal("0.001"), 3), (10, 0)])
def test_decimals_of_step(step, decimals):
    assert decimals_of(step) == decimals


def test_a_field_with_three_decimals_reads_the_decimal():
    assert parse_text("1,000", "fi", 3).value == Decimal("1.000")
    assert parse_text("1,000", "fi", 2).error == "ambiguous"
