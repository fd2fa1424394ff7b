"""A notebook runs outside the repository, as a reader on Colab, on Binder or with a downloaded ``.ipynb`` runs it.

The package is built from the repository's files (not editable: the build copies ``data/`` and ``references.bib``
into it, see setup.py) and installed into a separate environment; one notebook is copied alone into an empty
folder and executed there on a kernel of that environment, with no checkout on its path. It must draw every chart.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers.book import ROOT

NOTEBOOK = ROOT / "notebooks" / "trade_shift.ipynb"  # three charts, four datasets and the bibliography
PROBE = "import moscow_pyongyang, moscow_pyongyang.data.paths as p, json; print(json.dumps({'package': " \
        "moscow_pyongyang.__file__, 'root': str(p.REPO_ROOT), 'bundled': str(p.BUNDLED_ROOT)}))"


def repository_files() -> list[str]:
    """The files a clone has (tracked), plus new ones not yet committed and not ignored."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    return [f for f in out.split("\0") if f and (ROOT / f).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the repository's files (as `pip install git+<url>` builds from a clone)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout")
    src = tmp_path_factory.mktemp("clone")
    for rel in repository_files():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, src / rel)
    dist = tmp_path_factory.mktemp("dist")
    # --no-build-isolation: the build backend is the lock's setuptools, nothing is fetched
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", "-w", str(dist), str(src)], check=True, capture_output=True)
    (built,) = dist.glob("moscow_pyongyang-*.whl")
    return built


def test_wheel_carries_the_data(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for csv in sorted((ROOT / "data").glob("*.csv")):
        assert f"moscow_pyongyang/_bundled/data/{csv.name}" in names
    assert "moscow_pyongyang/_bundled/data/datapackage.json" in names
    assert "moscow_pyongyang/_bundled/references.bib" in names
    assert "moscow_pyongyang/charts/book.mplstyle" in names
    bundled = zipfile.ZipFile(wheel).read("moscow_pyongyang/_bundled/data/trade.csv")
    assert bundled == (ROOT / "data" / "trade.csv").read_bytes(), "the bundled copy is made from data/ at build time"


@pytest.fixture(scope="module")
def portable_python(wheel: Path, tmp_path_factory) -> Path:
    """A separate virtual environment with the built package installed (not editable).

    Its third-party dependencies come from the project's environment by a plain path entry (``deps.pth``), which
    does not run that environment's own ``.pth`` files, so the editable install of the checkout stays out of sight.
    """
    env = tmp_path_factory.mktemp("portable-env")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile",
                    "--disable-pip-version-check", "--target", str(site), str(wheel)], check=True,
                   capture_output=True)
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    # a kernel spec in the new environment, so the notebook's kernel is this environment's Python
    kernel_dir = env / "share" / "jupyter" / "kernels" / "python3"
    kernel_dir.mkdir(parents=True)
    (kernel_dir / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (portable)", "language": "python"}), encoding="utf-8")
    return python


def clean_env(tmp: Path) -> dict[str, str]:
    """No PYTHONPATH, no checkout, no data override, and Jupyter's user folders in a scratch place."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "MOSCOW_PYONGYANG_DATA", "JUPYTER_PATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    env.update(JUPYTER_DATA_DIR=str(tmp / "jupyter-data"), JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"),
               IPYTHONDIR=str(tmp / "ipython"), MPLCONFIGDIR=str(tmp / "mpl"))
    return env


def test_the_package_reads_its_bundled_data_outside_a_checkout(portable_python: Path, tmp_path: Path):
    out = subprocess.run([str(portable_python), "-c", PROBE], cwd=tmp_path, env=clean_env(tmp_path),
                         capture_output=True, text=True, check=True).stdout
    where = json.loads(out)
    assert not Path(where["package"]).is_relative_to(ROOT), f"imported the checkout: {where['package']}"
    assert where["root"] == where["bundled"]


def test_a_downloaded_notebook_draws_every_chart(portable_python: Path, tmp_path: Path):
    workdir = tmp_path / "downloads"
    workdir.mkdir()
    shutil.copy2(NOTEBOOK, workdir / NOTEBOOK.name)
    nb = nbformat.read(workdir / NOTEBOOK.name, as_version=4)
    assert "import moscow_pyongyang" in nb.cells[0].source, "the first cell installs the package when missing"
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    # run the notebook from the portable environment, so its kernel (sys.prefix's kernel spec) is that Python
    script = (
        "import sys, nbformat\n"
        "from nbclient import NotebookClient\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "NotebookClient(nb, timeout=300, kernel_name='python3', resources={'metadata': {'path': sys.argv[2]}})"
        ".execute()\n"
        "nbformat.write(nb, sys.argv[1])\n")
    run_path = tmp_path / "run.ipynb"
    nbformat.write(nb, run_path)
    result = subprocess.run([str(portable_python), "-c", script, str(run_path), str(workdir)], cwd=workdir,
                            env=clean_env(tmp_path), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    assert sorted(p.name for p in workdir.iterdir()) == [NOTEBOOK.name], "the notebook wrote nothing beside it"
    done = nbformat.read(run_path, as_version=4)

    where = json.loads(done.cells[-1].outputs[0]["text"])
    assert not Path(where["package"]).is_relative_to(ROOT), f"the kernel imported the checkout: {where['package']}"
    assert where["root"] == where["bundled"], "outside a checkout the package reads its bundled data"

    figure_cells = [c for c in done.cells if c.cell_type == "code" and "figure" in c.metadata.get("mystnb", {})]
    assert len(figure_cells) >= 3
    for cell in figure_cells:
        images = [o for o in cell.outputs if o.output_type in {"display_data", "execute_result"}
                  and any(m.startswith("image/") for m in o.get("data", {}))]
        label = cell.metadata["mystnb"]["figure"]["name"]
        assert images, f"{label}: no chart drawn"
