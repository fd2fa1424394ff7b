"""The stage frame in the prose agrees with data/periods.csv.

The stage chapters argue for their boundaries in words ("the first stage runs from 8 August 1945 to 31 December
1957"), and their titles carry the years ("Creation and control, 1945–1957"). Those dates are typed, so this test
reads every such statement and the title of each chapter listed here and compares them with the stage rows of
``data/periods.csv``. Change a boundary in the data and the prose must follow, or this test fails.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from helpers.book import ROOT
from moscow_pyongyang.data.load import load_stages

# The chapters whose frame statements are checked, by stage number.
CHAPTERS = {
    1: ROOT / "chapters" / "stage_1_creation_and_control.md",
    2: ROOT / "chapters" / "stage_2_between_two_elder_brothers.md",
    3: ROOT / "chapters" / "stage_3_reluctant_enforcer.md",
}
# Pages that state the frame of several stages.
OTHER_PAGES = [ROOT / "chapters" / "scholarly_debates.md"]
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
DATE = r"(\d{1,2} [A-Z][a-z]+ \d{4})"
STATEMENT = re.compile(
    r"\b(first|second|third|fourth) stage\b[^.]*?\b"
    r"(?:(?:runs|run) from " + DATE + r"[^.]*? to " + DATE + r"|(?:begins|opens|starts) on " + DATE
    + r"|(?:ends|closes) on " + DATE + r")",
    flags=re.IGNORECASE,
)


def stages() -> dict[int, dict]:
    """The stage rows of periods.csv, read by the book's loader (start and end as ISO text, "" when open)."""
    return {int(row["stage"]): row for row in load_stages().to_dict("records")}


def parse(day: str) -> date:
    return datetime.strptime(day, "%d %B %Y").date()


def frame_statements(text: str) -> list[tuple[int, str, date]]:
    """(stage, 'start' or 'end', date) for every boundary the prose states; line breaks count as spaces."""
    flat = re.sub(r"\s+", " ", text)
    found = []
    for match in STATEMENT.finditer(flat):
        stage = ORDINALS[match.group(1).lower()]
        run_from, run_to, begins, ends = match.group(2, 3, 4, 5)
        if run_from:
            found += [(stage, "start", parse(run_from)), (stage, "end", parse(run_to))]
        elif begins:
            found.append((stage, "start", parse(begins)))
        else:
            found.append((stage, "end", parse(ends)))
    return found


def mismatches(text: str, table: dict[int, dict]) -> list[str]:
    wrong = []
    for stage, side, day in frame_statements(text):
        expected = table[stage][side]
        if day.isoformat() != expected:
            wrong.append(f"stage {stage} {side}: prose says {day.isoformat()}, periods.csv says {expected or 'open'}")
    return wrong


@pytest.mark.parametrize("stage", sorted(CHAPTERS), ids=lambda n: f"stage_{n}")
def test_title_has_the_label_and_years_of_the_stage(stage: int):
    row = stages()[stage]
    title = CHAPTERS[stage].read_text(encoding="utf-8").splitlines()[0]
    end_year = row["end"][:4] if row["end"] else ""
    # A title may put an article before the short label the charts use ("The reluctant enforcer").
    title = re.sub(r"^# The ([a-z])", lambda m: "# " + m.group(1).upper(), title)
    assert title == f"# {row['label']}, {row['start'][:4]}–{end_year}", (
        f"{CHAPTERS[stage].name}: title {title!r} does not match periods.csv ({row['label']}, {row['start']}–{row['end']})")


@pytest.mark.parametrize("path", sorted(CHAPTERS.values()) + OTHER_PAGES, ids=lambda p: p.stem)
def test_stated_boundaries_match_periods_csv(path: Path):
    wrong = mismatches(path.read_text(encoding="utf-8"), stages())
    assert not wrong, f"{path.name}: " + "; ".join(wrong)


def test_each_checked_chapter_states_its_boundaries():
    for stage, path in CHAPTERS.items():
        sides = {side for n, side, _ in frame_statements(path.read_text(encoding="utf-8")) if n == stage}
        assert sides == {"start", "end"}, f"{path.name} should state where stage {stage} starts and ends"


def test_the_check_catches_a_wrong_boundary():
    table = {1: {"start": "1945-08-08", "end": "1957-12-31"}, 2: {"start": "1958-01-01", "end": "1990-08-31"}}
    assert mismatches("The first stage runs from 8 August 1945 to 31 December 1956.", table)
    assert mismatches("The second stage begins on 1 January 1957.", table)
    assert mismatches("Its second\nstage therefore ends on 30 September 1990.", table)
    assert not mismatches("The first stage runs from 8 August 1945 to 31 December 1957, and the second stage "
                          "begins on 1 January 1958.", table)
