"""Read the book's datasets from ``data/`` into typed pandas DataFrames, refusing malformed rows.

Every loader reads the CSV as text (no type guessing) and hands each cell to Frictionless, which checks it against
its field in ``data/datapackage.json`` (required, type, enum, pattern, range). By hand, the loader then checks only
what the descriptor cannot say: the rules that tie columns together (a
date's precision, a stage that must agree with the date, a period that must not end before it starts, a money
figure that needs a currency, a source that must be in ``references.bib``, unique ids). A malformed row raises
:class:`~moscow_pyongyang.data.errors.DataError` naming the file, the line, the column and the reason. Nothing is
dropped, coerced or deduplicated.

Types in the returned frames: text and ids as ``str`` (empty text stays ``""``), integers as ``int`` (``Int64``
where a column may be empty), numbers as ``float`` (``NaN`` where empty), booleans as ``bool``, full dates
(``period_start``, ``period_end``) as ``Timestamp`` (``NaT`` where empty). In ``periods`` the ``start`` / ``end``
columns stay ISO text (``""`` when open-ended) and ``period_start`` / ``period_end`` hold the Timestamps. A partial date
column such as ``date`` stays text and gains ``date_start`` / ``date_end``: the first and last day it covers
(``"1961-07"`` covers 1961-07-01 .. 1961-07-31); ``estimate_date`` and ``pub_date`` likewise.
"""

from __future__ import annotations

from collections.abc import Iterable

import csv
import math
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .dates import parse_partial
from .errors import DataError
from .inputs import record_input
from .paths import REPO_ROOT, data_dir
from .periods import stages_overlapping
from .schema import Field, Resource, resource
from .units import is_money

__all__ = [
    "DataError", "read_rows", "load_table", "load_events", "load_periods", "load_stages",
    "load_balancing", "load_trade", "load_unsc_votes", "load_off_book", "load_disagreements", "load_claims",
    "bib_keys", "load_places", "load_routes", "load_geometry", "route_path",
    "DATASETS",
]

DATASETS = ["events", "periods", "balancing", "trade", "unsc_votes", "off_book", "disagreements", "claims", "places",
            "routes"]
SOURCE_COLUMNS = {"source_title", "source_url", "publisher", "bib_key"}
BIB_FILE = REPO_ROOT / "references.bib"


# --------------------------------------------------------------------------------------------------------------
# reading text


def read_rows(name: str) -> tuple[Path, list[str], list[tuple[int, dict[str, str]]]]:
    """Read ``data/<name>.csv`` as text: ``(path, header, [(line number, row), ...])``.

    Line numbers are physical lines in the file (the header is line 1), so quoted fields that span lines are
    counted right. A blank line, or a row with too many or too few fields, is refused.
    """
    path = data_dir() / f"{name}.csv"
    record_input(path)
    if not path.exists():
        raise DataError(path, None, None, "file not found")
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise DataError(path, 1, None, "empty file: no header row") from None
        except csv.Error as exc:
            raise DataError(path, 1, None, f"not valid CSV: {exc}") from None
        rows = []
        start = reader.line_num + 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise DataError(path, start, None, f"not valid CSV: {exc}") from None
            if not values:
                raise DataError(path, start, None, "blank line: every line after the header must be a data row")
            if len(values) != len(header):
                raise DataError(path, start, None, f"expected {len(header)} fields, found {len(values)}")
            rows.append((start, dict(zip(header, values))))
            start = reader.line_num + 1
    return path, header, rows


@lru_cache(maxsize=4)
def _bib_keys(path: Path, mtime_ns: int) -> frozenset[str]:
    from pybtex.database import parse_file
    from pybtex.exceptions import PybtexError

    try:
        return frozenset(parse_file(str(path), bib_format="bibtex").entries.keys())
    except PybtexError as exc:
        raise DataError(path, None, None, f"cannot read the bibliography: {exc}") from None


def bib_keys() -> frozenset[str]:
    """Every entry key in ``references.bib`` (read with pybtex, the parser Sphinx uses for the bibliography)."""
    record_input(BIB_FILE)
    if not BIB_FILE.exists():
        raise DataError(BIB_FILE, None, None, "file not found")
    return _bib_keys(BIB_FILE, BIB_FILE.stat().st_mtime_ns)


# --------------------------------------------------------------------------------------------------------------
# one cell: Frictionless checks it against the descriptor; the loader adds only what the standard allows and the
# book does not (padded text, number look-alikes, impossible days) and the references.bib lookup

# The Python parsers behind Frictionless accept "nan", "inf", "1_000", " 12" and "2016-1-5"; the book writes plain
# decimals and ISO dates only.
PLAIN = {"number": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?"), "integer": re.compile(r"[+-]?\d+"),
         "date": re.compile(r"\d{4}-\d{2}-\d{2}")}
NOT_OF_TYPE = {
    "number": "non-numeric value {text!r}",
    "integer": "not a whole number: {text!r}",
    "boolean": "expected true or false, found {text!r}",
    "date": "unparseable date {text!r}: expected YYYY-MM-DD",
}


def _reason(f: Field, text: str, notes: dict[str, str]) -> str:
    """Frictionless's verdict on one cell in the words of the book's errors."""
    if "required" in notes:
        return f"missing source: empty {f.name}" if f.name in SOURCE_COLUMNS else "missing value"
    if "type" in notes:
        return NOT_OF_TYPE.get(f.type, "not of type {type}: {text!r}").format(text=text, type=f.type)
    if "pattern" in notes and f.partial_date:
        return f"unparseable date {text!r}: expected YYYY, YYYY-MM or YYYY-MM-DD"
    if "enum" in notes:
        return f"unknown {f.name} {text!r}; expected one of: " + ", ".join(str(v) for v in f.enum)
    if "minimum" in notes:
        return f"{text} is below the minimum {f.raw['constraints']['minimum']}"
    if "maximum" in notes:
        return f"{text} is above the maximum {f.raw['constraints']['maximum']}"
    name, note = next(iter(notes.items()))
    return f"{text!r} does not conform: {note}"


def _convert(path: Path, line: int, f: Field, text: str, keys: frozenset[str]):
    """The typed value of one cell, or ``DataError``."""
    if text != text.strip():
        raise DataError(path, line, f.name, f"leading or trailing whitespace in {text!r}")
    if text and f.type in PLAIN and not PLAIN[f.type].fullmatch(text):
        raise DataError(path, line, f.name, _reason(f, text, {"type": ""}))
    value, notes = f.check.read_cell(text)
    if notes:
        raise DataError(path, line, f.name, _reason(f, text, notes))
    if value is None:
        return None
    if f.partial_date:
        try:
            parse_partial(text)
        except ValueError as exc:
            raise DataError(path, line, f.name, f"unparseable date {text!r}: {exc}") from None
    if f.bib:
        items = text.split(f.list_separator) if f.list_separator else [text]
        unknown = [k for k in items if k not in keys]
        if unknown:
            raise DataError(path, line, f.name, f"unknown bib key {unknown[0]!r}: not in references.bib")
    if f.type == "number":
        return float(value)
    if f.type == "date":
        return pd.Timestamp(value)
    return value


# --------------------------------------------------------------------------------------------------------------
# one table


def load_table(name: str) -> pd.DataFrame:
    """Any dataset described in ``data/datapackage.json``, validated cell by cell, with duplicate ids refused.

    The named loaders (``load_events()`` …) call this and then check the rules that tie columns together.
    """
    res = resource(name)
    path, header, rows = read_rows(Path(res.path).stem)
    expected = res.field_names
    for column in expected:
        if column not in header:
            raise DataError(path, 1, column, "column missing from header")
    for column in header:
        if column not in expected:
            raise DataError(path, 1, column, f"unexpected column: not in the descriptor of {name!r}")
    if header != expected:
        raise DataError(path, 1, None, f"columns out of order: expected {', '.join(expected)}")
    keys = bib_keys()
    records, lines, first_line = [], [], {}
    for line, row in rows:
        record = {}
        for f in res.fields:
            record[f.name] = _convert(path, line, f, row[f.name], keys)
        if "id" in record:
            if record["id"] in first_line:
                raise DataError(path, line, "id", f"duplicate id {record['id']!r} (first on line "
                                                  f"{first_line[record['id']]})")
            first_line[record["id"]] = line
        records.append(record)
        lines.append(line)
    frame = _typed_frame(res, records)
    frame.attrs["path"] = str(path)
    frame.attrs["lines"] = lines
    return frame


def _typed_frame(res: Resource, records: list[dict]) -> pd.DataFrame:
    columns = {}
    for f in res.fields:
        values = [r[f.name] for r in records]
        if f.type == "string":
            columns[f.name] = pd.Series(["" if v is None else v for v in values], dtype=object)
        elif f.type == "integer":
            series = pd.Series(values, dtype="Int64")
            columns[f.name] = series.astype(int) if not series.isna().any() else series
        elif f.type == "number":
            columns[f.name] = pd.Series([math.nan if v is None else v for v in values], dtype=float)
        elif f.type == "boolean":
            columns[f.name] = pd.Series(values, dtype=bool)
        elif f.type == "date" and f.parsed:
            columns[f.name] = pd.Series(["" if v is None else f"{v:%Y-%m-%d}" for v in values], dtype=object)
            columns[f.parsed] = pd.Series([pd.NaT if v is None else v for v in values], dtype="datetime64[ns]")
        elif f.type == "date":
            columns[f.name] = pd.Series([pd.NaT if v is None else v for v in values], dtype="datetime64[ns]")
        if f.partial_date:
            spans = [parse_partial(v)[:2] if v else (pd.NaT, pd.NaT) for v in values]
            columns[f"{f.name}_start"] = pd.Series([s for s, _ in spans], dtype="datetime64[ns]")
            columns[f"{f.name}_end"] = pd.Series([e for _, e in spans], dtype="datetime64[ns]")
    return pd.DataFrame(columns)


def _rows(frame: pd.DataFrame):
    """``(line, row)`` pairs for the cross-column checks."""
    return zip(frame.attrs["lines"], frame.to_dict("records"))


def _check_precision(frame: pd.DataFrame, column: str = "date") -> None:
    path = frame.attrs["path"]
    for line, row in _rows(frame):
        actual = parse_partial(row[column])[2]
        if row["date_precision"] != actual:
            raise DataError(path, line, "date_precision",
                            f"{row['date_precision']!r} does not match the date {row[column]!r} (a {actual} date)")


def _check_period(frame: pd.DataFrame, start: str, end: str, column: str | None = None) -> None:
    path = frame.attrs["path"]
    for line, row in _rows(frame):
        if not pd.isna(row[start]) and not pd.isna(row[end]) and row[end] < row[start]:
            raise DataError(path, line, column or end, f"period end {row[end]:%Y-%m-%d} is before its start "
                                                       f"{row[start]:%Y-%m-%d}")


def _check_money(frame: pd.DataFrame) -> None:
    path = frame.attrs["path"]
    for line, row in _rows(frame):
        money = is_money(row["unit"])
        if money and not row["currency"]:
            raise DataError(path, line, "currency", f"missing currency for a money figure (unit {row['unit']!r})")
        if not money and row["currency"]:
            raise DataError(path, line, "currency", f"currency {row['currency']!r} given for unit {row['unit']!r}, "
                                                    "which is not money")


# --------------------------------------------------------------------------------------------------------------
# the datasets


def load_periods() -> pd.DataFrame:
    """The four stages (kind = stage) and the lean periods (kind = lean), with ``start`` / ``end`` Timestamps."""
    frame = load_table("periods")
    path = frame.attrs["path"]
    for line, row in _rows(frame):
        if row["kind"] == "stage":
            if pd.isna(row["stage"]):
                raise DataError(path, line, "stage", "missing value: a stage row needs its stage number")
            if row["lean"]:
                raise DataError(path, line, "lean", "a stage row has no lean")
        else:
            if not pd.isna(row["stage"]):
                raise DataError(path, line, "stage", "a lean row has no stage number")
            if not row["lean"]:
                raise DataError(path, line, "lean", "missing value: a lean row needs its lean")
    _check_period(frame, "period_start", "period_end", column="end")
    stages = frame[frame["kind"] == "stage"].sort_values("stage")
    lines = dict(zip(frame["id"], frame.attrs["lines"]))
    if list(stages["stage"]) != [1, 2, 3, 4]:
        raise DataError(path, None, "stage", f"expected one row for each stage 1-4, found {list(stages['stage'])}")
    for before, after in zip(stages.itertuples(), list(stages.itertuples())[1:]):
        if pd.isna(before.period_end) or after.period_start != before.period_end + pd.Timedelta(days=1):
            raise DataError(path, lines[after.id], "start", f"stage {after.stage} must start the day after stage "
                                                            f"{before.stage} ends")
    return frame


def load_stages() -> pd.DataFrame:
    """The four stage rows of ``periods.csv`` (stage, label, start, end …), in order."""
    periods = load_periods()
    stages = periods[periods["kind"] == "stage"].sort_values("stage").reset_index(drop=True)
    stages["stage"] = stages["stage"].astype(int)
    return stages


def load_events() -> pd.DataFrame:
    """The chronology: one dated event a row, with its stage and category."""
    frame = load_table("events")
    _check_precision(frame)
    stages = load_stages()
    path = frame.attrs["path"]
    for line, row in _rows(frame):
        allowed = stages_overlapping(row["date_start"], row["date_end"], stages)
        if row["stage"] not in allowed:
            expected = " or ".join(str(s) for s in allowed) or "none (before stage 1)"
            raise DataError(path, line, "stage", f"stage {row['stage']} contradicts the date {row['date']} "
                                                 f"(periods.csv puts it in stage {expected})")
    return frame


def load_balancing() -> pd.DataFrame:
    """Evidence of Pyongyang's balancing between Moscow and Beijing, 1956-1991, one item a row."""
    frame = load_table("balancing")
    _check_precision(frame)
    return frame


def load_trade() -> pd.DataFrame:
    """Trade figures, one reporter's figure for one period a row (conflicting figures all kept)."""
    frame = load_table("trade")
    _check_period(frame, "period_start", "period_end")
    _check_money(frame)
    return frame


def load_off_book() -> pd.DataFrame:
    """Estimates of flows that customs data miss (2022-), one estimate a row, with its bound."""
    frame = load_table("off_book")
    _check_period(frame, "period_start", "period_end")
    _check_money(frame)
    path = frame.attrs["path"]
    for line, row in _rows(frame):
        low, high, bound = row["value_low"], row["value_high"], row["bound"]
        if bound in {"exact", "approximate", "range"} and (math.isnan(low) or math.isnan(high)):
            column = "value_low" if math.isnan(low) else "value_high"
            raise DataError(path, line, column, f"missing value: bound {bound!r} needs both value_low and value_high")
        if bound in {"exact", "approximate"} and low != high:
            raise DataError(path, line, "value_high", f"bound {bound!r} needs value_low = value_high")
        if bound == "lower" and (math.isnan(low) or not math.isnan(high)):
            raise DataError(path, line, "value_high", "bound 'lower' needs value_low (the floor) and no value_high")
        if bound == "upper" and (math.isnan(high) or not math.isnan(low)):
            raise DataError(path, line, "value_low", "bound 'upper' needs value_high (the ceiling) and no value_low")
        if bound == "range" and low >= high:
            raise DataError(path, line, "value_high", f"range {low:g}-{high:g}: value_high must exceed value_low")
    return frame


def load_unsc_votes() -> pd.DataFrame:
    """UN Security Council votes on the DPRK with Russia's and China's votes, one row a vote."""
    frame = load_table("unsc_votes")
    path = frame.attrs["path"]
    for line, row in _rows(frame):
        total = row["votes_for"] + row["votes_against"] + row["abstentions"]
        if total > 15:
            raise DataError(path, line, "abstentions", f"{total} votes cast; the Council has 15 members")
        veto = "against" in (row["russia_vote"], row["china_vote"])
        passes = row["votes_for"] >= 9 and not veto
        if row["adopted"] != passes:
            raise DataError(path, line, "adopted", f"adopted={str(row['adopted']).lower()} contradicts the votes "
                                                   f"({row['votes_for']} for, veto: {veto})")
    return frame


def load_disagreements() -> pd.DataFrame:
    """Where the sources disagree: one disputed fact a row, with the rows and bib keys on each side."""
    frame = load_table("disagreements")
    path = frame.attrs["path"]
    known = {}
    for name in ["events", "periods", "balancing", "trade", "unsc_votes", "off_book"]:
        for rid in load_table(name)["id"]:
            known[rid] = name
    for line, row in _rows(frame):
        for rid in filter(None, row["row_ids"].split("; ")):
            if rid not in known:
                raise DataError(path, line, "row_ids", f"unknown row id {rid!r}: not in any dataset")
    return frame


def load_claims(pages: "Iterable[str] | None" = None) -> pd.DataFrame:
    """The three essays' claims, one a row, with their status, the evidence and the pages that discuss them.

    ``pages``: the book's pages (the extension passes the table of contents); when given, a row that names a page
    the book does not have is an error. The library itself knows nothing of the book's structure.
    """
    frame = load_table("claims")
    if pages is None:
        return frame
    path = frame.attrs["path"]
    known = set(pages)
    for line, row in _rows(frame):
        for page in row["discussed_in"].split("; "):
            if page not in known:
                raise DataError(path, line, "discussed_in", f"unknown page {page!r}: not in _toc.yml")
    return frame


# --------------------------------------------------------------------------------------------------------------
# the maps: places, routes and the vendored country outlines


def load_places() -> pd.DataFrame:
    """Places on the maps, one a row, with latitude and longitude and the page the coordinates come from."""
    return load_table("places")


def _via_points(text: str) -> list[tuple[float, float]]:
    points = []
    for pair in filter(None, text.split("; ")):
        lat, lon = (float(v) for v in pair.split(" "))
        points.append((lat, lon))
    return points


def load_routes() -> pd.DataFrame:
    """Legs of the routes on the maps (rail, ferry, shipping), in order, each between two rows of ``places.csv``.

    A leg that names an unknown place, a bend point off the globe, or a route whose legs are not numbered 1, 2, …
    and joined end to start is an error.
    """
    frame = load_table("routes")
    places = set(load_places()["id"])
    path = frame.attrs["path"]
    for line, row in _rows(frame):
        for column in ("from_place", "to_place"):
            if row[column] not in places:
                raise DataError(path, line, column, f"unknown place {row[column]!r}: not in places.csv")
        for lat, lon in _via_points(row["via"]):
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise DataError(path, line, "via", f"bend point {lat} {lon} is off the globe")
    legs: dict[str, list[tuple[int, int, dict]]] = {}
    for line, row in _rows(frame):
        legs.setdefault(row["route"], []).append((row["seq"], line, row))
    for route, items in legs.items():
        items.sort(key=lambda item: item[0])
        for expected, (seq, line, row) in enumerate(items, start=1):
            if seq != expected:
                raise DataError(path, line, "seq", f"route {route!r}: leg {seq} where leg {expected} was expected")
        for (_, _, before), (_, line, after) in zip(items, items[1:]):
            if after["from_place"] != before["to_place"]:
                raise DataError(path, line, "from_place", f"route {route!r}: leg {after['seq']} starts at "
                                                          f"{after['from_place']!r}, not where leg {before['seq']} "
                                                          f"ends ({before['to_place']!r})")
    return frame


def route_path(leg, places: pd.DataFrame) -> list[tuple[float, float]]:
    """The (lat, lon) points of one leg as drawn: its start, its bend points, its end."""
    by_id = places.set_index("id")
    start, end = by_id.loc[leg["from_place"]], by_id.loc[leg["to_place"]]
    return [(start["lat"], start["lon"]), *_via_points(leg["via"]), (end["lat"], end["lon"])]


@lru_cache(maxsize=4)
def _geometry(path: Path, mtime_ns: int, expected: str) -> dict:
    import hashlib
    import json

    raw = path.read_bytes()
    algorithm, _, digest = expected.partition(":")
    if algorithm != "sha256" or not digest:
        raise DataError(path, None, None, f"the descriptor records no sha256 hash for this file (found {expected!r})")
    actual = hashlib.sha256(raw).hexdigest()
    if actual != digest:
        raise DataError(path, None, None, f"checksum mismatch: sha256 {actual}, the descriptor records {digest}; "
                                          "the vendored file was changed or replaced")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(path, getattr(exc, "lineno", None), None, f"not valid JSON: {exc}") from None


def load_geometry(name: str = "countries_50m") -> dict:
    """A vendored TopoJSON topology (``countries_10m`` or ``countries_50m``), after checking its SHA-256 against
    the ``hash`` recorded in ``data/datapackage.json``. A changed file is refused, never read."""
    res = resource(name)
    path = data_dir() / res.path
    if not path.exists():
        raise DataError(path, None, None, "file not found")
    record_input(path)
    return _geometry(path, path.stat().st_mtime_ns, str(res.raw.get("hash", "")))
