"""The charts are computed from the data: change a row, and the marks read back from matplotlib change.

Each chart test copies ``data/`` to a temporary folder, points the loaders at it (``MOSCOW_PYONGYANG_DATA``),
edits one row, redraws the chart and compares what the artists hold (scatter offsets, bar extents, line data)
before and after. Smaller tests check the chart helpers on DataFrames built here.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers.book import ROOT  # noqa: E402
from moscow_pyongyang.charts import balancing as bal  # noqa: E402
from moscow_pyongyang.data import load  # noqa: E402
from moscow_pyongyang.charts import style  # noqa: E402
from moscow_pyongyang.charts import timeline as tl  # noqa: E402
from helpers.chart_text import text_defects  # noqa: E402
from helpers.data_edits import edit_row  # noqa: E402
from moscow_pyongyang.charts import trade as tr  # noqa: E402
from moscow_pyongyang.charts import votes as vt  # noqa: E402
from moscow_pyongyang.publish import glue_number, plain  # noqa: E402


# --- helpers ---------------------------------------------------------------------------------------------

def collection(fig: plt.Figure, gid: str):
    found = [c for ax in fig.axes for c in ax.collections if c.get_gid() == gid]
    assert found, f"no artist with gid {gid!r}; gids: {sorted({c.get_gid() for a in fig.axes for c in a.collections if c.get_gid()})}"
    return found[0]


def offsets(fig: plt.Figure, gid: str) -> np.ndarray:
    return np.asarray(collection(fig, gid).get_offsets())


def all_offsets(fig: plt.Figure, prefix: str, axis: int = 0) -> np.ndarray:
    arrays = [np.asarray(c.get_offsets()) for c in fig.axes[axis].collections
              if (c.get_gid() or "").startswith(prefix)]
    return np.concatenate(arrays) if arrays else np.empty((0, 2))


def day(text: str) -> float:
    return mdates.date2num(pd.Timestamp(text))


def has_source_line(fig: plt.Figure) -> bool:
    """A source line in words under the chart: never a file path."""
    lines = [t.get_text() for t in fig.texts if t.get_gid() == "source-line"]
    return len(lines) == 1 and lines[0].startswith("Sources: ") and "data/" not in lines[0] and ".csv" not in lines[0]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# --- the timeline ----------------------------------------------------------------------------------------

TREATY = "ev_1961_07_06_khrushchev_kim_il_sung"


def timeline(events=None, stages=None, callouts=None, **options) -> plt.Figure:
    events = load.load_events() if events is None else events
    stages = load.load_stages() if stages is None else stages
    return tl.plot_timeline(tl.prepare_timeline(events, stages), callouts, **options)


def test_timeline_marks_move_when_an_event_date_changes(data_copy: Path):
    callouts = [tl.Callout(TREATY, "Alliance treaty")]
    before = timeline(callouts=callouts)
    treaty_x = offsets(before, "events-treaty")[:, 0]
    assert np.isclose(treaty_x, day("1961-07-06")).any()
    label_before = [t for t in before.axes[0].texts if t.get_gid() == f"callout-{TREATY}"][0]
    assert label_before.get_text().replace("\n", " ") == "Alliance treaty, Jul\u00a01961"

    edit_row(data_copy, "events", TREATY, date="1962-07-06")
    after = timeline(callouts=callouts)
    moved_x = offsets(after, "events-treaty")[:, 0]
    assert not np.isclose(moved_x, day("1961-07-06")).any()
    assert np.isclose(moved_x, day("1962-07-06")).any()
    label_after = [t for t in after.axes[0].texts if t.get_gid() == f"callout-{TREATY}"][0]
    assert label_after.get_text().replace("\n", " ") == "Alliance treaty, Jul\u00a01962"   # the date comes from the row
    assert has_source_line(after)


def test_timeline_stage_band_follows_periods(data_copy: Path):
    def band_edges(fig):
        # the tint patches of the main panel, in stage order: (x0, x1) of each
        patches = [p for p in fig.axes[0].patches if p.get_facecolor()[3] > 0 and p.get_hatch() is None]
        return sorted((p.get_x(), p.get_x() + p.get_width()) for p in patches)

    before = band_edges(timeline())
    edit_row(data_copy, "periods", "stage_2", end="1990-07-31")
    edit_row(data_copy, "periods", "stage_3", start="1990-08-01")
    events = load.load_events()
    after = band_edges(timeline(events))
    assert before != after
    assert any(np.isclose(x1, day("1990-08-01")) for _, x1 in after)
    assert not any(np.isclose(x1, day("1990-08-01")) for _, x1 in before)


def test_timeline_refuses_an_unknown_id_and_category():
    events = pd.DataFrame({"id": ["a"], "date": ["1961"], "date_precision": ["year"], "stage": [2],
                           "category": ["treaty"], "publisher": ["x"]})
    stages = pd.DataFrame({"kind": ["stage"] * 2, "stage": [1, 2], "label": ["one", "two"],
                           "start": ["1945", "1958"], "end": ["1957", ""]})
    with pytest.raises(KeyError, match="no_such_event"):
        timeline(events, stages, [tl.Callout("no_such_event", "x")])
    with pytest.raises(KeyError, match="picnic"):
        tl.prepare_timeline(events.assign(category="picnic"), stages)


def test_stage_for_and_boundary_shifts_on_a_small_frame():
    events = pd.DataFrame({
        "id": ["a", "b", "c", "d"],
        "date": ["1956-08-30", "1957-09-20", "1959-01-01", "1961-07-06"],
        "date_precision": ["day"] * 4,
        "stage": [1, 1, 2, 2],
        "category": ["diplomatic"] * 3 + ["treaty"],
    })
    stages = pd.DataFrame({"kind": ["stage"] * 2, "stage": [1, 2], "label": ["control", "balancing"],
                           "start": ["1945-08-08", "1958-01-01"], "end": ["1957-12-31", ""]})
    question = tl.BoundaryQuestion(2, "when?", [tl.Callout("a", "plenum"), tl.Callout("d", "treaty")])
    shifts = tl.boundary_shifts(events, stages, question).set_index("name")
    assert shifts.loc["plenum", "moved"] == ["a", "b"]
    assert shifts.loc["treaty", "moved"] == ["c"]
    assert shifts.loc["the book's boundary", "n_moved"] == 0


def test_boundary_chart_redraws_when_an_event_moves(data_copy: Path):
    questions = [tl.BoundaryQuestion(2, "When did Soviet control end?", [
        tl.Callout("ev_1956_08_soviet_korean_yan_faction", "August Plenum"),
        tl.Callout(TREATY, "Alliance treaty")])]
    event = "ev_1956_09_20_joint_soviet_chinese_delegation"
    before = tl.plot_boundary_shifts(tl.prepare_boundary_shifts(load.load_events(), load.load_stages(), questions))
    xs = all_offsets(before, "shift-")[:, 0]
    assert np.isclose(xs, day("1956-09-20") + 0.0, atol=1).any()

    edit_row(data_copy, "events", event, date="1956-11-20")
    after = tl.plot_boundary_shifts(tl.prepare_boundary_shifts(load.load_events(), load.load_stages(), questions))
    xs = all_offsets(after, "shift-")[:, 0]
    assert not np.isclose(xs, day("1956-09-20"), atol=1).any()
    assert np.isclose(xs, day("1956-11-20"), atol=1).any()
    assert has_source_line(after)


def test_boundary_notes_agree_in_number():
    assert tl.moved_note(1) == "1 event changes stage" and tl.moved_note(3) == "3 events change stage"
    assert tl.moved_note(0) == "0 events change stage"
    assert style.plural(1, "vote") == "1 vote" and style.plural(2, "vote") == "2 votes"


def test_timeline_title_is_computed_and_replaceable(data_copy: Path):
    rows = tl.prepare_timeline(load.load_events(), load.load_stages())
    assert tl.timeline_finding(rows).startswith("The record is thinnest in stage 2")
    fig = tl.plot_timeline(rows, title="My title")
    assert [t.get_text() for t in fig.texts if t.get_gid() == "chart-title"] == ["My title"]
    fig, ax = plt.subplots()
    assert tl.plot_timeline(rows, ax=ax) is fig and len(fig.axes) == 1


# --- balancing -------------------------------------------------------------------------------------------

def evidence_points(fig: plt.Figure) -> np.ndarray:
    return all_offsets(fig, "evidence-", axis=1)


def balancing(balancing_frame=None, periods=None, callouts=None, events=None, **options) -> plt.Figure:
    rows = bal.prepare_balancing(load.load_balancing() if balancing_frame is None else balancing_frame,
                                 load.load_periods() if periods is None else periods, events)
    return bal.plot_balancing(rows, callouts, **options)


def test_balancing_mark_flips_side_when_the_lean_changes(data_copy: Path):
    frame = load.load_balancing()
    row = frame[(frame["lean"] == "moscow") & (frame["date"].str.startswith("1967"))]["id"].iloc[0]
    before = evidence_points(balancing(frame))
    edit_row(data_copy, "balancing", row, lean="beijing")
    after = evidence_points(balancing())
    in_1967 = lambda pts: pts[(pts[:, 0] > 1967) & (pts[:, 0] < 1968)]
    assert (in_1967(after)[:, 1] > 0).sum() == (in_1967(before)[:, 1] > 0).sum() - 1
    assert (in_1967(after)[:, 1] < 0).sum() == (in_1967(before)[:, 1] < 0).sum() + 1


def test_balancing_claim_bar_follows_periods(data_copy: Path):
    def bar_extent(fig, period_id):
        coll = collection(fig, f"claim-{period_id}")
        verts = coll.get_paths()[0].vertices
        return verts[:, 0].min(), verts[:, 0].max()

    period = "lean_tertitskiy_moscow_1982_1987"
    before = bar_extent(balancing(), period)
    assert np.isclose(before, (1982, 1988)).all()
    edit_row(data_copy, "periods", period, start="1984-01-01")
    after = bar_extent(balancing(), period)
    assert np.isclose(after, (1984, 1988)).all()


def test_claims_vs_evidence_counts_on_a_small_frame():
    evidence = pd.DataFrame({"id": list("abcd"), "date": ["1962", "1963-05", "1964-01-02", "1967"],
                             "date_precision": ["year", "month", "day", "year"],
                             "lean": ["moscow", "beijing", "beijing", "moscow"], "kind": ["visit"] * 4})
    periods = pd.DataFrame({"id": ["p"], "kind": ["lean"], "stage": [None], "label": ["x"], "start": ["1962"],
                            "end": ["1965"], "lean": ["beijing"], "according_to": ["tertitskiy_2024"]})
    table = bal.claims_vs_evidence(evidence, periods).iloc[0]
    assert (table["toward claimed side"], table["toward the other"], table["share agreeing"]) == (2, 1, 0.67)
    assert table["reading"] == "Tertitskiy's essay"          # readers' words, never the file's codes
    assert list(bal.lean_by_year(evidence).loc[[1962, 1963, 1965], "majority"]) == ["moscow", "beijing", "neither"]


def test_balancing_title_names_the_unclaimed_years(data_copy: Path):
    rows = bal.prepare_balancing(load.load_balancing(), load.load_periods())
    assert bal.balancing_finding(rows).startswith("Most evidence leans to Moscow in 1966–69")
    edit_row(data_copy, "periods", "lean_tertitskiy_moscow_1982_1987", start="1966-01-01")
    rows = bal.prepare_balancing(load.load_balancing(), load.load_periods())
    assert "1966–69" not in bal.balancing_finding(rows)


def test_balancing_treaty_callouts_come_from_events(data_copy: Path):
    twin = [bal.Callout(TREATY, "Treaty with the USSR", side="moscow")]
    fig = balancing(callouts=twin, events=load.load_events())
    x = offsets(fig, f"event-{TREATY}")[0, 0]
    edit_row(data_copy, "events", TREATY, date="1961-10-06")
    fig2 = balancing(callouts=twin, events=load.load_events())
    assert offsets(fig2, f"event-{TREATY}")[0, 0] > x
    assert has_source_line(fig2)


# --- Security Council votes ------------------------------------------------------------------------------

def test_balancing_names_each_side_on_the_chart_not_in_a_key():
    """Issue 13: claimed periods carry the side's whole name (in, beside or above a bar), never an initial
    explained in the subtitle; a tied year shows both sides' colours, not a white cell to decode."""
    fig = balancing()
    assert "M:" not in subtitle(fig) and "white" not in subtitle(fig) and "blank" not in subtitle(fig)
    top = fig.axes[0]
    names = [t.get_text() for t in top.texts if t.get_visible() and t.get_text().strip()]
    assert set(names) == {"Moscow", "Beijing"}, names                # whole names, both sides, no initials
    colors = {s: mcolors.to_rgba(style.lean_style(s)["color"]) for s in bal.SIDES}
    by_year = bal.lean_by_year(load.load_balancing())
    tied = by_year.index[by_year["majority"] == "tied"]
    assert len(tied)
    for year in tied:
        faces = {tuple(f) for f in collection(fig, f"majority-{year}").get_facecolor()}
        assert faces == {tuple(c) for c in colors.values()}, (year, faces)


def votes_chart(**options) -> plt.Figure:
    return vt.plot_unsc_votes(vt.prepare_unsc_votes(load.load_unsc_votes()), **options)


def test_votes_chart_reads_each_vote_on_a_time_axis(data_copy: Path):
    before = votes_chart()
    gids = {c.get_gid() for c in before.axes[0].collections}
    abstain_before = offsets(before, "vote-russia_vote-abstain") if "vote-russia_vote-abstain" in gids \
        else np.empty((0, 2))
    edit_row(data_copy, "unsc_votes", "res1718", russia_vote="abstain", votes_for="14", abstentions="1")
    after = votes_chart()
    x = day("2006-10-14")     # a true time axis: the mark sits on the day of the vote
    assert np.isclose(offsets(after, "vote-russia_vote-abstain")[:, 0], x).any()
    assert not np.isclose(abstain_before[:, 0], x).any()
    assert not np.isclose(offsets(after, "vote-russia_vote-for")[:, 0], x).any()
    run = [l for l in after.axes[0].lines if l.get_gid() == "unanimous-run"][0]
    run_before = [l for l in before.axes[0].lines if l.get_gid() == "unanimous-run"][0]
    as_days = lambda line: mdates.date2num(np.asarray(line.get_xdata()))
    assert np.ptp(as_days(run)) < np.ptp(as_days(run_before))
    assert has_source_line(after)
    assert "res. 1718" in " ".join(t.get_text() for t in after.axes[0].texts)   # now outside the run, named


def test_votes_title_states_the_finding_from_the_data(data_copy: Path):
    rows = vt.prepare_unsc_votes(load.load_unsc_votes())
    title = vt.votes_finding(rows)
    assert "11 resolutions" in title and "2006–2017" in title and "2022 both vetoed" in title
    edit_row(data_copy, "unsc_votes", "res2397", china_vote="abstain", votes_for="14", abstentions="1")
    assert "10 resolutions" in vt.votes_finding(vt.prepare_unsc_votes(load.load_unsc_votes()))
    colored = votes_chart(colors={"China": "#000000"})
    assert matplotlib.colors.to_hex(collection(colored, "vote-china_vote-for").get_facecolor()[0]) == "#000000"


def test_unanimous_run_on_a_small_frame():
    votes = pd.DataFrame({"id": list("abcde"), "document": list("abcde"),
                          "date": ["2001-01-01", "2002-01-01", "2003-01-01", "2004-01-01", "2005-01-01"],
                          "russia_vote": ["for", "for", "for", "against", "for"],
                          "china_vote": ["abstain", "for", "for", "for", "for"]})
    assert list(vt.unanimous_run(votes)["id"]) == ["b", "c"]


# --- trade -----------------------------------------------------------------------------------------------

CUSTOMS_2020 = "tr_russia_dprk_trade_2020_russian_customs_total"


def russia_trade(trade=None, **options) -> plt.Figure:
    return tr.plot_russia_dprk_trade(tr.prepare_russia_dprk_trade(load.load_trade() if trade is None else trade),
                                     **options)


def trade_values(fig: plt.Figure) -> np.ndarray:
    usd_axis = fig.axes[-1]
    arrays = [np.asarray(c.get_offsets())[:, 1] for c in usd_axis.collections
              if (c.get_gid() or "").startswith("trade-USD")]
    return np.concatenate(arrays)


def test_russia_trade_marks_follow_the_value(data_copy: Path):
    before = trade_values(russia_trade())
    edit_row(data_copy, "trade", CUSTOMS_2020, value="4.274")
    fig = russia_trade()
    after = trade_values(fig)
    assert np.isclose(after, 42.74).sum() == np.isclose(before, 42.74).sum() - 1
    assert np.isclose(after, 4.274).sum() == np.isclose(before, 4.274).sum() + 1
    assert fig.axes[-1].get_yscale() == "log"
    assert has_source_line(fig)


def test_russia_trade_leads_with_one_official_series_in_colour():
    rows = tr.prepare_russia_dprk_trade(load.load_trade())
    main = rows[rows["authoritative"]]
    assert not main.duplicated(["currency_code", "year"]).any()          # one figure a year on the line
    assert set(main["figure_type"]) == {"official"}
    fig = tr.plot_russia_dprk_trade(rows, color="#123456", other_color="#abcdef")
    official = collection(fig, "trade-USD-official")
    other = collection(fig, "trade-USD-other")
    assert matplotlib.colors.to_hex(official.get_facecolor()[0]) == "#123456"
    assert matplotlib.colors.to_hex(other.get_facecolor()[0]) == "#abcdef"
    # the title states the finding, computed from the rows: the lowest official year is named
    low_year = int(main[main["currency_code"] == "USD"].sort_values("millions")["year"].iloc[0])
    title = [t.get_text() for t in fig.texts if t.get_gid() == "chart-title"][0]
    assert str(low_year) in title.replace("\n", " ")


def test_russia_trade_annotates_the_border_closure_from_its_event(data_copy: Path):
    note = tr.closure_note(load.load_events(), "ev_2020_02_north_korea_closed_borders")
    assert 2020 < note[0] < 2020.2 and "2020" in note[1]
    fig = russia_trade(note=note)
    line = [l for l in fig.axes[-1].lines if l.get_gid() == "trade-note"][0]
    assert np.isclose(line.get_xdata()[0], note[0])
    edit_row(data_copy, "events", "ev_2020_02_north_korea_closed_borders", date="2020-04")
    assert tr.closure_note(load.load_events(), "ev_2020_02_north_korea_closed_borders")[0] > note[0]


def test_rouble_figures_get_their_own_panel(data_copy: Path):
    fig = russia_trade()
    assert len(fig.axes) == 2
    roubles = np.concatenate([np.asarray(c.get_offsets())[:, 1] for c in fig.axes[0].collections
                              if (c.get_gid() or "").startswith("trade-SUR")])
    assert np.isclose(roubles, 231).any()          # 1991, million Soviet roubles
    assert not np.isclose(trade_values(fig), 231).any()
    assert fig.axes[0].get_title(loc="left") == "Soviet roubles" and fig.axes[1].get_title(loc="left") == "US dollars"


def test_trade_charts_name_every_series_beside_its_marks():
    """Issue 13: no legend and no key by colour; a label stands at a mark of each series (KOTRA's line for China,
    the other figures, the USSR's and Russia's shares; Russia's own statistics and the other reporters), and
    estimates and claims are hollow, so the charts read in greyscale."""
    import matplotlib.text as mtext

    def labels(fig):
        return {t.get_gid(): t for ax in fig.axes for t in ax.texts if isinstance(t, mtext.Annotation) and t.get_gid()}

    def at_a_mark(fig, label, prefix):
        marks = np.concatenate([np.asarray(c.get_offsets()) for ax in fig.axes for c in ax.collections
                                if (c.get_gid() or "").startswith(prefix)])
        return np.isclose(marks, label.xy).all(axis=1).any()

    rows = tr.prepare_china_share(load.load_trade())
    share = tr.plot_china_share(rows)
    named = labels(share)
    expected = {"share-China-label": ("share-China", "KOTRA: China's share"),
                "share-other-label": ("share-other", "Other figures for China"),
                "share-ussr_share_dprk_trade-label": ("share-USSR/Russia", "USSR's share"),
                "share-russia_share_dprk_trade-label": ("share-USSR/Russia", "Russia's share")}
    for gid, (marks, words) in expected.items():
        assert gid in named, (gid, sorted(named))
        assert named[gid].get_text().replace("\n", " ") == words
        assert at_a_mark(share, named[gid], marks), gid
    claims = rows[rows["figure_type"] == "claim"]
    hollow = collection(share, "share-USSR/Russia-estimate")
    assert len(hollow.get_offsets()) == len(claims[claims["country"] == "USSR/Russia"]) > 0
    assert matplotlib.colors.to_hex(hollow.get_facecolor()[0]) == "#ffffff"
    square, dot = (collection(share, gid).get_paths()[0].vertices for gid in ("share-China", "share-USSR/Russia"))
    assert square.shape != dot.shape                    # a square for China, a dot for the USSR/Russia

    trade = russia_trade()
    named = labels(trade)
    assert named["trade-label"].get_text().replace("\n", " ") == "Russia's own statistics"
    assert named["trade-other-label"].get_text() == "Other reporters"
    assert at_a_mark(trade, named["trade-label"], "trade-USD-official")
    assert at_a_mark(trade, named["trade-other-label"], "trade-USD-other")
    assert matplotlib.colors.to_hex(collection(trade, "trade-USD-other-estimate").get_facecolor()[0]) == "#ffffff"


def test_plot_draws_into_given_axes_and_takes_a_title():
    rows = tr.prepare_china_share(load.load_trade())
    fig, ax = plt.subplots()
    assert tr.plot_china_share(rows, ax=ax) is fig and len(fig.axes) == 1
    fig2 = tr.plot_china_share(rows, title="A title of my own")
    assert [t.get_text() for t in fig2.texts if t.get_gid() == "chart-title"] == ["A title of my own"]


def test_china_share_marks_follow_the_value(data_copy: Path):
    row = "tr_china_share_dprk_trade_2023_kotra_share"

    def china(fig):
        return np.concatenate([np.asarray(c.get_offsets()) for c in fig.axes[0].collections
                               if (c.get_gid() or "").startswith("share-China")])

    before = china(tr.plot_china_share(tr.prepare_china_share(load.load_trade())))
    edit_row(data_copy, "trade", row, value="58.3")
    rows = tr.prepare_china_share(load.load_trade())
    fig = tr.plot_china_share(rows)
    after = china(fig)
    year = (after[:, 0] > 2023) & (after[:, 0] < 2024)
    assert np.isclose(after[year, 1], 58.3).any() and not np.isclose(after[year, 1], 98.3).any()
    assert np.isclose(before[(before[:, 0] > 2023) & (before[:, 0] < 2024), 1], 98.3).any()
    assert has_source_line(fig)
    last = rows[(rows["country"] == "China") & rows["authoritative"]]["year"].idxmax()
    assert "was 98% in 2024" in tr.china_share_finding(rows)
    assert "was 77% in 2024" in tr.china_share_finding(rows.assign(share=rows["share"].mask(rows.index == last, 77)))


def off_book(frame=None, panels=None, **options) -> plt.Figure:
    frame = load.load_off_book() if frame is None else frame
    return tr.plot_off_book(tr.prepare_off_book(frame, panels), **options)


def test_off_book_marks_follow_the_estimate(data_copy: Path):
    row = "ob_shells_rok_defense_2025_07_13"
    before = offsets(off_book(), f"offbook-{row}")
    assert np.isclose(before[:, 0], 12).all()   # million shells
    edit_row(data_copy, "off_book", row, value_low="13000000")
    fig = off_book()
    assert np.isclose(offsets(fig, f"offbook-{row}")[:, 0], 13).all()
    assert has_source_line(fig)


def test_off_book_recorded_figures_are_filled_and_estimates_hollow():
    fig = off_book()
    official = collection(fig, "offbook-ob_official_trade_statement_russian_presidential_2024_06_17")
    estimate = collection(fig, "offbook-ob_value_to_dprk_korean_institute_2025")
    assert official.get_facecolor()[0][3] == 1 and tuple(official.get_facecolor()[0][:3]) != (1, 1, 1)
    assert tuple(estimate.get_facecolor()[0][:3]) == (1, 1, 1)


def subtitle(fig: plt.Figure) -> str:
    return " ".join(t.get_text() for t in fig.texts if t.get_gid() == "chart-subtitle")


def test_off_book_names_filled_and_hollow_beside_a_mark_not_in_a_key():
    """Issue 13: the words 'recorded' and 'estimate' sit just right of a filled and of a hollow mark."""
    fig = off_book()
    assert "Filled" not in subtitle(fig) and "hollow" not in subtitle(fig)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    for word, filled in (("recorded", True), ("estimate", False)):
        found = [(ax, t) for ax in fig.axes for t in ax.texts if t.get_gid() == f"offbook-name-{word}"]
        assert len(found) == 1, word
        ax, text = found[0]
        assert text.get_text() == word
        box = text.get_window_extent(renderer)
        near = []
        for c in ax.collections:
            if not (c.get_gid() or "").startswith("offbook-ob_"):
                continue
            is_filled = tuple(c.get_facecolor()[0][:3]) != (1, 1, 1)
            for x, y in ax.transData.transform(c.get_offsets()):
                if box.y0 <= y <= box.y1 and 0 <= box.x0 - x <= 40:
                    near.append(is_filled)
        assert near and all(f == filled for f in near), (word, near)


def test_off_book_is_small_multiples_with_whole_labels():
    fig = off_book()
    panels = tr.prepare_off_book(load.load_off_book())
    assert len(fig.axes) == len(panels) >= 4                      # one panel per kind of flow
    labels = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert labels and not any("…" in l for l in labels)           # names are wrapped, never cut
    assert "Minister Kozlov" in labels and "MSMT" in labels           # short names, from the data's names
    fig_one = off_book(columns=1)                                  # one column: names with their dates
    assert any(l.replace("\n", " ").startswith("Minister Kozlov, Nov") for ax in fig_one.axes
               for l in [t.get_text() for t in ax.get_yticklabels()])
    for ax in fig.axes:   # at most three encodings: position, row, filled/hollow (no marker shapes)
        shapes = {len(c.get_paths()[0].vertices) for c in ax.collections if len(c.get_paths())}
        assert len(shapes) == 1, shapes


def test_off_book_draws_ranges_and_bounds_on_a_small_frame():
    frame = pd.DataFrame({
        "id": ["r", "lo", "hi"], "flow": ["shells"] * 3, "bound": ["range", "lower", "upper"],
        "value_low": [1e6, 2e6, np.nan], "value_high": [3e6, np.nan, 5e6], "unit": ["shells"] * 3,
        "currency": [""] * 3, "per": [""] * 3, "estimator": ["A (AA)", "B", "C"],
        "estimator_type": ["intelligence", "think_tank", "government"], "estimate_date": ["2024-01"] * 3,
        "period_start": [pd.NaT] * 3, "period_end": [pd.NaT] * 3, "publisher": ["p"] * 3,
    })
    fig = off_book(frame, [tr.OFF_BOOK_PANELS[1]])
    assert np.allclose(offsets(fig, "offbook-r")[:, 0], [1, 3])
    assert np.allclose(offsets(fig, "offbook-lo")[:, 0], [2])
    assert np.allclose(offsets(fig, "offbook-hi")[:, 0], [5])   # an 'up to' figure sits at its ceiling
    arrows = [t for t in fig.axes[0].texts if getattr(t, "arrow_patch", None) is not None]
    assert len(arrows) == 2
    with pytest.raises(ValueError, match="unknown bound"):
        off_book(frame.assign(bound="about"), [tr.OFF_BOOK_PANELS[1]])


def test_glued_trade_facts_come_from_the_rows(data_copy: Path):
    facts = tr.russia_trade_facts(load.load_trade())
    assert facts["usd_low_year"] == 2021 and facts["rouble_last_year"] == 1991
    edit_row(data_copy, "trade", "tr_russia_dprk_trade_2021_russian_customs_total", value="0.5")
    assert tr.russia_trade_facts(load.load_trade())["usd_low"] != facts["usd_low"]
    off = tr.off_book_facts(load.load_off_book())
    assert off["cap_sentence"].startswith("The oil panel has no line") and int(off["n_krw"]) >= 0


def test_units_and_reporters():
    assert tr.scale_of("billion") == 1e9 and tr.scale_of("USD million") == 1e6 and tr.scale_of("one") == 1
    assert tr.currency_of(pd.Series({"unit": "billion", "currency": "KRW"})) == "KRW"
    assert tr.reporter_group("Russian customs (FCS)") == "Russian customs"
    assert tr.reporter_group("KOTRA") == "KOTRA (Seoul)"
    assert tr.reporter_group("Wikipedia text (mirror), unattributed") == tr.OTHER_REPORTERS
    assert tr.plain_number(1000) == "1,000" and tr.plain_number(0.05) == "0.05"
    assert tr.short_estimator("Multilateral Sanctions Monitoring Team (MSMT), first report") == "MSMT"
    long_name = "Natural Resources Minister Alexander Kozlov, co-chair of the intergovernmental commission"
    assert tr.short_estimator(long_name) == "Minister Kozlov"                   # a title and a surname
    assert tr.short_estimator("ROK Defence Minister Shin Won-sik (interview)") == "Minister Shin"
    assert tr.short_estimator("Ukraine Prosecutor General's Office (to Reuters)") == "Ukraine Prosecutor General"


# --- style and glue --------------------------------------------------------------------------------------

def test_style_gives_every_stage_and_country_its_own_cues():
    assert len({s["color"] for s in style.STAGE_STYLE.values()}) == 4
    assert len({s["hatch"] for s in style.STAGE_STYLE.values()}) == 4
    assert len({s["marker"] for s in style.STAGE_STYLE.values()}) == 4
    countries = style.COUNTRY_STYLE.values()
    assert len({c["color"] for c in countries}) == len({c["marker"] for c in countries}) == len(style.COUNTRY_STYLE)
    assert style.lean_style("moscow")["color"] == style.country_style("USSR/Russia")["color"]
    assert style.lean_style("beijing")["color"] == style.country_style("China")["color"]


def test_country_colours_differ_in_greyscale():
    from matplotlib.colors import to_rgb

    def grey(color):
        r, g, b = to_rgb(color)
        return 0.299 * r + 0.587 * g + 0.114 * b

    russia, china = (grey(style.country_style(c)["color"]) for c in ("USSR/Russia", "China"))
    assert abs(russia - china) > 0.1
    # and they never rely on colour alone
    assert style.country_style("USSR/Russia")["marker"] != style.country_style("China")["marker"]


def test_glue_values_are_plain_python():
    assert type(plain(np.float64(9.5))) is float and plain(np.float64(9.0)) == 9 and type(plain(np.int64(3))) is int
    assert plain(pd.Timestamp("1961-07-06")) == "1961-07-06"
    with pytest.raises(ValueError):
        plain(float("nan"))
    with pytest.raises(ValueError):
        glue_number("k", None)


def test_sources_table_links_in_html_and_cites_in_print(monkeypatch):
    import IPython.display

    from moscow_pyongyang.publish import sources_table

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda data, raw=False: shown.append(data))
    frame = pd.DataFrame({"date": ["1961-07-06", "1961"], "event": ["A *treaty* | signed", "-9.6 change"],
                          "source_url": ["https://example.org/a_(b)", "https://example.org/c"],
                          "publisher": ["Pub A", "Pub B"], "bib_key": ["key-a", "key-b"]})
    sources_table(frame, ["date", "event"], title="Rows", bib_column="bib_key")
    sources_table(frame, ["date", "event"], title="Rows")
    assert "[Pub A](<https://example.org/a_(b)>)" in shown[1]["text/markdown"]
    html, markdown = shown[0]["text/html"], shown[0]["text/markdown"]
    assert html.startswith("<details") and "href='https://example.org/a_(b)'" in html and ">Pub A</a>" in html
    assert "```{list-table}" in markdown and ":header-rows: 1" in markdown
    assert "{cite:p}`key-a`" in markdown and "{cite:p}`key-b`" in markdown
    assert "A \\*treaty\\* \\| signed" in markdown and "\\-9.6 change" in markdown   # no emphasis, no new list
    assert "(2 rows)" in markdown


# --- every chart: legible, whole words, no file paths; notebooks hide no computation ----------------------

def every_chart() -> dict[str, plt.Figure]:
    """Each chart of the book, drawn as its notebook draws it."""
    events, stages = load.load_events(), load.load_stages()
    trade, off = load.load_trade(), load.load_off_book()
    questions = [tl.BoundaryQuestion(2, "When did Soviet control end?", [
        tl.Callout("ev_1956_08_soviet_korean_yan_faction", "August Plenum"), tl.Callout(TREATY, "Alliance treaty")]),
        tl.BoundaryQuestion(4, "When did the shells-for-oil stage begin?", [
            tl.Callout("ev_2022_09_06_declassified_us_intelligence_said", "First report of shell purchases"),
            tl.Callout("ev_2023_09_13_kim_jong_un_met", "Vostochny summit")])]
    with style.book_style():
        return {
            "timeline": tl.plot_timeline(tl.prepare_timeline(events, stages), [tl.Callout(TREATY, "Alliance treaty")]),
            "boundaries": tl.plot_boundary_shifts(tl.prepare_boundary_shifts(events, stages, questions)),
            "balancing": bal.plot_balancing(bal.prepare_balancing(load.load_balancing(), load.load_periods(), events),
                                            [bal.Callout(TREATY, "Treaty with the USSR", side="moscow")]),
            "votes": vt.plot_unsc_votes(vt.prepare_unsc_votes(load.load_unsc_votes())),
            "trade": tr.plot_russia_dprk_trade(tr.prepare_russia_dprk_trade(trade),
                                               note=tr.closure_note(events, "ev_2020_02_north_korea_closed_borders")),
            "share": tr.plot_china_share(tr.prepare_china_share(trade)),
            "off_book": tr.plot_off_book(tr.prepare_off_book(off), cap=off[off["flow"] == "refined_petroleum_cap"]),
        }


def test_every_chart_is_legible_and_plain():
    """Every chart and both maps: book width, a source line, a finding as title, no text under the minimum size,
    no cut labels or production words, and no legend (marks are labelled directly)."""
    import matplotlib.text as mtext

    for name, fig in {**every_chart(), **every_map()}.items():
        assert np.isclose(fig.get_size_inches()[0], style.FIG_WIDTH), name
        assert has_source_line(fig), name
        titles = [t.get_text() for t in fig.texts if t.get_gid() == "chart-title"]
        assert len(titles) == 1 and len(titles[0]) > 30, (name, titles)     # a finding, not a label
        texts = [t for t in fig.findobj(mtext.Text) if t.get_visible() and t.get_text().strip()]
        small = [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < style.MIN_FONT_PT]
        assert not small, f"{name}: text under {style.MIN_FONT_PT} pt: {small[:5]}"
        cut = [t.get_text() for t in texts if "…" in t.get_text() or "..." in t.get_text()]
        assert not cut, f"{name}: cut labels {cut}"
        words = " ".join(t.get_text() for t in texts)
        for banned in ("data/", ".csv", "seed", "research notes", " 1 events", "1 event change "):
            assert banned not in words, f"{name}: {banned!r} in the chart's text"
        assert not fig.legends and not any(ax.get_legend() for ax in fig.axes), f"{name}: a legend; label directly"


def test_no_chart_text_runs_off_the_figure_or_into_its_neighbour():
    for name, fig in {**every_chart(), **every_map()}.items():
        assert not text_defects(fig), (name, text_defects(fig))


def test_text_defect_check_can_fail():
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3))
    ax.text(0.98, 0.5, "a label that runs past the right edge", transform=fig.transFigure)
    ax.set_xticks(np.arange(0, 1, 0.02), [f"{1950 + i}" for i in range(50)])
    ax.text(0.5, 0.5, "one label")
    ax.text(0.5, 0.5, "another label")
    ax.broken_barh([(0.1, 0.02)], (0.1, 0.1))                    # a short bar (1962–65) and its period's name
    ax.text(0.11, 0.15, "Beijing", ha="center", va="center")
    ax.broken_barh([(0.6, 0.3)], (0.1, 0.1))                     # a long bar: its name fits
    ax.text(0.75, 0.15, "Beijing", ha="center", va="center")
    ax.set(xlim=(0, 1), ylim=(0, 1))
    problems = text_defects(fig)
    assert any("off the figure" in p for p in problems) and any("touch" in p for p in problems)
    assert any("overlap" in p for p in problems)
    assert [p for p in problems if "wider than its bar" in p] == [p for p in problems if "'Beijing' (" in p] and \
        len([p for p in problems if "wider than its bar" in p]) == 1


# the key each chart is published under (notebooks) and shown under (chapters' {glue:figure})
FIGURE_KEYS = {"timeline": "four_stages_timeline", "boundaries": "four_stages_boundaries",
               "balancing": "balancing_leans", "votes": "unsc_votes", "trade": "trade_russia_dprk",
               "share": "trade_china_share", "off_book": "trade_off_book"}
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


def alt_texts(key: str) -> dict[str, str]:
    """Every alt text of the chart published as ``key``: its notebook cell's and each chapter's copy."""
    import json

    texts = {}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if f'publish(fig, "{key}"' in "".join(cell["source"]):
                texts[path.name] = cell["metadata"]["mystnb"]["image"]["alt"]
    for path in sorted((ROOT / "chapters").glob("*.md")):
        for match in re.finditer(r"```\{glue:figure\} [^\n]*::" + key + r"\n((?::[^\n]*\n)*)", path.read_text(
                encoding="utf-8")):
            alt = re.search(r"^:alt: (.*)$", match.group(1), flags=re.M)
            texts[path.name] = alt.group(1) if alt else ""
    return texts


def alt_panel_problems(panels: int, texts: dict[str, str]) -> list[str]:
    """Alt texts that do not tell how many panels the chart has (a chart redrawn with another layout needs new
    alt texts everywhere it is shown), or that speak of several panels when there is one."""
    several = re.compile(r"\b(two|three|four|five|six|seven|eight)[ -](panel|timeline|map)", re.I)
    if panels == 1:
        return [where for where, text in texts.items() if several.search(text)]
    word = NUMBER_WORDS[panels]
    return [where for where, text in texts.items() if not re.search(rf"\b{word}\b", text, re.I)]


def test_alt_texts_describe_the_chart_as_drawn():
    for name, fig in every_chart().items():
        texts = alt_texts(FIGURE_KEYS[name])
        assert texts, name
        bad = alt_panel_problems(len(fig.axes), texts)
        assert not bad, f"{name}: the alt texts in {bad} do not describe its {len(fig.axes)} panel(s)"


def test_alt_text_check_can_fail():
    assert alt_panel_problems(5, {"stage_4.md": "A chart setting customs figures beside estimates."})
    assert alt_panel_problems(1, {"x.md": "Two panels of dots."})
    assert not alt_panel_problems(2, {"x.md": "Two-panel log-scale chart."})


# --- alt texts state the finding the title states ----------------------------------------------------------

NUMBER_NAMES = {n: w for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                           "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
                                           .split())}
FACT = re.compile(r"(?P<range>\b(?:1[89]|20)\d\d[–-](?:\d\d){1,2}\b)|(?P<number>\d[\d,]*(?:\.\d+)?)(?P<pct>%)?")


def title_facts(title: str) -> list[str]:
    """The numbers and years a chart's title states ('1966–69', '98%', '6,413', '0.8', '2024'), in order."""
    return [m.group(0) for m in FACT.finditer(title.replace("\n", " "))]


def fact_forms(fact: str) -> list[str]:
    """The ways an alt text may state a fact of the title: a range as '1966–69', '1966–1969' or '1966 to 1969';
    a share as '98%' or '98 per cent'; a small whole number in digits or in words."""
    ranged = re.fullmatch(r"(\d{4})[–-](\d{2,4})", fact)
    if ranged:
        first, last = ranged.groups()
        last = last if len(last) == 4 else first[:2] + last
        return [f"{first}–{last[2:]}", f"{first}–{last}", f"{first}-{last[2:]}", f"{first}-{last}",
                f"{first} to {last}"]
    if fact.endswith("%"):
        return [fact, f"{fact[:-1]} per cent", f"{fact[:-1]} percent"]
    forms = [fact]
    if fact.isdigit() and int(fact) in NUMBER_NAMES:
        forms.append(NUMBER_NAMES[int(fact)])
    return forms


def alt_fact_problems(title: str, texts: dict[str, str]) -> list[str]:
    """For each alt text: the facts of the title it does not state (in any of :func:`fact_forms`)."""
    problems = []
    for where, text in texts.items():
        flat = " " + re.sub(r"\s+", " ", text) + " "
        for fact in title_facts(title):
            if not any(re.search(rf"(?<![\w.,]){re.escape(form)}(?![\w]|[.,]\d)", flat, flags=re.I)
                       for form in fact_forms(fact)):
                problems.append(f"{where}: does not state {fact!r} (the title: {title!r})")
    return problems


def chart_title_text(fig: plt.Figure) -> str:
    return " ".join(t.get_text() for t in fig.texts if t.get_gid() == "chart-title").replace("\n", " ")


def every_map() -> dict[str, plt.Figure]:
    from moscow_pyongyang.charts import maps
    from moscow_pyongyang.data import load_geometry, load_places, load_routes

    places, routes = load_places(), load_routes()
    with style.book_style():
        return {"map_eurasia_distances": maps.plot_eurasia_distances(places, routes, load_geometry("countries_50m")),
                "map_border_region": maps.plot_border_region(places, routes, load_geometry("countries_10m"))}


def test_alt_texts_state_the_finding_of_the_title():
    """The title is computed from the data (a changed row changes it); every alt text of the chart, typed in a
    notebook or a chapter, must state the numbers and years the title states, so a stale alt text fails."""
    figures = {FIGURE_KEYS[name]: fig for name, fig in every_chart().items()} | every_map()
    problems = []
    for key, fig in figures.items():
        texts = alt_texts(key)
        assert texts, key
        problems += alt_fact_problems(chart_title_text(fig), texts)
    assert not problems, "\n".join(problems)


def test_alt_text_finding_check_can_fail(data_copy: Path):
    title = "Most evidence leans to Moscow in 1966–69; 98% in 2024; 11 resolutions; 6,413 km"
    assert title_facts(title) == ["1966–69", "98%", "2024", "11", "6,413"]
    good = "Bars for 1966 to 1969 lean to Moscow; 98 per cent in 2024; eleven votes; 6,413 km by air."
    assert not alt_fact_problems(title, {"ok.md": good})
    assert len(alt_fact_problems(title, {"stale.md": good.replace("1969", "1968").replace("6,413", "6,41")})) == 2
    assert alt_fact_problems("passed 90% in 2014", {"x.md": "passed 90% in 20145"})   # no partial numbers
    # a changed row changes the balancing title, and the book's alt texts no longer state it
    edit_row(data_copy, "periods", "lean_tertitskiy_moscow_1982_1987", start="1966-01-01")
    rows = bal.prepare_balancing(load.load_balancing(), load.load_periods())
    assert alt_fact_problems(bal.balancing_finding(rows), alt_texts(FIGURE_KEYS["balancing"]))


def test_legibility_check_can_fail():
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, 3))
    ax.text(0, 0, "tiny", fontsize=7)
    import matplotlib.text as mtext

    assert any(t.get_fontsize() < style.MIN_FONT_PT for t in fig.findobj(mtext.Text) if t.get_text() == "tiny")


CHART_NOTEBOOKS = ("balancing", "four_stages", "reluctant_enforcer", "trade_shift")
HIDDEN_OK = re.compile(r"^\s*(#.*|for \w+, \w+ in \w+\.items\(\):|glue_number\(\w+, \w+\)|)\s*$")


def test_notebooks_hide_no_computation_and_show_each_chart_call():
    import json

    # the notebooks of the charts in moscow_pyongyang/charts (maps.ipynb follows the same rule in its own test)
    for path in [ROOT / "notebooks" / f"{name}.ipynb" for name in CHART_NOTEBOOKS]:
        cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
        for cell in cells:
            tags = cell.get("metadata", {}).get("tags", [])
            source = "".join(cell["source"])
            if "remove-input" in tags:   # a hidden cell may only glue values computed in a visible cell
                bad = [line for line in source.splitlines() if not HIDDEN_OK.match(line)]
                assert not bad, f"{path.name}: hidden computation {bad}"
            if "publish(fig" in source:   # the chart cell shows the one call that draws it
                assert "remove-input" not in tags and "remove-cell" not in tags, path.name
                assert len(re.findall(r"\bplot_\w+\(", source)) == 1, f"{path.name}: {source}"


def test_each_mark_links_to_its_data_row():
    import io

    rows = tr.prepare_russia_dprk_trade(load.load_trade())
    fig = tr.plot_russia_dprk_trade(rows)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    for row_id in rows["id"]:
        assert f'xlink:href="#{row_id}"' in svg or f'href="#{row_id}"' in svg, row_id
    for name, chart in every_chart().items():
        urls = [u for ax in chart.axes for c in ax.collections for u in (c.get_urls() or []) if u]
        assert urls and all(u.startswith("#") and len(u) > 3 for u in urls), name


def test_charts_save_as_svg_then_pdf_without_warnings():
    """The notebooks emit SVG (online) and PDF (print) of each chart; any warning would fail the build."""
    import io
    import warnings

    for name, fig in every_chart().items():
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            for fmt in ("svg", "pdf"):
                fig.savefig(io.BytesIO(), format=fmt, bbox_inches="tight")


def stage_names(fig: plt.Figure) -> list[str]:
    """The stage names written over the bands of every panel, one line each."""
    return [t.get_text().replace("\n", " ") for ax in fig.axes for t in ax.texts
            if (t.get_gid() or "").startswith("stage-name-") and t.get_visible()]


def test_timeline_names_each_stage_over_its_band_from_periods(data_copy: Path):
    """Issue 13: no key of stage names in the subtitle; each stage's number and name (from periods.csv) stand
    over its band in one panel or the other, whole, and a renamed stage is renamed on the chart."""
    fig = timeline()
    assert "Creation" not in subtitle(fig) and "Circled" not in subtitle(fig)
    stages = load.load_stages()
    names = stage_names(fig)
    for row in stages.itertuples():
        assert f"{int(row.stage)} {row.label}" in names, (row.label, names)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:   # each whole name sits over its own band (centred on it, or ending at its right edge)
        for t in ax.texts:
            if (t.get_gid() or "").startswith("stage-name-") and " " in t.get_text():
                band = [p for p in ax.patches if p.get_gid() == t.get_gid().replace("name", "band")][0]
                x0, x1 = sorted(ax.transData.transform([(band.get_x(), 0), (band.get_x() + band.get_width(), 0)])[:, 0])
                box = t.get_window_extent(renderer)
                x0, x1 = max(x0, ax.bbox.x0), min(x1, ax.bbox.x1)
                assert (x0 - 1 <= box.x0 and box.x1 <= x1 + 1) or abs(box.x1 - (x1 - 4)) < 2, t.get_text()
    edit_row(data_copy, "periods", "stage_2", label="Between two patrons")
    assert "2 Between two patrons" in stage_names(timeline(load.load_events(), load.load_stages()))


def test_timeline_encodes_the_category_once():
    """The row names the category; every event on every row is drawn with the same marker (three encodings per
    panel: time, row, stage band)."""
    fig = timeline()
    events = [c for ax in fig.axes for c in ax.collections if (c.get_gid() or "").startswith(("events-", "zoom-"))]
    assert len(events) >= 2
    shapes = {tuple(np.round(c.get_paths()[0].vertices, 6).ravel()) for c in events}
    sizes = {tuple(c.get_sizes()) for c in events}
    plt.close(fig)
    assert len(shapes) == 1 and len(sizes) == 1, "event rows drawn with different markers"


def test_every_off_book_mark_sits_at_its_rows_value():
    """Read back from the artists: every figure of off_book.csv the chart draws sits, on its panel's value axis,
    at the value its row gives (read here with the csv module: the scale word and the panel's divisor applied),
    a range at both ends, an 'up to' at its ceiling, any other bound at its floor."""
    import csv

    scale = {"one": 1, "thousand": 1e3, "million": 1e6, "billion": 1e9}
    with (ROOT / "data" / "off_book.csv").open(newline="", encoding="utf-8") as fh:
        raw = {row["id"]: row for row in csv.DictReader(fh)}
    prepared = tr.prepare_off_book(load.load_off_book())
    fig = tr.plot_off_book(prepared)
    checked = 0
    for ax, (panel, rows) in zip(fig.axes, prepared):
        drawn = {c.get_gid()[len("offbook-"):]: np.asarray(c.get_offsets())[:, 0] for c in ax.collections
                 if (c.get_gid() or "").startswith("offbook-")}
        assert set(drawn) == set(rows["id"]), panel["title"]
        for row_id, xs in drawn.items():
            row = raw[row_id]
            factor = (scale[row["unit"]] / 1e6 if panel.get("money") else 1) / panel.get("divide", 1.0)
            low, high = (float(row[k]) * factor if row[k] else None for k in ("value_low", "value_high"))
            expected = {"range": [low, high], "upper": [high]}.get(row["bound"], [low])
            assert np.allclose(sorted(xs), sorted(expected)), (row_id, xs, expected)
            checked += 1
    assert checked == sum(len(rows) for _, rows in prepared) >= 20
