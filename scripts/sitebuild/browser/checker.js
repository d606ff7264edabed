// @ts-check
// The checker page: collects the form's answers, sends them to the Python
// worker and renders its result. No rule logic lives here. The ids it looks
// for and the messages it exchanges with worker.js are declared in
// protocol.json, which the form's template uses too. The build writes it in
// below (runtime.py), so that this module imports nothing and runs as soon as
// it has loaded: the worker can start before the rest of the page has.
/** @type {typeof import("./protocol.json")} */
const protocol = JSON.parse("__PROTOCOL__");

/** @typedef {{ type: string, [key: string]: any }} Message */
/** @typedef {{ answers: object, focus: boolean }} Request */

let attempts = 0;
/** @returns {Worker | null} */
function newWorker() {
  if (typeof Worker === "undefined" || typeof WebAssembly !== "object") return null;
  const url = new URL("worker.js", import.meta.url);
  // A retry asks for the script under a new address: a request for the old
  // one that never got an answer can hold up another for the same address.
  if (attempts++) url.searchParams.set("retry", String(attempts));
  return new Worker(url, { type: "module" });
}

// Python's worker is the slowest part: it is created before anything else, so
// that its scripts load while this page still loads. It is told what to start
// once the checker's markup is there.
/** @type {{ worker: Worker | null, error: string | null }} */
const early = { worker: null, error: null };
try {
  early.worker = newWorker();
  if (early.worker) {
    early.worker.onerror = (event) => {
      event.preventDefault();
      early.error = event.message || "the worker could not be loaded";
    };
  }
} catch (error) {
  early.error = String(error);
}

if (!document.getElementById(protocol.ids.config)) {
  await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
}

const ids = protocol.ids;
const MESSAGE = protocol.messages;
const PYTHON = protocol.python;

/** @param {string} id */
function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`checker: #${id} is missing from the page`);
  return node;
}

/**
 * The id of a question's element (protocol.json "fieldIds").
 * @param {keyof typeof protocol.fieldIds} kind
 * @param {string} id
 */
function fieldId(kind, id) {
  return protocol.fieldIds[kind].replace("{id}", id);
}

const root = byId(ids.app);
const config = JSON.parse(byId(ids.config).textContent || "{}");
const text = config.texts;
/** @type {Map<string, { id: string, type: string }>} */
const questions = new Map(config.questions.map((/** @type {{ id: string, type: string }} */ q) => [q.id, q]));
const form = /** @type {HTMLFormElement} */ (byId(ids.form));
const status = byId(ids.status);
const retry = byId(ids.retry);
const resultBox = byId(ids.result);
const errorSummary = byId(ids.errorSummary);
const baseTitle = document.title;
const dateFormat = new Intl.DateTimeFormat(config.locale, { dateStyle: "long", timeStyle: "short" });
const flags = new URLSearchParams(location.search); // ?no-snapshot, ?no-service-worker: for tests and the curious

/** @type {Worker | null} */
let worker = null;
let pythonReady = false;
/** @type {Request | null} */
let pending = null; // waiting for Python
let requestId = 0;
/** @type {(Request & { id: number }) | null} */
let lastRequest = null;
let sharing = false; // the visitor asked for the answers to live in the address
let liveTimer = 0;

// ---- Python in a Web Worker ------------------------------------------------

/**
 * @param {string} message
 * @param {string} [state] protocol.json "python"
 */
function setStatus(message, state) {
  status.textContent = message;
  if (state) root.dataset.python = state;
}

// Nothing waits forever. The worker gives up on any download of its own that
// has stalled for `stallSeconds` (and falls back from the snapshot to a full
// start, or reports a failure). The page gives up on a worker that has not
// said a word a little longer after it was made (its own scripts may be what
// stalls), and, as a last safety net, on one that then falls silent for
// `startSeconds` (starting Python keeps it busy; it is not stuck).
let watchdog = 0;
/** @param {boolean} heard whether the worker has said anything yet */
function watch(heard) {
  clearTimeout(watchdog);
  const { stallSeconds, startSeconds } = config.limits;
  const seconds = heard ? startSeconds : stallSeconds + 5;
  watchdog = setTimeout(() => failed(`no word from the worker for ${seconds} s`), seconds * 1000);
}

function startWorker() {
  pythonReady = false;
  retry.hidden = true;
  setStatus(text.loading, PYTHON.loading);
  /** @type {string | null} */
  let problem = null;
  if (early.worker || early.error) {
    // the first start: the worker made as the page began to load; a retry makes a new one
    [worker, problem] = [early.worker, early.error];
    [early.worker, early.error] = [null, null];
  } else {
    try {
      worker = newWorker();
    } catch (error) {
      problem = String(error);
    }
  }
  if (problem || !worker) {
    failed(problem || "this browser has no Web Workers or WebAssembly");
    return;
  }
  watch(false);
  worker.onmessage = (/** @type {MessageEvent<Message>} */ { data }) => {
    if (data.type === MESSAGE.progress) {
      watch(true);
    } else if (data.type === MESSAGE.ready) {
      clearTimeout(watchdog);
      for (const [stage, at] of data.timings || []) {
        performance.mark(`checker-worker-${stage}`, { startTime: at - performance.timeOrigin });
      }
      performance.mark("checker-ready");
      pythonReady = true;
      setStatus(text.ready, PYTHON.ready);
      if (pending) send(pending);
      registerServiceWorker();
    } else if (data.type === MESSAGE.result && lastRequest && data.id === lastRequest.id) {
      render(data.result, lastRequest);
      performance.mark("checker-result");
    } else if (data.type === MESSAGE.failed) {
      failed(data.detail);
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failed(event.message || "the worker could not be loaded");
  };
  performance.mark("checker-start");
  /** @type {Message} */
  const start = { type: MESSAGE.start, runtime: config.runtime, limits: config.limits, snapshot: !flags.has("no-snapshot") };
  worker.postMessage(start);
}

// After Python has started (its files are then in the HTTP cache), a service
// worker keeps the checker's pages and files, so that it also works offline.
function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || flags.has("no-service-worker")) return;
  navigator.serviceWorker.register(new URL("../../sw.js", import.meta.url)).catch((error) => {
    console.warn("checker: no offline support:", error);
  });
}

/** @param {string} detail */
function failed(detail) {
  clearTimeout(watchdog);
  if (worker) worker.terminate();
  worker = null;
  pythonReady = false;
  console.warn("checker: Python could not start:", detail);
  setStatus(text.failed, PYTHON.failed);
  retry.hidden = false;
}

/**
 * @param {object} answers
 * @param {{ focus: boolean }} options
 */
function evaluate(answers, { focus }) {
  performance.mark("checker-submit");
  pending = { answers, focus };
  if (!worker) startWorker();
  if (pythonReady) send(pending);
  else if (root.dataset.python === PYTHON.loading) setStatus(text.waiting);
}

/** @param {Request} request */
function send(request) {
  if (!worker) return;
  pending = null;
  requestId += 1;
  lastRequest = { ...request, id: requestId };
  /** @type {Message} */
  const message = { type: MESSAGE.evaluate, id: requestId, answers: request.answers, lang: config.lang };
  worker.postMessage(message);
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
      for (const input of form.querySelectorAll(`input[name="${id}"]`)) {
        if (input instanceof HTMLInputElement) input.checked = chosen.has(input.value);
      }
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
    if (node instanceof HTMLElement) node.hidden = true;
    node.textContent = "";
  }
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  document.title = baseTitle;
}

function fieldTarget(field) {
  const container = field && document.getElementById(fieldId("field", field));
  if (!container) return null;
  return container.querySelector("input:checked") || container.querySelector("input");
}

function showErrors(errors, focus) {
  const list = element("ul");
  for (const error of errors) {
    const target = fieldTarget(error.field);
    if (target) {
      const slot = document.getElementById(fieldId("error", error.field));
      slot.append(element("span", { class: "checker-error-prefix", text: `${text.error_prefix}: ` }), error.message);
      slot.hidden = false;
      target.setAttribute("aria-invalid", "true");
      list.append(element("li", {}, [element("a", { href: `#${target.id || fieldId("field", error.field)}`, text: error.message })]));
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
    element("a", { href: `#${ids.form}`, class: "md-button", id: "checker-change", text: text.change }),
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
  const link = event.target instanceof Element && event.target.closest("a[href^='#']");
  if (!link) return;
  event.preventDefault();
  const target = document.getElementById(link.getAttribute("href").slice(1));
  target.scrollIntoView({ block: "center" });
  target.focus();
});

resultBox.addEventListener("click", async (event) => {
  const button = event.target instanceof Element && event.target.closest("a, button");
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

byId(ids.unavailable).hidden = true; // the script runs: no "has not started" note
byId(ids.live).hidden = false;
form.hidden = false;
startWorker();

if (isAnswerFragment(location.hash)) {
  sharing = true;
  const answers = answersFromFragment(location.hash.slice(1));
  fillForm(answers);
  evaluate(answers, { focus: true });
}
