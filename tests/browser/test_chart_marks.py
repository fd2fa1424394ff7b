"""From a mark to its source (issue 15.2), in Chromium: on every page that shows a chart, every mark of every chart
(point, bar, range, band) is a link whose hover text gives its row's figure, date and source, leading to that row
in the table under the chart with the source's words and link; and the row shown is the row drawn.

What is checked, for each chart of each chart page:

- each mark (``a.mark``) leads to a row of the page's table (``tr`` with the same id) for a row of ``data/`` (read
  here with the csv module, not through the book's code): the row's source link is the row's ``source_url``, its
  quote cell starts with the row's quote, its hover text (the mark's ``<title>``) names the row's source and date
  and repeats the figure shown in the table;
- the drawn value matches the row: on a time axis, the mark's position, read against the axis' year labels as
  the browser lays them out, falls within the row's dates (a year of slack for a mark's width); on a value axis
  (the trade charts), its height read against the axis' value labels (linear or log) is the row's value;
- pointing at a mark highlights it; clicking the topmost mark at a point opens its row (``:target``, visible, the
  collapsed table opened); the marks are reachable with the Tab key (from the chart's "skip" link).
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pytest

from book_tools.browser import DESKTOP, guard_network, site_pages
from helpers.book import HTML, ROOT

DATE_FIELDS = ("date", "period_start", "period_end", "estimate_date", "start", "end")
YEAR_SLACK = 1.0          # years: a mark is drawn some points wide, a band's middle is inside its stage
VALUE_TOLERANCE = 0.08    # relative, on a value axis read from its labels ...
PIXEL_TOLERANCE = 2.0     # ... or this many pixels (a value near an axis' zero)
CLICKS_PER_CHART = 4
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def chart_pages(html_dir: Path) -> list[str]:
    return [p for p in site_pages(html_dir) if 'class="chart-svg"' in (html_dir / p).read_text(encoding="utf-8")]


PAGES = chart_pages(HTML) if HTML.exists() else []


def data_rows(folder: Path = ROOT / "data") -> dict[str, dict]:
    rows = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if "id" in row:
                    rows[row["id"]] = {**row, "_dataset": path.stem}
    return rows


def year_of(text: str, end: bool = False) -> float | None:
    """An ISO date at any precision as a fractional year (the end of the period it names with ``end``)."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", (text or "").strip())
    if not match:
        return None
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    if month is None:
        return year + (1.0 if end else 0.0)
    fraction = (int(month) - 1) / 12
    if day is None:
        return year + fraction + (1 / 12 if end else 0.0)
    return year + fraction + (int(day) - (0 if end else 1)) / 365.25


def tick_year(label: str) -> float | None:
    """An axis label as a year: '2005', "'89" (a short year), 'Jan 2023' (a month), else None."""
    label = label.strip().replace("\u2019", "'")
    if re.fullmatch(r"\d{4}", label):
        return float(label)
    month = re.fullmatch(r"([A-Z][a-z]{2}) (\d{4})", label)
    if month and month.group(1) in MONTHS:
        return int(month.group(2)) + MONTHS.index(month.group(1)) / 12
    if re.fullmatch(r"'\d\d", label):
        short = int(label[1:])
        return float(1900 + short if short > 30 else 2000 + short)
    return None


def tick_value(label: str) -> float | None:
    text = label.strip().replace(",", "").replace("\u2212", "-").rstrip("%")
    try:
        return float(text)
    except ValueError:
        return None


def fit(points: list[tuple[float, float]], log: bool = False):
    """Least squares ``value = a + b * position`` (``log``: on log10 of the value), with the worst residual."""
    pairs = [(p, math.log10(v) if log else v) for p, v in points if not log or v > 0]
    if len(pairs) < 2:
        return None
    n = len(pairs)
    mean_p = sum(p for p, _ in pairs) / n
    mean_v = sum(v for _, v in pairs) / n
    var = sum((p - mean_p) ** 2 for p, _ in pairs)
    if var == 0:
        return None
    b = sum((p - mean_p) * (v - mean_v) for p, v in pairs) / var
    a = mean_v - b * mean_p
    worst = max(abs(a + b * p - v) for p, v in pairs)
    spread = max(v for _, v in pairs) - min(v for _, v in pairs) or 1
    return a, b, worst / spread, log


def read_axis(fitted, position: float) -> float:
    a, b, _, log = fitted
    value = a + b * position
    return 10 ** value if log else value


def value_axis(ticks: list[tuple[float, str]]):
    """The best of a linear and a log scale through the numeric labels of an axis, or None."""
    points = [(pos, v) for pos, label in ticks if (v := tick_value(label)) is not None]
    candidates = [f for f in (fit(points), fit(points, log=True)) if f is not None and f[2] < 0.01]
    return min(candidates, key=lambda f: f[2]) if candidates else None


def drawn_year_problem(mark: dict, row: dict) -> str | None:
    """None when the mark's horizontal position, read on its axis' year labels, lies within the row's dates."""
    points = [(pos, y) for pos, label in mark["xticks"] if (y := tick_year(label)) is not None]
    fitted = fit(points)
    if fitted is None or fitted[2] > 0.01:
        return None   # not a time axis
    drawn = read_axis(fitted, mark["x"])
    starts = [y for f in DATE_FIELDS if (y := year_of(row.get(f, ""))) is not None]
    ends = [y for f in DATE_FIELDS if (y := year_of(row.get(f, ""), end=True)) is not None]
    if not starts:
        return f"row {row['id']} has no date"
    low, high = min(starts) - YEAR_SLACK, max(ends) + YEAR_SLACK
    if any(f in row and not row[f] for f in ("end", "period_end")):   # an open period: until today
        high = math.inf
    if not low <= drawn <= high:
        return f"mark of {row['id']} is drawn at {drawn:.1f}, its row's dates are {min(starts):.1f}–{max(ends):.1f}"
    return None


def drawn_value_problem(mark: dict, row: dict) -> str | None:
    """None when the mark's height, read on its axis' value labels, is the row's value (trade rows only)."""
    if row["_dataset"] != "trade" or not row.get("value"):
        return None
    fitted = value_axis(mark["yticks"])
    if fitted is None:
        return None
    drawn, value = read_axis(fitted, mark["y"]), float(row["value"])
    a, b, _, log = fitted
    if log and value <= 0:
        return f"row {row['id']}: value {value:g} on a log axis"
    expected = ((math.log10(value) if log else value) - a) / b     # where the value would be drawn, in px
    if abs(drawn - value) > VALUE_TOLERANCE * abs(value) and abs(expected - mark["y"]) > PIXEL_TOLERANCE:
        return f"mark of {row['id']} is drawn at {drawn:.3g}, its row's value is {value:g}"
    return None


# ---------------------------------------------------------------- the checks can fail

def test_the_drawn_date_check_fails_on_the_wrong_row():
    mark = {"x": 150.0, "xticks": [(100.0, "2000"), (200.0, "2010")], "y": 0.0, "yticks": []}
    assert drawn_year_problem(mark, {"id": "a", "date": "2005-06"}) is None
    assert drawn_year_problem(mark, {"id": "b", "period_start": "2004-01-01", "period_end": "2004-12-31"}) is None
    assert "drawn at 2005.0" in drawn_year_problem(mark, {"id": "c", "date": "1991"})
    assert drawn_year_problem({**mark, "xticks": [(100.0, "Russia"), (200.0, "China")]}, {"id": "d"}) is None
    assert drawn_year_problem(mark, {"id": "e", "start": "1991-01-01", "end": ""}) is None   # open: to today
    assert tick_year("Jul 2023") == 2023.5 and tick_year("\u201989") == 1989 and tick_year("10,000") is None


def test_the_drawn_value_check_fails_on_the_wrong_row():
    log_axis = [(300.0, "1"), (200.0, "10"), (100.0, "100")]   # screen y grows downwards
    mark = {"x": 0.0, "xticks": [], "y": 150.0, "yticks": log_axis}
    right = {"id": "t", "_dataset": "trade", "value": "31.6"}
    assert drawn_value_problem(mark, right) is None
    assert "drawn at 31.6" in drawn_value_problem(mark, {**right, "value": "46"})
    linear = {**mark, "yticks": [(300.0, "0%"), (100.0, "100%")], "y": 200.0}
    assert drawn_value_problem(linear, {**right, "value": "50"}) is None
    assert drawn_value_problem(linear, {**right, "value": "80"})


def test_some_pages_show_charts_with_marks():
    assert len(PAGES) >= 4, f"expected the notebooks and chapters with charts, found {PAGES}"


# ---------------------------------------------------------------- in the browser

COLLECT = """svg => {
  const centre = r => ({x: r.left + r.width / 2, y: r.top + r.height / 2});
  const isAxes = g => /-axes_\\d+$/.test(g.id || '');
  const axesOf = el => { let g = el; while (g && g !== svg && !isAxes(g)) g = g.parentElement;
                         return g === svg ? null : g; };
  const axes = {};
  for (const g of [...svg.querySelectorAll('g[id]')].filter(isAxes)) {
    // matplotlib numbers the axis groups across the figure: an axes' first is its x axis, its second its y axis
    const [x, y] = [...g.children].filter(c => /matplotlib\\.axis_\\d+$/.test(c.id || ''));
    const ticks = (axis, horizontal) => axis ? [...axis.querySelectorAll('text')].map(t => {
      const c = centre(t.getBoundingClientRect()); return [horizontal ? c.x : c.y, t.textContent]; }) : [];
    const frame = (g.querySelector('path') || g).getBoundingClientRect();
    axes[g.id] = {xticks: ticks(x, true), yticks: ticks(y, false), left: frame.left, right: frame.right};
  }
  const marks = [...svg.querySelectorAll('a.mark')].map((a, i) => {
    const title = a.querySelector('title');
    const shapes = [...a.querySelectorAll('use, path')].filter(e => !e.closest('defs, pattern, clipPath'));
    const box = (shapes[0] || a).getBoundingClientRect();
    const c = centre(box);
    const own = axesOf(a);
    return {i, href: a.getAttribute('href'), title: title ? title.textContent : '', x: c.x, y: c.y,
            hasText: !!a.querySelector('text'), band: /stage-band/.test(a.innerHTML), axes: own ? own.id : null};
  });
  return {axes, marks};
}"""


def with_ticks(collected: dict) -> list[dict]:
    """Each mark with the tick labels of its axes; an axes without year labels on its x axis (a panel sharing
    the x axis of the one under it) takes those of an axes with the same horizontal extent."""
    axes = collected["axes"]

    def has_years(info: dict) -> bool:
        return sum(tick_year(label) is not None for _, label in info["xticks"]) >= 2

    out = []
    for mark in collected["marks"]:
        own = axes.get(mark["axes"]) or {"xticks": [], "yticks": [], "left": 0, "right": 0}
        xticks = own["xticks"]
        if not any(re.search(r"\d", label) for _, label in xticks):   # labels hidden: a shared x axis
            shared = [a for a in axes.values() if has_years(a) and abs(a["left"] - own["left"]) < 1
                      and abs(a["right"] - own["right"]) < 1]
            xticks = shared[0]["xticks"] if shared else xticks
        out.append({**mark, "xticks": xticks, "yticks": own["yticks"]})
    return out


ROW = """(id) => { const tr = document.getElementById(id); if (!tr) return null;
  const cell = c => (tr.querySelector('.' + c) || {}).textContent || '';
  const link = tr.querySelector('.mark-source a');
  return {tag: tr.tagName, row: tr.dataset.row, figure: cell('mark-figure'), date: cell('mark-date'),
          quote: cell('mark-quote'), url: link ? link.getAttribute('href') : ''}; }"""


# the first drawn shape of a mark (not a marker or pattern definition)
SHAPE = "a => { const s = [...a.querySelectorAll('use, path')].find(e => !e.closest('defs, pattern')) || a"


@pytest.fixture(scope="module")
def rows() -> dict[str, dict]:
    return data_rows()


@pytest.fixture
def chart_page(site, browser):
    contexts = []

    def open_page(name: str, **options):
        foreign: list[str] = []
        context = browser.new_context(**{"viewport": {**DESKTOP, "width": 1366}, **options})
        guard_network(context, foreign)
        contexts.append((context, foreign))
        page = context.new_page()
        page.goto(site.url + name, wait_until="networkidle")
        return page

    yield open_page
    for context, foreign in contexts:
        context.close()
        assert foreign == [], f"requests to other hosts: {foreign}"


@pytest.mark.parametrize("page_name", PAGES)
def test_every_mark_leads_to_the_row_it_draws(chart_page, rows, page_name: str):
    page = chart_page(page_name)
    charts = page.locator("article svg.chart-svg")
    assert charts.count(), f"{page_name}: no chart"
    problems: list[str] = []
    for n in range(charts.count()):
        chart = charts.nth(n)
        chart.scroll_into_view_if_needed()
        marks = with_ticks(chart.evaluate(COLLECT))
        assert marks, f"{page_name}: chart {n + 1} has no mark linked to a row"
        checked_positions = 0
        for mark in marks:
            target = mark["href"].split("#", 1)[1]
            shown = page.evaluate(ROW, target)
            if shown is None or shown["tag"] != "TR":
                problems.append(f"chart {n + 1}: mark {mark['i']} links to #{target}, which is no table row")
                continue
            row = rows.get(shown["row"])
            if row is None or not target.endswith("-" + shown["row"]):
                problems.append(f"chart {n + 1}: #{target} shows {shown['row']!r}, not a row of data/")
                continue
            if shown["url"] != row.get("source_url", ""):
                problems.append(f"{row['id']}: the table links {shown['url']!r}, the row's source is "
                                f"{row.get('source_url')!r}")
            quote = re.sub(r"\s+", " ", row.get("quote", "")).strip("\"“”„ ")
            if quote and not shown["quote"].strip("\"“”„ ").startswith(quote[:40]):
                problems.append(f"{row['id']}: the table's quote {shown['quote'][:50]!r} is not the row's")
            if shown["figure"] not in mark["title"] or (row.get("publisher") or "source") not in mark["title"]:
                problems.append(f"{row['id']}: hover text {mark['title']!r} does not repeat the figure "
                                f"{shown['figure']!r} and the source {row.get('publisher')!r}")
            first_date = next((row[f] for f in DATE_FIELDS if row.get(f)), "")
            if first_date and first_date[:4] not in mark["title"] + shown["date"]:
                problems.append(f"{row['id']}: neither the hover text nor the table gives its year {first_date[:4]}")
            if not mark["hasText"]:   # a label placed beside its mark is not at the row's date
                for problem in (drawn_year_problem(mark, row), drawn_value_problem(mark, row)):
                    if problem:
                        problems.append(f"chart {n + 1}: {problem}")
                checked_positions += bool(mark["xticks"])
        if any(tick_year(t) for _, t in (marks[0]["xticks"] if marks else [])):
            assert checked_positions, f"{page_name}: chart {n + 1}: no mark's position was checked"
    assert not problems, f"{page_name}:\n" + "\n".join(problems[:20])


@pytest.mark.parametrize("page_name", PAGES)
def test_pointing_at_and_clicking_marks_opens_their_rows(chart_page, page_name: str):
    page = chart_page(page_name)
    charts = page.locator("article svg.chart-svg")
    for n in range(charts.count()):
        chart = charts.nth(n)
        chart.scroll_into_view_if_needed()
        marks = [m for m in chart.evaluate(COLLECT)["marks"] if not m["band"] and not m["hasText"]]
        # the marks that are on top at their own centre (a point can hide another drawn at the same place)
        on_top = chart.evaluate("""(svg, marks) => marks.filter(m => {
            const hit = document.elementFromPoint(m.x, m.y); const a = hit && hit.closest('a.mark');
            return a && a === svg.querySelectorAll('a.mark')[m.i]; }).map(m => m.i)""",
                                [{"i": m["i"], "x": m["x"], "y": m["y"]} for m in marks])
        assert on_top, f"{page_name}: chart {n + 1}: no mark can be pointed at"
        picks = sorted({on_top[round(k * (len(on_top) - 1) / max(CLICKS_PER_CHART - 1, 1))]
                        for k in range(CLICKS_PER_CHART)})
        for i in picks:
            chart.scroll_into_view_if_needed()
            mark = chart.locator("a.mark").nth(i)
            box = mark.evaluate(SHAPE + "; const r = s.getBoundingClientRect();"
                                " return [r.left + r.width / 2, r.top + r.height / 2]; }")
            page.mouse.move(*box)
            stroke = mark.evaluate(SHAPE + "; return getComputedStyle(s).stroke; }")
            assert stroke == "rgb(0, 0, 0)", f"{page_name}: pointing at mark {i} does not highlight it ({stroke})"
            title = mark.evaluate("a => a.querySelector('title').textContent")
            page.mouse.click(*box)
            href = mark.get_attribute("href")
            page.wait_for_function("h => location.hash === h", arg="#" + href.split("#", 1)[1])
            row = page.locator(":target")
            row.wait_for(state="visible")
            assert row.evaluate("tr => tr.tagName") == "TR"
            figure = row.locator(".mark-figure").inner_text()
            assert figure and figure in title, f"{page_name}: clicked {title!r}, the table shows {figure!r}"
            assert row.evaluate("tr => tr.closest('details').open")
            page.go_back()


@pytest.mark.parametrize("page_name", PAGES[:1] + [p for p in PAGES if p.startswith("chapters/")][:1])
def test_marks_are_reachable_with_the_keyboard(chart_page, page_name: str):
    page = chart_page(page_name)
    skip = page.locator("article .chart-skip").first
    skip.focus()
    assert skip.is_visible(), "the 'skip the marks' link is not shown when it has the focus"
    page.keyboard.press("Tab")
    focused = page.evaluate("() => { const a = document.activeElement;"
                            " return a && a.matches('svg.chart-svg a.mark') ? a.getAttribute('href') : null; }")
    assert focused, f"{page_name}: Tab from the chart's skip link does not reach a mark"
    page.keyboard.press("Enter")
    page.wait_for_function("h => location.hash === h", arg="#" + focused.split("#", 1)[1])
    assert page.locator(":target").is_visible()


# groups drawn from rows that are not points: a year's majority bar (one slice per piece of evidence behind it),
# each half of a distance line, a candidate boundary, a callout's ring
ROW_GROUPS = r"-(majority-\d{4}|distance-[\w.-]+|boundary-\d+-\d+|callout-ring-[\w.-]+)$"


@pytest.mark.parametrize("page_name", PAGES)
def test_bars_and_lines_drawn_from_rows_are_links(chart_page, page_name: str):
    page = chart_page(page_name)
    found = page.evaluate("""pattern => { const re = new RegExp(pattern);
      return [...document.querySelectorAll('article svg.chart-svg g[id]')].filter(g => re.test(g.id)).map(g => ({
        id: g.id, links: g.querySelectorAll('a.mark').length + (g.closest('a.mark') ? 1 : 0),
        hrefs: [...g.querySelectorAll('a.mark')].map(a => a.getAttribute('href'))})); }""", ROW_GROUPS)
    bare = [g["id"] for g in found if not g["links"]]
    assert not bare, f"{page_name}: drawn from rows but linked to none: {bare[:10]}"
    distances = {g["id"]: g["hrefs"] for g in found if "-distance-" in g["id"]}
    for gid, hrefs in distances.items():   # each half leads to the place at its end
        first, second = re.search(r"-distance-(pl_\w+?)-(pl_\w+?)(-end)?$", gid).groups()[:2]
        assert hrefs and hrefs[0].endswith("-" + (second if gid.endswith("-end") else first)), (gid, hrefs)
    if page_name.endswith("balancing.html"):
        assert any("-majority-" in g["id"] for g in found), "the balancing chart's majority bars are not links"
    if page_name.endswith("maps.html"):
        assert distances, "the map's distance lines are not links"
