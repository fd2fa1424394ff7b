"""The book's Sphinx extension repairs and trims each HTML page (moscow_pyongyang_book/pages.py), and the built
pages show it: no theme script or stylesheet a page does not use, a description on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from book_tools.browser import site_pages
from helpers.book import HTML, toc_files
from moscow_pyongyang_book.pages import _needed, page_description, repair_body

PAGES = site_pages(HTML) if HTML.exists() else []


def test_bibliography_entries_become_list_items():
    body = '<div role="list" class="citation-list"><div class="citation" id="id2" role="doc-biblioentry">x</div></div>'
    assert repair_body(body) == '<div role="list" class="citation-list"><div class="citation" id="id2" role="listitem">x</div></div>'


def test_empty_header_cells_of_a_dataframe_become_data_cells():
    body = ('<table border="1" class="dataframe"><thead><tr style="text-align: right;"><th></th><th>resolution</th>'
            '</tr><tr><th>year</th><th> </th></tr></thead><tbody><tr><th>2006</th><td>1718</td></tr></tbody></table>'
            '<table><tr><th class="blank level0" >&nbsp;</th><th class="col_heading">a</th></tr></table>')
    fixed = repair_body(body)
    assert not re.search(r"<th[^>]*>(\s|&nbsp;)*</th>", fixed)
    assert "<td></td><th>resolution</th>" in fixed and "<th>year</th><td></td>" in fixed
    assert '<td class="blank level0" ></td>' in fixed
    assert "<th>2006</th>" in fixed


def test_the_hidden_cell_toggle_is_named_by_its_visible_text():
    body = '<details class="hide above-input"><summary aria-label="Toggle hidden content"><p>Show code</p></summary>'
    assert repair_body(body) == '<details class="hide above-input"><summary><p>Show code</p></summary>'


def test_the_thebe_configuration_block_is_removed():
    body = ('<p>text</p>\n    <script type="text/x-thebe-config">\n    {\n requestKernel: true\n }\n    </script>\n'
            "    <script>kernelName = 'python3'</script>\n")
    assert repair_body(body).strip() == "<p>text</p>"


@pytest.mark.parametrize("text, expected", [
    ("Short.", "Short."),
    ("word " * 60, ("word " * 30).strip() + "…"),
    ("A sentence, with a comma at the cut " + "x" * 150, "A sentence, with a comma at the cut…"),
])
def test_page_description_is_cut_at_a_word(text, expected):
    result = page_description(text)
    assert len(result) <= 155
    assert result == expected


def test_assets_are_kept_only_for_content_that_uses_them():
    code = '<div class="highlight"><pre>x = 1</pre></div>'
    tabs = '<div class="sd-tab-set docutils">'
    assert _needed("copybutton.js", code) and not _needed("copybutton.js", "<p>text</p>")
    assert _needed("_static/design-tabs.js", tabs) and not _needed("_static/design-tabs.js", code)
    assert _needed("sphinx-design.min.css", tabs) and not _needed("sphinx-design.min.css", code)
    assert _needed("doctools.js", "<p>text</p>")  # anything not listed is always kept


def head(page: str) -> str:
    return (HTML / page).read_text(encoding="utf-8").split("</head>", 1)[0]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_description_and_one_viewport(page: str):
    text = head(page)
    descriptions = re.findall(r'<meta name="description" content="([^"]+)"', text)
    assert len(descriptions) == 1 and 20 <= len(descriptions[0]) <= 160, descriptions
    assert len(re.findall(r'<meta name="viewport"', text)) == 1


def test_descriptions_differ_between_pages():
    found = {p: re.search(r'<meta name="description" content="([^"]+)"', head(f"{p}.html")).group(1)
             for p in toc_files()}
    assert len(set(found.values())) == len(found), found


@pytest.mark.parametrize("page", PAGES)
def test_no_page_references_fontawesome_js_mathjax_thebe_or_the_search_index(page: str):
    text = (HTML / page).read_text(encoding="utf-8")
    assert "fontawesome.js" not in text
    assert not re.search(r"mathjax|thebe", text, flags=re.I)
    if page != "search.html":
        assert "searchindex.js" not in text and "searchtools.js" not in text


# The search page runs its search scripts at once (it shows nothing else); index.html has no scripts.
@pytest.mark.parametrize("page", [p for p in PAGES if p not in {"search.html", "index.html"}])
def test_scripts_do_not_block_rendering(page: str):
    """Every script file in the head is deferred, except the tiny one the page's inline scripts read."""
    blocking = [src for attrs, src in re.findall(r"<script([^>]*)src=\"([^\"]+)\"", head(page))
                if "defer" not in attrs and "async" not in attrs]
    assert [Path(s.split("?")[0]).name for s in blocking] == ["documentation_options.js"]


def test_a_page_without_code_loads_no_copy_button():
    """Every content page without a code block, whichever they are, loads no copy-button script (the fixture page
    test checks that a page with code does)."""
    pages = [f"{p}.html" for p in toc_files()]
    without_code = [p for p in pages if 'class="highlight' not in (HTML / p).read_text(encoding="utf-8")]
    assert without_code, "every page has code: nothing to check"
    loading = [p for p in without_code if "copybutton" in head(p) or "clipboard" in head(p)]
    assert loading == []


def test_index_html_is_a_valid_redirect_to_the_landing_page():
    text = (HTML / "index.html").read_text(encoding="utf-8")
    root = toc_files()[0]
    assert text.lstrip().startswith("<!DOCTYPE html>")
    assert f'content="0; url={root}.html"' in text
    assert f'<a href="{root}.html">' in text
