"""Articles: front matter validation, the article list, the byline and the feeds.

Pure functions over the Markdown sources (no MkDocs objects), so the build hook
(`scripts/publishing.py`), the scaffold (`scripts/new_article.py`) and the
tests share them."""

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

LANGS = ("fi", "en")
DEFAULT_LANG = "fi"


def build_lang(config):
    """The language of the build under way (mkdocs-static-i18n sets the theme's per build)."""
    return "en" if config.theme["language"] == "en" else DEFAULT_LANG


ARTICLES_DIR = "articles"
PLACEHOLDER = "TODO"

LICENSES = {
    "CC BY-SA 4.0": {
        "url": "https://creativecommons.org/licenses/by-sa/4.0/",
        "fi": "Creative Commons Nimeä-JaaSamoin 4.0 Kansainvälinen (CC BY-SA 4.0)",
        "en": "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)",
    },
    "CC BY 4.0": {
        "url": "https://creativecommons.org/licenses/by/4.0/",
        "fi": "Creative Commons Nimeä 4.0 Kansainvälinen (CC BY 4.0)",
        "en": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    },
    "CC0 1.0": {
        "url": "https://creativecommons.org/publicdomain/zero/1.0/",
        "fi": "Creative Commons CC0 1.0 Yleismaailmallinen (CC0 1.0)",
        "en": "Creative Commons CC0 1.0 Universal (CC0 1.0)",
    },
}
DEFAULT_LICENSE = "CC BY-SA 4.0"

TEXTS = {
    "fi": {
        "by": "Kirjoittajat:",
        "about": "Artikkelin tiedot",
        "published": "Julkaistu:",
        "license": "Lisenssi:",
        "cite": "Näin viittaat:",
        "empty": "Artikkeleita ei ole vielä julkaistu.",
        "months": [],  # Finnish dates are written 24.11.2025
        "feed": "Artikkelit Atom-syötteenä",
        "untranslated": "Tätä sivua ei ole vielä käännetty",
        "untranslated_body": "Sivu näytetään toisella kielellä, kunnes käännös valmistuu.",
    },
    "en": {
        "by": "Authors:",
        "about": "About this article",
        "published": "Published:",
        "license": "Licence:",
        "cite": "How to cite:",
        "empty": "No articles have been published yet.",
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "feed": "Articles as an Atom feed",
        "untranslated": "This page has not been translated yet",
        "untranslated_body": "The page is shown in another language until the translation is ready.",
    },
}


class FrontMatterError(ValueError):
    """Bad front matter: names the file and the field."""

    def __init__(self, path, field_name, problem):
        self.path, self.field, self.problem = str(path), field_name, problem
        super().__init__(f"{path}: front matter field '{field_name}': {problem}")


@dataclass
class Author:
    name: str
    title: str
    organisation: str


@dataclass
class Article:
    path: Path  # the source file
    slug: str
    lang: str
    title: str
    description: str
    date: dt.date
    authors: list
    license: str
    summary: str
    tags: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    adapted_by: str = ""

    @property
    def url(self):
        """Site-relative URL, with directory URLs: `articles/<slug>/` or `en/articles/<slug>/`."""
        prefix = "" if self.lang == DEFAULT_LANG else f"{self.lang}/"
        return f"{prefix}{ARTICLES_DIR}/{self.slug}/"

    @property
    def license_url(self):
        return LICENSES[self.license]["url"]

    def license_name(self):
        return LICENSES[self.license][self.lang]


def split_name(path):
    """`slug.fi.md` -> ("slug", "fi"); a name without a language suffix is the default language."""
    name = Path(path).name
    match = re.fullmatch(r"(.+?)(?:\.(fi|en))?\.md", name)
    if not match:
        return None, None
    return match.group(1), match.group(2) or DEFAULT_LANG


FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def _loader():
    """YAML's safe loader, but dates stay text: `_date` checks them with a clear message."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def read_front_matter(path):
    """(body, meta) of a Markdown file; YAML errors name the file."""
    import yaml

    text = Path(path).read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---"):
            raise FrontMatterError(path, "(front matter)", "has no closing --- line")
        return text, {}
    try:
        meta = yaml.load(match.group(1) or "", Loader=_loader()) or {}
    except yaml.YAMLError as error:
        raise FrontMatterError(path, "(front matter)", f"is not valid YAML: {error}") from error
    if not isinstance(meta, dict):
        raise FrontMatterError(path, "(front matter)", "must be a mapping of field: value lines")
    return text[match.end() :], meta


def _text(path, meta, name, required=True, max_len=None):
    value = meta.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise FrontMatterError(path, name, "is missing or empty")
        return ""
    if not isinstance(value, str):
        raise FrontMatterError(path, name, f"must be text, not {type(value).__name__}")
    value = value.strip()
    if value.upper().startswith(PLACEHOLDER):
        raise FrontMatterError(path, name, f"still has the placeholder text: {value!r}")
    if max_len and len(value) > max_len:
        raise FrontMatterError(path, name, f"is {len(value)} characters long, at most {max_len} allowed")
    return value


def check_description(path, meta):
    """Every page needs a `description` (search engines, link previews)."""
    return _text(path, meta, "description", max_len=200)


def _date(path, meta):
    value = meta.get("date")
    if value is None or value == "":
        raise FrontMatterError(path, "date", "is missing (write an ISO date, e.g. 2025-11-24)")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise FrontMatterError(path, "date", f"{value!r} is not an ISO date like 2025-11-24") from None


def _authors(path, meta):
    value = meta.get("authors")
    if not value:
        raise FrontMatterError(path, "authors", "is missing: list each author with name, title and organisation")
    if not isinstance(value, list):
        raise FrontMatterError(path, "authors", "must be a list of {name, title, organisation}")
    authors = []
    for i, entry in enumerate(value, 1):
        if not isinstance(entry, dict):
            raise FrontMatterError(path, f"authors[{i}]", "must have name, title and organisation")
        unknown = set(entry) - {"name", "title", "organisation"}
        if unknown:
            raise FrontMatterError(path, f"authors[{i}]", f"unknown key(s): {', '.join(sorted(unknown))}")
        parts = []
        for key in ("name", "title", "organisation"):
            try:
                parts.append(_text(path, entry, key))
            except FrontMatterError as error:
                raise FrontMatterError(path, f"authors[{i}].{key}", error.problem) from None
        authors.append(Author(*parts))
    return authors


def _license(path, meta):
    value = meta.get("license", DEFAULT_LICENSE)
    if value not in LICENSES:
        raise FrontMatterError(path, "license", f"{value!r} is not one of: {', '.join(LICENSES)}")
    return value


def _string_list(path, meta, name):
    value = meta.get(name)
    if not value:
        raise FrontMatterError(path, name, "is missing or empty: give a list")
    if not isinstance(value, list):
        raise FrontMatterError(path, name, "must be a list")
    out = []
    for i, item in enumerate(value, 1):
        if isinstance(item, dict) and name == "sources":
            unknown = set(item) - {"title", "url"}
            if unknown or not item.get("title"):
                raise FrontMatterError(path, f"{name}[{i}]", "must be text or {title, url}")
            try:
                title = _text(path, item, "title")
            except FrontMatterError as error:
                raise FrontMatterError(path, f"{name}[{i}].title", error.problem) from None
            url = str(item.get("url") or "").strip()
            if url.upper().startswith(PLACEHOLDER):
                raise FrontMatterError(path, f"{name}[{i}].url", f"still has the placeholder text: {url!r}")
            if url and not re.fullmatch(r"https?://\S+\.\S+", url):
                raise FrontMatterError(path, f"{name}[{i}].url", f"{url!r} is not a web address (https://...)")
            out.append({"title": title, "url": url})
            continue
        if not isinstance(item, str) or not item.strip():
            raise FrontMatterError(path, f"{name}[{i}]", "must be non-empty text")
        if item.strip().upper().startswith(PLACEHOLDER):
            raise FrontMatterError(path, f"{name}[{i}]", f"still has the placeholder text: {item!r}")
        out.append(item.strip() if name == "tags" else {"title": item.strip(), "url": ""})
    return out


def parse_article(path, meta=None):
    """Validate an article's front matter; raises FrontMatterError naming file and field."""
    path = Path(path)
    slug, lang = split_name(path)
    if meta is None:
        _, meta = read_front_matter(path)
    if not meta:
        raise FrontMatterError(path, "(front matter)", "is missing: the file must start with a --- block")
    return Article(
        path=path,
        slug=slug,
        lang=lang,
        title=_text(path, meta, "title", max_len=120),
        description=check_description(path, meta),
        date=_date(path, meta),
        authors=_authors(path, meta),
        license=_license(path, meta),
        summary=_text(path, meta, "summary", max_len=400),
        tags=_string_list(path, meta, "tags"),
        sources=_string_list(path, meta, "sources"),
        adapted_by=_text(path, meta, "adapted_by", required=False),
    )


def is_article_source(path, docs_dir):
    rel = Path(path).relative_to(docs_dir)
    slug, _ = split_name(rel)
    return len(rel.parts) == 2 and rel.parts[0] == ARTICLES_DIR and slug not in (None, "index")


def load_articles(docs_dir):
    """Every article, validated, by language, newest first."""
    docs_dir = Path(docs_dir)
    found = {lang: [] for lang in LANGS}
    for path in sorted((docs_dir / ARTICLES_DIR).glob("*.md")):
        if is_article_source(path, docs_dir):
            article = parse_article(path)
            found[article.lang].append(article)
    for articles in found.values():
        articles.sort(key=lambda a: (a.date, a.slug), reverse=True)
    return found


def check_pages(docs_dir):
    """Every page's front matter parses and has a description; articles are fully validated."""
    docs_dir = Path(docs_dir)
    for path in sorted(docs_dir.rglob("*.md")):
        _, meta = read_front_matter(path)
        check_description(path, meta)
    return load_articles(docs_dir)


def missing_translations(docs_dir):
    """Pages that exist in one language only: [(path, missing_lang), ...]."""
    docs_dir = Path(docs_dir)
    pages = {}
    for path in docs_dir.rglob("*.md"):
        slug, lang = split_name(path)
        key = path.parent.relative_to(docs_dir) / slug
        pages.setdefault(key, {})[lang] = path.relative_to(docs_dir)
    missing = []
    for key in sorted(pages):
        for lang in LANGS:
            if lang not in pages[key]:
                existing = next(iter(pages[key].values()))
                missing.append((existing.as_posix(), f"{key.as_posix()}.{lang}.md"))
    return missing


# --- rendering -------------------------------------------------------------


def format_date(date, lang):
    if lang == "fi":
        return f"{date.day}.{date.month}.{date.year}"
    return f"{date.day} {TEXTS['en']['months'][date.month - 1]} {date.year}"


def author_names(article):
    return ", ".join(a.name for a in article.authors)


def citation(article, site_name, url):
    """APA-like: Surname, I. & Surname, I. (year). Title. Site. URL"""

    def short(name):
        parts = name.split()
        if len(parts) < 2:
            return name
        initials = " ".join(f"{p[0]}." for p in parts[:-1])
        return f"{parts[-1]}, {initials}"

    names = [short(a.name) for a in article.authors]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]
    return f"{joined} ({article.date.year}). {article.title}. {site_name}. {url}"


def render_list(articles, lang, link):
    """The articles list as HTML; `link(article)` gives each article's href."""
    t = TEXTS[lang]
    if not articles:
        return f'<p class="article-list__empty">{t["empty"]}</p>'
    items = []
    for article in articles:
        e = html.escape
        authors = ", ".join(e(a.name) for a in article.authors)
        items.append(
            '<li class="article-list__item">'
            f'<h2 class="article-list__title"><a href="{e(link(article))}">{e(article.title)}</a></h2>'
            f'<p class="article-list__meta"><time datetime="{article.date.isoformat()}">'
            f"{format_date(article.date, lang)}</time> · {authors}</p>"
            f'<p class="article-list__summary">{e(article.summary)}</p>'
            "</li>"
        )
    return '<ul class="article-list">' + "".join(items) + "</ul>"


def render_byline(article, site_name, url):
    """The block under an article's title: authors, date, license, how to cite."""
    t = TEXTS[article.lang]
    e = html.escape
    authors = "; ".join(
        f'<span class="article-byline__author">{e(a.name)}, {e(a.title)}, {e(a.organisation)}</span>'
        for a in article.authors
    )
    adapted = f'<p class="article-byline__adapted">{e(article.adapted_by)}</p>' if article.adapted_by else ""
    return (
        f'<aside class="article-byline" aria-label="{t["about"]}">'
        f'<p><span class="article-byline__label">{t["published"]}</span> '
        f'<time datetime="{article.date.isoformat()}">{format_date(article.date, article.lang)}</time></p>'
        f'<p><span class="article-byline__label">{t["by"]}</span> {authors}</p>'
        f"{adapted}"
        f'<p><span class="article-byline__label">{t["license"]}</span> '
        f'<a href="{e(article.license_url)}" rel="license">{e(article.license_name())}</a></p>'
        f'<p class="article-byline__cite"><span class="article-byline__label">{t["cite"]}</span> '
        f"{e(citation(article, site_name, url))}</p>"
        "</aside>"
    )


# --- feeds -----------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(articles, lang, site_url, site_name, feed_path, home_path):
    """An Atom feed (RFC 4287) of the articles of one language, as bytes."""
    ET.register_namespace("", ATOM)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    base = site_url.rstrip("/") + "/"
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    sub(feed, "id", base + feed_path)
    sub(feed, "title", site_name)
    sub(feed, "subtitle", TEXTS[lang]["feed"])
    sub(feed, "link", rel="self", type="application/atom+xml", href=base + feed_path)
    sub(feed, "link", rel="alternate", type="text/html", href=base + home_path)
    newest = max((a.date for a in articles), default=dt.date(2025, 1, 1))
    sub(feed, "updated", f"{newest.isoformat()}T00:00:00Z")
    sub(feed, "author").append(_named("name", site_name))
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
            sub(entry, "author").append(_named("name", author.name))
        sub(entry, "summary", article.summary)
        for tag in article.tags:
            sub(entry, "category", term=tag)
        sub(entry, "rights", f"{article.license_name()} {article.license_url}")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _named(tag, text):
    element = ET.Element(f"{{{ATOM}}}{tag}")
    element.text = text
    return element
