"""Scratch pages for the print-edition tests: the shapes of content the book will have (long and wide tables,
boxes, a glossary, figures, footnotes, links), added to a scratch copy of the book only, never to the book.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml

from helpers.book import JUPYTER_BOOK, BuildResult

FIXTURE_PAGE = "chapters/print_fixture"
FIXTURE_TITLE = "Print fixture: tables, boxes and a glossary (Ким Ир Сен, 김일성)"
LONG_TABLE_ROWS = 80
# Terms that the real glossary does not define (a duplicate term is a build warning).
GLOSSARY_TERMS = ["Fixture term alpha", "Fixture term beta", "Fixture term gamma"]


def _long_table() -> str:
    lines = ["| # | Year | What happened (a sentence long enough to wrap inside its column) | Source |",
             "|---|---|---|---|"]
    for i in range(1, LONG_TABLE_ROWS + 1):
        url = f"https://example.org/archive/documents/{i:04d}?page=1&lang=en"
        source = f"<{url}>" if i % 2 else f"[archive record {i}]({url})"  # autolinks and named links
        lines.append(f"| {i} | {1945 + i % 80} | Row {i} of the long table, with a sentence of ordinary words that "
                     f"has to wrap in its cell. | {source} |")
    return "\n".join(lines)


def _wide_table() -> str:
    head = [f"column_{c}" for c in range(1, 11)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in range(1, 6):
        lines.append("| " + " | ".join(f"value {r}.{c} of several words" for c in range(1, 11)) + " |")
    return "\n".join(lines)


def fixture_page() -> str:
    glossary = "\n".join(f"{term}\n  The meaning of {term}, in a sentence that may wrap over a line or two in "
                         f"the printed glossary.\n" for term in GLOSSARY_TERMS)
    return f"""# {FIXTURE_TITLE}

A paragraph with a footnote[^note], a [named external link](https://example.org/search?q=a&lang=en), a
reference to {{numref}}`fig-print-fixture`, to {{numref}}`tab-print-fixture`, and a glossary term,
{{term}}`{GLOSSARY_TERMS[0]}`.

[^note]: The footnote's text.

:::{{note}}
An admonition that holds a short table.

| a | b |
|---|---|
| 1 | 2 |
:::

:::{{warning}}
A warning admonition.
:::

```{{figure}} print_fixture_chart.*
:name: fig-print-fixture
:alt: A rising line.

A vector chart drawn by matplotlib, with its own caption.
```

```{{list-table}} A captioned table with a number
:header-rows: 1
:name: tab-print-fixture

* - Year
  - Event
* - 1945
  - Soviet troops in the north of Korea
* - 1950
  - The Korean War begins
```

## A long table

{_long_table()}

## A wide table

{_wide_table()}

## Glossary

```{{glossary}}
{glossary}```
"""


DEFECTS_PAGE = "chapters/print_defects"
DEFECTS_TITLE = "Print defects"


def defects_page() -> str:
    """A page that must make the LaTeX log checks fail: a glyph no font has, an undefined reference and a
    line far past the margin."""
    return f"""# {DEFECTS_TITLE}

An Egyptian hieroglyph no font of the book has: 𓀀.

```{{raw}} latex
See \\ref{{no-such-label-anywhere}}.

\\noindent\\mbox{{An unbreakable box, twice as wide as the text: {"it runs past the margin by far. " * 6}}}
```
"""


def draw_chart(folder: Path) -> None:
    """The fixture page's figure, as PDF (print) and SVG (HTML), drawn with the book's style."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from moscow_pyongyang.charts.style import book_style

    with book_style():
        fig, ax = plt.subplots(figsize=(6, 3))
        ax.plot([1950, 1960, 1970, 1980], [1, 3, 2, 4], marker="o")
        ax.set_title("A fixture chart")
        for suffix in ("pdf", "svg"):
            fig.savefig(folder / f"print_fixture_chart.{suffix}")
        plt.close(fig)


def add_page(root: Path, page: str, text: str) -> None:
    """Write a page into a scratch copy of the book and append it to the first part of its _toc.yml."""
    path = root / f"{page}.md"
    path.write_text(text, encoding="utf-8")
    if "print_fixture_chart" in text:
        draw_chart(path.parent)
    toc_path = root / "_toc.yml"
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    parts = toc.get("parts")
    chapters = parts[0]["chapters"] if parts else toc.setdefault("chapters", [])
    chapters.append({"file": page})
    toc_path.write_text(yaml.safe_dump(toc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def build_pdf(root: Path) -> BuildResult:
    """Build the PDF of a scratch copy the way `make pdf` does."""
    env = dict(os.environ, MOSCOW_PYONGYANG_DATA=str(root / "data"))
    proc = subprocess.run([str(JUPYTER_BOOK), "build", str(root), "--builder", "pdflatex", "-W", "-n", "--keep-going"],
                          capture_output=True, text=True, env=env, timeout=1800)
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, root)
