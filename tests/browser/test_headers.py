"""The documented header set (deploy/_headers) does not break the site: with
its Content-Security-Policy (no 'unsafe-eval') the pages, the search and the
Python checker run, and give a result, with no policy violation."""

import pytest
from playwright.sync_api import expect

from sitebuild import csp
from sitetools.localserver import serve
from tests.project import ROOT

from .helpers import PYTHON_READY, submit, wait_for

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def strict_site(site_dir):
    headers = csp.site_wide_headers(ROOT / "deploy" / "_headers")
    assert "Content-Security-Policy" in headers
    url, server = serve(site_dir, headers)
    yield url
    server.shutdown()


def violations(page):
    return page.evaluate("window.__cspViolations") + page.policy_violations


def test_pages_and_search_run_under_the_policy(policy_page, strict_site):
    page = policy_page
    response = page.goto(strict_site + "/articles/north-savo-energy-cluster-bronze/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.goto(strict_site + "/search/?q=klusterien")
    expect(page.locator("[data-site-search=page] .site-search__result a").first).to_be_visible()
    page.goto(strict_site + "/en/search/?q=labels")
    expect(page.locator("[data-site-search=page] .site-search__result a").first).to_be_visible()
    page.goto(strict_site + "/en/labels/")
    page.fill("[data-site-search=header] .site-search__input", "fee")
    expect(page.locator("[data-site-search=header] .site-search__result a").first).to_be_visible()
    assert violations(page) == []


def test_python_checker_runs_under_the_policy(policy_page, strict_site):
    page = policy_page
    response = page.goto(strict_site + "/en/checker/")
    policy = response.headers["content-security-policy"]
    assert "'unsafe-eval'" not in policy and "script-src 'self' 'wasm-unsafe-eval'" in policy
    wait_for(page, PYTHON_READY)
    page.fill("input[name=committed_members]", "15")
    submit(page)
    expect(page.locator("#checker-result [data-criterion=committed_members]")).to_have_attribute("data-status", "met")
    assert violations(page) == []
