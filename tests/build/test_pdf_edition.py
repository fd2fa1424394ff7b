"""The print edition (PDF): built with xelatex, complete, navigable, with every glyph and font in it.

The pages come from _toc.yml (moscow_pyongyang_book.toc.toc_pages), so the tests follow the book as it grows. The
checks themselves live in tests/pdf_checks.py; the last tests here feed each of them an input that must fail
it. Scratch-build tests (marked slow) print pages of the shapes the book will have: an 80-row table, boxes,
a glossary, and a page with deliberate defects that the log checks must catch.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from helpers.book import BUILD, HTML, LATEX_LOG, ROOT, copy_book, page_title, require, source_of, toc_files
from helpers.pdf_checks import (OVERFULL_LIMIT_PT, anchor_pages, aux_labels, bookmark_titles, code_blocks,
                                continuation_pages, full_lines, included_graphics, link_targets, log_problems,
                                measure, named_figures, pdf_pages_text, sphinx_config, squeeze, toc_parts,
                                truncated_cells, unembedded_fonts)

PDF_LOG = BUILD / "logs" / "pdf.log"
LATEX_AUX = LATEX_LOG.with_suffix(".aux")
LATEX_TEX = LATEX_LOG.with_suffix(".tex")
SAMPLES = ["Ким Ир Сен", "김일성"]
# A sane length: at least a title leaf, the contents and a page per toc entry; at most this many pages each.
MAX_PAGES_PER_TOC_ENTRY = 60

CONFIG = sphinx_config(ROOT)
BOOK_TITLE = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
INTRO_TITLE = CONFIG.get("latex_intro_title", "Introduction")
BACKMATTER = [c.casefold() for c in CONFIG.get("latex_backmatter_parts", ["Back matter"])]
# The print edition: prose and figures. The data notebooks stay online (latex_omit_notebooks, default on).
OMIT_NOTEBOOKS = CONFIG.get("latex_omit_notebooks", True)
MAX_CONTINUATION_SHARE = 0.10
MEASURE_CHARS = (65, 75)
TEXT_FACE = "LinLibertine"


def print_pages() -> list[str]:
    """The toc pages the print edition holds (without the notebooks when they are omitted)."""
    return [p for p in toc_files() if not (OMIT_NOTEBOOKS and source_of(p).suffix == ".ipynb")]


def notebook_pages() -> list[str]:
    return [p for p in toc_files() if source_of(p).suffix == ".ipynb"]


@pytest.fixture(scope="module")
def pages(pdf_path: Path) -> list[str]:
    return pdf_pages_text(pdf_path)


@pytest.fixture(scope="module")
def text(pages: list[str]) -> str:
    return " ".join(pages)


@pytest.fixture(scope="module")
def bookmarks(pdf_path: Path) -> list[str]:
    return [title.casefold() for _, title in bookmark_titles(pdf_path)]


@pytest.fixture(scope="module")
def latex_log() -> str:
    return require(LATEX_LOG).read_text(encoding="utf-8", errors="replace")


def has_bookmark(bookmarks: list[str], title: str) -> bool:
    """A bookmark is the title, perhaps after its number ("2 Title", "I Title")."""
    title = squeeze(title).casefold()
    return any(b == title or re.fullmatch(r"[\divxlc.]+ " + re.escape(title), b) for b in bookmarks)


# --- it builds -------------------------------------------------------------------------------------------

def test_the_pdf_build_succeeded_without_warnings(pdf_path: Path):
    log = require(PDF_LOG).read_text(encoding="utf-8", errors="replace")
    assert "build succeeded" in log
    warnings = [line for line in log.splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line)
                and "[IPKernelApp]" not in line]
    assert warnings == []
    assert (BUILD / "latex" / "moscow-pyongyang.pdf").read_bytes() == pdf_path.read_bytes()


def test_page_count_is_sane(pdf_path: Path):
    from pypdf import PdfReader

    count = len(PdfReader(str(pdf_path)).pages)
    entries = len(toc_files())
    assert 3 + entries <= count <= MAX_PAGES_PER_TOC_ENTRY * entries


# --- structure: title page, contents, parts, chapters, bookmarks -----------------------------------------

def test_title_page_has_title_subtitle_authors_and_edition(pages: list[str]):
    book = (ROOT / "_config.yml").read_text(encoding="utf-8")
    title = re.search(r'^title:\s*"?(.+?)"?\s*$', book, re.M).group(1)
    author = re.search(r'^author:\s*"?(.+?)"?\s*$', book, re.M).group(1)
    first = pages[0]
    assert squeeze(title) in first
    assert CONFIG["latex_book_subtitle"] in first
    assert author in first
    assert re.search(r"Print edition, \d{1,2} [A-Z][a-z]+ \d{4}", first) or CONFIG.get("latex_edition_date") in first


@pytest.mark.parametrize("page", print_pages())
def test_every_toc_page_title_is_in_the_text(text: str, page: str):
    # LaTeX may set titles in capitals; line breaks are folded away by the whitespace squeeze.
    assert squeeze(page_title(page)).casefold() in text.casefold()


@pytest.mark.parametrize("page", print_pages())
def test_every_toc_page_has_a_bookmark(bookmarks: list[str], page: str):
    title = INTRO_TITLE if page == toc_files()[0] else page_title(page)
    assert has_bookmark(bookmarks, title), f"no bookmark {title!r} in {bookmarks}"


def test_contents_and_parts_have_bookmarks(bookmarks: list[str]):
    assert has_bookmark(bookmarks, "Contents")
    for caption in toc_parts(ROOT):
        if caption.casefold() not in BACKMATTER:
            assert has_bookmark(bookmarks, caption), f"part {caption!r} has no bookmark"


def test_parts_and_numbered_chapters_in_the_latex():
    tex = require(LATEX_TEX).read_text(encoding="utf-8")
    for caption in toc_parts(ROOT):
        if caption.casefold() not in BACKMATTER:
            assert f"\\bookpart{{{caption}}}" in tex
    assert "\\bookintrochapter" in tex
    assert re.search(r"^\\chapter\{", tex, re.M), "no numbered chapter"


# --- figures -----------------------------------------------------------------------------------------------

def test_every_named_figure_is_a_numbered_figure_on_its_page(pdf_path: Path, pages: list[str]):
    labels = aux_labels(require(LATEX_AUX).read_text(encoding="utf-8", errors="replace"))
    where = anchor_pages(pdf_path)
    names = [f"{page}:{name}" for page in print_pages() for name in named_figures(source_of(page))]
    assert names, "the book has no named figure"
    for label in names:
        assert label in labels, f"figure {label} is not in the PDF"
        number, anchor = labels[label]
        assert anchor in where, f"figure {label}: no destination {anchor!r} in the PDF"
        assert f"Fig. {number}" in pages[where[anchor]], f"Fig. {number} ({label}) is not on its page"


def test_each_chart_is_printed_once():
    """The notebooks draw the charts and the chapters show them: print has each image once, no notebook figure."""
    tex = require(LATEX_TEX).read_text(encoding="utf-8")
    images = included_graphics(tex)
    assert images, "no figure in the print edition"
    assert sorted({i for i in images if images.count(i) > 1}) == []
    if OMIT_NOTEBOOKS:
        labels = aux_labels(require(LATEX_AUX).read_text(encoding="utf-8", errors="replace"))
        from_notebooks = [label for label in labels if label.split(":")[0] in notebook_pages()]
        assert from_notebooks == []
        figure_numbers = {number for label, (number, _) in labels.items()
                          if any(label == f"{page}:{name}" for page in print_pages()
                                 for name in named_figures(source_of(page)))}
        assert len(figure_numbers) == len(images), "a figure number without its own image, or the reverse"


def test_no_code_is_printed(text: str):
    tex = require(LATEX_TEX).read_text(encoding="utf-8")
    assert code_blocks(tex) == 0
    assert not re.search(r"\bimport (pandas|matplotlib|moscow_pyongyang)\b", text)


def test_no_notebook_page_is_printed(bookmarks: list[str]):
    if not OMIT_NOTEBOOKS:
        pytest.skip("latex_omit_notebooks is off")
    for page in notebook_pages():
        assert not has_bookmark(bookmarks, page_title(page)), f"notebook {page} is in the print edition"


def test_figures_are_vector_graphics_and_none_is_printed_as_text(text: str):
    tex = require(LATEX_TEX).read_text(encoding="utf-8")
    images = re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{?([^}]+?)\}?(\.\w+)\}", tex)
    assert images
    assert [name + ext for name, ext in images if ext.lower() != ".pdf"] == []
    assert "<Figure size" not in text and "<matplotlib" not in text


# --- tables ------------------------------------------------------------------------------------------------

def test_markdown_tables_are_set_as_tables(text: str):
    """Markdown tables are set as tables, not pipes."""
    assert "|---" not in text and "| ---" not in text


def test_at_most_a_tenth_of_the_pages_are_table_continuations(pages: list[str]):
    continued = continuation_pages(pages)
    assert len(continued) <= MAX_CONTINUATION_SHARE * len(pages), (
        f"{len(continued)} of {len(pages)} pages continue a table: pages {[i + 1 for i in continued]}")


def test_no_table_cell_is_cut_short():
    tex = require(LATEX_TEX).read_text(encoding="utf-8")
    assert truncated_cells(tex) == []


def test_the_chronology_is_printed_once_and_compact(text: str):
    from moscow_pyongyang.data.load import load_events

    events = load_events()
    sample = str(events.sort_values("date_start").iloc[len(events) // 2]["event"]).split()
    phrase = " ".join(sample[:6])
    assert squeeze(text).count(phrase) == 1, f"{phrase!r} is not printed exactly once"
    tex = require(LATEX_TEX).read_text(encoding="utf-8")
    assert "sphinxuseclass}{bookchronology}" in tex


def test_the_measure_is_that_of_a_book(pdf_path: Path):
    raw = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True,
                         text=True, check=True).stdout
    low, high = MEASURE_CHARS
    assert low <= measure(raw) <= high, f"median line of running text: {measure(raw)} characters"


STYLE_FILE = ROOT / "latex" / "bookprint.sty"
MIN_PRINT_PT = 8


def _mm(name: str, sty: str) -> float:
    return float(re.search(rf"\b{name}=([\d.]+)mm", sty).group(1)) * 72.27 / 25.4


def print_scale(width_pt: float, height_pt: float, sty: str) -> float:
    """How much LaTeX scales an image of this size (pt): to the text width when wider, to the style's image
    height limit (a share of the text height) when taller, never up."""
    text_width = _mm("textwidth", sty)
    text_height = _mm("paperheight", sty) - _mm("top", sty) - _mm("bottom", sty)
    share = float(re.search(r"spx@image@maxheight=([\d.]+)\\textheight", sty).group(1))
    return min(1.0, text_width / width_pt, share * text_height / height_pt)


def pdf_size(path: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
    return float(width), float(height)


def test_chart_text_prints_at_8_pt_or_more():
    """Every chart's smallest text (MIN_FONT_PT in the chart) is at least 8 pt once LaTeX has scaled the image."""
    from moscow_pyongyang.charts.style import MIN_FONT_PT

    sty = STYLE_FILE.read_text(encoding="utf-8")
    images = included_graphics(require(LATEX_TEX).read_text(encoding="utf-8"))
    assert images
    small = {}
    for image in images:
        scale = print_scale(*pdf_size(require(LATEX_LOG.parent / image)), sty)
        if MIN_FONT_PT * scale < MIN_PRINT_PT:
            small[image] = round(MIN_FONT_PT * scale, 1)
    assert not small, f"chart text under {MIN_PRINT_PT} pt in print: {small}"


def test_each_chart_is_on_the_page_of_its_caption(pages: list[str]):
    """A chart and its caption on one page: the page with the chart's title (vector text) has a figure caption."""
    images = included_graphics(require(LATEX_TEX).read_text(encoding="utf-8"))
    for image in images:
        chart_text = subprocess.run(["pdftotext", str(LATEX_LOG.parent / image), "-"], capture_output=True,
                                    text=True, check=True).stdout
        head = " ".join(squeeze(chart_text).split()[:5])
        where = [i for i, page in enumerate(pages) if head in page]
        assert len(where) == 1, f"{image}: its title {head!r} is on pages {[i + 1 for i in where]}"
        assert re.search(r"Fig\. \d+:", pages[where[0]]), f"{image}: no caption on its page {where[0] + 1}"


def notebook_paths(text: str) -> list[str]:
    """Notebook paths in the printed text (a link to an omitted notebook printed as its target)."""
    return re.findall(r"(?:\.\./|/)?notebooks/\w+(?!\.ipynb)\b(?![./])", text)


def test_links_to_omitted_notebooks_print_as_titles_not_paths(text: str):
    assert notebook_paths(text) == []
    assert notebook_paths("Used by: notebooks/trade_shift, The reluctant enforcer") == ["notebooks/trade_shift"]
    assert notebook_paths("start JupyterLab with .venv/bin/jupyter lab notebooks/.") == []


def pages_emptied_by_a_figure(pages: list[str], few_chars: int = 600) -> list[int]:
    """Pages with a few lines of text followed by a page that holds a figure: a figure held in place that did not
    fit, leaving the page before it almost empty (0-based)."""
    return [i for i in range(len(pages) - 1)
            if len(pages[i]) < few_chars and re.search(r"Fig\. \d+:", pages[i + 1]) and
            not re.search(r"Fig\. \d+:", pages[i])]


def test_no_page_is_left_almost_empty_before_a_figure(pages: list[str]):
    emptied = pages_emptied_by_a_figure(pages)
    assert emptied == [], f"pages almost empty before a figure: {[i + 1 for i in emptied]}"
    full = "word " * 400
    assert pages_emptied_by_a_figure([full, "(News 2025). Three lines.", "Fig. 4: a chart"]) == [1]
    assert pages_emptied_by_a_figure([full, full + "Fig. 4: a chart", full]) == []


def test_print_scale_catches_a_chart_too_tall_for_the_page():
    sty = "textwidth=108mm paperheight=240mm top=19mm bottom=22mm \\spx@image@maxheight=0.7\\textheight"
    assert 10 * print_scale(369.0, 681.5, sty) < MIN_PRINT_PT      # the off-book chart before it was redrawn
    assert 10 * print_scale(368.4, 297.4, sty) > MIN_PRINT_PT      # a chart of ordinary height


def test_the_text_is_set_in_a_book_face(pdf_path: Path):
    out = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    assert TEXT_FACE in out


def test_links_and_citations_print_in_black():
    tex = require(LATEX_TEX).read_text(encoding="utf-8")
    for key in ("InnerLinkColor", "OuterLinkColor"):
        match = re.search(key + r"=\{rgb\}\{([\d.]+),([\d.]+),([\d.]+)\}", tex)
        assert match and all(float(v) == 0 for v in match.groups()), f"{key} is not black"


def test_no_stock_chapter_openings(text: str):
    assert not re.search(r"\bCHAPTER (ONE|TWO|THREE|FOUR|FIVE)\b", text)


# --- text, fonts, log ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", SAMPLES)
def test_cyrillic_and_hangul_come_out_as_text(text: str, sample: str):
    assert sample in text


def test_every_font_is_embedded(pdf_path: Path):
    out = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    assert unembedded_fonts(out) == []


def test_latex_log_has_no_missing_characters(latex_log: str):
    assert log_problems(latex_log).missing_characters == []


def test_latex_log_has_no_undefined_references(latex_log: str):
    assert log_problems(latex_log).undefined_references == []


def test_latex_log_has_no_overfull_box_over_the_limit(latex_log: str):
    assert log_problems(latex_log, OVERFULL_LIMIT_PT).overfull_boxes == []


def test_every_figure_fits_its_page(latex_log: str):
    """A chart and its caption taller than the text block run into the bottom margin."""
    assert log_problems(latex_log).floats_too_large == []


# --- metadata and links ------------------------------------------------------------------------------------

def test_document_metadata(pdf_path: Path):
    from pypdf import PdfReader

    reader = PdfReader(str(pdf_path))
    info = reader.metadata
    assert info.title == "Moscow and Pyongyang: Patron, Client, Ally"
    assert info.author and "contributors" in info.author
    assert info.subject == (CONFIG.get("latex_book_subject") or CONFIG["latex_book_subtitle"])
    assert info.get("/Keywords") and "North Korea" in info["/Keywords"]
    assert str(reader.trailer["/Root"].get("/Lang")) == CONFIG.get("language", "en")


def test_links_are_clickable(pdf_path: Path):
    uris, internal = link_targets(pdf_path)
    assert internal > 0, "no internal link (cross-reference, citation, contents)"
    assert uris, "no external link"
    assert [u for u in uris if "&amp;" in u or not re.match(r"(https?|mailto|ftp):", u)] == []


# --- the checks themselves fail on bad input -------------------------------------------------------------

BAD_LOG = r"""
Missing character: There is no 𓀀 (U+13000) in font FreeSerif:mode=node;language=dflt;!
LaTeX Warning: Reference `chapters/x:fig-y' on page 3 undefined on input line 1
19.
Overfull \hbox (12.5pt too wide) in paragraph at lines 10--12
Overfull \hbox (2.1pt too wide) in paragraph at lines 20--22
Overfull \vbox (200.3pt too high) has occurred while \output is active []
LaTeX Warning: Float too large for page by 27.01596pt on input line 23
20.
LaTeX Warning: There were undefined references.
"""


def test_log_check_catches_each_problem():
    problems = log_problems(BAD_LOG, limit_pt=5.0)
    assert len(problems.missing_characters) == 1
    assert any("chapters/x:fig-y" in r for r in problems.undefined_references)
    assert len(problems.overfull_boxes) == 2  # 12.5pt and the vbox; 2.1pt is under the limit
    assert problems.floats_too_large == ["Float too large for page by 27.01596pt on input line 2320"]
    assert log_problems("Overfull \\hbox (5.5pt too wide) in paragraph", limit_pt=5.0).overfull_boxes


def test_font_check_catches_an_unembedded_font():
    out = """name                                 type              encoding         emb sub uni object ID
------------------------------------ ----------------- ---------------- --- --- --- ---------
JCXVVR+FreeSerif-Identity-H          CID Type 0C       Identity-H       yes yes yes     17  0
Helvetica                            Type 1            Standard         no  no  no      20  0
"""
    assert unembedded_fonts(out) == ["Helvetica"]
    with pytest.raises(ValueError):
        unembedded_fonts("not the output of pdffonts")


def test_bookmark_match_needs_the_whole_title():
    assert has_bookmark(["2 the reluctant enforcer"], "The reluctant enforcer")
    assert not has_bookmark(["2 the reluctant enforcer: more"], "The reluctant enforcer")


def test_named_figures_are_found_in_markdown(tmp_path: Path):
    page = tmp_path / "page.md"
    page.write_text("# T\n\n```{figure} a.png\n:name: fig-a\n:alt: x\n\nCaption.\n```\n\n"
                    ":::{glue:figure} key\n:name: fig-b\nCaption.\n:::\n\n```{note}\n:name: not-a-figure\n```\n")
    assert named_figures(page) == ["fig-a", "fig-b"]


# --- scratch builds (slow): the shapes of content still to come, and deliberate defects ----------------------

@pytest.mark.slow
def test_a_long_table_a_glossary_and_boxes_print_cleanly(tmp_path: Path):
    from helpers.pdf_fixtures import (FIXTURE_PAGE, FIXTURE_TITLE, GLOSSARY_TERMS, LONG_TABLE_ROWS, add_page, build_pdf,
                              fixture_page)

    root = copy_book(tmp_path / "book")
    add_page(root, FIXTURE_PAGE, fixture_page())
    result = build_pdf(root)
    assert result.returncode == 0, result.output[-3000:]
    pdf = root / "_build" / "latex" / "moscow-pyongyang.pdf"
    log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    problems = log_problems(log)
    assert problems.missing_characters == [] and problems.undefined_references == []
    assert problems.overfull_boxes == []

    pages = pdf_pages_text(pdf)
    text = " ".join(pages)
    # the long table breaks across pages and repeats its header there
    continued = [p for p in pages if "continued from previous page" in p and "What happened" in p]
    assert len(continued) >= 2
    assert all(f"Row {i} of the long table" in text for i in range(1, LONG_TABLE_ROWS + 1))
    assert "Table 1: A captioned table with a number" in text  # uncaptioned tables take no number
    assert all(term in text for term in GLOSSARY_TERMS)
    assert has_bookmark([t.casefold() for _, t in bookmark_titles(pdf)], FIXTURE_TITLE)
    labels = aux_labels(pdf.with_suffix(".aux").read_text(encoding="utf-8"))
    assert f"{FIXTURE_PAGE}:fig-print-fixture" in labels


@pytest.mark.slow
def test_the_log_checks_catch_real_defects(tmp_path: Path):
    from helpers.pdf_fixtures import DEFECTS_PAGE, add_page, build_pdf, defects_page

    root = copy_book(tmp_path / "book")
    add_page(root, DEFECTS_PAGE, defects_page())
    build_pdf(root)  # latexmk may stop on the undefined reference; the log is what matters
    log = (root / "_build" / "latex" / "moscow-pyongyang.log").read_text(encoding="utf-8", errors="replace")
    problems = log_problems(log)
    assert any("U+13000" in line or "𓀀" in line for line in problems.missing_characters)
    assert any("no-such-label-anywhere" in r for r in problems.undefined_references)
    assert problems.overfull_boxes


def test_the_first_chapter_after_the_introduction_is_chapter_one(bookmarks: list[str]):
    """The landing page's own headings are sections of the Introduction, not chapters that shift the numbering."""
    first = squeeze(page_title(print_pages()[1])).casefold()
    assert f"1 {first}" in bookmarks, f"{first!r} is not chapter one"


def test_measure_and_continuation_checks_fail_on_bad_input():
    wide = "word " * 24
    assert measure("\n".join([wide.strip()] * 5)) > MEASURE_CHARS[1]
    assert full_lines("a   b   c   d   e   f   g   h   i   j   k   l   m   n   o   p") == []
    assert continuation_pages(["text", "Table 1 – continued from previous page", "x"]) == [1]
    assert truncated_cells("\\begin{longtable}a & Natural Resources Minister Alexande…\\\\\\end{longtable}")
    assert not truncated_cells("\\begin{longtable}a & b\\\\\\end{longtable}")
