"""A redeploy reaches a returning visitor on the first navigation: deploy A,
visit the checker, deploy B with another threshold, navigate there again, and
B's rule is on the page and in the verdict. Served by Debian's nginx with
deploy/nginx.conf, and by a server that applies deploy/_headers as Netlify or
Cloudflare Pages would; each deploy is a `make dist` tarball unpacked as the
web root. Both deploys are built from the small fixture site."""

import os
import re
import shutil
import subprocess
import tarfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sitetools.dist import pack
from sitetools.headers_file import every_header_for, read_headers_file
from sitetools.localserver import serve
from tests.project import ROOT, build, fixture_site

from .helpers import PYTHON_START_TIMEOUT, open_checker, wait_for_service_worker_control

pytestmark = pytest.mark.browser

THRESHOLD = re.compile(r'(rule = \{ kind = "at_least", field = "committed_members", threshold = )(\d+)( \})')


def deploy(tmp: Path, name: str, threshold: int) -> Path:
    """Build the fixture site with the committed-members threshold changed, pack it
    as `make dist` does and unpack it, as a host would, into tmp/name."""
    source = tmp / f"{name}-src"
    shutil.copytree(ROOT / "checker", source / "checker", ignore=shutil.ignore_patterns("__pycache__"))
    for file in ("pyproject.toml", "LICENSE"):  # the checker is built as a wheel from its project
        shutil.copy(ROOT / file, source / file)
    rules = source / "checker" / "rules.toml"
    text, count = THRESHOLD.subn(lambda m: f"{m.group(1)}{threshold}{m.group(3)}", rules.read_text(encoding="utf-8"))
    assert count == 1
    rules.write_text(text, encoding="utf-8")
    project = fixture_site(tmp / f"{name}-project")
    result = build(project, PYTHONPATH=str(source))  # this build's `import checker` is the changed copy
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    tarball = pack(project / "site", tmp / f"{name}.tar.gz")
    root = tmp / name
    with tarfile.open(tarball) as archive:
        archive.extractall(root, filter="data")
    return root


@pytest.fixture(scope="module")
def deploys(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("deploys")
    first = deploy(tmp, "A", 15)
    time.sleep(1.1)  # a real redeploy comes later: file times differ by at least a second
    second = deploy(tmp, "B", 16)
    return tmp, first, second


def switch(link: Path, target: Path) -> None:
    """Atomically point the web root at another deploy, as a deploy script would."""
    temporary = link.with_name(link.name + ".new")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target, target_is_directory=True)
    temporary.replace(link)


NGINX_MAIN = """
{user}
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        include klusterilaatu/nginx.conf;
    }}
}}
"""


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nginx(tmp_path):
    executable = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(executable).exists():
        pytest.fail("Debian's nginx is needed for this test: apt-get install nginx (.ci/run does it).")
    conf = tmp_path / "conf"
    (conf / "klusterilaatu").mkdir(parents=True)
    for name in ("nginx.conf", "nginx-headers.conf"):
        shutil.copy(ROOT / "deploy" / name, conf / "klusterilaatu" / name)
    root = tmp_path / "www"
    port = free_port()
    user = "user root;" if os.geteuid() == 0 else ""  # workers must read the test's private temp folder
    main = NGINX_MAIN.format(user=user, prefix=tmp_path, port=port, root=root)
    (conf / "nginx.conf").write_text(main, encoding="utf-8")
    check = subprocess.run(
        [executable, "-t", "-p", str(tmp_path), "-c", str(conf / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr

    class Server:
        url = f"http://127.0.0.1:{port}"
        web_root = root
        log = tmp_path / "access.log"

    process = None

    def start():
        nonlocal process
        process = subprocess.Popen(
            [executable, "-p", str(tmp_path), "-c", str(conf / "nginx.conf")], stderr=subprocess.PIPE
        )
        for _ in range(600):  # up to a minute on a busy machine
            try:
                import urllib.request

                urllib.request.urlopen(Server.url + "/", timeout=2)
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("nginx did not start: " + (tmp_path / "error.log").read_text())

    Server.start = staticmethod(start)
    yield Server
    if process:
        process.terminate()
        process.wait(timeout=10)


def committed_members_status(page, members: str) -> str:
    page.fill("input[name=committed_members]", members)
    page.click("#checker-form button[type=submit]")
    row = page.locator("#checker-result [data-criterion=committed_members]")
    expect(row).to_be_visible(timeout=PYTHON_START_TIMEOUT)
    return row.get_attribute("data-status")


def returning_visitor_sees_the_redeploy(browser, url, web_root, first, second):
    switch(web_root, first)
    context = browser.new_context(locale="en-GB")  # one profile: its HTTP cache and service worker persist
    page = context.new_page()
    open_checker(page, url, "en")
    expect(page.locator("table").first).to_contain_text("At least 15")
    assert committed_members_status(page, "15") == "met"
    # once the first answers are checked, the service worker keeps the checker and
    # takes the page over: the redeploy must get past it
    assert wait_for_service_worker_control(page) == "activated"
    switch(web_root, second)
    page.goto(url + "/")  # the visitor comes back and navigates to the checker: no reload
    open_checker(page, url, "en")
    expect(page.locator("table").first).to_contain_text("At least 16")
    assert committed_members_status(page, "15") == "not_met"
    context.close()


def test_nginx_redeploy_reaches_a_returning_visitor_on_the_first_navigation(browser, deploys, nginx):
    _, first, second = deploys
    switch(nginx.web_root, first)
    nginx.start()
    returning_visitor_sees_the_redeploy(browser, nginx.url, nginx.web_root, first, second)


# --- hosts that read deploy/_headers -----------------------------------------------------


def test_no_file_gets_two_cache_rules(site_dir):
    """Hosts join the values of every matching rule: the patterns must not overlap for Cache-Control."""
    rules = read_headers_file(ROOT / "deploy")
    paths = ["/", *(f"/{p.relative_to(site_dir).as_posix()}" for p in site_dir.rglob("*") if p.is_file())]
    paths += [
        f"/{p.parent.relative_to(site_dir).as_posix()}/" for p in site_dir.rglob("index.html") if p.parent != site_dir
    ]
    for path in paths:
        if path == "/_headers":  # read by the host, not a page
            continue
        values = [value for name, value in every_header_for(rules, path) if name.lower() == "cache-control"]
        assert len(values) <= 1, (path, values)
        # a file not cached for good is revalidated: none is left to a host's heuristics
        assert values in (["no-cache"], ["public, max-age=31536000, immutable"]), (path, values)
        if "immutable" in values[0]:
            name = path.rsplit("/", 1)[-1]
            versioned = re.search(r"[.-][0-9a-f]{8,}[./]", path) or "/assets/pyodide/" in path or "/pagefind/" in path
            assert versioned, (path, name)


def test_headers_host_redeploy_reaches_a_returning_visitor(browser, deploys, tmp_path):
    _, first, second = deploys
    rules = read_headers_file(ROOT / "deploy")
    web_root = tmp_path / "www"
    switch(web_root, first)
    headers = {}  # applied per request by the handler below

    def per_path(path):  # the local server already sends the right Content-Type: the rest as the host would
        return {name: value for name, value in every_header_for(rules, path) if name.lower() != "content-type"}

    url, server = serve(web_root, headers, per_path=per_path)
    try:
        returning_visitor_sees_the_redeploy(browser, url, web_root, first, second)
    finally:
        server.shutdown()


def test_nginx_caches_every_file_as_headers_hosts_do(site_dir, nginx):
    """deploy/nginx.conf and deploy/_headers give every built file the same Cache-Control."""
    switch(nginx.web_root, site_dir)
    nginx.start()
    rules = read_headers_file(ROOT / "deploy")
    paths = [f"/{p.relative_to(site_dir).as_posix()}" for p in site_dir.rglob("*") if p.is_file()]
    differ = []
    for path in ["/", "/en/", "/checker/", *paths]:
        if path == "/_headers":
            continue
        expected = [value for name, value in every_header_for(rules, path) if name.lower() == "cache-control"]
        with urllib.request.urlopen(nginx.url + urllib.parse.quote(path), timeout=10) as response:
            served = response.headers.get_all("Cache-Control") or []
        if served != expected:
            differ.append((path, served, expected))
    assert not differ, differ[:10]
    # an error is never cached for good, whatever its path
    try:
        urllib.request.urlopen(nginx.url + "/assets/pyodide/missing.js", timeout=10)
    except urllib.error.HTTPError as error:
        assert error.code == 404
        assert "immutable" not in (error.headers.get("Cache-Control") or "")
    else:
        raise AssertionError("a missing file was served")
