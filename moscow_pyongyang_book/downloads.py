"""Under every chart of the online edition: its rows as CSV, the chart as SVG and PNG, and "cite this figure".

A notebook publishes a chart with :func:`moscow_pyongyang.publish.publish`, which glues the figure (SVG for the
web, PDF for print) and, hidden, a PNG (``KEY__png``) and the rows the chart draws as CSV (``KEY__rows`` or
``KEY__rows__NAME``). When the HTML builder writes a page, this module finds each figure that shows a glued
chart — a figure cell on a notebook page (its code calls ``publish(fig, "KEY")``) or a ``{glue:figure}`` pasted
into a chapter (:mod:`.glue` marks it) — writes those files to ``_downloads/figures/`` in the output and adds,
right under the figure, links to them and a ``<details>`` block with a formatted reference and a BibTeX entry
(the book's title, the figure's number, the page's address). Only the HTML builders do this: the print edition and
the EPUB are unaffected. Nothing is fetched; the links are relative.
"""

from __future__ import annotations

import base64
import html
import json
import posixpath
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

HTML_BUILDERS = {"html", "dirhtml"}
FOLDER = "_downloads/figures"
PUBLISH_CALL = re.compile(r"""publish\(\s*\w+\s*,\s*["']([^"']+)["']""")


def _glue_data(env, docname: str) -> dict:
    output_folder = Path(env.mystnb_config.output_folder)
    glue_file = output_folder.joinpath(*docname.split("/")[:-1], Path(docname).name + ".glue.json")
    if not glue_file.exists():
        return {}
    cache = env.app.__dict__.setdefault("_mp_glue_cache", {})
    stamp = glue_file.stat().st_mtime_ns
    if cache.get(glue_file, (None,))[0] != stamp:
        cache[glue_file] = (stamp, json.loads(glue_file.read_text(encoding="utf-8")))
    return cache[glue_file][1]


def _text(content) -> str:
    return "".join(content) if isinstance(content, list) else str(content)


def figure_files(glue: dict, key: str) -> dict[str, bytes]:
    """``{file suffix: content}`` for a glued chart: ``.svg``, ``.png`` and one ``.csv`` (or ``-NAME.csv``) per
    table of rows."""
    files: dict[str, bytes] = {}
    svg = glue.get(key, {}).get("data", {}).get("image/svg+xml")
    if svg:
        files[".svg"] = _text(svg).encode("utf-8")
    png = glue.get(key + "__png", {}).get("data", {}).get("image/png")
    if png:
        files[".png"] = base64.b64decode(_text(png))
    for name, item in sorted(glue.items()):
        if name == key + "__rows" or name.startswith(key + "__rows__"):
            csv = item.get("data", {}).get("text/csv")
            if csv is not None:
                table = name[len(key + "__rows"):].lstrip("_")
                files[f"-{table}.csv" if table else ".csv"] = _text(csv).encode("utf-8")
    return files


def _notebook_key(figure: nodes.figure) -> str | None:
    """The glue key of a figure cell on a notebook page: the key its code cell passes to ``publish``."""
    parent = figure.parent
    while parent is not None and parent.get("nb_element") != "cell_code":
        parent = parent.parent
    if parent is None:
        return None
    for block in parent.findall(nodes.literal_block):
        match = PUBLISH_CALL.search(block.astext())
        if match:
            return match.group(1)
    return None


def _figure_number(env, docname: str, figure_id: str) -> str:
    number = env.toc_fignumbers.get(docname, {}).get("figure", {}).get(figure_id)
    return ".".join(str(n) for n in number) if number else ""


def _caption_title(figure: nodes.figure) -> str:
    caption = next(iter(figure.findall(nodes.caption)), None)
    text = re.sub(r"\s+", " ", caption.astext()).strip() if caption is not None else ""
    first = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0].rstrip(".;:")
    return first if len(first) <= 160 else first[:159].rstrip() + "…"


def _page_url(app: Sphinx, docname: str, figure_id: str) -> str:
    base = (app.config.html_baseurl or "").rstrip("/")
    if base:
        return f"{base}/{app.builder.get_target_uri(docname)}#{figure_id}"
    repository = (app.config.html_theme_options or {}).get("repository_url", "").rstrip("/")
    source = Path(app.env.doc2path(docname)).relative_to(app.srcdir).as_posix()
    return f"{repository}/blob/main/{source}" if repository else source


def book_title(config) -> str:
    """The book's title: Jupyter Book puts ``title`` from _config.yml into ``html_title`` (``project`` stays
    Sphinx's placeholder)."""
    title = getattr(config, "html_title", "") or ""
    return title if title and config.project in ("", "Project name not set") else (config.project or title)


def citation(app: Sphinx, number: str, title: str, url: str) -> tuple[str, str, str]:
    """``(formatted reference, BibTeX, BibTeX key)`` for one figure."""
    book = book_title(app.config)
    author = app.config.author
    year = re.search(r"\d{4}", app.config.copyright or "")
    year = year.group(0) if year else ""
    label = f"Figure {number}" if number else "Figure"
    reference = f"{author} ({year}). “{label}: {title}”. In: {book}. {url}"
    key = "mpbook-fig-" + (number.replace(".", "-") if number else re.sub(r"\W+", "-", title.lower())[:30])
    bibtex = (f"@misc{{{key},\n  author       = {{{{{author}}}}},\n  title        = {{{{{label}: {title}}}}},\n"
              f"  howpublished = {{In: {book}}},\n  year         = {{{year}}},\n  url          = {{{url}}}\n}}")
    return reference, bibtex, key


def _block(app: Sphinx, docname: str, figure: nodes.figure, stem: str, files: dict[str, bytes]) -> nodes.raw:
    figure_id = figure["ids"][0] if figure["ids"] else ""
    number = _figure_number(app.env, docname, figure_id)
    title = _caption_title(figure)
    url = _page_url(app, docname, figure_id)
    reference, bibtex, _ = citation(app, number, title, url)
    here = posixpath.dirname(app.builder.get_target_uri(docname))
    links = []
    for suffix, content in files.items():
        href = posixpath.relpath(f"{FOLDER}/{stem}{suffix}", here or ".")
        if suffix.endswith(".csv"):
            rows = max(0, content.decode("utf-8").count("\n") - 1)
            table = suffix[1:-4]
            text = f"data{' (' + table + ')' if table else ''}, CSV, {rows} row{'' if rows == 1 else 's'}"
        else:
            text = f"chart, {suffix[1:].upper()}"
        links.append(f'<a href="{html.escape(href)}" download>{html.escape(text)}</a>')
    label = f"Figure {number}" if number else "this figure"
    markup = (f'<div class="figure-downloads" role="group" aria-label="Downloads and citation for {label}">'
              f'<p class="figure-downloads-links">Download: {" · ".join(links)}</p>'
              f'<details class="figure-cite"><summary>Cite this figure</summary>'
              f'<p class="figure-cite-reference">{html.escape(reference)}</p>'
              f'<pre class="figure-cite-bibtex" tabindex="0" role="region" aria-label="BibTeX for {label}"><code>'
              f'{html.escape(bibtex)}</code></pre></details></div>')
    return nodes.raw("", markup, format="html")


def chart_figures(app: Sphinx, doctree: nodes.document, docname: str):
    """Each figure of the page that shows a glued chart: ``(figure, notebook, key, file stem, files)``."""
    env = app.env
    for figure in list(doctree.findall(nodes.figure)):
        source = figure.get("mp_glue")
        if source:
            notebook, key = source
        elif Path(env.doc2path(docname)).suffix == ".ipynb":
            notebook, key = docname, _notebook_key(figure)
        else:
            continue
        if not key:
            continue
        files = figure_files(_glue_data(env, notebook), key)
        if not files:
            continue
        yield figure, notebook, key, re.sub(r"[^\w-]+", "_", f"{notebook}__{key}"), files


def add_downloads(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.name not in HTML_BUILDERS:
        return
    out = Path(app.outdir) / FOLDER
    for figure, notebook, key, stem, files in chart_figures(app, doctree, docname):
        if not any(s.endswith(".csv") for s in files):
            logger.warning(f"figure {key!r} in {notebook} has no rows to download: pass rows= to publish() or "
                           "show a sources table under the chart", location=figure, type="moscow_pyongyang",
                           subtype="downloads")
        out.mkdir(parents=True, exist_ok=True)
        for suffix, content in files.items():
            path = out / f"{stem}{suffix}"
            if not path.exists() or path.read_bytes() != content:
                path.write_bytes(content)
        figure.parent.insert(figure.parent.index(figure) + 1, _block(app, docname, figure, stem, files))


def register(app: Sphinx) -> None:
    app.connect("doctree-resolved", add_downloads)
