"""Rebuilds redo only what changed: a notebook re-runs when, and only when, a file it read has changed.

One scratch copy of the book is built once (module fixture); each test then changes one kind of file, rebuilds
and checks which notebooks executed, from myst-nb's log. The expected notebooks are found independently of the
mechanism under test, by reading the notebooks' code (which loader they call, which chart module they import).
The copy's own library and extension are imported (``PYTHONPATH``), so that editing them in the copy counts.
Nothing here is timed: ``make bench`` reports the times.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from helpers.book import JUPYTER_BOOK, copy_book

pytestmark = pytest.mark.slow


def build(root: Path) -> str:
    env = dict(os.environ, MOSCOW_PYONGYANG_DATA=str(root / "data"), PYTHONPATH=str(root))
    proc = subprocess.run([str(JUPYTER_BOOK), "build", str(root), "-W", "-n", "--keep-going"],
                          capture_output=True, text=True, env=env, timeout=1800)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-3000:]
    return output


def executed(output: str, root: Path) -> list[str]:
    """The notebooks the build executed (not those taken from the cache)."""
    found = re.findall(r"^(\S+?\.ipynb): Executing notebook", output, flags=re.M)
    return sorted({Path(p).resolve().relative_to(root.resolve()).as_posix() for p in found})


def notebooks_whose_code_contains(root: Path, text: str) -> list[str]:
    found = []
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        if text in code:
            found.append(path.relative_to(root).as_posix())
    return found


def swap_line_endings(path: Path) -> None:
    """Change a file's bytes but not its meaning (LF <-> CRLF)."""
    data = path.read_bytes()
    path.write_bytes(data.replace(b"\r\n", b"\n") if b"\r\n" in data else data.replace(b"\n", b"\r\n"))


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    root = copy_book(tmp_path_factory.mktemp("cache") / "book")
    build(root)
    return root


def test_a_rebuild_without_changes_runs_no_notebook_and_reads_no_page(book: Path):
    output = build(book)
    assert executed(output, book) == []
    assert "0 added, 0 changed, 0 removed" in output


def test_a_changed_data_file_reruns_only_the_notebooks_that_read_it(book: Path):
    readers = notebooks_whose_code_contains(book, "load_balancing(")
    assert readers and len(readers) < len(list((book / "notebooks").glob("*.ipynb")))
    swap_line_endings(book / "data" / "balancing.csv")
    assert executed(build(book), book) == readers


def test_a_changed_chart_module_reruns_only_the_notebooks_that_import_it(book: Path):
    importers = notebooks_whose_code_contains(book, "moscow_pyongyang.charts.votes")
    assert importers and len(importers) < len(list((book / "notebooks").glob("*.ipynb")))
    append(book / "moscow_pyongyang" / "charts" / "votes.py", "\n# changed by tests/build/test_cache.py\n")
    assert executed(build(book), book) == importers


def test_a_sphinx_only_change_reruns_no_notebook(book: Path):
    append(book / "moscow_pyongyang_book" / "tables.py", "\n# changed by tests/build/test_cache.py\n")
    append(book / "chapters" / "stage_3_reluctant_enforcer.md", "\nOne more sentence for the cache test.\n")
    output = build(book)
    assert executed(output, book) == []
    assert "stage_3_reluctant_enforcer" in output  # the changed page itself was read again


def test_a_new_bibliography_entry_reruns_no_notebook(book: Path):
    """The notebooks check that every row's key is in references.bib: a new entry changes nothing they show."""
    append(book / "references.bib", "\n@misc{cache_test_entry,\n  title = {An entry added by the cache test},\n}\n")
    assert executed(build(book), book) == []


def test_a_removed_bibliography_entry_that_a_notebook_needs_reruns_it(book: Path):
    """Removing a key that a loaded row cites is a change the notebooks must see (their loaders refuse the row):
    the notebook re-runs, and the build fails naming the key."""
    bib = book / "references.bib"
    with (book / "data" / "events.csv").open(encoding="utf-8", newline="") as fh:
        key = next(csv.DictReader(fh))["bib_key"]  # cited by an event row, which the timeline notebook loads
    text = bib.read_text(encoding="utf-8")
    assert f"{{{key}," in text
    bib.write_text(text.replace(f"{{{key},", "{renamed_by_the_cache_test,", 1), encoding="utf-8")
    env = dict(os.environ, MOSCOW_PYONGYANG_DATA=str(book / "data"), PYTHONPATH=str(book))
    proc = subprocess.run([str(JUPYTER_BOOK), "build", str(book), "-W", "-n", "--keep-going"],
                          capture_output=True, text=True, env=env, timeout=1800)
    output = proc.stdout + proc.stderr
    bib.write_text(text, encoding="utf-8")
    assert proc.returncode != 0
    assert executed(output, book), "no notebook re-ran after a key it needs left the bibliography"

