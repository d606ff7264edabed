"""MkDocs hooks for publishing: front matter checks, the articles list and
bylines, translation checks, feeds, the sitemap with hreflang alternates, the
Pagefind search index and the host header file.

Runs with mkdocs-static-i18n, which builds Finnish (into site/) and then, from
inside Finnish's on_post_build, English (into site/en/). The site-wide steps
(sitemap, Pagefind, _headers) therefore run in an on_post_build with a priority
below the i18n plugin's, once the English build has returned."""

import gzip
import html
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import articles as A
from scripts import clusters as C

log = logging.getLogger("mkdocs.hooks.publishing")

ARTICLE_LIST_MARKER = "<!-- article-list -->"
SEARCH_MARKER = "<!-- site-search -->"
FEED = {"fi": "feed.xml", "en": "en/feed.xml"}
OG_LOCALE = {"fi": "fi_FI", "en": "en_GB"}
ALLOW_MISSING_ENV = "ALLOW_MISSING_TRANSLATIONS"
HEADERS_TEMPLATE = ROOT / "deploy" / "_headers"

_state = {"articles": {}, "pages": {}, "builds": []}


def _is_default_build(config):
    return A.build_lang(config) == A.DEFAULT_LANG


def _fail(error):
    raise PluginError(str(error)) from error


# --- configuration: checks that fail the build ------------------------------


@event_priority(-110)  # after the i18n plugin has set up the language of this build
def on_config(config):
    docs = Path(config["docs_dir"])
    # i18n runs the English build (on_config ... on_post_build) inside the Finnish
    # on_post_build, and leaves the config in English: remember whose build is whose.
    _state["builds"].append(A.build_lang(config))
    _state.setdefault("names", {})[A.build_lang(config)] = config["site_name"]
    if _is_default_build(config):
        _state["pages"] = {}
        missing = A.missing_translations(docs)
        if missing:
            lines = "\n".join(f"  {have} has no {want}" for have, want in missing)
            message = f"{len(missing)} page(s) missing their other language:\n{lines}"
            if os.environ.get(ALLOW_MISSING_ENV) == "1":
                log.info(message + "\n(allowed while writing: the page falls back with a note)")
            else:
                raise PluginError(
                    message + f"\nTranslate them, or set {ALLOW_MISSING_ENV}=1 to preview (as `make serve` does)."
                )
    try:
        _state["articles"] = A.check_pages(docs)
    except A.FrontMatterError as error:
        _fail(error)
    return config


# --- pages -------------------------------------------------------------------


def on_page_content(html_text, page, config, files):
    lang = A.build_lang(config)
    try:  # the two cluster tables (logic in scripts/clusters.py)
        html_text = C.replace_markers(html_text, lang, lambda path: get_relative_url(path, page.url))
    except C.ClusterDataError as error:
        _fail(error)
    if ARTICLE_LIST_MARKER in html_text:
        articles = _state["articles"][lang]
        listing = A.render_list(articles, lang, lambda a: get_relative_url(a.url, page.url))
        html_text = html_text.replace(f"<p>{ARTICLE_LIST_MARKER}</p>", listing).replace(ARTICLE_LIST_MARKER, listing)
    if SEARCH_MARKER in html_text:
        html_text = html_text.replace(SEARCH_MARKER, _search_widget(page, lang))
    article = _article_for(page, lang)
    if article is not None:
        url = config["site_url"].rstrip("/") + "/" + page.url
        byline = A.render_byline(article, config["site_name"], url)
        html_text = re.sub(r"(</h1>)", lambda m: m.group(1) + byline, html_text, count=1)
    if getattr(page.file, "locale", lang) != lang:
        t = A.TEXTS[lang]
        note = (
            f'<div class="admonition warning untranslated" lang="{lang}">'
            f'<p class="admonition-title">{t["untranslated"]}</p><p>{t["untranslated_body"]}</p></div>'
        )
        html_text = re.sub(r"(</h1>)", lambda m: m.group(1) + note, html_text, count=1)
        if "</h1>" not in html_text:
            html_text = note + html_text
    return html_text


def _article_for(page, lang):
    src = Path(page.file.src_uri)
    slug, _ = A.split_name(src)
    if len(src.parts) != 2 or src.parts[0] != A.ARTICLES_DIR or slug == "index":
        return None
    for candidates in (_state["articles"].get(lang, []), _state["articles"].get(A.DEFAULT_LANG, [])):
        for article in candidates:
            if article.slug == slug:
                return article
    return None


def _search_widget(page, lang):
    ui = get_relative_url("pagefind/pagefind-ui.js", page.url)
    script = get_relative_url("assets/search/search.js", page.url)
    label = {"fi": "Hae sivustolta", "en": "Search this site"}[lang]
    noscript = {
        "fi": "Haku tarvitsee JavaScriptin. Sivut löytyvät myös valikosta.",
        "en": "Search needs JavaScript. Every page is also in the menu.",
    }[lang]
    return (
        f'<div id="site-search" class="site-search" data-label="{html.escape(label)}"></div>'
        f"<noscript><p>{noscript}</p></noscript>"
        f'<script src="{ui}"></script><script src="{script}"></script>'
    )


def on_page_context(context, page, config, nav):
    lang = A.build_lang(config)
    article = _article_for(page, lang)
    site_url = config["site_url"].rstrip("/") + "/"
    meta = page.meta or {}
    context["publishing"] = {
        "lang": lang,
        "og_locale": OG_LOCALE[lang],
        "og_alternate_locale": OG_LOCALE["en" if lang == "fi" else "fi"],
        "og_type": "article" if article else "website",
        "og_url": site_url + page.url,
        "title": meta.get("title") or page.title,
        "description": meta.get("description") or config["site_description"],
        "feed_url": get_relative_url(FEED[lang], page.url),
        "feed_title": A.TEXTS[lang]["feed"],
        "published": article.date.isoformat() if article else None,
        "authors": [a.name for a in article.authors] if article else [],
        "tags": article.tags if article else [],
        "search_page": SEARCH_MARKER in (page.markdown or ""),
    }
    # every page in the sitemap, keyed by its language-neutral path
    neutral = page.url[len(lang) + 1 :] if lang != A.DEFAULT_LANG else page.url
    _state["pages"].setdefault(neutral, {})[lang] = page.url
    return context


def on_post_page(output, page, config):
    """Mark the article body for Pagefind (nav, header and footer stay out of the
    index); a fallback page keeps its own language and stays out of the index."""
    article = '<article class="md-content__inner md-typeset">'
    locale = getattr(page.file, "locale", None)
    if locale and locale != A.build_lang(config):
        return output.replace(article, f'<article class="md-content__inner md-typeset" lang="{locale}">', 1)
    if (page.meta or {}).get("pagefind") is False:
        return output
    return output.replace(article, '<article class="md-content__inner md-typeset" data-pagefind-body>', 1)


# --- after the build ---------------------------------------------------------


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built the other languages
def on_post_build(config):
    site = Path(config["site_dir"])
    lang = _state["builds"].pop() if _state["builds"] else A.build_lang(config)
    feed = A.atom_feed(
        _state["articles"][lang],
        lang,
        config["site_url"],
        _state["names"][lang],
        FEED[lang],
        "" if lang == A.DEFAULT_LANG else f"{lang}/",
    )
    (site / FEED[lang]).parent.mkdir(parents=True, exist_ok=True)
    (site / FEED[lang]).write_bytes(feed)
    if lang != A.DEFAULT_LANG:
        return
    write_sitemaps(site, config["site_url"], _state["pages"])
    run_pagefind(site)
    if HEADERS_TEMPLATE.exists():
        (site / "_headers").write_text(HEADERS_TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def sitemap_xml(site_url, pages):
    """Every page of every language, each with its fi/en/x-default alternates."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    base = site_url.rstrip("/") + "/"
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for neutral in sorted(pages):
        versions = pages[neutral]
        for lang in A.LANGS:
            if lang not in versions:
                continue
            url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
            ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = base + versions[lang]
            alternates = [(alt, versions[alt]) for alt in A.LANGS if alt in versions]
            if A.DEFAULT_LANG in versions:
                alternates.append(("x-default", versions[A.DEFAULT_LANG]))
            for hreflang, path in alternates:
                ET.SubElement(
                    url, f"{{{XHTML_NS}}}link", {"rel": "alternate", "hreflang": hreflang, "href": base + path}
                )
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


EMPTY_SITEMAP = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}"/>\n'.encode()


def write_sitemaps(site, site_url, pages):
    data = sitemap_xml(site_url, pages)
    for path in (site / "sitemap.xml", site / "en" / "sitemap.xml"):
        path.write_bytes(data)
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))
    (site / "en" / "sitemap.xml.gz").unlink(missing_ok=True)
    # Material fetches `sitemap.xml` next to every `<link rel=alternate>` target
    # (the page in the other language, the feed) to map pages between languages.
    # static-i18n already links each page to its translation, so an empty map is
    # enough there, and answers those requests without a 404.
    for versions in pages.values():
        for path in versions.values():
            target = site / path / "sitemap.xml"
            if path and target.parent.is_dir() and not target.exists():
                target.write_bytes(EMPTY_SITEMAP)


def run_pagefind(site):
    """Index the built site: one index per `<html lang>`, with Finnish and English stemming."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--exclude-selectors",
        ".headerlink",
        "--exclude-selectors",
        ".article-byline__cite",
        "--silent",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(f"Pagefind failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    for lang in A.LANGS:
        if not list((site / "pagefind").glob(f"pagefind.{lang}_*.pf_meta")):
            raise PluginError(f"Pagefind built no '{lang}' index: check the pages' <html lang>.")
