"""What the browser tests and ``make bench`` share: the built pages, a local server, Debian's Chromium driven by Playwright.

The browser is Debian's ``chromium`` (``make test`` installs it); Playwright never downloads one. Chromium runs
with the flags that keep it off the network (no background services, no component updates), and every
request to a host other than this machine is refused and recorded, so a test can fail on it without anything
leaving the machine.
"""

from __future__ import annotations

import os
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .site_server import SiteServer

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}

__all__ = ["SiteServer"]


def site_pages(html_dir: Path) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root (theme files in _static/ excluded)."""
    return sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
                  if p.relative_to(html_dir).parts[0] not in {"_static", "_sources", "_images"})


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return parts.hostname in LOCAL_HOSTS or f"[{parts.hostname}]" in LOCAL_HOSTS


@dataclass
class PageLoad:
    """Everything one cold load of a page did, as the browser saw it."""

    url: str
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    failed: list[str] = field(default_factory=list)  # requests that failed or answered 4xx/5xx
    foreign: list[str] = field(default_factory=list)  # requests to any host but this machine (refused)
    sizes: dict[str, int] = field(default_factory=dict)  # URL -> decoded body bytes
    transferred: dict[str, int] = field(default_factory=dict)  # URL -> bytes on the wire (gzip)

    @property
    def weight(self) -> int:
        return sum(self.sizes.values())

    @property
    def wire_weight(self) -> int:
        return sum(self.transferred.values())


def guard_network(context, record: list[str]) -> None:
    """Refuse (and record) every request to a host other than this machine."""

    def handle(route):
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            record.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", handle)


def load_page(browser, url: str, *, viewport=DESKTOP, color_scheme: str = "light") -> PageLoad:
    """Open ``url`` in a fresh context (a cold cache) and record what happened until the network is idle."""
    result = PageLoad(url)
    context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
    guard_network(context, result.foreign)
    page = context.new_page()
    page.on("console", lambda msg: result.errors.append(f"console.{msg.type}: {msg.text} ({msg.location})")
            if msg.type == "error" else None)
    page.on("pageerror", lambda exc: result.errors.append(f"uncaught: {exc}"))

    def failed(request):
        if is_local(request.url):
            result.failed.append(f"{request.url}: {request.failure}")

    def finished(request):
        response = request.response()
        if response is None:
            return
        if response.status >= 400:
            result.failed.append(f"{request.url}: HTTP {response.status}")
        result.transferred[request.url] = request.sizes()["responseBodySize"]
        try:
            result.sizes[request.url] = len(response.body())
        except Exception as exc:  # noqa: BLE001 - a body the browser could not give back is a failure too
            if request.resource_type == "document" and "navigated away" in str(exc):
                # a page that redirected (index.html): its body is gone, the bytes on the wire remain
                result.sizes[request.url] = result.transferred[request.url]
            else:
                result.failed.append(f"{request.url}: body unavailable ({exc})")

    page.on("requestfailed", failed)
    page.on("requestfinished", finished)
    try:
        page.goto(url, wait_until="networkidle")
    finally:
        context.close()
    return result


class _TextCollector(HTMLParser):
    """The words of a page's prose: paragraphs inside the article, without code."""

    def __init__(self):
        super().__init__()
        self.depth = {"article": 0, "p": 0, "skip": 0}
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth["article"] += 1
        elif tag == "p":
            self.depth["p"] += 1
        elif tag in {"code", "pre", "script", "style", "a"}:
            self.depth["skip"] += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth["article"] -= 1
        elif tag == "p":
            self.depth["p"] = max(0, self.depth["p"] - 1)
        elif tag in {"code", "pre", "script", "style", "a"}:
            self.depth["skip"] = max(0, self.depth["skip"] - 1)

    def handle_data(self, data):
        if self.depth["article"] and self.depth["p"] and not self.depth["skip"]:
            self.words += re.findall(r"[A-Za-z]+", data)


def prose_words(html_file: Path) -> list[str]:
    collector = _TextCollector()
    collector.feed(html_file.read_text(encoding="utf-8"))
    return collector.words


def article_text(html_file: Path) -> str:
    """All the text of a page's article (what the search index holds), lower-cased."""
    text = html_file.read_text(encoding="utf-8")
    match = re.search(r'<article class="bd-article">(.*?)</article>', text, flags=re.S)
    body = match.group(1) if match else ""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).lower()


def distinctive_word(page: str, html_dir: Path, pages: list[str]) -> str | None:
    """A word of ``page``'s prose that no other page contains (so a search for it must find this page)."""
    others = " ".join(article_text(html_dir / f"{p}.html") for p in pages if p != page)
    candidates = sorted({w for w in prose_words(html_dir / f"{page}.html") if len(w) >= 7},
                        key=lambda w: (-len(w), w))
    for word in candidates:
        if word.lower()[:6] not in others:  # no other page has a word with the same stem
            return word
    return None


def require_tool(path: Path, what: str) -> Path:
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing ({what}): run `make test`, which installs it "
                                f"(`npm ci` for node_modules/, Debian packages through scripts/ensure_debian_packages.sh)")
    return path


def java() -> str:
    found = shutil.which("java")
    if not found:
        raise FileNotFoundError("java is missing (the Nu Html Checker needs it): run `make test`, which installs "
                                "Debian's default-jre-headless")
    return found


@contextmanager
def launched_chromium():
    """Debian's Chromium under Playwright (never a downloaded browser), closed afterwards."""
    from playwright.sync_api import sync_playwright

    require_tool(CHROMIUM, "Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
