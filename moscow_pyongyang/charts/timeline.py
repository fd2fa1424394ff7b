"""The four-stage timeline and the 'what if a boundary moves' chart (notebook ``four_stages.ipynb``).

Everything drawn comes from ``events.csv`` and ``periods.csv``: stage bands from the kind=stage rows, event
marks from the events, and every annotation from an event row picked by its id (its year is read from the
row, never typed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib.dates as mdates
import matplotlib.patches as mpatches
import matplotlib.pyplot as plt
import matplotlib.lines as mlines
import pandas as pd

from ..data.periods import stage_of, with_boundary
from .chartdata import period_bounds, point_bounds, point_dates, rows_by_id
from .style import (CATEGORY_STYLE, GUIDE, INK, MUTED, STAGE_BAND_ALPHA, add_source_line, category_style,
                    source_summary, stage_style)


def stage_table(stages: pd.DataFrame, *, open_end: pd.Timestamp | None = None) -> pd.DataFrame:
    """The kind=stage rows as (stage, label, start, end) with Timestamps, in stage order."""
    stages = stages[stages["kind"] == "stage"] if "kind" in stages else stages
    start, end = period_bounds(stages, open_end=open_end)
    table = pd.DataFrame({"stage": stages["stage"].astype(int).to_numpy(), "label": stages["label"].to_numpy(),
                          "start": start.to_numpy(), "end": end.to_numpy(),
                          })
    return table.sort_values("stage").reset_index(drop=True)


def data_end(events: pd.DataFrame) -> pd.Timestamp:
    """The last day the events cover: the timeline's 'today'."""
    return point_bounds(events)[1].max()


def stage_periods(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`stage_table` as the frame :func:`~moscow_pyongyang.data.periods.stage_of` reads."""
    return table.rename(columns={"start": "period_start", "end": "period_end"})


def stages_of(dates: pd.Series, periods: pd.DataFrame) -> pd.Series:
    """The stage of each date (a date before the first stage counts as the first), by the book's one lookup."""
    first = int(periods["stage"].min())
    return dates.map(lambda d: stage_of(d, periods, before_first=first))


def draw_stage_bands(ax, stages: pd.DataFrame, *, label_y: float | None = None, numbers: bool = True,
                     limits: tuple[pd.Timestamp, pd.Timestamp] | None = None) -> None:
    """Tinted, hatched vertical bands, one per stage, with the stage number at the top of each visible band."""
    low, high = limits if limits is not None else (stages["start"].min(), stages["end"].max())
    for row in stages.itertuples():
        style = stage_style(row.stage)
        # the end date is the stage's last day: the band runs to the start of the next day
        stop = row.end + pd.Timedelta(days=1) if isinstance(row.end, pd.Timestamp) else row.end
        ax.axvspan(row.start, stop, facecolor=style["color"], alpha=STAGE_BAND_ALPHA, lw=0, zorder=0)
        ax.axvspan(row.start, stop, facecolor="none", edgecolor=style["color"], hatch=style["hatch"],
                   alpha=0.45, lw=0, zorder=0)
        shown_start, shown_end = max(row.start, low), min(stop, high)
        visible = (shown_end - shown_start) / (high - low) if high > low else 0
        if numbers and visible > 0.04:
            middle = shown_start + (shown_end - shown_start) / 2
            ax.text(middle, 1.0 if label_y is None else label_y, str(row.stage), transform=ax.get_xaxis_transform(),
                    ha="center", va="bottom", fontsize=9, fontweight="bold", color=INK)


def stage_legend_handles(stages: pd.DataFrame) -> list:
    handles = []
    for row in stages.itertuples():
        style = stage_style(row.stage)
        handles.append(mpatches.Patch(facecolor=mpl_tint(style["color"]), edgecolor=style["color"],
                                      hatch=style["hatch"], label=f"{row.stage} {row.label}"))
    return handles


def mpl_tint(color: str, alpha: float = STAGE_BAND_ALPHA) -> tuple:
    """The colour a band shows on white (the tint), for legend patches."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(color)
    return (1 - alpha + alpha * r, 1 - alpha + alpha * g, 1 - alpha + alpha * b)


@dataclass
class Callout:
    """An annotation on the timeline: the event row it refers to and a short name; the year comes from the row."""

    event_id: str
    name: str
    kind: str = "treaty"   # "treaty" (marked on its row) or "break" (a stage boundary)


def _place_labels(xs: list[float], widths: list[float], levels: int, gap: float = 0.0) -> list[tuple[int, float]]:
    """Greedy placement of labels sorted by x: (level, x shift) for each, taking the level that needs the
    smallest shift to the right (the lowest level on a tie), so no two labels on a level overlap."""
    last_right = [float("-inf")] * levels
    placed = []
    for x, width in zip(xs, widths):
        shifts = [max(0.0, last_right[level] + gap - (x - width / 2)) for level in range(levels)]
        level = min(range(levels), key=lambda i: (shifts[i], i))
        last_right[level] = x + shifts[level] + width / 2
        placed.append((level, shifts[level]))
    return placed


def _event_rows(ax, events: pd.DataFrame, dates: pd.Series, categories: list[str], row_of: dict, tag: str) -> None:
    for category in categories:
        chosen = events["category"] == category
        style = category_style(category)
        ax.scatter(dates[chosen], [row_of[category]] * int(chosen.sum()), marker=style["marker"],
                   s=70 if style["marker"] == "*" else 30, facecolors=INK, edgecolors="white", linewidths=0.5,
                   zorder=3, label=style["label"], gid=f"{tag}-{category}")


def _draw_callouts(fig, panels, events, callouts, row_of, top, zoom_start) -> None:
    """Label each callout's event above the chart, on one of two levels, nudged right so none overlap."""
    picked = rows_by_id(events, [c.event_id for c in callouts], what="event")
    picked_dates = point_dates(picked)
    texts = [f"{c.name} {d.year}" for c, d in zip(callouts, picked_dates)]
    fig.draw_without_rendering()   # lay out once so label widths can be measured
    renderer = fig.canvas.get_renderer()
    for index, (panel, low, high) in enumerate(panels):
        if zoom_start is None:
            here = list(range(len(callouts)))
        elif index == 0:
            here = [i for i, d in enumerate(picked_dates) if d < zoom_start]
        else:
            here = [i for i, d in enumerate(picked_dates) if d >= zoom_start]
        bbox = panel.get_window_extent(renderer)
        days_per_pixel = (high - low).days / bbox.width
        annotations = []
        for i in here:
            callout, row, date = callouts[i], picked.iloc[i], picked_dates.iloc[i]
            is_break = callout.kind == "break"
            y_mark = row_of.get(row["category"], top)
            note = panel.annotate(texts[i], xy=(date, y_mark), xytext=(date, top + 0.55), ha="center", va="bottom",
                                  fontsize=7.5, color=INK, fontweight="bold" if is_break else "normal",
                                  bbox=dict(boxstyle="round,pad=0.2", fc="white", ec=INK if is_break else GUIDE,
                                            lw=0.9 if is_break else 0.6),
                                  arrowprops=dict(arrowstyle="-", color=MUTED, lw=0.6, shrinkA=0, shrinkB=3),
                                  zorder=5, gid=f"callout-{callout.event_id}")
            panel.scatter([date], [y_mark], s=140 if row["category"] == "treaty" else 80, facecolors="none",
                          edgecolors=INK, linewidths=1.0, zorder=4)
            width_days = (note.get_window_extent(renderer).width + 6) * days_per_pixel
            annotations.append((note, date, width_days))
        annotations.sort(key=lambda a: a[1])
        xs = [(d - low).days for _, d, _ in annotations]
        placed = _place_labels(xs, [w for *_, w in annotations], 2, gap=4 * days_per_pixel)
        for (note, date, width), (level, shift) in zip(annotations, placed):
            centre = date + pd.Timedelta(days=shift)
            half = pd.Timedelta(days=width / 2)
            centre = min(max(centre, low + half), high - half)
            note.set_position((centre, top + 0.55 + level * 0.95))


ZOOM_PAD_DAYS = 400     # the zoom panel of the timeline starts this long before the last stage begins
WINDOW_PAD_DAYS = 300   # the boundary chart shows this much time either side of the candidate dates


def plot_timeline(events: pd.DataFrame, stages: pd.DataFrame, callouts: list[Callout] | None = None,
                  *, title: str = "Four stages of Moscow–Pyongyang relations", zoom_last_stage: bool = True
                  ) -> plt.Figure:
    """Events 1945–today on one row per category over the four stage bands; callouts name events by id.

    The last stage is short and crowded, so a second panel on the right repeats it at a larger time scale.
    """
    callouts = callouts or []
    end = data_end(events)
    table = stage_table(stages, open_end=end)
    dates = point_dates(events)
    categories = [c for c in CATEGORY_STYLE if c in set(events["category"])]
    unknown = sorted(set(events["category"]) - set(CATEGORY_STYLE))
    if unknown:
        raise KeyError(f"events.csv has categories with no chart style: {unknown}")
    row_of = {c: i for i, c in enumerate(reversed(categories))}
    margin = pd.Timedelta(days=240)
    first = min(table["start"].min(), dates.min()) - margin
    last = end + pd.Timedelta(days=60)

    if zoom_last_stage:
        fig, (ax, zoom) = plt.subplots(1, 2, figsize=(7.5, 5.4), sharey=True,
                                       gridspec_kw={"width_ratios": [4.2, 1.3]})
        zoom_start = table["start"].iloc[-1] - pd.Timedelta(days=ZOOM_PAD_DAYS)
        panels = [(ax, first, last), (zoom, zoom_start, last)]
    else:
        fig, ax = plt.subplots(figsize=(7.5, 5.4))
        zoom, zoom_start = None, None
        panels = [(ax, first, last)]

    top = len(categories) - 0.3
    for i, (panel, low, high) in enumerate(panels):
        draw_stage_bands(panel, table, limits=(low, high))
        _event_rows(panel, events, dates, categories, row_of, "events" if i == 0 else "zoom")
        for row in table.iloc[1:].itertuples():   # stage boundaries: a dark line at each stage's first day
            panel.axvline(row.start, color=INK, lw=1.0, ls="-", zorder=2)
        panel.set_xlim(low, high)
        panel.grid(axis="y", color="#eeeeee")
        panel.tick_params(axis="y", length=0)
    ax.set_yticks(list(row_of.values()), [category_style(c)["label"] for c in row_of])
    ax.set_ylim(-0.7, top + 2.3)   # two label levels above the top row
    ax.xaxis.set_major_locator(mdates.YearLocator(10))
    ax.xaxis.set_minor_locator(mdates.YearLocator(5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    if zoom is not None:
        zoom.xaxis.set_major_locator(mdates.YearLocator())
        zoom.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        zoom.tick_params(axis="x", labelsize=8)
        zoom.set_xlabel("the last stage, zoomed", fontsize=8, color=MUTED)
        ax.axvspan(zoom_start, last, facecolor="none", edgecolor=MUTED, lw=0.8, ls=":", zorder=1)

    ax.set_title(title, pad=16)
    stage_handles = stage_legend_handles(table)
    break_handle = mlines.Line2D([], [], color=INK, lw=1.0, label="stage boundary (numbers on top)")
    framed = mpatches.Patch(facecolor="white", edgecolor=INK, lw=0.9, label="bold label: the event behind a break")
    ax.legend(handles=stage_handles + [break_handle, framed], loc="upper left", bbox_to_anchor=(0, -0.07),
              ncol=2, fontsize=7.5)
    add_source_line(fig, source_summary(events, "events.csv") + "; stages from the book's periodisation")
    if callouts:
        _draw_callouts(fig, panels, events, callouts, row_of, top, zoom_start if zoom is not None else None)
    return fig


# --- what changes if a boundary moves -------------------------------------------------------------------

@dataclass
class BoundaryQuestion:
    """Alternative dates for the first day of stage ``stage``, each given by an event row (its date)."""

    stage: int
    title: str
    candidates: list[Callout] = field(default_factory=list)


def boundary_shifts(events: pd.DataFrame, stages: pd.DataFrame, question: BoundaryQuestion) -> pd.DataFrame:
    """For each candidate boundary (and the book's own), which events would change stage, and how many.

    An event changes stage when the middle of its date falls on the other side of the candidate boundary
    than of the book's boundary; every other event keeps the stage ``events.csv`` gives it.
    Returns one row per candidate (name, event_id, boundary, precision, moved = the ids that change stage,
    n_moved), the book's boundary among them, in date order.
    """
    table = stage_table(stages, open_end=data_end(events))
    periods = stage_periods(table)
    dates = point_dates(events)
    current = stages_of(dates, periods)
    rows = []
    candidates = rows_by_id(events, [c.event_id for c in question.candidates], what="event")
    for callout, (_, row) in zip(question.candidates, candidates.iterrows()):
        start = point_bounds(candidates.loc[[_]])[0].iloc[0]
        stage_if = stages_of(dates, with_boundary(periods, question.stage, start))
        moved = events.loc[stage_if != current, "id"].tolist()
        rows.append({"name": callout.name, "event_id": callout.event_id, "boundary": start,
                     "precision": row["date_precision"] if "date_precision" in row else "day",
                     "moved": moved, "n_moved": len(moved)})
    book_start = table.loc[table["stage"] == question.stage, "start"].iloc[0]
    rows.append({"name": "the book's boundary", "event_id": "", "boundary": book_start,
                 "precision": "day", "moved": [], "n_moved": 0})
    return pd.DataFrame(rows).sort_values("boundary").reset_index(drop=True)


def plot_boundary_shifts(events: pd.DataFrame, stages: pd.DataFrame, questions: list[BoundaryQuestion],
                         *, pad_days: int | None = None) -> plt.Figure:
    """One panel per boundary question; one row per candidate date; each event in the window is marked
    with the stage it would fall in (stage colour and marker), ringed if it changes stage."""
    table = stage_table(stages, open_end=data_end(events))
    dates = point_dates(events)
    heights = [len(q.candidates) + 1 for q in questions]
    fig, axes = plt.subplots(len(questions), 1, figsize=(7.5, 1.1 + 0.62 * sum(heights)),
                             gridspec_kw={"height_ratios": heights})
    axes = list(axes) if len(questions) > 1 else [axes]
    for ax, question in zip(axes, questions):
        shifts = boundary_shifts(events, stages, question)
        pad = WINDOW_PAD_DAYS if pad_days is None else pad_days
        low = shifts["boundary"].min() - pd.Timedelta(days=pad)
        high = shifts["boundary"].max() + pd.Timedelta(days=pad)
        window = (dates >= low) & (dates <= high)
        before, after = question.stage - 1, question.stage
        in_window = events[window]
        window_dates = dates[window]
        # small vertical offsets so that events a few weeks apart do not hide each other
        offsets, last, k = [], None, 0
        for d in window_dates.sort_values():
            k = k + 1 if last is not None and (d - last).days < 75 else 0
            offsets.append(((k % 3) - 1) * 0.18)
            last = d
        offset = pd.Series(offsets, index=window_dates.sort_values().index)
        labels = []
        for y, shift in enumerate(shifts.itertuples()):
            row_y = len(shifts) - 1 - y
            data_stage = in_window["stage"].astype(int) if "stage" in in_window else \
                window_dates.map(lambda d: after if d >= shift.boundary else before)
            flipped = in_window["id"].isin(shift.moved)
            stage_if = data_stage.where(~flipped, before + after - data_stage)
            for stage in (before, after):
                chosen = stage_if == stage
                style = stage_style(stage)
                moved = in_window["id"].isin(shift.moved)
                for ring, sel in ((False, chosen & ~moved), (True, chosen & moved)):
                    if not sel.any():
                        continue
                    ax.scatter(window_dates[sel], row_y + offset[sel[sel].index], marker=style["marker"], s=34,
                               facecolors=style["color"], edgecolors=INK if ring else MUTED,
                               linewidths=1.3 if ring else 0.5, zorder=3,
                               gid=f"shift-{question.stage}-{y}-{stage}-{'moved' if ring else 'kept'}")
            is_book = shift.event_id == ""
            ax.vlines(shift.boundary, row_y - 0.42, row_y + 0.42, color=INK, lw=2.0 if is_book else 1.2,
                      linestyles="-" if is_book else "--", zorder=4)
            date_text = {"year": f"{shift.boundary:%Y}", "month": f"{shift.boundary:%b %Y}"}.get(
                shift.precision, f"{shift.boundary.day} {shift.boundary:%b %Y}")
            labels.append((row_y, f"{shift.name}, {date_text}", shift.n_moved, is_book))
        ax.set_yticks([r for r, *_ in labels], [t for _, t, _, _ in labels], fontsize=8)
        for row_y, _, n_moved, is_book in labels:
            note = "book's stages" if is_book else f"{n_moved} event{'s' if n_moved != 1 else ''} change stage"
            ax.text(1.01, row_y, note, transform=ax.get_yaxis_transform(), va="center", ha="left", fontsize=8,
                    color=INK, fontweight="bold" if is_book else "normal")
        ax.set_ylim(-0.6, len(shifts) - 0.4)
        ax.set_xlim(low, high)
        span_years = (high - low).days / 365.25
        if span_years > 4:
            ax.xaxis.set_major_locator(mdates.YearLocator())
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        else:
            ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1, 7]))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", color="#eeeeee")
        ax.tick_params(axis="y", length=0)
        ax.set_title(question.title, fontsize=10)
    handles = [mlines.Line2D([], [], ls="", marker=stage_style(s)["marker"], markerfacecolor=stage_style(s)["color"],
                             markeredgecolor=MUTED, markeredgewidth=0.5, markersize=7, label=f"falls in stage {s}: {lab}")
               for s, lab in zip(table["stage"], table["label"])
               if any(s in (q.stage - 1, q.stage) for q in questions)]
    handles.append(mlines.Line2D([], [], ls="", marker="o", markerfacecolor="white", markeredgecolor=INK,
                                 markeredgewidth=1.3, markersize=7, label="ringed: changes stage"))
    axes[-1].legend(handles=handles, loc="upper center", bbox_to_anchor=(0.45, -0.18), ncol=2, fontsize=7.5)
    add_source_line(fig, source_summary(events, "events.csv") + "; stages from the book's periodisation")
    return fig


def stage_profile(events: pd.DataFrame, stages: pd.DataFrame, *, top: int = 3) -> pd.DataFrame:
    """What defines each stage in the data: its span, its number of events and its commonest categories."""
    table = stage_table(stages, open_end=data_end(events))
    rows = []
    for row in table.itertuples():
        mine = events[events["stage"].astype(int) == row.stage]
        counts = mine["category"].value_counts()
        years = (row.end - row.start).days / 365.25
        rows.append({
            "stage": row.stage,
            "label": row.label,
            "from": f"{row.start:%Y-%m-%d}",
            "to": f"{row.end:%Y-%m-%d}",
            "events": len(mine),
            "events a year": round(len(mine) / years, 1) if years > 0 else float("nan"),
            "commonest categories": ", ".join(f"{c} ({n})" for c, n in counts.head(top).items()),
        })
    return pd.DataFrame(rows)


def boundary_window_events(events: pd.DataFrame, stages: pd.DataFrame, questions: list[BoundaryQuestion],
                           *, pad_days: int | None = None) -> pd.DataFrame:
    """The events the boundary chart draws (those inside any question's window), in date order."""
    dates = point_dates(events)
    keep = pd.Series(False, index=events.index)
    for question in questions:
        shifts = boundary_shifts(events, stages, question)
        pad = WINDOW_PAD_DAYS if pad_days is None else pad_days
        low = shifts["boundary"].min() - pd.Timedelta(days=pad)
        high = shifts["boundary"].max() + pd.Timedelta(days=pad)
        keep |= (dates >= low) & (dates <= high)
    return events[keep].assign(_when=dates[keep]).sort_values("_when").drop(columns="_when")
