"""The site the bench measures (a production build made for the run) and the
stock page it is measured against."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from sitetools.bench.server import reserved_port
from sitetools.project import ROOT
from sitetools.project import build as project_build

BASELINE_PAGE = "/bench-baseline/"
CHECKER_PAGE = "/en/checker/"
BASELINE = resources.files(__package__).joinpath("baseline")
CONFIG = re.compile(r'<script type="application/json" id="checker-config">(.*?)</script>', re.DOTALL)


class BuildError(RuntimeError):
    pass


def pyodide_version(root: Path = ROOT) -> str:
    return json.loads((root / "node_modules" / "pyodide" / "package.json").read_text())["version"]


def build_site(target: Path, port: int, project: Path = ROOT, attempts: int = 3) -> None:
    """A production build into `target`: `mkdocs build --strict` with SITE_URL set
    to the origin it will be served from (absolute hreflang alternates and
    canonical URLs, as in production). The project's site/ is not touched."""
    # a measurement build, never published: any feedback address will do
    feedback = os.environ.get("ACCESSIBILITY_FEEDBACK", "bench@example.invalid")
    for attempt in range(attempts):  # docs/ may be mid-edit by someone else: try again
        proc = project_build(
            project,
            site_dir=target,
            timeout=None,
            SITE_URL=f"http://127.0.0.1:{port}/",
            ACCESSIBILITY_FEEDBACK=feedback,
        )
        if proc.returncode == 0 and (target / "index.html").exists():
            return
        if attempt == attempts - 1:
            raise BuildError(f"The production build failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
        time.sleep(10)


def checker_runtime(site: Path) -> dict:
    """The checker page's runtime config, as its worker gets it."""
    html = (site / CHECKER_PAGE.strip("/") / "index.html").read_text(encoding="utf-8")
    match = CONFIG.search(html)
    if not match:
        raise BuildError(f"{CHECKER_PAGE} has no checker config")
    return json.loads(match.group(1).replace("<\\/", "</"))["runtime"]


def stock_page(site: Path, folder: Path, root: Path = ROOT) -> Path:
    """The stock page for `site`, written into `folder` (served at BASELINE_PAGE):
    the same runtime files as the checker page, plus Pyodide's full standard library."""
    runtime = checker_runtime(site)
    assets = "../assets/checker/"
    config = {
        "indexURL": assets + runtime["pyodide"]["url"],
        "lockFile": assets + runtime["lockFile"]["url"],
        "packageBaseUrl": assets + runtime["lockFile"]["url"].rsplit("/", 1)[0] + "/",
        "package": runtime["package"],
    }
    folder.mkdir(parents=True, exist_ok=True)
    html = BASELINE.joinpath("index.html").read_text(encoding="utf-8")
    (folder / "index.html").write_text(html.replace("@CONFIG@", json.dumps(config)), encoding="utf-8")
    (folder / "baseline.mjs").write_bytes(BASELINE.joinpath("baseline.mjs").read_bytes())
    shutil.copyfile(root / "node_modules" / "pyodide" / "python_stdlib.zip", folder / "python_stdlib.zip")
    return folder


@contextlib.contextmanager
def production_site(prepared: tuple[Path, int] | None = None, project: Path = ROOT) -> Iterator[tuple[Path, int]]:
    """(directory, port): a production build made for a port held meanwhile (or
    `prepared`, such a pair made before)."""
    if prepared:
        yield prepared
        return
    with reserved_port() as port, tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        build_site(Path(tmp), port, project)
        yield Path(tmp), port
