// The checker page: collects the form's answers, sends them to the Python
// worker and renders its result. No rule logic lives here.
const root = document.getElementById("checker-app");
const config = JSON.parse(document.getElementById("checker-config").textContent);
const text = config.strings;
const form = document.getElementById("checker-form");
const status = document.getElementById("checker-status");
const resultBox = document.getElementById("checker-result");
const errorSummary = document.getElementById("checker-error-summary");
const baseTitle = document.title;

let worker = null;
let pythonReady = false;
let pending = null;
let requestId = 0;

function setStatus(message, state) {
  status.textContent = message;
  root.dataset.python = state;
}

function startWorker() {
  const url = new URL("worker.js", import.meta.url);
  url.searchParams.set("pyodide", config.pyodide);
  url.searchParams.set("package", config.package);
  pythonReady = false;
  setStatus(text.loading, "loading");
  try {
    worker = new Worker(url, { type: "module" });
  } catch (error) {
    failed(String(error));
    return;
  }
  worker.onmessage = ({ data }) => {
    if (data.type === "ready") {
      performance.mark("checker-ready");
      pythonReady = true;
      setStatus(text.ready, "ready");
      if (pending) evaluate(pending);
    } else if (data.type === "result" && data.id === requestId) {
      pending = null;
      render(data.result);
      performance.mark("checker-result");
    } else if (data.type === "failed") {
      failed(data.detail);
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failed(event.message);
  };
}

function failed(detail) {
  if (worker) worker.terminate();
  worker = null;
  pythonReady = false;
  console.warn("checker: Python could not start:", detail);
  setStatus(text.failed, "failed");
  document.getElementById("checker-retry").hidden = false;
}

function readNumber(raw) {
  const trimmed = raw.trim().replace(/\s+/g, "");
  if (trimmed === "") return undefined;
  const normalised = trimmed.replace(",", ".");
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(normalised) ? Number(normalised) : raw.trim();
}

function collectAnswers() {
  const data = new FormData(form);
  const answers = {};
  for (const question of config.questions) {
    let value;
    if (question.type === "multi") {
      const chosen = data.getAll(question.id);
      value = chosen.length ? chosen : undefined;
    } else {
      const raw = data.get(question.id);
      if (raw === null || raw === "") value = undefined;
      else if (question.type === "number" || question.type === "integer") value = readNumber(raw);
      else if (question.type === "boolean") value = raw === "true";
      else value = raw.trim() || undefined;
    }
    if (value !== undefined) answers[question.id] = value;
  }
  return answers;
}

function evaluate(answers) {
  performance.mark("checker-submit");
  pending = answers;
  requestId += 1;
  if (!worker) startWorker();
  if (!pythonReady) {
    setStatus(text.waiting, "loading");
    return;
  }
  worker.postMessage({ type: "evaluate", id: requestId, answers, lang: config.lang });
}

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function clearErrors() {
  errorSummary.hidden = true;
  errorSummary.replaceChildren();
  for (const node of form.querySelectorAll(".checker-error")) {
    node.hidden = true;
    node.textContent = "";
  }
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  document.title = baseTitle;
}

function showErrors(errors) {
  const list = element("ul");
  for (const error of errors) {
    const field = error.field && document.getElementById(`q-${error.field}`);
    const target = field ? field.querySelector("input") || field : null;
    if (field) {
      const slot = document.getElementById(`q-${error.field}-error`);
      slot.textContent = `${text.errorPrefix}: ${error.message}`;
      slot.hidden = false;
      if (target) target.setAttribute("aria-invalid", "true");
    }
    const link = element("a", { href: `#${target ? target.id : "checker-form"}`, text: error.message });
    list.append(element("li", {}, [link]));
  }
  errorSummary.append(element("h2", { text: text.errorSummary, id: "checker-error-title" }), list);
  errorSummary.hidden = false;
  document.title = `${text.errorPrefix}: ${baseTitle}`;
  errorSummary.focus();
}

function render(result) {
  clearErrors();
  if (result.errors) {
    resultBox.hidden = true;
    showErrors(result.errors);
    return;
  }
  setStatus(text.ready, "ready");
  const rows = result.criteria.map((criterion) =>
    element("li", {
      class: `checker-criterion checker-criterion--${criterion.status}`,
      "data-criterion": criterion.id,
      "data-status": criterion.status,
    }, [
      element("h3", {}, [
        element("span", { class: "checker-badge", text: text.status[criterion.status] }),
        " ",
        criterion.name,
        criterion.required ? "" : element("span", { class: "checker-advisory", text: ` (${text.advisory})` }),
      ]),
      element("p", { text: criterion.message }),
      criterion.next_step ? element("p", { class: "checker-next", text: `${text.nextStep}: ${criterion.next_step}` }) : "",
    ]));
  resultBox.replaceChildren(
    element("h2", { id: "checker-result-title", text: text.verdict[result.verdict] }),
    element("ul", { class: "checker-criteria" }, rows),
    element("p", { class: "checker-meta", text: `${text.rulesVersion}: ${result.rules_version}` }),
  );
  resultBox.dataset.verdict = result.verdict;
  resultBox.hidden = false;
  resultBox.focus();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  evaluate(collectAnswers());
});

document.getElementById("checker-retry").addEventListener("click", (event) => {
  event.currentTarget.hidden = true;
  startWorker();
});

form.hidden = false;
startWorker();
