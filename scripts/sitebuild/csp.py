"""The site's Content-Security-Policy, defined once: in the `/*` block of
deploy/_headers (the file static hosts read). The build writes the same policy
into every page as a <meta http-equiv> for hosts that send no headers (GitHub
Pages); deploy/nginx.conf and the tests read it from here too.

A policy in a <meta> element cannot hold `frame-ancestors`, `report-uri`,
`report-to` or `sandbox` (browsers ignore them there and warn), so the meta
copy leaves those out; everything else is the same.
"""

from __future__ import annotations

import re
from pathlib import Path

HEADER = "Content-Security-Policy"
NOT_IN_META = frozenset({"frame-ancestors", "report-uri", "report-to", "sandbox"})


class HeadersError(ValueError):
    pass


def block_headers(headers_file: str | Path, path: str = "/*") -> dict[str, str]:
    """The headers of one block of a `_headers` file (Netlify / Cloudflare Pages format):
    `/*` is what every page gets. Cloudflare's `! Name` lines (drop an inherited header) are skipped."""
    text = Path(headers_file).read_text(encoding="utf-8")
    block = re.search(rf"^{re.escape(path)}[ \t]*\n((?:[ \t]+\S.*\n?)+)", text, re.MULTILINE)
    if block is None:
        raise HeadersError(f"{headers_file}: no `{path}` block")
    headers: dict[str, str] = {}
    for line in block.group(1).splitlines():
        if line.strip().startswith("!"):
            continue
        name, sep, value = line.strip().partition(":")
        if not sep:
            raise HeadersError(f"{headers_file}: not a `Name: value` line in the `{path}` block: {line.strip()!r}")
        headers[name.strip()] = value.strip()
    return headers


def site_wide_headers(headers_file: str | Path) -> dict[str, str]:
    return block_headers(headers_file, "/*")


def policy(headers_file: str | Path, path: str = "/*") -> str:
    """The Content-Security-Policy of a block of deploy/_headers: the site's (`/*`) by default."""
    headers = block_headers(headers_file, path)
    if HEADER not in headers:
        raise HeadersError(f"{headers_file}: the `{path}` block has no {HEADER}")
    return headers[HEADER]


def directives(value: str) -> list[tuple[str, str]]:
    """A policy as (directive name, the rest) pairs, in order."""
    pairs = []
    for part in value.split(";"):
        part = part.strip()
        if part:
            name, _, rest = part.partition(" ")
            pairs.append((name.lower(), rest.strip()))
    return pairs


def meta_policy(value: str) -> str:
    """The policy less what a <meta http-equiv> cannot hold."""
    kept = [f"{name} {rest}".strip() for name, rest in directives(value) if name not in NOT_IN_META]
    return "; ".join(kept)
