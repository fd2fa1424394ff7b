"""Notebook cache invalidation and the HTML pages' tweaks (registered by :func:`moscow_pyongyang_book.setup`).

1. **A failed build is not remembered.** Sphinx does not repeat a cached page's warnings, so after a failed
   build the environment is forgotten and the next build re-reads every page (notebooks re-run only when their
   inputs changed: :mod:`moscow_pyongyang_book.cache`). A changed file in ``_static/`` or in this extension
   rewrites every page.
2. **Offline HTML.** No page loads anything from a third-party host: the MathJax script (a CDN script; the
   book has no mathematics) and the Thebe scripts are removed, and a page that does contain math is a build
   error rather than a silent third-party request. Duplicated inline scripts are emitted once.
3. **A strict table of contents.** A ``_toc.yml`` entry without a source file is reported with the toc's name.
4. **Figures across pages** (:mod:`moscow_pyongyang_book.glue`) and **pages generated from the data**
   (:mod:`moscow_pyongyang_book.tables`: the chronology and the table of disagreements).
5. **A lean, accessible page.** Each HTML page loads only the stylesheets and scripts its content uses (no
   copy-button script on a page without code, no sphinx-design styles without design elements…), scripts are
   deferred so they never block the first paint, every page gets a ``<meta name="description">`` from its
   first paragraph, and a few markup problems of the stock theme and extensions are repaired (bibliography
   roles, empty table-header cells). ``index.html`` is a small valid page that redirects to the landing page.
   The templates in ``_templates/`` and the styles in ``_static/`` do the rest (see ``_templates/layout.html``).
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from .toc import missing_sources

logger = logging.getLogger(__name__)


def _files_digest(named_files) -> str:
    """SHA-256 over (name, content) pairs: a file renamed, added, removed or edited changes it."""
    digest = hashlib.sha256()
    for name, path in named_files:
        digest.update(str(name).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read(stamp: Path | None) -> str | None:
    return stamp.read_text().strip() if stamp is not None and stamp.exists() else None


def _static_fingerprint(app: Sphinx) -> str:
    """The book's own static files (``_static/``): Sphinx copies them only when some page is rewritten; and this
    extension's own modules, which write the pages (a page is not re-read when only they change)."""
    bases = [Path(app.confdir) / folder for folder in app.config.html_static_path]
    files = [(path.relative_to(base), path) for base in bases if base.is_dir()
             for path in sorted(p for p in base.rglob("*") if p.is_file())]
    here = Path(__file__).parent
    files += [(Path("moscow_pyongyang_book") / path.name, path) for path in sorted(here.glob("*.py"))]
    return _files_digest(files)


def _static_stamp(app: Sphinx) -> Path:
    return Path(app.doctreedir) / f"book-static-{app.builder.name}.sha256"


def _outdated_when_static_changes(app: Sphinx, env, added, changed, removed):
    """A changed stylesheet or script in ``_static/`` rewrites every page (and so is copied to the output)."""
    if app.builder.format != "html":
        return []
    current = _static_fingerprint(app)
    app.env._book_static_fingerprint = current
    if _read(_static_stamp(app)) == current:
        return []
    return sorted(env.found_docs - set(added) - set(removed))


def _record_fingerprint(app: Sphinx, exception) -> None:
    succeeded = exception is None and getattr(app, "_warncount", 0) == 0
    if not succeeded:
        # Sphinx does not repeat a cached page's warnings: forget the environment so that the next build
        # re-reads every page and reports the same problems again instead of passing silently.
        (Path(app.doctreedir) / "environment.pickle").unlink(missing_ok=True)
    static = getattr(app.env, "_book_static_fingerprint", None)
    if static and app.builder.format == "html":
        if succeeded:
            _static_stamp(app).write_text(static + "\n")
        else:
            _static_stamp(app).unlink(missing_ok=True)


def _script_key(script) -> tuple[str, str]:
    attributes = getattr(script, "attributes", {}) or {}
    return str(getattr(script, "filename", script) or ""), str(attributes.get("body", ""))


def _offline_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Keep only scripts served by the book itself, each once.

    Removes MathJax (a CDN script; the book has no math) and Thebe (live code from a CDN, switched off in
    ``_config.yml``, but jupyter-book loads the extension anyway and emits its inline script twice).
    """
    if doctree is not None and context.get("has_math"):
        logger.warning("page %s contains math, but the book ships no MathJax (it would load from a CDN)",
                       pagename, location=pagename, type="moscow_pyongyang", subtype="math")
    scripts = context.get("script_files")
    if not scripts:
        return
    kept, seen = [], set()
    for script in scripts:
        name, body = _script_key(script)
        if "mathjax" in name.lower() or "thebe" in name.lower() or "THEBE_JS_URL" in body:
            continue
        if (name, body) in seen:
            continue
        seen.add((name, body))
        kept.append(script)
    context["script_files"] = kept


# Stylesheets and scripts that only some pages need: (file name fragment, pattern a page's body must contain).
# The book's own files in _static/ are loaded on every page.
_CONDITIONAL_ASSETS = (
    ("sphinx-design", r'class="[^"]*\bsd-'),
    ("design-tabs", r'class="[^"]*\bsd-tab'),
    ("togglebutton", r'class="[^"]*\b(toggle|dropdown)\b'),
    ("copybutton", r'class="[^"]*\bhighlight\b'),
    ("clipboard", r'class="[^"]*\bhighlight\b'),
    ("mystnb.", r'class="[^"]*\b(cell|cell_input|cell_output|output)\b'),
)
# Scripts that must run before the page's inline scripts (these read DOCUMENTATION_OPTIONS).
_BLOCKING_SCRIPTS = ("documentation_options.js",)
_DESCRIPTION_LENGTH = 155


def _needed(name: str, body: str) -> bool:
    for fragment, pattern in _CONDITIONAL_ASSETS:
        if fragment in name:
            return re.search(pattern, body) is not None
    return True


def _deferred(script):
    """The same script with ``defer``: it no longer blocks the first paint, and still runs in order."""
    attributes = dict(getattr(script, "attributes", {}) or {})
    name = str(getattr(script, "filename", "") or "")
    if not name or attributes.get("defer") or attributes.get("async") or name.endswith(_BLOCKING_SCRIPTS):
        return script
    attributes["defer"] = "defer"
    return type(script)(script.filename, priority=script.priority, **attributes)


def _lean_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Load on each page only the stylesheets and scripts its content uses; defer the scripts."""
    body = context.get("body") or ""  # the search page's results are plain text: it needs none of them
    if context.get("css_files") is not None:
        context["css_files"] = [css for css in context["css_files"]
                                if "thebe" not in str(getattr(css, "filename", css))
                                and _needed(str(getattr(css, "filename", css)), body)]
    scripts = []
    for script in context.get("script_files") or []:
        name, inline = _script_key(script)
        if not _needed(name, body):
            continue
        if "toggleHint" in inline or "toggleOpenOnPrint" in inline or "togglebuttonSelector" in inline:
            if not _needed("togglebutton", body):
                continue
        # the search page's own scripts (searchtools.js, searchindex.js) run at once and need doctools.js
        scripts.append(script if pagename == "search" else _deferred(script))
    context["script_files"] = scripts


_EMPTY_HEADER_CELL = re.compile(r"<th((?:\s+[^>]*)?)>(?:\s|&nbsp;|&#160;)*</th>")
_SUMMARY_LABEL = re.compile(r'<summary\s+aria-label="[^"]*"')
_THEBE_CONFIG = re.compile(r'\s*<script type="text/x-thebe-config">.*?</script>\s*<script>kernelName = [^<]*</script>',
                           flags=re.S)


def repair_body(body: str) -> str:
    """Markup fixes for the HTML that Sphinx and the extensions write into a page's body.

    - sphinxcontrib-bibtex marks each entry of a ``role="list"`` with the deprecated ``doc-biblioentry`` role,
      which is not a list item (axe: aria-required-children, aria-deprecated-role, aria-allowed-role).
    - A pandas table has an empty header cell above the index: an empty ``<th>`` names no column (axe:
      empty-table-header); an empty corner cell is a ``<td>``.
    - myst-nb names the toggle of a hidden cell "Toggle hidden content" while it shows "Show code cell
      source": a name that leaves out the visible text (axe: label-content-name-mismatch). Without the label
      the summary is named by what it shows.
    - The Thebe configuration block (live code is switched off in ``_config.yml``).
    """
    body = body.replace('role="doc-biblioentry"', 'role="listitem"')
    body = _SUMMARY_LABEL.sub("<summary", body)
    body = _EMPTY_HEADER_CELL.sub(lambda m: f"<td{m.group(1)}></td>", body)
    return _THEBE_CONFIG.sub("\n", body)


def _first_paragraph(doctree) -> str:
    for paragraph in doctree.findall(nodes.paragraph):
        parent = paragraph.parent
        if isinstance(parent, (nodes.section, nodes.document)):
            text = " ".join(paragraph.astext().split())
            if text:
                return text
    return ""


def page_description(text: str, limit: int = _DESCRIPTION_LENGTH) -> str:
    """A meta description: the text, cut at a word boundary to at most ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:—–-")
    return cut + "…"


def _page_metadata(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """A meta description on every page (search engines and link previews show it) and a repaired body."""
    if context.get("body"):
        context["body"] = repair_body(context["body"])
    # Sphinx's base layout already writes the viewport tag; the theme adds a second one
    metatags = re.sub(r'<meta name="viewport"[^>]*>', "", context.get("metatags") or "")
    context["metatags"] = metatags
    if 'name="description"' in metatags:
        return
    docstitle = context.get("docstitle") or app.config.project
    if templatename == "redirect.html":  # index.html: describe the landing page
        doctree = app.env.get_doctree(app.config.root_doc)
    text = _first_paragraph(doctree) if doctree is not None else ""
    if not text:
        title = re.sub(r"<[^>]+>", "", context.get("title") or "")
        text = {"genindex": f"Index of {docstitle}.", "search": f"Search the text of {docstitle}."}.get(
            pagename, f"{html.unescape(title)} — {docstitle}." if title else f"{docstitle}.")
    context["metatags"] = metatags + f'\n    <meta name="description" content="{html.escape(page_description(text))}" />'


def _redirect_page(app: Sphinx):
    """``index.html`` (the address a reader types) as a small valid page that redirects to the landing page.

    Without it sphinx-external-toc writes a bare ``<meta http-equiv="Refresh">`` line: no doctype, no title.
    """
    if app.builder.format != "html" or app.config.root_doc == "index" or app.builder.name == "dirhtml":
        return []
    return [("index", {"title": app.config.project, "target_page": app.config.root_doc}, "redirect.html")]


def _html_defaults(app: Sphinx, config) -> None:
    """Theme settings the book relies on, unless ``_config.yml`` sets them.

    - No empty "ethical ads" box at the foot of the sidebar (a Read the Docs feature).
    - ``data-theme="light"`` in the HTML of every page, so that a reader without JavaScript gets the light
      colours; with JavaScript the page follows the reader's system setting (see ``_templates/layout.html``).
    """
    config.html_theme_options.setdefault("primary_sidebar_end", [])
    config.html_context.setdefault("default_mode", "light")


def _check_toc(app: Sphinx) -> None:
    """A toc entry with no page behind it is named, with the toc file, before anything else happens."""
    toc = Path(app.srcdir) / "_toc.yml"
    if toc.exists():
        for page in missing_sources(toc):
            logger.warning("_toc.yml: entry %r has no source file (%s.md or %s.ipynb)", page, page, page,
                           location=str(toc), type="moscow_pyongyang", subtype="toc")


def register(app: Sphinx) -> None:
    app.connect("builder-inited", _check_toc)
    app.connect("env-get-outdated", _outdated_when_static_changes)
    app.connect("build-finished", _record_fingerprint)
    # after sphinx.ext.mathjax (priority 500) has added its script
    app.connect("html-page-context", _offline_scripts, priority=900)
    app.connect("html-page-context", _lean_assets, priority=910)
    app.connect("html-page-context", _page_metadata, priority=920)
    app.connect("html-collect-pages", _redirect_page)
    app.connect("config-inited", _html_defaults)
