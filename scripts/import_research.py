"""One-off import: build the book's datasets in ``data/`` from the research folder (kept to document how).

    .venv/bin/python scripts/import_research.py ../shared/research

Reads the research CSVs (``events_sources.csv``, ``balancing_sources.csv``, ``trade_sources.csv``,
``offbook_sources.csv``, ``unsc_votes.csv``) and writes ``data/events.csv``, ``data/balancing.csv``,
``data/trade.csv``, ``data/off_book.csv`` and ``data/unsc_votes.csv``. ``data/periods.csv`` and
``data/disagreements.csv`` are written by hand (they are the book's own reading, not research rows).

Every change to a research row is made here, explicitly, row by row (the ``FIX_*`` tables below), so that a
reader can see what was changed and why; the reason is also written into the row's ``note``. Nothing is dropped.
The build and the tests never need this script or the research folder: ``data/`` is the source of truth once
written. Ids are derived once from the row's date and words and are never changed afterwards (re-running the
script on the same research files gives the same ids).
"""

from __future__ import annotations

import calendar
import csv
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PROVENANCE = ["source_title", "source_url", "publisher", "quote", "bib_key", "note"]

# --------------------------------------------------------------------------------------------------------------
# helpers


def bib_keys_by_url() -> dict[str, str]:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    keys = {}
    for match in re.finditer(r"@\w+\{([^,]+),(.*?)\n\}", text, flags=re.S):
        url = re.search(r"^\s*url\s*=\s*\{(.*)\},?\s*$", match.group(2), flags=re.M)
        if url and match.group(1).startswith("web-"):
            keys.setdefault(url.group(1), match.group(1))
    return keys


STOP = {"the", "a", "an", "of", "and", "in", "on", "to", "for", "with", "at", "by", "from", "s", "as", "its", "his",
        "that", "was", "were", "had", "has", "it", "be", "after", "into", "over", "their", "made"}


def slug(text: str, words: int) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    tokens = [t for t in re.findall(r"[a-z0-9]+", text) if t not in STOP]
    return "_".join(tokens[:words])


def unique(base: str, seen: set[str]) -> str:
    key, n = base, 2
    while key in seen:
        key, n = f"{base}_{n}", n + 1
    seen.add(key)
    return key


def precision(date: str) -> str:
    return {4: "year", 7: "month", 10: "day"}[len(date)]


def month_end(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def first_day(text: str) -> str:
    if not text:
        return ""
    parts = text.split("-")
    return text if len(parts) == 3 else (f"{text}-01" if len(parts) == 2 else f"{text}-01-01")


def last_day(text: str) -> str:
    if not text:
        return ""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return text
    if len(parts) == 2:
        return month_end(*parts)
    return f"{parts[0]:04d}-12-31"


def write(name: str, header: list[str], rows: list[dict[str, str]]) -> None:
    with (DATA / name).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in header})
    print(f"data/{name}: {len(rows)} rows")


def join_notes(*notes: str) -> str:
    return " ".join(n.strip() for n in notes if n and n.strip())


# --------------------------------------------------------------------------------------------------------------
# weak sources named in events_notes.md: a warning goes into the row's note

WEAK_HOSTS = {
    "communist-project.blogspot.com": "Weak source: a low-authority blog (research notes); use with a better source.",
    "thisday.fyi": "Weak source: an on-this-day site (research notes); the exact day of departure is unverified, "
                   "only the month (the Soviet note promised completion at the end of December 1948).",
    "koreanhistory.info": "Weak source (research notes): it calls the one billion roubles a loan; other literature "
                          "usually calls it a grant (not verified here).",
    "www.histhrill.com": "Weak source: a popular-history site (research notes); use with a better source.",
    "kcnawatch.org": "DPRK state media (KCNA via kcnawatch): partisan source (research notes).",
    "voz.us": "Weak source (research notes): voz.us relaying KCNA; Russia acknowledged the deployment two days "
              "earlier (26 April 2025).",
    "www.primidi.com": "Weak source: a Wikipedia mirror (research notes); use with a better source.",
}

# --------------------------------------------------------------------------------------------------------------
# events

EVENT_FIXES = {
    # (research date, first words of the event): replacement fields
    ("1949-03-17", "The USSR–DPRK Agreement"): {
        "event": "The USSR–DPRK Agreement on Economic and Cultural Cooperation was signed in Moscow during Kim Il "
                 "Sung's first official visit.",
        "source_title": "Agreement on Economic and Cultural Co-operation between the USSR and the DPRK, signed at "
                        "Moscow, 17 March 1949 (United Nations Treaty Series, vol. 221; Wikisource transcription)",
        "source_url": "https://en.wikisource.org/wiki/Page:UN_Treaty_Series_-_vol_221.pdf/22",
        "publisher": "United Nations Treaty Series (transcription on Wikisource)",
        "quote": "Done at Moscow on 17 March 1949 in two copies, in the Russian and Korean",
        "bib_key": "ussrdprk1949agreement",
        "note": "Source replaced: the research row cited a pro-DPRK site (cepsongunbr.com, key "
                "web-ceps-songun-71-anos-dos) that could not be found again; the treaty text itself gives the date "
                "and place. TASS (3-25 March 1949) dates the visit.",
    },
    ("2009-08", "RasonKonTrans"): {
        "date": "2008-08-06",
        "event": "In Pyongyang, Russian Railways and the DPRK signed a 49-year lease of the Tumangang–Rajin railway "
                 "to the RasonKonTrans joint venture (70% Russian, 30% Port of Rajin).",
        "actors": "Russian Railways; RasonKonTrans; DPRK Ministry of Railways",
        "source_title": "Nordkorea vermietet die Eisenbahnstrecke zwischen Tumangang und Rajin für 49 Jahre "
                        "(forum thread reproducing Russian Railways press releases of 25 Apr and 12 Aug 2008)",
        "source_url": "http://www.nordkorea-info.de/forum/thread-119.html",
        "publisher": "nordkorea-info.de forum (reproducing Russian Railways press releases)",
        "quote": "On 6 August in Pyongyang, a 49-year contract was signed for the lease of rail infrastructure on "
                 "the stretch between Tumangan - Rajin",
        "bib_key": "web-nordkorea-info-rzd-lease-2008",
        "note": "Date corrected from 2009-08: the research row followed Railway Gazette (archived, key "
                "web-railway-gazette-north-korea-rail), which says August 2009; the Russian Railways press release of "
                "12 Aug 2008 (reproduced here) and a Tatar-inform report of 20 Aug 2008 put the lease contract on "
                "6 August 2008. The joint venture itself was set up under the April 2008 agreement.",
    },
    ("1957-12", "The Soviet 25th Army"): {
        "note": "Weak source: a machine-translated French mirror of the English Wikipedia article on the 25th Army; "
                "the disbandment (December 1957) is not confirmed by any other source found.",
    },
}


def import_events(research: Path, keys: dict[str, str]) -> list[dict[str, str]]:
    rows, seen = [], set()
    for row in csv.DictReader((research / "events_sources.csv").open(encoding="utf-8")):
        row = {k: v.strip() for k, v in row.items()}
        row["note"] = ""
        for (date, start), fix in EVENT_FIXES.items():
            if row["date"] == date and row["event"].startswith(start):
                row.update(fix)
        host = re.sub(r"^https?://", "", row["source_url"]).split("/")[0]
        if host in WEAK_HOSTS and "Source replaced" not in row["note"]:
            row["note"] = join_notes(WEAK_HOSTS[host], row["note"])
        row["bib_key"] = row.get("bib_key") or keys[row["source_url"]]
        row["date_precision"] = precision(row["date"])
        row["actors"] = "; ".join(a.strip() for a in row["actors"].split(";"))
        row["id"] = unique(f"ev_{row['date'].replace('-', '_')}_{slug(row['event'], 4)}", seen)
        rows.append(row)
    return sorted(rows, key=lambda r: r["date"])


# --------------------------------------------------------------------------------------------------------------
# balancing

BALANCING_FIXES = {
    "1960-06-16": {
        "event": "Reading a record that called him a traitor to the communist cause (Yudin's note of Mao's 30 Nov "
                 "1956 conversation, read to him by Ambassador Puzanov), Kim Il Sung expressed indignation toward "
                 "Mao.",
        "actors": "Kim Il Sung; A.M. Puzanov; Mao Zedong",
        "note": "Corrected: the research row said Khrushchev showed Kim Mao's 1956 statements; the listing says "
                "Puzanov, on Kozlov's instruction, read him Yudin's record of Mao's 30 Nov 1956 conversation.",
    },
    "1962-11-14": {
        "event": "Ambassador Moskovsky told Kim Il Sung that Moscow agreed to receive the DPRK military delegation "
                 "Kim had asked for; Kim said Pyongyang would request free weapons aid (submarines, MiG-21s, SAM "
                 "divisions; about 100 million rubles).",
        "note": "Corrected: Moscow agreed on this date to receive the military delegation Kim had requested "
                "earlier (the research row had Kim asking for it on this date).",
    },
    "1977-03-16": {
        "kind": "treaty",
        "event": "Soviet diplomats told the Romanian embassy that Pyongyang, disappointed by its premier's visit to "
                 "Moscow, was turning to China for economic help, including a long-term trade agreement.",
        "actors": "DPRK premier; PRC; USSR",
        "note": "Corrected: kind was 'aid' but the agreement is a long-term trade agreement (coded 'treaty', the "
                "kind used for agreements); the premier's name (Pak Seong-cheol) is not on the page and was removed.",
    },
    "1968-08": {"note": "Weak single source: one unattributed aggregator (balancing notes)."},
    "1978-09-08": {"note": "Weak single source: a web copy of a biography (balancing notes)."},
    "1979-06-06": {"note": "Rests on Vietnam's ambassador alone (balancing notes)."},
}


def import_balancing(research: Path, keys: dict[str, str]) -> list[dict[str, str]]:
    rows, seen = [], set()
    for row in csv.DictReader((research / "balancing_sources.csv").open(encoding="utf-8")):
        row = {k: v.strip() for k, v in row.items()}
        row["note"] = ""
        row.update(BALANCING_FIXES.get(row["date"], {}))
        row["bib_key"] = keys[row["source_url"]]
        row["date_precision"] = precision(row["date"])
        row["actors"] = "; ".join(a.strip() for a in row["actors"].split(";"))
        row["id"] = unique(f"bal_{row['date'].replace('-', '_')}_{slug(row['event'], 3)}", seen)
        rows.append(row)
    return rows


# --------------------------------------------------------------------------------------------------------------
# trade

PARTNER = {"russia": "USSR/Russia", "ussr": "USSR/Russia", "china": "China", "dprk_total": "World",
           "dprk_refined": "World", "dprk_debt": "USSR/Russia"}

DIRECTION = {
    "total": "total", "share": "share", "export_to_dprk": "export_to_dprk", "import_from_dprk": "import_from_dprk",
    # DPRK totals: the DPRK's imports are the world's exports to the DPRK, and vice versa
    "import (DPRK total imports)": "export_to_dprk", "export (DPRK total exports)": "import_from_dprk",
    "balance": "balance", "n/a": "stock", "export / import": "total",
}

UNIT = {"USD million": ("million", "USD"), "USD billion": ("billion", "USD"), "million rubles": ("million", "SUR"),
        "percent": ("percent", ""), "percent change": ("percent_change", ""), "multiple": ("multiple", ""),
        "barrels": ("barrels", ""), "tonnes": ("tonnes", ""),
        "million barrels per year": ("million_barrels", ""),
        "persons (tourists travelling between the two countries)": ("persons", "")}

REPORTER_RULES = [  # (pattern on reporter_or_method, reporter, figure_type)
    (r"^Vladimir Putin", "Vladimir Putin (statement)", "claim"),
    (r"Ushakov", "Russian presidential aide Yuri Ushakov (Russian statistics)", "official"),
    (r"Nikiforov", "Evgeniy Nikiforov, Russian Association of Exporters and Importers", "estimate"),
    (r"^Russian Far Eastern Customs", "Russian Far Eastern Customs Directorate", "official"),
    (r"Russian customs", "Russian customs (FCS)", "official"),
    (r"^Russian Ministry of Economic Development", "Russian Ministry of Economic Development", "official"),
    (r"^Russian government briefing", "Russian government", "official"),
    (r"^Russian government statistics", "Russian government statistics", "official"),
    (r"^Russian official data \(Russian Embassy", "Russian Embassy in the DPRK (Russian official data)", "official"),
    (r"^Russian reports to UN 1718", "Russian reports to the UN 1718 Committee", "official"),
    (r"^Russian Chamber of Commerce", "Russian Chamber of Commerce (unattributed data)", "claim"),
    (r"^Russian media reports", "Russian media reports", "claim"),
    (r"^Soviet official statement", "Soviet government", "official"),
    (r"^Soviet data", "Soviet trade statistics", "official"),
    (r"^Soviet researcher", "Soviet researcher (Trigubenko, IMEMO)", "estimate"),
    (r"China customs", "China customs", "official"),
    (r"^KOTRA", "KOTRA", "mirror"),
    (r"^JETRO", "JETRO", "mirror"),
    (r"^KITA", "KITA", "mirror"),
    (r"^ITC", "ITC Trade Map", "mirror"),
    (r"^Partner-country returns", "Partner-country returns (Library of Congress country study)", "mirror"),
    (r"^ROK Ministry of Unification", "ROK Ministry of Unification", "mirror"),
    (r"^ROK Consulate General", "ROK Consulate General in Vladivostok", "mirror"),
    (r"^Statistics Korea", "Statistics Korea", "mirror"),
    (r"^KDI estimate", "KDI", "estimate"),
    (r"^Estimate \(NK Economy Watch\)", "North Korean Economy Watch", "estimate"),
    (r"^Haggard & Noland", "Haggard and Noland", "estimate"),
    (r"^UN Panel of Experts", "UN Panel of Experts", "estimate"),
    (r"^Wikipedia text", "Wikipedia text (mirror), unattributed", "claim"),
]

MONTHS = {m: i for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                      "Dec"], start=1)}

# research `value` cells that are not a plain number: replaced by one or more rows
# (value, {field overrides}, note)
VALUE_FIXES = {
    "7.124 (sic; likely 0.7124 - see TASS $714,000)": [
        ("7.124", {}, "The page prints 712만4000 달러 (USD 7.124 million) for 2020; TASS gives USD 714,000, so the "
                      "page may have misprinted it by a factor of ten (research note).")],
    "-73 (percent change y/y; lowest since 1990)": [("-73", {}, "Change on the previous year; the lowest level since "
                                                                 "1990 (the page says 'over 73 percent').")],
    "98 (approx.; 2023 record 98.3)": [("98", {}, "Approximate ('about 98%'); the 2023 record was 98.3%.")],
    "2230 (USD 3.6bn)": [
        ("2230", {}, "DPRK debt to the USSR as of November 1989, in Soviet roubles."),
        ("3.6", {"unit": "billion", "currency": "USD"},
         "The same debt converted to US dollars in the same report (USD 3.6 billion).")],
    "-9.6 (percent change y/y)": [("-9.6", {}, "Change on the previous year.")],
    "1440 / 1790": [
        ("1440", {"direction": "import_from_dprk"}, "DPRK exports (to the world) in 1989."),
        ("1790", {"direction": "export_to_dprk"}, "DPRK imports (from the world) in 1989.")],
    "-42.4 (percent change y/y)": [("-42.4", {}, "Change on the previous year (after the Soviet collapse).")],
    "-704 (trade balance)": [("-704", {}, "The DPRK's trade balance (a deficit of USD 704 million) in 1990, the "
                                          "first year KOTRA compiled.")],
    "50.04 (printed '5천만40만달러'; garbled)": [
        ("50.4", {}, "The page prints '5천만40만달러', a garbled figure; read literally it is USD 50.4 million (the "
                     "research file read 50.04). About 90% was said to be earnings from labour exports.")],
    "1400-1600": [
        ("1400", {}, "Lower end of the stated annual range (1.4 to 1.6 billion roubles a year, 1985-1990)."),
        ("1600", {}, "Upper end of the stated annual range (1.4 to 1.6 billion roubles a year, 1985-1990).")],
    "80.04 (printed '8천4만371달러')": [("80.040371", {}, "The page prints '8천4만371달러' (USD 80,040,371).")],
    "10 (percent of 1987-90 average imports from Russia)": [
        ("10", {"series": "russia_dprk_imports_index"},
         "DPRK imports from Russia in 1993 as a percentage of their 1987-90 average.")],
    "40 (decline in imports from Russia as percent of all DPRK imports)": [
        ("40", {"series": "russia_dprk_imports_decline"},
         "The 1991 fall in imports from Russia, as a percentage of all DPRK imports.")],
    "9 (fold increase vs 2022)": [("9", {}, "Ninefold growth on 2022.")],
    "+54 (percent change y/y)": [("54", {}, "Growth on the same months of 2023.")],
}
SERIES_2003_2008 = "42.8 (2003); 48.5 (2004); 52.6 (2005); 56.7 (2006); 67.1 (2007); 73.0 (2008)"


def trade_period(year: str) -> tuple[str, str, str]:
    """(period_start, period_end, note) from the research `year` cell."""
    if re.fullmatch(r"\d{4}", year):
        return f"{year}-01-01", f"{year}-12-31", ""
    m = re.fullmatch(r"(\d{4}) \((\w{3})-(\w{3})\)", year)
    if m:
        y, a, b = int(m.group(1)), MONTHS[m.group(2)], MONTHS[m.group(3)]
        return f"{y:04d}-{a:02d}-01", month_end(y, b), ""
    m = re.fullmatch(r"(\d{4}) \((\w{3})\)", year)
    if m:
        y, a = int(m.group(1)), MONTHS[m.group(2)]
        return f"{y:04d}-{a:02d}-01", month_end(y, a), ""
    special = {
        "2019 (Q1, Russian Far East only)": ("2019-01-01", "2019-03-31", "Russian Far East only."),
        "2023 (to autumn)": ("2023-01-01", "2023-11-30", "Period 'by autumn' 2023: the end is not stated; 30 Nov "
                                                        "(the end of autumn) is the latest it can be."),
        "1985-1990 (annual range)": ("1985-01-01", "1990-12-31", "An annual level in each year of the period "
                                                                "(per = year), not a total for the period."),
        "pre-2020 (annual)": ("", "2019-12-31", "Annual level before the pandemic; the start of the period is not "
                                                "stated."),
    }
    return special[year]


def trade_reporter(raw: str) -> tuple[str, str]:
    for pattern, reporter, kind in REPORTER_RULES:
        if re.search(pattern, raw):
            return reporter, kind
    raise SystemExit(f"no reporter rule for {raw!r}")


def import_trade(research: Path, keys: dict[str, str]) -> list[dict[str, str]]:
    rows, seen = [], set()
    for raw in csv.DictReader((research / "trade_sources.csv").open(encoding="utf-8")):
        raw = {k: v.strip() for k, v in raw.items()}
        partner = next(v for k, v in PARTNER.items() if raw["series"].startswith(k))
        unit, currency = UNIT[raw["unit"]]
        reporter, figure_type = trade_reporter(raw["reporter_or_method"])
        notes = []
        if raw["reporter_or_method"] != reporter:
            notes.append(f"Reporter as recorded by the research: {raw['reporter_or_method']}.")
        pub_date = raw["pub_date"]
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", pub_date):
            m = re.match(r"(\d{4}(-\d{2})?)\b", pub_date)
            notes.append(f"Publication date as recorded: {pub_date.rstrip('.')}.")
            pub_date = m.group(1) if m and not pub_date.startswith("c.") else ""
        base = {"series": raw["series"], "partner": partner, "direction": DIRECTION[raw["direction"]], "unit": unit,
                "currency": currency, "reporter": reporter, "figure_type": figure_type, "pub_date": pub_date,
                "source_title": raw["source_title"], "source_url": raw["source_url"], "publisher": raw["publisher"],
                "quote": raw["quote"], "bib_key": keys[raw["source_url"]]}
        if raw["year"] == "1989 (Nov)":  # a debt stock as of November 1989
            periods = [("1989-11-01", "1989-11-30", "")]
        elif raw["value"] == SERIES_2003_2008:
            periods = None
        else:
            periods = [trade_period(raw["year"])]
        if raw["value"] == SERIES_2003_2008:
            items = []
            for value, year in re.findall(r"([\d.]+) \((\d{4})\)", raw["value"]):
                items.append((value, {"_period": (f"{year}-01-01", f"{year}-12-31", "")},
                              "One year of a 2003-2008 series given in one sentence."))
        elif re.fullmatch(r"\d+(\.\d+)?", raw["value"]):
            items = [(raw["value"], {}, "")]
        else:
            items = VALUE_FIXES[raw["value"]]
        for value, overrides, note in items:
            row = dict(base)
            start, end, period_note = overrides.pop("_period", None) or periods[0]
            row.update(overrides)
            per = "year" if raw["year"] in {"1985-1990 (annual range)", "pre-2020 (annual)"} else ""
            row.update(value=value, period_start=start, period_end=end, per=per,
                       note=join_notes(period_note, note, *notes))
            tag = start[:4] if start and end[:4] == start[:4] and start.endswith("01-01") and end.endswith("12-31") \
                else f"{start.replace('-', '')}_{end.replace('-', '')}" if start else f"to_{end.replace('-', '')}"
            row["id"] = unique(f"tr_{row['series']}_{tag}_{slug(reporter, 2)}_{row['direction']}", seen)
            rows.append(row)
    return rows


# --------------------------------------------------------------------------------------------------------------
# off-book estimates

FLOW = {  # research flow -> (flow, direction)
    "munitions_containers_dprk_to_russia": ("containers", "dprk_to_russia"),
    "artillery_shells_dprk_to_russia": ("shells", "dprk_to_russia"),
    "cargo_ship_visits_dprk_to_russia": ("ship_visits", "dprk_to_russia"),
    "munitions_share_of_russian_supply": ("munitions_share", "dprk_to_russia"),
    "rail_freight_dprk_to_russia": ("railcars", "dprk_to_russia"),
    "ballistic_missiles_dprk_to_russia": ("missiles", "dprk_to_russia"),
    "artillery_systems_dprk_to_russia": ("artillery_systems", "dprk_to_russia"),
    "troops_dprk_to_russia": ("troops", "dprk_to_russia"),
    "troop_casualties_dprk": ("casualties", "none"),
    "refined_petroleum_russia_to_dprk": ("refined_petroleum", "russia_to_dprk"),
    "tanker_voyages_russia_to_dprk": ("tanker_voyages", "russia_to_dprk"),
    "refined_petroleum_russia_to_dprk_reported_to_un": ("refined_petroleum", "russia_to_dprk"),
    "value_dprk_arms_exports_to_russia": ("value_to_dprk", "russia_to_dprk"),
    "value_dprk_troop_payments": ("value_to_dprk", "russia_to_dprk"),
    "value_dprk_total_gains_from_russia": ("value_to_dprk", "russia_to_dprk"),
    "aid_containers_russia_to_dprk": ("transfers_from_russia", "russia_to_dprk"),
    "food_russia_to_dprk": ("transfers_from_russia", "russia_to_dprk"),
    "military_technology_russia_to_dprk": ("transfers_from_russia", "russia_to_dprk"),
    "cash_payments_russia_to_dprk": ("troop_pay", "russia_to_dprk"),
    "dprk_workers_in_russia": ("workers", "dprk_to_russia"),
    "dprk_entries_to_russia": ("entries_to_russia", "dprk_to_russia"),
    "russia_dprk_trade_official_statement": ("official_trade_statement", "none"),
}

# research line (2-based, header = 1) -> (bound, unit, currency, per, estimator_type, note)
# bound: exact | approximate ('about', 'around', 'some') | lower ('more than', 'over', 'at least') |
#        upper ('as many as', 'as much as', 'up to') | range (two stated ends)
OFFBOOK = {
    2: ("lower", "containers", "", "", "government", "'over one-thousand' containers in the month before."),
    3: ("lower", "containers", "", "", "government", "'more than 10,000' containers of munitions or "
                                                     "munitions-related materials."),
    4: ("lower", "containers", "", "", "government", "'More than 20,000' containers (MSMT: a monitoring team of "
                                                     "eleven governments)."),
    5: ("approximate", "shells", "", "", "intelligence", "'a million' shells, as relayed by Ukrainian News."),
    6: ("approximate", "rounds", "", "", "intelligence", "'around one million rounds', mainly 122 mm and 152 mm."),
    7: ("range", "shells", "", "", "government", "Capacity of about 6,700 containers: up to about 3 million "
                                                 "152 mm or 500,000 122 mm shells; not counted contents."),
    8: ("lower", "munitions", "", "", "think_tank", "'more than 2.5 million' munitions; the page is a machine "
                                                    "translation (weak row, offbook notes)."),
    9: ("lower", "ship_visits", "", "", "think_tank", "'at least 25' visits to Rajin to load munitions."),
    10: ("approximate", "shells", "", "", "think_tank", "74,000 t of explosives shipped by rail, equal to 'about "
                                                        "1.6 million' shells (an equivalent, not a count)."),
    11: ("upper", "shells", "", "", "government", "'as many as 4.8 million': the capacity of at least 10,000 "
                                                  "containers, a ceiling rather than a count."),
    12: ("upper", "shells", "", "", "intelligence", "'as many as more than 6 million': the 152 mm capacity of over "
                                                    "13,000 containers since mid-2022, a ceiling rather than a count."),
    13: ("approximate", "shells", "", "year", "intelligence", "'around 3 million a year', about half of the shells "
                                                               "Russia fires (The Times, Western intelligence)."),
    14: ("exact", "shells", "", "", "intelligence", ""),
    15: ("lower", "rounds", "", "", "intelligence", "'over 5 million artillery rounds'; the same line's '100 "
                                                    "artillery shells' is probably garbled (offbook notes)."),
    16: ("upper", "rounds", "", "", "government", "'as many as nine million rounds' of artillery and multiple "
                                                  "rocket launcher ammunition in 2024, cited from press coverage."),
    17: ("exact", "munitions", "", "", "think_tank", "KIDA counts munitions of all kinds, not only shells, in "
                                                     "15,800 containers; third-hand (L'Indépendant via Newsweek; the "
                                                     "quote is an English translation of a French page)."),
    18: ("lower", "shells", "", "", "intelligence", "'more than 12 million' if every container held 152 mm shells: "
                                                    "a conversion of about 28,000 containers, which the offbook "
                                                    "notes treat as a ceiling."),
    19: ("upper", "percent", "", "", "intelligence", "'as much as 40 percent' of Russia's ammunition."),
    20: ("approximate", "railcars", "", "", "think_tank", "Railcars seen at Tumangang on one day (about 20 at most "
                                                          "in the five previous years)."),
    21: ("exact", "missiles", "", "", "government", "Missiles fired by Russia over two months (21 wrecks examined)."),
    22: ("exact", "missiles", "", "", "intelligence", "KN-23 and KN-24 missiles supplied."),
    23: ("lower", "missiles", "", "", "government", "'at least 100' ballistic missiles (secondhand, offbook notes)."),
    24: ("approximate", "artillery_systems", "", "", "intelligence", "'some 50' 170 mm self-propelled guns and 20 "
                                                                     "240 mm rocket launchers."),
    25: ("exact", "artillery_systems", "", "", "government", "Long-range artillery units (ROK national security "
                                                             "adviser)."),
    26: ("exact", "artillery_systems", "", "", "government", "Long-range artillery pieces."),
    27: ("exact", "artillery_systems", "", "", "intelligence", "120 M1989 Koksan howitzers and 120 M1991 rocket "
                                                               "launchers over three months."),
    28: ("lower", "troops", "", "", "government", "'more than 11,000' in 2024 plus 3,000 in early 2025."),
    29: ("exact", "troops", "", "", "intelligence", "Two deployments in total."),
    30: ("exact", "troops", "", "", "official_statement", "Announced: 5,000 military builders and 1,000 deminers "
                                                           "(Shoigu)."),
    31: ("exact", "killed", "", "", "intelligence", "Killed; about 1,000 more wounded."),
    32: ("approximate", "killed", "", "", "intelligence", "'about 300' killed; 2,700 more injured."),
    33: ("exact", "casualties", "", "", "official_statement", "Killed or wounded (Zelensky)."),
    34: ("approximate", "casualties", "", "", "government", "'about four-thousand' killed, wounded, missing or "
                                                            "captured (anonymous Western officials)."),
    35: ("exact", "casualties", "", "", "intelligence", "4,700 casualties including 600 killed."),
    36: ("approximate", "casualties", "", "", "intelligence", "'about 5,000' killed or wounded in the Kursk region."),
    37: ("approximate", "killed", "", "", "intelligence", "'Around 2,000' killed."),
    38: ("lower", "barrels", "", "", "think_tank", "'over a million barrels' inferred from tanker draught and called "
                                                   "'likely'."),
    39: ("exact", "tanker_voyages", "", "", "think_tank", "Voyages from Vostochny to DPRK ports."),
    40: ("lower", "barrels", "", "", "government", "'more than 165 000 barrels' in March 2024 alone."),
    41: ("lower", "barrels", "", "", "government", "'over 1 million barrels' (MSMT, cited from press coverage)."),
    42: ("exact", "barrels", "", "", "UN", "Officially notified by Russia to the 1718 Committee."),
    43: ("exact", "barrels", "", "", "UN", "Officially notified by Russia for January 2024; no Russian reports "
                                          "after January 2024."),
    44: ("range", "billion", "USD", "", "think_tank", "Arms deliveries since February 2022 (Friedrich Naumann "
                                                      "Foundation study)."),
    45: ("exact", "billion", "USD", "", "government", "Arms exports in 2023 (unnamed South Korean estimate; the "
                                                      "page says USD 540 million)."),
    46: ("range", "billion", "USD", "year", "think_tank", "Payments for troops, per year (NIS-run think tank)."),
    47: ("upper", "trillion", "KRW", "", "media", "'as much as 8 trillion won' for arms, unattributed (YTN)."),
    48: ("exact", "billion", "USD", "", "think_tank", "Total gains since the DPRK began helping Moscow; third-hand "
                                                      "(KIDA via Newsweek)."),
    49: ("exact", "trillion", "KRW", "", "media", "A projection including troops, workers and arms sales, by an "
                                                  "unnamed analysis (Asia Economy)."),
    50: ("lower", "billion", "USD", "", "intelligence", "'tens of billions of dollars': a floor of 10 with no "
                                                        "ceiling."),
    51: ("lower", "containers", "", "", "government", "'over 9,000 containers' of aid from Russia to the DPRK."),
    52: ("lower", "tonnes", "", "", "government", "Over 1,270 t of wheat flour plus at least 1,000 t of corn, from "
                                                  "Russian veterinary customs data."),
    53: ("range", "tonnes", "", "year", "intelligence", "Rice a year; the page frames it conditionally (offbook "
                                                        "notes)."),
    54: ("lower", "systems", "", "", "government", "'at least one' Pantsir air-defence system plus one Pantsir-class "
                                                   "combat vehicle."),
    55: ("approximate", "one", "USD", "soldier_month", "intelligence", "'around $2,000' a month per soldier."),
    56: ("approximate", "persons", "", "", "think_tank", "'about 4,000' workers in Russia (NIS think tank)."),
    57: ("approximate", "persons", "", "", "government", "'around 8,000' workers dispatched in 2024."),
    58: ("exact", "persons", "", "", "government", "Entries into Russia in 2024, 7,887 of them 'for study' (Russian "
                                                  "statistics via Radio Free Asia)."),
    59: ("exact", "million", "USD", "", "official_statement", "Recorded turnover, ninefold growth on 2022."),
    60: ("lower", "million", "USD", "", "official_statement", "'over $28 million' in January-November 2023."),
    61: ("exact", "million", "USD", "", "industry", "'record' turnover in 2024 (a trade association official)."),
}

# Extra rows: a second fact stated in the same (research-verified) quote as an existing row.
# (research line, flow, value_low, value_high, bound, unit, note)
OFFBOOK_SPLITS = [
    (5, "containers", "2000", "2000", "approximate", "containers",
     "'about 2,000 containers' sent from Rajin to Vladivostok (same report as the million-shell figure)."),
    (7, "containers", "6700", "6700", "approximate", "containers", "'around 6,700 containers' (ROK defence minister)."),
    (11, "containers", "10000", "", "lower", "containers", "'at least 10,000 containers' (ROK defence minister)."),
    (12, "containers", "13000", "", "lower", "containers", "'over 13,000 containers' through Rajin since mid-2022."),
    (13, "munitions_share", "50", "50", "approximate", "percent",
     "'Half of all the artillery shells used by Russia' (The Times, citing Western intelligence)."),
    (17, "containers", "15800", "15800", "exact", "containers", "15,800 containers of munitions (KIDA, third-hand)."),
    (26, "troops", "11000", "11000", "approximate", "troops", "'some 11,000 troops' (ROK defence ministry report)."),
    (47, "containers", "20000", "20000", "exact", "containers", "20,000 containers of weapons since August 2023 "
                                                              "(unattributed, YTN)."),
]

# Rows added for thin flows (one estimate in the research), each checked with a word-for-word quote on its page.
OFFBOOK_EXTRA = [
    {"flow": "tanker_voyages", "direction": "russia_to_dprk", "measure": "DPRK tankers leaving Vostochny with oil "
     "products (at least five, from 7 March 2024)", "period_start": "2024-03-07", "period_end": "2024-03-31",
     "value_low": "5", "value_high": "", "bound": "lower", "unit": "tanker_voyages", "currency": "", "per": "",
     "estimator": "RUSI (satellite imagery), via the Financial Times", "estimator_type": "think_tank",
     "estimate_date": "2024-03",
     "source_title": "Otwarty atak na reżim sankcyjny. Putin przyjął statki z Korei Północnej (citing the FT and RUSI)",
     "source_url": "https://www.money.pl/gielda/otwarty-atak-na-rezim-sankcyjny-putin-przyjal-statki-z-korei-"
                   "polnocnej-7010101413419904a.html",
     "publisher": "money.pl (reporting the Financial Times and RUSI)",
     "quote": "co najmniej pięć północnokoreańskich tankowców wyruszyło w tym miesiącu, począwszy od 7 marca, po "
              "produkty naftowe do portu Wostocznyj",
     "bib_key": "web-money-pl-rusi-tankers-2024",
     "note": "'at least five' tankers in March 2024 (the month is that of the report). Added for a thin flow; "
             "checked on the page."},
    {"flow": "tanker_voyages", "direction": "russia_to_dprk", "measure": "DPRK tankers shipping refined petroleum "
     "from Vostochny to Nampo in early April 2024", "period_start": "2024-04-01", "period_end": "2024-04-10",
     "value_low": "4", "value_high": "4", "bound": "exact", "unit": "tanker_voyages", "currency": "", "per": "",
     "estimator": "Yomiuri Shimbun with Katsuhisa Furukawa (Planet Labs imagery), via KBS",
     "estimator_type": "media", "estimate_date": "2024-06",
     "source_title": "Japanese daily: North Korean tankers shipped Russian oil from Vostochny in April (KBS World)",
     "source_url": "http://world.kbs.co.kr/service/news_view.htm?lang=e&Seq_Code=185909",
     "publisher": "KBS World Radio (reporting the Yomiuri Shimbun)",
     "quote": "four North Korean tankers shipped refined petroleum from Vostochny Port in the Russian Far East to "
              "Nampo in North Korea in early April",
     "bib_key": "web-kbs-yomiuri-tankers-vostochny-2024",
     "note": "Tankers seen on 1, 3, 7 and 10 April 2024 (a former UN Panel of Experts member's analysis). Added for "
             "a thin flow; checked on the page."},
]

MONETARY = {"one", "thousand", "million", "billion", "trillion"}


def bounds(bound: str, low: str, high: str) -> tuple[str, str]:
    if bound in {"exact", "approximate"}:
        return low, low
    if bound == "lower":
        return low, ""
    if bound == "upper":
        return "", high or low
    return low, high


def import_off_book(research: Path, keys: dict[str, str]) -> list[dict[str, str]]:
    rows, seen = [], set()
    raw_rows = list(csv.DictReader((research / "offbook_sources.csv").open(encoding="utf-8")))
    for line, raw in enumerate(raw_rows, start=2):
        raw = {k: v.strip() for k, v in raw.items()}
        flow, direction = FLOW[raw["flow"]]
        bound, unit, currency, per, estimator_type, note = OFFBOOK[line]
        low, high = bounds(bound, raw["value_low"], raw["value_high"])
        row = {"flow": flow, "direction": direction, "measure": raw["unit"],
               "period_start": first_day(raw["period_start"]), "period_end": last_day(raw["period_end"]),
               "value_low": low, "value_high": high, "bound": bound, "unit": unit, "currency": currency, "per": per,
               "estimator": raw["estimator"], "estimator_type": estimator_type, "estimate_date": raw["estimate_date"],
               "source_title": raw["source_title"], "source_url": raw["source_url"], "publisher": raw["publisher"],
               "quote": raw["quote"], "bib_key": keys[raw["source_url"]], "note": note}
        if not raw["period_start"]:
            row["note"] = join_notes(row["note"], "Start of the period not stated (cumulative to the end date)."
                                     if raw["period_end"] else "Period not stated.")
        row["id"] = unique(f"ob_{flow}_{slug(raw['estimator'], 2)}_{raw['estimate_date'].replace('-', '_')}", seen)
        rows.append(row)
        for split in [s for s in OFFBOOK_SPLITS if s[0] == line]:
            _, s_flow, s_low, s_high, s_bound, s_unit, s_note = split
            extra = dict(row, flow=s_flow, value_low=s_low, value_high=s_high, bound=s_bound, unit=s_unit,
                         currency="", per="", measure=s_unit, note=join_notes(
                             s_note, "Split out of the same quote as the row before it."))
            extra["id"] = unique(f"ob_{s_flow}_{slug(raw['estimator'], 2)}_{raw['estimate_date'].replace('-', '_')}",
                                 seen)
            rows.append(extra)
    for extra in OFFBOOK_EXTRA:
        row = dict(extra)
        row["id"] = unique(f"ob_{row['flow']}_{slug(row['estimator'], 2)}_{row['estimate_date'].replace('-', '_')}",
                           seen)
        rows.append(row)
    return rows


# --------------------------------------------------------------------------------------------------------------
# UN Security Council votes


# canonical UN sources where the research (or the bibliography) names one
UNSC_FIXES = {
    "res1695": {
        "source_title": "SC/8778: Security Council condemns DPRK missile launches, unanimously adopting resolution 1695",
        "source_url": "http://www.un.org/press/en/2006/sc8778.doc.htm", "publisher": "United Nations (press release)",
        "quote": "the Council unanimously adopted resolution 1695 (2006)",
        "note": "Source: the UN press release SC/8778 (as in the events row) instead of the UN News story the research "
                "cited (key web-un-org-condemned-july-2006), which reports the same unanimous vote.",
    },
    "draft2022": {
        "source_title": "China, Russia veto new UN sanctions on North Korea (DW, 27 May 2022)",
        "source_url": "https://www.dw.com/en/china-russia-veto-un-resolution-on-tougher-north-korea-sanctions/"
                      "a-61946582",
        "publisher": "Deutsche Welle", "bib_key": "web-dw-china-russia-veto-2022",
        "quote": "The 13-2 vote in favor of the resolution was not enough to secure its adoption as Beijing and "
                 "Moscow have veto-rights.",
        "note": "Source: DW instead of the teleSUR report the research cited (key web-telesurenglish-net-us-drafted-text), "
                "which gives the same 13-2 vote; no UN page for this vote was found.",
    },
    "draft2024": {
        "source_title": "Security Council Fails to Extend Mandate for Expert Panel Assisting Sanctions Committee on "
                        "Democratic People's Republic of Korea (SC/15648)",
        "source_url": "https://press.un.org/en/2024/sc15648.doc.htm", "publisher": "United Nations (meetings coverage)",
        "quote": "Text Rejected on Account of Veto Cast by Russian Federation", "bib_key": "unsc2024veto",
        "note": "Source: the UN meetings coverage (SC/15648) instead of the AP report the research cited (key "
                "web-tribune-russia-vetoes-monitoring), which gives the count: 13 for, Russia against, China abstaining.",
    },
}


def import_unsc(research: Path, keys: dict[str, str]) -> list[dict[str, str]]:
    document_keys = {"1718": "unsc2006res1718", "1874": "unsc2009res1874", "2087": "unsc2013res2087",
                     "2094": "unsc2013res2094", "2270": "unsc2016res2270", "2321": "unsc2016res2321",
                     "2371": "unsc2017res2371", "2375": "unsc2017res2375", "2397": "unsc2017res2397"}
    rows = []
    for raw in csv.DictReader((research / "unsc_votes.csv").open(encoding="utf-8")):
        raw = {k: v.strip() for k, v in raw.items()}
        m = re.match(r"(\d{3,4}) \((\d{4})\)", raw["resolution"])
        notes = []
        for who in ("russia", "china"):
            vote = raw[f"{who}_vote"]
            detail = re.match(r"(for|against|abstain)\s*\((.*)\)$", vote)
            if detail and detail.group(2) not in {"unanimous", "veto"}:
                notes.append(f"{who.capitalize()}: {detail.group(2)}.")
        if m:
            number, year = m.groups()
            row = {"id": f"res{number}", "document": f"S/RES/{number} ({year})", "adopted": "true",
                   "document_bib_key": document_keys.get(number, "")}
        else:
            year = raw["date"][:4]
            row = {"id": f"draft{year}", "document": f"Draft resolution (US), {year}", "adopted": "false",
                   "document_bib_key": "unsc2024veto" if year == "2024" else ""}
        row.update(date=raw["date"], votes_for=raw["vote_for"], votes_against=raw["vote_against"],
                   abstentions=raw["abstain"], russia_vote=raw["russia_vote"].split(" ")[0],
                   china_vote=raw["china_vote"].split(" ")[0], summary=raw["summary"], source_url=raw["source_url"],
                   quote=raw["quote"], bib_key=keys[raw["source_url"]], note=" ".join(notes))
        fix = dict(UNSC_FIXES.get(row["id"], {}))
        if fix:
            fix["note"] = join_notes(row["note"], fix["note"])
            row.update(fix)
            row["bib_key"] = fix.get("bib_key") or keys[row["source_url"]]
        rows.append(row)
    return rows



# --------------------------------------------------------------------------------------------------------------
# periods: the book's four stages and the lean periods (the seed essay's and the research's)

SEED_002 = {"source_title": "North of Korea: How Pyongyang has been using 'friendship' with Moscow to its benefit "
                            "for decades (Fyodor Tertitskiy)",
            "source_url": "https://theins.ru/en/opinion/fyodor-tertitskiy/272704", "publisher": "The Insider",
            "bib_key": "tertitskiy2024north"}

STAGES = [
    ("stage_1", 1, "Creation and control", "1945-08-08", "1957-12-31", "Stage 1: Soviet control of the DPRK (1945-1957)",
     "Starts with the Soviet declaration of war on Japan (8 Aug 1945; the offensive began on 9 Aug). The seed gives "
     "1957 as the end of stage 1 and the start of stage 2; the book keeps all of 1957 in stage 1 (the research "
     "assigned every 1957 row, including Kim Il Sung's September 1957 defiance of Moscow and the December 1957 "
     "disbandment of the 25th Army, to stage 1), so stage 2 starts on 1 January 1958."),
    ("stage_2", 2, "Between two elder brothers", "1958-01-01", "1990-08-31",
     "A schism between China and the Soviets",
     "The seed gives 1957-1990. Ends before Shevardnadze's September 1990 visit to Pyongyang and Soviet recognition "
     "of Seoul (30 Sept 1990): the research assigns September 1990 and later to stage 3."),
    ("stage_3", 3, "Reluctant enforcer", "1990-09-01", "2022-12-31", "Stage 3: No trade and talk of friendship (1990-2023)",
     "The seed gives 1990-2023. The first US claim that Russia was buying DPRK shells (6 Sept 2022) falls in stage 3: "
     "the ammunition trade starts in the sources about a year before the 2023 boundary."),
    ("stage_4", 4, "Shells for oil", "2023-01-01", "", "Ammunition trade and a new rapprochement (2023-present day)",
     "Open-ended: the seed's stage 4 runs from 2023 to the present."),
]

SEED_LEANS = [
    ("lean_seed002_beijing_1962_1965", "beijing", "Leaning to Beijing (seed 002)", "1962-01-01", "1965-12-31",
     "In 1962-1965 and 1970-1982, its sympathies leaned toward Beijing",
     "The research finds 1962-64 well supported and 1965 mixed (Soviet arms worth 150 million rubles, Chinese wheat)."),
    ("lean_seed002_beijing_1970_1982", "beijing", "Leaning to Beijing (seed 002)", "1970-01-01", "1982-12-31",
     "In 1962-1965 and 1970-1982, its sympathies leaned toward Beijing",
     "The research finds this well supported but not exclusive (Kim's approval of Brezhnev in 1972, Soviet arms in "
     "1977). The seed's 1982 is in both a Beijing and a Moscow period."),
    ("lean_seed002_moscow_1982_1987", "moscow", "Leaning to Moscow (seed 002)", "1982-01-01", "1987-12-31",
     "but in 1982-1987, Pyongyang favored the Soviet Union",
     "The research dates the turn to Moscow to 1983-84, not 1982 (Kim visited China in September 1982)."),
]

# the research's alternative reading (balancing_notes.md), each sourced from its strongest balancing row
RESEARCH_LEANS = [
    ("lean_research_beijing_1962_1964", "beijing", "Leaning to Beijing (research)", "1962-01-01", "1964-12-31",
     "1963-09-17", "Balancing notes: the seed's 1962-65 holds for 1962-64 only (GDR assessment, Kim's pledge to Liu "
     "Shaoqi in 1963, anti-Soviet press in 1964); 1965 is mixed."),
    ("lean_research_moscow_1966_1969", "moscow", "Leaning to Moscow (research)", "1966-01-01", "1969-12-31",
     "1969-06-09", "Balancing notes: the years the seed skips lean to Moscow (Kim's December 1966 USSR trip, Red "
     "Guard attacks, China's 1967 halt of coke and oil, a 1969 Soviet memo on a 'turn' toward Moscow); hedged by the "
     "1966 independence editorial and the absence from the 1969 Moscow conference."),
    ("lean_research_beijing_1970_1982", "beijing", "Leaning to Beijing (research)", "1970-01-01", "1982-12-31",
     "1970", "Balancing notes: well supported but not exclusive; a Soviet ambassador judged in 1976 that Pyongyang had "
     "moved away from Moscow without moving closer to Beijing."),
    ("lean_research_moscow_1983_1987", "moscow", "Leaning to Moscow (research)", "1983-01-01", "1987-12-31",
     "1983", "Balancing notes: the CIA dates the warming to 1983; Kim's 1984 tour, the Los Angeles boycott, MiG-23s "
     "and overflights (1985), Soviet ships at Wonsan (1986). Kim still visited China in 1982, 1984 and 1987."),
]


def book_periods(balancing: list[dict[str, str]]) -> list[dict[str, str]]:
    rows = []
    for pid, stage, label, start, end, quote, note in STAGES:
        rows.append(dict(SEED_002, id=pid, kind="stage", stage=str(stage), label=label, start=start, end=end, lean="",
                         according_to="seed_002", quote=quote, note=note))
    for pid, lean, label, start, end, quote, note in SEED_LEANS:
        rows.append(dict(SEED_002, id=pid, kind="lean", stage="", label=label, start=start, end=end, lean=lean,
                         according_to="seed_002", quote=quote, note=note))
    for pid, lean, label, start, end, evidence_date, note in RESEARCH_LEANS:
        source = next(b for b in balancing if b["date"] == evidence_date and b["lean"] == lean)
        rows.append({"id": pid, "kind": "lean", "stage": "", "label": label, "start": start, "end": end, "lean": lean,
                     "according_to": "research", **{k: source[k] for k in PROVENANCE[:5]},
                     "note": join_notes(note, f"Source: balancing row {source['id']}.")})
    return rows


# --------------------------------------------------------------------------------------------------------------
# disagreements: the book's own rows (events_notes.md, balancing_notes.md, offbook_notes.md, research README)
# (id, topic, dataset, row_ids, claim, range, extra bib keys, reading, seed_error, evidence row id)
# `sources` = the bib keys of the rows named + the extra keys; the provenance columns are copied from the evidence
# row (the source that best supports the book's reading).

DISAGREEMENTS = [
    ("dis_1961_treaty_date", "Date of the 1961 USSR-DPRK treaty", "events", ["ev_1961_07_06_khrushchev_kim_il_sung"],
     "Seed 002 dates the Soviet-DPRK treaty to 5 July 1961; every primary source found gives 6 July.",
     "5 July (seed 002) vs 6 July 1961 (UNTS No. 6045, Gibler, TASS communique, Korean and Chinese texts)",
     ["tertitskiy2024north", "ussrdprk1961treaty"],
     "6 July 1961. No source giving 5 July was found; the PRC-DPRK treaty followed on 11 July.", True,
     "ev_1961_07_06_khrushchev_kim_il_sung"),
    ("dis_1961_treaty_end", "End of the 1961 treaty", "events",
     ["ev_1996_09_russia_notified_dprk_1961", "ev_2000_02_09_fm_igor_ivanov_signed",
      "ev_2024_06_19_article_4_new_treaty", "ev_2024_12_04_instruments_ratification_exchanged_moscow"],
     "When the 1961 treaty ended: Gibler has it in force until 7 Sept 1995 yet cites a Russian note of Sept 1996 "
     "on non-renewal; Jamestown says Russia renounced it in 1995; Meduza says the sides exchanged notes in 1996; "
     "TASS (Ushakov, 2024) says the new treaty 'replaces' it. Seed 002 says Russia 'officially annulled' it.",
     "1991 (effectively, with the USSR) / 1995 / 1996 / 2024 (formally superseded)", ["tertitskiy2024north"],
     "Lapsed in 1995-96 (not renewed); formally superseded only by the 2024 treaty.", False,
     "ev_1996_09_russia_notified_dprk_1961"),
    ("dis_soviet_entry_1945", "Soviet entry into the war against Japan", "events",
     ["ev_1945_08_08_ussr_formally_declared_war", "ev_1945_08_09_soviet_forces_opened_offensive"],
     "Whether the USSR entered the war on 8 or 9 August 1945: sources mix the declaration and the offensive.",
     "8 Aug 1945 (declaration) vs 9 Aug 1945 (offensive, shortly after midnight local time)",
     ["tertitskiy2024north"],
     "Declared 8 August; the offensive began just after midnight on 9 August. Both dates are right for different "
     "acts; stage 1 starts on 8 August.", False, "ev_1945_08_08_ussr_formally_declared_war"),
    ("dis_arrival_pyongyang_1945", "Soviet arrival in Pyongyang", "events",
     ["ev_1945_08_24_soviet_airborne_troops_landed", "ev_1945_08_26_main_body_soviet_25th"],
     "When Soviet troops reached Pyongyang.", "24 Aug 1945 (airborne landing, TASS) vs 26 Aug 1945 (25th Army main "
     "body, End of Empire) vs 'the end of the month' (Wikipedia mirror)", [],
     "Both: an airborne landing on 24 August, the 25th Army's main body on 26 August.", False,
     "ev_1945_08_24_soviet_airborne_troops_landed"),
    ("dis_shtykov_term", "Shtykov's term as ambassador", "events",
     ["ev_1948_10_10_terentii_shtykov_took_office", "ev_1948_10_12_ussr_recognized_dprk_established",
      "ev_1945_col_gen_terentii_shtykov"],
     "Shtykov's term as ambassador is dated from 10 Oct 1948, two days before diplomatic relations (12 Oct 1948); one "
     "mirror gives his occupation role as 1945-1951 instead of 1945-48.",
     "10 vs 12 Oct 1948 (start); 1948 vs 1951 (end of the occupation role)", [],
     "Relations on 12 October 1948; the 10 October start of his term is Wikipedia's and is kept with that caveat.",
     False, "ev_1948_10_12_ussr_recognized_dprk_established"),
    ("dis_kim_1949_visit", "Kim Il Sung's first visit to the USSR as leader", "events",
     ["ev_1949_03_kim_il_sung_first", "ev_1949_03_17_ussrdprk_agreement_economic_cultural"],
     "TASS gives 3-25 March 1949; a DPRK-aligned site says February to April 1949.",
     "3-25 March 1949 vs February-April 1949", ["ussrdprk1949agreement"],
     "3-25 March 1949 (TASS; the plaque unveiled in 2024 gives the 3 March arrival); the agreement was signed on "
     "17 March.", False, "ev_1949_03_kim_il_sung_first"),
    ("dis_august_plenum_1956", "Kim's 1956 trip and the August Plenum", "events", ["ev_1956_08_soviet_korean_yan_faction"],
     "A Wikipedia-derived page says the opposition moved while Kim was in Moscow 'that August'; other sources put "
     "the plenum (30-31 Aug 1956) after his return from a six-week summer trip.",
     "during the trip (August) vs after it (30-31 August 1956)", [],
     "The plenum met after Kim's return; 'that August' is an error.", False, "ev_1956_08_soviet_korean_yan_faction"),
    ("dis_2nd_cabinet_1957", "DPRK 2nd Cabinet (1957)", "events", ["ev_1957_09_20_first_session_2nd_supreme"],
     "The same page gives 'elected on 20 September 1957' in its text and 'took office 18 September 1957' in its "
     "table.", "18 vs 20 Sept 1957", [],
     "The first SPA session sat 18-20 September 1957; the cabinet is dated to the session's close (20 September).",
     False, "ev_1957_09_20_first_session_2nd_supreme"),
    ("dis_1953_aid", "1953 Soviet aid: loan or grant, and how much", "events", ["ev_1953_09_kim_il_sung_led"],
     "koreanhistory.info calls the one billion roubles a loan; other literature usually calls it a grant (not "
     "verified here); Shen and Xia give 2.2 billion roubles of Soviet and East European aid in all.",
     "1 billion roubles (loan or grant) vs 2.2 billion roubles (all Soviet-bloc aid)", ["shen2018misunderstood"],
     "One billion roubles from Moscow; its terms stay unverified.", False, "ev_1953_09_kim_il_sung_led"),
    ("dis_soviet_rok_recognition", "Soviet-ROK diplomatic relations", "events",
     ["ev_1990_09_30_ussr_republic_korea_established", "ev_1990_09_shevardnadze_travelled_pyongyang_inform"],
     "Shevardnadze said full relations were in place 'as of today' (30 Sept 1990); Oberdorfer has Moscow deciding on "
     "relations 'as of January 1, 1991'.", "30 Sept 1990 vs 1 Jan 1991", ["oberdorfer2001two"],
     "30 September 1990; 1 January 1991 was the original plan (ambassadors were exchanged then).", False,
     "ev_1990_09_30_ussr_republic_korea_established"),
    ("dis_hard_currency_1991", "The switch to hard-currency trade", "events",
     ["ev_1991_moscow_ended_concessional_trade", "bal_1991_04_28_ussr_dprk_trade",
      "tr_russia_dprk_trade_19850101_19901231_russian_government_total"],
     "When trade in hard currency began: the 1991 agreement foresaw it, a 1992 report dates Moscow's demand to the "
     "end of 1990, the Historical Dictionary ties it to Yeltsin (after Dec 1991); the usual 1 Jan 1991 is unverified.",
     "late 1990 / 1 Jan 1991 / during 1991 / after Dec 1991", [],
     "Phased in during 1991; no source checked gives the effective date.", False, "bal_1991_04_28_ussr_dprk_trade"),
    ("dis_soviet_era_debt", "The DPRK's Soviet-era debt", "events",
     ["ev_2001_07_before_kim_jong_il", "ev_2012_09_17_russia_dprk_signed_debt", "ev_2014_05_05_putin_signed_law_ratifying",
      "tr_dprk_debt_to_ussr_19891101_19891130_soviet_government_stock",
      "tr_dprk_debt_to_ussr_19891101_19891130_soviet_government_stock_2", "bal_1991_04_28_ussr_dprk_trade"],
     "How big the debt was and how much was written off.",
     "2.23 billion roubles = USD 3.6 billion (Nov 1989); about 2.6 billion roubles (1991); USD 5.5 billion to repay "
     "(2001); USD 11 billion at the Soviet rate of 67 kopecks to the dollar, about USD 238 million at the 2012 rate; "
     "write-off '90%', 'USD 10 billion' or 'USD 11 billion'", [],
     "The 2012 agreement wrote off 90% of a USD 11 billion figure computed at a Soviet exchange rate; ratified in "
     "April-May 2014. Every figure depends on the exchange rate used.", False, "ev_2012_09_17_russia_dprk_signed_debt"),
    ("dis_rason_lease_date", "The RasonKonTrans lease of the Tumangang-Rajin line", "events",
     ["ev_2008_08_06_pyongyang_russian_railways_dprk"],
     "Railway Gazette dates the 49-year lease to August 2009; Russian Railways' press release dates the contract to "
     "6 August 2008.", "6 Aug 2008 vs Aug 2009", ["web-railway-gazette-north-korea-rail"],
     "6 August 2008 (the operator's own press release, corroborated by a Russian news report of 20 Aug 2008).",
     False, "ev_2008_08_06_pyongyang_russian_railways_dprk"),
    ("dis_khasan_rajin_cost", "Cost of the Khasan-Rajin project", "events",
     ["ev_2013_09_22_ceremony_marked_completion_rebuilt"],
     "Railway Gazette gives 5.5 billion roubles for the line plus 3.5 billion for the port; KBS (German edition) "
     "gives about 400 million dollars.", "9 billion roubles vs about USD 400 million", [],
     "About 9 billion roubles (line and port); the dollar figure is a rough conversion.", False,
     "ev_2013_09_22_ceremony_marked_completion_rebuilt"),
    ("dis_sanctions_count", "How many sanctions resolutions Russia voted for, 2006-2017", "unsc_votes",
     ["res1718", "res1874", "res2087", "res2094", "res2270", "res2321", "res2356", "res2371", "res2375", "res2397"],
     "Reuters counts 'nine major' resolutions between 14 Oct 2006 and 22 Dec 2017; the list has ten; Xinhua calls "
     "2397 the tenth and the Guardian calls 2375 the ninth.", "nine vs ten",
     ["unsc2006res1718", "unsc2017res2397"],
     "Ten, if 2356 (designations only) is counted; nine without it. 1695 (July 2006) predates the window.", False,
     "res1718"),
    ("dis_sixth_test_date", "Date of the sixth nuclear test", "unsc_votes",
     ["res2375", "ev_2017_09_11_unsc_resolution_2375_unanimous"],
     "The UN draft text and ASIL give 2 September 2017; the Guardian and CRI give 3 September.",
     "2 vs 3 Sept 2017", ["unsc2017res2375"],
     "3 September in Korea, 2 September in New York (probably a time-zone difference, not verified).", False,
     "res2375"),
    ("dis_shoigu_2023_visit", "Shoigu's July 2023 visit", "events", ["ev_2023_07_25_russian_defence_minister_shoigu"],
     "Reuters dates the visit 25 July 2023; KCNA-based reports put the arms-expo tour on 26 July and the parade on "
     "27 July.", "25 / 26 / 27 July 2023", [],
     "A visit of 25-27 July: arrival on the 25th, the expo on the 26th, the parade on the 27th.", False,
     "ev_2023_07_25_russian_defence_minister_shoigu"),
    ("dis_putin_2024_visit", "Putin's 2024 state visit", "events",
     ["ev_2024_06_18_putin_arrived_pyongyang_late", "ev_2024_06_19_putin_kim_signed_treaty"],
     "Putin arrived late on 18 June and the treaty was signed on 19 June; TASS elsewhere gives the visit as "
     "'June 18-19'.", "18 vs 19 June 2024", [],
     "Arrival late on 18 June, talks and signature on 19 June.", False, "ev_2024_06_19_putin_kim_signed_treaty"),
    ("dis_treaty_ratification_2024", "Ratification of the 2024 treaty", "events",
     ["ev_2024_10_24_state_duma_ratified_comprehensive", "ev_2024_11_06_federation_council_voted_ratify",
      "ev_2024_11_09_putin_signed_ratification_law", "ev_2024_12_04_instruments_ratification_exchanged_moscow"],
     "Entry into force on 4 December 2024 (exchange of instruments, TASS/KCNA) or 5 December (the publication "
     "date in some reports); some reports just say 'ratified in November'.", "4 vs 5 Dec 2024",
     ["rfdprk2024treaty"],
     "Duma 24 Oct, Federation Council 6 Nov, Putin 9 Nov, Kim 11 Nov; in force 4 December 2024.", False,
     "ev_2024_12_04_instruments_ratification_exchanged_moscow"),
    ("dis_troop_numbers", "DPRK troops sent to Russia", "off_book",
     ["ev_2024_10_23_south_korea_nis_reported", "ev_2024_10_28_pentagon_said_about_10",
      "ob_troops_rok_ministry_2025_02_11", "ob_troops_multilateral_sanctions_2025_05_29",
      "ob_troops_rok_national_2025_04_30", "ob_troops_russian_security_2025_06_17"],
     "Estimates of the troops deployed, none of them official.",
     "about 3,000 (NIS, 23 Oct 2024) to 10,000 (Pentagon, 28 Oct 2024), 11,000 (Feb 2025), more than 14,000 "
     "(MSMT, May 2025), 15,000 (NIS, Apr 2025); plus 6,000 builders and deminers announced (June 2025)", [],
     "Growing from a few thousand in October 2024 to about 15,000 by spring 2025; every figure is an estimate.",
     False, "ob_troops_rok_national_2025_04_30"),
    ("dis_casualties", "DPRK casualties in the Kursk fighting", "off_book",
     ["ob_casualties_rok_national_2024_12_19", "ob_casualties_rok_national_2025_01",
      "ob_casualties_ukrainian_president_2025_01_05", "ob_casualties_western_officials_2025_01",
      "ob_casualties_rok_national_2025_04_30", "ob_casualties_ukraine_defence_2025_08",
      "ob_casualties_rok_national_2025_09_02"],
     "Killed and wounded: the NIS is the most conservative, Ukrainian figures the highest.",
     "killed: 100 (Dec 2024) to 600 (Apr 2025) to about 2,000 (Sep 2025); killed and wounded: 3,800 to about 5,000",
     [], "Thousands of casualties, of whom several hundred to about 2,000 killed; the spread reflects who counts.",
     False, "ob_casualties_rok_national_2025_04_30"),
    ("dis_first_acknowledgement_2025", "Who acknowledged the deployment first", "events",
     ["ev_2025_04_26_chief_general_staff_gerasimov", "ev_2025_04_28_pyongyang_officially_confirmed_via"],
     "'April 2025' covers both acknowledgements.", "26 Apr (Russia, Gerasimov) vs 28 Apr 2025 (DPRK, KCNA)", [],
     "Russia first, on 26 April 2025; the DPRK followed on 28 April.", False,
     "ev_2025_04_26_chief_general_staff_gerasimov"),
    ("dis_tumen_bridge", "The Tumen River road bridge", "events", ["ev_2025_04_30_construction_tumen_river_road"],
     "Length and completion date of the bridge begun on 30 April 2025.",
     "850 m (Yonhap/Reuters) vs about 1 km (TASS: 424 m Russian + 581 m Korean; 4.7 km with approaches); "
     "completion by end-2026, summer 2026 or in one and a half years", [],
     "About 1 km including both banks' sections; completion expected in 2026.", False,
     "ev_2025_04_30_construction_tumen_river_road"),
    ("dis_moscow_flights_2025", "Moscow-Pyongyang flights", "events",
     ["ev_2025_07_27_nordwind_launched_first_direct", "ev_2023_08_direct_air_service_between"],
     "TASS calls the July 2025 flight the 'first' direct service; Daily Times says the first 'in nearly three "
     "decades'; Air Koryo's Vladivostok service had resumed in August 2023.",
     "first ever vs first in nearly three decades", [],
     "The first direct Moscow-Pyongyang flight in decades, not the first air link.", False,
     "ev_2025_07_27_nordwind_launched_first_direct"),
    ("dis_kursk_museum_date", "Groundbreaking of the Kursk memorial museum", "events",
     ["ev_2025_10_23_ground_broken_pyongyang_museum"],
     "KCNA/AFP give Thursday 23 Oct 2025; another report gives 'Oct. 23-24'.", "23 vs 23-24 Oct 2025", [],
     "23 October 2025.", False, "ev_2025_10_23_ground_broken_pyongyang_museum"),
    ("dis_1967_grain_coke", "Seed 004's 1967 grain and coking-coal figures", "seed",
     ["bal_1967_10_09_china_stopped_deliveries", "ev_1966_06_june_1966_sovietdprk_economic",
      "ev_1968_05_31_kim_il_sung_described"],
     "Seed 004 says Kim's 1967 delegation asked Moscow for 200,000 t of grain and 400,000 t of coking coal and was "
     "promised 75,000 t and 200,000 t. No source found confirms it (searched in English and Russian).",
     "requested 200,000 t grain / 400,000 t coke vs promised 75,000 t / 200,000 t: unverified",
     ["kim2017return"],
     "Not used: unverified. The records found give other numbers (China's halt of 2.5 million t a year of coke in "
     "Oct 1967; the June 1966 agreement); the claim may conflate Kim's December 1966 trip with Kim Il's 1967 visit.",
     True, "bal_1967_10_09_china_stopped_deliveries"),
    ("dis_trade_growth_2017", "Seed 004's 73% trade growth in January-February 2017", "seed",
     ["tr_russia_dprk_trade_2016_russian_customs_total", "tr_russia_dprk_trade_2017_russian_customs_total"],
     "Seed 004 says Russia-DPRK trade rose 73% in the first two months of 2017; the figure traces to a USA Today "
     "report citing Sputnik, seen only in reposts.", "+73% (Jan-Feb 2017, part-year) vs USD 76.8 million (2016) and "
     "77.9 million (2017), Russian customs", ["kim2017return"],
     "Part-year growth from a tiny base: the annual series was flat (USD 76.8 million in 2016, 77.9 million in 2017).",
     False, "tr_russia_dprk_trade_2017_russian_customs_total"),
    ("dis_lean_1962_1965", "Did Pyongyang lean to Beijing in 1962-65?", "periods",
     ["lean_seed002_beijing_1962_1965", "lean_research_beijing_1962_1964", "bal_1962_08_14_receiving_new_soviet",
      "bal_1962_11_14_ambassador_moskovsky_told", "bal_1965_05_21_dprk_ambassador_thanked",
      "bal_1965_12_14_china_agreed_supply"],
     "Seed 002 has a Beijing lean in 1962-65; the coded evidence supports 1962-64, with Moscow still courted in 1962 "
     "and a mixed 1965.", "1962-65 (seed) vs 1962-64 (research)", ["tertitskiy2024north"],
     "A Beijing lean in 1962-64; 1965 is mixed (Soviet arms and Chinese wheat).", False,
     "bal_1963_09_17_talks_liu_shaoqi"),
    ("dis_lean_1966_1969", "The years seed 002 skips: 1966-69", "periods",
     ["lean_research_moscow_1966_1969", "bal_1966_12_kim_il_sung", "bal_1967_10_09_china_stopped_deliveries",
      "bal_1969_06_09_soviet_embassy_saw", "bal_1966_rodong_sinmun_editorial", "bal_1969_06_kwp_stayed_away"],
     "Seed 002 names no lean for 1966-69; the evidence points to Moscow, with hedges.",
     "no lean (seed) vs toward Moscow (research)", ["tertitskiy2024north"],
     "A lean toward Moscow in 1966-69, hedged by the 1966 independence editorial and the absence from the 1969 "
     "Moscow conference.", False, "bal_1969_06_09_soviet_embassy_saw"),
    ("dis_lean_1980s", "When the 1980s turn to Moscow began", "periods",
     ["lean_seed002_moscow_1982_1987", "lean_research_moscow_1983_1987", "bal_1982_09_15_kim_il_sung",
      "bal_1983_us_intelligence_dated", "bal_1984_01_kim_il_sung", "bal_1987_05_kim_il_sung"],
     "Seed 002 dates the Moscow lean from 1982; the CIA dates the warming to 1983, and Kim still visited China in "
     "1982, 1984 and 1987.", "1982 (seed) vs 1983-84 (research)", ["tertitskiy2024north"],
     "From 1983-84, and never exclusive.", False, "bal_1983_us_intelligence_dated"),
    ("dis_kim_moscow_1966_1967", "Kim Il Sung's '1967' visit to Moscow", "balancing",
     ["bal_1966_12_kim_il_sung", "bal_1967_03_kim_il_sung", "bal_1967_11_03_albanian_party_judged"],
     "A GDR/Soviet source gives December 1966; an Albanian report 'the beginning of this year' (1967); a Romanian "
     "telegram has Kim and then Kim Il in Moscow before March 1967.", "Dec 1966 vs early 1967", ["kim2017return"],
     "Kim Il Sung in December 1966, Premier Kim Il in early 1967.", False, "bal_1966_12_kim_il_sung"),
    ("dis_1975_first_visit", "Kim's 1975 Beijing visit: 'first since 1961'?", "balancing",
     ["bal_1975_04_18_kim_il_sung", "ev_1975_04_18_kim_il_sung_visited", "bal_1964_09_22_prc_foreign_ministry",
      "bal_1970_10_kim_il_sung"],
     "An Indian embassy report calls the April 1975 visit Kim's first since 1961; other sources record China visits "
     "in 1964 and 1970.", "first since 1961 vs visits in 1964 and 1970",
     [], "The first official visit since 1961; there were informal visits in between.", False,
     "bal_1970_10_kim_il_sung"),
    ("dis_sino_dprk_1977", "Sino-DPRK relations in 1977", "balancing",
     ["bal_1977_03_16_soviet_diplomats_told", "bal_1977_05_18_soviet_side_said"],
     "A Romanian report (March) sees a surge toward China; a Soviet comment (May) calls Sino-Korean relations "
     "cooler.", "closer (March) vs cooler (May 1977)", [],
     "Unsettled: both are second-hand readings a few weeks apart.", False, "bal_1977_05_18_soviet_side_said"),
    ("dis_1979_war", "The DPRK and China's 1979 war on Vietnam", "balancing", ["bal_1979_06_06_vietnam_ambassador_said"],
     "DPRK support for China rests on Vietnam's ambassador alone; other analysis stresses the war's lasting damage "
     "to North Korean trust in China.", "support vs damage to trust", [],
     "Weakly sourced; not used as evidence of a lean on its own.", False, "bal_1979_06_06_vietnam_ambassador_said"),
    ("dis_mig29", "MiG-29 deliveries", "balancing", ["bal_1988_senior_rok_jcs"],
     "A 1988 contract with first deliveries around late 1992 (ROK officer, 1994) vs 'delivered in the 1980s' (later "
     "press).", "contract 1988; first deliveries 1992 vs the 1980s", [],
     "Contract in 1988, deliveries from about 1992; arrival dates not found.", False, "bal_1988_senior_rok_jcs"),
    ("dis_shells", "How many shells the DPRK sent", "off_book",
     ["ob_shells_rok_national_2023_11", "ob_shells_ukraine_defence_2024_01_15", "ob_shells_rok_defence_2024_02",
      "ob_shells_csis_center_2024_02_28", "ob_shells_c4ads_washington_2024_06", "ob_shells_rok_defence_2024_06_14",
      "ob_shells_rok_military_2024_08_27", "ob_shells_western_intelligence_2024_10_04",
      "ob_shells_ukraine_defence_2024_10_22", "ob_shells_ukraine_defence_2024_11",
      "ob_shells_multilateral_sanctions_2025_05_29", "ob_shells_korean_institute_2025", "ob_shells_rok_defense_2025_07_13"],
     "Estimates of artillery ammunition delivered. Most South Korean figures convert container capacity, not counted "
     "contents (the same 6,700 containers hold 3 million 152 mm or 500,000 122 mm rounds).",
     "about 1 million (Nov 2023) to 9 million in 2024 alone (MSMT) and more than 12 million (ROK DIA, July 2025, "
     "all 152 mm); independent checks about 1.6 million (C4ADS, Aug 2023-Jan 2024) and 2.5 million (CSIS, Feb 2024)",
     [], "Millions of rounds, with the true count unknown: the 12 million is a capacity ceiling, the rail and "
     "satellite counts are floors.", False, "ob_shells_c4ads_washington_2024_06"),
    ("dis_containers", "How many containers", "off_book",
     ["ob_containers_us_white_2023_10_13", "ob_containers_rok_national_2023_11", "ob_containers_us_state_2024_02_23",
      "ob_containers_rok_defence_2024_02", "ob_containers_rok_defence_2024_06_14", "ob_containers_rok_military_2024_08_27",
      "ob_containers_unattributed_estimate_2024_12_29", "ob_containers_korean_institute_2025",
      "ob_containers_multilateral_sanctions_2025_05_29"],
     "Container counts start at different dates, so the series do not stack.",
     "more than 1,000 (Sept 2023) to 6,700 and more than 10,000 (Feb 2024), 13,000 since mid-2022, 15,800 (KIDA), "
     "more than 20,000 (MSMT) and about 28,000 (DIA, July 2025)", [],
     "A rising count reaching 20,000 or more by 2025; compare only figures with the same start date.", False,
     "ob_containers_multilateral_sanctions_2025_05_29"),
    ("dis_value_to_dprk", "What the DPRK earns", "off_book",
     ["ob_value_to_dprk_olena_guseinova_2024_10_28", "ob_value_to_dprk_south_korean_2024_10",
      "ob_value_to_dprk_lim_soo_2024_11", "ob_value_to_dprk_unattributed_estimate_2024_12_29",
      "ob_value_to_dprk_korean_institute_2025", "ob_value_to_dprk_unnamed_analysis_2025_08_01",
      "ob_value_to_dprk_ukraine_defence_2025_08_14", "ob_official_trade_statement_russian_presidential_2024_06_17"],
     "The value of arms, troops and goods: the least settled figures, counting different things (arms only, arms "
     "and troop pay, in-kind goods); none prices the oil, food or technology.",
     "USD 0.54 billion (arms, 2023) to 1.7-5.5 billion (arms since 2022), 8 and 28 trillion won, USD 20 billion "
     "(KIDA) and 'tens of billions' (Budanov); against USD 34 million of recorded trade in 2023", [],
     "Between half a billion and tens of billions of dollars depending on what is counted; recorded trade is two "
     "orders of magnitude smaller.", False, "ob_value_to_dprk_olena_guseinova_2024_10_28"),
    ("dis_artillery_systems", "Artillery systems supplied", "off_book",
     ["ob_artillery_systems_ukrainian_intelligence_2024_11", "ob_artillery_systems_rok_national_2024_11",
      "ob_artillery_systems_rok_ministry_2025_02_11", "ob_artillery_systems_ukraine_defence_2025_01"],
     "Estimates of self-propelled guns and rocket launchers supplied.", "about 70 (Nov 2024) to 160, 200 and 240",
     [], "About 200, rising over time; the estimates cover different periods.", False,
     "ob_artillery_systems_rok_ministry_2025_02_11"),
    ("dis_troop_pay", "Pay for DPRK troops", "off_book",
     ["ob_troop_pay_rok_national_2024_11_03", "ob_value_to_dprk_lim_soo_2024_11"],
     "USD 2,000 a month per soldier (NIS) against USD 320 million to 1.3 billion a year in all (Lim Soo-ho).",
     "USD 2,000 a month per soldier vs USD 0.32-1.3 billion a year", [],
     "Unsettled; the per-soldier figure times the troop estimates gives the lower end of the annual range.", False,
     "ob_troop_pay_rok_national_2024_11_03"),
    ("dis_oil", "Refined petroleum from Russia", "off_book",
     ["ob_refined_petroleum_open_source_2024_11_22", "ob_refined_petroleum_multilateral_sanctions_2025_05_29",
      "ob_refined_petroleum_us_white_2024_05", "ob_refined_petroleum_un_1718_2024_01",
      "ob_refined_petroleum_un_1718_2024_12"],
     "Estimated deliveries against what Russia reported to the UN.",
     "over 1 million barrels (OSC, Mar-Nov 2024; MSMT, Mar-Oct 2024) and 165,000 in March 2024 alone vs 105,845 "
     "barrels notified for 2023 and 15,279 for January 2024", [],
     "The estimates agree with each other (about 1 million barrels in 2024) and dwarf what Russia notified before "
     "it stopped reporting.", False, "ob_refined_petroleum_open_source_2024_11_22"),
    ("dis_workers", "DPRK workers in Russia", "off_book",
     ["ob_workers_nis_think_2024_11", "ob_workers_multilateral_sanctions_2025_05_29",
      "ob_entries_to_russia_russia_federal_2025_02_09"],
     "NIS about 4,000 workers, MSMT about 8,000 dispatched in 2024; Russian statistics 13,221 entries in 2024, 7,887 "
     "of them 'for study'.", "4,000 / 8,000 / 13,221 entries", [],
     "Several thousand, many entering on study visas; an untraceable claim of 15,000 is left out.", False,
     "ob_entries_to_russia_russia_federal_2025_02_09"),
    ("dis_trade_russia_2000", "Russia-DPRK trade in 2000", "trade",
     ["tr_russia_dprk_trade_2000_kotra_total", "tr_russia_dprk_trade_2000_russian_ministry_total",
      "tr_russia_dprk_trade_2000_wikipedia_text_total"],
     "KOTRA gives USD 46 million, the Russian Ministry of Economic Development USD 105 million.",
     "USD 46 vs 105 million", [],
     "Both kept: the Russian figure is more than twice KOTRA's (mirror data miss part of the trade).", False,
     "tr_russia_dprk_trade_2000_russian_ministry_total"),
    ("dis_trade_russia_2005", "Russia-DPRK trade in 2005", "trade",
     ["tr_russia_dprk_trade_2005_wikipedia_text_total", "tr_russia_dprk_trade_2005_kotra_total"],
     "An unattributed mirror text gives USD 172.3 million, KOTRA USD 232 million.", "USD 172.3 vs 232 million", [],
     "KOTRA's figure is sourced; the other is unattributed.", False, "tr_russia_dprk_trade_2005_kotra_total"),
    ("dis_trade_russia_2020_exports", "DPRK exports to Russia in 2020", "trade",
     ["tr_russia_dprk_trade_2020_russian_customs_import_from_dprk",
      "tr_russia_dprk_trade_2020_russian_customs_import_from_dprk_2"],
     "Two reports of Russian customs data differ tenfold.", "USD 0.714 vs 7.124 million", [],
     "USD 0.714 million is more likely (the other looks like a misprint), but both are kept.", False,
     "tr_russia_dprk_trade_2020_russian_customs_import_from_dprk"),
    ("dis_trade_dprk_total_2023", "DPRK total trade in 2023", "trade",
     ["tr_dprk_total_trade_2023_kotra_total", "tr_dprk_total_trade_2023_kotra_total_2"],
     "Two reports of KOTRA's 2023 figure differ.", "USD 2.06 vs 2.77 billion", [],
     "USD 2.77 billion (KOTRA's July 2024 report); the USD 2.06 billion in another report is likely an error.", False,
     "tr_dprk_total_trade_2023_kotra_total"),
    ("dis_trade_dprk_total_2000_2008", "DPRK total trade with or without inter-Korean trade", "trade",
     ["tr_dprk_total_trade_2000_kdi_total", "tr_dprk_total_trade_2000_kotra_total", "tr_dprk_total_trade_2008_kdi_total",
      "tr_dprk_total_trade_2008_kotra_total"],
     "KDI's totals include inter-Korean trade; KOTRA's exclude it.", "2000: USD 2.4 vs 1.97 billion; 2008: USD 5.6 vs "
     "3.8 billion", [], "Different definitions, not an error; compare like with like.", False,
     "tr_dprk_total_trade_2008_kotra_total"),
    ("dis_china_share", "China's share of DPRK trade", "trade",
     ["tr_china_share_dprk_trade_2001_kita_share", "tr_china_share_dprk_trade_2001_kotra_share",
      "tr_china_share_dprk_trade_2002_kotra_share", "tr_china_share_dprk_trade_2003_kotra_share",
      "tr_china_share_dprk_trade_2003_kotra_share_3", "tr_china_share_dprk_trade_2010_kita_share",
      "tr_china_share_dprk_trade_2010_kotra_share"],
     "The share depends on whether inter-Korean (and Japanese) trade is in the denominator, and KOTRA's own releases "
     "differ by year.", "2001: 17.3% (KITA) vs 32.6% (KOTRA); 2003: 32.7% vs 42.8%; 2010: 45.3% (KITA) vs 83% "
     "(KOTRA)", [],
     "Rising past 90% by the late 2010s on every definition; the level in any one year depends on the definition.",
     False, "tr_china_share_dprk_trade_2010_kotra_share"),
    ("dis_china_dprk_2020", "China-DPRK trade in 2020", "trade",
     ["tr_china_dprk_trade_2020_china_customs_total", "tr_china_dprk_trade_2020_kotra_total"],
     "China customs and KOTRA differ for 2020.", "USD 539 vs 760.8 million", [],
     "Both kept; KOTRA's figure includes estimates beyond China's customs returns.", False,
     "tr_china_dprk_trade_2020_china_customs_total"),
]


def book_disagreements(tables: dict[str, list[dict[str, str]]]) -> list[dict[str, str]]:
    by_id = {row["id"]: row for rows in tables.values() for row in rows}
    out = []
    for pid, topic, dataset, row_ids, claim, spread, extra, reading, seed_error, evidence in DISAGREEMENTS:
        keys = []
        for key in [by_id[r]["bib_key"] for r in row_ids] + extra:
            if key not in keys:
                keys.append(key)
        source = by_id[evidence]
        prov = {k: source.get(k, "") for k in PROVENANCE[:5]}
        out.append({"id": pid, "topic": topic, "dataset": dataset, "row_ids": "; ".join(row_ids), "claim": claim,
                    "range": spread, "sources": "; ".join(keys), "reading": reading,
                    "seed_error": "true" if seed_error else "false", **prov,
                    "note": f"Provenance columns: the source of row {evidence}."})
    return out


# --------------------------------------------------------------------------------------------------------------


def fill_titles(rows: list[dict[str, str]], titles: dict[str, tuple[str, str]]) -> None:
    for row in rows:
        if not row.get("source_title"):
            row["source_title"], row["publisher"] = (s.strip() for s in titles[row["bib_key"]])


def bib_titles() -> dict[str, tuple[str, str]]:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    out = {}
    for match in re.finditer(r"@\w+\{([^,]+),(.*?)\n\}", text, flags=re.S):
        body = match.group(2)
        title = re.search(r"^\s*title\s*=\s*\{(.*)\},?\s*$", body, flags=re.M)
        pub = re.search(r"^\s*howpublished\s*=\s*\{(.*)\},?\s*$", body, flags=re.M)
        clean = lambda s: re.sub(r"[{}]", "", s).replace("\\&", "&").replace("\\_", "_").replace("\\%", "%")
        out[match.group(1)] = (clean(title.group(1)) if title else "", clean(pub.group(1)) if pub else "")
    return out


def main(research: Path) -> None:
    keys = bib_keys_by_url()
    keys["https://en.wikisource.org/wiki/Page:UN_Treaty_Series_-_vol_221.pdf/22"] = "ussrdprk1949agreement"
    events = import_events(research, keys)
    write("events.csv", ["id", "date", "date_precision", "stage", "category", "event", "actors"] + PROVENANCE, events)
    balancing = import_balancing(research, keys)
    write("balancing.csv", ["id", "date", "date_precision", "lean", "kind", "event", "actors"] + PROVENANCE,
          balancing)
    write("periods.csv", ["id", "kind", "stage", "label", "start", "end", "lean", "according_to"] + PROVENANCE,
          book_periods(balancing))
    trade = import_trade(research, keys)
    write("trade.csv", ["id", "series", "partner", "direction", "value", "unit", "currency", "per", "period_start",
                        "period_end", "reporter", "figure_type", "pub_date"] + PROVENANCE, trade)
    off_book = import_off_book(research, keys)
    write("off_book.csv", ["id", "flow", "direction", "measure", "period_start", "period_end", "value_low",
                           "value_high", "bound", "unit", "currency", "per", "estimator", "estimator_type",
                           "estimate_date"] + PROVENANCE, off_book)
    votes = import_unsc(research, keys)
    fill_titles(votes, bib_titles())
    write("unsc_votes.csv", ["id", "document", "date", "adopted", "votes_for", "votes_against", "abstentions",
                             "russia_vote", "china_vote", "summary", "document_bib_key"] + PROVENANCE, votes)
    periods = book_periods(balancing)
    tables = {"events": events, "balancing": balancing, "trade": trade, "off_book": off_book, "unsc_votes": votes,
              "periods": periods}
    write("disagreements.csv", ["id", "topic", "dataset", "row_ids", "claim", "range", "sources", "reading",
                                "seed_error"] + PROVENANCE, book_disagreements(tables))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "research"))
