"""ISO dates at the precision a source gives: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

from __future__ import annotations

import calendar
import datetime as dt
import re

import pandas as pd

PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PRECISIONS = {1: "year", 2: "month", 3: "day"}


def parse_partial(text: str) -> tuple[pd.Timestamp, pd.Timestamp, str]:
    """``(first day, last day, precision)`` covered by an ISO date; ``ValueError`` if it is not one.

    >>> parse_partial("1961-07")[:2]
    (Timestamp('1961-07-01 00:00:00'), Timestamp('1961-07-31 00:00:00'))
    """
    match = PARTIAL_DATE.match(text)
    if not match:
        raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
    year, month, day = match.groups()
    y = int(year)
    if month is None:
        return pd.Timestamp(y, 1, 1), pd.Timestamp(y, 12, 31), "year"
    m = int(month)
    if not 1 <= m <= 12:
        raise ValueError(f"no month {m} in {text!r}")
    if day is None:
        return pd.Timestamp(y, m, 1), pd.Timestamp(y, m, calendar.monthrange(y, m)[1]), "month"
    try:
        point = dt.date(y, m, int(day))
    except ValueError as exc:
        raise ValueError(f"no such day {text!r} ({exc})") from None
    return pd.Timestamp(point), pd.Timestamp(point), "day"


def parse_day(text: str) -> pd.Timestamp:
    """A full ``YYYY-MM-DD`` date; ``ValueError`` otherwise."""
    start, _, precision = parse_partial(text)
    if precision != "day":
        raise ValueError(f"expected a full date YYYY-MM-DD, found {text!r}")
    return start
