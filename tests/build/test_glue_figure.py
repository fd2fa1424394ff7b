"""A chapter's ``{glue:figure} ../notebooks/NAME.ipynb::KEY`` shows the notebook's chart, with the chapter's alt text.

Runs on the built HTML (``make html`` first). Every cross-page glued figure in ``chapters/*.md`` is checked.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from helpers.book import HTML, ROOT

DIRECTIVE = re.compile(r"^```\{glue:figure\}\s+(\S+::\S+)\s*\n((?::[\w-]+:.*\n)+)", flags=re.M)


def cross_page_figures() -> list[tuple[str, str, dict[str, str]]]:
    found = []
    for page in sorted((ROOT / "chapters").glob("*.md")):
        for match in DIRECTIVE.finditer(page.read_text(encoding="utf-8")):
            options = dict(re.findall(r"^:([\w-]+):\s*(.*)$", match.group(2), flags=re.M))
            found.append((page.stem, match.group(1), options))
    return found


FIGURES = cross_page_figures()


def test_the_chapters_show_at_least_one_glued_figure():
    assert FIGURES, "no chapter shows a notebook figure with {glue:figure} path::key"


@pytest.mark.parametrize("page,key,options", FIGURES, ids=[f"{p}:{o.get('name')}" for p, _, o in FIGURES])
def test_a_glued_figure_shows_the_notebook_image(page: str, key: str, options: dict[str, str]):
    built = HTML / "chapters" / f"{page}.html"
    if not built.exists():
        pytest.fail(f"{built.relative_to(ROOT)} is missing: run `make html` first")
    assert "name" in options and "alt" in options, f"{page}: {key} needs :name: and :alt:"
    text = built.read_text(encoding="utf-8")
    figure = re.search(rf'<figure[^>]*id="{re.escape(options["name"])}"[^>]*>(.*?)</figure>', text, flags=re.S)
    assert figure, f"{page}.html has no figure {options['name']!r}"
    image = re.search(r'<img[^>]*alt="([^"]*)"[^>]*src="([^"]+)"', figure.group(1))
    # a chart is inlined as SVG (moscow_pyongyang_book/marks.py), its alt text as the SVG's aria-label
    chart = re.search(r'<svg\b[^>]*class="chart-svg"[^>]*aria-label="([^"]*)"', figure.group(1))
    assert image or chart, f"figure {options['name']!r} in {page}.html shows no image (glue key {key!r})"
    assert html.unescape((image or chart).group(1)) == options["alt"].strip()
    if image:
        assert (built.parent / image.group(2)).resolve().is_file(), f"{image.group(2)} was not written"
    assert "<figcaption>" in figure.group(1), f"figure {options['name']!r} has no caption"


def test_the_pattern_finds_a_directive():
    sample = "```{glue:figure} ../notebooks/x.ipynb::k\n:name: fig-ch9-x\n:alt: A chart.\n\nCaption.\n```\n"
    assert [m.group(1) for m in DIRECTIVE.finditer(sample)] == ["../notebooks/x.ipynb::k"]
