"""Accessibility, tested: axe-core (WCAG 2.1 A/AA + best practices) on every
page in both languages and on the checker in each state; the whole check by
keyboard alone; visible focus; no horizontal scrolling at 320 px."""

import pytest
from playwright.sync_api import expect

from tests.project import site_documents, site_pages

from .helpers import CHECKER, axe_violations, open_checker, submit

pytestmark = pytest.mark.browser


def test_every_page_has_no_axe_violation(page, site_url, site_dir):
    """Every page and each language's 404 page (the editor: test_editor.py); the
    `page` fixture also fails on anything the page's own policy refused."""
    pages = site_documents(site_dir, editor=False)
    assert "/" in pages and "/en/" in pages and len(pages) >= 20
    found = {}
    for path in pages:
        response = page.goto(site_url + path)
        assert "content-security-policy" not in response.headers  # the <meta> tag's policy alone
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_checker_states_have_no_axe_violation(page, site_url, lang):
    open_checker(page, site_url, lang)
    assert axe_violations(page) == [], "empty form"

    page.fill("input[name=committed_members]", "-3")
    submit(page)
    expect(page.locator("#checker-error-summary")).to_be_visible()
    assert axe_violations(page) == [], "with errors"

    page.fill("input[name=committed_members]", "15")
    page.fill("input[name=bronze_interview_month]", "2025-11")
    submit(page)
    expect(page.locator("#checker-result")).to_be_visible()
    page.locator(".checker-next-labels summary").click()
    assert axe_violations(page) == [], "with a result"


def test_whole_check_with_the_keyboard_alone(page, site_url):
    open_checker(page, site_url, "en")
    fte = page.locator("input[name=management_fte]")
    fte.focus()
    page.keyboard.type("0.5")
    # Tab on to the members field and type there, as a keyboard user would.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "committed_members":
            break
    page.keyboard.type("20")
    # Radio groups: none is chosen beforehand; Tab reaches the group's first
    # radio, Space chooses it, arrow keys move the choice.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "eccp_profile":
            break
    assert page.evaluate("document.activeElement.name") == "eccp_profile"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")  # round the choices and back to the first: validated
    assert page.locator("input[name=eccp_profile][value=validated]").is_checked()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    page.keyboard.press("Enter")
    result = page.locator("#checker-result")
    expect(page.locator("#checker-result-title")).to_be_focused()  # the verdict, at the top of the result
    expect(result.locator("[data-criterion=committed_members]")).to_have_attribute("data-status", "met")
    expect(result.locator("[data-criterion=eccp_profile]")).to_have_attribute("data-status", "met")


def test_focus_is_always_visible(page, site_url):
    open_checker(page, site_url, "fi")
    seen = 0
    for _ in range(40):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
                       return [s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow]; }"""
        )
        tag = page.evaluate("document.activeElement.tagName")
        if tag == "BODY":
            continue
        seen += 1
        style, width, shadow = outline
        assert (style != "none" and width >= 2) or shadow != "none", (tag, outline)
    assert seen >= 30


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_nothing_scrolls_sideways_at_320px(page, site_url, site_dir, lang):
    page.set_viewport_size({"width": 320, "height": 640})
    prefix = "/en/" if lang == "en" else "/"
    pages = [p for p in site_pages(site_dir) if p.startswith("/en/") == (lang == "en")]
    assert CHECKER[lang] in pages
    wide = {}
    for path in pages:
        page.goto(site_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            wide[path] = overflow
    assert wide == {}, f"pages under {prefix} wider than 320 px"


def test_checker_on_a_phone_has_no_axe_violation(page, site_url):
    """The states of the checker's flow at 375 px: a shared link's result (next
    steps, the answers with change links), after a language switch, a
    conditional question shown, and after a change link."""
    page.set_viewport_size({"width": 375, "height": 667})
    fragment = (
        "#management_fte=0,2&committed_members=8&member_types=business&eccp_profile=none&bronze_benchmarking=first"
    )
    open_checker(page, site_url, "fi", fragment)
    expect(page.locator("#checker-result-title")).to_be_focused()
    assert axe_violations(page) == [], "shared link"
    page.locator(".md-header__option .md-select").first.click()
    page.locator("a.md-select__link[hreflang=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#checker-result-title")).to_be_focused(timeout=90_000)
    assert axe_violations(page) == [], "after the language switch"
    page.locator(".checker-answers a[data-change=bronze_benchmarking]").click()
    page.check("input[name=bronze_benchmarking][value=renewal]")
    expect(page.locator("#q-bronze_previous_valid_until")).to_be_visible()
    assert axe_violations(page) == [], "a conditional question shown"
