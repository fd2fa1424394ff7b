"""One-off import: build references.bib from the research folder (kept to document how it was made).

    python scripts/import_references.py ../shared/research > references.bib

Two kinds of entries:
1. works checked in ``candidate_references.bib`` (books, articles, UN documents), cleaned as the research
   README asks: the checking ``note`` is dropped, and a ``url`` is kept only when it points at the publisher,
   an official body or the work itself (never at an unauthorised copy, a mirror or a review);
2. one ``@misc`` entry for every web page behind a data row (``source_url`` in the research CSVs), with the
   publisher as corporate author, so that prose can cite the page a figure or date was checked against.
   Keys are ``web-<publisher>-<first title words>`` and never change once published.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlparse

KEEP_URL_HOSTS = {
    "theins.ru", "muse.jhu.edu", "www.wilsoncenter.org", "www.kommunismusgeschichte.de", "book.ivran.ru",
    "press.princeton.edu", "edwinmellen.com", "www.usip.org", "www.routledge.com", "www.hurstpublishers.com",
    "experts.umn.edu", "www.kjis.org", "www.eurasiareview.com", "www.38north.org", "understandingwar.org",
    "undocs.org", "press.un.org", "www.un.org", "msmt.info", "en.wikisource.org", "assets.documentcloud.org",
    "tass.com", "duma.gov.ru", "newsroom.ctbto.org", "www.securitycouncilreport.org", "kr.usembassy.gov",
}
UN_RESOLUTION = re.compile(r"Resolution (\d{3,4}) \((\d{4})\)")


def parse_bib(text: str) -> list[tuple[str, str, dict[str, str]]]:
    entries = []
    for match in re.finditer(r"@(\w+)\{([^,]+),(.*?)\n\}", text, flags=re.S):
        kind, key, body = match.groups()
        fields = {}
        for f in re.finditer(r"^\s*(\w+)\s*=\s*(\{.*?\}|\d+|\w+),?\s*$", body, flags=re.M | re.S):
            fields[f.group(1).lower()] = f.group(2)
        entries.append((kind, key.strip(), fields))
    return entries


def clean_candidate(kind: str, key: str, fields: dict[str, str]) -> str:
    fields = dict(fields)
    fields.pop("note", None)
    url = fields.get("url", "").strip("{}")
    title = fields.get("title", "")
    res = UN_RESOLUTION.search(title)
    # only a resolution's own entry points at the resolution (a Panel of Experts report merely names 1874 in its
    # title; its URL is the report's symbol, fixed by hand in references.bib)
    if res and kind == "misc" and title.lstrip("{").startswith("Resolution"):
        fields["url"] = "{https://undocs.org/S/RES/%s(%s)}" % res.groups()
    elif url and urlparse(url).netloc not in KEEP_URL_HOSTS:
        fields.pop("url")
    if "doi" in fields and "url" in fields and urlparse(fields["url"].strip("{}")).netloc not in KEEP_URL_HOSTS:
        fields.pop("url")
    body = ",\n".join(f"  {name:<12} = {value}" for name, value in fields.items())
    return f"@{kind}{{{key},\n{body}\n}}"


def slug(text: str, words: int) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    tokens = [t for t in re.findall(r"[a-z0-9]+", text)
              if t not in {"the", "a", "an", "of", "and", "in", "on", "to", "for", "with", "at", "by", "from", "s"}]
    return "-".join(tokens[:words]) or "page"


def tex_escape(text: str) -> str:
    text = text.replace("\\", "").replace("{", "(").replace("}", ")")
    for ch in "&%$#_":
        text = text.replace(ch, "\\" + ch)
    return text


def publisher_name(publisher: str) -> str:
    return re.split(r"\s*[\(,;]", publisher.strip())[0].strip() or publisher.strip()


def web_sources(research: Path):
    seen: dict[str, dict[str, str]] = {}
    for name in ["events_sources.csv", "balancing_sources.csv", "offbook_sources.csv", "trade_sources.csv",
                 "unsc_votes.csv"]:
        for row in csv.DictReader((research / name).open(encoding="utf-8")):
            url = row["source_url"].strip()
            year = ""
            for column in ("pub_date", "estimate_date"):
                if re.match(r"\d{4}", row.get(column, "") or ""):
                    year = row[column][:4]
            entry = seen.setdefault(url, {"url": url, "title": row.get("source_title", ""),
                                          "publisher": row.get("publisher", ""), "year": year})
            if not entry["year"] and year:
                entry["year"] = year
            if not entry["title"]:
                entry["title"] = row.get("summary", "")[:120] or urlparse(url).netloc
            if not entry["publisher"]:
                entry["publisher"] = urlparse(url).netloc.removeprefix("www.")
    return list(seen.values())


def main(research: Path) -> None:
    out = ["% The book's one bibliography; every {cite} resolves here.",
           "% Part 1: checked books, articles and documents (from the research folder's candidate_references.bib,",
           "% cleaned: no checking notes, URLs only to publishers, official bodies or the work itself).", ""]
    keys = set()
    for kind, key, fields in parse_bib((research / "candidate_references.bib").read_text(encoding="utf-8")):
        out.append(clean_candidate(kind, key, fields))
        out.append("")
        keys.add(key)
    out += ["% Part 2: the web pages behind data rows (source_url in data/), publisher as corporate author.",
            "% 'n.d.' where the page's date was not recorded.", ""]
    mapping = []
    for src in web_sources(research):
        words = slug(src["title"], 3)
        if words.count("-") < 1:  # non-Latin titles: fall back on the page address
            words = slug(urlparse(src["url"]).path.replace("/", " ") + " " + words, 3)
        base = f"web-{slug(publisher_name(src['publisher']), 2)}-{words}"
        key, n = base, 2
        while key in keys:
            key, n = f"{base}-{n}", n + 1
        keys.add(key)
        mapping.append((src["url"], key))
        fields = [("author", "{{%s}}" % tex_escape(publisher_name(src["publisher"]))),
                  ("title", "{%s}" % tex_escape(src["title"])),
                  ("howpublished", "{%s}" % tex_escape(src["publisher"]))]
        if src["year"]:
            fields.append(("year", "{%s}" % src["year"]))
        fields.append(("url", "{%s}" % src["url"]))
        body = ",\n".join(f"  {name:<12} = {value}" for name, value in fields)
        out.append(f"@misc{{{key},\n{body}\n}}")
        out.append("")
    sys.stdout.write("\n".join(out))
    with open(Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/dev/null"), "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["source_url", "bib_key"])
        writer.writerows(mapping)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
