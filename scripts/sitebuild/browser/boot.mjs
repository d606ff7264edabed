// @ts-check
// How Python starts, in one place. Used by the checker's Web Worker
// (worker.js), the build's snapshot maker (make_snapshot.mjs), the Pyodide
// parity tests (tests/pyodide/run_cases.mjs) and the bench's stock page; runs
// in a browser (module worker or page) and in Node 20.
//
// Two ways to start, both ending in the same evaluator:
// - fresh: boot the interpreter, load the checker wheel BY NAME from the
//   site's lock file (Pyodide fetches it with the lock file's sha256 as its
//   integrity), import it;
// - from a memory snapshot made at build time with the checker imported and
//   warmed up: no interpreter boot, no import. The snapshot ships in the
//   compact form of encodeSnapshot() below.
//
// This module never fetches by itself: callers hand it the lock file (and the
// snapshot) they have downloaded and verified, and say where Pyodide's files
// are. What gets downloaded how, with which time limits, is the caller's.

/** @typedef {import("pyodide").PyodideAPI} PyodideAPI */
/** @typedef {import("pyodide").Lockfile} Lockfile */
/** @typedef {(answers: unknown, lang: string) => any} Evaluate */
/** @typedef {(query: string, lang: string) => any} EvaluateQuery */

/**
 * @typedef {object} RuntimeOptions
 * @property {string} indexURL Pyodide's folder (pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm):
 *   a URL in a browser, an absolute path ending in "/" in Node.
 * @property {string} [stdLibURL] The standard library zip; default: the full one in indexURL.
 * @property {Lockfile | Promise<Lockfile>} lockFile The site's lock file: Pyodide's, plus the checker wheel.
 * @property {string} packageBaseUrl Where the lock file's relative wheel names resolve (URL or path, "/" at the end).
 * @property {string} packageName The checker's distribution name in the lock file.
 * @property {Promise<WebAssembly.Module>} [wasm] The runtime (pyodide.asm.wasm), already compiling: the
 *   browser compiles it on its own threads while the rest downloads, instead of Pyodide compiling it later.
 * @property {(stage: Stage) => void} [onStage] Told when a stage of the start begins.
 */

/**
 * The stages of a start, in order: "runtime" (Pyodide's JavaScript loads),
 * "memory" (the wasm is instantiated; from a snapshot, the memory is then
 * restored), "python" (Python is up), and on a fresh start "package" (the
 * checker wheel loads) and "import".
 * @typedef {"runtime" | "memory" | "python" | "package" | "import"} Stage
 */

/**
 * @typedef {object} Checker
 * @property {PyodideAPI} pyodide
 * @property {Evaluate} evaluate answers (a JSON value) -> the engine's result, as plain data
 * @property {EvaluateQuery} evaluateQuery the answers as typed, as a URL query string -> the same result
 * @property {boolean} fromSnapshot
 * @property {Uint8Array} [initialMemory] with `keepInitialMemory`: the runtime's memory before Python ran
 */

/**
 * @typedef {object} SnapshotSource
 * @property {number} size Length of the decoded snapshot (known before the file arrives).
 * @property {Promise<Uint8Array>} file The snapshot file (encodeSnapshot's form), downloaded and verified.
 */

const PYTHON_EVALUATOR = `
import json, checker
lambda answers_json, lang: json.dumps(checker.evaluate(json.loads(answers_json), lang))
`;
const PYTHON_QUERY_EVALUATOR = `
import json, checker
lambda query, lang: json.dumps(checker.evaluate_query(query, lang))
`;

/**
 * The engine behind plain-data calls; the result crosses as JSON text:
 * `evaluate` takes the answers as a JSON value (checker.evaluate), and
 * `evaluateQuery` the answers as typed, as the page sends them in a URL query
 * string (checker.evaluate_query: Python reads the numbers in the page's language).
 * @param {PyodideAPI} pyodide
 * @returns {{evaluate: Evaluate, evaluateQuery: EvaluateQuery}}
 */
export function evaluator(pyodide) {
  const run = pyodide.runPython(PYTHON_EVALUATOR);
  const runQuery = pyodide.runPython(PYTHON_QUERY_EVALUATOR);
  return {
    evaluate: (answers, lang) => JSON.parse(run(JSON.stringify(answers), lang)),
    evaluateQuery: (query, lang) => JSON.parse(runQuery(query, lang)),
  };
}

/**
 * @param {string} indexURL
 * @param {string} name
 */
function moduleURL(indexURL, name) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(indexURL)) return new URL(name, indexURL).href;
  const url = new URL("file:///"); // a filesystem path (Node)
  url.pathname = indexURL + name;
  return url.href;
}

/**
 * Pyodide 314 catches a failed wasm download or compile, logs
 * "wasm instantiation failed!" with console.warn and never settles
 * loadPyodide() (Emscripten gives instantiateWasm no failure callback; see
 * pyodide/pyodide#6296). For the length of one start, this turns that log line
 * into a rejection; the workaround lives here and nowhere else.
 */
function wasmFailureGuard() {
  const warn = console.warn;
  /** @type {(error: Error) => void} */
  let fail = () => {};
  /** @type {Promise<never>} */
  const failed = new Promise((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {}); // raced below; never an unhandled rejection
  console.warn = (...args) => {
    warn.apply(console, args);
    if (args[0] === "wasm instantiation failed!") fail(new Error("the WebAssembly runtime could not be loaded"));
  };
  return {
    failed,
    release() {
      console.warn = warn;
    },
  };
}

/**
 * loadPyodide with this site's settings, the hang guard, and a hook that runs
 * once the runtime's memory exists, before Python starts.
 * @param {RuntimeOptions} options
 * @param {{ snapshot?: Uint8Array, makeSnapshot?: boolean,
 *           beforeStart?: (memory: WebAssembly.Memory) => Promise<void> | void }} extra
 * @returns {Promise<PyodideAPI>}
 */
async function loadRuntime(options, extra) {
  options.onStage?.("runtime");
  const [{ loadPyodide }, { default: createModule }] = await Promise.all([
    import(moduleURL(options.indexURL, "pyodide.mjs")),
    import(moduleURL(options.indexURL, "pyodide.asm.mjs")),
  ]);
  const { beforeStart } = extra;
  /** @param {any} settings Emscripten's module settings, as Pyodide makes them */
  const createPyodideModule = (settings) => {
    const instantiate = settings.instantiateWasm;
    if (typeof instantiate !== "function") throw new Error("this Pyodide build gives no instantiateWasm hook");
    settings.instantiateWasm = (/** @type {any} */ imports, /** @type {Function} */ success) =>
      instantiate(imports, (/** @type {WebAssembly.Instance} */ instance, /** @type {WebAssembly.Module} */ module) => {
        options.onStage?.("memory");
        const memory = /** @type {WebAssembly.Memory} */ (instance.exports.memory);
        Promise.resolve()
          .then(() => beforeStart?.(memory))
          .catch((error) => {
            hookError = error;
          })
          .then(() => success(instance, module));
      });
    return createModule(settings);
  };
  /** @type {unknown} */
  let hookError = null;
  const guard = wasmFailureGuard();
  // Pyodide instantiates its wasm with instantiateStreaming (the imports are
  // its own); given a compiled module, that instantiates the module instead.
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  const compiled = options.wasm;
  if (compiled) {
    WebAssembly.instantiateStreaming = async (_source, imports) => {
      const module = await compiled;
      return { module, instance: await WebAssembly.instantiate(module, imports) };
    };
  }
  try {
    const loading = loadPyodide({
      indexURL: options.indexURL,
      stdLibURL: options.stdLibURL,
      lockFileContents: options.lockFile,
      packageBaseUrl: options.packageBaseUrl,
      createPyodideModule,
      _loadSnapshot: extra.snapshot,
      _makeSnapshot: extra.makeSnapshot,
    });
    loading.catch(() => {}); // raced below
    const pyodide = await Promise.race([loading, guard.failed]).catch((error) => {
      throw hookError || error; // a failed hook explains what Pyodide then tripped over
    });
    if (hookError) throw hookError;
    options.onStage?.("python");
    return pyodide;
  } finally {
    guard.release();
    WebAssembly.instantiateStreaming = instantiateStreaming;
  }
}

/**
 * Loads the checker wheel by name from the lock file. loadPackage reports a
 * failed download or a wrong sha256 only through errorCallback, and resolves
 * anyway: what was loaded is checked here.
 * @param {PyodideAPI} pyodide
 * @param {string} name
 */
async function loadChecker(pyodide, name) {
  /** @type {string[]} */
  const errors = [];
  await pyodide.loadPackage(name, { messageCallback: () => {}, errorCallback: (message) => errors.push(message) });
  if (!(name in pyodide.loadedPackages)) {
    throw new Error(`the checker package could not be loaded: ${errors.join("; ") || "no reason given"}`);
  }
}

/**
 * Full start: boot the interpreter, load the checker by name, import it.
 * @param {RuntimeOptions} options
 * @param {{ makeSnapshot?: boolean, keepInitialMemory?: boolean }} [extra] for the build's snapshot
 * @returns {Promise<Checker>}
 */
export async function startFresh(options, extra = {}) {
  /** @type {Uint8Array | undefined} */
  let initialMemory;
  const beforeStart = extra.keepInitialMemory
    ? (/** @type {WebAssembly.Memory} */ memory) => {
        initialMemory = new Uint8Array(memory.buffer).slice();
      }
    : undefined;
  const pyodide = await loadRuntime(options, { makeSnapshot: extra.makeSnapshot, beforeStart });
  options.onStage?.("package");
  await loadChecker(pyodide, options.packageName);
  options.onStage?.("import");
  return { pyodide, ...evaluator(pyodide), fromSnapshot: false, initialMemory };
}

/**
 * Quick start from a memory snapshot with the checker imported. The runtime's
 * files load and compile while the snapshot still downloads: the snapshot is
 * only needed once the memory exists.
 * @param {RuntimeOptions} options
 * @param {SnapshotSource} source
 * @returns {Promise<Checker>}
 */
export async function startFromSnapshot(options, source) {
  const image = new Uint8Array(source.size);
  const pyodide = await loadRuntime(options, {
    snapshot: image,
    beforeStart: async (memory) => {
      const { headerLength, baseEnd } = decodeSnapshot(await source.file, image);
      restoreBase(image, headerLength, baseEnd, new Uint8Array(memory.buffer));
    },
  });
  if (!pyodide.runPython("import sys; 'checker' in sys.modules")) {
    throw new Error("the snapshot does not hold the checker");
  }
  return { pyodide, ...evaluator(pyodide), fromSnapshot: true };
}

// ---- The snapshot file --------------------------------------------------------
//
// Pyodide's snapshot is its header (with a JSON part) and then the whole
// WebAssembly memory: 31 MB, 70 % of it zeros, and 3 MB of it the runtime's
// own static data, unchanged since the wasm file (already downloaded) put it
// there. The file stores the memory as its XOR with that initial memory,
// keeping only the pages that are not all zero:
//
//   "KSNAP001"  u32 size  u32 headerLength  u32 baseEnd  u32 pageSize  u32 pageCount
//   u32[pageCount] page numbers (ascending)   header bytes   pageCount * pageSize delta bytes
//
// (little-endian; size is the snapshot's length, baseEnd where the initial
// memory's last non-zero page ends). On loading, the pages are put back and
// the first baseEnd bytes XOR-ed with the live memory, which at that moment is
// still exactly the initial memory. About 1.5 MB less to download (gzipped)
// and 60 % less to keep.

const MAGIC = "KSNAP001";
const FIXED = MAGIC.length + 5 * 4;

/**
 * @param {Uint8Array} snapshot Pyodide's snapshot (makeMemorySnapshot())
 * @param {Uint8Array} base The memory as the runtime set it up, before Python ran (startFresh's initialMemory)
 * @param {number} [pageSize]
 * @returns {Uint8Array}
 */
export function encodeSnapshot(snapshot, base, pageSize = 4096) {
  const headerLength = new DataView(snapshot.buffer, snapshot.byteOffset).getUint32(4, true);
  const heap = snapshot.subarray(headerLength);
  if (heap.length % pageSize || base.length > heap.length) throw new Error("unexpected snapshot layout");
  let baseEnd = 0;
  for (let end = base.length; end > 0; end -= pageSize) {
    if (!isZero(base.subarray(Math.max(0, end - pageSize), end))) {
      baseEnd = end;
      break;
    }
  }
  /** @type {number[]} */
  const pages = [];
  /** @type {Uint8Array[]} */
  const deltas = [];
  for (let page = 0; page * pageSize < heap.length; page++) {
    const start = page * pageSize;
    const delta = heap.slice(start, start + pageSize);
    if (start < baseEnd) xorInto(delta, base.subarray(start, start + pageSize));
    if (!isZero(delta)) {
      pages.push(page);
      deltas.push(delta);
    }
  }
  const out = new Uint8Array(FIXED + 4 * pages.length + headerLength + pageSize * pages.length);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC));
  [snapshot.length, headerLength, baseEnd, pageSize, pages.length].forEach((value, i) =>
    view.setUint32(MAGIC.length + 4 * i, value, true),
  );
  pages.forEach((page, i) => view.setUint32(FIXED + 4 * i, page, true));
  let offset = FIXED + 4 * pages.length;
  out.set(snapshot.subarray(0, headerLength), offset);
  offset += headerLength;
  for (const delta of deltas) {
    out.set(delta, offset);
    offset += pageSize;
  }
  return out;
}

/**
 * The size of the snapshot a file decodes to.
 * @param {Uint8Array} file
 */
export function snapshotSize(file) {
  return readHeader(file).size;
}

/**
 * @param {Uint8Array} file
 */
function readHeader(file) {
  if (file.length < FIXED || new TextDecoder().decode(file.subarray(0, MAGIC.length)) !== MAGIC) {
    throw new Error("not a snapshot file");
  }
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const [size, headerLength, baseEnd, pageSize, pageCount] = [0, 1, 2, 3, 4].map((i) =>
    view.getUint32(MAGIC.length + 4 * i, true),
  );
  if (file.length !== FIXED + 4 * pageCount + headerLength + pageSize * pageCount) {
    throw new Error("the snapshot file is truncated or too long");
  }
  return { size, headerLength, baseEnd, pageSize, pageCount, view };
}

/**
 * Writes the snapshot a file holds into `image` (zero-filled, `size` long),
 * still XOR-ed with the initial memory in its first `baseEnd` bytes.
 * @param {Uint8Array} file
 * @param {Uint8Array} image
 */
export function decodeSnapshot(file, image) {
  const { size, headerLength, baseEnd, pageSize, pageCount, view } = readHeader(file);
  if (image.length !== size) throw new Error(`the snapshot is ${size} bytes, not the ${image.length} announced`);
  let offset = FIXED + 4 * pageCount;
  image.set(file.subarray(offset, offset + headerLength));
  offset += headerLength;
  const heap = image.subarray(headerLength);
  for (let i = 0; i < pageCount; i++) {
    const start = view.getUint32(FIXED + 4 * i, true) * pageSize;
    if (start + pageSize > heap.length) throw new Error("a snapshot page lies outside the memory");
    heap.set(file.subarray(offset, offset + pageSize), start);
    offset += pageSize;
  }
  return { headerLength, baseEnd };
}

/**
 * Undoes the XOR with the initial memory: `memory` is the live memory before
 * Python has run (the initial memory itself).
 * @param {Uint8Array} image
 * @param {number} headerLength
 * @param {number} baseEnd
 * @param {Uint8Array} memory
 */
export function restoreBase(image, headerLength, baseEnd, memory) {
  if (memory.length < baseEnd) throw new Error("the runtime's memory is smaller than the snapshot expects");
  xorInto(image.subarray(headerLength, headerLength + baseEnd), memory.subarray(0, baseEnd));
}

/**
 * @param {Uint8Array} target
 * @param {Uint8Array} other same length as target
 */
function xorInto(target, other) {
  const aligned = target.byteOffset % 4 === 0 && other.byteOffset % 4 === 0 && target.length % 4 === 0;
  if (aligned) {
    const a = new Uint32Array(target.buffer, target.byteOffset, target.length / 4);
    const b = new Uint32Array(other.buffer, other.byteOffset, other.length / 4);
    for (let i = 0; i < a.length; i++) a[i] ^= b[i];
  } else {
    for (let i = 0; i < target.length; i++) target[i] ^= other[i];
  }
}

/** @param {Uint8Array} bytes */
function isZero(bytes) {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]) return false;
  return true;
}
