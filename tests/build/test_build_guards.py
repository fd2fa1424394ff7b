"""Bad input fails the build loudly; changed data never leaves a stale figure. Each test builds a scratch copy."""

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


def figure_digests(root: Path, page: str) -> list[str]:
    """Digests of the images a built page shows."""
    html = (root / "_build" / "html" / f"{page}.html").read_text(encoding="utf-8")
    images = re.findall(r'<img[^>]+src="([^"]+)"', html)
    assert images, f"{page} shows no image"
    base = (root / "_build" / "html" / page).parent
    return [hashlib.sha256((base / src).resolve().read_bytes()).hexdigest() for src in images]


def failed_naming(result: BuildResult, name: str) -> bool:
    return result.returncode != 0 and name in result.output


def test_a_broken_toc_entry_fails_the_build(tmp_path: Path):
    root = copy_book(tmp_path / "book")
    toc = root / "_toc.yml"
    toc.write_text(toc.read_text().replace(f"file: {CHAPTER[:-3]}", "file: chapters/no_such_page"))
    result = build_html(root)
    assert result.returncode != 0
    assert "no_such_page" in result.output and "_toc.yml" in result.output


def test_a_missing_citation_key_fails_the_build(tmp_path: Path):
    root = copy_book(tmp_path / "book")
    chapter = root / CHAPTER
    chapter.write_text(chapter.read_text() + "\nA claim with a bad key {cite}`no_such_key_1999`.\n")
    result = build_html(root)
    assert failed_naming(result, "no_such_key_1999")
    assert "stage_3_reluctant_enforcer" in result.output


def test_a_failing_notebook_cell_fails_the_build(tmp_path: Path):
    root = copy_book(tmp_path / "book")
    nb_path = root / f"{FIGURE_PAGE}.ipynb"
    nb = json.loads(nb_path.read_text())
    nb["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                        "source": ["raise RuntimeError('deliberate failure for the test')"]})
    nb_path.write_text(json.dumps(nb))
    result = build_html(root)
    assert failed_naming(result, "reluctant_enforcer")
    assert "deliberate failure for the test" in result.output


def test_dollar_amounts_are_not_read_as_math(tmp_path: Path):
    root = copy_book(tmp_path / "book")
    chapter = root / CHAPTER
    chapter.write_text(chapter.read_text() + "\nEstimates range from $5.5 billion to $11 billion a year.\n")
    result = build_html(root)
    assert result.returncode == 0, result.output[-3000:]
    html = (root / "_build" / "html" / CHAPTER.replace(".md", ".html")).read_text(encoding="utf-8")
    assert "$5.5 billion to $11 billion" in html
    assert 'class="math' not in html


def test_changed_data_changes_the_built_figure(tmp_path: Path):
    root = copy_book(tmp_path / "book")
    first = build_html(root)
    assert first.returncode == 0, first.output[-3000:]
    before = figure_digests(root, FIGURE_PAGE)

    data = root / "data" / "unsc_votes.csv"
    text = data.read_text()
    changed = re.sub(r"^(res1718,.*?,)for,for,", r"\1abstain,for,", text, count=1, flags=re.M)
    assert changed != text, "the fixture row for resolution 1718 was not found"
    data.write_text(changed)

    second = build_html(root)
    assert second.returncode == 0, second.output[-3000:]
    assert figure_digests(root, FIGURE_PAGE) != before, "the figure did not change after the data changed"
