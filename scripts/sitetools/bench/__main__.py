"""python -m sitetools.bench [--runs N] [--quick] [--skip-lighthouse] [--skip-scale]
[--skip-browser] [--output FILE | --no-write]: measures and writes BENCHMARKS.md."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sitetools.bench.browser import run_browser
from sitetools.bench.build import ROOT, BuildError, production_site
from sitetools.bench.lighthouse import LIGHTHOUSE_PAGES, REPORTS_DIR, LighthouseMissing, run_lighthouse
from sitetools.bench.report import machine, report
from sitetools.bench.scale import run_scale

REPORT = ROOT / "BENCHMARKS.md"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitetools.bench", description=__doc__.split(":")[0])
    parser.add_argument("--runs", type=int, default=None, help="runs per measure (default 5; 1 with --quick)")
    parser.add_argument("--quick", action="store_true", help="one run, small builds, two Lighthouse pages")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--scale-nav", action="store_true", help="also build with the articles listed in nav")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds to let a page finish after the result")
    parser.add_argument("--cache-control", default="no-cache", help="Cache-Control where the site's _headers sets none")
    parser.add_argument("--no-compress", action="store_true", help="serve without gzip")
    parser.add_argument("--lighthouse-runs", type=int, default=None, help="runs per page (default 3; 1 with --quick)")
    parser.add_argument("--output", type=Path, default=None, help="write the report here (default BENCHMARKS.md)")
    parser.add_argument("--no-write", action="store_true", help="only print")
    args = parser.parse_args(argv)
    if args.runs is None:
        args.runs = 1 if args.quick else 5
    if args.lighthouse_runs is None:
        args.lighthouse_runs = 1 if args.quick else 3
    if not args.quick and args.runs < 5:
        log("note: fewer than 5 runs; medians are rough")

    info = machine()
    samples = lighthouse = scale = scale_nav = None
    log("Production build (SITE_URL = the origin it is served from)...")
    try:
        with production_site() as site:  # one build, one port, for both
            if not args.skip_browser:
                log(f"Checker start-up, ours vs stock, {args.runs} run(s)...")
                samples = run_browser(
                    args.runs,
                    settle_seconds=args.settle,
                    cache_control=args.cache_control,
                    compress=not args.no_compress,
                    site=site,
                    log=log,
                )
            if not args.skip_lighthouse:
                log("Lighthouse...")
                pages = LIGHTHOUSE_PAGES[::2] if args.quick else LIGHTHOUSE_PAGES
                lighthouse = run_lighthouse(
                    pages, runs=args.lighthouse_runs, compress=not args.no_compress, site=site, log=log
                )
    except (BuildError, LighthouseMissing) as error:
        log(str(error))
        return 1
    if not args.skip_scale:
        sizes = (10, 50) if args.quick else (100, 500)
        log(f"Build scale ({' and '.join(map(str, sizes))} article pairs)...")
        scale = run_scale(sizes, log=log)
        if args.scale_nav:
            scale_nav = run_scale(sizes, nav=True, log=log)
    text = report(args, info, samples, lighthouse, scale, scale_nav)
    REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    raw = {"machine": info, "samples": samples, "lighthouse": lighthouse, "scale": scale, "scale_nav": scale_nav}
    (REPORTS_DIR / "raw.json").write_text(json.dumps(raw, indent=1, default=str))  # per-request bytes etc.
    print(text)
    output = args.output or (None if args.quick or args.no_write else REPORT)
    if output and not args.no_write:
        output.write_text(text + "\n")
        log(f"written to {output}")
    if samples:
        broken = [s for key in ("first", "repeat", "base_first", "base_repeat") for s in samples[key] if s["errors"]]
        if broken:
            log(f"page errors: {broken[0]['errors']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
