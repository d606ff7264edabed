"""The authors' guide's screenshot: the articles page of the built site, in
each language, as docs/assets/images/authors-guide-articles-{fi,en}.png.

Usage: make build && .venv/bin/python scripts/authors_guide_screenshot.py"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM_ARGS, chromium_executable
from tests.conftest import serve

PAGES = {"fi": "/articles/", "en": "/en/articles/"}
OUT = ROOT / "docs" / "assets" / "images"


def main():
    base, server = serve(ROOT / "site")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 960, "height": 560}, device_scale_factor=1)
        for lang, path in PAGES.items():
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            target = OUT / f"authors-guide-articles-{lang}.png"
            page.screenshot(path=str(target))
            print(target.relative_to(ROOT))
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
