// Builds a Pyodide memory snapshot with the checker already imported, so the
// browser can start Python from it instead of booting the interpreter.
// Usage: node make_snapshot.mjs <pyodide dir> <checker zip> <out .bin.gz>
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const [pyodideDir, packagePath, outPath] = process.argv.slice(2);
const indexURL = path.resolve(pyodideDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL, packageBaseUrl: indexURL, _makeSnapshot: true });
pyodide.unpackArchive(new Uint8Array(await readFile(packagePath)), "zip", { extractDir: "/home/pyodide/checker-pkg" });
pyodide.runPython(`
import sys
sys.path.insert(0, "/home/pyodide/checker-pkg")
import json, checker
# One throwaway check per language runs every code path once (lazy imports,
# compiled patterns), so the visitor's first answer is as quick as the next.
warm_up = {"management_fte": 0.4, "committed_members": 14, "member_types": ["business"],
           "eccp_profile": "pending", "bronze_interview_month": "2025-01", "colour": "x"}
for lang in ("fi", "en"):
    json.dumps(checker.evaluate(warm_up, lang))
    json.dumps(checker.evaluate({k: v for k, v in warm_up.items() if k != "colour"}, lang))
`);
await writeFile(outPath, gzipSync(pyodide.makeMemorySnapshot(), { level: 9 }));
