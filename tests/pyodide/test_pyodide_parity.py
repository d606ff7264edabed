"""The engine under real Pyodide gives the same results as under CPython for
the whole case table, both when started afresh and when started from the
memory snapshot: with the very files the site ships (runtime, lock file,
wheel, trimmed standard library, snapshot file) and through the site's own
start-up module (boot.mjs), which the browser's worker imports too."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import checker
from tests.pyodide.shipped import runtime_config

pytestmark = pytest.mark.pyodide

CASES = Path(__file__).resolve().parent.parent / "cases.json"


def run_under_pyodide(site_dir, mode):
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js >= 20 is needed to run the engine under Pyodide.")
    command = [node, str(Path(__file__).with_name("run_cases.mjs")), str(site_dir), str(CASES), mode]
    config = json.dumps(runtime_config(site_dir))
    completed = subprocess.run(command, input=config, capture_output=True, text=True, timeout=240, check=False)
    assert completed.returncode == 0, completed.stderr[-2000:]
    return json.loads(completed.stdout)


@pytest.fixture(scope="module", params=["fresh", "snapshot"])
def pyodide_run(request, site_dir):
    return request.param, run_under_pyodide(site_dir, request.param)


def test_runs_on_the_sites_python(pyodide_run):
    mode, run = pyodide_run
    assert run["python"].startswith("3.14")
    assert run["fromSnapshot"] is (mode == "snapshot")


def test_every_case_matches_cpython(pyodide_run):
    _, run = pyodide_run
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    assert len(run["results"]) == len(cases) > 0
    for case, ran in zip(cases, run["results"], strict=True):
        assert ran["name"] == case["name"]
        if "query" in case:
            expected = checker.evaluate_query(case["query"], case["lang"])
        else:
            expected = checker.evaluate(case["answers"], case["lang"])
        assert ran["result"] == expected, case["name"]
