"""The search index's copy of a page (scripts/sitebuild/search.py) and the
Finnish word analysis behind it (decompound.py), without a full build; and
the built site's search boxes."""

import asyncio
import gzip
import html
import logging
import os
import re
import subprocess
import threading

import pytest
from mkdocs.exceptions import PluginError

from sitebuild import decompound, search
from sitebuild.search import ALIAS, SPLIT
from tests.project import site_pages


@pytest.fixture(scope="module")
def analyser():
    found, why = decompound.load()
    if found is None:
        message = f"Voikko is needed for Finnish compound words: {why}"
        if os.environ.get("CI"):
            pytest.fail(message)  # .ci/run installs it
        pytest.skip(message)
    yield found
    found.close()


def page(lang, body, title="Otsikko", description="Kuvaus"):
    return (
        f'<!doctype html><html lang="{lang}"><head><meta name="description" content="{description}">'
        f"<title>{title}</title></head><body><header>Laatumerkit valikossa</header>"
        f'<article class="md-content__inner md-typeset" data-pagefind-body>{body}</article>'
        f"<script>const laatumerkki = 1 < 2;</script></body></html>"
    )


# --- the words ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "parts", "lemmas", "part_lemmas"),
    [
        ("laatumerkin", ("laatu", "merkin"), {"laatumerkki"}, {"merkki"}),
        ("klusterijohtamisen", ("klusteri", "johtamisen"), {"klusterijohtaminen"}, {"johtaminen"}),
        ("klusterijohtaminen", ("klusteri", "johtaminen"), {"klusterijohtamisen"}, {"johtamisen"}),
        ("kelpoisuusehdot", ("kelpoisuus", "ehdot"), {"kelpoisuusehto"}, {"ehto"}),
        ("Klusteriohjelmassa", ("Klusteri", "ohjelmassa"), set(), set()),  # reached by the stemmer
        ("yrityksille", (), {"yritys"}, set()),
        ("klusterien", (), set(), set()),  # the stemmer reaches "klusteri" on its own
        ("kulta", (), set(), set()),  # a base form: not also "kuka" (from whom)
        ("ECEI", (), set(), set()),
    ],
)
def test_words(analyser, word, parts, lemmas, part_lemmas):
    found = analyser.word(word)
    assert found.parts == parts
    assert set(found.lemmas) == lemmas
    assert set(found.part_lemmas) == part_lemmas


def test_only_nouns_adjectives_and_names_get_base_forms(analyser):
    # "on" (is) -> "olla", "mitä" (what) -> "mikä": nobody searches for these
    assert analyser.word("on").lemmas == ()
    assert analyser.word("mitä").lemmas == ()


# --- the index's copy of a page --------------------------------------------------


def test_finnish_compounds_are_split_and_base_forms_added(analyser):
    report = search.Report()
    copy = search.prepare(
        page("fi", "<h1>Laatumerkit</h1><p>Klusterijohtamisen laatu &amp; muu.</p>"), analyser, report
    )
    body = copy[copy.index("data-pagefind-body") :]
    assert f"Klusteri{SPLIT}johtamisen" in body
    # base forms follow the word, with a share of its weight for a part's
    assert f'<span data-pagefind-weight="0.5">{ALIAS}johtaminen</span>' in body
    assert f'<span data-pagefind-weight="1">{ALIAS}klusterijohtaminen</span>' in body
    # the title: the highest weight; its parts and base forms in its metadata
    assert f'<h1 data-pagefind-weight="{search.TITLE_WEIGHT}">Laatu{SPLIT}merkit' in body
    title = re.search(r'data-pagefind-meta="title\[content\]" content="([^"]*)"', copy).group(1)
    assert html.unescape(title) == f"Laatu{SPLIT}merkit {ALIAS}merkki {ALIAS}laatumerkki"
    assert '<meta data-pagefind-meta="description[content]" content="Kuvaus">' in copy
    # entities, the header outside the body and scripts stay as they are
    assert "laatu &amp; muu." in body
    assert "<header>Laatumerkit valikossa</header>" in copy
    assert "<script>const laatumerkki = 1 < 2;</script>" in copy
    assert report.compounds == 2 and report.aliases >= 3


def test_english_pages_keep_their_words(analyser):
    original = page("en", "<h1>Quality labels</h1><p>Cluster management, laatumerkki.</p>", title="Labels")
    copy = search.prepare(original, analyser)
    assert SPLIT not in copy and ALIAS not in copy
    assert '<meta data-pagefind-meta="title[content]" content="Quality labels">' in copy
    assert "<p>Cluster management, laatumerkki.</p>" in copy


def test_without_voikko_only_titles_are_prepared():
    copy = search.prepare(page("fi", "<h1>Laatumerkit</h1><p>Klusterijohtamisen laatu.</p>"), None)
    assert SPLIT not in copy and ALIAS not in copy
    assert '<meta data-pagefind-meta="title[content]" content="Laatumerkit">' in copy


def test_marks_are_not_in_the_sites_text(site_dir):
    """The index's two marks must not occur in the text of a page, or the search
    script would take them out of an excerpt."""
    for path in site_dir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if "data-pagefind-body" not in text:
            continue
        body = text[text.index("data-pagefind-body") :]
        words = re.sub(r"<[^>]*>", " ", re.sub(r"<script.*?</script>", "", body, flags=re.DOTALL))
        assert not re.search(rf"\w{re.escape(SPLIT)}\w", words), path
        assert not re.search(rf"(^|\s){re.escape(ALIAS)}\w", words), path


def small_site(root):
    site = root / "site"
    for lang, prefix in (("fi", ""), ("en", "en/")):
        (site / prefix).mkdir(parents=True, exist_ok=True)
        (site / prefix / "index.html").write_text(page(lang, "<h1>Klusterit</h1><p>Laatumerkit ja klusterit.</p>"))
    return site


def test_index_runs_where_an_event_loop_is_running(tmp_path):
    """As under a test that drives a browser: the index does not need the caller's thread."""
    site = small_site(tmp_path)
    reports = []

    async def inside():
        reports.append(search.index(site, ("fi", "en"), decompounding=False))

    # a thread of the test's own, in which a loop runs (this one's may run one already)
    thread = threading.Thread(target=asyncio.run, args=(inside(),))
    thread.start()
    thread.join()
    assert reports and reports[0].pages == {"fi": 1, "en": 1}


def test_without_voikko_the_build_says_so_and_indexes(tmp_path, monkeypatch, caplog):
    site = small_site(tmp_path)
    monkeypatch.setattr(decompound, "load", lambda: (None, "the Voikko library is not installed"))
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.klusterilaatu.search"):
        report = search.index(site, ("fi", "en"))
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and "Voikko library is not installed" in lines[0] and "libvoikko1" in lines[0]
    assert report.pages == {"fi": 1, "en": 1} and report.compounds == 0
    assert list((site / "pagefind").glob("pagefind.fi_*.pf_meta"))


def test_a_pagefind_failure_fails_the_build_with_its_words(tmp_path, monkeypatch):
    site = small_site(tmp_path)
    monkeypatch.setattr(search.sys, "executable", "false")
    with pytest.raises(PluginError, match=r"Pagefind failed \(exit 1\)"):
        search.index(site, ("fi", "en"), decompounding=False)


# --- the built site ----------------------------------------------------------------


def test_the_search_bundle_is_whole(site_dir, tmp_path):
    """Every file Pagefind wrote is complete: its packed files unpack and its
    scripts parse (a pagefind.js cut at 32 KiB once broke the search)."""
    bundle = site_dir / "pagefind"
    packed = [path for path in bundle.rglob("*") if path.suffix in (".pagefind", ".pf_meta", ".pf_index", ".pf_fragment")]
    assert packed
    for path in packed:
        gzip.decompress(path.read_bytes())  # raises on a cut file
    scripts = sorted(bundle.glob("*.js"))
    assert [path.name for path in scripts] == ["pagefind-worker.js", "pagefind.js"]
    for path in scripts:
        module = tmp_path / (path.stem + ".mjs")
        module.write_bytes(path.read_bytes())
        checked = subprocess.run(["node", "--check", str(module)], capture_output=True, text=True, check=False)
        assert checked.returncode == 0, f"{path.name}: {checked.stderr[-300:]}"


def test_every_page_has_the_header_search_but_the_search_page(site_dir):
    for path in site_pages(site_dir).values():
        relative = path.relative_to(site_dir).as_posix()
        if "bench" in relative:
            continue
        text = path.read_text(encoding="utf-8")
        is_search = relative in ("search/index.html", "en/search/index.html")
        assert ('data-site-search="header"' in text) != is_search, relative
        assert ('data-site-search="page"' in text) == is_search, relative
        # no inline script (the CSP allows none; a JSON data block runs nothing)
        assert not re.search(r'<script(?![^>]*\b(?:src=|type="application/json"))[^>]*>\s*\S', text), relative
