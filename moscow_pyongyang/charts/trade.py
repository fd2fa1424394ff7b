"""Charts of recorded trade and off-book flows (notebook ``trade_shift.ipynb``).

Each chart has a ``prepare_*`` function (the rows it draws, from the loaded tables) and a ``plot_*`` function
(draws those rows; title, colours and labels are arguments with defaults from :mod:`.style`). Three rules:

1. Every reporter's figure is drawn, so disagreements between sources stay visible; one authoritative series
   is a solid line through its own dots, in its country's colour, and every other reporter's figure is a smaller
   dot off the line in the neutral OTHER_SERIES shade. Each series is named by a label beside it on the chart
   (no legend, no key by colour), and the table under each chart names every reporter.
2. Recorded figures (official, customs, mirror statistics) are filled and estimates or claims hollow, on every
   chart; on the off-book chart with ranges and bounds as given.
3. Currencies are never mixed on one axis: Soviet-rouble figures get their own panel, and values in another
   currency are not converted (the data hold no exchange rate).
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.transforms import offset_copy
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd

from ..data.schema import enum
from ..data.units import MONEY_SCALES
from ..prose import amount, data_row, in_words, times_in_words
from .chartdata import first_day, year_fraction
from .style import (ESTIMATE, FIG_WIDTH, GUIDE, INK, MUTED, OTHER_SERIES, PANEL_TITLE_PT, TEXT_PT, add_source_line,
                    chart_title, country_style, is_recorded, link_rows, plural, source_strip, source_words,
                    title_strip, wrap)

SCALE = {"": 1.0, **MONEY_SCALES}
CURRENCY_LABEL = {"USD": "USD", "SUR": "Soviet roubles", "RUB": "roubles", "KRW": "won"}
# The level the book's claim "past 90%" refers to: a reading threshold, drawn as a guide, not a data value.
SHARE_GUIDE = 90


# --- units -----------------------------------------------------------------------------------------------

def scale_of(unit: str) -> float:
    """The multiplier a unit word stands for ('million' → 1e6); the unit may carry a currency ('USD billion')."""
    words = [w for w in re.split(r"[\s_]+", str(unit).strip().lower()) if w]
    found = [SCALE[w] for w in words if w in SCALE]
    return found[0] if found else 1.0


def currency_of(row: pd.Series) -> str:
    """The currency of a monetary row: the ``currency`` column if present and filled, else a code in ``unit``."""
    currency = str(row.get("currency", "") or "").strip()
    if currency and currency.lower() != "nan":
        return currency
    match = re.search(r"\b([A-Z]{3})\b", str(row.get("unit", "")))
    return match.group(1) if match else ""


def in_millions(frame: pd.DataFrame, column: str = "value") -> pd.Series:
    """Values of ``column`` in millions of their currency, from the row's unit (scale word)."""
    return frame[column].astype(float) * frame["unit"].map(scale_of) / 1e6


def mid_year(frame: pd.DataFrame) -> pd.Series:
    """The middle of each row's period, as a decimal year."""
    start, end = pd.to_datetime(frame["period_start"]), pd.to_datetime(frame["period_end"])
    return year_fraction(start + (end - start) / 2)


def is_full_year(frame: pd.DataFrame) -> pd.Series:
    start, end = pd.to_datetime(frame["period_start"]), pd.to_datetime(frame["period_end"])
    return (start.dt.month == 1) & (start.dt.day == 1) & (end.dt.month == 12) & (end.dt.day == 31) & \
        (start.dt.year == end.dt.year)


# --- Russia (USSR)–DPRK trade ----------------------------------------------------------------------------

def russia_dprk_rows(trade: pd.DataFrame) -> pd.DataFrame:
    """The trade rows the Russia–DPRK chart draws: total turnover of the russia_dprk_trade series."""
    rows = trade[(trade["series"] == "russia_dprk_trade") & (trade["direction"] == "total")].copy()
    rows["currency_code"] = rows.apply(currency_of, axis=1) if len(rows) else pd.Series(dtype=str)
    # money only: growth rates ('percent_change') and multiples ('multiple') are not amounts of trade
    rows = rows[(rows["currency_code"] != "") & rows["unit"].map(lambda u: scale_of(u) != 1.0 or u == "one")].copy()
    rows["millions"] = in_millions(rows)
    rows["x"] = mid_year(rows)
    rows["full_year"] = is_full_year(rows)
    rows["reporter_group"] = rows["reporter"].map(reporter_group)
    return rows.sort_values(["x", "reporter"]).reset_index(drop=True)


# Reporters grouped for the legend (the full reporter of every figure is in the table under the chart).
REPORTER_GROUPS = [
    ("Russian customs", "Russian customs"),
    ("China customs", "China customs"),
    ("KOTRA", "KOTRA (Seoul)"),
    ("KITA", "KITA (Seoul)"),
    ("ITC", "ITC Trade Map (mirror)"),
    ("JETRO", "JETRO (Tokyo)"),
    ("ROK ", "ROK government"),
    ("Statistics Korea", "ROK government"),
    ("Soviet", "Soviet/Russian officials"),
    ("Russian", "Soviet/Russian officials"),
    ("Russia", "Soviet/Russian officials"),
    ("Vladimir Putin", "Soviet/Russian officials"),
]
OTHER_REPORTERS = "other sources"


def reporter_group(reporter: str) -> str:
    """The legend group of a reporter: the first entry of REPORTER_GROUPS whose key it contains."""
    for key, group in REPORTER_GROUPS:
        if key in str(reporter):
            return group
    return OTHER_REPORTERS


def plain_number(value: float, _=None) -> str:
    """Tick labels a reader does not have to decode: 0.1, 10, 1,000, 1,000,000 (never 1e+03)."""
    if value >= 1:
        return f"{value:,.0f}"
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _log_axis(ax, label: str) -> None:
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(mticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(plain_number))
    ax.yaxis.set_minor_formatter(mticker.NullFormatter())
    ax.set_ylabel(label)
    ax.grid(axis="y", which="major", color="#e4e4e4")


# Who is the authoritative reporter: Russia's (the USSR's) own official statistics. Where two official
# figures exist for one year, the first reporter in this list that gives one is drawn on the line.
AUTHORITATIVE_ORDER = ("Russian customs", "Soviet trade statistics", "Russian government statistics",
                       "Russian Ministry of Economic Development", "Russian Embassy", "Russian government",
                       "Russian presidential aide")
AUTHORITATIVE_LABEL = "Russia's own statistics"
OTHER_LABEL = "Other reporters"
OTHER_TEXT = "#555555"   # the label of the other reporters' dots: darker than the dots, so it reads as text


def _authority_rank(reporter: str) -> int:
    for rank, key in enumerate(AUTHORITATIVE_ORDER):
        if str(reporter).startswith(key):
            return rank
    return len(AUTHORITATIVE_ORDER)


def prepare_russia_dprk_trade(trade: pd.DataFrame) -> pd.DataFrame:
    """The rows the Russia–DPRK trade chart draws: full-year turnover in money, each with ``year``,
    ``millions`` (of its currency), ``currency_code`` and ``authoritative`` (True for the one official figure
    per year and currency that the line joins; every other figure is a dot off the line)."""
    rows = russia_dprk_rows(trade)
    rows = rows[rows["full_year"]].copy()
    rows["year"] = pd.to_datetime(rows["period_start"]).dt.year
    rows["rank"] = rows["reporter"].map(_authority_rank)
    official = rows[(rows["figure_type"] == "official") & (rows["rank"] < len(AUTHORITATIVE_ORDER))]
    chosen = official.sort_values(["rank", "id"]).drop_duplicates(["currency_code", "year"]).index
    rows["authoritative"] = rows.index.isin(chosen)
    return rows.drop(columns="rank").sort_values(["currency_code", "year", "authoritative"]).reset_index(drop=True)


def _nice_ceiling(value: float) -> int:
    """The next round number above ``value`` (two significant figures): 113.7 -> 120."""
    digits = 10 ** max(0, len(str(int(value))) - 2)
    return int(np.ceil(value / digits) * digits)


def russia_trade_finding(rows: pd.DataFrame) -> str:
    """The chart's title, computed from its rows: the ceiling and the low point of Russia's own USD figures."""
    usd = rows[(rows["currency_code"] == "USD") & rows["authoritative"]]
    if usd.empty:
        return "Russia's recorded trade with North Korea"
    low = usd.loc[usd["millions"].idxmin()]
    return (f"Russia's own statistics: trade with North Korea stayed under USD {_nice_ceiling(usd['millions'].max())}"
            f" million a year after {int(usd['year'].min())} and all but stopped in {int(low['year'])}")


def closure_note(events: pd.DataFrame, event_id: str, text: str = "North Korea shuts its borders") -> tuple:
    """(decimal year, label, event id) for an annotation, from an event row picked by id (its date read from the
    row; the line drawn links to it)."""
    from .chartdata import point_bounds, rows_by_id

    row = rows_by_id(events, [event_id], what="event")
    start = point_bounds(row)[0].iloc[0]
    return year_fraction(start), f"{text}, {start:%b %Y}", event_id


def _figure_marks(ax, frame: pd.DataFrame, x, y, *, color: str, size: float, gid: str, marker: str = "o",
                  zorder: int = 3):
    """One mark per row: filled where the figure is recorded, hollow (white inside) where it is an estimate or a
    claim, so that the difference survives greyscale print; each mark links to its row."""
    recorded = frame["figure_type"].map(is_recorded).to_numpy(dtype=bool) if len(frame) else np.array([], bool)
    drawn = []
    for filled, suffix in ((True, ""), (False, "-estimate")):
        part = frame[recorded == filled]
        if part.empty and not filled:
            continue
        marks = ax.scatter(np.asarray(x)[recorded == filled], np.asarray(y)[recorded == filled], s=size,
                           marker=marker, facecolors=color if filled else "white",
                           edgecolors="white" if filled else color, linewidths=0.5 if filled else 1.2,
                           zorder=zorder, gid=f"{gid}{suffix}")
        link_rows(marks, part["id"])
        drawn.append(marks)
    return drawn


def _joined(years: np.ndarray, values: np.ndarray) -> tuple[list, list]:
    """x and y for a line that joins consecutive years only (a gap of a year or more breaks it)."""
    xs, ys = [], []
    for i, (x, v) in enumerate(zip(years, values)):
        if i and x - years[i - 1] > 1:
            xs.append(np.nan)
            ys.append(np.nan)
        xs.append(x + 0.5)
        ys.append(v)
    return xs, ys


def plot_russia_dprk_trade(rows: pd.DataFrame, ax=None, *, title: str | None = None,
                           color: str | None = None, other_color: str = OTHER_SERIES,
                           label: str = AUTHORITATIVE_LABEL, other_label: str = OTHER_LABEL,
                           note: tuple | None = None, source: str | None = None) -> plt.Figure:
    """Russia's (the USSR's) trade with the DPRK on a log scale: Russia's own official figures as one solid line
    through large dots, every other reporter's figure as a smaller dot off the line (hollow where it is an
    estimate or a claim), each named by a label beside it; Soviet-rouble figures in a panel of their own.

    ``rows`` from :func:`prepare_russia_dprk_trade`; ``ax``: one Axes per currency (roubles first) or None;
    ``note``: (decimal year, text) marked on the dollar panel (see :func:`closure_note`).
    """
    if rows.empty:
        raise ValueError("trade.csv has no russia_dprk_trade total rows to draw")
    color = color or country_style("USSR/Russia")["color"]
    currencies = [c for c in rows["currency_code"].drop_duplicates() if c != "USD"]
    panels = currencies + (["USD"] if (rows["currency_code"] == "USD").any() else [])
    spans = [max(np.ptp(rows.loc[rows["currency_code"] == c, "year"]), 4) + 2 for c in panels]
    if ax is None:
        fig, axes = plt.subplots(1, len(panels), figsize=(FIG_WIDTH, 4.4), gridspec_kw={"width_ratios": spans})
    else:
        axes = ax
        fig = np.atleast_1d(axes)[0].figure
    axes = np.atleast_1d(axes)
    for panel, currency in zip(axes, panels):
        mine = rows[rows["currency_code"] == currency]
        others = mine[~mine["authoritative"]]
        main = mine[mine["authoritative"]].sort_values("year")
        _figure_marks(panel, others, others["year"] + 0.5, others["millions"], color=other_color, size=22,
                      gid=f"trade-{currency}-other")
        xs, ys = _joined(main["year"].to_numpy(), main["millions"].to_numpy(dtype=float))
        panel.plot(xs, ys, color=color, lw=1.8, zorder=4, gid=f"trade-{currency}-line")
        marks = panel.scatter(main["year"] + 0.5, main["millions"], s=34, color=color, edgecolors="white",
                              linewidths=0.6, zorder=5, gid=f"trade-{currency}-official")
        link_rows(marks, main["id"])
        _log_axis(panel, "million a year (log scale)" if currency == panels[-1] else "")
        panel.set_ylim(mine["millions"].min() / 2.2, mine["millions"].max() * 2.2)
        panel.set_xlim(mine["year"].min() - 0.5, mine["year"].max() + 1.5)
        if currency == "USD":
            panel.xaxis.set_major_locator(mticker.MaxNLocator(integer=True, nbins=6))
            panel.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:.0f}"))
        else:
            # a narrow panel: years written short ("’89", "’91") so that the two labels never touch
            panel.set_xticks(sorted({int(mine["year"].min()), int(mine["year"].max())}))
            panel.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"’{round(v) % 100:02d}"))
        panel.set_title("Soviet roubles" if currency == "SUR" else ("US dollars" if currency == "USD" else currency),
                        loc="left", fontsize=TEXT_PT, fontweight="bold")
        if not main.empty and currency == "USD":
            peak = main.loc[main["millions"].idxmax()]
            # below the line, centred on its peak: the label stays inside the panel and clear of the other dots
            panel.annotate(wrap(label, 16), xy=(peak["year"] + 0.5, peak["millions"]), xytext=(0, -34),
                           textcoords="offset points", fontsize=TEXT_PT, fontweight="bold", color=color,
                           ha="center", va="top", arrowprops=dict(arrowstyle="-", color=color, lw=0.8),
                           gid="trade-label")
        if not others.empty and currency == "USD":
            top = others.loc[others["millions"].idxmax()]
            panel.annotate(other_label, xy=(top["year"] + 0.5, top["millions"]), xytext=(10, 2),
                           textcoords="offset points", fontsize=TEXT_PT, color=OTHER_TEXT, ha="left", va="center",
                           gid="trade-other-label")
        if note is not None and currency == "USD":
            x, text, *event = note
            line = panel.axvline(x, color=INK, lw=0.9, ls="--", zorder=2, gid="trade-note")
            if event:
                line.set_url(f"#{event[0]}")
            panel.text(x - 0.3, 0.04, wrap(text, 18), transform=panel.get_xaxis_transform(), ha="right",
                       va="bottom", fontsize=TEXT_PT, color=INK)
    if ax is None:
        chart_title(fig, title or russia_trade_finding(rows))
        add_source_line(fig, source or source_words(
            "Russian customs and Soviet and Russian official statistics (the line); KOTRA, ITC Trade Map and other "
            "reporters (the dots off the line, hollow for an estimate or a claim)", rows, noun="figure"))
    return fig


# --- China's share ---------------------------------------------------------------------------------------

SHARE_SERIES = {"china_share_dprk_trade": "China", "ussr_share_dprk_trade": "USSR/Russia",
                "russia_share_dprk_trade": "USSR/Russia"}


def share_rows(trade: pd.DataFrame) -> pd.DataFrame:
    rows = trade[trade["series"].isin(SHARE_SERIES)].copy()
    bad = rows[rows["unit"] != "percent"]
    if not bad.empty:
        raise ValueError(f"share rows must be in percent; row {bad['id'].iloc[0]!r} is in {bad['unit'].iloc[0]!r}")
    rows["country"] = rows["series"].map(SHARE_SERIES)
    rows["x"] = mid_year(rows)
    rows["full_year"] = is_full_year(rows)
    rows["share"] = rows["value"].astype(float)
    rows["reporter_group"] = rows["reporter"].map(reporter_group)
    return rows.sort_values(["x", "reporter"]).reset_index(drop=True)


def first_year_above(trade: pd.DataFrame, level: float = SHARE_GUIDE) -> int | None:
    """The first year any reporter puts China's share of DPRK trade above ``level`` percent."""
    rows = share_rows(trade)
    above = rows[(rows["country"] == "China") & (rows["share"] > level)]
    return int(np.floor(above["x"].min())) if not above.empty else None


SHARE_AUTHORITY = "KOTRA"   # the reporter with a figure for almost every year: the line joins its figures


def prepare_china_share(trade: pd.DataFrame, *, authority: str = SHARE_AUTHORITY) -> pd.DataFrame:
    """China's and the USSR's/Russia's shares of DPRK trade (full-year figures), with ``year`` and
    ``authoritative`` (True for the one ``authority`` figure per year and country the line joins)."""
    rows = share_rows(trade)
    rows = rows[rows["full_year"]].copy()
    rows["year"] = pd.to_datetime(rows["period_start"]).dt.year
    chosen = rows[rows["reporter"] == authority].sort_values("id").drop_duplicates(["country", "year"]).index
    # China: one reporter's figures; the USSR/Russia, with few figures, every one (no line joins them)
    rows["authoritative"] = rows.index.isin(chosen) | (rows["country"] != "China")
    rows["on_line"] = rows.index.isin(chosen) & (rows["country"] == "China")
    return rows.reset_index(drop=True)


def china_share_finding(rows: pd.DataFrame, level: float = SHARE_GUIDE) -> str:
    main = rows[(rows["country"] == "China") & rows["authoritative"]].sort_values("year")
    if main.empty:
        return "China's share of North Korea's recorded trade"
    above = main[main["share"] > level]
    last = main.iloc[-1]
    if above.empty:
        return f"China's share of North Korea's recorded trade reached {last['share']:g}% in {last['year']}"
    return (f"China's share of North Korea's recorded trade passed {level:g}% in {above['year'].min()} "
            f"and was {last['share']:g}% in {last['year']}")


# The words beside each series of the share chart (the USSR's and Russia's shares are told apart by series).
SHARE_LABELS = {"china_share_dprk_trade": "China's share", "ussr_share_dprk_trade": "USSR's share",
                "russia_share_dprk_trade": "Russia's share"}
OTHER_SHARE_LABEL = "Other figures for China"
PUBLISHER_PLACE = {"KOTRA": "KOTRA (Seoul)"}   # how the line's reporter is named in the source line


def plot_china_share(rows: pd.DataFrame, ax=None, *, title: str | None = None, colors: dict | None = None,
                     other_color: str = OTHER_SERIES, guide: float = SHARE_GUIDE, source: str | None = None
                     ) -> plt.Figure:
    """China's (and the USSR's/Russia's) share of DPRK trade: one reporter's figures for China as a solid line
    through squares, the USSR's and Russia's shares as large dots (the country's colour and marker), every
    other figure for China as a small dot off the line; estimates and claims hollow. Each series is named by a
    label beside its marks (no legend)."""
    colors = {"China": country_style("China")["color"], "USSR/Russia": country_style("USSR/Russia")["color"],
              **(colors or {})}
    fig, ax = (plt.subplots(figsize=(FIG_WIDTH, 4.0)) if ax is None else (ax.figure, ax))
    others = rows[~rows["authoritative"]]
    _figure_marks(ax, others, others["year"] + 0.5, others["share"], color=other_color, size=22, gid="share-other")
    authority = rows.loc[rows["on_line"] if "on_line" in rows else rows["authoritative"], "reporter"]
    who = authority.iloc[0] if len(authority) else ""
    middle = rows["year"].min() + (rows["year"].max() - rows["year"].min()) / 2
    for country in ("China", "USSR/Russia"):
        main = rows[(rows["country"] == country) & rows["authoritative"]].sort_values("year")
        if main.empty:
            continue
        marker = country_style(country)["marker"]
        line = main[main["on_line"]] if "on_line" in main else main
        if country == "China" and not line.empty:
            xs, ys = _joined(line["year"].to_numpy(), line["share"].to_numpy(dtype=float))
            ax.plot(xs, ys, color=colors[country], lw=1.8, zorder=4, gid=f"share-{country}-line")
        _figure_marks(ax, main, main["year"] + 0.5, main["share"], color=colors[country],
                      size=30 if country == "China" else 40, marker=marker, gid=f"share-{country}", zorder=5)
        if country == "China" and not line.empty:
            # beside the line where it climbs, below and to the right of it, where no mark stands
            halfway = (line["share"].min() + line["share"].max()) / 2
            at = line.loc[(line["share"] - halfway).abs().idxmin()]
            ax.annotate(f"{who}: {SHARE_LABELS['china_share_dprk_trade']}" if who else SHARE_LABELS[
                "china_share_dprk_trade"], xy=(at["year"] + 0.5, at["share"]), xytext=(9, -4),
                textcoords="offset points", ha="left", va="top", fontsize=TEXT_PT, fontweight="bold",
                color=colors[country], gid="share-China-label")
            continue
        for series, part in main.groupby("series", sort=False):
            end = part.sort_values("year").iloc[-1]
            text = SHARE_LABELS.get(series, country)
            if end["year"] < middle:   # an early series: its name to the right of its last dot
                offset, ha, va = (9, 0), "left", "center"
            else:                      # a late one: above its last dot, ending there
                offset, ha, va = (0, 9), "right", "bottom"
            ax.annotate(text, xy=(end["year"] + 0.5, end["share"]), xytext=offset, textcoords="offset points",
                        ha=ha, va=va, fontsize=TEXT_PT, fontweight="bold", color=colors[country],
                        gid=f"share-{series}-label")
    china_others = others[others["country"] == "China"]
    if not china_others.empty:
        pick = china_others.loc[china_others["share"].idxmin()]
        ax.annotate(wrap(OTHER_SHARE_LABEL, 14), xy=(pick["year"] + 0.5, pick["share"]), xytext=(9, 0),
                    textcoords="offset points", fontsize=TEXT_PT, color=OTHER_TEXT, ha="left", va="center",
                    gid="share-other-label")
    ax.axhline(guide, color=GUIDE, lw=0.8, ls=":", zorder=1)
    ax.text(rows["year"].min(), guide + 1, f"{guide:g}%", fontsize=TEXT_PT, color=MUTED, va="bottom")
    ax.set_ylim(0, 104)
    ax.set_ylabel("share of recorded trade (%)")
    ax.set_xlim(rows["year"].min() - 0.5, rows["year"].max() + 1.5)
    ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True, nbins=7))
    if ax.figure is fig and len(fig.axes) == 1:
        chart_title(fig, title or china_share_finding(rows, guide))
        add_source_line(fig, source or source_words(
            f"{PUBLISHER_PLACE.get(who, who)} for the line; KITA, JETRO, ITC Trade Map, Soviet trade statistics and "
            f"other releases of {who} for the dots off it (hollow for a claim)", rows, noun="figure"))
    return fig


# --- off-book flows --------------------------------------------------------------------------------------

# The panels of the off-book chart: title, the flows it draws, how its axis is labelled and scaled.
OFF_BOOK_PANELS = [
    {"title": "Money: recorded against estimated", "flows": ["official_trade_statement",
                                                                          "value_to_dprk"],
     "axis": "USD billion (log scale)", "log": True, "money": True, "divide": 1e3},
    {"title": "Shells and rounds, DPRK to Russia", "flows": ["shells"], "axis": "million shells",
     "divide": 1e6},
    {"title": "Ballistic missiles, DPRK to Russia", "flows": ["missiles"], "axis": "missiles"},
    {"title": "Troops, DPRK to Russia", "flows": ["troops"], "axis": "thousand persons", "divide": 1e3},
    {"title": "Refined oil, Russia to DPRK", "flows": ["refined_petroleum"], "axis": "million barrels (log scale)",
     "log": True, "divide": 1e6},
]
# Official figures from a party (Russian statistics, notifications to the UN 1718 Committee) are drawn filled;
# every other estimator's figure is an estimate, drawn hollow.
RECORDED_ESTIMATORS = {"official_statement", "UN"}
# Each panel's value axis is in the unit ('divide') that keeps its tick labels short: a log axis is labelled at
# each power of ten (0.1, 1, 10), a linear one at three or four round numbers.
LOG_ARROW = 3.6        # the room a 'more than' arrow takes on a log axis, as a multiple of its value
ARROW_PT = 13          # the length of that arrow, in points
CAP_HEAD = 1.0         # rows of room above the oil panel's top row for the label of the UN cap
PANEL_OVERHEAD = 4.5   # text lines a panel needs beyond its rows: title (two lines), ticks, axis label
LINE_IN = 0.16         # one 10 pt line, in inches


# How a long estimator name is shortened for a chart label (the table under the chart keeps the full name).
SHORT_WORDS = {"South Korean": "ROK", "Ministry of National Defense": "Defense Ministry",
               "Prosecutor General's Office": "Prosecutor General", "Sanctions Committee": "Committee",
               "Defence Intelligence": "intelligence"}
TITLE_WORDS = ("Minister", "aide", "chief", "Secretary", "spokesperson", "analyst", "ambassador")


def short_estimator(text: str, limit: int = 18) -> str:
    """A short name for an estimator, for a chart label: the name before any bracket, comma or 'via …'; if
    that is longer than ``limit``, its acronym in brackets ('MSMT'), or a person's title and surname
    ('Minister Kozlov'). Never cut with an ellipsis: what is still long is wrapped where it is drawn."""
    text = str(text).strip()
    head = re.split(r"\s*[(,;]|\s+(?:via|cited by|for the|with The|to The|to Reuters|report|briefing|comments)\b",
                    text)[0].strip()
    if len(head) <= limit:
        return head
    acronym = re.search(r"\(([A-Z][A-Za-z/&]{1,9})\)", text)
    if acronym:
        first = head.split()[0]
        prefix = first if first in {"ROK", "US", "UN", "Ukraine", "Russian", "South"} else ""
        return f"{'ROK' if prefix == 'South' else prefix} {acronym.group(1)}".strip()
    words = head.split()
    titled = [i for i, w in enumerate(words) if w in TITLE_WORDS]
    if titled and titled[-1] + 1 < len(words):
        name = words[titled[-1] + 1:]
        surname = name[0] if len(name) > 1 and "-" in name[-1] else name[-1]
        title = words[titled[-1]]
        return f"{title[0].upper()}{title[1:]} {surname}"
    for long, short in SHORT_WORDS.items():
        head = head.replace(long, short)
    return head


def off_book_rows(off_book: pd.DataFrame, flows: list[str], *, money: bool = False) -> pd.DataFrame:
    rows = off_book[off_book["flow"].isin(flows)].copy()
    if money:
        rows["currency_code"] = rows.apply(currency_of, axis=1)
        rows = rows[rows["currency_code"] == "USD"]
        rows["low"] = in_millions(rows, "value_low")
        rows["high"] = in_millions(rows, "value_high")
    else:
        rows["low"] = rows["value_low"].astype(float)
        rows["high"] = rows["value_high"].astype(float)
    rows["recorded"] = rows["estimator_type"].isin(RECORDED_ESTIMATORS)
    bounds = set(enum("off_book", "bound"))  # the allowed bounds live in the descriptor only
    unknown = sorted(set(rows["bound"]) - bounds)
    if unknown:
        raise ValueError(f"off_book.csv: unknown bound {unknown}; expected one of {sorted(bounds)}")
    return rows.sort_values(["recorded", "estimate_date", "id"], ascending=[False, True, True]).reset_index(drop=True)


def non_usd_money_rows(off_book: pd.DataFrame) -> pd.DataFrame:
    """Monetary off-book rows in a currency other than USD: left off the chart (no exchange rate in data/)."""
    rows = off_book[off_book["flow"].isin(OFF_BOOK_PANELS[0]["flows"])].copy()
    rows["currency_code"] = rows.apply(currency_of, axis=1)
    return rows[rows["currency_code"] != "USD"]


def prepare_off_book(off_book: pd.DataFrame, panels: list[dict] | None = None) -> list[tuple[dict, pd.DataFrame]]:
    """(panel, rows) for each panel of the off-book chart that has rows (USD money only; see
    :func:`non_usd_money_rows` for what is left off)."""
    panels = panels or OFF_BOOK_PANELS
    prepared = [(p, off_book_rows(off_book, p["flows"], money=p.get("money", False))) for p in panels]
    return [(p, r) for p, r in prepared if not r.empty]


def off_book_finding(prepared: list[tuple[dict, pd.DataFrame]]) -> str:
    """The chart's title: how many times the recorded trade the lowest estimate of North Korea's gain is."""
    for panel, rows in prepared:
        if not panel.get("money"):
            continue
        official = rows[rows["recorded"] & (rows["flow"] == "official_trade_statement")]
        estimates = rows[rows["flow"] == "value_to_dprk"]
        values = estimates[["low", "high"]].stack()
        if len(official) and len(values):
            ratio = values.min() / official["high"].max()
            return f"The lowest estimate of North Korea's gain is {ratio:,.0f} times the trade Russia records"
    return "Off the books: what is estimated beside what is recorded, 2023 onward"


def estimator_label(row, width: int = 16, dated: bool = False) -> str:
    """'Who' (``dated``: 'Who, Mon YYYY'), wrapped to ``width`` characters (a name is never cut)."""
    who = short_estimator(row.estimator, limit=width)
    if not dated:
        return wrap(who, width)
    when = pd.Timestamp(first_day(str(row.estimate_date)))
    date = f"{when:%Y}" if len(str(row.estimate_date)) == 4 else f"{when:%b}\u00a0{when:%Y}"  # one unbreakable date
    return wrap(f"{who}, {date}", width)


def plot_off_book(prepared: list[tuple[dict, pd.DataFrame]], ax=None, *, title: str | None = None,
                  recorded_color: str = INK, estimate_color: str = ESTIMATE, cap: pd.DataFrame | None = None,
                  source: str | None = None, label_width: int = 18, columns: int = 2) -> plt.Figure:
    """Small multiples, one panel per kind of flow, one row per estimate (labelled with who gave it and when):
    a dot for a figure, a bar for a range, an arrow for 'more than' or 'up to'; filled and dark when recorded
    (official figures, notifications to the UN), hollow and green when estimated.

    ``prepared`` from :func:`prepare_off_book`; ``ax``: one Axes per panel or None; ``cap``: rows giving a
    ceiling to draw on the oil panel (value_low, in barrels a year).
    """
    labels = [[estimator_label(r, label_width, dated=columns == 1) for r in rows.itertuples()]
              for _, rows in prepared]
    steps = [[0.25 + 0.95 * (t.count("\n") + 1) for t in texts] for texts in labels]   # a label never touches the next
    has_cap = [cap is not None and not cap.empty and "refined_petroleum" in p["flows"] for p, _ in prepared]
    heads = [CAP_HEAD if c else 0.0 for c in has_cap]   # room over the top row for 'UN cap'
    own = ax is None
    if own:
        title = title or off_book_finding(prepared)
        # no key: the first filled and the first hollow mark that have room beside them are named on the chart
        subtitle = "Each row is one figure and who gave it."
        drawn = pd.concat([r for _, r in prepared])
        source = source or (f"Sources: Russian officials, UN notifications, intelligence services, the MSMT, "
                             f"think tanks, the press; the {plural(len(drawn), 'figure')} with dates and sources "
                             f"in the table under the chart.")
        axes, fig = _small_multiples(prepared, labels, [st + [h] for st, h in zip(steps, heads)], columns, title,
                                     subtitle, source)
    else:
        axes = ax
        fig = np.atleast_1d(axes)[0].figure
    axes = np.atleast_1d(axes)
    row_ends = []   # (axes, y, the row's rightmost drawn x, recorded?) for the labels naming filled and hollow
    for panel_ax, (panel, rows), texts, step, head in zip(axes, prepared, labels, steps, heads):
        divide = panel.get("divide", 1.0)
        # rows from the top, each as tall as its label
        ys = -np.cumsum(step) + np.array(step) / 2
        for y, row in zip(ys, rows.itertuples()):
            c = recorded_color if row.recorded else estimate_color
            face = c if row.recorded else "white"
            low, high = row.low / divide, row.high / divide
            right = high if row.bound in ("range", "upper") else low
            if row.bound == "lower":
                right = low * LOG_ARROW if panel.get("log") else low + _arrow_len(rows, divide)
            row_ends.append((panel_ax, y, right, bool(row.recorded)))
            if row.bound == "range":
                panel_ax.plot([low, high], [y, y], color=c, lw=2.4, solid_capstyle="butt", zorder=2,
                              gid=f"offbook-range-{row.id}")
                ends = panel_ax.scatter([low, high], [y, y], marker="o", s=30, facecolors=face, edgecolors=c,
                                        linewidths=1.4, zorder=3, gid=f"offbook-{row.id}")
                link_rows(ends, [row.id, row.id])
                continue
            value = high if row.bound == "upper" else low
            mark = panel_ax.scatter([value], [y], marker="o", s=38, facecolors=face, edgecolors=c, linewidths=1.4,
                                    zorder=3, gid=f"offbook-{row.id}")
            link_rows(mark, [row.id])
            if row.bound in ("lower", "upper"):
                sign = 1 if row.bound == "lower" else -1
                if panel.get("log"):   # a fixed length on the page, clear of the mark, however wide the decades
                    to, where = (value, y), offset_copy(panel_ax.transData, fig, x=sign * ARROW_PT, units="points")
                else:
                    to, where = (value + sign * _arrow_len(rows, divide), y), "data"
                panel_ax.annotate("", xy=to, xycoords=where, xytext=(value, y), textcoords="data", zorder=2,
                                  arrowprops=dict(arrowstyle="-|>", color=c, lw=1.2, shrinkA=4.5, shrinkB=0,
                                                  mutation_scale=9))
        panel_ax.set_yticks(ys, texts, fontsize=TEXT_PT)
        panel_ax.set_ylim(-sum(step) - 0.1, 0.1 + head)
        panel_ax.tick_params(axis="y", length=0)
        panel_ax.grid(axis="y", visible=False)
        panel_ax.grid(axis="x", color="#e8e8e8")
        if panel.get("log"):
            panel_ax.set_xscale("log")
            panel_ax.xaxis.set_major_formatter(mticker.FuncFormatter(plain_number))
            panel_ax.xaxis.set_minor_formatter(mticker.NullFormatter())
            low_all, high_all = _extent(rows, divide)
            panel_ax.set_xlim(low_all / 2.2, high_all * (LOG_ARROW * 1.3 if (rows["bound"] == "lower").any() else 1.6))
        else:
            panel_ax.set_xlim(0, _extent(rows, divide)[1] * (1.22 if (rows["bound"] == "lower").any() else 1.1))
        if not panel.get("log"):
            panel_ax.xaxis.set_major_locator(mticker.MaxNLocator(nbins=5 if columns == 1 else 4, steps=[1, 2, 2.5, 5, 10]))
            panel_ax.xaxis.set_major_formatter(mticker.FuncFormatter(plain_number))
        else:
            panel_ax.xaxis.set_major_locator(mticker.LogLocator(base=10, subs=(1.0,), numticks=12))
        # right-aligned under a narrow panel, so that a long axis label runs left, under the row labels
        panel_ax.set_xlabel(panel["axis"], fontsize=TEXT_PT, labelpad=1, loc="right" if columns > 1 else "center")
        panel_ax.set_title(wrap(panel["title"], 20 if columns > 1 else 34), fontsize=PANEL_TITLE_PT, loc="left",
                           fontweight="bold", x=-0.75 if columns > 1 else 0)
        if cap is not None and "refined_petroleum" in panel["flows"] and not cap.empty:
            for row in cap.itertuples():
                panel_ax.axvline(row.value_low / divide, color=INK, lw=1.0, ls="--", zorder=1, gid=f"cap-{row.id}")
                # at the line's top, in the room kept over the top row, on a white box clear of every mark
                panel_ax.text(row.value_low / divide, 0.1 + head / 2, "UN cap", fontsize=TEXT_PT, ha="center",
                              va="center", color=INK, zorder=4, bbox=dict(boxstyle="square,pad=0.15",
                                                                         facecolor="white", edgecolor="none"))
    name_fill_kinds(fig, row_ends)
    if own:
        chart_title(fig, title, subtitle)
        add_source_line(fig, source)
    return fig


FILL_WORDS = {True: "recorded", False: "estimate"}   # the words that name a filled and a hollow mark


def name_fill_kinds(fig: plt.Figure, row_ends: list, pad_pt: float = 5.0) -> None:
    """Write 'recorded' beside the first filled mark and 'estimate' beside the first hollow mark (in reading
    order: panel by panel, top to bottom) that have room for the word to their right inside the panel, clear
    of every line and text already drawn there; a kind with no such row stays unnamed."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    for recorded, word in FILL_WORDS.items():
        for panel_ax, y, right, is_recorded in row_ends:
            if is_recorded != recorded:
                continue
            label = panel_ax.annotate(word, xy=(right, y), xytext=(pad_pt, 0), textcoords="offset points",
                                      ha="left", va="center", fontsize=TEXT_PT, color=INK, zorder=5,
                                      gid=f"offbook-name-{word}")
            box = label.get_window_extent(renderer)
            inside = box.x1 <= panel_ax.get_window_extent(renderer).x1 - 2
            clear = inside and not any(
                other is not label and other.get_visible() and other.get_text().strip()
                and box.overlaps(other.get_window_extent(renderer))
                for other in panel_ax.texts) and not any(
                line.get_visible() and box.overlaps(line.get_window_extent(renderer))
                for line in panel_ax.lines if line.get_gid() and line.get_gid().startswith("cap-"))
            if clear:
                break
            label.remove()


def _balanced_columns(heights: list[float], columns: int, gap: float) -> list[int]:
    """The column of each panel that makes the tallest column lowest (every assignment tried: a handful of
    panels), panels keeping their order within a column; on a tie, the earliest assignment in order."""
    from itertools import product

    def tallest(assignment):
        return max(sum(h + gap for h, c in zip(heights, assignment) if c == column) for column in range(columns))

    return list(min(product(range(columns), repeat=len(heights)), key=tallest))


def _small_multiples(prepared, labels, steps, columns, title, subtitle, source):
    """Axes for the off-book panels, placed by hand (constrained layout is slow on this many panels): the
    panels fill ``columns`` columns, balanced by height, each as tall as its rows, under the title."""
    title_in, source_in = title_strip(title, subtitle), source_strip(source)
    label_in = 1.4 if columns > 1 else 2.3         # the estimator labels, left of each panel
    head_in, foot_in, gap_in = 0.37, 0.40, 0.06    # panel title; ticks and axis label; space between panels
    heights = [sum(st) * LINE_IN + head_in + foot_in for st in steps]
    column_of = _balanced_columns(heights, columns, gap_in)
    body = max(sum(heights[i] + gap_in for i in range(len(heights)) if column_of[i] == c) for c in range(columns))
    width, height = FIG_WIDTH, title_in + body - gap_in + source_in   # no gap under the lowest panel
    fig = plt.figure(figsize=(width, height))
    # axes placed by hand: a placeholder engine, so that saving in a second format does not fall back to the
    # style's constrained layout (matplotlib restores "no engine" as the rcParams default)
    fig.set_layout_engine(PlaceHolderLayoutEngine(adjust_compatible=True, colorbar_gridspec=False))
    column_in = (width - 0.05) / columns
    top = [height - title_in] * columns
    axes = []
    for i in range(len(prepared)):   # in the given order, top to bottom within each column
        c = column_of[i]
        y_top = top[c] - head_in
        plot_h = heights[i] - head_in - foot_in
        left = 0.05 + c * column_in + label_in
        axes.append(fig.add_axes([left / width, (y_top - plot_h) / height,
                                  (column_in - label_in - 0.22) / width, plot_h / height]))
        top[c] -= heights[i] + gap_in
    return axes, fig


def covered_period(row) -> str:
    """The period an estimate covers, as the data give it ('Aug 2023–Jan 2024', 'to Jan 2024', 'not stated')."""
    start, end = row.period_start, row.period_end
    open_ended = _open_period(start, end, unstated="period not stated")
    if open_ended is not None:
        return open_ended
    fmt = lambda t: f"{pd.Timestamp(t):%b %Y}"
    if fmt(start) == fmt(end):
        return fmt(start)
    return f"{fmt(start)}–{fmt(end)}"


def _open_period(start, end, unstated: str) -> str | None:
    """A period the data leave open at one or both ends ('up to Jan 2024', 'from Mar 2024'), else None."""
    if pd.isna(start) and pd.isna(end):
        return unstated
    if pd.isna(start):
        return f"up to {pd.Timestamp(end):%b %Y}"
    if pd.isna(end):
        return f"from {pd.Timestamp(start):%b %Y}"
    return None


def covered(row) -> str:
    text = covered_period(row)
    per = str(getattr(row, "per", "") or "")
    return text + (" (a year)" if per == "year" else "")


def _extent(rows: pd.DataFrame, divide: float) -> tuple[float, float]:
    values = np.r_[rows["low"].to_numpy(dtype=float), rows["high"].to_numpy(dtype=float)] / divide
    values = values[~np.isnan(values)]
    return float(values.min()), float(values.max())


def _arrow_len(rows: pd.DataFrame, divide: float) -> float:
    top = np.nanmax(np.r_[rows["low"].to_numpy(dtype=float), rows["high"].to_numpy(dtype=float)]) / divide
    return 0.14 * top


# --- the rows behind the charts, as short tables -----------------------------------------------------------

def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def period_text(start, end) -> str:
    """'2020', 'Jan–Aug 2016', '1985–1990', 'Mar 2024', 'up to Jan 2024' from a period's first and last day."""
    open_ended = _open_period(start, end, unstated="not stated")
    if open_ended is not None:
        return open_ended
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    whole_years = start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31
    if whole_years:
        return f"{start.year}" if start.year == end.year else f"{start.year}–{end.year}"
    if start.year == end.year:
        return f"{start:%b %Y}" if start.month == end.month else f"{start:%b}–{end:%b %Y}"
    return f"{start:%b %Y}–{end:%b %Y}"


def trade_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The trade rows a chart draws, in a few short columns: period, figure (value, scale, currency), reporter,
    kind of figure, with their sources."""
    figure = [f"{_number(r.value)} {'%' if r.unit == 'percent' else r.unit} {r.currency or ''}".strip()
              for r in rows.itertuples()]
    return pd.DataFrame({
        "period": [period_text(s, e) for s, e in zip(rows["period_start"], rows["period_end"])],
        "figure": figure,
        "reporter": rows["reporter"].to_numpy(),
        "type": rows["figure_type"].to_numpy(),
        "source_url": rows["source_url"].to_numpy(),
        "publisher": rows["publisher"].to_numpy(),
        "bib_key": rows["bib_key"].to_numpy() if "bib_key" in rows else "",
    })


def estimate_text(row) -> str:
    """An off-book row's value as its author gives it: 'about 1,000,000 shells', 'at least 10 billion USD'."""
    scale = "" if row.unit == "one" else row.unit.replace("_", " ")
    unit = f"{scale} {row.currency}".strip() if isinstance(row.currency, str) and row.currency else scale
    per = f" a {row.per.replace('_', ' ')}" if isinstance(row.per, str) and row.per else ""
    low, high = row.value_low, row.value_high
    text = {
        "exact": lambda: f"{_number(low)}",
        "approximate": lambda: f"about {_number(low)}",
        "lower": lambda: f"at least {_number(low)}",
        "upper": lambda: f"up to {_number(high)}",
        "range": lambda: f"{_number(low)}–{_number(high)}",
    }[row.bound]()
    return f"{text} {unit}{per}"


def off_book_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The off-book rows a chart draws, in a few short columns, with their sources."""
    return pd.DataFrame({
        "flow": rows["flow"].str.replace("_", " ").to_numpy(),
        "estimate": [estimate_text(r) for r in rows.itertuples()],
        "period": [period_text(s, e) for s, e in zip(rows["period_start"], rows["period_end"])],
        "estimator": rows["estimator"].to_numpy(),
        "source_url": rows["source_url"].to_numpy(),
        "publisher": rows["publisher"].to_numpy(),
        "bib_key": rows["bib_key"].to_numpy() if "bib_key" in rows else "",
    })


# --- the numbers the notebook's prose quotes (glued), computed here so that no notebook cell hides them ------

def russia_trade_facts(trade: pd.DataFrame) -> dict:
    """Figures of the Russia–DPRK trade rows (every total in money, part-year ones included) that the prose
    quotes: the rouble range of the late 1980s, the last rouble year, the dollar peak and low point with their
    reporters, the number of figures and reporters, and the year two reporters disagree most."""
    rows = russia_dprk_rows(trade)
    roubles = rows[(rows["currency_code"] == "SUR") & rows["full_year"]]
    dollars = rows[(rows["currency_code"] == "USD") & rows["full_year"]]
    peak = dollars.loc[dollars["millions"].idxmax()]
    low = dollars.loc[dollars["millions"].idxmin()]
    soviet = rows[(rows["currency_code"] == "SUR")
                  & (rows["period_end"].dt.year < roubles["period_start"].dt.year.max())]
    spread = dollars.groupby(dollars["period_start"].dt.year)["millions"].agg(["min", "max", "count"])
    spread = spread[spread["count"] > 1]
    widest = (spread["max"] / spread["min"]).idxmax()
    that_year = dollars[dollars["period_start"].dt.year == widest]
    return {
        "rouble_low": f"{soviet['millions'].min():,.0f}",
        "rouble_high": f"{soviet['millions'].max():,.0f}",
        "rouble_last": f"{roubles.sort_values('period_start')['millions'].iloc[-1]:,.0f}",
        "rouble_last_year": int(roubles["period_start"].dt.year.max()),
        "usd_peak": f"{peak['millions']:,.0f}",
        "usd_peak_year": int(peak["period_start"].year),
        "usd_peak_reporter": peak["reporter"],
        "usd_low": f"{low['millions'] * 1000:,.0f}",
        "usd_low_year": int(low["period_start"].year),
        "usd_low_reporter": low["reporter"],
        "n_reporters": int(rows["reporter"].nunique()),
        "n_rows_trade": len(rows),
        "spread_year": int(widest),
        "spread_min": f"{spread.loc[widest, 'min']:,.0f}",
        "spread_max": f"{spread.loc[widest, 'max']:,.0f}",
        "spread_low_reporter": that_year.loc[that_year["millions"].idxmin(), "reporter"],
        "spread_high_reporter": that_year.loc[that_year["millions"].idxmax(), "reporter"],
    }


def china_share_facts(trade: pd.DataFrame) -> dict:
    """China's share: the first year any reporter puts it above 90%, the earliest and latest figures."""
    china = share_rows(trade)
    china = china[china["country"] == "China"].sort_values("x")
    return {
        "share_first_above": first_year_above(trade),
        "share_latest": china["share"].iloc[-1],
        "share_latest_year": int(china["x"].iloc[-1]),
        "share_earliest": china["share"].iloc[0],
        "share_earliest_year": int(china["x"].iloc[0]),
    }


def off_book_facts(off_book: pd.DataFrame, cap: pd.DataFrame | None = None) -> dict:
    """The off-book figures the prose quotes: official trade, the range of value estimates (USD billion) and
    its ratio to the official figure, the shell range (million), the oil notified and estimated, the number of
    won estimates left off the chart, and a sentence on the UN oil ceiling."""
    money = off_book_rows(off_book, ["official_trade_statement", "value_to_dprk"], money=True)
    official = money[money["recorded"] & (money["flow"] == "official_trade_statement")]
    values = money.loc[money["flow"] == "value_to_dprk", ["low", "high"]].stack()
    shells = off_book_rows(off_book, ["shells"])[["low", "high"]].stack()
    oil = off_book_rows(off_book, ["refined_petroleum"])
    has_cap = cap is not None and len(cap) > 0
    return {
        "official_trade": f"{official['high'].max():g}",
        "value_low": f"{values.min() / 1000:g}",
        "value_high": f"{values.max() / 1000:g}",
        "ratio": f"{values.min() / official['high'].max():,.0f}",
        "shells_low": f"{shells.min() / 1e6:g}",
        "shells_high": f"{shells.max() / 1e6:g}",
        "oil_notified": f"{oil.loc[oil['recorded'], 'low'].max():,.0f}",
        "oil_estimate": f"{oil.loc[~oil['recorded'], 'low'].max():,.0f}",
        "n_krw": len(non_usd_money_rows(off_book)),
        "cap_sentence": "The dashed line on the oil panel is the UN ceiling, from off_book.csv." if has_cap else
        "The oil panel has no line for the UN ceiling, because the ceiling is not a row of off_book.csv.",
    }


def essay_trade_facts(trade: pd.DataFrame) -> dict:
    """Figures the stage 4 essay and the conclusion quote: China's customs totals (latest and previous full
    year, USD billion), the Russian tourist figures given by Alexander Kozlov (the first counted and the last
    target), Russia–DPRK total trade in 2023 and 2024 (USD million, the highest full-year figure) and KOTRA's
    figure for China's share in 2023."""
    full_year = ((trade["period_start"].dt.month == 1) & (trade["period_end"].dt.month == 12)
                 & (trade["period_start"].dt.year == trade["period_end"].dt.year))
    china_customs = trade[(trade["series"] == "china_dprk_trade") & (trade["reporter"] == "China customs")
                          & (trade["direction"] == "total") & (trade["unit"] == "billion")
                          & full_year].sort_values("period_start")
    tourists = trade[(trade["series"] == "russia_dprk_tourists_travellers")
                     & trade["reporter"].str.startswith("Alexander Kozlov")
                     & (trade["period_start"].dt.month == 1) & (trade["period_end"].dt.month == 12)
                     ].sort_values("period_start")
    russia_usd = trade[(trade["series"] == "russia_dprk_trade") & (trade["unit"] == "million")
                       & (trade["currency"] == "USD") & (trade["direction"] == "total")
                       & (trade["period_start"].dt.month == 1) & (trade["period_end"].dt.month == 12)]
    kotra_share = trade[(trade["series"] == "china_share_dprk_trade") & (trade["reporter"] == "KOTRA")]
    facts = {
        "china_customs_latest": f"{china_customs['value'].iloc[-1]:g}",
        "china_customs_latest_year": int(china_customs["period_start"].dt.year.iloc[-1]),
        "china_customs_previous": f"{china_customs['value'].iloc[-2]:g}",
        "china_customs_previous_year": int(china_customs["period_start"].dt.year.iloc[-2]),
        "tourists_counted": f"{tourists['value'].iloc[0]:,.0f}",
        "tourists_counted_year": int(tourists["period_start"].dt.year.iloc[0]),
        "tourists_target": f"{tourists['value'].iloc[-1]:,.0f}",
        "tourists_target_year": int(tourists["period_start"].dt.year.iloc[-1]),
    }
    for year in (2023, 2024):
        facts[f"russia_trade_{year}"] = \
            f"{russia_usd.loc[russia_usd['period_start'].dt.year == year, 'value'].max():g}"
    facts["china_share_2023"] = f"{kotra_share.loc[kotra_share['period_start'].dt.year == 2023, 'value'].max():g}"
    return facts


# --- figures the essays quote, each read from its own row of data/ by the row's id --------------------------

BOUND_WORDS = {"approximate": "about {}", "lower": "over {}", "upper": "up to {}", "exact": "{}"}


def estimate_words(off_book: pd.DataFrame, row_id: str, scale=1e6, unit=" million") -> str:
    """An off-book estimate in words, as its row bounds it: 'about 1 million', '0.5 to 3 million', 'over 12 million'."""
    row = data_row(off_book, row_id)
    if row["bound"] == "range":
        return f"{amount(row['value_low'], scale)} to {amount(row['value_high'], scale)}{unit}"
    value = row["value_low"] if pd.notna(row["value_low"]) else row["value_high"]
    return BOUND_WORDS[row["bound"]].format(amount(value, scale) + unit)


def essay_estimate_facts(off_book: pd.DataFrame, votes: pd.DataFrame, trade: pd.DataFrame) -> dict:
    """Figures the stage 4 essay and the conclusion quote, each read from its own row of data/ by the row's id,
    so that a corrected row changes the prose; a missing id stops the build with the id's name."""
    facts = {}

    def put(key, value):
        facts[key] = value

    def estimate(row_id, scale=1e6, unit=" million"):
        return estimate_words(off_book, row_id, scale, unit)

    def low(row_id, scale=1):
        return amount(data_row(off_book, row_id)["value_low"], scale)

    def high(row_id, scale=1):
        return amount(data_row(off_book, row_id)["value_high"], scale)

    for key, row_id in {"est_shells_nis_2023": "ob_shells_rok_national_2023_11",
                        "est_shells_shin_2024": "ob_shells_rok_defence_2024_02",
                        "est_shells_csis_2024": "ob_shells_csis_center_2024_02_28",
                        "est_shells_c4ads_2024": "ob_shells_c4ads_washington_2024_06",
                        "est_shells_rok_mil_2024": "ob_shells_rok_military_2024_08_27",
                        "est_shells_gur_2024": "ob_shells_ukraine_defence_2024_11",
                        "est_shells_msmt_2025": "ob_shells_multilateral_sanctions_2025_05_29",
                        "est_shells_dia_2025": "ob_shells_rok_defense_2025_07_13"}.items():
        put(key, estimate(row_id))
    put("containers_shin_2024", low("ob_containers_rok_defence_2024_02"))
    put("containers_rok_mil_2024", low("ob_containers_rok_military_2024_08_27"))
    put("shells_shin_152mm", high("ob_shells_rok_defence_2024_02", 1e6))
    put("shells_shin_122mm", low("ob_shells_rok_defence_2024_02"))
    shin = data_row(off_book, "ob_shells_rok_defence_2024_02")
    put("shells_shin_ratio", in_words(round(shin["value_high"] / shin["value_low"])))   # "a sixfold difference"
    put("shells_times_per_year", low("ob_shells_western_intelligence_2024_10_04", 1e6))
    put("share_times_2024", low("ob_munitions_share_western_intelligence_2024_10_04"))
    put("share_budanov_2025", high("ob_munitions_share_ukraine_defence_2025_07_12"))
    put("missiles_gur_2024", low("ob_missiles_ukraine_defence_2024_11_27"))
    put("missiles_msmt_2025", low("ob_missiles_multilateral_sanctions_2025_05_29"))

    # What Pyongyang was paid (USD), the troops and casualties, the railway and port counts.
    put("value_sk_2023_million", low("ob_value_to_dprk_south_korean_2024_10", 1e-3))
    put("value_sk_2023_billion", low("ob_value_to_dprk_south_korean_2024_10"))
    put("value_guseinova_low", low("ob_value_to_dprk_olena_guseinova_2024_10_28"))
    put("value_guseinova_high", high("ob_value_to_dprk_olena_guseinova_2024_10_28"))
    put("value_kida", low("ob_value_to_dprk_korean_institute_2025"))
    put("troops_msmt_2025", estimate("ob_troops_multilateral_sanctions_2025_05_29", 1, ""))
    put("troops_nis_2025", low("ob_troops_rok_national_2025_04_30"))
    put("troops_shoigu_2025", low("ob_troops_russian_security_2025_06_17"))
    put("casualties_nis_2025_04", low("ob_casualties_rok_national_2025_04_30"))
    put("casualties_zelensky_2025", low("ob_casualties_ukrainian_president_2025_01_05"))
    put("killed_nis_2025_09", estimate("ob_casualties_rok_national_2025_09_02", 1, ""))
    put("railcars_tumangang_2023", low("ob_railcars_csis_beyond_2023_10"))
    put("ship_visits_rajin", low("ob_ship_visits_csis_center_2024_02_28"))

    # Oil: the UN ceiling, Russia's last notification, the tanker count and the satellite-based estimate.
    oil_cap = data_row(off_book, "ob_refined_petroleum_cap_unsc_2397")["value_low"]
    oil_osc = data_row(off_book, "ob_refined_petroleum_open_source_2024_11_22")["value_low"]
    put("oil_cap", amount(oil_cap))
    put("oil_notified_jan_2024", low("ob_refined_petroleum_un_1718_2024_12"))
    put("tanker_voyages_2024", low("ob_tanker_voyages_open_source_2024_11_22"))
    put("oil_osc_2024", estimate("ob_refined_petroleum_open_source_2024_11_22"))
    put("oil_osc_cap_multiple", times_in_words(round(oil_osc / oil_cap, 1)))   # "about twice the ceiling"

    # The 2024 veto, Russia's trade multiple for 2023, and the figures of earlier stages.
    veto = data_row(votes, "draft2024")
    put("veto_2024_for", int(veto["votes_for"]))
    put("russia_trade_2023_multiple",     # "nine times the 2022 level"
        times_in_words(data_row(trade, "tr_russia_dprk_trade_2023_russian_presidential_total_2")["value"]))
    put("russia_trade_2024_jan_may_rise",
        amount(data_row(trade, "tr_russia_dprk_trade_20240101_20240531_vladimir_putin_total")["value"]))
    put("rouble_trade_1990", amount(data_row(trade, "tr_russia_dprk_trade_1990_russian_government_total")["value"]))
    put("rouble_trade_1991", amount(data_row(trade, "tr_russia_dprk_trade_1991_russian_government_total")["value"]))
    put("russia_trade_2017", amount(data_row(trade, "tr_russia_dprk_trade_2017_russian_government_total")["value"]))
    put("china_share_2017", amount(data_row(trade, "tr_china_share_dprk_trade_2017_kotra_share")["value"]))
    return facts
