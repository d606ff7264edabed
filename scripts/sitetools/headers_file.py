"""A `_headers` file (deploy/_headers, copied into the built site) read as the
hosts that use one do: a path pattern, then its indented `Name: value` lines.
`*` matches anything and `:name` one path segment; `! Name` lines (Cloudflare
Pages: drop an inherited header) and comments are skipped."""

from __future__ import annotations

import re
from pathlib import Path

HeaderRules = list[tuple[re.Pattern[str], list[tuple[str, str]]]]


def parse_headers(text: str) -> HeaderRules:
    """[(path regex, [(name, value), ...])], in the file's order."""
    rules: HeaderRules = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "!")):
            continue
        if not line[0].isspace():
            pattern = re.escape(stripped).replace(r"\*", ".*")
            pattern = re.sub(r":[A-Za-z]+", "[^/]+", pattern)
            rules.append((re.compile(f"^{pattern}$"), []))
        elif rules and ":" in stripped:
            name, value = stripped.split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def read_headers_file(directory: Path | str) -> HeaderRules:
    """The rules of `directory`/_headers; none when there is no such file."""
    path = Path(directory) / "_headers"
    return parse_headers(path.read_text(encoding="utf-8")) if path.exists() else []


def every_header_for(rules: HeaderRules, url_path: str) -> list[tuple[str, str]]:
    """Every matching rule's headers, in order: a host that joins the values of
    every rule that matches (Cloudflare Pages) sends them all."""
    return [header for pattern, headers in rules if pattern.match(url_path) for header in headers]


def headers_for(rules: HeaderRules, url_path: str, defaults: dict[str, str] | None = None) -> dict[str, str]:
    """The headers for a path, one value each: `defaults`, with every matching
    rule applied over them in order (a later rule's value wins)."""
    return dict(defaults or {}) | dict(every_header_for(rules, url_path))
