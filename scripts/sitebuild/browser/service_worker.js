// Service worker (generated into site/sw.js by the checker plugin, scripts/sitebuild/service_worker.py): keeps the
// checker and its versioned Python runtime available offline after a visit.
// It caches only the site's own files; it never sees the visitor's answers.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const CACHE = `checker-${VERSION}`;
// Names that change whenever their content does: safe to serve from the cache first.
const VERSIONED = /\/assets\/pyodide\/\d|\/(checker|snapshot)-[0-9a-f]{8,}\.|\.[0-9a-f]{8}\.min\.(js|css)$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // The page has just fetched these: "force-cache" takes them from the HTTP cache.
      await Promise.all(
        PRECACHE.map(async (path) => {
          const url = new URL(path, self.registration.scope);
          const response = await fetch(url, { cache: VERSIONED.test(url.pathname) ? "force-cache" : "no-cache" });
          if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
          await cache.put(url, response);
        }),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("checker-") && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await caches.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(VERSIONED.test(url.pathname) ? cacheFirst(event.request) : networkFirst(event.request));
});
