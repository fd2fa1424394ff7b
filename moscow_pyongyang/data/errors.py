"""The one error the loaders raise for bad data: it always says where and why."""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """A malformed data row: names the file, the line (1-based, header is line 1), the column and the reason."""

    def __init__(self, path: Path | str, line: int | None, column: str | None, reason: str):
        self.path = Path(path)
        self.line = line
        self.column = column
        self.reason = reason
        where = str(self.path)
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {reason}")
