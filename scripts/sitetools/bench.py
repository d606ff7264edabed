"""`make bench`: how fast the checker starts, what the pages cost on the wire,
what Lighthouse says, and how the build scales.

Usage: python scripts/bench.py [--runs N] [--quick] [--skip-lighthouse] [--skip-scale]
                               [--output FILE | --no-write]

0. The site: a production build, made for this run. A free loopback port is
   picked first (and held), then `mkdocs build --strict` writes the site to a
   temporary directory with `SITE_URL=http://127.0.0.1:<port>/`, so the hreflang
   alternates and canonical URLs are absolute, as in production, and point at
   the origin the bench's own server then serves that directory from. site/ is
   neither read nor written.
1. Browser: headless Chromium (the same flags as the browser tests) against
   that site. Each run opens the checker page in a fresh profile (first visit),
   closes the page, opens it again in the same profile (repeat visit), fills
   the form and submits. The same is done, in the
   same run and in alternating order, for a *baseline* page: the stock way of
   using Pyodide (`loadPyodide` on the main thread, the same Pyodide files, the
   same checker package, no worker, no snapshot, no service worker).
   Times come from the page's own performance marks (`checker-ready`,
   `checker-submit`, `checker-result`), measured from navigation start.
   Bytes are counted by the server: every byte it writes to a socket (status
   line, headers, body), attributed to the request path. That sees the page,
   its dedicated and service workers, 304 revalidations and background fetches
   alike, which Chromium's own reporting does not (see tests/bench/).
2. Targets: printed with PASS/MISS and the margin.
3. Lighthouse (npm `lighthouse`, pinned in package.json) on the front page and
   the checker page in both languages.
4. Build scale: the site built from a temporary copy of docs/ with 100 and 500
   generated fi+en article pairs.

The report is printed as Markdown and, on a full run, written to BENCHMARKS.md.
"""

import argparse
import contextlib
import datetime
import email.utils
import functools
import gzip
import io
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from sitebuild.runtime import checker_archive
from sitetools.localserver import CHROMIUM_ARGS, QuietServer, SiteHandler, chromium_executable

REPORT = ROOT / "BENCHMARKS.md"
REPORTS_DIR = ROOT / "build" / "bench"  # Lighthouse's full JSON reports (git-ignored)
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"

CHECKER_PAGE = "/en/checker/"
BASELINE_PAGE = "/bench-baseline/"
CONTENT_PAGES = ("/clusters/", "/en/labels/", "/", "/en/")
LIGHTHOUSE_PAGES = ("/", "/en/", "/checker/", "/en/checker/")


def _answers():
    """The same answers on both pages: the case table's 'all met' case."""
    try:
        cases = json.loads((ROOT / "tests" / "cases.json").read_text())
        return next(case["answers"] for case in cases if case["name"] == "all_met_en")
    except (OSError, ValueError, StopIteration, KeyError):
        return {"management_fte": 0.5, "committed_members": 15, "eccp_profile": "validated"}


ANSWERS = _answers()
READY_TIMEOUT_MS = 120_000
# Anything that belongs to the Python runtime: a content page must fetch none of it.
PYODIDE_PATH = re.compile(r"/assets/pyodide/|pyodide|\.wasm|python_stdlib|snapshot|/checker-[0-9a-f]+\.(zip|whl)|\.whl")

# Targets on this machine (medians), from the issue.
TARGETS = {
    "repeat_ready_s": 1.0,
    "repeat_ratio": 0.3,
    "first_ready_s": 2.5,
    "first_ratio": 0.5,
    "result_ms": 50.0,
    "content_pyodide_bytes": 0,
    "build_1000_s": 60.0,
}
LIGHTHOUSE_GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


# --------------------------------------------------------------------------
# A server that counts what it sends
# --------------------------------------------------------------------------


class Meter:
    """Bytes written to client sockets, per request, in order."""

    def __init__(self):
        self.lock = threading.Lock()
        self.log = []  # (path, bytes)
        self.last = time.monotonic()

    def add(self, path, count):
        with self.lock:
            self.log.append((path, count))
            self.last = time.monotonic()

    def mark(self):
        with self.lock:
            return len(self.log)

    def since(self, mark):
        """{path: bytes} written since `mark`."""
        with self.lock:
            entries = self.log[mark:]
        totals = {}
        for path, count in entries:
            totals[path] = totals.get(path, 0) + count
        return totals

    def wait_quiet(self, quiet=1.0, limit=20.0):
        """Wait until nothing has been sent for `quiet` seconds (at most `limit`)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            with self.lock:
                idle = time.monotonic() - self.last
            if idle >= quiet:
                return
            time.sleep(min(0.1, quiet - idle + 0.01))


class _CountingWriter:
    def __init__(self, raw, handler):
        self._raw = raw
        self._handler = handler

    def write(self, data):
        written = self._raw.write(data)
        path = getattr(self._handler, "path", "?").split("?")[0]
        self._handler.meter.add(path, len(data))
        return written

    def __getattr__(self, name):
        return getattr(self._raw, name)


COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".wasm", ".map"}
_gzip_cache = {}
_gzip_lock = threading.Lock()


def _gzipped(path, stat):
    key = (path, stat.st_mtime_ns, stat.st_size)
    with _gzip_lock:
        if key not in _gzip_cache:
            _gzip_cache[key] = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
        return _gzip_cache[key]


def read_headers_file(directory):
    """Rules from the site's `_headers` file (the Netlify/Cloudflare Pages format:
    a path pattern, then indented `Name: value` lines), as [(regex, {name: value})]."""
    path = Path(directory) / "_headers"
    rules = []
    if not path.exists():
        return rules
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = re.escape(line.strip()).replace(r"\*", ".*")
            pattern = re.sub(r":[A-Za-z]+", "[^/]+", pattern)
            rules.append((re.compile(f"^{pattern}$"), {}))
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1][name.strip()] = value.strip()
    return rules


class CountingHandler(SiteHandler):
    """SiteHandler that counts what it writes, applies the site's `_headers` rules
    over the default headers and, like a typical static host, gzips text and wasm
    when the browser asks for it."""

    meter = None
    compress = True
    rules = ()

    def setup(self):
        super().setup()
        self.wfile = _CountingWriter(self.wfile, self)

    def _headers_for_path(self):
        """The default headers with every matching `_headers` rule applied over them."""
        if getattr(self, "_headers_key", None) != self.path:
            headers = dict(self.extra_headers)
            url_path = self.path.split("?")[0].split("#")[0]
            for pattern, values in self.rules:
                if pattern.match(url_path):
                    headers.update(values)
            self._headers_key, self._headers = self.path, headers
        return self._headers

    def send_header(self, keyword, value):
        # a header the rules set replaces the server's own (e.g. Content-Type), as on a real host
        overridden = not getattr(self, "_sending_rules", False) and hasattr(self, "path")
        if overridden and keyword.lower() in {name.lower() for name in self._headers_for_path()}:
            return
        super().send_header(keyword, value)

    def end_headers(self):
        if hasattr(self, "path"):
            self._sending_rules = True
            for name, value in self._headers_for_path().items():
                self.send_header(name, value)
            self._sending_rules = False
        super(SiteHandler, self).end_headers()

    def send_head(self):
        if not self.compress or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        url_path = self.path.split("?")[0].split("#")[0]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not url_path.endswith("/"):
                return super().send_head()  # the redirect to the slash
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path) or os.path.splitext(path)[1] not in COMPRESSIBLE:
            return super().send_head()
        stat = os.stat(path)
        since = self.headers.get("If-Modified-Since")
        if since and "If-None-Match" not in self.headers:
            try:
                if int(stat.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp():
                    self.send_response(304)
                    self.end_headers()
                    return None
            except (TypeError, ValueError, IndexError, OverflowError):
                pass
        data = _gzipped(path, stat)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(data)


def serve_counting(directory, headers=None, compress=True, port=0):
    """Serve `directory` on loopback `port` (0: any free one); returns (base_url, server, meter).
    Stop it with `stop_serving`, which frees the port for the next server."""
    meter = Meter()
    attributes = {
        "extra_headers": headers or {},
        "meter": meter,
        "compress": compress,
        "rules": read_headers_file(directory),
    }
    handler = type("Handler", (CountingHandler,), attributes)
    server = QuietServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server, meter


def stop_serving(server):
    server.shutdown()
    server.server_close()  # the listening socket: the same port is served again (browser, then Lighthouse)


@contextlib.contextmanager
def reserved_port():
    """A free loopback port, held for the whole run by a bound socket that never
    listens: no port-0 bind or outgoing connection elsewhere is given it while the
    site is built for it, yet our servers (SO_REUSEADDR, as this socket) can bind
    it, because Linux refuses such a bind only next to a listening socket."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def pyodide_bytes(transfers):
    return sum(count for path, count in transfers.items() if PYODIDE_PATH.search(path))


# --------------------------------------------------------------------------
# The baseline page: Pyodide the stock way
# --------------------------------------------------------------------------

BASELINE_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Baseline: Pyodide on the main thread</title>
</head>
<body>
<main id="checker-app" data-python="loading">
<h1>Baseline: loadPyodide on the main thread</h1>
<p>The stock way: no worker, no memory snapshot, no service worker.</p>
<button id="checker-submit" type="button" disabled>Check</button>
<div id="checker-result" hidden></div>
</main>
<script type="module" src="baseline.mjs"></script>
</body>
</html>
"""

BASELINE_JS = """import { loadPyodide } from "../assets/pyodide/@VERSION@/pyodide.mjs";
const app = document.getElementById("checker-app");
try {
  const pyodide = await loadPyodide({ indexURL: new URL("../assets/pyodide/@VERSION@/", import.meta.url).href });
  const archive = await (await fetch("checker.zip")).arrayBuffer();
  pyodide.unpackArchive(archive, "zip", { extractDir: "/home/pyodide/checker-pkg" });
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/checker-pkg')");
  const run = pyodide.runPython(
    "import json, checker\\n" +
    "lambda answers_json, lang: json.dumps(checker.evaluate(json.loads(answers_json), lang))",
  );
  performance.mark("checker-ready");
  app.dataset.python = "ready";
  const button = document.getElementById("checker-submit");
  const box = document.getElementById("checker-result");
  button.disabled = false;
  button.addEventListener("click", () => {
    performance.mark("checker-submit");
    const result = JSON.parse(run(JSON.stringify(@ANSWERS@), "en"));
    const list = document.createElement("ul");
    for (const criterion of result.criteria) {
      const item = document.createElement("li");
      item.textContent = `${criterion.name}: ${criterion.status}. ${criterion.message}`;
      list.append(item);
    }
    box.replaceChildren(list);
    box.dataset.verdict = result.verdict;
    box.hidden = false;
    performance.mark("checker-result");
  });
} catch (error) {
  app.dataset.python = "failed";
  console.error(error);
}
"""


def pyodide_version():
    return json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text())["version"]


def checker_zip():
    """The checker package, exactly as the build packages it."""
    return checker_archive()[1]


def build_site(target, port, attempts=3):
    """A production build of the site into `target`: `mkdocs build --strict` with
    SITE_URL set to the origin it will be served from (absolute hreflang alternates
    and canonical URLs, as in production), then the baseline page added. site/ is
    not touched. Returns the Pyodide version."""
    version = pyodide_version()
    mkdocs = ROOT / ".venv" / "bin" / "mkdocs"
    command = [str(mkdocs)] if mkdocs.exists() else [sys.executable, "-m", "mkdocs"]
    command += ["build", "--strict", "-d", str(target)]
    env = {**os.environ, "SITE_URL": f"http://127.0.0.1:{port}/", "NO_MKDOCS_2_WARNING": "1"}
    env.setdefault("ACCESSIBILITY_FEEDBACK", "bench@example.invalid")  # a measurement build, never published
    env.pop("ALLOW_MISSING_TRANSLATIONS", None)  # as strict as `make build`
    for attempt in range(attempts):  # docs/ may be mid-edit by someone else: try again
        proc = subprocess.run(command, cwd=ROOT, env=env, check=False, capture_output=True, text=True)
        if proc.returncode == 0 and (target / "index.html").exists():
            break
        if attempt == attempts - 1:
            sys.exit(f"The production build failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
        time.sleep(10)
    baseline = target / BASELINE_PAGE.strip("/")
    baseline.mkdir(parents=True, exist_ok=True)
    answers = json.dumps(ANSWERS)
    (baseline / "index.html").write_text(BASELINE_HTML.replace("@VERSION@", version))
    (baseline / "baseline.mjs").write_text(BASELINE_JS.replace("@VERSION@", version).replace("@ANSWERS@", answers))
    (baseline / "checker.zip").write_bytes(checker_zip())
    return version


# --------------------------------------------------------------------------
# Browser measurements
# --------------------------------------------------------------------------


def launch(playwright, user_data_dir):
    return playwright.chromium.launch_persistent_context(
        str(user_data_dir),
        executable_path=chromium_executable(),
        args=CHROMIUM_ARGS,
        headless=True,
        locale="en-GB",
        service_workers="allow",
        viewport={"width": 1280, "height": 900},
    )


def settle(page, meter, seconds):
    """Let the page finish what it does after the result (service worker install,
    caching a snapshot...): network idle, service worker ready, server quiet."""
    try:
        page.wait_for_load_state("networkidle", timeout=15_000)
    except PlaywrightTimeoutError:
        print("  note: the page did not reach network idle in 15 s", file=sys.stderr)
    page.evaluate(
        """async () => {
          if (!("serviceWorker" in navigator)) return;
          const registrations = await navigator.serviceWorker.getRegistrations();
          if (registrations.length)
            await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 10000))]);
        }"""
    )
    time.sleep(seconds)
    meter.wait_quiet()


def submit(page, kind):
    if kind == "ours":
        form = page.locator("#checker-form")
        for name, value in ANSWERS.items():
            values = value if isinstance(value, list) else [value]
            for one in values:
                text = ("true" if one else "false") if isinstance(one, bool) else str(one)
                field = form.locator(f"[name={name}]").first
                if field.get_attribute("type") in ("radio", "checkbox"):
                    form.locator(f"input[name={name}][value='{text}']").check()
                else:
                    field.fill(text)
        form.locator("button[type=submit]").click()
    else:
        page.click("#checker-submit")
    page.wait_for_selector("#checker-result[data-verdict]", state="attached", timeout=30_000)


MARKS_JS = """() => {
  const last = (name) => { const all = performance.getEntriesByName(name); return all.length ? all[all.length - 1].startTime : null; };
  return { ready: last("checker-ready"), submit: last("checker-submit"), result: last("checker-result"),
           verdict: document.querySelector("#checker-result")?.dataset.verdict ?? null };
}"""


def visit(context, url, kind, meter, settle_seconds=2.0):
    """One visit to a checker page (ours or baseline): ready time, result time, bytes."""
    page = context.new_page()
    errors = []
    console = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    start = meter.mark()
    page.goto(url)
    try:
        page.wait_for_selector(
            "#checker-app[data-python=ready], #checker-app[data-python=failed]",
            state="attached",
            timeout=READY_TIMEOUT_MS,
        )
    except PlaywrightTimeoutError:
        pass
    state = page.evaluate("document.querySelector('#checker-app')?.dataset.python")
    if state != "ready":
        page.close()
        raise RuntimeError(f"{url}: Python did not start (data-python={state}); console: {console[-5:]}")
    submit(page, kind)
    marks = page.evaluate(MARKS_JS)
    settle(page, meter, settle_seconds)
    transfers = meter.since(start)
    page.close()
    return {
        "ready_s": marks["ready"] / 1000,
        "result_ms": marks["result"] - marks["submit"],
        "verdict": marks["verdict"],
        "bytes": sum(transfers.values()),
        "pyodide_bytes": pyodide_bytes(transfers),
        "transfers": transfers,
        "errors": errors,
    }


def measure_checker(playwright, base, meter, kind, settle_seconds=2.0):
    """First visit in a fresh profile, then a repeat visit in the same profile."""
    url = base + (CHECKER_PAGE if kind == "ours" else BASELINE_PAGE)
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
        context = launch(playwright, profile)
        try:
            first = visit(context, url, kind, meter, settle_seconds)
            repeat = visit(context, url, kind, meter, settle_seconds)
        finally:
            context.close()
    return first, repeat


def measure_content(playwright, base, meter, path, settle_seconds=2.0):
    """A content page in a fresh profile: all it transfers, and how much of that is Pyodide."""
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
        context = launch(playwright, profile)
        try:
            page = context.new_page()
            start = meter.mark()
            page.goto(base + path)
            settle(page, meter, settle_seconds)
            transfers = meter.since(start)
        finally:
            context.close()
    return {"bytes": sum(transfers.values()), "pyodide_bytes": pyodide_bytes(transfers), "transfers": transfers}


@contextlib.contextmanager
def production_site(prepared=None):
    """(directory, port): a production build made for a port held meanwhile, with
    the baseline page (or `prepared`, such a pair made before)."""
    if prepared:
        yield prepared
        return
    with reserved_port() as port, tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        build_site(Path(tmp), port)
        yield Path(tmp), port


def run_browser(
    runs,
    settle_seconds=2.0,
    cache_control="no-cache",
    compress=True,
    content_pages=CONTENT_PAGES,
    site=None,
    log=print,
):
    """`runs` interleaved runs of ours and the baseline, and the content pages.
    `site`: a (directory, port) from `production_site`; None builds one."""
    from playwright.sync_api import sync_playwright

    samples = {key: [] for key in ("first", "repeat", "base_first", "base_repeat", "content")}
    content_pyodide = {}
    load_before = os.getloadavg()
    with production_site(site) as (directory, port):
        base, server, meter = serve_counting(directory, {"Cache-Control": cache_control}, compress, port)
        try:
            with sync_playwright() as playwright:
                for run in range(runs):
                    order = ("ours", "baseline") if run % 2 == 0 else ("baseline", "ours")
                    for kind in order:
                        first, repeat = measure_checker(playwright, base, meter, kind, settle_seconds)
                        prefix = "" if kind == "ours" else "base_"
                        samples[prefix + "first"].append(first)
                        samples[prefix + "repeat"].append(repeat)
                        log(
                            f"  run {run + 1}/{runs} {kind:8}: ready {first['ready_s']:.2f} s first,"
                            f" {repeat['ready_s']:.2f} s repeat; result {first['result_ms']:.1f} ms;"
                            f" {first['bytes'] / 1e6:.2f} MB first, {repeat['bytes'] / 1e3:.1f} kB repeat; {first['verdict']}"
                        )
                    for path in content_pages if run == 0 else content_pages[:1]:
                        content = measure_content(playwright, base, meter, path, settle_seconds)
                        content_pyodide[path] = max(content_pyodide.get(path, 0), content["pyodide_bytes"])
                        if path == content_pages[0]:
                            samples["content"].append(content)
        finally:
            stop_serving(server)
    samples["content_pyodide"] = content_pyodide
    samples["load"] = (load_before, os.getloadavg())
    return samples


# --------------------------------------------------------------------------
# Lighthouse
# --------------------------------------------------------------------------


def audit_detail(audit):
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


def lighthouse_audits(report, category):
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


def lighthouse_once(url, out, env, chrome_flags):
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


def run_lighthouse(pages=LIGHTHOUSE_PAGES, runs=3, compress=True, site=None, log=print):
    """Each page `runs` times: the median score per category; the audits that lower
    the scores are those of the run with the median performance score. `site` as
    for `run_browser`."""
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: run `npm ci` (or `make bench`, which sets up).")
    chrome_flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    env = {**os.environ, "CHROME_PATH": chromium_executable()}
    results = {}
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
                median = next(r for r, s in zip(reports, all_scores) if s["performance"] == scores["performance"])
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


# --------------------------------------------------------------------------
# Build scale
# --------------------------------------------------------------------------

WORDS = {
    "fi": [
        "klusteri",
        "yritys",
        "tutkimus",
        "yhteistyö",
        "laatumerkki",
        "arviointi",
        "jäsen",
        "hanke",
        "innovaatio",
        "alue",
        "energia",
        "verkosto",
        "kehittäminen",
        "johtaminen",
        "rahoitus",
        "strategia",
        "palvelu",
        "osaaminen",
        "vaikuttavuus",
        "toiminta",
        "kansainvälinen",
        "kumppani",
        "tavoite",
        "tulos",
        "mittari",
        "asiakas",
        "ekosysteemi",
        "kestävä",
        "kasvu",
    ],
    "en": [
        "cluster",
        "company",
        "research",
        "collaboration",
        "label",
        "assessment",
        "member",
        "project",
        "innovation",
        "region",
        "energy",
        "network",
        "development",
        "management",
        "funding",
        "strategy",
        "service",
        "expertise",
        "impact",
        "activity",
        "international",
        "partner",
        "goal",
        "result",
        "indicator",
        "customer",
        "ecosystem",
        "sustainable",
        "growth",
    ],
}
SECTION_TITLES = {
    "fi": ["Tausta", "Mitä tehtiin", "Tulokset", "Seuraavat askeleet", "Lähteet"],
    "en": ["Background", "What was done", "Results", "Next steps", "Sources"],
}


def _sentence(rng, lang, length):
    words = [rng.choice(WORDS[lang]) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def _paragraph(rng, lang):
    return " ".join(_sentence(rng, lang, rng.randint(8, 18)) for _ in range(rng.randint(3, 6)))


def article_markdown(index, lang, seed=0):
    """One generated article with realistic front matter and body (~600 words)."""
    rng = random.Random(f"{seed}-{index}")  # the same text in both runs; fi and en differ only by lang
    words = WORDS[lang]
    topic = " ".join(rng.choice(words) for _ in range(3))
    if lang == "fi":
        title = f"Artikkeli {index}: {topic}"
        description = f"Esimerkkiartikkeli {index} klusteritoiminnasta: {topic}."
        labels_link, checker_link = "[laatumerkit](../labels.md)", "[kelpoisuustarkistin](../checker.md)"
    else:
        title = f"Article {index}: {topic}"
        description = f"Example article {index} on cluster activity: {topic}."
        labels_link, checker_link = "[labels](../labels.md)", "[eligibility checker](../checker.md)"
    date = datetime.date(2024, 1, 1) + datetime.timedelta(days=index % 700)
    front = {
        "title": title,
        "description": description,
        "date": date.isoformat(),
        "authors": [
            {"name": f"Author {index % 37}", "title": "Cluster manager", "organisation": f"Cluster {index % 11}"},
            {"name": f"Author {index % 23 + 40}", "title": "Researcher", "organisation": "University"},
        ],
        "license": "CC BY-SA 4.0",
        "summary": _sentence(rng, lang, 20),
        "tags": sorted({rng.choice(words) for _ in range(3)}),
        "sources": [
            {"title": f"Cluster report {index}", "url": f"https://example.org/reports/{index}"},
            {"title": "European Cluster Collaboration Platform (ECCP)."},
        ],
    }
    lines = ["---"]
    for key, value in front.items():  # JSON values are valid YAML; a date stays a YAML date
        lines.append(f"{key}: {value if key == 'date' else json.dumps(value, ensure_ascii=False)}")
    lines += ["---", "", f"# {title}", "", front["summary"], ""]
    for number, section in enumerate(SECTION_TITLES[lang]):
        lines += [f"## {section}", ""]
        if number == len(SECTION_TITLES[lang]) - 1:
            lines += [f"- {labels_link}", f"- {checker_link}", ""]
            continue
        lines += [_paragraph(rng, lang), "", _paragraph(rng, lang), ""]
        if number == 1:
            lines += ["| | 2024 | 2025 |", "|---|---:|---:|"]
            lines += [f"| {rng.choice(words)} | {rng.randint(1, 99)} | {rng.randint(1, 99)} |" for _ in range(4)]
            lines += [""]
        if number == 2:
            lines += [f"- {_sentence(rng, lang, 8)}" for _ in range(4)] + [""]
    return "\n".join(lines)


def _absolute_config(config_path, docs_dir, site_dir, nav_entries):
    """The project's mkdocs.yml with docs_dir/site_dir pointing at the temp copy and
    every other relative path made absolute; optionally the articles in nav."""
    import yaml
    from mkdocs.utils.yaml import yaml_load

    with open(config_path, encoding="utf-8") as file:
        config = yaml_load(file)
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    paths = {"klusterilaatu-checker": ("pyodide_dir", "cache_dir"), "klusterilaatu-publishing": ("headers_file",)}
    for plugin in config.get("plugins", []):
        for name, options in plugin.items() if isinstance(plugin, dict) else []:
            for option in paths.get(name, ()):
                if isinstance(options, dict) and isinstance(options.get(option), str):
                    options[option] = str((ROOT / options[option]).resolve())
            if name == "klusterilaatu-publishing" and isinstance(options, dict):  # the editor's npm packages
                editor = options.setdefault("editor", {})
                for option, default in (
                    ("cms_dir", "node_modules/decap-cms/dist"),
                    ("yaml_dir", "node_modules/yaml/browser/dist"),
                ):
                    editor[option] = str((ROOT / editor.get(option, default)).resolve())
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((ROOT / theme["custom_dir"]).resolve())
    config.pop("watch", None)
    if nav_entries and isinstance(config.get("nav"), list):
        for section in config["nav"]:
            if isinstance(section, dict) and "Artikkelit" in section:
                section["Artikkelit"].extend({fi: path} for fi, _, path in nav_entries)
        for plugin in config.get("plugins", []):
            if isinstance(plugin, dict) and "i18n" in plugin:
                for language in plugin["i18n"].get("languages", []):
                    if language.get("locale") == "en":
                        language.setdefault("nav_translations", {}).update({fi: en for fi, en, _ in nav_entries})
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def build_scaled(pairs, nav=False, keep=None):
    """Build the site with `pairs` generated fi+en articles in a temp copy of docs/.
    Returns {pairs, pages, seconds, ms_per_page}."""
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        tmp = Path(tmp)
        docs, site = tmp / "docs", tmp / "site"
        shutil.copytree(ROOT / "docs", docs)
        nav_entries = []
        for index in range(1, pairs + 1):
            slug = f"bench-{index:04d}"
            for lang in ("fi", "en"):
                (docs / "articles" / f"{slug}.{lang}.md").write_text(article_markdown(index, lang))
            nav_entries.append((f"Artikkeli {index}", f"Article {index}", f"articles/{slug}.md"))
        config = tmp / "mkdocs.yml"
        config.write_text(_absolute_config(ROOT / "mkdocs.yml", docs, site, nav_entries if nav else []))
        mkdocs = [str(ROOT / ".venv" / "bin" / "python"), "-m", "mkdocs"]
        if not Path(mkdocs[0]).exists():
            mkdocs[0] = sys.executable
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        started = time.perf_counter()
        proc = subprocess.run(
            [*mkdocs, "build", "--strict", "--clean", "--quiet", "-f", str(config)],
            check=False,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError(f"scaled build ({pairs} pairs) failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
        pages = sum(1 for _ in site.rglob("index.html"))
        if keep:
            shutil.copytree(site, keep, dirs_exist_ok=True)
    return {"pairs": pairs, "pages": pages, "seconds": seconds, "ms_per_page": seconds * 1000 / pages}


def run_scale(sizes=(100, 500), nav=False, log=print):
    results = []
    for pairs in sizes:
        try:
            result = build_scaled(pairs, nav=nav)
        except RuntimeError as error:  # e.g. docs/ mid-edit: report it, keep the other results
            log(f"  {error}")
            return results
        results.append(result)
        log(f"  build with {pairs} article pairs: {result['pages']} pages, {result['seconds']:.1f} s")
    return results


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def fmt_s(value):
    return f"{value:.2f} s"


def fmt_ms(value):
    return f"{value:.1f} ms"


def fmt_bytes(value):
    if value >= 1e6:
        return f"{value / 1e6:.2f} MB"
    if value >= 1e3:
        return f"{value / 1e3:.1f} kB"
    return f"{value:.0f} B"


def browser_rows(samples):
    def field(key, name):
        return [sample[name] for sample in samples[key]]

    rows = [
        ("Ready, first visit", fmt_s, field("first", "ready_s"), field("base_first", "ready_s")),
        ("Ready, repeat visit", fmt_s, field("repeat", "ready_s"), field("base_repeat", "ready_s")),
        ("Submit → result", fmt_ms, field("first", "result_ms"), field("base_first", "result_ms")),
        ("Bytes, content page (/clusters/)", fmt_bytes, field("content", "bytes"), None),
        ("Bytes, checker page, first visit", fmt_bytes, field("first", "bytes"), field("base_first", "bytes")),
        ("Bytes, checker page, repeat visit", fmt_bytes, field("repeat", "bytes"), field("base_repeat", "bytes")),
    ]
    return [(name, fmt, summary(ours), summary(base) if base else None) for name, fmt, ours, base in rows]


def ratio(ours, base):
    if base is None:
        return None
    if base["median"] == 0:
        return None if ours["median"] else 1.0
    return ours["median"] / base["median"]


def browser_table(rows, runs):
    out = [
        f"| Measure ({runs} runs) | Ours: median | min | max | Baseline: median | min | max | Ours / baseline |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, fmt, ours, base in rows:
        r = ratio(ours, base)
        cells = [name, fmt(ours["median"]), fmt(ours["min"]), fmt(ours["max"])]
        cells += [fmt(base[k]) for k in ("median", "min", "max")] if base else ["–", "–", "–"]
        cells.append(f"{r:.2f}" if r is not None else "–")
        out.append("| " + " | ".join(cells) + " |")
    return out


def target_checks(rows, samples):
    by_name = {name: (ours, base) for name, _, ours, base in rows}
    first, first_base = by_name["Ready, first visit"]
    repeat, repeat_base = by_name["Ready, repeat visit"]
    result = by_name["Submit → result"][0]
    content_pyodide = max(samples["content_pyodide"].values())
    checks = [
        ("Repeat visit ready", f"≤ {TARGETS['repeat_ready_s']:.1f} s", repeat["median"], TARGETS["repeat_ready_s"], fmt_s),
        ("Repeat visit ready / baseline", f"≤ {TARGETS['repeat_ratio']}", ratio(repeat, repeat_base),
         TARGETS["repeat_ratio"], lambda v: f"{v:.2f}"),
        ("First visit ready", f"≤ {TARGETS['first_ready_s']:.1f} s", first["median"], TARGETS["first_ready_s"], fmt_s),
        ("First visit ready / baseline", f"≤ {TARGETS['first_ratio']}", ratio(first, first_base),
         TARGETS["first_ratio"], lambda v: f"{v:.2f}"),
        ("Submit → result", f"≤ {TARGETS['result_ms']:.0f} ms", result["median"], TARGETS["result_ms"], fmt_ms),
        ("Pyodide bytes on content pages (" + ", ".join(samples["content_pyodide"]) + ")", "= 0 B",
         content_pyodide, TARGETS["content_pyodide_bytes"], fmt_bytes),
    ]  # fmt: skip
    return [(name, goal, value, limit, fmt, value <= limit) for name, goal, value, limit, fmt in checks]


def target_table(checks):
    out = ["| Target | Goal | Measured (median) | Result | Margin |", "|---|---|---:|---|---:|"]
    for name, goal, value, limit, fmt, passed in checks:
        margin = limit - value
        sign = "+" if margin >= 0 else "−"
        out.append(f"| {name} | {goal} | {fmt(value)} | {'PASS' if passed else 'MISS'} | {sign}{fmt(abs(margin))} |")
    return out


def lighthouse_table(results):
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


def scale_table(results, nav):
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


def thousand_pages(results):
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


def projected_1000(results):
    small, large = results[0], results[-1]
    per_page = (large["seconds"] - small["seconds"]) / (large["pages"] - small["pages"])
    fixed = large["seconds"] - per_page * large["pages"]
    existing = large["pages"] - 2 * large["pairs"]
    return fixed + per_page * (1000 + existing)


def machine():
    model = "unknown"
    memory = "unknown"
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE).group(1).strip()
        kib = int(re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.MULTILINE).group(1))
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    try:
        chromium = subprocess.run(
            [chromium_executable(), "--version"], check=False, capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = "unknown"
    lighthouse = "unknown"
    try:
        lighthouse = json.loads((ROOT / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
    except OSError:
        pass
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


def commit():
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=False, capture_output=True, text=True
        )
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, check=False, capture_output=True, text=True)
        return sha.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")
    except OSError:
        return "unknown"


def report(args, info, samples=None, lighthouse=None, scale=None, scale_nav=None):
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`scripts/bench.py`); the latest full run is committed here.",
        "",
        (
            f"Machine: {info['cpus']} cores, {info['model']}, {info['memory']} RAM, {info['os']};"
            f" {info['chromium']} (headless); Pyodide {info['pyodide']}; Lighthouse {info['lighthouse']}."
        ),
        (
            f"Run: {info['date']}, commit {commit()}; load average at the start"
            f" {', '.join(f'{x:.1f}' for x in info['load'])} on {info['cpus']} cores."
        ),
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
            "## Checker start-up and transfer",
            "",
            (
                "Times from the page's performance marks, from navigation start; bytes are everything the server"
                f" wrote to the socket (headers included), {'uncompressed' if args.no_compress else 'gzipped'},"
                f" with `Cache-Control: {args.cache_control}` where the site's `_headers` file sets none"
                " (such a response is revalidated on every repeat request unless a service worker answers it)."
                " First visit: a fresh Chromium profile; repeat visit: the same profile, a new page."
                " Baseline: `loadPyodide` on the main thread of a plain page, the same Pyodide files and checker"
                " package, no worker, snapshot or service worker; measured in the same runs, interleaved."
            ),
            "",
            *browser_table(rows, args.runs),
            "",
            "Load average (1, 5, 15 min) before and after these runs: "
            + " → ".join(", ".join(f"{x:.1f}" for x in load) for load in samples.get("load", ()))
            + f" on {os.cpu_count()} cores (other work on the machine slows both pages alike; the runs are interleaved).",
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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=None, help="runs per measure (default 5; 1 with --quick)")
    parser.add_argument("--quick", action="store_true", help="one run, small builds, two Lighthouse pages")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--scale-nav", action="store_true", help="also build with the articles listed in nav")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds to let a page finish after the result")
    parser.add_argument(
        "--cache-control", default="no-cache", help="Cache-Control the server sends where site/_headers sets none"
    )
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
        print("note: fewer than 5 runs; medians are rough", file=sys.stderr)

    def log(message):
        print(message, file=sys.stderr, flush=True)

    info = machine()
    samples = lighthouse = scale = scale_nav = None
    log("Production build (SITE_URL = the origin it is served from)...")
    with production_site() as site:  # one build, one port, for both
        if not args.skip_browser:
            log(f"Checker start-up, ours vs baseline, {args.runs} run(s)...")
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
