// Web Worker: loads the self-hosted Pyodide and the checker package, then
// evaluates answers in Python. All URLs are relative to this file.
const params = new URL(import.meta.url).searchParams;
const pyodideBase = new URL(`../pyodide/${params.get("pyodide")}/`, import.meta.url);
const packageUrl = new URL(params.get("package"), import.meta.url);

// Pyodide 314 only logs a failed wasm download or compile and never settles
// loadPyodide(); this turns that log line into a rejection.
const wasmFailure = new Promise((resolve, reject) => {
  const warn = console.warn.bind(console);
  console.warn = (...args) => {
    warn(...args);
    if (args[0] === "wasm instantiation failed!") reject(new Error("the WebAssembly runtime could not be loaded"));
  };
});

async function start() {
  if (typeof WebAssembly !== "object") throw new Error("WebAssembly is not available");
  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideBase).href);
  const [pyodide, archive] = await Promise.all([
    Promise.race([loadPyodide({ indexURL: pyodideBase.href, packageBaseUrl: pyodideBase.href }), wasmFailure]),
    fetch(packageUrl).then((response) => {
      if (!response.ok) throw new Error(`${packageUrl.pathname}: HTTP ${response.status}`);
      return response.arrayBuffer();
    }),
  ]);
  pyodide.unpackArchive(archive, "zip", { extractDir: "/home/pyodide/checker-pkg" });
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/checker-pkg')");
  const run = pyodide.runPython(
    "import json, checker\n" +
    "lambda answers_json, lang: json.dumps(checker.evaluate(json.loads(answers_json), lang))",
  );
  return (answers, lang) => JSON.parse(run(JSON.stringify(answers), lang));
}

const ready = start();

ready.then(
  () => postMessage({ type: "ready" }),
  (error) => postMessage({ type: "failed", detail: String(error && error.message || error) }),
);

onmessage = async ({ data }) => {
  if (data.type !== "evaluate") return;
  try {
    const evaluate = await ready;
    postMessage({ type: "result", id: data.id, result: evaluate(data.answers, data.lang) });
  } catch (error) {
    postMessage({ type: "failed", id: data.id, detail: String(error && error.message || error) });
  }
};
