"""data/README.md heads each table with its row count and the years it spans: both must match the CSV."""
import csv
import re
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"
HEADING = re.compile(r"^## `(?P<file>[\w.]+\.csv)` — [^\n(]*?(?:, (?P<first>\d{4})–(?P<last>\d{4}))? \((?P<rows>\d+) rows\)$",
                     flags=re.M)
DATE_COLUMNS = ("date", "period_start", "period_end")


def years(rows: list[dict[str, str]]) -> list[int]:
    return [int(row[column][:4]) for row in rows for column in DATE_COLUMNS if row.get(column, "")[:4].isdigit()]


def headings() -> list[re.Match]:
    found = list(HEADING.finditer((DATA / "README.md").read_text(encoding="utf-8")))
    assert len(found) >= 8, "data/README.md: the table headings were not found"
    return found


def test_every_table_heading_gives_its_row_count_and_span():
    problems = []
    for heading in headings():
        with (DATA / heading["file"]).open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        if int(heading["rows"]) != len(rows):
            problems.append(f"{heading['file']}: README says {heading['rows']} rows, the file has {len(rows)}")
        if heading["first"]:
            span = years(rows)
            said = (int(heading["first"]), int(heading["last"]))
            if said != (min(span), max(span)):
                problems.append(f"{heading['file']}: README says {said[0]}–{said[1]}, "
                                f"the rows span {min(span)}–{max(span)}")
    assert not problems, "data/README.md is out of date:\n" + "\n".join(problems)
