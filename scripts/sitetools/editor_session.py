"""The web editor against a copy of the site, for the editor's browser test
and the authors' guide's screenshots: Decap's local proxy (npm `decap-server`,
pinned in package.json) on 127.0.0.1, reading and writing the files of one
directory (as `make editor` runs it for the working copy), and helpers that
drive the editor's form as an author does."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
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


# --- driving the editor as an author does (Playwright; the tests and the screenshots) ---------------


def _pane(page, pane: int):
    """The editor's form for one language, side by side: 0 the Finnish (left), 1 the English (right)."""
    return page.locator(f".Pane{pane + 1}")


def control(page, label: str, pane: int = 0, nth: int = 0):
    """The input of the field labelled `label` in one language's form (`nth`: in a list, the item)."""
    element = _pane(page, pane).locator(f"label:text-is('{label}')").nth(nth)
    return page.locator(f"[id='{element.get_attribute('for')}']")


def add_item(page, label_singular: str, pane: int = 0):
    _pane(page, pane).locator(f"button:has-text('{label_singular}')").first.click()


UI = {  # the CMS's own words that the helpers click, by interface language (editor/decap.fi.json)
    "fi": {"login": "Kirjaudu", "media": "Kuvat", "add": "Lisää: {item}", "publish": "Julkaise",
           "publish_now": "Julkaise nyt", "preview": "Esikatselu", "saved": "Artikkeli tallennettu",
           "failed": "Tallennus epäonnistui", "articles": "Artikkelit"},
    "en": {"login": "Login", "media": "Media", "add": "Add {item}", "publish": "Publish",
           "publish_now": "Publish now", "preview": "Toggle preview", "saved": "Entry saved",
           "failed": "Failed to persist entry", "articles": "Articles"},
}  # fmt: skip


def label(name: str, ui: str, part: str | None = None) -> str:
    """A field's label in the editor: from the front matter schema, as the editor's configuration has it."""
    from sitebuild.front_matter import schema

    spec = schema()["parts"][part][name] if part else schema()["fields"][name]
    return spec["label"][ui]


def item_label(name: str, ui: str) -> str:
    return schema_item(name)["label"][ui]


def schema_item(name: str) -> dict:
    from sitebuild.front_matter import schema

    return schema()["fields"][name]["item"]


def sign_in(page, base: str, ui: str = "fi", timeout: float = 60_000) -> None:
    """Sign in to the local proxy (no password: it is the author's own machine): the article list."""
    from playwright.sync_api import expect

    page.goto(f"{base}/admin/?lang={ui}")
    page.get_by_role("button", name=UI[ui]["login"], exact=True).click(timeout=timeout)
    expect(page.get_by_text(UI[ui]["articles"], exact=True).first).to_be_visible(timeout=timeout)


def open_new_article(page, base: str, ui: str = "fi", timeout: float = 60_000) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/admin/?lang={ui}#/collections/articles/new")
    expect(page.locator(f"label:text-is('{label('title', ui)}')").first).to_be_visible(timeout=timeout)


def upload_image(page, path: Path | str, ui: str = "fi", timeout: float = 60_000) -> None:
    """Through the editor's image library: the file is saved into the site's image folder."""
    from playwright.sync_api import expect

    page.get_by_text(UI[ui]["media"], exact=True).first.click()
    page.locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_text(Path(path).name).first).to_be_visible(timeout=timeout)
    page.keyboard.press("Escape")


def fill_article(page, texts: dict, date: str, pane: int = 0, ui: str = "fi", image: str | None = None) -> None:
    """Fill in one language's form from `texts` (title, description, summary, authors
    [(name, title, organisation)], tags, sources [(title, url)], body, image_alt)."""

    def add(field: str) -> None:
        add_item(page, UI[ui]["add"].format(item=item_label(field, ui).lower()), pane)

    control(page, label("title", ui), pane).fill(texts["title"])
    control(page, label("description", ui), pane).fill(texts["description"])
    if pane == 0:  # one date for both languages
        control(page, label("date", ui), pane).fill(date)
    for i, (name, title, organisation) in enumerate(texts["authors"]):
        add("authors")
        control(page, label("name", ui, "person"), pane, i).fill(name)
        control(page, label("title", ui, "person"), pane, i).fill(title)
        control(page, label("organisation", ui, "person"), pane, i).fill(organisation)
    control(page, label("summary", ui), pane).fill(texts["summary"])
    for i, tag in enumerate(texts["tags"]):
        add("tags")
        control(page, item_label("tags", ui), pane, i).fill(tag)
    for i, (title, url) in enumerate(texts["sources"]):
        add("sources")
        control(page, label("title", ui, "source"), pane, i).fill(title)
        control(page, label("url", ui, "source"), pane, i).fill(url)
    body = _pane(page, pane).locator("[aria-label='kenttä markdown'], [aria-label='markdown field']")
    body.locator("[contenteditable=true]").first.click()
    page.keyboard.type(texts["body"])
    if image:  # in Markdown mode: an image with its alternative text
        body.get_by_role("switch").click()
        editor = body.locator("[contenteditable=true]").first
        editor.click()
        page.keyboard.press("Control+End")
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        page.keyboard.type(f"![{texts['image_alt']}](../assets/images/articles/{image})")


def save(page, ui: str = "fi") -> None:
    """Save: with the local proxy the CMS's "Publish" writes the files (on GitHub the
    editorial workflow's "Save" opens a pull request instead)."""
    page.get_by_role("button", name=UI[ui]["publish"], exact=True).first.click()
    page.get_by_text(UI[ui]["publish_now"], exact=True).click()


def toggle_preview(page, ui: str = "fi") -> None:
    page.locator(f"button[title='{UI[ui]['preview']}']").click()
