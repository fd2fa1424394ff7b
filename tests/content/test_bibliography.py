"""The bibliography is author–year: labels as the text cites them, unique (a/b for one author's year), sorted by
author, dated wherever the entry carries a date, titles as written, no TeX escapes left for the reader.

The labels and the order come from the book's own pybtex style (moscow_pyongyang_book/references.py) applied to
references.bib, so these tests need no build; the last tests read the built page when there is one.
"""

from __future__ import annotations

import re

import pytest
from pybtex.database import parse_file

from helpers.book import HTML, ROOT
from moscow_pyongyang_book.references import (NO_DATE, AuthorYearStyle, author_part, entry_date, labels_for,
                                              sort_key)

BIB = ROOT / "references.bib"


@pytest.fixture(scope="module")
def entries():
    return list(parse_file(str(BIB)).entries.values())


@pytest.fixture(scope="module")
def ordered(entries):
    style = AuthorYearStyle()
    sorted_entries = style.sort(entries)
    return sorted_entries, style.format_labels(sorted_entries)


def test_labels_are_unique(ordered):
    _, labels = ordered
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    assert duplicates == []


def test_same_author_and_year_get_a_b_in_order(ordered):
    sorted_entries, labels = ordered
    groups: dict[str, list[str]] = {}
    for entry, label in zip(sorted_entries, labels):
        groups.setdefault(f"{author_part(entry)} {entry_date(entry)[0] or NO_DATE}", []).append(label)
    for base, group in groups.items():
        if len(group) > 1:
            sep = "-" if base.endswith(NO_DATE) else ""
            assert group == [base + sep + letter for letter in "abcdefghijklmnopqrstuvwxyz"[:len(group)]], group
        else:
            assert group == [base]


def test_sorted_by_author(ordered):
    sorted_entries, _ = ordered
    authors = [author_part(e).casefold() for e in sorted_entries]
    assert authors == sorted(authors)


def test_no_n_d_for_an_entry_with_a_date(ordered):
    sorted_entries, labels = ordered
    wrong = [e.key for e, label in zip(sorted_entries, labels) if NO_DATE in label and entry_date(e)[0]]
    assert wrong == []


def test_every_date_field_is_an_iso_date(entries):
    bad = [(e.key, e.fields["date"]) for e in entries
           if "date" in e.fields and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", e.fields["date"])]
    assert bad == []


def test_field_text_reads_as_written(entries):
    """pybtex reads field text as LaTeX: a bare "%" starts a comment (the rest of the title is lost), while "\\$"
    is printed as it is. So "%" is written "\\%" and "$" bare; other TeX escapes are not needed (UTF-8)."""
    from pybtex.richtext import Text

    bad = []
    for e in entries:
        for name, value in e.fields.items():
            if name.lower() in ("url", "doi"):
                continue
            if re.search(r"(?<!\\)%", value) or re.search(r"\\[$'\"`^~]|\\[a-zA-Z]", value):
                bad.append((e.key, name, value[:60]))
            elif "\\" in value and "\\" in Text.from_latex(value).render_as("text"):
                bad.append((e.key, name, value[:60]))
    assert bad == []


# A description in brackets where a title belongs: "[IFP News item on …]", "[Korea Herald analysis of …]".
DESCRIPTIVE_TITLE = re.compile(r"^\[.*\b(item|article|summary|untitled|analysis|report)\b", flags=re.I)


def test_no_descriptive_bracketed_titles(entries):
    """A title is the work's own (or its headline), not a description of it in brackets."""
    bad = [(e.key, e.fields["title"]) for e in entries if DESCRIPTIVE_TITLE.search(e.fields.get("title", ""))]
    assert len(bad) <= KNOWN_DESCRIPTIVE_TITLES, bad


# Entries whose real headline has not been found and that still carry a description instead: none is left (where
# no headline survives, the title is the page's first sentence, with a note saying so).
KNOWN_DESCRIPTIVE_TITLES = 0


def descriptive_source_titles() -> list[str]:
    """Rows of any data/*.csv whose source_title is a bracketed description rather than the source's headline."""
    import csv
    import json

    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    bad = []
    for resource in package["resources"]:
        path = ROOT / "data" / resource["path"]
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                if DESCRIPTIVE_TITLE.search(row.get("source_title") or ""):
                    bad.append(f"{path.name}, line {line}, {row[next(iter(row))]}: {row['source_title']}")
    return bad


def test_no_descriptive_bracketed_source_titles():
    """The data rows name their sources as references.bib does: by headline (or, where none survives, by the
    first sentence, with a note saying so), not by a bracketed description."""
    bad = descriptive_source_titles()
    assert len(bad) <= KNOWN_DESCRIPTIVE_SOURCE_TITLES, "\n".join(bad)


# Rows that name their source by a description: none is left (see KNOWN_DESCRIPTIVE_TITLES).
KNOWN_DESCRIPTIVE_SOURCE_TITLES = 0


@pytest.mark.parametrize("title", ["[IFP News item on HUR statement to Interfax-Ukraine]",
                                   "[Korea Herald analysis of what North Korea gains, 3 Nov 2024]"])
def test_the_descriptive_title_check_can_fail(title):
    assert DESCRIPTIVE_TITLE.search(title)
    assert not DESCRIPTIVE_TITLE.search("[Monitor] NK's exports shrivel while imports rise")


def same_address(url: str) -> str:
    """The address as a reader reaches it: scheme, "www." and a trailing slash make no difference."""
    url = re.sub(r"^https?://(www\.)?", "", url.strip(), flags=re.I)
    return url.rstrip("/").casefold()


def shared_addresses(entries) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for e in entries:
        if e.fields.get("url"):
            keys.setdefault(same_address(e.fields["url"]), []).append(e.key)
    return {url: found for url, found in keys.items() if len(found) > 1}


def test_no_two_entries_share_an_address(entries):
    """One work, one entry: two keys for the same page split its citations and list it twice."""
    assert shared_addresses(entries) == {}


def test_a_shared_address_is_caught():
    from pybtex.database import Entry

    def entry(key, url):
        e = Entry("misc", fields={"title": key, "year": "2024", "url": url})
        e.key = key
        return e

    found = shared_addresses([entry("a", "https://www.example.org/doc/1/"), entry("b", "http://example.org/doc/1"),
                              entry("c", "https://example.org/doc/2")])
    assert found == {"example.org/doc/1": ["a", "b"]}


def test_the_labels_catch_a_clash():
    from pybtex.database import Entry, Person

    def entry(key, title):
        e = Entry("misc", fields={"title": title, "year": "2024"})
        e.persons["author"] = [Person("{TASS}")]
        e.key = key
        return e

    two = sorted([entry("a", "First"), entry("b", "Second")], key=sort_key)
    assert labels_for(two) == ["TASS 2024a", "TASS 2024b"]


# --- the built page --------------------------------------------------------------------------------------------

def _built(page: str) -> str:
    path = HTML / f"{page}.html"
    if not path.exists():
        pytest.skip(f"{path} is not built (run `make html`)")
    return path.read_text(encoding="utf-8")


def test_the_built_bibliography_has_no_backslash_and_no_numbers():
    html = _built("chapters/bibliography")
    body = re.sub(r"<[^>]+>", " ", html.split('<article', 1)[-1])
    assert "\\" not in re.sub(r"https?://\S+", "", body)
    assert not re.search(r"\[\d+\]", body), "numbered labels"


def test_citations_in_the_text_use_the_bibliography_labels():
    bib = _built("chapters/bibliography")
    labels = set(re.findall(r'<span class="label"><span class="fn-bracket">\[</span>(.*?)<span', bib))
    assert labels, "no label in the built bibliography"
    intro = _built("intro")
    cited = re.findall(r'<a class="reference internal" href="chapters/bibliography.html#[^"]+"[^>]*>(.*?)</a>', intro)
    assert cited, "no citation on the landing page"
    assert [c for c in cited if c not in labels] == []
