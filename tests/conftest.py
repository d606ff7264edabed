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


# With pytest-xdist (`make test` runs two workers), the tests of a module whose
# fixtures build a site or start a server once for all of them run on one
# worker, so that work is done once.
BUILDS_ONCE = {
    "tests.bench.test_bench",
    "tests.browser.test_404",
    "tests.browser.test_csp_meta",
    "tests.browser.test_editor",
    "tests.browser.test_headers",
    "tests.browser.test_publish_flow",
    "tests.browser.test_redeploy",
    "tests.pyodide.test_pyodide_parity",
    "tests.site.test_editor_config",
    "tests.site.test_fixture_markup",
    "tests.site.test_html_valid",
    "tests.site.test_translations",
}


def pytest_collection_modifyitems(items):
    for item in items:
        module = item.module.__name__ if item.module else ""
        if module in BUILDS_ONCE:
            item.add_marker(pytest.mark.xdist_group(module))
