"""Small helpers shared by the browser tests."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from sitebuild.checker_plugin import PROTOCOL, kept_prefix
from sitetools.bench.browser import KEPT_FILES

PYTHON_START_TIMEOUT = 90_000
CHECKER = {"fi": "/checker/", "en": "/en/checker/"}


PYTHON_READY = "#checker-app[data-python=ready]"
PYTHON_FAILED = "#checker-app[data-python=failed]"
RESULT_SHOWN = "#checker-result[data-verdict]:not([data-verdict=''])"


# Resolves at the change to the document that makes `selector` match.
WAIT_FOR_MATCH = """([selector, timeoutMs]) => new Promise((resolve, reject) => {
  const matches = () => document.querySelector(selector) !== null;
  if (matches()) return resolve();
  const observer = new MutationObserver(() => {
    if (!matches()) return;
    observer.disconnect();
    clearTimeout(timer);
    resolve();
  });
  const timer = setTimeout(() => {
    observer.disconnect();
    reject(new Error(`${selector} did not match within ${timeoutMs} ms`));
  }, timeoutMs);
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})"""


def wait_for(page, selector, timeout=PYTHON_START_TIMEOUT):
    """Waits until `selector` matches in the page, seen as the page changes.
    Playwright's own waits look at 0, 0.1, 0.35 and 0.85 s, then every second:
    a Python start here is ready at about 0.45 s and was seen only at 0.9 s.
    Looking at every frame instead cost about 0.1 core-second a start."""
    page.evaluate(WAIT_FOR_MATCH, [selector, timeout])


def open_checker(page, site_url, lang, fragment=""):
    page.goto(site_url + CHECKER[lang] + fragment)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    wait_for(page, PYTHON_READY)


KEPT_SNAPSHOT = f"""async ([folder, prefix, timeoutMs]) => {{
  const keptFiles = {KEPT_FILES};
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {{
    const names = Object.keys(await keptFiles(folder));
    const count = names.filter((name) => name.startsWith(prefix) && !name.endsWith(".part")).length;
    if (count) return {{ count, at: performance.now() }};
    await new Promise((resolve) => setTimeout(resolve, 50));
  }}
  return {{ count: 0, at: null }};
}}"""


def kept_files(page):
    """The files the checker's worker has kept for the next visit: {name: size}."""
    return page.evaluate(KEPT_FILES, PROTOCOL["kept"]["folder"])


def wait_for_kept_snapshot(page):
    """Waits until the worker has kept its unpacked snapshot (kept.mjs; it is
    written last, after the wasm): {"count": snapshots kept, "at":
    performance.now() when the page first saw one}."""
    kept = PROTOCOL["kept"]
    return page.evaluate(KEPT_SNAPSHOT, [kept["folder"], kept_prefix(kept["snapshot"]), PYTHON_START_TIMEOUT])


WAIT_FOR_CONTROL = """async () => {
  const registration = await navigator.serviceWorker.ready;
  for (let tries = 0; tries < 600 && !navigator.serviceWorker.controller; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return registration.active.state;
}"""


def wait_for_service_worker_control(page):
    """Waits until the checker's service worker is active and controls the page; its state."""
    return page.evaluate(WAIT_FOR_CONTROL)


def storage_dump(page):
    """What the page's origin keeps in the browser: web storage, Cache Storage
    and IndexedDB names, cookies, and every file in its private file system
    with its sha256; for the tests that look for the answers there."""
    return page.evaluate(
        """async () => {
            const local = JSON.stringify(Object.entries(localStorage));
            const session = JSON.stringify(Object.entries(sessionStorage));
            const caches_ = 'caches' in self ? await caches.keys() : [];
            const dbs = indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : [];
            const files = {};
            const walk = async (folder, path) => {
                for await (const [name, handle] of folder.entries()) {
                    if (handle.kind === "directory") { await walk(handle, path + name + "/"); continue; }
                    const digest = await crypto.subtle.digest("SHA-256", await (await handle.getFile()).arrayBuffer());
                    files[path + name] = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
                }
            };
            await walk(await navigator.storage.getDirectory(), "");
            return {local, session, caches: caches_, dbs, cookie: document.cookie, files};
        }"""
    )


def submit(page):
    page.click("#checker-form button[type=submit]")


def statuses(page, kind="criterion"):
    rows = page.locator(f"#checker-result [data-{kind}]")
    return {
        rows.nth(i).get_attribute(f"data-{kind}"): rows.nth(i).get_attribute("data-status") for i in range(rows.count())
    }


def fast_animations(page, rate=20):
    """CSS animations, their delays included, run `rate` times faster in this
    page (Chromium's DevTools protocol): a designed pause is still seen to
    pass, without waiting it out."""
    session = page.context.new_cdp_session(page)
    session.send("Animation.enable")
    session.send("Animation.setPlaybackRate", {"playbackRate": rate})


AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}

# Colours are checked once CSS transitions have ended: a button still fading to
# its hover colour (just pressed) is not what anyone reads. Endless animations are not waited for.
TRANSITIONS_ENDED = """() => Promise.all(document.getAnimations()
  .filter((animation) => animation.effect && animation.effect.getComputedTiming().endTime !== Infinity)
  .map((animation) => animation.finished.catch(() => {})))"""


def axe_violations(page, within=None):
    """axe-core's findings (WCAG 2.1 A/AA and best practices) on the page, or on
    the part of it that the selector `within` picks."""
    page.evaluate(TRANSITIONS_ENDED)
    context = {"include": [[within]]} if within else None
    results = Axe().run(page, context=context, options=AXE_OPTIONS)
    return [
        f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in results.response["violations"]
    ]
