"""Fixtures of the unit tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from moscow_pyongyang.data.paths import DATA_ENV_VAR, REPO_ROOT


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch) -> Path:
    """A private copy of data/ that the loaders read (through MOSCOW_PYONGYANG_DATA) for the rest of the test."""
    target = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", target)
    monkeypatch.setenv(DATA_ENV_VAR, str(target))
    return target
