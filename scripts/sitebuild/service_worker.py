"""site/sw.js: the service worker that keeps the checker's pages and files for
offline use, and nothing else. It gets the list of those files with the
sha256 of each (what it stores must match), and a version that changes with
any of them."""

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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_to_keep(
    site: Path, pages: list[str], offline: dict[str, list[str]], fallback: dict[str, list[str]]
) -> dict[str, dict[str, object]]:
    """`pages` like "checker/index.html"; `offline` and `fallback` map site-relative
    paths to their sha256 values. Offline files and the pages with what they load
    are fetched at install; fallback files are kept once the page has used them."""
    keep: dict[str, dict[str, object]] = {}
    for page in pages:
        keep[page.removesuffix("index.html")] = {"sha256": [_sha256(site / page)], "precache": True, "page": True}
        for asset in page_assets(site, page):
            keep.setdefault(asset, {"sha256": [_sha256(site / asset)], "precache": True, "page": False})
    for path, hashes in offline.items():
        keep[path] = {"sha256": hashes, "precache": True, "page": False}
    for path, hashes in fallback.items():
        keep.setdefault(path, {"sha256": hashes, "precache": False, "page": False})
    return dict(sorted(keep.items()))


def write(site: Path, pages: list[str], offline: dict[str, list[str]], fallback: dict[str, list[str]]) -> None:
    files = files_to_keep(site, pages, offline, fallback)
    text = json.dumps(files, separators=(",", ":"))
    version = hashlib.sha256(text.encode()).hexdigest()[:12]
    script = resources.files(__package__).joinpath(TEMPLATE).read_text(encoding="utf-8")
    script = script.replace("__VERSION__", version).replace('"__FILES__"', json.dumps(text))
    (site / "sw.js").write_text(script, encoding="utf-8")
