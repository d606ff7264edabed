"""Front matter: read it from a Markdown file and check it against the schema in
`front_matter.toml`, the one definition the build, `make article` and the web
editor share. Errors name the file, the field and what to do."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

PLACEHOLDER = "TODO"
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
HTML = re.compile(r"<[A-Za-z!/?]|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
URL = re.compile(r"https?://[^\s<>\"'`]+\.[^\s<>\"'`]+")
PARTIAL_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")


class FrontMatterError(ValueError):
    """Bad front matter: names the file and the field."""

    def __init__(self, path: Path | str, field_name: str, problem: str) -> None:
        self.path, self.field, self.problem = str(path), field_name, problem
        super().__init__(f"{path}: front matter field '{field_name}': {problem}")


@cache
def schema() -> dict[str, Any]:
    """front_matter.toml, with `choices = "licenses"` made the list of the
    licences it defines and "{default}" in a hint the field's default."""
    text = resources.files(__package__).joinpath("front_matter.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    specs = [*data["fields"].values(), *(spec for part in data["parts"].values() for spec in part.values())]
    for spec in specs:
        if spec.get("choices") == "licenses":
            spec["choices"] = list(data["licenses"])
        if "default" in spec and "hint" in spec:
            spec["hint"] = {lang: hint.format(default=spec["default"]) for lang, hint in spec["hint"].items()}
    return data


@cache
def licenses() -> dict[str, dict[str, str]]:
    """{licence: {"url": its address, <lang>: its name}}: front_matter.toml's [licenses]."""
    return {key: {"url": spec["url"], **spec["name"]} for key, spec in schema()["licenses"].items()}


def default_license() -> str:
    return str(schema()["fields"]["license"]["default"])


def description_limit() -> int:
    return int(schema()["limits"]["description"])


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, but dates stay text: the schema checks them with a clear message."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_front_matter(path: Path | str) -> tuple[str, dict[str, Any]]:
    """(body, meta) of a Markdown file; YAML errors name the file."""
    text = Path(path).read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---"):
            raise FrontMatterError(path, "(front matter)", "has no closing --- line")
        return text, {}
    try:
        meta = yaml.load(match.group(1) or "", Loader=_Loader) or {}
    except yaml.YAMLError as error:
        raise FrontMatterError(path, "(front matter)", f"is not valid YAML: {error}") from error
    if not isinstance(meta, dict):
        raise FrontMatterError(path, "(front matter)", "must be a mapping of field: value lines")
    return text[match.end() :], meta


# --- checking ------------------------------------------------------------------


def _plain(path: Path, name: str, value: str, multiline: bool) -> str:
    for char in value:
        if unicodedata.category(char) == "Cc" and not (multiline and char in "\n\t"):
            raise FrontMatterError(path, name, f"contains a control character (U+{ord(char):04X}): remove it")
    found = HTML.search(value)
    if found:
        raise FrontMatterError(path, name, f"contains HTML ({found.group(0)!r}…): write plain text")
    return value


def _string(path: Path, name: str, spec: dict[str, Any], value: Any) -> str:
    if not isinstance(value, str):
        raise FrontMatterError(path, name, f"must be text, not {type(value).__name__}")
    value = value.strip()
    if value.upper().startswith(PLACEHOLDER):
        raise FrontMatterError(path, name, f"still has the placeholder text: {value!r}")
    limit = spec.get("max")
    if limit and len(value) > limit:
        raise FrontMatterError(path, name, f"is {len(value)} characters long, at most {limit} allowed")
    return _plain(path, name, value, multiline=spec["type"] == "text")


def _date(path: Path, name: str, spec: dict[str, Any], value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise FrontMatterError(path, name, f"{value!r} is not an ISO date like 2025-11-24") from None


def _partial_date(path: Path, name: str, spec: dict[str, Any], value: Any) -> str:
    text = str(value).strip()
    complete = {4: "-01-01", 7: "-01", 10: ""}
    try:
        if not PARTIAL_DATE.fullmatch(text):
            raise ValueError
        dt.date.fromisoformat(text + complete[len(text)])
    except ValueError:
        raise FrontMatterError(
            path, name, f"{value!r} is not a year or an ISO date (2025, 2025-11 or 2025-11-24)"
        ) from None
    return text


def _url(path: Path, name: str, spec: dict[str, Any], value: Any) -> str:
    text = _string(path, name, {"type": "string"}, value)
    if not URL.fullmatch(text):
        raise FrontMatterError(path, name, f"{text!r} is not a web address (https://...)")
    return text


def _choice(path: Path, name: str, spec: dict[str, Any], value: Any) -> str:
    if value not in spec["choices"]:
        raise FrontMatterError(path, name, f"{value!r} is not one of: {', '.join(spec['choices'])}")
    return str(value)


def _list(path: Path, name: str, spec: dict[str, Any], value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise FrontMatterError(path, name, "must be a list")
    if not value:
        raise FrontMatterError(path, name, "is empty: give at least one")
    return [check_value(path, f"{name}[{i}]", spec["item"], item) for i, item in enumerate(value, 1)]


def _object(path: Path, name: str, spec: dict[str, Any], value: Any) -> dict[str, Any]:
    fields = schema()["parts"][spec["part"]]
    if not isinstance(value, dict):
        raise FrontMatterError(path, name, f"must have {', '.join(fields)}")
    unknown = set(value) - set(fields)
    if unknown:
        raise FrontMatterError(path, name, f"unknown key(s): {', '.join(sorted(map(str, unknown)))}")
    return check_fields(path, fields, value, prefix=f"{name}.")


CHECKS = {
    "string": _string,
    "text": _string,
    "date": _date,
    "partial_date": _partial_date,
    "url": _url,
    "choice": _choice,
    "list": _list,
    "object": _object,
}


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


def check_value(path: Path, name: str, spec: dict[str, Any], value: Any) -> Any:
    return CHECKS[spec["type"]](path, name, spec, value)


def check_fields(path: Path, fields: dict[str, Any], meta: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """The checked values of `fields` (name -> spec) in `meta`; a missing optional field is None (or its default)."""
    out: dict[str, Any] = {}
    for name, spec in fields.items():
        value = meta.get(name)
        if _missing(value) or (isinstance(value, str) and not value.strip()):
            if spec.get("required"):
                raise FrontMatterError(path, prefix + name, "is missing or empty")
            out[name] = spec.get("default")
            continue
        out[name] = check_value(path, prefix + name, spec, value)
    return out


def named_fields(kind: str) -> dict[str, Any]:
    """The fields of a `page` or an `article`, in order: name -> spec."""
    return {name: schema()["fields"][name] for name in schema()[kind]["fields"]}


def check_page(path: Path | str, meta: dict[str, Any]) -> dict[str, Any]:
    """Every page: a plain-text title (if given) and a description."""
    fields = named_fields("page")
    fields["title"] = {**fields["title"], "required": False}
    return check_fields(Path(path), fields, meta)


def check_article(path: Path | str, meta: dict[str, Any]) -> dict[str, Any]:
    path = Path(path)
    if not meta:
        raise FrontMatterError(path, "(front matter)", "is missing: the file must start with a --- block")
    values = check_fields(path, named_fields("article"), meta)
    if values["original"] and not values["adaptation"]:
        raise FrontMatterError(path, "adaptation", "is missing: say who adapted the original article and what changed")
    if values["adaptation"] and not values["original"]:
        raise FrontMatterError(path, "original", "is missing: an adaptation needs the original article it adapts")
    return values
