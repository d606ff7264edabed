"""The benchmark's measuring functions, run once in quick mode against the
production build the bench makes: they must return sane numbers. No absolute
time thresholds here: `make bench` reports those."""

import argparse
import re
import urllib.request

import pytest

from sitetools import bench


@pytest.fixture(scope="module")
def production():
    """The bench's own site: a production build for a held port, in a temp dir."""
    with bench.production_site() as site:
        yield site


@pytest.fixture(scope="module")
def samples(production):
    return bench.run_browser(
        1, settle_seconds=0.5, content_pages=("/clusters/", "/en/"), site=production, log=lambda _: None
    )


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8", "replace")


@pytest.mark.timeout(120)
def test_the_measured_site_is_a_production_build_for_the_port_it_is_served_on(production):
    directory, port = production
    origin = f"http://127.0.0.1:{port}/"
    for page in ("", "en/", "checker/", "en/checker/"):
        html = (directory / page / "index.html").read_text()
        alternates = re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="(\w+)"', html)
        assert {lang for _, lang in alternates} == {"fi", "en"}, page
        assert all(href.startswith(origin) for href, _ in alternates), (page, alternates)
        assert f'<link rel="canonical" href="{origin}{page}">' in html, page
    assert (directory / bench.BASELINE_PAGE.strip("/") / "index.html").exists()
    # served on exactly that port, twice in a row (the browser runs, then Lighthouse)
    for _ in range(2):
        base, server, meter = bench.serve_counting(directory, {"Cache-Control": "no-cache"}, port=port)
        try:
            assert base + "/" == origin
            status, html = _get(origin + "checker/")
            assert status == 200
            for href in re.findall(r'<link rel="alternate" href="([^"]+)" hreflang=', html):
                assert _get(href)[0] == 200, href
            assert meter.since(0)
        finally:
            bench.stop_serving(server)


@pytest.mark.browser
@pytest.mark.timeout(120)
def test_both_pages_reach_ready_and_a_result(samples):
    for key in ("first", "repeat", "base_first", "base_repeat"):
        (visit,) = samples[key]
        assert visit["errors"] == [], key
        assert 0 < visit["ready_s"] < bench.READY_TIMEOUT_MS / 1000, key
        assert visit["result_ms"] >= 0, key
        assert visit["verdict"], key
    # the same answers give the same verdict on both pages
    assert samples["first"][0]["verdict"] == samples["base_first"][0]["verdict"]


@pytest.mark.browser
def test_bytes_are_counted_including_the_workers_fetches(samples):
    for key in ("first", "base_first"):
        (visit,) = samples[key]
        wasm = [path for path in visit["transfers"] if path.endswith("pyodide.asm.wasm")]
        # ours fetches the wasm from a Web Worker: the server-side count sees it
        assert wasm, f"{key}: no pyodide.asm.wasm among {sorted(visit['transfers'])}"
        assert visit["transfers"][wasm[0]] > 1_000_000
        assert visit["pyodide_bytes"] > 1_000_000
        assert visit["bytes"] >= visit["pyodide_bytes"]
    for key in ("repeat", "base_repeat"):
        (visit,) = samples[key]
        (first,) = samples[key.replace("repeat", "first")]
        assert 0 <= visit["bytes"] < first["bytes"] / 10, f"{key}: the repeat visit should come from the cache"


@pytest.mark.browser
def test_content_pages_transfer_no_pyodide_byte(samples):
    (content,) = samples["content"]
    assert content["bytes"] > 10_000  # the page, its CSS and JS
    assert samples["content_pyodide"] == {"/clusters/": 0, "/en/": 0}


@pytest.mark.browser
def test_report_has_every_target(samples):
    args = argparse.Namespace(runs=1, cache_control="no-cache", no_compress=False)
    text = bench.report(args, bench.machine(), samples=samples)
    for line in ("Ready, first visit", "Ready, repeat visit", "Submit → result", "Bytes, content page"):
        assert line in text
    assert text.count("| PASS |") + text.count("| MISS |") == 6


def test_scaled_build_writes_every_generated_page(site_dir):
    small = bench.build_scaled(2)
    assert small["pages"] >= 2 * 2 + 2  # the generated pairs and at least both front pages
    assert small["seconds"] > 0
    assert small["ms_per_page"] == pytest.approx(small["seconds"] * 1000 / small["pages"])


def test_generated_articles_have_the_front_matter_the_build_checks(tmp_path):
    from sitebuild import articles
    from tests.project import languages

    for lang in ("fi", "en"):
        path = tmp_path / f"bench-0001.{lang}.md"
        path.write_text(bench.article_markdown(1, lang))
        article = articles.parse_article(path, languages())
        assert article.lang == lang
        assert article.authors and article.tags and article.sources


def test_headers_file_rules(tmp_path):
    (tmp_path / "_headers").write_text(
        "# comment\n/assets/pyodide/*\n  Cache-Control: public, max-age=31536000, immutable\n/*\n  X-Test: 1\n"
    )
    rules = bench.read_headers_file(tmp_path)
    matched = {
        name for pattern, values in rules if pattern.match("/assets/pyodide/1/pyodide.asm.wasm") for name in values
    }
    assert matched == {"Cache-Control", "X-Test"}
    assert [values for pattern, values in rules if pattern.match("/en/")] == [{"X-Test": "1"}]
