"""The web editor at /admin/, end to end, as an author uses it with `make editor`:
in Chromium, through the editor's own form, an article is written in Finnish and
in English, with an image uploaded through the editor; saving writes
docs/articles/<slug>.fi.md and .en.md with front matter the build accepts, the
image goes to docs/assets/images/articles/, and the site, built again, lists the
article in both languages and in both feeds.

It uses the small fixture site (tests/fixtures/site), which shows the same as the
real one here (the same plugins, schema and editor) and builds in seconds: one
build before, one after. The editor runs under its own Content-Security-Policy
(editor.csp, as the hosts serve it for /admin/), talks to Decap's local proxy
(npm decap-server) on 127.0.0.1, and every request is checked: none leaves
127.0.0.1."""

import struct
import zlib
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
from playwright.sync_api import expect

from sitebuild import editor
from sitebuild.articles import parse_article
from sitetools.editor_session import (
    UI,
    fill_article,
    free_port,
    open_new_article,
    point_editor_at,
    save,
    sign_in,
    start_proxy,
    stop,
    toggle_preview,
    upload_image,
)
from sitetools.localserver import serve
from tests.project import ROOT, build, fixture_site, languages

HEADERS = ROOT / "deploy" / "_headers"

pytestmark = pytest.mark.browser

WAIT = 60_000  # generous: a busy machine, a 5 MB bundle
ATOM = "{http://www.w3.org/2005/Atom}"
SLUG = "kuopion-vesiklusteri-tavoittelee-hopeamerkkia"
IMAGE = "vesiklusteri-kaavio.png"
FI = {
    "title": "Kuopion vesiklusteri tavoittelee hopeamerkkiä",
    "description": "Kuvitteellinen esimerkki: Kuopion vesiklusteri valmistautuu hopeamerkin arviointiin.",
    "summary": "Kuvitteellinen vesiklusteri kertoo, miten se valmistautuu hopeamerkin arviointiin.",
    "authors": [("Maija Meikäläinen", "TKI-asiantuntija", "Savonia-ammattikorkeakoulu")],
    "tags": ["vesi", "hopeamerkki"],
    "sources": [("Esimerkkilähde", "https://example.org/vesi")],
    "body": "Vesiklusterit ovat yleistyneet. Kuopion vesiklusteri kokoaa vesihuollon yrityksiä.",
    "image_alt": "Kaavio vesiklusterin jäsenistä",
}
EN = {
    "title": "Kuopio water cluster aims for the Silver label",
    "description": "A made-up example: the Kuopio water cluster prepares for the Silver label assessment.",
    "summary": "A made-up water cluster explains how it prepares for the Silver label assessment.",
    "authors": [("Maija Meikäläinen", "RDI Specialist", "Savonia University of Applied Sciences")],
    "tags": ["water", "Silver label"],
    "sources": [("An example source", "https://example.org/water")],
    "body": "Water clusters have become common. The Kuopio water cluster brings water utilities together.",
    "image_alt": "A diagram of the water cluster's members",
}
DATE = "2030-01-02"  # newer than the fixture's article: first in the lists


def png(width=4, height=3):
    """A small valid PNG, made here."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x30\x60\x90" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


class Requests:
    """Every request of the page and its frames; any not to 127.0.0.1's two servers is blocked."""

    def __init__(self, *origins):
        self.allowed = {urlsplit(origin).netloc for origin in origins}
        self.urls, self.foreign = [], []

    def route(self, route):
        url = route.request.url
        self.urls.append(url)
        scheme, netloc = urlsplit(url)[:2]
        if scheme in ("data", "blob") or netloc in self.allowed:
            route.fallback()
        else:
            self.foreign.append(url)
            route.abort()


@pytest.fixture(scope="module")
def session(tmp_path_factory, browser):
    """The fixture site with the editor pointed at a local proxy; the author's session."""
    root = fixture_site(tmp_path_factory.mktemp("editor"))
    port = free_port()
    proxy_url = f"http://127.0.0.1:{port}/api/v1"
    point_editor_at(root / "mkdocs.yml", proxy_url)
    result = build(root)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    proxy_url, proxy = start_proxy(root, port)
    base, server = serve(root / "site", headers={"Content-Security-Policy": editor.csp(HEADERS, proxy_url)})
    context = browser.new_context(locale="fi-FI", viewport={"width": 1400, "height": 1000}, service_workers="block")
    requests = Requests(base, proxy_url)
    context.route("**/*", requests.route)
    context.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    image = tmp_path_factory.mktemp("upload") / IMAGE
    image.write_bytes(png())
    yield {"root": root, "base": base, "page": page, "requests": requests, "errors": errors, "image": image}
    context.close()
    server.shutdown()
    stop(proxy)
    assert requests.foreign == [], f"requests to other hosts: {requests.foreign}"


@pytest.fixture(scope="module")
def saved(session):
    """Through the editor: the Finnish version first (saving is refused while the
    English one is missing), then the English one and an image; saved."""
    page, root = session["page"], session["root"]
    sign_in(page, session["base"], timeout=WAIT)
    upload_image(page, session["image"], timeout=WAIT)
    open_new_article(page, session["base"], timeout=WAIT)
    fill_article(page, FI, DATE, pane=0, image=IMAGE)
    save(page)
    toast = page.get_by_text(UI["fi"]["failed"])
    expect(toast).to_be_visible(timeout=WAIT)
    expect(toast).to_contain_text("English: Otsikko puuttuu.")
    toast.click()  # read: dismissed, as an author would, rather than left to cover the toolbar
    expect(toast).to_be_hidden(timeout=WAIT)
    assert not list((root / "docs" / "articles").glob(f"{SLUG}.*")), "nothing is written while a language is missing"
    # Decap leaves a refused save as an unhandled rejection of its own action object ("Object")
    session["refusal_errors"] = list(session["errors"])
    session["errors"].clear()
    fill_article(page, EN, DATE, pane=1, image=IMAGE)
    toggle_preview(page)
    preview = page.frame_locator("#preview-pane")
    for lang, texts in (("fi", FI), ("en", EN)):
        column = preview.locator(f"article[data-preview-language='{lang}']")
        expect(column.locator("h1")).to_have_text(texts["title"], timeout=WAIT)
    session["preview"] = {
        lang: preview.locator(f"article[data-preview-language='{lang}']").inner_text() for lang in ("fi", "en")
    }
    columns = [preview.locator(f"article[data-preview-language='{lang}']") for lang in ("fi", "en")]
    for _ in range(WAIT // 250):  # the frame's stylesheets load after its content: wait for the layout
        session["preview_box"] = [column.bounding_box() for column in columns]
        if session["preview_box"][0]["x"] < session["preview_box"][1]["x"]:
            break
        page.wait_for_timeout(250)
    toggle_preview(page)
    save(page)
    expect(page.get_by_text(UI["fi"]["saved"])).to_be_visible(timeout=WAIT)
    return root


def test_the_editor_writes_both_languages_with_valid_front_matter(saved):
    articles = saved / "docs" / "articles"
    for lang, texts in (("fi", FI), ("en", EN)):
        path = articles / f"{SLUG}.{lang}.md"
        assert path.is_file(), sorted(p.name for p in articles.iterdir())
        article = parse_article(path, languages())
        assert (article.slug, article.lang, article.title) == (SLUG, lang, texts["title"])
        assert article.date.isoformat() == DATE
        assert [(a.name, a.title, a.organisation) for a in article.authors] == texts["authors"]
        assert article.tags == texts["tags"]
        assert [(s["title"], s["url"]) for s in article.sources] == texts["sources"]
        assert article.license == "CC BY-SA 4.0" and article.original is None
        text = path.read_text(encoding="utf-8")
        assert f"\n# {texts['title']}\n" in text
        assert texts["body"] in text
        assert f"![{texts['image_alt']}](../assets/images/articles/{IMAGE})" in text


def test_the_preview_shows_both_languages_side_by_side_as_the_site(saved, session):
    fi, en = session["preview_box"]
    assert fi["x"] < en["x"] and abs(fi["y"] - en["y"]) < 1  # side by side
    for lang, texts, published in (("fi", FI, "Julkaistu: 2.1.2030"), ("en", EN, "Published: 2 January 2030")):
        text = session["preview"][lang]
        assert texts["title"] in text and published in text and texts["body"] in text
        name, title, organisation = texts["authors"][0]
        assert f"{name}, {title}, {organisation}" in text  # the byline, as the site renders it


def test_the_uploaded_image_is_in_the_site_image_folder(saved, session):
    assert (saved / "docs" / "assets" / "images" / "articles" / IMAGE).read_bytes() == session["image"].read_bytes()


def test_the_site_builds_and_lists_the_article_in_both_languages_and_feeds(saved):
    result = build(saved)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    site = saved / "site"
    for prefix, texts in (("", FI), ("en/", EN)):
        listing = (site / prefix / "articles" / "index.html").read_text(encoding="utf-8")
        assert texts["title"] in listing
        first = ET.parse(site / prefix / "feed.xml").getroot().find(f"{ATOM}entry")
        assert first.find(f"{ATOM}title").text == texts["title"]
        page = (site / prefix / "articles" / SLUG / "index.html").read_text(encoding="utf-8")
        assert f"{texts['authors'][0][0]}, {texts['authors'][0][1]}, {texts['authors'][0][2]}" in page
        assert f'alt="{texts["image_alt"]}"' in page


def test_the_editor_made_no_request_elsewhere_and_no_policy_violation(saved, session):
    page = session["page"]
    assert page.evaluate("window.__csp") == []
    assert session["refusal_errors"] in ([], ["Object"])
    assert session["errors"] == []
    hosts = {urlsplit(url).netloc for url in session["requests"].urls if urlsplit(url).scheme in ("http", "https")}
    assert hosts and all(host.startswith("127.0.0.1:") for host in hosts), hosts


@pytest.fixture(scope="module")
def production_site(tmp_path_factory):
    """The fixture site built for production, with the editor connected to a (made-up) repository."""
    root = fixture_site(tmp_path_factory.mktemp("editor-production"))
    yml = root / "mkdocs.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace(
            "  - klusterilaatu-publishing:\n",
            "  - klusterilaatu-publishing:\n      editor:\n        repo: example/site\n"
            "        base_url: https://auth.example.org\n",
        ),
        encoding="utf-8",
    )
    result = build(root, SITE_URL="https://example.org/", ACCESSIBILITY_FEEDBACK="palaute@example.org")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return root / "site"


def start_editor(browser, site, policy):
    base, server = serve(site, headers={"Content-Security-Policy": policy})
    context = browser.new_context(locale="en-GB", service_workers="block")
    requests = Requests(base)
    context.route("**/*", requests.route)
    context.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page = context.new_page()
    page.goto(base + "/admin/")
    return page, context, server, requests


def test_the_production_editor_starts_under_its_policy_and_asks_for_github(browser, production_site):
    page, context, server, requests = start_editor(browser, production_site, editor.csp(HEADERS, None))
    try:
        expect(page.get_by_role("button", name="Login with GitHub")).to_be_visible(timeout=WAIT)
        assert page.evaluate("window.__csp") == []
        assert requests.foreign == []  # nothing before the author signs in, not even GitHub
    finally:
        context.close()
        server.shutdown()


def test_the_policy_is_as_narrow_as_the_editor_allows(browser, production_site):
    """Without 'unsafe-eval' Decap does not start: its configuration check compiles code."""
    policy = editor.csp(HEADERS, None).replace(" 'unsafe-eval'", "")
    page, context, server, _ = start_editor(browser, production_site, policy)
    try:
        for _ in range(WAIT // 250):  # a bounded wait (wait_for_function itself needs eval)
            if any(v.startswith("script-src") for v in page.evaluate("window.__csp")):
                break
            page.wait_for_timeout(250)
        assert "script-src eval" in page.evaluate("window.__csp")
        expect(page.get_by_role("button", name="Login with GitHub")).to_have_count(0)
    finally:
        context.close()
        server.shutdown()
