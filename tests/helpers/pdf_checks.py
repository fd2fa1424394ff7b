"""What the print-edition tests read from a built PDF, its LaTeX log and .aux file, and the book's sources.

Pure functions of their inputs, so that each check is itself tested on inputs that must fail it
(tests/test_pdf_edition.py) and reused on scratch builds.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# An overfull box up to this many points is invisible in print; anything wider runs visibly past the margin.
OVERFULL_LIMIT_PT = 5.0


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- the PDF ------------------------------------------------------------------------------------------------

def pdf_pages_text(pdf: Path) -> list[str]:
    """The text of each page (pdftotext, form feed separated), whitespace squeezed."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [squeeze(p) for p in pages]


def bookmark_titles(pdf: Path) -> list[tuple[int, str]]:
    """Every PDF bookmark (outline item) as (depth, title), in order."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    found: list[tuple[int, str]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, squeeze(str(item.title))))

    walk(reader.outline, 0)
    return found


def unembedded_fonts(pdffonts_output: str) -> list[str]:
    """The fonts that `pdffonts` lists as not embedded (its 'emb' column is 'no')."""
    lines = pdffonts_output.splitlines()
    header = next((i for i, line in enumerate(lines) if line.startswith("name")), None)
    if header is None or header + 1 >= len(lines) or not lines[header + 1].startswith("---"):
        raise ValueError("not pdffonts output:\n" + pdffonts_output[:500])
    # columns are fixed-width; 'emb' starts where it starts in the header line
    emb_at = lines[header].index(" emb ") + 1
    bad = []
    for line in lines[header + 2:]:
        if line.strip() and line[emb_at:emb_at + 3].strip() != "yes":
            bad.append(line.split()[0])
    return bad


def link_targets(pdf: Path) -> tuple[list[str], int]:
    """(external URIs, number of internal links) of every link annotation in the PDF."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    uris, internal = [], 0
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            action = action.get_object() if action is not None else None
            if action is not None and action.get("/S") == "/URI":
                uris.append(str(action["/URI"]))
            elif annot.get("/Dest") is not None or (action is not None and action.get("/S") == "/GoTo"):
                internal += 1
    return uris, internal


# --- the LaTeX log and .aux ---------------------------------------------------------------------------------

@dataclass
class LogProblems:
    missing_characters: list[str] = field(default_factory=list)
    undefined_references: list[str] = field(default_factory=list)
    overfull_boxes: list[str] = field(default_factory=list)
    floats_too_large: list[str] = field(default_factory=list)


def log_problems(log: str, limit_pt: float = OVERFULL_LIMIT_PT) -> LogProblems:
    """Missing glyphs, undefined references or citations, overfull boxes wider than ``limit_pt`` and figures
    too tall for a page (a float LaTeX lets run into the bottom margin)."""
    # TeX wraps log lines at 79 characters: a message may continue on the next line.
    problems = LogProblems()
    problems.missing_characters = [line for line in log.splitlines() if "Missing character" in line]
    joined = log.replace("\n", "")
    problems.undefined_references = re.findall(
        r"(?:Reference|Citation|Hyper reference) `[^']+' on page \d+\s*undefined", joined)
    if "There were undefined references" in log or "There were undefined citations" in log:
        problems.undefined_references.append("LaTeX: There were undefined references or citations.")
    for match in re.finditer(r"^Overfull \\[hv]box \((\d+(?:\.\d+)?)pt too (?:wide|high)\)[^\n]*", log, re.M):
        if float(match.group(1)) > limit_pt:
            problems.overfull_boxes.append(match.group(0))
    problems.floats_too_large = re.findall(r"Float too large for page by [\d.]+pt on input line \d+", joined)
    return problems


def aux_labels(aux: str) -> dict[str, tuple[str, str]]:
    r"""``\newlabel{label}{{number}{page}{title}{anchor}{}}`` of a LaTeX .aux file, as {label: (number, anchor)}."""
    labels = {}
    for line in aux.splitlines():
        match = re.match(r"\\newlabel\{(.+?)\}\{\{([^{}]*)\}\{[^{}]*\}", line)
        anchor = re.search(r"\}\{([\w.:-]+)\}\{[^{}]*\}\}\s*$", line)
        if match:
            labels[match.group(1)] = (match.group(2), anchor.group(1) if anchor else "")
    return labels


def anchor_pages(pdf: Path) -> dict[str, int]:
    """{named destination: page index (0-based)} of a PDF (hyperref writes one per label anchor)."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    return {str(name): reader.get_destination_page_number(dest)
            for name, dest in reader.named_destinations.items()}


# --- the sources -------------------------------------------------------------------------------------------

_DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}[^\n]*\n(?P<options>(?:[ \t]*:[\w-]+:[^\n]*\n)*)",
                        re.M)


def _named_figures_in_markdown(text: str) -> list[str]:
    names = []
    for match in _DIRECTIVE.finditer(text):
        if match.group("name") in {"figure", "glue:figure"}:
            option = re.search(r":name:\s*(\S+)", match.group("options"))
            if option:
                names.append(option.group(1))
    return names


def named_figures(source: Path) -> list[str]:
    """The names (labels) of the figures a page defines: ``{figure}``/``{glue:figure}`` directives with
    ``:name:``, and notebook code cells with ``mystnb.figure.name`` metadata."""
    if source.suffix == ".ipynb":
        names = []
        for cell in json.loads(source.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell.get("source", []))
            if cell["cell_type"] == "markdown":
                names += _named_figures_in_markdown(text)
            elif cell["cell_type"] == "code":
                figure = ((cell.get("metadata") or {}).get("mystnb") or {}).get("figure") or {}
                if figure.get("name"):
                    names.append(figure["name"])
        return names
    return _named_figures_in_markdown(source.read_text(encoding="utf-8"))


def book_config(root: Path) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))


def sphinx_config(root: Path) -> dict:
    return (book_config(root).get("sphinx") or {}).get("config") or {}


def toc_parts(root: Path) -> list[str]:
    """The captions of the parts of _toc.yml."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return [part["caption"] for part in toc.get("parts") or [] if part.get("caption")]


# --- the print edition as a book: pages, measure, continuations ----------------------------------------------

CONTINUATION_MARKS = ("continued from previous page", "continues on next page")


def continuation_pages(pages: list[str]) -> list[int]:
    """Indexes of the pages that carry a table continued from an earlier page (longtable's running header)."""
    return [i for i, page in enumerate(pages) if "continued from previous page" in page.casefold()]


def full_lines(raw_text: str, min_chars: int = 45) -> list[str]:
    """Lines of running text from ``pdftotext -layout`` output: lines of at least ``min_chars`` characters that
    look like prose (mostly letters and spaces, one column), leading and trailing spaces removed."""
    out = []
    for line in raw_text.splitlines():
        line = line.strip()
        if len(line) < min_chars or "   " in line:  # a gap of three spaces: table columns or a layout artefact
            continue
        letters = sum(ch.isalpha() or ch == " " for ch in line)
        if letters / len(line) >= 0.85:
            out.append(line)
    return out


def measure(raw_text: str) -> float:
    """The measure: the median length, in characters, of the lines of running text."""
    import statistics

    lines = full_lines(raw_text)
    if not lines:
        raise ValueError("no line of running text found")
    return statistics.median(len(line) for line in lines)


def truncated_cells(tex: str) -> list[str]:
    """Table cells that end in an ellipsis (a cut-off text a print reader cannot expand), from the LaTeX source."""
    found = []
    for table in re.findall(r"\\begin\{(?:longtable|tabulary|tabular)\}.*?\\end\{(?:longtable|tabulary|tabular)\}",
                            tex, flags=re.S):
        for cell in re.split(r"&|\\\\", table):
            text = re.sub(r"\\[a-zA-Z@]+|[{}]", " ", cell).strip()
            if text.endswith(("…", "\\dots", "...")):
                found.append(text[-60:])
    return found


def code_blocks(tex: str) -> int:
    """Code blocks in the LaTeX source (Sphinx sets code in sphinxVerbatim environments)."""
    return len(re.findall(r"\\begin\{sphinxVerbatim", tex))


def included_graphics(tex: str) -> list[str]:
    r"""The image files the LaTeX source includes (``\sphinxincludegraphics``), by name, in order."""
    return [name + ext for name, ext in
            re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{?([^}]+?)\}?(\.\w+)\}", tex)]
