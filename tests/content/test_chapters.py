"""The stage chapters keep the shape the book promises: an essay of 2,500–4,000 words that opens with its key
points, closes with further reading, and shows at least one of the notebooks' figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.book import ROOT

STAGE_CHAPTERS = sorted((ROOT / "chapters").glob("stage_*.md"))
MIN_WORDS, MAX_WORDS = 2500, 4000


def prose_words(text: str) -> int:
    """Words of prose: citation keys, roles' targets, directive options and fences are not counted."""
    text = re.sub(r"\{[a-z:]+\}`[^`]*`", " ", text)
    text = "\n".join(line for line in text.splitlines() if not re.match(r"\s*(```|:::|:[\w-]+:)", line))
    return len(re.findall(r"[\w’'-]+", text))


def test_there_are_four_stage_chapters():
    assert len(STAGE_CHAPTERS) == 4


@pytest.mark.parametrize("path", STAGE_CHAPTERS, ids=lambda p: p.stem)
def test_length_is_that_of_an_essay(path: Path):
    assert MIN_WORDS <= prose_words(path.read_text(encoding="utf-8")) <= MAX_WORDS


@pytest.mark.parametrize("path", STAGE_CHAPTERS, ids=lambda p: p.stem)
def test_key_points_first_and_further_reading_last(path: Path):
    text = path.read_text(encoding="utf-8")
    body = text.split("\n", 1)[1].lstrip()
    assert re.match(r"(:::|```)\{admonition\} Key points", body), "the chapter must open with a Key points box"
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings and headings[-1].strip() == "Further reading"


@pytest.mark.parametrize("path", STAGE_CHAPTERS, ids=lambda p: p.stem)
def test_shows_a_notebook_figure_and_refers_to_figures(path: Path):
    text = path.read_text(encoding="utf-8")
    assert re.search(r"\{glue:figure\} \.\./notebooks/\w+\.ipynb::\w+", text)
    assert "{numref}`fig-" in text


def test_the_word_count_ignores_markup():
    assert prose_words("One two {cite}`a-b-c-d` three.\n```{glue:figure} x\n:name: y\n```\n") == 3


MARKDOWN_PAGES = sorted((ROOT / "chapters").glob("*.md")) + [ROOT / "intro.md"]


@pytest.mark.parametrize("path", MARKDOWN_PAGES, ids=lambda p: p.stem)
def test_cross_document_glue_text_names_its_format(path: Path):
    """myst-nb 1.4 splits ``{glue:text}`` at the last colon, so ``path::key`` without a format spec loses its key
    (the build then fails with "No key '…ipynb:' found"); write ``path::key:s`` or a number format."""
    bad = re.findall(r"\{glue:text\}`([^`]*::[^`:]+)`", path.read_text(encoding="utf-8"))
    assert not bad, f"add a format spec (':s') to {bad}"


# --- figures held in data/ are glued, never typed --------------------------------------------------------------

GLUED_CHAPTERS = STAGE_CHAPTERS + [ROOT / "chapters" / f"{name}.md" for name in
                                   ("geography_and_logistics", "how_we_know", "battle_over_history", "conclusion",
                                    "glossary")]
# Typed figures that equal a data value written the same way but are not that row's figure: (page, figure) -> why.
NOT_DATA_FIGURES = {
    ("geography_and_logistics", "10%"): "Japan's share in 1989 (JETRO), held by no row; the 1993 import index is 10",
    ("geography_and_logistics", "90%"): "the threshold China's share passed (a written-off 90% of the debt is a row)",
    ("stage_3_reluctant_enforcer", "90%"): "the same threshold, in the key points",
    ("stage_4_shells_for_oil", "90%"): "the same threshold, in the text on China's share",
    ("conclusion", "90%"): "the same threshold, as a test of a forecast",
    ("glossary", "2270"): "the number of a UN Security Council resolution, not a figure",
    ("how_we_know", "73%"): "the rise in January–February 2017 that Harry Kim's essay reports (no source found)",
    ("stage_3_reluctant_enforcer", "73%"): "the same rise that Harry Kim's essay reports",
    ("stage_3_reluctant_enforcer", "5.5 billion"): "the debt in 2001; an arms-value estimate runs to USD 5.5 billion",
}


@pytest.fixture(scope="module")
def data_kinds():
    from helpers.prose import data_figures
    from moscow_pyongyang.data import load_off_book, load_trade

    trade, off_book = load_trade(), load_off_book()
    rows = list(zip(trade["value"], trade["unit"], trade["currency"]))
    for column in ("value_low", "value_high"):
        rows += [r for r in zip(off_book[column], off_book["unit"], off_book["currency"]) if r[0] == r[0]]
    return data_figures(rows)


@pytest.mark.parametrize("path", GLUED_CHAPTERS, ids=lambda p: p.stem)
def test_figures_held_in_data_are_glued_not_typed(path: Path, data_kinds):
    """A figure that a row of data/trade.csv or data/off_book.csv holds is glued from that row (``{glue:text}``),
    so that a corrected row changes the sentence; typing it would leave the prose behind the data."""
    from helpers.prose import typed_figures

    typed = [f for f in typed_figures(path.read_text(encoding="utf-8"), data_kinds)
             if (path.stem, f.figure) not in NOT_DATA_FIGURES]
    assert not typed, "\n".join(f"{path.name}:{f.line}: {f.figure} typed: …{f.context}…" for f in typed)


def test_the_typed_figure_check_can_fail(data_kinds):
    from helpers.prose import typed_figures

    text = ("Trade fell from 1,499 million roubles in 1990 to {glue:text}`x.ipynb::y:s` million, China held 98.3% "
            "and Russia had notified 105,845 barrels {cite}`a`. Kim visited on 3 March 1949; the line is 54 km long.")
    assert [f.figure for f in typed_figures(text, data_kinds)] == ["1,499 million", "98.3%", "105,845"]
    assert not typed_figures("About 1.7 million troops went in, some 7.3 million tonnes a year {cite}`a`.", data_kinds)


# Typed figures that read like a glued one (same figure, same word after it) but are another source's: (page, figure
# with that word) -> why.
NOT_RETYPED = {
    ("how_we_know", "73% rise"): "Harry Kim's rise for January–February 2017 (no source found), not KOTRA's first half",
}


@pytest.fixture(scope="module")
def chapter_figure_values():
    """Every figure of moscow_pyongyang.prose.CHAPTER_FIGURES as the prose writes it, by glue key."""
    from moscow_pyongyang.data import load_off_book, load_trade
    from moscow_pyongyang.prose import CHAPTER_FIGURES, chapter_facts

    tables = {"trade": load_trade(), "off_book": load_off_book()}
    return {key: value for chapter in CHAPTER_FIGURES for key, value in chapter_facts(chapter, tables).items()}


@pytest.mark.parametrize("path", GLUED_CHAPTERS, ids=lambda p: p.stem)
def test_a_glued_figure_is_not_also_typed(path: Path, chapter_figure_values):
    """A figure the page glues from a row is not typed elsewhere on the page with the same word after it (the small
    counts and bare numbers that the check above lets pass: "90 of the", "49 years", "70% by")."""
    from helpers.prose import retyped_glued_figures

    typed = [f for f in retyped_glued_figures(path.read_text(encoding="utf-8"), chapter_figure_values)
             if (path.stem, f.figure) not in NOT_RETYPED]
    assert not typed, "\n".join(f"{path.name}:{f.line}: {f.figure} typed: …{f.context}…" for f in typed)


def test_the_retyped_figure_check_can_fail():
    from helpers.prose import retyped_glued_figures

    values = {"s2_exports_1976": "90", "s3_lease_years": "49"}
    text = ("Exports came to {glue:text}`a.ipynb::s2_exports_1976:s` of the obligation {cite}`k`.\n\n"
            "Later, 90 of the obligation was met, and the lease ran for\n49 years, not {glue:text}`a.ipynb::s3_lease_years:s`\n"
            "years {cite}`k`. In 1990 of the …")
    assert [f.figure for f in retyped_glued_figures(text, values)] == ["90 of", "49 years"]
    assert not retyped_glued_figures("Exports came to {glue:text}`a.ipynb::s2_exports_1976:s` of the whole.", values)
