"""Create a new article in both languages: `make article TITLE="..."`.

Writes docs/articles/<slug>.<lang>.md for every site language, with the full
front matter of the schema (scripts/sitebuild/front_matter.toml; values still
to fill in start with TODO, and the build refuses them) and a skeleton of
headings. Never overwrites an existing article. The titles are taken
literally (quotes, $, backticks stay text): `make` passes them in the
environment, never through a shell.

Usage: python -m sitetools.new_article [--en "English title"] [--slug SLUG] [--docs DIR] [TITLE ...]
Without a title (and without $TITLE) it asks for one."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

from sitebuild.front_matter import named_fields, schema

ROOT = Path(__file__).resolve().parents[2]

BODY = {
    "fi": (
        "Kirjoita tähän johdanto: mistä artikkeli kertoo ja miksi se on lukijalle tärkeää.\n\n"
        "## Ensimmäinen väliotsikko\n\nTeksti.\n\n## Lähteet\n\n- Lähde 1. <https://...>\n"
    ),
    "en": (
        "Write the introduction here: what the article is about and why it matters to the reader.\n\n"
        "## First heading\n\nText.\n\n## Sources\n\n- Source 1. <https://...>\n"
    ),
}


def slugify(title: str) -> str:
    """'Klusteri sai hopeamerkin!' -> 'klusteri-sai-hopeamerkin' (ASCII, for URLs)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:80].rstrip("-")


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a valid YAML double-quoted string


def _todo(spec: dict, lang: str) -> str:
    return _quoted(f"TODO: {spec.get('hint', spec['label'])[lang]}")


def front_matter(lang: str, title: str, date: dt.date) -> str:
    """The article's front matter from the schema: every required field, TODO where the author must write."""
    lines = ["---"]
    parts = schema()["parts"]
    for name, spec in named_fields("article").items():
        if name == "title":
            lines.append(f"title: {_quoted(title)}")
        elif name == "date":
            lines.append(f"date: {date.isoformat()}")
        elif not spec.get("required"):
            if "default" in spec:
                lines.append(f"{name}: {spec['default']}")
        elif spec["type"] == "list" and spec["item"]["type"] == "object":
            fields = parts[spec["item"]["part"]]
            lines.append(f"{name}:")
            for i, (key, part) in enumerate(fields.items()):
                prefix = "  - " if i == 0 else "    "
                lines.append(f"{prefix}{key}: {_todo(part, lang)}")
        elif spec["type"] == "list":
            lines += [f"{name}:", f"  - {_todo(spec['item'], lang)}"]
        else:
            lines.append(f"{name}: {_todo(spec, lang)}")
    return "\n".join([*lines, "---", ""])


def create_article(docs_dir, title, title_en=None, slug=None, date=None):
    """Write both language files; returns their paths (fi, en). Refuses to overwrite."""
    title = " ".join(title.split())
    if not title:
        raise ValueError("the title is empty")
    slug = slug or slugify(title)
    if not slug or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        raise ValueError(f"cannot make a file name from {title!r}: give one with --slug")
    date = date or dt.date.today()
    folder = Path(docs_dir) / "articles"
    paths = {lang: folder / f"{slug}.{lang}.md" for lang in ("fi", "en")}
    existing = [str(p) for p in [*paths.values(), folder / f"{slug}.md"] if p.exists()]
    if existing:
        raise FileExistsError(f"the article already exists: {', '.join(existing)}")
    titles = {"fi": title, "en": " ".join((title_en or "").split()) or "TODO: English title"}
    folder.mkdir(parents=True, exist_ok=True)
    for lang, path in paths.items():
        path.write_text(f"{front_matter(lang, titles[lang], date)}\n# {titles[lang]}\n\n{BODY[lang]}", encoding="utf-8")
    return paths["fi"], paths["en"]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Create a new article in Finnish and English.")
    parser.add_argument("title", nargs="*", help="the Finnish title (default: $TITLE, else asked for)")
    parser.add_argument("--en", default=os.environ.get("TITLE_EN", ""), help="the English title (default: $TITLE_EN)")
    parser.add_argument("--slug", help="the file name without language and .md (default: from the title)")
    parser.add_argument("--docs", default=str(ROOT / "docs"), help="the docs folder")
    args = parser.parse_args(argv)
    title = " ".join(args.title).strip() or os.environ.get("TITLE", "").strip()
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
