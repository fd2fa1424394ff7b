"""Figures as the prose gives them: one row of ``data/`` by its id, and a value written as the essays write it.

The notebooks glue these strings into the chapters, so that a corrected row changes the sentence that quotes it.
"""

from __future__ import annotations

import pandas as pd

NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}


def data_row(table: pd.DataFrame, row_id: str) -> pd.Series:
    """The one row of ``table`` whose ``id`` is ``row_id``; a missing or repeated id stops with its name."""
    found = table[table["id"] == row_id]
    if len(found) != 1:
        raise KeyError(f"{row_id!r}: expected one row in data/, found {len(found)}")
    return found.iloc[0]


def amount(value, scale: float = 1) -> str:
    """A value divided by ``scale`` as the prose writes it: 1499 -> '1,499'; 2500000 with scale 1e6 -> '2.5'."""
    value = float(value) / scale
    return f"{value:,.0f}" if value.is_integer() else f"{value:,g}"


def in_words(value) -> str:
    """Small whole numbers spelled out (9 -> 'nine'); anything else as a figure."""
    value = float(value)
    return NUMBER_WORDS[int(value)] if value.is_integer() and int(value) in NUMBER_WORDS else amount(value)


def times_in_words(value) -> str:
    """A multiple in words: 2 -> 'twice', 9 -> 'nine times'."""
    return "twice" if float(value) == 2 else f"{in_words(value)} times"
