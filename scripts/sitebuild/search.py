"""Site search with Pagefind: one index per `<html lang>`, with Finnish and
English stemming; the search box rendered into a page."""

from __future__ import annotations

import html
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .languages import t


def widget(page: Page, lang: str) -> str:
    ui = get_relative_url("pagefind/pagefind-ui.js", page.url)
    script = get_relative_url("assets/search/search.js", page.url)
    return (
        f'<div id="site-search" class="site-search" data-label="{html.escape(t(lang, "search.label"))}"></div>'
        f"<noscript><p>{html.escape(t(lang, 'search.noscript'))}</p></noscript>"
        f'<script src="{ui}"></script><script src="{script}"></script>'
    )


def index(site: Path, langs: Iterable[str]) -> None:
    """Index the built site; the page bodies only (`data-pagefind-body`)."""
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
    for lang in langs:
        if not list((site / "pagefind").glob(f"pagefind.{lang}_*.pf_meta")):
            raise PluginError(f"Pagefind built no '{lang}' index: check the pages' <html lang>.")
