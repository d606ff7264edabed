"""The knowledge base: every page in both languages with the same structure,
ending with its sources; every built page titled and described; no broken
internal link or anchor anywhere in the built site."""

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

from sitebuild.front_matter import default_license, description_limit, licenses
from tests.project import ROOT, site_documents

DOCS = ROOT / "docs"
# Tool pages: they hold no facts of their own, so they list no sources.
TOOL_PAGES = {"search", "articles/index", "authors-guide", "sources"}


def page_pairs():
    return sorted(p.relative_to(DOCS).as_posix()[: -len(".fi.md")] for p in DOCS.rglob("*.fi.md"))


def second_level_headings(path):
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL | re.MULTILINE)
    return [line[3:].split("{")[0].strip() for line in text.splitlines() if line.startswith("## ")]


@pytest.mark.parametrize("name", page_pairs())
def test_both_languages_have_the_same_sections(name):
    fi, en = DOCS / f"{name}.fi.md", DOCS / f"{name}.en.md"
    assert en.exists(), f"{name} has no English version"
    assert len(second_level_headings(fi)) == len(second_level_headings(en))


@pytest.mark.parametrize("name", [n for n in page_pairs() if n not in TOOL_PAGES])
def test_every_page_ends_with_its_sources(name):
    for lang, title in (("fi", "Lähteet"), ("en", "Sources")):
        headings = second_level_headings(DOCS / f"{name}.{lang}.md")
        assert headings and headings[-1] == title, (name, lang, headings[-1:])


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links, self.title, self.description = set(), [], "", None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "meta" and attrs.get("name") == "description":
            self.description = attrs.get("content")
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def built_pages(site_dir):
    pages = {}
    for path in site_documents(site_dir, editor=False).values():
        parser = Page()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.resolve()] = parser
    return pages


def test_every_page_has_a_title_and_a_description(site_dir):
    pages = built_pages(site_dir)
    assert len(pages) >= 25
    for path, page in pages.items():
        if path.name == "404.html":
            continue
        assert page.title.strip(), path
        assert page.description and len(page.description) <= description_limit(), path


def guide_row(lang, field):
    """The authors' guide's table row for a front-matter field (`field`: its name in each language)."""
    guide = (ROOT / "docs" / f"authors-guide.{lang}.md").read_text(encoding="utf-8")
    (row,) = [line for line in guide.splitlines() if line.startswith(f"| {field[lang]} |")]
    return row


def test_the_authors_guide_gives_the_description_limit_the_build_checks():
    wording = {"fi": "enintään {} merkkiä", "en": "at most {} characters"}
    for lang, text in wording.items():
        row = guide_row(lang, {"fi": "Kuvaus", "en": "Description"})
        assert text.format(description_limit()) in row, (lang, row)


def test_the_authors_guide_names_the_licences_the_build_accepts():
    wording = {"fi": "oletuksena {}", "en": "{} by default"}
    for lang, text in wording.items():
        row = guide_row(lang, {"fi": "Lisenssi", "en": "Licence"})
        assert text.format(default_license()) in row, (lang, row)
        assert set(re.findall(r"CC[\w .-]*?\d\.\d", row)) == set(licenses()), (lang, row)


def test_no_broken_internal_link_or_anchor(site_dir):
    pages = built_pages(site_dir)
    broken = []
    for path, page in pages.items():
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:")):
                continue
            if parts.path:
                base = site_dir if parts.path.startswith("/") else path.parent
                target = (base / unquote(parts.path).lstrip("/")).resolve()
                if target.is_dir():
                    target = target / "index.html"
            else:
                target = path.resolve()
            if not target.exists():
                broken.append(f"{path.relative_to(site_dir.resolve())} -> {href}")
                continue
            if parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{path.relative_to(site_dir.resolve())} -> {href} (no such anchor)")
    assert broken == []
