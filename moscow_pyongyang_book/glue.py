"""Show a notebook's figure inside a chapter: ``{glue:figure}`` across documents.

myst-nb 1.4's ``{glue:figure}`` only finds keys glued in the same document. The book's chapters show figures
published by the notebooks, so this module extends the directive: an argument of the form
``../notebooks/trade_shift.ipynb::trade_off_book`` (a path relative to the chapter, ``::``, the glue key)
pastes that notebook's glued figure as a numbered, captioned figure with its own ``:name:`` and ``:alt:``.
The vector outputs (SVG for HTML, PDF for LaTeX) are written next to the executed notebooks and the builder
picks the best one. Notebooks are read before the other pages so that their glue data exist, and a chapter is
re-read whenever a notebook it shows changes.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

from docutils import nodes
from myst_nb.ext.glue.directives import PasteFigureDirective
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

# mime type -> file suffix, in the order they are written
VECTOR_OUTPUTS = {"image/svg+xml": ".svg", "application/pdf": ".pdf", "image/png": ".png"}


def _write_outputs(data: dict, folder: Path, stem: str) -> list[Path]:
    written = []
    folder.mkdir(parents=True, exist_ok=True)
    for mime, suffix in VECTOR_OUTPUTS.items():
        if mime not in data:
            continue
        content = data[mime]
        if isinstance(content, list):
            content = "".join(content)
        raw = content.encode("utf-8") if mime == "image/svg+xml" else base64.b64decode(content)
        path = folder / f"{stem}{suffix}"
        if not path.exists() or path.read_bytes() != raw:
            path.write_bytes(raw)
        written.append(path)
    return written


class CrossDocumentFigure(PasteFigureDirective):
    """``{glue:figure}`` that also accepts ``path/to/notebook.ipynb::key``."""

    def run(self):
        if "::" not in self.arguments[0]:
            return super().run()
        env = self.state.document.settings.env
        doc_path, key = self.arguments[0].split("::", 1)
        _, abs_path = env.relfn2path(doc_path.strip(), env.docname)
        notebook = Path(abs_path)
        docname = env.path2doc(str(notebook))
        if docname is None or not notebook.exists():
            return [self._warning(f"glue:figure: no notebook {doc_path!r} in the book")]
        env.note_dependency(str(notebook))
        output_folder = Path(env.mystnb_config.output_folder)
        glue_file = output_folder.joinpath(*docname.split("/")[:-1], Path(docname).name + ".glue.json")
        glue = json.loads(glue_file.read_text(encoding="utf-8")) if glue_file.exists() else {}
        if key not in glue:
            return [self._warning(f"glue:figure: key {key!r} not found in {docname} (does the notebook call "
                                  f"publish(fig, {key!r}), and is it in _toc.yml?)")]
        stem = re.sub(r"[^\w-]+", "_", f"{docname}__{key}")
        written = _write_outputs(glue[key].get("data", {}), output_folder / "glued", stem)
        if not written:
            return [self._warning(f"glue:figure: {docname}::{key} has no image output")]
        srcdir = Path(env.srcdir)
        uri = "/" + str((output_folder / "glued" / stem).relative_to(srcdir)) + ".*"
        image = nodes.image(uri=uri, alt=self.options.get("alt", ""))
        for option in ("width", "height", "scale"):
            if option in self.options:
                image[option] = self.options[option]
        figure = nodes.figure("", image)
        figure["mp_glue"] = (docname, key)   # for the downloads under the chart (.downloads)
        self.set_source_info(figure)
        if self.options.get("figwidth") is not None:
            figure["width"] = self.options["figwidth"]
        figure["classes"] += self.options.get("figclass", []) or []
        if self.options.get("align"):
            figure["align"] = self.options["align"]
        self.add_name(figure)
        if self.content:
            holder = nodes.Element()
            self.state.nested_parse(self.content, self.content_offset, holder)
            first = holder[0]
            if not isinstance(first, nodes.paragraph):
                return [figure, self._warning("glue:figure: the caption must be a paragraph")]
            caption = nodes.caption(first.rawsource, "", *first.children)
            caption.source, caption.line = first.source, first.line
            figure += caption
            if len(holder) > 1:
                figure += nodes.legend("", *holder[1:])
        return [figure]

    def _warning(self, message: str) -> nodes.system_message:
        return self.state.document.reporter.warning(message, line=self.lineno)


def _notebooks_first(app: Sphinx, env, docnames: list[str]) -> None:
    """Read notebooks before other pages so their glue data exist when a chapter pastes them."""
    suffix = {d: Path(env.doc2path(d)).suffix for d in docnames}
    docnames.sort(key=lambda d: 0 if suffix[d] == ".ipynb" else 1)


def register(app: Sphinx) -> None:
    app.add_directive_to_domain("glue", "figure", CrossDocumentFigure, override=True)
    app.connect("env-before-read-docs", _notebooks_first)
