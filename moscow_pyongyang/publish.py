"""Publish a chart: glue it for the chapters, show it once on the notebook page, list its sources.

A notebook cell that draws a chart carries its caption, label and alt text in the cell metadata
(``mystnb: {figure: {caption, name}, image: {alt}}``) so that it is a numbered figure on the notebook page.
:func:`publish` also glues the figure under a key so that chapters can show it with ``{glue:figure}``.
:func:`glue_number` glues a plain Python number or text for ``{glue:text}`` in prose, and :func:`show_table`
and :func:`sources_table` display tables that read well in both editions (HTML and PDF).
"""

from __future__ import annotations

import html
import numbers
import re

import matplotlib.pyplot as plt
import pandas as pd


# The key of the figure published last in this kernel: a sources table shown right under a chart supplies the
# chart's rows for download when ``publish`` was not given them.
_LAST_PUBLISHED: dict[str, object] = {"key": None, "has_rows": False}
DOWNLOAD_PNG_DPI = 200


class _Bundle:
    """A display object carrying one raw mime bundle (glued hidden, read back by the book's extension)."""

    def __init__(self, bundle: dict):
        self.bundle = bundle

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle


def rows_csv(frame: pd.DataFrame) -> str:
    """The rows as CSV text: every column, dates as ISO text, no index."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d").fillna("")
    return out.to_csv(index=False, lineterminator="\n")


def glue_rows(key: str, rows: "pd.DataFrame | dict[str, pd.DataFrame]") -> None:
    """Glue (hidden) the rows a chart draws as CSV, under ``key__rows`` (or ``key__rows__NAME`` for each of
    several tables). The online edition offers them for download under the chart."""
    from myst_nb import glue

    tables = rows if isinstance(rows, dict) else {"": rows}
    for name, frame in tables.items():
        suffix = f"__rows__{name}" if name else "__rows"
        glue(key + suffix, _Bundle({"text/csv": rows_csv(frame), "text/plain": f"{len(frame)} rows"}),
             display=False)


def publish(fig: plt.Figure, key: str, rows: "pd.DataFrame | dict[str, pd.DataFrame] | None" = None) -> None:
    """Glue ``fig`` under ``key`` and display it once (closing it so Jupyter does not draw it twice).

    Also glued, hidden, for the downloads under the chart in the online edition: a PNG of the chart
    (``key__png``) and the rows it draws as CSV (``rows``; when not given, the sources table shown next supplies
    them, see :func:`sources_table`). The book's extension writes them out as files; print is unaffected.
    """
    import base64
    import io

    from myst_nb import glue

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DOWNLOAD_PNG_DPI)
    png = base64.b64encode(buffer.getvalue()).decode("ascii")
    glue(key, fig, display=True)
    plt.close(fig)
    glue(key + "__png", _Bundle({"image/png": png, "text/plain": "PNG"}), display=False)
    _LAST_PUBLISHED.update(key=key, has_rows=rows is not None)
    if rows is not None:
        glue_rows(key, rows)


def plain(value):
    """A plain Python value for glue: numpy and pandas scalars become int/float/str, whole floats become int.

    NumPy 2 prints ``np.float64(9.1)``, which would show up verbatim in ``{glue:text}``.
    """
    if value is None:
        raise ValueError("cannot glue None: the value the text refers to is missing from the data")
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        if value != value:
            raise ValueError("cannot glue NaN: the value the text refers to is missing from the data")
        return int(value) if value.is_integer() else value
    return str(value)


def glue_number(key: str, value) -> None:
    """Glue a number (or short text) for ``{glue:text}`` without showing it (and without an ``Out[]``)."""
    from myst_nb import glue

    glue(key, plain(value), display=False)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~^$])")


def _markdown_cell(value: object) -> str:
    """Cell text safe inside MyST markdown: special characters escaped, one line, never empty."""
    text = re.sub(r"\s+", " ", str(value)).strip()
    if not text:
        return "–"
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if text[0] in "-+=":   # would start a list or a heading underline
        return "\\" + text
    return re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", text)   # '1. x' would start a numbered list


def markdown_table(header: list[str], rows: list[list[str]], widths: list[int] | None = None) -> str:
    """A MyST ``list-table`` (cells already escaped). Without ``widths`` the print edition sizes the columns
    from their content (latex/print_edition.py), so that cells wrap inside the page width."""
    lines = ["```{list-table}", ":header-rows: 1"]
    if widths:
        lines.append(":widths: " + " ".join(str(w) for w in widths))
    lines.append("")
    for cells in [header] + rows:
        lines.append("* - " + cells[0])
        lines.extend("  - " + cell for cell in cells[1:])
    lines.append("```")
    return "\n".join(lines)


def _short(value: object, limit: int) -> str:
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _link_text(row: pd.Series, label_column: str | None) -> str:
    if label_column and label_column in row and str(row[label_column]).strip():
        return _short(str(row[label_column]), 40)
    return "source"


def sources_table(frame: pd.DataFrame, columns: list[str], *, title: str = "Data and sources behind this chart",
                  url_column: str = "source_url", label_column: str | None = "publisher",
                  bib_column: str | None = None, max_chars: int = 110):
    """A collapsed table of the rows a chart draws, each with its source linked.

    In HTML it is a ``<details>`` element (works without JavaScript) whose source column links each row's
    page, named by its publisher. In the PDF it is a table (MyST ``list-table``) with the same links (the print
    edition prints each address after its name). With ``bib_column="bib_key"`` the printed table cites each
    row's bibliography entry instead, which is shorter; that is off by default because some Korean-language
    entries (Hanja and Hangul in one title) do not yet typeset in the bibliography.
    Cells are cut to ``max_chars`` characters so that a long table stays short and inside the printed page.
    """
    from IPython.display import display

    if _LAST_PUBLISHED["key"] and not _LAST_PUBLISHED["has_rows"]:
        glue_rows(str(_LAST_PUBLISHED["key"]), frame)   # the rows of the chart just above, for download
        _LAST_PUBLISHED["has_rows"] = True
    head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in columns) + "<th scope='col'>source</th>"
    body = []
    md_rows = []
    for _, row in frame.iterrows():
        values = [_short(_cell(row[c]), max_chars) for c in columns]
        url = str(row.get(url_column, "") or "")
        text = _link_text(row, label_column)
        cells = "".join(f"<td>{html.escape(v)}</td>" for v in values)
        cells += f"<td><a href='{html.escape(url)}'>{html.escape(text)}</a></td>" if url else "<td></td>"
        # the row's id: the online edition leaves out a table whose rows the chart's own table shows
        row_id = str(row.get("id", "") or "") if "id" in frame.columns else ""
        body.append(f"<tr data-row='{html.escape(row_id)}'>{cells}</tr>" if row_id else f"<tr>{cells}</tr>")
        key = str(row.get(bib_column, "") or "").strip() if bib_column else ""
        if key:
            link = "{cite:p}`" + key + "`"
        elif url:
            link = f"[{_markdown_cell(text)}](<{url.replace(' ', '%20')}>)"
        else:
            link = "–"
        md_rows.append([_markdown_cell(v) for v in values] + [link])
    html_table = (f"<details class='data-sources'><summary>{html.escape(title)} ({len(frame)} rows)</summary>"
                  f"<div class='table-wrapper' tabindex='0' role='region' aria-label='{html.escape(title)}'>"
                  f"<table class='table'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
                  f"</div></details>")
    md = markdown_table([_markdown_cell(c) for c in columns] + ["source"], md_rows)
    display({"text/html": html_table, "text/markdown": f"**{_markdown_cell(title)}** ({len(frame)} rows)\n\n{md}"},
            raw=True)


def _cell(value) -> str:
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() else f"{value:,.6g}"
    return str(value)


def show_table(frame: pd.DataFrame, *, caption: str | None = None) -> None:
    """Display a small computed table as HTML (web) and Markdown (PDF), without the DataFrame index."""
    from IPython.display import display

    columns = [str(c) for c in frame.columns]
    head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in columns)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in r) + "</tr>"
                   for r in frame.itertuples(index=False))
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    html_table = (f"<div class='table-wrapper' tabindex='0' role='region' aria-label='{html.escape(caption or 'table')}'>"
                  f"<table class='table'>{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")
    md = markdown_table([_markdown_cell(c) for c in columns],
                        [[_markdown_cell(_cell(v)) for v in r] for r in frame.itertuples(index=False)])
    text = (f"**{_markdown_cell(caption)}**\n\n" if caption else "") + md
    display({"text/html": html_table, "text/markdown": text}, raw=True)
