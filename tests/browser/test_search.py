"""Search, in the browser: Pagefind's UI on each language's search page finds
only that language's pages, Finnish inflected forms find their base words,
and the search page passes axe. (How fast results appear is measured by
`make bench`, not here: a test must pass on a busy machine.)"""

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SEARCH = {"fi": "/search/", "en": "/en/search/"}

# inflected query -> the stem every matched word must share; the base word must be among the matches
FINNISH = {
    "klusterien": ("klusteri", "klusteri"),
    "laatumerkin": ("laatumerk", "laatumerkki"),
    "klusteriorganisaatioiden": ("klusteriorganisaatio", "klusteriorganisaatio"),
    "pronssimerkin": ("pronssimerk", "pronssimerkki"),
}

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}

# Types the query into Pagefind's box and resolves, once the results for it
# are on the page, with the time from the keystroke to that moment.
TIMED_SEARCH = """async (query) => {
  const box = document.querySelector("#site-search input.pagefind-ui__search-input");
  const root = document.getElementById("site-search");
  const shown = () => {
    const message = root.querySelector(".pagefind-ui__message");
    return message && message.textContent.includes(query) && root.querySelector(".pagefind-ui__result-link");
  };
  return await new Promise((resolve) => {
    const start = performance.now();
    const observer = new MutationObserver(() => {
      if (shown()) { observer.disconnect(); resolve(performance.now() - start); }
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    box.value = query;
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });
}"""


def open_search(page, site_url, lang):
    page.goto(site_url + SEARCH[lang])
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#site-search input.pagefind-ui__search-input")).to_be_visible()
    # the page has loaded Pagefind and its index (search.js warms them up on load)
    expect(page.locator("#site-search")).to_have_attribute("data-search-ready", "true")


def results(page):
    """[(url, [marked words])] of the results on the page, after every result has loaded."""
    links = page.locator("#site-search .pagefind-ui__result-link")
    expect(links.first).to_be_visible()
    page.wait_for_function(
        "() => !document.querySelector('#site-search .pagefind-ui__loading')"
    )  # a function: an expression string is eval'd, which the page's CSP forbids
    found = []
    for result in page.locator("#site-search .pagefind-ui__result").all():
        url = result.locator(".pagefind-ui__result-link").first.get_attribute("href")
        marks = [m.lower() for m in result.locator("mark").all_inner_texts()]
        found.append((url, marks))
    return found


def search(page, query):
    elapsed = page.evaluate(TIMED_SEARCH, query)
    return elapsed, results(page)


def clear(page):
    page.fill("#site-search input.pagefind-ui__search-input", "")
    expect(page.locator("#site-search .pagefind-ui__result")).to_have_count(0)


def words(text):
    return re.findall(r"\w+", text.lower())


def test_inflected_finnish_queries_find_their_base_words(page, site_url, record_property):
    open_search(page, site_url, "fi")
    report = {}
    for query, (stem, base) in FINNISH.items():
        elapsed, found = search(page, query)
        assert found, f"no results for {query!r}"
        urls = [url for url, _ in found]
        assert all(not url.startswith("/en/") for url in urls), (query, urls)
        marked = {w for _, marks in found for mark in marks for w in words(mark)}
        assert base in marked or any(w.startswith(base) for w in marked), (query, sorted(marked)[:20])
        assert any(w != query and w.startswith(stem) for w in marked), (query, sorted(marked)[:20])
        message = page.locator("#site-search .pagefind-ui__message").inner_text()
        report[query] = {
            "ms": round(elapsed),
            "message": message,
            "top": urls[:3],
            "matched": sorted(w for w in marked if w.startswith(stem))[:8],
        }
        clear(page)
    record_property("finnish_search", json.dumps(report, ensure_ascii=False))
    print("\nFinnish search:", json.dumps(report, ensure_ascii=False, indent=1))
    assert page.console_errors == []


def test_finnish_search_page_finds_finnish_pages_only(page, site_url):
    open_search(page, site_url, "fi")
    _, found = search(page, "klusteri")
    urls = [url for url, _ in found]
    assert len(urls) >= 5
    assert all(url.startswith("/") and not url.startswith("/en/") for url in urls), urls
    clear(page)
    _, found = search(page, "energiaklusterin")
    assert "/articles/north-savo-energy-cluster-bronze/" in [url.split("#")[0] for url, _ in found]


def test_english_search_page_finds_english_pages_only(page, site_url):
    open_search(page, site_url, "en")
    _, found = search(page, "clusters")
    urls = [url for url, _ in found]
    assert len(urls) >= 5
    assert all(url.startswith("/en/") for url in urls), urls
    clear(page)
    # An English stem: "labelled" finds "label"
    _, found = search(page, "labelled")
    marked = {w for _, marks in found for mark in marks for w in words(mark)}
    assert "label" in marked or "labels" in marked, sorted(marked)[:20]
    # A Finnish word on an English page is not a hit on a Finnish page
    clear(page)
    _, found = search(page, "klusteri")
    assert all(url.startswith("/en/") for url, _ in found)


def test_search_ui_speaks_the_page_language(page, site_url):
    open_search(page, site_url, "fi")
    box = page.locator("#site-search input.pagefind-ui__search-input")
    expect(box).to_have_attribute("aria-label", "Hae sivustolta")
    expect(page.locator("#site-search form[role=search]")).to_have_attribute("aria-label", "Hae tältä sivustolta")
    open_search(page, site_url, "en")
    expect(box).to_have_attribute("aria-label", "Search this site")


def test_query_in_the_address_runs_the_search(page, site_url):
    page.goto(site_url + SEARCH["fi"] + "?q=laatumerkin")
    expect(page.locator("#site-search .pagefind-ui__result-link").first).to_be_visible()
    expect(page.locator("#site-search .pagefind-ui__message")).to_contain_text("laatumerkin")


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_search_page_with_results_passes_axe(page, site_url, lang):
    open_search(page, site_url, lang)
    assert _violations(page) == [], "empty search"
    search(page, "klusterien" if lang == "fi" else "clusters")
    assert _violations(page) == [], "with results"


def _violations(page):
    response = Axe().run(page, options=AXE_OPTIONS).response
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:5]}" for v in response["violations"]]
