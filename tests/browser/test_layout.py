"""Phones and the header, as a visitor sees them (375 px phone, 1280 px desktop):
wide tables say that they scroll and can be scrolled by keyboard; the
language menu names the current language; the English site name is not cut on
a phone; the front page's three cards sit in one row on a desktop; the label
ladder is not a screen and a half tall; no big gap under the page title."""

import pytest
from playwright.sync_api import expect

from sitebuild.languages import t

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
# (The cluster tables scroll in their own region: tests/browser/test_clusters.py.)
TABLE_PAGES = ["/labels/", "/en/labels/", "/checker/", "/en/checker/", "/glossary/", "/en/glossary/"]

# tables.js measures each region once laid out (a ResizeObserver), which can be after "load"
MEASURED = "[...document.querySelectorAll('.table-scroll')].every((r) => r.dataset.overflowing)"
REGIONS = """() => [...document.querySelectorAll('.table-scroll')].map(r => ({
  overflowing: r.scrollWidth > r.clientWidth + 1,
  hint: !r.previousElementSibling.hidden && r.previousElementSibling.offsetHeight > 0,
  tabindex: r.getAttribute('tabindex'),
  name: r.getAttribute('aria-labelledby') && document.getElementById(r.getAttribute('aria-labelledby')).textContent,
}))"""


def table_regions(page):
    page.wait_for_function(MEASURED)
    return page.evaluate(REGIONS)


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_on_a_phone_a_wide_table_says_it_scrolls_and_the_keyboard_can_scroll_it(page, site_url, path):
    page.set_viewport_size(PHONE)
    page.goto(site_url + path)
    regions = table_regions(page)
    assert regions and any(r["overflowing"] for r in regions)
    for region in regions:
        assert region["name"].strip()
        if region["overflowing"]:
            assert region["hint"] and region["tabindex"] == "0", region
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    wide = page.locator(".table-scroll[tabindex='0']").first
    wide.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(wide).not_to_have_js_property("scrollLeft", 0)


def test_on_a_desktop_a_table_that_fits_has_no_hint_and_no_tab_stop(page, site_url):
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + "/en/labels/")
    fees = table_regions(page)[-1]  # the fees table: two short columns
    assert not fees["overflowing"] and not fees["hint"] and fees["tabindex"] is None


@pytest.mark.parametrize(("path", "lang"), [("/", "fi"), ("/en/", "en")])
def test_the_header_names_the_language_and_the_site_name_is_whole_on_a_phone(page, site_url, path, lang):
    page.set_viewport_size(PHONE)
    page.goto(site_url + path)
    button = page.locator(".site-language__button")
    expect(button.locator(".site-language__name")).to_be_visible()
    expect(button.locator(".site-language__name")).to_have_text(t(lang, "locale.name"))
    name = page.locator(".md-header__topic").first.locator(".md-ellipsis")
    whole = name.evaluate("e => e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1")
    assert whole, "the site name is cut"
    box, header = name.bounding_box(), page.locator(".md-header").bounding_box()
    assert box["y"] >= header["y"] and box["y"] + box["height"] <= header["y"] + header["height"] + 1


def test_the_language_menu_marks_the_current_language(page, site_url):
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + "/en/labels/")
    page.locator(".site-language__button").hover()
    current = page.locator(".md-select__link[aria-current=true]")
    expect(current).to_be_visible()
    expect(current).to_have_attribute("hreflang", "en")
    expect(page.locator(".md-select__link[hreflang=fi]")).to_have_text("Suomi")


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_three_cards_sit_in_one_row_on_a_desktop_and_stack_on_a_phone(page, site_url, lang):
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + ("/" if lang == "fi" else "/en/"))
    cards = page.locator(".grid.cards > ul > li")
    expect(cards).to_have_count(3)
    tops = {round(cards.nth(i).bounding_box()["y"]) for i in range(3)}
    assert len(tops) == 1, tops
    page.set_viewport_size(PHONE)
    lefts = {round(cards.nth(i).bounding_box()["x"]) for i in range(3)}
    tops = [cards.nth(i).bounding_box()["y"] for i in range(3)]
    assert len(lefts) == 1 and tops == sorted(tops) and len(set(tops)) == 3


def test_the_ladder_diagram_and_the_gap_under_the_title(page, site_url):
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + "/labels/")
    ladder = page.locator("img[src*='label-ladder']")
    ladder.scroll_into_view_if_needed()
    assert ladder.evaluate("e => e.complete && e.naturalWidth > 0")
    assert ladder.bounding_box()["height"] <= 820  # it was about 1,060 px
    page.goto(site_url + "/")
    gap = page.evaluate(
        "(() => { const h = document.querySelector('.md-content h1');"
        " return h.nextElementSibling.getBoundingClientRect().top - h.getBoundingClientRect().bottom })()"
    )
    assert gap <= 40, gap
    one_line = page.evaluate(
        "(() => { const h = document.querySelector('.md-content h1');"
        " return h.getBoundingClientRect().height < 1.5 * parseFloat(getComputedStyle(h).lineHeight) })()"
    )
    assert one_line, "the title's height is more than one line"
