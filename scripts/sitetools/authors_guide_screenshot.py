"""The authors' guide's screenshot: the articles page of the built site, in
each language, as docs/assets/images/authors-guide-articles-{fi,en}.png. Only
the page's content is taken (no header, navigation or footer of its own).

Usage: make build && .venv/bin/python -m sitetools.authors_guide_screenshot"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from sitetools.localserver import CHROMIUM_ARGS, chromium_executable, serve

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"fi": "/articles/", "en": "/en/articles/"}
OUT = ROOT / "docs" / "assets" / "images"


def main() -> None:
    base, server = serve(ROOT / "site")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 960, "height": 720}, device_scale_factor=1)
            for lang, path in PAGES.items():
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                target = OUT / f"authors-guide-articles-{lang}.png"
                box = page.locator("article.md-content__inner").bounding_box()
                assert box is not None
                margin = 16  # a little of the page around the content
                clip = {
                    "x": max(box["x"] - margin, 0),
                    "y": max(box["y"] - margin, 0),
                    "width": box["width"] + 2 * margin,
                    "height": box["height"] + 2 * margin,
                }
                page.screenshot(path=str(target), clip=clip, full_page=True)
                print(target.relative_to(ROOT))
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
