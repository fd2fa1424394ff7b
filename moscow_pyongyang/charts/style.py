"""One visual language for every chart in the book: the only place colours, markers and hatches are chosen.

Colours come from the Okabe–Ito palette, which stays distinguishable for the common forms of colour
blindness. Colour is never the only cue: each country also has its own marker and line style, each stage its
own hatch and marker, each event category its own marker on its own labelled row, and recorded figures are
filled while estimates are hollow, so every chart still reads when printed in greyscale.

Who gets which colour is fixed once here:

- countries: USSR/Russia blue, China vermillion, the DPRK bluish green, anything else grey;
- stages 1–4: light tints of sky blue, orange, yellow and reddish purple, each with a hatch;
- everything else (event categories, reporters, estimators) is drawn in near-black and told apart by
  marker shape and by the row it sits on, so the country and stage colours keep one meaning across the book.
"""

from __future__ import annotations

from contextlib import contextmanager
from itertools import cycle
from pathlib import Path
from typing import Iterable, Iterator

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
INK = "#222222"        # marks that carry no country or stage meaning
MUTED = "#666666"      # secondary text, neutral evidence
GUIDE = "#999999"      # reference lines

# The same country always has the same colour, marker and line style.
COUNTRY_STYLE = {
    "USSR/Russia": {"color": OKABE_ITO["blue"], "marker": "o", "linestyle": "-"},
    "China": {"color": OKABE_ITO["vermillion"], "marker": "s", "linestyle": "--"},
    "DPRK": {"color": OKABE_ITO["bluish_green"], "marker": "^", "linestyle": "-."},
    "Other": {"color": MUTED, "marker": "D", "linestyle": ":"},
}
# Names the data uses for the same country (trade.csv `partner`, balancing.csv `lean`).
COUNTRY_ALIASES = {"USSR": "USSR/Russia", "Russia": "USSR/Russia", "moscow": "USSR/Russia", "beijing": "China",
                   "PRC": "China", "North Korea": "DPRK", "World": "Other"}

# Stage bands: light tints plus a distinct hatch and marker for each stage (greyscale-safe).
STAGE_STYLE = {
    1: {"color": OKABE_ITO["sky_blue"], "hatch": "//", "marker": "o"},
    2: {"color": OKABE_ITO["orange"], "hatch": "..", "marker": "s"},
    3: {"color": OKABE_ITO["yellow"], "hatch": "\\\\", "marker": "D"},
    4: {"color": OKABE_ITO["reddish_purple"], "hatch": "xx", "marker": "^"},
}
STAGE_BAND_ALPHA = 0.22

# Event categories (events.csv `category`): one row and one marker each, in near-black.
CATEGORY_STYLE = {
    "war": {"marker": "X", "label": "war"},
    "military": {"marker": "^", "label": "military"},
    "treaty": {"marker": "*", "label": "treaty"},
    "summit": {"marker": "D", "label": "summit"},
    "diplomatic": {"marker": "o", "label": "diplomatic"},
    "aid": {"marker": "P", "label": "aid"},
    "trade": {"marker": "s", "label": "trade"},
    "sanctions": {"marker": "v", "label": "sanctions"},
    "memory-politics": {"marker": "h", "label": "memory politics"},
}

# Leans in balancing.csv / periods.csv: Moscow and Beijing take their country's colour and marker.
LEAN_STYLE = {
    "moscow": {**COUNTRY_STYLE["USSR/Russia"], "label": "toward Moscow"},
    "beijing": {**COUNTRY_STYLE["China"], "label": "toward Beijing"},
    "neutral": {"color": MUTED, "marker": "o", "linestyle": ":", "label": "neutral"},
    "both": {"color": INK, "marker": "o", "linestyle": ":", "label": "both together"},
}

# Kinds of balancing evidence (balancing.csv `kind`): one marker each.
KIND_MARKER = {
    "visit": "o",
    "treaty": "*",
    "aid": "P",
    "arms": "^",
    "meeting": "D",
    "statement": "s",
    "quarrel": "X",
    "other": "h",
}

# Recorded figures (customs returns, official notifications, mirror statistics) are filled; estimates and
# claims are hollow. `EVIDENCE_FILL` keeps the matplotlib fillstyle; `is_recorded` says which is which.
EVIDENCE_FILL = {"official": "full", "mirror": "full", "estimate": "none", "claim": "none"}
RECORDED_TYPES = {"official", "mirror"}

# Who estimates an off-book flow (off_book.csv `estimator_type`): one marker each.
ESTIMATOR_MARKER = {
    "official_statement": "s",
    "UN": "P",
    "government": "D",
    "intelligence": "o",
    "think_tank": "^",
    "industry": "p",
    "media": "v",
}
ESTIMATOR_LABEL = {
    "official_statement": "official statement",
    "UN": "notification to the UN",
    "government": "government",
    "intelligence": "intelligence service",
    "think_tank": "think tank / researcher",
    "industry": "trade association",
    "media": "media, unattributed",
}

# Reporters of trade figures get a marker each, in order of appearance; the cycle never repeats a marker
# before all are used.
REPORTER_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "h", "<", ">", "p", "*")

STYLE_FILE = Path(__file__).with_name("book.mplstyle")


def _style(table: dict, key, what: str) -> dict:
    """The style for ``key`` in one of the tables above, or a KeyError that lists the known keys."""
    try:
        return table[key]
    except KeyError:
        raise KeyError(f"no style for {what} {key!r}; known: {sorted(table)}") from None


def country_style(country: str) -> dict:
    """Colour, marker and line style for a country name used in ``data/``."""
    try:
        return COUNTRY_STYLE[COUNTRY_ALIASES.get(country, country)]
    except KeyError:
        raise KeyError(f"no style for country {country!r}; known: {sorted(COUNTRY_STYLE)}") from None


def stage_style(stage: int) -> dict:
    """Colour, hatch and marker of a stage (1–4)."""
    try:
        key = int(stage)
    except (ValueError, TypeError):
        key = stage
    return _style(STAGE_STYLE, key, "stage")


def category_style(category: str) -> dict:
    """Colour and marker of an event category."""
    return _style(CATEGORY_STYLE, category, "event category")


def lean_style(lean: str) -> dict:
    """Colour of a lean (moscow, beijing, neutral, both)."""
    return _style(LEAN_STYLE, lean, "lean")


def is_recorded(figure_type: str) -> bool:
    """True for figures read from a record (customs, official returns, mirror statistics), False for estimates."""
    if figure_type not in EVIDENCE_FILL:
        raise KeyError(f"unknown figure_type {figure_type!r}; known: {sorted(EVIDENCE_FILL)}")
    return figure_type in RECORDED_TYPES


def reporter_markers(reporters: Iterable[str]) -> dict[str, str]:
    """A marker for each reporter, in the order given (stable across the book's charts for the same data)."""
    markers = cycle(REPORTER_MARKERS)
    return {name: next(markers) for name in dict.fromkeys(reporters)}


def use_book_style() -> None:
    """Apply the book's matplotlib style and emit SVG (HTML) and PDF (print) for inline figures."""
    plt.style.use(STYLE_FILE)
    try:  # inside a Jupyter kernel: vector output for both editions
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("svg", "pdf")
    except Exception:  # pragma: no cover - outside IPython there is nothing to configure
        pass


@contextmanager
def book_style() -> Iterator[None]:
    """Context manager form of :func:`use_book_style` for scripts and tests."""
    with mpl.style.context(STYLE_FILE):
        yield


def add_source_line(fig: mpl.figure.Figure, text: str) -> None:
    """Write a 'Source: …' line under the chart, inside the figure so it travels with the image."""
    text = f"Source: {text}"
    width_in, height_in = fig.get_size_inches()
    # about 0.058 in per character at 7.5 pt: how many lines the wrapped text takes, and the strip it needs
    lines = max(1, -(-int(len(text) * 0.058) // max(1, int(width_in - 0.3))))
    strip = (lines * 7.5 * 1.3 + 8) / 72 / height_in
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        engine.set(rect=(0, strip, 1, 1 - strip))  # keep a strip free under the axes and legend
    fig.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=7.5, color="#333333", wrap=True)


def source_summary(frame: pd.DataFrame, file: str, *, publisher_column: str = "publisher", top: int = 3) -> str:
    """'data/FILE (N rows; most from A, B, C; every row's source in the table below)' from the rows drawn."""
    text = f"data/{file} ({len(frame)} rows"
    if publisher_column in frame and len(frame):
        names = (frame[publisher_column].astype(str).str.replace(r"\s*\(.*\)$", "", regex=True)
                 .replace("", pd.NA).dropna())
        counts = names.value_counts()
        if len(counts):
            more = len(counts) - min(top, len(counts))
            shown = ", ".join(counts.index[:top])
            text += f"; most from {shown}" + (f" and {more} other publishers" if more > 0 else "")
    return text + "; each row's source is listed under the chart)"
