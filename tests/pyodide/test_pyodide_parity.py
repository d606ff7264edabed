"""The engine under real Pyodide (the very files the site ships) gives the
same results as under CPython for the whole case table."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import checker

pytestmark = pytest.mark.pyodide

CASES = Path(__file__).resolve().parent.parent / "cases.json"


@pytest.fixture(scope="module")
def pyodide_run(site_dir):
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js >= 20 is needed to run the engine under Pyodide.")
    (runtime,) = (site_dir / "assets" / "pyodide").iterdir()
    (package,) = (site_dir / "assets" / "checker").glob("checker-*.zip")
    completed = subprocess.run(
        [node, str(Path(__file__).with_name("run_cases.mjs")), str(runtime), str(package), str(CASES)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return json.loads(completed.stdout)


def test_runs_on_the_sites_python(pyodide_run):
    assert pyodide_run["python"].startswith("3.14")


def test_every_case_matches_cpython(pyodide_run):
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    assert len(pyodide_run["results"]) == len(cases) > 0
    for case, ran in zip(cases, pyodide_run["results"], strict=True):
        assert ran["name"] == case["name"]
        assert ran["result"] == checker.evaluate(case["answers"], case["lang"]), case["name"]
