"""Charts of recorded trade and off-book flows (notebook ``trade_shift.ipynb``).

Three rules run through every chart here:

1. Every reporter's figure is drawn, one marker shape per reporter, so disagreements between sources are
   visible rather than averaged away.
2. Recorded figures (customs returns, official statistics, mirror statistics) are filled marks; estimates
   and claims are hollow marks. The off-book chart adds ranges and lower bounds as they are given.
3. Currencies are never mixed on one axis: Soviet-rouble figures get their own panel, and values in another
   currency are not converted (the data hold no exchange rate).
"""

from __future__ import annotations

import re

import matplotlib.lines as mlines
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd

from ..data.units import MONEY_SCALES
from .chartdata import year_fraction
from .style import (ESTIMATOR_LABEL, ESTIMATOR_MARKER, EVIDENCE_FILL, GUIDE, INK, MUTED, add_source_line,
                    country_style, is_recorded, reporter_markers, source_summary)

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


def _reporter_order(rows: pd.DataFrame) -> list[str]:
    """Reporter groups, most figures first (ties by name), so the commonest get the plainest markers."""
    counts = rows["reporter_group"].value_counts()
    return sorted(counts.index, key=lambda r: (-counts[r], r == OTHER_REPORTERS, r))


def _draw_reporters(ax, rows: pd.DataFrame, y: str, markers: dict[str, str], color: str, tag: str) -> None:
    """One scatter per reporter and kind of figure; a thin line across the months a part-year figure covers."""
    for reporter in markers:
        mine = rows[rows["reporter_group"] == reporter]
        for recorded in (True, False):
            for full in (True, False):   # part-year figures are drawn smaller, on a bar over their months
                chosen = mine[(mine["figure_type"].map(is_recorded) == recorded) & (mine["full_year"] == full)]
                if chosen.empty:
                    continue
                ax.scatter(chosen["x"], chosen[y], marker=markers[reporter], s=36 if full else 16,
                           facecolors=color if recorded else "white", edgecolors=color, linewidths=1.2,
                           zorder=4, gid=f"{tag}-{reporter}-{'recorded' if recorded else 'estimate'}"
                                         f"{'' if full else '-part-year'}")
    partial = rows[~rows["full_year"]]
    for row in partial.itertuples():
        x0 = year_fraction(pd.Timestamp(row.period_start))
        x1 = year_fraction(pd.Timestamp(row.period_end) + pd.Timedelta(days=1))
        ax.plot([x0, x1], [getattr(row, y)] * 2, color=color, lw=0.9, alpha=0.7, zorder=3, solid_capstyle="butt")


def _main_line(ax, rows: pd.DataFrame, y: str, color: str, linestyle: str, tag: str) -> str | None:
    """Join the full-year figures of the reporter with the most of them: a guide for the eye, named in the legend."""
    annual = rows[rows["full_year"]]
    if annual.empty:
        return None
    counts = annual["reporter"].value_counts()
    main = sorted(counts.index, key=lambda r: (-counts[r], r))[0]
    line = annual[annual["reporter"] == main].sort_values("x").drop_duplicates("x")
    years = np.floor(line["x"].to_numpy())
    # break the line where a year is missing: no interpolation across gaps
    values = line[y].to_numpy(dtype=float)
    xs, ys = [], []
    for i, (x, v) in enumerate(zip(line["x"], values)):
        if i and years[i] - years[i - 1] > 1:
            xs.append(np.nan)
            ys.append(np.nan)
        xs.append(x)
        ys.append(v)
    if not any(np.diff(years) == 1):
        return None   # no two consecutive years: nothing to join
    ax.plot(xs, ys, color=color, lw=1.0, ls=linestyle, alpha=0.8, zorder=2, gid=f"{tag}-line")
    return main


def _legend_for(markers: dict[str, str], color: str, mains: list[str], linestyle: str) -> list:
    handles = [mlines.Line2D([], [], ls="", marker=m, markerfacecolor=color, markeredgecolor=color, markersize=6,
                             label=r) for r, m in markers.items()]
    handles.append(mlines.Line2D([], [], ls="", marker="o", markerfacecolor=color, markeredgecolor=color,
                                 markersize=6, label="filled: recorded (customs, official, mirror)"))
    handles.append(mlines.Line2D([], [], ls="", marker="o", markerfacecolor="white", markeredgecolor=color,
                                 markersize=6, label="hollow: estimate or claim"))
    handles.append(mlines.Line2D([], [], color=color, lw=0.9, marker="o", markersize=3.5, markevery=[1],
                                 label="small mark on a bar: a part-year figure, over its months"))
    for main in mains:
        handles.append(mlines.Line2D([], [], color=color, lw=1.0, ls=linestyle, label=f"line: {main}, full years"))
    return handles


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


def plot_russia_dprk_trade(trade: pd.DataFrame, stages: pd.DataFrame | None = None) -> plt.Figure:
    """USSR/Russia–DPRK turnover, log scale, every reporter's figure; rouble figures in a panel of their own."""
    rows = russia_dprk_rows(trade)
    if rows.empty:
        raise ValueError("trade.csv has no russia_dprk_trade total rows to draw")
    style = country_style("USSR/Russia")
    markers = reporter_markers(_reporter_order(rows))
    currencies = [c for c in rows["currency_code"].drop_duplicates() if c != "USD"]
    panels = currencies + (["USD"] if (rows["currency_code"] == "USD").any() else [])
    spans = [max(rows.loc[rows["currency_code"] == c, "x"].max() - rows.loc[rows["currency_code"] == c, "x"].min(), 6)
             for c in panels]
    fig, axes = plt.subplots(1, len(panels), figsize=(7.5, 4.9), gridspec_kw={"width_ratios": spans})
    axes = np.atleast_1d(axes)
    mains = []
    for ax, currency in zip(axes, panels):
        mine = rows[rows["currency_code"] == currency]
        if stages is not None:
            from .timeline import draw_stage_bands, stage_table

            table = stage_table(stages, open_end=pd.Timestamp(int(mine["x"].max()) + 1, 12, 31))
            table = table.assign(start=table["start"].map(year_fraction),
                                 end=(table["end"] + pd.Timedelta(days=1)).map(year_fraction))
            draw_stage_bands(ax, table, limits=(year_fraction(pd.to_datetime(mine["period_start"]).min()) - 0.6,
                                                year_fraction(pd.to_datetime(mine["period_end"]).max()) + 0.6))
        _draw_reporters(ax, mine, "millions", markers, style["color"], f"trade-{currency}")
        main = _main_line(ax, mine, "millions", style["color"], style["linestyle"], f"trade-{currency}")
        if main and main not in mains:
            mains.append(main)
        _log_axis(ax, f"million {CURRENCY_LABEL.get(currency, currency)} (log scale)")
        ax.set_ylim(mine["millions"].min() / 1.6, mine["millions"].max() * 1.6)
        first = year_fraction(pd.to_datetime(mine["period_start"]).min())
        last = year_fraction(pd.to_datetime(mine["period_end"]).max())
        ax.set_xlim(first - 0.6, last + 0.6)
        ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True, nbins=8 if currency == "USD" else 3))
        ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:.0f}"))
    fig.suptitle("Russia's (the USSR's) trade with the DPRK, as each source reports it", x=0.01, ha="left",
                 fontweight="bold", fontsize=12)
    used = {r: m for r, m in markers.items()}
    axes[-1].legend(handles=_legend_for(used, style["color"], mains, style["linestyle"]),
                    loc="upper center", bbox_to_anchor=(0.45, -0.1), ncol=2,
                    fontsize=7.2, columnspacing=1.0, handletextpad=0.3)
    add_source_line(fig, source_summary(rows, "trade.csv"))
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


def plot_china_share(trade: pd.DataFrame) -> plt.Figure:
    """China's and the USSR's/Russia's shares of DPRK trade, each reporter's figure drawn."""
    rows = share_rows(trade)
    markers = reporter_markers(_reporter_order(rows))
    fig, ax = plt.subplots(figsize=(7.5, 4.4))
    handles = []
    for country in ("China", "USSR/Russia"):
        mine = rows[rows["country"] == country]
        if mine.empty:
            continue
        style = country_style(country)
        _draw_reporters(ax, mine, "share", {r: markers[r] for r in markers if r in set(mine["reporter_group"])},
                        style["color"], f"share-{country}")
        main = _main_line(ax, mine, "share", style["color"], style["linestyle"], f"share-{country}")
        last = mine.sort_values("x").iloc[-1]
        ax.annotate(f"{'China' if country == 'China' else 'USSR/Russia'}", xy=(last["x"], last["share"]),
                    xytext=(6, 0), textcoords="offset points", va="center", fontsize=9, fontweight="bold",
                    color=style["color"])
        if main:
            handles.append(mlines.Line2D([], [], color=style["color"], ls=style["linestyle"], lw=1.0,
                                         label=f"{country}: line joins {main}'s full-year figures"))
        else:
            handles.append(mlines.Line2D([], [], color=style["color"], ls="", marker="o", markersize=6,
                                         label=country))
    ax.axhline(SHARE_GUIDE, color=GUIDE, lw=0.8, ls=":", zorder=1)
    ax.text(rows["x"].min(), SHARE_GUIDE + 1, f"{SHARE_GUIDE}%", fontsize=7.5, color=MUTED, va="bottom")
    ax.set_ylim(0, 100)
    ax.set_ylabel("share of the DPRK's recorded trade (%)")
    ax.set_xlim(rows["x"].min() - 1, rows["x"].max() + 2.5)
    ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    ax.set_title("China's share of North Korea's trade, by reporter")
    reporter_handles = [mlines.Line2D([], [], ls="", marker=m, markerfacecolor=INK, markeredgecolor=INK,
                                      markersize=6, label=r) for r, m in markers.items()]
    reporter_handles.append(mlines.Line2D([], [], ls="", marker="o", markerfacecolor="white", markeredgecolor=INK,
                                          markersize=6, label="hollow: estimate or claim"))
    ax.legend(handles=handles + reporter_handles, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=3,
              fontsize=7.2, columnspacing=1.0, handletextpad=0.3)
    add_source_line(fig, source_summary(rows, "trade.csv"))
    return fig


# --- off-book flows --------------------------------------------------------------------------------------

# The panels of the off-book chart: title, the flows it draws, how its axis is labelled and scaled.
OFF_BOOK_PANELS = [
    {"title": "Money: recorded trade against estimated values", "flows": ["official_trade_statement",
                                                                          "value_to_dprk"],
     "axis": "USD million (log scale)", "log": True, "money": True},
    {"title": "Artillery shells and rounds, DPRK to Russia", "flows": ["shells"], "axis": "million shells",
     "divide": 1e6},
    {"title": "Ballistic missiles, DPRK to Russia", "flows": ["missiles"], "axis": "missiles"},
    {"title": "Troops, DPRK to Russia", "flows": ["troops"], "axis": "persons"},
    {"title": "Refined oil, Russia to DPRK", "flows": ["refined_petroleum"], "axis": "barrels (log scale)",
     "log": True},
]
# Official figures from a party (Russian statistics, notifications to the UN 1718 Committee) are drawn filled;
# every other estimator's figure is an estimate, drawn hollow.
RECORDED_ESTIMATORS = {"official_statement", "UN"}
BOUNDS = {"exact", "approximate", "lower", "upper", "range"}


def short_estimator(text: str, limit: int = 36) -> str:
    """A short name for an estimator: the name before any bracket or comma, or its acronym if that is long."""
    text = str(text).strip()
    head = re.split(r"\s*[(,;]", text)[0].strip()
    acronym = re.search(r"\(([A-Z][A-Za-z/&]{1,9})\)", text)
    if len(head) > limit and acronym:
        prefix = head.split()[0] if head.split()[0] in {"ROK", "US", "UN", "Ukraine", "Russian"} else ""
        head = f"{prefix} {acronym.group(1)}".strip()
    return head if len(head) <= limit else head[: limit - 1] + "…"


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
    unknown = sorted(set(rows["bound"]) - BOUNDS)
    if unknown:
        raise ValueError(f"off_book.csv: unknown bound {unknown}; expected one of {sorted(BOUNDS)}")
    return rows.sort_values(["recorded", "estimate_date", "id"], ascending=[False, True, True]).reset_index(drop=True)


def non_usd_money_rows(off_book: pd.DataFrame) -> pd.DataFrame:
    """Monetary off-book rows in a currency other than USD: left off the chart (no exchange rate in data/)."""
    rows = off_book[off_book["flow"].isin(OFF_BOOK_PANELS[0]["flows"])].copy()
    rows["currency_code"] = rows.apply(currency_of, axis=1)
    return rows[rows["currency_code"] != "USD"]


def plot_off_book(off_book: pd.DataFrame, *, cap: pd.DataFrame | None = None,
                  panels: list[dict] | None = None) -> plt.Figure:
    """One panel per kind of flow, one row per estimate: a mark for an exact figure, a bar for a range, an
    arrow for a lower bound; filled when recorded, hollow when estimated; the marker says who estimates.

    ``cap`` (optional): rows giving a ceiling to draw on the oil panel (value_low, unit in barrels a year).
    """
    panels = panels or OFF_BOOK_PANELS
    prepared = [(p, off_book_rows(off_book, p["flows"], money=p.get("money", False))) for p in panels]
    prepared = [(p, r) for p, r in prepared if not r.empty]
    heights = [len(r) + 0.8 for _, r in prepared]
    fig, axes = plt.subplots(len(prepared), 1, figsize=(7.5, 1.3 + 0.19 * sum(heights)),
                             gridspec_kw={"height_ratios": heights})
    axes = np.atleast_1d(axes)
    color = country_style("DPRK")["color"]
    recorded_color = INK
    for ax, (panel, rows) in zip(axes, prepared):
        divide = panel.get("divide", 1.0)
        ys = np.arange(len(rows))[::-1]
        for y, row in zip(ys, rows.itertuples()):
            c = recorded_color if row.recorded else color
            marker = ESTIMATOR_MARKER.get(row.estimator_type, "o")
            low, high = row.low / divide, row.high / divide
            face = c if row.recorded else "white"
            if row.bound == "range":
                ax.plot([low, high], [y, y], color=c, lw=2.2, solid_capstyle="butt", zorder=2,
                        gid=f"offbook-range-{row.id}")
                ax.scatter([low, high], [y, y], marker=marker, s=34, facecolors=face, edgecolors=c,
                           linewidths=1.2, zorder=3, gid=f"offbook-{row.id}")
                continue
            value = high if row.bound == "upper" else low
            ax.scatter([value], [y], marker=marker, s=38, facecolors=face, edgecolors=c, linewidths=1.2,
                       zorder=3, gid=f"offbook-{row.id}")
            if row.bound in ("lower", "upper"):
                sign = 1 if row.bound == "lower" else -1
                if panel.get("log"):
                    tip = value * (1.9 if sign > 0 else 1 / 1.9)
                else:
                    tip = value + sign * _arrow_len(rows, divide)
                ax.annotate("", xy=(tip, y), xytext=(value, y), zorder=2,
                            arrowprops=dict(arrowstyle="-|>", color=c, lw=1.0, shrinkA=4, shrinkB=0,
                                            mutation_scale=8))
        labels = [f"{short_estimator(r.estimator)}, {str(r.estimate_date)[:7]}" for r in rows.itertuples()]
        ax.set_yticks(ys, labels, fontsize=7.2)
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", color="#e8e8e8")
        if panel.get("log"):
            ax.set_xscale("log")
            ax.xaxis.set_major_formatter(mticker.FuncFormatter(plain_number))
            ax.xaxis.set_minor_formatter(mticker.NullFormatter())
            low_all, high_all = _extent(rows, divide)
            ax.set_xlim(low_all / 1.6, high_all * (2.4 if (rows["bound"] == "lower").any() else 1.5))
        else:
            ax.set_xlim(0, _extent(rows, divide)[1] * (1.2 if (rows["bound"] == "lower").any() else 1.08))
        for y, row in zip(ys, rows.itertuples()):
            ax.text(1.01, y, covered(row), transform=ax.get_yaxis_transform(), fontsize=6.8,
                    color=MUTED, va="center", ha="left")
        ax.set_xlabel(panel["axis"], fontsize=8, labelpad=1)
        ax.tick_params(axis="x", labelsize=7.5)
        ax.set_title(panel["title"], fontsize=9, loc="left")
        if cap is not None and "refined_petroleum" in panel["flows"] and not cap.empty:
            for row in cap.itertuples():
                ax.axvline(row.value_low, color=INK, lw=1.0, ls="--", zorder=1, gid=f"cap-{row.id}")
                ax.text(row.value_low, len(rows) - 0.45, " UN cap", fontsize=7, va="bottom", color=INK)
    drawn = pd.concat([r for _, r in prepared])
    present = set(drawn["estimator_type"])
    handles = [mlines.Line2D([], [], ls="", marker=ESTIMATOR_MARKER[t], markerfacecolor=recorded_color,
                             markeredgecolor=recorded_color, markersize=6, label=f"filled: {ESTIMATOR_LABEL[t]}")
               for t in ESTIMATOR_MARKER if t in present and t in RECORDED_ESTIMATORS]
    handles += [mlines.Line2D([], [], ls="", marker=ESTIMATOR_MARKER[t], markerfacecolor="white",
                              markeredgecolor=color, markersize=6, label=f"hollow: {ESTIMATOR_LABEL[t]}")
                for t in ESTIMATOR_MARKER if t in present and t not in RECORDED_ESTIMATORS]
    handles.append(mlines.Line2D([], [], color=color, lw=2.2, label="bar: a range, low to high"))
    handles.append(mlines.Line2D([], [], color=color, lw=1.0, marker=">", markevery=[1], markersize=5,
                                 label="arrow right: at least ('more than')"))
    handles.append(mlines.Line2D([], [], color=color, lw=1.0, marker="<", markevery=[0], markersize=5,
                                 label="arrow left: at most ('up to')"))
    axes[-1].legend(handles=handles, loc="upper center", bbox_to_anchor=(0.4, 0), borderaxespad=3.4, ncol=3, fontsize=7.2,
                    columnspacing=1.0, handletextpad=0.3)
    fig.suptitle("Off the books: what is estimated beside what is recorded, 2023 onward", x=0.01, ha="left",
                 fontweight="bold", fontsize=12)
    add_source_line(fig, source_summary(drawn, "off_book.csv"))
    return fig


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
    return 0.08 * top


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
