"""Lighthouse (npm `lighthouse`, pinned in package.json) on the front and
checker pages in both languages: the median score per category over several
runs, and the audits that lower each score."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sitetools.bench.build import ROOT, production_site
from sitetools.bench.server import serve_counting, stop_serving
from sitetools.localserver import CHROMIUM_SWITCHES, chromium_executable

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
REPORTS_DIR = ROOT / "build" / "bench"  # Lighthouse's full JSON reports (git-ignored)
LIGHTHOUSE_PAGES = ("/", "/en/", "/checker/", "/en/checker/")
LIGHTHOUSE_GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


class LighthouseMissing(RuntimeError):
    pass


def audit_detail(audit: dict[str, Any]) -> str:
    """A short why for a failing audit: its value, or what its first items say."""
    if audit.get("displayValue"):
        return audit["displayValue"]
    notes = []
    for item in audit.get("details", {}).get("items", [])[:3]:
        sub = item.get("subItems", {}).get("items", [])
        source = item.get("source")
        text = (
            (sub[0].get("reason") if sub else None)
            or item.get("description")
            or (source.get("snippet") if isinstance(source, dict) else source)
            or item.get("url")
        )
        if isinstance(item.get("source"), dict) and item["source"].get("snippet") and text != item["source"]["snippet"]:
            text = f"{item['source']['snippet']}: {text}"
        if text and str(text) not in notes:
            notes.append(str(text)[:160])
    return "; ".join(notes)


def lighthouse_audits(report: dict[str, Any], category: str) -> list[tuple[str, str]]:
    """The audits that lower a category's score: weighted ones with score < 1 and,
    for performance, the opportunities Lighthouse estimates savings for."""
    failing = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"].get(ref["id"], {})
        score = audit.get("score")
        if score is None or score >= 1:
            continue
        if ref.get("weight", 0) > 0:
            label = f"{ref['id']} ({score:.2f})" if category == "performance" else ref["id"]
            failing.append((label, audit_detail(audit)))
        elif category == "performance" and audit.get("scoreDisplayMode") == "metricSavings":
            failing.append((ref["id"], audit_detail(audit)))
    return failing


def lighthouse_once(url: str, out: Path, env: dict[str, str], chrome_flags: str) -> tuple[Any, str | None]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={chrome_flags}",
        "--only-categories=performance,accessibility,best-practices,seo",
    ]
    out.unlink(missing_ok=True)
    proc = subprocess.run(command, env=env, check=False, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not out.exists():
        return None, proc.stderr[-2000:]
    return json.loads(out.read_text()), None


def run_lighthouse(
    pages: tuple[str, ...] = LIGHTHOUSE_PAGES,
    runs: int = 3,
    compress: bool = True,
    site: tuple[Path, int] | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Each page `runs` times: the median score per category; the audits that lower
    the scores are those of the run with the median performance score. `site` as
    for `run_browser`."""
    if not LIGHTHOUSE.exists():
        raise LighthouseMissing("Lighthouse is missing: run `npm ci` (or `make bench`, which sets up).")
    chrome_flags = " ".join(["--headless=new", *CHROMIUM_SWITCHES])
    env = {**os.environ, "CHROME_PATH": chromium_executable()}
    results: dict[str, Any] = {}
    with production_site(site) as (directory, port), tempfile.TemporaryDirectory(prefix="bench-lh-") as tmp:
        base, server, _ = serve_counting(directory, {"Cache-Control": "no-cache"}, compress, port)
        try:
            for path in pages:
                reports = []
                for _ in range(runs + 2):  # a run that errs (e.g. NO_FCP on a loaded machine) is retried
                    report, error = lighthouse_once(base + path, Path(tmp) / "report.json", env, chrome_flags)
                    if report is not None and report["categories"]["performance"]["score"] is None:
                        error = report["audits"]["first-contentful-paint"].get("errorMessage", "no performance score")
                        report = None
                    if report is None:
                        log(f"  lighthouse {path}: a run failed: {error}")
                    else:
                        reports.append(report)
                    if len(reports) == runs:
                        break
                if not reports:
                    results[path] = None
                    continue
                all_scores = [
                    {name: round((category["score"] or 0) * 100) for name, category in report["categories"].items()}
                    for report in reports
                ]
                scores = {name: statistics.median_low([s[name] for s in all_scores]) for name in all_scores[0]}
                median = next(
                    r for r, s in zip(reports, all_scores, strict=True) if s["performance"] == scores["performance"]
                )
                REPORTS_DIR.mkdir(parents=True, exist_ok=True)
                (REPORTS_DIR / f"lighthouse{path.replace('/', '_')}.json").write_text(json.dumps(median))
                failing = {name: lighthouse_audits(median, name) for name in median["categories"]}
                results[path] = {
                    "scores": scores,
                    "failing": failing,
                    "performance_runs": [s["performance"] for s in all_scores],
                }
                log(f"  lighthouse {path}: " + ", ".join(f"{k} {v}" for k, v in scores.items()))
        finally:
            stop_serving(server)
    return results
