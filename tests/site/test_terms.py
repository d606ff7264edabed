"""One Finnish term per concept: the site's own Finnish text never uses a variant
that docs/_data/terms.toml says to avoid.

What is checked (the site's own Finnish words):
  - every Finnish page (docs/**/*.fi.md): its body and the front matter fields the
    site writes itself (title, description, summary, tags, adaptation);
  - the Finnish texts of checker/rules.toml (every value under a `fi` key);
  - the Finnish interface strings (scripts/sitebuild/i18n/fi.toml) and the Finnish
    texts of the cluster data (docs/_data/clusters.toml, values under `fi`);
  - the Finnish diagrams (docs/assets/images/*-fi.svg: <title>, <desc>, <text>).

What is exempt, because it is not the site's own wording (quotations and the titles
of sources stay verbatim):
  - quotations: blockquote lines (">") and text inside the quotation marks ”…”,
    “…”, „…”, »…« and «…»;
  - citations: a page's "## Lähteet" section, and any list item that cites an
    address in angle brackets (<https://…>), as on the sources page; in the data
    files, source titles and urls (they are not under a `fi` key);
  - text marked as another language (<span lang="en">…</span>), and the English
    term as a gloss in parentheses, "vertailuarviointi (benchmarking)";
  - code, link targets, addresses, HTML tags, {…} attribute lists and
    {{ … }} tokens; the article's author and source metadata.

Where a term must be glossed (`gloss = true`), the first mention on a page carries
the English term in parentheses. The glossary defines every term marked
`glossary = true` and gives its English term.
"""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.project import ROOT

DOCS = ROOT / "docs"
TERMS_FILE = DOCS / "_data" / "terms.toml"
RULES_FILE = ROOT / "checker" / "rules.toml"
I18N_FILE = ROOT / "scripts" / "sitebuild" / "i18n" / "fi.toml"
CLUSTERS_FILE = DOCS / "_data" / "clusters.toml"
IMAGES = DOCS / "assets" / "images"
GLOSSARY = DOCS / "glossary.fi.md"

# Front matter fields that hold other people's words or data, not the site's text.
FRONT_MATTER_EXEMPT = {"authors", "original", "sources", "license", "date", "hide", "pagefind"}



@dataclass(frozen=True)
class Term:
    concept: str
    fi: str
    en: str
    avoid: tuple[str, ...]
    match: tuple[re.Pattern[str], ...]
    preferred: re.Pattern[str] | None
    gloss: bool
    glossary: bool


def load_terms(path: Path = TERMS_FILE) -> list[Term]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Term(
            concept=entry["concept"],
            fi=entry["fi"],
            en=entry["en"],
            avoid=tuple(entry["avoid"]),
            match=tuple(re.compile(p, re.IGNORECASE) for p in entry["match"]),
            preferred=re.compile(entry["preferred"], re.IGNORECASE) if "preferred" in entry else None,
            gloss=entry.get("gloss", False),
            glossary=entry.get("glossary", False),
        )
        for entry in data["terms"]
    ]


TERMS = load_terms()

# ---- Own text ------------------------------------------------------------------------

QUOTES = [
    re.compile(r"”[^”\n]*”"),
    re.compile(r"“[^“”\n]*”"),
    re.compile(r"„[^„”“\n]*[”“]"),
    re.compile(r"»[^»\n]*»"),
    re.compile(r"«[^«»\n]*»"),
]
MARKUP = [
    re.compile(r"<!--.*?-->"),
    re.compile(r"\{\{.*?\}\}"),
    re.compile(r"<span\s+lang=\"[a-z-]+\"[^>]*>.*?</span>", re.IGNORECASE),
    re.compile(r"`[^`]*`"),
    re.compile(r"(?<=\])\([^)]*\)"),  # a link's target; its text stays
    re.compile(r"<https?://[^>]*>"),
    re.compile(r"https?://\S+"),
    re.compile(r"</?[A-Za-z][^>]*>"),
    re.compile(r"\{[^{}]*\}"),
]
GLOSSES = [re.compile(r"\(\s*[*_]*" + re.escape(t.en) + r"[*_]*\s*\)", re.IGNORECASE) for t in TERMS]
CITATION_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s.*<https?://")
SOURCES_HEADING = re.compile(r"^##\s+Lähteet\b")
HEADING_1_2 = re.compile(r"^#{1,2}\s")
FENCE = re.compile(r"^\s*(```|~~~)")


def clean(text: str, keep_glosses: bool = False) -> str:
    """The site's own words in one line of text: markup, code, addresses,
    quotations and (unless kept) English glosses removed."""
    for pattern in MARKUP:
        text = pattern.sub(" ", text)
    if not keep_glosses:
        for pattern in GLOSSES:
            text = pattern.sub(" ", text)
    for pattern in QUOTES:
        text = pattern.sub(" ", text)
    return text


def split_front_matter(markdown: str) -> tuple[dict, list[str], int]:
    """(front matter, body lines, line number of the first body line)."""
    lines = markdown.splitlines()
    if lines and lines[0].strip() == "---":
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        return yaml.safe_load("\n".join(lines[1:end])) or {}, lines[end + 1 :], end + 2
    return {}, lines, 1


def strings(value, where: str):
    """Every string in a YAML/TOML value, with where it is."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(item, f"{where}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{where}.{key}" if where else str(key))


def own_text_of_markdown(markdown: str, keep_glosses: bool = False) -> list[tuple[str, str]]:
    """[(where, text)] of the site's own Finnish words in a page."""
    front, body, first = split_front_matter(markdown)
    out = [
        (f"front matter {where}", clean(text, keep_glosses))
        for key, value in front.items()
        if key not in FRONT_MATTER_EXEMPT
        for where, text in strings(value, key)
    ]
    in_code = in_sources = False
    for number, line in enumerate(body, start=first):
        if FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            continue
        if HEADING_1_2.match(line):
            in_sources = bool(SOURCES_HEADING.match(line))
        if in_sources or line.lstrip().startswith(">") or CITATION_ITEM.match(line):
            continue
        out.append((f"line {number}", clean(line, keep_glosses)))
    return out


def finnish_values(value, where: str = ""):
    """Every string under a `fi` key (a text, a list of texts or a one/other table)."""
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{where}.{key}" if where else str(key)
            if key == "fi":
                yield from strings(item, path)
            else:
                yield from finnish_values(item, path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from finnish_values(item, f"{where}[{i}]")


def rules_texts(rules: dict) -> list[tuple[str, str]]:
    """Finnish texts of rules.toml by key path; a list entry is named by its id
    (criteria[management_fte]…) so that the path does not move when entries do."""
    out = []
    for key, value in rules.items():
        if key == "sources":  # titles and what the sources say: English and verbatim
            continue
        if isinstance(value, list):
            for i, entry in enumerate(value):
                name = entry.get("id", i) if isinstance(entry, dict) else i
                out += [(where, clean(text)) for where, text in finnish_values(entry, f"{key}[{name}]")]
        else:
            out += [(where, clean(text)) for where, text in finnish_values(value, key)]
    return out


def svg_texts(path: Path) -> list[tuple[str, str]]:
    tree = ET.parse(path)
    out = []
    for element in tree.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in {"title", "desc", "text", "tspan"} and element.text:
            out.append((f"<{tag}>", clean(element.text)))
    return out


def variants(texts: list[tuple[str, str]]) -> list[str]:
    """Every avoided variant found, as 'where: “variant” (preferred: …)'."""
    found = []
    for where, text in texts:
        for term in TERMS:
            for pattern in term.match:
                for hit in pattern.finditer(text):
                    found.append(f"{where}: “{hit.group(0)}” (use: {term.fi})")
    return found


# ---- The term list itself ---------------------------------------------------------------


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.fi)
def test_each_pattern_finds_a_variant_and_never_the_preferred_term(term):
    assert term.fi and term.en and term.avoid and term.match
    for pattern in term.match:
        assert any(pattern.search(example) for example in term.avoid), (term.fi, pattern.pattern)
        assert not pattern.search(term.fi), (term.fi, pattern.pattern)
    if term.preferred:
        assert term.preferred.search(term.fi), term.fi


# ---- The site's Finnish text -------------------------------------------------------------


def finnish_pages():
    return sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.fi.md"))


@pytest.mark.parametrize("name", finnish_pages())
def test_finnish_pages_use_the_preferred_terms(name):
    text = (DOCS / name).read_text(encoding="utf-8")
    assert variants(own_text_of_markdown(text)) == []


@pytest.mark.parametrize("name", finnish_pages())
def test_own_text_is_really_read(name):
    """The exemptions leave the page's own words in: its first heading is there."""
    text = (DOCS / name).read_text(encoding="utf-8")
    _, body, _ = split_front_matter(text)
    heading = next(line[2:].strip() for line in body if line.startswith("# "))
    own = " ".join(t for _, t in own_text_of_markdown(text))
    assert clean(heading).strip() in own


@pytest.mark.parametrize("name", [n for n in finnish_pages() if n != "glossary.fi.md"])
def test_first_mention_carries_the_english_term(name):
    text = (DOCS / name).read_text(encoding="utf-8")
    _, body, _ = split_front_matter(text)
    own = "\n".join(t for _, t in own_text_of_markdown("\n".join(body), keep_glosses=True))
    for term in (t for t in TERMS if t.gloss and t.preferred):
        first = term.preferred.search(own)
        if first:
            after = own[first.end() : first.end() + len(term.en) + 12]
            assert re.match(r"\s*\(\s*[*_]*" + re.escape(term.en), after, re.IGNORECASE), (
                f"{name}: the first “{first.group(0)}” needs “({term.en})” after it"
            )


def test_rules_texts_use_the_preferred_terms():
    rules = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    texts = list(rules_texts(rules))
    assert texts, "no Finnish text found in rules.toml"
    assert variants(texts) == []



def test_interface_strings_use_the_preferred_terms():
    data = tomllib.loads(I18N_FILE.read_text(encoding="utf-8"))
    texts = [(f"i18n/fi.toml {w}", clean(t)) for w, t in strings(data, "")]
    assert texts
    assert variants(texts) == []


def test_cluster_data_uses_the_preferred_terms():
    data = tomllib.loads(CLUSTERS_FILE.read_text(encoding="utf-8"))
    texts = [(f"clusters.toml {w}", clean(t)) for w, t in finnish_values(data)]
    assert texts
    assert variants(texts) == []


@pytest.mark.parametrize("name", sorted(p.name for p in IMAGES.glob("*-fi.svg")))
def test_finnish_diagrams_use_the_preferred_terms(name):
    texts = svg_texts(IMAGES / name)
    assert texts
    assert variants(texts) == []


def test_the_glossary_defines_each_term_with_its_english_name():
    rows = [line for line in GLOSSARY.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    for term in (t for t in TERMS if t.glossary):
        matching = [row for row in rows if term.preferred and term.preferred.search(row.split("|")[1])]
        assert matching, f"the glossary has no row for “{term.fi}”"
        assert any(term.en.lower() in row.split("|")[2].lower() for row in matching), (term.fi, term.en)


# ---- The test can fail: planted variants ----------------------------------------------------

PAGE = """---
title: "Otsikko"
description: "Kuvaus."
sources:
  - title: "Benchmarking-arviointi lähteen otsikossa"
---

# Otsikko

Tavallinen kappale.

## Lähteet

- Lähde, jonka otsikossa on benchmarking-haastattelu.
"""


@pytest.mark.parametrize(
    "own",
    [
        "Klusteri kävi läpi benchmarking-arvioinnin.",
        "Pronssiarviointi tehtiin keväällä.",
        "Klusteripäällikkö täytti arviointilomakkeen.",
        "Organisaatio täyttää kelpoisuuskriteerit.",
        "Kriteereistä voidaan poiketa.",
        "Sosiaalitalouden klusteri.",
        "Jäsenistön monipuolisuus (kolmoiskierre) eli triple helix.",
        "Klusterin hallinnointiin käytetään 0,5 htv.",
        "Teemat ovat palvelut ja tunnustus.",
        "Lähtöartikkelin mukaan merkki on voimassa.",
        "Organisaatio on listattu ECCP:llä.",
        "Johtaminen on arvioitu ulkopuolisen asiantuntijan toimesta.",
        "Neljä pronssimerkin omaavaa toimijaa.",
        "Savonian artikkelin mukaan näin on.",
    ],
)
def test_a_variant_planted_in_own_text_is_found(own):
    page = PAGE.replace("Tavallinen kappale.", own)
    assert variants(own_text_of_markdown(page)), own


@pytest.mark.parametrize(
    "planted",
    [
        "Hän sanoi: ”benchmarking-arviointi kesti kolme tuntia”.",
        "> Klusterin jäsenet omaavat yhteisiä intressejä.",
        'Merkki <span lang="en">triple helix</span> on englantia.',
        "Pronssitason vertailuarviointi (benchmarking) tehtiin.",
        "Kolmoiskierre (*triple helix*) tarkoittaa yhteistyötä.",
        "- Photonics Finland. Bronze Label tunnustus – vastaavan omaavaa. <https://www.photonics.fi/x>",
        "Katso `benchmarking` koodissa ja [linkki](https://example.org/benchmarking-arviointi).",
    ],
)
def test_quotations_citations_and_marked_english_are_exempt(planted):
    page = PAGE.replace("Tavallinen kappale.", planted)
    assert variants(own_text_of_markdown(page)) == [], planted


def test_the_sources_section_and_source_metadata_are_exempt():
    assert variants(own_text_of_markdown(PAGE)) == []
    assert variants(own_text_of_markdown(PAGE.replace("## Lähteet", "## Muuta"))), "the same line outside Lähteet"


def test_a_variant_planted_in_a_real_page_fails_it():
    page = (DOCS / "labels.fi.md").read_text(encoding="utf-8")
    assert variants(own_text_of_markdown(page)) == []
    planted = page.replace("\n## ", "\nKlusteri läpäisi benchmarking-haastattelun.\n\n## ", 1)
    found = variants(own_text_of_markdown(planted))
    assert len(found) == 1 and "benchmarking-haastattelun" in found[0]


def test_a_variant_planted_in_the_rules_is_found_with_its_key():
    text = RULES_FILE.read_text(encoding="utf-8")
    planted = text.replace('yes = { fi = "Kyllä"', 'yes = { fi = "Kyllä, kelpoisuuskriteerit"', 1)
    assert planted != text
    found = variants(rules_texts(tomllib.loads(planted)))
    assert any(f.startswith("ui.yes.fi:") for f in found), found


def test_a_variant_planted_in_a_diagram_is_found(tmp_path):
    source = IMAGES / "labelling-process-fi.svg"
    planted = tmp_path / "planted-fi.svg"
    planted.write_text(
        source.read_text(encoding="utf-8").replace("</svg>", "<text>Täytä arviointilomake</text></svg>"),
        encoding="utf-8",
    )
    assert variants(svg_texts(source)) == []
    assert variants(svg_texts(planted))
