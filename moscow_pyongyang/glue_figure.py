"""Cross-page ``{glue:figure}``: show a notebook's glued chart inside a chapter, as a numbered figure.

The chapters show the notebooks' charts with

    ```{glue:figure} ../notebooks/trade_shift.ipynb::trade_off_book
    :name: fig-ch4-off-book
    :alt: ...

    Caption in the chapter's words.
    ```

myst-nb 1.x cannot do this on its own: its ``glue:figure`` directive reads only the glue data of the page it is
on, and its cross-page mechanism (the ``glue`` directive's ``:doc:`` option) gives no figure, label, caption or
alt text, and turns only PNG/JPEG/GIF/PDF outputs into images (the book's charts are SVG for the web and PDF for
print). This extension re-registers ``glue:figure``:

* an argument without ``::`` keeps myst-nb's own behaviour (a key glued on the same page);
* ``path::key`` builds the figure (label, caption) at read time around a placeholder, records a dependency on the
  notebook, and after every page has been read replaces the placeholder with the notebook's glued output in the
  format the builder prefers (SVG for HTML, PDF for LaTeX), copied into the builder's image folder, with the
  directive's ``:alt:`` text. A missing notebook, key or usable format is a build warning naming the chapter.
"""

from __future__ import annotations

import hashlib
import json
import os
from binascii import a2b_base64
from pathlib import Path
from typing import Any

from docutils import nodes
from myst_nb.core.render import get_mime_priority
from myst_nb.ext.glue.directives import PasteFigureDirective
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from . import __version__

logger = logging.getLogger(__name__)

#: output formats that can become an image, with the file extension they are written under
IMAGE_TYPES = {"image/svg+xml": ".svg", "image/png": ".png", "image/jpeg": ".jpeg", "application/pdf": ".pdf"}


class pending_glue_figure(nodes.General, nodes.Element):
    """Placeholder for a glued output from another page (attributes: refdoc, key, alt)."""


class CrossPageGlueFigure(PasteFigureDirective):
    """``glue:figure`` that also accepts ``relative/path.ipynb::key``."""

    def run(self) -> list[nodes.Node]:
        argument = self.arguments[0].strip()
        if "::" not in argument:
            return super().run()
        env = self.state.document.settings.env
        rel_path, key = (part.strip() for part in argument.split("::", 1))
        _, abs_path = env.relfn2path(rel_path, env.docname)
        refdoc = env.path2doc(abs_path)
        if refdoc is None:
            logger.warning("glue:figure: no page %r in the book (from %r)", rel_path, argument,
                           location=(env.docname, self.lineno), type="glue", subtype="figure")
            return []
        env.note_dependency(abs_path)

        placeholder = pending_glue_figure(refdoc=refdoc, key=key, alt=self.options.get("alt", ""))
        figure_node = nodes.figure("", placeholder)
        self.set_source_info(figure_node)
        for option, attribute in (("figwidth", "width"), ("align", "align")):
            if option in self.options:
                figure_node[attribute] = self.options[option]
        figure_node["classes"] += self.options.get("figclass", [])
        self.add_name(figure_node)
        if self.content:
            holder = nodes.Element()
            self.state.nested_parse(self.content, self.content_offset, holder)
            first = holder[0]
            if isinstance(first, nodes.paragraph):
                caption = nodes.caption(first.rawsource, "", *first.children)
                caption.source, caption.line = first.source, first.line
                figure_node += caption
                if len(holder) > 1:
                    figure_node += nodes.legend("", *holder[1:])
        return [figure_node]


def _glue_data(folder: str, docname: str) -> dict[str, Any]:
    """The glue outputs myst-nb stored for one executed notebook (empty if it stored none)."""
    path = Path(folder, *docname.split("/")[:-1], f"{docname.split('/')[-1]}.glue.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


class ResolveCrossPageGlueFigures(SphinxPostTransform):
    """Replace each placeholder with the glued image, written into the builder's image folder."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        builder = self.app.builder
        folder = self.env.mystnb_config.output_folder
        priority = get_mime_priority(builder.name, self.config["nb_mime_priority_overrides"])
        for placeholder in list(self.document.findall(pending_glue_figure)):
            refdoc, key = placeholder["refdoc"], placeholder["key"]
            output = _glue_data(folder, refdoc).get(key)
            if output is None:
                logger.warning("glue:figure: key %r not found in %r (is the key published by that notebook?)",
                               key, refdoc, location=placeholder, type="glue", subtype="figure")
                placeholder.parent.remove(placeholder)
                continue
            mime = next((m for m in priority if m in output["data"] and m in IMAGE_TYPES), None)
            if mime is None:
                logger.warning("glue:figure: %r in %r has no image format for the %s builder (has %s)",
                               key, refdoc, builder.name, ", ".join(output["data"]), location=placeholder,
                               type="glue", subtype="figure")
                placeholder.parent.remove(placeholder)
                continue
            data = output["data"][mime]
            content = data.encode("utf-8") if mime == "image/svg+xml" else a2b_base64(data)
            filename = hashlib.sha256(content).hexdigest() + IMAGE_TYPES[mime]
            target = Path(builder.outdir, builder.imagedir, filename)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                target.write_bytes(content)
            if builder.format == "html":
                page_dir = Path(builder.outdir, self.env.docname).parent
                uri = Path(os.path.relpath(target, page_dir)).as_posix()
            else:  # LaTeX and other single-folder builders resolve images from the output folder
                uri = Path(builder.imagedir, filename).as_posix()
            image = nodes.image(uri=uri, alt=placeholder["alt"], candidates={"*": uri})
            image.source, image.line = placeholder.source, placeholder.line
            placeholder.replace_self(image)


def setup(app: Sphinx) -> dict:
    app.setup_extension("myst_nb")
    app.add_node(pending_glue_figure)
    app.add_directive_to_domain("glue", "figure", CrossPageGlueFigure, override=True)
    app.add_post_transform(ResolveCrossPageGlueFigures)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
