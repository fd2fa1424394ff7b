"""Charts of the Security Council record (the 'reluctant enforcer' notebook)."""

from __future__ import annotations

import matplotlib.lines as mlines
import matplotlib.patches as mpatches
import matplotlib.pyplot as plt
import pandas as pd

from .style import INK, STAGE_BAND_ALPHA, add_source_line, country_style, source_summary, stage_style

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


def plot_unsc_votes(votes: pd.DataFrame, stages: pd.DataFrame | None = None) -> plt.Figure:
    """One column per vote (in date order), one row per permanent member, the mark showing the vote.

    With ``stages``, each column sits on its stage's band (colour and hatch), and the longest run of
    votes in which both voted for is bracketed.
    """
    votes = in_date_order(votes)
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    if stages is not None:
        numbers = vote_stages(votes, stages)
        for stage in sorted(set(numbers)):
            index = numbers.index[numbers == stage]
            style = stage_style(stage)
            low, high = index.min() - 0.5, index.max() + 0.5
            ax.axvspan(low, high, facecolor=style["color"], alpha=STAGE_BAND_ALPHA, lw=0, zorder=0)
            ax.axvspan(low, high, facecolor="none", edgecolor=style["color"], hatch=style["hatch"], alpha=0.45,
                       lw=0, zorder=0)
            ax.text((low + high) / 2, 1.0, f"stage {stage}", transform=ax.get_xaxis_transform(), ha="center",
                    va="bottom", fontsize=8.5, fontweight="bold", color=INK)
        run = unanimous_run(votes)
        if len(run) > 1:
            first, last = run.index.min(), run.index.max()
            y = len(VOTERS) - 0.45
            ax.plot([first - 0.3, first - 0.3, last + 0.3, last + 0.3], [y - 0.08, y, y, y - 0.08], color=INK,
                    lw=1.0, zorder=3, gid="unanimous-run")
            ax.text((first + last) / 2, y + 0.05,
                    f"{len(run)} votes in a row, both for ({run['when'].min():%Y}–{run['when'].max():%Y})",
                    ha="center", va="bottom", fontsize=8, color=INK)
    for row_index, (column, country) in enumerate(VOTERS.items()):
        style = country_style(country)
        y = len(VOTERS) - 1 - row_index
        for vote, mark in VOTE_MARK.items():
            chosen = votes[votes[column] == vote]
            if chosen.empty:
                continue
            ax.scatter(chosen.index, [y] * len(chosen), s=90,
                       marker=mark["marker"] or style["marker"],
                       facecolors=style["color"] if mark["fill"] else "white",
                       edgecolors=style["color"], linewidths=1.6, zorder=4,
                       label=f"{country}: {mark['label']}", gid=f"vote-{column}-{vote}")
    ax.set_yticks(range(len(VOTERS)), list(reversed(list(VOTERS.values()))))
    ax.set_ylim(-0.7, len(VOTERS) - 0.3 + (0.5 if stages is not None else 0))
    ax.set_xlim(-0.6, len(votes) - 0.4)
    labels = [short_document(d, a, t) for d, a, t in zip(votes["document"], votes["adopted"], votes["when"])]
    ax.set_xticks(votes.index, labels, fontsize=7.5)
    ax.tick_params(axis="y", length=0)
    ax.grid(False)
    ax.set_title("Security Council votes on the DPRK", pad=16 if stages is not None else 6)
    handles = []
    for country in VOTERS.values():
        style = country_style(country)
        for vote in ("for", "abstain", "against"):
            if not (votes[[c for c, n in VOTERS.items() if n == country][0]] == vote).any():
                continue
            mark = VOTE_MARK[vote]
            handles.append(mlines.Line2D([], [], ls="", marker=mark["marker"] or style["marker"], markersize=8,
                                         markerfacecolor=style["color"] if mark["fill"] else "white",
                                         markeredgecolor=style["color"], markeredgewidth=1.4,
                                         label=f"{country}: {mark['label']}"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.27), ncol=3, fontsize=8)
    add_source_line(fig, source_summary(votes, "unsc_votes.csv"))
    return fig


def stage_patch(stage: int, label: str) -> mpatches.Patch:
    style = stage_style(stage)
    return mpatches.Patch(facecolor=style["color"], alpha=STAGE_BAND_ALPHA, hatch=style["hatch"], label=label)
