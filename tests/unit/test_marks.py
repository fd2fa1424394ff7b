"""Chart marks that lead to their rows (moscow_pyongyang_book/marks.py): the SVG a chart is inlined as.

A small matplotlib figure with a linked scatter (``link_rows``), a bar whose gid names a row, a stage band drawn in
two panels and a gid that is no XML name, inlined against a few rows: every mark is one link (never nested) with
its row's figure, date and source as title; ids are prefixed, unique and valid; nothing links outside the page.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from moscow_pyongyang.charts.style import link_rows  # noqa: E402
from moscow_pyongyang_book.marks import full_size_svg, inline_svg, mark_facts, rows_table, tooltip  # noqa: E402

ROWS = {
    "tr_a": ("trade", {"id": "tr_a", "value": "42.74", "unit": "million", "currency": "USD", "reporter": "FCS",
                       "period_start": "2020-01-01", "period_end": "2020-12-31", "publisher": "TASS",
                       "source_url": "https://tass.com/x", "quote": "“It amounted to $42.74 mln.”"}),
    "tr_b": ("trade", {"id": "tr_b", "value": "0.04", "unit": "million", "currency": "USD", "reporter": "FCS",
                       "period_start": "2021-01-01", "period_end": "2021-12-31", "publisher": "TASS",
                       "source_url": "https://tass.com/y", "quote": "Forty thousand dollars."}),
    "lean_x": ("periods", {"id": "lean_x", "kind": "lean", "stage": "", "label": "", "lean": "moscow",
                           "start": "1966", "end": "1969", "publisher": "Archive", "source_url": "", "quote": ""}),
    "stage_1": ("periods", {"id": "stage_1", "kind": "stage", "stage": "1", "label": "Creation", "lean": "",
                            "start": "1945-08-08", "end": "1957-12-31", "publisher": "The Insider",
                            "source_url": "https://theins.ru/x", "quote": "Stage 1"}),
}
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def chart_svg() -> str:
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(4, 3))
    marks = top.scatter([1, 2], [42.74, 0.04], gid="trade-points")
    link_rows(marks, ["tr_a", "tr_b"])
    top.bar([3], [10], gid="claim-lean_x")
    for ax in (top, bottom):
        ax.axvspan(0, 1, gid="stage-band-1")
        ax.axvspan(0, 1, facecolor="none", hatch="//", gid="stage-band-1-hatch")
    bottom.plot([0, 1], [0, 1], gid="share-USSR/Russia")
    out = io.StringIO()
    fig.savefig(out, format="svg")
    plt.close(fig)
    return out.getvalue()


def test_every_mark_is_one_link_with_its_row(chart_svg):
    markup, linked, unknown = inline_svg(chart_svg, "c1", ROWS, "A chart of trade.")
    root = ET.fromstring(markup)
    links = list(root.iter(f"{SVG}a"))
    assert unknown == []
    assert set(linked) == {"tr_a", "tr_b", "lean_x", "stage_1"}
    assert all(not list(link.iter(f"{SVG}a"))[1:] for link in links), "a link inside a link"
    hrefs = [link.get("href") for link in links]
    assert "#c1-tr_a" in hrefs and "#c1-tr_b" in hrefs and "#c1-lean_x" in hrefs
    assert hrefs.count("#c1-stage_1") == 4, "each panel's band and its hatching lead to the stage's row"
    titles = {link.get("href"): link.find(f"{SVG}title").text for link in links}
    assert all(link.find(f"{SVG}title").get("class") == "nohighlight" for link in links)
    assert titles["#c1-tr_a"] == "42.74 million USD (FCS); 2020; source: TASS"
    assert all(link.get("target") is None for link in links), "a mark opens its row on the page, not a new tab"
    assert root.get("role") == "group" and root.get("aria-label") == "A chart of trade."


def test_ids_are_prefixed_unique_and_valid(chart_svg):
    markup, _, _ = inline_svg(chart_svg, "c7", ROWS, "alt")
    ids = re.findall(r'\sid="([^"]+)"', markup)
    assert ids and all(i.startswith("c7-") for i in ids)
    assert len(ids) == len(set(ids)), "an id repeats"
    assert all(re.fullmatch(r"[\w.-]+", i) for i in ids), [i for i in ids if not re.fullmatch(r"[\w.-]+", i)]
    for ref in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', markup):
        target = ref[0] or ref[1]
        assert target in ids or target.startswith("c7-") and target[3:] in ROWS, f"dangling reference #{target}"
    assert "xlink:" not in markup and "<metadata" not in markup and "<style" not in markup


def test_a_link_to_a_row_missing_from_the_data_is_reported(chart_svg):
    _, linked, unknown = inline_svg(chart_svg, "c1", {k: v for k, v in ROWS.items() if k != "tr_b"}, "alt")
    assert unknown == ["tr_b"] and "tr_b" not in linked


def test_the_row_table_and_the_full_size_copy(chart_svg):
    table = rows_table("c1", "Trade", ["tr_b", "tr_a"], ROWS)
    assert table.index('id="c1-tr_a"') < table.index('id="c1-tr_b"'), "rows in date order"
    assert "“It amounted to $42.74 mln.”" in table and "““" not in table
    assert '<a href="https://tass.com/x">TASS</a>' in table
    markup, _, _ = inline_svg(chart_svg, "c1", ROWS, "alt", page="../../notebooks/x.html")
    full = full_size_svg(markup)
    assert 'width="100%" height="100%"' in full and 'href="../../notebooks/x.html#c1-tr_a"' in full
    ET.fromstring(full.split("\n", 1)[1])   # a well-formed stand-alone SVG


def test_facts_of_open_periods_and_estimates():
    stage = dict(ROWS["stage_1"][1], end="")
    assert mark_facts("periods", stage)["date"] == "from 1945-08-08"
    row = {"id": "ob", "flow": "shells", "value_low": "", "value_high": "1000000", "bound": "upper", "unit": "one",
           "currency": "", "per": "", "estimator": "MSMT", "period_start": "", "period_end": "",
           "estimate_date": "2025-05", "publisher": "KBS", "source_url": "", "quote": ""}
    facts = mark_facts("off_book", row)
    assert facts["figure"] == "shells: up to 1,000,000 (MSMT)" and facts["date"] == "estimate of 2025-05"
    assert tooltip(facts) == "shells: up to 1,000,000 (MSMT); estimate of 2025-05; source: KBS"


def test_paths_and_styles_are_written_short_and_draw_the_same():
    from moscow_pyongyang_book.marks import compact_path, compact_style

    circle = ("M 0 2.54  C 0.67 2.54 1.32 2.28 1.80 1.80  C 2.28 1.32 2.54 0.67 2.54 -0  C 2.54 -0.67 2.28 -1.32 "
              "1.80 -1.80  C 1.32 -2.28 0.67 -2.54 0 -2.54  C -0.67 -2.54 -1.32 -2.28 -1.80 -1.80  C -2.28 -1.32 "
              "-2.54 -0.67 -2.54 0  C -2.54 0.67 -2.28 1.32 -1.80 1.80  C -1.32 2.28 -0.67 2.54 0 2.54  z ")
    assert compact_path(circle) == "M2.54 0a2.54 2.54 0 1 0-5.08 0a2.54 2.54 0 1 0 5.08 0z"
    assert compact_path("M 91.09 266.18  L 361.19 106.20  z M -36 36  L 0.5 0.25") == "M91.09 266.18L361.19 106.2zM-36 36L.5.25"
    # a squashed "circle" (an ellipse) and a circle the path goes on from are left as curves
    ellipse = circle.replace("2.54", "2.54").replace(" 1.80 -1.80", " 1.80 -0.90")
    assert "a" not in compact_path(ellipse)
    assert "a" not in compact_path(circle.replace(" z ", " z L 5 5 "))
    assert compact_style("fill: #222222; stroke: #ffffff; stroke-width: 0.5; opacity: 0.22") == \
        "fill:#222;stroke:#fff;stroke-width:.5;opacity:.22"
    assert compact_style("fill: #56b4e9; font-family: 'DejaVu Sans', sans-serif") == \
        "fill:#56b4e9;font-family:'DejaVu Sans', sans-serif"


def test_the_inlined_chart_refers_to_its_definitions_by_short_ids(chart_svg):
    markup, _, _ = inline_svg(chart_svg, "c1", ROWS, "a chart")
    root = ET.fromstring(markup)
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    refs = {el.get("href")[1:] for el in root.iter() if el.tag != f"{SVG}a" and (el.get("href") or "").startswith("#")}
    refs |= set(re.findall(r"url\(#([^)]+)\)", markup))
    assert refs and refs <= ids, refs - ids
    assert not [r for r in refs if re.search(r"[0-9a-f]{10}", r)]


def test_what_every_shape_of_a_group_repeats_is_said_once_on_the_group():
    from moscow_pyongyang_book.marks import hoist_styles

    svg = ET.fromstring(
        '<svg xmlns="http://www.w3.org/2000/svg"><g id="points">'
        '<a><use href="#m" x="1" style="fill:#222;stroke:#fff;stroke-linejoin:miter;opacity:.5"/></a>'
        '<a><use href="#m" x="2" style="fill:#222;stroke:#fff;stroke-linejoin:miter"/></a></g>'
        '<g><path d="M0 0" style="fill:red"/><path d="M1 1"/></g>'
        '<g style="fill:blue"><g><path d="M0 0" style="fill:red"/><path d="M0 0" style="fill:red"/></g></g>'
        '<text style="font-family:X;fill:#333">a</text><text style="font-family:X;fill:#333">b</text></svg>')
    hoist_styles(svg)
    points, mixed, nested = svg.findall(f"{SVG}g")
    assert points.get("style") == "fill:#222;stroke:#fff"
    # a line join stays on the shape (book.css sets it on every element); opacity is not inherited
    assert [u.get("style") for u in points.iter(f"{SVG}use")] == ["stroke-linejoin:miter;opacity:.5",
                                                                  "stroke-linejoin:miter"]
    assert mixed.get("style") is None   # a shape without a fill must not inherit red
    assert nested.get("style") == "fill:blue" and nested[0].get("style") == "fill:red"
    assert svg.get("style") == "font-family:X"   # the font of all the labels, on the chart
    assert [t.get("style") for t in svg.findall(f"{SVG}text")] == ["fill:#333", "fill:#333"]


# --- every mark of every chart of the book carries its row --------------------------------------------------

# drawn elements that stand for no row: lines joining a series' points, frames, brackets, the map outlines
DECORATION = re.compile(r"^(?:[\w]+-)?country-|-frame-\d+$|-line$|^unanimous-run$")


def unlinked_marks(fig, rows: dict) -> list[str]:
    """The marks of a figure that lead to no row of ``rows``: every non-empty collection (points, bars, ranges,
    line sets) and every named line or patch, unless its name marks it as decoration; a mark leads to a row by
    its links (one per point, bar or line: ``link_rows``, ``set_url``) or by an element id naming the row."""
    from matplotlib.collections import Collection, PathCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from moscow_pyongyang_book.marks import _row_of_element_id

    stage_rows = {row["stage"]: rid for rid, (name, row) in rows.items()
                  if name == "periods" and row.get("kind") == "stage"}
    problems = []
    for ax in fig.axes:
        for artist in ax.get_children():
            gid = artist.get_gid() or ""
            if isinstance(artist, Collection):
                count = len(artist.get_offsets()) if isinstance(artist, PathCollection) else len(artist.get_paths())
                if not count or not artist.get_visible():
                    continue
                urls = list(artist.get_urls() or [])
                urls = urls if len(urls) >= count else urls + [None] * (count - len(urls))
            elif isinstance(artist, (Line2D, Patch)) and gid and artist is not ax.patch:
                urls = [artist.get_url()]
            else:
                continue
            if DECORATION.search(gid):
                continue
            by_link = all(u and u.startswith("#") and u[1:] in rows for u in urls)
            if not by_link and not _row_of_element_id(gid, rows, stage_rows):
                problems.append(f"{type(artist).__name__} {gid or '(unnamed)'}: "
                                f"{sum(not u for u in urls)} of {len(urls)} without a row")
    return problems


@pytest.fixture(scope="module")
def book_rows():
    from moscow_pyongyang_book.marks import data_rows

    return data_rows()


def test_every_mark_of_every_chart_leads_to_a_row(book_rows):
    from test_charts import every_chart, every_map

    problems = []
    for name, fig in {**every_chart(), **every_map()}.items():
        problems += [f"{name}: {p}" for p in unlinked_marks(fig, book_rows)]
        plt.close(fig)
    assert not problems, "\n".join(problems)


def test_unlinked_mark_check_can_fail():
    fig, ax = plt.subplots()
    linked = ax.scatter([1, 2], [1, 2], gid="points")
    link_rows(linked, ["tr_a", "tr_b"])
    half = ax.scatter([1, 2], [3, 4], gid="half")
    link_rows(half, ["tr_a"])                                   # the second point leads nowhere
    ax.broken_barh([(0, 1)], (0, 1), gid="majority-1967")      # a bar named after no row
    ax.broken_barh([(0, 1)], (0, 1), gid="claim-lean_x")       # a bar named after its row
    ax.broken_barh([(0, 1)], (0, 1), facecolors="none", gid="majority-frame-1967")   # decoration
    ax.plot([0, 1], [0, 1], gid="distance-a-b")                 # a named line with no row
    problems = unlinked_marks(fig, ROWS)
    plt.close(fig)
    assert sorted(p.split(":")[0] for p in problems) == ["Line2D distance-a-b", "PathCollection half",
                                                         "PolyCollection majority-1967"]


def test_balancing_majority_bars_and_map_distances_link_their_rows(book_rows):
    """In the SVG as inlined: each year's majority bar is links to the pieces of evidence behind it; each
    distance line's two halves lead to the places at its ends."""
    from test_charts import every_chart, every_map

    balancing = every_chart()["balancing"]
    out = io.StringIO()
    balancing.savefig(out, format="svg")
    markup, linked, unknown = inline_svg(out.getvalue(), "c1", book_rows, "alt")
    assert unknown == []
    root = ET.fromstring(markup)
    bars = [g for g in root.iter(f"{SVG}g") if re.fullmatch(r"c1-majority-\d{4}", g.get("id") or "")]
    majority = [a for g in bars for a in g.iter(f"{SVG}a")]
    assert bars and all(list(g.iter(f"{SVG}a")) for g in bars), "a year's majority bar without links"
    assert all(book_rows[a.get("href").split("#c1-")[1]][0] == "balancing" for a in majority)

    eurasia = every_map()["map_eurasia_distances"]
    out = io.StringIO()
    eurasia.savefig(out, format="svg")
    markup, linked, unknown = inline_svg(out.getvalue(), "c2", book_rows, "alt")
    assert unknown == []
    links = {}
    for group in ET.fromstring(markup).iter(f"{SVG}g"):
        if (group.get("id") or "").startswith("c2-distance-"):
            links[group.get("id")] = [a.get("href") for a in group.iter(f"{SVG}a")][0]
    from moscow_pyongyang.charts.maps import DISTANCE_PAIRS

    for first, second in DISTANCE_PAIRS:
        assert links.get(f"c2-distance-{first}-{second}") == f"#c2-{first}", (first, second, links)
        assert links.get(f"c2-distance-{first}-{second}-end") == f"#c2-{second}", (first, second)


def test_groups_that_group_nothing_and_turns_by_nothing_go(chart_svg):
    from moscow_pyongyang_book.marks import unwrap_bare_groups

    svg = ET.fromstring('<svg xmlns="http://www.w3.org/2000/svg"><g><g id="a"><g><path d="M0 0"/></g></g>'
                        '<path d="M1 1"/></g></svg>')
    unwrap_bare_groups(svg)
    assert [(el.tag.split("}")[1], el.get("id") or el.get("d")) for el in svg.iter()][1:] == \
        [("g", "a"), ("path", "M0 0"), ("path", "M1 1")]
    assert "<g>" not in inline_svg(chart_svg, "c1", ROWS, "a chart")[0]
    labels = ('<svg xmlns="http://www.w3.org/2000/svg"><text transform="rotate(-0 141.28 280.77)">1960</text>'
              '<text transform="rotate(-90 10 20)">share</text></svg>')
    markup = inline_svg(labels, "c1", ROWS, "x")[0]
    assert "rotate(-0" not in markup and 'transform="rotate(-90 10 20)"' in markup
