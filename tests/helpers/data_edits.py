"""Edit a scratch copy of data/: the unit tests change one cell or one row and check what the loaders and charts
make of it. Every other byte of the file stays as it was."""

from __future__ import annotations

import csv
from pathlib import Path


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def edit_row(folder: Path, name: str, row_id: str, **changes: str) -> int:
    """Set some cells of the one row of ``folder/<name>.csv`` whose first column is ``row_id``; return that row's
    line number in the file (header = 1; no field in data/ spans lines: test_every_row_is_one_line)."""
    path = folder / f"{name}.csv"
    header, rows = read_csv(path)
    hits = [i for i, row in enumerate(rows) if row[0] == row_id]
    assert len(hits) == 1, f"{name}.csv has no single row {row_id!r}"
    for column, value in changes.items():
        rows[hits[0]][header.index(column)] = value
    write_csv(path, header, rows)
    return hits[0] + 2


def edit_cell(folder: Path, name: str, row_id: str, column: str, value: str) -> int:
    """Set one cell (see ``edit_row``) and return the row's line number."""
    return edit_row(folder, name, row_id, **{column: value})
