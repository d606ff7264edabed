"""Screenshots of the built site for a person to look at: each given page in
both languages, on a phone-sized and a desktop viewport.

Usage: make build && .venv/bin/python -m sitetools.screenshots [OUT_DIR] [PAGE ...]
(pages like /checker/). With --fill, the checker page is shot with a result."""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from sitetools.localserver import CHROMIUM_ARGS, chromium_executable, serve

ROOT = Path(__file__).resolve().parents[2]

VIEWPORTS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 900}}


def main(argv):
    fill = "--fill" in argv
    args = [a for a in argv if a != "--fill"]
    out = Path(args[0]) if args else ROOT / "build" / "screenshots"
    pages = args[1:] or ["/", "/checker/"]
    out.mkdir(parents=True, exist_ok=True)
    base, server = serve(ROOT / "site")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        for view, size in VIEWPORTS.items():
            page = browser.new_page(viewport=size)
            for path in pages:
                for prefix in ("", "/en"):
                    page.goto(base + prefix + path)
                    name = f"{(prefix + path).strip('/').replace('/', '_') or 'fi_index'}_{view}"
                    if fill and path == "/checker/":
                        page.wait_for_selector("#checker-app[data-python=ready]", timeout=90_000)
                        page.fill("input[name=management_fte]", "0,4")
                        page.fill("input[name=committed_members]", "12")
                        page.check("input[name=eccp_profile][value=validated]")
                        page.click("#checker-form button[type=submit]")
                        page.wait_for_selector("#checker-result[data-verdict]")
                        page.locator("#checker-result").scroll_into_view_if_needed()
                        name += "_result"
                    page.screenshot(path=out / f"{name}.png", full_page=not fill)
                    print(out / f"{name}.png")
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
