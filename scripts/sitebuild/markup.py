"""Page markup the build completes after Markdown: table captions and
scrolling regions, image sizes, and headings outside the table of contents.

Tables. A Markdown table gets its caption from a paragraph right above it
that starts with the page language's caption word (`tables.caption_marker`:
"Taulukko: …" on Finnish pages, "Table: …" on English ones); that paragraph
becomes the visible <caption>. A table without one is named by the heading it
sits under: that caption is for screen readers only, since the heading is
on screen right above. A table with neither fails the build. Each table is
then put in a labelled, focusable scrolling region (`.table-scroll`), so that
on a phone a wide table scrolls by itself, keyboard users can scroll it, and
screen readers announce it by its caption; overrides/assets/javascripts/tables.js shows
a "scroll sideways" hint while it does not fit. Tables that a plugin writes
with attributes of their own (`<table class=…>`) bring their own caption and
wrapper, and are left as they are.

Images. A local image without `width` and `height` gets them from its file
(PNG, GIF, JPEG, WebP, SVG), so the page does not jump while it loads; when
only one is given, the other follows the image's proportions.

Headings outside the table of contents. A paragraph marked as a heading with
attr_list, `**Title**` followed by `{ role="heading" aria-level="2" }` on the
next line (e.g. a card's title on the home page), becomes a real <h2> after
the table of contents has been made, so it does not repeat in the contents.
"""

from __future__ import annotations

import html
import re
import struct
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .languages import t


class MarkupError(ValueError):
    pass


# --- tables -----------------------------------------------------------------------

_PLAIN_TABLE = re.compile(r"<table>")
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.DOTALL)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _caption_paragraph(before: str, marker: str) -> re.Match[str] | None:
    """A `<p>Marker: caption</p>` that ends right where the table starts."""
    pattern = r"<p>\s*" + re.escape(marker) + r"\s*:\s*((?:(?!</?p[\s>]).)+?)\s*</p>\s*$"
    return re.search(pattern, before, re.DOTALL | re.IGNORECASE)


def _heading_text(before: str) -> str | None:
    """The inner HTML of the last heading before a table, without its permalink."""
    last = None
    for heading in _HEADING.finditer(before):
        last = heading
    if last is None:
        return None
    inner = _HEADERLINK.sub("", last.group(2)).strip()
    return inner if _TAG.sub("", inner).strip() else None


def _columns(table: str) -> int:
    """How many columns a table's first row has."""
    row = re.search(r"<tr>(.*?)</tr>", table, re.DOTALL)
    return len(re.findall(r"<t[hd]\b", row.group(1))) if row else 0


def tables(page_html: str, lang: str, where: str) -> str:
    """Captions and scrolling regions for the page's Markdown tables (see the module doc)."""
    marker = t(lang, "tables.caption_marker")
    hint = html.escape(t(lang, "tables.scroll_hint"))
    out: list[str] = []
    pos = 0
    for count, match in enumerate(_PLAIN_TABLE.finditer(page_html), start=1):
        before = page_html[pos : match.start()]
        paragraph = _caption_paragraph(before, marker)
        if paragraph is not None:
            caption, caption_class = paragraph.group(1).strip(), "table-caption"
            before = before[: paragraph.start()]
        else:
            heading = _heading_text(page_html[: match.start()])
            if heading is None:
                raise MarkupError(
                    f"{where}: table {count} has no caption. Put a paragraph "
                    f"“{marker}: …” right above it (it becomes the caption), or a heading."
                )
            caption, caption_class = heading, "table-caption visually-hidden"
        end = page_html.find("</table>", match.end())
        if end < 0:
            raise MarkupError(f"{where}: table {count} is not closed")
        caption_id, hint_id = f"table{count}-caption", f"table{count}-hint"
        columns = _columns(page_html[match.end() : end])
        out.append(before)
        out.append(
            f'<p class="table-scroll__hint" id="{hint_id}" hidden>{hint}</p>\n'
            f'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="{caption_id}" '
            f'data-columns="{columns if columns <= 5 else "many"}">\n'
            f'<table>\n<caption id="{caption_id}" class="{caption_class}">{caption}</caption>'
        )
        out.append(page_html[match.end() : end] + "</table>\n</div>")
        pos = end + len("</table>")
    out.append(page_html[pos:])
    return "".join(out)


# --- headings outside the table of contents -----------------------------------------

_ROLE_HEADING = re.compile(r"<p\b([^>]*\brole=\"heading\"[^>]*)>(.*?)</p>", re.DOTALL)
_ONLY_STRONG = re.compile(r"^\s*<strong>(.*)</strong>\s*$", re.DOTALL)


def headings(page_html: str) -> str:
    """`<p role="heading" aria-level="N">` → `<hN>` (see the module doc)."""

    def heading(match: re.Match[str]) -> str:
        attrs = _attributes(f"<p {match.group(1)}>")
        level = attrs.pop("aria-level", None) or "2"
        attrs.pop("role", None)
        if not level.isdigit() or not 1 <= int(level) <= 6:
            return match.group(0)
        inner = match.group(2)
        strong = _ONLY_STRONG.match(inner)
        if strong and "<strong" not in strong.group(1):
            inner = strong.group(1)
        rest = "".join(f' {name}="{html.escape(value or "")}"' for name, value in attrs.items())
        return f"<h{level}{rest}>{inner}</h{level}>"

    return _ROLE_HEADING.sub(heading, page_html)


# --- image sizes ------------------------------------------------------------------

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_LENGTH = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*$")


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = dict(attrs)

    handle_startendtag = handle_starttag


def _attributes(tag: str) -> dict[str, str | None]:
    parser = _Attributes()
    parser.feed(tag)
    parser.close()
    return parser.attrs


def _svg_size(data: bytes) -> tuple[float, float] | None:
    root = ET.fromstring(data)
    width, height = root.get("width"), root.get("height")
    if width and height:
        w, h = _LENGTH.match(width), _LENGTH.match(height)
        if w and h:
            return float(w.group(1)), float(h.group(1))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        return float(box[2]), float(box[3])
    return None


def _jpeg_size(data: bytes) -> tuple[float, float] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return float(width), float(height)
        i += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[float, float] | None:
    kind = data[12:16]
    if kind == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return float(width & 0x3FFF), float(height & 0x3FFF)
    if kind == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return float((bits & 0x3FFF) + 1), float(((bits >> 14) & 0x3FFF) + 1)
    if kind == b"VP8X":
        return float(int.from_bytes(data[24:27], "little") + 1), float(int.from_bytes(data[27:30], "little") + 1)
    return None


def image_size(path: Path) -> tuple[float, float] | None:
    """(width, height) of an image file in CSS pixels, or None if unknown."""
    data = path.read_bytes()
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        width, height = struct.unpack(">II", data[16:24])
        return float(width), float(height)
    if data[:6] in (b"GIF87a", b"GIF89a"):
        width, height = struct.unpack("<HH", data[6:10])
        return float(width), float(height)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    if path.suffix.lower() == ".svg":
        return _svg_size(data)
    return None


def _number(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    return float(match.group(1)) if match else None


def image_sizes(page_html: str, page_url: str, find: Callable[[str], Path | None], where: str) -> str:
    """Give every local <img> its width and height. `find` maps a site path
    ("assets/images/x.png") to the file, or None."""

    def sized(match: re.Match[str]) -> str:
        tag = match.group(0)
        attrs = _attributes(tag)
        if attrs.get("width") and attrs.get("height"):
            return tag
        src = attrs.get("src") or ""
        parts = urlsplit(src)
        if not src or parts.scheme or parts.netloc or src.startswith("//"):
            return tag
        site_path = unquote(urlsplit(urljoin("/" + page_url, src)).path).lstrip("/")
        file = find(site_path)
        size = image_size(file) if file is not None else None
        if size is None:
            raise MarkupError(f"{where}: cannot read the size of the image {src!r}: give it width and height")
        natural_w, natural_h = size
        width, height = _number(attrs.get("width")), _number(attrs.get("height"))
        if width is None and height is None:
            width, height = natural_w, natural_h
        elif width is None:
            assert height is not None
            width = height * natural_w / natural_h
        elif height is None:
            height = width * natural_h / natural_w
        assert width is not None and height is not None
        missing = ""
        if not attrs.get("width"):
            missing += f' width="{round(width)}"'
        if not attrs.get("height"):
            missing += f' height="{round(height)}"'
        closing = " />" if tag.endswith("/>") else ">"
        return tag[: -len(closing.strip())].rstrip() + missing + closing

    return _IMG.sub(sized, page_html)
