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
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.layout_engine import ConstrainedLayoutEngine
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

# Event categories (events.csv `category`): one row each. The row says the category, so every event is drawn with
# the same near-black dot (a shape per row would encode the category twice).
EVENT_MARKER = "o"
CATEGORY_STYLE = {
    "war": {"label": "war"},
    "military": {"label": "military"},
    "treaty": {"label": "treaty"},
    "summit": {"label": "summit"},
    "diplomatic": {"label": "diplomatic"},
    "aid": {"label": "aid"},
    "trade": {"label": "trade"},
    "sanctions": {"label": "sanctions"},
    "memory-politics": {"label": "memory politics"},
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
    """The label of an event category."""
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


# --- sizes: one place ---------------------------------------------------------------------------------------
# A chart is FIG_WIDTH inches wide (about 500 CSS px with its margin). No text is smaller than MIN_FONT_PT: at
# the natural size that is 13.3 px on screen; on a phone the figure keeps at least 30rem (480 px) and scrolls
# sideways (_static/book.css), so 12.8 px; in print, scaled to the 108 mm (4.25 in) measure, 8.2 pt.
FIG_WIDTH = 5.0
MIN_FONT_PT = 10
TEXT_PT = 10            # tick labels, direct labels, notes
TITLE_PT = 12           # the finding, above the chart
PANEL_TITLE_PT = 11     # the title of one panel of a small multiple
TITLE_CHARS = 46        # about this many characters of a 12 pt bold title fit on one line of FIG_WIDTH
# Colours of the trade charts: the authoritative series in its country colour, every other reporter in grey.
OTHER_SERIES = "#8c8c8c"
ESTIMATE = OKABE_ITO["bluish_green"]   # hollow marks: estimates and claims (off-book chart)


def link_rows(artist, ids) -> None:
    """Give each mark of a scatter the id of the data row it draws, as a link target in the SVG
    (``<a xlink:href="#ROW_ID">``), so that a page can link marks to rows; row ids are unique across data/."""
    artist.set_urls([f"#{i}" for i in ids])


def plural(n: int, word: str, plural_form: str | None = None) -> str:
    """'1 event', '3 events', '0 events' (``plural_form`` for irregular words)."""
    return f"{n:,} {word if n == 1 else (plural_form or word + 's')}"


def verb(n: int, singular: str, plural_form: str) -> str:
    """The verb form agreeing with a count: verb(1, 'changes', 'change') -> 'changes'."""
    return singular if n == 1 else plural_form


def wrap(text: str, width: int) -> str:
    """Break ``text`` into lines of at most ``width`` characters (never cutting a word, never an ellipsis)."""
    import textwrap

    return "\n".join(textwrap.wrap(str(text), width=width, break_long_words=False)) or str(text)


def _reserve(fig: mpl.figure.Figure, *, top: float | None = None, bottom: float | None = None) -> None:
    """Keep strips (in inches) free at the top (title) and bottom (source line) of a constrained layout."""
    strips = getattr(fig, "_book_strips", {"top": 0.0, "bottom": 0.0})
    if top is not None:
        strips["top"] = top
    if bottom is not None:
        strips["bottom"] = bottom
    fig._book_strips = strips
    height = fig.get_size_inches()[1]
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        low, high = strips["bottom"] / height, strips["top"] / height
        engine.set(rect=(0, low, 1, 1 - low - high))


def _lines_height(n: int, size: float) -> float:
    return n * size * 1.22 / 72


def _title_lines(title: str, subtitle: str | None, width: float) -> tuple[str, str | None]:
    chars = int(TITLE_CHARS * width / FIG_WIDTH)
    return wrap(title, chars), (wrap(subtitle, int(width * 72 / (TEXT_PT * 0.6))) if subtitle else None)


def title_strip(title: str, subtitle: str | None = None, width: float = FIG_WIDTH) -> float:
    """The height (inches) :func:`chart_title` takes at the top of a figure ``width`` inches wide."""
    text, sub = _title_lines(title, subtitle, width)
    used = 0.04 + _lines_height(text.count("\n") + 1, TITLE_PT)
    if sub:
        used += 0.03 + _lines_height(sub.count("\n") + 1, TEXT_PT)
    return used + 0.08


def chart_title(fig: mpl.figure.Figure, title: str, subtitle: str | None = None) -> None:
    """The finding as the chart's title (bold, left, wrapped to the figure), with an optional subtitle saying
    what is measured, in what unit, or how to read the marks."""
    width, height = fig.get_size_inches()
    text, sub = _title_lines(title, subtitle, width)
    fig.text(0.01, 1 - 0.04 / height, text, ha="left", va="top", fontweight="bold", fontsize=TITLE_PT,
             color=INK, gid="chart-title")
    used = 0.04 + _lines_height(text.count("\n") + 1, TITLE_PT)
    if sub:
        fig.text(0.01, 1 - (used + 0.03) / height, sub, ha="left", va="top", fontsize=TEXT_PT, color="#444444",
                 gid="chart-subtitle")
    _reserve(fig, top=title_strip(title, subtitle, width))


def _source_lines(text: str, width: float) -> str:
    text = text if text.startswith("Source") else f"Sources: {text}"
    return wrap(text, int(width * 72 / (TEXT_PT * 0.6)))   # about 0.6 em per character


def source_strip(text: str, width: float = FIG_WIDTH) -> float:
    """The height (inches) :func:`add_source_line` takes at the bottom of a figure ``width`` inches wide."""
    return _lines_height(_source_lines(text, width).count("\n") + 1, TEXT_PT) + 0.1


def add_source_line(fig: mpl.figure.Figure, text: str) -> None:
    """Write a 'Sources: …' line under the chart, inside the figure so it travels with the image."""
    width_in, height_in = fig.get_size_inches()
    _reserve(fig, bottom=source_strip(text, width_in))
    fig.text(0.01, 0.03 / height_in, _source_lines(text, width_in), ha="left", va="bottom", fontsize=TEXT_PT,
             color="#333333", gid="source-line")


def source_words(what: str, frame: pd.DataFrame, *, noun: str = "row") -> str:
    """A source line in words: 'Sources: WHAT. Each of the N rows drawn cites its source in the table under
    the chart.' (never a file path)."""
    return (f"Sources: {what}. Each of the {plural(len(frame), noun)} drawn cites its source "
            f"in the table under the chart.")


def source_summary(frame: pd.DataFrame, file: str, *, publisher_column: str = "publisher", top: int = 3) -> str:
    """Kept for callers outside the charts: 'N rows, most from A, B and C' in words (no file path)."""
    names = (frame[publisher_column].astype(str).str.replace(r"\s*\(.*\)$", "", regex=True).replace("", pd.NA)
             .dropna()) if publisher_column in frame else pd.Series(dtype=str)
    shown = list(names.value_counts().index[:top])
    listed = ", ".join(shown[:-1]) + (f" and {shown[-1]}" if len(shown) > 1 else (shown[0] if shown else ""))
    return f"{plural(len(frame), 'row')}, most from {listed}" if listed else plural(len(frame), "row")


# --- stage bands: drawn the same way on every chart -----------------------------------------------------------

def mpl_tint(color: str, alpha: float = STAGE_BAND_ALPHA) -> tuple:
    """The colour a band shows on white (the tint), for legend patches."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(color)
    return (1 - alpha + alpha * r, 1 - alpha + alpha * g, 1 - alpha + alpha * b)


def draw_stage_bands(ax, stages: pd.DataFrame, *, label_y: float | None = None, numbers: bool = True,
                     limits=None, names: bool = False, fontsize: float = TEXT_PT) -> None:
    """Tinted, hatched vertical bands, one per stage (a table with stage, label, start, end as x values),
    with the stage number at the top of each band wide enough to hold it; ``names=True``: the number and the
    stage's name from the table ('2 Between two elder brothers'), to be fitted to its band, once the figure is
    laid out, by :func:`fit_stage_names`."""
    low, high = limits if limits is not None else (stages["start"].min(), stages["end"].max())
    for row in stages.itertuples():
        style = stage_style(row.stage)
        # the end date is the stage's last day: the band runs to the start of the next day
        stop = row.end + pd.Timedelta(days=1) if isinstance(row.end, pd.Timestamp) else row.end
        ax.axvspan(row.start, stop, facecolor=style["color"], alpha=STAGE_BAND_ALPHA, lw=0, zorder=0,
                   gid=f"stage-band-{row.stage}")
        ax.axvspan(row.start, stop, facecolor="none", edgecolor=style["color"], hatch=style["hatch"],
                   alpha=0.45, lw=0, zorder=0, gid=f"stage-band-{row.stage}-hatch")
        shown_start, shown_end = max(row.start, low), min(stop, high)
        visible = (shown_end - shown_start) / (high - low) if high > low else 0
        if numbers and visible > 0.035:
            middle = shown_start + (shown_end - shown_start) / 2
            text = ax.text(middle, 1.0 if label_y is None else label_y, str(row.stage),
                           transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=fontsize,
                           fontweight="bold", color=INK, clip_on=False, gid=f"stage-name-{row.stage}")
            if names:
                text._book_stage = (f"{row.stage} {row.label}", shown_start, shown_end)


def fit_stage_names(fig: mpl.figure.Figure, axes, max_lines: int = 3, pad_px: float = 4.0) -> None:
    """Write each stage's name over its band (``draw_stage_bands(..., names=True)``) on as few lines as fit the
    band's width as laid out; the first band of a panel, if too narrow, may end its name at the band's right
    edge and run left over the empty margin above the row labels; a band that can hold its name in neither way
    keeps its number (give another panel of the same figure room to name it), and so does a stage already named
    in an earlier panel of ``axes``. Every name is read where the band is: no key of stage names is needed."""
    import textwrap

    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    figure_box = fig.bbox
    named = set()
    for ax in axes:
        labels = sorted((t for t in ax.texts if hasattr(t, "_book_stage")), key=lambda t: t._book_stage[1])
        for i, label in enumerate(labels):
            name, start, end = label._book_stage
            x0, x1 = (ax.transData.transform([(mdates.date2num(v) if isinstance(v, pd.Timestamp) else v, 0)])[0][0]
                      for v in (start, end))
            number = label.get_text()
            if number in named:
                continue
            choices = [textwrap.fill(name, width) for width in range(len(name), 3, -1)]
            choices = list(dict.fromkeys(c for c in choices if c.count("\n") < max_lines))
            fitted = None
            for text in choices:   # centred over the band
                label.set_text(text)
                label.set_multialignment("center")
                if label.get_window_extent(renderer).width + 2 * pad_px <= x1 - x0:
                    fitted = text
                    break
            if fitted is None and i == 0:   # the first band: its name ends at the band's right edge
                label.set_horizontalalignment("right")
                label.set_multialignment("right")
                label.set_x(ax.transData.inverted().transform((x1 - pad_px, 0))[0])
                for text in choices:
                    label.set_text(text)
                    if label.get_window_extent(renderer).x0 >= figure_box.x0 + 2:
                        fitted = text
                        break
            if fitted is not None:
                named.add(number)
            else:
                label.set_horizontalalignment("center")
                label.set_multialignment("center")
                label.set_x(ax.transData.inverted().transform(((x0 + x1) / 2, 0))[0])
                label.set_text(number)
