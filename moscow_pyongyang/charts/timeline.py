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
import numpy as np
import pandas as pd

from ..data.periods import stage_of, with_boundary
from .chartdata import point_bounds, point_dates, rows_by_id, stage_table
from .style import (CATEGORY_STYLE, EVENT_MARKER, FIG_WIDTH, GUIDE, INK, MUTED, PANEL_TITLE_PT, TEXT_PT, add_source_line,
                    category_style, chart_title, draw_stage_bands, fit_stage_names, link_rows, mpl_tint, plural,
                    source_words, stage_style, verb, wrap)

__all__ = ["stage_table", "draw_stage_bands", "mpl_tint"]   # re-exported: they live in chartdata and style


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


def stage_legend_handles(stages: pd.DataFrame) -> list:
    handles = []
    for row in stages.itertuples():
        style = stage_style(row.stage)
        handles.append(mpatches.Patch(facecolor=mpl_tint(style["color"]), edgecolor=style["color"],
                                      hatch=style["hatch"], label=f"{row.stage} {row.label}"))
    return handles


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
        marks = ax.scatter(dates[chosen], [row_of[category]] * int(chosen.sum()), marker=EVENT_MARKER,
                           s=26, facecolors=INK, edgecolors="white",
                           linewidths=0.5, zorder=3, label=style["label"], gid=f"{tag}-{category}")
        link_rows(marks, events.loc[chosen, "id"])


def callout_text(callout: Callout, row: pd.Series, date: pd.Timestamp) -> str:
    """'Alliance treaty, Jul 1961' (the month when the row gives one): the date is read from the row."""
    precision = row.get("date_precision", "day")
    when = f"{date:%Y}" if precision == "year" else f"{date:%b}\u00a0{date:%Y}"
    return f"{callout.name}, {when}"


def _draw_callouts(fig, panels, events, callouts, row_of, top, zoom_start) -> None:
    """Label each callout's event above the chart, on one of two levels, nudged right so none overlap."""
    picked = rows_by_id(events, [c.event_id for c in callouts], what="event")
    picked_dates = point_dates(picked)
    texts = [wrap(callout_text(c, row, d), 18) for c, (_, row), d in zip(callouts, picked.iterrows(), picked_dates)]
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
                                  fontsize=TEXT_PT, color=INK, fontweight="bold" if is_break else "normal",
                                  bbox=dict(boxstyle="round,pad=0.2", fc="white", ec=INK if is_break else GUIDE,
                                            lw=0.9 if is_break else 0.6),
                                  arrowprops=dict(arrowstyle="-", color=MUTED, lw=0.6, shrinkA=0, shrinkB=3),
                                  zorder=5, gid=f"callout-{callout.event_id}")
            ring = panel.scatter([date], [y_mark], s=140 if row["category"] == "treaty" else 80, facecolors="none",
                                 edgecolors=INK, linewidths=1.0, zorder=4, gid=f"callout-ring-{callout.event_id}")
            link_rows(ring, [callout.event_id])
            width_days = (note.get_window_extent(renderer).width + 6) * days_per_pixel
            annotations.append((note, date, width_days))
        annotations.sort(key=lambda a: a[1])
        span = (high - low).days
        # each label's centre, kept inside the panel before the labels are spread over the levels
        xs = [min(max((d - low).days, w / 2), span - w / 2) for _, d, w in annotations]
        placed = _place_labels(xs, [w for *_, w in annotations], LEVELS, gap=4 * days_per_pixel)
        for (note, date, width), x, (level, shift) in zip(annotations, xs, placed):
            centre = low + pd.Timedelta(days=x + shift)
            half = pd.Timedelta(days=width / 2)
            centre = min(max(centre, low + half), high - half)
            note.set_position((centre, top + 0.55 + level * LEVEL_STEP))


LEVELS = 2            # callout labels stack on up to two levels above the top row
LEVEL_STEP = 2.5     # rows between two levels (a label is two lines of 10 pt)
ZOOM_PAD_DAYS = 400     # the zoom panel of the timeline starts this long before the last stage begins
WINDOW_PAD_DAYS = 300   # the boundary chart shows this much time either side of the candidate dates


@dataclass
class TimelineRows:
    """What the timeline draws: the events (with ``when``, the middle of each date) and the stage table."""

    events: pd.DataFrame
    stages: pd.DataFrame


def prepare_timeline(events: pd.DataFrame, stages: pd.DataFrame) -> TimelineRows:
    """The events with their point dates and the stage table (an open last stage ends at the last event)."""
    unknown = sorted(set(events["category"]) - set(CATEGORY_STYLE))
    if unknown:
        raise KeyError(f"events.csv has categories with no chart style: {unknown}")
    return TimelineRows(events.assign(when=point_dates(events)), stage_table(stages, open_end=data_end(events)))


def timeline_finding(rows: TimelineRows) -> str:
    """The title: the stage with the fewest and the one with the most events a year, from the rows."""
    years = ((rows.stages["end"] - rows.stages["start"]).dt.days / 365.25).to_numpy()
    counts = [int((rows.events["stage"].astype(int) == s).sum()) for s in rows.stages["stage"]]
    rates = [c / y if y > 0 else 0 for c, y in zip(counts, years)]
    lo, hi = int(np.argmin(rates)), int(np.argmax(rates))
    stage = rows.stages["stage"]
    return (f"The record is thinnest in stage {stage.iloc[lo]} ({rates[lo]:.1f} events a year) and densest in "
            f"stage {stage.iloc[hi]} ({rates[hi]:.1f} a year)")


def plot_timeline(rows: TimelineRows, callouts: list[Callout] | None = None, ax=None, *,
                  title: str | None = None, zoom_last_stage: bool = True, source: str | None = None
                  ) -> plt.Figure:
    """Events 1945–today on one row per category over the four stage bands; callouts name events by id.

    ``rows`` from :func:`prepare_timeline`. The last stage is short and crowded, so a second panel on the
    right repeats it at a larger time scale (``zoom_last_stage=False`` leaves it out; ``ax`` then draws into
    one Axes).
    """
    callouts = callouts or []
    own = ax is None
    events, table, dates = rows.events, rows.stages, rows.events["when"]
    end = table["end"].max()
    categories = [c for c in CATEGORY_STYLE if c in set(events["category"])]
    row_of = {c: i for i, c in enumerate(reversed(categories))}
    margin = pd.Timedelta(days=240)
    first = min(table["start"].min(), dates.min()) - margin
    last = end + pd.Timedelta(days=60)

    if ax is not None:
        fig, zoom, zoom_start = ax.figure, None, None
        panels = [(ax, first, last)]
    elif zoom_last_stage:
        # the whole span above, the last stage enlarged below: both as wide as the page allows
        fig, (ax, zoom) = plt.subplots(2, 1, figsize=(FIG_WIDTH, 7.6), sharey=True)
        zoom_start = table["start"].iloc[-1] - pd.Timedelta(days=ZOOM_PAD_DAYS)
        panels = [(ax, first, last), (zoom, zoom_start, last)]
    else:
        fig, ax = plt.subplots(figsize=(FIG_WIDTH, 4.6))
        zoom, zoom_start = None, None
        panels = [(ax, first, last)]

    top = len(categories) - 0.3
    for i, (panel, low, high) in enumerate(panels):
        draw_stage_bands(panel, table, limits=(low, high), names=True)
        _event_rows(panel, events, dates, categories, row_of, "events" if i == 0 else "zoom")
        for row in table.iloc[1:].itertuples():   # stage boundaries: a dark line at each stage's first day
            panel.axvline(row.start, color=INK, lw=1.0, ls="-", zorder=2)
        panel.set_xlim(low, high)
        panel.grid(axis="y", color="#eeeeee")
        panel.tick_params(axis="y", length=0)
    for panel, *_ in panels:
        panel.set_yticks(list(row_of.values()), [category_style(c)["label"] for c in row_of])
        panel.tick_params(axis="y", labelleft=True)
    ax.set_ylim(-0.7, top + 0.9 + LEVELS * LEVEL_STEP)   # label levels above the top row
    ax.xaxis.set_major_locator(mdates.YearLocator(20))
    ax.xaxis.set_minor_locator(mdates.YearLocator(5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    if zoom is not None:
        zoom.xaxis.set_major_locator(mdates.YearLocator())
        zoom.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=[7]))
        zoom.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        zoom.set_title("The last stage, enlarged", loc="left", fontsize=PANEL_TITLE_PT, fontweight="bold",
                       pad=18)
        ax.axvspan(zoom_start, last, facecolor="none", edgecolor=MUTED, lw=0.8, ls=":", zorder=1)
    if own:
        # no key: each stage is named over its band, and each named event is joined to its circled dot
        chart_title(fig, title or timeline_finding(rows), "One dot per event, on its category's row, over the "
                    "book's four stages.")
        add_source_line(fig, source or source_words(
            "the book's chronology, from archive documents, UN records, official statements and news agencies",
            events, noun="event"))
    fit_stage_names(fig, [panel for panel, *_ in panels])
    if zoom is not None:   # the panel's title clears the stage names over its bands, however many lines they take
        renderer = fig.canvas.get_renderer()
        names = [t.get_window_extent(renderer).height for t in zoom.texts if t.get_gid() and
                 t.get_gid().startswith("stage-name-")]
        zoom.set_title(zoom.get_title(loc="left"), loc="left", fontsize=PANEL_TITLE_PT, fontweight="bold",
                       pad=max(names, default=0) * 72 / fig.dpi + 6)
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


@dataclass
class BoundaryRows:
    """What the boundary chart draws: the events, the stage periods, the questions and the window padding."""

    events: pd.DataFrame
    stages: pd.DataFrame
    questions: list
    pad_days: int = WINDOW_PAD_DAYS


def prepare_boundary_shifts(events: pd.DataFrame, stages: pd.DataFrame, questions: list[BoundaryQuestion],
                            *, pad_days: int | None = None) -> BoundaryRows:
    for question in questions:   # fail early on an unknown id
        rows_by_id(events, [c.event_id for c in question.candidates], what="event")
    return BoundaryRows(events, stages, questions, WINDOW_PAD_DAYS if pad_days is None else pad_days)


def boundary_finding(rows: BoundaryRows) -> str:
    """The title: the most events any candidate boundary moves, out of all events."""
    moved = [int(boundary_shifts(rows.events, rows.stages, q)["n_moved"].max()) for q in rows.questions]
    return (f"Dating a stage boundary differently moves at most {plural(max(moved), 'event')} of "
            f"{len(rows.events):,} into another stage")


def _stage_row_id(stages: pd.DataFrame, stage: int) -> str | None:
    """The id of the periods.csv row of a stage (None when the frame carries no ids)."""
    if "id" not in stages:
        return None
    chosen = stages[(stages.get("kind", "stage") == "stage") & (stages["stage"].astype(float) == float(stage))]
    return str(chosen["id"].iloc[0]) if len(chosen) else None


def moved_note(n_moved: int) -> str:
    """'1 event changes stage', '3 events change stage'."""
    return f"{plural(n_moved, 'event')} {verb(n_moved, 'changes', 'change')} stage"


def plot_boundary_shifts(rows: BoundaryRows, ax=None, *, title: str | None = None, source: str | None = None
                         ) -> plt.Figure:
    """One panel per boundary question; one row per candidate date with its line; each event in the window
    is a dot, filled if it changes stage (the stage is the side of the line it falls on).

    ``rows`` from :func:`prepare_boundary_shifts`; ``ax``: one Axes per question or None."""
    own = ax is None
    events, stages, questions, pad_days = rows.events, rows.stages, rows.questions, rows.pad_days
    dates = point_dates(events)
    heights = [len(q.candidates) + 1.6 for q in questions]
    if ax is None:
        fig, axes = plt.subplots(len(questions), 1, figsize=(FIG_WIDTH, 1.6 + 0.62 * sum(heights)),
                                 gridspec_kw={"height_ratios": heights})
        axes = list(axes) if len(questions) > 1 else [axes]
    else:
        axes = list(np.atleast_1d(ax))
        fig = axes[0].figure
    pending = []   # the marks are placed once the layout is known, so that they can be spaced on the page
    for ax, question in zip(axes, questions):
        shifts = boundary_shifts(events, stages, question)
        pad = pad_days
        low = shifts["boundary"].min() - pd.Timedelta(days=pad)
        high = shifts["boundary"].max() + pd.Timedelta(days=pad)
        window = (dates >= low) & (dates <= high)
        in_window = events[window]
        window_dates = dates[window]
        pending.append((ax, question, shifts, in_window, window_dates))
        labels = []
        for y, shift in enumerate(shifts.itertuples()):
            row_y = len(shifts) - 1 - y
            is_book = shift.event_id == ""
            line = ax.vlines(shift.boundary, row_y - 0.42, row_y + 0.42, color=INK, lw=2.2 if is_book else 1.2,
                             zorder=4, gid=f"boundary-{question.stage}-{y}")
            # the line leads to the row that dates it: the candidate's event, or the stage's own period row
            source_row = shift.event_id or _stage_row_id(stages, question.stage)
            if source_row:
                link_rows(line, [source_row])
            date_text = {"year": f"{shift.boundary:%Y}", "month": f"{shift.boundary:%b}\u00a0{shift.boundary:%Y}"}.get(
                shift.precision, f"{shift.boundary.day}\u00a0{shift.boundary:%b}\u00a0{shift.boundary:%Y}")
            labels.append((row_y, wrap(f"{shift.name}, {date_text}", 22), shift.n_moved, is_book))
        ax.set_yticks([r for r, *_ in labels], [t for _, t, _, _ in labels], fontsize=TEXT_PT)
        for row_y, _, n_moved, is_book in labels:
            # a filled dot before the count names the filled marks where they are counted (no key)
            note = "the book's\nboundary" if is_book else wrap(("\u25cf " if n_moved else "") + moved_note(n_moved), 13)
            ax.text(1.01, row_y, note, transform=ax.get_yaxis_transform(), va="center", ha="left",
                    fontsize=TEXT_PT, color=INK, fontweight="bold" if is_book else "normal")
        ax.set_ylim(-0.6, len(shifts) - 0.4)
        edge = pd.Timedelta(days=round(0.04 * (high - low).days))   # dots at the window's edge drawn whole
        ax.set_xlim(low - edge, high + edge)
        span_years = (high - low).days / 365.25
        if span_years > 4:   # a label every second year, so that four-digit years never run together
            ax.xaxis.set_major_locator(mdates.YearLocator(2))
            ax.xaxis.set_minor_locator(mdates.YearLocator())
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        else:
            ax.xaxis.set_major_locator(mdates.YearLocator())
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", color="#eeeeee")
        ax.tick_params(axis="y", length=0)
        ax.set_title(wrap(question.title, 30), fontsize=PANEL_TITLE_PT, loc="left", fontweight="bold")
    if own:
        chart_title(fig, title or boundary_finding(rows),
                    "Each dot is an event; the line is the boundary, so events left of it fall in the earlier "
                    "stage.")
        add_source_line(fig, source or source_words(
            "the book's chronology, from archive documents, UN records, official statements and news agencies",
            boundary_window_events(events, stages, questions, pad_days=pad_days), noun="event"))
    fig.draw_without_rendering()   # the final layout: the marks below are spaced in points on the page
    for ax, question, shifts, in_window, window_dates in pending:
        offset = swarm_offsets(ax, window_dates)
        for y, shift in enumerate(shifts.itertuples()):
            row_y = len(shifts) - 1 - y
            # three encodings: time (x), the candidate date (row, with its line) and filled = changes stage.
            # Which stage an event falls in needs no colour: it is the side of the line the event is on.
            moved = in_window["id"].isin(shift.moved)
            for is_moved, sel in ((False, ~moved), (True, moved)):
                if not sel.any():
                    continue
                marks = ax.scatter(window_dates[sel], row_y + offset[sel[sel].index], marker="o",
                                   s=40 if is_moved else 30, facecolors=INK if is_moved else "white",
                                   edgecolors=INK if is_moved else MUTED, linewidths=0.6 if is_moved else 0.9,
                                   zorder=3 if is_moved else 2,
                                   gid=f"shift-{question.stage}-{y}-{'moved' if is_moved else 'kept'}")
                link_rows(marks, in_window.loc[sel, "id"])
    return fig


MARK_GAP_PT = 8.5   # centre to centre, two dots of the boundary chart that do not touch (6-7 pt across)


def swarm_offsets(ax, dates: pd.Series, gap_pt: float = MARK_GAP_PT, levels: int = 3) -> pd.Series:
    """A small vertical offset for each date (in rows), so that no two dots of one row touch: in date order,
    each dot goes to the first of the levels (middle, above, below ...) where it keeps ``gap_pt`` from every
    dot already there; where none has room, to the level with the most. The x position stays the true date."""
    points_per_pixel = 72 / ax.figure.dpi
    xs = ax.transData.transform(np.c_[mdates.date2num(dates), np.zeros(len(dates))])[:, 0] * points_per_pixel
    row_pt = abs(np.diff(ax.transData.transform([[0, 0], [0, 1]])[:, 1])[0]) * points_per_pixel
    step = gap_pt / row_pt                                   # one level, in rows
    order = [0] + [k * sign for k in range(1, levels // 2 + 1) for sign in (1, -1)]
    placed = {level: [] for level in order}
    offsets = pd.Series(0.0, index=dates.index)
    for index in np.argsort(xs, kind="stable"):
        room = {level: min([abs(xs[index] - x) for x in placed[level]], default=np.inf) for level in order}
        level = next((lv for lv in order if room[lv] >= gap_pt), max(order, key=lambda lv: room[lv]))
        placed[level].append(xs[index])
        offsets.iloc[index] = level * step
    return offsets


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


# --- the numbers the notebook's prose quotes (glued), computed here so that no notebook cell hides them ------

def timeline_facts(events: pd.DataFrame, stages: pd.DataFrame) -> dict:
    """Events and events a year per stage, the number and span of the events, and the weak sources."""
    facts = {}
    for _, row in stage_profile(events, stages).iterrows():
        facts[f"stage{row['stage']}_events"] = row["events"]
        facts[f"stage{row['stage']}_rate"] = row["events a year"]
    weak = events[events["publisher"].str.contains("mirror|repost|reprint", case=False)]
    facts.update({
        "n_events": len(events),
        "first_event_year": int(events["date_start"].min().year),
        "last_event_date": f"{events['date_end'].max():%B %Y}",
        "n_weak_events": len(weak),
        "army_publisher": events.set_index("id").loc["ev_1957_12_soviet_25th_army_stationed", "publisher"],
    })
    return facts


def boundary_facts(events: pd.DataFrame, stages: pd.DataFrame, questions: list[BoundaryQuestion],
                   prefixes: list[str]) -> dict:
    """'3 events' for each candidate boundary (key PREFIX_EVENTID), and the date of the first shell report."""
    facts = {}
    for question, prefix in zip(questions, prefixes):
        shifts = boundary_shifts(events, stages, question)
        for row in shifts[shifts["event_id"] != ""].itertuples():
            facts[f"{prefix}_{row.event_id}"] = plural(row.n_moved, "event")
    first_report = events.set_index("id").loc["ev_2022_09_06_declassified_us_intelligence_said", "date_start"]
    facts["first_report_date"] = f"{first_report.day} {first_report:%B %Y}"
    return facts
