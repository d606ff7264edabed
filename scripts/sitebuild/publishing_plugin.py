"""The publishing plugin: page and article checks, the article list and bylines,
translation checks, feeds, the sitemap with hreflang alternates, link-preview
metadata, the Pagefind search index and the host header file; and the page
markup around Material: the Content-Security-Policy <meta> (csp.py), escaped
titles, table captions and scrolling regions, image sizes (markup.py) and a
404 page per language (not_found.py).

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
from typing import Any, cast
from urllib.parse import urljoin

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from . import articles, clusters, csp, editor, markup, not_found, search, sitemap
from .front_matter import FrontMatterError
from .languages import Languages, build_language, t

log = logging.getLogger("mkdocs.plugins.klusterilaatu.publishing")

ARTICLE_LIST_MARKER = "<!-- article-list -->"
SITE_TOKEN = re.compile(r"\{\{\s*site\.([A-Za-z_]+)\s*\}\}")
EMAIL = re.compile(r"[^@\s<>\"'()\[\]]+@[^@\s<>\"'()\[\]]+\.[A-Za-z]{2,}")
SEARCH_MARKER = "<!-- site-search -->"

# Material's templates that print a page's title without escaping it and that
# the site does not otherwise need to copy: they are compiled with Jinja's
# autoescape instead (the header: whichever partials/header.html is in use,
# Material's or an override; the footer's previous/next links). The copies in
# overrides/ escape with `| e` themselves.
AUTOESCAPED_TEMPLATES = frozenset({"partials/header.html", "partials/footer.html"})


_OVERRIDING = re.compile(r"^(?:\S+: )?Overriding '[^']+' config '")


class _RoutineNotices(logging.Filter):
    """Keep routine notices out of the build output: mkdocs-static-i18n reports
    each per-language setting of mkdocs.yml as "Overriding 'en' config …",
    which is the configuration working as written. Warnings still show."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno <= logging.INFO and _OVERRIDING.search(str(record.msg)))


_ROUTINE = _RoutineNotices()
logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").addFilter(_ROUTINE)


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
    accessibility_feedback = c.Optional(c.Type(str))
    """The e-mail address for accessibility feedback (Act 306/2019): `{{ site.accessibility_feedback }}`
    in a page. A production build refuses to run without it."""
    editor = c.SubConfig(editor.EditorConfig)
    """The web editor for articles at /admin/ (see editor.py)."""
    csp_meta = c.Type(bool, default=True)
    """Write the Content-Security-Policy of `headers_file` into every page as a <meta>."""


def required_site_url(config: MkDocsConfig) -> str:
    """mkdocs.yml's site_url: feeds, the sitemap and the bylines need it."""
    if not config.site_url:
        raise PluginError("mkdocs.yml has no site_url: the feeds, the sitemap and the bylines need one.")
    return config.site_url


class TemplateCodeCache(BytecodeCache):
    """Compiled templates, kept in memory for the plugin's life: the other
    languages' builds, which mkdocs-static-i18n runs with the same plugin,
    reuse them (`mkdocs serve` loads the plugin afresh for each rebuild).
    Jinja compares each with its template's source and compiles a changed
    one again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class PublishingPlugin(BasePlugin[PublishingConfig]):
    def __init__(self) -> None:
        self.template_code = TemplateCodeCache()
        self.languages: Languages | None = None
        self.articles: dict[str, list[articles.Article]] = {}
        self.pages: dict[str, dict[str, str]] = {}  # language-neutral path -> {lang: url}
        self.site_names: dict[str, str] = {}
        self.building: list[str] = []  # languages whose build is under way, innermost last
        self.search_urls: dict[str, str] = {}  # lang -> the search page's URL
        self.not_found_pages: dict[str, str] = {}  # lang -> its rendered 404 page
        self.static_files: dict[str, Path] = {}  # site path -> source file, for image sizes

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
            self.search_urls = {}
            self.not_found_pages = {}
            self._check_translations(docs)
            self._check_feedback_address()
        try:
            self.articles = articles.check_pages(docs, languages)
        except FrontMatterError as error:
            raise PluginError(str(error)) from error
        # the "¶" links' title, in the language of this build
        config.mdx_configs.setdefault("toc", {})["permalink_title"] = t(lang, "page.permalink")
        return config

    def _check_feedback_address(self) -> None:
        address = self.config.accessibility_feedback
        if address and not EMAIL.fullmatch(address):
            raise PluginError(f"mkdocs.yml: accessibility_feedback {address!r} is not an e-mail address.")
        if self.config.production and not address:
            raise PluginError(
                "mkdocs.yml: a production build (SITE_URL set) needs `accessibility_feedback`, the e-mail address "
                "that receives accessibility feedback (Act 306/2019). Set it under klusterilaatu-publishing."
            )

    def _check_translations(self, docs: Path) -> None:
        assert self.languages
        missing = articles.missing_translations(docs, self.languages)
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

    # --- templates -----------------------------------------------------------------

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        if self.config.csp_meta and self.config.headers_file:
            try:
                env.globals["csp_meta"] = csp.meta_policy(csp.policy(self.config.headers_file))
            except csp.HeadersError as error:
                raise PluginError(str(error)) from error
        env.bytecode_cache = self.template_code
        previous = env.autoescape
        env.autoescape = lambda name: (
            name in AUTOESCAPED_TEMPLATES or (previous(name) if callable(previous) else bool(previous))
        )
        return env

    @event_priority(-150)  # after mkdocs-static-i18n (-100) has chosen this language's files
    def on_nav(self, nav: Any, config: MkDocsConfig, files: Files) -> Any:
        self.static_files = {
            f.dest_uri: Path(f.abs_src_path) for f in files if f.abs_src_path and not f.is_documentation_page()
        }
        return nav

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        if template_name == not_found.TEMPLATE:
            assert self.languages
            lang = build_language(config)
            ours = cast(dict[str, Any], context)  # the templates read `publishing`
            ours["publishing"] = not_found.context(
                lang, self.languages, config.site_url, context.get("nav"), self.search_urls.get(lang)
            )
        return context

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        if template_name == not_found.TEMPLATE:
            self.not_found_pages[build_language(config)] = output
        return output

    # --- pages -------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """`{{ site.accessibility_feedback }}`: the address as a mailto link (or, in a local build
        without one, a note that it is not set)."""
        lang = build_language(config)

        def value(match: re.Match[str]) -> str:
            if match.group(1) != "accessibility_feedback":
                raise PluginError(f"{page.file.src_uri}: unknown token {match.group(0)!r}")
            address = self.config.accessibility_feedback
            return f"[{address}](mailto:{address})" if address else f"*{t(lang, 'page.feedback_unset')}*"

        return SITE_TOKEN.sub(value, markdown)

    def _article_for(self, page: Page, lang: str) -> articles.Article | None:
        assert self.languages
        src = Path(page.file.src_uri)
        slug, _ = articles.split_name(src, self.languages)
        if len(src.parts) != 2 or src.parts[0] != articles.ARTICLES_DIR or slug == "index":
            return None
        for candidates in (self.articles.get(lang, []), self.articles.get(self.languages.default, [])):
            for article in candidates:
                if article.slug == slug:
                    return article
        return None

    def on_page_content(self, html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.languages
        lang = build_language(config)
        try:  # the two cluster tables, from docs/_data/clusters.toml
            data = Path(config.docs_dir) / clusters.DATA
            html_text = clusters.replace_markers(
                html_text, lang, self.languages.codes, data, lambda path: get_relative_url(path, page.url)
            )
        except clusters.ClusterDataError as error:
            raise PluginError(str(error)) from error
        if ARTICLE_LIST_MARKER in html_text:
            listing = articles.render_list(self.articles[lang], lang, lambda a: get_relative_url(a.url, page.url))
            html_text = html_text.replace(f"<p>{ARTICLE_LIST_MARKER}</p>", listing).replace(
                ARTICLE_LIST_MARKER, listing
            )
        if SEARCH_MARKER in html_text:
            self.search_urls[lang] = page.url  # for the 404 page, which MkDocs renders before the pages
            widget = search.widget(page, lang, self._search_page(lang))
            html_text = html_text.replace(f"<p>{SEARCH_MARKER}</p>", widget).replace(SEARCH_MARKER, widget)
        article = self._article_for(page, lang)
        if article is not None:
            url = required_site_url(config).rstrip("/") + "/" + page.url
            byline = articles.render_byline(article, config.site_name, url)
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
        try:
            html_text = markup.headings(html_text)
            html_text = markup.tables(html_text, lang, page.file.src_uri)
            html_text = markup.image_sizes(html_text, page.url, self.static_files.get, page.file.src_uri)
        except markup.MarkupError as error:
            raise PluginError(str(error)) from error
        return html_text

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        assert self.languages
        lang = build_language(config)
        article = self._article_for(page, lang)
        site_url = required_site_url(config).rstrip("/") + "/"
        meta = page.meta or {}
        other = next((code for code in self.languages.codes if code != lang), lang)
        publishing: dict[str, Any] = {
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
            publishing["search"] = {
                **search.context(page, lang, self._search_page(lang)),
                "on_search_page": publishing["search_page"],
            }
        cast(dict[str, Any], context)["publishing"] = publishing  # what the templates read
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
            base_url = urljoin(required_site_url(config), page.url)
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
        feed = articles.atom_feed(
            self.articles[lang],
            lang,
            required_site_url(config),
            self.site_names[lang],
            feed_path,
            self.languages.prefix(lang),
        )
        (site / feed_path).parent.mkdir(parents=True, exist_ok=True)
        (site / feed_path).write_bytes(feed)
        if lang != self.languages.default:
            return
        # every language's 404 page where that language lives (each build wrote its own to the root)
        for code, output in self.not_found_pages.items():
            target = site / not_found.output_path(code, self.languages)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(output, encoding="utf-8")
        sitemap.write(site, required_site_url(config), self.pages, self.languages)
        if self.config.search:
            report = search.index(site, self.languages.codes)
            log.debug(f"Search index: {report}")
        # after the sitemap and the search index, so that neither has the editor
        if self.config.editor.enabled and not self.config.headers_file:
            raise PluginError("mkdocs.yml: the editor needs `headers_file` (its policy is the /admin/* block there).")
        editor.write(
            site,
            config,
            self.config.editor,
            self.languages,
            production=bool(self.config.production),
            headers_file=str(self.config.headers_file),
        )
        if self.config.headers_file:
            (site / "_headers").write_text(Path(self.config.headers_file).read_text(encoding="utf-8"), encoding="utf-8")
