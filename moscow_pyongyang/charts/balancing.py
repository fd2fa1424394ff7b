"""Putting the lean periods to the test (notebook ``balancing.ipynb``).

The lean periods (toward Beijing, toward Moscow) come from the kind=lean rows of ``periods.csv``, one row
per claim and per reading (``according_to``: the seed essay, the research notes). The evidence is
``balancing.csv``: one row per coded event, each leaning toward Moscow, toward Beijing, neutral, or both.
Nothing here decides who is right: the chart puts the claims above the year-by-year evidence and counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.lines as mlines
import matplotlib.patches as mpatches
import matplotlib.pyplot as plt
import pandas as pd

from .chartdata import period_bounds, point_bounds, rows_by_id
from .style import (GUIDE, INK, KIND_MARKER, LEAN_STYLE, MUTED, add_source_line, lean_style, source_summary)

# How each reading is named on the chart (periods.csv `according_to`); unknown values are shown as they are.
READING_LABEL = {
    "seed_002": "seed essay (002)",
    "seed_000": "seed essay (000)",
    "seed_004": "seed essay (004)",
    "research": "research notes",
}
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
    """For each claimed lean period: how many evidence rows inside it lean each way.

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


def plot_balancing(balancing: pd.DataFrame, periods: pd.DataFrame, callouts: list[Callout] | None = None,
                   *, events: pd.DataFrame | None = None, title: str = "Toward Moscow or Beijing? Claims against the evidence") -> plt.Figure:
    """Top: the claimed lean periods, one row per reading, and the year-by-year majority of the evidence.
    Bottom: every evidence row as a mark, stacked by year: toward Moscow above the line, toward Beijing below,
    neutral or joint on it; the mark's shape is the kind of evidence."""
    callouts = callouts or []
    leans = lean_periods(periods)
    years = evidence_years(balancing)
    unknown_kinds = sorted(set(balancing["kind"]) - set(KIND_MARKER))
    if unknown_kinds:
        raise KeyError(f"balancing.csv has kinds with no marker: {unknown_kinds}")
    by_year = lean_by_year(balancing)
    first, last = int(by_year.index.min()), int(by_year.index.max())

    fig, (top, ax) = plt.subplots(2, 1, figsize=(7.5, 6.4), sharex=True, gridspec_kw={"height_ratios": [1.2, 3.6]})

    # --- claims -------------------------------------------------------------------------------------------
    readings = list(dict.fromkeys(leans["according_to"]))
    labels = [READING_LABEL.get(r, r) for r in readings] + ["majority of the evidence"]
    for y, reading in enumerate(readings):
        row_y = len(labels) - 1 - y
        for period in leans[leans["according_to"] == reading].itertuples():
            style = lean_style(period.lean)
            top.broken_barh([(period.x0, period.x1 - period.x0)], (row_y - 0.32, 0.64), facecolors=style["color"],
                            edgecolors="white", linewidth=1.0, gid=f"claim-{period.id}")
            top.text((period.x0 + period.x1) / 2, row_y, "Moscow" if period.lean == "moscow" else "Beijing",
                     ha="center", va="center", fontsize=7, color="white", fontweight="bold", clip_on=True)
    for year, row in by_year.iterrows():
        side = row["majority"]
        if side in SIDES:
            style = lean_style(side)
            top.broken_barh([(year, 1)], (-0.32, 0.64), facecolors=style["color"], edgecolors="white",
                            linewidth=0.6, gid=f"majority-{year}")
            top.text(year + 0.5, 0, "M" if side == "moscow" else "B", ha="center", va="center", fontsize=6.5,
                     color="white", fontweight="bold")
        elif side == "tied":
            top.broken_barh([(year, 1)], (-0.32, 0.64), facecolors="white", edgecolors=INK, hatch="////",
                            linewidth=0.6, gid=f"majority-{year}")
    top.set_yticks(range(len(labels)), list(reversed(labels)), fontsize=8)
    top.set_ylim(-0.6, len(labels) - 0.4)
    top.grid(False)
    top.tick_params(axis="y", length=0)
    top.spines["left"].set_visible(False)
    top.set_title(title)

    # --- evidence -----------------------------------------------------------------------------------------
    level = {}
    positions = []
    for index, (lean, year) in enumerate(zip(balancing["lean"], years)):
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
        for kind, marker in KIND_MARKER.items():
            chosen = (balancing["lean"] == lean) & (balancing["kind"] == kind)
            if not chosen.any():
                continue
            style = lean_style(lean)
            ax.scatter(pos.loc[chosen, "x"], pos.loc[chosen, "y"], marker=marker, s=46 if marker != "*" else 90,
                       facecolors=style["color"], edgecolors="white", linewidths=0.5, zorder=3,
                       gid=f"evidence-{lean}-{kind}")
    ax.axhline(0, color=GUIDE, lw=0.8, zorder=1)
    high = max([abs(v) for v in pos["y"]] + [1])
    ax.set_ylim(-high - 1.2, high + 1.2)
    ax.set_xlim(first - 0.3, last + 1.3)
    ax.set_ylabel("evidence rows in the year")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{abs(int(v))}" if v == int(v) else ""))
    ax.text(0.005, 0.98, "↑ toward Moscow", transform=ax.transAxes, va="top", fontsize=8.5, fontweight="bold",
            color=LEAN_STYLE["moscow"]["color"])
    ax.text(0.005, 0.02, "↓ toward Beijing", transform=ax.transAxes, va="bottom", fontsize=8.5, fontweight="bold",
            color=LEAN_STYLE["beijing"]["color"])
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
            color = lean_style(side)["color"] if side in SIDES else INK
            ax.scatter([x], [y], marker="*", s=150, facecolors=color, edgecolors=INK, linewidths=0.6, zorder=5,
                       gid=f"event-{callout.row_id}")
        day = point_bounds(pd.DataFrame([row]))[0].iloc[0]
        label = f"{callout.name}, {day.day} {day:%b %Y}" if row["date_precision"] == "day" else \
            f"{callout.name}, {row['date']}"
        dy = 2.2 if side != "beijing" else -2.2
        ax.annotate(label, xy=(x, y), xytext=(x + 1.2, y + dy), fontsize=7.5, ha="left", va="center", color=INK,
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec=INK, lw=0.6),
                    arrowprops=dict(arrowstyle="-", color=INK, lw=0.7, shrinkA=0, shrinkB=5),
                    zorder=6, gid=f"callout-{callout.row_id}")

    kinds = [k for k in KIND_MARKER if k in set(balancing["kind"])]
    kind_handles = [mlines.Line2D([], [], ls="", marker=KIND_MARKER[k], markerfacecolor=MUTED, markeredgecolor="white",
                                  markersize=7 if KIND_MARKER[k] != "*" else 10, label=k) for k in kinds]
    lean_handles = [mpatches.Patch(facecolor=lean_style(l)["color"], label=lean_style(l)["label"])
                    for l in LEAN_STYLE if l in set(balancing["lean"])]
    lean_handles.append(mpatches.Patch(facecolor="white", edgecolor=INK, hatch="////",
                                       label="majority: tied (blank: no row leans)"))
    ax.legend(handles=lean_handles + kind_handles, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=5,
              fontsize=7.5, columnspacing=1.0, handletextpad=0.4)
    add_source_line(fig, source_summary(balancing, "balancing.csv") + "; lean periods from the book's table of periods")
    return fig
