"""Site search with Pagefind: one index per `<html lang>` (Finnish pages find
Finnish pages only, English pages English pages only), built with Pagefind's
Python API from a copy of each page made for the index:

- every page: its title as Pagefind metadata, and the title (h1) at the
  highest weight Pagefind has, so that a title match ranks first;
- Finnish pages, with Voikko (decompound.py): each compound word is split
  into its parts inside the word ("laatu^merkin"), which Pagefind indexes as
  the whole word and as its parts, at the word's position and the parts at a
  share of its weight; base forms the stemmer does not reach follow the word
  as extra words ("~laatumerkki ~merkki"), in a span with the weight they
  deserve. The search script (docs/assets/search/search.js) removes both
  marks from what it shows and moves the highlight of an extra word onto the
  word it belongs to, so the excerpt highlights the compound that matched.

The pages themselves are never changed. The search box is in the header of
every page (overrides/partials/search.html) and, with all results, on the
search page (`widget`).
"""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import decompound
from .languages import t

log = logging.getLogger("mkdocs.plugins.klusterilaatu.search")

# The marks the index copy of a Finnish page carries. search.js knows them
# (tests/unit/test_search_index.py checks that both files agree). Both are
# ASCII punctuation, so that Pagefind splits a word at them and keeps them in
# the excerpt text, and neither occurs in the site's text.
SPLIT = "^"  # inside a word: the boundary between a compound's parts
ALIAS = "~"  # before a word: a base form added to the index only

DECOMPOUND_LANGS = frozenset({"fi"})
EXCLUDE_SELECTORS = (".headerlink", ".article-byline__cite")
# Pagefind's own interfaces, which the site does not use (search.js talks to
# pagefind.js): not shipped.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
TITLE_WEIGHT = 10  # Pagefind's highest; h1 would otherwise be 7, h2 6, ...

# How the browser ranks results (Pagefind's `ranking` option, set in search.js):
# a word matched whole weighs much more than a longer word it starts
# ("fee" -> "fees" before "feedback"), and a long page is not pushed down for
# its length as much as Pagefind's default does (the site's main pages are long).
RANKING = {"termSimilarity": 4.0, "pageLength": 0.25}

_HEADING_WEIGHTS = {"h1": 7.0, "h2": 6.0, "h3": 5.0, "h4": 4.0, "h5": 3.0, "h6": 2.0}
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)
_RAW = frozenset({"script", "style", "textarea", "title", "template"})
_TOKEN = re.compile(
    r"<!--.*?-->|<![^>]*>|<(/?)([a-zA-Z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|[^<]+|<",
    re.DOTALL,
)
_WEIGHT_ATTR = re.compile(r"""\sdata-pagefind-weight\s*=\s*["']?([\d.]+)""")
_BODY_ATTR = re.compile(r"\sdata-pagefind-body\b")
_LANG = re.compile(r"<html\b[^>]*\blang=\"([^\"]+)\"", re.IGNORECASE)
_CHUNK = re.compile(r"\S+")
_WORD = re.compile(r"&#?\w+;|([^\W\d_]+(?:-[^\W\d_]+)*)")
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL | re.IGNORECASE)
_HEADERLINK = re.compile(r"<a\b[^>]*class=\"headerlink\"[^>]*>.*?</a>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_DESCRIPTION = re.compile(r'<meta\s+name="description"\s+content="([^"]*)"', re.IGNORECASE)


@dataclass
class Report:
    pages: dict[str, int] = field(default_factory=dict)  # language -> pages given to Pagefind
    words: int = 0  # Finnish words looked at
    compounds: int = 0  # of which compounds, split into parts
    aliases: int = 0  # base forms added
    decompounding: str = ""  # "" when Voikko ran, otherwise why not


# --- the copy of a page that Pagefind indexes ------------------------------------


def page_language(text: str) -> str:
    match = _LANG.search(text)
    return match.group(1).split("-")[0].lower() if match else ""


def page_title(text: str) -> str:
    """The page's first h1 as plain text (without its "¶" link)."""
    match = _H1.search(text)
    if not match:
        return ""
    inner = _TAG.sub("", _HEADERLINK.sub("", match.group(1)))
    return " ".join(html.unescape(inner).split())


def page_description(text: str) -> str:
    match = _DESCRIPTION.search(text)
    return " ".join(html.unescape(match.group(1)).split()) if match else ""


def prepare(text: str, analyser: decompound.Analyser | None, report: Report | None = None) -> str:
    """The copy of one built page that Pagefind indexes."""
    report = report if report is not None else Report()
    split = analyser if analyser is not None and page_language(text) in DECOMPOUND_LANGS else None
    # Pagefind also matches the title and the description (the page's summary,
    # from its front matter) on their own, as a boost on top of the body's
    # score: the title gets the same parts and base forms as the text. The
    # description stays as written: Pagefind's boost grows with each matched
    # word, and base forms in a summary would outweigh the title.
    metas = []
    title, description = page_title(text), page_description(text)
    if title and split is not None:
        title = html.unescape(_annotate(html.escape(title, quote=False), 1.0, split, Report(), spans=False))
    for key, value in (("title", title), ("description", description)):
        if value:
            metas.append(f'<meta data-pagefind-meta="{key}[content]" content="{html.escape(value, quote=True)}">')
    text = text.replace("</head>", "".join(metas) + "</head>", 1)
    return _walk(text, split, report)


def _walk(text: str, analyser: decompound.Analyser | None, report: Report) -> str:
    out: list[str] = []
    stack: list[tuple[str, float | None, bool]] = []  # (element, weight it sets, starts the indexed body)
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        assert match  # the last alternative matches any one character
        token = match.group(0)
        position = match.end()
        name = (match.group(2) or "").lower()
        if not name:
            in_body = any(body for _, _, body in stack)
            if in_body and analyser is not None and not token.startswith("<"):
                weight = next((w for _, w, _ in reversed(stack) if w is not None), 1.0)
                token = _annotate(token, weight, analyser, report)
            out.append(token)
            continue
        if match.group(1):  # an end tag
            names = [element for element, _, _ in stack]
            if name in names:
                del stack[len(names) - 1 - names[::-1].index(name) :]
            out.append(token)
            continue
        attributes = match.group(3)
        if name == "h1" and any(body for _, _, body in stack) and not _WEIGHT_ATTR.search(attributes):
            attributes = f' data-pagefind-weight="{TITLE_WEIGHT}"' + attributes
            token = f"<h1{attributes}>"
        out.append(token)
        if name in _RAW:
            end = text.lower().find(f"</{name}", position)
            end = len(text) if end < 0 else end
            out.append(text[position:end])
            position = end
            continue
        if name in _VOID or attributes.rstrip().endswith("/"):
            continue
        explicit = _WEIGHT_ATTR.search(attributes)
        own_weight = float(explicit.group(1)) if explicit else _HEADING_WEIGHTS.get(name)
        stack.append((name, own_weight, bool(_BODY_ATTR.search(attributes))))
    return "".join(out)


def _annotate(text: str, weight: float, analyser: decompound.Analyser, report: Report, spans: bool = True) -> str:
    """A text node of a Finnish page (HTML), with its compounds split and base
    forms added: in spans of their weight, or (`spans=False`) as plain words."""

    def chunk(match: re.Match[str]) -> str:
        extra: dict[float, list[str]] = {}

        def word(found: re.Match[str]) -> str:
            if not found.group(1):
                return found.group(0)  # an entity such as &amp;
            written = []
            for segment in found.group(1).split("-"):
                analysis = analyser.word(segment)
                report.words += 1
                if analysis.is_compound:
                    report.compounds += 1
                    written.append(SPLIT.join(analysis.parts))
                    share = round(weight / len(analysis.parts), 2)
                    extra.setdefault(share, []).extend(analysis.part_lemmas)
                else:
                    written.append(segment)
                extra.setdefault(weight, []).extend(analysis.lemmas)
            return "-".join(written)

        annotated = _WORD.sub(word, match.group(0))
        for share, forms in extra.items():
            forms = list(dict.fromkeys(forms))
            if forms and share > 0:
                report.aliases += len(forms)
                words = " ".join(ALIAS + form for form in forms)
                annotated += f' <span data-pagefind-weight="{share:g}">{words}</span>' if spans else " " + words
        return annotated

    return _CHUNK.sub(chunk, text)


# --- the index -------------------------------------------------------------------


def _run_pagefind(source: Path, output: Path) -> None:
    """Pagefind's command line over `source`, into `output`. Not its Python
    API: that API's service is stopped with SIGTERM as soon as it answers
    "written", while the files may still be being written; on a busy machine
    pagefind.js came out cut at 32 KiB and the search could not start. The
    command line exits only once every file is whole."""
    command = [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(output), "--silent"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    if run.returncode:
        raise PluginError(f"Pagefind failed (exit {run.returncode}): {(run.stderr or run.stdout).strip()[-2000:]}")


def index(
    site: Path,
    langs: Iterable[str],
    *,
    output: Path | None = None,
    decompounding: bool = True,
) -> Report:
    """Index the built site (the page bodies only: `data-pagefind-body`) into
    `output` (site/pagefind). Without Voikko, the index is built without
    compound parts and base forms, and the report says why."""
    report = Report()
    analyser, why = decompound.load() if decompounding else (None, "turned off")
    report.decompounding = why
    output = output or site / "pagefind"
    pages = [p for p in sorted(site.rglob("*.html")) if p.relative_to(site).parts[0] != output.name]

    # The copies go to a folder of their own, which Pagefind indexes in one run.
    with tempfile.TemporaryDirectory(prefix="search-index-") as folder:
        copies = Path(folder)
        try:
            for path in pages:
                text = path.read_text(encoding="utf-8")
                if "data-pagefind-body" not in text:
                    continue
                lang = page_language(text)
                report.pages[lang] = report.pages.get(lang, 0) + 1
                copy = copies / path.relative_to(site)
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_text(prepare(text, analyser, report), encoding="utf-8")
        finally:
            if analyser is not None:
                analyser.close()

        shutil.rmtree(output, ignore_errors=True)  # no chunks left from an earlier index
        _run_pagefind(copies, output)
    for name in UNUSED_FILES:
        (output / name).unlink(missing_ok=True)
    for lang in langs:
        if not list(output.glob(f"pagefind.{lang}_*.pf_meta")):
            raise PluginError(f"Pagefind built no '{lang}' index: check the pages' <html lang>.")
    if why and decompounding:
        log.info(
            f"Search: Finnish compound words are not split in the index ({why}): "
            f"install the Debian packages {decompound.PACKAGES}."
        )
    return report


# --- the search box ---------------------------------------------------------------


def context(page: Page, lang: str, search_page_url: str) -> dict[str, Any]:
    """What the header's search box (overrides/partials/search.html) and the
    search page's widget need: URLs relative to the page, and the strings."""
    strings = {
        key: t(lang, f"search.{key}")
        for key in (
            "label",
            "placeholder",
            "submit",
            "open",
            "close",
            "field",
            "searching",
            "none",
            "one",
            "many",
            "all",
            "more",
            "error",
            "noscript",
        )
    }
    return {
        **strings,
        "lang": lang,
        "page_url": get_relative_url(search_page_url, page.url),
        "bundle_url": get_relative_url("pagefind/", page.url),
        "script_url": get_relative_url("assets/search/search.js", page.url),
        "config": json.dumps(
            {
                "lang": lang,
                "ranking": RANKING,
                "split": SPLIT,
                "alias": ALIAS,
                "strings": {k: v for k, v in strings.items() if k not in ("label", "noscript")},
            },
            ensure_ascii=False,
        ),
    }


def widget(page: Page, lang: str, search_page_url: str) -> str:
    """The search page's own search form and its results."""
    c = context(page, lang, search_page_url)
    e = html.escape
    return (
        f'<div class="site-search site-search--page" data-site-search="page" '
        f'data-bundle="{e(c["bundle_url"])}" data-search-page="{e(c["page_url"])}" data-config="{e(c["config"])}">'
        f'<form class="site-search__form" role="search" action="{e(c["page_url"])}" method="get" aria-label="{e(c["label"])}">'
        f'<label class="site-search__label" for="site-search-page-input">{e(c["field"])}</label>'
        f'<span class="site-search__row">'
        f'<input class="site-search__input" id="site-search-page-input" type="search" name="q" '
        f'autocomplete="off" spellcheck="false" enterkeyhint="search">'
        f'<button class="site-search__submit md-button md-button--primary" type="submit">{e(c["submit"])}</button>'
        f"</span></form>"
        f'<p class="site-search__status" role="status" aria-live="polite"></p>'
        f'<ol class="site-search__results"></ol>'
        f'<button class="site-search__more md-button" type="button" hidden>{e(c["more"])}</button>'
        f"<noscript><p>{e(c['noscript'])}</p></noscript>"
        f"</div>"
        f'<script src="{e(c["script_url"])}" defer></script>'
    )
