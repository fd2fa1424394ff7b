"""One visual language for every chart in the book.

Colours come from the Okabe–Ito palette, which stays distinguishable for the common forms of colour
blindness. Colour is never the only cue: each country also has its own marker and line style, and each
stage its own hatch, so the charts still read when printed in greyscale.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import matplotlib as mpl
import matplotlib.pyplot as plt

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

# The same country always has the same colour, marker and line style.
COUNTRY_STYLE = {
    "USSR/Russia": {"color": OKABE_ITO["blue"], "marker": "o", "linestyle": "-"},
    "China": {"color": OKABE_ITO["vermillion"], "marker": "s", "linestyle": "--"},
    "DPRK": {"color": OKABE_ITO["bluish_green"], "marker": "^", "linestyle": "-."},
    "Other": {"color": "#666666", "marker": "D", "linestyle": ":"},
}

# Stage bands: light tints plus a distinct hatch for each stage (greyscale-safe).
STAGE_STYLE = {
    1: {"color": OKABE_ITO["sky_blue"], "hatch": "//"},
    2: {"color": OKABE_ITO["orange"], "hatch": ".."},
    3: {"color": OKABE_ITO["yellow"], "hatch": "\\\\"},
    4: {"color": OKABE_ITO["reddish_purple"], "hatch": "xx"},
}

# Recorded (customs, official) marks are filled; estimates and claims are hollow.
EVIDENCE_FILL = {"official": "full", "mirror": "full", "estimate": "none", "claim": "none"}

STYLE_FILE = Path(__file__).with_name("book.mplstyle")


def country_style(country: str) -> dict:
    """Colour, marker and line style for a country name used in ``data/``."""
    try:
        return COUNTRY_STYLE[country]
    except KeyError:
        raise KeyError(f"no style for country {country!r}; known: {sorted(COUNTRY_STYLE)}") from None


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
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        engine.set(rect=(0, 0.06, 1, 0.94))  # keep a strip free under the axes and legend
    fig.text(0.01, 0.01, f"Source: {text}", ha="left", va="bottom", fontsize=7.5, color="#333333", wrap=True)
