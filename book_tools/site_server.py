"""Serve a built site on localhost the way GitHub Pages does: static files, gzip for text, 404 for the rest.

Used by the browser tests (tests/browser/) and by ``make bench`` (scripts/bench.py), so that page weights and
Lighthouse scores are measured against a server that compresses like the real host. It binds to 127.0.0.1
only. Run it by hand to look at the book: ``.venv/bin/python scripts/site_server.py _build/html``.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import mimetypes
import threading
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

# What GitHub Pages compresses (text types); images such as PNG are already compressed.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
# Python's table lacks or misnames a few of the types a Jupyter Book ships.
EXTRA_TYPES = {".js": "application/javascript", ".mjs": "application/javascript", ".svg": "image/svg+xml",
               ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".ico": "image/x-icon",
               ".ipynb": "application/json", ".md": "text/markdown; charset=utf-8", ".map": "application/json",
               ".inv": "application/octet-stream", ".txt": "text/plain; charset=utf-8"}


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in EXTRA_TYPES:
        return EXTRA_TYPES[suffix]
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in {"application/javascript", "application/json"}:
        kind += "; charset=utf-8"
    return kind


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "book-static/1"
    protocol_version = "HTTP/1.1"

    def __init__(self, *args, root: Path, **kwargs):
        self.root = root
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - the tests read the browser, not the server log
        pass

    def _resolve(self) -> Path | None:
        rel = unquote(urlsplit(self.path).path).lstrip("/")
        path = (self.root / rel).resolve()
        if not path.is_relative_to(self.root):
            return None
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return path  # redirect below
            path = path / "index.html"
        return path if path.is_file() else None

    def _send(self, head_only: bool) -> None:
        path = self._resolve()
        if path is not None and path.is_dir():
            self.send_response(301)
            self.send_header("Location", self.path.split("?")[0] + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path is None:
            body = b"<!DOCTYPE html><html lang=en><title>404 Not Found</title><h1>404 Not Found</h1></html>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head_only:
                self.wfile.write(body)
            return
        body = path.read_bytes()
        kind = content_type(path)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        if kind.startswith(COMPRESSED_TYPES) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server's naming
        self._send(head_only=False)

    def do_HEAD(self):  # noqa: N802
        self._send(head_only=True)


class SiteServer:
    """A threaded static server for ``root`` on 127.0.0.1 (a free port unless one is given); a context manager."""

    def __init__(self, root: Path, port: int = 0):
        self.root = Path(root).resolve()
        if not (self.root / "index.html").is_file():
            raise FileNotFoundError(f"{self.root} has no index.html: build the book first (`make html`)")
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(Handler, root=self.root))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="site-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def start(self) -> "SiteServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
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
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()


if __name__ == "__main__":
    main()
