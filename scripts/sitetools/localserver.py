"""Serve a built site on 127.0.0.1, and launch a Chromium for tools and tests:
Debian's chromium (for the tests, its headless shell) where installed, or
CHROMIUM_PATH, otherwise Playwright's own browser."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

CHROMIUM_SWITCHES = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Chromium keeps only the last --disable-features, so ours repeats Playwright's
# own list (1.65; tests/browser/test_browser_setup.py fails when it drifts).
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,HttpsUpgrades,"
    "HttpsFirstBalancedModeAutoEnable,LensOverlay,MediaRouter,PaintHolding,ThirdPartyStoragePartitioning,"
    "AvoidCorsURLLoaderRestartOnRedirect,TcpPortRandomizationWin,OptimizationHints,NetworkTimeServiceQuerying,"
    "AimEnabled,PreconnectToSearch,msForceBrowserSignIn,msEdgeUpdateLaunchServicesPreferredVersion"
)
# The address bar's web-UI popups: every new window loads them in a renderer of
# their own, about 0.8 core-seconds that compete with the page under test.
BROWSER_UI_FEATURES_OFF = "WebUIOmniboxPopup,WebUIOmniboxAimPopup"

# For Playwright's launch(args=...).
CHROMIUM_ARGS = [*CHROMIUM_SWITCHES, f"--disable-features={PLAYWRIGHT_DISABLED_FEATURES},{BROWSER_UI_FEATURES_OFF}"]


def chromium_executable(headless_shell: bool = False) -> str | None:
    """CHROMIUM_PATH, else Debian's chromium; None: Playwright's own browser.
    `headless_shell`: Chromium's headless shell first where installed (Debian's
    chromium-headless-shell), as Playwright itself runs headless: the same
    Blink and V8 without the browser's own interface (ARCHITECTURE.md, Tests,
    has the saving). Measurements and screenshots keep the real browser."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    names = ("chromium-headless-shell",) if headless_shell else ()
    return next(filter(None, map(shutil.which, (*names, "chromium", "chromium-browser"))), None)


class SiteHandler(SimpleHTTPRequestHandler):
    extra_headers: ClassVar[dict[str, str]] = {}
    per_path: ClassVar[Callable[[str], dict[str, str]] | None] = None
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
    }

    def end_headers(self) -> None:
        headers = dict(self.extra_headers)
        if self.per_path:
            headers.update(type(self).per_path(self.path.split("?", 1)[0]))  # type: ignore[misc]
        for name, value in headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser closing a connection early is not an error


def serve(
    directory: Path | str,
    headers: dict[str, str] | None = None,
    per_path: Callable[[str], dict[str, str]] | None = None,
) -> tuple[str, QuietServer]:
    """Serve `directory` on a free loopback port; returns (base_url, server).
    `headers` go on every response, `per_path(path)` adds headers by request path."""
    handler = type(
        "Handler",
        (SiteHandler,),
        {"extra_headers": headers or {}, "per_path": staticmethod(per_path) if per_path else None},
    )
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server
