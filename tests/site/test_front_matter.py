"""Front matter validation: every error names the file and the field."""

import datetime as dt
import textwrap

import pytest

from scripts import articles as A

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
    with pytest.raises(A.FrontMatterError) as caught:
        A.parse_article(path)
    assert str(path) in str(caught.value)
    return caught.value


def test_a_complete_article_parses(tmp_path):
    article = A.parse_article(write(tmp_path, GOOD))
    assert article.slug == "uusi" and article.lang == "fi"
    assert article.date == dt.date(2026, 1, 15)
    assert article.authors[0] == A.Author("Maija Meikäläinen", "TKI-asiantuntija", "Savonia-ammattikorkeakoulu")
    assert article.license_url == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert article.url == "articles/uusi/"
    assert A.parse_article(write(tmp_path, GOOD, "uusi.en.md")).url == "en/articles/uusi/"


def test_license_defaults_to_cc_by_sa(tmp_path):
    article = A.parse_article(write(tmp_path, GOOD.replace("license: CC BY-SA 4.0\n", "")))
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
        (('  - title: "Lähde"\n', '  - title: ""\n'), "sources[1]"),
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
    with pytest.raises(A.FrontMatterError) as caught:
        A.check_pages(tmp_path)
    assert caught.value.field == "description"
    assert "sivu.fi.md" in str(caught.value)


def test_missing_translations_are_listed(tmp_path):
    for name in ("a.fi.md", "a.en.md", "b.fi.md", "articles/c.en.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("# x\n", encoding="utf-8")
    assert A.missing_translations(tmp_path) == [("articles/c.en.md", "articles/c.fi.md"), ("b.fi.md", "b.en.md")]


def test_the_project_itself_is_valid():
    found = A.check_pages(A_ROOT / "docs")
    assert [a.slug for a in found["fi"]] == [a.slug for a in found["en"]]
    assert A.missing_translations(A_ROOT / "docs") == []


def test_citation_and_dates():
    article = A.Article(
        path=None,
        slug="x",
        lang="en",
        title="T",
        description="d",
        date=dt.date(2025, 11, 24),
        authors=[A.Author("Laura Leppänen", "t", "o"), A.Author("Kirsi Kinnunen", "t", "o")],
        license="CC BY-SA 4.0",
        summary="s",
    )
    assert A.citation(article, "Site", "https://x/") == "Leppänen, L. & Kinnunen, K. (2025). T. Site. https://x/"
    assert A.format_date(article.date, "fi") == "24.11.2025"
    assert A.format_date(article.date, "en") == "24 November 2025"


from pathlib import Path

A_ROOT = Path(__file__).resolve().parent.parent.parent
