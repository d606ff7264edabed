"""A throwaway copy of the project, and a strict build of it: for tools (and
tests) that build a variant of the site without touching the working copy."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COPIED = ("mkdocs.yml", "docs", "overrides", "deploy")
LINKED = ("node_modules", "checker", "scripts")  # the runtime, watched code (and build/: link_build_cache)


def link_build_cache(target):
    """`target`/build is the project's build/, whose cache (checker wheel,
    lock file, library, snapshot: keyed by their sources) every copy shares."""
    (ROOT / "build").mkdir(exist_ok=True)
    (Path(target) / "build").symlink_to(ROOT / "build")


def copy_project(target):
    """Copy what a build reads into `target` (node_modules is linked, not copied)."""
    target = Path(target)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / name)
    for name in LINKED:
        (target / name).symlink_to(ROOT / name)
    link_build_cache(target)
    return target


def build(root, *, config=None, site_dir=None, quiet=False, timeout=300, **env):
    """`mkdocs build --strict --clean` of the project at `root` (its mkdocs.yml,
    or `config`), into its site/ (or `site_dir`), as strict as `make build`
    unless `env` says otherwise; returns the CompletedProcess (output in .stdout).
    Every tool and test that builds the site builds it here."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    if "ALLOW_MISSING_TRANSLATIONS" not in env:
        environment.pop("ALLOW_MISSING_TRANSLATIONS", None)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"]
    command += ["-f", str(config or Path(root) / "mkdocs.yml")]
    command += ["-d", str(site_dir)] if site_dir else []
    command += ["--quiet"] if quiet else []
    return subprocess.run(
        command, cwd=root, env=environment, capture_output=True, text=True, check=False, timeout=timeout
    )
