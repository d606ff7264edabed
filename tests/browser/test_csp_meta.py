"""The Content-Security-Policy <meta> in every page, on a host that sends no
headers at all (as GitHub Pages serves the site):

- a hostile page is neutralised: script that reached a page's content (an
  inline <script>, an event-handler attribute, a javascript: link) does not
  run, and the browser reports each violation;
- the checker and the search work under the policy, which refuses a script
  added to the page. That every page of the real site loads with no violation
  is checked wherever a browser test loads one (the `page` fixture), and on
  every page by test_accessibility.py."""

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from sitebuild import csp
from sitetools.localserver import serve
from tests.project import ROOT, build, fixture_site

from .helpers import PYTHON_START_TIMEOUT, open_checker, submit

pytestmark = pytest.mark.browser

HOSTILE = """---
description: Sivu, jonka sisältöön on päässyt skriptiä.
---

# Vihamielinen sivu

<script>window.__inlineRan = true;</script>

<img src="../assets/nothing.png" alt="" width="1" height="1" onerror="window.__handlerRan = true">

<a id="js-link" href="javascript:window.__linkRan = true">linkki</a>
"""

# the search results, as the search page shows them (Pagefind UI or the site's own box)
SEARCH_RESULT = "#site-search .pagefind-ui__result-link, [data-site-search=page] .site-search__result a"


def violations(page):
    return page.evaluate("window.__cspViolations")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = fixture_site(tmp_path_factory.mktemp("hostile"))
    for lang in ("fi", "en"):
        (root / "docs" / f"hostile.{lang}.md").write_text(HOSTILE, encoding="utf-8")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        text.replace("  - Tietosuoja: privacy.md\n", "  - Tietosuoja: privacy.md\n  - hostile.md\n")
    )
    result = build(root)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    url, server = serve(root / "site")  # no headers at all
    yield url
    server.shutdown()


@pytest.mark.parametrize("path", ["/hostile/", "/en/hostile/"])
def test_script_injected_into_a_page_does_not_run(policy_page, hostile_site, path):
    page = policy_page
    response = page.goto(hostile_site + path)
    assert "content-security-policy" not in response.headers  # the meta tag alone protects the page
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert policy == csp.meta_policy(csp.policy(ROOT / "deploy" / "_headers"))
    expect(page.locator("h1")).to_contain_text("Vihamielinen sivu")
    page.locator("#js-link").click()
    page.wait_for_function("() => window.__cspViolations.length >= 3")
    ran = page.evaluate("[window.__inlineRan, window.__handlerRan, window.__linkRan]")
    assert ran == [None, None, None]
    found = " | ".join(violations(page))
    assert "script-src-elem" in found and "script-src-attr" in found, found
    # the page's own scripts still run: Material has set up its header
    expect(page.locator("html")).not_to_have_class("no-js")


def test_the_checker_and_the_search_work_under_the_meta_policy(policy_page, site_url):
    page = policy_page
    open_checker(page, site_url, "fi")
    page.fill("input[name=committed_members]", "15")
    submit(page)
    expect(page.locator("#checker-result [data-criterion=committed_members]")).to_have_attribute(
        "data-status", "met", timeout=PYTHON_START_TIMEOUT
    )
    page.goto(site_url + "/en/search/?q=labels")
    expect(page.locator(SEARCH_RESULT).first).to_be_visible()
    assert violations(page) == []
    assert page.policy_violations == []
    # and the policy is in force there: the page refuses a script added to it
    with pytest.raises(PlaywrightError):
        page.add_script_tag(content="window.__added = true")
    assert page.evaluate("window.__added") is None
