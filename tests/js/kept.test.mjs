// @ts-check
// The worker's kept files (scripts/sitebuild/browser/kept.mjs), on a folder
// that behaves as the origin private file system does where it matters here:
// synchronous access handles that lock their file, rename, removal.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { keep, keptFolder, keptName, readKept } from "../../scripts/sitebuild/browser/kept.mjs";
import { sha256Hex } from "../../scripts/sitebuild/browser/download.mjs";

/**
 * An in-memory folder. `rename: false` is a browser without handle.move();
 * `room`: bytes the device has for the folder's files.
 * @param {{ rename?: boolean, room?: number }} [options]
 */
function fakeFolder({ rename = true, room = Infinity } = {}) {
  /** @type {Map<string, Uint8Array>} */
  const files = new Map();
  /** @type {Set<string>} */
  const locked = new Set();
  const writes = /** @type {string[]} */ ([]);
  /** @param {string} name */
  const handle = (name) => {
    const file = {
      async createSyncAccessHandle() {
        if (locked.has(name)) throw new DOMException("locked", "NoModificationAllowedError");
        locked.add(name);
        return {
          getSize: () => (files.get(name) ?? new Uint8Array()).length,
          read(/** @type {Uint8Array} */ into, /** @type {{ at: number }} */ { at }) {
            const data = (files.get(name) ?? new Uint8Array()).subarray(at, at + into.length);
            into.set(data);
            return data.length;
          },
          truncate: (/** @type {number} */ size) =>
            files.set(name, (files.get(name) ?? new Uint8Array()).slice(0, size)),
          write(/** @type {Uint8Array} */ bytes, /** @type {{ at: number }} */ { at }) {
            assert.equal(at, 0);
            const used = [...files.values()].reduce((sum, file) => sum + file.length, 0);
            if (used + bytes.length > room) throw new DOMException("no room", "QuotaExceededError");
            files.set(name, bytes.slice());
            writes.push(name);
            return bytes.length;
          },
          flush() {},
          close: () => locked.delete(name),
        };
      },
      ...(rename && {
        async move(/** @type {string} */ to) {
          files.set(to, /** @type {Uint8Array} */ (files.get(name)));
          files.delete(name);
        },
      }),
    };
    return file;
  };
  const folder = {
    async getFileHandle(/** @type {string} */ name, /** @type {{ create?: boolean }} */ options = {}) {
      if (!files.has(name)) {
        if (!options.create) throw new DOMException("not found", "NotFoundError");
        files.set(name, new Uint8Array());
      }
      return handle(name);
    },
    async removeEntry(/** @type {string} */ name) {
      if (locked.has(name)) throw new DOMException("open elsewhere", "NoModificationAllowedError");
      if (!files.delete(name)) throw new DOMException("not found", "NotFoundError");
    },
    async *keys() {
      yield* [...files.keys()];
    },
  };
  return { folder: /** @type {any} */ (folder), files, locked, writes };
}

const WASM = new TextEncoder().encode("the runtime");
const SNAPSHOT = new TextEncoder().encode("the snapshot");

describe("kept files", () => {
  it("names a file by its sha256, before its extension", () => {
    assert.equal(keptName("pyodide.asm.wasm", "ab12"), "pyodide.asm-ab12.wasm");
    assert.equal(keptName("snapshot.bin", "ab12"), "snapshot-ab12.bin");
  });

  it("reads back what was kept, checked; an earlier version's files are removed", async () => {
    const { folder, files } = fakeFolder();
    files.set("snapshot-old.bin", new Uint8Array([1, 2, 3]));
    const wasm = keptName("pyodide.asm.wasm", await sha256Hex(WASM));
    const snapshot = keptName("snapshot.bin", await sha256Hex(SNAPSHOT));
    await keep(
      folder,
      new Map([
        [wasm, WASM],
        [snapshot, SNAPSHOT],
      ]),
    );
    assert.deepEqual([...files.keys()].sort(), [wasm, snapshot].sort());
    assert.deepEqual(await readKept(folder, wasm, await sha256Hex(WASM), sha256Hex), WASM);
    assert.deepEqual(await readKept(folder, snapshot, await sha256Hex(SNAPSHOT), sha256Hex), SNAPSHOT);
  });

  it("writes under a temporary name and renames, so no reader meets half a file", async () => {
    const { folder, files, writes } = fakeFolder();
    await keep(folder, new Map([["snapshot-1.bin", SNAPSHOT]]));
    assert.deepEqual(writes, ["snapshot-1.bin.part"]);
    assert.deepEqual([...files.keys()], ["snapshot-1.bin"]);
  });

  it("writes in place where the browser cannot rename, leaving no temporary file", async () => {
    const { folder, files } = fakeFolder({ rename: false });
    await keep(folder, new Map([["snapshot-1.bin", SNAPSHOT]]));
    assert.deepEqual([...files.keys()], ["snapshot-1.bin"]);
    assert.deepEqual(files.get("snapshot-1.bin"), SNAPSHOT);
  });

  it("removes an earlier version's files before writing, to make room", async () => {
    const { folder, files } = fakeFolder({ room: SNAPSHOT.length + 4 });
    files.set("snapshot-old.bin", new Uint8Array(SNAPSHOT.length));
    await keep(folder, new Map([["snapshot-1.bin", SNAPSHOT]]));
    assert.deepEqual([...files.keys()], ["snapshot-1.bin"]);
  });

  it("keeps the new files even when an old one is held open by another tab", async () => {
    const { folder, files, locked } = fakeFolder();
    files.set("snapshot-old.bin", SNAPSHOT);
    locked.add("snapshot-old.bin");
    await keep(folder, new Map([["snapshot-1.bin", SNAPSHOT]]));
    assert.deepEqual([...files.keys()].sort(), ["snapshot-1.bin", "snapshot-old.bin"]);
    locked.clear();
    await keep(folder, new Map([["snapshot-1.bin", null]])); // the next visit's keep
    assert.deepEqual([...files.keys()], ["snapshot-1.bin"]);
  });

  it("leaves nothing behind when a write fails, and says so", async () => {
    const { folder, files } = fakeFolder({ room: WASM.length + 4 });
    const kept = new Map([
      ["pyodide.asm-1.wasm", WASM],
      ["snapshot-1.bin", SNAPSHOT],
    ]);
    await assert.rejects(keep(folder, kept), { name: "QuotaExceededError" });
    assert.deepEqual([...files.keys()], ["pyodide.asm-1.wasm"], "the file written whole stays; no part is left");
    const { folder: plain, files: plainFiles } = fakeFolder({ rename: false, room: SNAPSHOT.length + 4 });
    await assert.rejects(keep(plain, new Map([["snapshot-1.bin", SNAPSHOT]])), { name: "QuotaExceededError" });
    assert.deepEqual([...plainFiles.keys()], []);
  });

  it("a write that fails removes only what it wrote: the same file kept by another tab stays", async () => {
    const { folder, files, locked } = fakeFolder();
    files.set("snapshot-1.bin", SNAPSHOT); // kept by another tab a moment ago
    files.set("snapshot-1.bin.part", new Uint8Array()); // which still writes this
    locked.add("snapshot-1.bin.part");
    await assert.rejects(keep(folder, new Map([["snapshot-1.bin", SNAPSHOT]])), { name: "NoModificationAllowedError" });
    assert.deepEqual(files.get("snapshot-1.bin"), SNAPSHOT);
  });

  it("leaves a file already kept as it is", async () => {
    const { folder, files, writes } = fakeFolder();
    files.set("pyodide.asm-1.wasm", WASM);
    await keep(
      folder,
      new Map([
        ["pyodide.asm-1.wasm", null],
        ["snapshot-1.bin", SNAPSHOT],
      ]),
    );
    assert.deepEqual(writes, ["snapshot-1.bin.part"]);
    assert.deepEqual(files.get("pyodide.asm-1.wasm"), WASM);
  });

  it("removes a kept file whose bytes fail their check, and gives nothing", async () => {
    const { folder, files } = fakeFolder();
    files.set("snapshot-1.bin", new TextEncoder().encode("the snapshot, corrupted"));
    assert.equal(await readKept(folder, "snapshot-1.bin", await sha256Hex(SNAPSHOT), sha256Hex), null);
    assert.equal(files.has("snapshot-1.bin"), false);
  });

  it("gives nothing for a file not kept, one another worker goes on holding, or no folder at all", async () => {
    const { folder, files, locked } = fakeFolder();
    const sha = await sha256Hex(SNAPSHOT);
    assert.equal(await readKept(folder, "snapshot-1.bin", sha, sha256Hex), null);
    files.set("snapshot-1.bin", SNAPSHOT);
    locked.add("snapshot-1.bin");
    assert.equal(await readKept(folder, "snapshot-1.bin", sha, sha256Hex), null);
    assert.equal(files.has("snapshot-1.bin"), true, "a held file is not removed");
    assert.equal(await readKept(null, "snapshot-1.bin", sha, sha256Hex), null);
    await keep(null, new Map([["snapshot-1.bin", SNAPSHOT]])); // nothing to keep in
  });

  it("waits for a file that the worker of a page just left still holds", async () => {
    const { folder, files, locked } = fakeFolder();
    const sha = await sha256Hex(SNAPSHOT);
    files.set("snapshot-1.bin", SNAPSHOT);
    locked.add("snapshot-1.bin"); // the browser closes that worker 100 ms later
    setTimeout(() => locked.delete("snapshot-1.bin"), 100);
    const started = performance.now();
    assert.deepEqual(await readKept(folder, "snapshot-1.bin", sha, sha256Hex), SNAPSHOT);
    assert.ok(performance.now() - started < 1000, "read soon after it was let go");
  });

  it("gives nothing when the browser's storage does not answer in time, so the start downloads", async () => {
    const { folder, files } = fakeFolder();
    const sha = await sha256Hex(SNAPSHOT);
    files.set("snapshot-1.bin", SNAPSHOT);
    const silent = { ...folder, getFileHandle: () => new Promise(() => {}) };
    assert.equal(await readKept(/** @type {any} */ (silent), "snapshot-1.bin", sha, sha256Hex, 20), null);
    assert.deepEqual(await readKept(folder, "snapshot-1.bin", sha, sha256Hex, 1000), SNAPSHOT, "in time: read");

    const navigator = Object.getOwnPropertyDescriptor(globalThis, "navigator");
    Object.defineProperty(globalThis, "navigator", {
      configurable: true,
      value: { storage: { getDirectory: () => new Promise(() => {}) } },
    });
    try {
      assert.equal(await keptFolder("checker-kept", false, 20), null);
    } finally {
      if (navigator) Object.defineProperty(globalThis, "navigator", navigator);
      else delete (/** @type {any} */ (globalThis).navigator);
    }
  });
});
