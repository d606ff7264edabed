"""The layers of ARCHITECTURE.md, checked: the engine imports only the standard
library, the build never imports the tools or the tests, and the tools never
import the tests."""

import ast
import sys

import pytest

from tests.project import ROOT

FORBIDDEN = {
    "checker": {"sitebuild", "sitetools", "tests", "mkdocs", "material"},
    "scripts/sitebuild": {"sitetools", "tests"},
    "scripts/sitetools": {"tests"},
}


def imported_top_names(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(folder):
    offending = [
        (str(path.relative_to(ROOT)), name)
        for path in sorted((ROOT / folder).rglob("*.py"))
        for name in imported_top_names(path)
        if name in FORBIDDEN[folder]
    ]
    assert offending == []


def test_the_engine_needs_only_the_standard_library():
    names = {name for path in (ROOT / "checker").rglob("*.py") for name in imported_top_names(path)}
    assert names - {"checker"} <= set(sys.stdlib_module_names), names - set(sys.stdlib_module_names)
