"""Issue 13: no text tells a chart's series apart by colour alone ("the blue line", "grey dots", "(orange)").

Readers of the greyscale print edition and colour-blind readers cannot use a colour name. Captions, alt texts
and the prose around a chart name each series by what it is and by its mark (solid line, squares, dots, hollow
dots), as the charts' own direct labels do. Checked: every chapter and page (Markdown), every notebook (prose,
code and the figure captions and alt texts in its cell metadata) and every string of the book's Python package
(source lines and labels drawn on the charts, docstrings).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from helpers.book import ROOT

COLOUR = r"(?:blue|gr[ae]y|orange|red|green|purple|vermill?ion|yellow|pink|brown)"
MARK = (r"(?:lines?|dots?|marks?|markers?|points?|circles?|squares?|triangles?|diamonds?|bars?|bands?|series|"
        r"curves?|areas?|labels?|shading)")
# A colour used as the name of a series: "blue line", "grey filled dots", "(blue)", "in grey", "orange for China".
SERIES_BY_COLOUR = re.compile(
    rf"\b{COLOUR}(?:[ -]\w+)?\s+{MARK}\b"
    rf"|\(\s*(?:in\s+)?{COLOUR}\s*\)"
    rf"|\b(?:in|as)\s+{COLOUR}\b"
    rf"|\b{COLOUR}\s+(?:for|is|are|shows?|marks)\b",
    flags=re.I)


def colour_cues(text: str) -> list[str]:
    """The phrases of ``text`` that identify a series by a colour word."""
    return [m.group(0) for m in SERIES_BY_COLOUR.finditer(text)]


def notebook_texts(path: Path) -> list[str]:
    """Every cell's source and every string of its metadata (figure captions and alt texts)."""
    texts = []

    def strings(value):
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                strings(item)
        elif isinstance(value, list):
            for item in value:
                strings(item)

    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        texts.append("".join(cell["source"]))
        strings(cell.get("metadata", {}))
    return texts


def python_strings(path: Path) -> list[str]:
    """Every string literal of a module (f-strings by their literal parts), docstrings included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


PAGES = sorted((ROOT / "chapters").glob("*.md")) + [ROOT / "intro.md"]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MODULES = sorted(p for package in ("moscow_pyongyang", "moscow_pyongyang_book") for p in (ROOT / package).rglob("*.py"))


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", PAGES, ids=_name)
def test_pages_do_not_name_series_by_colour(path: Path):
    found = colour_cues(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name} names series by colour: {found}; name them by what they are and by their mark"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_notebooks_do_not_name_series_by_colour(path: Path):
    found = [cue for text in notebook_texts(path) for cue in colour_cues(text)]
    assert not found, f"{path.name} names series by colour (prose, caption or alt text): {found}"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_chart_code_does_not_name_series_by_colour(path: Path):
    found = [cue for text in python_strings(path) for cue in colour_cues(text)]
    assert not found, f"{path.name}: a string names series by colour (source line, label or docstring): {found}"


def test_the_colour_check_can_fail():
    """The texts this issue replaced are caught; colour words that name no series are not."""
    old = ["Russian customs and Soviet and Russian official statistics (blue); KOTRA, ITC Trade Map and other "
           "reporters (grey)",
           "KOTRA (Seoul) for the orange line; KITA, JETRO, ITC Trade Map and Soviet trade statistics",
           "The blue line joins Russia's own official figures",
           "every other reporter's figure is a grey dot",
           "Grey dots are other reporters' figures for China; blue dots for the USSR and Russia fall",
           "KOTRA's figures as the line, other reporters' as grey dots and Russia's share in blue.",
           "An orange line joins KOTRA's figures", "a blue dashed line", "orange for China"]
    for text in old:
        assert colour_cues(text), text
    fine = ["Liberation by the Red Army", "a granite obelisk topped with a red star", "a Shanghai Red Guard",
            "blue", "sky_blue", "countries: USSR/Russia blue, China vermillion, the DPRK bluish green",
            "hollow and green when estimated", "a solid line through squares; the other figures as small dots"]
    for text in fine:
        assert not colour_cues(text), (text, colour_cues(text))
