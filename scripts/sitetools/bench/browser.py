"""The checker's start-up in headless Chromium, as a visitor sees it.

Each run opens a shared link (the answers in the address) in a fresh profile
(first visit), then again in the same profile (repeat visit), and takes the
time from navigation start until the result is on the page (`data-verdict`
set; the next frame follows within milliseconds), the "Python ready" mark, and
from a press of the submit button to the next result. The same is done, in the
same run and in alternating order, for the stock page (build.stock_page).
Times come from inside the page (performance.now(), from navigation start);
bytes are counted by the server, so the workers' fetches count too.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from sitebuild.checker_plugin import PROTOCOL, kept_prefix
from sitetools.bench.build import BASELINE_PAGE, CHECKER_PAGE, production_site, stock_page
from sitetools.bench.server import Meter, pyodide_bytes, serve_counting, stop_serving
from sitetools.localserver import CHROMIUM_ARGS, chromium_executable

READY_TIMEOUT_MS = 120_000
CONTENT_PAGES = ("/clusters/", "/en/labels/", "/", "/en/")
# The shared link's answers (a cluster that meets every criterion: the longest result).
ANSWERS: dict[str, Any] = json.loads(resources.files(__package__).joinpath("answers.json").read_text(encoding="utf-8"))

# Installed before any page script: when the result appears, and the frame after it.
WATCH_RESULT = """
window.__bench = {};
new MutationObserver(() => {
  const result = document.getElementById("checker-result");
  if (result && result.dataset.verdict && !window.__bench.verdict) {
    window.__bench.verdict = performance.now();
    requestAnimationFrame(() => { window.__bench.painted = performance.now(); });
  }
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-verdict"] });
"""

READ_MARKS = """() => {
  const marks = {};
  for (const mark of performance.getEntriesByType("mark")) {
    if (mark.name.startsWith("checker-")) marks[mark.name] = mark.startTime;  // the last of each name
  }
  return { marks, verdictAt: window.__bench.verdict ?? null, paintedAt: window.__bench.painted ?? null,
           verdict: document.getElementById("checker-result")?.dataset.verdict ?? null };
}"""

# The worker's kept files (kept.mjs): {name: size} in its folder of the origin
# private file system (size null for a file being written at that moment).
KEPT_FILES = """async (folder) => {
  const files = {};
  try {
    const kept = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
    for await (const [name, handle] of kept.entries()) {
      files[name] = await handle.getFile().then((file) => file.size, () => null);
    }
  } catch {}  // no folder yet
  return files;
}"""

WAIT_FOR_SECOND_RESULT = """async () => {
  const deadline = performance.now() + 30000;
  while (performance.getEntriesByName("checker-result").length < 2 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}"""


def shared_link(kind: str) -> str:
    """The address of a shared link to ANSWERS: the checker page's own form
    (checker.js reads it), or the stock page's."""
    if kind == "ours":

        def text(value: Any) -> str:
            if isinstance(value, list):
                return ",".join(map(text, value))
            return json.dumps(value) if isinstance(value, bool) else str(value)  # true/false, as the form sends

        pairs = [(key, text(value)) for key, value in ANSWERS.items()]
        return CHECKER_PAGE + "#" + urllib.parse.urlencode(pairs).replace("%2C", ",")
    return BASELINE_PAGE + "#answers=" + urllib.parse.quote(json.dumps(ANSWERS))


def launch(playwright: Any, user_data_dir: Path | str) -> Any:
    context = playwright.chromium.launch_persistent_context(
        str(user_data_dir),
        executable_path=chromium_executable(),
        args=CHROMIUM_ARGS,
        headless=True,
        locale="en-GB",
        service_workers="allow",
        viewport={"width": 1280, "height": 900},
    )
    context.add_init_script(WATCH_RESULT)
    return context


def settle(page: Any, meter: Meter, seconds: float, ours: bool = False) -> None:
    """Let the page finish what it does after the result: network idle, and on
    our page the service worker installed and the snapshot kept (both wait a
    moment after the result: the plugin's keep_after_seconds); server quiet."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_load_state("networkidle", timeout=15_000)
    except PlaywrightTimeoutError:
        print("  note: the page did not reach network idle in 15 s", file=sys.stderr)
    if ours:
        done = page.evaluate(
            f"""async ([folder, prefix]) => {{
              const keptFiles = {KEPT_FILES};
              const deadline = performance.now() + 20000;
              const kept = async () =>
                Object.keys(await keptFiles(folder)).some((name) => name.startsWith(prefix) && !name.endsWith(".part"));
              const active = async () => Boolean((await navigator.serviceWorker.getRegistration())?.active);
              while (performance.now() < deadline) {{
                if ((await active()) && (await kept())) return true;
                await new Promise((resolve) => setTimeout(resolve, 100));
              }}
              return false;
            }}""",
            [PROTOCOL["kept"]["folder"], kept_prefix(PROTOCOL["kept"]["snapshot"])],
        )
        if not done:
            print("  note: no active service worker and kept snapshot after 20 s", file=sys.stderr)
    time.sleep(seconds)
    meter.wait_quiet()


def visit(context: Any, base: str, kind: str, meter: Meter, settle_seconds: float = 2.0) -> dict[str, Any]:
    """One visit to a shared link (ours or stock): when the result showed, when
    Python was ready, how long a submit takes, the bytes, the worker's stages."""
    page = context.new_page()
    errors: list[str] = []
    console: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    start = meter.mark()
    page.goto(base + shared_link(kind), wait_until="commit")
    try:
        page.wait_for_selector("#checker-result[data-verdict]", state="attached", timeout=READY_TIMEOUT_MS)
    except Exception as error:
        state = page.evaluate("document.getElementById('checker-app')?.dataset.python")
        page.close()
        raise RuntimeError(f"{kind}: no result (data-python={state}); console: {console[-5:]}") from error
    page.click("#checker-form button[type=submit]" if kind == "ours" else "#checker-submit")
    page.evaluate(WAIT_FOR_SECOND_RESULT)
    seen = page.evaluate(READ_MARKS)
    settle(page, meter, settle_seconds, ours=kind == "ours")
    transfers = meter.since(start)
    page.close()
    marks = seen["marks"]
    return {
        "verdict_s": seen["verdictAt"] / 1000,
        "painted_s": (seen["paintedAt"] or seen["verdictAt"]) / 1000,
        "ready_s": marks["checker-ready"] / 1000,
        "result_ms": marks["checker-result"] - marks["checker-submit"],
        "verdict": seen["verdict"],
        "stages_ms": marks,  # every checker-* mark: the stages of the start (report.STAGES)
        "bytes": sum(transfers.values()),
        "pyodide_bytes": pyodide_bytes(transfers),
        "transfers": transfers,
        "errors": errors,
    }


def measure_checker(
    playwright: Any, base: str, meter: Meter, kind: str, settle_seconds: float = 2.0
) -> tuple[dict, dict]:
    """First visit in a fresh profile, then a repeat visit in the same profile."""
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
        context = launch(playwright, profile)
        try:
            first = visit(context, base, kind, meter, settle_seconds)
            repeat = visit(context, base, kind, meter, settle_seconds)
        finally:
            context.close()
    return first, repeat


def measure_content(playwright: Any, base: str, meter: Meter, path: str, settle_seconds: float = 2.0) -> dict[str, Any]:
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


def run_browser(
    runs: int,
    settle_seconds: float = 2.0,
    cache_control: str = "no-cache",
    compress: bool = True,
    content_pages: tuple[str, ...] = CONTENT_PAGES,
    site: tuple[Path, int] | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """`runs` interleaved runs of ours and the stock page, and the content pages.
    `site`: a (directory, port) made by build.production_site (or the built
    site/ on a free port: `(site_dir, 0)`); None builds one."""
    from playwright.sync_api import sync_playwright

    samples: dict[str, Any] = {key: [] for key in ("first", "repeat", "base_first", "base_repeat", "content")}
    content_pyodide: dict[str, int] = {}
    load_before = os.getloadavg()
    with production_site(site) as (directory, port), tempfile.TemporaryDirectory(prefix="bench-stock-") as tmp:
        stock = stock_page(directory, Path(tmp) / "stock")
        served = serve_counting(directory, {"Cache-Control": cache_control}, compress, port, {BASELINE_PAGE: stock})
        base, server, meter = served
        try:
            with sync_playwright() as playwright:
                for run in range(runs):
                    order = ("ours", "stock") if run % 2 == 0 else ("stock", "ours")
                    for kind in order:
                        first, repeat = measure_checker(playwright, base, meter, kind, settle_seconds)
                        prefix = "" if kind == "ours" else "base_"
                        samples[prefix + "first"].append(first)
                        samples[prefix + "repeat"].append(repeat)
                        log(
                            f"  run {run + 1}/{runs} {kind:5}: result shown {first['verdict_s']:.2f} s first,"
                            f" {repeat['verdict_s']:.2f} s repeat (ready {first['ready_s']:.2f} / {repeat['ready_s']:.2f} s);"
                            f" submit {first['result_ms']:.1f} ms; {first['bytes'] / 1e6:.2f} MB first,"
                            f" {repeat['bytes'] / 1e3:.1f} kB repeat; {first['verdict']}"
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
