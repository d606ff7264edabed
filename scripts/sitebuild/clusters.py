"""Finnish clusters: load and validate docs/_data/clusters.toml, and render its
two tables as HTML for a language.

- The directory on "Löydä klusteri" / "Find a cluster" (marker <!-- cluster-directory -->):
  every cluster with name, region, theme, label and its status, home page or ECCP profile
  and sources, with a region/theme filter that the page script (assets/clusters/filter.js)
  switches on. Without JavaScript the whole table shows and the filter stays hidden.
- The labelled clusters on the Finland page (marker <!-- labelled-clusters -->).

Pure Python (standard library only): the MkDocs hook passes the build language and a
function that turns a site path into a URL relative to the page. Every value from the
data file is escaped on output."""

import datetime as _dt
import html
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from .languages import format_date, t

DATA = Path("_data") / "clusters.toml"  # under docs_dir
DIRECTORY_MARKER = "<!-- cluster-directory -->"
LABELLED_MARKER = "<!-- labelled-clusters -->"
SCRIPT = "assets/clusters/filter.js"
STYLESHEET = "assets/clusters/clusters.css"

LABELS = ("gold", "silver", "bronze", "none")
LABEL_STATUSES = ("confirmed", "article_only", "none")
ECCP_STATUSES = ("registered", "not_registered", "unknown")
SUPPORTS = ("cluster", "label", "eccp")
ARTICLE_MATCHES = ("same", "likely")
SOURCE_LANGS = ("fi", "en", "sv")
ECCP_HOSTS = ("clustercollaboration.eu", "www.clustercollaboration.eu")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PUBLISHED = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class ClusterDataError(ValueError):
    """The data file is wrong; the message names the entry and the field."""


Texts = dict[str, str]  # language -> text
Vocabulary = dict[str, Texts]  # key -> its name in each language
UrlFor = Callable[[str], str]  # a site path -> its URL relative to the page
Fail = Callable[[str], NoReturn]  # reports what is wrong with one field
FailAt = Callable[[str, str, str], NoReturn]  # the same, given the entry and the field


def _same(path: str) -> str:
    return path


@dataclass(frozen=True)
class Source:
    key: str
    publisher: str
    title: str
    url: str
    lang: str
    seen: str
    published: str | None
    original_article: bool


@dataclass(frozen=True)
class Cite:
    source: Source
    supports: tuple[str, ...]


@dataclass(frozen=True)
class Cluster:
    id: str
    name: Texts
    region: str
    theme: str
    focus: Texts | None
    label: str
    label_status: str
    label_year: int | None
    label_note: Texts | None
    article_name: str | None
    article_gloss: Texts
    article_match: str
    home: str | None
    home_lang: str | None
    eccp: str
    eccp_profile: str | None
    eccp_note: Texts | None
    note: Texts | None
    directory: bool
    sources: tuple[Cite, ...]


@dataclass(frozen=True)
class Data:
    compiled: str
    eccp_listing: str
    regions: Vocabulary
    themes: Vocabulary
    sources: dict[str, Source]
    clusters: tuple[Cluster, ...]

    def directory(self) -> list[Cluster]:
        return [c for c in self.clusters if c.directory]

    def labelled(self) -> list[Cluster]:
        return [c for c in self.clusters if c.label != "none"]


# --- loading and validation ----------------------------------------------------


def load(path: str | Path, langs: Sequence[str]) -> Data:
    """Read and validate the data file (texts in every one of `langs`); ClusterDataError names what is wrong."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ClusterDataError(f"{path.name}: not valid TOML: {error}") from error
    return validate(raw, langs, path.name)


def validate(raw: dict[str, Any], langs: Sequence[str], name: str = "clusters.toml") -> Data:
    def fail(where: str, field: str, message: str) -> NoReturn:
        raise ClusterDataError(f"{name}: {where}, field '{field}': {message}")

    meta = raw.get("meta") or {}
    compiled = _iso_date(meta.get("compiled"), _failing(fail, "[meta]", "compiled"))
    eccp_listing = _url(meta.get("eccp_listing"), _failing(fail, "[meta]", "eccp_listing"))
    regions = _vocabulary(raw.get("regions"), "regions", fail, langs)
    themes = _vocabulary(raw.get("themes"), "themes", fail, langs)
    sources = {key: _source(key, entry, fail) for key, entry in (raw.get("sources") or {}).items()}
    if not sources:
        fail("[sources]", "-", "no sources")
    known = _Known(langs, compiled, regions, themes, sources, fail)
    clusters: list[Cluster] = []
    for index, entry in enumerate(raw.get("clusters") or []):
        clusters.append(_cluster(index, entry, known, {c.id for c in clusters}))
    if not clusters:
        fail("[[clusters]]", "-", "no clusters")
    return Data(compiled, eccp_listing, regions, themes, sources, tuple(clusters))


def _failing(fail: FailAt, where: str, field: str) -> Fail:
    return lambda message: fail(where, field, message)


@dataclass(frozen=True)
class _Known:
    """What a cluster entry is checked against."""

    langs: Sequence[str]
    compiled: str
    regions: Vocabulary
    themes: Vocabulary
    sources: dict[str, Source]
    fail: FailAt


def _text(value: object, where: str, field: str, fail: FailAt) -> str:
    if not isinstance(value, str) or not value.strip():
        fail(where, field, "missing")
    return value.strip()


def _source(key: str, entry: object, fail: FailAt) -> Source:
    where = f"source '{key}'"
    if not isinstance(entry, dict):
        fail(where, "-", "must be a table")
    title = _text(entry.get("title"), where, "title", fail)
    publisher = _text(entry.get("publisher"), where, "publisher", fail)
    lang = entry.get("lang")
    if lang not in SOURCE_LANGS:
        fail(where, "lang", f"must be fi, en or sv, not {lang!r}")
    published = entry.get("published")
    if published is not None and (not isinstance(published, str) or not _valid_published(published)):
        fail(where, "published", f"must be YYYY, YYYY-MM or YYYY-MM-DD, not {published!r}")
    return Source(
        key=key,
        publisher=publisher,
        title=title,
        url=_url(entry.get("url"), _failing(fail, where, "url")),
        lang=lang,
        seen=_iso_date(entry.get("seen"), _failing(fail, where, "seen")),
        published=published,
        original_article=bool(entry.get("original_article", False)),
    )


def _one_of(entry: dict[str, Any], field: str, allowed: Sequence[str], fail: Fail, default: str | None = None) -> str:
    value: Any = entry.get(field, default)
    if value not in allowed:
        fail(f"must be one of {', '.join(allowed)}, not {value!r}")
    return str(value)


def _cluster(index: int, entry: object, known: _Known, taken: set[str]) -> Cluster:
    ident = entry.get("id") if isinstance(entry, dict) else None
    where = f"cluster '{ident}'" if isinstance(ident, str) and ident else f"cluster #{index + 1}"
    fail = known.fail
    if not isinstance(ident, str) or not ID.match(ident):
        fail(where, "id", "must be lowercase letters, digits and hyphens")
    if ident in taken:
        fail(where, "id", "used twice")
    assert isinstance(entry, dict)

    def failing(field: str) -> Fail:
        return _failing(fail, where, field)

    def bilingual(field: str) -> Texts:
        value = entry.get(field)
        if not isinstance(value, dict) or any(
            not isinstance(value.get(lang), str) or not value[lang].strip() for lang in known.langs
        ):
            fail(where, field, "needs both fi and en texts")
        return {lang: value[lang].strip() for lang in known.langs}

    def optional(field: str) -> Texts | None:
        return None if entry.get(field) is None else bilingual(field)

    region = entry.get("region")
    if region not in known.regions:
        fail(where, "region", f"unknown region {region!r} (see [regions])")
    theme = entry.get("theme")
    if theme not in known.themes:
        fail(where, "theme", f"unknown theme {theme!r} (see [themes])")
    label = _one_of(entry, "label", LABELS, failing("label"))
    status = _one_of(entry, "label_status", LABEL_STATUSES, failing("label_status"))
    if (label == "none") != (status == "none"):
        fail(where, "label_status", "is 'none' exactly when label is 'none'")
    year = _label_year(entry.get("label_year"), label, known.compiled, failing("label_year"))
    match = _one_of(entry, "article_match", ARTICLE_MATCHES, failing("article_match"), default="same")
    home, home_lang, eccp, profile, directory = _whereabouts(entry, where, fail)
    cites = _cites(entry.get("sources") or [], where, known)
    _check_evidence(cites, status, eccp, where, fail)
    article_name, gloss = _article_name(entry, status, where, fail)
    return Cluster(
        id=ident,
        name=bilingual("name"),
        region=region,
        theme=theme,
        focus=optional("focus"),
        label=label,
        label_status=status,
        label_year=year,
        label_note=optional("label_note"),
        article_name=article_name,
        article_gloss=gloss,
        article_match=match,
        home=home,
        home_lang=home_lang,
        eccp=eccp,
        eccp_profile=profile,
        eccp_note=optional("eccp_note"),
        note=optional("note"),
        directory=directory,
        sources=tuple(cites),
    )


def _whereabouts(
    entry: dict[str, Any], where: str, fail: FailAt
) -> tuple[str | None, str | None, str, str | None, bool]:
    """Home page and its language, ECCP status and profile, and whether the directory lists it."""
    home = entry.get("home")
    if home is not None:
        home = _url(home, _failing(fail, where, "home"))
    home_lang = entry.get("home_lang")
    if home_lang is not None and home_lang not in SOURCE_LANGS:
        fail(where, "home_lang", f"must be fi, en or sv, not {home_lang!r}")
    eccp = _one_of(entry, "eccp", ECCP_STATUSES, _failing(fail, where, "eccp"))
    profile = entry.get("eccp_profile")
    if profile is not None:
        profile = _url(profile, _failing(fail, where, "eccp_profile"))
        if urlsplit(profile).hostname not in ECCP_HOSTS:
            fail(where, "eccp_profile", "must be an address on clustercollaboration.eu")
    directory = entry.get("directory", True)
    if not isinstance(directory, bool):
        fail(where, "directory", "must be true or false")
    if directory and home is None and profile is None:
        fail(where, "home", "a cluster in the directory needs a home page or an ECCP profile")
    return home, home_lang, eccp, profile, directory


def _label_year(year: object, label: str, compiled: str, fail: Fail) -> int | None:
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, int) or not 2009 <= year <= int(compiled[:4]):
        fail(f"must be a year from 2009 (the start of ECEI) to {compiled[:4]}, not {year!r}")
    if label == "none":
        fail("given without a label")
    return year


def _cites(entries: list[Any], where: str, known: _Known) -> list[Cite]:
    cites = []
    for number, cite in enumerate(entries, start=1):
        field = f"sources[{number}]"
        if not isinstance(cite, dict):
            known.fail(where, field, "must be { ref = ..., supports = [...] }")
        ref = cite.get("ref")
        if ref not in known.sources:
            known.fail(where, f"{field}.ref", f"unknown source {ref!r} (see [sources])")
        supports = cite.get("supports")
        if not isinstance(supports, list) or not supports or any(s not in SUPPORTS for s in supports):
            known.fail(where, f"{field}.supports", f"must list one or more of {', '.join(SUPPORTS)}")
        cites.append(Cite(known.sources[ref], tuple(supports)))
    if not cites:
        known.fail(where, "sources", "missing: every cluster needs at least one source")
    return cites


def _check_evidence(cites: list[Cite], status: str, eccp: str, where: str, fail: FailAt) -> None:
    """The sources support what the entry claims; the original article alone confirms nothing."""
    if not any("cluster" in c.supports and not c.source.original_article for c in cites):
        fail(where, "sources", "no source (other than the original article) confirms that the cluster exists")
    label_cites = [c for c in cites if "label" in c.supports]
    others = any(not c.source.original_article for c in label_cites)
    if status == "confirmed" and not others:
        fail(where, "label_status", "'confirmed' needs a source other than the original article that supports 'label'")
    if status == "article_only":
        if not any(c.source.original_article for c in label_cites):
            fail(where, "label_status", "'article_only' needs the original article as a source that supports 'label'")
        if others:
            fail(where, "label_status", "another source supports the label: use 'confirmed'")
    if status == "none" and label_cites:
        fail(where, "sources", "a source supports a label, but label is 'none'")
    if eccp in ("registered", "not_registered") and not any("eccp" in c.supports for c in cites):
        fail(where, "eccp", f"'{eccp}' needs a source that supports 'eccp'")


def _article_name(entry: dict[str, Any], status: str, where: str, fail: FailAt) -> tuple[str | None, Texts]:
    """The name the original article uses, and its English gloss."""
    article_name = entry.get("article_name")
    if article_name is not None and (not isinstance(article_name, str) or not article_name.strip()):
        fail(where, "article_name", "must be the name as the original article writes it")
    gloss = entry.get("article_gloss")
    if gloss is not None and (
        not isinstance(gloss, dict) or set(gloss) - {"en"} or not all(isinstance(v, str) and v for v in gloss.values())
    ):
        fail(where, "article_gloss", 'must be { en = "translation" }')
    if gloss is not None and article_name is None:
        fail(where, "article_gloss", "given without article_name")
    if status == "article_only" and article_name is None:
        fail(where, "article_name", "an 'article_only' label needs the name the original article uses")
    return article_name, gloss or {}


def _vocabulary(table: object, name: str, fail: FailAt, langs: Sequence[str]) -> Vocabulary:
    if not isinstance(table, dict) or not table:
        fail(f"[{name}]", "-", "missing")
    for key, value in table.items():
        if not ID.match(key):
            fail(f"[{name}]", key, "keys are lowercase letters, digits and hyphens")
        if not isinstance(value, dict) or any(
            not isinstance(value.get(lang), str) or not value[lang] for lang in langs
        ):
            fail(f"[{name}]", key, f"needs a name in each of {', '.join(langs)}")
    return {key: {lang: value[lang] for lang in langs} for key, value in table.items()}


def _url(value: object, fail: Fail) -> str:
    if not isinstance(value, str) or not value:
        fail("missing")
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or "." not in parts.hostname
        or re.search(r"\s", value)
    ):
        fail(f"not an http(s) address: {value!r}")
    return value


def _iso_date(value: object, fail: Fail) -> str:
    if isinstance(value, _dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        fail("missing (YYYY-MM-DD)")
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        fail(f"not a date (YYYY-MM-DD): {value!r}")


def _valid_published(value: str) -> bool:
    if not PUBLISHED.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


# --- rendering -------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _t(lang: str, key: str, **values: object) -> str:
    text = t(lang, f"clusters.{key}")
    return text.format(**values) if values else text


NATIONWIDE = "koko-suomi"


def _collate(text: str) -> str:
    """Sort key in Finnish/Swedish alphabetical order (å, ä, ö after z)."""
    return text.casefold().replace("å", "z~").replace("ä", "z~~").replace("ö", "z~~~")


def _sort_name(cluster: Cluster, lang: str) -> str:
    return _collate(cluster.name[lang])


def _region_key(data: Data, region: str, lang: str) -> tuple[bool, str]:
    """Regions alphabetically; nationwide clusters last."""
    return (region == NATIONWIDE, _collate(data.regions[region][lang]))


def _label_text(cluster: Cluster, lang: str) -> str:
    if cluster.label == "none":
        return _e(_t(lang, "label_none"))
    year = str(cluster.label_year) if cluster.label_year else _t(lang, "year_unknown_inline")
    main = f'<span class="cluster-label cluster-label--{_e(cluster.label)}">{_e(_t(lang, "label_" + cluster.label))}</span> ({_e(year)})'
    details = [_t(lang, "status_" + cluster.label_status)]
    if cluster.label_status == "article_only" and cluster.article_match == "likely":
        details.append(_t(lang, "no_match"))
    if cluster.label_note:
        details.append(cluster.label_note[lang])
    return main + f'<br><span class="cluster-detail">{_e("; ".join(details))}</span>' + _note(cluster, lang)


def _name_cell(cluster: Cluster, lang: str, focus: bool = True) -> str:
    parts = [f'<span class="cluster-name">{_e(cluster.name[lang])}</span>']
    extra = []
    if focus and cluster.focus:
        extra.append(_e(cluster.focus[lang]))
    if cluster.article_name and cluster.article_name.casefold() != cluster.name[lang].casefold():
        key = "article_name_likely" if cluster.article_match == "likely" else "article_name"
        text = _t(lang, key, name=cluster.article_name)
        if cluster.article_gloss.get(lang):
            text += f" ({cluster.article_gloss[lang]})"
        extra.append(_e(text))
    parts += [f'<span class="cluster-detail">{text}</span>' for text in extra]
    return "<br>".join(parts)


def _note(cluster: Cluster, lang: str) -> str:
    return f'<span class="cluster-detail cluster-note">{_e(cluster.note[lang])}</span>' if cluster.note else ""


def _link(url: str, text: str, lang: str, link_lang: str | None) -> str:
    suffix = "" if link_lang in (None, lang) else f" ({_t(lang, 'lang_' + link_lang)})"
    hreflang = f' hreflang="{_e(link_lang)}"' if link_lang else ""
    return f'<a href="{_e(url)}"{hreflang}>{_e(text)}</a>{_e(suffix)}'


def _host(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _links_cell(cluster: Cluster, lang: str) -> str:
    lines = []
    if cluster.home:
        lines.append(_link(cluster.home, _host(cluster.home), lang, cluster.home_lang))
    if cluster.eccp_profile:
        lines.append(_link(cluster.eccp_profile, _t(lang, "eccp_profile"), lang, "en"))
    status = _t(lang, "eccp_" + cluster.eccp)
    if cluster.eccp_note and cluster.eccp != "unknown":
        status = cluster.eccp_note[lang][:1].upper() + cluster.eccp_note[lang][1:]
    lines.append(f'<span class="cluster-detail">{_e(status)}</span>')
    return "<br>".join(lines)


def _source_items(cluster: Cluster, lang: str) -> str:
    """Every source in full: publisher, linked title, dates."""
    items = []
    for cite in cluster.sources:
        source = cite.source
        dates = []
        if source.published:
            dates.append(_t(lang, "published", date=format_date(source.published, lang)))
        dates.append(_t(lang, "seen", date=format_date(source.seen, lang)))
        link = _link(source.url, source.title, lang, source.lang)
        items.append(
            f'<li>{_e(source.publisher)}: {link} <span class="cluster-detail">({_e(", ".join(dates))})</span></li>'
        )
    return f'<ul class="cluster-sources">{"".join(items)}</ul>'


def _short_sources(cluster: Cluster, lang: str) -> str:
    """The sources for the label (and the ECCP listing), short: linked publisher and date."""
    items = []
    for cite in cluster.sources:
        if not {"label", "eccp"} & set(cite.supports):
            continue
        source = cite.source
        name = _t(lang, "original_article").capitalize() if source.original_article else source.publisher
        date = f" {_e(format_date(source.published, lang))}" if source.published else ""
        items.append(f"<li>{_link(source.url, name, lang, source.lang)}{date}</li>")
    return f'<ul class="cluster-sources">{"".join(items)}</ul>'


def _sources_cell(cluster: Cluster, lang: str) -> str:
    count = len(cluster.sources)
    summary = (
        f'<span class="cluster-summary-arrow" aria-hidden="true">▸</span>'
        f'{_e(_t(lang, "sources_summary", count=count))}<span class="visually-hidden">: {_e(cluster.name[lang])}</span>'
    )
    return f"<details><summary>{summary}</summary>{_source_items(cluster, lang)}</details>"


def _table(kind: str, caption: str, headers: list[str], rows: list[str], lang: str, attributes: str = "") -> str:
    caption_id, hint_id = f"{kind}-caption", f"{kind}-hint"
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headers)
    return (
        f'<p class="cluster-table-hint" id="{hint_id}">{_e(_t(lang, "scroll_hint"))}</p>'
        f'<div class="cluster-table-scroll" role="region" tabindex="0" aria-labelledby="{caption_id}" aria-describedby="{hint_id}">'
        f'<table class="cluster-table cluster-table--{kind}" id="{kind}"{attributes}>'
        f'<caption id="{caption_id}"><span class="cluster-caption">{_e(caption)}</span></caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def render_directory(data: Data, lang: str, url_for: UrlFor = _same) -> str:
    """The "Find a cluster" table with its (script-enabled) filter, for one language."""
    clusters = sorted(data.directory(), key=lambda c: (_region_key(data, c.region, lang), _sort_name(c, lang)))
    rows = []
    for c in clusters:
        rows.append(
            f'<tr data-region="{_e(c.region)}" data-theme="{_e(c.theme)}" data-cluster="{_e(c.id)}">'
            f'<th scope="row">{_name_cell(c, lang)}</th>'
            f"<td>{_e(data.regions[c.region][lang])}</td>"
            f"<td>{_e(data.themes[c.theme][lang])}</td>"
            f'<td class="cluster-labelcell">{_label_text(c, lang)}</td>'
            f'<td class="cluster-links">{_links_cell(c, lang)}</td>'
            f"<td>{_sources_cell(c, lang)}</td></tr>"
        )
    headers = [_t(lang, k) for k in ("col_cluster", "col_region", "col_theme", "col_label", "col_links", "col_sources")]
    caption = _t(lang, "directory_caption", date=format_date(data.compiled, lang))
    table = _table("cluster-directory", caption, headers, rows, lang, " data-cluster-directory")
    return _filter(data, clusters, lang) + table + _assets(url_for, script=True)


def _filter(data: Data, clusters: list[Cluster], lang: str) -> str:
    def options(field: str, vocabulary: Vocabulary, all_key: str) -> str:
        if field == "region":
            keys = sorted({c.region for c in clusters}, key=lambda k: _region_key(data, k, lang))
        else:
            keys = sorted({c.theme for c in clusters}, key=lambda k: _collate(vocabulary[k][lang]))
        items = [f'<option value="">{_e(_t(lang, all_key))}</option>']
        items += [f'<option value="{_e(k)}">{_e(vocabulary[k][lang])}</option>' for k in keys]
        return "".join(items)

    templates = " ".join(f'data-{k}="{_e(_t(lang, "filter_" + k))}"' for k in ("all", "some", "none"))
    return (
        f'<fieldset class="cluster-filter" id="cluster-filter" hidden {templates}>'
        f"<legend>{_e(_t(lang, 'filter_legend'))}</legend>"
        f'<div class="cluster-filter__field"><label for="cluster-filter-region">{_e(_t(lang, "filter_region"))}</label>'
        f'<select id="cluster-filter-region" name="region">{options("region", data.regions, "filter_all_regions")}</select></div>'
        f'<div class="cluster-filter__field"><label for="cluster-filter-theme">{_e(_t(lang, "filter_theme"))}</label>'
        f'<select id="cluster-filter-theme" name="theme">{options("theme", data.themes, "filter_all_themes")}</select></div>'
        f'<button type="button" class="md-button" id="cluster-filter-reset">{_e(_t(lang, "filter_reset"))}</button>'
        f"</fieldset>"
        f'<p class="cluster-filter-status" id="cluster-filter-status" role="status" aria-live="polite"></p>'
    )


LABEL_ORDER = {"gold": 0, "silver": 1, "bronze": 2}
STATUS_ORDER = {"confirmed": 0, "article_only": 1}


def render_labelled(data: Data, lang: str, url_for: UrlFor = _same) -> str:
    """The Finland page's table of clusters that hold or have held a label."""
    clusters = sorted(
        data.labelled(),
        key=lambda c: (STATUS_ORDER[c.label_status], LABEL_ORDER[c.label], -(c.label_year or 0), _sort_name(c, lang)),
    )
    rows = []
    for c in clusters:
        label = _e(_t(lang, "label_" + c.label))
        if c.label_note:
            label += f'<br><span class="cluster-detail">{_e(c.label_note[lang])}</span>'
        label += _note(c, lang)
        year = _e(c.label_year) if c.label_year else _e(_t(lang, "year_unknown"))
        rows.append(
            f'<tr data-cluster="{_e(c.id)}"><th scope="row">{_name_cell(c, lang, focus=False)}</th>'
            f"<td>{label}</td><td>{year}</td><td>{_short_sources(c, lang)}</td>"
            f"<td>{_e(_confirmation(c, lang))}</td></tr>"
        )
    headers = [_t(lang, k) for k in ("col_cluster", "col_label", "col_year", "col_sources", "col_confirmed")]
    return _table("labelled-clusters", _t(lang, "labelled_caption"), headers, rows, lang) + _assets(
        url_for, script=True
    )


def _confirmation(cluster: Cluster, lang: str) -> str:
    if cluster.label_status == "confirmed":
        return _t(lang, "yes") if cluster.article_name else _t(lang, "yes_not_in_article")
    parts = [_t(lang, "no")]
    if cluster.eccp == "registered":
        parts.append(cluster.eccp_note[lang] if cluster.eccp_note else _t(lang, "eccp_registered").lower())
    if cluster.article_match == "likely":
        parts.append(_t(lang, "no_match"))
    return "; ".join(parts)


def _assets(url_for: UrlFor, script: bool) -> str:
    tags = f'<link rel="stylesheet" href="{_e(url_for(STYLESHEET))}">'
    if script:
        tags += f'<script src="{_e(url_for(SCRIPT))}" defer></script>'
    return tags


def replace_markers(page_html: str, lang: str, langs: Sequence[str], path: str | Path, url_for: UrlFor = _same) -> str:
    """Replace the two markers (bare, or wrapped in <p>) in a built page's HTML.
    The data is read only when a marker is present."""
    if DIRECTORY_MARKER not in page_html and LABELLED_MARKER not in page_html:
        return page_html
    data = load(path, langs)
    for marker, render in ((DIRECTORY_MARKER, render_directory), (LABELLED_MARKER, render_labelled)):
        if marker in page_html:
            rendered = render(data, lang, url_for)
            page_html = page_html.replace(f"<p>{marker}</p>", rendered).replace(marker, rendered)
    return page_html
