"""criteria_table(): the site's criteria tables come from the rules data."""

import re

import pytest

import checker

RULES = checker.rules_data()


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_table_lists_every_criterion_and_advisory_point(lang):
    md = checker.criteria_table(lang)
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    header, body = rows[0], rows[1:]
    assert header.count("|") == 5
    assert len(body) == len(RULES["criteria"]) + len(RULES["advisory"])
    for row in body:
        assert row.count("|") - row.count("\\|") == 5
    for item in RULES["criteria"] + RULES["advisory"]:
        assert item["name"][lang] in md
    req, adv = RULES["ui"]["required"][lang], RULES["ui"]["advisory"][lang]
    assert sum(adv in r for r in body) == len(RULES["advisory"])
    assert sum(req in r and adv not in r for r in body) == len(RULES["criteria"])


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_table_links_sources_with_dates(lang):
    md = checker.criteria_table(lang)
    links = re.findall(r"\]\((https://[^)\s]+)\)", md)
    assert "https://clustercollaboration.eu/register-your-profile" in links
    assert ("luettu viimeistään 27.11.2026" if lang == "fi" else "seen by 27 November 2026") in md
    assert ("0,5" if lang == "fi" else "0.5") in md


def test_table_without_notes_is_only_the_table():
    md = checker.criteria_table("en", notes=False)
    assert all(line.startswith("|") for line in md.strip().splitlines())


def test_table_mentions_waiver_and_not_checked():
    md = checker.criteria_table("fi")
    assert "ECCP" in md and "toimintavuosia" in md


def test_a_source_title_in_the_other_language_is_marked_with_it():
    """WCAG 3.1.2: an English source title on the Finnish page (and the reverse) carries its language."""
    sources = checker.rules_data()["sources"]
    for lang in ("fi", "en"):
        table = checker.criteria_table(lang)
        for source in sources:
            link = f"]({source['url']})"
            if link not in table:
                continue
            marked = f'{link}{{ lang="{source["title_lang"]}" }}'
            assert (marked in table) == (source["title_lang"] != lang), (lang, source["id"])
