"""Serve a built site on localhost the way GitHub Pages does: static files, gzip for text, 404 for the rest.

Used by the browser tests (tests/browser/) and by ``make bench`` (scripts/bench.py), so that page weights and
Lighthouse scores are measured against a server that compresses like the real host. It binds to 127.0.0.1
only. Run it by hand to look at the book: ``.venv/bin/python -m book_tools.site_server _build/html``.

The serving is Tornado's (already installed: Jupyter runs on it): its ``StaticFileHandler`` and its gzip
transform (``compress_response``), which compresses text types, as GitHub Pages does, and leaves images alone.
"""

from __future__ import annotations

import argparse
import asyncio
import threading
from pathlib import Path

import tornado.web
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

# Types Python's table lacks or misnames among those a Jupyter Book ships.
EXTRA_TYPES = {".js": "application/javascript", ".mjs": "application/javascript", ".svg": "image/svg+xml",
               ".woff2": "font/woff2", ".ipynb": "application/json", ".md": "text/markdown",
               ".map": "application/json", ".inv": "application/octet-stream"}
NOT_FOUND = "<!DOCTYPE html><html lang=en><title>404 Not Found</title><h1>404 Not Found</h1></html>"


class _Files(tornado.web.StaticFileHandler):
    def get_content_type(self) -> str:
        kind = EXTRA_TYPES.get(Path(self.absolute_path).suffix.lower()) or super().get_content_type()
        if kind.startswith("text/") or kind in {"application/javascript", "application/json"}:
            kind += "; charset=utf-8"
        return kind

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "max-age=600")  # what GitHub Pages sends

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(NOT_FOUND if status_code == 404 else f"<!DOCTYPE html><title>{status_code}</title>")

    def log_exception(self, *args) -> None:  # a 404 is an answer, not a server error worth a traceback
        pass


class SiteServer:
    """A static server for ``root`` on 127.0.0.1 (a free port unless one is given), in a background thread;
    a context manager."""

    def __init__(self, root: Path, port: int = 0):
        self.root = Path(root).resolve()
        if not (self.root / "index.html").is_file():
            raise FileNotFoundError(f"{self.root} has no index.html: build the book first (`make html`)")
        self._sockets = bind_sockets(port, "127.0.0.1")
        self.port = self._sockets[0].getsockname()[1]
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self.thread = threading.Thread(target=self._serve, name="site-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _app(self) -> tornado.web.Application:
        return tornado.web.Application(
            [(r"/(.*)", _Files, {"path": str(self.root), "default_filename": "index.html"})],
            compress_response=True, log_function=lambda handler: None)

    def _serve(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        server = HTTPServer(self._app())
        server.add_sockets(self._sockets)
        self._loop.call_soon(self._ready.set)
        self._loop.run_forever()
        server.stop()
        self._loop.close()

    def start(self) -> "SiteServer":
        self.thread.start()
        self._ready.wait(timeout=10)
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        self.thread.join(timeout=5)

    def __enter__(self) -> "SiteServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default="_build/html", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server = SiteServer(args.root, args.port)
    print(f"Serving {server.root} at {server.url} (Ctrl+C stops)")
    server.start()
    try:
        server.thread.join()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
