"""Every year the prose gives for a stage agrees with ``data/periods.csv``.

The four stages are defined once, in ``data/periods.csv``. The pages that the book's table of contents lists
(chapters, the landing page, the notebooks' Markdown cells) are scanned for three ways of giving a stage its
years, each checked against the stage's start and end there:

1. a stage named with a span: "Stage 3 (1990–2022)", "the third stage, 1990–2022", a stage chapter's title or the
   stage's label followed by its span ("The reluctant enforcer, 1990–2022", "**Shells for oil, 2023–**");
2. a stage said to begin or end at a date: "the fourth stage opens in 2023", "the stage closes at the end of 2022"
   (in a stage chapter, "the stage" and "this stage" are that chapter's stage); a month, when given, must match too;
3. a bare span that looks like a stage but is off by a year at one end, the usual trace of an older scheme
   ("1957–1990" when stage 2 starts in 1958, "1990–2023" when stage 3 ends in 2022).

Sentences that name Fyodor Tertitskiy or his essay are skipped: they may report his scheme, which differs from the
book's on purpose. A page whose owner has not yet brought its years into line is listed in ``PENDING`` with the
reason, so that the mismatch shows in the test report (xfail) rather than disappearing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from helpers.book import ROOT, source_of, toc_files
from moscow_pyongyang.data.load import load_stages

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], start=1)}
DASH = r"\s*[–—-]\s*"
YEAR = r"(1[89]\d\d|20\d\d)"
OPEN_END = r"(?:today|the present|present|now)"
BEGIN_VERBS = r"(?:begins|began|begin|starts|started|start|opens|opened|open)"
END_VERBS = r"(?:ends|ended|end|closes|closed|close|finishes|finished)"
MONTH = r"(?:(January|February|March|April|May|June|July|August|September|October|November|December)\s+)?"
SKIP_SENTENCE = re.compile(r"Tertitskiy|Тертицкий", flags=re.I)

# Pages owned by other chapters' authors whose stage years still disagree with periods.csv (page -> reason).
PENDING: dict[str, str] = {
}


@dataclass(frozen=True)
class Stage:
    number: int
    start: pd.Timestamp
    end: pd.Timestamp | None
    names: tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    page: str
    stage: int
    found: str
    expected: str

    def __str__(self) -> str:
        return f"{self.page}: stage {self.stage}: {self.found!r} (periods.csv: {self.expected})"


def stage_title(number: int) -> str | None:
    """The title of the stage chapter without its span ("The reluctant enforcer")."""
    paths = sorted((ROOT / "chapters").glob(f"stage_{number}_*.md"))
    if not paths:
        return None
    match = re.search(r"^# (.+)$", paths[0].read_text(encoding="utf-8"), flags=re.M)
    if not match:
        return None
    return re.sub(rf",?\s*(?:since\s+)?{YEAR}(?:{DASH}(?:\d{{2,4}}|{OPEN_END})?)?\s*$", "", match.group(1)).strip()


def stages() -> list[Stage]:
    out = []
    for _, row in load_stages().iterrows():
        number = int(row["stage"])
        names = {row["label"].strip()}
        title = stage_title(number)
        if title:
            names.add(title)
            names.add(re.sub(r"^(The|A|An)\s+", "", title))
        end = None if pd.isna(row["period_end"]) else row["period_end"]
        out.append(Stage(number, row["period_start"], end, tuple(sorted(names, key=len, reverse=True))))
    return out


def span_text(stage: Stage) -> str:
    return f"{stage.start.year}–{stage.end.year if stage.end is not None else ''}"


# --------------------------------------------------------------------------------------------------------------
# reading the prose


def markdown_of(path: Path) -> str:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def sentences(markdown: str) -> list[str]:
    """Prose sentences: fences, directive options and roles' targets removed, lines of a paragraph joined."""
    text = re.sub(r"^(```|:::).*$", "\n", markdown, flags=re.M)
    text = re.sub(r"^\s*:[\w-]+:.*$", "", text, flags=re.M)
    text = re.sub(r"\{[a-z:-]+\}`[^`]*`", " ", text)
    out = []
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.|#+)\s)", text):
        block = re.sub(r"\s+", " ", block).strip()
        if block:
            out += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z*(\"“])", block) if s]
    return out


def year_of(text: str, start: int) -> int:
    """A span's second year, written in full or as two digits ("1990–91")."""
    if len(text) == 2:
        century = start // 100 * 100
        return century + int(text) + (100 if century + int(text) < start else 0)
    return int(text)


def stage_refs(sentence: str, all_stages: list[Stage], own: int | None) -> list[tuple[int, int]]:
    """(stage number, position just after the mention) for each mention of a stage in the sentence."""
    refs = []
    for m in re.finditer(r"\b[Ss]tage ([1-4])\b", sentence):
        refs.append((int(m.group(1)), m.end()))
    for m in re.finditer(r"\b(first|second|third|fourth) stage\b", sentence, flags=re.I):
        refs.append((ORDINALS[m.group(1).lower()], m.end()))
    if own is not None:
        for m in re.finditer(r"\b(?:[Tt]he|[Tt]his|[Ii]ts) stage\b", sentence):
            refs.append((own, m.end()))
    return sorted(refs, key=lambda r: r[1])


def check_sentence(sentence: str, page: str, all_stages: list[Stage], own: int | None) -> list[Problem]:
    if SKIP_SENTENCE.search(sentence):
        return []
    by_number = {s.number: s for s in all_stages}
    problems = []

    def check_span(stage: Stage, first: str, second: str | None, found: str) -> None:
        start_ok = int(first) == stage.start.year
        if stage.end is None:
            end_ok = second is None or re.fullmatch(OPEN_END, second or "") is not None
        else:
            end_ok = second is not None and second.isdigit() and year_of(second, int(first)) == stage.end.year
        if not (start_ok and end_ok):
            problems.append(Problem(page, stage.number, found, span_text(stage)))

    checked_spans = set()
    # 1a. a stage's name or title followed by its span
    for stage in all_stages:
        for name in stage.names:
            pattern = rf"{re.escape(name)}\**,?\s*\(?(?:since\s+)?{YEAR}(?:{DASH}(\d{{2,4}}|{OPEN_END})?)?"
            for m in re.finditer(pattern, sentence, flags=re.I):
                if m.start(1) in checked_spans:
                    continue
                checked_spans.add(m.start(1))
                has_dash = re.search(DASH, m.group(0)[m.end(1) - m.start(0):]) is not None
                since = "since" in m.group(0)[len(name):].lower()
                if not has_dash and not since:
                    continue  # a name followed by a single year is not a span
                if since:
                    if int(m.group(1)) != stage.start.year:
                        problems.append(Problem(page, stage.number, m.group(0), f"since {stage.start.year}"))
                    continue
                check_span(stage, m.group(1), m.group(2), m.group(0))
    # 1b and 2. "stage 3 (1990–2022)", "the third stage began in 1990"
    refs = stage_refs(sentence, all_stages, own)
    for i, (number, pos) in enumerate(refs):
        stage = by_number[number]
        limit = refs[i + 1][1] if i + 1 < len(refs) else len(sentence)
        window = sentence[pos:min(limit, pos + 60)]
        span = re.match(rf"[^.;]*?\(?{YEAR}{DASH}(\d{{2,4}}|{OPEN_END})?", window)
        since = re.match(rf"[^.;]*?\bsince\s+{YEAR}\b", window)
        if since and not span and pos + since.start(1) not in checked_spans:
            checked_spans.add(pos + since.start(1))
            if int(since.group(1)) != stage.start.year:
                problems.append(Problem(page, number, since.group(0).strip(), f"since {stage.start.year}"))
            continue
        if span and pos + span.start(1) not in checked_spans:
            checked_spans.add(pos + span.start(1))
            check_span(stage, span.group(1), span.group(2), span.group(0).strip())
            continue
        for verbs, when in ((BEGIN_VERBS, stage.start), (END_VERBS, stage.end)):
            m = re.match(rf"[^.;]{{0,25}}?\b{verbs}\b(?:\s+(?:in|on|at the end of|with))?\s+{MONTH}{YEAR}\b",
                         window)
            if not m or when is None:
                continue
            month, year = m.group(1), int(m.group(2))
            if year != when.year or (month and MONTHS[month.lower()] != when.month):
                problems.append(Problem(page, number, m.group(0).strip(), f"{when:%B %Y}"))
            checked_spans.add(pos + m.start(2))
    # 2b. "the data open the stage in September 1990", "closes the stage at the end of 2022" (a stage chapter)
    if own is not None:
        stage = by_number[own]
        for verbs, when in ((BEGIN_VERBS, stage.start), (END_VERBS, stage.end)):
            pattern = rf"\b{verbs}\s+(?:the|this|its) stage\s+(?:in|on|at the end of|with)\s+{MONTH}{YEAR}\b"
            for m in re.finditer(pattern, sentence):
                if m.start(2) in checked_spans or when is None:
                    continue
                checked_spans.add(m.start(2))
                month, year = m.group(1), int(m.group(2))
                if year != when.year or (month and MONTHS[month.lower()] != when.month):
                    problems.append(Problem(page, own, m.group(0), f"{when:%B %Y}"))
    # 3. a bare span off by a year at one end ("1990–2023", "between 1990 and 2023")
    for m in re.finditer(rf"(?<![\d–-]){YEAR}(?:{DASH}|\s+and\s+)(\d{{2,4}})(?![\d–-])", sentence):
        if " and " in m.group(0) and not re.search(r"\b[Bb]etween\s+$", sentence[:m.start()]):
            continue
        if m.start(1) in checked_spans:
            continue
        first, second = int(m.group(1)), year_of(m.group(2), int(m.group(1)))
        for stage in all_stages:
            if stage.end is None:
                continue
            near = first in (stage.start.year, stage.start.year - 1) and second in (stage.end.year,
                                                                                   stage.end.year + 1)
            exact = first == stage.start.year and second == stage.end.year
            if near and not exact:
                problems.append(Problem(page, stage.number, m.group(0), span_text(stage)))
    return problems


def problems_in(page: str, markdown: str, all_stages: list[Stage]) -> list[Problem]:
    own = re.match(r"chapters/stage_([1-4])_", page)
    own_stage = int(own.group(1)) if own else None
    return [p for s in sentences(markdown) for p in check_sentence(s, page, all_stages, own_stage)]


# --------------------------------------------------------------------------------------------------------------
# the tests


def page_params():
    params = []
    for page in toc_files():
        marks = [pytest.mark.xfail(reason=PENDING[page], strict=False)] if page in PENDING else []
        params.append(pytest.param(page, marks=marks, id=page))
    return params


@pytest.mark.parametrize("page", page_params())
def test_stage_years_in_the_prose_match_periods_csv(page: str):
    problems = problems_in(page, markdown_of(source_of(page)), stages())
    assert not problems, "stage years that disagree with data/periods.csv:\n" + "\n".join(map(str, problems))


def test_every_stage_chapter_title_gives_the_stage_span():
    for stage in stages():
        path = sorted((ROOT / "chapters").glob(f"stage_{stage.number}_*.md"))[0]
        title = re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), flags=re.M).group(1)
        assert re.search(rf"{YEAR}{DASH}|since {YEAR}", title), f"{path.name}: the title gives no span"
        page = f"chapters/{path.stem}"
        if page not in PENDING:
            assert not problems_in(page, f"# {title}\n", stages()), f"{path.name}: {title!r}"


# The checker itself, on sentences built from the data so that they stay right when periods.csv changes.


@pytest.fixture(scope="module")
def data_stages() -> list[Stage]:
    return stages()


def test_the_checker_accepts_the_data_spans(data_stages):
    s3, s4 = data_stages[2], data_stages[3]
    text = (f"# {s3.names[0]}, {s3.start.year}–{s3.end.year}\n\nStage 3 ({s3.start.year}–{s3.end.year}) was long. "
            f"The fourth stage opens in {s4.start.year}. The stage closes at the end of {s3.end.year}.\n\n"
            f"- **{s4.names[-1]}, {s4.start.year}–.** An alliance.\n\nThe fourth stage, since {s4.start.year}, "
            f"is an alliance. The data open the stage in {s3.start:%B %Y} and close the stage at the end of "
            f"{s3.end.year}.\n")
    assert problems_in("chapters/stage_3_x", text, data_stages) == []


@pytest.mark.parametrize("wrong", [
    "# {name3}, {start3}–{next3}\n",
    "Stage 3 ({start3}–{next3}) was long.",
    "The fourth stage, the alliance since {next4}, began with a visit.",
    "The third stage, {start3}–{next3}, was long.",
    "The fourth stage opens in {next4}.",
    "In this book the third stage began in {prev3}.",
    "Those years, {start3}–{next3}, saw no trade.",
    "Between {start3} and {next3} Moscow voted for sanctions.",
    "3. **{name3}, {start3}–{next3}.** Moscow recognised Seoul.",
    "The book's data open the stage in {prev3}.",
    "This book closes the stage at the end of {next3}.",
])
def test_the_checker_finds_wrong_spans(data_stages, wrong: str):
    s3, s4 = data_stages[2], data_stages[3]
    text = wrong.format(name3=s3.names[0], start3=s3.start.year, next3=s3.end.year + 1, next4=s4.start.year + 1,
                        prev3=s3.start.year - 1)
    page = "chapters/stage_3_x" if "the stage" in wrong else "chapters/conclusion"
    assert problems_in(page, text, data_stages), text


def test_the_checker_skips_sentences_reporting_tertitskiy(data_stages):
    s3 = data_stages[2]
    text = f"Tertitskiy's third stage runs {s3.start.year}–{s3.end.year + 1}."
    assert problems_in("chapters/conclusion", text, data_stages) == []
