"""The page markup helpers on their own (scripts/sitebuild/markup.py,
not_found.py): image sizes from each file format, the table and heading
rewrites, and the 404 page's links under a site that lives in a subfolder."""

import struct
from types import SimpleNamespace

import pytest

from sitebuild import markup, not_found
from tests.project import languages


def riff(kind, payload):
    body = b"WEBP" + kind + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", len(body)) + body


IMAGES = {
    "a.png": (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", 640, 480) + b"\x08\x02\0\0\0",
        (640, 480),
    ),
    "a.gif": (b"GIF89a" + struct.pack("<HH", 7, 5) + b"\0" * 6, (7, 5)),
    "a.jpg": (
        b"\xff\xd8\xff\xe0"
        + struct.pack(">H", 16)
        + b"JFIF\0"
        + b"\0" * 9
        + b"\xff\xc0"
        + struct.pack(">HBHH", 17, 8, 40, 60)
        + b"\0" * 12,
        (60, 40),
    ),
    "vp8l.webp": (riff(b"VP8L", b"\x2f" + struct.pack("<I", (99) | (49 << 14)) + b"\0" * 4), (100, 50)),
    "vp8x.webp": (riff(b"VP8X", b"\0" * 4 + (299).to_bytes(3, "little") + (199).to_bytes(3, "little")), (300, 200)),
    "vp8.webp": (riff(b"VP8 ", b"\0" * 3 + b"\x9d\x01\x2a" + struct.pack("<HH", 33, 22) + b"\0" * 4), (33, 22)),
    "box.svg": (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 898"/>', (360, 898)),
    "sized.svg": (b'<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="80" viewBox="0 0 1 1"/>', (120, 80)),
}


@pytest.mark.parametrize("name", sorted(IMAGES))
def test_image_size_of_every_format(tmp_path, name):
    data, size = IMAGES[name]
    path = tmp_path / name
    path.write_bytes(data)
    assert markup.image_size(path) == size


def test_image_sizes_fill_in_what_is_missing(tmp_path):
    (tmp_path / "box.svg").write_bytes(IMAGES["box.svg"][0])
    files = {"assets/box.svg": tmp_path / "box.svg"}
    html = (
        '<img alt="a" src="../assets/box.svg"><img alt="b" src="../assets/box.svg" width="180" />'
        '<img alt="c" src="../assets/box.svg" width="1" height="2"><img alt="d" src="https://example.org/x.png">'
    )
    out = markup.image_sizes(html, "labels/", files.get, "labels.fi.md")
    assert '<img alt="a" src="../assets/box.svg" width="360" height="898">' in out
    assert '<img alt="b" src="../assets/box.svg" width="180" height="449" />' in out
    assert 'width="1" height="2">' in out and '<img alt="d" src="https://example.org/x.png">' in out
    with pytest.raises(markup.MarkupError, match="labels.fi.md: cannot read the size of the image 'gone.png'"):
        markup.image_sizes('<img src="gone.png">', "labels/", files.get, "labels.fi.md")


def test_tables_get_captions_and_regions():
    html = (
        '<h2 id="x">Tasot<a class="headerlink" href="#x">&para;</a></h2>\n<table>\n<tr><th>a</th><th>b</th></tr>\n</table>\n'
        "<p>Taulukko: Hinnat <em>2026</em></p>\n<table>\n<tr><td>1</td></tr>\n</table>\n"
        '<table class="own"><caption>Oma</caption></table>'
    )
    out = markup.tables(html, "fi", "labels.fi.md")
    assert '<caption id="table1-caption" class="table-caption visually-hidden">Tasot</caption>' in out
    assert '<caption id="table2-caption" class="table-caption">Hinnat <em>2026</em></caption>' in out
    assert "Taulukko:" not in out
    assert out.count('role="region"') == 2 and 'data-columns="2"' in out
    assert '<table class="own"><caption>Oma</caption></table>' in out  # a plugin's own table is left alone
    with pytest.raises(markup.MarkupError, match="table 1 has no caption"):
        markup.tables("<table><tr><td>1</td></tr></table>", "en", "x.en.md")


def test_a_paragraph_marked_as_a_heading_becomes_one():
    html = '<p aria-level="3" class="c" role="heading"><strong>Kortti</strong></p><p role="note">x</p>'
    assert markup.headings(html) == '<h3 class="c">Kortti</h3><p role="note">x</p>'


def test_the_404_page_links_from_the_site_path():
    codes = languages()
    nav = SimpleNamespace(
        items=[
            SimpleNamespace(title="Home", url="en/", children=None),
            SimpleNamespace(title="Labels", url=None, children=[SimpleNamespace(title="Gold", url="en/labels/")]),
        ]
    )
    context = not_found.context("en", codes, "https://example.org/klusterit/", nav, "en/search/")
    page = context["not_found"]
    assert page["home_url"] == "/klusterit/en/" and page["search_url"] == "/klusterit/en/search/"
    assert page["sitemap"][1] == {
        "title": "Labels",
        "url": None,
        "children": [{"title": "Gold", "url": "/klusterit/en/labels/"}],
    }
    assert {a["lang"]: a["link"] for a in context["alternates"]} == {
        "fi": "/klusterit/404.html",
        "en": "/klusterit/en/404.html",
    }
    assert not_found.output_path("fi", codes) == "404.html" and not_found.output_path("en", codes) == "en/404.html"
