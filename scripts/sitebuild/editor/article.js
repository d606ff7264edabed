// The editor's article rules, with no browser or CMS code (the tests run this file in Node):
// - the file format: read and write docs/articles/<slug>.<lang>.md as the build reads it;
// - the checks: the build's front matter checks (scripts/sitebuild/front_matter.py), run on
//   every language before the editor saves, from the schema-generated `checks` in editor.json;
// - the byline under the title, as the site renders it (scripts/sitebuild/articles.py).
import { parse as parseYaml } from "./yaml/index.js";

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)/;
const IMAGE = /!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

// --- the file ---------------------------------------------------------------------

/** A file's text -> the CMS's data: the front matter's fields and `body`, the text
 * without its `# Title` line (the title field is the page's heading). */
export function readArticle(content) {
  const text = String(content ?? "").replace(/\r\n?/g, "\n");
  const match = FRONT_MATTER.exec(text);
  let meta = {};
  let body = text;
  if (match) {
    meta = parseYaml(match[1] ?? "") ?? {};
    body = text.slice(match[0].length);
  }
  body = body
    .replace(/^(?:[ \t]*\n)+/, "")
    .replace(/^# [^\n]*(?:\n|$)/, "")
    .replace(/^(?:[ \t]*\n)+/, "");
  return body.trim() ? { ...meta, body } : { ...meta };
}

function isEmpty(value) {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

/** A value as it will be written: strings trimmed, empty items, empty optional
 * parts and empty lists left out (undefined when nothing is left). */
export function cleanValue(spec, value) {
  if (value === undefined || value === null) return undefined;
  if (spec.type === "list") {
    if (!Array.isArray(value)) return value;
    const items = value.map((item) => cleanValue(spec.item, item)).filter((item) => item !== undefined);
    return items.length ? items : undefined;
  }
  if (spec.type === "object") {
    if (typeof value !== "object" || Array.isArray(value)) return value;
    const out = {};
    for (const [name, part] of Object.entries(spec.fields)) {
      const cleaned = cleanValue(part, value[name]);
      if (cleaned !== undefined) out[name] = cleaned;
    }
    for (const [name, extra] of Object.entries(value)) {
      if (!(name in spec.fields) && !isEmpty(extra)) out[name] = extra;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
  return value;
}

/** The front matter as written: the schema's fields in its order, then any other field the file had. */
export function cleanArticle(data, checks) {
  const out = {};
  for (const [name, spec] of Object.entries(checks)) {
    const value = cleanValue(spec, data[name]);
    if (value !== undefined) out[name] = value;
  }
  for (const [name, value] of Object.entries(data)) {
    if (!(name in checks) && name !== "body" && !isEmpty(value)) out[name] = value;
  }
  return out;
}

/** A YAML double-quoted string (a JSON string is one), with the characters YAML would
 * read as line breaks escaped too. */
export function quote(text) {
  return JSON.stringify(String(text)).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function yamlLines(name, spec, value, indent) {
  if (spec && spec.type === "list" && Array.isArray(value)) {
    const lines = [`${indent}${name}:`];
    for (const item of value) {
      if (item && typeof item === "object" && !Array.isArray(item)) {
        const inner = objectLines(spec.item, item, `${indent}    `);
        lines.push(`${indent}  - ${inner[0].trimStart()}`, ...inner.slice(1));
      } else {
        lines.push(`${indent}  - ${scalar(spec.item, item)}`);
      }
    }
    return lines;
  }
  if (spec && spec.type === "object" && value && typeof value === "object" && !Array.isArray(value)) {
    return [`${indent}${name}:`, ...objectLines(spec, value, `${indent}  `)];
  }
  if (!spec) return [`${indent}${name}: ${JSON.stringify(value)}`]; // a field the schema does not know: JSON is YAML
  return [`${indent}${name}: ${scalar(spec, value)}`];
}

function objectLines(spec, value, indent) {
  const lines = [];
  for (const [name, item] of Object.entries(value)) {
    lines.push(...yamlLines(name, spec.fields?.[name], item, indent));
  }
  return lines;
}

function scalar(spec, value) {
  if (typeof value !== "string") return JSON.stringify(value);
  if (spec?.type === "date" && new RegExp(spec.pattern).test(value)) return value; // as `make article` writes it
  return quote(value);
}

/** The CMS's data -> the file's text: front matter, `# Title`, the text. */
export function writeArticle(data, checks) {
  const meta = cleanArticle(data, checks);
  const lines = ["---"];
  for (const [name, value] of Object.entries(meta)) lines.push(...yamlLines(name, checks[name], value, ""));
  lines.push("---", "");
  const body = String(data.body ?? "")
    .replace(/\r\n?/g, "\n")
    .trim();
  const title = typeof meta.title === "string" ? meta.title.replace(/\s+/g, " ") : "";
  if (title) lines.push(`# ${title}`, "");
  if (body) lines.push(body, "");
  return lines.join("\n");
}

// --- the checks -----------------------------------------------------------------------

function label(spec, name, lang) {
  return spec.label?.[lang] ?? name;
}

function checkFields(fields, meta, path, lang, out) {
  for (const [name, spec] of Object.entries(fields)) {
    const value = meta?.[name];
    const where = [...path, label(spec, name, lang)];
    if (isEmpty(value)) {
      if (spec.required) out.push({ kind: "missing", field: where.join(" › ") });
      continue;
    }
    checkValue(spec, value, where, lang, out);
  }
}

function checkValue(spec, value, where, lang, out) {
  const field = where.join(" › ");
  switch (spec.type) {
    case "list":
      if (!Array.isArray(value)) out.push({ kind: "invalid", field, rule: spec.type });
      else
        value.forEach((item, i) =>
          checkValue(spec.item, item, [...where.slice(0, -1), `${where.at(-1)} ${i + 1}`], lang, out),
        );
      return;
    case "object": {
      if (typeof value !== "object" || Array.isArray(value)) {
        out.push({ kind: "invalid", field, rule: spec.type });
        return;
      }
      if (Object.keys(value).some((key) => !(key in spec.fields))) out.push({ kind: "unknown", field });
      checkFields(spec.fields, value, where, lang, out);
      return;
    }
    case "choice":
      if (!spec.choices.includes(value)) out.push({ kind: "choice", field });
      return;
    default: {
      const text =
        typeof value === "string"
          ? value.trim()
          : spec.type === "date" || spec.type === "partial_date"
            ? String(value)
            : null;
      if (text === null || (spec.pattern && !new RegExp(spec.pattern).test(text))) {
        out.push({ kind: "invalid", field, rule: spec.type });
      }
    }
  }
}

/** What the build would refuse in one language version, as [{kind, field, rule?}]:
 * the schema's checks, an original article without its adaptation (and the other way
 * round), and an image in the text without alternative text. */
export function validateArticle(data, checks, lang) {
  const meta = cleanArticle(data, checks);
  const out = [];
  checkFields(checks, meta, [], lang, out);
  if (meta.original && !meta.adaptation) out.push({ kind: "original_needs_adaptation" });
  if (meta.adaptation && !meta.original) out.push({ kind: "adaptation_needs_original" });
  for (const [, alt, src] of String(data.body ?? "").matchAll(IMAGE)) {
    if (!alt.trim()) out.push({ kind: "alt_missing", image: src });
  }
  return out;
}

// --- the byline, as scripts/sitebuild/articles.py renders it ---------------------------------

export function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" })[ch],
  );
}

/** "2026-11-27" -> "27.11.2026" (fi) / "27 November 2026" (en); a year or year-month as it is. */
export function formatDate(iso, lang, months) {
  const parts = String(iso).split("-");
  if (parts.length !== 3) return String(iso);
  const [y, m, d] = parts.map(Number);
  if (lang === "fi") return `${d}.${m}.${y}`;
  return `${d} ${months[lang]?.[m - 1] ?? m} ${y}`;
}

function shortName(name) {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return name;
  const initials = parts.slice(0, -1).map((part) => `${Array.from(part)[0]}.`);
  return `${parts.at(-1)}, ${initials.join(" ")}`;
}

function names(authors) {
  const short = authors.map((author) => shortName(author.name ?? ""));
  return short.length === 1 ? short[0] : `${short.slice(0, -1).join(", ")} & ${short.at(-1)}`;
}

/** The article's URL on the site: site_url + `articles/<slug>/` (with the language's prefix). */
export function articleUrl(site, lang, slug) {
  return `${site.url.replace(/\/+$/, "")}/${site.prefixes[lang]}${site.articles_dir}/${slug}/`;
}

export function citation(article, lang, env, url) {
  const t = (key) => env.strings[lang].articles[key];
  const year = String(article.date ?? "").slice(0, 4);
  const siteName = env.site.names[lang];
  if (!article.original) return `${names(article.authors)} (${year}). ${article.title}. ${siteName}. ${url}`;
  const o = article.original;
  const originalYear = o.date ? String(o.date).slice(0, 4) : t("no_date");
  const original =
    `${names(article.authors)} (${originalYear}). ${o.title}. ${o.publisher}.` + (o.url ? ` ${o.url}` : "");
  const here = `${t("adapted_as")} ${article.title}. ${siteName}, ${formatDate(article.date, lang, env.months)}. ${url}`;
  return `${original} ${here}`;
}

/** The byline's HTML for checked, cleaned front matter (`article`: title, date, authors,
 * license, original, adaptation), the same markup as articles.render_byline. Parts still
 * missing while the author writes show as `missing`. */
export function bylineHtml(article, lang, env, slug, missing = "") {
  const t = (key) => env.strings[lang].articles[key];
  const e = escapeHtml;
  const row = (key, content, cls = "") =>
    `<p${cls ? ` class="${cls}"` : ""}><span class="article-byline__label">${e(t(key))}</span> ${content}</p>`;
  const authors = (article.authors ?? []).map(
    (a) =>
      `<span class="article-byline__author">${e(a.name ?? missing)}, ${e(a.title ?? missing)}, ${e(a.organisation ?? missing)}</span>`,
  );
  const date = article.date
    ? `<time datetime="${e(article.date)}">${formatDate(article.date, lang, env.months)}</time>`
    : e(missing);
  const original = article.original && article.adaptation ? article.original : null;
  const rows = [
    row(original ? "published_here" : "published", date),
    row("by", authors.length ? authors.join("; ") : e(missing)),
  ];
  if (original) {
    const title = original.url
      ? `<a href="${e(original.url)}">${e(original.title ?? missing)}</a>`
      : e(original.title ?? missing);
    const when = original.date ? formatDate(original.date, lang, env.months) : t("date_unknown");
    const licence = env.licenses[original.license];
    const link = licence ? `<a href="${e(licence.url)}">${e(original.license)}</a>` : e(missing);
    rows.push(
      row(
        "original",
        `${title}. ${e(original.publisher ?? missing)}, ${e(when)}. ${link}.`,
        "article-byline__original",
      ),
    );
    rows.push(
      row(
        "adaptation",
        `${e(article.adaptation.by ?? missing)}: ${e(article.adaptation.changes ?? missing)}`,
        "article-byline__adapted",
      ),
    );
  }
  const licence = env.licenses[article.license ?? env.default_license];
  if (licence) rows.push(row("license", `<a href="${e(licence.url)}" rel="license">${e(licence[lang])}</a>`));
  const url = articleUrl(env.site, lang, slug || "…");
  const citable = { ...article, original, authors: article.authors ?? [] };
  rows.push(row("cite", e(citation(citable, lang, env, url)), "article-byline__cite"));
  return `<aside class="article-byline" aria-label="${e(t("about"))}">${rows.join("")}</aside>`;
}

/** A title -> the file name the editor will give the article (as `make article` does: ASCII, lower case). */
export function slugify(title) {
  const ascii = String(title ?? "")
    .normalize("NFKD")
    .replace(/[^\x00-\x7f]/g, "");
  return ascii
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}
