"""The authors' guide's screenshots of the web editor, in each language:
docs/assets/images/authors-guide-editor-{list,form,preview}-{fi,en}.png.

It builds a throwaway copy of the site (the working copy is never written),
runs the editor against that copy with Decap's local proxy on 127.0.0.1, as
`make editor` does, and writes an example article in both languages through
the editor's form, in Chromium.

Usage: .venv/bin/python -m sitetools.editor_screenshots [OUT_DIR]"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from sitetools.editor_session import (
    fill_article,
    free_port,
    open_new_article,
    point_editor_at,
    sign_in,
    start_proxy,
    stop,
    toggle_preview,
)
from sitetools.localserver import CHROMIUM_ARGS, chromium_executable, serve

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "assets" / "images"
VIEWPORT = {"width": 1280, "height": 800}
DATE = "2026-12-01"
EXAMPLE = {
    "fi": {
        "title": "Klusteri valmistautuu hopeamerkin arviointiin",
        "description": "Esimerkki: näin klusteri valmistautuu hopeatason arviointiin.",
        "summary": "Esimerkkiartikkeli siitä, miten klusteri valmistautuu hopeatason arviointiin.",
        "authors": [("Maija Meikäläinen", "TKI-asiantuntija", "Savonia-ammattikorkeakoulu")],
        "tags": ["hopeamerkki"],
        "sources": [("ESCA. Benchmarked clusters.", "https://www.cluster-analysis.org/benchmarked-clusters")],
        "body": "Tämä on esimerkkiartikkeli editorin ohjetta varten.",
    },
    "en": {
        "title": "A cluster prepares for the Silver label assessment",
        "description": "An example: how a cluster prepares for the Silver label assessment.",
        "summary": "An example article about how a cluster prepares for the Silver label assessment.",
        "authors": [("Maija Meikäläinen", "RDI Specialist", "Savonia University of Applied Sciences")],
        "tags": ["Silver label"],
        "sources": [("ESCA. Benchmarked clusters.", "https://www.cluster-analysis.org/benchmarked-clusters")],
        "body": "This is an example article for the editor's guide.",
    },
}


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    from sitetools.project import build, copy_project  # a real copy of the site, as the tests make

    out = Path(argv[0]) if argv else OUT
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_project(Path(tmp))
        port = free_port()
        point_editor_at(root / "mkdocs.yml", f"http://127.0.0.1:{port}/api/v1")
        result = build(root)
        if result.returncode != 0:
            raise SystemExit(result.stdout[-2000:] + result.stderr[-3000:])
        _, proxy = start_proxy(root, port)
        base, server = serve(root / "site")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
                for lang in ("fi", "en"):
                    context = browser.new_context(locale="fi-FI", viewport=VIEWPORT, device_scale_factor=1)
                    page = context.new_page()
                    sign_in(page, base, ui=lang)
                    shoot(page, out / f"authors-guide-editor-list-{lang}.png")
                    open_new_article(page, base, ui=lang)
                    fill_article(page, EXAMPLE["fi"], DATE, pane=0, ui=lang)
                    fill_article(page, EXAMPLE["en"], DATE, pane=1, ui=lang)
                    page.locator(".Pane1 label").first.scroll_into_view_if_needed()
                    shoot(page, out / f"authors-guide-editor-form-{lang}.png")
                    toggle_preview(page, ui=lang)
                    frame = page.frame_locator("#preview-pane")
                    expect(frame.locator(".article-byline").first).to_be_visible()
                    for _ in range(240):  # the frame's stylesheets load after its content: wait for the layout
                        boxes = [
                            frame.locator(f"[data-preview-language='{code}']").bounding_box() for code in ("fi", "en")
                        ]
                        if boxes[0]["x"] < boxes[1]["x"]:
                            break
                        time.sleep(0.25)
                    shoot(page, out / f"authors-guide-editor-preview-{lang}.png")
                    context.close()
                browser.close()
        finally:
            server.shutdown()
            stop(proxy)


def shoot(page, target: Path) -> None:
    page.screenshot(path=str(target))
    print(target)


if __name__ == "__main__":
    main(sys.argv[1:])
