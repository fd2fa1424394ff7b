"""Bad input fails the build loudly; changed data never leaves a stale figure.

Scratch copies, each built once and shared by the tests (a scratch build takes minutes): one carrying two
independent defects at once (``--keep-going`` reports both, and each must be reported as a warning or an error,
which ``-W`` turns into a failed build); one with a failing notebook cell (a failed notebook stops the build, so
it gets its own copy); and one that must build cleanly, which is then rebuilt after a data change.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from helpers.book import BuildResult, build_html, copy_book

pytestmark = pytest.mark.slow

FIGURE_PAGE = "notebooks/reluctant_enforcer"
CHAPTER = "chapters/stage_3_reluctant_enforcer.md"
BAD_KEY = "no_such_key_1999"
CELL_ERROR = "deliberate failure for the test"
DOLLARS = "Estimates range from $5.5 billion to $11 billion a year."


def figure_digests(root: Path, page: str) -> list[str]:
    """Digests of the images a built page shows."""
    html = (root / "_build" / "html" / f"{page}.html").read_text(encoding="utf-8")
    images = re.findall(r'<img[^>]+src="([^"]+)"', html)
    charts = re.findall(r'<svg\b[^>]*class="chart-svg".*?</svg>', html, flags=re.S)   # inlined charts
    assert images or charts, f"{page} shows no image"
    base = (root / "_build" / "html" / page).parent
    return ([hashlib.sha256((base / src).resolve().read_bytes()).hexdigest() for src in images]
            # without the marks' titles, which name the rows' data whether or not the chart was redrawn
            + [hashlib.sha256(re.sub(r"<title>.*?</title>", "", chart, flags=re.S).encode()).hexdigest()
               for chart in charts])


def reported(result: BuildResult, *names: str) -> bool:
    """Whether the build failed and some warning or error line names all of ``names``."""
    lines = [ln for ln in result.output.splitlines() if re.search(r"WARNING|ERROR|Error", ln)]
    return result.returncode != 0 and any(all(n in ln for n in names) for ln in lines)


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> BuildResult:
    """A copy with a broken toc entry and a missing citation key."""
    root = copy_book(tmp_path_factory.mktemp("broken") / "book")
    toc = root / "_toc.yml"
    entry = f"      - file: {CHAPTER[:-3]}\n"
    assert entry in toc.read_text()
    toc.write_text(toc.read_text().replace(entry, entry + "      - file: chapters/no_such_page\n"))
    chapter = root / CHAPTER
    chapter.write_text(chapter.read_text() + f"\nA claim with a bad key {{cite}}`{BAD_KEY}`.\n")
    return build_html(root)


@pytest.fixture(scope="module")
def failing_cell(tmp_path_factory) -> BuildResult:
    """A copy whose figure notebook raises in an added last cell."""
    root = copy_book(tmp_path_factory.mktemp("failing-cell") / "book")
    nb_path = root / f"{FIGURE_PAGE}.ipynb"
    nb = json.loads(nb_path.read_text())
    nb["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                        "source": [f"raise RuntimeError('{CELL_ERROR}')"]})
    nb_path.write_text(json.dumps(nb))
    return build_html(root)


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> BuildResult:
    """A copy that must build without a warning (with a paragraph of dollar amounts added)."""
    root = copy_book(tmp_path_factory.mktemp("clean") / "book")
    chapter = root / CHAPTER
    chapter.write_text(chapter.read_text() + f"\n{DOLLARS}\n")
    result = build_html(root)
    assert result.returncode == 0, result.output[-3000:]
    return result


def test_a_broken_toc_entry_fails_the_build(broken: BuildResult):
    assert reported(broken, "no_such_page"), broken.output[-3000:]
    assert "_toc.yml" in broken.output


def test_a_missing_citation_key_fails_the_build(broken: BuildResult):
    assert reported(broken, "stage_3_reluctant_enforcer", BAD_KEY), broken.output[-3000:]


def test_a_failing_notebook_cell_fails_the_build(failing_cell: BuildResult):
    assert reported(failing_cell, "reluctant_enforcer"), failing_cell.output[-3000:]
    assert CELL_ERROR in failing_cell.output


def test_dollar_amounts_are_not_read_as_math(clean: BuildResult):
    html = (clean.root / "_build" / "html" / CHAPTER.replace(".md", ".html")).read_text(encoding="utf-8")
    assert "$5.5 billion to $11 billion" in html
    assert 'class="math' not in html


def test_changed_data_changes_the_built_figure(clean: BuildResult):
    root = clean.root
    before = figure_digests(root, FIGURE_PAGE)

    data = root / "data" / "unsc_votes.csv"
    text = data.read_text()
    changed = re.sub(r"^(res1718,.*?,)for,for,", r"\1abstain,for,", text, count=1, flags=re.M)
    assert changed != text, "the fixture row for resolution 1718 was not found"
    data.write_text(changed)

    second = build_html(root)
    assert second.returncode == 0, second.output[-3000:]
    assert figure_digests(root, FIGURE_PAGE) != before, "the figure did not change after the data changed"
