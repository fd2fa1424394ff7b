"""The EPUB edition (``make epub``): valid by Debian's epubcheck, with the book's chapters and figures, a cover,
a working table of contents, and Cyrillic and Hangul kept as text."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from helpers.book import BUILD, require, toc_files

EPUB = BUILD / "epub" / "moscow-pyongyang.epub"


@pytest.fixture(scope="module")
def epub() -> Path:
    return require(EPUB)


@pytest.fixture(scope="module")
def members(epub: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(epub) as z:
        return {name: z.read(name) for name in z.namelist()}


EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")   # Debian's epubcheck (4.2.6 in Debian 12 and 13)


def epubcheck_command() -> list[str]:
    """Debian's /usr/bin/epubcheck is the jar itself (run through binfmt_misc where jarwrapper is set up), so the
    jar is run with java directly when it is there."""
    if EPUBCHECK_JAR.is_file() and shutil.which("java"):
        return ["java", "-jar", str(EPUBCHECK_JAR)]
    if shutil.which("epubcheck"):
        return ["epubcheck"]
    pytest.fail("epubcheck is missing: make test-deps installs the Debian package")


def test_epubcheck_passes_with_no_errors(epub: Path):
    out = subprocess.run([*epubcheck_command(), str(epub)], capture_output=True, text=True, timeout=900)
    report = out.stdout + out.stderr
    errors = [line for line in report.splitlines() if line.startswith(("ERROR", "FATAL"))]
    assert out.returncode == 0 and not errors, "\n".join(errors[:20]) or report[-2000:]


def test_every_page_of_the_toc_is_in_the_epub(members: dict[str, bytes]):
    pages = {name for name in members if name.endswith(".xhtml")}
    for page in toc_files():
        stem = page.rsplit(".", 1)[0]
        assert any(p.endswith(f"{stem}.xhtml") for p in pages), page


def test_navigation_lists_the_chapters(members: dict[str, bytes]):
    nav = next((v.decode("utf-8") for k, v in members.items() if k.endswith("nav.xhtml")), "")
    ncx = next((v.decode("utf-8") for k, v in members.items() if k.endswith(".ncx")), "")
    toc = nav + ncx
    for page in toc_files():
        stem = page.rsplit(".", 1)[0]
        assert f"{stem}.xhtml" in toc, f"{page} is not in the table of contents"


def test_cover_is_declared_and_present(members: dict[str, bytes]):
    opf = next(v.decode("utf-8") for k, v in members.items() if k.endswith(".opf"))
    match = re.search(r'<item[^>]*href="([^"]+)"[^>]*properties="cover-image"', opf) or \
        re.search(r'<item[^>]*properties="cover-image"[^>]*href="([^"]+)"', opf)
    assert match, "no cover-image item in the package document"
    cover = next(k for k in members if k.endswith(match.group(1)))
    assert members[cover].startswith(b"\x89PNG") and len(members[cover]) > 10_000


def test_figures_are_in_the_epub(members: dict[str, bytes]):
    svgs = [k for k, v in members.items() if k.endswith(".svg") and b"matplotlib" in v[:3000]]
    assert len(svgs) >= 9  # every chart of the notebooks, including the two maps
    text = "".join(v.decode("utf-8", "replace") for k, v in members.items() if k.endswith(".xhtml"))
    assert 'id="fig-map-border-region"' in text and 'id="fig-geo-border-map"' in text


def test_cyrillic_and_hangul_are_text(members: dict[str, bytes]):
    text = "".join(v.decode("utf-8", "replace") for k, v in members.items() if k.endswith(".xhtml"))
    assert re.search(r"[\u0400-\u04FF]{3,}", text), "no Cyrillic text"
    assert re.search(r"[\uAC00-\uD7A3]{2,}", text), "no Hangul text"


def test_online_only_parts_stay_out_of_the_epub(members: dict[str, bytes]):
    text = "".join(v.decode("utf-8", "replace") for k, v in members.items() if k.endswith(".xhtml"))
    assert "figure-downloads" not in text
    assert not any(k.endswith("search.xhtml") for k in members)
