// @ts-check
/// <reference lib="webworker" />
// Service worker, generated into site/sw.js by the checker plugin
// (scripts/sitebuild/service_worker.py fills in VERSION and FILES). It keeps
// the checker's pages and files for offline use, and nothing else: a request
// for any other URL, and any URL with a query string (a search, say), passes
// it by untouched and is never stored. It never sees the visitor's answers.
//
// Every file it keeps has the sha256 values the build knows for it; bytes that
// do not match are not stored (and the page's worker, which checks them too,
// then fetches them again past every cache).
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

const VERSION = "__VERSION__";
/**
 * Paths relative to the scope ("checker/" is a page), each with its possible
 * sha256 values; `precache`: fetched at install; `page`: network first.
 * @type {Record<string, { sha256: string[], precache: boolean, page: boolean }>}
 */
const FILES = JSON.parse("__FILES__");
const CACHE = `checker-${VERSION}`;
// its earlier versions, and the snapshot older workers kept in Cache Storage
const OLD_CACHES = /^(checker-[0-9a-f]{12}|snapshot-raw|snapshot-unpacked)$/;

/** @param {Uint8Array | ArrayBuffer} bytes */
async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", /** @type {BufferSource} */ (bytes)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The kept path of a URL, or null: not ours.
 * @param {string} href
 */
function keptPath(href) {
  const url = new URL(href);
  const scope = new URL(sw.registration.scope);
  if (url.origin !== scope.origin || url.search || !url.pathname.startsWith(scope.pathname)) return null;
  const path = decodeURIComponent(url.pathname.slice(scope.pathname.length));
  return Object.hasOwn(FILES, path) ? path : null;
}

/**
 * Stores a response if its bytes are the ones the build made.
 * @param {string} path
 * @param {Request | string} request
 * @param {Response} response
 * @returns {Promise<boolean>} stored
 */
async function keep(path, request, response) {
  if (!response.ok || response.type === "opaque") return false;
  const bytes = await response.clone().arrayBuffer();
  if (!FILES[path].sha256.includes(await sha256Hex(bytes))) {
    console.warn(`checker service worker: ${path} does not match its sha256; not kept`);
    return false;
  }
  await (await caches.open(CACHE)).put(request, response);
  return true;
}

sw.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const scope = sw.registration.scope;
      await Promise.all(
        Object.entries(FILES)
          .filter(([, file]) => file.precache)
          .map(async ([path, file]) => {
            const url = new URL(path, scope).href;
            // The page has just loaded most of these: the HTTP cache has them
            // (pages are revalidated). A copy that fails its check there is
            // fetched once more from the server.
            for (const cache of /** @type {RequestCache[]} */ ([file.page ? "no-cache" : "force-cache", "reload"])) {
              try {
                if (await keep(path, url, await fetch(url, { cache }))) return;
              } catch (error) {
                console.warn(`checker service worker: ${path} not kept:`, error);
                return;
              }
            }
          }),
      );
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (OLD_CACHES.test(name) && name !== CACHE) await caches.delete(name);
      }
      await sw.registration.navigationPreload?.enable();
      await sw.clients.claim();
    })(),
  );
});

/**
 * From the network, kept if right.
 * @param {FetchEvent} event
 * @param {string} path
 */
async function fromNetwork(event, path) {
  const preload = event.request.mode === "navigate" ? await event.preloadResponse : undefined;
  const response = preload || (await fetch(event.request));
  event.waitUntil(keep(path, event.request, response.clone()).catch(() => false));
  return response;
}

/**
 * Pages: the network first, so that a new version of the site reaches the
 * visitor at once; the kept copy when offline.
 * @param {FetchEvent} event
 * @param {string} path
 */
async function networkFirst(event, path) {
  try {
    return await fromNetwork(event, path);
  } catch (error) {
    const kept = await caches.match(event.request, { cacheName: CACHE });
    if (kept) return kept;
    throw error;
  }
}

/**
 * The checker's files: kept ones (checked when kept) first. A request that
 * asks to bypass caches (the worker refetching a file that failed its check)
 * goes to the network.
 * @param {FetchEvent} event
 * @param {string} path
 */
async function cacheFirst(event, path) {
  if (event.request.cache !== "reload" && event.request.cache !== "no-store") {
    const kept = await caches.match(event.request, { cacheName: CACHE });
    if (kept) return kept;
  }
  return fromNetwork(event, path);
}

sw.addEventListener("fetch", (event) => {
  const path = event.request.method === "GET" ? keptPath(event.request.url) : null;
  if (path === null) return; // not the checker's: the browser fetches it as if there were no service worker
  event.respondWith(FILES[path].page ? networkFirst(event, path) : cacheFirst(event, path));
});
