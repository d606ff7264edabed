// @ts-check
// Downloads for the checker's Web Worker (worker.js), as pure helpers with
// their dependencies passed in (fetch, timers, crypto): tested in Node by
// tests/js/download.test.mjs.
//
// - Nothing waits forever: a download that receives no bytes for `stallMs`
//   (headers included) is aborted.
// - Bytes are verified: where the build knows a file's sha256, it is checked
//   with SubtleCrypto before the file is used; a file that fails is fetched
//   once more past every cache (`cache: "reload"`, which also replaces a bad
//   copy in the HTTP cache), and if that fails too, it is an error.

/** @typedef {"http" | "network" | "stall" | "integrity"} FailureKind */

export class DownloadError extends Error {
  /**
   * @param {string} url
   * @param {FailureKind} kind
   * @param {string} detail
   */
  constructor(url, kind, detail) {
    super(`${new URL(url).pathname}: ${detail}`);
    this.name = "DownloadError";
    this.url = url;
    this.kind = kind;
  }
}

/**
 * @typedef {object} DownloadOptions
 * @property {typeof fetch} fetch the real fetch
 * @property {number} stallMs give up when no bytes have arrived for this long
 * @property {(bytes: number) => void} [onBytes] told of every chunk received
 * @property {SubtleCrypto} [subtle] default: crypto.subtle
 * @property {() => number} [now] default: performance.now
 * @property {(callback: () => void, ms: number) => unknown} [setTimer] default: setTimeout
 * @property {(timer: any) => void} [clearTimer] default: clearTimeout
 */

/**
 * @param {Uint8Array | ArrayBuffer} bytes
 * @param {SubtleCrypto} [subtle]
 * @returns {Promise<string>} lowercase hex
 */
export async function sha256Hex(bytes, subtle = globalThis.crypto.subtle) {
  const digest = new Uint8Array(await subtle.digest("SHA-256", /** @type {BufferSource} */ (bytes)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The sha256 values (hex) in a Subresource Integrity string ("sha256-<base64> ...").
 * @param {string | undefined} integrity
 * @returns {string[]}
 */
export function sriSha256(integrity) {
  if (!integrity) return [];
  return integrity
    .split(/\s+/)
    .filter((token) => token.startsWith("sha256-"))
    .map((token) => Array.from(atob(token.slice(7)), (c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join(""));
}

/**
 * One download, whole, as bytes; rejects with a DownloadError.
 * @param {string} url
 * @param {RequestInit} init
 * @param {DownloadOptions} options
 * @returns {Promise<Uint8Array>}
 */
export async function download(url, init, options) {
  const now = options.now ?? (() => performance.now());
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer));
  const controller = new AbortController();
  /** @type {ReadableStreamDefaultReader<Uint8Array> | null} */
  let reader = null;
  let last = now();
  /** @type {unknown} */
  let timer;
  const stalled = new DownloadError(url, "stall", `no data for ${options.stallMs / 1000} s`);
  // A timer can fire late when the thread was busy (Python starting): bytes
  // may be waiting to be read. So a stall is declared only after one more
  // short wait in which nothing arrived either.
  const watch = (/** @type {number} */ ms) => {
    timer = setTimer(() => {
      const quiet = now() - last;
      if (quiet < options.stallMs) watch(options.stallMs - quiet);
      else if (ms > 0) watch(0);
      else {
        controller.abort(stalled);
        reader?.cancel(stalled).catch(() => {}); // a body that ignores the signal
      }
    }, ms || 250);
  };
  const progress = () => {
    last = now();
  };
  watch(options.stallMs);
  try {
    let response;
    try {
      response = await options.fetch(url, { ...init, signal: controller.signal });
    } catch (error) {
      throw controller.signal.aborted ? stalled : new DownloadError(url, "network", String(error));
    }
    progress();
    if (!response.ok) throw new DownloadError(url, "http", `HTTP ${response.status}`);
    if (!response.body) return new Uint8Array(await response.arrayBuffer());
    reader = response.body.getReader();
    /** @type {Uint8Array[]} */
    const chunks = [];
    let length = 0;
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw controller.signal.aborted ? stalled : new DownloadError(url, "network", String(error));
      }
      if (controller.signal.aborted) throw stalled;
      if (chunk.done) break;
      progress();
      chunks.push(chunk.value);
      length += chunk.value.length;
      options.onBytes?.(chunk.value.length);
    }
    if (chunks.length === 1) return chunks[0];
    const bytes = new Uint8Array(length);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    return bytes;
  } finally {
    clearTimer(timer);
  }
}

/**
 * A download whose bytes must pass `check` (which returns what to use, or
 * throws): when the check fails, or the answer is an HTTP error (a host may
 * have sent that with the files' "cache for a year"), the file is fetched
 * once more past every cache, which also replaces the cached copy.
 * @template T
 * @param {string} url
 * @param {(bytes: Uint8Array) => Promise<T>} check
 * @param {DownloadOptions} options
 * @returns {Promise<T>}
 */
export async function downloadChecked(url, check, options) {
  try {
    return await check(await download(url, {}, options));
  } catch (error) {
    if (!(error instanceof DownloadError && (error.kind === "integrity" || error.kind === "http"))) throw error;
    console.warn(`checker: ${error.message}; fetching it again`);
    return check(await download(url, { cache: "reload" }, options));
  }
}

/**
 * A check for `downloadChecked`: the bytes' sha256 is one of `expected`.
 * @param {string} url
 * @param {string[]} expected hex
 * @param {SubtleCrypto} [subtle]
 * @returns {(bytes: Uint8Array) => Promise<Uint8Array>}
 */
export function sha256Check(url, expected, subtle) {
  return async (bytes) => {
    const actual = await sha256Hex(bytes, subtle);
    if (!expected.includes(actual)) {
      throw new DownloadError(
        url,
        "integrity",
        `sha256 ${actual.slice(0, 12)}…, expected ${expected[0].slice(0, 12)}…`,
      );
    }
    return bytes;
  };
}

/**
 * A fetch for Pyodide's own downloads: every one with the stall limit, and
 * checked against `expected` (absolute URL -> sha256) or the request's own
 * SRI integrity (the lock file's sha256 of a wheel). Answers with the
 * verified bytes; `early` holds downloads started ahead (already checked).
 * @param {Map<string, string>} expected
 * @param {DownloadOptions} options
 * @param {Map<string, Promise<Uint8Array>>} [early]
 * @returns {typeof fetch}
 */
export function checkingFetch(expected, options, early = new Map()) {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), globalThis.location?.href).href;
    const hashes = expected.has(url) ? [String(expected.get(url))] : sriSha256(init?.integrity);
    const ahead = early.get(url); // checked already; also good for a second start in this worker
    const bytes = ahead
      ? await ahead
      : hashes.length
        ? await downloadChecked(url, sha256Check(url, hashes, options.subtle), options)
        : await download(url, {}, options);
    const type = url.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
    return new Response(/** @type {BodyInit} */ (bytes), { status: 200, headers: { "Content-Type": type } });
  };
}

/**
 * Unpacks gzip, unless the host already did (Content-Encoding in transit).
 * @param {Uint8Array} bytes
 * @returns {Promise<Uint8Array>}
 */
export async function gunzip(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([/** @type {BlobPart} */ (bytes)]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
