"""Every failure mode has a designed behaviour, shown in the page's language:
JavaScript off, the page script missing or the page opened from disk, a
download that stalls, a file that is corrupt, truncated or missing, no
WebAssembly. Faults come from a server that breaks files on purpose
(faults.py) while the browser's HTTP cache works as in production.

No time is asserted: each test waits generously for the designed outcome.
The limits themselves are the product's configuration (bounded in
tests/pyodide/test_shipped_files.py); the pages these tests get say shorter
ones (TEST_LIMITS), so that a stall test does not wait the full limit."""

import re
import urllib.request
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from sitebuild.languages import catalogue

from .faults import serve_faulty
from .helpers import (
    CHECKER,
    PYTHON_FAILED,
    PYTHON_READY,
    PYTHON_START_TIMEOUT,
    RESULT_SHOWN,
    fast_animations,
    kept_files,
    statuses,
    submit,
    wait_for,
    wait_for_kept_snapshot,
)

pytestmark = pytest.mark.browser

TEST_LIMITS = {"stallSeconds": 2, "firstWordSeconds": 4, "keepAfterSeconds": 0.2}
SNAPSHOT = r"/assets/checker/snapshot-[0-9a-f]+\.bin\.gz$"
WHEEL = r"/assets/checker/checker-[0-9a-f]+/[^/]+\.whl$"
SHARED = "#management_fte=0.5&committed_members=15&eccp_profile=validated"


def text(lang, key):
    return catalogue(lang)["checker"][key]


@pytest.fixture
def server(site_dir):
    faulty = serve_faulty(site_dir)
    for name, seconds in TEST_LIMITS.items():
        faulty.page_rewrites.append((f'"{name}": [0-9.]+', f'"{name}": {seconds}'))
    with urllib.request.urlopen(faulty.url + CHECKER["en"], timeout=60) as response:
        served = response.read().decode("utf-8")
    assert all(f'"{name}": {seconds}' in served for name, seconds in TEST_LIMITS.items()), (
        "the limits were not rewritten"
    )
    yield faulty
    faulty.stop()


@pytest.fixture
def context(browser, server):
    # No request routing here: Playwright's routing turns the HTTP cache off,
    # and what a broken download leaves in the cache is part of the tests.
    context = browser.new_context(locale="fi-FI", service_workers="block")
    local = urlsplit(server.url).netloc
    foreign = []
    context.on("request", lambda r: urlsplit(r.url).netloc not in (local, "") and foreign.append(r.url))
    yield context
    context.close()
    assert foreign == [], f"requests to other hosts: {foreign}"


@pytest.fixture
def page(context):
    page = context.new_page()
    page.on("console", lambda message: print(f"console.{message.type}: {message.text[:500]}"))
    return page


def expect_failure_then_recovery(page, server, lang):
    """The failure message in the page's language with a retry button; once the
    server is mended, retry starts Python."""
    wait_for(page, PYTHON_FAILED)
    expect(page.locator("#checker-status")).to_have_text(text(lang, "failed"))
    retry = page.locator("#checker-retry")
    expect(retry).to_be_visible()
    expect(page.locator("table").filter(has_text="ECCP").first).to_be_visible()  # the checklist stays
    server.mend()
    retry.click()
    wait_for(page, PYTHON_READY)
    expect(retry).to_be_hidden()


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_without_javascript_the_checklist_remains(browser, site_url, lang):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + CHECKER[lang])
    expect(page.locator(".checker-noscript")).to_have_text(text(lang, "noscript"))
    expect(page.locator("#checker-form")).to_be_hidden()
    expect(page.locator("#checker-status")).to_be_hidden()
    # the noscript note says it: the "has not started" note stays out of the way
    expect(page.locator("#checker-unavailable")).to_have_css("display", "none")
    table = page.locator("table").filter(has_text="ECCP")
    expect(table.first).to_be_visible()
    assert table.first.locator("tbody tr").count() >= 7
    context.close()


# checker.js, and the modules it imports
@pytest.mark.parametrize(("lang", "script"), [("fi", "checker.js"), ("en", "early.js"), ("fi", "answers.mjs")])
def test_a_missing_page_script_says_the_checker_has_not_started(page, server, lang, script):
    server.break_files(rf"/assets/checker/{re.escape(script)}$", "404")
    fast_animations(page)
    page.goto(server.url + CHECKER[lang])
    note = page.locator("#checker-unavailable")
    expect(note).to_have_text(text(lang, "unavailable"))
    expect(note).to_be_visible(timeout=PYTHON_START_TIMEOUT)  # after the pause that keeps it from flashing
    expect(page.locator("#checker-form")).to_be_hidden()
    expect(page.locator("table").filter(has_text="ECCP").first).to_be_visible()


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_a_page_opened_from_disk_says_the_checker_has_not_started(browser, site_dir, lang):
    # Browsers do not run module scripts from file:// pages.
    context = browser.new_context()
    page = context.new_page()
    fast_animations(page)
    page.goto((site_dir / CHECKER[lang].strip("/") / "index.html").as_uri())
    note = page.locator("#checker-unavailable")
    expect(note).to_be_visible(timeout=PYTHON_START_TIMEOUT)
    expect(note).to_have_text(text(lang, "unavailable"))
    context.close()


@pytest.mark.parametrize("fault", ["stall", "hang"])
def test_a_stalled_snapshot_falls_back_to_a_full_start(page, server, fault):
    server.break_files(SNAPSHOT, fault)
    page.goto(server.url + CHECKER["en"] + SHARED)
    wait_for(page, RESULT_SHOWN)
    assert statuses(page)["committed_members"] == "met"
    assert server.requests_for(WHEEL), "the full start loads the checker wheel"


@pytest.mark.parametrize(
    ("lang", "stalled"),
    [("fi", r"/pyodide\.asm\.wasm$"), ("en", r"/pyodide\.asm\.mjs$"), ("en", r"/pyodide-lock\.json$")],
)
def test_a_stalled_runtime_file_shows_the_message_and_retry_works(page, server, lang, stalled):
    server.break_files(stalled, "stall")
    page.goto(server.url + CHECKER[lang])
    expect_failure_then_recovery(page, server, lang)


def test_a_worker_script_that_never_comes_shows_the_message(page, server):
    server.break_files(r"/assets/checker/worker\.js$", "hang")
    page.goto(server.url + CHECKER["fi"])
    expect_failure_then_recovery(page, server, "fi")


@pytest.mark.parametrize("fault", ["corrupt", "truncate"])
def test_a_bad_snapshot_is_rejected_never_kept_and_the_next_visit_gets_it_afresh(context, page, server, fault):
    server.break_files(SNAPSHOT, fault)
    page.goto(server.url + CHECKER["en"] + SHARED)
    wait_for(page, RESULT_SHOWN)
    assert server.requests_for(WHEEL), "rejected: a full start instead"
    # checked and refused twice (the second time past every cache), and not kept
    assert len(server.requests_for(SNAPSHOT)) == 2
    page.wait_for_timeout(5 * TEST_LIMITS["keepAfterSeconds"] * 1000)  # past the keeping delay
    assert page.evaluate("caches.keys()") == []
    assert kept_files(page) == {}

    server.mend()
    asked, wheels = len(server.requests_for(SNAPSHOT)), len(server.requests_for(WHEEL))
    again = context.new_page()  # the next visit
    again.goto(server.url + CHECKER["en"] + SHARED)
    wait_for(again, RESULT_SHOWN)
    # the bad copy the HTTP cache held ("immutable") was not used: the server was asked again
    assert len(server.requests_for(SNAPSHOT)) > asked
    assert len(server.requests_for(WHEEL)) == wheels, "the snapshot worked this time"
    assert wait_for_kept_snapshot(again)["count"] == 1  # checked, so kept for the visit after


def test_a_snapshot_unpacked_by_the_host_still_works(page, server):
    # Some hosts send .gz files with Content-Encoding: gzip: the browser unpacks them.
    server.break_files(SNAPSHOT, "gzip-encoding")
    page.goto(server.url + CHECKER["fi"] + SHARED)
    wait_for(page, RESULT_SHOWN)
    assert not server.requests_for(WHEEL)


def test_missing_checker_files_and_the_answers_given_meanwhile_kept(page, server):
    server.break_files(SNAPSHOT, "404")
    server.break_files(WHEEL, "404")
    page.goto(server.url + CHECKER["en"])
    page.fill("input[name=committed_members]", "15")
    submit(page)
    expect_failure_then_recovery(page, server, "en")
    # the answer given before the failure is evaluated once Python is back
    expect(page.locator("#checker-result [data-criterion=committed_members]")).to_have_attribute(
        "data-status", "met", timeout=PYTHON_START_TIMEOUT
    )


def test_a_missing_runtime_file(page, server):
    server.break_files(r"/pyodide\.asm\.mjs$", "404")
    page.goto(server.url + CHECKER["fi"])
    expect_failure_then_recovery(page, server, "fi")
    # Neither the failure nor the retry tried a full start: the 404, which the
    # HTTP cache kept as the file's "for a year", was replaced by the checked
    # second download, and the retry then started from the snapshot.
    assert not server.requests_for(WHEEL)


def test_a_corrupt_runtime_is_refused(page, server):
    server.break_files(r"/pyodide\.asm\.wasm$", "corrupt")
    page.goto(server.url + CHECKER["en"])
    expect_failure_then_recovery(page, server, "en")


def test_no_webassembly(browser, site_url):
    context = browser.new_context()
    context.add_init_script("delete globalThis.WebAssembly")
    page = context.new_page()
    page.goto(site_url + CHECKER["en"])
    expect(page.locator("#checker-app")).to_have_attribute("data-python", "failed")
    expect(page.locator("#checker-status")).to_have_text(text("en", "failed"))
    expect(page.locator("#checker-retry")).to_be_visible()
    context.close()
