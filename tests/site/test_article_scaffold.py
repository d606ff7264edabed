"""`make article`: sitetools.new_article creates both language files with
front matter that the build refuses until the TODOs are filled in, and never
overwrites an article."""

import datetime as dt
import subprocess
import sys

import pytest

from sitebuild import articles
from sitebuild.front_matter import FrontMatterError, read_front_matter
from sitetools.new_article import create_article, main, slugify
from tests.project import ROOT, languages


def test_slug_from_a_finnish_title():
    assert slugify("Klusteri sai hopeamerkin!") == "klusteri-sai-hopeamerkin"
    assert slugify("Äänekosken Ölyklusteri & Åland") == "aanekosken-olyklusteri-aland"
    assert slugify("  ECEI:n   pronssi  ") == "ecei-n-pronssi"


def test_creates_both_languages_with_front_matter(tmp_path):
    fi, en = create_article(tmp_path, "Klusteri sai hopeamerkin", "Cluster earns Silver", date=dt.date(2026, 3, 2))
    assert fi == tmp_path / "articles" / "klusteri-sai-hopeamerkin.fi.md"
    assert en == tmp_path / "articles" / "klusteri-sai-hopeamerkin.en.md"
    for path, title in ((fi, "Klusteri sai hopeamerkin"), (en, "Cluster earns Silver")):
        body, meta = read_front_matter(path)
        assert meta["title"] == title
        assert meta["date"] == "2026-03-02"
        assert meta["license"] == "CC BY-SA 4.0"
        assert set(meta) >= {"title", "description", "date", "authors", "license", "summary", "tags", "sources"}
        assert set(meta["authors"][0]) == {"name", "title", "organisation"}
        assert f"# {title}" in body
    assert "## Lähteet" in fi.read_text(encoding="utf-8")
    assert "## Sources" in en.read_text(encoding="utf-8")


def test_the_unfilled_article_fails_validation_naming_the_field(tmp_path):
    fi, _ = create_article(tmp_path, "Uusi artikkeli")
    with pytest.raises(FrontMatterError) as caught:
        articles.parse_article(fi, languages())
    assert caught.value.field == "description"
    assert str(fi) in str(caught.value)


def test_filled_in_article_is_valid(tmp_path):
    fi, en = create_article(tmp_path, "Uusi artikkeli", "New article")
    for path in (fi, en):
        text = path.read_text(encoding="utf-8")
        for line in [line for line in text.splitlines() if "TODO" in line]:
            if line.strip().startswith('- "TODO'):  # a list item, e.g. a tag
                text = text.replace(line, '  - "Filled in"')
                continue
            key, _, _ = line.partition(":")
            filled = "https://example.org/source" if key.strip() == "url" else "Filled in"
            text = text.replace(line, f'{key}: "{filled}"')
        path.write_text(text, encoding="utf-8")
        article = articles.parse_article(path, languages())
        assert article.authors[0].organisation == "Filled in"
        assert article.date == dt.date.today()


def test_refuses_to_overwrite_an_existing_article(tmp_path):
    fi, en = create_article(tmp_path, "Uusi artikkeli")
    fi.write_text("my text", encoding="utf-8")
    with pytest.raises(FileExistsError):
        create_article(tmp_path, "Uusi artikkeli")
    assert fi.read_text(encoding="utf-8") == "my text"
    en.unlink()  # even one language existing is enough to refuse
    with pytest.raises(FileExistsError):
        create_article(tmp_path, "Uusi artikkeli")
    assert not en.exists()


def test_command_line(tmp_path, capsys):
    assert main(["--docs", str(tmp_path), "--en", "Cluster news", "Klusteriuutiset"]) == 0
    assert "klusteriuutiset.fi.md" in capsys.readouterr().out
    assert main(["--docs", str(tmp_path), "Klusteriuutiset"]) == 1
    assert "already exists" in capsys.readouterr().err


def test_make_article_without_a_title_and_no_terminal_says_how(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sitetools.new_article", "--docs", str(tmp_path)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "TITLE=" in result.stderr
    assert not (tmp_path / "articles").exists()


HOSTILE_TITLES = [
    'Säästä $100 heti',
    'Klusteri "Hopea" 2025',
    "Tulos `touch {pwned}`",
    "Tulos $(touch {pwned})",
    "Tulos $$(touch {pwned})",
    "Tulos $(shell touch {pwned})",
    'x"; touch {pwned}; echo "',
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_make_article_takes_the_title_literally(tmp_path, title):
    pwned = tmp_path / "pwned"
    title = title.format(pwned=pwned)
    docs = tmp_path / "docs"
    result = subprocess.run(
        ["make", "--no-print-directory", "article", f"TITLE={title}", "TITLE_EN=English", f"DOCS_DIR={docs}"],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not pwned.exists(), "the title ran a command"
    (fi,) = (docs / "articles").glob("*.fi.md")
    assert read_front_matter(fi)[1]["title"] == title
