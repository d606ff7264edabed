"""After one visit the checker works offline: a service worker keeps the
checker's pages and files, and nothing else: never another page, never a URL
with a query string (a search), never a file whose bytes fail their check."""

import hashlib
import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.pyodide.shipped import page_config

from .conftest import log_requests
from .faults import PAUSE_SECONDS, serve_faulty
from .helpers import (
    PROTOCOL,
    kept_files,
    kept_prefix,
    open_checker,
    statuses,
    submit,
    wait_for_kept_snapshot,
    wait_for_service_worker_control,
)

pytestmark = pytest.mark.browser

# Everything in Cache Storage, as {cache name: [URL, ...]}.
CACHED = """async () => {
  const all = {};
  for (const name of await caches.keys()) {
    all[name] = (await (await caches.open(name)).keys()).map((request) => request.url);
  }
  return all;
}"""


def sw_files(site_dir):
    """The files the built service worker keeps, as its FILES table says."""
    script = (site_dir / "sw.js").read_text(encoding="utf-8")
    return json.loads(json.loads(re.search(r"const FILES = JSON\.parse\((\".*?\")\);", script).group(1)))


@pytest.fixture
def sw_context(browser, site_url):
    context = log_requests(browser.new_context(service_workers="allow"), site_url)
    log = context.request_log
    yield context
    context.close()
    assert log.foreign == [], f"requests to other hosts: {log.foreign}"


def controlled_checker(context, site_url, lang):
    """A visit that registers the service worker, which then takes the page over."""
    page = context.new_page()
    open_checker(page, site_url, lang)
    assert wait_for_service_worker_control(page) == "activated"
    return page


def test_checker_works_offline_after_the_first_visit(sw_context, site_url):
    page = controlled_checker(sw_context, site_url, "fi")
    sw_context.set_offline(True)
    for lang in ("fi", "en"):
        open_checker(page, site_url, lang)
        page.fill("input[name=committed_members]", "15")
        submit(page)
        expect(page.locator("#checker-result")).to_be_visible()
        assert statuses(page)["committed_members"] == "met"
    assert page.evaluate("navigator.onLine") is False


def test_no_service_worker_on_content_pages_before_the_checker(sw_context, site_url):
    page = sw_context.new_page()
    page.goto(site_url + "/")
    page.goto(site_url + "/en/labels/")
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    transferred = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not [url for url in transferred if "/assets/pyodide/" in url]


def test_it_keeps_only_the_checkers_files_never_a_search(sw_context, site_url, site_dir):
    page = sw_context.new_page()
    page.goto(site_url + "/en/labels/")
    # the snapshot an earlier version of the worker kept in Cache Storage: the service worker removes it
    page.evaluate("caches.open('snapshot-unpacked').then((cache) => cache.put('/old', new Response('old')))")
    open_checker(page, site_url, "en")
    assert wait_for_service_worker_control(page) == "activated"
    kept = page.evaluate(CACHED)
    files = sw_files(site_dir)
    (name,) = kept
    assert name.startswith("checker-")
    for url in kept[name]:
        path = urlsplit(url).path.lstrip("/")
        assert path in files, f"{path} is not one of the checker's files"
    assert not [url for urls in kept.values() for url in urls if "?" in url]
    # Searching, with the service worker in control of the whole site, leaves no trace in it.
    for number in range(3):
        page.goto(f"{site_url}/en/search/?q=my+secret+query+{number}")
    page.goto(site_url + "/en/labels/")
    open_checker(page, site_url, "en")
    after = page.evaluate(CACHED)
    assert {cache: sorted(urls) for cache, urls in after.items()} == {
        cache: sorted(urls) for cache, urls in kept.items()
    }
    assert "secret" not in json.dumps(after)


def test_a_repeat_visit_starts_from_the_kept_snapshot(sw_context, site_url):
    page = sw_context.new_page()
    open_checker(page, site_url, "en")
    assert wait_for_kept_snapshot(page)["count"] == 1
    assert wait_for_service_worker_control(page) == "activated"  # its install fetches the snapshot too
    requested = []
    sw_context.on("request", lambda request: requested.append(request.url))
    # Reloaded, then opened again at once: the worker of the page just left may
    # still hold a kept file for a moment (kept.mjs waits for it; before, a busy
    # machine downloaded the snapshot in 2 of 9 runs).
    page.reload()
    open_checker(page, site_url, "en")
    assert not [url for url in requested if "/snapshot-" in url or url.endswith((".whl", ".wasm"))]
    stages = page.evaluate("performance.getEntriesByType('mark').map((mark) => mark.name)")
    assert {"checker-worker-snapshot-kept", "checker-worker-wasm-kept"} <= set(stages)
    page.fill("input[name=committed_members]", "15")
    submit(page)
    expect(page.locator("#checker-result [data-criterion=committed_members]")).to_have_attribute("data-status", "met")


def test_a_damaged_kept_file_is_refused_removed_and_kept_again(sw_context, site_url, site_dir):
    """Bytes changed in the kept files (a disk error, another program): the
    next start does not use them, downloads the file, gives the right result,
    and keeps a good copy again."""
    page = sw_context.new_page()
    open_checker(page, site_url, "en")
    wait_for_kept_snapshot(page)
    kept = kept_files(page)
    (snapshot,) = [name for name in kept if name.startswith(kept_prefix(PROTOCOL["kept"]["snapshot"]))]
    (wasm,) = [name for name in kept if name.endswith(".wasm")]
    (runtime,) = site_dir.glob("assets/pyodide/*/pyodide.asm.wasm")
    assert kept[wasm] == runtime.stat().st_size
    page.evaluate(
        """async ([folder, name]) => {
            const kept = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
            const writable = await (await kept.getFileHandle(name)).createWritable({ keepExistingData: true });
            await writable.write({ type: "write", position: 4096, data: new Uint8Array([1, 2, 3, 4]) });
            await writable.close();
        }""",
        [PROTOCOL["kept"]["folder"], snapshot],
    )
    page.reload()
    open_checker(page, site_url, "en", "#committed_members=15")
    expect(page.locator("#checker-result [data-criterion=committed_members]")).to_have_attribute("data-status", "met")
    stages = page.evaluate("performance.getEntriesByType('mark').map((mark) => mark.name)")
    assert "checker-worker-snapshot-downloaded" in stages and "checker-worker-snapshot-kept" not in stages
    assert "checker-worker-wasm-kept" in stages, "the wasm, unharmed, is still read back"
    wait_for_kept_snapshot(page)
    assert kept_files(page) == kept, "a good copy under the same name, nothing else"


def test_the_service_worker_never_keeps_a_bad_copy(browser, site_dir):
    """A corrupt snapshot on the server: the service worker (which checks what
    it keeps, like the page's worker) keeps none; once the server is mended,
    the next visit gets the right one, and that is kept."""
    server = serve_faulty(site_dir)
    context = browser.new_context(service_workers="allow")
    try:
        snapshot = r"/assets/checker/snapshot-[0-9a-f]+\.bin\.gz$"
        server.break_files(snapshot, "corrupt")
        page = context.new_page()
        open_checker(page, server.url, "en")  # from a full start: the snapshot was refused
        assert wait_for_service_worker_control(page) == "activated"
        kept = page.evaluate(CACHED)
        assert not [url for urls in kept.values() for url in urls if "/snapshot-" in url]
        assert kept_files(page) == {}, "the worker keeps nothing after a start that refused the snapshot"

        server.mend()
        page.reload()
        open_checker(page, server.url, "en")
        cached = page.evaluate(
            """async () => {
                for (const name of await caches.keys()) {
                    if (!name.startsWith("checker-")) continue;
                    const cache = await caches.open(name);
                    for (const request of await cache.keys()) {
                        if (request.url.includes("/snapshot-")) {
                            // its sha256, not its 5 MB: a byte array crosses to Python as a JSON list
                            const bytes = await (await cache.match(request)).arrayBuffer();
                            const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
                            return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
                        }
                    }
                }
                return null;
            }"""
        )
        assert cached is not None, "the good copy is kept"
        (served,) = site_dir.glob("assets/checker/snapshot-*.bin.gz")
        assert cached == hashlib.sha256(served.read_bytes()).hexdigest()
    finally:
        context.close()
        server.stop()


# When the page asks for the service worker.
WATCH_KEEPING = """
window.__keeping = {};
const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
navigator.serviceWorker.register = (...args) => {
  window.__keeping.registered ??= performance.now();
  return register(...args);
};
"""


def test_the_one_time_keeping_waits_until_the_first_answers_are_checked(sw_context, site_url, site_dir):
    """The service worker's install and the kept snapshot keep the machine busy:
    they begin keepAfterSeconds after Python is ready, so that an answer given
    meanwhile is checked at full speed (bench: 62 -> 24 ms)."""
    delay_ms = page_config(site_dir)["limits"]["keepAfterSeconds"] * 1000  # > 0: test_shipped_files
    sw_context.add_init_script(WATCH_KEEPING)
    page = sw_context.new_page()
    open_checker(page, site_url, "en")
    page.fill("input[name=committed_members]", "15")
    submit(page)
    expect(page.locator("#checker-result")).to_be_visible()
    ready = page.evaluate("performance.getEntriesByName('checker-ready')[0].startTime")
    kept = wait_for_kept_snapshot(page)["at"]
    assert kept is not None and kept - ready >= delay_ms
    assert wait_for_service_worker_control(page) == "activated"
    assert page.evaluate("window.__keeping.registered") - ready >= delay_ms


STARTED_AT = "performance.getEntriesByName('checker-start')[0].startTime"


def test_only_a_repeat_visit_starts_python_before_the_page_has_arrived(browser, site_dir):
    """The checker page arrives in two halves, 2 s apart; its form is in the
    second. On a first visit the worker is told to start by checker.js, after
    the form: the page's own files come first. On a repeat visit, controlled by
    the service worker, early.js in the page's head tells it at once, before
    the second half has arrived."""
    server = serve_faulty(site_dir)
    server.break_files(r"^/en/checker/$", "pause")
    context = browser.new_context(service_workers="allow")
    try:
        page = context.new_page()
        open_checker(page, server.url, "en")
        assert page.evaluate(STARTED_AT) >= PAUSE_SECONDS * 1000
        assert wait_for_service_worker_control(page) == "activated"

        page.goto(server.url + "/en/")
        open_checker(page, server.url, "en", "#committed_members=15")
        assert page.evaluate(STARTED_AT) < PAUSE_SECONDS * 1000
        # what the worker said before the form was there is not lost
        expect(page.locator("#checker-result [data-criterion=committed_members]")).to_have_attribute(
            "data-status", "met"
        )
    finally:
        context.close()
        server.stop()


def test_pyodides_javascript_is_compiled_ahead_for_the_next_visit(sw_context, site_url, site_dir):
    """Once the service worker controls the page, Pyodide's JavaScript runs as
    the script of a throwaway worker, through the service worker (Chrome then
    keeps its compiled form for the next start), which the page ends again."""
    page = sw_context.new_page()
    workers, ended, warnings = [], [], []
    page.on("worker", lambda worker: (workers.append(worker), worker.on("close", lambda closed: ended.append(closed))))
    page.on("console", lambda message: warnings.append(message.text) if message.type in ("warning", "error") else None)
    open_checker(page, site_url, "en")
    assert wait_for_service_worker_control(page) == "activated"
    for _ in range(600):
        if ended:
            break
        page.wait_for_timeout(100)
    (runtime,) = site_dir.glob("assets/pyodide/*/pyodide.asm.mjs")
    assert [worker.url.removeprefix(site_url + "/") for worker in workers] == [
        "assets/checker/worker.js",
        runtime.relative_to(site_dir).as_posix(),
    ]
    assert ended == [workers[1]], "the throwaway worker is ended; the checker's stays"
    assert [text for text in warnings if "ahead" in text] == []
