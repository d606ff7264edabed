"""Front matter validation: every error names the file and the field; what
the front matter says about an adapted article reaches the byline, the
citation and the feed apart from this site's own adaptation."""

import datetime as dt
import re
import textwrap

import pytest

from sitebuild import articles
from sitebuild.front_matter import FrontMatterError, check_page, read_front_matter
from sitebuild.languages import format_date
from tests.project import ROOT, languages

GOOD = """\
---
title: "Klusteri sai hopeamerkin"
description: "Kuvitteellinen klusteri sai hopeamerkin."
date: 2026-01-15
authors:
  - name: Maija Meikäläinen
    title: TKI-asiantuntija
    organisation: Savonia-ammattikorkeakoulu
license: CC BY-SA 4.0
summary: "Lyhyt tiivistelmä."
tags: [hopeamerkki]
sources:
  - title: "Lähde"
    url: https://example.org/lahde
---

# Klusteri sai hopeamerkin
"""


def write(tmp_path, text, name="uusi.fi.md"):
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_for(tmp_path, text, name="uusi.fi.md"):
    path = write(tmp_path, text, name)
    with pytest.raises(FrontMatterError) as caught:
        articles.parse_article(path, languages())
    assert str(path) in str(caught.value)
    return caught.value


def test_a_complete_article_parses(tmp_path):
    article = articles.parse_article(write(tmp_path, GOOD), languages())
    assert article.slug == "uusi" and article.lang == "fi"
    assert article.date == dt.date(2026, 1, 15)
    assert article.authors[0] == articles.Author("Maija Meikäläinen", "TKI-asiantuntija", "Savonia-ammattikorkeakoulu")
    assert article.license_url == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert article.url == "articles/uusi/"
    assert articles.parse_article(write(tmp_path, GOOD, "uusi.en.md"), languages()).url == "en/articles/uusi/"


def test_license_defaults_to_cc_by_sa(tmp_path):
    article = articles.parse_article(write(tmp_path, GOOD.replace("license: CC BY-SA 4.0\n", "")), languages())
    assert article.license == "CC BY-SA 4.0"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (('title: "Klusteri sai hopeamerkin"\n', ""), "title"),
        (('description: "Kuvitteellinen klusteri sai hopeamerkin."\n', ""), "description"),
        (("date: 2026-01-15\n", ""), "date"),
        (("date: 2026-01-15\n", "date: 15.1.2026\n"), "date"),
        (("date: 2026-01-15\n", "date: 2026-02-30\n"), "date"),
        (("    organisation: Savonia-ammattikorkeakoulu\n", ""), "authors[1].organisation"),
        (("  - name: Maija Meikäläinen\n", "  - nimi: Maija Meikäläinen\n"), "authors[1]"),
        (("license: CC BY-SA 4.0\n", "license: GPL\n"), "license"),
        (('summary: "Lyhyt tiivistelmä."\n', 'summary: "TODO: tiivistelmä"\n'), "summary"),
        (("tags: [hopeamerkki]\n", ""), "tags"),
        (("    url: https://example.org/lahde\n", "    url: lahde.fi\n"), "sources[1].url"),
        (('  - title: "Lähde"\n', '  - title: ""\n'), "sources[1].title"),
    ],
)
def test_bad_or_missing_fields_name_file_and_field(tmp_path, change, field):
    old, new = change
    assert old in GOOD
    error = error_for(tmp_path, GOOD.replace(old, new, 1))
    assert error.field == field
    assert f"field '{field}'" in str(error)


def test_authors_must_be_a_list_of_people(tmp_path):
    text = GOOD.replace(
        "  - name: Maija Meikäläinen\n    title: TKI-asiantuntija\n    organisation: Savonia-ammattikorkeakoulu\n",
        "",
    ).replace("authors:\n", "authors: Maija Meikäläinen\n")
    assert error_for(tmp_path, text).field == "authors"


def test_broken_yaml_names_the_file(tmp_path):
    error = error_for(tmp_path, GOOD.replace('title: "Klusteri sai hopeamerkin"', 'title: "Klusteri: [sai'))
    assert "YAML" in str(error)


def test_every_page_needs_a_description(tmp_path):
    (tmp_path / "sivu.fi.md").write_text("---\ntitle: Sivu\n---\n\n# Sivu\n", encoding="utf-8")
    with pytest.raises(FrontMatterError) as caught:
        articles.check_pages(tmp_path, languages())
    assert caught.value.field == "description"
    assert "sivu.fi.md" in str(caught.value)


def test_missing_translations_are_listed(tmp_path):
    for name in ("a.fi.md", "a.en.md", "b.fi.md", "articles/c.en.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("# x\n", encoding="utf-8")
    assert articles.missing_translations(tmp_path, languages()) == [("articles/c.en.md", "articles/c.fi.md"), ("b.fi.md", "b.en.md")]


def test_the_project_itself_is_valid():
    found = articles.check_pages(ROOT / "docs", languages())
    assert [a.slug for a in found["fi"]] == [a.slug for a in found["en"]]
    assert articles.missing_translations(ROOT / "docs", languages()) == []


def article(**changes):
    values = {
        "path": None,
        "slug": "x",
        "lang": "en",
        "prefix": "en/",
        "title": "T",
        "description": "d",
        "date": dt.date(2025, 11, 24),
        "authors": [articles.Author("Laura Leppänen", "t", "o"), articles.Author("Kirsi Kinnunen", "t", "o")],
        "license": "CC BY-SA 4.0",
        "summary": "s",
    }
    return articles.Article(**{**values, **changes})


def test_citation_and_dates():
    assert articles.citation(article(), "Site", "https://x/") == "Leppänen, L. & Kinnunen, K. (2025). T. Site. https://x/"
    assert format_date("2025-11-24", "fi") == "24.11.2025"
    assert format_date("2025-11-24", "en") == "24 November 2025"


ORIGINAL = articles.Original(title="Alkuperäinen", publisher="Savonia-artikkeli Pro", license="CC BY-SA 4.0", url="https://example.org/a")
ADAPTATION = articles.Adaptation(by="The site's editors", changes="Translated.")


def test_an_adaptation_cites_the_original_and_then_this_site():
    adapted = article(original=ORIGINAL, adaptation=ADAPTATION, date=dt.date(2026, 11, 27))
    assert articles.citation(adapted, "Site", "https://x/") == (
        "Leppänen, L. & Kinnunen, K. (n.d.). Alkuperäinen. Savonia-artikkeli Pro. https://example.org/a "
        "Adapted as: T. Site, 27 November 2026. https://x/"
    )
    dated = article(original=articles.Original(**{**ORIGINAL.__dict__, "date": "2025-11"}), adaptation=ADAPTATION)
    assert "(2025). Alkuperäinen." in articles.citation(dated, "Site", "https://x/")


def test_the_byline_keeps_the_original_and_the_adaptation_apart():
    byline = articles.render_byline(article(original=ORIGINAL, adaptation=ADAPTATION, lang="fi", prefix=""), "Sivusto", "u")
    assert "Julkaistu tällä sivustolla:" in byline
    assert 'Alkuperäinen artikkeli:</span> <a href="https://example.org/a">Alkuperäinen</a>' in byline
    assert "julkaisupäivä ei tiedossa" in byline
    assert "Mukautus:</span> The site&#x27;s editors: Translated." in byline
    plain = articles.render_byline(article(lang="fi", prefix=""), "Sivusto", "u")
    assert "Julkaistu:" in plain and "Alkuperäinen artikkeli" not in plain


def test_the_feed_credits_the_original_authors_and_the_adapter():
    from xml.etree import ElementTree as ET

    feed = ET.fromstring(articles.atom_feed([article(original=ORIGINAL, adaptation=ADAPTATION)], "en", "https://x/", "Site", "en/feed.xml", "en/"))
    ns = "{http://www.w3.org/2005/Atom}"
    entry = feed.find(f"{ns}entry")
    assert [a.findtext(f"{ns}name") for a in entry.findall(f"{ns}author")] == ["Laura Leppänen", "Kirsi Kinnunen"]
    assert entry.find(f"{ns}contributor").findtext(f"{ns}name") == "The site's editors"
    assert entry.find(f"{ns}link[@rel='via']").get("href") == "https://example.org/a"
    assert "Adapted from “Alkuperäinen” (Savonia-artikkeli Pro)." in entry.findtext(f"{ns}summary")


def test_an_original_needs_its_adaptation_and_the_other_way_round(tmp_path):
    original = (
        "original:\n  title: Alkuperäinen\n  publisher: Savonia-artikkeli Pro\n  license: CC BY-SA 4.0\n"
    )
    adaptation = "adaptation:\n  by: Toimitus\n  changes: Käännetty.\n"
    assert error_for(tmp_path, GOOD.replace("license: CC BY-SA 4.0\n", "license: CC BY-SA 4.0\n" + original)).field == "adaptation"
    assert error_for(tmp_path, GOOD.replace("license: CC BY-SA 4.0\n", "license: CC BY-SA 4.0\n" + adaptation)).field == "original"
    both = GOOD.replace("license: CC BY-SA 4.0\n", "license: CC BY-SA 4.0\n" + original + adaptation)
    assert articles.parse_article(write(tmp_path, both), languages()).original.publisher == "Savonia-artikkeli Pro"


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("title", '"Otsikko </title><script>alert(1)</script>"', "contains HTML"),
        ("title", '"<img src=x onerror=alert(1)>"', "contains HTML"),
        ("description", '"\\"><script>alert(1)</script>"', "contains HTML"),
        ("summary", '"Rivinvaihto \\v ja \\x01 ohjausmerkki"', "control character (U+000B)"),
        ("description", '"Kuvaus &lt;b&gt;"', "contains HTML"),
    ],
)
def test_html_and_control_characters_fail_naming_file_and_field(tmp_path, field, value, problem):
    text = re.sub(rf"^{field}: .*$", lambda _: f"{field}: {value}", GOOD, count=1, flags=re.MULTILINE)
    error = error_for(tmp_path, text)
    assert error.field == field and problem in error.problem


def test_every_page_is_checked_for_html_in_title_and_description(tmp_path):
    page = tmp_path / "sivu.fi.md"
    page.write_text('---\ntitle: "A <b>bold</b> title"\ndescription: "Kuvaus."\n---\n# Sivu\n', "utf-8")
    with pytest.raises(FrontMatterError) as caught:
        check_page(page, read_front_matter(page)[1])
    assert caught.value.field == "title"


def test_plain_text_with_quotes_ampersands_and_dollars_passes(tmp_path):
    text = GOOD.replace('title: "Klusteri sai hopeamerkin"', """title: 'R&D-klusteri "Hopea" säästi $100'""")
    assert articles.parse_article(write(tmp_path, text), languages()).title == 'R&D-klusteri "Hopea" säästi $100'
