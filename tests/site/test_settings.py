"""Settings that a production build must have: the accessibility feedback address
(Act 306/2019) is one setting in mkdocs.yml, shown in the pages, and a production
build (SITE_URL set) refuses to run without it. Built on the fixture site."""

import pytest

from tests.project import build, fixture_site


@pytest.fixture
def site(tmp_path):
    return fixture_site(tmp_path)


def test_a_production_build_refuses_to_run_without_the_feedback_address(site):
    result = build(site, SITE_URL="https://example.org/")
    assert result.returncode != 0
    assert "needs `accessibility_feedback`" in result.stdout + result.stderr


def test_the_address_is_shown_as_a_mail_link(site):
    result = build(site, SITE_URL="https://example.org/", ACCESSIBILITY_FEEDBACK="palaute@example.org")
    assert result.returncode == 0, result.stderr[-2000:]
    for page in ("index.html", "en/index.html"):
        html = (site / "site" / page).read_text(encoding="utf-8")
        assert '<a href="mailto:palaute@example.org">palaute@example.org</a>' in html


def test_a_local_build_without_it_says_so_in_the_page_language(site):
    result = build(site)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "palauteosoitetta ei ole asetettu" in (site / "site" / "index.html").read_text(encoding="utf-8")
    assert "no feedback address is set" in (site / "site" / "en" / "index.html").read_text(encoding="utf-8")


def test_not_an_address_is_refused(site):
    result = build(site, ACCESSIBILITY_FEEDBACK="see savonia.fi")
    assert result.returncode != 0
    assert "is not an e-mail address" in result.stdout + result.stderr

