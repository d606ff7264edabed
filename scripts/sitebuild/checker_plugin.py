"""The checker plugin: renders the rules engine's data into the pages (the
criteria table, the form) and ships what the browser needs to run the engine:
the pinned Pyodide runtime, the checker as a wheel in the site's Pyodide lock
file, a trimmed standard library, a memory snapshot with the checker imported
(runtime.py), and a service worker that keeps them for offline use."""

from __future__ import annotations

import importlib
import json
import mimetypes
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any, cast

from jinja2 import Environment, PackageLoader
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from . import rule_values, runtime, service_worker
from .languages import build_language, catalogue, default_language, t

CRITERIA_MARKER = "<!-- criteria-table -->"
FORM_MARKER = "<!-- checker-form -->"

TEMPLATES = Environment(loader=PackageLoader("sitebuild"), autoescape=True, keep_trailing_newline=False)
# The ids and messages shared by the form's template, checker.js and worker.js.
PROTOCOL = json.loads(resources.files(__package__).joinpath("browser/protocol.json").read_text(encoding="utf-8"))


def kept_prefix(file: str) -> str:
    """How the names of a file the worker keeps begin (kept.mjs's keptName:
    "snapshot.bin" is kept as "snapshot-<sha256>.bin")."""
    return file.rsplit(".", 1)[0] + "-"


def criteria_caption(markdown: str, lang: str) -> str:
    """The criteria table's caption: a "Taulukko: …" paragraph above it (see markup.py)."""
    caption = f"{t(lang, 'tables.caption_marker')}: {t(lang, 'tables.criteria')}\n\n"
    return markdown.replace(CRITERIA_MARKER, caption + CRITERIA_MARKER)


class CheckerConfig(base.Config):
    pyodide_dir = c.Type(str, default="node_modules/pyodide")
    """The pinned Pyodide npm package (relative to mkdocs.yml)."""
    cache_dir = c.Type(str, default="build/cache")
    """Where built snapshots are kept between builds (relative to mkdocs.yml)."""
    snapshot = c.Type(bool, default=True)
    """Build a memory snapshot with the checker imported (a quick start)."""
    offline_pages = c.ListOfItems(c.Type(str), default=["checker/", "en/checker/"])
    """Pages the service worker keeps, with everything they load, for offline use."""
    stall_seconds = c.Type(int, default=10)
    """A download that receives nothing for this long is given up: a stalled snapshot
    falls back to a full start, anything else shows the failure message and retry."""
    first_word_seconds = c.Type(int, default=15)
    """How long the page waits for the worker's first word: its own scripts load
    first, with no stall limit of the worker's; longer than stall_seconds."""
    start_seconds = c.Type(int, default=60)
    """How long the page lets Python start without a word (busy, not downloading)
    before it shows the failure message: a safety net, not a stall limit."""
    keep_after_seconds = c.Type(float, default=2.0)
    """The one-time work that makes later visits quick (the service worker's install,
    keeping the unpacked snapshot) waits this long after Python is ready and the first
    result is shown: done at once, it made an answer given meanwhile twice as slow."""

    def validate(self) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        failed, warnings = super().validate()
        if not failed and not 0 < self.stall_seconds < self.first_word_seconds <= self.start_seconds:
            # the worker's own scripts get longer than any of its downloads, and the safety net longer still
            order = "0 < stall_seconds < first_word_seconds <= start_seconds"
            failed.append(("first_word_seconds", base.ValidationError(f"the limits must be in order: {order}")))
        return failed, warnings


def fresh_checker() -> ModuleType:
    """The checker of this tree, imported afresh (`mkdocs serve` rebuilds after edits)."""
    for name in [m for m in sys.modules if m == "checker" or m.startswith("checker.")]:
        del sys.modules[name]
    return importlib.import_module("checker")


class CheckerPlugin(BasePlugin[CheckerConfig]):
    def __init__(self) -> None:
        self.checker: ModuleType | None = None
        self.build: runtime.CheckerBuild | None = None
        self.building: list[str] = []  # languages whose build is under way, innermost last
        self.heads: dict[str, Markup] = {}  # page URL -> the form's head markup, from its content to its template

    def _path(self, config: MkDocsConfig, option: str) -> Path:
        return (Path(config.config_file_path).parent / str(self.config[option])).resolve()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        mimetypes.add_type("application/wasm", ".wasm")  # for `mkdocs serve`
        mimetypes.add_type("text/javascript", ".mjs")

    @event_priority(-110)  # after the i18n plugin has set up the language of this build
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.building.append(build_language(config))
        if self.build is None:  # once per build, not again for each language
            self.checker = fresh_checker()
            self.build = runtime.CheckerBuild.prepare(
                pyodide_dir=self._path(config, "pyodide_dir"),
                cache_dir=self._path(config, "cache_dir"),
                snapshot=self.config.snapshot,
            )
        return config

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The criteria table, the fees table and every `{{ rules.… }}` value, from the rules."""
        assert self.checker
        lang = build_language(config)
        markdown = criteria_caption(markdown, lang)
        if CRITERIA_MARKER in markdown:
            markdown = markdown.replace(CRITERIA_MARKER, self.checker.criteria_table(lang))
        return rule_values.fill(markdown, self.checker.rules_data(), lang, page.file.src_uri)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if FORM_MARKER in html:
            form, self.heads[page.url] = self.render_form(page, build_language(config))
            html = html.replace(FORM_MARKER, form)
        return html

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """The form's config and script, for the head (overrides/main.html)."""
        cast(dict[str, Any], context)["checker_head"] = self.heads.pop(page.url, "")
        return context

    def render_form(self, page: Page, lang: str) -> tuple[str, Markup]:
        """The form's markup, and its config and script for the page's head."""
        assert self.checker and self.build
        questions = self.checker.questions(lang)
        text = {**self.checker.ui_texts(lang), **catalogue(lang)["checker"]}
        groups: dict[str, dict[str, Any]] = {}
        for q in questions:
            groups.setdefault(q["group"], {"id": q["group"], "title": q["group_title"], "questions": []})
            groups[q["group"]]["questions"].append(q)
        browser_config = {
            "lang": lang,
            "locale": catalogue(lang)["locale"]["bcp47"],
            "runtime": self.build.browser_config(),
            "limits": {
                "stallSeconds": self.config.stall_seconds,
                "firstWordSeconds": self.config.first_word_seconds,
                "startSeconds": self.config.start_seconds,
                "keepAfterSeconds": self.config.keep_after_seconds,
            },
            "texts": text,
            "questions": [{"id": q["id"], "type": q["type"], "ask_if": q["ask_if"]} for q in questions],
        }

        def assets(name: str) -> str:
            return get_relative_url(f"{runtime.CHECKER_ASSETS}/{name}", page.url)

        form = TEMPLATES.get_template("checker_form.html").render(
            groups=list(groups.values()),
            text=text,
            protocol=PROTOCOL,
            script_url=assets("checker.js"),
            checker_css_url=assets("checker.css"),
        )
        head = TEMPLATES.get_template("checker_head.html").render(
            protocol=PROTOCOL,
            config_json=json.dumps(browser_config, ensure_ascii=False).replace("</", "<\\/"),
            early_url=assets("early.js"),
            answers_url=assets("answers.mjs"),
        )
        return form, Markup(head)

    @event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.building.pop() != default_language(config):
            return  # the site-wide files are written once, after the last language
        assert self.build
        site = Path(config.site_dir)
        self.build.write(site)
        pages = [page + "index.html" for page in self.config.offline_pages]
        if all((site / page).exists() for page in pages):
            service_worker.write(site, pages, self.build.offline_files(), self.build.fallback_files())
        self.build = None
