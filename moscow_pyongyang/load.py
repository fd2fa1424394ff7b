"""Read the book's datasets from ``data/`` into typed pandas DataFrames.

Every loader validates as it reads. A malformed row raises :class:`~moscow_pyongyang.errors.DataError`
naming the file, the line, the column and the reason; nothing is dropped, coerced or deduplicated.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from .errors import DataError
from .paths import data_dir

VOTE_VALUES = {"for", "against", "abstain", "absent"}


def read_rows(name: str) -> tuple[Path, list[str], list[tuple[int, dict[str, str]]]]:
    """Read ``data/<name>.csv`` as text: (path, header, [(line number, row), ...]).

    Line numbers are physical lines in the file, so quoted fields that span lines are counted right.
    A row with too many or too few fields is refused.
    """
    path = data_dir() / f"{name}.csv"
    if not path.exists():
        raise DataError(path, None, None, "file not found")
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise DataError(path, 1, None, "empty file: no header row") from None
        rows = []
        start = reader.line_num + 1
        for values in reader:
            if len(values) != len(header):
                raise DataError(path, start, None, f"expected {len(header)} fields, found {len(values)}")
            rows.append((start, dict(zip(header, values))))
            start = reader.line_num + 1
    return path, header, rows


def _require(path: Path, line: int, row: dict[str, str], column: str) -> str:
    value = row[column].strip()
    if not value:
        raise DataError(path, line, column, "missing value")
    return value


def load_unsc_votes() -> pd.DataFrame:
    """UN Security Council votes on the DPRK with Russia's and China's votes, one row a vote."""
    path, header, rows = read_rows("unsc_votes")
    required = ["id", "document", "date", "adopted", "votes_for", "votes_against", "abstentions",
                "russia_vote", "china_vote", "source_url"]
    for column in required:
        if column not in header:
            raise DataError(path, 1, column, "column missing from header")
    records = []
    for line, row in rows:
        record = dict(row)
        try:
            record["date"] = pd.Timestamp(_require(path, line, row, "date"))
        except ValueError:
            raise DataError(path, line, "date", f"unparseable date {row['date']!r}") from None
        for column in ("votes_for", "votes_against", "abstentions"):
            text = _require(path, line, row, column)
            if not text.isdigit():
                raise DataError(path, line, column, f"not a whole number: {text!r}")
            record[column] = int(text)
        for column in ("russia_vote", "china_vote"):
            if _require(path, line, row, column) not in VOTE_VALUES:
                raise DataError(path, line, column, f"unknown vote {row[column]!r}; expected one of {sorted(VOTE_VALUES)}")
        if row["adopted"] not in {"true", "false"}:
            raise DataError(path, line, "adopted", f"expected true or false, found {row['adopted']!r}")
        record["adopted"] = row["adopted"] == "true"
        _require(path, line, row, "source_url")
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=header)
    if frame["id"].duplicated().any():
        dup = frame.loc[frame["id"].duplicated(), "id"].iloc[0]
        line = rows[int(frame.index[frame["id"] == dup][1])][0]
        raise DataError(path, line, "id", f"duplicate id {dup!r}")
    return frame
