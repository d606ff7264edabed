"""Shared fixtures: the built site, served on 127.0.0.1."""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from sitetools.localserver import serve

# No wall-clock limit in any test: `make test` must pass on a machine that
# something else keeps busy. (Hypothesis's default is 200 ms an example.)
settings.register_profile("no-deadline", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("no-deadline")

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("SITE_DIR", ROOT / "site"))


@pytest.fixture(scope="session")
def site_dir():
    if not (SITE / "index.html").exists():
        pytest.fail("The site is not built: run `make build` (or `make test`, which builds first).")
    return SITE


@pytest.fixture(scope="session")
def site_url(site_dir):
    url, server = serve(site_dir)
    yield url
    server.shutdown()


# With pytest-xdist (`make test` runs one worker per core): the modules that
# build a site (MkDocs, Pagefind, Node) run one after another on one worker,
# never two builds at once (a search test once found nothing in its site
# while other builds ran beside it: -n 3, about one run in four); the tests
# of a module whose fixtures start something once for all of them keep to one
# worker, so that work is done once.
BUILDS_A_SITE = {
    "tests.bench.test_bench",
    "tests.browser.test_csp_meta",
    "tests.browser.test_editor",
    "tests.browser.test_publish_flow",
    "tests.browser.test_redeploy",
    "tests.site.test_clusters",
    "tests.site.test_editor_config",
    "tests.site.test_fixture_markup",
    "tests.site.test_rule_values",
    "tests.site.test_settings",
    "tests.site.test_translations",
}
STARTS_ONCE = {
    "tests.browser.test_404",
    "tests.browser.test_headers",
    "tests.pyodide.test_pyodide_parity",
    "tests.site.test_html_valid",
}


def pytest_collection_modifyitems(items):
    for item in items:
        module = item.module.__name__ if item.module else ""
        if module in BUILDS_A_SITE:
            item.add_marker(pytest.mark.xdist_group("site-builds"))
        elif module in STARTS_ONCE:
            item.add_marker(pytest.mark.xdist_group(module))
