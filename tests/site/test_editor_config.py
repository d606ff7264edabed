"""The web editor's configuration and rules (scripts/sitebuild/editor.py,
editor/article.js) against the build's: the editor's fields come from the front
matter schema, its patterns accept only what the build's checks accept, what it
writes is what the build reads, its preview's byline is the site's, and the
admin page stays out of the sitemap, the search index and production's reach of
127.0.0.1.

The JavaScript runs in Node, as the browser runs it (the same files, copied from
the built site's admin/). Uses the built site (`make build`) and, for a
production build, the small fixture site."""

import datetime as dt
import gzip
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sitebuild import editor
from sitebuild.articles import parse_article, render_byline
from sitebuild.front_matter import FrontMatterError, check_article, check_value, named_fields, schema
from tests.project import ROOT, build, fixture_site, languages

HEADERS = ROOT / "deploy" / "_headers"
ARTICLES = sorted(p for p in (ROOT / "docs" / "articles").glob("*.md") if not p.name.startswith("index."))


@pytest.fixture(scope="module")
def data(site_dir):
    return json.loads((site_dir / "admin" / "editor.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def node(site_dir, tmp_path_factory):
    """Run a JavaScript module body in Node with article.js imported as `A`; JSON in, JSON out."""
    lib = tmp_path_factory.mktemp("editor-js")
    shutil.copy(site_dir / "admin" / "article.js", lib / "article.js")
    shutil.copytree(site_dir / "admin" / "yaml", lib / "yaml")
    (lib / "package.json").write_text('{"type": "module"}', encoding="utf-8")

    def run(body, payload):
        script = lib / "run.js"
        script.write_text(
            'import * as A from "./article.js";\nimport { readFileSync } from "node:fs";\n'
            'const input = JSON.parse(readFileSync(0, "utf8"));\n'
            f"const output = await (async () => {{ {body} }})();\n"
            "process.stdout.write(JSON.stringify(output));\n",
            encoding="utf-8",
        )
        result = subprocess.run(
            ["node", str(script)], input=json.dumps(payload), capture_output=True, text=True, timeout=120, check=False
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return run


# --- the schema -> the editor's fields -------------------------------------------------------


def test_every_article_field_is_an_editor_field_with_the_schemas_rules():
    for lang in languages().codes:
        fields = {f["name"]: f for f in editor.fields(lang)}
        assert list(fields) == [*named_fields("article"), "body"]
        for name, spec in named_fields("article").items():
            field = fields[name]
            assert field["label"] == spec["label"][lang]
            assert field["required"] == bool(spec.get("required"))
            assert field["i18n"] == spec.get("i18n", True)
            if spec["type"] == "choice":
                assert field["widget"] == "select" and field["options"] == spec["choices"]
            if spec["type"] == "list":
                assert field["widget"] == "list" and field.get("min") == (1 if spec.get("required") else None)
            if spec["type"] == "object":
                parts = schema()["parts"][spec["part"]]
                assert [f["name"] for f in field["fields"]] == list(parts)
                # the CMS would demand an empty optional object's parts: the save check asks for them instead
                assert all(f["required"] is False for f in field["fields"])
            if editor.pattern(spec):
                assert field["pattern"][0] == editor.pattern(spec)
    assert {f["name"]: f["i18n"] for f in editor.fields("fi")}["date"] == "duplicate"


def test_the_collection_writes_both_language_files_into_docs_articles(data):
    config = data["configs"]["fi"]
    assert config["i18n"] == {"structure": "multiple_files", "locales": ["fi", "en"], "default_locale": "fi"}
    (collection,) = config["collections"]
    assert (collection["folder"], collection["extension"], collection["format"]) == (
        "docs/articles",
        "md",
        editor.FORMAT,
    )
    assert config["media_folder"] == "docs/assets/images/articles"
    assert config["public_folder"] == "../assets/images/articles"  # relative to the article, as MkDocs resolves it
    assert data["checks"] == editor.checks()


# --- the patterns accept only what the build accepts -------------------------------------------

SAMPLES = {
    "string": [
        "Klusteri sai hopeamerkin",
        "TODO: otsikko",
        "todo later",
        "  Todo",
        "Todoist-sovellus",
        "a <b>bold</b> move",
        "R&amp;D",
        "R&D and AT&T",
        "x < y",
        "tab\there",
        "line\nbreak",
        "nul\x00",
        "del\x7f",
        "nel\x85",
        "😀 emoji",
        "ÄÖÅ äöå",
        " leading space",
    ],
    "url": [
        "https://example.org/x",
        "http://example.org",
        "https://example",
        "ftp://example.org",
        "https://example.org/a b",
        "https://example.org/?a=1&amp;b=2",
        "https://example.org/?a=1&b=2",
        "https://example.org/<x>",
        "TODO https://example.org",
        "https://exa\x01mple.org",
    ],
    "partial_date": [
        "2025",
        "2025-11",
        "2025-11-24",
        "2025-13",
        "2025-00",
        "0000",
        "2025-1",
        "25",
        "2024-02-29",
        "2023-02-29",
    ],
}


def all_days():
    """Every day of some years (leap and not, century rules), and impossible ones."""
    days = []
    for year in (1900, 2000, 2023, 2024):
        for month in range(1, 13):
            days += [f"{year}-{month:02d}-{day:02d}" for day in range(0, 33)]
    return days + ["0000-01-01", "0001-01-01", "9999-12-31", "2025-1-01", "20250101", "2025-W01-1"]


# Python's date.fromisoformat also reads ISO 8601's basic and week forms; the editor
# asks for (and its date picker writes) the extended form only: stricter, so still safe.
STRICTER = {"20250101", "2025-W01-1"}


def build_accepts(spec, value):
    try:
        check_value(Path("x.md"), "field", spec, value)
    except FrontMatterError:
        return False
    return True


def test_the_editors_patterns_accept_only_what_the_build_accepts(node):
    cases = []
    for name, spec in named_fields("article").items():
        specs = [spec] + ([spec["item"]] if spec["type"] == "list" else [])
        for s in specs:
            parts = schema()["parts"][s["part"]].values() if s["type"] == "object" else [s]
            for part in parts:
                if not editor.pattern(part):
                    continue
                kind = part["type"]
                values = all_days() if kind == "date" else list(SAMPLES.get(kind, SAMPLES["string"]))
                if part.get("max"):
                    values += ["a" * part["max"], "a" * (part["max"] + 1), "ä" * part["max"]]
                if kind == "partial_date":
                    values += all_days()
                cases += [(name, part, value) for value in values]
    accepted = node(
        "return input.map(([pattern, value]) => new RegExp(pattern).test(value));",
        [[editor.pattern(part), value] for _, part, value in cases],
    )
    for (name, part, value), js in zip(cases, accepted, strict=True):
        python = build_accepts(part, value)
        assert not js or python, f"{name}: the editor accepts {value!r}, the build does not"
        if value == value.strip() and value not in STRICTER:  # else the editor is stricter
            assert js == python, f"{name} ({part['type']}): editor {js}, build {python} for {value!r}"


# --- what the editor writes, the build reads --------------------------------------------------

TRICKY = {
    "title": 'Klusteri: "hopea" #1 – yes',
    "description": "no",
    "date": "2030-02-28",
    "authors": [
        {"name": "Maija Meikäläinen", "title": "TKI-asiantuntija", "organisation": "Savonia"},
        {"name": "  ", "title": "", "organisation": ""},
    ],
    "license": "",
    "summary": "Rivi yksi.\nRivi kaksi: 'lainaus' ja \\ kenoviiva.",
    "tags": ["on", "", "null", "2025"],
    "sources": [{"title": "Lähde ilman osoitetta", "url": ""}, {"title": "Toinen", "url": "https://example.org/a?b=c"}],
    "original": {"title": "", "publisher": "", "url": "", "date": "", "license": ""},
    "adaptation": {"by": "", "changes": ""},
    "body": "Teksti.\n\n## Väliotsikko\n\nLisää tekstiä.\n",
}


def test_what_the_editor_writes_the_build_reads(node, tmp_path, data):
    text = node("return A.writeArticle(input.article, input.checks);", {"article": TRICKY, "checks": data["checks"]})
    path = tmp_path / "tricky.fi.md"
    path.write_text(text, encoding="utf-8")
    article = parse_article(path, languages())
    assert article.title == TRICKY["title"] and article.description == "no"
    assert article.date == dt.date(2030, 2, 28)
    assert [a.name for a in article.authors] == ["Maija Meikäläinen"]  # the empty one is left out
    assert article.license == "CC BY-SA 4.0"  # left out: the build's default
    assert article.summary == TRICKY["summary"]
    assert article.tags == ["on", "null", "2025"]  # quoted: still text, not YAML's booleans or numbers
    assert article.sources == [
        {"title": "Lähde ilman osoitetta", "url": None},
        {"title": "Toinen", "url": "https://example.org/a?b=c"},
    ]
    assert article.original is None and article.adaptation is None  # empty optional parts are left out
    assert f"---\n\n# {TRICKY['title']}\n\nTeksti.\n\n## Väliotsikko" in text


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_an_article_read_and_saved_by_the_editor_is_the_same_article(node, data, path, tmp_path):
    text = node(
        "return A.writeArticle(A.readArticle(input.text), input.checks);",
        {"text": path.read_text(encoding="utf-8"), "checks": data["checks"]},
    )
    saved = tmp_path / path.name
    saved.write_text(text, encoding="utf-8")
    before, after = parse_article(path, languages()), parse_article(saved, languages())
    before.path = after.path = None
    assert after == before
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1].strip()
    assert text.split("\n---\n", 1)[1].strip() == body


def test_the_editors_save_check_refuses_what_the_build_refuses(node, data):
    good = {k: v for k, v in TRICKY.items() if k not in ("original", "adaptation")}
    cases = {
        "good": good,
        "no title": {**good, "title": " "},
        "long description": {**good, "description": "x" * 201},
        "bad url": {**good, "sources": [{"title": "x", "url": "example.org"}]},
        "original alone": {**good, "original": {"title": "T", "publisher": "P", "license": "CC BY 4.0"}},
        "original half": {**good, "original": {"title": "T"}, "adaptation": {"by": "B", "changes": "C"}},
        "both": {
            **good,
            "original": {"title": "T", "publisher": "P", "license": "CC BY 4.0"},
            "adaptation": {"by": "B", "changes": "C"},
        },
        "bad licence": {**good, "license": "GPL"},
        "no tags": {**good, "tags": ["", " "]},
    }
    found = node(
        "return Object.fromEntries(Object.entries(input.cases).map(([k, v]) => [k, A.validateArticle(v, input.checks, 'fi')]));",
        {"cases": cases, "checks": data["checks"]},
    )
    for name, article in cases.items():
        cleaned = node("return A.cleanArticle(input.a, input.checks);", {"a": article, "checks": data["checks"]})
        try:
            check_article(Path("x.fi.md"), cleaned)
            build_ok = True
        except FrontMatterError:
            build_ok = False
        assert (found[name] == []) == build_ok, (name, found[name])
    assert found["original alone"] == [{"kind": "original_needs_adaptation"}]


def test_an_image_without_alternative_text_is_refused(node, data):
    body = "Teksti.\n\n![](../assets/images/articles/a.png)\n\n![Kaavio](../assets/images/articles/b.png)"
    found = node(
        "return A.validateArticle({...input.a, body: input.body}, input.checks, 'fi');",
        {"a": TRICKY, "body": body, "checks": data["checks"]},
    )
    assert {"kind": "alt_missing", "image": "../assets/images/articles/a.png"} in found
    assert not any(p.get("image", "").endswith("b.png") for p in found)


# --- the preview shows the byline as the site does ---------------------------------------------


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_the_preview_byline_is_the_sites(node, data, path):
    article = parse_article(path, languages())
    url = data["site"]["url"].rstrip("/") + "/" + article.url
    site = render_byline(article, data["site"]["names"][article.lang], url)
    text = path.read_text(encoding="utf-8")
    preview = node(
        "const a = A.cleanArticle(A.readArticle(input.text), input.env.checks);"
        "return A.bylineHtml(a, input.lang, input.env, input.slug);",
        {"text": text, "env": data, "lang": article.lang, "slug": article.slug},
    )
    assert preview == site


# --- the admin page: private, and production without the local proxy ----------------------------


def test_the_admin_page_is_noindex_and_in_no_sitemap_search_or_menu(site_dir):
    page = (site_dir / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert (site_dir / "admin" / "decap-cms.js").is_file()
    assert not list((site_dir / "admin").glob("*.map"))
    assert "/admin/" not in (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    fragments = list((site_dir / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments
    for fragment in fragments:
        raw = gzip.decompress(fragment.read_bytes())  # "pagefind_dcd" + the page's JSON record
        assert "admin" not in json.loads(raw[raw.index(b"{") :])["url"]
    for html in (site_dir / "index.html", site_dir / "en" / "articles" / "index.html"):
        assert "admin/" not in html.read_text(encoding="utf-8")


def test_the_local_build_allows_only_the_local_proxy_beside_github(site_dir, data):
    page = (site_dir / "admin" / "index.html").read_text(encoding="utf-8")
    proxy = data["configs"]["fi"]["local_backend"]["url"]
    assert proxy.startswith("http://127.0.0.1:")
    policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert policy == editor.csp(HEADERS, proxy, meta=True)
    assert "frame-ancestors" not in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def test_a_production_build_has_no_local_proxy_and_names_the_repository(tmp_path):
    root = fixture_site(tmp_path)
    yml = root / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(
        text.replace(
            "  - klusterilaatu-publishing:\n",
            "  - klusterilaatu-publishing:\n      editor:\n        repo: savonia/klusterilaatu\n"
            "        base_url: https://auth.example.org\n",
        ),
        encoding="utf-8",
    )
    result = build(root, SITE_URL="https://example.org/klusterit/", ACCESSIBILITY_FEEDBACK="palaute@example.org")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    data = json.loads((root / "site" / "admin" / "editor.json").read_text(encoding="utf-8"))
    assert data["configured"] and not data["local"]
    for config in data["configs"].values():
        assert "local_backend" not in config
        assert config["backend"] == {
            "name": "github",
            "branch": "main",
            "repo": "savonia/klusterilaatu",
            "base_url": "https://auth.example.org",
        }
        assert config["publish_mode"] == "editorial_workflow"
    page = (root / "site" / "admin" / "index.html").read_text(encoding="utf-8")
    assert "127.0.0.1" not in page
    assert editor.csp(HEADERS, None, meta=True) in page


def test_the_header_policy_is_the_meta_policy_with_frame_ancestors():
    header = editor.csp(HEADERS, None)
    assert header == editor.csp(HEADERS, None, meta=True) + "; frame-ancestors 'none'"
    assert "'unsafe-eval'" in header and "connect-src 'self' blob: https://api.github.com;" in header


def test_the_authors_guide_names_every_field_as_the_editor_does():
    for lang in languages().codes:
        guide = (ROOT / "docs" / f"authors-guide.{lang}.md").read_text(encoding="utf-8")
        for field in editor.fields(lang):
            assert f"| {field['label']} |" in guide, (lang, field["label"])
        for name in ("list", "form", "preview"):
            assert f"(assets/images/authors-guide-editor-{name}-{lang}.png)" in guide
