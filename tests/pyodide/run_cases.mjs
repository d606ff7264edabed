// Runs the case table under the site's own Pyodide files and checker package,
// or (with a snapshot) from the site's memory snapshot with the checker inside.
// Usage: node run_cases.mjs <pyodide dir> <checker zip> <cases.json> [snapshot.bin.gz]
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import path from "node:path";

const [pyodideDir, packagePath, casesPath, snapshotPath] = process.argv.slice(2);
const indexURL = path.resolve(pyodideDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);

let pyodide;
if (snapshotPath) {
  const snapshot = gunzipSync(await readFile(snapshotPath));
  pyodide = await loadPyodide({ indexURL, packageBaseUrl: indexURL, _loadSnapshot: new Uint8Array(snapshot) });
} else {
  pyodide = await loadPyodide({ indexURL, packageBaseUrl: indexURL });
  pyodide.unpackArchive(new Uint8Array(await readFile(packagePath)), "zip", { extractDir: "/home/pyodide/checker-pkg" });
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/checker-pkg')");
}
const preloaded = pyodide.runPython("import sys; 'checker' in sys.modules");
const run = pyodide.runPython(
  "import json, checker\n" +
  "lambda answers_json, lang: json.dumps(checker.evaluate(json.loads(answers_json), lang))",
);
// Cases with a "query" (a shared link's fragment) go through evaluate_query.
const runQuery = pyodide.runPython(
  "import json, checker\nlambda query, lang: json.dumps(checker.evaluate_query(query, lang))",
);

const cases = JSON.parse(await readFile(casesPath, "utf8"));
const results = cases.map((c) => ({
  name: c.name,
  result: JSON.parse("query" in c ? runQuery(c.query, c.lang) : run(JSON.stringify(c.answers), c.lang)),
}));
const python = pyodide.runPython("import sys; sys.version.split()[0]");
process.stdout.write(JSON.stringify({ python, preloaded, results }));
