"""Valid HTML: the W3C Nu HTML checker (vnu.jar from the npm package
`vnu-jar`, pinned in package.json, run on Java) finds no error and no warning
on any page of the built site, Material's markup included, in one JVM run.

A planted page with known errors goes through the same run, so a checker that
silently checks nothing fails here too.

Two kinds of warning are allowed, each for a reason:
- "Resource violates Content Security Policy (meta tag)" for the site's own
  files: the checker reads the pages as file: URLs, whose origin matches no
  'self'; in a browser the same files load (tests/browser/test_csp_meta.py
  loads every page under the policy and sees no violation).
- "Inline script violates Content Security Policy" for a
  <script type="application/json"> data block (Material's configuration, the
  checker's): browsers never run a data block, so the policy does not apply.
"""

import json
import re
import shutil
import subprocess
from importlib.metadata import version
from urllib.parse import unquote, urlsplit

import pytest

from tests.project import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
OVERRIDES = ROOT / "overrides"

PLANTED = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>planted</title></head>
<body><label for="nowhere" tabindex="">x</label><input type="checkbox" autocomplete="off">
<div aria-labelledby="x">y</div></body></html>
"""

CSP_RESOURCE = re.compile(r"^Resource violates Content Security Policy \(meta tag\): [\w ]+ “([^”]*)” blocked by")
CSP_INLINE = "Inline script violates Content Security Policy (meta tag)"


def allowed(message):
    """Why a warning is no problem (see the module doc), or None."""
    text = message.get("message", "")
    resource = CSP_RESOURCE.match(text)
    if resource and not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", resource.group(1), re.IGNORECASE):
        return "the site's own file, checked from a file: URL"
    if text.startswith(CSP_INLINE) and 'type="application/json"' in (message.get("extract") or ""):
        return "a JSON data block, which browsers never run"
    return None


def test_only_the_reasoned_warnings_are_allowed():
    own = (
        "Resource violates Content Security Policy (meta tag): external script “../assets/x.js” blocked by “script-src”"
    )
    foreign = (
        "Resource violates Content Security Policy (meta tag): external script “https://cdn.example/x.js” blocked by"
    )
    inline = CSP_INLINE + ": blocked by “script-src” directive"
    assert allowed({"message": own})
    assert allowed({"message": inline, "extract": '<script type="application/json" id="c">{'})
    assert allowed({"message": foreign}) is None
    assert allowed({"message": inline, "extract": "<script>alert(1)"}) is None
    assert allowed({"message": "Section lacks heading."}) is None


def page_name(message, site_dir):
    url = unquote(message.get("url", ""))
    return url.split(str(site_dir), 1)[-1] or url


@pytest.fixture(scope="module")
def nu_messages(site_dir, tmp_path_factory):
    java = shutil.which("java")
    if java is None:
        pytest.fail("The Nu HTML checker needs Java: apt-get install default-jre-headless (.ci/run installs it).")
    if not VNU.exists():
        pytest.fail(f"{VNU.relative_to(ROOT)} is missing: run `make setup` (npm ci).")
    planted = tmp_path_factory.mktemp("nu") / "planted.html"
    planted.write_text(PLANTED, encoding="utf-8")
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) >= 20, pages
    # One short run: the JVM's quick compiler alone gives the same messages for half
    # the CPU (the optimising one finishes too late to pay). Its larger frames need
    # a deeper stack for the checker's recursive HTML schema (1 MB overflows).
    jvm = ["-XX:TieredStopAtLevel=1", "-Xss4m"]
    result = subprocess.run(
        [java, *jvm, "-jar", str(VNU), "--format", "json", "--exit-zero-always", str(planted), *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    messages = json.loads(result.stderr or result.stdout)["messages"]
    in_planted = [m for m in messages if m.get("url", "").endswith("/planted.html")]
    in_site = [m for m in messages if not m.get("url", "").endswith("/planted.html")]
    return {"planted": in_planted, "site": in_site, "pages": pages}


def test_the_checker_finds_the_planted_errors(nu_messages):
    errors = " | ".join(m["message"] for m in nu_messages["planted"] if m["type"] == "error")
    for expected in ("tabindex", "autocomplete", "“for” attribute", "aria-labelledby"):
        assert expected in errors, (expected, errors)


def test_no_page_has_an_error(nu_messages, site_dir):
    problems = [
        f"{page_name(m, site_dir)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in nu_messages["site"]
        if m["type"] in ("error", "non-document-error")
    ]
    assert problems == [], "\n".join(problems)


def test_no_page_has_a_warning_without_a_reason(nu_messages, site_dir):
    problems = [
        f"{page_name(m, site_dir)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in nu_messages["site"]
        if m["type"] == "info" and m.get("subType") == "warning" and allowed(m) is None
    ]
    assert problems == [], "\n".join(problems)


def test_every_page_was_checked_in_both_languages(nu_messages, site_dir):
    names = {p.relative_to(site_dir).as_posix() for p in nu_messages["pages"]}
    assert {"index.html", "en/index.html", "404.html", "en/404.html", "checker/index.html"} <= names


def test_the_copied_material_templates_match_the_installed_material():
    """overrides/ copies some of Material's templates; after an upgrade they
    must be compared with the new ones (and the version here raised)."""
    installed = version("mkdocs-material")
    copies = {}
    for path in OVERRIDES.rglob("*.html"):
        found = re.search(r"Material (\d+\.\d+\.\d+)'s", path.read_text(encoding="utf-8"))
        if found:
            copies[path.relative_to(ROOT).as_posix()] = found.group(1)
    assert {"overrides/base.html", "overrides/partials/nav-item.html", "overrides/partials/toc.html"} <= set(copies)
    stale = {name: made_from for name, made_from in copies.items() if made_from != installed}
    assert stale == {}, f"Material is {installed}: compare these copies with its templates"
