"""Articles: what the front matter says (checked by `front_matter`), the
article list, the byline with its citation, and the Atom feed.

An article may adapt or translate another publication: then `original` names
that publication (its own title, publisher, date if known, licence) and
`adaptation` says who adapted it and what changed. The byline, the citation,
the list and the feed keep the two apart: the original's authors wrote it, the
date here is the date of this site's adaptation.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from .front_matter import check_article, check_page, licenses, read_front_matter
from .languages import Languages, format_date, t

ARTICLES_DIR = "articles"


@dataclass(frozen=True)
class Author:
    name: str
    title: str
    organisation: str


@dataclass(frozen=True)
class Original:
    title: str
    publisher: str
    license: str
    url: str | None = None
    date: str | None = None  # a year or an ISO date, when known


@dataclass(frozen=True)
class Adaptation:
    by: str
    changes: str


@dataclass
class Article:
    path: Path | None
    slug: str
    lang: str
    prefix: str  # the language's URL prefix: "" or "en/"
    title: str
    description: str
    date: dt.date  # published on this site
    authors: list[Author]
    license: str
    summary: str
    tags: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    original: Original | None = None
    adaptation: Adaptation | None = None

    @property
    def url(self) -> str:
        """Site-relative URL, with directory URLs: `articles/<slug>/` or `en/articles/<slug>/`."""
        return f"{self.prefix}{ARTICLES_DIR}/{self.slug}/"

    @property
    def license_url(self) -> str:
        return licenses()[self.license]["url"]

    @property
    def license_name(self) -> str:
        return licenses()[self.license][self.lang]


def split_name(path: Path | str, languages: Languages) -> tuple[str | None, str | None]:
    """`slug.fi.md` -> ("slug", "fi"); a name without a language suffix is the default language."""
    name = Path(path).name
    suffixes = "|".join(map(re.escape, languages.codes))
    match = re.fullmatch(rf"(.+?)(?:\.({suffixes}))?\.md", name)
    if not match:
        return None, None
    return match.group(1), match.group(2) or languages.default


def parse_article(path: Path | str, languages: Languages, meta: dict[str, Any] | None = None) -> Article:
    """An article from its file; raises FrontMatterError naming file and field."""
    path = Path(path)
    slug, lang = split_name(path, languages)
    assert slug and lang
    if meta is None:
        _, meta = read_front_matter(path)
    v = check_article(path, meta)
    return Article(
        path=path,
        slug=slug,
        lang=lang,
        prefix=languages.prefix(lang),
        title=v["title"],
        description=v["description"],
        date=v["date"],
        authors=[Author(**a) for a in v["authors"]],
        license=v["license"],
        summary=v["summary"],
        tags=v["tags"],
        sources=v["sources"],
        original=Original(**v["original"]) if v["original"] else None,
        adaptation=Adaptation(**v["adaptation"]) if v["adaptation"] else None,
    )


def is_article_source(path: Path, docs_dir: Path, languages: Languages) -> bool:
    rel = Path(path).relative_to(docs_dir)
    slug, _ = split_name(rel, languages)
    return len(rel.parts) == 2 and rel.parts[0] == ARTICLES_DIR and slug not in (None, "index")


def load_articles(docs_dir: Path | str, languages: Languages) -> dict[str, list[Article]]:
    """Every article, checked, by language, newest first."""
    docs_dir = Path(docs_dir)
    found: dict[str, list[Article]] = {lang: [] for lang in languages.codes}
    for path in sorted((docs_dir / ARTICLES_DIR).glob("*.md")):
        if is_article_source(path, docs_dir, languages):
            article = parse_article(path, languages)
            found[article.lang].append(article)
    for articles in found.values():
        articles.sort(key=lambda a: (a.date, a.slug), reverse=True)
    return found


def check_pages(docs_dir: Path | str, languages: Languages) -> dict[str, list[Article]]:
    """Every page's front matter parses and has a plain-text description; articles are checked in full."""
    docs_dir = Path(docs_dir)
    for path in sorted(docs_dir.rglob("*.md")):
        _, meta = read_front_matter(path)
        check_page(path, meta)
    return load_articles(docs_dir, languages)


def missing_translations(docs_dir: Path | str, languages: Languages) -> list[tuple[str, str]]:
    """Pages that exist in one language only: [(path, missing path), ...]."""
    docs_dir = Path(docs_dir)
    pages: dict[Path, dict[str, Path]] = {}
    for path in docs_dir.rglob("*.md"):
        slug, lang = split_name(path, languages)
        if slug is None or lang is None:
            continue
        key = path.parent.relative_to(docs_dir) / slug
        pages.setdefault(key, {})[lang] = path.relative_to(docs_dir)
    missing = []
    for key in sorted(pages):
        for lang in languages.codes:
            if lang not in pages[key]:
                existing = next(iter(pages[key].values()))
                missing.append((existing.as_posix(), f"{key.as_posix()}.{lang}.md"))
    return missing


# --- citation, list and byline --------------------------------------------------


def _short_name(name: str) -> str:
    """'Laura Leppänen' -> 'Leppänen, L.'"""
    parts = name.split()
    if len(parts) < 2:
        return name
    return f"{parts[-1]}, {' '.join(f'{p[0]}.' for p in parts[:-1])}"


def _names(authors: Iterable[Author]) -> str:
    names = [_short_name(a.name) for a in authors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]


def citation(article: Article, site_name: str, url: str) -> str:
    """APA-like. An adaptation cites the original first, then this site's version."""
    lang, names = article.lang, _names(article.authors)
    if article.original is None:
        return f"{names} ({article.date.year}). {article.title}. {site_name}. {url}"
    o = article.original
    year = o.date[:4] if o.date else t(lang, "articles.no_date")
    original = f"{names} ({year}). {o.title}. {o.publisher}." + (f" {o.url}" if o.url else "")
    here = f"{t(lang, 'articles.adapted_as')} {article.title}. {site_name}, {format_date(article.date.isoformat(), lang)}. {url}"
    return f"{original} {here}"


def render_list(articles: list[Article], lang: str, link: Callable[[Article], str]) -> str:
    """The articles list as HTML; `link(article)` gives each article's href."""
    if not articles:
        return f'<p class="article-list__empty">{html.escape(t(lang, "articles.empty"))}</p>'
    e = html.escape
    items = []
    for article in articles:
        authors = ", ".join(e(a.name) for a in article.authors)
        origin = (
            f" · {e(t(lang, 'articles.list_adapted').format(publisher=article.original.publisher))}"
            if article.original
            else ""
        )
        items.append(
            '<li class="article-list__item">'
            f'<h2 class="article-list__title"><a href="{e(link(article))}">{e(article.title)}</a></h2>'
            f'<p class="article-list__meta"><time datetime="{article.date.isoformat()}">'
            f"{format_date(article.date.isoformat(), lang)}</time> · {authors}{origin}</p>"
            f'<p class="article-list__summary">{e(article.summary)}</p>'
            "</li>"
        )
    return '<ul class="article-list">' + "".join(items) + "</ul>"


def render_byline(article: Article, site_name: str, url: str) -> str:
    """The block under an article's title: authors, dates, original, licence, how to cite."""
    lang, e = article.lang, html.escape

    def row(key: str, content: str, cls: str = "") -> str:
        klass = f' class="{cls}"' if cls else ""
        return f'<p{klass}><span class="article-byline__label">{e(t(lang, key))}</span> {content}</p>'

    authors = "; ".join(
        f'<span class="article-byline__author">{e(a.name)}, {e(a.title)}, {e(a.organisation)}</span>'
        for a in article.authors
    )
    date = f'<time datetime="{article.date.isoformat()}">{format_date(article.date.isoformat(), lang)}</time>'
    rows = [
        row("articles.published_here" if article.original else "articles.published", date),
        row("articles.by", authors),
    ]
    if article.original and article.adaptation:
        o = article.original
        title = f'<a href="{e(o.url)}">{e(o.title)}</a>' if o.url else e(o.title)
        when = format_date(o.date, lang) if o.date else t(lang, "articles.date_unknown")
        licence = licenses()[o.license]
        rows.append(
            row(
                "articles.original",
                f'{title}. {e(o.publisher)}, {e(when)}. <a href="{e(licence["url"])}">{e(o.license)}</a>.',
                "article-byline__original",
            )
        )
        rows.append(
            row(
                "articles.adaptation",
                f"{e(article.adaptation.by)}: {e(article.adaptation.changes)}",
                "article-byline__adapted",
            )
        )
    rows.append(
        row("articles.license", f'<a href="{e(article.license_url)}" rel="license">{e(article.license_name)}</a>')
    )
    rows.append(row("articles.cite", e(citation(article, site_name, url)), "article-byline__cite"))
    return f'<aside class="article-byline" aria-label="{e(t(lang, "articles.about"))}">{"".join(rows)}</aside>'


# --- feed ----------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(
    articles: list[Article], lang: str, site_url: str, site_name: str, feed_path: str, home_path: str
) -> bytes:
    """An Atom feed (RFC 4287) of the articles of one language, as bytes.
    The text comes from checked front matter (no control characters), so the XML is well-formed."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    base = site_url.rstrip("/") + "/"
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    sub(feed, "id", base + feed_path)
    sub(feed, "title", site_name)
    sub(feed, "subtitle", t(lang, "articles.feed"))
    sub(feed, "link", rel="self", type="application/atom+xml", href=base + feed_path)
    sub(feed, "link", rel="alternate", type="text/html", href=base + home_path)
    newest = max((a.date for a in articles), default=dt.date.today())
    sub(feed, "updated", f"{newest.isoformat()}T00:00:00Z")
    sub(sub(feed, "author"), "name", site_name)
    for article in articles:
        entry = sub(feed, "entry")
        url = base + article.url
        sub(entry, "id", url)
        sub(entry, "title", article.title)
        sub(entry, "link", rel="alternate", type="text/html", href=url, hreflang=lang)
        stamp = f"{article.date.isoformat()}T00:00:00Z"
        sub(entry, "published", stamp)
        sub(entry, "updated", stamp)
        for author in article.authors:
            sub(sub(entry, "author"), "name", author.name)
        summary = article.summary
        if article.original and article.adaptation:
            sub(sub(entry, "contributor"), "name", article.adaptation.by)
            if article.original.url:
                sub(entry, "link", rel="via", href=article.original.url, title=article.original.title)
            summary += " " + t(lang, "articles.feed_adapted").format(
                title=article.original.title, publisher=article.original.publisher
            )
        sub(entry, "summary", summary)
        for tag in article.tags:
            sub(entry, "category", term=tag)
        sub(entry, "rights", f"{article.license_name} {article.license_url}")
    ET.indent(feed)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))
