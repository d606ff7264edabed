"""Missing translations and bad front matter stop a strict build with a message
naming the page and field; while writing (`make serve` sets
ALLOW_MISSING_TRANSLATIONS=1) the page falls back with a visible note.
Built on the small fixture site (tests/fixtures/site)."""

import re

import pytest

from tests.project import build, fixture_site


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = fixture_site(tmp_path_factory.mktemp("project"))
    (root / "docs" / "privacy.en.md").unlink()
    (root / "docs" / "articles" / "vain-englanniksi.en.md").write_text(
        (root / "docs" / "articles" / "example.en.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return root


def test_strict_build_lists_every_page_missing_its_other_language(project):
    result = build(project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "2 page(s) missing their other language" in output
    assert "privacy.fi.md has no privacy.en.md" in output
    assert "articles/vain-englanniksi.en.md has no articles/vain-englanniksi.fi.md" in output


def test_while_writing_the_page_falls_back_with_a_note(project):
    result = build(project, ALLOW_MISSING_TRANSLATIONS="1")
    assert result.returncode == 0, result.stderr[-3000:]
    html = (project / "site" / "en" / "privacy" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html
    assert "This page has not been translated yet" in html
    assert '<article class="md-content__inner md-typeset" lang="fi">' in html  # the Finnish text says so
    assert "data-pagefind-body" not in html  # and stays out of the English search
    translated = (project / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert "not been translated" not in translated


def test_bad_front_matter_stops_the_build_naming_file_and_field(tmp_path):
    root = fixture_site(tmp_path)
    article = root / "docs" / "articles" / "example.fi.md"
    text = re.sub(r"^date: .*$", "date: 24.11.2025", article.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
    article.write_text(text, "utf-8")
    result = build(root)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "articles/example.fi.md: front matter field 'date'" in output
    assert "'24.11.2025' is not an ISO date" in output


def test_a_page_without_description_stops_the_build(tmp_path):
    root = fixture_site(tmp_path)
    page = root / "docs" / "index.en.md"
    text = page.read_text(encoding="utf-8")
    page.write_text("\n".join(line for line in text.splitlines() if not line.startswith("description:")), "utf-8")
    result = build(root)
    assert result.returncode != 0
    assert "index.en.md: front matter field 'description': is missing" in result.stdout + result.stderr
