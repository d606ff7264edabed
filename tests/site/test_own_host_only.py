"""The site makes no request to another host: no template or page script the
build ships names one in an address it loads (src, href of a stylesheet or
preconnect, url(), fetch, import). Links for the reader to follow are fine."""

import re

import pytest

from tests.project import ROOT

SHIPPED = [
    *sorted((ROOT / "overrides").rglob("*.html")),
    *sorted((ROOT / "scripts" / "sitebuild" / "templates").glob("*.html")),
    *sorted((ROOT / "docs" / "assets").rglob("*.js")),
    *sorted((ROOT / "docs" / "assets").rglob("*.css")),
    *sorted((ROOT / "scripts" / "sitebuild" / "browser").glob("*.js")),
    *sorted((ROOT / "scripts" / "sitebuild" / "browser").glob("*.mjs")),
    *sorted((ROOT / "scripts" / "sitebuild" / "browser").glob("*.css")),
]
LOADS_FROM_ANOTHER_HOST = re.compile(
    r"""(?:src\s*=\s*["']|<link\b[^>]*\brel=["']?(?:stylesheet|preconnect|preload|modulepreload|dns-prefetch)[^>]*"""
    r"""|url\(\s*["']?|fetch\(\s*["'`]|import\s*\(?\s*["'`]|@import\s+["'])(?:https?:)?//""",
    re.IGNORECASE,
)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_shipped_loads_from_another_host(path):
    text = path.read_text(encoding="utf-8")
    assert not LOADS_FROM_ANOTHER_HOST.search(text), LOADS_FROM_ANOTHER_HOST.search(text).group(0)
