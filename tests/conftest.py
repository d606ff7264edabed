"""Shared fixtures: the built site, served on 127.0.0.1, and the Chromium the tests drive."""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from sitetools.localserver import chromium_executable, serve

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


@pytest.fixture(scope="session")
def tests_chromium():
    """The Chromium every browser test drives: its headless shell where installed,
    as Playwright itself runs headless (ARCHITECTURE.md, Tests); None: Playwright's own."""
    return chromium_executable(headless_shell=True)
