"""Sources a reviewer accepts: no mirrors, and every number where a reader can check it.

Three rules, checked on every row of every data file and on every entry of ``references.bib``:

1. **No mirrors.** No row and no bibliography entry may point at a test site or copy of the Wilson Center archive,
   a wiki mirror or a site that republishes other people's documents. Wikipedia itself is allowed only where
   nothing better exists, and then the row's ``note`` (or the entry's ``note``) must say so.
2. **No unmarked reprints.** A row or a bibliography entry on an aggregator, a syndication reprint, a blog or a
   minor site (``REPRINT_HOSTS``) cites the originating report instead, or its ``note`` says what the page is and
   that the original was not found.
3. **Every number checkable.** In every row with a numeric column (trade values, off-book estimates, Security
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
# Hosts that carry other people's reports: news aggregators, local papers and radio sites running wire copy (AP,
# Reuters, AFP, Yonhap, TASS), blogs and minor sites. An entry on one of them names the originating report instead;
# where the original cannot be found, its note says plainly what the page is and that the original was not found.
REPRINT_HOSTS = {
    # aggregators and syndication reprints
    "news-pravda.com": "an aggregator reprinting TASS and other agencies", "aninews.in": "an agency rewriting other reports",
    "nhub.news": "an aggregator reprinting other papers", "dailyfinland.fi": "a site reprinting Xinhua copy",
    "whbl.com": "a local radio site reprinting Reuters copy", "businesslive.co.za": "a paper reprinting Reuters copy",
    "unionleader.com": "a local paper reprinting wire copy", "tribuneindia.com": "a paper reprinting AP copy",
    "ksat.com": "a local TV site reprinting AP copy", "spotlightnepal.com": "a site reprinting NHK and agency copy",
    "am1.news": "an aggregator excerpting other papers", "koreanewsgazette.com": "an aggregator reprinting Yonhap copy",
    "freemalaysiatoday.com": "a paper reprinting AFP copy", "thesun.my": "a paper carrying agency copy",
    "news.az": "a site rewriting foreign reports", "voz.us": "a site rewriting agency reports",
    "article-swipe.standard.co.uk": "a swipe-view copy of an Evening Standard page",
    # blogs and minor sites
    "communist-project.blogspot.com": "an anonymous blog", "histhrill.com": "a popular-history site",
    "endofempire.asia": "an unsigned web chronology", "cepsongunbr.com": "a pro-DPRK blog",
    # more aggregators and reprints (second pass)
    "cambodiatribune.com": "a site reprinting Yonhap copy", "ukranews.com": "an agency rewriting other reports",
    "in-ukraine.info": "a site rewriting other reports", "tagtik.net": "an aggregator of other reports",
    "menafn.com": "a syndication site reprinting agency copy", "yahoo.com": "a portal reprinting partner reports",
    "g-novosti.in.ua": "a site rewriting other reports", "truthlensai.com": "an aggregator summarising other reports",
    "arabtimesonline.com": "a paper reprinting AP copy", "anews.com.tr": "a site rewriting agency copy",
    "upday.com": "an aggregator rewriting other reports", "millenniumpost.in": "a paper reprinting AP copy",
    "newsmuncher.com": "an aggregator reprinting AP copy", "thegaze.media": "a site summarising other reports",
    "urdupoint.com": "a site reprinting Sputnik copy", "timesofmanitoba.com": "a site rewriting other reports",
    "dailywrap.uk": "an aggregator rewriting other reports",
    "founderfx.cn": "a host of local papers' e-editions, here reprinting Xinhua copy",
}
REPRINT_SAID = re.compile(r"\b(reprint|aggregat|syndicat|blog|minor site|popular[- ]history)", flags=re.I)
NOT_FOUND_SAID = re.compile(r"\bnot found\b|\bno (?:better|original|other)\b[^.]*\bfound\b", flags=re.I)
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
                                      if f["type"] in ("number", "integer") and f["name"] not in ("stage", "seq")]
            for res in package["resources"] if "schema" in res}


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


def reprint_problem(url: str, note: str) -> str | None:
    """Why an entry on a reprint host needs its original, or None when it may stay."""
    name = host(url)
    for reprint, kind in REPRINT_HOSTS.items():
        if name == reprint or name.endswith("." + reprint):
            if REPRINT_SAID.search(note) and NOT_FOUND_SAID.search(note):
                return None
            return (f"{name} is {kind}: cite the originating report, or say in the note what the page is and "
                    "that the original was not found")
    return None


def bib_entries(text: str) -> list[tuple[str, dict[str, str]]]:
    """(key, fields) for each entry; field values with their braces stripped."""
    entries = []
    for match in re.finditer(r"^@\w+\{([^,\s]+),(.*?)^\}", text, flags=re.M | re.S):
        fields = {name.lower(): value.strip() for name, value in
                  re.findall(r"^\s*(\w+)\s*=\s*\{(.*?)\},?\s*$", match.group(2), flags=re.M)}
        entries.append((match.group(1), fields))
    return entries


SCALE_WORDS = [  # a word after a number that multiplies it, longest first
    (r"trillion|трлн|триллион\w*", 1e12), (r"billion|bln|bn|млрд|миллиард\w*", 1e9),
    (r"million|mln|mn|млн|миллион\w*", 1e6), (r"thousand|тыс\.?|тысяч\w*", 1e3),
]
KOREAN_UNITS = {"조": 1e12, "억": 1e8, "만": 1e4, "천": 1e3, "백": 1e2, "십": 10}
KOREAN_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*[조억만천백십](?:\s*(?:\d+(?:\.\d+)?)?\s*[조억만천백십])*(?:\s*\d+)?")
WORD_POINT = re.compile(r"\b(\w+)-point-(\w+)\b", flags=re.I)


def _korean(text: str) -> float:
    """A number written with Korean units: 13억8천520만6천 = 1,385,206,000; 7천만 = 70,000,000."""
    total, group = 0.0, 0.0
    for digits, unit in re.findall(r"(\d+(?:\.\d+)?)?\s*([조억만천백십])?", text):
        if not digits and not unit:
            continue
        value = float(digits) if digits else None
        if unit in ("천", "백", "십"):
            group += (1.0 if value is None else value) * KOREAN_UNITS[unit]
        elif unit:
            total += (group + (value or 0.0)) * KOREAN_UNITS[unit]
            group = 0.0
        else:
            group += value or 0.0
    return total + group


def _digits(word: str) -> str:
    return str(NUMBER_WORDS.get(word.lower(), word))


def numbers_in(text: str) -> list[float]:
    """Every number a reader would see in the text, as written and, when a scale word follows it (million,
    млрд, 억 …), also at full scale. Thousands separators are removed ("1,000", "32,072,540"); a comma followed
    by one or two digits is read both ways, since Russian writes decimals with a comma ("3,02 миллиона").
    Small numbers written out as words count too ("two abstentions", "one-thousand")."""
    found: list[float] = []
    # spoken forms ("one-point-53 billion", "96-point-seven percent") and stray spaces ("2. 5 million")
    text = WORD_POINT.sub(lambda m: f"{_digits(m.group(1))}.{_digits(m.group(2))}", text)
    text = re.sub(r"(?<=\d)\. (?=\d)", ".", text)
    text = re.sub(r"(?<=\d)-(?=(?:thousand|million|billion)\b)", " ", text, flags=re.I)
    scale = "|".join(f"(?:{w})" for w, _ in SCALE_WORDS)
    number = r"\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
    for match in re.finditer(rf"(?<![0-9A-Za-z.,])({number})(?![\d])\s*(?:({scale})\b)?", text, flags=re.I):
        raw, word = match.group(1), match.group(2)
        readings = {float(re.sub(r"[,\u202f\u00a0 ]", "", raw))}
        if re.fullmatch(r"\d+,\d{1,2}", raw) or re.fullmatch(r"\d+,\d+", raw):
            readings.add(float(raw.replace(",", ".")))
        for reading in readings:
            found.append(reading)
            if word:
                found += [reading * mult for pattern, mult in SCALE_WORDS if re.fullmatch(pattern, word, re.I)]
    for match in KOREAN_NUMBER.finditer(text.replace(",", "")):
        found.append(_korean(match.group(0)))
        found += [_korean(piece) for piece in match.group(0).split()]  # "14억 16억" is two numbers
    for word, value in NUMBER_WORDS.items():
        if re.search(rf"\b{word}\b", text, flags=re.I):
            found.append(float(value))
    for match in re.finditer(rf"\ba ({scale})\b", text, flags=re.I):
        found += [mult for pattern, mult in SCALE_WORDS if re.fullmatch(pattern, match.group(1), re.I)]
    if re.search(r"\bone[- ]thousand\b", text, flags=re.I):
        found.append(1000.0)
    for match in re.finditer(rf"\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)[- ]({scale})\b",
                             text, flags=re.I):
        found += [NUMBER_WORDS[match.group(1).lower()] * mult for pattern, mult in SCALE_WORDS
                  if re.fullmatch(pattern, match.group(2), re.I)]
    return found


UNIT_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "million_barrels": 1e6}


def same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def conversions_in(note: str) -> list[float]:
    """The numbers a note gives as the result of a conversion: whatever follows an '=' in the same sentence, as
    in "'two abstentions' = 2", "'unanimously' = 15 for; 0 against; 0 abstentions" or "USD 40,569 = 0.040569
    million"."""
    found = []
    for sentence in re.split(r"\.\s+|\.$", note):
        for clause in sentence.split("=")[1:]:
            found += numbers_in(clause)
    return found


def value_problem(value: str, quote: str, note: str, unit: str = "") -> str | None:
    if value.strip() == "":
        return None
    number = float(value)
    # a negative change or balance is quoted as a fall or a deficit: the words carry the sign
    scale = UNIT_SCALE.get(unit, 1.0)
    decimals = len(value.split(".")[1]) if "." in value else 0
    for n in numbers_in(quote):
        for candidate in (n, n / scale):
            # the value as quoted, or the quoted figure rounded to the value's precision (USD 74,210,288 = 74.21 million)
            if same(abs(number), candidate) or decimals and same(abs(number), round(candidate, decimals)):
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


# Words of mirror and document-copy hosts that must not survive in a citation key either: a key named after a
# mirror misleads an editor even when its URL is the original.
# The words are the first label of every host in MIRROR_HOSTS (so a host added there is caught here too), plus the
# short forms and document-copy sites the first edition's keys were named after.
MIRROR_KEY_WORDS = tuple(sorted({host.split(".")[0] for host in MIRROR_HOSTS}
                                | {"dvinci", "docslib", "studyres", "lawsdocbox"}))
CITE_KEYS = re.compile(r"\{cite(?::\w+)?\}`([^`]*)`")


def keys_in_use() -> list[tuple[str, str]]:
    """(where, key) for every bibliography key: the entries of references.bib, the {cite} roles of the chapters
    and notebooks, and the bib_key columns of the data files."""
    found = [("references.bib", key) for key, _ in bib_entries(BIB.read_text(encoding="utf-8"))]
    for page in sorted((ROOT / "chapters").glob("*.md")) + sorted((ROOT / "notebooks").glob("*.ipynb")):
        for match in CITE_KEYS.finditer(page.read_text(encoding="utf-8")):
            found += [(page.name, key.strip()) for key in match.group(1).split(",") if key.strip()]
    for path in data_files():
        if path.suffix != ".csv":
            continue
        for line, row in rows_of(path):
            for column, value in row.items():
                if column and "bib_key" in column and value:
                    found += [(f"{path.name}, line {line}", key.strip()) for key in re.split(r"[;,]", value)
                              if key.strip()]
    return found


def mirror_named(key: str) -> str | None:
    return next((word for word in MIRROR_KEY_WORDS if word in key.lower()), None)


def test_no_key_is_named_after_a_mirror():
    keys = keys_in_use()
    assert len(keys) > 100, "no keys found"
    problems = sorted({f"{where}: {key} (named after {mirror_named(key)})" for where, key in keys if mirror_named(key)})
    assert not problems, "keys named after mirrors:\n" + "\n".join(problems)


def test_no_bibliography_entry_rests_on_an_unmarked_reprint():
    problems = [f"references.bib, {key}: {reprint_problem(f['url'], f.get('note', ''))}"
                for key, f in bib_entries(BIB.read_text(encoding="utf-8"))
                if "url" in f and reprint_problem(f["url"], f.get("note", ""))]
    assert not problems, "bibliography entries cite reprints:\n" + "\n".join(problems)


def test_no_data_row_rests_on_an_unmarked_reprint():
    problems = []
    for path in data_files():
        for line, row in rows_of(path):
            problem = reprint_problem(row.get("source_url", ""), row.get("note", ""))
            if problem:
                problems.append(f"{path.name}, line {line}, {row[next(iter(row))]}: {problem}")
    assert not problems, "rows cite reprints:\n" + "\n".join(problems)


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
                problem = value_problem(row[column], row.get("quote", ""), row.get("note", ""), row.get("unit", ""))
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


@pytest.mark.parametrize("key", ["web-primidi-com-north-korearussia-relations", "web-wikimili-2nd-cabinet-north",
                                 "web-wikisum-wiki-united-nations-security", "web-docslib-org-x", "Web-StudyRes-x"])
def test_the_key_check_finds_mirror_names(key):
    assert mirror_named(key)
    assert not mirror_named("wikipedia-north-korea-russia-relations")


@pytest.mark.parametrize("url", [
    "https://digitalarchive.wilsoncenter.org/document/116180", "https://press.un.org/en/2006/sc8853.doc.htm",
    "https://en.wikipedia.org/wiki/X", "https://notprimidi.com.example.org/",
])
def test_the_mirror_check_passes_originals(url):
    assert not mirror_reason(url)


@pytest.mark.parametrize("value, quote, note, unit", [
    ("42.74", "trade amounted to $42.74 mln", "", "million"),
    ("1000", "over one-thousand containers", "", ""),
    ("1000", "more than 1,000 containers", "", ""),
    ("2", "two abstentions from China and Pakistan", "", ""),
    ("0.040569", "trade was USD 40,569", "USD 40,569 = 0.040569 million.", ""),
    ("3.02", "сокращение до 3,02 миллиона долларов", "", ""),
    ("32.07254", "약 3천200만달러($32,072,540)로", "", "million"),
    ("1385.206", "중국이 13억8천520만6천달러로", "", "million"),
    ("15", "unanimously adopting resolution 1718", "Tally: 'unanimously' = 15 for; 0 against; 0 abstentions.", ""),
])
def test_the_value_check_accepts_a_quoted_or_converted_value(value, quote, note, unit):
    assert value_problem(value, quote, note, unit) is None


@pytest.mark.parametrize("value, quote, note", [
    ("42.74", "trade amounted to $42.7 mln", ""),
    ("232", "trade peaked in 2005", "KOTRA figure."),
    ("15", "unanimously adopting resolution 1718", "Tally: all members voted for it."),
    ("12", "adopted by 13 votes to none", ""),
])
def test_the_value_check_flags_an_unsupported_value(value, quote, note):
    assert value_problem(value, quote, note)


@pytest.mark.parametrize("url, note", [
    ("https://dprk.news-pravda.com/en/world/x.html", ""),
    ("https://dprk.news-pravda.com/en/world/x.html", "A reprint of a TASS report."),
    ("https://news-pravda.com/x", "The original was not found."),
])
def test_the_reprint_check_finds_unmarked_reprints(url, note):
    assert reprint_problem(url, note)


@pytest.mark.parametrize("url, note", [
    ("https://dprk.news-pravda.com/en/x.html", "A reprint by an aggregator of a TASS report; the original was not found."),
    ("https://news-pravda.com/x", "An aggregator's copy; no original text was found."),
    ("https://www.reuters.com/world/x", ""), ("https://tass.com/politics/x", ""), ("https://apnews.com/article/x", ""),
    ("https://notnews-pravda.com.example.org/x", ""),
])
def test_the_reprint_check_passes_originals_and_marked_reprints(url, note):
    assert not reprint_problem(url, note)


def test_bib_parser_reads_fields():
    entries = bib_entries("@misc{k1,\n  url = {https://wikimili.com/x},\n  note = {n}\n}\n")
    assert entries == [("k1", {"url": "https://wikimili.com/x", "note": "n"})]
