"""The command line: python -m checker [--lang fi|en] [--format json|text] [FILE]."""

import json
import subprocess
import sys

import pytest

VALID = {
    "management_fte": 0.5,
    "committed_members": 12,
    "member_types": ["business", "public"],
    "english_website": True,
    "activity_evidence": True,
    "eccp_profile": "validated",
}


def run(args, stdin=b"", root=None):
    p = subprocess.run(
        [sys.executable, "-m", "checker", *args], input=stdin, capture_output=True, check=False, cwd=root, timeout=60
    )
    assert b"Traceback" not in p.stderr and b"Traceback" not in p.stdout
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
        assert "2027-10" in out
        assert not out.lstrip().startswith("{")


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


@pytest.mark.parametrize("args", [["--lang", "sv"], ["--format", "xml"], ["--bogus"], ["a", "b"]])
def test_bad_arguments_exit_2_as_json(cli, args):
    p = cli(args, b"{}")
    assert p.returncode == 2
    r = json.loads(p.stdout)
    assert r["errors"][0]["field"] is None


def test_bad_argument_message_in_chosen_language(cli):
    p = cli(["--lang", "en", "--format", "xml"], b"{}")
    assert "Invalid command-line argument" in json.loads(p.stdout)["errors"][0]["message"]


def test_help_exits_0(cli):
    p = cli(["--help"])
    assert p.returncode == 0 and b"--lang" in p.stdout
