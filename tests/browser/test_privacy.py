"""Privacy: only the site's own host is contacted; the answers appear in no
request, storage or cookie unless the visitor shares them. (The site under its
Content-Security-Policy: test_headers.py, and test_csp_meta.py for the <meta> one.)"""

import json
import re

import pytest
from playwright.sync_api import expect

import checker
from sitebuild.languages import t

from .conftest import log_requests
from .helpers import (
    PROTOCOL,
    PYTHON_START_TIMEOUT,
    open_checker,
    statuses,
    storage_dump,
    submit,
    wait_for_kept_snapshot,
)

pytestmark = pytest.mark.browser

SECRET_MEMBERS = "4817"
SECRET_MONTH = "2031-07"


def test_answers_stay_in_the_browser_until_shared(page, site_url):
    open_checker(page, site_url, "en")
    page.fill("input[name=committed_members]", SECRET_MEMBERS)
    page.fill("input[name=bronze_interview_month]", SECRET_MONTH)
    submit(page)
    expect(page.locator("#checker-result")).to_be_visible()
    page.reload()
    open_checker(page, site_url, "en")

    sent = page.context.request_log.sent
    assert sent, "requests were observed"
    for request in sent:
        assert SECRET_MEMBERS not in request and SECRET_MONTH not in request
    wait_for_kept_snapshot(page)
    dump = storage_dump(page)
    assert SECRET_MEMBERS not in json.dumps(dump) and SECRET_MONTH not in json.dumps(dump)
    assert dump["cookie"] == ""
    assert page.context.cookies() == []
    # the private file system holds only the checker's kept files, each byte for
    # byte the build's file whose sha256 its name carries: no room for an answer
    # (a ".part" is one being written, or left by a worker stopped meanwhile)
    folder = PROTOCOL["kept"]["folder"]
    whole = {path: sha256 for path, sha256 in dump["files"].items() if not path.endswith(".part")}
    assert whole, "the worker keeps its files"
    for path, sha256 in whole.items():
        assert path.startswith(folder + "/") and sha256 in path, (path, sha256)
    assert all(path.removesuffix(".part") in whole for path in dump["files"])


def test_sharing_puts_answers_in_the_fragment_only(page, site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_checker(page, site_url, "fi")
    assert "#" not in page.url
    page.fill("input[name=management_fte]", "0,5")
    page.fill("input[name=committed_members]", "15")
    page.check("input[name=member_types][value=business]")
    page.check("input[name=member_types][value=research]")
    page.check("input[name=eccp_profile][value=validated]")
    submit(page)
    page.click("#checker-share")
    expect(page.locator("#checker-share-status")).to_have_text(t("fi", "checker.shared"))
    fragment = page.url.split("#", 1)[1]
    # the answers as typed (Python reads "0,5" on either page), a multi question's items joined by commas
    assert fragment == "management_fte=0,5&committed_members=15&member_types=business,research&eccp_profile=validated"
    assert page.evaluate("navigator.clipboard.readText()") == page.url


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_a_shared_link_restores_answers_and_result(page, site_url, lang):
    fragment = "#management_fte=0.5&committed_members=15&member_types=business,research&eccp_profile=validated"
    open_checker(page, site_url, lang, fragment)
    result = page.locator("#checker-result")
    expect(result).to_be_visible(timeout=PYTHON_START_TIMEOUT)
    found = statuses(page)
    assert found["management_fte"] == found["committed_members"] == found["member_diversity"] == "met"
    assert found["eccp_profile"] == "met"
    expect(page.locator("input[name=management_fte]")).to_have_value("0.5")
    expect(page.locator("input[name=member_types][value=research]")).to_be_checked()
    expect(page.locator("input[name=eccp_profile][value=validated]")).to_be_checked()


def test_a_bad_shared_link_is_explained(page, site_url):
    open_checker(page, site_url, "en", "#committed_members=many&eccp_profile=maybe&colour=blue")
    summary = page.locator("#checker-error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("li")).to_have_count(3)
    expect(page).to_have_title(re.compile("^Error: "))


def test_changing_an_answer_updates_the_result(page, site_url):
    open_checker(page, site_url, "en")
    page.fill("input[name=committed_members]", "14")
    submit(page)
    row = page.locator("#checker-result [data-criterion=committed_members]")
    expect(row).to_have_attribute("data-status", "not_met")
    page.fill("input[name=committed_members]", "15")
    expect(row).to_have_attribute("data-status", "met")
    expect(page.locator("#checker-status")).to_contain_text(t("en", "checker.updated"))


def test_print_gives_a_clean_printout(page, site_url):
    open_checker(page, site_url, "fi", "#management_fte=0.4&committed_members=12&eccp_profile=validated")
    expect(page.locator("#checker-result")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("#checker-form")).to_be_hidden()
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    meta = page.locator(".checker-meta")
    expect(meta).to_be_visible()
    expect(meta).to_contain_text(checker.ui_texts("fi")["rules_version"])
    expect(meta).to_contain_text("/checker/")
    expect(page.locator(".checker-answers")).to_be_visible()  # with the answers given: at most two pages
    pdf = page.pdf(format="A4")
    assert 1 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2


def test_the_request_log_catches_another_host_from_a_page_and_a_worker(browser, site_url):
    """The log behind every browser test's "no other host" check sees such a
    request, from a page and from a worker (on a page without the site's policy)."""
    context = log_requests(browser.new_context(), site_url)
    log = context.request_log
    page = context.new_page()
    with page.expect_event("requestfailed"):
        page.set_content('<img src="http://other.invalid/pixel.png" alt="">')
    page.evaluate(
        """() => new Promise((resolve) => {
            const code = "fetch('http://other.invalid/from-worker').catch(() => postMessage('done'))";
            const worker = new Worker(URL.createObjectURL(new Blob([code])));
            worker.onmessage = resolve;
        })"""
    )
    context.close()
    assert log.foreign == ["http://other.invalid/pixel.png", "http://other.invalid/from-worker"]
    assert not any(url.startswith("blob:") for url in log.foreign)
