"""Create a new article in both languages: `make article TITLE="..."`.

Writes docs/articles/<slug>.fi.md and <slug>.en.md with the full front matter
(values still to fill in start with TODO, and the build refuses them) and a
skeleton of headings. Never overwrites an existing article.

Usage: python scripts/new_article.py [--en "English title"] [--slug SLUG] [--docs DIR] [TITLE ...]
Without a title it asks for one."""

import argparse
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TEMPLATE = {
    "fi": """---
title: {title}
description: "TODO: yksi virke hakukoneille ja linkkien esikatseluun (enintään 200 merkkiä)"
date: {date}
authors:
  - name: "TODO: Etunimi Sukunimi"
    title: "TODO: tehtävänimike"
    organisation: "TODO: organisaatio"
license: CC BY-SA 4.0
summary: "TODO: 1–3 virkkeen tiivistelmä, joka näkyy artikkelilistassa ja syötteessä"
tags:
  - "TODO: aihe"
sources:
  - title: "TODO: lähteen kirjoittaja, nimi ja julkaisija"
    url: "TODO: https://..."
---

# {heading}

Kirjoita tähän johdanto: mistä artikkeli kertoo ja miksi se on lukijalle tärkeää.

## Ensimmäinen väliotsikko

Teksti.

## Lähteet

- Lähde 1. <https://...>
""",
    "en": """---
title: {title}
description: "TODO: one sentence for search engines and link previews (at most 200 characters)"
date: {date}
authors:
  - name: "TODO: First Last"
    title: "TODO: job title"
    organisation: "TODO: organisation"
license: CC BY-SA 4.0
summary: "TODO: a summary of one to three sentences, shown in the article list and the feed"
tags:
  - "TODO: topic"
sources:
  - title: "TODO: the source's author, title and publisher"
    url: "TODO: https://..."
---

# {heading}

Write the introduction here: what the article is about and why it matters to the reader.

## First heading

Text.

## Sources

- Source 1. <https://...>
""",
}


def slugify(title):
    """'Klusteri sai hopeamerkin!' -> 'klusteri-sai-hopeamerkin' (ASCII, for URLs)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:80].rstrip("-")


def _yaml_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def create_article(docs_dir, title, title_en=None, slug=None, date=None):
    """Write both language files; returns their paths. Refuses to overwrite."""
    title = " ".join(title.split())
    if not title:
        raise ValueError("the title is empty")
    slug = slug or slugify(title)
    if not slug or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        raise ValueError(f"cannot make a file name from {title!r}: give one with --slug")
    date = date or dt.date.today()
    folder = Path(docs_dir) / "articles"
    paths = {lang: folder / f"{slug}.{lang}.md" for lang in ("fi", "en")}
    existing = [str(p) for p in paths.values() if p.exists()] + [
        str(p) for p in folder.glob(f"{slug}.md") if p.exists()
    ]
    if existing:
        raise FileExistsError(f"the article already exists: {', '.join(existing)}")
    titles = {"fi": title, "en": " ".join((title_en or "").split())}
    folder.mkdir(parents=True, exist_ok=True)
    for lang, path in paths.items():
        heading = titles[lang] or "TODO: English title"
        path.write_text(
            TEMPLATE[lang].format(title=_yaml_string(heading), heading=heading, date=date.isoformat()),
            encoding="utf-8",
        )
    return paths["fi"], paths["en"]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Create a new article in Finnish and English.")
    parser.add_argument("title", nargs="*", help="the Finnish title (asked for when missing)")
    parser.add_argument("--en", default="", help="the English title (can be filled in later)")
    parser.add_argument("--slug", help="the file name without language and .md (default: from the title)")
    parser.add_argument("--docs", default=str(ROOT / "docs"), help="the docs folder")
    args = parser.parse_args(argv)
    title = " ".join(args.title).strip()
    if not title:
        if not sys.stdin.isatty():
            parser.error('give the title: make article TITLE="Artikkelin otsikko"')
        title = input("Artikkelin otsikko suomeksi / Finnish title: ").strip()
        if not args.en:
            args.en = input("English title (Enter: fill in later): ").strip()
    try:
        fi_path, en_path = create_article(args.docs, title, args.en, args.slug)
    except (FileExistsError, ValueError) as error:
        print(f"new article: {error}", file=sys.stderr)
        return 1
    print(f"Created\n  {fi_path}\n  {en_path}")
    print("Next: replace every TODO in both files' front matter, write the text, then `make serve`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
