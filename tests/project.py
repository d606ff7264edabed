"""The project under test: its root, its languages (from mkdocs.yml), and
throwaway copies of it to build variants of the site in."""

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sitebuild.languages import Languages

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITE = Path(__file__).resolve().parent / "fixtures" / "site"
COPIED = ("mkdocs.yml", "docs", "overrides", "deploy")
LINKED = ("node_modules", "build", "checker", "scripts")  # read only: the runtime, the snapshot cache, watched code


@functools.cache
def languages() -> Languages:
    return Languages.from_file(ROOT / "mkdocs.yml")


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
    return target


def fixture_site(target):
    """A copy of the small test site (tests/fixtures/site) that builds in a second or two,
    with the project's theme overrides and header file."""
    target = Path(target)
    shutil.copytree(FIXTURE_SITE, target, dirs_exist_ok=True)
    for name in ("node_modules", "overrides", "deploy"):
        (target / name).symlink_to(ROOT / name)
    return target


def build(root, **env):
    """`mkdocs build --strict` in a copy; returns the CompletedProcess (output in .stdout)."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    if "ALLOW_MISSING_TRANSLATIONS" not in env:
        environment.pop("ALLOW_MISSING_TRANSLATIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(Path(root) / "mkdocs.yml")],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
