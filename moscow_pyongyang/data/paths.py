"""Where the book's files live.

In a checkout of the repository, ``REPO_ROOT`` is the repository and the loaders read its ``data/`` and
``references.bib``. An installed package (``pip install git+<repository URL>``, as a notebook's first cell does on
Colab or Binder) has no checkout around it: it carries a copy of both, made from the repository's ``data/`` at
build time (see ``setup.py``), and ``REPO_ROOT`` is that copy, ``moscow_pyongyang/_bundled/``, laid out like the
repository. ``data/`` in the repository stays the one source of truth.

The data folder can be pointed elsewhere with the environment variable ``MOSCOW_PYONGYANG_DATA``
(the tests use it to run a notebook against a modified copy of the data).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
CHECKOUT_ROOT = PACKAGE_DIR.parent
BUNDLED_ROOT = PACKAGE_DIR / "_bundled"
DATA_ENV_VAR = "MOSCOW_PYONGYANG_DATA"


def has_book_data(root: Path) -> bool:
    """Whether ``root`` holds the book's data descriptor and bibliography (a checkout or the bundled copy)."""
    return (root / "data" / "datapackage.json").is_file() and (root / "references.bib").is_file()


def in_checkout() -> bool:
    """Whether the package runs from a checkout of the repository (rather than from an installed copy)."""
    return has_book_data(CHECKOUT_ROOT)


REPO_ROOT = CHECKOUT_ROOT if in_checkout() or not has_book_data(BUNDLED_ROOT) else BUNDLED_ROOT


def data_dir() -> Path:
    """The folder the loaders read: ``$MOSCOW_PYONGYANG_DATA`` if set, else ``data/`` in the repository (or in
    the package's bundled copy when there is no checkout)."""
    override = os.environ.get(DATA_ENV_VAR)
    return Path(override).resolve() if override else REPO_ROOT / "data"
