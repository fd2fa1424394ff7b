"""The print edition: built with xelatex, every title in it, Cyrillic and Hangul rendered as text."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import LATEX_LOG, page_title, require, toc_files

SAMPLES = ["Ким Ир Сен", "김일성"]


@pytest.fixture(scope="module")
def pdf_text(pdf_path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", out.stdout)


@pytest.mark.parametrize("page", toc_files()[1:])
def test_every_chapter_title_is_in_the_pdf(pdf_text: str, page: str):
    # LaTeX may set titles in capitals; hyphenation and line breaks are folded away by the whitespace squeeze.
    title = re.sub(r"\s+", " ", page_title(page))
    assert title.casefold() in pdf_text.casefold()


@pytest.mark.parametrize("sample", SAMPLES)
def test_cyrillic_and_hangul_come_out_as_text(pdf_text: str, sample: str):
    assert sample in pdf_text


def test_latex_log_has_no_missing_characters():
    log = require(LATEX_LOG).read_text(encoding="utf-8", errors="replace")
    missing = [line for line in log.splitlines() if "Missing character" in line]
    assert missing == []
