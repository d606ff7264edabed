"""After one visit the checker works offline: a service worker keeps the
page, its scripts and the versioned Python runtime."""

import pytest
from playwright.sync_api import expect

from .helpers import CHECKER, PYTHON_START_TIMEOUT, open_checker, statuses, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def sw_context(browser, site_url):
    # Playwright's request routing bypasses service workers, so this context
    # watches requests instead of routing them.
    context = browser.new_context(service_workers="allow")
    foreign = []
    local = site_url.split("//", 1)[1]
    context.on("request", lambda request: local not in request.url.split("/")[2] and foreign.append(request.url))
    yield context
    context.close()
    assert foreign == []


def wait_for_offline_copy(page):
    page.wait_for_function(
        """async () => {
            const registration = await navigator.serviceWorker.ready;
            return registration.active && registration.active.state === "activated"
                && navigator.serviceWorker.controller !== null;
        }""",
        timeout=PYTHON_START_TIMEOUT,
    )


def test_checker_works_offline_after_the_first_visit(sw_context, site_url):
    page = sw_context.new_page()
    open_checker(page, site_url, "fi")
    page.reload()  # now controlled by the service worker
    open_checker(page, site_url, "fi")
    wait_for_offline_copy(page)

    sw_context.set_offline(True)
    for lang in ("fi", "en"):
        page.goto(site_url + CHECKER[lang])
        expect(page.locator("#checker-app")).to_have_attribute("data-python", "ready", timeout=PYTHON_START_TIMEOUT)
        page.fill("input[name=committed_members]", "15")
        submit(page)
        expect(page.locator("#checker-result")).to_be_visible()
        assert statuses(page)["committed_members"] == "met"
    assert page.evaluate("navigator.onLine") is False


def test_no_service_worker_on_content_pages_before_the_checker(sw_context, site_url):
    page = sw_context.new_page()
    page.goto(site_url + "/")
    page.goto(site_url + "/en/labels/")
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    transferred = [r for r in page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")]
    assert not [url for url in transferred if "/assets/pyodide/" in url]


def test_a_repeat_visit_starts_from_the_kept_snapshot(sw_context, site_url):
    page = sw_context.new_page()
    open_checker(page, site_url, "en")
    page.wait_for_function(
        "caches.open('snapshot-raw').then(c => c.keys()).then(k => k.length === 1)", timeout=PYTHON_START_TIMEOUT
    )
    requested = []
    sw_context.on("request", lambda request: requested.append(request.url))
    page.reload()
    open_checker(page, site_url, "en")
    assert not [url for url in requested if "/snapshot-" in url]
    page.fill("input[name=committed_members]", "15")
    submit(page)
    expect(page.locator("#checker-result [data-criterion=committed_members]")).to_have_attribute("data-status", "met")
