"""MkDocs hooks: vendor the pinned Pyodide runtime, package the checker, and
render the checker's rules data (criteria table, form) into the pages."""

import hashlib
import importlib
import io
import json
import mimetypes
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.articles import build_lang

PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
SNAPSHOT_CACHE = ROOT / "build" / "snapshots"
SERVICE_WORKER = ROOT / "scripts" / "service_worker.js"
OFFLINE_PAGES = ("checker/index.html", "en/checker/index.html")
CRITERIA_MARKER = "<!-- criteria-table -->"
FORM_MARKER = "<!-- checker-form -->"

_build = {}


def pyodide_version():
    package = PYODIDE_NPM / "package.json"
    if not package.exists():
        raise PluginError("Pyodide is missing: run `npm ci` (or `make build`, which does it).")
    return json.loads(package.read_text())["version"]


def checker_archive():
    """The checker package as a reproducible zip, named by its content hash."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((ROOT / "checker").rglob("*")):
            if path.is_file() and path.suffix in (".py", ".toml") and "__pycache__" not in path.parts:
                info = zipfile.ZipInfo(path.relative_to(ROOT).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    data = buffer.getvalue()
    return f"checker-{hashlib.sha256(data).hexdigest()[:12]}.zip", data


def snapshot_name(package_name, version):
    """The memory snapshot's name: new whenever the checker, Pyodide or the way
    the snapshot is made changes."""
    recipe = (ROOT / "scripts" / "make_snapshot.mjs").read_bytes()
    key = hashlib.sha256(f"{version}/{package_name}/".encode() + recipe).hexdigest()[:12]
    return f"snapshot-{key}.bin.gz"


def build_snapshot(runtime_dir, package_path, name):
    """A Pyodide memory snapshot with the checker imported, cached across builds."""
    cached = SNAPSHOT_CACHE / name
    if not cached.exists():
        SNAPSHOT_CACHE.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".part")
        command = [
            "node",
            str(ROOT / "scripts" / "make_snapshot.mjs"),
            str(runtime_dir),
            str(package_path),
            str(partial),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise PluginError(f"Could not build the Pyodide snapshot:\n{done.stderr[-2000:]}")
        partial.rename(cached)
    return cached


def load_checker():
    """A fresh import of this tree's checker (`mkdocs serve` rebuilds after edits)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for name in [m for m in sys.modules if m == "checker" or m.startswith("checker.")]:
        del sys.modules[name]
    return importlib.import_module("checker")


def on_startup(command, dirty):
    mimetypes.add_type("application/wasm", ".wasm")
    mimetypes.add_type("text/javascript", ".mjs")


def on_config(config):
    _build["pyodide"] = pyodide_version()
    _build["package"], _build["archive"] = checker_archive()
    _build["snapshot"] = snapshot_name(_build["package"], _build["pyodide"])
    _build["checker"] = load_checker()
    return config


def on_page_markdown(markdown, page, config, files):
    if CRITERIA_MARKER in markdown:
        markdown = markdown.replace(CRITERIA_MARKER, _build["checker"].criteria_table(build_lang(config)))
    return markdown


def on_page_content(html, page, config, files):
    if FORM_MARKER in html:
        from scripts.checker_form import render_form

        lang = build_lang(config)
        form = render_form(
            _build["checker"].questions(lang),
            _build["checker"].ui_texts(lang),
            lang,
            pyodide_version=_build["pyodide"],
            package_name=_build["package"],
            snapshot_name=_build["snapshot"],
            script_url=get_relative_url("assets/checker/checker.js", page.url),
        )
        html = html.replace(FORM_MARKER, form)
    return html


def on_post_page(output, page, config):
    """In a production build (SITE_URL set), hreflang alternates become absolute
    URLs, as search engines expect. Local builds keep them relative so that a
    test server on any port never sees a request for another origin."""
    if not os.environ.get("SITE_URL"):
        return output
    base = urljoin(config["site_url"], page.url)

    def absolute(match):
        return f"{match.group(1)}{urljoin(base, match.group(2))}{match.group(3)}"

    return re.sub(r'(<link rel="alternate" href=")([^"]+)(" hreflang=")', absolute, output)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config):
    site = Path(config["site_dir"])
    runtime = site / "assets" / "pyodide" / _build["pyodide"]
    runtime.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        target = runtime / name
        source = PYODIDE_NPM / name
        if not target.exists() or target.stat().st_size != source.stat().st_size:
            shutil.copyfile(source, target)
    package = site / "assets" / "checker" / _build["package"]
    package.write_bytes(_build["archive"])
    shutil.copyfile(build_snapshot(runtime, package, _build["snapshot"]), package.with_name(_build["snapshot"]))
    write_service_worker(site)


def page_assets(site, page):
    """The site's own stylesheets and scripts that a built page loads."""
    html = (site / page).read_text(encoding="utf-8")
    found = re.findall(r'<(?:link[^>]+rel="(?:stylesheet|icon)"[^>]+href|script[^>]+src)="([^"#?]+)', html)
    base = (site / page).parent
    return {(base / ref).resolve().relative_to(site.resolve()).as_posix() for ref in found if "://" not in ref}


def write_service_worker(site):
    """sw.js with the list of files the checker needs offline and their version."""
    if not all((site / page).exists() for page in OFFLINE_PAGES):
        return
    runtime = f"assets/pyodide/{_build['pyodide']}"
    files = {page.removesuffix("index.html") for page in OFFLINE_PAGES}
    files |= {f"{runtime}/{name}" for name in PYODIDE_FILES}
    files |= {f"assets/checker/{name}" for name in ("worker.js", _build["package"], _build["snapshot"])}
    for page in OFFLINE_PAGES:
        files |= page_assets(site, page)
    digest = hashlib.sha256()
    for name in sorted(files):
        path = site / name / "index.html" if name.endswith("/") else site / name
        digest.update(name.encode() + hashlib.sha256(path.read_bytes()).digest())
    script = SERVICE_WORKER.read_text(encoding="utf-8")
    script = script.replace("__VERSION__", digest.hexdigest()[:12]).replace("__PRECACHE__", json.dumps(sorted(files)))
    (site / "sw.js").write_text(script, encoding="utf-8")
