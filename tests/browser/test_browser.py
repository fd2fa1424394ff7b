"""The online edition in a real browser: Debian's Chromium, driven by Playwright, on a local server.

Every page loads without a console error, a failed request or a request to another host, and weighs at most
1.2 MB (a page with a chart at most 600 kB, 150 kB transferred: issue 15); search, next/previous and the table of contents work; every figure shows, loads and has alt text, and
stays readable in dark mode; every page reads without JavaScript; axe-core finds no accessibility violation
of any impact in light or dark mode. Needs the built HTML (`make test` builds it first), Chromium and
node_modules/ (`make test` installs both).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from book_tools.browser import (AXE_JS, DESKTOP, MOBILE, article_text, distinctive_word, guard_network,
                             load_page, require_tool, site_pages)
from book_tools.weights import CHART_PAGE_MAX, CHART_PAGE_MAX_GZIP, chart_page_excess, heaviest_chart_page, weigh
from helpers.book import HTML, page_title, toc_files

# A term the book's text contains, searched for in the browser: the search must list every page whose text has
# it (today the chronology's Khasan–Rajin railway; the chapters will add more pages).
SEARCH_TERM = "Khasan"
# The most a page may weigh on a cold load: HTML, CSS, JavaScript, images and fonts, uncompressed.
MAX_PAGE_BYTES = 1_200_000

PAGES = site_pages(HTML) if HTML.exists() else []
TOC = toc_files()
# Pages written from the book's sources (not the generated index and search pages or the redirect).
CONTENT_PAGES = [f"{p}.html" for p in TOC]


@pytest.fixture(scope="module")
def loads(site, browser):
    """One cold load of every page (desktop, light mode), shared by the checks below."""
    return {page: load_page(browser, site.url + page) for page in PAGES}


@pytest.fixture
def context_factory(browser):
    made = []

    def make(**options):
        foreign: list[str] = []
        context = browser.new_context(**{"viewport": DESKTOP, **options})
        guard_network(context, foreign)
        context.foreign = foreign
        made.append(context)
        return context

    yield make
    for context in made:
        assert context.foreign == [], f"requests to other hosts: {context.foreign}"
        context.close()


def page_path(url: str, site_url: str) -> str:
    """A URL of the site as a page path relative to its root, without query or fragment."""
    path = urlsplit(url).path
    root = urlsplit(site_url).path
    return path[len(root):] if path.startswith(root) else path


def heading(page) -> str:
    return page.locator("article h1").first.inner_text().strip().rstrip("#").strip()


def test_the_site_has_pages():
    assert PAGES, "no HTML pages: run `make html` (make test does)"
    assert set(CONTENT_PAGES) <= set(PAGES)


# ---------------------------------------------------------------- every page: console, network, weight

@pytest.mark.parametrize("page", PAGES)
def test_page_logs_no_console_error(loads, page: str):
    assert loads[page].errors == []


@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_failed_request(loads, page: str):
    assert loads[page].failed == []


@pytest.mark.parametrize("page", PAGES)
def test_page_requests_nothing_from_another_host(loads, page: str):
    assert loads[page].foreign == []


def test_no_page_downloads_a_web_font_or_fontawesome_js(loads):
    """The theme's icon font and fontawesome.js are replaced by the inline SVG icons of _static/icons.css."""
    heavy = {page: [u for u in load.sizes if re.search(r"\.(woff2?|ttf|otf)(\?|$)|fontawesome", u)]
             for page, load in loads.items()}
    assert {page: urls for page, urls in heavy.items() if urls} == {}


def test_largest_page_weighs_at_most_1_2_mb(loads):
    weights = {page: load.weight for page, load in loads.items()}
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] <= MAX_PAGE_BYTES, (
        f"{heaviest} weighs {weights[heaviest]:,} bytes on a cold load (limit {MAX_PAGE_BYTES:,}); "
        f"largest files: {sorted(loads[heaviest].sizes.items(), key=lambda kv: -kv[1])[:5]}")


def test_every_page_with_a_chart_meets_issue_15s_weight_goals(loads):
    """Issue 15: the heaviest page that shows a chart weighs at most 600 kB cold and 150 kB transferred (gzip),
    the page and the same-origin files it loads, counted as `make bench` counts them (book_tools.weights)."""
    weights = {page: weigh(load, HTML / page) for page, load in loads.items()}
    assert heaviest_chart_page(weights), "no page shows a chart"
    assert chart_page_excess(weights) == [], (
        f"limits {CHART_PAGE_MAX:,} cold, {CHART_PAGE_MAX_GZIP:,} transferred")


def test_every_page_is_served_compressed(loads):
    """The local server gzips like GitHub Pages, so the weights the bench reports are what readers download."""
    for page, load in loads.items():
        if page != "index.html":  # the redirect page's decoded body is gone once the browser has moved on
            assert load.transferred[load.url] < load.sizes[load.url], page


# ---------------------------------------------------------------- search

def search(page, site_url: str, term: str) -> list[str]:
    page.goto(f"{site_url}search.html?q={term}", wait_until="networkidle")
    summary = page.locator("#search-results .search-summary")
    summary.wait_for(timeout=15_000)
    page.wait_for_function("() => /found|did not match/i.test("
                           "document.querySelector('#search-results .search-summary').textContent)")
    hrefs = page.locator("#search-results ul.search li a").evaluate_all("links => links.map(a => a.href)")
    return [page_path(href, site_url) for href in hrefs]


def test_search_finds_the_known_term_on_every_page_that_has_it(site, context_factory):
    expected = sorted(p for p in CONTENT_PAGES if re.search(rf"\b{re.escape(SEARCH_TERM.lower())}",
                                                            article_text(HTML / p)))
    assert expected, f"no page contains {SEARCH_TERM!r}: change SEARCH_TERM to a term the book contains"
    page = context_factory().new_page()
    found = search(page, site.url, SEARCH_TERM)
    assert set(expected) <= set(found), f"search for {SEARCH_TERM!r} listed {found}, expected {expected}"
    # the first expected result opens that page, with the term highlighted
    link = page.locator("#search-results ul.search li a").filter(has_text=page_title(expected[0][:-5])).first
    link.click()
    page.wait_for_load_state("networkidle")
    assert page_path(page.url, site.url) == expected[0]
    assert page.locator("article .highlighted").count() > 0


def test_most_pages_have_a_word_of_their_own():
    """The search test below skips a page with no word of its own; it must not skip them all."""
    with_word = [p for p in CONTENT_PAGES if distinctive_word(p[:-5], HTML, TOC) is not None]
    assert len(with_word) >= len(CONTENT_PAGES) // 2, f"only {with_word} have a word of their own"


@pytest.mark.parametrize("page_name", CONTENT_PAGES)
def test_search_for_a_word_only_this_page_has_links_to_it(site, context_factory, page_name: str):
    word = distinctive_word(page_name[:-5], HTML, TOC)
    if word is None:
        pytest.skip(f"{page_name} has no word of its own in its prose")
    found = search(context_factory().new_page(), site.url, word)
    assert page_name in found, f"search for {word!r} (only on {page_name}) listed {found}"


# ---------------------------------------------------------------- navigation

def test_next_and_previous_walk_the_table_of_contents_in_order(site, context_factory):
    page = context_factory().new_page()
    page.goto(site.url + CONTENT_PAGES[0], wait_until="networkidle")
    forward = [page_path(page.url, site.url)]
    while page.locator("a.right-next").count():
        page.locator("a.right-next").click()
        page.wait_for_load_state("load")
        forward.append(page_path(page.url, site.url))
        assert heading(page) == page_title(forward[-1][:-5])
    assert forward == CONTENT_PAGES
    backward = [forward[-1]]
    while page.locator("a.left-prev").count():
        page.locator("a.left-prev").click()
        page.wait_for_load_state("load")
        backward.append(page_path(page.url, site.url))
    assert backward == CONTENT_PAGES[::-1]


def test_the_sidebar_lists_every_page_in_order_and_each_link_opens_it(site, context_factory):
    page = context_factory().new_page()
    page.goto(site.url + CONTENT_PAGES[0], wait_until="networkidle")
    nav = page.locator("nav.bd-docs-nav")
    hrefs = nav.locator("a.reference.internal").evaluate_all("links => links.map(a => a.href)")
    assert [page_path(h, site.url) for h in hrefs] == CONTENT_PAGES
    for target in CONTENT_PAGES[1:] + CONTENT_PAGES[:1]:
        link = page.locator("nav.bd-docs-nav a.reference.internal").nth(CONTENT_PAGES.index(target))
        assert link.is_visible()
        link.click()
        page.wait_for_load_state("load")
        assert page_path(page.url, site.url) == target
        assert heading(page) == page_title(target[:-5])


def test_most_pages_have_in_page_contents():
    """The test below skips a page without sections; the chapters have them, so it must not skip them all."""
    with_contents = [p for p in CONTENT_PAGES if 'id="pst-page-toc-nav"' in (HTML / p).read_text(encoding="utf-8")]
    assert len(with_contents) >= len(CONTENT_PAGES) // 2, f"only {with_contents} have in-page contents"


@pytest.mark.parametrize("page_name", CONTENT_PAGES)
def test_in_page_contents_links_reach_their_sections(site, context_factory, page_name: str):
    page = context_factory().new_page()
    page.goto(site.url + page_name, wait_until="networkidle")
    links = page.locator("nav#pst-page-toc-nav a")
    if links.count() == 0:
        pytest.skip(f"{page_name} has no sections")
    for i in range(links.count()):
        link = links.nth(i)
        fragment = link.get_attribute("href").split("#", 1)[1]
        link.click()
        target = page.locator(f"[id='{fragment}']")
        assert target.count() == 1, f"{page_name}: contents link to #{fragment} has no target"
        page.wait_for_function(f"() => location.hash === '#{fragment}'")
        assert target.first.is_visible()


def test_the_menu_opens_on_a_phone(site, context_factory):
    page = context_factory(viewport=MOBILE, is_mobile=True, has_touch=True).new_page()
    page.goto(site.url + CONTENT_PAGES[1], wait_until="networkidle")
    assert not page.locator("nav.bd-docs-nav").first.is_visible()
    page.locator("button.primary-toggle:visible").first.click()
    dialog = page.locator("#pst-primary-sidebar-modal")
    dialog.wait_for(state="visible", timeout=5_000)
    link = dialog.locator("nav.bd-docs-nav a.reference.internal").nth(len(CONTENT_PAGES) - 1)
    assert link.is_visible()
    link.click()
    page.wait_for_load_state("networkidle")
    assert page_path(page.url, site.url) == CONTENT_PAGES[-1]


def test_the_sidebar_button_hides_and_shows_the_sidebar_on_a_desktop(site, context_factory):
    page = context_factory().new_page()
    page.goto(site.url + CONTENT_PAGES[1], wait_until="networkidle")
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    page.locator("button.primary-toggle:visible").first.click()
    page.wait_for_function("() => getComputedStyle(document.querySelector('#pst-primary-sidebar'))"
                           ".visibility === 'hidden'", timeout=5_000)
    page.locator("button.primary-toggle:visible").first.click()
    page.wait_for_function("() => getComputedStyle(document.querySelector('#pst-primary-sidebar'))"
                           ".visibility === 'visible'", timeout=5_000)


def test_the_colour_mode_button_switches_light_and_dark(site, context_factory):
    page = context_factory(color_scheme="light").new_page()
    page.goto(site.url + CONTENT_PAGES[0], wait_until="networkidle")
    seen = []
    for _ in range(3):
        page.locator(".theme-switch-button:visible").first.click()
        seen.append(page.evaluate("document.documentElement.dataset.theme"))
    assert set(seen) == {"light", "dark"}
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background


# ---------------------------------------------------------------- figures

FIGURES = "article img"
# charts are inlined as SVG (moscow_pyongyang_book/marks.py), so that each mark can link to its row
CHARTS = "article svg.chart-svg"


@pytest.mark.parametrize("page_name", CONTENT_PAGES)
def test_every_figure_is_visible_loaded_and_has_alt_text(site, context_factory, page_name: str):
    page = context_factory().new_page()
    page.goto(site.url + page_name, wait_until="networkidle")
    images = page.locator(FIGURES)
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        info = image.evaluate("img => ({src: img.getAttribute('src'), alt: img.getAttribute('alt'),"
                              " loaded: img.complete && img.naturalWidth > 0, width: img.clientWidth})")
        assert info["loaded"], f"{page_name}: image {info['src']} did not load"
        assert image.is_visible() and info["width"] > 50, f"{page_name}: image {info['src']} is not visible"
        assert (info["alt"] or "").strip(), f"{page_name}: image {info['src']} has no alt text"
    charts = page.locator(CHARTS)
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        info = chart.evaluate("svg => ({label: svg.getAttribute('aria-label'), role: svg.getAttribute('role'),"
                              " width: svg.getBoundingClientRect().width, texts: svg.querySelectorAll('text').length})")
        assert chart.is_visible() and info["width"] > 50, f"{page_name}: chart {i} is not visible"
        assert info["texts"], f"{page_name}: chart {i} has no text (an empty SVG?)"
        assert (info["label"] or "").strip() and info["role"] == "group", (
            f"{page_name}: chart {i} has no accessible name (its alt text as aria-label)")


def chart_pages() -> list[str]:
    return [p for p in CONTENT_PAGES
            if HTML.exists() and re.search(r'<img[^>]+_images/|<svg[^>]+class="chart-svg"', (HTML / p).read_text())]


def test_some_page_shows_a_chart():
    assert chart_pages(), "no page shows a chart (an image from _images/ or an inlined chart SVG)"


@pytest.mark.parametrize("page_name", chart_pages())
def test_charts_stay_readable_in_dark_mode(site, context_factory, page_name: str):
    """A chart keeps its light background in dark mode: no dark marks on the dark page (book.mplstyle).

    The window is tall enough for the tallest chart: a chart taller than the window would have its top edge under
    the theme's sticky header in the screenshot."""
    page = context_factory(color_scheme="dark", viewport={**DESKTOP, "height": 2000}).new_page()
    page.goto(site.url + page_name, wait_until="networkidle")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    images = page.locator(f"article img[src*='_images/'], {CHARTS}")
    for i in range(images.count()):
        mean = border_grey(images.nth(i).screenshot())
        assert mean > 150, (f"{page_name}: chart {i} has a dark background in dark mode (mean grey {mean:.0f} on "
                            f"a {page_background} page): give it a light face colour")


def border_grey(png: bytes, ring: int = 4, inset: int = 2) -> float:
    """The mean grey level (0 black - 255 white) of an image's outer pixels: the chart's own background.

    The ring starts ``inset`` pixels in: an image laid out at a fractional position (a chart with a minimum width
    in rem) leaves a one-pixel column of the page inside the element's rounded screenshot box."""
    shot = Image.open(io.BytesIO(png)).convert("L")
    width, height = shot.size
    near = range(inset, inset + ring)
    far_x, far_y = range(width - inset - ring, width - inset), range(height - inset - ring, height - inset)
    border = [shot.getpixel((x, y)) for x in range(inset, width - inset) for y in (*near, *far_y)]
    border += [shot.getpixel((x, y)) for y in range(inset, height - inset) for x in (*near, *far_x)]
    return sum(border) / len(border)


@pytest.mark.parametrize("page_name", chart_pages())
def test_charts_are_drawn_on_their_own_light_background(site, context_factory, page_name: str):
    """Each chart file is opaque (book.mplstyle's white face colour), not black-on-transparent: shown alone on a
    black page, without the theme's dark-mode styles that give images a white backing, its edges stay light. An
    inlined chart is checked in its full-size file (the link "Open the chart full size" under it)."""
    page = context_factory().new_page()
    page.goto(site.url + page_name, wait_until="load")
    sources = page.locator("article img[src*='_images/']").evaluate_all("imgs => imgs.map(i => i.src)")
    sources += page.locator("article .chart-enlarge a").evaluate_all("links => links.map(a => a.href)")
    assert sources, f"{page_name}: no chart found"
    for src in sources:
        page.set_content(f'<body style="margin:0;background:#000"><img src="{src}" style="display:block;width:500px">'
                         '</body>')
        page.wait_for_function("() => document.images[0].complete && document.images[0].naturalWidth > 0")
        grey = border_grey(page.locator("img").screenshot())
        assert grey > 200, f"{page_name}: {src} is transparent or dark at its edges (mean grey {grey:.0f})"


# ---------------------------------------------------------------- without JavaScript

@pytest.mark.parametrize("page_name", CONTENT_PAGES)
def test_page_reads_without_javascript(site, context_factory, page_name: str):
    page = context_factory(java_script_enabled=False).new_page()
    page.goto(site.url + page_name, wait_until="networkidle")
    assert page.locator("article h1").first.is_visible()
    text = page.locator("article").first.inner_text()
    assert len(text.split()) >= 5
    for paragraph in page.locator("article p").all()[:20]:
        assert paragraph.is_visible() or paragraph.evaluate("p => !!p.closest('details:not([open])')")
    images = page.locator(FIGURES)
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        assert image.is_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    for chart in page.locator(CHARTS).all():
        chart.scroll_into_view_if_needed()
        assert chart.is_visible(), f"{page_name}: an inlined chart is not shown without JavaScript"
    assert page.locator("nav.bd-docs-nav").first.is_visible()
    # colours are the theme's light ones, not the browser's defaults
    assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--pst-color-primary')")


# ---------------------------------------------------------------- accessibility (axe-core)

def settle(page) -> None:
    """Wait for transitions and animations (an opened cell fades in) to end: axe reads the colours as shown."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')",
                           timeout=10_000)


def axe_violations(page) -> list[dict]:
    settle(page)
    page.add_script_tag(path=str(require_tool(AXE_JS, "axe-core from npm")))
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")


@pytest.fixture(scope="module")
def axe_results(site, browser):
    """axe-core on every page: desktop light, desktop dark, and light on a phone-sized screen."""
    results = {}
    for mode, options in {"light": {"viewport": DESKTOP, "color_scheme": "light"},
                          "dark": {"viewport": DESKTOP, "color_scheme": "dark"},
                          "phone": {"viewport": MOBILE, "color_scheme": "light", "is_mobile": True}}.items():
        context = browser.new_context(**options)
        foreign: list[str] = []
        guard_network(context, foreign)
        page = context.new_page()
        for name in PAGES:
            page.goto(site.url + name, wait_until="load")
            if name == "index.html":  # a redirect to the landing page: check the page it lands on
                page.wait_for_url(f"**/{CONTENT_PAGES[0]}")
                page.wait_for_load_state("load")
            theme = page.evaluate("document.documentElement.dataset.theme")
            results[(name, mode)] = (theme, axe_violations(page))
        context.close()
        assert foreign == []
    return results


@pytest.mark.parametrize("mode", ["light", "dark", "phone"])
@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_no_violation(axe_results, page: str, mode: str):
    theme, violations = axe_results[(page, mode)]
    assert theme == ("dark" if mode == "dark" else "light")
    assert violations == []
