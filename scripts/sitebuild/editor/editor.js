// The article editor at /admin/: starts the self-hosted Decap CMS (decap-cms.js, next to
// this file) with the configuration the build generated from the front matter schema
// (editor.json), the site's article file format, a side-by-side preview of both languages
// that uses the site's own stylesheets, and the build's checks before every save.
import {
  articleUrl,
  bylineHtml,
  cleanArticle,
  readArticle,
  slugify,
  validateArticle,
  writeArticle,
} from "./article.js";

window.CMS_MANUAL_INIT = true;

const status = document.getElementById("editor-status");
const env = await (await fetch("editor.json", { cache: "no-cache" })).json();
const lang = uiLanguage(env);
const strings = env.strings[lang].editor;
document.documentElement.lang = lang;

/** The editor's language: ?lang=en, else the browser's first site language, else the site's default. */
function uiLanguage({ languages, default_language: fallback }) {
  const asked = new URLSearchParams(location.search).get("lang");
  if (languages.includes(asked)) return asked;
  for (const tag of navigator.languages ?? []) {
    const code = tag.toLowerCase().split("-")[0];
    if (languages.includes(code)) return code;
  }
  return fallback;
}

function loopback(host) {
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`${src} did not load`));
    document.head.append(script);
  });
}

// --- the checks before saving ------------------------------------------------------------

function localeData(entry, code) {
  const data = code === env.default_language ? entry.get("data") : entry.getIn(["i18n", code, "data"]);
  return data?.toJS?.() ?? {};
}

function describe(problem, code) {
  const language = env.language_names[code] ?? code;
  const rule = problem.rule ? ruleText(problem.rule) : "";
  return strings[problem.kind]
    .replace("{language}", language)
    .replace("{field}", problem.field ?? "")
    .replace("{rule}", rule)
    .replace("{image}", problem.image ?? "");
}

function ruleText(kind) {
  return (
    { url: strings.rule_url, date: strings.rule_date, partial_date: strings.rule_partial_date }[kind] ??
    strings.rule_text
  );
}

/** Decap's preSave event: refuse to save what the build would refuse, in any language. */
function beforeSave({ entry }) {
  if (entry.get("slug") === "index") throw new Error(strings.index_page);
  const problems = [];
  for (const code of env.languages) {
    for (const problem of validateArticle(localeData(entry, code), env.checks, lang))
      problems.push(describe(problem, code));
  }
  if (problems.length) throw new Error(`${strings.errors} ${problems.join(" ")}`);
  return undefined; // the data is written as it is (the format cleans it)
}

// --- the preview: both languages side by side, as the site shows them ----------------------

function Preview(props) {
  const h = window.h;
  const entry = props.state?.entryDraft?.get("entry") ?? props.entry;
  const slug = entry.get("slug") || slugify(entry.getIn(["data", "title"]));
  const columns = env.languages.map((code) => {
    const data = code === env.default_language ? entry.get("data") : entry.getIn(["i18n", code, "data"]);
    const article = cleanArticle(data?.toJS?.() ?? {}, env.checks);
    return h(
      "article",
      { key: code, lang: code, className: "md-typeset preview__column", "data-preview-language": code },
      h("p", { className: "preview__language" }, env.language_names[code] ?? code),
      h("h1", null, article.title ?? env.strings[code].editor.preview_missing),
      h("div", {
        className: "preview__byline",
        dangerouslySetInnerHTML: {
          __html: bylineHtml(article, code, env, slug, env.strings[code].editor.preview_missing),
        },
      }),
      h("div", { className: "preview__body" }, data ? props.widgetFor("body", undefined, data) : null),
      h("p", { className: "preview__address" }, articleUrl(env.site, code, slug || "…")),
    );
  });
  return h(
    "div",
    {
      className: "preview",
      "data-md-color-scheme": env.site.palette.scheme,
      "data-md-color-primary": env.site.palette.primary,
    },
    ...columns,
  );
}

// --- start ------------------------------------------------------------------------------------

async function start() {
  const canSignIn = env.configured || (env.local && loopback(location.hostname));
  if (!canSignIn) {
    status.textContent = strings.not_configured;
    status.dataset.state = "not-configured";
    return;
  }
  await loadScript("decap-cms.js");
  const CMS = window.CMS;
  if (lang !== "en") {
    const phrases = await fetch(`decap.${lang}.json`, { cache: "no-cache" });
    if (phrases.ok) CMS.registerLocale(lang, await phrases.json());
  }
  CMS.registerCustomFormat(env.format, "md", {
    fromFile: (content) => readArticle(content),
    toFile: (data) => writeArticle(data, env.checks),
  });
  for (const href of env.site.styles) CMS.registerPreviewStyle(new URL(href, location.href).href);
  CMS.registerPreviewTemplate(env.collection, Preview);
  CMS.registerEventListener({ name: "preSave", handler: beforeSave });
  status.remove();
  CMS.init({ config: env.configs[lang] });
}

start().catch((error) => {
  status.textContent = error.message;
  status.dataset.state = "failed";
  throw error;
});
