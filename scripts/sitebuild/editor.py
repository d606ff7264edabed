"""The web editor for articles at /admin/: Decap CMS, self-hosted.

The build copies the pinned CMS (npm `decap-cms`, its prebuilt bundle) and a
YAML parser (npm `yaml`, its browser build) from node_modules into
site/admin/, with the editor's own files (scripts/sitebuild/editor/) and one
generated file, `editor.json`, that holds:

- the CMS configuration, one per interface language, whose article fields are
  generated from the front matter schema (front_matter.toml), the same one the
  build checks: required fields, lengths, choices and the URL and date formats
  become the CMS's widgets, `required`, `min` and `pattern` checks;
- the same checks as data (`checks`), which the editor runs on both languages
  before it saves (a language the author never opened is checked too, and the
  rules the CMS cannot express: an original article needs its adaptation);
- what the preview needs to look like the site: the site's stylesheets, its
  interface strings for the byline, the licences and the month names.

The article files are `docs/articles/<slug>.fi.md` and `<slug>.en.md` (the CMS's
i18n `multiple_files`), written by the editor's own format (editor/article.js):
the schema's fields in the schema's order, empty optional fields left out,
every string quoted, then `# <title>` and the text, as `make article` writes.

The admin page is not in the navigation, the sitemap or the search index (it is
written after both), and says `noindex`. It carries its own
Content-Security-Policy in a meta tag; `csp()` gives the header for hosts.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from .articles import ARTICLES_DIR
from .csp import meta_policy, policy
from .front_matter import HTML, PLACEHOLDER, default_license, licenses, named_fields, schema
from .languages import Languages, catalogue

ADMIN_DIR = "admin"
COLLECTION = "articles"
FORMAT = "klusterilaatu-article"  # the editor's own file format (editor/article.js)
ASSETS = ("index.html", "editor.js", "article.js", "editor.css", "preview.css", "decap.fi.json")


class EditorConfig(base.Config):
    """`editor:` under the publishing plugin in mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    """Build the editor into site/admin/."""
    cms_dir = c.Type(str, default="node_modules/decap-cms/dist")
    """The pinned CMS's prebuilt bundle (package.json), relative to mkdocs.yml."""
    yaml_dir = c.Type(str, default="node_modules/yaml/browser/dist")
    """The pinned YAML parser's browser build, relative to mkdocs.yml."""
    media_dir = c.Type(str, default="assets/images/articles")
    """Where uploaded images go, inside docs/."""
    repo = c.Optional(c.Type(str))
    """Production: the GitHub repository, `owner/name`. Without it the editor works only locally."""
    branch = c.Type(str, default="main")
    """Production: the branch the site is built from."""
    base_url = c.Optional(c.Type(str))
    """Production: the origin of the OAuth proxy that signs authors in to GitHub (https://...)."""
    auth_endpoint = c.Optional(c.Type(str))
    """Production: the proxy's path that starts the sign-in (the CMS's default is `auth`)."""
    local_backend = c.Type(str, default="http://127.0.0.1:8081/api/v1")
    """`make editor`: the local proxy (npm decap-server) that reads and writes the working copy.
    Left out of a production build."""


# --- the schema as the editor's checks ---------------------------------------------

# Patterns that JavaScript (RegExp(pattern).test(value), no flags, as the CMS runs
# them) and the build's checks agree on: a value a pattern accepts passes the
# build's check. Some are stricter than the build (leading or trailing spaces).
_CONTROL = r"\x00-\x1f\x7f-\x9f"  # Unicode category Cc
_CONTROL_TEXT = r"\x00-\x08\x0b-\x1f\x7f-\x9f"  # Cc except tab and newline
_NO_PLACEHOLDER = r"(?!\s*" + "".join(f"[{ch.upper()}{ch.lower()}]" for ch in PLACEHOLDER) + ")"
_NO_HTML = r"(?![\s\S]*(?:" + HTML.pattern + "))"
_MONTH_DAY = (
    r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    r"|(?:0[13-9]|1[0-2])-(?:29|30)"
    r"|(?:0[13578]|1[02])-31)"
)
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_YEAR = r"(?!0000)[0-9]{4}"
ISO_DATE = rf"(?:{_YEAR}-{_MONTH_DAY}|(?!0000){_LEAP_YEAR}-02-29)"
PARTIAL_DATE = rf"(?:{ISO_DATE}|{_YEAR}(?:-(?:0[1-9]|1[0-2]))?)"
URL = r"https?://[^\s<>\"'`]+\.[^\s<>\"'`]+"


def pattern(spec: dict[str, Any]) -> str | None:
    """The pattern a value of this field must match, or None (choices, lists, objects)."""
    kind = spec["type"]
    if kind in ("string", "text"):
        chars = _CONTROL_TEXT if kind == "text" else _CONTROL
        length = f"{{0,{spec['max']}}}" if spec.get("max") else "*"
        return f"^{_NO_PLACEHOLDER}{_NO_HTML}[^{chars}]{length}$"
    if kind == "url":
        return f"^{_NO_PLACEHOLDER}{_NO_HTML}(?=[^{_CONTROL}]*$){URL}$"
    if kind == "date":
        return f"^{ISO_DATE}$"
    if kind == "partial_date":
        return f"^{PARTIAL_DATE}$"
    return None


def _text(lang: str, key: str) -> str:
    section, name = key.split(".", 1)
    return str(catalogue(lang)[section][name])


def pattern_message(spec: dict[str, Any], lang: str) -> str:
    """What the pattern asks for, in the editor's language."""
    kind = spec["type"]
    if kind in ("string", "text"):
        if spec.get("max"):
            return _text(lang, "editor.rule_text_max").format(max=spec["max"])
        return _text(lang, "editor.rule_text")
    return _text(lang, f"editor.rule_{kind}")


def check_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """One field of the schema as the editor's check (article.js): type, required, pattern, parts."""
    out: dict[str, Any] = {"type": spec["type"], "required": bool(spec.get("required"))}
    if pattern(spec):
        out["pattern"] = pattern(spec)
    if "choices" in spec:
        out["choices"] = list(spec["choices"])
    if "default" in spec:
        out["default"] = spec["default"]
    if spec["type"] == "list":
        out["item"] = check_spec(spec["item"])
    if spec["type"] == "object":
        out["fields"] = {name: check_spec(part) for name, part in schema()["parts"][spec["part"]].items()}
    out["label"] = dict(spec.get("label", {}))
    return out


def checks() -> dict[str, Any]:
    """Every article field's check, in the schema's order."""
    return {name: check_spec(spec) for name, spec in named_fields("article").items()}


# --- the schema as the CMS's fields -------------------------------------------------


def _widget(name: str, spec: dict[str, Any], lang: str, *, inside_optional: bool = False) -> dict[str, Any]:
    """One CMS field from one schema field. Inside an optional object the parts are not
    `required` for the CMS (it would then demand them even when the object is left
    empty); the editor's own check before saving asks for them once one is filled in."""
    label = spec.get("label", {}).get(lang, name)
    field: dict[str, Any] = {"name": name, "label": label}
    hint = spec.get("hint", {}).get(lang)
    if hint:
        field["hint"] = hint
    kind = spec["type"]
    required = bool(spec.get("required")) and not inside_optional
    field["required"] = required
    if kind in ("string", "url", "partial_date"):
        field["widget"] = "string"
    elif kind == "text":
        field["widget"] = "text"
    elif kind == "date":
        field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False)
        field["default"] = "{{now}}"
        field["picker_utc"] = False
    elif kind == "choice":
        field.update(widget="select", options=list(spec["choices"]))
        if "default" in spec:
            field["default"] = spec["default"]
    elif kind == "list":
        field["widget"] = "list"
        item = spec["item"]
        field["collapsed"] = False
        if "label" in item:
            field["label_singular"] = item["label"].get(lang, name)
        if item["type"] == "object":
            parts = schema()["parts"][item["part"]]
            field["fields"] = [_widget(n, p, lang) for n, p in parts.items()]
            first = next(iter(parts))
            field["summary"] = "{{fields." + first + "}}"
        else:
            field["field"] = _widget("item", item, lang)
        if spec.get("required"):
            field["min"] = 1
    elif kind == "object":
        field["widget"] = "object"
        parts = schema()["parts"][spec["part"]]
        optional = not spec.get("required")
        field["fields"] = [_widget(n, p, lang, inside_optional=optional) for n, p in parts.items()]
        field["collapsed"] = optional
    else:
        raise PluginError(f"front_matter.toml: the editor has no widget for the type '{kind}' of '{name}'")
    rule = pattern(spec)
    if rule:
        field["pattern"] = [rule, pattern_message(spec, lang)]
    return field


def fields(lang: str) -> list[dict[str, Any]]:
    """The article collection's fields: the schema's article fields, then the text."""
    out = []
    for name, spec in named_fields("article").items():
        field = _widget(name, spec, lang)
        field["i18n"] = spec.get("i18n", True)  # "duplicate": one value, the same in both files
        out.append(field)
    out.append(
        {
            "name": "body",
            "label": _text(lang, "editor.body"),
            "hint": _text(lang, "editor.body_hint"),
            "widget": "markdown",
            "i18n": True,
            "required": True,
            "buttons": [
                "bold",
                "italic",
                "link",
                "heading-two",
                "heading-three",
                "quote",
                "bulleted-list",
                "numbered-list",
            ],
            "editor_components": ["image"],
            "modes": ["rich_text", "raw"],
        }
    )
    return out


def _relative(path: Path, start: Path) -> str:
    return Path(os.path.relpath(path, start)).as_posix()


def cms_config(
    config: MkDocsConfig, editor: EditorConfig, languages: Languages, lang: str, *, local: bool
) -> dict[str, Any]:
    """The CMS configuration for an interface language (`lang`)."""
    root = Path(config.config_file_path).parent
    docs = Path(config.docs_dir)
    folder = docs / ARTICLES_DIR
    media = docs / editor.media_dir
    backend: dict[str, Any] = {"name": "github", "branch": editor.branch}
    for key in ("repo", "base_url", "auth_endpoint"):
        if editor[key]:
            backend[key] = editor[key]
    out: dict[str, Any] = {
        "load_config_file": False,
        "backend": backend,
        "publish_mode": "editorial_workflow",  # a pull request per article; the local proxy falls back to saving
        "locale": lang,
        "site_url": config.site_url,
        "display_url": config.site_url,
        "media_folder": _relative(media, root),
        "public_folder": _relative(media, folder),  # links in the Markdown are relative to the article
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "i18n": {
            "structure": "multiple_files",
            "locales": list(languages.codes),
            "default_locale": languages.default,
        },
        "collections": [
            {
                "name": COLLECTION,
                "label": _text(lang, "editor.collection"),
                "label_singular": _text(lang, "editor.collection_singular"),
                "description": _text(lang, "editor.collection_description"),
                "folder": _relative(folder, root),
                "extension": "md",
                "format": FORMAT,
                "create": True,
                "delete": False,  # the article list page lives in the same folder
                "slug": "{{slug}}",
                "identifier_field": "title",
                "summary": "{{date}} · {{title}}",
                "sortable_fields": [{"field": "date", "default_sort": "desc"}, "title"],
                "i18n": True,
                "fields": fields(lang),
            }
        ],
    }
    if local:
        out["local_backend"] = {"url": editor.local_backend}
    return out


# --- the page's security policy -------------------------------------------------------


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def csp(headers_file: str | Path, local_backend: str | None = None, *, meta: bool = False) -> str:
    """The editor's Content-Security-Policy: the `/admin/*` block of deploy/_headers (its one
    home, where each source is explained), plus, with `make editor`, the local proxy
    (`local_backend`) on 127.0.0.1. `meta`: the version for a <meta> tag (no frame-ancestors)."""
    value = policy(headers_file, f"/{ADMIN_DIR}/*")
    if local_backend:
        value = re.sub(r"(connect-src [^;]*)", lambda m: f"{m.group(1)} {_origin(local_backend)}", value, count=1)
    return meta_policy(value) if meta else value


# --- writing site/admin/ -------------------------------------------------------------


def _preview_styles(site: Path, config: MkDocsConfig) -> list[str]:
    """The site's own stylesheets, as URLs relative to /admin/: the theme's, then extra_css."""
    theme = sorted((site / "assets" / "stylesheets").glob("main.*.min.css"))
    theme += sorted((site / "assets" / "stylesheets").glob("palette.*.min.css"))
    styles = ["../" + path.relative_to(site).as_posix() for path in theme]
    styles += ["../" + str(path) for path in config.extra_css]
    return [*styles, "preview.css"]


def _site_names(config: MkDocsConfig, languages: Languages) -> dict[str, str]:
    names = dict.fromkeys(languages.codes, config.site_name)
    for language in config.plugins["i18n"].config.languages:
        if language.locale in names and language.site_name:
            names[language.locale] = language.site_name
    return names


def editor_data(
    site: Path, config: MkDocsConfig, editor: EditorConfig, languages: Languages, *, local: bool
) -> dict[str, Any]:
    """What editor.js reads: the CMS configurations and what the checks and the preview need."""
    from checker._rules import RULES  # the month names the site's dates use

    palette = config.theme.get("palette") or {}
    if isinstance(palette, list):
        palette = palette[0] if palette else {}
    return {
        "languages": list(languages.codes),
        "default_language": languages.default,
        "language_names": {
            lang.locale: lang.name for lang in config.plugins["i18n"].config.languages if lang.locale in languages.codes
        },
        "configured": bool(editor.repo),
        "local": local,
        "collection": COLLECTION,
        "format": FORMAT,
        "configs": {lang: cms_config(config, editor, languages, lang, local=local) for lang in languages.codes},
        "checks": checks(),
        "site": {
            "url": config.site_url,
            "names": _site_names(config, languages),
            "prefixes": {lang: languages.prefix(lang) for lang in languages.codes},
            "articles_dir": ARTICLES_DIR,
            "styles": _preview_styles(site, config),
            "palette": {"scheme": palette.get("scheme", "default"), "primary": palette.get("primary", "indigo")},
        },
        "licenses": licenses(),
        "default_license": default_license(),
        "months": {lang: list(RULES["months"][lang]) for lang in languages.codes if lang in RULES["months"]},
        "strings": {
            lang: {"articles": catalogue(lang)["articles"], "editor": catalogue(lang)["editor"]}
            for lang in languages.codes
        },
    }


def _copy_cms(source: Path, target: Path) -> None:
    bundle = source / "decap-cms.js"
    if not bundle.is_file():
        raise PluginError(
            f"The editor's CMS is missing ({bundle}): run `make setup` (npm ci installs the pinned decap-cms)."
        )
    target.mkdir(parents=True, exist_ok=True)
    # the bundle, its lazily loaded chunks (loaded next to it) and their WebAssembly; not the source maps
    for path in sorted(source.iterdir()):
        if re.fullmatch(r"(?:[0-9]+\.)?decap-cms\.js|decap-cms\.js\.LICENSE\.txt|[0-9a-f]+\.wasm", path.name):
            shutil.copy2(path, target / path.name)


def _copy_yaml(source: Path, target: Path) -> None:
    if not (source / "index.js").is_file():
        raise PluginError(f"The editor's YAML parser is missing ({source}): run `make setup`.")
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.map"), dirs_exist_ok=True)


def render_page(lang: str, policy: str) -> str:
    template = resources.files(__package__).joinpath("editor", "index.html").read_text(encoding="utf-8")
    values = {
        "lang": lang,
        "csp": policy,
        "title": _text(lang, "editor.page_title"),
        "noscript": _text(lang, "editor.noscript"),
        "loading": _text(lang, "editor.loading"),
    }
    return re.sub(
        r"\{\{ (\w+) \}\}", lambda m: html.escape(values[m.group(1)], quote=False).replace('"', "&quot;"), template
    )


def write(
    site: Path, config: MkDocsConfig, editor: EditorConfig, languages: Languages, *, production: bool, headers_file: str
) -> None:
    """Write site/admin/. A production build has no local backend and a narrower policy."""
    if not editor.enabled:
        return
    local = not production
    root = Path(config.config_file_path).parent
    out = site / ADMIN_DIR
    if out.exists():
        shutil.rmtree(out)
    _copy_cms(root / editor.cms_dir, out)
    _copy_yaml(root / editor.yaml_dir, out / "yaml")
    assets = resources.files(__package__).joinpath("editor")
    for name in ASSETS[1:]:
        (out / name).write_text(assets.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
    data = editor_data(site, config, editor, languages, local=local)
    (out / "editor.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    page = render_page(languages.default, csp(headers_file, editor.local_backend if local else None, meta=True))
    (out / "index.html").write_text(page, encoding="utf-8")
