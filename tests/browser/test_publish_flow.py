"""The whole publishing flow, as an author does it: `make article`'s script
creates the files, the author fills them in, the site is built, and the new
article is in both article lists, both feeds, the sitemap and both searches."""

import datetime as dt
from xml.etree import ElementTree as ET

import pytest
from playwright.sync_api import expect

from sitetools.localserver import serve
from sitetools.new_article import create_article
from tests.project import build, copy_project

pytestmark = pytest.mark.browser

FI = {
    "title": "Kuopion vesiklusteri tavoittelee hopeamerkkiä",
    "description": "Kuvitteellinen esimerkki: Kuopion vesiklusteri valmistautuu hopeamerkin arviointiin.",
    "summary": "Kuvitteellinen vesiklusteri kertoo, miten se valmistautuu hopeamerkin arviointiin.",
    "body": "Vesiklusterit ovat yleistyneet. Kuopion vesiklusteri kokoaa vesihuollon yrityksiä.",
}
EN = {
    "title": "Kuopio water cluster aims for the Silver label",
    "description": "A made-up example: the Kuopio water cluster prepares for the Silver label assessment.",
    "summary": "A made-up water cluster explains how it prepares for the Silver label assessment.",
    "body": "Water clusters have become common. The Kuopio water cluster brings water utilities together.",
}
DATE = dt.date(2030, 1, 2)  # newer than any real article: first in the lists


def fill_in(path, texts):
    """Replace each TODO line of the scaffold, as the authors' guide says."""
    values = {
        "title": texts["title"],
        "description": texts["description"],
        "summary": texts["summary"],
        "  - name": "Maija Meikäläinen",
        "    title": "TKI-asiantuntija",
        "    organisation": "Savonia-ammattikorkeakoulu",
        "  - title": "Esimerkkilähde",
        "    url": "https://example.org/vesi",
    }
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith('  - "TODO'):  # a tag
            line = '  - "vesi"'
        elif line.startswith("# TODO"):
            line = f"# {texts['title']}"
        elif "TODO" in line:
            key = line.split(":")[0]
            line = f'{key}: "{values[key]}"'
        lines.append(line)
    path.write_text("\n".join(lines) + "\n\n" + texts["body"] + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("published"))
    fi, en = create_article(root / "docs", FI["title"], date=DATE)
    fill_in(fi, FI)
    fill_in(en, EN)
    result = build(root)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    url, server = serve(root / "site")
    yield root / "site", url, fi.name.split(".")[0]
    server.shutdown()


def test_new_article_is_in_both_lists_feeds_and_the_sitemap(published):
    site, _, slug = published
    assert slug == "kuopion-vesiklusteri-tavoittelee-hopeamerkkia"
    for prefix, texts in (("", FI), ("en/", EN)):
        listing = (site / prefix / "articles" / "index.html").read_text(encoding="utf-8")
        first = listing.index('<li class="article-list__item">')
        assert listing.index(texts["title"]) > first
        assert listing.index(texts["title"]) < listing.index(
            '<li class="article-list__item">', first + 1
        )  # newest first
        feed = ET.parse(site / prefix / "feed.xml").getroot()
        entry = feed.find("{http://www.w3.org/2005/Atom}entry")
        assert entry.find("{http://www.w3.org/2005/Atom}title").text == texts["title"]
        page = (site / prefix / "articles" / slug / "index.html").read_text(encoding="utf-8")
        assert "Maija Meikäläinen, TKI-asiantuntija, Savonia-ammattikorkeakoulu" in page
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"/articles/{slug}/</loc>" in sitemap and f"/en/articles/{slug}/</loc>" in sitemap


@pytest.mark.parametrize(
    ("path", "query", "title"),
    [("/search/", "vesiklusterin", FI["title"]), ("/en/search/", "water clusters", EN["title"])],
)
def test_new_article_is_found_by_search(browser, published, path, query, title):
    _, url, slug = published
    context = browser.new_context()
    foreign = []
    context.route(
        "**/*",
        lambda route: (
            route.fallback()
            if route.request.url.startswith(url)
            else (foreign.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    page.goto(url + path + "?q=" + query)
    first = page.locator("[data-site-search=page] .site-search__result a").first
    expect(first).to_have_text(title)
    expect(first).to_have_attribute("href", ("/en" if path.startswith("/en/") else "") + f"/articles/{slug}/")
    context.close()
    assert foreign == []
