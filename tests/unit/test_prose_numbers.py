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
