"""Every failure mode has a designed behaviour: JavaScript off, Pyodide
blocked or missing, no WebAssembly, the checker package missing."""

import gzip
import re

import pytest
from playwright.sync_api import expect

from .helpers import CHECKER, PYTHON_START_TIMEOUT, open_checker, statuses, submit

pytestmark = pytest.mark.browser

FAILED = {"fi": "Tarkistinta ei voitu käynnistää", "en": "The checker could not start"}
NOSCRIPT = {"fi": "vaatii JavaScriptin", "en": "needs JavaScript"}


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_without_javascript_the_checklist_remains(browser, site_url, lang):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + CHECKER[lang])
    expect(page.locator(".checker-noscript")).to_contain_text(NOSCRIPT[lang])
    expect(page.locator("#checker-form")).to_be_hidden()
    expect(page.locator("#checker-status")).to_be_hidden()
    table = page.locator("table").filter(has_text="ECCP")
    expect(table.first).to_be_visible()
    assert table.first.locator("tbody tr").count() >= 7
    context.close()


def expect_failure_then_recovery(page, lang, unblock):
    app = page.locator("#checker-app")
    expect(app).to_have_attribute("data-python", "failed", timeout=PYTHON_START_TIMEOUT)
    expect(page.locator("#checker-status")).to_contain_text(FAILED[lang])
    retry = page.locator("#checker-retry")
    expect(retry).to_be_visible()
    expect(page.locator("table").filter(has_text="ECCP").first).to_be_visible()
    unblock()
    retry.click()
    expect(app).to_have_attribute("data-python", "ready", timeout=PYTHON_START_TIMEOUT)
    expect(retry).to_be_hidden()


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_blocked_pyodide_runtime(page, site_url, lang):
    pattern = re.compile(r"/assets/pyodide/.*\.wasm$")
    page.context.route(pattern, lambda route: route.abort())
    page.goto(site_url + CHECKER[lang])
    expect_failure_then_recovery(page, lang, lambda: page.context.unroute(pattern))


def test_missing_snapshot_falls_back_to_a_full_start(page, site_url):
    page.context.route(re.compile(r"/assets/checker/snapshot-[0-9a-f]+\.bin\.gz$"), lambda route: route.abort())
    open_checker(page, site_url, "en")
    page.fill("input[name=committed_members]", "15")
    submit(page)
    expect(page.locator("#checker-result [data-criterion=committed_members]")).to_have_attribute("data-status", "met")


def test_missing_checker_files_and_answers_kept(page, site_url):
    pattern = re.compile(r"/assets/checker/(checker-[0-9a-f]+\.zip|snapshot-[0-9a-f]+\.bin\.gz)$")
    page.context.route(pattern, lambda route: route.fulfill(status=404, body="missing"))
    page.goto(site_url + CHECKER["en"])
    page.fill("input[name=committed_members]", "15")
    submit(page)
    expect_failure_then_recovery(page, "en", lambda: page.context.unroute(pattern))
    # the answer given before the failure is evaluated once Python is back
    expect(page.locator("#checker-result [data-criterion=committed_members]")).to_have_attribute(
        "data-status", "met", timeout=PYTHON_START_TIMEOUT
    )


def test_missing_runtime_file(page, site_url):
    pattern = re.compile(r"/assets/pyodide/.*/pyodide\.asm\.mjs$")
    page.context.route(pattern, lambda route: route.fulfill(status=404, body="missing"))
    page.goto(site_url + CHECKER["fi"])
    expect_failure_then_recovery(page, "fi", lambda: page.context.unroute(pattern))


def test_no_webassembly(browser, site_url):
    context = browser.new_context()
    context.add_init_script("delete globalThis.WebAssembly")
    page = context.new_page()
    page.goto(site_url + CHECKER["en"])
    expect(page.locator("#checker-app")).to_have_attribute("data-python", "failed")
    expect(page.locator("#checker-status")).to_contain_text(FAILED["en"])
    expect(page.locator("#checker-retry")).to_be_visible()
    context.close()


def test_unanswered_criteria_are_reported_as_unknown(page, site_url):
    open_checker(page, site_url, "fi")
    submit(page)
    result = page.locator("#checker-result")
    expect(result).to_have_attribute("data-verdict", "incomplete")
    assert set(statuses(page).values()) == {"unknown"}
    expect(result.locator("h2")).to_be_visible()


def test_snapshot_unpacked_by_the_host_still_works(context, page, site_url, site_dir):
    # Some hosts send .gz files with Content-Encoding: gzip, so the browser unpacks them.
    (snapshot,) = (site_dir / "assets" / "checker").glob("snapshot-*.bin.gz")
    raw = gzip.decompress(snapshot.read_bytes())
    pattern = re.compile(r"/assets/checker/snapshot-[0-9a-f]+\.bin\.gz$")
    page.context.route(pattern, lambda route: route.fulfill(status=200, body=raw))
    open_checker(page, site_url, "fi")
    assert not [url for url in context.request_log.urls if re.search(r"/checker-[0-9a-f]+\.zip$", url)]
    page.fill("input[name=committed_members]", "14")
    submit(page)
    expect(page.locator("#checker-result [data-criterion=committed_members]")).to_have_attribute(
        "data-status", "not_met"
    )
