"""sitemap.xml with hreflang alternates, and the empty sitemaps Material probes for."""

from __future__ import annotations

import gzip
from pathlib import Path
from xml.etree import ElementTree as ET

from .languages import Languages

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
EMPTY_SITEMAP = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}"/>\n'.encode()


def sitemap_xml(site_url: str, pages: dict[str, dict[str, str]], languages: Languages) -> bytes:
    """Every page of every language, each with its alternates and x-default."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    base = site_url.rstrip("/") + "/"
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for neutral in sorted(pages):
        versions = pages[neutral]
        alternates = [(lang, versions[lang]) for lang in languages.codes if lang in versions]
        if languages.default in versions:
            alternates.append(("x-default", versions[languages.default]))
        for lang in languages.codes:
            if lang not in versions:
                continue
            url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
            ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = base + versions[lang]
            for hreflang, path in alternates:
                ET.SubElement(
                    url, f"{{{XHTML_NS}}}link", {"rel": "alternate", "hreflang": hreflang, "href": base + path}
                )
    ET.indent(urlset)
    return bytes(ET.tostring(urlset, encoding="utf-8", xml_declaration=True))


def write(site: Path, site_url: str, pages: dict[str, dict[str, str]], languages: Languages) -> None:
    data = sitemap_xml(site_url, pages, languages)
    for lang in languages.codes:
        (site / languages.prefix(lang) / "sitemap.xml").write_bytes(data)
        (site / languages.prefix(lang) / "sitemap.xml.gz").unlink(missing_ok=True)
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))
    # Material fetches `sitemap.xml` next to every `<link rel=alternate>` target
    # (the page in the other language, the feed) to map pages between languages.
    # static-i18n already links each page to its translation, so an empty map is
    # enough there, and answers those requests without a 404.
    for versions in pages.values():
        for path in versions.values():
            target = site / path / "sitemap.xml"
            if path and target.parent.is_dir() and not target.exists():
                target.write_bytes(EMPTY_SITEMAP)
