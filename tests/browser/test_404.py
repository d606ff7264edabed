"""A "page not found" page in each language, served the way deploy/nginx.conf
is to serve it (`error_page 404` with /404.html, and /en/404.html under /en/):
at any depth of a wrong address it is styled, in the right language, helpful
(home, search, the site's sections), its language switch leads to the other
404 page, and axe finds nothing."""

from http import HTTPStatus
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sitebuild.languages import t
from sitetools.localserver import serve
from tests.project import languages

from .helpers import axe_violations

pytestmark = pytest.mark.browser


def not_found_page(site_dir, path):
    """The 404 page of the language whose folder `path` is in."""
    codes = languages()
    for lang in codes.codes:
        prefix = codes.prefix(lang)
        if prefix and path.startswith("/" + prefix):
            return site_dir / prefix / "404.html"
    return site_dir / "404.html"


@pytest.fixture(scope="module")
def site_with_404(site_dir):
    url, server = serve(site_dir)
    handler = server.RequestHandlerClass.func  # functools.partial(Handler, directory=…)
    plain = handler.send_error

    def send_error(self, code, message=None, explain=None):
        if code != HTTPStatus.NOT_FOUND:
            return plain(self, code, message, explain)
        body = Path(not_found_page(site_dir, self.path)).read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    handler.send_error = send_error
    yield url
    server.shutdown()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("path", "lang"), [("/ei/ole/olemassa/", "fi"), ("/en/no/such/page/", "en")])
def test_a_wrong_address_shows_the_404_page_of_its_language(page, site_with_404, path, lang):
    response = page.goto(site_with_404 + path)
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_text(t(lang, "notfound.title"))
    assert page.title().startswith(t(lang, "notfound.title"))
    # styled at any depth: Material's header colour and the site's own CSS are there
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert page.evaluate("document.querySelector('.site-language__button .visually-hidden').offsetWidth") <= 1
    expect(page.locator(".not-found__sitemap a").first).to_be_visible()
    assert axe_violations(page) == []


def test_its_links_lead_home_to_the_search_and_to_the_other_language(page, site_with_404):
    page.goto(site_with_404 + "/en/old/address/")
    page.get_by_role("link", name=t("en", "notfound.search")).click()
    expect(page).to_have_url(site_with_404 + "/en/search/")
    page.go_back()
    page.get_by_role("link", name=t("en", "notfound.home"), exact=True).click()
    expect(page).to_have_url(site_with_404 + "/en/")
    page.goto(site_with_404 + "/en/old/address/")
    page.locator(".site-language__button").hover()
    page.locator(".md-select__link[hreflang=fi]").click()
    expect(page).to_have_url(site_with_404 + "/404.html")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.locator("h1")).to_have_text(t("fi", "notfound.title"))
    expect(page.locator(".md-select__link[aria-current=true]")).to_have_attribute("hreflang", "fi")
