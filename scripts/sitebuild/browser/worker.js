// @ts-check
// The checker's Web Worker: starts Python with boot.mjs (from the memory
// snapshot when it can, else afresh), then evaluates answers. It speaks the
// protocol of protocol.json with checker.js: "start" (the page config's
// runtime part and limits) and "evaluate" (the answers as typed, a URL query
// string: Python reads them) in; "progress", "ready", "result"
// and "failed" out. Every file it needs it downloads itself (download.mjs),
// each with a stall limit, or reads back from what it kept on an earlier
// visit (kept.mjs: the snapshot and the wasm); every one is checked against
// the sha256 the build wrote into the page config before use. URLs there are
// relative to this file.
import protocol from "./protocol.json" with { type: "json" };
import { startFresh, startFromSnapshot } from "./boot.mjs";
import { DownloadError, checkingFetch, downloadChecked, gunzip, sha256Check, sha256Hex } from "./download.mjs";
import { keep, keptFolder, keptName, readKept } from "./kept.mjs";

/** @typedef {import("./boot.mjs").Checker} Checker */
/** @typedef {import("./boot.mjs").RuntimeOptions} RuntimeOptions */
/** @typedef {import("./download.mjs").DownloadOptions} DownloadOptions */
/** @typedef {import("./kept.mjs").Folder} Folder */
/** @typedef {{ url: string, sha256: string }} CheckedFile */
/**
 * @typedef {object} RuntimeConfig the page config's `runtime` (written by scripts/sitebuild/runtime.py)
 * @property {{ url: string, sha256: Record<string, string> }} pyodide
 * @property {string} package
 * @property {CheckedFile} lockFile
 * @property {CheckedFile} stdlib
 * @property {{ url: string, sha256: string, size: number, stdlib: CheckedFile } | null} snapshot
 */
/** @typedef {{ stallSeconds: number, firstWordSeconds: number, startSeconds: number, keepAfterSeconds: number }} Limits */
/** @typedef {{ type: string, [key: string]: any }} Message */

const MESSAGE = protocol.messages;
const realFetch = globalThis.fetch.bind(globalThis);

/** @param {Message} message */
function tell(message) {
  postMessage(message);
}

// When each stage of the start was reached (epoch ms): sent with "ready", for
// `make bench` to show where the time goes.
/** @type {[string, number][]} */
const timings = [];
/** @param {string} stage */
function stamp(stage) {
  timings.push([stage, performance.timeOrigin + performance.now()]);
}

// "progress" tells the page (checker.js) that the worker is alive and what it
// is doing: downloading, or a stage of the start. The page's watchdog waits
// longer for the next word once the worker has spoken (see there).
let lastProgress = 0;
let lastStage = "";
/** @param {string} stage "download", or a stage of boot.mjs */
function progress(stage) {
  const now = performance.now();
  if (stage === lastStage && now - lastProgress < 200) return;
  [lastProgress, lastStage] = [now, stage];
  tell({ type: MESSAGE.progress, stage });
}

class SnapshotUnusable extends Error {}

const KEPT = protocol.kept;

/**
 * The snapshot file, kept or downloaded, unpacked, checked; `fresh`: not kept yet.
 * @param {NonNullable<RuntimeConfig["snapshot"]>} snapshot
 * @param {DownloadOptions} options
 * @param {Promise<Folder | null>} folder
 * @returns {Promise<{ bytes: Uint8Array, fresh: boolean }>}
 */
async function snapshotFile(snapshot, options, folder) {
  const name = keptName(KEPT.snapshot, snapshot.sha256);
  const kept = await readKept(await folder, name, snapshot.sha256, sha256Hex, options.stallMs);
  if (kept) {
    stamp("snapshot-kept");
    return { bytes: kept, fresh: false };
  }
  const url = new URL(snapshot.url, import.meta.url).href;
  const check = sha256Check(url, [snapshot.sha256], options.subtle);
  const unpacked = async (/** @type {Uint8Array} */ gzipped) => {
    try {
      return await gunzip(gzipped);
    } catch (error) {
      throw new DownloadError(url, "integrity", `not a whole gzip file (${error})`); // truncated, say
    }
  };
  const bytes = await downloadChecked(url, async (gzipped) => check(await unpacked(gzipped)), options);
  stamp("snapshot-downloaded");
  return { bytes, fresh: true };
}

/**
 * @param {RuntimeConfig} runtime
 * @param {Limits} limits
 * @param {boolean} useSnapshot
 * @returns {Promise<{ checker: Checker, after: () => Promise<void> }>}
 */
async function start(runtime, limits, useSnapshot) {
  if (typeof WebAssembly !== "object") throw new Error("WebAssembly is not available");
  stamp("start");
  /** @type {DownloadOptions} */
  const options = {
    fetch: realFetch,
    stallMs: limits.stallSeconds * 1000,
    onBytes: () => progress("download"),
  };
  const url = (/** @type {string} */ path) => new URL(path, import.meta.url).href;
  const indexURL = url(runtime.pyodide.url);
  const lockFileURL = url(runtime.lockFile.url);
  const snapshot = useSnapshot && typeof DecompressionStream === "function" ? runtime.snapshot : null;
  /** @param {string} file in Pyodide's folder, with its sha256 in the config */
  const fromPyodide = (file) => {
    const address = new URL(file, indexURL).href;
    const checked = downloadChecked(address, sha256Check(address, [runtime.pyodide.sha256[file]]), options);
    checked.catch(() => {}); // awaited below
    return checked;
  };

  // Everything downloads at once. Pyodide's own downloads (the standard
  // library, the wheel) go through the same stall limit and checks. The wasm
  // is read back from the kept files or downloaded, checked and compiled
  // here, while the rest downloads. After a start from the snapshot, the
  // snapshot and the wasm are kept for the next visit.
  const folder = keptFolder(KEPT.folder, false, options.stallMs);
  const wasmSha256 = runtime.pyodide.sha256["pyodide.asm.wasm"];
  const wasmName = keptName("pyodide.asm.wasm", wasmSha256);
  const keptWasm = folder.then((kept) => readKept(kept, wasmName, wasmSha256, sha256Hex, options.stallMs));
  const wasmBytes = keptWasm.then((kept) => {
    if (!kept) return fromPyodide("pyodide.asm.wasm");
    stamp("wasm-kept");
    return kept;
  });
  const wasm = wasmBytes.then(async (bytes) => {
    const module = await WebAssembly.compile(/** @type {BufferSource} */ (bytes));
    stamp("wasm-compiled");
    return module;
  });
  wasm.catch(() => {}); // raised through boot
  /** @type {Map<string, string>} */
  const expected = new Map([[url(runtime.stdlib.url), runtime.stdlib.sha256]]);
  /** @type {Map<string, Promise<Uint8Array>>} Pyodide still asks for the wasm: it gets these bytes */
  const early = new Map([[new URL("pyodide.asm.wasm", indexURL).href, wasmBytes]]);
  if (snapshot) {
    // the (empty) library a snapshot start mounts: needed early on, and tiny
    const stdlib = url(snapshot.stdlib.url);
    early.set(stdlib, downloadChecked(stdlib, sha256Check(stdlib, [snapshot.stdlib.sha256]), options));
    early.get(stdlib)?.catch(() => {});
  }
  const pyodideFetch = checkingFetch(expected, options, early);
  /** @type {DownloadError[]} Pyodide catches some of these and goes on, or reports them vaguely */
  const failures = [];
  globalThis.fetch = (input, init) =>
    pyodideFetch(input, init).catch((error) => {
      if (error instanceof DownloadError) failures.push(error);
      throw error;
    });
  const file = snapshot ? snapshotFile(snapshot, options, folder) : null;
  file?.catch(() => {}); // handled below
  // Pyodide imports its two JavaScript modules with import(), which has
  // neither a time limit nor a check: the same files are downloaded and
  // checked alongside, and the start counts only once they have passed.
  const modules = Promise.all([fromPyodide("pyodide.mjs"), fromPyodide("pyodide.asm.mjs")]);
  modules.then(
    () => stamp("modules-checked"),
    () => {},
  );
  /** @param {Promise<Checker>} starting */
  const checked = async (starting) => (await Promise.all([starting, modules]))[0];
  const lockFile = downloadChecked(lockFileURL, sha256Check(lockFileURL, [runtime.lockFile.sha256]), options).then(
    (bytes) => JSON.parse(new TextDecoder().decode(bytes)),
  );
  lockFile.catch(() => {}); // raised through boot
  /** @type {RuntimeOptions} */
  const common = {
    indexURL,
    wasm,
    lockFile,
    packageBaseUrl: new URL(".", lockFileURL).href,
    packageName: runtime.package,
    onStage: (stage) => {
      stamp(stage);
      progress(stage);
    },
  };
  if (snapshot && file) {
    const snapshotURL = url(snapshot.url);
    const bytes = file.then(
      (kept) => kept.bytes,
      (error) => Promise.reject(new SnapshotUnusable(String(error))),
    );
    const fromSnapshot = () =>
      checked(
        startFromSnapshot({ ...common, stdLibURL: url(snapshot.stdlib.url) }, { size: snapshot.size, file: bytes }),
      );
    /** @returns {Promise<unknown>} why Pyodide's JavaScript did not come (checked), or null */
    const modulesFailure = () =>
      modules.then(
        () => null,
        (failure) => failure,
      );
    try {
      const checker = await fromSnapshot().catch(async (error) => {
        // Pyodide's JavaScript would not import, yet the checked copy came: the
        // HTTP cache held a bad one (an error "cached for a year", say), which
        // the check's second download has just replaced. So once more.
        if (error instanceof TypeError && !(await modulesFailure())) return fromSnapshot();
        throw error;
      });
      const after = async () => {
        const [{ bytes, fresh }, wasmKept] = await Promise.all([file, keptWasm]);
        await keep(
          await keptFolder(KEPT.folder, true),
          new Map([
            [wasmName, wasmKept ? null : await wasmBytes],
            [keptName(KEPT.snapshot, snapshot.sha256), fresh ? bytes : null],
          ]),
        );
      };
      return { checker, after };
    } catch (error) {
      // A runtime file that failed would fail a full start too: say so now.
      const failed = [...failures, await modulesFailure(), error].find(
        (e) => e instanceof DownloadError && e.url !== snapshotURL,
      );
      if (failed) throw failed;
      console.warn("checker: the snapshot could not be used, starting Python afresh:", error);
      progress("fresh");
    }
  }
  try {
    return {
      checker: await checked(startFresh({ ...common, stdLibURL: url(runtime.stdlib.url) })),
      after: async () => {},
    };
  } catch (error) {
    throw failures[0] ?? error; // the download Pyodide tripped over, rather than how it tripped
  }
}

/** @type {Promise<Checker> | null} */
let started = null;

/** @param {unknown} error */
function detail(error) {
  return String((error instanceof Error && error.message) || error);
}

onmessage = async (/** @type {MessageEvent<Message>} */ { data }) => {
  if (data.type === MESSAGE.start && !started) {
    progress("download");
    const starting = start(data.runtime, data.limits, data.snapshot);
    started = starting.then(({ checker }) => checker);
    starting.then(
      ({ checker, after }) => {
        stamp("ready");
        tell({ type: MESSAGE.ready, fromSnapshot: checker.fromSnapshot, timings });
        // kept a little later: not while the visitor's first answers are being checked
        setTimeout(() => {
          after().catch((error) => console.warn("checker: the snapshot was not kept:", error));
        }, data.limits.keepAfterSeconds * 1000);
      },
      (error) => tell({ type: MESSAGE.failed, detail: detail(error) }),
    );
  } else if (data.type === MESSAGE.evaluate && started) {
    try {
      const checker = await started;
      tell({ type: MESSAGE.result, id: data.id, result: checker.evaluateQuery(data.query, data.lang) });
    } catch (error) {
      tell({ type: MESSAGE.failed, id: data.id, detail: detail(error) });
    }
  }
};
