"""The bench's report, in Markdown (BENCHMARKS.md): the machine, the start-up
measures (ours against the stock page, with ratios taken within each run),
where the start-up time goes, the targets with PASS/MISS, Lighthouse and the
build scale. The targets are defined here and nowhere else."""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import statistics
import subprocess
from pathlib import Path
from typing import Any

from sitetools.bench.build import ROOT, pyodide_version
from sitetools.bench.lighthouse import LIGHTHOUSE_GOALS
from sitetools.localserver import chromium_executable

# Goals, as ratios to the stock page measured in the same run (medians over the runs).
TARGETS = {
    "first_ratio": 0.45,  # navigation -> the result of a shared link on the page, first visit
    "repeat_ratio": 0.25,  # the same, repeat visit
    "bytes_ratio": 1.5,  # what the first visit transfers
    "result_ms": 50.0,  # a press of the submit button -> the new result
    "content_pyodide_bytes": 0,  # what a content page transfers of the Python runtime
    "build_1000_s": 60.0,  # 1,000 generated pages
}
CONTENT_LABEL = "/clusters/"  # the content page whose bytes the report shows (browser.CONTENT_PAGES[0])
# The start-up's stages, as the page marks them (checker.js, worker.js), in order.
STAGES = [
    ("checker-start", "page: the worker is told to start"),
    ("checker-worker-start", "worker: starts (its scripts loaded)"),
    ("checker-worker-runtime", "Pyodide's JavaScript loading"),
    ("checker-worker-modules-checked", "Pyodide's JavaScript checked"),
    ("checker-worker-wasm-kept", "runtime (wasm) read back from the kept files, checked"),
    ("checker-worker-snapshot-kept", "snapshot read back from the kept files, checked"),
    ("checker-worker-snapshot-downloaded", "snapshot downloaded, unpacked, checked"),
    ("checker-worker-wasm-compiled", "runtime (wasm) checked and compiled"),
    ("checker-worker-memory", "runtime instantiated (the snapshot goes into its memory next)"),
    ("checker-worker-python", "Python up"),
    ("checker-worker-ready", "worker: ready"),
    ("checker-ready", "page: told Python is ready"),
    ("result", "page: the shared link's result on the page"),
]


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def fmt_s(value: float) -> str:
    return f"{value:.2f} s"


def fmt_ms(value: float) -> str:
    return f"{value:.1f} ms"


def fmt_bytes(value: float) -> str:
    if value >= 1e6:
        return f"{value / 1e6:.2f} MB"
    if value >= 1e3:
        return f"{value / 1e3:.1f} kB"
    return f"{value:.0f} B"


def per_run_ratio(samples: dict[str, Any], key: str, field: str) -> dict[str, float] | None:
    """Ours / stock within each run (the two ran back to back), summarised."""
    ours, stock = samples[key], samples["base_" + key]
    ratios = [a[field] / b[field] for a, b in zip(ours, stock, strict=True) if b[field]]
    return summary(ratios) if ratios else None


def browser_rows(samples: dict[str, Any]) -> list[tuple[str, Any, dict, dict | None, dict | None]]:
    """(name, format, ours, stock, per-run ratio) for each measure."""

    def field(key: str, name: str) -> list[float]:
        return [sample[name] for sample in samples[key]]

    rows = []
    for label, fmt, name, visit in (
        ("Result shown, first visit (a shared link)", fmt_s, "verdict_s", "first"),
        ("Result shown, repeat visit", fmt_s, "verdict_s", "repeat"),
        ("Python ready, first visit", fmt_s, "ready_s", "first"),
        ("Python ready, repeat visit", fmt_s, "ready_s", "repeat"),
        ("Submit → result", fmt_ms, "result_ms", "first"),
        ("Bytes, checker page, first visit", fmt_bytes, "bytes", "first"),
        ("Bytes, checker page, repeat visit", fmt_bytes, "bytes", "repeat"),
    ):
        rows.append(
            (label, fmt, summary(field(visit, name)), summary(field("base_" + visit, name)),
             per_run_ratio(samples, visit, name))
        )  # fmt: skip
    rows.append(
        ("Bytes, content page (" + CONTENT_LABEL + ")", fmt_bytes, summary(field("content", "bytes")), None, None)
    )
    return rows


def browser_table(rows: list[tuple[str, Any, dict, dict | None, dict | None]], runs: int) -> list[str]:
    out = [
        f"| Measure ({runs} runs) | Ours: median | min | max | Stock: median | min | max | Ours / stock (per run: median, min–max) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]  # fmt: skip
    for name, fmt, ours, base, ratio in rows:
        cells = [name, fmt(ours["median"]), fmt(ours["min"]), fmt(ours["max"])]
        cells += [fmt(base[k]) for k in ("median", "min", "max")] if base else ["–", "–", "–"]
        cells.append(f"{ratio['median']:.2f} ({ratio['min']:.2f}–{ratio['max']:.2f})" if ratio else "–")
        out.append("| " + " | ".join(cells) + " |")
    return out


def stages_table(samples: dict[str, Any]) -> list[str]:
    """Median time (ms from navigation start) at which each stage of our start was reached."""
    out = ["| Stage | First visit | Repeat visit |", "|---|---:|---:|"]
    for mark, label in STAGES:
        cells = []
        for key in ("first", "repeat"):
            values = [
                (sample["verdict_s"] * 1000 if mark == "result" else sample["stages_ms"].get(mark))
                for sample in samples[key]
            ]
            found = [value for value in values if value is not None]
            cells.append(f"{statistics.median(found):.0f}" if found else "–")
        if cells != ["–", "–"]:
            out.append(f"| {label} | {cells[0]} | {cells[1]} |")
    return out


def target_checks(rows: list, samples: dict[str, Any]) -> list[tuple[str, str, float, float, Any, bool]]:
    by_name = {name: (ours, base, ratio) for name, _, ours, base, ratio in rows}
    first = by_name["Result shown, first visit (a shared link)"][2]
    repeat = by_name["Result shown, repeat visit"][2]
    size = by_name["Bytes, checker page, first visit"][2]
    result = by_name["Submit → result"][0]
    content_pyodide = max(samples["content_pyodide"].values())

    def ratio(value: float) -> str:
        return f"{value:.2f}"

    checks = [
        ("Result of a shared link, first visit / stock", f"≤ {TARGETS['first_ratio']}", first["median"] if first else 9.0,
         TARGETS["first_ratio"], ratio),
        ("Result of a shared link, repeat visit / stock", f"≤ {TARGETS['repeat_ratio']}", repeat["median"] if repeat else 9.0,
         TARGETS["repeat_ratio"], ratio),
        ("Bytes of the first visit / stock", f"≤ {TARGETS['bytes_ratio']}", size["median"] if size else 9.0,
         TARGETS["bytes_ratio"], ratio),
        ("Submit → result", f"≤ {TARGETS['result_ms']:.0f} ms", result["median"], TARGETS["result_ms"], fmt_ms),
        ("Pyodide bytes on content pages (" + ", ".join(samples["content_pyodide"]) + ")", "= 0 B",
         content_pyodide, TARGETS["content_pyodide_bytes"], fmt_bytes),
    ]  # fmt: skip
    return [(name, goal, value, limit, fmt, value <= limit) for name, goal, value, limit, fmt in checks]


def target_table(checks: list) -> list[str]:
    out = ["| Target | Goal | Measured (median) | Result | Margin |", "|---|---|---:|---|---:|"]
    for name, goal, value, limit, fmt, passed in checks:
        margin = limit - value
        sign = "+" if margin >= 0 else "−"
        out.append(f"| {name} | {goal} | {fmt(value)} | {'PASS' if passed else 'MISS'} | {sign}{fmt(abs(margin))} |")
    return out


def lighthouse_table(results: dict[str, Any]) -> list[str]:
    names = list(LIGHTHOUSE_GOALS)
    goals = " / ".join(f"{LIGHTHOUSE_GOALS[n]}" for n in names)
    out = [
        f"| Page | Performance | Accessibility | Best practices | SEO | Goals ({goals}) | What lowers the score |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for path, result in results.items():
        if result is None:
            out.append(f"| `{path}` | – | – | – | – | lighthouse failed | |")
            continue
        scores = result["scores"]
        passed = all(scores.get(n, 0) >= goal for n, goal in LIGHTHOUSE_GOALS.items())
        lowering = "; ".join(
            f"{name}: " + ", ".join(f"`{audit}`" for audit, _ in audits)
            for name, audits in result["failing"].items()
            if audits
        )
        out.append(
            f"| `{path}` | {scores.get('performance', '–')} ({', '.join(map(str, result.get('performance_runs', [])))}) | "
            + " | ".join(str(scores.get(n, "–")) for n in names[1:])
            + f" | {'PASS' if passed else 'MISS'} | {lowering or '–'} |"
        )  # fmt: skip
    details = []
    for path, result in results.items():
        for name, audits in (result or {}).get("failing", {}).items():
            for audit, detail in audits:
                details.append(f"- `{path}` {name} `{audit}`" + (f": {detail}" if detail else ""))
    if details:
        out += ["", "Details of what lowers the scores (full reports in build/bench/):", "", *details]
    return out


def scale_table(results: list[dict[str, Any]], nav: bool) -> list[str]:
    out = [
        f"| Article pairs{' (in nav)' if nav else ''} | Pages built | Seconds | ms / page |",
        "|---:|---:|---:|---:|",
    ]
    for r in results:
        out.append(f"| {r['pairs']} | {r['pages']} | {r['seconds']:.1f} | {r['ms_per_page']:.1f} |")
    if not results:
        out.append("| the build failed (see the log) | | | |")
    if len(results) >= 2:
        small, large = results[0], results[-1]
        marginal = (large["seconds"] - small["seconds"]) * 1000 / (large["pages"] - small["pages"])
        out += [
            "",
            (
                f"Per-page cost {large['pairs']} vs {small['pairs']} pairs: "
                f"{large['ms_per_page'] / small['ms_per_page']:.2f} (1.0 or below = linear);"
                f" marginal cost {marginal:.1f} ms per extra page;"
                f" {thousand_pages(results)}"
            ),
        ]
    return out


def projected_1000(results: list[dict[str, Any]]) -> float:
    small, large = results[0], results[-1]
    per_page = (large["seconds"] - small["seconds"]) / (large["pages"] - small["pages"])
    fixed = large["seconds"] - per_page * large["pages"]
    existing = large["pages"] - 2 * large["pairs"]
    return fixed + per_page * (1000 + existing)


def thousand_pages(results: list[dict[str, Any]]) -> str:
    """The 1,000-page goal: measured when the largest build had 1,000 generated pages, else projected."""
    large = results[-1]
    if 2 * large["pairs"] >= 1000:
        seconds, how = large["seconds"], f"measured: {large['pages']} pages in total"
    else:
        seconds, how = projected_1000(results), "projected linearly from these builds"
    verdict = "PASS" if seconds < TARGETS["build_1000_s"] else "MISS"
    return (
        f"1,000 generated pages build in {seconds:.1f} s ({how}); goal < {TARGETS['build_1000_s']:.0f} s:"
        f" {verdict}, margin {TARGETS['build_1000_s'] - seconds:+.1f} s."
    )


def machine() -> dict[str, Any]:
    """The machine and the tools, for the report's header."""
    model = memory = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        model = found.group(1).strip() if found else model
        kib = re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.MULTILINE)
        memory = f"{int(kib.group(1)) / 1024 / 1024:.0f} GiB" if kib else memory
    executable = chromium_executable()
    chromium = "unknown"
    if executable:
        done = subprocess.run([executable, "--version"], check=False, capture_output=True, text=True, timeout=30)
        chromium = done.stdout.strip() or chromium
    lighthouse_package = ROOT / "node_modules" / "lighthouse" / "package.json"
    lighthouse = json.loads(lighthouse_package.read_text())["version"] if lighthouse_package.exists() else "unknown"
    return {
        "cpus": os.cpu_count(),
        "load": os.getloadavg(),
        "model": model,
        "memory": memory,
        "os": platform.platform(),
        "chromium": chromium,
        "pyodide": pyodide_version(),
        "lighthouse": lighthouse,
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def commit() -> str:
    sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=False, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, check=False, capture_output=True, text=True)
    return (sha.stdout.strip() or "unknown") + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def loads(load: tuple[float, float, float]) -> str:
    return ", ".join(f"{x:.1f}" for x in load)


def report(
    args: Any,
    info: dict[str, Any],
    samples: dict[str, Any] | None = None,
    lighthouse: dict[str, Any] | None = None,
    scale: list[dict[str, Any]] | None = None,
    scale_nav: list[dict[str, Any]] | None = None,
) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m sitetools.bench`); the latest full run is committed here.",
        "",
        (
            f"Machine: {info['cpus']} cores, {info['model']}, {info['memory']} RAM, {info['os']};"
            f" {info['chromium']} (headless); Pyodide {info['pyodide']}; Lighthouse {info['lighthouse']}."
        ),
        f"Run: {info['date']}, commit {commit()}; load average at the start {loads(info['load'])} on {info['cpus']} cores.",
        (
            "Site: a production build made for the run (`mkdocs build --strict` into a temporary directory with"
            " `SITE_URL=http://127.0.0.1:<port>/`, so hreflang alternates and canonical URLs are absolute),"
            " served from that origin by the bench's own server with the site's `_headers`."
        ),
        "",
    ]
    if samples:
        rows = browser_rows(samples)
        checks = target_checks(rows, samples)
        lines += [
            "## Checker start-up, as a visitor sees it",
            "",
            (
                "A visitor opens a shared link to the checker (answers in the address): the time from navigation"
                " start until the result is on the page (`data-verdict` set; the next frame follows within"
                " milliseconds), taken inside the page. First visit: a fresh Chromium profile; repeat visit: the"
                " same profile, a new page. Stock: the same Pyodide and checker wheel the stock way, `loadPyodide`"
                " on the page's main thread through the site's `boot.mjs`, Pyodide's full standard library, then"
                " one Python call; no worker, snapshot or service worker. Ours and stock run back to back in each"
                " run (order alternating), and the ratio is taken within each run. Bytes are everything the server"
                f" wrote to the socket (headers included), {'uncompressed' if args.no_compress else 'gzipped'},"
                f" with `Cache-Control: {args.cache_control}` where the site's `_headers` file sets none."
            ),
            "",
            *browser_table(rows, args.runs),
            "",
            "Load average (1, 5, 15 min) before and after these runs: "
            + " → ".join(loads(load) for load in samples.get("load", ()))
            + f" on {os.cpu_count()} cores (other work on the machine slows both pages alike; the runs are interleaved).",
            "",
            "### Where the start-up time goes (ours; median ms from navigation start)",
            "",
            *stages_table(samples),
            "",
            "### Targets",
            "",
            *target_table(checks),
            "",
        ]
    if lighthouse:
        lines += [
            "## Lighthouse",
            "",
            (
                f"Lighthouse defaults (mobile emulation, simulated throttling), headless Chromium, {args.lighthouse_runs}"
                " run(s) per page: the median score per category (performance scores of every run in brackets)."
            ),
            "",
            *lighthouse_table(lighthouse),
            "",
        ]
    if scale is not None:
        lines += [
            "## Build scale",
            "",
            (
                "`mkdocs build --strict` of a temporary copy of docs/ plus generated fi+en article pairs"
                " (front matter: title, description, date, authors, license, summary, tags, sources; ~600 words,"
                " a table, a list, links to other pages), timed as a whole process."
            ),
            "",
            *scale_table(scale, nav=False),
            "",
        ]
    if scale_nav:
        lines += [
            "The same with every generated article also listed in `nav` (Material renders the whole nav into every page):",
            "",
            *scale_table(scale_nav, nav=True),
            "",
        ]
    return "\n".join(lines)
