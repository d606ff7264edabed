// @ts-check
// Build time (Node), run by scripts/sitebuild/runtime.py. Two jobs, both
// through boot.mjs, the same start-up code the browser runs:
//
//   node make_snapshot.mjs stdlib   <request.json>   the standard library the checker needs, compiled
//   node make_snapshot.mjs snapshot <request.json>   a memory snapshot file with the checker imported
//
// request.json: { indexURL, stdLibURL?, snapshotStdLibURL?, lockFile,
// packageBaseUrl, packageName, imports, out } (paths; indexURL and
// packageBaseUrl end in "/"; imports: every module the checker's code imports,
// from runtime.py). Both jobs start fresh, load the checker by name, import
// `imports` and answer the warm-up. "stdlib" then writes a zip of the files of
// Pyodide's standard library that Python has imported by then, each module
// compiled by this very Python (sourceless .pyc: a fresh start then compiles
// nothing, 4.0 → 1.2 s in Node here). "snapshot", started with that library,
// makes the snapshot, writes it in encodeSnapshot's form (not yet
// compressed), then starts again FROM that file, with the library a snapshot
// start gets (`snapshotStdLibURL`: an empty one), and checks that it answers
// the warm-up exactly as the fresh start did.
import { readFile, writeFile } from "node:fs/promises";
import { encodeSnapshot, snapshotSize, startFresh, startFromSnapshot } from "./boot.mjs";

/** @typedef {import("./boot.mjs").RuntimeOptions} RuntimeOptions */
/** @typedef {import("./boot.mjs").Checker} Checker */

// One throwaway check per language and kind of answer runs every code path
// once (lazy imports, compiled patterns, the error texts), so the snapshot
// holds them and the visitor's first answer is as quick as the next. The
// answers are made from the engine's own questions: no answer id lives here.
const WARM_UP = `
import json, checker

def _answer(question):
    kind, options = question["type"], question.get("options") or []
    if kind == "month":
        return "2025-01"
    if kind in ("number", "integer"):
        return max(question.get("min") or 0, 1)
    if kind == "boolean":
        return True
    if kind == "multi":
        return [options[0]["value"]] if options else []
    return options[0]["value"] if options else "x"

def warm_up():
    results = []
    for lang in checker.LANGS:
        full = {q["id"]: _answer(q) for q in checker.questions(lang)}
        for answers in (full, {}, {**full, "__unknown__": "x"}):
            results.append(json.dumps(checker.evaluate(answers, lang), sort_keys=True))
    return "\\n".join(results)

warm_up
`;

// Also imported by a visitor's first error, should the engine ever raise
// (Pyodide formats the traceback), so they belong in the trimmed library.
const ERROR_PATH = `
try:
    raise ValueError("warm-up")
except ValueError:
    import traceback
    traceback.format_exc()
`;

// The imported files are listed before anything is imported to write the
// zip. A module is compiled as zipimport would compile it from the source
// (the same file name in its code), into an unchecked hash-based .pyc, which
// zipimport loads without the source; reproducibly (sorted, fixed times).
const COMPILED_STDLIB = `
import sys

def write_compiled_stdlib(out):
    library = next(p for p in sys.path if p.endswith(".zip"))
    prefix = library + "/"
    names = sorted({m.__file__[len(prefix):] for m in list(sys.modules.values())
                    if isinstance(getattr(m, "__file__", None), str) and m.__file__.startswith(prefix)})
    import importlib.util, zipfile
    from importlib._bootstrap_external import _code_to_hash_pyc
    with zipfile.ZipFile(library) as source, zipfile.ZipFile(out, "w") as target:
        for name in names:
            data = source.read(name)
            if name.endswith(".py"):
                code = compile(data, prefix + name, "exec", dont_inherit=True)
                data = bytes(_code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False))
                name += "c"
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data, compresslevel=9)

write_compiled_stdlib
`;

/**
 * Imports every module the checker's code names, also those imported inside
 * functions: a start from the snapshot then never imports anything. A name
 * marked "?" (from `from x import y`) may be no module at all.
 * @param {Checker} started
 * @param {string[]} names
 */
function importAll(started, names) {
  const load = started.pyodide.runPython(`
import importlib
def load(name):
    try:
        importlib.import_module(name.removeprefix("?"))
    except ModuleNotFoundError:
        if not name.startswith("?"):
            raise
load`);
  for (const name of names) load(name);
  load.destroy();
}

/** @param {Checker} started */
function warmUp(started) {
  const run = started.pyodide.runPython(WARM_UP);
  const answers = run();
  run.destroy();
  started.pyodide.runPython(ERROR_PATH);
  return answers;
}

/**
 * @param {any} request
 * @param {string} [stdLibURL]
 * @returns {Promise<RuntimeOptions>}
 */
async function runtimeOptions(request, stdLibURL = request.stdLibURL) {
  return {
    indexURL: request.indexURL,
    stdLibURL,
    lockFile: JSON.parse(await readFile(request.lockFile, "utf8")),
    packageBaseUrl: request.packageBaseUrl,
    packageName: request.packageName,
  };
}

const [job, requestPath] = process.argv.slice(2);
const request = JSON.parse(await readFile(requestPath, "utf8"));

if (job === "stdlib") {
  const started = await startFresh(await runtimeOptions(request));
  importAll(started, request.imports);
  warmUp(started);
  const write = started.pyodide.runPython(COMPILED_STDLIB);
  write("/tmp/stdlib.zip");
  write.destroy();
  await writeFile(request.out, started.pyodide.FS.readFile("/tmp/stdlib.zip"));
} else if (job === "snapshot") {
  const fresh = await startFresh(await runtimeOptions(request), { makeSnapshot: true, keepInitialMemory: true });
  importAll(fresh, request.imports);
  const expected = warmUp(fresh);
  if (!fresh.initialMemory) throw new Error("the runtime's initial memory was not kept");
  // Pyodide makes a snapshot only while its table of loaded packages is empty
  // (it compares it with {}). The checker's files need not outlive this
  // process: the checker is imported and warmed up, and the start from the
  // snapshot below proves that nothing reads them again.
  for (const name of Object.keys(fresh.pyodide.loadedPackages)) delete fresh.pyodide.loadedPackages[name];
  const file = encodeSnapshot(fresh.pyodide.makeMemorySnapshot(), fresh.initialMemory);
  const restored = await startFromSnapshot(await runtimeOptions(request, request.snapshotStdLibURL), {
    size: snapshotSize(file),
    file: Promise.resolve(file),
  });
  if (warmUp(restored) !== expected) throw new Error("started from the snapshot, the checker answers differently");
  await writeFile(request.out, file);
} else {
  throw new Error(`usage: node make_snapshot.mjs stdlib|snapshot <request.json> (not ${job})`);
}
