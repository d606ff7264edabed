"""Loading the rules data (``rules.toml``), the single source of every
criterion, threshold, source and visitor-facing text.

Read once per process with :mod:`tomllib` through :mod:`importlib.resources`,
so it works from a source tree, an installed wheel and Pyodide alike.
"""

from __future__ import annotations

import copy
import tomllib
from importlib import resources

LANGS = ("fi", "en")


def _load() -> dict:
    data = resources.files(__package__).joinpath("rules.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))


RULES: dict = _load()
RULES_VERSION: str = RULES["version"]

QUESTIONS: dict = {q["id"]: q for q in RULES["questions"]}
GROUPS: dict = {g["id"]: g for g in RULES["groups"]}
SOURCES: dict = {s["id"]: s for s in RULES["sources"]}


def rules_data() -> dict:
    """A deep copy of the parsed rules file (for build hooks and tests)."""
    return copy.deepcopy(RULES)
