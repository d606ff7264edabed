"""Command line: python -m checker [--lang fi|en] [--format json|text] [FILE]

Reads the answers (a JSON object) from FILE or standard input and prints the
result. Exit status 0 for valid answers whatever the verdict; 2 for invalid
input (bad JSON, unreadable file, invalid answers or arguments), with
{"errors": [{"field": ..., "message": ...}]} in the chosen language.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import evaluate
from ._engine import error_result
from ._report import render_text
from ._rules import LANGS, RULES
from ._text import pick


class _ArgError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # no usage dump + exit; report as JSON below
        raise _ArgError(message)


def _parser() -> _Parser:
    p = _Parser(prog="python -m checker", description="ECEI/EUCLES cluster label eligibility checker.")
    p.add_argument("--lang", default="fi", choices=LANGS, help="language of the output (default fi)")
    p.add_argument(
        "--format", default="json", choices=("json", "text"), dest="fmt", help="json (default) or a text report"
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="answers as JSON (default: stdin)")
    return p


def _emit(result: dict, fmt: str, out) -> None:
    if fmt == "text":
        out.write(render_text(result))
    else:
        out.write(json.dumps(result, ensure_ascii=False, indent=2, allow_nan=False) + "\n")


def _guess(argv, flag, allowed, default):
    """Best-effort language/format for reporting an argument error."""
    for i, a in enumerate(argv):
        if a == flag and i + 1 < len(argv) and argv[i + 1] in allowed:
            return argv[i + 1]
        if a.startswith(flag + "=") and a.split("=", 1)[1] in allowed:
            return a.split("=", 1)[1]
    return default


def _fail(key: str, lang: str, fmt: str, **ctx) -> int:
    msg = pick(RULES["errors"][key], lang).format_map(ctx)
    _emit(error_result([{"field": None, "message": msg}], lang), fmt, sys.stdout)
    return 2


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(argv)
    except _ArgError as e:
        lang = _guess(argv, "--lang", LANGS, "fi")
        fmt = _guess(argv, "--format", ("json", "text"), "json")
        return _fail("bad_argument", lang, fmt, got=str(e))
    lang, fmt = args.lang, args.fmt
    try:
        if args.file is None or args.file == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(args.file, "rb") as f:
                raw = f.read()
    except (OSError, ValueError):
        return _fail("unreadable_file", lang, fmt, got=args.file or "-")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _fail("not_utf8", lang, fmt)
    try:
        answers = json.loads(text)
    except json.JSONDecodeError as e:
        return _fail("invalid_json", lang, fmt, line=e.lineno, col=e.colno)
    except (ValueError, RecursionError):
        return _fail("unreadable_json", lang, fmt)
    result = evaluate(answers, lang)
    _emit(result, fmt, sys.stdout)
    return 2 if "errors" in result else 0


if __name__ == "__main__":
    try:
        code = main()
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
