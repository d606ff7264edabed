// @ts-check
// The checker page: collects the form's answers as typed, sends them to the
// Python worker as a URL query string and renders its result. No rule logic
// lives here, and no number is read here: Python reads the answers in the
// page's language. The ids it looks for and the messages it exchanges with
// worker.js are declared in protocol.json, which the form's template uses too
// (the build writes it into early.js, which this module imports: already
// loaded by the page's head). This script is at the end of the checker's
// markup, so that the form is set up in the same layout as the rest of the page.
import {
  answersQuery,
  carriedFragment,
  compactQuery,
  includesItem,
  isAnswerFragment,
  readFragment,
} from "./answers.mjs";
import { early, flags, makeWorker, newWorker, protocol, startMessage } from "./early.js";

/** @typedef {import("./early.js").Message} Message */
/** @typedef {import("./result").Result} Result */
/** @typedef {import("./result").ErrorResult} ErrorResult */
/** @typedef {{ query: string, focus: boolean }} Request the answers as typed (a URL query string: Python reads them) */

// On a first visit the worker is made here: its scripts load while the rest
// of the page still does. It is told to start by startWorker below.
if (!early.worker && !early.error) makeWorker();

if (!document.getElementById(protocol.ids.result)) {
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
/** @type {Map<string, string>} a question's id -> its type */
const types = new Map(config.questions.map((/** @type {{ id: string, type: string }} */ q) => [q.id, q.type]));
const form = /** @type {HTMLFormElement} */ (byId(ids.form));
const status = byId(ids.status);
const retry = byId(ids.retry);
const resultBox = byId(ids.result);
const errorSummary = byId(ids.errorSummary);
const baseTitle = document.title;
// The "checked at" format. Making it loads the locale's calendar data (about
// 25 ms): done once the page is idle, not while it loads, or when first needed.
/** @type {Intl.DateTimeFormat | null} */
let dateFormatter = null;
const dateFormat = () =>
  (dateFormatter ??= new Intl.DateTimeFormat(config.locale, { dateStyle: "long", timeStyle: "short" }));
if ("requestIdleCallback" in window) requestIdleCallback(() => dateFormat());
else setTimeout(dateFormat);
/** @type {Worker | null} */
let worker = null;
let pythonReady = false;
/** @type {Request | null} */
let pending = null; // waiting for Python
let requestId = 0;
/** @type {(Request & { id: number }) | null} */
let lastRequest = null;
// The address holds answers only where the visitor put them: after pressing
// share, or when a shared link was opened. An edit afterwards leaves the
// address alone (it then no longer shows these answers) until share is pressed again.
let shared = false; // the address holds the answers now in the form
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
// said a word `firstWordSeconds` after it was made (its own scripts may be what
// stalls), and, as a last safety net, on one that then falls silent for
// `startSeconds` (starting Python keeps it busy; it is not stuck).
let watchdog = 0;
/** @param {boolean} heard whether the worker has said anything yet */
function watch(heard) {
  clearTimeout(watchdog);
  const { firstWordSeconds, startSeconds } = config.limits;
  const seconds = heard ? startSeconds : firstWordSeconds;
  watchdog = setTimeout(() => failed(`no word from the worker for ${seconds} s`), seconds * 1000);
}

function startWorker() {
  pythonReady = false;
  retry.hidden = true;
  setStatus(text.loading, PYTHON.loading);
  /** @type {string | null} */
  let problem = null;
  let started = false;
  /** @type {MessageEvent<Message>[]} */
  let heard = [];
  if (early.worker || early.error) {
    // the first start: the worker made as the page loaded; a retry makes a new one
    [worker, problem, started, heard] = [early.worker, early.error, early.started, early.heard];
    Object.assign(early, { worker: null, error: null, started: false, heard: [] });
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
  const onMessage = (/** @type {MessageEvent<Message>} */ { data }) => {
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
      else registerServiceWorker();
    } else if (data.type === MESSAGE.result && lastRequest && data.id === lastRequest.id) {
      render(data.result, lastRequest);
      performance.mark("checker-result");
      registerServiceWorker();
    } else if (data.type === MESSAGE.failed) {
      failed(data.detail);
    }
  };
  worker.onmessage = onMessage;
  worker.onerror = (event) => {
    event.preventDefault();
    failed(event.message || "the worker could not be loaded");
  };
  if (!started) worker.postMessage(startMessage(config));
  for (const event of heard) onMessage(event);
}

// After Python has started (its files are then in the HTTP cache) and a
// result asked for meanwhile is shown, a service worker keeps the checker's
// pages and files, so that it also works offline. Its install keeps the
// machine busy: it waits `keepAfterSeconds`, not to slow the visitor's next answer.
let serviceWorkerAsked = false;
function registerServiceWorker() {
  if (serviceWorkerAsked || !("serviceWorker" in navigator) || flags.has("no-service-worker")) return;
  serviceWorkerAsked = true;
  setTimeout(() => {
    const container = navigator.serviceWorker;
    if (!container.controller) container.addEventListener("controllerchange", warmCodeCache, { once: true });
    container.register(new URL("../../sw.js", import.meta.url)).catch((error) => {
      console.warn("checker: no offline support:", error);
    });
  }, config.limits.keepAfterSeconds * 1000);
}

// Chrome keeps the compiled form of a module script that has run once, as a
// worker's own script, from a service worker's cache (V8's code cache). Once
// the service worker has taken this page over, Pyodide's JavaScript runs so
// in a throwaway worker (it only defines its functions), and the next visit's
// start does not compile those 1.2 MB again. Only a later visit's speed is at
// stake here.
const WARM_SECONDS = 10; // the cache is written at once, after the script has run
function warmCodeCache() {
  try {
    const asm = new URL(`${config.runtime.pyodide.url}pyodide.asm.mjs`, import.meta.url); // as worker.js resolves it
    const warmer = new Worker(asm, { type: "module" });
    warmer.onerror = (event) => {
      event.preventDefault(); // a browser that cannot run it: no error for the visitor's console
      console.warn("checker: Pyodide's JavaScript was not compiled ahead:", event.message);
    };
    setTimeout(() => warmer.terminate(), WARM_SECONDS * 1000);
  } catch (error) {
    console.warn("checker: Pyodide's JavaScript was not compiled ahead:", error);
  }
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
 * @param {string} query the answers as typed (URL query string)
 * @param {{ focus: boolean }} options
 */
function evaluate(query, { focus }) {
  performance.mark("checker-submit");
  pending = { query, focus };
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
  const message = { type: MESSAGE.evaluate, id: requestId, query: request.query, lang: config.lang };
  worker.postMessage(message);
}

// ---- Answers: form <-> query string <-> address ---------------------------------
// The answers travel as the visitor typed them, as a URL query string: to
// Python (which reads the numbers in the page's language), into the address
// when shared, and in the language switch's link (answers.mjs). None of them is ever read here.

const FRAGMENT = protocol.fragment;

/** The form's answers as typed (answers.mjs). */
function formQuery() {
  return answersQuery(new FormData(form), types);
}

/**
 * Fills the form from a query string (a shared link's): values stay text.
 * @param {string} query
 */
function fillForm(query) {
  form.reset();
  for (const [key, value] of new URLSearchParams(query)) {
    for (const input of form.querySelectorAll(`input[name="${CSS.escape(key)}"]`)) {
      if (!(input instanceof HTMLInputElement)) continue;
      if (input.type === "checkbox") input.checked ||= includesItem(value, input.value);
      else if (input.type === "radio") input.checked = input.value === value;
      else input.value = value;
    }
  }
  applyConditions();
}

// A question asked only when another answer has a given value (the engine's
// `ask_if`) is hidden and left out of the answers until then. Without
// JavaScript (no form at all) nothing is hidden.
/** @type {{ id: string, ask_if: { field: string, equals: string | boolean } }[]} */
const conditional = config.questions.filter((/** @type {{ ask_if: unknown }} */ q) => q.ask_if);
function applyConditions() {
  const data = new FormData(form);
  for (const question of conditional) {
    const container = document.getElementById(fieldId("field", question.id));
    if (!container) continue;
    const asked = data.getAll(question.ask_if.field).includes(String(question.ask_if.equals));
    container.hidden = !asked;
    for (const input of container.querySelectorAll("input")) input.disabled = !asked;
  }
}

/**
 * Replaces the address's fragment (no new history entry); "" removes it.
 * @param {string} fragment
 */
function setFragment(fragment) {
  const url = new URL(location.href);
  url.hash = fragment;
  history.replaceState(history.state, "", fragment ? url.href : url.pathname + url.search);
}

function showing() {
  return resultBox.hidden && errorSummary.hidden ? FRAGMENT.form : FRAGMENT.result;
}

// Material's language menu: plain links to the other language's page. They
// carry the answers in their #fragment (never sent to a server), marked as
// carried, so that the other page fills its form, shows the result if this
// one did, and removes them from its address at once. A shared link the
// address still holds travels as it is, and stays a shared link there.
/** @type {[HTMLAnchorElement, string][]} */
const languageLinks = [...document.querySelectorAll("a.md-select__link[hreflang]")].map((link) => [
  /** @type {HTMLAnchorElement} */ (link),
  (link.getAttribute("href") || "").split("#")[0],
]);

// Material's own handler for these links (on document.body) would open the
// other page with this address's fragment instead of the link's: the click
// stops at the link, which the browser then follows as it is.
for (const [link] of languageLinks) link.addEventListener("click", (event) => event.stopPropagation());

function updateLanguageLinks() {
  const fragment = carriedFragment({
    sharedHash: shared ? location.hash : null,
    query: formQuery(),
    types,
    showing: showing(),
    keys: FRAGMENT,
  });
  for (const [link, base] of languageLinks) link.setAttribute("href", fragment ? `${base}#${fragment}` : base);
}

/**
 * Opens answers given in the address: a shared link, or carried over by the language switch.
 * @param {string} hash
 */
function openFragment(hash) {
  const { query, carried } = readFragment(hash, FRAGMENT);
  clearTimeout(liveTimer);
  fillForm(query);
  shared = carried === null;
  if (!shared) setFragment(""); // carried, not shared: out of the address at once
  if (shared || carried === FRAGMENT.result) evaluate(query, { focus: true });
  updateLanguageLinks();
}

// ---- Rendering ----------------------------------------------------------------

/** @typedef {Node | string | null | undefined} Child a node, text, or nothing */

/**
 * @param {string} tag
 * @param {Record<string, string>} [attributes] "text" sets the text
 * @param {Child[]} [children]
 */
function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(
    ...children
      .filter((child) => child !== null && child !== undefined && child !== "")
      .map((child) => /** @type {Node | string} */ (child)),
  );
  return node;
}

/**
 * Text for screen readers only: tells apart links that read the same.
 * @param {string} words
 */
function hidden(words) {
  return element("span", { class: "visually-hidden", text: words });
}

/**
 * A source's title, marked with its language where that is not the page's
 * (WCAG 3.1.2), so that a screen reader reads it right.
 * @param {{ title: string, title_lang: string }} link
 */
function titleText(link) {
  return link.title_lang && link.title_lang !== config.lang
    ? element("span", { lang: link.title_lang, text: link.title })
    : link.title;
}

/**
 * @param {import("./result").Source | null} source
 * @param {string} about what it is the source of (for screen readers)
 */
function sourceLink(source, about) {
  return source ? sourceLinks([source], about) : null;
}

/**
 * "Source: …" or "Sources: …, …", each title a link.
 * @param {import("./result").Source[]} sources
 * @param {string} about
 */
function sourceLinks(sources, about) {
  const links = sources.map((source) =>
    element("a", { href: source.url }, [titleText(source), about ? hidden(` (${about})`) : null]),
  );
  return element("p", { class: "checker-source" }, [
    `${sources.length > 1 ? text.sources : text.source}: `,
    ...links.flatMap((link, i) => (i ? ["; ", link] : [link])),
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

/**
 * The control a link to a question focuses: its chosen option, else its first.
 * @param {string | null} field
 * @returns {HTMLInputElement | null}
 */
function fieldTarget(field) {
  const container = field && document.getElementById(fieldId("field", field));
  if (!container || container.hidden) return null;
  return container.querySelector("input:checked") || container.querySelector("input");
}

/**
 * @param {import("./result").ErrorEntry[]} errors
 * @param {boolean} focus
 */
function showErrors(errors, focus) {
  const list = element("ul");
  for (const error of errors) {
    const target = fieldTarget(error.field);
    if (target) {
      const field = /** @type {string} */ (error.field); // a control was found for it
      const slot = byId(fieldId("error", field));
      slot.append(element("span", { class: "checker-error-prefix", text: `${text.error_prefix}: ` }), error.message);
      slot.hidden = false;
      target.setAttribute("aria-invalid", "true");
      list.append(
        element("li", {}, [
          element("a", { href: `#${target.id || fieldId("field", field)}`, "data-field": field, text: error.message }),
        ]),
      );
    } else {
      list.append(element("li", { text: error.message }));
    }
  }
  errorSummary.append(element("h2", { id: ids.errorTitle, text: text.errors_heading }), list);
  errorSummary.hidden = false;
  document.title = `${text.error_prefix}: ${baseTitle}`;
  if (focus) errorSummary.focus();
}

/**
 * Moves focus to a question (a change link, an error summary link).
 * @param {string | null} field
 */
function focusField(field) {
  const target = fieldTarget(field);
  if (!target) return;
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
}

// A required criterion or an advisory point. Advice not followed reads so in
// words ("advice not followed") and wears its own style, not a failure's.
/**
 * @param {import("./result").Criterion} item
 * @param {"criterion" | "advice"} kind
 */
function criterionItem(item, kind) {
  return element(
    "li",
    {
      class: `checker-criterion checker-criterion--${item.status} checker-criterion--${item.kind}`,
      [`data-${kind}`]: item.id,
      "data-status": item.status,
      "data-kind": item.kind,
    },
    [
      element("h4", {}, [element("span", { class: "checker-badge", text: item.status_label }), " ", item.name]),
      element("p", { text: item.message }),
      item.next_step
        ? element("p", { class: "checker-next" }, [element("strong", { text: `${text.next_step}: ` }), item.next_step])
        : null,
      sourceLink(item.source, item.name),
    ],
  );
}

// What happens next, in the engine's order and numbered; each step with its
// sourced links. A link already given in an earlier step names its step for
// screen readers, so that no two links read the same.
/** @param {import("./result").NextStep[]} steps */
function nextStepsSection(steps) {
  if (!steps || !steps.length) return null;
  const seen = new Set();
  return element("section", { class: "checker-next-steps", "aria-labelledby": "checker-next-steps-title" }, [
    element("h3", { id: "checker-next-steps-title", text: text.next_steps_heading }),
    element(
      "ol",
      {},
      steps.map((step, index) =>
        element("li", { "data-step": step.id }, [
          element("p", { text: step.text }),
          step.links.length
            ? element(
                "ul",
                { class: "checker-step-links" },
                step.links.map((link) => {
                  const again = seen.has(link.url);
                  seen.add(link.url);
                  return element("li", {}, [
                    element("a", { href: link.url }, [
                      titleText(link),
                      again ? hidden(` (${text.step} ${index + 1})`) : null,
                    ]),
                  ]);
                }),
              )
            : null,
        ]),
      ),
    ),
  ]);
}

// "Check your answers": every answer as the engine read it, each with a link
// back to its question. A question not asked (its condition is not met)
// and not answered is left out.
/** @param {import("./result").Answer[]} answers */
function answersSection(answers) {
  if (!answers || !answers.length) return null;
  const asked = answers.filter((answer) => {
    const container = document.getElementById(fieldId("field", answer.id));
    return !(container && container.hidden && answer.state !== "answered");
  });
  const rows = asked.map((answer) => {
    const changeable = fieldTarget(answer.id) !== null;
    const note = answer.note || (answer.state === "not_used" ? answer.state_label : "");
    return element(
      "div",
      { class: `checker-answer checker-answer--${answer.state}`, "data-answer": answer.id, "data-state": answer.state },
      [
        element("dt", { text: answer.question }),
        element("dd", {}, [
          answer.display,
          note ? element("span", { class: "checker-note", text: ` (${note})` }) : null,
        ]),
        element("dd", { class: "checker-answer-change" }, [
          changeable
            ? element("a", {
                href: `#${fieldId("field", answer.id)}`,
                "data-change": answer.id,
                "aria-label": `${text.change_answer}: ${answer.question}`,
                text: text.change_answer,
              })
            : null,
        ]),
      ],
    );
  });
  return element("section", { class: "checker-answers", "aria-labelledby": "checker-answers-title" }, [
    element("h3", { id: "checker-answers-title", text: text.answers_heading }),
    element("dl", {}, rows),
  ]);
}

// The engine gives the events merged and in order, each text naming its month.
/** @param {import("./result").Timeline | null} timeline */
function timelineSection(timeline) {
  if (!timeline) return null;
  return element("section", { class: "checker-timeline", "aria-labelledby": "checker-timeline-title" }, [
    element("h3", { id: "checker-timeline-title", text: text.timeline_heading }),
    element(
      "ol",
      {},
      timeline.events.map((event) =>
        element("li", { "data-event": event.id, "data-label": event.label }, [event.text]),
      ),
    ),
    ...(timeline.notes || []).map((note) =>
      element("p", { class: "checker-note", "data-note": note.id, text: note.text }),
    ),
  ]);
}

/** @param {import("./result").NextLabels} next */
function nextLabelsSection(next) {
  if (!next) return null;
  const labels = next.labels.map((label) =>
    element("div", {}, [
      element("h4", { text: label.name }),
      element(
        "ul",
        {},
        label.requirements.map((requirement) => element("li", { text: requirement })),
      ),
      element("p", { text: label.validity }),
      label.caveat ? element("p", { class: "checker-note", text: label.caveat }) : null,
      sourceLinks(label.sources, label.name),
    ]),
  );
  const fees = next.fees
    ? element("table", {}, [
        element(
          "tbody",
          {},
          next.fees.items.map((item) =>
            element("tr", {}, [
              element("td", { text: item.label }),
              element("td", { class: "checker-amount", text: item.amount }),
            ]),
          ),
        ),
      ])
    : null;
  return element("details", { class: "checker-next-labels" }, [
    element("summary", { text: text.next_labels_heading }),
    ...labels,
    fees,
    next.fees ? element("p", { class: "checker-note", text: next.fees.note }) : null,
  ]);
}

// When, under which rules, and how to reopen these answers: the shared link
// when the address holds them, else how to get one (the printout shows it).
/** @type {{ checkedAt: string, rulesVersion: string } | null} */
let shownMeta = null;
function renderMeta() {
  const meta = resultBox.querySelector(".checker-meta");
  if (!meta || !shownMeta) return;
  const address = `${location.origin}${location.pathname}`;
  meta.replaceChildren(
    `${text.checked}: ${shownMeta.checkedAt} · ${text.rules_version}: ${shownMeta.rulesVersion}`,
    element("br"),
    ...(shared
      ? [`${text.shared_link}: `, element("a", { href: location.href, class: "checker-link", text: location.href })]
      : [`${text.address}: ${address}. ${text.link_how}`]),
  );
}

/**
 * @param {Result | ErrorResult} result
 * @param {Request} request
 */
function render(result, request) {
  clearErrors();
  if (result.errors) {
    resultBox.hidden = true;
    delete resultBox.dataset.verdict;
    root.classList.remove("checker--has-result");
    showErrors(result.errors, request.focus);
    if (!request.focus) setStatus(`${text.error_prefix}: ${result.errors[0].message}`);
    updateLanguageLinks();
    return;
  }
  const actions = element("p", { class: "checker-actions" }, [
    element("a", { href: `#${ids.form}`, class: "md-button", id: ids.changeAll, text: text.change }),
    element("button", { type: "button", class: "md-button", id: ids.share, text: text.share }),
    element("button", { type: "button", class: "md-button", id: ids.print, text: text.print }),
  ]);
  const parts = [
    element("h2", { id: ids.resultTitle, tabindex: "-1", text: result.verdict_label }),
    element("p", { class: "checker-summary", text: result.summary }),
    nextStepsSection(result.next_steps),
    element("h3", { text: text.criteria_heading }),
    element(
      "ul",
      { class: "checker-criteria" },
      result.criteria.map((item) => criterionItem(item, "criterion")),
    ),
    result.advice.length ? element("h3", { text: text.advice_heading }) : null,
    result.advice.length
      ? element(
          "ul",
          { class: "checker-criteria checker-advice" },
          result.advice.map((item) => criterionItem(item, "advice")),
        )
      : null,
    timelineSection(result.timeline),
    answersSection(result.answers),
    nextLabelsSection(result.next_labels),
    element("p", { class: "checker-meta" }),
    actions,
    element("p", { class: "checker-share-status", id: ids.shareStatus, role: "status" }),
  ];
  resultBox.replaceChildren(.../** @type {HTMLElement[]} */ (parts.filter(Boolean)));
  resultBox.dataset.verdict = result.verdict;
  resultBox.hidden = false;
  root.classList.add("checker--has-result");
  shownMeta = { checkedAt: dateFormat().format(new Date()), rulesVersion: result.rules_version };
  renderMeta();
  updateLanguageLinks();
  if (request.focus) {
    // the verdict at the top of the screen, and focused: not the middle of a long result
    const title = byId(ids.resultTitle);
    title.scrollIntoView({ block: "start" });
    title.focus({ preventScroll: true });
  } else {
    setStatus(`${text.updated}: ${result.verdict_label}`);
  }
}

// ---- Events -------------------------------------------------------------------

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(liveTimer);
  evaluate(formQuery(), { focus: true });
});

// Every change: conditional questions, the language links; once a result is
// shown, it follows every change of answer. The address is left alone.
form.addEventListener("input", () => {
  applyConditions();
  if (shared) {
    shared = false;
    renderMeta();
  }
  updateLanguageLinks();
  if (!pending && !lastRequest) return; // nothing asked yet: the visitor is still filling in
  clearTimeout(liveTimer);
  // Also while a check is on its way: its answer would be older than the form.
  // Focus stays where the visitor is typing; the status line announces the result.
  liveTimer = setTimeout(() => evaluate(formQuery(), { focus: false }), 300);
});

errorSummary.addEventListener("click", (event) => {
  const link = event.target instanceof Element && event.target.closest("a[data-field]");
  if (!link) return;
  event.preventDefault();
  focusField(link.getAttribute("data-field"));
});

resultBox.addEventListener("click", async (event) => {
  const button = event.target instanceof Element && event.target.closest("a, button");
  if (!button) return;
  if (button.id === ids.changeAll) {
    event.preventDefault();
    const first = /** @type {HTMLInputElement} */ (form.querySelector("input"));
    first.scrollIntoView({ block: "center" });
    first.focus({ preventScroll: true });
  } else if (button.hasAttribute("data-change")) {
    event.preventDefault();
    focusField(button.getAttribute("data-change"));
  } else if (button.id === ids.print) {
    window.print();
  } else if (button.id === ids.share) {
    setFragment(compactQuery(formQuery(), types));
    shared = true;
    renderMeta();
    updateLanguageLinks();
    const message = byId(ids.shareStatus);
    try {
      await navigator.clipboard.writeText(location.href);
      message.textContent = text.shared;
    } catch {
      message.textContent = text.shared_no_clipboard;
    }
  }
});

// A second shared link opened in the same tab shows its own answers.
addEventListener("hashchange", () => {
  if (isAnswerFragment(location.hash)) openFragment(location.hash);
});

retry.addEventListener("click", startWorker);

byId(ids.unavailable).hidden = true; // the script runs: no "has not started" note
byId(ids.live).hidden = false;
form.hidden = false;
applyConditions();
startWorker();

if (isAnswerFragment(location.hash)) openFragment(location.hash);
else updateLanguageLinks();
