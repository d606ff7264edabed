"""Loading the rules data (``rules.toml``), the single source of every
criterion, threshold, source and visitor-facing text.

Read once per process with :mod:`tomllib` through :mod:`importlib.resources`,
so it works from a source tree, an installed wheel and Pyodide alike, and
validated on load (:mod:`checker._schema`): a broken rules file raises
:class:`RulesError` at import time, naming the file and the place, instead of
becoming an "unexpected error" for every visitor.

``RULES_VERSION`` is the file's ``version`` plus the first 12 hex digits of
the SHA-256 of its bytes ("2026-11-28+3f2a9c1b7d4e"), so a printed result
names the exact rules that produced it even when someone forgets to bump the
version.
"""

from __future__ import annotations

import copy
import hashlib
import os
import tomllib
from importlib import resources
from typing import Any

from ._schema import LANGS, RulesError, validate_rules
from ._types import Source

__all__ = [
    "LANGS",
    "QUESTIONS",
    "RULES",
    "RULES_VERSION",
    "SOURCES",
    "RulesError",
    "load_rules",
    "rules_data",
    "source_of",
]

HASH_DIGITS = 12


def parse_rules(raw: bytes, name: str = "rules.toml") -> dict[str, Any]:
    """Parse and validate the bytes of a rules file; raises RulesError."""
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise RulesError([f"{name}: not UTF-8 text ({e.reason} at byte {e.start})"]) from None
    except tomllib.TOMLDecodeError as e:
        raise RulesError([f"{name}: not valid TOML: {e}"]) from None
    validate_rules(data, name)
    return data


def version_of(data: dict[str, Any], raw: bytes) -> str:
    """The rules version: the file's `version` and a hash of its bytes."""
    return f"{data['version']}+{hashlib.sha256(raw).hexdigest()[:HASH_DIGITS]}"


def load_rules(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read, parse and validate a rules file; raises RulesError naming the
    file and the place of the first problems found. (For the site build and
    for tests feeding broken variants; the engine itself uses the packaged
    ``rules.toml``.)"""
    name = os.fspath(path)
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise RulesError([f"{name}: cannot read the file ({e.strerror})"]) from None
    return parse_rules(raw, os.path.basename(name))


def _load_packaged() -> tuple[dict[str, Any], bytes]:
    raw = resources.files(__package__).joinpath("rules.toml").read_bytes()
    return parse_rules(raw), raw


RULES: dict[str, Any]
RULES, _RAW = _load_packaged()
RULES_VERSION: str = version_of(RULES, _RAW)

QUESTIONS: dict[str, dict[str, Any]] = {q["id"]: q for q in RULES["questions"]}
SOURCES: dict[str, dict[str, Any]] = {s["id"]: s for s in RULES["sources"]}


def rules_data() -> dict[str, Any]:
    """A deep copy of the parsed rules file (for build hooks and tests)."""
    return copy.deepcopy(RULES)


def source_of(sid: str) -> Source:
    """A source of the rules file as the result shows it."""
    s = SOURCES[sid]
    out: Source = {
        "id": sid,
        "url": s["url"],
        "title": s["title"],
        "title_lang": s["title_lang"],
        "accessed": s["accessed"],
    }
    if "published" in s:
        out["published"] = s["published"]
    return out
