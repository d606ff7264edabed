"""site/sw.js: the service worker that keeps the checker's pages and files for
offline use, with the list of those files and a version that changes with any
of them."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources
from pathlib import Path

TEMPLATE = "browser/service_worker.js"


def page_assets(site: Path, page: str) -> set[str]:
    """The site's own stylesheets and scripts that a built page loads."""
    html = (site / page).read_text(encoding="utf-8")
    found = re.findall(r'<(?:link[^>]+rel="(?:stylesheet|icon)"[^>]+href|script[^>]+src)="([^"#?]+)', html)
    base = (site / page).parent
    return {(base / ref).resolve().relative_to(site.resolve()).as_posix() for ref in found if "://" not in ref}


def write(site: Path, pages: list[str], files: set[str]) -> None:
    """`pages` like "checker/index.html"; `files` site-relative paths."""
    precache = set(files) | {page.removesuffix("index.html") for page in pages}
    for page in pages:
        precache |= page_assets(site, page)
    digest = hashlib.sha256()
    for name in sorted(precache):
        path = site / name / "index.html" if name.endswith("/") else site / name
        digest.update(name.encode() + hashlib.sha256(path.read_bytes()).digest())
    script = resources.files(__package__).joinpath(TEMPLATE).read_text(encoding="utf-8")
    script = script.replace("__VERSION__", digest.hexdigest()[:12]).replace(
        "__PRECACHE__", json.dumps(sorted(precache))
    )
    (site / "sw.js").write_text(script, encoding="utf-8")
