"""The built site's markup around the content: the Content-Security-Policy in
every page (and the same policy in deploy/nginx.conf), tables with captions
in labelled scrolling regions, images with their sizes, card titles as
headings, a 404 page in each language, feeds that parse, and a privacy page that names
the stores the checker keeps files in."""

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest

import checker
from sitebuild import csp, editor
from sitebuild.checker_plugin import PROTOCOL
from sitebuild.languages import t
from tests.project import ROOT, languages, site_documents

from .dom import parse, words

HEADERS = ROOT / "deploy" / "_headers"
NGINX = ROOT / "deploy" / "nginx.conf"
NGINX_HEADERS = ROOT / "deploy" / "nginx-headers.conf"


def html_pages(site_dir):
    return list(site_documents(site_dir).values())


# --- the Content-Security-Policy ---------------------------------------------------


def test_the_policy_is_read_from_the_site_wide_block_of_the_headers_file():
    policy = csp.policy(HEADERS)
    assert policy.startswith("default-src 'self'")
    assert "frame-ancestors 'none'" in policy


def test_a_meta_tag_gets_the_policy_less_what_it_cannot_hold():
    policy = "default-src 'self'; frame-ancestors 'none'; script-src 'self'; report-uri /r; sandbox; img-src data:"
    assert csp.meta_policy(policy) == "default-src 'self'; script-src 'self'; img-src data:"
    assert csp.meta_policy(csp.policy(HEADERS)) == csp.policy(HEADERS).replace("; frame-ancestors 'none'", "")


def test_a_headers_file_without_a_site_wide_block_is_an_error(tmp_path):
    broken = tmp_path / "_headers"
    broken.write_text("/sw.js\n  Cache-Control: no-cache\n", encoding="utf-8")
    with pytest.raises(csp.HeadersError, match="no `/\\*` block"):
        csp.policy(broken)


def test_every_page_carries_the_policy_as_its_first_meta_after_the_charset(site_dir):
    site_wide = csp.meta_policy(csp.policy(HEADERS))
    pages = html_pages(site_dir)
    assert len(pages) >= 20
    for path in pages:
        admin = path.relative_to(site_dir).parts[0] == editor.ADMIN_DIR  # the editor has its own block
        expected = editor.csp(HEADERS, "http://127.0.0.1:8081/api/v1", meta=True) if admin else site_wide
        head = parse(path).find("head")
        assert head is not None, path
        first = [e for e in head.iter() if e.tag in ("meta", "link", "script", "style", "title", "base")][:2]
        assert first[0].attrs.get("charset") == "utf-8", path
        assert first[1].attrs.get("http-equiv") == "Content-Security-Policy", path
        assert first[1].attrs.get("content") == expected, path


def test_nginx_sends_the_same_policies():
    def sent(path):
        return re.findall(r'add_header Content-Security-Policy "([^"]+)"', path.read_text(encoding="utf-8"))

    assert sent(NGINX_HEADERS) == [csp.policy(HEADERS)]  # every location includes these
    assert sent(NGINX) == [editor.csp(HEADERS)]  # /admin/ only


# --- tables, images, headings ---------------------------------------------------------


def test_every_table_has_a_caption_and_every_markdown_table_scrolls_in_a_labelled_region(site_dir):
    seen = 0
    for path in html_pages(site_dir):
        doc = parse(path)
        for table in doc.iter("table"):
            seen += 1
            caption = table.find("caption")
            assert caption is not None and words(caption.text()), (path, "table without a caption")
            if table.attrs:  # a plugin's own table brings its own wrapper
                continue
            region = table.parent
            assert region.has("class", "table-scroll"), path
            assert region.attrs.get("role") == "region" and region.attrs.get("tabindex") == "0", path
            assert region.attrs.get("aria-labelledby") == caption.attrs.get("id"), path
    assert seen >= 10


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_generated_and_authored_captions(site_dir, lang):
    prefix = languages().prefix(lang)
    checker = parse(site_dir / prefix / "checker" / "index.html")
    caption = checker.find("caption")
    assert words(caption.text()) == t(lang, "tables.criteria")
    assert not caption.has("class", "visually-hidden")  # a visible caption, from the interface strings
    labels = parse(site_dir / prefix / "labels" / "index.html")
    captions = [c for c in labels.iter("caption")]
    assert captions and all(c.has("class", "visually-hidden") for c in captions)  # named by their headings
    assert f"{t(lang, 'tables.caption_marker')}:" not in words(checker.text())


def test_every_image_has_width_and_height(site_dir):
    seen = 0
    for path in html_pages(site_dir):
        for img in parse(path).iter("img"):
            seen += 1
            assert (img.attrs.get("width") or "").isdigit() and (img.attrs.get("height") or "").isdigit(), (
                path,
                img.attrs,
            )
    assert seen >= 4


def test_the_ladder_diagram_keeps_its_proportions(site_dir):
    img = next(i for i in parse(site_dir / "labels" / "index.html").iter("img") if "label-ladder" in i.attrs["src"])
    view_box = re.search(r'viewBox="0 0 (\d+) (\d+)"', (ROOT / "docs/assets/images/label-ladder-fi.svg").read_text())
    w, h = int(view_box.group(1)), int(view_box.group(2))
    assert int(img.attrs["height"]) == round(int(img.attrs["width"]) * h / w)
    assert int(img.attrs["height"]) <= 820  # it used to be shown 1,060 px tall


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_home_page_cards_have_headings_that_stay_out_of_the_contents(site_dir, lang):
    doc = parse(site_dir / languages().prefix(lang) / "index.html")
    cards = doc.find("div", class_="cards")
    titles = [words(h.text()) for h in cards.find_all("h2")]
    assert len(titles) == 3
    assert not cards.find("p", role="heading")
    toc = doc.find("nav", class_="md-nav--secondary")
    toc_titles = [words(a.text()) for a in toc.iter("a")]
    for title in titles:
        assert toc_titles.count(title) <= 1, title


# --- 404 pages ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_a_404_page_in_each_language(site_dir, lang):
    codes = languages()
    path = site_dir / codes.prefix(lang) / "404.html"
    doc = parse(path)
    assert doc.find("html").attrs["lang"] == lang
    assert words(doc.find("h1").text()) == t(lang, "notfound.title")
    assert words(doc.find("title").text()).startswith(t(lang, "notfound.title"))
    assert doc.find("meta", name="robots").attrs["content"] == "noindex"
    body = doc.find("article")
    links = {words(a.text()): a.attrs["href"] for a in body.iter("a")}
    assert links[t(lang, "notfound.home")] == "/" + codes.prefix(lang)
    assert links[t(lang, "notfound.search")] == "/" + codes.prefix(lang) + "search/"
    # every link is absolute: the page is shown at any address
    assert all(href.startswith("/") for href in links.values()), links
    sitemap = body.find("ul", class_="not-found__sitemap")
    assert len(list(sitemap.iter("a"))) >= 10
    for a in sitemap.iter("a"):
        target = site_dir / a.attrs["href"].lstrip("/") / "index.html"
        assert target.exists(), a.attrs["href"]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_404_language_menu_leads_to_the_other_404_and_names_the_current_language(site_dir, lang):
    codes = languages()
    doc = parse(site_dir / codes.prefix(lang) / "404.html")
    menu = doc.find("div", class_="site-language")
    links = {a.attrs["hreflang"]: a for a in menu.iter("a")}
    assert set(links) == set(codes.codes)
    for code, a in links.items():
        assert a.attrs["href"] == "/" + codes.prefix(code) + "404.html"
        assert (a.attrs.get("aria-current") == "true") == (code == lang)
    assert words(menu.find("span", class_="site-language__name").text()) == t(lang, "locale.name")
    assert not doc.find("link", rel="alternate", hreflang="fi")  # a 404 has no language versions to index


@pytest.mark.parametrize("path", ["labels/index.html", "en/labels/index.html", "articles/index.html"])
def test_every_page_names_its_language_in_the_menu(site_dir, path):
    lang = "en" if path.startswith("en/") else "fi"
    menu = parse(site_dir / path).find("div", class_="site-language")
    assert words(menu.find("button").text()).endswith(t(lang, "locale.name") + " " + lang.upper())
    current = [a for a in menu.iter("a") if a.attrs.get("aria-current") == "true"]
    assert len(current) == 1 and current[0].attrs["hreflang"] == lang
    page_dir = (site_dir / path).parent
    for a in menu.iter("a"):  # each language's version of this page
        target = (page_dir / urlsplit(a.attrs["href"]).path / "index.html").resolve()
        assert target == (site_dir / languages().prefix(a.attrs["hreflang"]) / path.removeprefix("en/")).resolve()


# --- feeds ------------------------------------------------------------------------------


def test_every_built_feed_parses(site_dir):
    feeds = [p for p in site_dir.rglob("*.xml") if p.name != "sitemap.xml"]
    assert {p.relative_to(site_dir).as_posix() for p in feeds} >= {"feed.xml", "en/feed.xml"}
    for feed in feeds:
        root = ET.parse(feed).getroot()
        assert root.tag == "{http://www.w3.org/2005/Atom}feed", feed


# --- the privacy page names what the checker keeps -------------------------------


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_privacy_page_names_every_store_the_checker_keeps_files_in(lang):
    """The stores the checker uses, by the names the code uses (protocol.json,
    the service worker's cache prefix); none that the code no longer uses."""
    text = (ROOT / "docs" / f"privacy.{lang}.md").read_text(encoding="utf-8")
    worker = (ROOT / "scripts" / "sitebuild" / "browser" / "service_worker.js").read_text(encoding="utf-8")
    assert "const CACHE = `checker-${VERSION}`;" in worker
    assert "`checker-`" in text
    assert f"`{PROTOCOL['kept']['folder']}`" in text
    assert "snapshot-unpacked" not in text and "snapshot-raw" not in text


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_each_question_says_once_how_to_leave_it_unknown(site_dir, lang):
    """A text or month field, or a group of checkboxes, says how to leave it
    unanswered, once (the interface string, after the question's own hint);
    a radio group has its own "I don't know" choice instead."""
    page = parse(site_dir / languages().prefix(lang) / "checker" / "index.html")
    hints = {e.attrs["id"]: words(e.text()) for e in page.iter("p") if e.has("class", "checker-hint")}
    blank = {"multi": t(lang, "checker.multi_unknown"), "number": t(lang, "checker.blank_unknown")}
    blank |= {"integer": blank["number"], "month": blank["number"]}
    for question in checker.questions(lang):
        hint = hints.get(PROTOCOL["fieldIds"]["hint"].replace("{id}", question["id"]), "")
        sentence = blank.get(question["type"])
        if sentence:
            assert hint.endswith(sentence) and hint.count(sentence) == 1, (question["id"], hint)
        assert words(question.get("hint") or "") in hint, question["id"]
