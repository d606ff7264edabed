"""The web editor against a working copy, for `make editor`, the editor's
browser test and the authors' guide's screenshots: Decap's local proxy
(npm `decap-server`, pinned in package.json) on 127.0.0.1, reading and
writing the files of one directory, and helpers that drive the editor's form
as an author does.

Usage (make editor): python -m sitetools.editor_session --port 8081 [--repo DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    request = urllib.request.Request(
        url, data=json.dumps({"action": "info"}).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.load(response).get("type") == "local_fs"
    except OSError:
        return False


def start_proxy(repo: Path | str, port: int | None = None, wait: float = 120.0) -> tuple[str, subprocess.Popen]:
    """Start decap-server on 127.0.0.1 for the files under `repo`; returns (its API URL, the process).
    `wait` is how long a very busy machine may take to start Node (not a performance limit)."""
    if not SERVER.is_file():
        raise RuntimeError(f"{SERVER} is missing: run `make setup`.")
    port = port or free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",  # never on another interface
        "MODE": "fs",  # write the files; committing stays the author's (or the pull request's)
        "GIT_REPO_DIRECTORY": str(Path(repo).resolve()),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "warn"),
    }
    process = subprocess.Popen(["node", str(SERVER)], env=env, cwd=str(repo))
    url = f"http://127.0.0.1:{port}/api/v1"
    deadline = time.monotonic() + wait
    while not _answers(url):
        if process.poll() is not None:
            raise RuntimeError(f"decap-server stopped (exit {process.returncode})")
        if time.monotonic() > deadline:
            process.terminate()
            raise RuntimeError(f"decap-server did not answer at {url}")
        time.sleep(0.2)
    return url, process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def point_editor_at(mkdocs_yml: Path | str, proxy_url: str) -> None:
    """In a copy of a site: set the publishing plugin's `editor.local_backend` to `proxy_url`."""
    path = Path(mkdocs_yml)
    text = path.read_text(encoding="utf-8")
    marker = re.search(r"^(\s*)- klusterilaatu-publishing:.*\n", text, re.MULTILINE)
    if not marker:
        raise ValueError(f"{path}: no klusterilaatu-publishing plugin")
    indent = marker.group(1) + "    "
    block = f"{indent}editor:\n{indent}  local_backend: {proxy_url}\n"
    path.write_text(text[: marker.end()] + block + text[marker.end() :], encoding="utf-8")


# --- driving the editor as an author does (Playwright) --------------------------------------------


def field(page, label: str, nth: int = 0):
    """The input of the editor field labelled `label` (its label text, exactly)."""
    from playwright.sync_api import expect  # noqa: F401  (a test dependency, not the build's)

    control = page.locator(f"label:text-is('{label}')").nth(nth)
    return page.locator(f"#{control.get_attribute('for')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--repo", default=str(ROOT), help="the working copy (default: this repository)")
    args = parser.parse_args(argv)
    url, process = start_proxy(args.repo, args.port)
    print(f"The editor's local proxy writes {Path(args.repo).resolve()} and listens on {url}", flush=True)
    try:
        return process.wait()
    except KeyboardInterrupt:
        stop(process)
        return 0


if __name__ == "__main__":
    sys.exit(main())
