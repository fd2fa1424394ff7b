"""Content the chapters do not hold yet stays accessible: a scratch copy of the book gets one more page.

tests/browser/fixture_page.md has numbers in code, lines and outputs that scroll, pandas tables, admonitions,
a dropdown, a hidden cell, tabs and a glued figure: what the theme's known accessibility problems hit (code
contrast, scrollable regions, empty table headers, mismatched names). The copy is built like `make html`; the
page must pass axe-core in light and dark mode, load cleanly, and get exactly the assets it uses.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from book_tools.browser import DESKTOP, MOBILE, SiteServer, guard_network, launched_chromium, load_page
from helpers.book import build_html, copy_book
from test_browser import MAX_PAGE_BYTES, axe_violations, settle

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).resolve().parent / "fixture_page.md"


@pytest.fixture(scope="module")
def scratch_site(tmp_path_factory):
    root = copy_book(tmp_path_factory.mktemp("fixture") / "book")
    shutil.copy(FIXTURE, root / "fixture_page.md")
    toc_path = root / "_toc.yml"
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    (toc.get("parts") or [{"chapters": toc.setdefault("chapters", [])}])[-1]["chapters"].append({"file": "fixture_page"})
    toc_path.write_text(yaml.safe_dump(toc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = build_html(root)
    assert result.returncode == 0, result.output[-4000:]
    html_dir = root / "_build" / "html"
    assert (html_dir / "fixture_page.html").is_file()
    with SiteServer(html_dir) as server:
        yield server, html_dir


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as chromium:
        yield chromium


@pytest.mark.parametrize("mode", ["light", "dark", "phone"])
def test_the_fixture_page_has_no_axe_violation(scratch_site, browser, mode: str):
    server, _ = scratch_site
    options = {"viewport": MOBILE, "is_mobile": True} if mode == "phone" else {"viewport": DESKTOP}
    context = browser.new_context(color_scheme="dark" if mode == "dark" else "light", **options)
    foreign: list[str] = []
    guard_network(context, foreign)
    page = context.new_page()
    page.goto(server.url + "fixture_page.html", wait_until="networkidle")
    # open everything a reader can open, so that its content is checked too
    for toggle in page.locator("article details:not([open]) > summary").all():
        toggle.click()
    page.locator("article .dropdown .admonition-title, article button.toggle-button").first.click()
    violations = axe_violations(page)
    context.close()
    assert foreign == []
    assert violations == []


def test_the_fixture_page_loads_cleanly_and_light(scratch_site, browser):
    server, _ = scratch_site
    load = load_page(browser, server.url + "fixture_page.html")
    assert load.errors == [] and load.failed == [] and load.foreign == []
    assert load.weight <= MAX_PAGE_BYTES
    names = {Path(url.split("?")[0]).name for url in load.sizes}
    # it uses code (copy button), tabs (sphinx-design), a dropdown (togglebutton) and notebook cells (myst-nb)
    assert {"copybutton.js", "clipboard.min.js", "design-tabs.js", "sphinx-design.min.css", "togglebutton.js",
            "togglebutton.css"} <= names
    assert any(n.startswith("mystnb.") for n in names)


def test_a_page_without_those_elements_loads_none_of_their_assets(scratch_site, browser):
    server, html_dir = scratch_site
    load = load_page(browser, server.url + "intro.html")
    names = {Path(url.split("?")[0]).name for url in load.sizes}
    assert not names & {"copybutton.js", "clipboard.min.js", "design-tabs.js", "sphinx-design.min.css",
                        "togglebutton.js", "togglebutton.css", "sphinx-thebe.css"}


def test_the_dataframe_has_no_empty_header_cell(scratch_site):
    _, html_dir = scratch_site
    text = (html_dir / "fixture_page.html").read_text(encoding="utf-8")
    assert 'class="dataframe"' in text
    assert "<th></th>" not in text


def test_code_that_scrolls_can_be_reached_by_keyboard(scratch_site, browser):
    server, _ = scratch_site
    context = browser.new_context(viewport=MOBILE)
    page = context.new_page()
    page.goto(server.url + "fixture_page.html", wait_until="networkidle")
    for toggle in page.locator("article details:not([open]) > summary").all():  # the hidden cell's code too
        toggle.click()
    settle(page)
    scrolling = page.evaluate("""() => [...document.querySelectorAll('article pre, article .output')]
        .filter(e => e.scrollWidth > e.clientWidth).map(e => e.tabIndex)""")
    context.close()
    assert scrolling, "the fixture page should have code that scrolls sideways"
    assert all(index == 0 for index in scrolling)
