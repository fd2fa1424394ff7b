"""The online edition: built without warnings, every page present, nothing loaded from third-party hosts."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

from helpers.book import BUILD, ROOT, toc_files

LOG = BUILD / "logs" / "html.log"


def test_html_build_log_has_no_warnings():
    if not LOG.exists():
        pytest.fail("no HTML build log: run `make book`")
    log = LOG.read_text(encoding="utf-8", errors="replace")
    assert "build succeeded" in log
    problems = [line for line in log.splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line)
                and "[IPKernelApp]" not in line]
    assert problems == []


def test_the_build_is_strict():
    """`make html` must keep failing on warnings and unresolved references."""
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^JB_FLAGS := -W -n --keep-going$", makefile, flags=re.M)


@pytest.mark.parametrize("page", toc_files())
def test_every_toc_page_is_built(html_dir: Path, page: str):
    assert (html_dir / f"{page}.html").is_file()


class ResourceCollector(HTMLParser):
    """Everything a browser fetches on its own when it opens a page (not links the reader may follow)."""

    def __init__(self):
        super().__init__()
        self.fetched: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "img", "iframe", "audio", "video", "source", "embed"} and attrs.get("src"):
            self.fetched.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            rel = (attrs.get("rel") or "").lower()
            if any(r in rel for r in ("stylesheet", "preload", "modulepreload", "icon", "prefetch", "manifest")):
                self.fetched.append(attrs["href"])
        if tag == "object" and attrs.get("data"):
            self.fetched.append(attrs["data"])


def html_pages(html_dir: Path) -> list[Path]:
    return sorted(p for p in html_dir.rglob("*.html") if "_static" not in p.parts)


def test_no_page_loads_anything_from_another_host(html_dir: Path):
    offenders = {}
    for page in html_pages(html_dir):
        text = page.read_text(encoding="utf-8")
        collector = ResourceCollector()
        collector.feed(text)
        remote = [u for u in collector.fetched if urlparse(u).scheme in {"http", "https"} or u.startswith("//")]
        # inline CSS @import / url() pointing elsewhere
        remote += re.findall(r"url\((?:'|\")?(https?://[^)'\"]+)", text)
        if remote:
            offenders[str(page.relative_to(html_dir))] = remote
    assert offenders == {}


def test_stylesheets_load_nothing_from_another_host(html_dir: Path):
    offenders = []
    for css in html_dir.rglob("*.css"):
        for url in re.findall(r"(?:@import\s+(?:url\()?|url\()\s*['\"]?(https?://[^'\")\s]+)", css.read_text(errors="replace")):
            offenders.append(f"{css.relative_to(html_dir)}: {url}")
    assert offenders == []


def test_no_page_contains_math(html_dir: Path):
    """Dollar amounts must never turn into mathematics (the `dollarmath` MyST extension is off)."""
    pages = [p.name for p in html_pages(html_dir) if 'class="math' in p.read_text(encoding="utf-8")]
    assert pages == []
