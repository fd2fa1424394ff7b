"""Publish a chart: glue it for the chapters, show it once on the notebook page, list its sources.

A notebook cell that draws a chart carries its caption, label and alt text in the cell metadata
(``mystnb: {figure: {caption, name}, image: {alt}}``) so that it is a numbered figure on the notebook page.
:func:`publish` also glues the figure under a key so that chapters can show it with ``{glue:figure}``.
"""

from __future__ import annotations

import html

import matplotlib.pyplot as plt
import pandas as pd


def publish(fig: plt.Figure, key: str) -> None:
    """Glue ``fig`` under ``key`` and display it once (closing it so Jupyter does not draw it twice)."""
    from myst_nb import glue

    glue(key, fig, display=True)
    plt.close(fig)


def _markdown_cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def sources_table(frame: pd.DataFrame, columns: list[str], *, title: str = "Data and sources behind this chart",
                  url_column: str = "source_url"):
    """A collapsed table of the rows a chart draws, each with its source linked.

    In HTML it is a ``<details>`` element (works without JavaScript); in the PDF a plain Markdown table.
    """
    from IPython.display import display

    shown = frame[columns + ([url_column] if url_column in frame and url_column not in columns else [])]
    head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in columns) + "<th scope='col'>source</th>"
    body = []
    for _, row in shown.iterrows():
        cells = "".join(f"<td>{html.escape(str(row[c]))}</td>" for c in columns)
        url = html.escape(str(row.get(url_column, "")))
        cells += f"<td><a href='{url}'>link</a></td>" if url else "<td></td>"
        body.append(f"<tr>{cells}</tr>")
    html_table = (f"<details class='data-sources'><summary>{html.escape(title)} ({len(shown)} rows)</summary>"
                  f"<div class='table-wrapper' tabindex='0' role='region' aria-label='{html.escape(title)}'>"
                  f"<table class='table'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
                  f"</div></details>")
    md = ["| " + " | ".join(columns + ["source"]) + " |", "|" + "---|" * (len(columns) + 1)]
    for _, row in shown.iterrows():
        url = str(row.get(url_column, ""))
        link = f"<{url}>" if url else ""
        md.append("| " + " | ".join(_markdown_cell(row[c]) for c in columns) + f" | {link} |")
    display({"text/html": html_table, "text/markdown": f"**{title}**\n\n" + "\n".join(md)}, raw=True)
