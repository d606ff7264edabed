"""The search's part of `make bench`: index size, search latency and the query
table's hits, before and after Finnish decompounding.

Three indexes of the same built site, side by side:

- before: what main had (7164b20): the Pagefind CLI over the built pages,
  searched with Pagefind's default ranking (the old PagefindUI set none);
- plain: this build's index without Voikko (what a machine without it gets):
  titles and descriptions as metadata, the title's weight, the site's ranking;
- after: this build's index with Voikko (compound parts and base forms).

For each: the bytes of the index (word index, fragments and metadata per
language: the search's own JavaScript and WebAssembly are the same for all),
and, in headless Chromium against a local server, every query of
tests/search_queries.toml through Pagefind's API: whether the page it must find
is found (and within its rank), and how long the search takes, from the call
to the first five results' data (cold: the first query after the page loads
Pagefind; warm: the rest). The header box's own time, from the keystroke to the
results on screen, is measured on the "after" site.

Used by the bench package: `run()` returns the numbers, `markdown(numbers)`
the report section. Alone: `python -m sitetools.bench_search [--runs N] [--site DIR]`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

from sitebuild import search as site_search
from sitetools.localserver import CHROMIUM_ARGS, chromium_executable, serve
from sitetools.project import ROOT
from sitetools.project import build as project_build

QUERIES = ROOT / "tests" / "search_queries.toml"
VARIANTS = ("before", "plain", "after")
BUNDLES = {"before": "pagefind-before", "plain": "pagefind-plain", "after": "pagefind"}
START = {"fi": "/", "en": "/en/"}

# In the page: load one bundle, then run the queries; per query the result
# URLs in order, the marked words of every result's excerpt and sections, and
# the milliseconds from the call to the first five results' data.
RUN_QUERIES = """async ([bundle, ranking, queries, split, alias]) => {
  const pagefind = await import(bundle + "pagefind.js");
  await pagefind.options(ranking ? { bundlePath: bundle, ranking } : { bundlePath: bundle });
  const start = performance.now();
  await pagefind.init();
  const init = performance.now() - start;
  // the highlighted words as search.js shows them: a base form's highlight
  // goes to the word before it, and a compound loses its split marks
  const marks = (html) => {
    const words = [];
    for (const token of (html || "").split(/\\s+/)) {
      const marked = token.includes("<mark>");
      const text = token.replace(/<\\/?mark>/g, "");
      if (text.startsWith(alias) && /\\p{L}/u.test(text.charAt(alias.length))) {
        if (marked && words.length) words[words.length - 1].marked = true;
        continue;
      }
      words.push({ text: text.split(split).join("").toLowerCase(), marked });
    }
    return words.filter((word) => word.marked).map((word) => word.text);
  };
  const out = [];
  for (const query of queries) {
    const t0 = performance.now();
    const found = await pagefind.search(query);
    const datas = await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
    const ms = performance.now() - t0;
    const all = await Promise.all(found.results.map((r) => r.data()));
    out.push({
      query, ms,
      urls: all.map((d) => d.url),
      marks: all.map((d) => [d.excerpt, ...(d.sub_results || []).map((s) => s.excerpt)].flatMap(marks)),
    });
  }
  return { init, out };
}"""

# The header box: type the query, wait for the results on screen.
HEADER_SEARCH = """async (query) => {
  const root = document.querySelector('[data-site-search="header"]');
  const input = root.querySelector(".site-search__input");
  return await new Promise((resolve) => {
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (root.dataset.query === query && root.dataset.state === "done") {
        observer.disconnect();
        resolve(performance.now() - t0);
      }
    });
    observer.observe(root, { attributes: true, subtree: true, childList: true });
    input.value = query;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
}"""


def queries() -> dict[str, list[dict[str, Any]]]:
    return tomllib.loads(QUERIES.read_text(encoding="utf-8"))


def build(target: Path) -> None:
    """`mkdocs build --strict` into `target` (site/ is not touched)."""
    proc = project_build(ROOT, site_dir=target, timeout=None)
    if proc.returncode != 0:
        raise RuntimeError(f"build failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")


def index_variants(site: Path, langs: tuple[str, ...] = ("fi", "en")) -> dict[str, Any]:
    """Write the "before" and "plain" indexes next to the site's own ("after")."""
    for name in ("before", "plain"):
        shutil.rmtree(site / BUNDLES[name], ignore_errors=True)
    # main's indexing, as it was: the CLI with the same exclusions
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLES["before"]]
    for selector in site_search.EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    subprocess.run([*command, "--silent"], check=True, capture_output=True)
    plain = site_search.index(site, langs, output=site / BUNDLES["plain"], decompounding=False)
    after = site_search.index(site, langs)  # as the build did it
    return {"plain": plain, "after": after}


def index_size(bundle: Path) -> dict[str, int]:
    """Bytes of the index per language: its word index chunks, fragments and metadata."""
    sizes: dict[str, int] = {}
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    for lang, info in entry["languages"].items():
        meta = bundle / f"pagefind.{info['hash']}.pf_meta"
        sizes[lang] = meta.stat().st_size
        sizes[f"{lang}_pages"] = info["page_count"]
    for folder in ("index", "fragment"):
        total = sum(f.stat().st_size for f in (bundle / folder).iterdir())
        sizes[folder] = total
    sizes["total"] = sizes["index"] + sizes["fragment"] + sum(v for k, v in sizes.items() if k in entry["languages"])
    return sizes


def judge(row: dict[str, Any], urls: list[str], marks: list[list[str]], prefix: str = "") -> dict[str, Any]:
    page = prefix + row["page"] if prefix else row["page"]
    position = urls.index(page) + 1 if page in urls else 0
    hit = position > 0 and position <= row.get("rank", len(urls))
    highlighted = None
    if "highlight" in row:
        highlighted = position > 0 and any(row["highlight"] in mark for mark in marks[position - 1])
    return {"position": position, "hit": hit and highlighted is not False, "highlighted": highlighted}


def measure(site: Path, runs: int = 3) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    table = queries()
    ranking = {"before": None, "plain": site_search.RANKING, "after": site_search.RANKING}
    base, server = serve(site)
    results: dict[str, Any] = {name: {"rows": {}, "cold_ms": [], "warm_ms": [], "init_ms": []} for name in VARIANTS}
    header_ms: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
            for run in range(runs):
                for name in VARIANTS if run % 2 == 0 else reversed(VARIANTS):
                    for lang, rows in table.items():
                        context = browser.new_context(service_workers="block")
                        page = context.new_page()
                        page.goto(base + START[lang])
                        bundle = f"{base}/{BUNDLES[name]}/"
                        answer = page.evaluate(
                            RUN_QUERIES,
                            [bundle, ranking[name], [r["query"] for r in rows], site_search.SPLIT, site_search.ALIAS],
                        )
                        context.close()
                        variant = results[name]
                        variant["init_ms"].append(answer["init"])
                        for i, (row, got) in enumerate(zip(rows, answer["out"], strict=True)):
                            (variant["cold_ms"] if i == 0 else variant["warm_ms"]).append(got["ms"])
                            if run == 0:
                                verdict = judge(row, got["urls"], got["marks"])
                                variant["rows"][f"{lang}:{row['query']}"] = {**verdict, "top": got["urls"][:3]}
                # the header box, end to end, on the site as built
                context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.goto(base + "/labels/")
                page.focus('[data-site-search="header"] .site-search__input')
                for row in table["fi"]:
                    header_ms.append(page.evaluate(HEADER_SEARCH, row["query"]))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    for variant in results.values():
        for key in ("cold_ms", "warm_ms", "init_ms"):
            variant[key] = _summary(variant[key])
    return {"variants": results, "header_ms": _summary(header_ms)}


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {}
    return {
        "n": len(ordered),
        "median": round(statistics.median(ordered), 1),
        "p90": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))], 1),
        "max": round(ordered[-1], 1),
    }


def run(site: Path | None = None, runs: int = 3) -> dict[str, Any]:
    """Build (unless `site` is given: it gets two more bundles), index and measure."""
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        if site is None:
            site = Path(tmp) / "site"
            build(site)
        started = time.perf_counter()
        reports = index_variants(site)
        seconds = time.perf_counter() - started
        numbers = {
            "sizes": {name: index_size(site / BUNDLES[name]) for name in VARIANTS},
            "decompounding": {
                "words": reports["after"].words,
                "compounds": reports["after"].compounds,
                "aliases": reports["after"].aliases,
                "voikko": reports["after"].decompounding or "yes",
            },
            "index_seconds_all_variants": round(seconds, 1),
            **measure(site, runs),
        }
    return numbers


def markdown(numbers: dict[str, Any]) -> str:
    sizes = numbers["sizes"]
    variants = numbers["variants"]
    lines = [
        "## Search",
        "",
        (
            "Three indexes of the same site: *before* = main at 7164b20 (Pagefind CLI, default ranking), "
            "*plain* = this build without Voikko, *after* = this build with Voikko "
            f"({numbers['decompounding']['compounds']} compound words split, "
            f"{numbers['decompounding']['aliases']} base forms added, "
            f"of {numbers['decompounding']['words']} Finnish words)."
        ),
        "",
        "| | before | plain | after |",
        "|---|---:|---:|---:|",
    ]
    for key, label in (("index", "word index (bytes)"), ("fragment", "fragments (bytes)"), ("total", "total (bytes)")):
        lines.append(f"| {label} | " + " | ".join(f"{sizes[v][key]:,}" for v in VARIANTS) + " |")
    for key, label in (("init_ms", "load Pagefind + index (ms, median)"), ("cold_ms", "first search (ms, median)")):
        lines.append(f"| {label} | " + " | ".join(f"{variants[v][key]['median']}" for v in VARIANTS) + " |")
    lines.append(
        "| later searches (ms, median / p90) | "
        + " | ".join(f"{variants[v]['warm_ms']['median']} / {variants[v]['warm_ms']['p90']}" for v in VARIANTS)
        + " |"
    )
    rows = variants["after"]["rows"]
    hits = {v: sum(1 for r in variants[v]["rows"].values() if r["hit"]) for v in VARIANTS}
    lines.append(f"| query table: hits of {len(rows)} | " + " | ".join(str(hits[v]) for v in VARIANTS) + " |")
    lines += [
        "",
        (
            f"Header box, keystroke to results on screen (after, {numbers['header_ms']['n']} searches, "
            f"with the box's 150 ms wait for the typing to pause): "
            f"median {numbers['header_ms']['median']} ms, p90 {numbers['header_ms']['p90']} ms."
        ),
        "",
        (
            "✓ #n: the page is the n-th result, as the row asks; ✗ #n: it is the n-th, but further down than "
            "the row allows or without the compound highlighted; ✗ –: not found."
        ),
        "",
        "| query | must find | before | plain | after |",
        "|---|---|---|---|---|",
    ]
    table = queries()
    for lang, entries in table.items():
        for row in entries:
            key = f"{lang}:{row['query']}"
            want = row["page"] + (f" (top {row['rank']})" if "rank" in row else "")
            cells = []
            for v in VARIANTS:
                got = variants[v]["rows"][key]
                cell = ("✓" if got["hit"] else "✗") + (f" #{got['position']}" if got["position"] else " –")
                cells.append(cell)
            lines.append(f"| {row['query']} ({row['kind']}) | {want} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, help="a built site to add the variants to (default: a fresh build)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args(argv)
    numbers = run(args.site, args.runs)
    if args.json:
        args.json.write_text(json.dumps(numbers, indent=1, ensure_ascii=False, default=str))
    print(markdown(numbers))


if __name__ == "__main__":
    main()
