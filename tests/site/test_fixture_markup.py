"""The page markup, built on the small fixture site (tests/fixtures/site, with
the project's overrides and header file):

- a title and a description full of quotes, ampersands, dollars and angle
  brackets read back as the same text everywhere Material prints them (the
  <title>, the meta description, OpenGraph, the header, the navigation, the
  footer's previous/next links), in both languages: no attribute cut short;
- the table caption conventions ("Taulukko: …" above a table; else the
  heading it sits under; else the build stops), image sizes from the files,
  a card title marked as a heading;
- a routine build says nothing about articles outside the nav or about the
  per-language settings, while real problems still show.
"""

import json
import re
import struct
import zlib

import pytest

from tests.project import ROOT, build, fixture_site

from .dom import parse, words

# "&copy" and "&amp" without a semicolon pass the front matter check, and an
# unescaped page would show them as "©" and "&".
TITLE = "Klusteri \"Hopea\" & 'Kulta' – R&D &copy 2026 &amp muut, $100 & $(x) `y` < 5 > 2"
DESCRIPTION = 'Kuvaus "lainausmerkein" & \'heittomerkein\', &copy 2026, hinta $5 & $$ < 10 > 2; "> -- ei kommentti'

HOSTILE = """---
title: {title}
description: {description}
---

# Otsikko

**Kortti**
{{ role="heading" aria-level="2" }}

Korttiteksti.

## Luvut

| a | b |
|---|---|
| 1 | 2 |

{marker}: Oma *otsikko*

| c | d |
|---|---|
| 3 | 4 |

![Kuva](assets/pixels.png)

![Kaavio](assets/diagram.svg){{ width="50" }}
"""


def png(width, height):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def add_page(root, name, text_by_lang):
    for lang, text in text_by_lang.items():
        (root / "docs" / f"{name}.{lang}.md").write_text(text, encoding="utf-8")


def edit_config(root, change):
    path = root / "mkdocs.yml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = fixture_site(tmp_path_factory.mktemp("hostile"))
    assets = root / "docs" / "assets"
    assets.mkdir()
    (assets / "pixels.png").write_bytes(png(30, 20))
    (assets / "diagram.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 250"></svg>')
    quoted = {
        "title": json.dumps(TITLE, ensure_ascii=False),
        "description": json.dumps(DESCRIPTION, ensure_ascii=False),
    }
    add_page(
        root,
        "hostile",
        {
            "fi": HOSTILE.format(marker="Taulukko", **quoted),
            "en": HOSTILE.format(marker="Table", **quoted).replace("Oma *otsikko*", "Own *title*"),
        },
    )
    # in the nav without a title of its own, between two pages, with previous/next links in the footer
    edit_config(
        root, lambda text: text.replace("  - Tarkistin: checker.md\n", "  - Tarkistin: checker.md\n  - hostile.md\n")
    )
    edit_config(
        root,
        lambda text: text.replace(
            "  custom_dir: overrides", "  custom_dir: overrides\n  features: [navigation.footer]"
        ),
    )
    result = build(root)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return root / "site"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_title_and_description_read_back_as_the_same_text_everywhere(hostile_site, prefix):
    doc = parse(hostile_site / prefix / "hostile" / "index.html")
    site_name = "Testisivusto" if not prefix else "Test site"
    assert words(doc.find("title").text()) == words(f"{TITLE} - {site_name}")
    assert doc.find("meta", name="description").attrs["content"] == DESCRIPTION
    assert doc.find("meta", property="og:title").attrs["content"] == TITLE
    assert doc.find("meta", property="og:description").attrs["content"] == DESCRIPTION
    topic = doc.find("div", data_md_component="header-topic")
    assert words(topic.text()) == words(TITLE)
    nav_titles = [words(a.text()) for a in doc.find("nav", class_="md-nav--primary").iter("a")]
    assert words(TITLE) in nav_titles
    previous = parse(hostile_site / prefix / "checker" / "index.html").find("a", class_="md-footer__link--next")
    assert words(previous.text()).endswith(words(TITLE))
    assert previous.attrs["aria-label"].endswith(TITLE)
    following = parse(hostile_site / prefix / "articles" / "index.html").find("a", class_="md-footer__link--prev")
    assert words(following.text()).endswith(words(TITLE))


def test_no_attribute_is_cut_short_and_no_markup_is_injected(hostile_site):
    html = (hostile_site / "hostile" / "index.html").read_text(encoding="utf-8")
    assert '"Hopea"' not in re.sub(r"<[^>]*>", "", html.split("<body", 1)[0])  # quotes only as &#34; in the head
    doc = parse(html)
    # exactly one description and one title: nothing leaked into new elements
    assert len(list(doc.find_all("meta", name="description"))) == 1
    assert len(list(doc.iter("title"))) == 1


@pytest.mark.parametrize(("prefix", "authored"), [("", "Oma otsikko"), ("en/", "Own title")])
def test_table_captions_from_the_heading_or_the_caption_paragraph(hostile_site, prefix, authored):
    doc = parse(hostile_site / prefix / "hostile" / "index.html")
    captions = list(doc.iter("caption"))
    assert [words(c.text()) for c in captions] == ["Luvut", authored]
    assert captions[0].has("class", "visually-hidden") and not captions[1].has("class", "visually-hidden")
    assert captions[1].find("em") is not None
    assert "Taulukko:" not in doc.text() and "Table:" not in doc.text()
    for caption in captions:
        region = caption.parent.parent
        assert region.attrs["aria-labelledby"] == caption.attrs["id"]


def test_images_get_their_size_from_the_file(hostile_site):
    images = {i.attrs["alt"]: i for i in parse(hostile_site / "hostile" / "index.html").iter("img")}
    assert (images["Kuva"].attrs["width"], images["Kuva"].attrs["height"]) == ("30", "20")
    assert (images["Kaavio"].attrs["width"], images["Kaavio"].attrs["height"]) == ("50", "125")


def test_a_paragraph_marked_as_a_heading_becomes_one_outside_the_contents(hostile_site):
    doc = parse(hostile_site / "hostile" / "index.html")
    card = next(h for h in doc.iter("h2") if words(h.text()) == "Kortti")
    assert "role" not in card.attrs and "aria-level" not in card.attrs
    toc = [words(a.text()) for a in doc.find("nav", class_="md-nav--secondary").iter("a")]
    assert "Luvut" in toc and "Kortti" not in toc


def test_a_table_with_no_caption_and_no_heading_stops_the_build(tmp_path):
    root = fixture_site(tmp_path)
    page = "---\ndescription: Ei otsikkoa.\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    add_page(root, "bare", {"fi": page, "en": page})
    result = build(root)
    assert result.returncode != 0
    assert "bare.fi.md: table 1 has no caption" in result.stdout + result.stderr


def test_a_routine_build_is_quiet_and_real_problems_still_show(tmp_path):
    root = fixture_site(tmp_path)
    quiet = build(root)
    assert quiet.returncode == 0, quiet.stderr[-3000:]
    output = quiet.stdout + quiet.stderr
    assert "Overriding 'en' config" not in output  # the fixture sets site_name for English
    assert 'not included in the "nav"' not in output  # its article is outside the nav on purpose
    # a page left out of the nav by mistake is still reported, and a broken link still stops the build
    add_page(
        root,
        "orphan",
        {lang: f"---\ndescription: Orpo {lang}.\n---\n\n# Orpo\n\n[x](nowhere.md)\n" for lang in ("fi", "en")},
    )
    noisy = build(root)
    output = noisy.stdout + noisy.stderr
    assert "orphan.fi.md" in output and 'not included in the "nav"' in output
    assert noisy.returncode != 0 and "nowhere.md" in output


def test_the_site_lists_its_articles_as_outside_the_nav():
    """mkdocs.yml's `not_in_nav` covers every article (they are reached through their list)."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    articles = [p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs" / "articles").glob("*.md")]
    assert articles
    assert all(config.not_in_nav.match_file(path) for path in articles if not path.startswith("articles/index."))
