"""What the tests share: where the sources and the built book are, what the table of contents lists, how to
build a scratch copy."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from moscow_pyongyang_book.toc import source_path, toc_pages

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "_build"
HTML = BUILD / "html"
PDF = BUILD / "pdf" / "moscow-pyongyang.pdf"
LATEX_LOG = BUILD / "latex" / "moscow-pyongyang.log"
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


def toc_files() -> list[str]:
    return toc_pages(ROOT / "_toc.yml")


def source_of(page: str) -> Path:
    path = source_path(page, ROOT)
    if path is None:
        raise FileNotFoundError(f"no .md or .ipynb source for toc entry {page!r}")
    return path


def page_title(page: str) -> str:
    """The first heading of a page: its title in both editions."""
    path = source_of(page)
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    match = re.search(r"^# (.+)$", text, flags=re.M)
    assert match, f"{path} has no '# ' title"
    return match.group(1).strip()


def require(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `make book` first (`make test` does)")
    return path



@dataclass
class BuildResult:
    returncode: int
    output: str
    root: Path


def copy_book(dest: Path) -> Path:
    """A scratch copy of the book's sources (and the notebook cache, so unchanged notebooks are not re-run)."""
    ignore = shutil.ignore_patterns(".git", ".venv", "_build", "node_modules", "__pycache__", ".pytest_cache",
                                    "*.egg-info")
    shutil.copytree(ROOT, dest, ignore=ignore)
    cache = BUILD / ".jupyter_cache"
    if cache.exists():
        shutil.copytree(cache, dest / "_build" / ".jupyter_cache")
    return dest


def build_html(root: Path) -> BuildResult:
    """Build the HTML edition of a scratch copy the way `make html` does; notebooks read the copy's data."""
    env = dict(os.environ, MOSCOW_PYONGYANG_DATA=str(root / "data"))
    proc = subprocess.run([str(JUPYTER_BOOK), "build", str(root), "-W", "-n", "--keep-going"],
                          capture_output=True, text=True, env=env, timeout=1800)
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, root)
