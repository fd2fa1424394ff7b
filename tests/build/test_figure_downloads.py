"""Under every chart of the online edition: its rows as CSV, the chart as SVG and PNG, and "cite this figure"
(moscow_pyongyang_book/downloads.py); the print edition has none of it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import nbformat
import pytest

from helpers.book import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
BOOK_TITLE = "Moscow and Pyongyang: Patron, Client, Ally"


def chart_labels(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [c.metadata["mystnb"]["figure"]["name"] for c in nb.cells
            if c.cell_type == "code" and "figure" in c.metadata.get("mystnb", {})]


def pasted_figures() -> list[tuple[str, str]]:
    """(chapter, figure label) for every notebook figure pasted into a chapter."""
    found = []
    for chapter in sorted((ROOT / "chapters").glob("*.md")):
        text = chapter.read_text(encoding="utf-8")
        for match in re.finditer(r"```\{glue:figure\} [^\n]*::[^\n]*\n:name: ([\w-]+)", text):
            found.append((chapter.stem, match.group(1)))
    return found


def downloads_after(page: str, label: str) -> str:
    match = re.search(rf'<figure[^>]*id="{label}".*?</figure>\s*(<div class="figure-downloads".*?</details></div>)',
                      page, flags=re.S)
    assert match, f"no downloads block right under figure {label}"
    return match.group(1)


def check_block(html_dir: Path, page_path: Path, label: str) -> None:
    block = downloads_after(page_path.read_text(encoding="utf-8"), label)
    links = dict((m.group(2), m.group(1)) for m in re.finditer(r'<a href="([^"]+)" download>([^<]+)</a>', block))
    kinds = {text.split(", ")[-1] if "CSV" not in text else "CSV" for text in links}
    assert {"CSV", "SVG", "PNG"} <= kinds, links
    for text, href in links.items():
        target = (page_path.parent / href).resolve()
        assert target.is_file() and html_dir.resolve() in target.parents, href
        data = target.read_bytes()
        if href.endswith(".png"):
            assert data.startswith(b"\x89PNG\r\n\x1a\n")
        elif href.endswith(".svg"):
            assert b"<svg" in data[:2000]
        else:
            rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
            assert len(rows) >= 2 and len({len(r) for r in rows}) == 1, href
            declared = re.search(r"(\d+) (rows?)\b", text)
            assert declared and int(declared.group(1)) == len(rows) - 1, (text, len(rows) - 1)
            assert declared.group(2) == ("row" if len(rows) == 2 else "rows"), f"{text}: one row, many rows"
    cite = re.sub(r"\s+", " ", block)
    number = re.search(r"Figure (\d+(?:\.\d+)*)", cite)
    assert number, "the citation names no figure number"
    assert BOOK_TITLE in cite and "@misc{" in cite and "url" in cite
    assert re.search(r"https?://", cite)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_chart_on_a_notebook_page_offers_downloads_and_a_citation(html_dir: Path, path: Path):
    labels = chart_labels(path)
    assert labels
    for label in labels:
        check_block(html_dir, html_dir / "notebooks" / f"{path.stem}.html", label)


@pytest.mark.parametrize("chapter,label", pasted_figures(), ids=[f"{c}-{l}" for c, l in pasted_figures()])
def test_every_chart_pasted_into_a_chapter_offers_downloads(html_dir: Path, chapter: str, label: str):
    check_block(html_dir, html_dir / "chapters" / f"{chapter}.html", label)


def test_csv_holds_the_rows_the_chart_draws(html_dir: Path):
    """The votes chart draws one column per vote: its CSV has one row per vote in data/unsc_votes.csv."""
    from moscow_pyongyang.data import load_unsc_votes

    page = (html_dir / "notebooks" / "reluctant_enforcer.html").read_text(encoding="utf-8")
    block = downloads_after(page, "fig-unsc-votes")
    href = re.search(r'<a href="([^"]+\.csv)" download>', block).group(1)
    rows = list(csv.DictReader(io.StringIO((html_dir / "notebooks" / href).resolve().read_text(encoding="utf-8"))))
    assert sorted(r["id"] for r in rows) == sorted(load_unsc_votes()["id"])


def test_print_edition_has_no_download_links():
    tex = sorted((ROOT / "_build" / "latex").glob("*.tex"))
    if not tex:
        pytest.skip("no LaTeX build (run make pdf)")
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in tex)
    assert "Cite this figure" not in text and "_downloads/figures" not in text
