"""book_tools.weights, which `make bench` and the browser test of issue 15's weight goals share: a load is counted
by kind, charts are found in the HTML, and a chart page over a limit is reported (shown here with limits lowered
below what a page weighs: the check can fail)."""

from __future__ import annotations

from pathlib import Path

from book_tools.browser import PageLoad
from book_tools.weights import CHART_PAGE_MAX, CHART_PAGE_MAX_GZIP, chart_page_excess, heaviest_chart_page, weigh

CHART = '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 9 9"><path d="M0 0L9 9"/></svg>'


def a_load(url: str, sizes: dict[str, int], wire: dict[str, int]) -> PageLoad:
    return PageLoad(url, sizes=sizes, transferred=wire)


def pages(tmp_path: Path) -> dict[str, dict]:
    (tmp_path / "chart.html").write_text(f"<html><body><p>text</p>{CHART}</body></html>", encoding="utf-8")
    (tmp_path / "plain.html").write_text("<html><body><p>text</p></body></html>", encoding="utf-8")
    base = "http://127.0.0.1:8000/"
    chart = a_load(base + "chart.html",
                   {base + "chart.html": 300_000, base + "_static/a.css": 120_000, base + "_static/b.js": 50_000,
                    base + "_static/c.woff2": 10_000},
                   {base + "chart.html": 90_000, base + "_static/a.css": 20_000, base + "_static/b.js": 15_000,
                    base + "_static/c.woff2": 10_000})
    plain = a_load(base + "plain.html", {base + "plain.html": 700_000}, {base + "plain.html": 200_000})
    return {"chart.html": weigh(chart, tmp_path / "chart.html"), "plain.html": weigh(plain, tmp_path / "plain.html")}


def test_a_load_is_counted_by_kind_and_its_inlined_charts_found(tmp_path):
    weights = pages(tmp_path)
    chart = weights["chart.html"]
    assert (chart["html"], chart["css"], chart["js"], chart["other"]) == (300_000, 120_000, 50_000, 10_000)
    assert (chart["total"], chart["gzip"], chart["requests"]) == (480_000, 135_000, 4)
    assert chart["inlined_chart_bytes"] == len(CHART.encode()) == chart["chart_bytes"]
    assert weights["plain.html"]["chart_bytes"] == 0


def test_only_pages_with_a_chart_are_held_to_issue_15s_goals(tmp_path):
    weights = pages(tmp_path)
    # the plain page is heavier than both limits, but shows no chart
    assert heaviest_chart_page(weights) == "chart.html"
    assert chart_page_excess(weights) == []
    assert 480_000 <= CHART_PAGE_MAX and 135_000 <= CHART_PAGE_MAX_GZIP


def test_a_chart_page_over_a_limit_fails(tmp_path):
    weights = pages(tmp_path)
    cold = chart_page_excess(weights, max_cold=479_999)
    assert len(cold) == 1 and "chart.html: 480,000 bytes cold (at most 479,999)" in cold[0]
    assert "transferred" not in cold[0] and "inlined charts" in cold[0]
    wire = chart_page_excess(weights, max_gzip=134_999)
    assert len(wire) == 1 and "135,000 bytes transferred (at most 134,999)" in wire[0]
    both = chart_page_excess(weights, max_cold=1, max_gzip=1)
    assert len(both) == 1 and " and " in both[0]
