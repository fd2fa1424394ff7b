"""Every page of the online edition is valid HTML: the Nu Html Checker (vnu.jar, from npm) finds no error.

Its warnings are held to a short list of known ones that come from the theme's page structure, each with its
reason; any other warning (an empty heading, say) fails too. Needs Java and node_modules/ (`make test`
installs both) and the built HTML.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from book_tools.browser import VNU_JAR, java, require_tool, site_pages

# Warnings that come from the structure the PyData/Book theme and Sphinx give every page, not from the book.
KNOWN_WARNINGS = {
    # pydata-sphinx-theme writes <main role="main">: redundant, harmless
    r"The “main” role is unnecessary for element “main”\.": "theme layout",
    # Sphinx puts each page's <h1> in a <section> inside the theme's <article>: the checker's outline heuristic
    r"Consider using the “h1” element as a top-level heading only": "Sphinx sections",
    r"Article lacks heading\.": "Sphinx sections",
}


def check(pages: list[str]) -> dict:
    """Run the Nu Html Checker on ``pages``: its errors and warnings, each as 'file:line: message'."""
    jar = require_tool(VNU_JAR, "the Nu Html Checker, npm package vnu-jar")
    proc = subprocess.run([java(), "-jar", str(jar), "--format", "json", "--exit-zero-always", *pages],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    by_kind: dict = {"error": [], "warning": [], "pages": pages}
    for m in messages:
        where = f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        if m["type"] in {"error", "non-document-error"} or m.get("subType") == "fatal":
            by_kind["error"].append(where)
        elif m.get("subType") == "warning":
            by_kind["warning"].append(where)
    return by_kind


@pytest.fixture(scope="module")
def report(html_dir: Path) -> dict:
    return check([str(html_dir / p) for p in site_pages(html_dir)])


def test_the_checker_reports_errors_and_warnings(tmp_path: Path):
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head>'
                    '<body><h2></h2><p><div>block in a paragraph</div></p></body></html>')
    result = check([str(page)])
    assert any("bad.html" in e for e in result["error"])
    assert any("Empty heading" in w for w in result["warning"])


def test_the_checker_saw_every_page(report, html_dir: Path):
    assert len(report["pages"]) >= 4
    assert str(html_dir / "index.html") in report["pages"]


def test_no_page_has_an_html_error(report):
    assert report["error"] == []


def test_no_page_has_an_unexpected_warning(report):
    unexpected = [w for w in report["warning"] if not any(re.search(p, w) for p in KNOWN_WARNINGS)]
    assert unexpected == []
