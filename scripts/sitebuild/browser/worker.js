// Web Worker: loads the self-hosted Pyodide and the checker package, then
// evaluates answers in Python. All URLs are relative to this file.
const params = new URL(import.meta.url).searchParams;
const pyodideBase = new URL(`../pyodide/${params.get("pyodide")}/`, import.meta.url);
const packageUrl = new URL(params.get("package"), import.meta.url);
const snapshotUrl = params.get("snapshot") && new URL(params.get("snapshot"), import.meta.url);

// Pyodide 314 only logs a failed wasm download or compile and never settles
// loadPyodide(); this turns that log line into a rejection.
const wasmFailure = new Promise((resolve, reject) => {
  const warn = console.warn.bind(console);
  console.warn = (...args) => {
    warn(...args);
    if (args[0] === "wasm instantiation failed!") reject(new Error("the WebAssembly runtime could not be loaded"));
  };
});

function loadRuntime(options = {}) {
  const { loadPyodide } = runtimeModule;
  const loading = loadPyodide({ indexURL: pyodideBase.href, packageBaseUrl: pyodideBase.href, ...options });
  return Promise.race([loading, wasmFailure]);
}

function evaluator(pyodide) {
  const run = pyodide.runPython(
    "import json, checker\n" +
    "lambda answers_json, lang: json.dumps(checker.evaluate(json.loads(answers_json), lang))",
  );
  return (answers, lang) => JSON.parse(run(JSON.stringify(answers), lang));
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// The snapshot ships gzipped; a host may already have unpacked it in transit.
async function gunzipped(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// The unpacked snapshot is kept in Cache Storage, so a repeat visit skips the
// download and the gunzip. The cache holds only this site's build output.
const RAW_SNAPSHOTS = "snapshot-raw";
let keepAfterStart = null; // stores the unpacked snapshot once Python is ready

async function cachedSnapshot() {
  if (!("caches" in self)) return null;
  const hit = await caches.match(snapshotUrl.href, { cacheName: RAW_SNAPSHOTS });
  return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
}

async function keepSnapshot(response) {
  const cache = await caches.open(RAW_SNAPSHOTS);
  for (const old of await cache.keys()) await cache.delete(old);
  await cache.put(snapshotUrl.href, response);
}

async function snapshotBytes() {
  const cached = await cachedSnapshot().catch(() => null);
  if (cached) return cached;
  const bytes = await gunzipped(await fetchBytes(snapshotUrl));
  if ("caches" in self) {
    const copy = new Response(bytes); // taken now: Pyodide may reuse the buffer
    keepAfterStart = () => keepSnapshot(copy).catch((error) => console.warn("checker: snapshot not kept:", error));
  }
  return bytes;
}

// Fast path: a memory snapshot made at build time with the checker imported.
// loadPyodide takes the snapshot as a promise, so the runtime's own files load
// while the snapshot downloads and unpacks.
async function startFromSnapshot(snapshot) {
  return evaluator(await loadRuntime({ _loadSnapshot: snapshot }));
}

// Full start: boot the interpreter, then unpack and import the checker.
async function startFresh() {
  const [pyodide, archive] = await Promise.all([loadRuntime(), fetchBytes(packageUrl)]);
  pyodide.unpackArchive(archive, "zip", { extractDir: "/home/pyodide/checker-pkg" });
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/checker-pkg')");
  return evaluator(pyodide);
}

let runtimeModule;

async function start() {
  if (typeof WebAssembly !== "object") throw new Error("WebAssembly is not available");
  const useSnapshot = snapshotUrl && typeof DecompressionStream === "function";
  // the snapshot downloads while the runtime's JavaScript loads
  const snapshot = useSnapshot ? snapshotBytes() : null;
  snapshot?.catch(() => {}); // a failure is handled below, after the import
  runtimeModule = await import(new URL("pyodide.mjs", pyodideBase).href);
  if (useSnapshot) {
    try {
      return await startFromSnapshot(snapshot);
    } catch (error) {
      console.warn("checker: the snapshot could not be used, starting Python afresh:", error);
      keepAfterStart = null;
      if ("caches" in self) caches.delete(RAW_SNAPSHOTS);
    }
  }
  return startFresh();
}

const ready = start();

ready.then(
  () => {
    postMessage({ type: "ready" });
    keepAfterStart?.();
  },
  (error) => postMessage({ type: "failed", detail: String(error && error.message || error) }),
);

onmessage = async ({ data }) => {
  if (data.type !== "evaluate") return;
  try {
    const evaluate = await ready;
    postMessage({ type: "result", id: data.id, result: evaluate(data.answers, data.lang) });
  } catch (error) {
    postMessage({ type: "failed", id: data.id, detail: String(error && error.message || error) });
  }
};
