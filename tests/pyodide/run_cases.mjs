// @ts-check
// Runs the case table under the site's own Pyodide files, through the site's
// own start-up code (site/assets/checker/boot.mjs, the very module the
// browser's worker imports): afresh (the checker wheel loaded by name from the
// site's lock file, the trimmed standard library) or from the site's memory
// snapshot file (with the library a snapshot start gets).
// Usage: node run_cases.mjs <site dir> <cases.json> fresh|snapshot
// The page config's runtime part (as the worker gets it) comes on stdin.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";

const [siteDir, casesPath, mode] = process.argv.slice(2);
const assets = path.resolve(siteDir, "assets", "checker") + path.sep;
/** @type {import("../../scripts/sitebuild/browser/boot.mjs")} */
const boot = await import(pathToFileURL(path.join(assets, "boot.mjs")).href);
const runtime = JSON.parse(readFileSync(0, "utf8"));
/** URLs in the config are relative to the worker, in assets/checker/ @param {string} url */
const local = (url) => path.resolve(assets, url);

const lockFile = local(runtime.lockFile.url);
/** @type {import("../../scripts/sitebuild/browser/boot.mjs").RuntimeOptions} */
const options = {
  indexURL: local(runtime.pyodide.url) + path.sep,
  lockFile: JSON.parse(await readFile(lockFile, "utf8")),
  packageBaseUrl: path.dirname(lockFile) + path.sep,
  packageName: runtime.package,
};
let started;
if (mode === "snapshot") {
  const file = new Uint8Array(gunzipSync(await readFile(local(runtime.snapshot.url))));
  started = await boot.startFromSnapshot(
    { ...options, stdLibURL: local(runtime.snapshot.stdlib.url) },
    { size: boot.snapshotSize(file), file: Promise.resolve(file) },
  );
} else {
  started = await boot.startFresh({ ...options, stdLibURL: local(runtime.stdlib.url) });
}
const cases = JSON.parse(await readFile(casesPath, "utf8"));
// Cases with a "query" (a shared link's fragment) go through evaluate_query.
const results = cases.map((/** @type {any} */ c) => ({
  name: c.name,
  result: "query" in c ? started.evaluateQuery(c.query, c.lang) : started.evaluate(c.answers, c.lang),
}));
const python = started.pyodide.runPython("import sys; sys.version.split()[0]");
const modules = started.pyodide.runPython("import sys; len(sys.modules)");
process.stdout.write(JSON.stringify({ python, fromSnapshot: started.fromSnapshot, modules, results }));
