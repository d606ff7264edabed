"""The "page not found" page in every language.

MkDocs renders the theme's 404.html once per build into `site_dir/404.html`;
mkdocs-static-i18n runs one build per language into the same `site_dir`, so
the last language built used to win (an English page at the root of a
Finnish-default site, its language switch pointing at whatever page was
rendered last). The publishing plugin keeps each language's rendering and
writes it where that language lives: `404.html` for the default language,
`<lang>/404.html` for the others. A server shows the page at any address, so
every link in it is an absolute path (from `site_url`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from .languages import Languages, t

TEMPLATE = "404.html"


def base_path(site_url: str | None) -> str:
    """The site's path on its host: "/" or e.g. "/klusterit/"."""
    path = urlsplit(site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def output_path(lang: str, languages: Languages) -> str:
    """Where a language's 404 page goes, relative to the site directory."""
    return languages.prefix(lang) + TEMPLATE


def _sitemap(nav: Any, base: str) -> list[dict[str, Any]]:
    """The navigation's top level with one level of children, as absolute links."""

    def link(item: Any) -> str | None:
        url = getattr(item, "url", None)
        return None if url is None else base + url.lstrip("/")

    entries = []
    for item in getattr(nav, "items", []):
        children = [
            {"title": child.title, "url": link(child)}
            for child in getattr(item, "children", None) or []
            if link(child) is not None
        ]
        entries.append({"title": item.title, "url": link(item), "children": children})
    return entries


def context(lang: str, languages: Languages, site_url: str | None, nav: Any, search_url: str | None) -> dict[str, Any]:
    """What overrides/404.html and the language menu need, in `lang`."""
    base = base_path(site_url)
    others = [code for code in languages.codes if code != lang]
    return {
        "lang": lang,
        "not_found": {
            "title": t(lang, "notfound.title"),
            "body": t(lang, "notfound.body"),
            "home": t(lang, "notfound.home"),
            "home_url": base + languages.prefix(lang),
            "search": t(lang, "notfound.search"),
            "search_url": base + search_url.lstrip("/") if search_url else None,
            "sections": t(lang, "notfound.sections"),
            "sitemap": _sitemap(nav, base),
            "other_languages": [
                {"lang": code, "home": t(code, "notfound.home_other"), "home_url": base + languages.prefix(code)}
                for code in others
            ],
        },
        # the language menu: each language's own 404 page
        "alternates": [
            {"name": t(code, "locale.name"), "lang": code, "link": base + output_path(code, languages)}
            for code in languages.codes
        ],
    }
