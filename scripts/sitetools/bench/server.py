"""A static server for the bench that counts every byte it writes, applies the
site's `_headers` rules the way Netlify or Cloudflare Pages would, and gzips
text and wasm when the browser asks (as a typical static host does). Extra
folders can be mounted under a path (the stock page)."""

from __future__ import annotations

import contextlib
import email.utils
import functools
import gzip
import io
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from sitetools.headers_file import HeaderRules, headers_for, read_headers_file
from sitetools.localserver import QuietServer, SiteHandler

COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".wasm", ".map"}
# Anything that belongs to the Python runtime: a content page must fetch none of it.
PYODIDE_PATH = re.compile(r"/assets/pyodide/|pyodide|\.wasm|python_stdlib|snapshot|\.whl|/checker-[0-9a-f]+/")


class Meter:
    """Bytes written to client sockets, per request path, in order."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.log: list[tuple[str, int]] = []
        self.last = time.monotonic()

    def add(self, path: str, count: int) -> None:
        with self.lock:
            self.log.append((path, count))
            self.last = time.monotonic()

    def mark(self) -> int:
        with self.lock:
            return len(self.log)

    def since(self, mark: int) -> dict[str, int]:
        """{path: bytes} written since `mark`."""
        with self.lock:
            entries = self.log[mark:]
        totals: dict[str, int] = {}
        for path, count in entries:
            totals[path] = totals.get(path, 0) + count
        return totals

    def wait_quiet(self, quiet: float = 1.0, limit: float = 20.0) -> None:
        """Wait until nothing has been sent for `quiet` seconds (at most `limit`)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            with self.lock:
                idle = time.monotonic() - self.last
            if idle >= quiet:
                return
            time.sleep(min(0.1, quiet - idle + 0.01))


def pyodide_bytes(transfers: dict[str, int]) -> int:
    return sum(count for path, count in transfers.items() if PYODIDE_PATH.search(path))


class _CountingWriter:
    def __init__(self, raw: Any, handler: CountingHandler) -> None:
        self._raw = raw
        self._handler = handler

    def write(self, data: bytes) -> int:
        written = self._raw.write(data)
        path = getattr(self._handler, "path", "?").split("?")[0]
        self._handler.meter.add(path, len(data))
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


_gzip_cache: dict[tuple[str, int, int], bytes] = {}
_gzip_lock = threading.Lock()


def _gzipped(path: str, stat: os.stat_result) -> bytes:
    key = (path, stat.st_mtime_ns, stat.st_size)
    with _gzip_lock:
        if key not in _gzip_cache:
            _gzip_cache[key] = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
        return _gzip_cache[key]


class CountingHandler(SiteHandler):
    """Counts what it writes, applies the `_headers` rules over the default
    headers and gzips text and wasm when the browser asks for it."""

    meter: Meter
    compress = True
    rules: ClassVar[HeaderRules] = []
    mounts: ClassVar[dict[str, str]] = {}  # URL prefix -> folder

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile, self)  # type: ignore[assignment]

    def translate_path(self, path: str) -> str:
        for prefix, folder in self.mounts.items():
            if path.startswith(prefix):
                relative = path[len(prefix) :].split("?")[0].split("#")[0]
                return str(Path(folder) / relative)
        return super().translate_path(path)

    def _headers_for_path(self) -> dict[str, str]:
        if getattr(self, "_headers_key", None) != self.path:
            url_path = self.path.split("?")[0].split("#")[0]
            self._headers_key, self._headers = self.path, headers_for(self.rules, url_path, self.extra_headers)
        return self._headers

    def send_header(self, keyword: str, value: str) -> None:
        # a header the rules set replaces the server's own (e.g. Content-Type), as on a real host
        overridden = not getattr(self, "_sending_rules", False) and hasattr(self, "path")
        if overridden and keyword.lower() in {name.lower() for name in self._headers_for_path()}:
            return
        super().send_header(keyword, value)

    def end_headers(self) -> None:
        if hasattr(self, "path"):
            self._sending_rules = True
            for name, value in self._headers_for_path().items():
                self.send_header(name, value)
            self._sending_rules = False
        super(SiteHandler, self).end_headers()

    def send_head(self) -> Any:
        if not self.compress or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        url_path = self.path.split("?")[0].split("#")[0]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not url_path.endswith("/"):
                return super().send_head()  # the redirect to the slash
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path) or os.path.splitext(path)[1] not in COMPRESSIBLE:
            return super().send_head()
        stat = os.stat(path)
        since = self.headers.get("If-Modified-Since")
        if since and "If-None-Match" not in self.headers:
            try:
                if int(stat.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp():
                    self.send_response(304)
                    self.end_headers()
                    return None
            except (TypeError, ValueError, IndexError, OverflowError):
                pass
        data = _gzipped(path, stat)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(data)


def serve_counting(
    directory: Path | str,
    headers: dict[str, str] | None = None,
    compress: bool = True,
    port: int = 0,
    mounts: dict[str, Path] | None = None,
) -> tuple[str, QuietServer, Meter]:
    """Serve `directory` on loopback `port` (0: any free one); returns (base_url, server, meter).
    Stop it with `stop_serving`, which frees the port for the next server."""
    meter = Meter()
    attributes = {
        "extra_headers": headers or {},
        "meter": meter,
        "compress": compress,
        "rules": read_headers_file(directory),
        "mounts": {prefix: str(folder) for prefix, folder in (mounts or {}).items()},
    }
    handler = type("Handler", (CountingHandler,), attributes)
    server = QuietServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server, meter


def stop_serving(server: QuietServer) -> None:
    server.shutdown()
    server.server_close()  # the listening socket: the same port is served again (browser, then Lighthouse)


@contextlib.contextmanager
def reserved_port() -> Iterator[int]:
    """A free loopback port, held for the whole run by a bound socket that never
    listens: no port-0 bind or outgoing connection elsewhere is given it while the
    site is built for it, yet our servers (SO_REUSEADDR, as this socket) can bind
    it, because Linux refuses such a bind only next to a listening socket."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]
