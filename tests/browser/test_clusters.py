"""The "Find a cluster" table in a real browser: filtering by region and theme
changes the visible rows and announces how many show; all of it works with the
keyboard; no axe violations; no request to another host (the `page` fixture
enforces it) and nothing in the address; without JavaScript the whole table shows;
on a phone the wide tables scroll inside a focusable, labelled region."""

import pytest
from playwright.sync_api import expect

from sitebuild import clusters as C
from sitebuild.languages import t
from tests.project import ROOT, languages

from .conftest import log_requests
from .helpers import axe_violations

pytestmark = pytest.mark.browser

LANGS = languages().codes
DATA = C.load(ROOT / "docs" / C.DATA, LANGS)
FIND = {"fi": "/find-cluster/", "en": "/en/find-cluster/"}
FINLAND = {"fi": "/finland/", "en": "/en/finland/"}


def count(region=None, theme=None):
    return sum(
        1 for c in DATA.directory() if (region is None or c.region == region) and (theme is None or c.theme == theme)
    )


def busiest(field):
    values = [getattr(c, field) for c in DATA.directory()]
    return max(sorted(set(values)), key=values.count)


def visible_rows(page):
    return page.locator("#cluster-directory tbody tr:visible")


def status_text(lang, shown):
    total = len(DATA.directory())
    key = "filter_none" if shown == 0 else "filter_all" if shown == total else "filter_some"
    return t(lang, f"clusters.{key}").format(shown=shown, total=total)


@pytest.mark.parametrize("lang", LANGS)
def test_filtering_changes_the_rows_and_announces_the_count(page, site_url, lang):
    page.goto(site_url + FIND[lang])
    page.wait_for_load_state("networkidle")
    requests_after_load = len(page.context.request_log.urls)
    expect(page.locator("#cluster-filter")).to_be_visible()
    total = len(DATA.directory())
    expect(visible_rows(page)).to_have_count(total)
    status = page.locator("#cluster-filter-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")

    region = busiest("region")
    page.select_option("#cluster-filter-region", region)
    expect(visible_rows(page)).to_have_count(count(region=region))
    expect(status).to_have_text(status_text(lang, count(region=region)))
    for row in visible_rows(page).all():
        assert row.get_attribute("data-region") == region

    theme = next(c.theme for c in DATA.directory() if c.region == region)
    page.select_option("#cluster-filter-theme", theme)
    both = count(region=region, theme=theme)
    expect(visible_rows(page)).to_have_count(both)
    expect(status).to_have_text(status_text(lang, both))

    page.select_option("#cluster-filter-region", "")
    expect(visible_rows(page)).to_have_count(count(theme=theme))

    # A combination that matches nothing says so and how to get out of it.
    lonely = next(t for t in sorted({c.theme for c in DATA.directory()}) if count(region=region, theme=t) == 0)
    page.select_option("#cluster-filter-region", region)
    page.select_option("#cluster-filter-theme", lonely)
    expect(visible_rows(page)).to_have_count(0)
    expect(status).to_have_text(status_text(lang, 0))

    page.click("#cluster-filter-reset")
    expect(visible_rows(page)).to_have_count(total)
    expect(status).to_have_text(status_text(lang, total))

    # The filter lives in the page: no request, nothing in the address.
    assert page.url == site_url + FIND[lang]
    assert len(page.context.request_log.urls) == requests_after_load


def test_the_filter_works_with_the_keyboard_alone(page, site_url):
    page.goto(site_url + FIND["en"])
    page.locator("#cluster-filter-region").focus()
    expect(page.locator("#cluster-filter-region")).to_be_focused()
    page.keyboard.press("ArrowDown")  # the first region after "All regions"
    chosen = page.eval_on_selector("#cluster-filter-region", "s => s.value")
    assert chosen
    expect(visible_rows(page)).to_have_count(count(region=chosen))
    expect(page.locator("#cluster-filter-status")).to_have_text(status_text("en", count(region=chosen)))

    page.keyboard.press("Tab")
    expect(page.locator("#cluster-filter-theme")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#cluster-filter-reset")).to_be_focused()
    page.keyboard.press("Enter")
    expect(visible_rows(page)).to_have_count(len(DATA.directory()))
    expect(page.locator("#cluster-filter-region")).to_be_focused()

    # A row's sources open from the keyboard too.
    summary = page.locator("#cluster-directory details summary").first
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#cluster-directory details").first).to_have_attribute("open", "")


@pytest.mark.parametrize("lang", LANGS)
def test_no_axe_violations(page, site_url, lang):
    page.goto(site_url + FIND[lang])
    expect(page.locator("#cluster-filter")).to_be_visible()
    assert axe_violations(page) == [], "find a cluster"
    page.select_option("#cluster-filter-region", busiest("region"))
    page.locator("#cluster-directory tbody tr:visible details summary").first.click()
    # Clicking scrolls the page; let Material's header finish its fade before axe looks.
    page.wait_for_function("() => document.getAnimations().length === 0")
    assert axe_violations(page) == [], "filtered, sources open"
    page.goto(site_url + FINLAND[lang])
    assert axe_violations(page) == [], "Finland"


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_whole_table_shows(browser, site_url, lang):
    context = log_requests(browser.new_context(java_script_enabled=False, service_workers="block"), site_url)
    log = context.request_log
    page = context.new_page()
    page.goto(site_url + FIND[lang])
    expect(visible_rows(page)).to_have_count(len(DATA.directory()))
    expect(page.locator("#cluster-filter")).to_be_hidden()
    page.goto(site_url + FINLAND[lang])
    expect(page.locator("#labelled-clusters tbody tr:visible")).to_have_count(len(DATA.labelled()))
    context.close()
    assert log.foreign == []


@pytest.mark.parametrize("path", [FIND["fi"], FINLAND["en"]])
def test_on_a_phone_tables_scroll_in_a_focusable_labelled_region(browser, site_url, path):
    context = browser.new_context(viewport={"width": 375, "height": 740}, service_workers="block")
    page = context.new_page()
    page.goto(site_url + path)
    wrapper = page.locator(".cluster-table-scroll").first
    assert wrapper.evaluate("w => w.scrollWidth > w.clientWidth")
    expect(wrapper).to_have_attribute("tabindex", "0")
    expect(wrapper).to_have_attribute("role", "region")
    caption = page.locator("#" + wrapper.get_attribute("aria-labelledby"))
    expect(caption).to_have_count(1)
    hint = page.locator("#" + wrapper.get_attribute("aria-describedby"))
    expect(hint).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    wrapper.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("w => w.scrollLeft > 0", arg=wrapper.element_handle())
    context.close()


def test_on_a_wide_screen_the_directory_needs_no_scrolling(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    page.goto(site_url + FIND["fi"])
    wrapper = page.locator(".cluster-table-scroll").first
    assert wrapper.evaluate("w => w.scrollWidth <= w.clientWidth + 1")
    expect(page.locator("#cluster-directory-hint")).to_be_hidden()
    expect(wrapper).not_to_have_attribute("tabindex", "0")  # no needless tab stop
    context.close()
