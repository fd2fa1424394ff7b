"""A record of which files a run has read, for the book's build (nothing is recorded unless it asks).

When ``MOSCOW_PYONGYANG_INPUTS`` names a file, every input a run reads is appended to it, one absolute path a line:
the data files and descriptor the loaders open, ``references.bib``, and the modules of this library that are
imported. The book's build sets it while a notebook executes, so that it re-runs the notebook only when one of
those files changes (``moscow_pyongyang_book.cache``). A loader that opens a file itself (not through
:func:`~moscow_pyongyang.data.load.read_rows`) calls :func:`record_input` with its path.
"""

from __future__ import annotations

import atexit
import os
import sys
from pathlib import Path

INPUTS_ENV_VAR = "MOSCOW_PYONGYANG_INPUTS"

_recorded: set[str] = set()


def _library_modules() -> list[str]:
    """The source files of this library's modules imported so far (their package data files go with them)."""
    files = []
    for name, module in list(sys.modules.items()):
        if name == "moscow_pyongyang" or name.startswith("moscow_pyongyang."):
            path = getattr(module, "__file__", None)
            if path:
                files.append(str(Path(path).resolve()))
    return files


def record_input(path: Path | str | None = None) -> None:
    """Note that this run read ``path`` (and the library modules imported so far), if inputs are being recorded."""
    target = os.environ.get(INPUTS_ENV_VAR)
    if not target:
        return
    new = [str(Path(path).resolve())] if path is not None else []
    new = [p for p in new + _library_modules() if p not in _recorded]
    if not new:
        return
    with open(target, "a", encoding="utf-8") as fh:
        fh.write("".join(p + "\n" for p in new))
    _recorded.update(new)


if os.environ.get(INPUTS_ENV_VAR):
    # modules imported after the last load (a chart module imported late) are recorded when the kernel exits
    atexit.register(record_input)
