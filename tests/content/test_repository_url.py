"""One repository address: ``repository: url`` in ``_config.yml``. The launch buttons and the print edition's
colophon are built from it; CITATION.cff, pyproject.toml, the about page and each notebook's install cell repeat
it and must agree (a fork changes them all, then runs ``scripts/add_install_cell.py``)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from helpers.book import ROOT

URL_RE = re.compile(r"https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def repository_url() -> str:
    return config()["repository"]["url"].rstrip("/")


def github_urls(text: str) -> set[str]:
    return {m.group(0).rstrip(".").removesuffix(".git") for m in URL_RE.finditer(text)}


def test_the_address_is_a_github_repository():
    assert URL_RE.fullmatch(repository_url()), repository_url()


def test_launch_buttons_and_repository_button_use_it():
    cfg = config()
    assert cfg["repository"].get("branch"), "the launch buttons need the branch"
    assert cfg["html"]["use_repository_button"] is True
    assert cfg["launch_buttons"].get("binderhub_url") and cfg["launch_buttons"].get("colab_url")


def test_citation_cff_agrees():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["repository-code"].rstrip("/") == repository_url()


def test_pyproject_agrees():
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert urls["Repository"].rstrip("/") == repository_url()


def test_about_page_agrees():
    found = github_urls((ROOT / "chapters" / "about.md").read_text(encoding="utf-8"))
    assert repository_url() in found
    assert found <= {repository_url()}, f"the about page names another repository: {found - {repository_url()}}"


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_install_cell_agrees(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = nb["cells"][0]
    source = "".join(first["source"])
    assert first["cell_type"] == "code" and "remove-cell" in first["metadata"].get("tags", []), (
        f"{path.name}: the first cell must be the hidden install cell (run scripts/add_install_cell.py)")
    assert "import moscow_pyongyang" in source and f"%pip install --quiet git+{repository_url()}" in source, (
        f"{path.name}: install cell outdated (run scripts/add_install_cell.py)")


def test_no_other_repository_address_in_the_set_up_files():
    """README, CITATION.cff and pyproject.toml name no stale or foreign copy of the book's repository."""
    owner_repo = repository_url().removeprefix("https://github.com/")
    name = owner_repo.split("/")[1]
    for rel in ["README.md", "CITATION.cff", "pyproject.toml", "binder/requirements.txt"]:
        path = ROOT / rel
        if not path.exists():
            continue
        stale = {u for u in github_urls(path.read_text(encoding="utf-8"))
                 if u.endswith("/" + name) and u != repository_url()}
        assert not stale, f"{rel} names {stale}, not {repository_url()}"


def test_binder_installs_the_lock_and_a_supported_python():
    """Binder's environment is the same lock (plus the package), on a Python that pyproject.toml allows."""
    lines = [ln.strip() for ln in (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert lines == ["-r ../requirements.lock", "-e ."]
    runtime = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    minor = runtime.removeprefix("python-")
    assert minor in {"3.11", "3.12", "3.13"}, runtime
