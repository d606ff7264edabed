// @ts-check
// The stock page `make bench` measures the checker page against: Pyodide on
// the page's main thread, started afresh with Pyodide's full standard library,
// loading the same checker wheel by name from the site's lock file, through
// the site's own start-up module; then one Python call (the answers of a
// shared link, in the address after #answers=) and its result on the page.
// The bench fills in the config (its URLs relative to this page).
// @ts-ignore: the site's boot.mjs where the bench serves this page; typed below from its source
import { startFresh as start } from "../assets/checker/boot.mjs";

/** @type {typeof import("../../../sitebuild/browser/boot.mjs").startFresh} */
const startFresh = start;

const app = /** @type {HTMLElement} */ (document.getElementById("checker-app"));
const box = /** @type {HTMLElement} */ (document.getElementById("checker-result"));
const button = /** @type {HTMLButtonElement} */ (document.getElementById("checker-submit"));
const config = JSON.parse(document.getElementById("stock-config")?.textContent || "{}");
const here = (/** @type {string} */ url) => new URL(url, location.href).href;

/** @param {any} result */
function show(result) {
  const list = document.createElement("ul");
  for (const criterion of result.criteria) {
    const item = document.createElement("li");
    item.textContent = `${criterion.name}: ${criterion.status}. ${criterion.message}`;
    list.append(item);
  }
  box.replaceChildren(list);
  box.dataset.verdict = result.verdict;
  box.hidden = false;
}

try {
  const checker = await startFresh({
    indexURL: here(config.indexURL),
    stdLibURL: here("python_stdlib.zip"),
    lockFile: fetch(here(config.lockFile)).then((response) => response.json()),
    packageBaseUrl: here(config.packageBaseUrl),
    packageName: config.package,
  });
  performance.mark("checker-ready");
  app.dataset.python = "ready";
  const answers = JSON.parse(new URLSearchParams(location.hash.slice(1)).get("answers") || "{}");
  show(checker.evaluate(answers, "en"));
  performance.mark("checker-result"); // as the checker page marks each result (the bench waits for the submit's)
  button.disabled = false;
  button.addEventListener("click", () => {
    performance.mark("checker-submit");
    show(checker.evaluate(answers, "en"));
    performance.mark("checker-result");
  });
} catch (error) {
  app.dataset.python = "failed";
  console.error(error);
}
