"""The publishing plugin: page and article checks, the article list and bylines,
translation checks, feeds, the sitemap with hreflang alternates, link-preview
metadata, the Pagefind search index and the host header file.

Runs with mkdocs-static-i18n, which builds the default language into site/
and then, from inside that build's on_post_build, every other language (into
site/<lang>/) with the same config and plugin instances. So this plugin keeps
its state per language, and the site-wide steps (sitemap, search index,
headers) run in an on_post_build with a priority below the i18n plugin's,
once the other languages have been built.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import articles as A
from . import search, sitemap
from .front_matter import FrontMatterError
from .languages import Languages, build_language, t

log = logging.getLogger("mkdocs.plugins.klusterilaatu.publishing")

ARTICLE_LIST_MARKER = "<!-- article-list -->"
SEARCH_MARKER = "<!-- site-search -->"


class PublishingConfig(base.Config):
    feed_file = c.Type(str, default="feed.xml")
    """Each language's Atom feed, under the language's folder."""
    headers_file = c.Optional(c.File(exists=True))
    """HTTP headers for static hosts (`deploy/_headers`), copied to the site root."""
    allow_missing_translations = c.Type((bool, int), default=False)
    """While writing: a page missing its other language falls back with a note instead of failing."""
    production = c.Type((bool, str), default=False)
    """A production build (set it to the SITE_URL): absolute hreflang links."""
    search = c.Type(bool, default=True)
    """Build the Pagefind index (with Finnish compound parts where Voikko is installed)."""
    search_page = c.Type(str, default="search/")
    """The search page's URL within each language (the page holding `<!-- site-search -->`)."""


class PublishingPlugin(BasePlugin[PublishingConfig]):
    def __init__(self) -> None:
        self.languages: Languages | None = None
        self.articles: dict[str, list[A.Article]] = {}
        self.pages: dict[str, dict[str, str]] = {}  # language-neutral path -> {lang: url}
        self.site_names: dict[str, str] = {}
        self.building: list[str] = []  # languages whose build is under way, innermost last

    # --- configuration: checks that fail the build -------------------------------

    @event_priority(-110)  # after the i18n plugin has set up the language of this build
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.languages = languages = Languages.of(config)
        lang = build_language(config)
        self.building.append(lang)
        self.site_names[lang] = config.site_name
        docs = Path(config.docs_dir)
        if lang == languages.default:
            self.pages = {}
            self._check_translations(docs)
        try:
            self.articles = A.check_pages(docs, languages)
        except FrontMatterError as error:
            raise PluginError(str(error)) from error
        # the "¶" links' title, in the language of this build
        config.mdx_configs.setdefault("toc", {})["permalink_title"] = t(lang, "page.permalink")
        return config

    def _check_translations(self, docs: Path) -> None:
        assert self.languages
        missing = A.missing_translations(docs, self.languages)
        if not missing:
            return
        lines = "\n".join(f"  {have} has no {want}" for have, want in missing)
        message = f"{len(missing)} page(s) missing their other language:\n{lines}"
        if self.config.allow_missing_translations:
            log.info(message + "\n(allowed while writing: the page falls back with a note)")
            return
        raise PluginError(
            message + "\nTranslate them, or set ALLOW_MISSING_TRANSLATIONS=1 to preview (as `make serve` does)."
        )

    # --- pages -------------------------------------------------------------------

    def _article_for(self, page: Page, lang: str) -> A.Article | None:
        assert self.languages
        src = Path(page.file.src_uri)
        slug, _ = A.split_name(src, self.languages)
        if len(src.parts) != 2 or src.parts[0] != A.ARTICLES_DIR or slug == "index":
            return None
        for candidates in (self.articles.get(lang, []), self.articles.get(self.languages.default, [])):
            for article in candidates:
                if article.slug == slug:
                    return article
        return None

    def on_page_content(self, html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        lang = build_language(config)
        if ARTICLE_LIST_MARKER in html_text:
            listing = A.render_list(self.articles[lang], lang, lambda a: get_relative_url(a.url, page.url))
            html_text = html_text.replace(f"<p>{ARTICLE_LIST_MARKER}</p>", listing).replace(
                ARTICLE_LIST_MARKER, listing
            )
        if SEARCH_MARKER in html_text:
            widget = search.widget(page, lang, self._search_page(lang))
            html_text = html_text.replace(f"<p>{SEARCH_MARKER}</p>", widget).replace(SEARCH_MARKER, widget)
        article = self._article_for(page, lang)
        if article is not None:
            url = config.site_url.rstrip("/") + "/" + page.url
            byline = A.render_byline(article, config.site_name, url)
            html_text = re.sub(r"(</h1>)", lambda m: m.group(1) + byline, html_text, count=1)
        if getattr(page.file, "locale", lang) != lang:
            note = (
                f'<div class="admonition warning untranslated" lang="{lang}">'
                f'<p class="admonition-title">{html.escape(t(lang, "page.untranslated"))}</p>'
                f"<p>{html.escape(t(lang, 'page.untranslated_body'))}</p></div>"
            )
            html_text = re.sub(r"(</h1>)", lambda m: m.group(1) + note, html_text, count=1)
            if "</h1>" not in html_text:
                html_text = note + html_text
        return html_text

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        assert self.languages
        lang = build_language(config)
        article = self._article_for(page, lang)
        site_url = config.site_url.rstrip("/") + "/"
        meta = page.meta or {}
        other = next((code for code in self.languages.codes if code != lang), lang)
        context["publishing"] = {
            "lang": lang,
            "og_locale": t(lang, "locale.og"),
            "og_alternate_locale": t(other, "locale.og"),
            "og_type": "article" if article else "website",
            "og_url": site_url + page.url,
            "title": meta.get("title") or page.title,
            "description": meta.get("description") or config.site_description,
            "feed_url": get_relative_url(self.languages.prefix(lang) + self.config.feed_file, page.url),
            "feed_title": t(lang, "articles.feed"),
            "published": article.date.isoformat() if article else None,
            "authors": [a.name for a in article.authors] if article else [],
            "tags": article.tags if article else [],
            "search_page": SEARCH_MARKER in (page.markdown or ""),
        }
        if self.config.search:
            context["publishing"]["search"] = {
                **search.context(page, lang, self._search_page(lang)),
                "on_search_page": context["publishing"]["search_page"],
            }
        prefix = self.languages.prefix(lang)
        neutral = page.url[len(prefix) :] if prefix and page.url.startswith(prefix) else page.url
        self.pages.setdefault(neutral, {})[lang] = page.url
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Mark the article body for Pagefind (nav, header and footer stay out of the
        index); a fallback page keeps its own language and stays out of the index.
        In a production build, hreflang alternates become absolute URLs, as search
        engines expect; local builds keep them relative, so that a test server on
        any port never sees a request for another origin."""
        article = '<article class="md-content__inner md-typeset">'
        locale = getattr(page.file, "locale", None)
        if locale and locale != build_language(config):
            output = output.replace(article, f'<article class="md-content__inner md-typeset" lang="{locale}">', 1)
        elif (page.meta or {}).get("pagefind") is not False:
            output = output.replace(article, '<article class="md-content__inner md-typeset" data-pagefind-body>', 1)
        if self.config.production:
            base_url = urljoin(config.site_url, page.url)
            output = re.sub(
                r'(<link rel="alternate" href=")([^"]+)(" hreflang=")',
                lambda m: f"{m.group(1)}{urljoin(base_url, m.group(2))}{m.group(3)}",
                output,
            )
        return output

    def _search_page(self, lang: str) -> str:
        assert self.languages
        return self.languages.prefix(lang) + self.config.search_page

    # --- after the build -----------------------------------------------------------

    @event_priority(-200)  # after mkdocs-static-i18n (-100) has built the other languages
    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.languages
        site = Path(config.site_dir)
        lang = self.building.pop()
        feed_path = self.languages.prefix(lang) + self.config.feed_file
        feed = A.atom_feed(
            self.articles[lang],
            lang,
            config.site_url,
            self.site_names[lang],
            feed_path,
            self.languages.prefix(lang),
        )
        (site / feed_path).parent.mkdir(parents=True, exist_ok=True)
        (site / feed_path).write_bytes(feed)
        if lang != self.languages.default:
            return
        sitemap.write(site, config.site_url, self.pages, self.languages)
        if self.config.search:
            report = search.index(site, self.languages.codes)
            log.debug(f"Search index: {report}")
        if self.config.headers_file:
            (site / "_headers").write_text(Path(self.config.headers_file).read_text(encoding="utf-8"), encoding="utf-8")
