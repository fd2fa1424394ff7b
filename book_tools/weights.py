"""How much a page of the built site weighs, as ``make bench`` reports it and the browser tests check it.

A page is loaded cold in Chromium from the local server, which gzips like GitHub Pages
(:func:`book_tools.browser.load_page`): its weight is the page and every same-origin file it loads (CSS,
JavaScript, images, fonts), uncompressed (``total``) and as transferred (``gzip``). Charts are inlined as SVG
(``moscow_pyongyang_book/marks.py``), so a page that shows one is found from its HTML.

Issue 15's goals for the heaviest page that shows a chart: at most 600 kB cold and 150 kB transferred.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

# issue 15 (chart marks linked to their rows): the heaviest page that shows a chart
CHART_PAGE_MAX = 600_000
CHART_PAGE_MAX_GZIP = 150_000
KINDS = ("html", "css", "js", "img", "other")
INLINED_CHART = re.compile(r'<svg\b[^>]*class="chart-svg".*?</svg>', flags=re.S)


def kind(url: str) -> str:
    suffix = Path(urlsplit(url).path).suffix.lower()
    return {".html": "html", ".css": "css", ".js": "js", ".svg": "img", ".png": "img", ".jpg": "img",
            ".jpeg": "img", ".gif": "img", ".webp": "img", ".ico": "img"}.get(suffix, "other")


def weigh(load, html_file: Path) -> dict:
    """One cold load (a :class:`book_tools.browser.PageLoad`) of the page built as ``html_file``: bytes by kind
    (uncompressed), ``total``, ``gzip`` (on the wire), ``requests``, ``chart_bytes`` (chart images and inlined
    chart SVG), ``inlined_chart_bytes`` and ``problems`` (console errors, failed and foreign requests)."""
    by_kind = {k: 0 for k in KINDS}
    for url, size in load.sizes.items():
        by_kind[kind(url)] += size
    images = sum(size for url, size in load.sizes.items() if "/_images/" in url)
    text = html_file.read_text(encoding="utf-8", errors="replace")
    inlined = sum(len(m.encode()) for m in INLINED_CHART.findall(text))
    return {**by_kind, "total": load.weight, "gzip": load.wire_weight, "requests": len(load.sizes),
            "chart_bytes": images + inlined, "inlined_chart_bytes": inlined,
            "problems": load.errors + load.failed + load.foreign}


def weigh_pages(html_dir: Path, pages: list[str], server, browser) -> dict[str, dict]:
    """:func:`weigh` for each page, each loaded cold in ``browser`` (Playwright's Chromium) from ``server``."""
    from .browser import load_page

    return {page: weigh(load_page(browser, server.url + page), html_dir / page) for page in pages}


def heaviest_chart_page(weights: dict[str, dict], pages: list[str] | None = None) -> str | None:
    """The heaviest page (cold ``total``) of ``pages`` (default: all) that shows a chart, or None."""
    charts = {p: weights[p]["total"] for p in (weights if pages is None else pages) if weights[p]["chart_bytes"]}
    return max(charts, key=charts.get) if charts else None


def chart_page_excess(weights: dict[str, dict], pages: list[str] | None = None, *,
                      max_cold: int = CHART_PAGE_MAX, max_gzip: int = CHART_PAGE_MAX_GZIP) -> list[str]:
    """What breaks issue 15's goals: each page with a chart heavier than ``max_cold`` cold or ``max_gzip``
    transferred, with its weights and largest kinds (empty when every chart page meets them)."""
    problems = []
    for page in (weights if pages is None else pages):
        w = weights[page]
        if not w["chart_bytes"]:
            continue
        over = []
        if w["total"] > max_cold:
            over.append(f"{w['total']:,} bytes cold (at most {max_cold:,})")
        if w["gzip"] > max_gzip:
            over.append(f"{w['gzip']:,} bytes transferred (at most {max_gzip:,})")
        if over:
            parts = ", ".join(f"{k} {w[k]:,}" for k in KINDS if w[k])
            problems.append(f"{page}: {' and '.join(over)}; {parts}; of which inlined charts "
                            f"{w['inlined_chart_bytes']:,}")
    return problems
