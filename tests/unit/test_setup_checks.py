"""The set-up refuses a Python it cannot use with one clear line, before it installs anything
(scripts/ensure_venv.sh, run by `make venv` and `make python-check`)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers.book import ROOT

SCRIPT = ROOT / "scripts" / "ensure_venv.sh"
# What the script needs from the system; dpkg-query and sudo are left out, so the script sees a machine where it
# cannot install Debian packages (as for a user without root or sudo).
TOOLS = ["awk", "bash", "cat", "cut", "dirname", "id", "rm", "sha256sum", "env"]


def fake_python(bin_dir: Path, name: str, version: str, ensurepip: bool = True) -> Path:
    """A stand-in interpreter: prints VERSION for the version query, fails the ensurepip probe unless asked."""
    path = bin_dir / name
    path.write_text(
        "#!/bin/bash\n"
        f'case "$*" in *ensurepip*) exit {0 if ensurepip else 1};; *) echo {version};; esac\n',
        encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture()
def bare_path(tmp_path: Path) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in TOOLS:
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    return bin_dir


def run(python: str, venv: Path, bin_dir: Path, *flags: str) -> subprocess.CompletedProcess:
    env = {"PATH": str(bin_dir), "PYTHON_GIVEN": "1", "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run([str(bin_dir / "bash"), str(SCRIPT), *flags, python, str(venv)], env=env,
                          capture_output=True, text=True, timeout=60)


def assert_refused(result: subprocess.CompletedProcess, venv: Path, *words: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "3.11, 3.12 or 3.13" in lines[0] or "apt-get install" in lines[0]
    for word in words:
        assert word in lines[0]
    assert not venv.exists(), "nothing may be created before the checks pass"


@pytest.mark.parametrize("version", ["3.10", "3.14", "2.7"])
def test_unsupported_python_is_refused(tmp_path: Path, bare_path: Path, version: str) -> None:
    python = fake_python(bare_path, f"python{version}", version)
    venv = tmp_path / "venv"
    for flags in ((), ("--check",)):
        assert_refused(run(str(python), venv, bare_path, *flags), venv, f"Python {version}", "PYTHON=python3.")


def test_missing_python_is_refused(tmp_path: Path, bare_path: Path) -> None:
    venv = tmp_path / "venv"
    assert_refused(run("python3.99-nowhere", venv, bare_path), venv, "not found", "PYTHON=python3.")


def test_missing_ensurepip_without_root_is_refused(tmp_path: Path, bare_path: Path) -> None:
    python = fake_python(bare_path, "python3.12", "3.12", ensurepip=False)
    venv = tmp_path / "venv"
    assert_refused(run(str(python), venv, bare_path), venv, "sudo apt-get install python3.12-venv")


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13"])
def test_supported_python_passes_the_check(tmp_path: Path, bare_path: Path, version: str) -> None:
    python = fake_python(bare_path, f"python{version}", version)
    venv = tmp_path / "venv"
    result = run(str(python), venv, bare_path, "--check")
    assert result.returncode == 0, result.stderr
    assert not venv.exists()


# pytest's own default, used when pyproject.toml sets none
PYTEST_DEFAULT_NORECURSE = ["*.egg", ".*", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}"]


def test_pytest_collects_every_test_group():
    """No test folder is skipped by pytest's norecursedirs (its default skips any folder named build)."""
    import fnmatch
    import tomllib

    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    patterns = options.get("norecursedirs", PYTEST_DEFAULT_NORECURSE)
    groups = sorted(p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and any(p.glob("test_*.py")))
    assert {"unit", "content", "build", "browser"} <= set(groups)
    skipped = {g: pat for g in groups for pat in patterns if fnmatch.fnmatch(g, pat)}
    assert skipped == {}, f"pytest would not collect these test folders: {skipped}"
    assert options.get("testpaths") == ["tests"]
