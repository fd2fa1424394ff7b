"""Book pages generated from ``data/`` at build time: the chronology and the table of disagreements.

Two MyST directives, registered by :mod:`moscow_pyongyang_book`:

- ``{chronology}``: every row of ``data/events.csv``, stage by stage, each event with its citation. In HTML a
  filter box narrows the table as the reader types (plain JavaScript served by the book; without JavaScript
  the full table is shown); in the PDF each stage is a long table that breaks across pages.
- ``{disagreements-table}``: every row of ``data/disagreements.csv``: what is disputed, the range, the
  sources on each side and the book's reading.
- ``{claims-table}``: every row of ``data/claims.csv``, essay by essay: the claim, its status, the evidence and
  where the book discusses it, after a count of statuses; the print edition keeps the count only.

Both read the data through the package's loaders, so a malformed row stops the build with the loader's
message, and the pages change whenever the data change (the extension re-reads every page then).
"""

from __future__ import annotations

import re

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

FILTER_SCRIPT = "table-filter.js"


def md_escape(text: object) -> str:
    """Text safe to place in a MyST list-table cell."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    return re.sub(r"([\\`*_\[\]{}<>|#])", r"\\\1", text)


def cite(keys: str) -> str:
    keys = [k.strip() for k in re.split(r"[;,]", keys or "") if k.strip()]
    return "{cite:p}`" + ",".join(keys) + "`" if keys else ""


def list_table(header: list[str], rows: list[list[str]], widths: list[int], classes: str) -> list[str]:
    lines = [":::{list-table}", ":header-rows: 1", f":widths: {' '.join(map(str, widths))}",
             f":class: longtable {classes}", ""]
    for row in [header] + rows:
        lines.append(f"* - {row[0]}")
        lines += [f"  - {cell}" for cell in row[1:]]
    lines.append(":::")
    return lines


class _DataDirective(SphinxDirective):
    has_content = False
    required_arguments = 0
    optional_arguments = 0

    def parse_markdown(self, lines: list[str]) -> list[nodes.Node]:
        # The page is generated from data/: an edited CSV must make Sphinx read the page again on the next build.
        from moscow_pyongyang.data.paths import data_dir

        for path in sorted(data_dir().glob("*.csv")) + [data_dir() / "datapackage.json"]:
            self.env.note_dependency(str(path))
        container = nodes.container(classes=["generated-from-data"])
        self.state.nested_parse(StringList(lines, source=self.get_source_info()[0]), self.content_offset, container)
        return [container]


class ChronologyDirective(_DataDirective):
    """The chronology of events, one table a stage."""

    def run(self) -> list[nodes.Node]:
        from moscow_pyongyang.data.load import load_events, load_stages

        events = load_events().sort_values(["date_start", "id"], kind="stable")
        stages = load_stages()
        lines: list[str] = []
        if self.env.app.builder.format == "html":
            lines += ["```{raw} html",
                      '<div class="table-filter"><label for="chronology-filter">Filter the chronology</label> '
                      '<input id="chronology-filter" type="search" data-filter-tables=".chronology" '
                      'placeholder="e.g. treaty, Khasan, 1961"></div>',
                      "```", ""]
        for _, stage in stages.sort_values("stage").iterrows():
            chosen = events[events["stage"] == stage["stage"]]
            span = f"{stage['start'][:4]}–{str(stage['end'])[:4] if stage['end'] else 'today'}"
            lines += [f"**Stage {stage['stage']}: {md_escape(stage['label'])}, {span}** "
                      f"({len(chosen)} events)", ""]
            rows = [[md_escape(e["date"]), md_escape(e["category"]), md_escape(e["event"]), cite(e["bib_key"])]
                    for _, e in chosen.iterrows()]
            lines += list_table(["Date", "Category", "Event", "Source"], rows, [11, 11, 48, 30], "chronology")
            lines.append("")
        if self.env.app.builder.format == "html":
            self.env.metadata[self.env.docname]["book_table_filter"] = True
        return self.parse_markdown(lines)


class DisagreementsDirective(_DataDirective):
    """Every disagreement between sources that the book records."""

    def run(self) -> list[nodes.Node]:
        from moscow_pyongyang.data.load import load_disagreements

        rows = []
        for _, d in load_disagreements().iterrows():
            topic = md_escape(d["topic"]) + (" *(an error of the essay)*" if d["essay_error"] else "")
            rows.append([topic, md_escape(d["claim"]), md_escape(d["range"]), cite(d["sources"]),
                         md_escape(d["reading"])])
        return self.parse_markdown(list_table(["Topic", "What is disputed", "Range", "Sources", "The book's reading"],
                                              rows, [14, 26, 16, 14, 30], "disagreements"))


class ClaimsDirective(_DataDirective):
    """The three essays' claims and what the evidence says about each."""

    STATUSES = ["accepted", "qualified", "corrected", "unverified"]

    def run(self) -> list[nodes.Node]:
        from moscow_pyongyang.data.load import load_claims

        from .toc import toc_pages

        claims = load_claims(pages=toc_pages())
        essays = list(dict.fromkeys(claims["essay"]))
        counts = [[md_escape(essay)] + [str(int(((claims["essay"] == essay) & (claims["status"] == s)).sum()))
                                        for s in self.STATUSES] + [str(int((claims["essay"] == essay).sum()))]
                  for essay in essays]
        lines = list_table(["Essay"] + [s.capitalize() for s in self.STATUSES] + ["Claims"], counts,
                           [40, 12, 12, 12, 12, 12], "claims-summary")
        lines.append("")
        if self.env.app.builder.format != "html":
            lines.append("The online edition lists every claim with its evidence.")
            return self.parse_markdown(lines)
        for essay in essays:
            chosen = claims[claims["essay"] == essay]
            lines += [f"**{md_escape(essay)}** ({len(chosen)} claims)", ""]
            rows = [[md_escape(c["claim"]), c["status"].capitalize(), md_escape(c["evidence"]), cite(c["bib_keys"]),
                     ", ".join("{doc}`/" + page + "`" for page in c["discussed_in"].split("; "))]
                    for _, c in chosen.iterrows()]
            lines += list_table(["The essay says", "Status", "What the evidence shows", "Sources", "Discussed in"],
                                rows, [26, 10, 30, 16, 18], "claims")
            lines.append("")
        return self.parse_markdown(lines)


def _add_filter_script(app, pagename, templatename, context, doctree) -> None:
    if doctree is not None and app.env.metadata.get(pagename, {}).get("book_table_filter"):
        app.add_js_file(FILTER_SCRIPT, loading_method="defer")


def _static_path(app, config) -> None:
    from pathlib import Path

    config.html_static_path.append(str(Path(__file__).with_name("static")))


def register(app) -> None:
    app.add_directive("chronology", ChronologyDirective)
    app.add_directive("disagreements-table", DisagreementsDirective)
    app.add_directive("claims-table", ClaimsDirective)
    app.connect("config-inited", _static_path)
    app.connect("html-page-context", _add_filter_script)
