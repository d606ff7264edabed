// @ts-check
// The snapshot file's form (boot.mjs): a Pyodide snapshot stored as its XOR
// with the runtime's initial memory, all-zero pages left out. Made-up
// snapshots here; the real one is checked by the build (make_snapshot.mjs
// starts from the file it wrote) and by tests/pyodide.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { decodeSnapshot, encodeSnapshot, restoreBase, snapshotSize } from "../../scripts/sitebuild/browser/boot.mjs";

const PAGE = 4096;

/**
 * A deterministic byte source.
 * @param {number} seed
 * @param {number} length
 */
function bytesFrom(seed, length) {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/**
 * A Pyodide-like snapshot: a header (its length at byte 4), then the memory.
 * The initial memory has static data in its first pages; the snapshot keeps
 * most of it, changes some, adds a heap and leaves pages empty.
 */
function made() {
  const headerLength = 48;
  const pages = 40;
  const base = new Uint8Array(pages * PAGE);
  base.set(bytesFrom(1, 5 * PAGE + 100)); // static data, ending mid-page
  const heap = base.slice();
  heap.set(bytesFrom(2, 300), 2 * PAGE + 10); // a changed global
  heap.set(bytesFrom(3, 9 * PAGE), 12 * PAGE); // the heap
  heap.set(bytesFrom(4, 10), 39 * PAGE + 5); // something on the last page
  const snapshot = new Uint8Array(headerLength + heap.length);
  const view = new DataView(snapshot.buffer);
  view.setUint32(0, 0x706f6400, true);
  view.setUint32(4, headerLength, true);
  snapshot.set(new TextEncoder().encode('{"hiwireKeys":[]}'), 16);
  snapshot.set(heap, headerLength);
  return { snapshot, base, headerLength };
}

describe("the snapshot file", () => {
  it("decodes, with the initial memory, to the very snapshot it was made from", () => {
    const { snapshot, base, headerLength } = made();
    const file = encodeSnapshot(snapshot, base);
    assert.equal(snapshotSize(file), snapshot.length);
    const image = new Uint8Array(snapshotSize(file));
    const decoded = decodeSnapshot(file, image);
    assert.equal(decoded.headerLength, headerLength);
    restoreBase(image, decoded.headerLength, decoded.baseEnd, base);
    assert.deepEqual(image, snapshot);
  });

  it("leaves out what the initial memory already holds, and empty pages", () => {
    const { snapshot, base } = made();
    const file = encodeSnapshot(snapshot, base);
    // changed: page 2; heap: pages 12-20; the last page: 11 pages of 40
    assert.equal(new DataView(file.buffer).getUint32(24, true), 11);
    assert.ok(file.length < 12 * PAGE + 200, `${file.length} bytes`);
  });

  it("XORs only up to the end of the initial memory's data", () => {
    const { snapshot, base } = made();
    const file = encodeSnapshot(snapshot, base);
    const image = new Uint8Array(snapshot.length);
    const { baseEnd } = decodeSnapshot(file, image);
    assert.equal(baseEnd, 6 * PAGE); // the static data ends on page 5
  });

  it("refuses a truncated or foreign file, or a size other than announced", () => {
    const { snapshot, base } = made();
    const file = encodeSnapshot(snapshot, base);
    assert.throws(
      () => decodeSnapshot(file.subarray(0, file.length - 1), new Uint8Array(snapshot.length)),
      /truncated/,
    );
    assert.throws(() => snapshotSize(new Uint8Array(64)), /not a snapshot file/);
    assert.throws(() => decodeSnapshot(file, new Uint8Array(snapshot.length - PAGE)), /announced/);
  });

  it("restoring against another initial memory does not give the snapshot back", () => {
    const { snapshot, base } = made();
    const file = encodeSnapshot(snapshot, base);
    const image = new Uint8Array(snapshot.length);
    const { headerLength, baseEnd } = decodeSnapshot(file, image);
    const other = base.slice();
    other[100] ^= 1;
    restoreBase(image, headerLength, baseEnd, other);
    assert.notDeepEqual(image, snapshot);
  });
});
