// @ts-check
// The worker's download helpers (scripts/sitebuild/browser/download.mjs):
// stall limits, checks, refetching past caches. Time is simulated: no test
// here depends on how fast the machine is.
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { describe, it } from "node:test";

import {
  DownloadError,
  checkingFetch,
  download,
  downloadChecked,
  gunzip,
  sha256Check,
  sha256Hex,
  sriSha256,
} from "../../scripts/sitebuild/browser/download.mjs";

const URL_A = "https://example.test/assets/a.bin";
const ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

/** A clock whose timers run only when told to. */
function fakeClock() {
  let now = 0;
  /** @type {{ at: number, callback: () => void, id: number }[]} */
  let timers = [];
  let next = 0;
  return {
    now: () => now,
    setTimer: (/** @type {() => void} */ callback, /** @type {number} */ ms) => {
      next += 1;
      timers.push({ at: now + ms, callback, id: next });
      return next;
    },
    clearTimer: (/** @type {number} */ id) => {
      timers = timers.filter((timer) => timer.id !== id);
    },
    /** Moves time on by `ms`, running the timers that fall due (and yielding to promises between). */
    async advance(/** @type {number} */ ms) {
      const end = now + ms;
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        const due = timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((timer) => timer !== due);
        now = due.at;
        due.callback();
      }
      now = end;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/**
 * A response whose body is handed out chunk by chunk by the test.
 * @param {number} [status]
 */
function controlledResponse(status = 200) {
  /** @type {ReadableStreamDefaultController<Uint8Array>} */
  let controller;
  const body = new ReadableStream({
    start(c) {
      controller = c;
    },
  });
  return {
    response: new Response(body, { status }),
    push: (/** @type {number[]} */ bytes) => controller.enqueue(new Uint8Array(bytes)),
    end: () => controller.close(),
  };
}

/**
 * A fetch that answers from a list, records its calls, and honours abort signals.
 * @param {(() => Promise<Response> | Response)[]} answers
 */
function scriptedFetch(answers) {
  /** @type {{ url: string, init: RequestInit }[]} */
  const calls = [];
  /** @type {(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>} */
  const fetch = async (input, init = {}) => {
    calls.push({ url: String(input), init });
    const answer = answers[calls.length - 1];
    if (!answer) throw new Error(`unexpected fetch ${calls.length}`);
    const signal = init.signal;
    return new Promise((resolve, reject) => {
      signal?.addEventListener("abort", () => reject(signal.reason));
      Promise.resolve(answer()).then(resolve, reject);
    });
  };
  return { fetch, calls };
}

describe("sha256", () => {
  it("gives the standard digest", async () => {
    assert.equal(await sha256Hex(new TextEncoder().encode("abc")), ABC_SHA256);
  });

  it("reads Subresource Integrity strings", () => {
    const sri = `sha384-xyz sha256-${Buffer.from(ABC_SHA256, "hex").toString("base64")}`;
    assert.deepEqual(sriSha256(sri), [ABC_SHA256]);
    assert.deepEqual(sriSha256(undefined), []);
  });

  it("a check accepts any of the expected values and rejects others as an integrity failure", async () => {
    const bytes = new TextEncoder().encode("abc");
    assert.equal(await sha256Check(URL_A, ["00", ABC_SHA256])(bytes), bytes);
    await assert.rejects(sha256Check(URL_A, ["00".repeat(32)])(bytes), (error) => {
      assert.ok(error instanceof DownloadError);
      assert.equal(error.kind, "integrity");
      assert.match(error.message, /\/assets\/a\.bin/);
      return true;
    });
  });
});

describe("download", () => {
  it("returns the whole body and reports each chunk", async () => {
    const body = controlledResponse();
    const { fetch } = scriptedFetch([() => body.response]);
    const clock = fakeClock();
    /** @type {number[]} */
    const seen = [];
    const result = download(URL_A, {}, { fetch, stallMs: 1000, onBytes: (n) => seen.push(n), ...clock });
    await clock.advance(10);
    body.push([1, 2]);
    await clock.advance(900);
    body.push([3]);
    await clock.advance(900); // never 1000 ms without a byte
    body.end();
    assert.deepEqual(Array.from(await result), [1, 2, 3]);
    assert.deepEqual(seen, [2, 1]);
  });

  it("gives up when no response comes within the stall limit", async () => {
    const { fetch, calls } = scriptedFetch([() => new Promise(() => {})]);
    const clock = fakeClock();
    const result = download(URL_A, {}, { fetch, stallMs: 1000, ...clock });
    const outcome = result.then(
      () => "done",
      (error) => error,
    );
    await clock.advance(999);
    await clock.advance(1000); // the stall, then the short second look
    const error = await outcome;
    assert.ok(error instanceof DownloadError, String(error));
    assert.equal(error.kind, "stall");
    assert.equal(calls[0].init.signal?.aborted, true);
  });

  it("gives up when the body stops in the middle", async () => {
    const body = controlledResponse();
    const { fetch } = scriptedFetch([() => body.response]);
    const clock = fakeClock();
    const outcome = download(URL_A, {}, { fetch, stallMs: 500, ...clock }).catch((error) => error);
    body.push([1]);
    await clock.advance(400);
    body.push([2]);
    await clock.advance(2000);
    const error = await outcome;
    assert.ok(error instanceof DownloadError);
    assert.equal(error.kind, "stall");
  });

  it("does not call a late timer a stall when bytes came meanwhile", async () => {
    // The thread was busy: the timer fires late, a chunk is waiting. The
    // second look sees the chunk and the download goes on.
    const body = controlledResponse();
    const { fetch } = scriptedFetch([() => body.response]);
    const clock = fakeClock();
    const result = download(URL_A, {}, { fetch, stallMs: 500, ...clock });
    body.push([7]);
    await clock.advance(100);
    const late = clock.advance(600); // the timer runs now, 100 ms "late"
    body.push([8]);
    await late;
    body.end();
    assert.deepEqual(Array.from(await result), [7, 8]);
  });

  it("reports HTTP and network failures as such", async () => {
    const clock = fakeClock();
    const notFound = scriptedFetch([() => new Response("missing", { status: 404 })]);
    await assert.rejects(download(URL_A, {}, { fetch: notFound.fetch, stallMs: 1000, ...clock }), {
      kind: "http",
      message: /HTTP 404/,
    });
    const broken = scriptedFetch([() => Promise.reject(new TypeError("Failed to fetch"))]);
    await assert.rejects(download(URL_A, {}, { fetch: broken.fetch, stallMs: 1000, ...clock }), {
      kind: "network",
    });
  });
});

describe("downloadChecked", () => {
  const good = () => new Response("abc");
  const bad = () => new Response("abd");
  const check = sha256Check(URL_A, [ABC_SHA256]);

  it("uses a file that passes its check", async () => {
    const { fetch, calls } = scriptedFetch([good]);
    const bytes = await downloadChecked(URL_A, check, { fetch, stallMs: 1000 });
    assert.equal(new TextDecoder().decode(bytes), "abc");
    assert.equal(calls.length, 1);
  });

  it("fetches a file that fails its check once more, past every cache", async () => {
    const { fetch, calls } = scriptedFetch([bad, good]);
    const bytes = await downloadChecked(URL_A, check, { fetch, stallMs: 1000 });
    assert.equal(new TextDecoder().decode(bytes), "abc");
    assert.equal(calls[0].init.cache, undefined);
    assert.equal(calls[1].init.cache, "reload");
  });

  it("fails when the second copy is wrong too", async () => {
    const { fetch, calls } = scriptedFetch([bad, bad]);
    await assert.rejects(downloadChecked(URL_A, check, { fetch, stallMs: 1000 }), { kind: "integrity" });
    assert.equal(calls.length, 2);
  });

  it("fetches once more past every cache after an HTTP error (a cached 404, say)", async () => {
    const { fetch, calls } = scriptedFetch([() => new Response("", { status: 404 }), good]);
    const bytes = await downloadChecked(URL_A, check, { fetch, stallMs: 1000 });
    assert.equal(new TextDecoder().decode(bytes), "abc");
    assert.equal(calls[1].init.cache, "reload");
  });

  it("does not refetch after a network failure or a stall", async () => {
    const { fetch, calls } = scriptedFetch([() => Promise.reject(new TypeError("Failed to fetch"))]);
    await assert.rejects(downloadChecked(URL_A, check, { fetch, stallMs: 1000 }), { kind: "network" });
    assert.equal(calls.length, 1);
  });
});

describe("checkingFetch (Pyodide's downloads)", () => {
  it("checks a URL against its expected sha256", async () => {
    const { fetch } = scriptedFetch([() => new Response("abd"), () => new Response("abd")]);
    const checking = checkingFetch(new Map([[URL_A, ABC_SHA256]]), { fetch, stallMs: 1000 });
    await assert.rejects(checking(URL_A), { kind: "integrity" });
  });

  it("checks a request's own integrity (a wheel from the lock file)", async () => {
    const { fetch } = scriptedFetch([() => new Response("abc")]);
    const checking = checkingFetch(new Map(), { fetch, stallMs: 1000 });
    const integrity = `sha256-${Buffer.from(ABC_SHA256, "hex").toString("base64")}`;
    const response = await checking(URL_A, { integrity });
    assert.equal(await response.text(), "abc");
  });

  it("answers from a download started ahead (each time) and labels wasm as wasm", async () => {
    const wasm = "https://example.test/pyodide.asm.wasm";
    const { fetch, calls } = scriptedFetch([]);
    const ahead = new Map([[wasm, Promise.resolve(new Uint8Array([0, 97]))]]);
    const checking = checkingFetch(new Map(), { fetch, stallMs: 1000 }, ahead);
    for (const _ of [1, 2]) {
      const response = await checking(wasm);
      assert.equal(response.headers.get("Content-Type"), "application/wasm");
      assert.deepEqual(Array.from(new Uint8Array(await response.arrayBuffer())), [0, 97]);
    }
    assert.equal(calls.length, 0);
  });
});

describe("gunzip", () => {
  it("unpacks gzip and leaves other bytes alone (a host may have unpacked them)", async () => {
    const raw = new TextEncoder().encode("snapshot ".repeat(1000));
    assert.deepEqual(await gunzip(new Uint8Array(gzipSync(raw))), raw);
    assert.equal(await gunzip(raw), raw);
  });
});
