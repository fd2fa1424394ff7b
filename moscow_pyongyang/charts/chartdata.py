"""Small helpers the chart modules share: dates of rows, bounds of periods, rows picked by id.

They only read what the loaders return; they never fill in a value the data does not give.
"""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from ..data.dates import parse_partial


def first_day(text: str) -> pd.Timestamp:
    """The first day an ISO date text (YYYY, YYYY-MM, YYYY-MM-DD) covers."""
    return parse_partial(str(text).strip())[0]


def last_day(text: str) -> pd.Timestamp:
    """The last day an ISO date text (YYYY, YYYY-MM, YYYY-MM-DD) covers."""
    return parse_partial(str(text).strip())[1]


def _column(frame: pd.DataFrame, names: Iterable[str]) -> str | None:
    for name in names:
        if name in frame.columns:
            return name
    return None


def point_bounds(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """First and last day each row's ``date`` covers (``date_start``/``date_end`` from the loader if present)."""
    if {"date_start", "date_end"} <= set(frame.columns):
        return pd.to_datetime(frame["date_start"]), pd.to_datetime(frame["date_end"])
    return frame["date"].map(first_day), frame["date"].map(last_day)


def point_dates(frame: pd.DataFrame) -> pd.Series:
    """The middle of the span each row's date covers: 1961 → 2 July 1961, 1961-07 → 16 July 1961."""
    start, end = point_bounds(frame)
    return start + (end - start) / 2


def _as_start(value) -> pd.Timestamp:
    if isinstance(value, pd.Timestamp) or pd.isna(value):
        return value
    return first_day(value) if str(value).strip() else pd.NaT


def _as_end(value) -> pd.Timestamp:
    if isinstance(value, pd.Timestamp) or pd.isna(value):
        return value
    return last_day(value) if str(value).strip() else pd.NaT


def period_bounds(periods: pd.DataFrame, *, open_end: pd.Timestamp | None = None) -> tuple[pd.Series, pd.Series]:
    """Start and end Timestamps of periods.csv rows (``start``/``end``, Timestamps from the loader or ISO text);
    an open end (empty ``end``) becomes ``open_end``."""
    start_col = _column(periods, ["period_start", "start"])
    end_col = _column(periods, ["period_end", "end"])
    start = pd.to_datetime(periods[start_col].map(_as_start))
    end = pd.to_datetime(periods[end_col].map(_as_end))
    if open_end is not None:
        end = end.fillna(open_end)
    return start, end


def point_when(frame: pd.DataFrame) -> pd.Series:
    """The first day of each row's ``date`` (``date_start`` from the loader, or parsed from the text)."""
    return point_bounds(frame)[0]


def rows_by_id(frame: pd.DataFrame, ids: Iterable[str], *, what: str = "row") -> pd.DataFrame:
    """The rows with these ids, in the order given; a missing id is an error naming it (never skipped)."""
    ids = list(ids)
    missing = [i for i in ids if i not in set(frame["id"])]
    if missing:
        raise KeyError(f"no {what} with id {missing}; the chart refers to rows that are not in the data")
    return frame.set_index("id").loc[ids].reset_index()


def year_fraction(dates: pd.Series | pd.Timestamp):
    """Decimal years (1961.5 …) for a Timestamp or a Series of them."""
    if isinstance(dates, pd.Timestamp):
        start = pd.Timestamp(dates.year, 1, 1)
        length = pd.Timestamp(dates.year + 1, 1, 1) - start
        return dates.year + (dates - start) / length
    return dates.map(year_fraction)


def stage_table(stages: pd.DataFrame, *, open_end: pd.Timestamp | None = None) -> pd.DataFrame:
    """The kind=stage rows of periods.csv as (stage, label, start, end, open) with Timestamps, in stage order;
    ``open`` marks a stage with no end in the data (its ``end`` is then ``open_end``, when given)."""
    stages = stages[stages["kind"] == "stage"] if "kind" in stages else stages
    start, end = period_bounds(stages)
    is_open = end.isna()
    if open_end is not None:
        end = end.fillna(open_end)
    table = pd.DataFrame({"stage": stages["stage"].astype(int).to_numpy(), "label": stages["label"].to_numpy(),
                          "start": start.to_numpy(), "end": end.to_numpy(), "open": is_open.to_numpy()})
    return table.sort_values("stage").reset_index(drop=True)
