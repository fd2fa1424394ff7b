"""Every internal link and anchor of the built site resolves, offline.

Reads every page in _build/html: each ``href``/``src``/``srcset`` that points inside the site must name a file
that exists, and each ``#fragment`` an ``id`` (or ``name``) in the page it points to. Links to other sites are
not followed (the tests never use the network). Every page of the table of contents is reachable from
index.html by following links.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from book_tools.browser import site_pages
from helpers.book import HTML, toc_files

LINK_ATTRIBUTES = {"href", "src", "data", "poster"}


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag in {"a", "map"} else ("id",):
            if attrs.get(name):
                self.ids.add(attrs[name])
        if tag == "link" and "preconnect" in (attrs.get("rel") or ""):
            return
        for attr in LINK_ATTRIBUTES & set(attrs):
            if attrs[attr] is not None:
                self.links.append((tag, attrs[attr]))
        if attrs.get("srcset"):
            self.links += [(tag, part.strip().split()[0]) for part in attrs["srcset"].split(",") if part.strip()]


_parsed: dict[Path, PageParser] = {}


def parse(path: Path) -> PageParser:
    if path not in _parsed:
        parser = PageParser()
        parser.feed(path.read_text(encoding="utf-8"))
        _parsed[path] = parser
    return _parsed[path]


def is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith(("javascript:", "data:"))


def resolve(page: Path, url: str, html_dir: Path) -> tuple[Path, str]:
    """The file a relative URL on ``page`` points to, and its fragment."""
    parts = urlsplit(url)
    if not parts.path:
        return page, unquote(parts.fragment)
    base = html_dir if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path.lstrip("/"))).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(page: Path, html_dir: Path) -> list[str]:
    problems = []
    for tag, url in parse(page).links:
        if not url or not is_internal(url):
            continue
        target, fragment = resolve(page, url, html_dir)
        if not target.is_relative_to(html_dir.resolve()):
            problems.append(f"<{tag}> {url}: points outside the site")
        elif not target.is_file():
            problems.append(f"<{tag}> {url}: no such file")
        elif fragment and target.suffix == ".html" and fragment not in parse(target).ids:
            problems.append(f"<{tag}> {url}: no element with id {fragment!r} in {target.name}")
    return problems


PAGES = site_pages(HTML)


@pytest.mark.parametrize("page", PAGES)
def test_every_internal_link_and_anchor_resolves(html_dir: Path, page: str):
    assert broken_links(html_dir / page, html_dir) == []


def test_every_toc_page_is_reachable_from_the_front_door(html_dir: Path):
    root = (html_dir / "index.html").resolve()
    seen, queue = {root}, deque([root])
    while queue:
        page = queue.popleft()
        for _, url in parse(page).links:
            if not is_internal(url):
                continue
            target, _ = resolve(page, url, html_dir)
            if target.suffix == ".html" and target.is_file() and target not in seen:
                seen.add(target)
                queue.append(target)
    missing = [p for p in toc_files() if (html_dir / f"{p}.html").resolve() not in seen]
    assert missing == []


def test_the_checker_finds_a_broken_link_and_anchor(tmp_path: Path):
    """The checker itself: a missing file and a missing anchor are both reported."""
    (tmp_path / "a.html").write_text('<p id="here"><a href="b.html">b</a> <a href="a.html#there">x</a>'
                                     ' <a href="#here">ok</a> <img src="_images/c.svg" alt="c"></p>')
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "c.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    problems = broken_links(tmp_path / "a.html", tmp_path)
    assert problems == ["<a> b.html: no such file", "<a> a.html#there: no element with id 'there' in a.html"]
