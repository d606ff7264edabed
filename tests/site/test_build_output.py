"""The built site (site/): article lists, bylines, feeds, sitemap, page
metadata, the search index and the header file."""

import gzip
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from sitebuild import articles
from sitebuild.languages import format_date, t
from tests.project import ROOT, languages, site_documents, site_pages

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ARTICLES = articles.load_articles(ROOT / "docs", languages())


def site_url():
    """As mkdocs.yml: `site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]`."""
    return os.environ.get("SITE_URL", "http://127.0.0.1:8000/").rstrip("/") + "/"


class Head(HTMLParser):
    """<html lang>, <meta> and <link> of a page."""

    def __init__(self):
        super().__init__()
        self.lang, self.meta, self.links = None, {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)


def head(path):
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(site_dir):
    """Each page's address relative to the site's root ("", "en/labels/") and its file."""
    for url, path in site_pages(site_dir).items():
        yield url.removeprefix("/"), path


def resolve(site_dir, page_path, href):
    if href.startswith("/"):
        return (site_dir / href.lstrip("/")).resolve()
    return (page_path.parent / href).resolve()


def test_the_tests_listing_of_documents_misses_no_html_file(site_dir):
    """The tests that look at every page, 404 page or the editor read tests.project's
    listings: a new kind of HTML file must be added there, not left out unseen."""
    served = {
        path
        for path in site_dir.rglob("*.html")
        if not path.relative_to(site_dir).as_posix().startswith(("assets/", "pagefind/"))
    }
    assert set(site_documents(site_dir).values()) == served
    assert set(site_pages(site_dir).values()) < served


def test_every_article_exists_in_both_languages():
    assert ARTICLES["fi"] and [a.slug for a in ARTICLES["fi"]] == [a.slug for a in ARTICLES["en"]]


@pytest.mark.parametrize(("lang", "index"), [("fi", "articles/index.html"), ("en", "en/articles/index.html")])
def test_article_list_is_generated_newest_first(site_dir, lang, index):
    html = (site_dir / index).read_text(encoding="utf-8")
    assert "<!-- article-list -->" not in html
    items = re.findall(r'<li class="article-list__item">.*?</li>', html, re.DOTALL)
    assert len(items) == len(ARTICLES[lang])
    dates = [re.search(r'datetime="([\d-]+)"', item).group(1) for item in items]
    assert dates == sorted(dates, reverse=True)
    for item, article in zip(items, ARTICLES[lang], strict=True):
        assert article.title in item
        assert format_date(article.date.isoformat(), lang) in item
        assert all(author.name in item for author in article.authors)
        assert article.summary in item
        assert f'href="../{article.slug}/"' in item or f'href="{article.slug}/"' in item


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_article_page_shows_byline_license_and_citation(site_dir, lang):
    for article in ARTICLES[lang]:
        html = (site_dir / article.url / "index.html").read_text(encoding="utf-8")
        byline = re.search(r'<aside class="article-byline".*?</aside>', html, re.DOTALL).group(0)
        assert html.index("</h1>") < html.index('<aside class="article-byline"')
        for author in article.authors:
            assert f"{author.name}, {author.title}, {author.organisation}" in byline
        assert f'datetime="{article.date.isoformat()}"' in byline
        assert f'href="{article.license_url}" rel="license"' in byline
        assert t(lang, "articles.cite") in byline
        if article.original:  # credited as an adaptation of the original
            assert t(lang, "articles.original") in byline and t(lang, "articles.adaptation") in byline
            assert f"{article.original.title}. {article.original.publisher}." in byline
            assert f"{t(lang, 'articles.adapted_as')} {article.title}." in byline
        else:
            assert f"({article.date.year}). {article.title}." in byline


@pytest.mark.parametrize(("lang", "feed"), [("fi", "feed.xml"), ("en", "en/feed.xml")])
def test_atom_feed_per_language(site_dir, lang, feed):
    root = ET.parse(site_dir / feed).getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    assert root.find(f"{ATOM}id").text == site_url() + feed
    assert root.find(f"{ATOM}updated").text.endswith("Z")
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [a.title for a in ARTICLES[lang]]
    for entry, article in zip(entries, ARTICLES[lang], strict=True):
        link = entry.find(f"{ATOM}link").get("href")
        assert link == site_url() + article.url
        assert (lang == "en") == ("/en/" in link)
        assert entry.find(f"{ATOM}summary").text.startswith(article.summary)
        if article.original:  # the adapter is a contributor, the original is linked "via"
            assert entry.find(f"{ATOM}contributor").find(f"{ATOM}name").text == article.adaptation.by
            assert entry.find(f"{ATOM}link[@rel='via']").get("href") == article.original.url
        assert [a.find(f"{ATOM}name").text for a in entry.findall(f"{ATOM}author")] == [a.name for a in article.authors]
        assert entry.find(f"{ATOM}published").text.startswith(article.date.isoformat())
        assert article.license_url in entry.find(f"{ATOM}rights").text


def test_every_page_links_its_own_language_feed(site_dir):
    for url, path in pages(site_dir):
        lang = "en" if url.startswith("en/") else "fi"
        feeds = [link for link in head(path).links if link.get("type") == "application/atom+xml"]
        assert len(feeds) == 1, url
        expected = site_dir / ("en/feed.xml" if lang == "en" else "feed.xml")
        assert resolve(site_dir, path, feeds[0]["href"]) == expected.resolve(), url


def test_every_page_has_description_and_opengraph_in_its_language(site_dir):
    seen = 0
    for url, path in pages(site_dir):
        lang = "en" if url.startswith("en/") else "fi"
        page = head(path)
        assert page.lang == lang, url
        meta = page.meta
        description = meta.get("description", [None])[0]
        assert description and len(description) >= 40, url
        assert meta["og:description"] == [description], url
        assert meta["og:title"][0], url
        assert meta["og:locale"] == [{"fi": "fi_FI", "en": "en_GB"}[lang]], url
        assert meta["og:url"] == [site_url() + url], url
        assert meta["og:type"][0] in ("website", "article"), url
        seen += 1
    assert seen >= 28


def test_descriptions_differ_between_languages(site_dir):
    fi = head(site_dir / "index.html").meta["description"][0]
    en = head(site_dir / "en" / "index.html").meta["description"][0]
    assert fi != en


def test_article_pages_are_opengraph_articles(site_dir):
    for lang in ("fi", "en"):
        for article in ARTICLES[lang]:
            meta = head(site_dir / article.url / "index.html").meta
            assert meta["og:type"] == ["article"]
            assert meta["article:published_time"] == [article.date.isoformat()]
            assert meta["og:title"] == [article.title]


def test_sitemap_lists_every_page_with_hreflang_alternates(site_dir):
    root = ET.parse(site_dir / "sitemap.xml").getroot()
    urls = {u.find(f"{SM}loc").text: u for u in root.findall(f"{SM}url")}
    built = {site_url() + url for url, _ in pages(site_dir)}
    assert set(urls) == built
    for loc, element in urls.items():
        alternates = {link.get("hreflang"): link.get("href") for link in element.findall(f"{XHTML}link")}
        assert set(alternates) == {"fi", "en", "x-default"}, loc
        assert alternates["x-default"] == alternates["fi"]
        assert alternates["en"].startswith(site_url() + "en/")
        assert not alternates["fi"].startswith(site_url() + "en/")
        assert loc in (alternates["fi"], alternates["en"])
    assert gzip.decompress((site_dir / "sitemap.xml.gz").read_bytes()) == (site_dir / "sitemap.xml").read_bytes()


def test_material_finds_a_sitemap_next_to_every_alternate_link(site_dir):
    """Material fetches sitemap.xml beside each <link rel=alternate>: no 404s."""
    for url, path in pages(site_dir):
        for link in head(path).links:
            if link.get("rel") == "alternate":
                target = resolve(site_dir, path, link["href"])
                folder = target.parent if target.suffix == ".xml" else target
                assert (folder / "sitemap.xml").exists(), (url, link["href"])
                ET.parse(folder / "sitemap.xml")


def test_pagefind_index_per_language(site_dir):
    bundle = site_dir / "pagefind"
    for lang in ("fi", "en"):
        assert list(bundle.glob(f"pagefind.{lang}_*.pf_meta")), lang
    assert (bundle / "pagefind.js").exists() and (bundle / "pagefind-worker.js").exists()
    assert not list(bundle.glob("pagefind-*ui.*"))  # Pagefind's own interfaces: not used, not shipped
    search = (site_dir / "search" / "index.html").read_text(encoding="utf-8")
    assert 'src="../assets/search/search.js"' in search and 'data-bundle="../pagefind/"' in search
    assert "data-pagefind-body" not in search  # the search page itself is not a result
    assert "data-pagefind-body" in (site_dir / "labels" / "index.html").read_text(encoding="utf-8")


def test_headers_file_for_static_hosts(site_dir):
    text = (site_dir / "_headers").read_text(encoding="utf-8")
    csp = re.search(r"Content-Security-Policy: (.+)", text).group(1)
    assert "'unsafe-eval'" not in csp and "'wasm-unsafe-eval'" in csp
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert re.search(r"/assets/pyodide/\*\n\s+Cache-Control: public, max-age=31536000, immutable", text)
    assert re.search(r"/\*\.wasm\n\s+Content-Type: application/wasm", text)
    for header in ("Referrer-Policy: no-referrer", "X-Content-Type-Options: nosniff", "Permissions-Policy:"):
        assert header in text
    nginx = (ROOT / "deploy" / "nginx-headers.conf").read_text(encoding="utf-8")
    assert csp in nginx
