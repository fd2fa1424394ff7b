"""`make html`, `make pdf` and `make epub` skip a build when nothing changed since that edition's last good build.

Run on a tiny tree with the real Makefile and a stand-in `jupyter-book` that logs its calls (and fails on demand),
so these checks take a second: the real builds are covered by tests/build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from helpers.book import ROOT

FAKE_JUPYTER_BOOK = """#!/bin/bash
echo "$*" >> "$JB_CALLS"
[ -z "${JB_FAIL:-}" ] || { echo "build failed" >&2; exit 1; }
mkdir -p _build/latex _build/epub
echo pdf > _build/latex/moscow-pyongyang.pdf
echo epub > _build/epub/moscow-pyongyang.epub
"""

EDITIONS = ("html", "pdf", "epub")


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    if shutil.which("make") is None:
        pytest.fail("make is not installed")
    root = tmp_path / "book"
    (root / "chapters").mkdir(parents=True)
    shutil.copy2(ROOT / "Makefile", root / "Makefile")
    (root / "chapters" / "intro.md").write_text("# Intro\n")
    fake = root / ".venv" / "bin" / "jupyter-book"
    fake.parent.mkdir(parents=True)
    fake.write_text(FAKE_JUPYTER_BOOK)
    fake.chmod(0o755)
    (root / ".venv" / ".installed").write_text("")
    return root


def make(root: Path, edition: str, **env: str) -> subprocess.CompletedProcess:
    """`make EDITION` with the environment and Debian package steps taken as done (-o)."""
    return subprocess.run(["make", "--no-print-directory", "-o", "venv", "-o", "system-deps", edition],
                          cwd=root, capture_output=True, text=True,
                          env={**os.environ, "JB_CALLS": str(root.parent / "calls.log"), **env})


def calls(root: Path) -> int:
    log = root.parent / "calls.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


@pytest.mark.parametrize("edition", EDITIONS)
def test_an_unchanged_book_is_not_rebuilt(tree: Path, edition: str):
    first = make(tree, edition)
    assert first.returncode == 0, first.stdout + first.stderr
    assert calls(tree) == 1
    second = make(tree, edition)
    assert second.returncode == 0, second.stdout + second.stderr
    assert calls(tree) == 1, f"make {edition} rebuilt an unchanged book"
    assert "nothing changed" in second.stdout


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_changed_file_rebuilds(tree: Path, edition: str):
    assert make(tree, edition).returncode == 0
    time.sleep(1.1)  # file times on some file systems have one-second resolution
    (tree / "chapters" / "intro.md").write_text("# Introduction\n")
    assert make(tree, edition).returncode == 0
    assert calls(tree) == 2, f"make {edition} skipped a build although a chapter changed"


@pytest.mark.parametrize("edition", EDITIONS)
def test_another_data_folder_rebuilds(tree: Path, edition: str, tmp_path: Path):
    assert make(tree, edition).returncode == 0
    other = tmp_path / "other-data"
    other.mkdir()
    assert make(tree, edition, MOSCOW_PYONGYANG_DATA=str(other)).returncode == 0
    assert calls(tree) == 2, f"make {edition} skipped a build for another data folder"


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_failed_build_is_retried(tree: Path, edition: str):
    failed = make(tree, edition, JB_FAIL="1")
    assert failed.returncode != 0, f"make {edition} hid a failed build"
    assert make(tree, edition).returncode == 0
    assert calls(tree) == 2, f"make {edition} took a failed build for a good one"
