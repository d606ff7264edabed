"""A throwaway copy of the project to build variants of the site in."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
COPIED = ("mkdocs.yml", "docs", "overrides", "scripts", "checker", "deploy")


def copy_project(target):
    """Copy what a build reads into `target` (node_modules is linked, not copied)."""
    target = Path(target)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def build(root, **env):
    """`mkdocs build --strict` in a copy; returns the CompletedProcess (output in .stdout)."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    environment.pop("ALLOW_MISSING_TRANSLATIONS", None) if "ALLOW_MISSING_TRANSLATIONS" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(Path(root) / "mkdocs.yml")],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
