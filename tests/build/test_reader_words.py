"""The reader's words only: no production vocabulary in the built online edition.

The three essays the book answers are named by author and title (Tertitskiy's four stages, Harry Kim's essay
for the Wilson Center, the anonymous book chapter), never by the file names or working labels used while the
book was written ("seed 002", "seed essay", "research notes", "evidence rows"). This is a build test: it reads
the text a reader sees in ``_build/html`` (page text, image descriptions and tooltips; not scripts, styles or
markup) and the text drawn in the charts (the SVG files the pages show keep their text as text), so it covers
chapters, notebooks, chart titles and labels, generated tables and the data appendix alike.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

# Each pattern with the reason a reader would stumble on it.
FORBIDDEN = {
    r"\bseed(?:s|_?\d+)?\b": "'seed' is a working label: name the essay by author and title",
    r"\bseed[- ](?:essay|article)s?\b": "name the essay by author and title",
    r"\bresearch notes?\b": "'research notes' are working files: cite the source itself",
    r"\bevidence rows?\b": "say what the evidence is (documents, reports), not how it was stored",
    r"\bresearch rows?\b": "say what the evidence is, not how it was stored",
    r"\bbalancing rows?\b": "say what the evidence is, not how it was stored",
    r"\btwice times\b": "a glued multiple in words ('twice', 'six times') already carries its 'times'",
    r"\b(?:the the|a a|an an|of of|to to|in in|and and|times times)\b": "a word doubled (often prose around a glued value)",
}
PATTERN = re.compile("|".join(f"(?:{p})" for p in FORBIDDEN), flags=re.I)
SKIPPED_TAGS = {"script", "style", "template", "noscript"}
VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}


class ReaderText(HTMLParser):
    """The text a reader can see or hear on a page: text nodes outside scripts and styles, plus the
    attributes a browser shows or reads aloud (alt, title, aria-label, placeholder)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self._skip += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_startendtag(self, tag, attrs):
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def reader_text(html: str) -> str:
    parser = ReaderText()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def offending(text: str) -> list[str]:
    """Each forbidden word in the text, with a little context."""
    return [text[max(m.start() - 40, 0):m.end() + 40].strip() for m in PATTERN.finditer(text)]


def built_pages(html_dir: Path) -> list[Path]:
    """Every HTML page and every SVG chart of the online edition."""
    pages = [p for p in html_dir.rglob("*.html") if not {"_static", "_sources"} & set(p.relative_to(html_dir).parts)]
    return sorted(pages + list((html_dir / "_images").glob("*.svg")))


def test_no_production_vocabulary_in_the_online_edition(html_dir: Path):
    pages = built_pages(html_dir)
    assert pages, "no built pages found"
    found = {}
    for page in pages:
        hits = offending(reader_text(page.read_text(encoding="utf-8")))
        if hits:
            found[str(page.relative_to(html_dir))] = hits
    report = "\n".join(f"{page} ({len(hits)}): " + " | ".join(hits[:5]) for page, hits in found.items())
    assert not found, f"production vocabulary a reader would see, in {len(found)} pages:\n{report}"


@pytest.mark.parametrize("text", [
    "<p>As seed 002 says</p>", "<p>The seed essay errs.</p>", "<td>Leaning to Beijing (seed_002)</td>",
    "<p>The research notes behind this book</p>", "<li>12 evidence rows lean to Moscow</li>",
    '<svg><g id="text_1"><text x="0">research notes</text></g></svg>',
    '<img alt="Chart of the seed essays\' periods" src="x.svg">', "<p>Seeds</p>",
    "<p>Russia delivered about twice times the ceiling</p>", "<p>a rise of the the year</p>",
])
def test_the_check_finds_production_words(text: str):
    """Each of these would be shown to a reader."""
    assert offending(reader_text(text))


@pytest.mark.parametrize("text", [
    "<p>Tertitskiy's four stages</p>", "<p>Harry Kim's essay for the Wilson Center</p>",
    "<script>var seed = 2;</script><p>Clean text</p>", "<style>.seed{}</style>",
    "<p>the research behind this book; seedling; reseeded</p>",
    '<svg><g id="seed002_beijing_1962_1965"><text>Tertitskiy (2024)</text></g></svg>',
])
def test_the_check_passes_the_readers_words(text: str):
    assert not offending(reader_text(text))
