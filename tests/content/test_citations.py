"""Citation coverage: a paragraph that states a year or a figure must cite its source."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.book import ROOT
from helpers.prose import uncited_paragraphs

# Pages generated from data or about the book itself (their facts are sourced row by row, or are not claims).
NOT_ESSAYS = {"bibliography.md", "chronology.md", "data_appendix.md", "glossary.md", "about.md"}
ESSAYS = sorted(p for p in (ROOT / "chapters").glob("*.md") if p.name not in NOT_ESSAYS) + [ROOT / "intro.md"]


@pytest.mark.parametrize("page", ESSAYS, ids=lambda p: p.name)
def test_every_fact_paragraph_cites_a_source(page: Path):
    missing = uncited_paragraphs(page.read_text(encoding="utf-8"))
    report = "\n".join(f"{page.name}:{p.line}: {p.text[:120]!r}" for p in missing)
    assert not missing, f"paragraphs stating a year or figure without {{cite}}:\n{report}"


@pytest.mark.parametrize("text", [
    "Moscow recognised Seoul in 1990.",
    "Trade fell to USD 34 million.",
    "China's share passed 90% of the total.",
    ":::{note}\nThe treaty was signed in 1961.\n:::",
    "```{glue:figure} ../notebooks/x.ipynb::k\n:name: fig-x\n\nTrade in 2023 stayed small.\n```",
])
def test_the_check_catches_an_uncited_fact(text: str):
    assert uncited_paragraphs(text), text


@pytest.mark.parametrize("text", [
    "Moscow recognised Seoul in 1990 {cite}`web-x`.",
    "# Betrayal, 1990–2023\n\nAn argument without dates or figures.",
    "```python\nyear = 1961\n```",
    "See {numref}`fig-trade-2023` and [the notebook](../notebooks/trade_2023.ipynb).",
    ":::{admonition} Key points\n:class: tip\n- a point {cite:p}`k`, in 1957\n:::",
])
def test_the_check_accepts_cited_or_fact_free_text(text: str):
    assert not uncited_paragraphs(text), text
