"""Shared fixtures: the built site, served on 127.0.0.1."""

import os
from pathlib import Path

import pytest

from sitetools.localserver import serve

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
