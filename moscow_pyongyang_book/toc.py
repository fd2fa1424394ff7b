"""Read the book's table of contents (``_toc.yml``): the pages in reading order and their source files."""

from __future__ import annotations

from pathlib import Path

import yaml

from moscow_pyongyang.data.paths import REPO_ROOT

SOURCE_SUFFIXES = (".md", ".ipynb")


def toc_pages(toc_path: Path = REPO_ROOT / "_toc.yml") -> list[str]:
    """Every page of the table of contents, as paths without suffix, in reading order (root first)."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                found.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []) or []:
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return found


def source_path(page: str, root: Path = REPO_ROOT) -> Path | None:
    """The ``.md`` or ``.ipynb`` file behind a toc entry, or None if there is none."""
    for suffix in SOURCE_SUFFIXES:
        path = root / f"{page}{suffix}"
        if path.exists():
            return path
    return None


def missing_sources(toc_path: Path) -> list[str]:
    """Toc entries with no source file next to the toc."""
    root = toc_path.parent
    return [page for page in toc_pages(toc_path) if source_path(page, root) is None]
