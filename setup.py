"""Build hook: the helper package carries the book's data, so that `pip install git+<repository URL>` gives a
package that works outside a checkout (a notebook opened on Colab or Binder, or downloaded alone).

`data/` and `references.bib` in the repository stay the one source of truth: they are copied, at build time only,
into the built package as ``moscow_pyongyang/_bundled/`` (data/ and references.bib, the repository's layout), which
``moscow_pyongyang.data.paths`` reads when there is no checkout around the package. Nothing is copied in the
source tree; an editable install (``make venv``) reads the checkout directly. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLE = Path("moscow_pyongyang") / "_bundled"
# What the package needs at run time: every dataset with its descriptor and notes, and the bibliography.
DATA_PATTERNS = ["*.csv", "datapackage.json", "README.md", "geo/*.json", "geo/LICENSE-*"]   # geo/: map outlines
BIB = "references.bib"


def bundled_files() -> list[tuple[Path, Path]]:
    """(source in the repository, destination relative to the package folder's parent)."""
    data = ROOT / "data"
    if not data.is_dir() or not (ROOT / BIB).is_file():
        raise SystemExit(f"error: building the package needs {data} and {ROOT / BIB} (the book's data)")
    files = sorted({p for pattern in DATA_PATTERNS for p in data.glob(pattern)})
    return [(p, BUNDLE / "data" / p.relative_to(data)) for p in files] + [(ROOT / BIB, BUNDLE / BIB)]


class build_py_with_data(build_py):
    """build_py, then the book's data copied into the built package (not for editable installs)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for source, rel in bundled_files():
            target = Path(self.build_lib) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if getattr(self, "editable_mode", False):
            return outputs
        return outputs + [str(Path(self.build_lib) / rel) for _, rel in bundled_files()]


setup(cmdclass={"build_py": build_py_with_data})
