// @ts-check
// The files the checker's Web Worker keeps for the next visit: the unpacked
// snapshot and Pyodide's wasm, the two big files a start needs. They live in
// a folder of the site's origin private file system and are read back with a
// synchronous access handle, which on a repeat visit is quicker than Cache
// Storage or a download through the service worker (ARCHITECTURE.md, Start-up
// time). Only checked bytes are kept, and they are checked again when read:
// a file that fails is removed. Pure helpers with the folder passed in:
// tested in Node by tests/js/kept.test.mjs.

/**
 * What is used here of a folder of the origin private file system (a
 * FileSystemDirectoryHandle) and of its files' synchronous access handles.
 * @typedef {{ getSize(): number, read(into: Uint8Array, options: { at: number }): number,
 *   write(bytes: Uint8Array, options: { at: number }): number, truncate(size: number): void,
 *   flush(): void, close(): void }} SyncAccess
 * @typedef {{ createSyncAccessHandle(): Promise<SyncAccess>, move?: (name: string) => Promise<void> }} KeptFile
 * @typedef {{ getFileHandle(name: string, options?: { create?: boolean }): Promise<KeptFile>,
 *   removeEntry(name: string): Promise<void>, keys(): AsyncIterable<string> }} Folder
 */

/**
 * The folder the worker keeps its files in; null where it does not exist yet
 * (unless `create`), the browser has no origin private file system, or its
 * storage has not answered within `waitMs` (then nothing is read back, and
 * the start downloads).
 * @param {string} name
 * @param {boolean} [create] made if missing: only when there is something to keep
 * @param {number} [waitMs]
 * @returns {Promise<Folder | null>}
 */
export async function keptFolder(name, create = false, waitMs = Infinity) {
  const open = async () => {
    const root = await navigator.storage.getDirectory();
    return /** @type {Folder} */ (/** @type {unknown} */ (await root.getDirectoryHandle(name, { create })));
  };
  return nullAfter(open(), waitMs).catch(() => null);
}

/**
 * The name a file is kept under: its sha256 in it, so that a new version of
 * the site never reads an old file.
 * @param {string} file e.g. "pyodide.asm.wasm" (kept as "pyodide.asm-<sha256>.wasm")
 * @param {string} sha256
 */
export function keptName(file, sha256) {
  const dot = file.lastIndexOf(".");
  return dot < 0 ? `${file}-${sha256}` : `${file.slice(0, dot)}-${sha256}${file.slice(dot)}`;
}

/**
 * A kept file's bytes, if it is there and its sha256 is `sha256`; else null
 * (a file that fails its check is removed). Also null when another worker
 * still holds the file after about a second (openWhenFree), and when the
 * browser's storage has not answered within `waitMs`: the caller then
 * downloads it.
 * @param {Folder | null} folder
 * @param {string} name
 * @param {string} sha256
 * @param {(bytes: Uint8Array) => Promise<string>} hash lowercase hex sha256
 * @param {number} [waitMs]
 * @returns {Promise<Uint8Array | null>}
 */
export async function readKept(folder, name, sha256, hash, waitMs = Infinity) {
  return folder ? nullAfter(read(folder, name, sha256, hash), waitMs) : null;
}

/**
 * `promise`, or null if it has not settled within `waitMs`.
 * @template T
 * @param {Promise<T>} promise
 * @param {number} waitMs
 * @returns {Promise<T | null>}
 */
async function nullAfter(promise, waitMs) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {Promise<null>} */
  const gaveUp = new Promise((resolve) => {
    if (Number.isFinite(waitMs)) timer = setTimeout(() => resolve(null), waitMs);
  });
  try {
    return await Promise.race([promise, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * @param {Folder} folder
 * @param {string} name
 * @param {string} sha256
 * @param {(bytes: Uint8Array) => Promise<string>} hash
 * @returns {Promise<Uint8Array | null>}
 */
async function read(folder, name, sha256, hash) {
  /** @type {Uint8Array} */
  let bytes;
  try {
    const access = await openWhenFree(await folder.getFileHandle(name));
    try {
      bytes = new Uint8Array(access.getSize());
      if (access.read(bytes, { at: 0 }) !== bytes.length) return null;
    } finally {
      access.close();
    }
  } catch {
    return null;
  }
  if ((await hash(bytes)) === sha256) return bytes;
  await folder.removeEntry(name).catch(() => {});
  return null;
}

/**
 * A kept file's synchronous access handle. Another tab's worker may hold the
 * file for the moment it reads it, and the worker of a page just left (a
 * reload, say) holds it until the browser has closed that worker, a few
 * hundred milliseconds on a busy machine: so it is asked again, at doubling
 * intervals, for about a second.
 * @param {KeptFile} file
 * @returns {Promise<SyncAccess>}
 */
async function openWhenFree(file) {
  for (let waitMs = 10; ; waitMs *= 2) {
    try {
      return await file.createSyncAccessHandle();
    } catch (error) {
      const held = error instanceof DOMException && error.name === "NoModificationAllowedError";
      if (!held || waitMs > 640) throw error;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/**
 * @param {Folder} folder
 * @param {string} name
 * @param {Uint8Array} bytes
 */
async function write(folder, name, bytes) {
  const handle = await folder.getFileHandle(name, { create: true });
  const access = await handle.createSyncAccessHandle();
  try {
    access.truncate(0);
    if (access.write(bytes, { at: 0 }) !== bytes.length) throw new Error(`${name}: not written whole`);
    access.flush();
  } finally {
    access.close();
  }
  return handle;
}

/**
 * Keeps `files` (name -> checked bytes, or null for a file already kept).
 * Everything else in the folder (an earlier version's files) is removed
 * first, to make room. A file is written under a temporary name and then
 * renamed, where the browser can rename, so that a reader never meets half a
 * file under the real name (a reader checks the bytes all the same); a
 * write that fails (the device full, say) leaves nothing behind, and the
 * error is the caller's.
 * @param {Folder | null} folder
 * @param {Map<string, Uint8Array | null>} files
 */
export async function keep(folder, files) {
  if (!folder) return;
  /** @type {string[]} */
  const names = [];
  for await (const name of folder.keys()) names.push(name);
  for (const name of names) {
    // one that another tab holds open goes at a later keep
    if (!files.has(name)) await folder.removeEntry(name).catch(() => {});
  }
  for (const [name, bytes] of files) {
    if (!bytes) continue;
    const part = `${name}.part`;
    try {
      const handle = await write(folder, part, bytes);
      if (typeof handle.move === "function") {
        await handle.move(name);
      } else {
        await write(folder, name, bytes).catch(async (error) => {
          await folder.removeEntry(name).catch(() => {}); // half a file
          throw error;
        });
        await folder.removeEntry(part);
      }
    } catch (error) {
      // only what this call wrote: a good file of the same name (another tab's) stays
      await folder.removeEntry(part).catch(() => {});
      throw error;
    }
  }
}
