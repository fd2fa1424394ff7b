"""The print edition's Sphinx extension (LaTeX builder only; the HTML edition is untouched).

Registered by :func:`moscow_pyongyang_book.setup`. Sphinx's own LaTeX writer, without
sphinx-jupyterbook-latex (whose bbm.sty needs texlive-fonts-extra), drops the parts of ``_toc.yml``, sets the
landing page as untitled text, moves the bibliography to the very end under a second heading and sets tables
of more than a few columns in fixed ``l`` columns that run past the margin. This extension fixes that:

1. **Book structure.** Each captioned part of ``_toc.yml`` becomes a ``\\part``; a part whose caption is listed
   in ``latex_backmatter_parts`` (default "Back matter") becomes the unnumbered back matter instead (no part
   page; glossary, chronology and bibliography as unnumbered chapters at the top level of the bookmarks). The
   landing page becomes the unnumbered chapter ``latex_intro_title``.
2. **Bibliography in place.** The entries stay where the ``{bibliography}`` directive is, under the page's
   own heading, instead of a second "Bibliography" chapter at the end of the book.
3. **Tables that fit the page.** Every table outside a box is a ``longtable`` (it breaks across pages and
   repeats its header); every table without explicit widths gets column widths from its content, so that
   cells wrap instead of running past the margin.
4. **Title page data.** ``\\booksubtitle``, ``\\bookedition`` (the edition date), ``\\bookcopyright``,
   ``\\bookrepository``, ``\\booksubject``, ``\\bookkeywords``, ``\\booklanguage`` and ``\\bookintrotitle``
   are defined for ``latex/bookprint.sty`` (title page, colophon and PDF metadata); the title and authors are
   Sphinx's own ``\\title`` and ``\\author``.
5. **Link targets.** Markdown link targets are un-escaped (myst-parser stores ``&`` as ``&amp;``); in tables
   the address of a named link is printed after it rather than in a footnote.
6. **Prose and figures, not data dumps.** The data notebooks stay in the online edition: the print edition omits
   them (``latex_omit_notebooks``), so each chart is printed once, where a chapter shows it with
   ``{glue:figure}``, and no code is printed; links to an omitted notebook become plain text. The caption of each
   such figure ends with a note on where its rows and sources are listed in full. The chronology is set as a
   compact list of dated entries (date, event, source) instead of a four-column table, and the table of
   disagreements and the data appendix's field tables as runs of short paragraphs, so that no long table runs
   over page after page; so is any table too wide for the page (its columns cannot all hold their longest word).

Config values (set them under ``sphinx.config`` in ``_config.yml``):

``latex_book_subtitle``, ``latex_book_subject``, ``latex_book_keywords`` (list),
``latex_edition_date`` (empty: the build date, or ``SOURCE_DATE_EPOCH`` when set, as "24 November 2026"),
``latex_intro_title``, ``latex_backmatter_parts`` (list of part captions), ``latex_omit_notebooks`` (bool),
``latex_figure_sources_note`` (the sentence added to a notebook figure's caption; ``{notebook}`` is the
notebook's title).
"""

from __future__ import annotations

import datetime as _dt
import html
import os
import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.latex.nodes import thebibliography
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

# Where a longtable cannot go: inside boxes (admonitions, sidebars, topics), figures, footnotes, other tables.
_BOXES = (nodes.Admonition, nodes.sidebar, nodes.topic, nodes.figure, nodes.footnote, nodes.table,
          nodes.citation, nodes.line_block, nodes.block_quote)
# Table column widths, in characters of the (\\small) table type; see column_widths().
LINE_CHARS = 76         # about this many fit in the text width (108 mm; latex/bookprint.sty)
CELL_PADDING = 4        # the space between columns (2 \\tabcolsep)
HEADER_WIDEN = 1.2      # header cells are set in bold sans
MAX_WORD_CHARS = 22     # a longer word (a URL) may break (xurl, hyphenation)
MAX_COLUMN_CHARS = 60


def latex_escape(text: str) -> str:
    """Escape text for use inside a LaTeX macro body (the title page and the PDF metadata)."""
    replacements = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$", "%": r"\%",
                    "&": r"\&", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
    return "".join(replacements.get(ch, ch) for ch in str(text))


def edition_date(config: Config) -> str:
    """The edition date: ``latex_edition_date`` if set, else the build date (``SOURCE_DATE_EPOCH`` wins)."""
    if config.latex_edition_date:
        return str(config.latex_edition_date)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = (_dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date() if epoch
           else _dt.date.today())
    return f"{day.day} {day:%B %Y}"


def _repository_url(config: Config) -> str:
    options = getattr(config, "html_theme_options", None) or {}
    return str(options.get("repository_url", "") or "")


def book_macros(config: Config) -> str:
    """LaTeX definitions of the title-page and metadata macros, from the Sphinx configuration."""
    values = {
        "booksubtitle": config.latex_book_subtitle,
        "bookedition": edition_date(config),
        "bookcopyright": config.copyright,
        "booksubject": config.latex_book_subject or config.latex_book_subtitle,
        "bookkeywords": ", ".join(config.latex_book_keywords),
        "booklanguage": (config.language or "en").replace("_", "-"),
        "bookintrotitle": config.latex_intro_title,
    }
    lines = ["% Defined by latex/print_edition.py from _config.yml"]
    lines += [rf"\providecommand{{\{name}}}{{{latex_escape(value)}}}" for name, value in values.items()]
    url = _repository_url(config)
    # \url-safe: only characters that need no escaping inside \url{} in a macro body
    if url and re.fullmatch(r"[A-Za-z0-9:/._\-]+", url):
        lines.append(rf"\providecommand{{\bookrepository}}{{\url{{{url}}}}}")
    else:
        lines.append(r"\providecommand{\bookrepository}{}")
    return "\n".join(lines) + "\n"


def _on_config_inited(app: Sphinx, config: Config) -> None:
    elements = dict(config.latex_elements or {})
    elements["preamble"] = book_macros(config) + elements.get("preamble", "")
    config.latex_elements = elements


# --- 1. book structure -------------------------------------------------------------------------------------

def _root_parts(app: Sphinx) -> list[tuple[str, list[str]]]:
    """(caption, top-level docnames) for each captioned toctree of the root document, in order."""
    root = app.config.root_doc
    tree = app.env.get_doctree(root)
    parts = []
    for toctree in tree.findall(addnodes.toctree):
        caption = toctree.get("caption")
        files = [str(f) for f in toctree.get("includefiles", [])]
        if caption and files:
            parts.append((caption, files))
    return parts


def _raw(text: str) -> nodes.raw:
    return nodes.raw("", text + "\n", format="latex")


class BookStructure(SphinxPostTransform):
    """Parts, front matter and back matter for the assembled LaTeX document."""

    default_priority = 700
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        starts = {node["docname"]: node for node in self.document.findall(addnodes.start_of_file)}
        if not starts:
            return
        backmatter = {c.casefold() for c in self.config.latex_backmatter_parts}
        in_backmatter = False
        for caption, files in _root_parts(self.app):
            first = starts.get(files[0])
            if first is None:
                continue
            if caption.casefold() in backmatter:
                if not in_backmatter:
                    first.parent.insert(first.parent.index(first), _raw(r"\bookbackmatter"))
                    in_backmatter = True
            else:
                if in_backmatter:
                    logger.warning("print edition: part %r comes after the back matter", caption,
                                   type="print_edition", subtype="structure")
                first.parent.insert(first.parent.index(first), _raw(r"\bookpart{%s}" % latex_escape(caption)))
        # The landing page's text (before the first part) becomes the front-matter chapter.
        top = next(iter(self.document.findall(nodes.section)), None)
        if top is not None and top.children and isinstance(top[0], nodes.title):
            top.insert(1, _raw(r"\bookintrochapter"))
            _unnumbered_subsections(top, level=1)


_LEVELS = {1: "section", 2: "subsection", 3: "subsubsection"}


def _unnumbered_subsections(parent: nodes.Element, level: int) -> None:
    """The landing page's own headings become unnumbered sections of its chapter (not chapters of the book).

    A heading section is replaced by a raw \\section* (with a contents line) followed by its content; sections
    that hold other documents (a toctree inlined for LaTeX) are left alone.
    """
    for section in [c for c in parent.children if isinstance(c, nodes.section)]:
        if next(iter(section.findall(addnodes.start_of_file)), None) is not None:
            continue
        _unnumbered_subsections(section, level + 1)
        title = section[0].astext() if section.children and isinstance(section[0], nodes.title) else ""
        command = _LEVELS.get(level, "paragraph")
        heading = _raw(r"\%s*{%s}\addcontentsline{toc}{%s}{%s}" % (command, latex_escape(title), command,
                                                                    latex_escape(title)))
        replacement = [heading] + [nodes.target("", "", ids=list(section["ids"]))] + list(section.children[1:])
        at = parent.index(section)
        parent.remove(section)
        for node in reversed(replacement):
            parent.insert(at, node)


# --- 2. bibliography in place ------------------------------------------------------------------------------

_MARK = "print_edition_bibliography"


class MarkBibliography(SphinxPostTransform):
    """Before Sphinx gathers the citations at the end of the document, note where each group stood."""

    default_priority = 740  # sphinx.builders.latex.transforms.BibliographyTransform is 750
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        groups: dict[int, int] = {}
        for citation in list(self.document.findall(nodes.citation)):
            parent = citation.parent
            if id(parent) not in groups:
                groups[id(parent)] = len(groups)
                marker = nodes.comment("", "")
                marker[_MARK] = groups[id(parent)]
                parent.insert(parent.index(citation), marker)
            citation[_MARK] = groups[id(parent)]


class PlaceBibliography(SphinxPostTransform):
    """Put the gathered citations back where their bibliography directive was."""

    default_priority = 760
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        markers = [n for n in self.document.findall(nodes.comment) if _MARK in n]
        gathered = [n for n in self.document.findall(thebibliography)]
        if not markers or not gathered:
            return
        citations = [c for bib in gathered for c in bib.children]
        for bib in gathered:
            bib.parent.remove(bib)
        for marker in markers:
            group = thebibliography()
            for citation in citations:
                if citation.get(_MARK) == marker[_MARK]:
                    group += citation
            if len(group):
                marker.replace_self(group)
            else:
                marker.parent.remove(marker)


# --- 3. tables that fit the page ---------------------------------------------------------------------------

def _inside(node: nodes.Node, kinds) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parent
    return False


URL_WORD_CHARS = 12  # an address breaks anywhere (xurl): it needs no more room than a short word


def _word_chars(word: str) -> int:
    return min(len(word), URL_WORD_CHARS) if "://" in word else len(word)


def _minimum_widths(head: list[list[str]], body: list[list[str]]) -> list[float]:
    rows = head + body
    columns = max((len(r) for r in rows), default=0)
    out = []
    for index in range(columns):
        cells = [(r[index], r in head) for r in rows if index < len(r)]
        word = max((_word_chars(w) * (HEADER_WIDEN if is_head else 1.0) for text, is_head in cells
                    for w in text.split()), default=0)
        out.append(min(word, MAX_WORD_CHARS) + CELL_PADDING)
    return out


def fits_the_page(head: list[list[str]], body: list[list[str]], available: int = LINE_CHARS) -> bool:
    """Whether every column can have at least its longest word within the text width."""
    return sum(_minimum_widths(head, body)) <= available


def column_widths(head: list[list[str]], body: list[list[str]], available: int = LINE_CHARS) -> list[int]:
    """Column widths (in characters of table type) from the cell texts, the way a browser sizes a table.

    Each column needs at least its longest word (so that words are not split; header words count wider, they
    are set in bold sans) and would like its longest cell. If every column can have its longest cell within
    ``available``, it does; otherwise each gets its minimum plus a share of the rest in proportion to how much
    more it would like.
    """
    rows = head + body
    columns = max((len(r) for r in rows), default=0)
    minimum, natural = [], []
    for index in range(columns):
        cells = [(r[index], r in head) for r in rows if index < len(r)]
        word = max((_word_chars(w) * (HEADER_WIDEN if is_head else 1.0) for text, is_head in cells
                    for w in text.split()), default=0)
        longest = max((len(text) * (HEADER_WIDEN if is_head else 1.0) for text, is_head in cells), default=0)
        low = min(word, MAX_WORD_CHARS) + CELL_PADDING
        minimum.append(low)
        natural.append(max(low, min(longest, MAX_COLUMN_CHARS) + CELL_PADDING))
    if sum(natural) <= available or sum(natural) == sum(minimum):
        widths = natural
    else:
        spare = max(available - sum(minimum), 0)
        extra = sum(n - m for n, m in zip(natural, minimum))
        widths = [m + (n - m) * spare / extra for n, m in zip(natural, minimum)]
    return [max(1, round(w)) for w in widths]


class PrintTables(SphinxPostTransform):
    """Long tables break across pages; columns wrap inside the text width."""

    default_priority = 800
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for table in list(self.document.findall(nodes.table)):
            if not _inside(table, _BOXES) and "longtable" not in table["classes"]:
                table["classes"].append("longtable")
            for tgroup in table.findall(nodes.tgroup):
                colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
                if not colspecs or "colwidths-given" in table["classes"]:
                    continue
                head = [[" ".join(e.astext().split()) for e in row.findall(nodes.entry)]
                        for part in tgroup.findall(nodes.thead) for row in part.findall(nodes.row)]
                body = [[" ".join(e.astext().split()) for e in row.findall(nodes.entry)]
                        for part in tgroup.findall(nodes.tbody) for row in part.findall(nodes.row)]
                if any(len(r) != len(colspecs) for r in head + body):  # spanning cells: keep Sphinx's layout
                    continue
                for colspec, width in zip(colspecs, column_widths(head, body)):
                    colspec["colwidth"] = width
                table["classes"] = [c for c in table["classes"] if c != "colwidths-auto"] + ["colwidths-given"]


# --- 5. link targets -----------------------------------------------------------------------------------

_EXTERNAL = ("http:", "https:", "ftp:")
_HIDDEN = "print-edition-inline-url:"


class PrintLinkTargets(SphinxPostTransform):
    """External link targets for print, before Sphinx adds a footnote with the address of each named link.

    myst-parser 3 stores Markdown link targets HTML-escaped (``&`` as ``&amp;``): they are un-escaped, so that
    the link works and an autolink is not taken for a named link. In a table, a named link's address is
    printed inline after it, since a long table's footnotes would all land on its last page at once.
    """

    default_priority = 300  # sphinx.builders.latex.transforms.ShowUrlsTransform is 400
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for ref in list(self.document.findall(nodes.reference)):
            uri = ref.get("refuri", "")
            if "&" in uri:
                # only real entities (with their semicolon): "&current_page" must not become "¤t_page"
                uri = ref["refuri"] = re.sub(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);",
                                             lambda m: html.unescape(m.group(0)), uri)
            if (not uri.startswith(_EXTERNAL) or ref.astext() == uri
                    or self.config.latex_show_urls in ("", "no", False, None)):
                continue
            if _inside(ref, nodes.table):
                parent = ref.parent
                at = parent.index(ref) + 1
                parent.insert(at, nodes.Text(")"))
                parent.insert(at, nodes.reference(uri, uri, refuri=uri))
                parent.insert(at, nodes.Text(" ("))
                ref["refuri"] = _HIDDEN + uri  # no footnote for this one: see RestoreLinkTargets


class RestoreLinkTargets(SphinxPostTransform):
    """Give back the addresses hidden from Sphinx's footnotes by PrintLinkTargets."""

    default_priority = 410
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for ref in self.document.findall(nodes.reference):
            if ref.get("refuri", "").startswith(_HIDDEN):
                ref["refuri"] = ref["refuri"][len(_HIDDEN):]


# --- 6. prose and figures, not data dumps -------------------------------------------------------------------

def _is_notebook(app: Sphinx, docname: str) -> bool:
    try:
        return str(app.env.doc2path(docname)).endswith(".ipynb")
    except Exception:  # pragma: no cover - a docname Sphinx does not know
        return False


def omitted_notebooks(app: Sphinx) -> set[str]:
    """The docnames the print edition leaves out (every notebook, unless ``latex_omit_notebooks`` is off)."""
    if not app.config.latex_omit_notebooks:
        return set()
    return {d for d in app.env.found_docs if _is_notebook(app, d)}


class OmitNotebooks(SphinxPostTransform):
    """Leave the notebooks out of the print edition, before references are resolved.

    The LaTeX builder inlines every document of the toctree into one tree and then resolves references; a
    reference to a document that is not part of the tree resolves to its text (the builder raises ``NoUri``), so
    links to an omitted notebook print as plain words. Figures the chapters paste from a notebook stay: they are
    files written by ``{glue:figure}``, not parts of the notebook's page.
    """

    default_priority = 5  # before sphinx.transforms.post_transforms.ReferencesResolver (10)
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        omit = omitted_notebooks(self.app)
        if not omit:
            return
        for start in list(self.document.findall(addnodes.start_of_file)):
            if start["docname"] in omit:
                start.parent.remove(start)
        docnames = getattr(self.app.builder, "docnames", None)
        if isinstance(docnames, set):
            docnames.difference_update(omit)
        self._redirect_figure_references(omit)
        self._name_omitted_documents(omit)

    def _name_omitted_documents(self, omit: set[str]) -> None:
        """A ``{doc}`` link to an omitted notebook prints as the notebook's title in quotes, marked (online); an
        unresolved link without its own text would print the notebook's path."""
        import posixpath

        titles = self.app.env.titles
        for xref in list(self.document.findall(addnodes.pending_xref)):
            if xref.get("refdomain") != "std" or xref.get("reftype") != "doc" or xref.get("refexplicit"):
                continue
            target = xref.get("reftarget", "")
            docname = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(posixpath.dirname(xref.get("refdoc", "")), target))
            if docname in omit and docname in titles:
                xref.replace_self(nodes.Text(f"\u201c{titles[docname].astext()}\u201d (online)"))

    def _redirect_figure_references(self, omit: set[str]) -> None:
        """A reference to a notebook's figure points at the chapter figure that shows the same chart; with none,
        it reads "a chart in the online edition" instead of printing the label."""
        shown: dict[tuple[str, str], str] = {}  # (notebook, glue key) -> the chapter figure's label
        for figure in self.document.findall(nodes.figure):
            notebook = _glued_from(figure, omit)
            if notebook is None or not figure.get("names"):
                continue
            for image in figure.findall(nodes.image):
                match = re.search(re.escape(re.sub(r"[^\w-]+", "_", notebook)) + r"__([\w-]+?)(?:\.\*|\.\w+)?$",
                                  str(image.get("uri", "")))
                if match:
                    shown.setdefault((notebook, match.group(1)), figure["names"][0])
        figures = notebook_figures(self.app, omit)
        for xref in list(self.document.findall(addnodes.pending_xref)):
            target = xref.get("reftarget", "")
            if xref.get("refdomain") != "std" or xref.get("reftype") not in ("numref", "ref") or target not in figures:
                continue
            label = shown.get(figures[target])
            if label:
                xref["reftarget"] = label
            else:
                xref.replace_self(nodes.Text("a chart in the online edition"))


_PUBLISH = re.compile(r"publish\(\s*\w+\s*,\s*[\"']([\w-]+)[\"']")


def notebook_figures(app: Sphinx, notebooks: set[str]) -> dict[str, tuple[str, str]]:
    """{figure label: (notebook, glue key)} for the notebook cells that name a figure and publish it."""
    import json
    from pathlib import Path

    found = {}
    for docname in notebooks:
        try:
            cells = json.loads(Path(app.env.doc2path(docname)).read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            continue
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            name = (((cell.get("metadata") or {}).get("mystnb") or {}).get("figure") or {}).get("name")
            keys = _PUBLISH.findall("".join(cell.get("source", [])))
            if name and keys:
                found[name] = (docname, keys[0])
    return found


def _glued_from(figure: nodes.figure, notebooks: set[str]) -> str | None:
    """The notebook a ``{glue:figure}`` image was pasted from (its file is ``glued/<docname>__<key>.*``)."""
    for image in figure.findall(nodes.image):
        uri = str(image.get("uri", "")) + " " + " ".join(str(v) for v in (image.get("candidates") or {}).values())
        if "glued" not in uri:
            continue
        for docname in notebooks:
            stem = re.sub(r"[^\w-]+", "_", docname) + "__"
            if stem in uri:
                return docname
    return None


class FigureSourcesNote(SphinxPostTransform):
    """End the caption of each figure pasted from an omitted notebook with where its rows are listed."""

    default_priority = 20
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        omit = omitted_notebooks(self.app)
        note = self.config.latex_figure_sources_note
        if not omit or not note:
            return
        for figure in self.document.findall(nodes.figure):
            notebook = _glued_from(figure, omit)
            if notebook is None:
                continue
            title = self.app.env.titles[notebook].astext() if notebook in self.app.env.titles else notebook
            caption = next(iter(figure.findall(nodes.caption)), None)
            if caption is None:
                continue
            caption += nodes.Text(" " + note.format(notebook=title))


def _cell_inlines(entry: nodes.entry) -> list[nodes.Node]:
    """The inline content of a table cell (its paragraphs' children, joined by spaces)."""
    out: list[nodes.Node] = []
    for child in entry.children:
        if out:
            out.append(nodes.Text(" "))
        out.extend(child.children if isinstance(child, nodes.paragraph) else [child])
    return out


def _rows(table: nodes.table) -> tuple[list[str], list[list[nodes.entry]]]:
    head = [[" ".join(e.astext().split()) for e in row.findall(nodes.entry)]
            for part in table.findall(nodes.thead) for row in part.findall(nodes.row)]
    body = [list(row.findall(nodes.entry)) for part in table.findall(nodes.tbody) for row in part.findall(nodes.row)]
    return (head[0] if head else []), body


_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


def print_date(text: str) -> str:
    """"1945-08-08" -> "8 Aug. 1945", "1945-08" -> "Aug. 1945"; anything else as it is."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text.strip())
    if not match or not match.group(2) or not 1 <= int(match.group(2)) <= 12:
        return text.strip()
    month = _MONTHS[int(match.group(2)) - 1]
    day = f"{int(match.group(3))} " if match.group(3) else ""
    return f"{day}{month} {match.group(1)}"


class CompactTables(SphinxPostTransform):
    """The chronology, the disagreements and the data appendix's field tables as compact text for print."""

    default_priority = 790  # before PrintTables
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for table in list(self.document.findall(nodes.table)):
            classes = set(table["classes"])
            if "chronology" in classes:
                self._replace(table, self._chronology(table))
            elif "disagreements" in classes or "claims" in classes:
                self._replace(table, self._entries(table))
            elif "data-fields" in classes or _in_data_appendix(table):
                self._replace(table, self._fields(table))
            elif not _inside(table, _BOXES) and _too_wide(table):
                # a table whose columns cannot all hold their longest word on the page reads as entries
                self._replace(table, self._entries(table))

    @staticmethod
    def _replace(table: nodes.table, new: nodes.Element) -> None:
        table.replace_self(new)

    def _chronology(self, table: nodes.table) -> nodes.container:
        header, rows = _rows(table)
        names = [h.casefold() for h in header]
        date_at = names.index("date") if "date" in names else 0
        event_at = names.index("event") if "event" in names else len(header) - 2
        source_at = names.index("source") if "source" in names else len(header) - 1
        box = nodes.container(classes=["bookchronology"])
        for cells in rows:
            para = nodes.paragraph()
            para += _raw_inline(r"\bookchronodate{%s}" % latex_escape(print_date(cells[date_at].astext())))
            para.extend(_cell_inlines(cells[event_at]))
            source = _cell_inlines(cells[source_at])
            if source and cells[source_at].astext().strip():
                para += nodes.Text(" ")
                para.extend(source)
            box += para
        return box

    def _entries(self, table: nodes.table) -> nodes.container:
        header, rows = _rows(table)
        box = nodes.container(classes=["bookentries"])
        # short first cells (topics, names) are bold lead-ins; sentences (claims) are set in italics
        lead = nodes.strong if all(len(c[0].astext().strip()) <= 80 for c in rows if c) else nodes.emphasis
        for cells in rows:
            para = nodes.paragraph()
            first = cells[0].astext().strip()
            para += lead("", "", *_cell_inlines(cells[0]))
            para += nodes.Text(" " if first.endswith((".", "!", "?")) else ". ")
            for name, cell in zip(header[1:], cells[1:]):
                if not cell.astext().strip():
                    continue
                para += nodes.emphasis("", name + ": ")
                para.extend(_cell_inlines(cell))
                para += nodes.Text(" " if cell.astext().rstrip().endswith((".", "!", "?")) else ". ")
            box += para
        return box

    def _fields(self, table: nodes.table) -> nodes.container:
        header, rows = _rows(table)
        box = nodes.container(classes=["bookfields"])
        for cells in rows:
            para = nodes.paragraph()
            para += nodes.literal("", cells[0].astext().strip())
            details = [c.astext().strip() for c in cells[1:-1] if c.astext().strip() not in ("", "—", "-")]
            if details:
                para += nodes.Text(" (" + "; ".join(details) + ")")
            if len(cells) > 1 and cells[-1].astext().strip():
                para += nodes.Text(": ")
                para.extend(_cell_inlines(cells[-1]))
            box += para
        return box


def _too_wide(table: nodes.table) -> bool:
    head = [[" ".join(e.astext().split()) for e in row.findall(nodes.entry)]
            for part in table.findall(nodes.thead) for row in part.findall(nodes.row)]
    body = [[" ".join(e.astext().split()) for e in row.findall(nodes.entry)]
            for part in table.findall(nodes.tbody) for row in part.findall(nodes.row)]
    if not head or any(len(r) != len(head[0]) for r in head + body):  # no header, or spanning cells
        return False
    return not fits_the_page(head, body)


LONG_LITERAL_CHARS = 24   # an inline literal word longer than this (a checksum, a long path) may break
LITERAL_CHUNK = 8


class BreakLongLiterals(SphinxPostTransform):
    """Let a long unbroken inline literal (a SHA-256 checksum, a long file name) break across lines in print,
    where it would otherwise run far past the margin: a break opportunity every few characters."""

    default_priority = 795
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for literal in list(self.document.findall(nodes.literal)):
            if _inside(literal, (nodes.literal_block,)):
                continue
            text = literal.astext()
            if not any(len(word) > LONG_LITERAL_CHARS for word in text.split()):
                continue
            pieces: list[nodes.Node] = []
            for word in re.split(r"(\s+)", text):
                if len(word) <= LONG_LITERAL_CHARS:
                    pieces.append(nodes.Text(word))
                    continue
                chunks = [word[i:i + LITERAL_CHUNK] for i in range(0, len(word), LITERAL_CHUNK)]
                for n, chunk in enumerate(chunks):
                    if n:
                        pieces.append(_raw_inline(r"\allowbreak{}"))
                    pieces.append(nodes.Text(chunk))
            del literal[:]
            literal += pieces


def _raw_inline(text: str) -> nodes.raw:
    return nodes.raw("", text, format="latex")


def _in_data_appendix(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.start_of_file):
            return str(parent.get("docname", "")).endswith("data_appendix")
        parent = parent.parent
    return False


def register(app: Sphinx) -> None:
    app.add_config_value("latex_book_subtitle", "", "env", [str])
    app.add_config_value("latex_book_subject", "", "env", [str])
    app.add_config_value("latex_book_keywords", [], "env", [list])
    app.add_config_value("latex_edition_date", "", "env", [str])
    app.add_config_value("latex_intro_title", "Introduction", "env", [str])
    app.add_config_value("latex_backmatter_parts", ["Back matter"], "env", [list])
    app.add_config_value("latex_omit_notebooks", True, "env", [bool])
    app.add_config_value("latex_figure_sources_note",
                         "Every row behind it, with its source: online, in the notebook \u201c{notebook}\u201d.",
                         "env", [str])
    app.connect("config-inited", _on_config_inited, priority=900)
    app.add_post_transform(BookStructure)
    app.add_post_transform(MarkBibliography)
    app.add_post_transform(PlaceBibliography)
    app.add_post_transform(OmitNotebooks)
    app.add_post_transform(FigureSourcesNote)
    app.add_post_transform(CompactTables)
    app.add_post_transform(BreakLongLiterals)
    app.add_post_transform(PrintTables)
    app.add_post_transform(PrintLinkTargets)
    app.add_post_transform(RestoreLinkTargets)
