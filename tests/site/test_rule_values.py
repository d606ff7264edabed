"""Numbers the rules hold are never typed into pages: pages name them
(`{{ rules.fee.bronze_onsite }}`, `<!-- fees-table -->`) and the build puts in
the value from checker/rules.toml. Change a fee in a copy of the rules and the
page changes. Built on the fixture site."""

import re
import shutil

import pytest

from tests.project import ROOT, build, fixture_site

FEE = re.compile(r'(id = "bronze_onsite"\nlabel_id = "bronze"\namount_eur = )(\d+)')


def built(tmp_path, fee=None):
    source = tmp_path / "src"
    shutil.copytree(ROOT / "checker", source / "checker", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "LICENSE"):  # the checker is built as a wheel from its project
        shutil.copy(ROOT / name, source / name)
    if fee is not None:
        rules = source / "checker" / "rules.toml"
        text, count = FEE.subn(lambda m: f"{m.group(1)}{fee}", rules.read_text(encoding="utf-8"))
        assert count == 1
        rules.write_text(text, encoding="utf-8")
    site = fixture_site(tmp_path / "site")
    result = build(site, PYTHONPATH=str(source))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return {lang: (site / "site" / prefix / "checker" / "index.html").read_text(encoding="utf-8") for lang, prefix in (("fi", ""), ("en", "en"))}


def test_values_come_from_the_rules_in_each_language(tmp_path):
    pages = built(tmp_path)
    assert "{{" not in pages["fi"] and "{{" not in pages["en"]
    assert "maksaa 2\u00a0250\u00a0€ paikan päällä" in pages["fi"]
    assert "costs EUR\u00a02,250 on site" in pages["en"]
    assert "vähintään 15, työpanosta 0,5 htv" in pages["fi"]
    assert "At least 15 members and 0.5 FTE" in pages["en"]
    assert "toinen arviointi 1,5–2 vuoden" in pages["fi"]
    assert re.search(r"<td>Pronssi, vertailuarviointi paikan päällä[^<]*</td>\s*<td[^>]*>2\u00a0250\u00a0€</td>", pages["fi"])


def test_a_fee_changed_in_the_rules_changes_the_page(tmp_path):
    pages = built(tmp_path, fee=2500)
    assert "maksaa 2\u00a0500\u00a0€ paikan päällä" in pages["fi"]
    assert "costs EUR\u00a02,500 on site" in pages["en"]
    assert "2\u00a0250" not in pages["fi"]


def test_an_unknown_value_fails_the_build_naming_page_and_name(tmp_path):
    site = fixture_site(tmp_path)
    page = site / "docs" / "index.fi.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ rules.fee.platinum }}\n", encoding="utf-8")
    result = build(site)
    assert result.returncode != 0
    assert "index.fi.md: unknown rules value 'fee.platinum'" in result.stdout + result.stderr



# Typed numbers the rules hold: fees, thresholds, validity periods and windows.
TYPED = {
    "fi": ("2 250", "1 650", "3 620", "8 250", "6 765", "0,5 htv", "1,5–2", "voimassa kaksi vuotta", "kolme vuotta", "kolmella vuodella",
           "vähintään 15 ", "31 laatuindikaattori", "36 indikaattori", "80 %", "80 prosenttia"),
    "en": ("2,250", "1,650", "3,620", "8,250", "6,765", "0.5 FTE", "1.5 to 2", "for two years", "three years", "three more",
           "at least 15 ", "31 quality indicators", "36 indicators", "80%"),
}


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_project_pages_hold_no_number_the_rules_hold(lang):
    """The labels, glossary and Finland pages name the fees, thresholds and periods instead of typing them."""
    for name in ("labels", "glossary", "finland"):
        text = re.sub(r"https?://\S+", "", (ROOT / "docs" / f"{name}.{lang}.md").read_text(encoding="utf-8"))
        for typed in TYPED[lang]:
            assert typed not in text, (name, typed)
