"""Search, in the browser, against the built site: the query table
(tests/search_queries.toml: compound parts, inflected words, whole compounds,
titles), each language finding its own pages only, the header's search box by
keyboard and on a phone, its accessible names, and axe. How fast results
appear is measured by the bench (scripts/sitetools/bench_search.py), not here:
a test must pass on a busy machine."""

import os
import re
import tomllib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sitebuild import decompound
from sitebuild.languages import t
from sitebuild.search import ALIAS, SPLIT

from .helpers import axe_violations

pytestmark = pytest.mark.browser

TABLE = tomllib.loads((Path(__file__).resolve().parents[1] / "search_queries.toml").read_text(encoding="utf-8"))
SEARCH = {"fi": "/search/", "en": "/en/search/"}
PAGE = "[data-site-search=page]"
HEADER = "[data-site-search=header]"
LABELS = {lang: t(lang, "search.label") for lang in SEARCH}


@pytest.fixture(scope="module")
def voikko():
    """The Finnish rows need the index built with Voikko (the build and the
    tests run on the same machine). CI installs it (.ci/run): there, its
    absence is a failure, elsewhere a skip that says what to install."""
    analyser, why = decompound.load()
    if analyser is None:
        message = f"Voikko is needed for Finnish compound words: {why}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    analyser.close()


def open_search(page, site_url, lang, query=""):
    page.goto(site_url + SEARCH[lang] + (f"?q={query}" if query else ""))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(PAGE)).to_have_attribute("data-search-ready", "true")


def search(page, query):
    """Runs `query` on the search page; [(url, [highlighted words]), ...] of every result."""
    page.fill(f"{PAGE} .site-search__input", query)
    page.press(f"{PAGE} .site-search__input", "Enter")
    root = page.locator(f'{PAGE}[data-state=done][data-query="{query}"]')
    expect(root).to_have_count(1)
    more = page.locator(f"{PAGE} .site-search__more")
    while more.is_visible():
        count = page.locator(f"{PAGE} .site-search__result").count()
        more.click()
        expect(page.locator(f"{PAGE} .site-search__result")).not_to_have_count(count)
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector + " .site-search__result")].map((item) => [
             item.querySelector("a").getAttribute("href"),
             [...item.querySelectorAll("mark")].map((mark) => mark.textContent.toLowerCase()),
             item.innerText,
           ])""",
        PAGE,
    )


def check(row, found):
    """What is wrong with the results of one row of the table ("" if nothing)."""
    urls = [url for url, _, _ in found]
    if row["page"] not in urls:
        return f"{row['page']} not found (got {urls[:5]})"
    position = urls.index(row["page"]) + 1
    if position > row.get("rank", len(urls)):
        return f"{row['page']} is #{position}, wanted in the first {row['rank']} (got {urls[:5]})"
    marks = found[position - 1][1]
    if "highlight" in row and not any(row["highlight"] in mark for mark in marks):
        return f"{row['page']} highlights {marks[:8]}, none with {row['highlight']!r}"
    return ""


def no_clutter(found):
    """The index's marks never reach the screen, nor do the gaps where base forms were."""
    for url, _, text in found:
        for word in text.split():
            assert not word.startswith(ALIAS), (url, word)
            assert SPLIT not in word, (url, word)
        assert not re.search(r"\w \)", text), (url, text)


def test_finnish_query_table(page, site_url, voikko, record_property):
    open_search(page, site_url, "fi")
    failures = {}
    for row in TABLE["fi"]:
        found = search(page, row["query"])
        problem = check(row, found)
        if problem:
            failures[row["query"]] = problem
        assert all(not url.startswith("/en/") for url, _, _ in found), (row["query"], "an English page")
        no_clutter(found)
    assert len(TABLE["fi"]) >= 20
    assert failures == {}
    assert page.console_errors == []


def test_english_query_table(page, site_url):
    open_search(page, site_url, "en")
    failures = {}
    for row in TABLE["en"]:
        found = search(page, row["query"])
        problem = check(row, found)
        if problem:
            failures[row["query"]] = problem
        assert all(url.startswith("/en/") for url, _, _ in found), (row["query"], "a Finnish page")
        no_clutter(found)
    assert failures == {}


def test_each_language_finds_its_own_pages_only(page, site_url):
    open_search(page, site_url, "fi")
    found = search(page, "label")  # an English word, on Finnish pages only in names
    assert all(not url.startswith("/en/") for url, _, _ in found)
    found = search(page, "klusteri")
    assert len(found) >= 5 and all(not url.startswith("/en/") for url, _, _ in found)
    open_search(page, site_url, "en")
    found = search(page, "klusteri")  # a Finnish word, on English pages only in names
    assert all(url.startswith("/en/") for url, _, _ in found)
    found = search(page, "clusters")
    assert len(found) >= 5 and all(url.startswith("/en/") for url, _, _ in found)


def test_finnish_inflected_forms_find_the_base_word(page, site_url):
    """Pagefind's own Finnish stemming, with or without Voikko."""
    open_search(page, site_url, "fi")
    for query, stem in (("klusterien", "kluster"), ("laatumerkin", "laatumerk")):
        found = search(page, query)
        marks = {mark for _, marks, _ in found for mark in marks}
        assert any(stem in mark and mark != query for mark in marks), (query, sorted(marks)[:10])


def test_query_in_the_address_runs_the_search(page, site_url):
    open_search(page, site_url, "fi", "laatumerkin")
    expect(page.locator(f'{PAGE}[data-query="laatumerkin"]')).to_have_count(1)
    expect(page.locator(f"{PAGE} .site-search__input")).to_have_value("laatumerkin")
    expect(page.locator(f"{PAGE} .site-search__status")).to_contain_text("laatumerkin")
    # a new search keeps the address shareable
    search(page, "maksu")
    assert page.url.endswith("/search/?q=maksu")


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_page_has_the_search_box_in_its_language(page, site_url, lang):
    prefix = "" if lang == "fi" else "/en"
    for path in ("/", "/labels/", "/checker/", "/articles/north-savo-energy-cluster-bronze/"):
        page.goto(site_url + prefix + path)
        box = page.locator(f"{HEADER} .site-search__input")
        expect(box).to_be_visible()
        expect(box).to_have_attribute("aria-label", LABELS[lang])
        expect(page.locator(f"{HEADER} form[role=search]")).to_have_attribute("aria-label", LABELS[lang])
        assert page.eval_on_selector(f"{HEADER} form", "form => form.action") == site_url + SEARCH[lang]
    # the search page has its own form, with a visible label, and no second box in the header
    page.goto(site_url + SEARCH[lang])
    expect(page.locator(HEADER)).to_have_count(0)
    expect(page.locator(f"{PAGE} label[for=site-search-page-input]")).to_be_visible()


def test_header_search_by_keyboard(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + "/labels/")
    box = page.locator(f"{HEADER} .site-search__input")
    for _ in range(30):  # Tab from the top of the page reaches the box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('site-search__input')"):
            break
    expect(box).to_be_focused()
    page.keyboard.type("maksu")
    panel = page.locator(f"{HEADER} .site-search__panel")
    expect(page.locator(f'{HEADER}[data-query="maksu"]')).to_have_count(1)
    expect(panel).to_be_visible()
    expect(page.locator(f"{HEADER} .site-search__status")).to_contain_text("”maksu”")
    first = page.locator(f"{HEADER} .site-search__result a").first
    expect(first).to_have_attribute("href", "/labels/")
    # Down moves into the results, Up back to the box, Escape closes them
    page.keyboard.press("ArrowDown")
    expect(first).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(box).to_be_focused()
    # Enter: all results on the search page
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + "/search/?q=maksu")
    expect(page.locator(f'{PAGE}[data-query="maksu"] .site-search__result a').first).to_have_attribute(
        "href", "/labels/"
    )
    # a result opens by keyboard too
    page.goto(site_url + "/en/")
    page.fill(f"{HEADER} .site-search__input", "fee")
    expect(page.locator(f'{HEADER}[data-query="fee"]')).to_have_count(1)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + "/en/labels/")
    assert page.console_errors == []


def test_header_search_on_a_phone(page, site_url):
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(site_url + "/why-join/")
    box = page.locator(f"{HEADER} .site-search__input")
    toggle = page.locator(f"{HEADER} .site-search__toggle")
    expect(box).to_be_hidden()
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-label", "Avaa haku")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(box).to_be_focused()
    page.keyboard.type("yritys")
    first = page.locator(f"{HEADER} .site-search__result a").first
    expect(first).to_have_attribute("href", "/why-join/")
    # the results fit the screen
    width = page.evaluate(f"document.querySelector('{HEADER} .site-search__panel').getBoundingClientRect().width")
    assert width <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.keyboard.press("Escape")  # closes the results
    page.keyboard.press("Escape")  # closes the box
    expect(box).to_be_hidden()
    expect(toggle).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "false")


def test_header_search_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 700})
    page = context.new_page()
    page.goto(site_url + "/en/labels/")
    link = page.locator(f"{HEADER} .site-search__link")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", "../search/")
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.locator(f"{HEADER} form")).to_have_attribute("action", "../search/")
    expect(page.locator(f"{HEADER} .site-search__input")).to_be_visible()
    context.close()


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("width", [375, 1280])
def test_header_search_passes_axe(page, site_url, lang, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + ("/labels/" if lang == "fi" else "/en/labels/"))
    assert axe_violations(page, ".md-header") == [], "closed"
    if width < 960:
        page.click(f"{HEADER} .site-search__toggle")
    query = "merkki" if lang == "fi" else "fee"
    page.fill(f"{HEADER} .site-search__input", query)
    expect(page.locator(f"{HEADER} .site-search__panel")).to_be_visible()
    expect(page.locator(f'{HEADER}[data-query="{query}"]')).to_have_count(1)
    assert axe_violations(page, ".md-header") == [], "with results"  # the results are in the header


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_search_page_passes_axe(page, site_url, lang):
    open_search(page, site_url, lang)
    assert axe_violations(page) == [], "empty search"
    search(page, "klusterien" if lang == "fi" else "clusters")
    assert axe_violations(page) == [], "with results"
    open_search(page, site_url, lang, "xyzzyqwerty")  # from the top: the header is not mid-transition
    expect(page.locator(f'{PAGE}[data-state=done][data-query="xyzzyqwerty"]')).to_have_count(1)
    expect(page.locator(f"{PAGE} .site-search__status")).to_contain_text("xyzzyqwerty")
    expect(page.locator(f"{PAGE} .site-search__result")).to_have_count(0)
    assert axe_violations(page) == [], "no results"
