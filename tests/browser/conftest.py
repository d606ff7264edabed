"""A real Chromium driven by Playwright: Debian's chromium where installed
(or CHROMIUM_PATH), otherwise Playwright's own browser."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect, sync_playwright

from sitetools.localserver import CHROMIUM_ARGS, chromium_executable

# An expectation waits for its state, not for a time: Playwright's default of
# 5 s broke on a machine kept busy by another process. A wrong state still fails.
expect.set_options(timeout=60_000)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class RequestLog:
    """Every request the page and its workers make; foreign ones are blocked."""

    def __init__(self, allowed_origin):
        self.allowed = urlsplit(allowed_origin).netloc
        self.urls = []
        self.foreign = []

    def route(self, route):
        url = route.request.url
        self.urls.append(url)
        scheme, netloc = urlsplit(url)[:2]
        if scheme in ("data", "blob") or netloc == self.allowed:
            route.fallback()
        else:
            self.foreign.append(url)
            route.abort()


@pytest.fixture
def context(browser, site_url):
    # Request routing and service workers do not mix in Playwright; the
    # service worker has its own tests (test_offline.py).
    context = browser.new_context(locale="fi-FI", service_workers="block")
    log = RequestLog(site_url)
    context.route("**/*", log.route)
    context.request_log = log
    yield context
    context.close()
    assert log.foreign == [], f"requests to other hosts: {log.foreign}"


@pytest.fixture
def page(context):
    page = context.new_page()
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.on("console", lambda message: print(f"console.{message.type}: {message.text[:500]}"))
    yield page


COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


@pytest.fixture
def policy_page(browser):
    """A page that records Content-Security-Policy violations (window.__cspViolations)
    and console errors (page.messages)."""
    context = browser.new_context()
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    page.messages = []
    page.on("console", lambda m: page.messages.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
