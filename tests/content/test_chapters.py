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
