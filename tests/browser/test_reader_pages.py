"""Reader pages in a real browser: one search control on screen at each width, and the data notebooks told apart
from the essays in the navigation (a "Notebook" tag on their sidebar entries, none on an essay's).

Needs the built HTML and Debian's Chromium (as tests/browser/test_browser.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from book_tools.browser import DESKTOP, MOBILE
from helpers.book import source_of, toc_files

SEARCH_CONTROLS = ".search-button-field, .search-button"
LANDING = "intro.html"


def visible_search_controls(page) -> int:
    return page.locator(SEARCH_CONTROLS).evaluate_all(
        "els => els.filter(e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);"
        " return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; }).length")


@pytest.mark.parametrize("viewport", [DESKTOP, {"width": 1366, "height": 900}, MOBILE],
                         ids=lambda v: f"{v['width']}px")
def test_one_search_control_on_screen(site, browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(site.url + LANDING, wait_until="networkidle")
    assert visible_search_controls(page) == 1
    context.close()


def test_notebooks_are_tagged_in_the_sidebar_and_essays_are_not(site, browser):
    notebooks = [p for p in toc_files() if source_of(p).suffix == ".ipynb"]
    essays = [p for p in toc_files()[1:] if source_of(p).suffix != ".ipynb"]
    assert notebooks and essays
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(site.url + LANDING, wait_until="networkidle")
    tags = page.locator(".bd-sidebar-primary a.reference.internal").evaluate_all(
        "links => links.map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content])")
    tagged = {href.split("#")[0].removesuffix(".html") for href, content in tags if "Notebook" in (content or "")}
    assert set(notebooks) <= tagged, f"untagged notebooks: {sorted(set(notebooks) - tagged)}"
    assert not tagged & set(essays), f"essays tagged as notebooks: {sorted(tagged & set(essays))}"
    context.close()
