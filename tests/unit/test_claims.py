"""The three essays' claims (``data/claims.csv``): complete enough to be a fair account, each claim tied to its
evidence and to a page of the book, and the known errors of the essays recorded as such."""

from __future__ import annotations


import pytest

from helpers.data_edits import edit_cell
from moscow_pyongyang.data import load
from moscow_pyongyang.data.errors import DataError
from moscow_pyongyang_book.toc import toc_pages

TERTITSKIY = "Tertitskiy, North of Korea (The Insider, 2024)"
KIM = "Harry Kim, The Return of Moscow in Pyongyang? (Wilson Center, 2017)"
ANONYMOUS = "Anonymous book chapter (chapter 37)"


@pytest.fixture(scope="module")
def claims():
    return load.load_claims(pages=toc_pages())


def test_every_essay_is_checked_claim_by_claim(claims):
    counts = claims["essay"].value_counts()
    assert 15 <= counts[TERTITSKIY] <= 40
    assert counts[KIM] >= 6
    assert counts[ANONYMOUS] >= 6


def test_every_status_is_used(claims):
    assert set(claims["status"]) == {"accepted", "qualified", "corrected", "unverified"}


def test_the_known_errors_of_the_essays_are_recorded(claims):
    """The errors the book's chapters correct must appear with the status the chapters give them."""
    by_id = claims.set_index("id")
    assert by_id.loc["tertitskiy_treaty_5_july", "status"] == "corrected"
    assert "6 July" in by_id.loc["tertitskiy_treaty_5_july", "evidence"]
    assert by_id.loc["kim_1967_grain_coke", "status"] == "unverified"
    assert by_id.loc["kim_trade_73_percent", "status"] == "qualified"
    assert by_id.loc["tertitskiy_treaty_annulled", "status"] == "corrected"
    assert by_id.loc["anon_yeltsin_betrayal", "status"] == "corrected"


def test_every_claim_points_at_a_page_of_the_book(claims):
    pages = set(toc_pages())
    for row in claims.itertuples():
        assert set(row.discussed_in.split("; ")) <= pages, row.id


def test_claims_are_short_and_in_the_books_words(claims):
    """A claim is a paraphrase, not a quotation: no quotation marks, and short enough for a table cell."""
    for row in claims.itertuples():
        assert len(row.claim) <= 220 and len(row.evidence) <= 260, row.id
        assert not any(mark in row.claim for mark in '"“”'), row.id


# The loader refuses malformed rows with file, line, column and reason.





@pytest.mark.parametrize("column, value, reason", [
    ("status", "probably", "unknown status 'probably'"),
    ("bib_keys", "tertitskiy2024north; no-such-key", "unknown bib key 'no-such-key'"),
    ("discussed_in", "chapters/no_such_chapter", "unknown page 'chapters/no_such_chapter'"),
    ("essay", "Seed 002", "unknown essay 'Seed 002'"),
    ("evidence", "", "missing value"),
])
def test_a_malformed_claim_stops_the_load(data_copy, column, value, reason):
    line = edit_cell(data_copy, "claims", "tertitskiy_treaty_5_july", column, value)
    with pytest.raises(DataError) as excinfo:
        load.load_claims(pages=toc_pages())
    message = str(excinfo.value)
    assert "claims.csv" in message and f"line {line}" in message and column in message and reason in message
