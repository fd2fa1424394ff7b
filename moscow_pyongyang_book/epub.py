"""The EPUB edition: Sphinx's epub builder through Jupyter Book (``--builder custom --custom-builder epub``).

Only the epub builder is touched here: the book's metadata (title, author, language, identifier), a cover drawn at
build time from the book's title (no image is fetched or stored), the table of contents from ``_toc.yml``, no
search page or index, and stylesheet rules for the figures and tables. Cyrillic and Hangul are text in the
pages and in the SVG charts; the reader's fonts draw them, and the stylesheet names common fonts with Hangul
(Noto Sans CJK, Nanum) before the generic family so that a reader that has one uses it. ``epubcheck`` (Debian
package) validates the result (tests/build/test_epub.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

EPUB_BUILDERS = {"epub"}
THEME_MODULES = ("sphinx_book_theme", "pydata_sphinx_theme")
COVER_NAME = "epub-cover.png"
CSS_NAME = "epub-book.css"
EPUB_CSS = """\
/* The EPUB edition (moscow_pyongyang_book/epub.py) */
body { font-family: "Noto Sans", "DejaVu Sans", "Noto Sans CJK KR", "NanumGothic", "Nanum Gothic", sans-serif; }
img { max-width: 100%; height: auto; }
figure, div.figure { margin: 1em 0; page-break-inside: avoid; }
figcaption, p.caption { font-size: 0.9em; }
table { border-collapse: collapse; font-size: 0.85em; }
th, td { border: 1px solid #999; padding: 0.2em 0.4em; vertical-align: top; }
details > summary { font-weight: bold; }
"""


def draw_cover(path: Path, title: str, subtitle: str, author: str) -> None:
    """A typographic cover (1600 × 2400 px PNG) in the book's colours."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from moscow_pyongyang.charts.style import COUNTRY_STYLE

    fig = plt.figure(figsize=(8, 12), dpi=200)
    fig.patch.set_facecolor("#f7f4ee")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    for i, country in enumerate(("USSR/Russia", "DPRK", "China")):
        ax.add_patch(plt.Rectangle((0.08, 0.78 - i * 0.025), 0.84, 0.012, color=COUNTRY_STYLE[country]["color"]))
    ax.text(0.08, 0.62, title, fontsize=44, fontweight="bold", color="#222222", va="top", ha="left",
            wrap=True, linespacing=1.15)
    ax.text(0.08, 0.40, subtitle, fontsize=22, color="#333333", va="top", ha="left", linespacing=1.3)
    ax.text(0.08, 0.08, author, fontsize=16, color="#444444", va="bottom", ha="left")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=200, facecolor=fig.get_facecolor())
    plt.close(fig)


def _split_title(project: str) -> tuple[str, str]:
    """'Moscow and Pyongyang: Patron, Client, Ally' -> ('Moscow and\\nPyongyang', 'Patron, Client, Ally')."""
    main, _, sub = project.partition(":")
    words = main.split()
    half = max(1, len(words) // 2)
    return " ".join(words[:half]) + "\n" + " ".join(words[half:]), sub.strip()


def _epub_setup(app: Sphinx) -> None:
    if app.builder.name not in EPUB_BUILDERS:
        return
    from .downloads import book_title

    config = app.config
    project = book_title(config)
    static = Path(app.doctreedir).parent / "epub-static"
    title, subtitle = _split_title(project)
    draw_cover(static / COVER_NAME, title, subtitle, config.author)
    (static / CSS_NAME).write_text(EPUB_CSS, encoding="utf-8")
    config.html_static_path = list(config.html_static_path) + [str(static)]
    # The project's _templates/layout.html and the Book theme's components (added to templates_path by the theme)
    # are for the online edition: the e-book uses Sphinx's own epub theme, so its templates are set up again
    # without them.
    config.templates_path = []
    app.builder.init_templates()
    # ... and the online themes' page hooks (launch buttons, header, navigation) stay out of it.
    for event in ("html-page-context", "html-collect-pages"):
        for listener in list(app.events.listeners.get(event, [])):
            module = getattr(listener.handler, "__module__", "") or ""
            name = getattr(listener.handler, "__name__", "")
            if module.startswith(THEME_MODULES) or (event == "html-collect-pages" and name == "_redirect_page"):
                app.disconnect(listener.id)   # the index.html redirect: the e-book opens at its cover
    if not config.version:   # EPUB 3 wants a version; the book's edition is its year
        config.version = config.release = str(config.copyright or "1").split(",")[0].strip()
    config.epub_cover = (f"_static/{COVER_NAME}", "epub-cover.html")
    config.epub_css_files = list(getattr(config, "epub_css_files", []) or []) + [(CSS_NAME, {})]
    config.epub_basename = "moscow-pyongyang"
    # Jupyter Book's toctrees are hidden: with the default scope Sphinx rebuilds nav.xhtml and toc.ncx from the
    # root page's visible toctree (the root alone). 'includehidden' makes both use the builder's refnodes, which
    # get_toc below fills from _toc.yml.
    config.epub_tocscope = "includehidden"
    config.epub_title = project
    config.epub_author = config.author
    config.epub_publisher = config.author
    config.epub_copyright = config.copyright
    config.epub_language = config.language or "en"
    repository = (config.html_theme_options or {}).get("repository_url", "")
    # The NCX repeats the identifier as its dtb:uid, which must also be an XML name: one value for both.
    config.epub_identifier = config.epub_uid = "moscow-pyongyang-book"
    config.epub_scheme = "unknown"
    config.epub_show_urls = "no"
    config.epub_use_index = False
    config.epub_tocdepth = 2
    config.epub_exclude_files = list(config.epub_exclude_files or []) + ["search.html", "genindex.html"]


    builder = app.builder
    copy_images, copy_static = builder.copy_image_files, builder.copy_static_files

    def copy_image_files() -> None:
        copy_images()
        clean_svgs(Path(builder.outdir) / builder.imagedir)

    def copy_static_files() -> None:
        copy_static()
        keep_static(Path(builder.outdir) / "_static")

    builder.copy_image_files, builder.copy_static_files = copy_image_files, copy_static_files

    def get_toc() -> None:
        """The e-book's table of contents: every page of _toc.yml in reading order (Jupyter Book's toctrees are
        hidden, so Sphinx's epub builder would list the root page alone)."""
        from html import escape

        from .toc import toc_pages

        root = config.root_doc
        builder.refnodes = [{"level": 1, "refuri": escape(f"{page}{builder.out_suffix}"),
                             "text": escape(builder.env.titles[page].astext() if page in builder.env.titles
                                            else page)}
                            for page in toc_pages(Path(app.srcdir) / "_toc.yml") if page != root]
        builder.toc_add_files(builder.refnodes)   # adds the root page first

    builder.get_toc = get_toc

    build_epub = builder.build_epub

    def build_epub_with_cover_property() -> None:
        """Mark the cover image for EPUB 3 readers too (Sphinx writes only the EPUB 2 ``<meta name="cover">``)."""
        opf = Path(builder.outdir) / "content.opf"
        text = opf.read_text(encoding="utf-8")
        text = re.sub(rf'(<item [^>]*href="_static/{re.escape(COVER_NAME)}"[^>]*?)\s*/>',
                      r'\1 properties="cover-image" />', text, count=1)
        opf.write_text(text, encoding="utf-8")
        build_epub()

    builder.build_epub = build_epub_with_cover_property


# What the e-book keeps of _static/: Sphinx's epub stylesheets, the book's e-book stylesheet and the cover. The
# online edition's scripts and stylesheets (search, buttons, dark mode, filters) have no place in an EPUB, and
# epubcheck 4 rejects some of their CSS.
STATIC_KEPT = {"epub.css", "basic.css", "pygments.css", "file.png", "minus.png", "plus.png", CSS_NAME, COVER_NAME}
VOID_ELEMENT = re.compile(r"<(input|br|hr|img|meta|link|col|wbr)\b([^>]*?)\s*(?<!/)>", re.I)
DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(\[[^\]]*\])?\s*>\s*", re.S)


ROW_LINK_OPEN = re.compile(rb'<a xlink:href="#[^"]*"(?: target="[^"]*")?>')
ROW_LINK_CLOSE = re.compile(rb"</a>")
EMPTY_PATH = re.compile(rb"<path(?![^>]*\sd=)[^>]*/>\s*")
SVG_ID = re.compile(rb'\sid="([^"]+)"')


def epub_svg(raw: bytes) -> bytes:
    """A matplotlib SVG as EPUB 3 accepts it: without the SVG 1.1 DOCTYPE (an external entity), without empty
    paths (an artist clipped away entirely), and with unique ids (a chart may give several artists one gid).
    What the chart shows is unchanged."""
    raw = DOCTYPE.sub(b"", raw, count=1)
    raw = EMPTY_PATH.sub(b"", raw)
    # The online charts link each mark to its data row (<a xlink:href="#ROW_ID">); an e-book has no row to go
    # to, and epubcheck rejects the reference (RSC-011), so the marks are kept and their links dropped.
    if len(ROW_LINK_OPEN.findall(raw)) == raw.count(b"<a "):   # only row links: each </a> closes one of them
        raw = ROW_LINK_CLOSE.sub(b"</g>", ROW_LINK_OPEN.sub(b"<g>", raw))
    seen: dict[bytes, int] = {}

    def unique(match: re.Match) -> bytes:
        name = re.sub(rb"[^A-Za-z0-9_.-]", b"_", match.group(1))   # an id is an XML name: no '/' or ':'
        if not re.match(rb"[A-Za-z_]", name):
            name = b"_" + name
        seen[name] = seen.get(name, 0) + 1
        suffix = b"" if seen[name] == 1 else b"-" + str(seen[name]).encode()
        return b' id="' + name + suffix + b'"'

    return SVG_ID.sub(unique, raw)


def clean_svgs(folder: Path) -> None:
    for path in folder.glob("*.svg"):
        raw = path.read_bytes()
        cleaned = epub_svg(raw)
        if cleaned != raw:
            path.write_bytes(cleaned)


def keep_static(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file() and path.name not in STATIC_KEPT:
            path.unlink()


def xhtml_raw(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Raw HTML in the pages (a table's filter box, a chart's sources table) as well-formed XHTML: void elements
    closed (``<input …/>``). The e-book has no scripts, so a filter box is dropped."""
    if app.builder.name not in EPUB_BUILDERS:
        return
    for node in list(doctree.findall(nodes.raw)):
        if "html" not in node.get("format", "").split():
            continue
        text = node.astext()
        if re.search(r"<input\b", text, flags=re.I):
            text = re.sub(r"<input\b[^>]*>", "", text, flags=re.I)
            text = re.sub(r"<label\b[^>]*\bfor=[^>]*>.*?</label>", "", text, flags=re.I | re.S)
        text = VOID_ELEMENT.sub(lambda m: f"<{m.group(1)}{m.group(2)} />", text)
        node.children = [nodes.Text(text)]


def page_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Only the e-book's own stylesheets, and no scripts, on an EPUB page."""
    if app.builder.name not in EPUB_BUILDERS:
        return
    context["css_files"] = [c for c in context.get("css_files", [])
                            if Path(getattr(c, "filename", str(c))).name in STATIC_KEPT]
    context["script_files"] = []


def register(app: Sphinx) -> None:
    app.connect("builder-inited", _epub_setup, priority=400)
    app.connect("doctree-resolved", xhtml_raw)
    app.connect("html-page-context", page_assets, priority=990)
