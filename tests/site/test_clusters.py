"""Finnish clusters (docs/_data/clusters.toml, scripts/sitebuild/clusters.py): the data
validates and every row is sourced; bad data fails with the row and field named;
both languages render the same rows; the built pages carry the whole table; the
Finland page's table comes from the same data."""

import copy
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sitebuild import clusters as C
from sitebuild.languages import format_date, t
from tests.project import ROOT, languages

from tests.project import build, fixture_site

DOCS = ROOT / "docs"
LANGS = languages().codes
RAW = tomllib.loads((DOCS / C.DATA).read_text(encoding="utf-8"))
DATA = C.load(DOCS / C.DATA, LANGS)
PAGES = {"directory": ("find-cluster", C.DIRECTORY_MARKER), "labelled": ("finland", C.LABELLED_MARKER)}


class Rows(HTMLParser):
    """One table (by id): its caption, cluster id -> the row's attributes and text, every tag seen."""

    def __init__(self, table_id):
        super().__init__()
        self.table_id, self.inside, self.in_caption = table_id, False, False
        self.rows, self.current, self.tags, self.caption = {}, None, [], ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "table" and attrs.get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr" and "data-cluster" in attrs:
            self.current = attrs["data-cluster"]
            self.rows[self.current] = {"attrs": attrs, "text": ""}
        elif self.inside and tag == "caption":
            self.in_caption = True

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif tag == "tr":
            self.current = None
        elif tag == "caption":
            self.in_caption = False

    def handle_data(self, data):
        if self.current:
            self.rows[self.current]["text"] += data
        elif self.in_caption:
            self.caption += data


def rows_of(html_text, table_id):
    parser = Rows(table_id)
    parser.feed(html_text)
    return parser


def broken(change):
    raw = copy.deepcopy(RAW)
    change(raw)
    return raw


# --- the data ----------------------------------------------------------------


def test_the_data_validates_and_is_a_useful_list():
    assert len(DATA.directory()) >= 12
    assert len({c.region for c in DATA.directory()}) >= 6
    assert len({c.theme for c in DATA.directory()}) >= 6
    assert DATA.eccp_listing == "https://clustercollaboration.eu/cluster-organisations"


def test_every_row_has_a_dated_source_confirming_the_cluster():
    for cluster in DATA.clusters:
        confirming = [c for c in cluster.sources if "cluster" in c.supports and not c.source.original_article]
        assert confirming, cluster.id
        for cite in cluster.sources:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", cite.source.seen), (cluster.id, cite.source.key)
            assert cite.source.url.startswith(("https://", "http://")), (cluster.id, cite.source.key)
            assert cite.source.title and cite.source.publisher, (cluster.id, cite.source.key)


def test_labels_are_shown_only_as_sourced():
    for cluster in DATA.labelled():
        label_sources = [c.source for c in cluster.sources if "label" in c.supports]
        if cluster.label_status == "confirmed":
            assert any(not s.original_article for s in label_sources), cluster.id
        else:
            assert cluster.label_status == "article_only"
            assert [s.original_article for s in label_sources] == [True], cluster.id


def test_the_review_findings_are_in_the_data():
    by_id = {c.id: c for c in DATA.clusters}
    # A9: HealthTurku, Bronze, year not known, confirmed by ScanBalt.
    health = by_id["healthturku"]
    assert (health.label, health.label_status, health.label_year) == ("bronze", "confirmed", None)
    assert any("scanbalt.org" in c.source.url for c in health.sources)
    # A10: BusinessOulu's clusters as the likely identities, still unconfirmed as labelled.
    for ident in ("oulu-automotive", "oulu-circular"):
        cluster = by_id[ident]
        assert (cluster.label_status, cluster.article_match) == ("article_only", "likely")
        assert any("businessoulu.com" in c.source.url for c in cluster.sources)
    # A11: Memory Campus was not yet on the ECCP in September 2023.
    assert by_id["memory-campus"].eccp == "not_registered"


# Each broken copy of the data must fail with the cluster (or source) and the field named.
BROKEN = {
    "missing sources": (lambda r: r["clusters"][0].pop("sources"), "cluster 'energyvaasa'", "sources"),
    "bad url": (
        lambda r: r["clusters"][1].__setitem__("home", "www.photonics.fi"),
        "cluster 'photonics-finland'",
        "home",
    ),
    "unknown region": (
        lambda r: r["clusters"][2].__setitem__("region", "atlantis"),
        "cluster 'green-net-finland'",
        "region",
    ),
    "unknown label": (lambda r: r["clusters"][3].__setitem__("label", "platinum"), "cluster 'healthturku'", "label"),
    "unknown theme": (lambda r: r["clusters"][0].__setitem__("theme", "cheese"), "cluster 'energyvaasa'", "theme"),
    "unknown source": (
        lambda r: r["clusters"][0]["sources"].append({"ref": "nowhere", "supports": ["cluster"]}),
        "cluster 'energyvaasa'",
        "sources[5].ref",
    ),
    "source without date": (
        lambda r: r["sources"]["scanbalt_healthturku"].pop("seen"),
        "source 'scanbalt_healthturku'",
        "seen",
    ),
    "source with a bad url": (
        lambda r: r["sources"]["vasek_gold"].__setitem__("url", "ftp://vasek.fi/x"),
        "source 'vasek_gold'",
        "url",
    ),
    "confirmed by the article alone": (
        lambda r: r["clusters"][4].__setitem__("label_status", "confirmed"),
        "cluster 'north-savo-energy'",
        "label_status",
    ),
    "only the article shows it exists": (
        lambda r: r["clusters"][4].__setitem__("sources", [{"ref": "seed", "supports": ["cluster", "label"]}]),
        "cluster 'north-savo-energy'",
        "sources",
    ),
    "eccp without a source": (
        lambda r: r["clusters"][0].__setitem__("eccp", "registered"),
        "cluster 'energyvaasa'",
        "eccp",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_bad_data_names_the_row_and_the_field(case):
    change, where, field = BROKEN[case]
    with pytest.raises(C.ClusterDataError) as error:
        C.validate(broken(change), LANGS)
    assert where in str(error.value) and f"field '{field}'" in str(error.value), str(error.value)


def test_everything_is_escaped():
    def change(raw):
        raw["clusters"][0]["name"] = {"fi": "<script>alert(1)</script>", "en": 'A "quoted" & <b>bold</b> name'}
        raw["sources"]["vasek_gold"]["title"] = "<img src=x onerror=alert(1)>"

    data = C.validate(broken(change), LANGS)
    for lang in LANGS:
        for render in (C.render_directory, C.render_labelled):
            out = render(data, lang)
            assert "<script>alert" not in out and "<img src=x" not in out and "<b>bold" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in C.render_directory(data, "fi")
    assert "A &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt; name" in C.render_labelled(data, "en")


def test_markers_are_replaced_bare_or_in_a_paragraph():
    for marker in (C.DIRECTORY_MARKER, C.LABELLED_MARKER):
        for wrapped in (marker, f"<p>{marker}</p>"):
            out = C.replace_markers(f"<h1>x</h1>{wrapped}<p>after</p>", "fi", LANGS, DOCS / C.DATA, lambda path: "../" + path)
            assert marker not in out and "<p><" not in out.replace("<p>after", "")
            assert 'href="../assets/clusters/clusters.css"' in out
            assert '<script src="../assets/clusters/filter.js" defer></script>' in out
    assert C.replace_markers("<p>no marker</p>", "fi", LANGS, DOCS / C.DATA) == "<p>no marker</p>"


# --- rendering: both languages, the same rows ---------------------------------------


@pytest.mark.parametrize("kind", ["directory", "labelled"])
def test_both_languages_render_the_same_rows(kind):
    render = C.render_directory if kind == "directory" else C.render_labelled
    table_id = "cluster-directory" if kind == "directory" else "labelled-clusters"
    fi, en = (rows_of(render(DATA, lang), table_id).rows for lang in LANGS)
    expected = {c.id for c in (DATA.directory() if kind == "directory" else DATA.labelled())}
    assert set(fi) == set(en) == expected
    for ident in expected:
        assert fi[ident]["attrs"] == en[ident]["attrs"]


def test_label_status_is_spelled_out_in_each_language():
    statuses = {"fi": "vain alkuperäisen artikkelin mukaan", "en": "according to the original article only"}
    for lang, words in statuses.items():
        rows = rows_of(C.render_directory(DATA, lang), "cluster-directory").rows
        for cluster in DATA.directory():
            assert (words in rows[cluster.id]["text"]) == (cluster.label_status == "article_only"), (lang, cluster.id)


# --- the built site ----------------------------------------------------------------


def built(site_dir, lang, name):
    return (site_dir / ("en/" if lang == "en" else "") / name / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_the_built_find_cluster_page_has_the_whole_table(site_dir, lang):
    page = built(site_dir, lang, "find-cluster")
    assert C.DIRECTORY_MARKER not in page
    parsed = rows_of(page, "cluster-directory")
    assert set(parsed.rows) == {c.id for c in DATA.directory()}
    for cluster in DATA.directory():
        row = parsed.rows[cluster.id]
        assert row["attrs"]["data-region"] == cluster.region and row["attrs"]["data-theme"] == cluster.theme
        assert cluster.name[lang] in row["text"]
        assert DATA.regions[cluster.region][lang] in row["text"]
        assert format_date(DATA.compiled, lang) in row["text"]  # the date each source was seen
    assert parsed.caption and format_date(DATA.compiled, lang) in parsed.caption
    tags = {attrs.get("id"): (tag, attrs) for tag, attrs in parsed.tags if attrs.get("id")}
    tag, fieldset = tags["cluster-filter"]
    assert tag == "fieldset" and "hidden" in fieldset  # shown by the script only
    assert tags["cluster-filter-status"][1].get("aria-live") == "polite"
    for control in ("cluster-filter-region", "cluster-filter-theme"):
        assert any(t == "label" and a.get("for") == control for t, a in parsed.tags)
    wrapper = next(a for t, a in parsed.tags if "cluster-table-scroll" in (a.get("class") or ""))
    assert wrapper.get("tabindex") == "0" and wrapper.get("role") == "region"
    assert wrapper.get("aria-labelledby") == "cluster-directory-caption"
    assert f'href="{DATA.eccp_listing}"' in page


@pytest.mark.parametrize("lang", LANGS)
def test_the_built_finland_table_comes_from_the_data(site_dir, lang):
    page = built(site_dir, lang, "finland")
    assert C.LABELLED_MARKER not in page
    parsed = rows_of(page, "labelled-clusters")
    assert set(parsed.rows) == {c.id for c in DATA.labelled()}
    # One home per fact: the page has no other table of clusters.
    assert page.count("<table") == 1
    for cluster in DATA.labelled():
        text = parsed.rows[cluster.id]["text"]
        assert cluster.name[lang] in text
        assert (str(cluster.label_year) in text) if cluster.label_year else (t(lang, "clusters.year_unknown") in text)


@pytest.mark.parametrize("name", ["find-cluster", "finland"])
def test_the_pages_run_no_inline_script(site_dir, name):
    for lang in LANGS:
        page = built(site_dir, lang, name)
        main = page[page.index("<article") : page.index("</article>")]
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", main), "inline script"
        assert not re.search(r"\son[a-z]+=", main), "inline event handler"


def section_urls(path, heading):
    text = path.read_text(encoding="utf-8")
    section = text.split(f"\n## {heading}\n", 1)[1]
    return re.findall(r"<(https?://[^>]+)>", section)


@pytest.mark.parametrize("name", ["find-cluster", "finland"])
def test_both_languages_list_the_same_sources(name):
    """The same sources in the same order (a source may be cited in the page's own language)."""
    fi = section_urls(DOCS / f"{name}.fi.md", "Lähteet")
    en = section_urls(DOCS / f"{name}.en.md", "Sources")
    assert fi and [urlsplit(u).hostname for u in fi] == [urlsplit(u).hostname for u in en]
    assert sum(a != b for a, b in zip(fi, en, strict=True)) <= 1


def test_bad_data_stops_the_build_naming_the_row(tmp_path):
    project = fixture_site(tmp_path)
    data = project / "docs" / C.DATA
    data.parent.mkdir()
    text = (DOCS / C.DATA).read_text(encoding="utf-8")
    data.write_text(text.replace('region = "pohjanmaa"', 'region = "atlantis"', 1), encoding="utf-8")
    for lang in LANGS:
        page = project / "docs" / f"privacy.{lang}.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n{C.LABELLED_MARKER}\n", encoding="utf-8")
    done = build(project)
    assert done.returncode != 0
    assert "cluster 'energyvaasa', field 'region'" in done.stdout + done.stderr
