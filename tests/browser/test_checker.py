"""End to end: fill the checker's form in each language and get the verdict
computed by Python in the browser, with no request leaving the local server;
a form sent with nothing answered gets "unknown" for every criterion."""

import datetime
import re

import pytest
from playwright.sync_api import expect

import checker
from sitebuild.languages import t

from . import helpers
from .helpers import CHECKER as PAGES
from .helpers import PYTHON_START_TIMEOUT, RESULT_SHOWN, statuses, submit, wait_for

pytestmark = pytest.mark.browser


def open_checker(page, site_url, lang):
    helpers.open_checker(page, site_url, lang)
    expect(page.locator("#checker-status")).to_contain_text(t(lang, "checker.ready"))


def fill(page, management_fte, members, eccp):
    page.fill("input[name=management_fte]", management_fte)
    page.fill("input[name=committed_members]", members)
    page.check(f"input[name=eccp_profile][value={eccp}]")


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_form_gives_python_verdicts(page, site_url, lang):
    open_checker(page, site_url, lang)

    fill(page, "0,5" if lang == "fi" else "0.5", "15", "validated")
    submit(page)
    result = page.locator("#checker-result")
    expect(result).to_be_visible()
    found = statuses(page)
    assert found["management_fte"] == "met"
    assert found["committed_members"] == "met"
    assert found["eccp_profile"] == "met"

    # when it was checked, in the page's language (the format is made while the page is idle)
    years = {str(datetime.date.today().year), str((datetime.date.today() - datetime.timedelta(days=1)).year)}
    meta = page.locator(".checker-meta")
    expect(meta).to_contain_text(f"{t(lang, 'checker.checked')}: ")
    assert any(year in meta.inner_text() for year in years)

    # the labels after Bronze, as the engine lists them, and their fees
    later = checker.evaluate({}, lang)["next_labels"]
    section = result.locator(".checker-next-labels")
    section.locator("summary").click()
    expect(section.locator("h4")).to_have_text([label["name"] for label in later["labels"]])
    expect(section.locator(".checker-amount")).to_have_text([item["amount"] for item in later["fees"]["items"]])

    fill(page, "0.4", "12", "none")
    submit(page)
    expect(result).to_have_attribute("data-verdict", "not_eligible")
    found = statuses(page)
    assert found["management_fte"] == "not_met"
    assert found["committed_members"] == "not_met"
    member_row = result.locator("[data-criterion=committed_members]")
    expect(member_row).to_contain_text("3")
    assert page.console_errors == []


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_invalid_answer_is_explained_in_the_page_language(page, site_url, lang):
    open_checker(page, site_url, lang)
    page.fill("input[name=committed_members]", "viisitoista")
    submit(page)
    summary = page.locator("#checker-error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile("^Virhe: " if lang == "fi" else "^Error: "))
    expect(page.locator("#q-committed_members-error")).to_be_visible()
    expect(page.locator("#checker-result")).to_be_hidden()


def test_submit_before_python_is_ready_still_gives_the_result(context, page, site_url):
    # a first visit (`context`): a profile that has kept the runtime never downloads it
    runtime = re.compile(r"/pyodide\.asm\.wasm$")
    held = []  # the runtime's download waits until the answer is in
    page.route(runtime, lambda route: held.append(route))
    with page.expect_request(runtime):
        page.goto(site_url + PAGES["en"])
    page.fill("input[name=committed_members]", "20")
    submit(page)
    expect(page.locator("#checker-status")).to_contain_text(t("en", "checker.waiting"))
    page.unroute(runtime)
    for route in held:
        route.fallback()
    expect(page.locator("#checker-result [data-criterion=committed_members]")).to_have_attribute(
        "data-status", "met", timeout=PYTHON_START_TIMEOUT
    )


def test_language_switcher_keeps_the_page(page, site_url):
    page.goto(site_url + PAGES["fi"])
    page.locator(".md-header__option .md-select").first.hover()
    page.locator("a[hreflang=en]").first.click()
    expect(page).to_have_url(re.compile(r"/en/checker/$"))


def test_snapshot_and_fresh_start_give_identical_results(context, page, site_url):
    """A first visit: the snapshot start, then a full one, and a content page;
    the `context` fixture asserts that no host but the local server was asked."""
    fragment = (
        "#management_fte=0.4&committed_members=15&member_types=business"
        "&eccp_profile=pending&bronze_interview_month=2025-11"
    )
    texts, fetched = [], []
    for query in ("", "?no-snapshot"):
        seen = len(context.request_log.urls)
        page.goto(f"{site_url}/en/checker/{query}{fragment}")
        result = page.locator("#checker-result")
        wait_for(page, RESULT_SHOWN)
        expect(result).to_have_attribute("data-verdict", "not_eligible")
        texts.append(result.locator("> :not(.checker-meta)").all_inner_texts())
        fetched.append(" ".join(context.request_log.urls[seen:]))
    assert texts[0] == texts[1]
    criteria = {c["id"]: c["name"] for c in checker.evaluate({}, "en")["criteria"]}
    assert any(criteria["committed_members"] in text for text in texts[0])  # the English result
    package = re.compile(r"/assets/checker/checker-[0-9a-f]+/[^/ ]+\.whl")
    snapshot = re.compile(r"/assets/checker/snapshot-[0-9a-f]+\.bin\.gz")
    assert snapshot.search(fetched[0]) and not package.search(fetched[0])
    assert package.search(fetched[1]) and not snapshot.search(fetched[1])
    assert "pyodide.asm.wasm" in fetched[0]
    page.goto(site_url + "/en/")


def test_a_running_script_hides_the_note_at_once(page, site_url):
    open_checker(page, site_url, "en")
    expect(page.locator("#checker-unavailable")).to_be_hidden()


def test_unanswered_criteria_are_reported_as_unknown(page, site_url):
    open_checker(page, site_url, "fi")
    submit(page)
    result = page.locator("#checker-result")
    expect(result).to_have_attribute("data-verdict", "incomplete")
    assert set(statuses(page).values()) == {"unknown"}
    expect(result.locator("h2")).to_be_visible()
