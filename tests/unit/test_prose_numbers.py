"""Figures as the prose gives them (moscow_pyongyang.prose)."""

import pandas as pd
import pytest

from moscow_pyongyang.prose import amount, data_row, in_words, times_in_words


def test_amount_scales_and_keeps_decimals_only_when_needed():
    assert amount(1499) == "1,499"
    assert amount(2_500_000, 1e6) == "2.5"
    assert amount(1400, 1e3) == "1.4"


def test_small_numbers_and_multiples_in_words():
    assert in_words(9) == "nine" and in_words(12) == "12" and in_words(2.5) == "2.5"
    assert times_in_words(2) == "twice" and times_in_words(6) == "six times"


def test_a_missing_or_repeated_id_stops_with_its_name():
    table = pd.DataFrame({"id": ["a", "b", "b"], "value": [1, 2, 3]})
    assert data_row(table, "a")["value"] == 1
    for bad in ("b", "zzz"):
        with pytest.raises(KeyError, match=bad):
            data_row(table, bad)


def test_chapter_figures_follow_their_rows(data_copy):
    from helpers.data_edits import edit_row
    from moscow_pyongyang.data import load_off_book, load_trade
    from moscow_pyongyang.prose import CHAPTER_FIGURES, chapter_facts

    def facts(chapter):
        return chapter_facts(chapter, {"trade": load_trade(), "off_book": load_off_book()})

    geo = facts("geo")
    assert set(geo) == {f"geo_{key}" for key in CHAPTER_FIGURES["geo"]} and set(facts("hwk"))
    assert geo["geo_rouble_trade_1990"] == "1,499" and geo["geo_rouble_trade_1991_share"] == "15.4"
    assert geo["geo_russia_share_2007"] == "7.0" and geo["geo_trade_2021_usd"] == "40,569"
    edit_row(data_copy, "trade", "tr_russia_dprk_trade_1990_russian_government_total", value="1500")
    edit_row(data_copy, "off_book", "ob_refined_petroleum_un_1718_2024_01", value_low="105846", value_high="105846")
    changed = facts("geo")
    assert changed["geo_rouble_trade_1990"] == "1,500" and changed["geo_rouble_trade_1991_share"] == "15.4"
    assert changed["geo_oil_notified_2023"] == "105,846"


def test_a_chapter_figure_with_a_missing_row_stops_with_its_id():
    from moscow_pyongyang.prose import Figure, written

    with pytest.raises(KeyError, match="tr_nowhere"):
        written({"trade": pd.DataFrame({"id": ["a"], "value": [1.0]})}, Figure("trade", "tr_nowhere"))


def test_multiples_the_essays_quote_read_as_words():
    """A glued multiple sits in a sentence ("nine times the 2022 level"): a bare number there ("9 the 2022
    level") is the defect this guards against."""
    from moscow_pyongyang.charts.trade import essay_estimate_facts
    from moscow_pyongyang.data import load_off_book, load_trade, load_unsc_votes

    facts = essay_estimate_facts(load_off_book(), load_unsc_votes(), load_trade())
    multiples = {key: value for key, value in facts.items() if key.endswith("_multiple")}
    assert len(multiples) >= 2
    for key, value in multiples.items():
        assert value == "twice" or value.endswith(" times"), f"{key} is {value!r}, not a multiple in words"
    assert multiples["russia_trade_2023_multiple"] == "nine times"


def test_a_multiple_row_is_written_in_words(data_copy):
    """A row that holds a multiple ("about 12 times the year before") reads as words in the sentence, and follows
    its row."""
    from helpers.data_edits import edit_row
    from moscow_pyongyang.data import load_off_book, load_trade
    from moscow_pyongyang.prose import chapter_facts

    def s4():
        return chapter_facts("s4", {"trade": load_trade(), "off_book": load_off_book()})

    assert s4()["s4_entries_russia_2024_multiple"] == "12 times"
    edit_row(data_copy, "off_book", "ob_entries_to_russia_russia_federal_2025_02_09_multiple",
             value_low="2", value_high="2")
    assert s4()["s4_entries_russia_2024_multiple"] == "twice"


def test_resolutions_are_counted_from_the_votes_table():
    from moscow_pyongyang.data import load_unsc_votes
    from moscow_pyongyang.prose import resolutions_from_to

    votes = load_unsc_votes()
    assert resolutions_from_to(votes, "res1718", "res2397") == 10   # the vetoed drafts are not counted
    assert resolutions_from_to(votes, "res825", "res2397") == 12
    assert resolutions_from_to(votes, "res2371", "draft2022") == 3
    with pytest.raises(KeyError, match="res9999"):
        resolutions_from_to(votes, "res9999", "res2397")
