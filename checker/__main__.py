"""Command line: python -m checker [--lang fi|en] [--format json|text] [FILE]

Reads the answers (a JSON object) from FILE or standard input and prints the
result. Exit status 0 for valid answers whatever the verdict; 2 for invalid
input (bad JSON, a duplicate key, unreadable or closed input, invalid
answers or arguments), with {"errors": [{"field": ..., "message": ...}]} in
the chosen language (Finnish by default, also when the bad argument is the
language itself). It never prints a traceback: when standard output itself
cannot be written (closed, full disk), a one-line message goes to standard
error and the exit status is 2.

JSON numbers are read as Decimal, so 14.999999999999999999 stays what it
says and a 400-digit number is "above the maximum", not a rounded float.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import _guarded_evaluate
from ._engine import error_result
from ._report import render_text
from ._rules import LANGS, QUESTIONS, RULES
from ._text import pick
from ._types import EvaluateResult
from ._validate import Errors, field_name, short_name

FORMATS = ("json", "text")


@dataclass
class _Args:
    lang: str = "fi"
    fmt: str = "json"
    file: str | None = None
    help: bool = False
    problem: tuple[str, dict[str, str]] | None = None  # (cli text key, context)


def _parse_args(argv: list[str]) -> _Args:
    """The options; the first problem is kept (reported in the language
    chosen by a valid --lang anywhere on the line, else Finnish)."""
    args = _Args()
    lang: str | None = None
    fmt: str | None = None

    def problem(key: str, **ctx: str) -> None:
        if args.problem is None:
            args.problem = (key, ctx)

    rest = list(argv)
    only_files = False
    while rest:
        arg = rest.pop(0)
        if not only_files and arg == "--":
            only_files = True
        elif not only_files and arg in ("-h", "--help"):
            args.help = True
        elif not only_files and arg.split("=", 1)[0] in ("--lang", "--format"):
            option, has_value, value = arg.partition("=")
            if not has_value:
                if not rest:
                    problem("missing_value", option=option)
                    continue
                value = rest.pop(0)
            if option == "--lang":
                if value in LANGS:
                    lang = value
                else:
                    problem("bad_lang", got=value)
            elif value in FORMATS:
                fmt = value
            else:
                problem("bad_format", got=value)
        elif not only_files and arg.startswith("-") and arg != "-":
            problem("unknown_option", got=arg)
        elif args.file is None:
            args.file = arg
        else:
            problem("extra_argument", got=arg)
    args.lang = lang or "fi"
    args.fmt = fmt or "json"
    return args


class _OutputFailed(Exception):
    pass


def _write(text: str) -> None:
    """Write to standard output, or raise _OutputFailed."""
    out = sys.stdout
    try:
        if out is None:
            raise OSError("standard output is closed")
        buffer = getattr(out, "buffer", None)
        if buffer is not None:
            buffer.write(text.encode("utf-8", "replace"))
            buffer.flush()
        else:
            out.write(text)
            out.flush()
    except (OSError, ValueError) as e:
        raise _OutputFailed(getattr(e, "strerror", None) or str(e)) from None


def _emit(result: EvaluateResult, fmt: str) -> None:
    if fmt == "text":
        _write(render_text(result))
    else:
        _write(json.dumps(result, ensure_ascii=False, indent=2, allow_nan=False) + "\n")


def _fail(key: str, lang: str, fmt: str, **ctx: str) -> int:
    msg = pick(RULES["errors"][key], lang).format_map(ctx)
    _emit(error_result([{"field": None, "message": msg}], lang), fmt)
    return 2


def _read_input(file: str | None) -> bytes | tuple[str, dict[str, str]]:
    """The input bytes, or the error key and context."""
    if file is None or file == "-":
        stdin = sys.stdin
        try:
            if stdin is None:
                raise OSError("standard input is closed")
            return stdin.buffer.read()
        except (OSError, ValueError, AttributeError):
            return "unreadable_stdin", {}
    try:
        with open(file, "rb") as f:
            return f.read()
    except (OSError, ValueError):
        return "unreadable_file", {"got": field_name(file)}


def _parse_json(text: str, lang: str) -> tuple[Any, Errors]:
    """The answers, and an error for each key given twice in an object."""
    errors = Errors(lang)
    reported: set[str] = set()

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                if key not in reported:
                    reported.add(key)
                    short = short_name(key, lang) if key in QUESTIONS else field_name(key)
                    errors.add(field_name(key), "duplicate_field", short=short)
                continue
            out[key] = value
        return out

    answers = json.loads(text, parse_float=Decimal, parse_int=Decimal, object_pairs_hook=pairs)
    return answers, errors


def _run(args: _Args) -> int:
    lang, fmt = args.lang, args.fmt
    cli = RULES["cli"]
    if args.problem is not None:
        key, ctx = args.problem
        reason = pick(cli[key], lang).format_map({**ctx, "usage": pick(cli["usage"], lang)})
        return _fail("bad_argument", lang, fmt, got=reason)
    if args.help:
        _write(pick(cli["usage"], lang) + "\n\n" + pick(cli["help"], lang) + "\n")
        return 0
    raw = _read_input(args.file)
    if isinstance(raw, tuple):
        return _fail(raw[0], lang, fmt, **raw[1])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _fail("not_utf8", lang, fmt)
    try:
        answers, errors = _parse_json(text, lang)
    except json.JSONDecodeError as e:
        return _fail("invalid_json", lang, fmt, line=str(e.lineno), col=str(e.colno))
    except (ValueError, RecursionError):
        return _fail("unreadable_json", lang, fmt)
    result = _guarded_evaluate(answers, lang, errors)
    _emit(result, fmt)
    return 2 if "errors" in result else 0


def _report_output_failure(lang: str, reason: str) -> None:
    try:
        sys.stderr.write(pick(RULES["cli"]["output_failed"], lang).format(got=reason) + "\n")
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 -- nowhere left to report to
        pass
    try:  # keep the interpreter's final flush of stdout from failing again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass
    sys.stdout = None


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        return _run(args)
    except _OutputFailed as e:
        _report_output_failure(args.lang, str(e))
        return 2


if __name__ == "__main__":
    try:
        code = main()
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
