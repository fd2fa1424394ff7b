"""Charts of the Security Council record (the 'reluctant enforcer' notebook): :func:`prepare_unsc_votes` gives
the rows, :func:`plot_unsc_votes` draws them (title and colours are options)."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .style import (FIG_WIDTH, INK, TEXT_PT, add_source_line, chart_title, country_style, draw_stage_bands,
                    fit_stage_names, link_rows, plural, source_words)

# How each vote is drawn: filled for 'for', hollow for 'abstain', a cross for 'against'.
VOTE_MARK = {
    "for": {"fill": True, "marker": None, "label": "for"},
    "abstain": {"fill": False, "marker": None, "label": "abstained"},
    "against": {"fill": True, "marker": "X", "label": "against (veto)"},
    "absent": {"fill": False, "marker": "_", "label": "absent"},
}
VOTERS = {"russia_vote": "USSR/Russia", "china_vote": "China"}


def vote_dates(votes: pd.DataFrame) -> pd.Series:
    """The day of each vote (``date_start`` from the loader, else the parsed ``date``)."""
    return pd.to_datetime(votes["date_start"] if "date_start" in votes else votes["date"])


def in_date_order(votes: pd.DataFrame) -> pd.DataFrame:
    return votes.assign(when=vote_dates(votes)).sort_values(["when", "id"]).reset_index(drop=True)


def unanimous_run(votes: pd.DataFrame) -> pd.DataFrame:
    """The longest run of consecutive votes (in date order) in which Russia and China both voted for."""
    votes = in_date_order(votes)
    both = (votes["russia_vote"] == "for") & (votes["china_vote"] == "for")
    best, start = (0, 0), None
    for i, ok in enumerate(list(both) + [False]):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            if i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    return votes.iloc[best[0]:best[1]]


def vote_stages(votes: pd.DataFrame, stages: pd.DataFrame) -> pd.Series:
    """The book's stage of each vote, from the stage periods."""
    from .timeline import stage_periods, stage_table, stages_of

    return stages_of(vote_dates(votes), stage_periods(stage_table(stages)))


def short_document(document: str, adopted: bool, date: pd.Timestamp) -> str:
    """'1718\\n2006' for a resolution, 'draft\\n2022' for a vetoed draft."""
    if not adopted:
        return f"draft\n{date:%Y}"
    return f"{document.split(' (')[0].replace('S/RES/', '')}\n{date:%Y}"


def prepare_unsc_votes(votes: pd.DataFrame) -> pd.DataFrame:
    """The votes in date order, with ``when`` (the day of the vote) and ``in_run`` (True for the longest run of
    votes in which Russia and China both voted for)."""
    votes = in_date_order(votes)
    run = unanimous_run(votes)
    return votes.assign(in_run=votes["id"].isin(run["id"]))


def votes_finding(rows: pd.DataFrame) -> str:
    """The chart's title, computed from the votes: the run of joint votes for, and the first veto after it."""
    run = rows[rows["in_run"]]
    if run.empty:
        return "How Russia and China voted on the Security Council's texts on North Korea"
    after = rows[(rows["when"] > run["when"].max())
                 & ((rows["russia_vote"] == "against") | (rows["china_vote"] == "against"))]
    text = (f"Russia and China voted for {plural(len(run), 'resolution')} on North Korea in a row "
            f"({run['when'].min():%Y}–{run['when'].max():%Y})")
    if not after.empty:
        both = after[(after["russia_vote"] == "against") & (after["china_vote"] == "against")]
        first = (both if not both.empty else after).iloc[0]
        who = "both vetoed" if not both.empty else "then came a veto"
        text += f"; in {first['when']:%Y} {who} new sanctions" if not both.empty else f"; {who} in {first['when']:%Y}"
    return text


def _vote_label(row) -> str:
    """'2022 draft: both veto', '2024 draft: Russia vetoes, China abstains' (from the row's votes)."""
    verbs = {"for": "votes for", "abstain": "abstains", "against": "vetoes", "absent": "is absent"}
    r, c = row["russia_vote"], row["china_vote"]
    if r == c:
        body = {"for": "both for", "abstain": "both abstain", "against": "both veto"}.get(r, f"both {r}")
    else:
        body = f"Russia {verbs.get(r, r)},\nChina {verbs.get(c, c)}"
    what = "draft" if not row["adopted"] else row["document"].split(" (")[0].replace("S/RES/", "res. ")
    return f"{row['when']:%Y} {what}:\n{body}"


def plot_unsc_votes(rows: pd.DataFrame, ax=None, *, title: str | None = None, colors: dict | None = None,
                    stages: pd.DataFrame | None = None, source: str | None = None) -> plt.Figure:
    """One row per permanent member on a true time axis, one mark per vote: filled for, hollow abstained,
    a cross for a veto; the longest run of joint votes for is bracketed, and every vote outside it is named.

    ``rows`` from :func:`prepare_unsc_votes`; ``colors``: {country: colour}; ``stages`` (optional): stage bands.
    """
    colors = {name: country_style(name)["color"] for name in VOTERS.values()} | (colors or {})
    fig, ax = (plt.subplots(figsize=(FIG_WIDTH, 4.4)) if ax is None else (ax.figure, ax))
    when = rows["when"]
    low, high = when.min() - pd.Timedelta(days=400), when.max() + pd.Timedelta(days=400)
    if stages is not None:
        from .chartdata import stage_table

        draw_stage_bands(ax, stage_table(stages, open_end=high), limits=(low, high), label_y=1.0, names=True)
    run = rows[rows["in_run"]]
    top_row = (len(VOTERS) - 1) * ROW_GAP
    top = top_row + RUN_ROOM + 0.2   # the bracket over the run clears the top row's marks, spread up to RUN_ROOM
    if len(run) > 1:
        first, last = run["when"].min() - pd.Timedelta(days=60), run["when"].max() + pd.Timedelta(days=60)
        ax.plot([first, first, last, last], [top - 0.1, top, top, top - 0.1], color=INK, lw=1.0, zorder=3,
                gid="unanimous-run")
        ax.text(first + (last - first) / 2, top + 0.06, f"{plural(len(run), 'vote')} in a row,\nboth for",
                ha="center", va="bottom", fontsize=TEXT_PT, color=INK)
    outside = rows[~rows["in_run"]]
    for i, (_, row) in enumerate(outside.iterrows()):
        # neighbours alternate above and below the rows so that their labels never overlap
        above = i % 2 == 1
        # a label over the rows has a short leader down to its own marks, so that it is not read as naming the
        # next vote's marks under its right half as well
        ax.annotate(_vote_label(row), xy=(row["when"], top_row if above else -RUN_ROOM - 0.1),
                    xytext=(0, 15 if above else -6), textcoords="offset points",
                    arrowprops=dict(arrowstyle="-", color=INK, lw=0.8, shrinkA=1, shrinkB=7) if above else None,
                    ha="right" if row["when"] == rows["when"].max() else ("left" if i == 0 else "center"),
                    va="bottom" if above else "top", fontsize=TEXT_PT, color=INK, gid=f"vote-label-{row['id']}")
    ax.set_yticks([i * ROW_GAP for i in range(len(VOTERS))], list(reversed(list(VOTERS.values()))), fontsize=TEXT_PT, fontweight="bold")
    for tick, country in zip(ax.get_yticklabels(), reversed(list(VOTERS.values()))):
        tick.set_color(colors[country])
    ax.set_ylim(-RUN_ROOM - 1.9, top + 1.05)
    ax.set_xlim(low, high)
    ax.xaxis.set_major_locator(mdates.YearLocator(5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#eeeeee")
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)
    if stages is not None:   # each stage named over its band, as wide as the band allows (no key)
        fit_stage_names(fig, [ax])
    if len(fig.axes) == 1:
        # no key: each kind of mark is named by the words beside it (the run 'both for' over filled marks, each
        # vote outside the run spelled out under or over its marks: 'abstains' by a hollow mark, 'veto' by a cross)
        chart_title(fig, title or votes_finding(rows),
                    "Each mark is one vote on a Security Council text.")
        add_source_line(fig, source or source_words("UN press releases and Security Council records", rows,
                                                    noun="vote"))
    draw_vote_marks(ax, rows, colors)
    return fig


MARK_SIZE = 40          # points² of a vote's mark (about 8 pt across with its edge)
MARK_GAP_PT = 8.5       # centre to centre, two marks of a row that do not touch
ROW_GAP = 1.6           # the rows' distance, in data units
RUN_ROOM = 0.6          # the furthest a mark moves off its row, in data units
LEVEL_STEP = 0.8        # the levels of a row, as a share of MARK_GAP_PT


def draw_vote_marks(ax, rows: pd.DataFrame, colors: dict) -> None:
    """The marks, drawn once the layout is known: each at its true date; where votes come so close that their
    marks would touch (2016-2017), each moves up or down off its row just enough to stand apart (a beeswarm),
    so that every vote of the run can be counted."""
    ax.figure.draw_without_rendering()
    for row_index, (column, country) in enumerate(VOTERS.items()):
        y = (len(VOTERS) - 1 - row_index) * ROW_GAP
        shift = swarm(ax, rows["when"], y)
        for vote, mark in VOTE_MARK.items():
            chosen = rows[column] == vote
            if not chosen.any():
                continue
            marks = ax.scatter(rows.loc[chosen, "when"], y + shift[chosen.to_numpy()], s=MARK_SIZE,
                               marker=mark["marker"] or "o", facecolors=colors[country] if mark["fill"] else "white",
                               edgecolors=colors[country], linewidths=1.3, zorder=4, gid=f"vote-{column}-{vote}")
            link_rows(marks, rows.loc[chosen, "id"])


def swarm(ax, when: pd.Series, y: float, gap_pt: float = MARK_GAP_PT) -> np.ndarray:
    """For each date, in date order, the vertical offset (in data units) of the first level (on the row, above,
    below, two above ...) that keeps ``gap_pt`` from every mark already placed; where none does, the level with
    the most room. The levels are LEVEL_STEP of the gap apart; the x of each mark stays its date."""
    per_px = 72 / ax.figure.dpi
    xs = ax.transData.transform(np.c_[mdates.date2num(when), np.full(len(when), y)])[:, 0] * per_px
    unit_pt = abs(np.diff(ax.transData.transform([[0, 0], [0, 1]])[:, 1])[0]) * per_px
    step = LEVEL_STEP * gap_pt
    levels = [0] + [k * sign for k in range(1, int(RUN_ROOM * unit_pt // step) + 1) for sign in (1, -1)]
    placed, out = [], np.zeros(len(when))
    for i in np.argsort(xs, kind="stable"):
        room = {lv: min([np.hypot(xs[i] - px, (lv - pl) * step) for px, pl in placed], default=np.inf)
                for lv in levels}
        level = next((lv for lv in levels if room[lv] >= gap_pt), max(levels, key=lambda lv: room[lv]))
        placed.append((xs[i], level))
        out[i] = level * step / unit_pt
    return out


def votes_facts(votes: pd.DataFrame) -> dict:
    """The figures the notebook's prose quotes: the run of joint votes for (length, first and last resolution
    and year), the number of vetoed texts and of votes."""
    run = unanimous_run(votes)
    vetoes = votes[(votes["russia_vote"] == "against") | (votes["china_vote"] == "against")]
    return {
        "run_length": len(run),
        "run_first": run["document"].iloc[0].split(" (")[0],
        "run_last": run["document"].iloc[-1].split(" (")[0],
        "run_first_year": int(run["when"].iloc[0].year),
        "run_last_year": int(run["when"].iloc[-1].year),
        "n_vetoed": len(vetoes),
        "n_votes": len(votes),
    }
