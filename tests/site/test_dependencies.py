"""The supply chain: every Python package the project installs is locked with
its hashes; the environment holds exactly what the lock says; the GitHub
Actions are pinned by commit; npm installs from its lock file."""

import json
import re
import sys
from importlib import metadata

from tests.project import ROOT

LOCK = ROOT / "scripts" / "requirements.lock"
OWN = {"klusterilaatu-checker", "klusterilaatu-site"}


def normalised(name):
    """A distribution's name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def locked():
    text = LOCK.read_text(encoding="utf-8")
    entries = re.findall(r"(?m)^([A-Za-z0-9_.-]+)==([^ \\\n]+) \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", text)
    return {normalised(name): version for name, version, _ in entries}, text


def test_every_locked_package_has_a_version_and_a_hash():
    versions, text = locked()
    requirement_lines = [line for line in text.splitlines() if re.match(r"^[A-Za-z0-9_.-]+==", line)]
    assert len(versions) == len(requirement_lines) >= 40


def test_the_environment_is_exactly_the_lock():
    versions, _ = locked()
    in_venv = [d for d in metadata.distributions() if str(d.locate_file("")).startswith(sys.prefix)]
    installed = {normalised(d.metadata["Name"]): d.version for d in in_venv}
    for name, version in installed.items():
        if name in OWN:
            continue
        assert versions.get(name) == version, f"{name} {version} is installed but not locked at that version"
    assert OWN <= set(installed)


def test_actions_are_pinned_by_commit():
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)", workflow)
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses


def test_npm_installs_from_its_lock_with_integrity():
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    packages = {k: v for k, v in lock["packages"].items() if k}
    assert packages and all("integrity" in v or v.get("link") for v in packages.values())
    assert "npm ci" in (ROOT / "Makefile").read_text(encoding="utf-8")
