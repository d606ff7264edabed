"""The site's languages and its interface strings.

The list of languages and the default one are defined once, in mkdocs.yml's
`i18n` plugin (mkdocs-static-i18n). The strings the build renders around the
pages live in `i18n/<lang>.toml`, one file per language with the same keys.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from checker._text import fmt_date as _format_full_date
from checker._text import fmt_eur as format_eur  # and the number formatters the checker's texts use
from checker._text import fmt_number as format_number
from checker._text import month_index, month_words


@dataclass(frozen=True)
class Languages:
    codes: tuple[str, ...]
    default: str

    @classmethod
    def of(cls, config: MkDocsConfig) -> Languages:
        i18n = config.plugins.get("i18n")
        if i18n is None:
            raise PluginError("mkdocs.yml: the i18n plugin (mkdocs-static-i18n) is needed.")
        codes = tuple(lang.locale for lang in i18n.config.languages if lang.build)
        return cls(codes=codes, default=i18n.default_language)

    @classmethod
    def from_file(cls, mkdocs_yml: str | Path) -> Languages:
        """For tools that run outside a build (e.g. `make article`)."""
        from mkdocs.config import load_config

        return cls.of(load_config(str(mkdocs_yml)))

    def prefix(self, lang: str) -> str:
        """The URL prefix of a language: "" for the default, "en/" for English."""
        return "" if lang == self.default else f"{lang}/"


def format_date(iso: str, lang: str) -> str:
    """The one date format of the site: "2026-11-27" -> "27.11.2026" / "27 November 2026";
    "2023-09" -> "syyskuu 2023" / "September 2023"; a bare year stays as it is."""
    if len(iso.split("-")) == 2:
        return str(month_words(month_index(iso), lang)["month_nom"])
    return str(_format_full_date(iso, lang))


def _i18n(config: MkDocsConfig) -> Any:
    """mkdocs-static-i18n's plugin instance (the package declares no types)."""
    return config.plugins["i18n"]


def build_language(config: MkDocsConfig) -> str:
    """The language of the build under way (static-i18n builds one after another)."""
    return str(_i18n(config).current_language or default_language(config))


def default_language(config: MkDocsConfig) -> str:
    """The site's default language, as the i18n plugin has set it up."""
    return str(_i18n(config).default_language)


@cache
def catalogue(lang: str) -> dict[str, Any]:
    """All interface strings of `lang`, as sections of key -> text."""
    source = resources.files(__package__).joinpath("i18n", f"{lang}.toml")
    if not source.is_file():
        raise PluginError(f"scripts/sitebuild/i18n/{lang}.toml is missing: every site language needs one.")
    return tomllib.loads(source.read_text(encoding="utf-8"))


def t(lang: str, key: str) -> str:
    """One string by its dotted key, e.g. t("fi", "articles.cite")."""
    section, name = key.split(".", 1)
    return str(catalogue(lang)[section][name])


__all__ = ["Languages", "build_language", "catalogue", "flat_keys", "format_date", "format_eur", "format_number", "t"]


def flat_keys(lang: str) -> set[str]:
    return {f"{section}.{name}" for section, values in catalogue(lang).items() for name in values}
