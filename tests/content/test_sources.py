"""Sources a reviewer accepts: no mirrors, and every number where a reader can check it.

Two rules, checked on every row of every data file and on every entry of ``references.bib``:

1. **No mirrors.** No row and no bibliography entry may point at a test site or copy of the Wilson Center archive,
   a wiki mirror or a site that republishes other people's documents. Wikipedia itself is allowed only where
   nothing better exists, and then the row's ``note`` (or the entry's ``note``) must say so.
2. **Every number checkable.** In every row with a numeric column (trade values, off-book estimates, Security
   Council tallies), each value must appear in the row's own ``quote``, or the ``note`` must show the conversion
   that produces it ("'two abstentions' = 2", "USD 40,569 = 0.040569 million").

The file is read as text with the csv module, not through the loaders, so that a test failure names the file, the
line and the row's id exactly as an editor will find them.
"""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from helpers.book import ROOT

DATA = ROOT / "data"
BIB = ROOT / "references.bib"

# Hosts that copy other people's pages: test and staging copies of the Wilson Center Digital Archive, wiki
# mirrors and document-copy sites. A row that needs their text cites the original instead.
MIRROR_HOSTS = {
    "dvincitest.com": "a test site of the Wilson Center Digital Archive: cite digitalarchive.wilsoncenter.org",
    "drivingcreative.com": "a staging copy of the Wilson Center site: cite digitalarchive.wilsoncenter.org",
    "primidi.com": "a Wikipedia mirror", "wikimili.com": "a Wikipedia mirror", "thisday.fyi": "a wiki mirror",
    "wikisum.wiki": "a Wikipedia mirror", "qaz.wiki": "a machine-translated Wikipedia mirror",
    "findatwiki.com": "a Wikipedia mirror", "altsci.com": "a Wikipedia-derived page", "wikiwand.com": "a Wikipedia mirror",
    "everybodywiki.com": "a wiki mirror", "dbpedia.org": "a Wikipedia extract", "wiki2.org": "a Wikipedia mirror",
    "paperzz.com": "an unofficial copy of a paper", "9dok.net": "an unofficial copy of a book",
    "issuhub.com": "an unofficial copy of a book", "itexts.net": "an unofficial copy of a book",
    "litlife.club": "an unofficial copy of a book",
}
WIKIPEDIA = re.compile(r"(^|\.)wikipedia\.org$")
WIKIPEDIA_SAID = re.compile(r"wikipedia", flags=re.I)

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20,
}
NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\d])")


def data_files() -> list[Path]:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    return [DATA / res["path"] for res in package["resources"]]


def numeric_columns() -> dict[str, list[str]]:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    return {Path(res["path"]).stem: [f["name"] for f in res["schema"]["fields"]
                                      if f["type"] in ("number", "integer") and f["name"] != "stage"]
            for res in package["resources"]}


def rows_of(path: Path) -> list[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [(i + 2, row) for i, row in enumerate(csv.DictReader(fh))]


def host(url: str) -> str:
    return (urlparse(url.strip()).hostname or "").lower()


def mirror_reason(url: str) -> str | None:
    name = host(url)
    for banned, reason in MIRROR_HOSTS.items():
        if name == banned or name.endswith("." + banned):
            return reason
    return None


def bib_entries(text: str) -> list[tuple[str, dict[str, str]]]:
    """(key, fields) for each entry; field values with their braces stripped."""
    entries = []
    for match in re.finditer(r"^@\w+\{([^,\s]+),(.*?)^\}", text, flags=re.M | re.S):
        fields = {name.lower(): value.strip() for name, value in
                  re.findall(r"^\s*(\w+)\s*=\s*\{(.*?)\},?\s*$", match.group(2), flags=re.M)}
        entries.append((match.group(1), fields))
    return entries


def numbers_in(text: str) -> list[float]:
    """Every number a reader would see in the text: digits (with thousands separators removed) and small
    numbers written out as words ("two abstentions", "one-thousand")."""
    plain = re.sub(r"(?<=\d)[,\u202f\u00a0 ](?=\d{3}(?!\d))", "", text)
    found = [float(n) for n in NUMBER.findall(plain)]
    for word, value in NUMBER_WORDS.items():
        if re.search(rf"\b{word}\b", text, flags=re.I):
            found.append(float(value))
    if re.search(r"\bone[- ]thousand\b", text, flags=re.I):
        found.append(1000.0)
    return found


def same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def conversions_in(note: str) -> list[float]:
    """The numbers a note gives as the result of a conversion: whatever follows '=' (up to ';' or the end of
    the sentence), as in "'two abstentions' = 2" or "USD 40,569 = 0.040569 million"."""
    found = []
    for clause in re.findall(r"=\s*([^;=]+?)(?:;|\.\s|\.$|$)", note):
        found += numbers_in(clause)
    return found


def value_problem(value: str, quote: str, note: str) -> str | None:
    if value.strip() == "":
        return None
    number = float(value)
    if any(same(number, n) for n in numbers_in(quote)):
        return None
    if any(same(number, n) for n in conversions_in(note)):
        return None
    return f"{value} is not in the quote, and the note shows no conversion ('... = {value}')"


# --------------------------------------------------------------------------------------------------------------
# the rules


def test_no_data_row_cites_a_mirror():
    problems = []
    for path in data_files():
        for line, row in rows_of(path):
            url = row.get("source_url", "")
            reason = mirror_reason(url)
            if reason:
                problems.append(f"{path.name}, line {line}, {row[next(iter(row))]}: {host(url)} is {reason}")
    assert not problems, "rows cite mirrors:\n" + "\n".join(problems)


def test_wikipedia_rows_say_nothing_better_was_found():
    problems = []
    for path in data_files():
        for line, row in rows_of(path):
            if WIKIPEDIA.search(host(row.get("source_url", ""))) and not WIKIPEDIA_SAID.search(row.get("note", "")):
                problems.append(f"{path.name}, line {line}, {row[next(iter(row))]}: cites Wikipedia, but its note "
                                "does not say so and why")
    assert not problems, "\n".join(problems)


def test_no_bibliography_entry_cites_a_mirror():
    entries = bib_entries(BIB.read_text(encoding="utf-8"))
    assert len(entries) > 100, "references.bib was not parsed"
    problems = [f"references.bib, {key}: {host(f['url'])} is {mirror_reason(f['url'])}"
                for key, f in entries if "url" in f and mirror_reason(f["url"])]
    assert not problems, "bibliography entries cite mirrors:\n" + "\n".join(problems)


def test_wikipedia_entries_say_so():
    problems = [key for key, f in bib_entries(BIB.read_text(encoding="utf-8"))
                if WIKIPEDIA.search(host(f.get("url", ""))) and not WIKIPEDIA_SAID.search(f.get("note", ""))]
    assert not problems, ("bibliography entries cite Wikipedia without a note saying that nothing better was "
                          "found: " + ", ".join(problems))


def test_every_numeric_value_is_in_its_quote_or_converted_in_its_note():
    problems = []
    for name, columns in numeric_columns().items():
        if not columns:
            continue
        for line, row in rows_of(DATA / f"{name}.csv"):
            for column in columns:
                problem = value_problem(row[column], row.get("quote", ""), row.get("note", ""))
                if problem:
                    problems.append(f"{name}.csv, line {line}, {row['id']}, column '{column}': {problem}")
    assert not problems, f"{len(problems)} values cannot be checked against their source:\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------------------------
# the checks can fail


@pytest.mark.parametrize("url", [
    "https://wilson-center-digital-archive.dvincitest.com/document/116180",
    "https://wilson-center.drivingcreative.com/document/x", "https://www.primidi.com/north_korea",
    "https://wikimili.com/en/2nd_Cabinet", "https://thisday.fyi/x", "https://wikisum.wiki/x",
])
def test_the_mirror_check_finds_mirrors(url):
    assert mirror_reason(url)


@pytest.mark.parametrize("url", [
    "https://digitalarchive.wilsoncenter.org/document/116180", "https://press.un.org/en/2006/sc8853.doc.htm",
    "https://en.wikipedia.org/wiki/X", "https://notprimidi.com.example.org/",
])
def test_the_mirror_check_passes_originals(url):
    assert not mirror_reason(url)


@pytest.mark.parametrize("value, quote, note", [
    ("42.74", "trade amounted to $42.74 mln", ""),
    ("1000", "over one-thousand containers", ""),
    ("1000", "more than 1,000 containers", ""),
    ("2", "two abstentions from China and Pakistan", ""),
    ("0.040569", "trade was USD 40,569", "USD 40,569 = 0.040569 million."),
    ("15", "unanimously adopting resolution 1718", "Tally: 'unanimously' = 15 for, 0 against, 0 abstentions."),
])
def test_the_value_check_accepts_a_quoted_or_converted_value(value, quote, note):
    assert value_problem(value, quote, note) is None


@pytest.mark.parametrize("value, quote, note", [
    ("42.74", "trade amounted to $42.7 mln", ""),
    ("232", "trade peaked in 2005", "KOTRA figure."),
    ("15", "unanimously adopting resolution 1718", "Tally: all members voted for it."),
    ("13", "adopted by 13 votes to none", "")[:0] + ("12", "adopted by 13 votes to none", ""),
])
def test_the_value_check_flags_an_unsupported_value(value, quote, note):
    assert value_problem(value, quote, note)


def test_bib_parser_reads_fields():
    entries = bib_entries("@misc{k1,\n  url = {https://wikimili.com/x},\n  note = {n}\n}\n")
    assert entries == [("k1", {"url": "https://wikimili.com/x", "note": "n"})]
