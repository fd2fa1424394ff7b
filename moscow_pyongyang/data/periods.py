"""The book's four stages: which stage a date falls in.

The boundaries live in ``data/periods.csv`` (rows with ``kind = stage``); nothing else in the book hard-codes them.
Stage 1 runs from 8 August 1945 to 31 December 1957, stage 2 from 1 January 1958 to 31 August 1990, stage 3
from 1 September 1990 to 31 December 2022 and stage 4 from 1 January 2023 on (see ``data/README.md``).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .dates import parse_partial


def _span(date) -> tuple[pd.Timestamp, pd.Timestamp]:
    if isinstance(date, str):
        start, end, _ = parse_partial(date)
        return start, end
    if isinstance(date, (pd.Timestamp, dt.date)):
        point = pd.Timestamp(date).normalize()
        return point, point
    raise TypeError(f"expected an ISO date string, a date or a Timestamp, got {type(date).__name__}")


def stages_overlapping(start: pd.Timestamp, end: pd.Timestamp, stages: pd.DataFrame) -> list[int]:
    """The stages whose period shares at least one day with ``start .. end`` (``stages`` = ``load_stages()``)."""
    out = []
    for row in stages.itertuples():
        stage_end = row.period_end if not pd.isna(row.period_end) else pd.Timestamp.max
        if row.period_start <= end and start <= stage_end:
            out.append(int(row.stage))
    return out


def stage_of(date, stages: pd.DataFrame, *, before_first: int | None = None) -> int:
    """The stage a date falls in: the book's one stage lookup (the loader, the charts and the tests use it).

    ``stages`` is ``load_stages()`` or any frame with ``stage``, ``period_start`` and ``period_end`` (an empty end
    is open), e.g. the book's stages with one boundary moved. ``date`` is an ISO string at any precision
    (``"1961"``, ``"1961-07"``, ``"1961-07-06"``), a ``datetime.date`` or a ``pandas.Timestamp``. A year or month
    that straddles a boundary (``"1990"``) is ambiguous and raises ``ValueError``; so does a date before the first
    stage, unless ``before_first`` names the stage to give it.
    """
    start, end = _span(date)
    found = stages_overlapping(start, end, stages)
    if not found and before_first is not None and end < stages["period_start"].min():
        return before_first
    if not found:
        raise ValueError(f"{date} is before the first stage (which starts on {stages['period_start'].min():%Y-%m-%d})")
    if len(found) > 1:
        raise ValueError(f"{date} spans stages {found}: give a more precise date")
    return found[0]


def with_boundary(stages: pd.DataFrame, stage: int, start: pd.Timestamp) -> pd.DataFrame:
    """``stages`` with stage ``stage`` starting on ``start`` (and the stage before it ending the day before)."""
    moved = stages.copy()
    moved.loc[moved["stage"] == stage, "period_start"] = start
    moved.loc[moved["stage"] == stage - 1, "period_end"] = start - pd.Timedelta(days=1)
    return moved
