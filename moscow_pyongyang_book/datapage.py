"""The data appendix, generated at build time from ``data/datapackage.json`` (a Sphinx extension).

``chapters/data_appendix.md`` holds one directive::

    ```{data-appendix}
    ```

which expands into one section per dataset: what it is, its file, row count, licence, keys, the pages that use it,
and a table of its fields (name, type, constraints, description). The page depends on the descriptor and on every
CSV it describes, so Sphinx re-reads it whenever one of them changes; nothing is written by hand.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from moscow_pyongyang.data.paths import data_dir
from moscow_pyongyang.data.schema import descriptor_path


logger = logging.getLogger(__name__)



def count_rows(path: Path) -> int:
    """Data rows in a CSV file (records after the header), counted with the csv module."""
    with path.open(newline="", encoding="utf-8") as fh:
        return max(sum(1 for _ in csv.reader(fh)) - 1, 0)


def constraints_text(field: dict) -> str:
    """The field's constraints in words."""
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if "enum" in c:
        parts.append("one of: " + ", ".join(str(v) for v in c["enum"]))
    if field.get("x-date") == "partial":
        parts.append("ISO date: YYYY, YYYY-MM or YYYY-MM-DD")
    elif "pattern" in c:
        parts.append(f"pattern {c['pattern']}")
    if "minimum" in c:
        parts.append(f"at least {c['minimum']}")
    if "maximum" in c:
        parts.append(f"at most {c['maximum']}")
    if field.get("x-list"):
        parts.append(f"list separated by '{field['x-list']}'")
    if field.get("x-bib"):
        parts.append("keys in references.bib")
    return "; ".join(parts) or "—"


def _table(headers: list[str], rows: list[list[str]], widths: list[int]) -> nodes.table:
    table = nodes.table(classes=["data-fields", "colwidths-given"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    row = nodes.row()
    for text in headers:
        row += nodes.entry("", nodes.paragraph(text=text))
    head += row
    body = nodes.tbody()
    group += body
    for values in rows:
        row = nodes.row()
        for i, text in enumerate(values):
            para = nodes.paragraph()
            para += nodes.literal(text=text) if i == 0 else nodes.Text(text)
            row += nodes.entry("", para)
        body += row
    return table


class DataAppendix(SphinxDirective):
    """Describe every dataset of the data package: one section each, with a field table."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        folder = data_dir()
        descriptor = descriptor_path()
        self.env.note_dependency(str(descriptor))
        try:
            package = json.loads(descriptor.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            logger.warning("data appendix: cannot read %s: %s", descriptor, exc, location=self.get_location(),
                           type="moscow_pyongyang", subtype="data")
            return []
        out: list[nodes.Node] = []
        licences = ", ".join(f"{lic.get('title', lic['name'])} ({lic['name']})" for lic in package.get("licenses", []))
        intro = nodes.paragraph()
        tables = sum(1 for r in package["resources"] if "schema" in r)
        files = len(package["resources"]) - tables
        intro += nodes.Text(f"{tables} datasets" + (f" and {files} map files" if files else "") + ", described in ")
        intro += nodes.literal(text="data/datapackage.json")
        intro += nodes.Text(f" (a Frictionless Data Package, version {package.get('version', '?')}). "
                            f"Licence of the data: {licences}.")
        out.append(intro)
        for res in package["resources"]:
            out.append(self._dataset(folder, res))
        return out

    def _page_link(self, docname: str) -> nodes.Node:
        if docname not in self.env.found_docs:
            return nodes.Text(docname.replace("_", " "))
        ref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget="/" + docname, refexplicit=False,
                                    refwarn=True)
        ref += nodes.inline(text=docname)
        return ref

    def _file_resource(self, res: dict) -> nodes.section:
        return _file_resource_section(res)

    def _dataset(self, folder: Path, res: dict) -> nodes.section:
        name = res["name"]
        path = folder / res["path"]
        self.env.note_dependency(str(path))
        if "schema" not in res:  # a vendored file (the map outlines): what, which version, its checksum
            return self._file_resource(res)
        rows = count_rows(path) if path.exists() else 0
        section = nodes.section(ids=[f"data-{name.replace('_', '-')}"], names=[f"data-{name}"])
        section += nodes.title(text=f"{res.get('title', name)} ({res['path']})")
        section += nodes.paragraph(text=res.get("description", ""))

        facts = nodes.bullet_list()

        def item(*children):
            li = nodes.list_item()
            para = nodes.paragraph()
            for child in children:
                para += child if isinstance(child, nodes.Node) else nodes.Text(child)
            li += para
            facts.append(li)

        item("File: ", nodes.literal(text=f"data/{res['path']}"), f" — {rows} rows, "
             f"{len(res['schema']['fields'])} columns; loader ", nodes.literal(text=f"load_{name}()"), ".")
        licences = ", ".join(lic["name"] for lic in res.get("licenses", []))
        item(f"Licence: {licences}. Sources: " + "; ".join(s["title"] for s in res.get("sources", [])) + ".")
        keys = [f"primary key: {', '.join(res['schema'].get('primaryKey', []))}"]
        for fk in res["schema"].get("foreignKeys", []):
            ref = fk["reference"]
            keys.append(f"foreign key: {', '.join(fk['fields'])} → {ref['resource']}.{', '.join(ref['fields'])}")
        item("Keys: " + "; ".join(keys) + ".")
        pages = res.get("x-pages", [])
        if pages:
            children: list = ["Used by: "]
            for i, page in enumerate(pages):
                if i:
                    children.append(", ")
                children.append(self._page_link(page))
            children.append(".")
            item(*children)
        section += facts
        table_rows = [[f["name"], f.get("type", "string"), constraints_text(f), f.get("description", "")]
                      for f in res["schema"]["fields"]]
        section += _table(["Field", "Type", "Constraints", "Description"], table_rows, [22, 10, 28, 40])
        return section


def _file_resource_section(res: dict) -> nodes.section:
    name = res["name"]
    section = nodes.section(ids=[f"data-{name.replace('_', '-')}"], names=[f"data-{name}"])
    section += nodes.title(text=f"{res.get('title', name)} ({res['path']})")
    section += nodes.paragraph(text=res.get("description", ""))
    facts = nodes.bullet_list()
    lines = [("File: ", f"data/{res['path']}", f", {res.get('bytes', '?'):,} bytes." if isinstance(res.get("bytes"), int)
              else "."),
             ("Checksum: ", str(res.get("hash", "none recorded")), "."),
             ("Version: ", str(res.get("x-version", "?")), f" (Natural Earth {res.get('x-natural-earth-version', '?')}).")]
    for label, literal, tail in lines:
        para = nodes.paragraph()
        para += nodes.Text(label)
        para += nodes.literal(text=literal)
        para += nodes.Text(tail)
        facts += nodes.list_item("", para)
    licences = "; ".join(lic.get("title", lic["name"]) for lic in res.get("licenses", []))
    facts += nodes.list_item("", nodes.paragraph(text=f"Licence: {licences}."))
    sources = "; ".join(s["title"] for s in res.get("sources", []))
    facts += nodes.list_item("", nodes.paragraph(text=f"Source: {sources}."))
    section += facts
    return section


def register(app: Sphinx) -> None:
    app.add_directive("data-appendix", DataAppendix)
