"""The checker runtime as the built site ships it: the page config's runtime
part (what the worker is told) and the files it names."""

import json
import re
from pathlib import Path

CONFIG = re.compile(r'<script type="application/json" id="checker-config">(.*?)</script>', re.DOTALL)


def page_config(site_dir: Path, page: str = "en/checker/index.html") -> dict:
    html = (site_dir / page).read_text(encoding="utf-8")
    match = CONFIG.search(html)
    assert match, f"{page} has no checker config"
    return json.loads(match.group(1).replace("<\\/", "</"))


def runtime_config(site_dir: Path) -> dict:
    return page_config(site_dir)["runtime"]


def shipped_file(site_dir: Path, url: str) -> Path:
    """A file named in the runtime config (URLs relative to assets/checker/)."""
    return (site_dir / "assets" / "checker" / url).resolve()
