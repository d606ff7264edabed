// The checker page: collects the form's answers, sends them to the Python
// worker and renders its result. No rule logic lives here.
const root = document.getElementById("checker-app");
const config = JSON.parse(document.getElementById("checker-config").textContent);
const text = config.texts;
const questions = new Map(config.questions.map((question) => [question.id, question]));
const form = document.getElementById("checker-form");
const status = document.getElementById("checker-status");
const retry = document.getElementById("checker-retry");
const resultBox = document.getElementById("checker-result");
const errorSummary = document.getElementById("checker-error-summary");
const baseTitle = document.title;
const dateFormat = new Intl.DateTimeFormat(config.lang === "fi" ? "fi-FI" : "en-GB", {
  dateStyle: "long",
  timeStyle: "short",
});

let worker = null;
let pythonReady = false;
let pending = null; // { answers, focus } waiting for Python
let requestId = 0;
let lastRequest = null;
let sharing = false; // the visitor asked for the answers to live in the address
let liveTimer = 0;

// ---- Python in a Web Worker ------------------------------------------------

function setStatus(message, state) {
  status.textContent = message;
  if (state) root.dataset.python = state;
}

function startWorker() {
  pythonReady = false;
  retry.hidden = true;
  setStatus(text.loading, "loading");
  if (typeof Worker === "undefined" || typeof WebAssembly !== "object") {
    failed("this browser has no Web Workers or WebAssembly");
    return;
  }
  const url = new URL("worker.js", import.meta.url);
  url.searchParams.set("pyodide", config.pyodide);
  url.searchParams.set("package", config.package);
  if (config.snapshot && !new URLSearchParams(location.search).has("no-snapshot")) {
    url.searchParams.set("snapshot", config.snapshot);
  }
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
      if (pending) send(pending);
      registerServiceWorker();
    } else if (data.type === "result" && lastRequest && data.id === lastRequest.id) {
      render(data.result, lastRequest);
      performance.mark("checker-result");
    } else if (data.type === "failed") {
      failed(data.detail);
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failed(event.message || "worker error");
  };
}

// After Python has started (its files are then in the HTTP cache), a service
// worker keeps them, so the checker also works offline on the next visit.
function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || new URLSearchParams(location.search).has("no-service-worker")) return;
  navigator.serviceWorker.register(new URL("../../sw.js", import.meta.url)).catch((error) => {
    console.warn("checker: no offline support:", error);
  });
}

function failed(detail) {
  if (worker) worker.terminate();
  worker = null;
  pythonReady = false;
  console.warn("checker: Python could not start:", detail);
  setStatus(text.failed, "failed");
  retry.hidden = false;
}

function evaluate(answers, { focus }) {
  performance.mark("checker-submit");
  pending = { answers, focus };
  if (!worker) startWorker();
  if (pythonReady) send(pending);
  else if (root.dataset.python === "loading") setStatus(text.waiting);
}

function send(request) {
  pending = null;
  requestId += 1;
  lastRequest = { ...request, id: requestId };
  worker.postMessage({ type: "evaluate", id: requestId, answers: request.answers, lang: config.lang });
}

// ---- Answers: form <-> object <-> address fragment --------------------------

function readNumber(raw) {
  const compact = raw.trim().replace(/\s+/g, "");
  if (compact === "") return undefined;
  const normalised = compact.replace(",", ".");
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(normalised) ? Number(normalised) : raw.trim();
}

function parseValue(question, raw) {
  if (!question) return raw;
  switch (question.type) {
    case "multi":
      return raw === "" ? [] : raw.split(",");
    case "number":
    case "integer":
      return readNumber(raw);
    case "boolean":
      return raw === "true" ? true : raw === "false" ? false : raw;
    default:
      return raw.trim() || undefined;
  }
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
      value = raw === null || raw === "" ? undefined : parseValue(question, raw);
    }
    if (value !== undefined) answers[question.id] = value;
  }
  return answers;
}

function fillForm(answers) {
  form.reset();
  for (const [id, value] of Object.entries(answers)) {
    const question = questions.get(id);
    if (!question) continue;
    if (question.type === "multi" || question.type === "boolean" || question.type === "choice") {
      const chosen = new Set([].concat(value).map(String));
      for (const input of form.querySelectorAll(`input[name="${id}"]`)) input.checked = chosen.has(input.value);
    } else {
      form.elements[id].value = String(value);
    }
  }
}

function answersToFragment(answers) {
  const params = new URLSearchParams();
  for (const [id, value] of Object.entries(answers)) params.set(id, [].concat(value).join(","));
  return params.toString().replaceAll("%2C", ",");
}

function answersFromFragment(fragment) {
  const answers = {};
  for (const [id, raw] of new URLSearchParams(fragment)) {
    const value = parseValue(questions.get(id), raw);
    if (value !== undefined) answers[id] = value;
  }
  return answers;
}

function isAnswerFragment(hash) {
  return hash.length > 1 && hash.includes("=");
}

function updateAddress(answers) {
  const url = new URL(location.href);
  url.hash = answersToFragment(answers);
  history.replaceState(null, "", url);
}

// ---- Rendering ----------------------------------------------------------------

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== ""));
  return node;
}

function sourceLink(source) {
  if (!source) return null;
  return element("p", { class: "checker-source" }, [
    `${text.source}: `,
    element("a", { href: source.url, text: source.title }),
  ]);
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

function fieldTarget(field) {
  const container = field && document.getElementById(`q-${field}`);
  if (!container) return null;
  return container.querySelector("input:checked") || container.querySelector("input");
}

function showErrors(errors, focus) {
  const list = element("ul");
  for (const error of errors) {
    const target = fieldTarget(error.field);
    if (target) {
      const slot = document.getElementById(`q-${error.field}-error`);
      slot.append(element("span", { class: "checker-error-prefix", text: `${text.error_prefix}: ` }), error.message);
      slot.hidden = false;
      target.setAttribute("aria-invalid", "true");
      list.append(element("li", {}, [element("a", { href: `#${target.id || `q-${error.field}`}`, text: error.message })]));
    } else {
      list.append(element("li", { text: error.message }));
    }
  }
  errorSummary.append(element("h2", { id: "checker-error-title", text: text.errors_heading }), list);
  errorSummary.hidden = false;
  document.title = `${text.error_prefix}: ${baseTitle}`;
  if (focus) errorSummary.focus();
}

function criterionItem(item, kind) {
  return element(
    "li",
    { class: `checker-criterion checker-criterion--${item.status}`, [`data-${kind}`]: item.id, "data-status": item.status },
    [
      element("h4", {}, [element("span", { class: "checker-badge", text: item.status_label }), " ", item.name]),
      element("p", { text: item.message }),
      item.next_step ? element("p", { class: "checker-next" }, [element("strong", { text: `${text.next_step}: ` }), item.next_step]) : null,
      sourceLink(item.source),
    ],
  );
}

// The engine gives the events merged and in order, each text naming its month.
function timelineSection(timeline) {
  if (!timeline) return null;
  return element("section", { class: "checker-timeline" }, [
    element("h3", { text: text.timeline_heading }),
    element("ol", {}, timeline.events.map((event) =>
      element("li", { "data-event": event.id, "data-label": event.label }, [event.text]))),
    ...(timeline.notes || []).map((note) => element("p", { class: "checker-note", "data-note": note.id, text: note.text })),
  ]);
}

function nextLabelsSection(next) {
  if (!next) return null;
  const labels = [next.silver, next.gold].filter(Boolean).map((label) =>
    element("div", {}, [
      element("h4", { text: label.name }),
      element("ul", {}, label.requirements.map((requirement) => element("li", { text: requirement }))),
      element("p", { text: label.validity }),
      label.caveat ? element("p", { class: "checker-note", text: label.caveat }) : null,
      sourceLink(label.source),
    ]));
  const fees = next.fees
    ? element("table", {}, [
        element("tbody", {}, next.fees.items.map((item) =>
          element("tr", {}, [element("td", { text: item.label }), element("td", { class: "checker-amount", text: item.amount })]))),
      ])
    : null;
  return element("details", { class: "checker-next-labels" }, [
    element("summary", { text: text.next_labels_heading }),
    ...labels,
    fees,
    next.fees ? element("p", { class: "checker-note", text: next.fees.note }) : null,
  ]);
}

function render(result, request) {
  clearErrors();
  if (result.errors) {
    resultBox.hidden = true;
    delete resultBox.dataset.verdict;
    root.classList.remove("checker--has-result");
    showErrors(result.errors, request.focus);
    if (!request.focus) setStatus(`${text.error_prefix}: ${result.errors[0].message}`);
    return;
  }
  const checkedAt = dateFormat.format(new Date());
  const actions = element("p", { class: "checker-actions" }, [
    element("a", { href: "#checker-form", class: "md-button", id: "checker-change", text: text.change }),
    element("button", { type: "button", class: "md-button", id: "checker-share", text: text.share }),
    element("button", { type: "button", class: "md-button", id: "checker-print", text: text.print }),
  ]);
  const parts = [
    element("h2", { id: "checker-result-title", text: result.verdict_label }),
    element("p", { class: "checker-summary", text: result.summary }),
    element("h3", { text: text.criteria_heading }),
    element("ul", { class: "checker-criteria" }, result.criteria.map((item) => criterionItem(item, "criterion"))),
    result.advice.length ? element("h3", { text: text.advice_heading }) : null,
    result.advice.length ? element("ul", { class: "checker-criteria checker-advice" }, result.advice.map((item) => criterionItem(item, "advice"))) : null,
    timelineSection(result.timeline),
    nextLabelsSection(result.next_labels),
    element("p", { class: "checker-meta" }, [
      `${text.checked}: ${checkedAt} · ${text.rules_version}: ${result.rules_version}`,
      element("br"),
      `${text.address}: ${location.origin}${location.pathname}`,
    ]),
    actions,
    element("p", { class: "checker-share-status", id: "checker-share-status", role: "status" }),
  ];
  resultBox.replaceChildren(...parts.filter(Boolean));
  resultBox.dataset.verdict = result.verdict;
  resultBox.hidden = false;
  root.classList.add("checker--has-result");
  if (sharing) updateAddress(request.answers);
  if (request.focus) resultBox.focus();
  else setStatus(`${text.updated}: ${result.verdict_label}`);
}

// ---- Events -------------------------------------------------------------------

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(liveTimer);
  evaluate(collectAnswers(), { focus: true });
});

// Once a result is shown, it follows every change of answer.
form.addEventListener("input", () => {
  if (resultBox.hidden && errorSummary.hidden) return;
  clearTimeout(liveTimer);
  liveTimer = setTimeout(() => evaluate(collectAnswers(), { focus: false }), 300);
});

errorSummary.addEventListener("click", (event) => {
  const link = event.target.closest("a[href^='#']");
  if (!link) return;
  event.preventDefault();
  const target = document.getElementById(link.getAttribute("href").slice(1));
  target.scrollIntoView({ block: "center" });
  target.focus();
});

resultBox.addEventListener("click", async (event) => {
  const button = event.target.closest("a, button");
  if (!button) return;
  if (button.id === "checker-change") {
    event.preventDefault();
    const first = form.querySelector("input");
    first.scrollIntoView({ block: "center" });
    first.focus();
  } else if (button.id === "checker-print") {
    window.print();
  } else if (button.id === "checker-share") {
    sharing = true;
    const answers = collectAnswers();
    updateAddress(answers);
    const message = document.getElementById("checker-share-status");
    try {
      await navigator.clipboard.writeText(location.href);
      message.textContent = text.shared;
    } catch {
      message.textContent = text.shared_no_clipboard;
    }
  }
});

retry.addEventListener("click", startWorker);

document.querySelector("#checker-app .checker-live").hidden = false;
form.hidden = false;
startWorker();

if (isAnswerFragment(location.hash)) {
  sharing = true;
  const answers = answersFromFragment(location.hash.slice(1));
  fillForm(answers);
  evaluate(answers, { focus: true });
}
