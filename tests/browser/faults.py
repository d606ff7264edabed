"""A test server for the built site that can break any file on purpose, the
way networks and hosts break them, and that logs what it was asked for (the
truth about what reached the server, whatever the browser's caches did).

It sends the site's own headers (site/_headers, as a static host that reads
that file would: the runtime files are "immutable"), so the browser caches as
it would in production.

Faults, set per test on URL paths (regular expressions):
- "hang": accepts the request and never answers;
- "stall": sends the headers and half of the body, then nothing more;
- "pause": sends half of the body, then the rest PAUSE_SECONDS later (a slow network);
- "truncate": sends the first half of the file, with a Content-Length to match
  (a half-finished upload);
- "corrupt": a .gz stays valid gzip with 64 KiB of its content flipped;
  any other file gets 64 KiB flipped in place;
- "404": not found;
- "gzip-encoding": sends a .gz file with Content-Encoding: gzip, so that the
  browser unpacks it in transit (as some hosts do).

Held requests (hang, stall) are let go when the server stops. Real threads and
sockets, no Playwright routing: routing switches the browser's HTTP cache off,
and the cache is part of what is tested.
"""

from __future__ import annotations

import functools
import gzip
import re
import threading
from collections.abc import Callable
from pathlib import Path

from sitetools.headers_file import headers_for, read_headers_file
from sitetools.localserver import QuietServer, SiteHandler

FLIP = 64 * 1024
HOLD_SECONDS = 300  # a held request ends by then at the latest
PAUSE_SECONDS = 2


@functools.cache
def corrupted(path: str, data: bytes) -> bytes:
    def flip(buffer: bytearray) -> bytes:
        middle = len(buffer) // 2
        buffer[middle : middle + FLIP] = bytes(b ^ 0xA5 for b in buffer[middle : middle + FLIP])
        return bytes(buffer)

    if path.endswith(".gz"):
        return gzip.compress(flip(bytearray(gzip.decompress(data))), compresslevel=1, mtime=0)
    return flip(bytearray(data))


class FaultyHandler(SiteHandler):
    server: FaultyServer

    def end_headers(self) -> None:
        path = getattr(self, "path", "/").split("?")[0]
        for name, value in self.server.headers_for(path).items():
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:
        path = self.path.split("?")[0].split("#")[0]
        self.server.note(path)
        fault = self.server.fault_for(path)
        file = Path(self.translate_path(self.path))
        if file.is_dir() and path.endswith("/"):
            file = file / "index.html"
        rewrite = file.suffix == ".html" and self.server.page_rewrites
        if fault is None and not rewrite:
            super().do_GET()
            return
        if fault == "hang":
            self.server.release.wait(HOLD_SECONDS)
            return
        if fault == "404" or not file.is_file():
            self.send_error(404)
            return
        data = file.read_bytes()
        if rewrite:
            text = data.decode()
            for pattern, replacement in self.server.page_rewrites:
                text = re.sub(pattern, replacement, text)
            data = text.encode()
        if fault == "truncate":
            data = data[: len(data) // 2]
        elif fault == "corrupt":
            data = corrupted(path, data)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Length", str(len(data)))
        if fault == "gzip-encoding":
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if fault in ("stall", "pause"):
            half = len(data) // 2
            self.wfile.write(data[:half])
            self.wfile.flush()
            if fault == "stall" or self.server.release.wait(PAUSE_SECONDS):
                self.server.release.wait(HOLD_SECONDS)  # until the server stops
                return
            data = data[half:]
        self.wfile.write(data)


class FaultyServer(QuietServer):
    def __init__(self, directory: Path, headers_for: Callable[[str], dict[str, str]]) -> None:
        super().__init__(("127.0.0.1", 0), functools.partial(FaultyHandler, directory=str(directory)))
        self.headers_for = headers_for
        self.lock = threading.Lock()
        self.faults: dict[str, str] = {}
        self.requested: list[str] = []
        self.page_rewrites: list[tuple[str, str]] = []
        self.release = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def fault_for(self, path: str) -> str | None:
        with self.lock:
            return next((fault for pattern, fault in self.faults.items() if re.search(pattern, path)), None)

    def break_files(self, pattern: str, fault: str) -> None:
        with self.lock:
            self.faults[pattern] = fault
        if fault == "corrupt":  # made now: the first request should not wait for it
            root = Path(self.RequestHandlerClass.keywords["directory"])  # type: ignore[attr-defined]
            for file in root.rglob("*"):
                path = "/" + file.relative_to(root).as_posix()
                if file.is_file() and re.search(pattern, path):
                    corrupted(path, file.read_bytes())

    def mend(self) -> None:
        """No more faults (requests held meanwhile stay held)."""
        with self.lock:
            self.faults.clear()

    def note(self, path: str) -> None:
        with self.lock:
            self.requested.append(path)

    def requests_for(self, pattern: str) -> list[str]:
        with self.lock:
            return [path for path in self.requested if re.search(pattern, path)]

    def stop(self) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()


def serve_faulty(directory: Path) -> FaultyServer:
    """The built site in `directory`, with the headers its _headers file gives each path."""
    rules = read_headers_file(directory)
    server = FaultyServer(directory, lambda path: headers_for(rules, path))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
