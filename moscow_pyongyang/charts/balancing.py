"""Putting the lean periods to the test (notebook ``balancing.ipynb``).

The lean periods (toward Beijing, toward Moscow) come from the kind=lean rows of ``periods.csv``, one row
per claim and per reading (``according_to``: Tertitskiy's essay, or this book's reading). The evidence is
``balancing.csv``: one row per coded event, each leaning toward Moscow, toward Beijing, neutral, or both.
Nothing here decides who is right: the chart puts the claims above the year-by-year evidence and counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd

from .chartdata import period_bounds, point_bounds, rows_by_id
from .style import (FIG_WIDTH, GUIDE, INK, LEAN_STYLE, MUTED, TEXT_PT, add_source_line, chart_title, link_rows,
                    source_words)

# How each reading is named on the chart (periods.csv `according_to`); unknown values are shown as they are.
READING_LABEL = {
    "tertitskiy_2024": "Tertitskiy's essay",
    "archive_evidence": "this book's reading",
}
SIDE_NAME = {"moscow": "Moscow", "beijing": "Beijing"}
ESSAY = "tertitskiy_2024"    # the reading whose lean periods the chart and the prose test
SIDES = ("moscow", "beijing")


def lean_periods(periods: pd.DataFrame) -> pd.DataFrame:
    """The kind=lean rows with Timestamps ``start``/``end`` and decimal years ``x0``/``x1`` for drawing."""
    leans = periods[periods["kind"] == "lean"].copy()
    unknown = sorted(set(leans["lean"]) - set(SIDES))
    if unknown:
        raise KeyError(f"periods.csv has lean periods toward {unknown}; expected one of {list(SIDES)}")
    start, end = period_bounds(leans)
    leans["start_ts"], leans["end_ts"] = start.to_numpy(), end.to_numpy()
    leans["x0"] = leans["start_ts"].map(_decimal_year)
    leans["x1"] = (leans["end_ts"] + pd.Timedelta(days=1)).map(_decimal_year)
    return leans.reset_index(drop=True)


def _decimal_year(ts: pd.Timestamp) -> float:
    start = pd.Timestamp(ts.year, 1, 1)
    return ts.year + (ts - start).days / (pd.Timestamp(ts.year + 1, 1, 1) - start).days


def evidence_years(balancing: pd.DataFrame) -> pd.Series:
    """The calendar year of each evidence row (the year its date starts in)."""
    return point_bounds(balancing)[0].dt.year


def lean_by_year(balancing: pd.DataFrame) -> pd.DataFrame:
    """Per year: rows toward Moscow, toward Beijing, neutral or both, and which side has more (or 'tied')."""
    years = evidence_years(balancing)
    counts = pd.crosstab(years, balancing["lean"]).reindex(columns=list(LEAN_STYLE), fill_value=0)
    full = range(int(years.min()), int(years.max()) + 1)
    counts = counts.reindex(full, fill_value=0)
    counts.index.name = "year"

    def majority(row):
        if row["moscow"] > row["beijing"]:
            return "moscow"
        if row["beijing"] > row["moscow"]:
            return "beijing"
        return "tied" if row["moscow"] else "neither"

    counts["majority"] = counts.apply(majority, axis=1)
    return counts


def claims_vs_evidence(balancing: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """For each claimed lean period: how many pieces of evidence inside it lean each way.

    Columns: reading, claimed lean, from and to (years), toward claimed side, toward the other, neutral or both,
    share agreeing (of the rows that lean either way; empty when there are none).
    """
    leans = lean_periods(periods)
    start, _ = point_bounds(balancing)
    rows = []
    for period in leans.itertuples():
        inside = balancing[(start >= period.start_ts) & (start <= period.end_ts)]
        other = "beijing" if period.lean == "moscow" else "moscow"
        agree = int((inside["lean"] == period.lean).sum())
        disagree = int((inside["lean"] == other).sum())
        rows.append({
            "reading": READING_LABEL.get(period.according_to, period.according_to),
            "claimed lean": period.lean,
            "from": period.start_ts.year,
            "to": period.end_ts.year,
            "toward claimed side": agree,
            "toward the other": disagree,
            "neutral or both": int(len(inside) - agree - disagree),
            "share agreeing": round(agree / (agree + disagree), 2) if agree + disagree else float("nan"),
        })
    return pd.DataFrame(rows)


@dataclass
class Callout:
    """A row to name on the chart, by id; its date is read from the row.

    The id is looked up in ``balancing.csv`` first, then in ``events.csv`` (pass ``events=``): an event that is
    not coded evidence (such as a treaty) is drawn as a star on the middle line, its label placed on the
    ``side`` (moscow: above, beijing: below) it belongs to.
    """

    row_id: str
    name: str
    side: str | None = None


@dataclass
class BalancingRows:
    """What the balancing chart draws: the evidence, the claimed lean periods, the majority by year, and the
    events (for callouts of rows that are events rather than coded evidence)."""

    evidence: pd.DataFrame
    leans: pd.DataFrame
    by_year: pd.DataFrame
    events: pd.DataFrame | None = None


def prepare_balancing(balancing: pd.DataFrame, periods: pd.DataFrame, events: pd.DataFrame | None = None
                      ) -> BalancingRows:
    """The evidence (with ``year``), the lean periods (:func:`lean_periods`) and :func:`lean_by_year`."""
    return BalancingRows(balancing.assign(year=evidence_years(balancing)), lean_periods(periods),
                         lean_by_year(balancing), events)


def unclaimed_runs(rows: BalancingRows, reading: str = ESSAY) -> list[tuple[str, int, int]]:
    """Runs of two or more consecutive years in which most evidence leans to a side that no lean period of
    ``reading`` claims for those years: (side, first year, last year), longest first."""
    leans = rows.leans[rows.leans["according_to"] == reading]

    def claimed(year: int, side: str) -> bool:
        return any(p.lean == side and p.start_ts.year <= year <= p.end_ts.year for p in leans.itertuples())

    runs, current = [], None
    for year, side in rows.by_year["majority"].items():
        open_side = side if side in SIDES and not claimed(year, side) else None
        if current and open_side == current[0] and year == current[2] + 1:
            current = (current[0], current[1], year)
            continue
        if current and current[2] > current[1]:
            runs.append(current)
        current = (open_side, year, year) if open_side else None
    if current and current[2] > current[1]:
        runs.append(current)
    return sorted(runs, key=lambda r: (r[1] - r[2], r[1]))


def balancing_finding(rows: BalancingRows, reading: str = ESSAY) -> str:
    """The title: the longest run of years the evidence leans a way the essay's lean periods do not claim."""
    runs = unclaimed_runs(rows, reading)
    if not runs:
        return "The evidence agrees with every claimed lean period"
    side, first, last = runs[0]
    who = READING_LABEL.get(reading, reading)
    return (f"Most evidence leans to {'Moscow' if side == 'moscow' else 'Beijing'} in {first}–{str(last)[-2:]}, "
            f"years {who} does not assign to {'Moscow' if side == 'moscow' else 'Beijing'}")


def balancing_facts(balancing: pd.DataFrame, periods: pd.DataFrame, reading: str = ESSAY) -> dict:
    """The figures the notebook's prose quotes: the evidence's span, each of the essay's claimed periods'
    agreeing and disagreeing rows, the counts for single years and for 1966–69, and the weak sources."""
    years = evidence_years(balancing)
    claims = claims_vs_evidence(balancing, periods)
    essay = claims[claims["reading"] == READING_LABEL.get(reading, reading)].reset_index(drop=True)
    by_year = lean_by_year(balancing)

    def count(first, last, side):
        return int(by_year.loc[first:last, side].sum())

    facts = {"n_rows": len(balancing), "first_year": int(years.min()), "last_year": int(years.max())}
    for i, row in essay.iterrows():
        facts[f"essay{i}_agree"] = row["toward claimed side"]
        facts[f"essay{i}_disagree"] = row["toward the other"]
    for key, (first, last) in {"gap": (1966, 1969), "y1965": (1965, 1965), "y1982": (1982, 1982),
                               "y1983_84": (1983, 1984), "y1962": (1962, 1962)}.items():
        facts[f"{key}_moscow"] = count(first, last, "moscow")
        facts[f"{key}_beijing"] = count(first, last, "beijing")
    facts["n_weak"] = int(balancing["publisher"].str.contains("weak|aggregator|copy", case=False).sum())
    facts["n_mirrors"] = int(balancing["publisher"].str.contains("mirror", case=False).sum())
    return facts


def weak_sources(balancing: pd.DataFrame) -> pd.DataFrame:
    """The pieces of evidence whose publisher is flagged as weak, an aggregator or a copy."""
    return balancing[balancing["publisher"].str.contains("weak|aggregator|copy", case=False)]


def plot_balancing(rows: BalancingRows, callouts: list[Callout] | None = None, ax=None, *,
                   title: str | None = None, colors: dict | None = None, source: str | None = None
                   ) -> plt.Figure:
    """Top: the claimed lean periods, one row per reading, and the side most evidence favours, year by year.
    Bottom: every piece of evidence as a dot, stacked by year: toward Moscow above the line, toward Beijing
    below, neutral or joint on it.

    ``rows`` from :func:`prepare_balancing`; ``ax``: a pair of Axes (claims, evidence) or None; ``colors``:
    {lean: colour} for moscow, beijing, neutral, both.
    """
    callouts = callouts or []
    colors = {lean: style["color"] for lean, style in LEAN_STYLE.items()} | (colors or {})
    balancing, leans, by_year, events = rows.evidence, rows.leans, rows.by_year, rows.events
    years = balancing["year"]
    first, last = int(by_year.index.min()), int(by_year.index.max())
    own = ax is None
    if own:
        fig, (top, ax) = plt.subplots(2, 1, figsize=(FIG_WIDTH, 6.4), sharex=True,
                                      gridspec_kw={"height_ratios": [1.35, 3.4]})
    else:
        top, ax = ax
        fig = ax.figure

    # --- claims -------------------------------------------------------------------------------------------
    readings = list(dict.fromkeys(leans["according_to"]))
    labels = [READING_LABEL.get(r, r) for r in readings] + ["most evidence"]
    bar_labels = []
    for y, reading in enumerate(readings):
        row_y = len(labels) - 1 - y
        for period in leans[leans["according_to"] == reading].itertuples():
            bar = top.broken_barh([(period.x0, period.x1 - period.x0)], (row_y - 0.36, 0.72),
                                  facecolors=colors[period.lean], edgecolors="white", linewidth=1.0,
                                  hatch="////" if period.lean == "beijing" else None, gid=f"claim-{period.id}")
            label = top.text((period.x0 + period.x1) / 2, row_y, SIDE_NAME[period.lean], ha="center",
                             va="center", fontsize=TEXT_PT, color="white", fontweight="bold", clip_on=True,
                             bbox=dict(boxstyle="square,pad=0.1", fc=colors[period.lean], lw=0))
            bar_labels.append((label, bar, period.lean))
    for year, row in by_year.iterrows():
        side = row["majority"]
        if side not in SIDES + ("tied",):
            continue
        # one slice per piece of evidence that makes the year's majority (both sides when tied: Moscow's slices
        # first, each in its side's colour, so a tied year reads as split with no key), each linked to its row;
        # Beijing's slices are hatched, and the year's white frame is drawn over the slices, unlinked
        year_rows = rows.evidence[(rows.evidence["year"] == year)
                                  & rows.evidence["lean"].isin(SIDES if side == "tied" else (side,))]
        year_rows = year_rows.sort_values("lean", key=lambda lean: lean.map({s: i for i, s in enumerate(SIDES)}),
                                          kind="stable")
        width = 1 / len(year_rows)
        spans = [(year + i * width, width) for i in range(len(year_rows))]
        slices = top.broken_barh(spans, (-0.36, 0.72), facecolors=[colors[lean] for lean in year_rows["lean"]],
                                 edgecolors="none", linewidth=0, gid=f"majority-{year}")
        link_rows(slices, year_rows["id"])
        toward_beijing = (year_rows["lean"] == "beijing").to_numpy()
        if toward_beijing.any():
            hatched = top.broken_barh([span for span, b in zip(spans, toward_beijing) if b], (-0.36, 0.72),
                                      facecolors="none", edgecolors="none", linewidth=0, hatch="////",
                                      gid=f"majority-hatch-{year}")
            link_rows(hatched, year_rows.loc[toward_beijing, "id"])
        top.broken_barh([(year, 1)], (-0.36, 0.72), facecolors="none", zorder=2.1, gid=f"majority-frame-{year}",
                        edgecolors="white", linewidth=0.6)
    top.set_yticks(range(len(labels)), list(reversed(labels)), fontsize=TEXT_PT)
    top.set_ylim(-0.6, len(labels) + 0.3)   # a strip above the top row, for names of bars too narrow to hold them
    top.grid(False)
    top.tick_params(axis="y", length=0)
    top.spines["left"].set_visible(False)

    # --- evidence -----------------------------------------------------------------------------------------
    level = {}
    positions = []
    for lean, year in zip(balancing["lean"], years):
        if lean == "moscow":
            k = level.get((year, "up"), 0) + 1
            level[(year, "up")] = k
            positions.append((year + 0.5, k))
        elif lean == "beijing":
            k = level.get((year, "down"), 0) + 1
            level[(year, "down")] = k
            positions.append((year + 0.5, -k))
        else:
            k = level.get((year, "mid"), 0)
            level[(year, "mid")] = k + 1
            positions.append((year + 0.5 + (0.28 if k % 2 else -0.28) * ((k + 1) // 2), 0))
    pos = pd.DataFrame(positions, columns=["x", "y"], index=balancing.index)
    for lean in LEAN_STYLE:
        chosen = balancing["lean"] == lean
        if not chosen.any():
            continue
        marks = ax.scatter(pos.loc[chosen, "x"], pos.loc[chosen, "y"], marker="o", s=36, facecolors=colors[lean],
                   edgecolors="white", linewidths=0.5, zorder=3, gid=f"evidence-{lean}")
        link_rows(marks, balancing.loc[chosen, "id"])
    ax.axhline(0, color=GUIDE, lw=0.8, zorder=1)
    high = max([abs(v) for v in pos["y"]] + [1])
    ax.set_ylim(-high - 1.2, high + 1.2)
    ax.set_xlim(first - 0.3, last + 1.3)
    ax.set_ylabel("pieces of evidence in the year")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{abs(int(v))}" if v == int(v) else ""))
    ax.text(0.005, 0.98, "↑ toward Moscow", transform=ax.transAxes, va="top", fontsize=TEXT_PT, fontweight="bold",
            color=colors["moscow"])
    ax.text(0.005, 0.02, "↓ toward Beijing", transform=ax.transAxes, va="bottom", fontsize=TEXT_PT,
            fontweight="bold", color=colors["beijing"])
    ax.text(0.995, 0.02, "on the line: neutral or both", transform=ax.transAxes, va="bottom", ha="right",
            fontsize=TEXT_PT, color=MUTED)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#eeeeee")
    ax.set_xticks(range(first - first % 5 + 5, last + 1, 5))

    # light guides: where each claimed period starts and ends
    for period in leans[leans["according_to"] == readings[0]].itertuples() if readings else []:
        for x in (period.x0, period.x1):
            ax.axvline(x, color=GUIDE, lw=0.6, ls=":", zorder=0)
            top.axvline(x, color=GUIDE, lw=0.6, ls=":", zorder=0)

    for callout in callouts:
        if callout.row_id in set(balancing["id"]):
            row = rows_by_id(balancing, [callout.row_id], what="balancing row").iloc[0]
            index = balancing.index[balancing["id"] == callout.row_id][0]
            x, y = pos.loc[index, "x"], pos.loc[index, "y"]
            side = callout.side or ("beijing" if y < 0 else "moscow")
        else:
            if events is None:
                raise KeyError(f"no balancing row with id {callout.row_id!r} (and no events given to look in)")
            row = rows_by_id(events, [callout.row_id], what="event").iloc[0]
            side = callout.side or "moscow"
            day = point_bounds(pd.DataFrame([row]))[0].iloc[0]
            x, y = _decimal_year(day), {"moscow": 0.45, "beijing": -0.45}.get(side, 0.0)
            color = colors[side] if side in SIDES else INK
            ax.scatter([x], [y], marker="*", s=150, facecolors=color, edgecolors=INK, linewidths=0.6, zorder=5,
                       gid=f"event-{callout.row_id}")
        day = point_bounds(pd.DataFrame([row]))[0].iloc[0]
        label = f"{callout.name},\n{day.day}\u00a0{day:%b}\u00a0{day:%Y}" if row["date_precision"] == "day" else \
            f"{callout.name},\n{row['date']}"
        dy = 2.6 if side != "beijing" else -2.6
        ax.annotate(label, xy=(x, y), xytext=(x + 1.0, y + dy), fontsize=TEXT_PT, ha="left", va="center", color=INK,
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec=INK, lw=0.6),
                    arrowprops=dict(arrowstyle="-", color=INK, lw=0.7, shrinkA=0, shrinkB=5),
                    zorder=6, gid=f"callout-{callout.row_id}")
    if own:
        # no key: each claimed period is named in or beside its bar, a tied year shows both sides' slices
        chart_title(fig, title or balancing_finding(rows),
                    "Top: the lean periods each reading claims and, year by year, the side most evidence favours. "
                    "Below: one dot per piece of evidence.")
        add_source_line(fig, source or source_words(
            "East German, Hungarian, Soviet and other embassy reports in the Wilson Center Digital Archive, CIA "
            "assessments and the press; lean periods from Tertitskiy's essay and this book", balancing,
            noun="piece", ).replace("pieces drawn", "pieces of evidence drawn").replace("piece drawn",
                                                                                     "piece of evidence drawn"))
    fit_bar_labels(fig, bar_labels, colors)
    return fig


def fit_bar_labels(fig: plt.Figure, labels: list, colors: dict | None = None, pad_px: float = 3.0) -> None:
    """Name each bar by its side (Moscow, Beijing) where the reader looks for it: inside the bar where the whole
    name fits (as laid out: the figure is laid out first); else just beside the bar, right or left, in the side's
    colour, where the row has room inside the panel clear of every other bar and name; else the bar keeps no
    name (its colour and hatch match a named bar of the same side). Never an initial a reader would decode."""
    if not labels:
        return
    colors = {lean: style["color"] for lean, style in LEAN_STYLE.items()} | (colors or {})
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()

    def extent(bar):
        corners = bar.get_transform().transform(bar.get_paths()[0].vertices)
        return corners[:, 0].min(), corners[:, 0].max(), corners[:, 1].min(), corners[:, 1].max()

    bars = [extent(bar) for _, bar, _ in labels]
    top_row = max(by1 for *_, by1 in bars) - 1
    placed = []   # boxes of the names written beside their bars
    for (label, bar, lean), (x0, x1, y0, y1) in zip(labels, bars):
        label.set_text(SIDE_NAME[lean])
        box_pad = 2 * 0.1 * label.get_fontsize() * fig.dpi / 72   # the label's square box, pad 0.1 em
        if label.get_window_extent(renderer).width + box_pad + pad_px <= x1 - x0:
            continue
        label.set_bbox(None)
        label.set_color(colors[lean])
        panel = label.axes.get_window_extent(renderer)
        to_data = label.axes.transData.inverted()
        spots = [("left", "center", x1 + pad_px, (y0 + y1) / 2), ("right", "center", x0 - pad_px, (y0 + y1) / 2)]
        if y1 >= top_row:   # the top row has a free strip above it
            spots.append(("center", "bottom", (x0 + x1) / 2, y1 + 1))
        for ha, va, x, y in spots:
            label.set_horizontalalignment(ha)
            label.set_verticalalignment(va)
            label.set_position(to_data.transform((x, y)))
            box = label.get_window_extent(renderer)
            clear = panel.x0 + 1 <= box.x0 and box.x1 <= panel.x1 - 1 and box.y1 <= panel.y1 and not any(
                box.x0 < bx1 + pad_px and bx0 - pad_px < box.x1 and box.y0 < by1 and by0 < box.y1
                for bx0, bx1, by0, by1 in bars) and not any(box.overlaps(other) for other in placed)
            if clear:
                placed.append(box)
                break
        else:
            label.set_text("")
        label.set_visible(bool(label.get_text()))
