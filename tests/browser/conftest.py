"""A real Chromium driven by Playwright: the `tests_chromium` (tests/conftest.py)."""

from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

from sitetools.localserver import CHROMIUM_ARGS

# An expectation waits for its state, not for a time: Playwright's default of
# 5 s broke on a machine kept busy by another process. A wrong state still fails.
expect.set_options(timeout=60_000)


# The tests check what the pages do, not how fast: WebAssembly runs on V8's
# baseline compiler alone. Its optimising tier recompiles Python's hot code on
# every start, on threads of its own, for no test's benefit (ARCHITECTURE.md,
# Tests, has the cost). The bench (`make bench`) measures with Chromium's defaults.
TEST_CHROMIUM_ARGS = [*CHROMIUM_ARGS, "--js-flags=--liftoff-only"]


@pytest.fixture(scope="session")
def browser(tests_chromium):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=tests_chromium, args=TEST_CHROMIUM_ARGS)
        yield browser
        browser.close()


class RequestLog:
    """Every request the pages and their workers make, and those to another
    host: the test fails on them. Watched, not routed: Playwright's routing
    turns the HTTP cache off, and costs a round trip through this process."""

    def __init__(self, allowed_origin):
        self.allowed = urlsplit(allowed_origin).netloc
        self.urls = []
        self.sent = []  # each request's URL and body, for tests that look for the answers in them
        self.foreign = []

    def record(self, request):
        url = request.url
        self.urls.append(url)
        self.sent.append(unquote(url) + (request.post_data or ""))
        scheme, netloc = urlsplit(url)[:2]
        if scheme not in ("data", "blob") and netloc != self.allowed:
            self.foreign.append(url)


def log_requests(context, site_url):
    """A RequestLog as context.request_log, fed by the context's requests; a
    test may put a new log there (the shared tab does, for each test)."""
    context.request_log = RequestLog(site_url)
    context.on("request", lambda request: context.request_log.record(request))
    return context


def watch(page):
    """Console errors collected (page.console_errors), and what the page's
    Content-Security-Policy refused (page.policy_violations: Chromium reports
    each as a console error); console lines printed."""
    page.console_errors = []
    page.policy_violations = []

    def on_console(message):
        print(f"console.{message.type}: {message.text[:500]}")
        if message.type == "error" and "Content Security Policy" in message.text:
            page.policy_violations.append(message.text)

    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.on("console", on_console)
    return page


@pytest.fixture
def context(browser, site_url):
    """A fresh profile for the test alone: a first visit, with nothing cached."""
    # the service worker has its own tests (test_offline.py)
    context = log_requests(browser.new_context(locale="fi-FI", service_workers="block"), site_url)
    log = context.request_log
    yield context
    context.close()
    assert log.foreign == [], f"requests to other hosts: {log.foreign}"


DEFAULT_VIEWPORT = {"width": 1280, "height": 720}  # Playwright's


class VisitorTab:
    """One tab of one profile that the tests share, as a visitor who goes from
    page to page: its cache and its kept snapshot persist between tests, and
    the browser reuses what it compiled, so a Python start costs about half.
    Tests that need a first visit, or change the profile, ask for `context`."""

    def __init__(self, browser, site_url):
        self.origin = site_url
        self.context = log_requests(browser.new_context(locale="fi-FI", service_workers="block"), site_url)
        self.tab = None

    def open(self):
        """The tab, with a request log and console errors of its own."""
        if self.tab is None or self.tab.is_closed():
            self.tab = watch(self.context.new_page())
        self.tab.console_errors = []
        self.tab.policy_violations = []
        self.context.request_log = RequestLog(self.origin)
        return self.tab

    def reset(self):
        """A blank page, the default viewport and media, no web storage, no
        permissions granted; a tab that cannot be reset (it crashed, say) is
        replaced by the next test."""
        try:
            self.tab.goto("about:blank")
            self.context.clear_permissions()
            self.tab.set_viewport_size(DEFAULT_VIEWPORT)
            self.tab.emulate_media(media="null")
            storage = self.context.new_cdp_session(self.tab)
            storage.send(
                "Storage.clearDataForOrigin", {"origin": self.origin, "storageTypes": "local_storage,session_storage"}
            )
            storage.detach()
        except PlaywrightError:
            self.tab.close()
            self.tab = None


@pytest.fixture(scope="session")
def visitor_tab(browser, site_url):
    tab = VisitorTab(browser, site_url)
    yield tab
    tab.context.close()


@pytest.fixture
def page(request):
    """A page for the test: in its own `context` when the test asks for one,
    else the shared visitor tab (VisitorTab), reset after the test. Every page
    the test loads runs under the site's policy (the <meta> tag: the tests'
    server sends no headers), and the test fails on anything it refused."""
    if "context" in request.fixturenames:
        own = watch(request.getfixturevalue("context").new_page())
        yield own
        assert own.policy_violations == [], "refused by the Content-Security-Policy"
        return
    shared = request.getfixturevalue("visitor_tab")
    tab = shared.open()
    yield tab
    log = shared.context.request_log
    shared.reset()
    assert log.foreign == [], f"requests to other hosts: {log.foreign}"
    assert tab.policy_violations == [], "refused by the Content-Security-Policy"


COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


@pytest.fixture
def policy_page(browser):
    """A page that records Content-Security-Policy violations as the page sees
    them (window.__cspViolations) and as Chromium reports them (page.policy_violations,
    from `watch`), for the tests that provoke them: it fails no test itself."""
    context = browser.new_context()
    context.add_init_script(COLLECT_VIOLATIONS)
    page = watch(context.new_page())
    yield page
    context.close()
