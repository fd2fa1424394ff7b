"""Fixtures shared by the browser tests: the built site served on localhost, and Debian's Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from book_tools.browser import SiteServer, launched_chromium


@pytest.fixture(scope="module")
def site(html_dir: Path):
    with SiteServer(html_dir) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as chromium:
        yield chromium
