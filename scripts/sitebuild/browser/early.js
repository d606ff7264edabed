// @ts-check
// The checker page's first script, in the page's head with the page config
// (templates/checker_head.html). Python's worker is the slowest part of the
// page. On a repeat visit (the service worker that keeps the checker's files
// controls the page) this makes the worker and tells it to start at once,
// while the rest of the page still loads: what the worker needs is kept, and
// nothing competes with the page's own downloads. On a first visit it does
// nothing: checker.js, after the form, makes the worker, so that the page's
// own files come first. The build writes protocol.json in below (runtime.py),
// so that this module imports nothing and runs as soon as it has loaded;
// checker.js imports what it needs from here.

/** @type {typeof import("./protocol.json")} */
export const protocol = JSON.parse("__PROTOCOL__");

/** @typedef {{ type: string, [key: string]: any }} Message */

export const flags = new URLSearchParams(location.search); // ?no-snapshot, ?no-service-worker: for tests and the curious

let attempts = 0;
/** @returns {Worker | null} */
export function newWorker() {
  if (typeof Worker === "undefined" || typeof WebAssembly !== "object") return null;
  const url = new URL("worker.js", import.meta.url);
  // A retry asks for the script under a new address: a request for the old
  // one that never got an answer can hold up another for the same address.
  if (attempts++) url.searchParams.set("retry", String(attempts));
  return new Worker(url, { type: "module" });
}

/**
 * The worker's "start" message, from the page config; marks when it was sent.
 * @param {{ runtime: unknown, limits: unknown }} config
 * @returns {Message}
 */
export function startMessage(config) {
  performance.mark("checker-start");
  return {
    type: protocol.messages.start,
    runtime: config.runtime,
    limits: config.limits,
    snapshot: !flags.has("no-snapshot"),
  };
}

/**
 * The worker made here, whether it was told to start, what went wrong, and
 * what it said before checker.js took it over (handled then, in order).
 * @type {{ worker: Worker | null, error: string | null, started: boolean, heard: MessageEvent<Message>[] }}
 */
export const early = { worker: null, error: null, started: false, heard: [] };

/** Whether the service worker that keeps the checker's files controls this page. */
function keptByServiceWorker() {
  try {
    return Boolean(navigator.serviceWorker?.controller) && !flags.has("no-service-worker");
  } catch {
    return false; // storage blocked: Firefox then refuses even to show the service worker
  }
}

/**
 * Makes the worker (`early.worker`), keeping what goes wrong and what it says
 * until checker.js takes it over; on a first visit checker.js calls this.
 * @returns {Worker | null}
 */
export function makeWorker() {
  try {
    const worker = newWorker();
    if (worker) {
      worker.onerror = (event) => {
        event.preventDefault();
        early.error = event.message || "the worker could not be loaded";
      };
      worker.onmessage = (event) => early.heard.push(event);
      early.worker = worker;
    }
    return worker;
  } catch (error) {
    early.error = String(error);
    return null;
  }
}

const config = document.getElementById(protocol.ids.config);
if (config && keptByServiceWorker()) {
  const worker = makeWorker();
  try {
    worker?.postMessage(startMessage(JSON.parse(config.textContent || "{}")));
    early.started = Boolean(worker);
  } catch (error) {
    early.error = String(error);
  }
}
