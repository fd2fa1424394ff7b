"""Where the book's files live.

The data folder can be pointed elsewhere with the environment variable ``MOSCOW_PYONGYANG_DATA``
(the tests use it to run a notebook against a modified copy of the data).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_ENV_VAR = "MOSCOW_PYONGYANG_DATA"


def data_dir() -> Path:
    """The folder the loaders read: ``$MOSCOW_PYONGYANG_DATA`` if set, else ``data/`` in the repository."""
    override = os.environ.get(DATA_ENV_VAR)
    return Path(override).resolve() if override else REPO_ROOT / "data"
