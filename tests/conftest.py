"""Shared fixtures. The shared helpers themselves live in tests/helpers/ (``from helpers.book import ROOT``).

The tests are grouped by what they need: tests/unit (the library: data and charts) and tests/content (the
sources) need nothing built; tests/build reads the built HTML and PDF editions or builds a scratch copy (marked
``slow``); tests/browser loads the built site in Chromium.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.book import HTML, PDF, require


@pytest.fixture(scope="session")
def html_dir() -> Path:
    return require(HTML / "index.html").parent


@pytest.fixture(scope="session")
def pdf_path() -> Path:
    return require(PDF)
