"""The bench's measuring functions, run once against the built site/ (and the
small fixture site where the bench builds): they must return sane numbers.
No time thresholds here, and no build of the real site: `make bench` builds
its own and reports the targets."""

import argparse
import re
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest

from sitebuild import articles
from sitetools import headers_file
from sitetools.bench import browser, build, report, scale, server
from tests.project import ROOT, fixture_site, languages


@pytest.fixture(scope="module")
def samples(site_dir, tests_chromium):
    # the built site/, served on any free port; in a thread of its own, because the
    # browser tests' session-wide Playwright keeps an event loop running in this one.
    # In the tests' Chromium (tests_chromium): no speed is judged here.
    with ThreadPoolExecutor(max_workers=1) as pool, pytest.MonkeyPatch.context() as patch:
        patch.setenv("CHROMIUM_PATH", tests_chromium or "")
        return pool.submit(
            browser.run_browser,
            1,
            settle_seconds=0,  # no speed is judged here: nothing to let settle
            content_pages=("/clusters/", "/en/"),
            site=(site_dir, 0),
            log=lambda _: None,
        ).result()


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8", "replace")


@pytest.mark.timeout(180)
def test_the_measured_site_is_a_production_build_for_the_port_it_is_served_on(tmp_path):
    project = fixture_site(tmp_path / "project")
    with server.reserved_port() as port:
        directory = tmp_path / "site"
        build.build_site(directory, port, project=project)
        origin = f"http://127.0.0.1:{port}/"
        for page in ("", "en/", "checker/", "en/checker/"):
            html = (directory / page / "index.html").read_text()
            alternates = re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="(\w+)"', html)
            assert {lang for _, lang in alternates} == {"fi", "en"}, page
            assert all(href.startswith(origin) for href, _ in alternates), (page, alternates)
            assert f'<link rel="canonical" href="{origin}{page}">' in html, page
        # served on exactly that port, twice in a row (the browser runs, then Lighthouse)
        for _ in range(2):
            base, served, meter = server.serve_counting(directory, {"Cache-Control": "no-cache"}, port=port)
            try:
                assert base + "/" == origin
                status, html = _get(origin + "checker/")
                assert status == 200
                for href in re.findall(r'<link rel="alternate" href="([^"]+)" hreflang=', html):
                    assert _get(href)[0] == 200, href
                assert meter.since(0)
            finally:
                server.stop_serving(served)


def test_the_stock_page_runs_the_same_runtime_with_the_full_standard_library(site_dir, tmp_path):
    folder = build.stock_page(site_dir, tmp_path / "stock")
    html = (folder / "index.html").read_text(encoding="utf-8")
    runtime = build.checker_runtime(site_dir)
    assert runtime["lockFile"]["url"] in html and runtime["pyodide"]["url"] in html
    assert "@CONFIG@" not in html
    with (
        zipfile.ZipFile(folder / "python_stdlib.zip") as stock,
        zipfile.ZipFile(site_dir / "assets" / "checker" / runtime["stdlib"]["url"]) as ours,
    ):
        assert len(stock.namelist()) > 2 * len(ours.namelist())
        assert (folder / "python_stdlib.zip").read_bytes() == (
            ROOT / "node_modules/pyodide/python_stdlib.zip"
        ).read_bytes()
    assert 'from "../assets/checker/boot.mjs"' in (folder / "baseline.mjs").read_text(encoding="utf-8")


def test_a_shared_link_holds_the_answers_the_engine_accepts():
    import checker

    assert checker.validate(browser.ANSWERS, "en") == []
    assert checker.evaluate(browser.ANSWERS, "en")["verdict"] == "eligible"
    link = browser.shared_link("ours")
    assert link.startswith(build.CHECKER_PAGE + "#") and "member_types=business,research" in link


@pytest.mark.browser
@pytest.mark.timeout(240)
def test_both_pages_show_the_shared_links_result(samples):
    for key in ("first", "repeat", "base_first", "base_repeat"):
        (visit,) = samples[key]
        assert visit["errors"] == [], key
        assert 0 < visit["verdict_s"] < browser.READY_TIMEOUT_MS / 1000, key
        assert visit["painted_s"] >= visit["verdict_s"], key
        assert 0 < visit["ready_s"] <= visit["verdict_s"], key
        assert visit["result_ms"] >= 0, key
    # the same answers give the same verdict on both pages
    assert samples["first"][0]["verdict"] == samples["base_first"][0]["verdict"] == "eligible"


@pytest.mark.browser
def test_the_stages_of_our_start_are_known_and_in_order(samples):
    for key, snapshot_stage in (
        ("first", "checker-worker-snapshot-downloaded"),
        ("repeat", "checker-worker-snapshot-kept"),
    ):
        stages = samples[key][0]["stages_ms"]
        assert snapshot_stage in stages, (key, sorted(stages))
        order = [
            "checker-start",
            "checker-worker-start",
            "checker-worker-memory",
            "checker-worker-python",
            "checker-ready",
        ]
        times = [stages[name] for name in order]
        assert times == sorted(times), (key, times)
        assert stages["checker-ready"] <= samples[key][0]["verdict_s"] * 1000


@pytest.mark.browser
def test_bytes_are_counted_including_the_workers_fetches(samples):
    for key in ("first", "base_first"):
        (visit,) = samples[key]
        wasm = [path for path in visit["transfers"] if path.endswith("pyodide.asm.wasm")]
        # both fetch the wasm from places the page cannot see (our worker, Pyodide's loader): the server counts it
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
def test_report_has_every_target_and_the_stages(samples):
    args = argparse.Namespace(runs=1, cache_control="no-cache", no_compress=False)
    text = report.report(args, report.machine(), samples=samples)
    for line in (
        "Result shown, first visit",
        "Result shown, repeat visit",
        "Python ready, repeat visit",
        "Submit → result",
    ):
        assert line in text
    assert text.count("| PASS |") + text.count("| MISS |") == 5
    assert "| Python up |" in text


def test_scaled_build_writes_every_generated_page(tmp_path):
    small = scale.build_scaled(2, project=fixture_site(tmp_path / "project"))
    assert small["pages"] >= 2 * 2 + 2  # the generated pairs and at least both front pages
    assert small["seconds"] > 0
    assert small["ms_per_page"] == pytest.approx(small["seconds"] * 1000 / small["pages"])


def test_generated_articles_have_the_front_matter_the_build_checks(tmp_path):
    for lang in ("fi", "en"):
        path = tmp_path / f"bench-0001.{lang}.md"
        path.write_text(scale.article_markdown(1, lang))
        article = articles.parse_article(path, languages())
        assert article.lang == lang
        assert article.authors and article.tags and article.sources


def test_headers_file_rules(tmp_path):
    (tmp_path / "_headers").write_text(
        "# comment\n/assets/pyodide/*\n  Cache-Control: public, max-age=31536000, immutable\n"
        "/*\n  X-Test: 1\n  ! Content-Security-Policy\n/articles/:slug/\n  X-Test: 2\n"
    )
    rules = headers_file.read_headers_file(tmp_path)
    assert set(headers_file.headers_for(rules, "/assets/pyodide/1/pyodide.asm.wasm")) == {"Cache-Control", "X-Test"}
    assert headers_file.headers_for(rules, "/en/", {"Cache-Control": "no-cache"}) == {
        "Cache-Control": "no-cache",
        "X-Test": "1",
    }
    # one segment for :slug; a host that joins every matching rule sends both values, in order
    assert headers_file.every_header_for(rules, "/articles/a/") == [("X-Test", "1"), ("X-Test", "2")]
    assert headers_file.headers_for(rules, "/articles/a/") == {"X-Test": "2"}
    assert headers_file.headers_for(rules, "/articles/a/b/") == {"X-Test": "1"}
    assert headers_file.read_headers_file(tmp_path / "nowhere") == []
