"""The command line: python -m checker [--lang fi|en] [--format json|text] [FILE]."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import checker

VALID = {
    "management_fte": 0.5,
    "committed_members": 12,
    "member_types": ["business", "public"],
    "english_website": True,
    "activity_evidence": True,
    "eccp_profile": "validated",
}


def run(args, data=b"", root=None, **kwargs):
    options = {"input": data, "capture_output": True, **kwargs}
    p = subprocess.run([sys.executable, "-m", "checker", *args], check=False, cwd=root, **options)
    assert b"Traceback" not in (p.stderr or b"") and b"Traceback" not in (p.stdout or b"")
    return p


@pytest.fixture
def cli(root):
    return lambda args, stdin=b"": run(args, stdin, root)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_json_from_stdin(cli, lang):
    p = cli(["--lang", lang], json.dumps(VALID).encode())
    assert p.returncode == 0
    r = json.loads(p.stdout)
    assert r["verdict"] == "not_eligible" and r["lang"] == lang
    assert {"verdict", "criteria", "rules_version", "lang"} <= set(r)
    for c in r["criteria"]:
        assert {"id", "status", "required", "message", "next_step"} <= set(c)


def test_default_language_is_finnish(cli):
    r = json.loads(cli([], b"{}").stdout)
    assert r["lang"] == "fi" and r["verdict"] == "incomplete"


def test_file_argument(cli, tmp_path):
    f = tmp_path / "answers.json"
    f.write_text(json.dumps(VALID), encoding="utf-8")
    p = cli(["--lang", "en", str(f)])
    assert p.returncode == 0
    assert json.loads(p.stdout)["verdict"] == "not_eligible"


def test_utf8_bom_is_accepted(cli):
    p = cli(["--lang", "en"], "\ufeff{}".encode())
    assert p.returncode == 0


@pytest.mark.parametrize("fmt", ["json", "text"])
@pytest.mark.parametrize("lang", ["fi", "en"])
def test_text_report(cli, fmt, lang):
    p = cli(["--lang", lang, "--format", fmt], json.dumps({**VALID, "bronze_interview_month": "2025-11"}).encode())
    assert p.returncode == 0
    out = p.stdout.decode()
    if fmt == "text":
        assert ("Sitoutuneet jäsenet" if lang == "fi" else "Committed members") in out
        assert ("puuttuu 3 jäsentä" if lang == "fi" else "you need 3 more") in out
        assert ("marraskuu 2027" if lang == "fi" else "November 2027") in out
        result = checker.evaluate({**VALID, "bronze_interview_month": "2025-11"}, lang)
        ui = checker.ui_texts(lang)
        for heading in ("next_steps_heading", "answers_heading", "timeline_heading", "rules_version"):
            assert ui[heading] in out
        assert f"1. {result['next_steps'][0]['text'][:30]}" in " ".join(out.split())
        assert checker.RULES_VERSION in out
        assert not out.lstrip().startswith("{")
        flat = " ".join(out.split())
        positions = [flat.index(e["text"]) for e in result["timeline"]["events"]]
        assert positions == sorted(positions)  # the merged order, as the result gives it
        for step in result["next_steps"]:
            for link in step["links"]:
                assert link["url"] in out  # never broken across lines
    else:
        assert json.loads(out)["rules_version"] == checker.RULES_VERSION


@pytest.mark.parametrize(
    ("stdin", "lang", "needle"),
    [
        (b"{not json", "fi", "ei ole kelvollista JSONia"),
        (b"{not json", "en", "not valid JSON"),
        (b"", "en", "not valid JSON"),
        (b"\xff\xfe\x00", "fi", "UTF-8"),
        (b"[" * 100000, "en", "JSON"),
        (b"1" * 5000, "fi", "JSON"),
        (b'{"committed_members": 14.5}', "fi", "kokonaisluku"),
        (b'{"x": 1}', "en", "Unknown field"),
        (b"[]", "en", "JSON object"),
        (b"NaN", "fi", "JSON-objekti"),
        (b'{"management_fte": NaN}', "en", "finite"),
        (b'{"committed_members": 14.999999999999999999}', "en", "whole number"),
        (b'{"committed_members": ' + b"9" * 400 + b"}", "en", "greater than 1,000,000"),
        (b'{"management_fte": ' + b"9" * 400 + b".5}", "fi", "suurempi kuin 10\u00a0000"),
        (b'{"management_fte": 1e999}', "en", "greater than"),
        (b'{"committed_members": 5, "committed_members": 20}', "en", "given more than once"),
        (b'{"committed_members": "1,000"}', "fi", "voi tarkoittaa"),
    ],
)
def test_invalid_input_exit_2(cli, stdin, lang, needle):
    p = cli(["--lang", lang], stdin)
    assert p.returncode == 2
    r = json.loads(p.stdout)
    assert "verdict" not in r and r["lang"] == lang
    assert r["errors"] and needle in " ".join(e["message"] for e in r["errors"])
    assert all(set(e) == {"field", "message"} for e in r["errors"])


def test_invalid_input_text_format(cli):
    p = cli(["--lang", "fi", "--format", "text"], b'{"committed_members": -1}')
    assert p.returncode == 2
    assert "committed_members" in p.stdout.decode() and "pienempi kuin 0" in p.stdout.decode()


def test_unreadable_file(cli, tmp_path):
    p = cli(["--lang", "en", str(tmp_path / "missing.json")])
    assert p.returncode == 2
    assert "Cannot read the file" in json.loads(p.stdout)["errors"][0]["message"]
    p = cli(["--lang", "fi", str(tmp_path)])  # a directory
    assert p.returncode == 2
    assert "ei voi lukea" in json.loads(p.stdout)["errors"][0]["message"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--lang", "sv"], "tuntematon kieli ”sv”"),
        (["--format", "xml"], "tuntematon muoto ”xml”"),
        (["--bogus"], "tuntematon valitsin ”--bogus”"),
        (["a", "b"], "ylimääräinen argumentti ”b”"),
        (["--lang"], "valitsimelta --lang puuttuu arvo"),
        (["--lang=sv"], "tuntematon kieli ”sv”"),
    ],
)
def test_bad_arguments_exit_2_in_finnish(cli, args, needle):
    p = cli(args, b"{}")
    assert p.returncode == 2
    r = json.loads(p.stdout)
    assert r["lang"] == "fi" and r["errors"][0]["field"] is None
    message = r["errors"][0]["message"]
    assert needle in message and "Käyttö: python -m checker" in message
    for english in ("invalid choice", "argument --", "usage:", "expected one", "unrecognized"):
        assert english not in message.lower()


def test_bad_argument_message_in_chosen_language(cli):
    p = cli(["--format", "xml", "--lang", "en"], b"{}")
    message = json.loads(p.stdout)["errors"][0]["message"]
    assert "Invalid command-line argument: unknown format “xml”" in message and "Usage:" in message


def test_bad_argument_text_format(cli):
    p = cli(["--format", "text", "--bogus"], b"{}")
    assert p.returncode == 2 and "tuntematon valitsin" in p.stdout.decode()


@pytest.mark.parametrize(("lang", "needle"), [("fi", "Valitsimet:"), ("en", "Options:")])
def test_help_exits_0(cli, lang, needle):
    p = cli(["--help", "--lang", lang])
    assert p.returncode == 0 and b"--lang" in p.stdout and needle in p.stdout.decode()


def test_double_dash_and_stdin_dash(cli, tmp_path):
    f = tmp_path / "-x.json"
    f.write_text("{}", encoding="utf-8")
    assert cli(["--", str(f)]).returncode == 0
    assert cli(["-"], b"{}").returncode == 0


# -- hostile input and failing output -----------------------------------------


def test_closed_stdin(root):
    p = run([], None, root, stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0))  # python -m checker <&-
    assert p.returncode == 2
    r = json.loads(p.stdout)
    assert r["errors"][0]["message"].startswith("Vakiosyötettä ei voi lukea")


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_lone_surrogates(cli, fmt):
    p = cli(["--lang", "en", "--format", fmt], b'{"\\ud800x": 1, "committed_members": "\\udc00"}')
    assert p.returncode == 2
    out = p.stdout.decode("utf-8")  # valid UTF-8 throughout
    assert "\ufffdx" in out
    if fmt == "json":
        r = json.loads(out)
        assert [e["field"] for e in r["errors"]] == ["committed_members", "\ufffdx"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_write_error_is_a_short_message(root, fmt):
    with open("/dev/full", "wb") as full:
        p = run(
            ["--lang", "en", "--format", fmt], b"{}", root, stdout=full, stderr=subprocess.PIPE, capture_output=False
        )
    assert p.returncode == 2
    assert p.stderr.decode().strip().startswith("python -m checker: could not write the result")
    assert len(p.stderr.splitlines()) == 1


def test_closed_stdout(root):
    p = run([], b"{}", root, stdout=None, stderr=subprocess.PIPE, capture_output=False, preexec_fn=lambda: os.close(1))
    assert p.returncode == 2
    assert p.stderr.decode().startswith("python -m checker: tulosta ei voitu kirjoittaa")


def test_a_million_unknown_keys_give_a_small_capped_result(cli):
    n = 1_000_000
    body = ",".join(f'"k{i}":1' for i in range(n))
    p = cli(["--lang", "en"], ("{" + body + "}").encode())
    assert p.returncode == 2
    assert len(p.stdout) < 10_000
    errors = json.loads(p.stdout)["errors"]
    assert len(errors) == checker.MAX_ERRORS + 1
    assert errors[-1] == {"field": None, "message": f"…and {n - checker.MAX_ERRORS:,} more errors."}
    assert [e["field"] for e in errors[:3]] == ["k0", "k1", "k2"]
