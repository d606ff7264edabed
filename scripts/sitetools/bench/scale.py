"""Build scale: the site built from a temporary copy of a project's docs/ with
generated fi+en article pairs (front matter the build checks, ~600 words, a
table, a list, links to other pages), timed as a whole process."""

from __future__ import annotations

import datetime
import json
import random
import shutil
import tempfile
import time
import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from sitetools.bench.build import ROOT
from sitetools.project import build as project_build

WORDS: dict[str, dict[str, list[str]]] = tomllib.loads(
    resources.files(__package__).joinpath("words.toml").read_text(encoding="utf-8")
)
# the options of the site's plugins that are paths relative to mkdocs.yml (and their defaults)
PATH_OPTIONS = {
    "klusterilaatu-checker": {"pyodide_dir": "node_modules/pyodide", "cache_dir": "build/cache"},
    "klusterilaatu-publishing": {"headers_file": None},
}
# the same inside the publishing plugin's `editor:` options (the editor's npm packages)
EDITOR_PATH_OPTIONS = {"cms_dir": "node_modules/decap-cms/dist", "yaml_dir": "node_modules/yaml/browser/dist"}


def _sentence(rng: random.Random, lang: str, length: int) -> str:
    words = [rng.choice(WORDS[lang]["words"]) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, lang: str) -> str:
    return " ".join(_sentence(rng, lang, rng.randint(8, 18)) for _ in range(rng.randint(3, 6)))


def article_markdown(index: int, lang: str, seed: int = 0) -> str:
    """One generated article with realistic front matter and body (~600 words)."""
    rng = random.Random(f"{seed}-{index}")  # the same text in both runs; fi and en differ only by lang
    words = WORDS[lang]["words"]
    topic = " ".join(rng.choice(words) for _ in range(3))
    if lang == "fi":
        title = f"Artikkeli {index}: {topic}"
        description = f"Esimerkkiartikkeli {index} klusteritoiminnasta: {topic}."
        labels_link, checker_link = "[laatumerkit](../labels.md)", "[kelpoisuustarkistin](../checker.md)"
    else:
        title = f"Article {index}: {topic}"
        description = f"Example article {index} on cluster activity: {topic}."
        labels_link, checker_link = "[labels](../labels.md)", "[eligibility checker](../checker.md)"
    date = datetime.date(2024, 1, 1) + datetime.timedelta(days=index % 700)
    front = {
        "title": title,
        "description": description,
        "date": date.isoformat(),
        "authors": [
            {"name": f"Author {index % 37}", "title": "Cluster manager", "organisation": f"Cluster {index % 11}"},
            {"name": f"Author {index % 23 + 40}", "title": "Researcher", "organisation": "University"},
        ],
        "license": "CC BY-SA 4.0",
        "summary": _sentence(rng, lang, 20),
        "tags": sorted({rng.choice(words) for _ in range(3)}),
        "sources": [
            {"title": f"Cluster report {index}", "url": f"https://example.org/reports/{index}"},
            {"title": "European Cluster Collaboration Platform (ECCP)."},
        ],
    }
    lines = ["---"]
    for key, value in front.items():  # JSON values are valid YAML; a date stays a YAML date
        lines.append(f"{key}: {value if key == 'date' else json.dumps(value, ensure_ascii=False)}")
    lines += ["---", "", f"# {title}", "", str(front["summary"]), ""]
    sections = WORDS[lang]["sections"]
    for number, section in enumerate(sections):
        lines += [f"## {section}", ""]
        if number == len(sections) - 1:
            lines += [f"- {labels_link}", f"- {checker_link}", ""]
            continue
        lines += [_paragraph(rng, lang), "", _paragraph(rng, lang), ""]
        if number == 1:
            lines += ["| | 2024 | 2025 |", "|---|---:|---:|"]
            lines += [f"| {rng.choice(words)} | {rng.randint(1, 99)} | {rng.randint(1, 99)} |" for _ in range(4)]
            lines += [""]
        if number == 2:
            lines += [f"- {_sentence(rng, lang, 8)}" for _ in range(4)] + [""]
    return "\n".join(lines)


def _articles_section(nav: list[Any]) -> list[Any] | None:
    """The nav section that holds the articles' list (found by its page, not its title)."""
    for section in nav:
        if isinstance(section, dict):
            for entries in section.values():
                if isinstance(entries, list) and any(
                    isinstance(entry, dict) and any(str(p).startswith("articles/") for p in entry.values())
                    for entry in entries
                ):
                    return entries
    return None


def absolute_config(project: Path, docs_dir: Path, site_dir: Path, nav_entries: list[tuple[str, str, str]]) -> str:
    """The project's mkdocs.yml with docs_dir/site_dir pointing at the temp copy and
    every other relative path made absolute; optionally the articles in nav."""
    import yaml
    from mkdocs.utils.yaml import yaml_load

    with open(project / "mkdocs.yml", encoding="utf-8") as file:
        config = yaml_load(file)
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    for plugin in config.get("plugins", []):
        for name, options in plugin.items() if isinstance(plugin, dict) else []:
            for option, default in PATH_OPTIONS.get(name, {}).items():
                if not isinstance(options, dict):
                    continue
                value = options.get(option, default)
                if isinstance(value, str):
                    options[option] = str((project / value).resolve())
            if name == "klusterilaatu-publishing" and isinstance(options, dict):
                editor = options.setdefault("editor", {}) or {}
                for option, default in EDITOR_PATH_OPTIONS.items():
                    editor[option] = str((project / editor.get(option, default)).resolve())
                options["editor"] = editor
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((project / theme["custom_dir"]).resolve())
    config.pop("watch", None)
    section = _articles_section(config.get("nav") or [])
    if nav_entries and section is not None:
        section.extend({fi: path} for fi, _, path in nav_entries)
        for plugin in config.get("plugins", []):
            if isinstance(plugin, dict) and "i18n" in plugin:
                for language in plugin["i18n"].get("languages", []):
                    if language.get("locale") == "en":
                        language.setdefault("nav_translations", {}).update({fi: en for fi, en, _ in nav_entries})
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def build_scaled(pairs: int, nav: bool = False, project: Path = ROOT) -> dict[str, Any]:
    """Build `project` with `pairs` generated fi+en articles in a temp copy of its docs/.
    Returns {pairs, pages, seconds, ms_per_page}."""
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = Path(tmp)
        docs, site = work / "docs", work / "site"
        shutil.copytree(project / "docs", docs)
        (docs / "articles").mkdir(exist_ok=True)
        nav_entries = []
        for index in range(1, pairs + 1):
            slug = f"bench-{index:04d}"
            for lang in ("fi", "en"):
                (docs / "articles" / f"{slug}.{lang}.md").write_text(article_markdown(index, lang), encoding="utf-8")
            nav_entries.append((f"Artikkeli {index}", f"Article {index}", f"articles/{slug}.md"))
        config = work / "mkdocs.yml"
        config.write_text(absolute_config(project, docs, site, nav_entries if nav else []), encoding="utf-8")
        started = time.perf_counter()
        proc = project_build(project, config=config, quiet=True, timeout=None)
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError(f"scaled build ({pairs} pairs) failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
        pages = sum(1 for _ in site.rglob("index.html"))
    return {"pairs": pairs, "pages": pages, "seconds": seconds, "ms_per_page": seconds * 1000 / pages}


def run_scale(
    sizes: tuple[int, ...] = (100, 500), nav: bool = False, log: Callable[[str], None] = print
) -> list[dict[str, Any]]:
    results = []
    for pairs in sizes:
        try:
            result = build_scaled(pairs, nav=nav)
        except RuntimeError as error:  # e.g. docs/ mid-edit: report it, keep the other results
            log(f"  {error}")
            return results
        results.append(result)
        log(f"  build with {pairs} article pairs: {result['pages']} pages, {result['seconds']:.1f} s")
    return results
