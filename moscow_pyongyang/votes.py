"""Charts of the Security Council record (the 'reluctant enforcer' notebook)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from .style import add_source_line, country_style

# How each vote is drawn: filled for 'for', hollow for 'abstain', a cross for 'against'.
VOTE_MARK = {
    "for": {"fill": True, "marker": None, "label": "for"},
    "abstain": {"fill": False, "marker": None, "label": "abstained"},
    "against": {"fill": True, "marker": "X", "label": "against (veto)"},
}
VOTERS = {"russia_vote": "USSR/Russia", "china_vote": "China"}


def plot_unsc_votes(votes: pd.DataFrame) -> plt.Figure:
    """One column per vote (in date order), one row per permanent member, the mark showing the vote."""
    votes = votes.sort_values("date_start").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    for row_index, (column, country) in enumerate(VOTERS.items()):
        style = country_style(country)
        for vote, mark in VOTE_MARK.items():
            chosen = votes[votes[column] == vote]
            if chosen.empty:
                continue
            ax.scatter(chosen.index, [row_index] * len(chosen), s=90,
                       marker=mark["marker"] or style["marker"],
                       facecolors=style["color"] if mark["fill"] else "white",
                       edgecolors=style["color"], linewidths=1.6,
                       label=f"{country}: {mark['label']}", zorder=3)
    ax.set_yticks(range(len(VOTERS)), list(VOTERS.values()))
    ax.set_ylim(-0.7, len(VOTERS) - 0.3)
    labels = [f"{doc.split(' (')[0].replace('S/RES/', '')}\n{date:%Y}" for doc, date in zip(votes["document"], votes["date_start"])]
    labels = [("draft\n" + lab.split("\n")[1]) if not adopted else lab for lab, adopted in zip(labels, votes["adopted"])]
    ax.set_xticks(votes.index, labels, fontsize=7.5)
    ax.grid(False)
    ax.set_title("Security Council votes on the DPRK")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.32), ncol=3, fontsize=8)
    add_source_line(fig, "UN Security Council records and press releases; data/unsc_votes.csv")
    return fig
