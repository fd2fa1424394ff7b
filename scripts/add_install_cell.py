"""Give every notebook a first cell that installs the book's Python package when it is missing.

A reader who opens a notebook on Colab, on Binder or as a downloaded ``.ipynb`` has no checkout: the cell installs
the package (which carries the book's data) from the repository named in ``_config.yml`` (``repository: url``).
In a checkout, and in the book's build, the package is already there and the cell does nothing; it is tagged
``remove-cell``, so neither edition shows it.

Idempotent: the cell is found by its id (``install-package``) and rewritten in place, or inserted first; nothing
else in a notebook changes. Run it after changing the repository address or after merging notebooks:

    .venv/bin/python scripts/add_install_cell.py            # update the notebooks
    .venv/bin/python scripts/add_install_cell.py --check    # exit 1 if a notebook's cell is missing or outdated
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CELL_ID = "install-package"
TAGS = ["remove-cell"]


def repository_url(root: Path = ROOT) -> str:
    """The one repository address: ``repository: url`` in ``_config.yml``."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    url = (config.get("repository") or {}).get("url", "")
    if not url:
        raise SystemExit(f"error: {root / '_config.yml'}: no 'repository: url' set")
    return url.rstrip("/")


def cell_source(url: str) -> str:
    return (
        "# Outside the book's repository (on Colab, on Binder, in a downloaded notebook), install the book's\n"
        "# Python package, which carries its data. In the repository it is already installed: nothing happens.\n"
        "try:\n"
        "    import moscow_pyongyang  # noqa: F401\n"
        "except ImportError:\n"
        f"    %pip install --quiet git+{url}\n"
    )


def install_cell(url: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": CELL_ID, "metadata": {"tags": list(TAGS)},
            "outputs": [], "source": cell_source(url).splitlines(keepends=True)}


def updated(nb: dict, url: str) -> dict:
    """The notebook with its install cell first and current (a new dict; the input is left alone)."""
    nb = json.loads(json.dumps(nb))
    cells = [c for c in nb["cells"] if c.get("id") != CELL_ID]
    nb["cells"] = [install_cell(url)] + cells
    return nb


def write(path: Path, nb: dict) -> None:
    # the layout nbformat writes (indent 1, keys sorted, non-ASCII kept), so the diff is only the cell
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report notebooks whose cell is missing or old")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    args = parser.parse_args(argv)
    url = repository_url()
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    stale = []
    for path in paths:
        nb = json.loads(path.read_text(encoding="utf-8"))
        new = updated(nb, url)
        if new != nb:
            stale.append(path)
            if not args.check:
                write(path, new)
    verb = "need" if args.check else "updated"
    print(f"{len(stale)} of {len(paths)} notebooks {verb} the install cell" + (f": {', '.join(p.name for p in stale)}"
                                                                               if stale else ""))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
