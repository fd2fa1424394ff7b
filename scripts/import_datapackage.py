"""Write ``data/datapackage.json``, the Frictionless Data Package that describes every dataset in ``data/``.

    .venv/bin/python scripts/import_datapackage.py

The descriptor is the one place where the book's field types, enums and patterns live: the loader
(``moscow_pyongyang.schema``) reads it, the tests validate the package with the Frictionless library, and the data
appendix page is generated from it at build time. This script only writes it (shared field definitions are easier
to keep consistent in Python than in JSON); edit the script and re-run it, then commit both.

Custom properties (prefixed ``x-``, ignored by Frictionless, read by the loader):
- ``x-date``: ``partial`` for ISO dates that may be ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``;
- ``x-list``: the separator of a list held in one cell (``"; "``);
- ``x-bib``: the cell holds keys into ``references.bib``;
- ``x-parsed``: for a full date kept as text in the frame, the name of the added Timestamp column;
- ``x-pages``: the book pages that use a dataset.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ID_PATTERN = "^[a-z0-9_-]+$"
PARTIAL_DATE = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
BIB_KEY = r"^[A-Za-z0-9_:.-]+$"
BIB_KEYS = r"^[A-Za-z0-9_:.-]+(; [A-Za-z0-9_:.-]+)*$"
IDS = r"^[a-z0-9_-]+(; [a-z0-9_-]+)*$"


def field(name, type_, description, *, required=False, enum=None, pattern=None, minimum=None, maximum=None,
          **extra):
    constraints = {}
    if required:
        constraints["required"] = True
    if enum is not None:
        constraints["enum"] = enum
    if pattern is not None:
        constraints["pattern"] = pattern
    if minimum is not None:
        constraints["minimum"] = minimum
    if maximum is not None:
        constraints["maximum"] = maximum
    out = {"name": name, "type": type_, "description": description}
    if type_ == "boolean":
        out.update(trueValues=["true"], falseValues=["false"])
    if constraints:
        out["constraints"] = constraints
    out.update({f"x-{k}": v for k, v in extra.items()})
    return out


def id_field(prefix_note):
    return field("id", "string", f"Stable row identifier, never reused ({prefix_note}).", required=True,
                 pattern=ID_PATTERN)


def partial_date(name, description, required=True):
    return field(name, "string", description + " ISO 8601 at the precision the source gives: YYYY, YYYY-MM or "
                 "YYYY-MM-DD.", required=required, pattern=PARTIAL_DATE, date="partial")


def provenance(quote_required=True):
    return [
        field("source_title", "string", "Title of the page or document the row was checked against.", required=True),
        field("source_url", "string", "Address of that page (mirrors and reprints are named in publisher).",
              required=True, pattern=r"^https?://\S+$"),
        field("publisher", "string", "Who published the page; for reprints and mirrors, both the host and the "
              "original outlet.", required=True),
        field("quote", "string", "Short word-for-word quotation from the page that supports the row (original "
              "language and spelling kept).", required=quote_required),
        field("bib_key", "string", "Key of the source's entry in references.bib (cite it with {cite}).",
              required=True, pattern=BIB_KEY, bib=True),
        field("note", "string", "How the row was cleaned, what is weak or disputed about it (free text; may be "
              "empty)."),
    ]


CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}
LICENSE = [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/"}]
RESEARCH = {"title": "Research files of the Moscow–Pyongyang book (events, balancing, trade, off-book, UN votes), "
                     "each row with its source page and a word-for-word quote; every page has an entry in references.bib"}


def resource(name, title, description, fields, pages, foreign_keys=None, extra_sources=None):
    schema = {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return {
        "name": name, "path": f"{name}.csv", "title": title, "description": description, "profile":
        "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "dialect": CSV_DIALECT, "licenses": LICENSE, "sources": [RESEARCH] + (extra_sources or []),
        "schema": schema, "x-pages": pages,
    }


EVENTS = resource(
    "events", "Chronology of Moscow–Pyongyang relations, 1945–2025",
    "One dated event a row, each assigned to one of the four stages and one category, with its source.",
    [id_field("ev_ + date + words"),
     partial_date("date", "When the event happened."),
     field("date_precision", "string", "Precision of date; must match its form.", required=True,
           enum=["year", "month", "day"]),
     field("stage", "integer", "The stage (1–4) the date falls in, as defined in periods.csv; must agree with the "
           "date.", required=True, enum=[1, 2, 3, 4]),
     field("category", "string", "Kind of event.", required=True,
           enum=["diplomatic", "military", "summit", "trade", "sanctions", "treaty", "war", "memory-politics", "aid"]),
     field("event", "string", "What happened, in one sentence (shown on the chronology page).", required=True),
     field("actors", "string", "People, states and bodies involved, separated by '; '.", required=True, list="; "),
     *provenance()],
    ["chapters/chronology", "notebooks/four_stages"],
    foreign_keys=[{"fields": ["stage"], "reference": {"resource": "periods", "fields": ["stage"]}}])

PERIODS = resource(
    "periods", "The four stages and the lean periods of the Sino-Soviet balancing",
    "Stage rows (kind = stage) define the book's periodisation; lean rows (kind = lean) are the periods in which "
    "Pyongyang is said to have leaned toward Beijing or Moscow, according to the seed essay (according_to = "
    "seed_002) or to the research's reading of the balancing evidence (according_to = research).",
    [id_field("stage_N, lean_<who>_<lean>_<years>"),
     field("kind", "string", "stage: one of the book's four stages; lean: a period of leaning toward one capital.",
           required=True, enum=["stage", "lean"]),
     field("stage", "integer", "Stage number for kind = stage; empty for lean rows.", enum=[1, 2, 3, 4]),
     field("label", "string", "Short name shown in charts and tables.", required=True),
     field("start", "date", "First day of the period (YYYY-MM-DD); the loader keeps the text and adds the "
           "Timestamp period_start.", required=True, parsed="period_start"),
     field("end", "date", "Last day of the period (YYYY-MM-DD); empty when open-ended; the loader keeps the text and "
           "adds the Timestamp period_end (NaT when open).", parsed="period_end"),
     field("lean", "string", "For kind = lean: the capital Pyongyang leaned toward; empty for stage rows.",
           enum=["beijing", "moscow"]),
     field("according_to", "string", "Whose reading the row records: the seed essay 002 (Tertitskiy 2024) or the "
           "research's reading of the balancing evidence.", required=True, enum=["seed_002", "research"]),
     *provenance()],
    ["notebooks/four_stages", "notebooks/balancing", "chapters/stage_2_between_two_elder_brothers"])

BALANCING = resource(
    "balancing", "Evidence of Pyongyang's balancing between Moscow and Beijing, 1956–1991",
    "One piece of evidence a row (a visit, aid, an arms deal, a quarrel, a statement…), coded by the capital it "
    "points to. A quarrel with, or snub of, one capital counts toward the other; neutral = explicit equidistance; "
    "both = joint pressure.",
    [id_field("bal_ + date + words"),
     partial_date("date", "When it happened."),
     field("date_precision", "string", "Precision of date; must match its form.", required=True,
           enum=["year", "month", "day"]),
     field("lean", "string", "Which capital the evidence points to.", required=True,
           enum=["moscow", "beijing", "neutral", "both"]),
     field("kind", "string", "Kind of evidence ('treaty' covers agreements).", required=True,
           enum=["visit", "aid", "arms", "treaty", "quarrel", "statement", "meeting", "other"]),
     field("event", "string", "What happened, in one sentence.", required=True),
     field("actors", "string", "People, states and bodies involved, separated by '; '.", required=True, list="; "),
     *provenance()],
    ["notebooks/balancing", "chapters/stage_2_between_two_elder_brothers"])

MONEY_SCALES = ["one", "thousand", "million", "billion", "trillion"]

TRADE = resource(
    "trade", "Trade figures: USSR/Russia–DPRK, China–DPRK and DPRK totals, 1970–2024",
    "One figure a row, as one reporter gave it for one period. Several reporters often give different figures for "
    "the same period; all are kept. Money is value × unit (scale) in currency; US dollars and roubles are never "
    "to be summed. A period shorter than a year is a part-year figure, never an annual one.",
    [id_field("tr_ + series + period + reporter + direction"),
     field("series", "string", "What is measured (russia_dprk_trade, china_dprk_trade, dprk_total_trade, "
           "china_share_dprk_trade, …).", required=True, pattern=ID_PATTERN),
     field("partner", "string", "The DPRK's partner in the figure (World for DPRK totals).", required=True,
           enum=["USSR/Russia", "China", "World"]),
     field("direction", "string", "export_to_dprk: goods going into the DPRK (the partner's exports, the DPRK's "
           "imports); import_from_dprk: goods coming out of the DPRK; total: both ways; share: a share of DPRK "
           "trade; balance: DPRK exports minus imports; stock: an amount outstanding (debt).", required=True,
           enum=["total", "export_to_dprk", "import_from_dprk", "share", "balance", "stock"]),
     field("value", "number", "The figure, in unit (and currency for money).", required=True),
     field("unit", "string", "Scale for money (one, thousand, million, billion); otherwise what is counted: "
           "percent (a share or a ratio named in the note), percent_change (on the previous period), multiple (x-fold "
           "growth), barrels, million_barrels, tonnes, persons.", required=True,
           enum=MONEY_SCALES[:4] + ["percent", "percent_change", "multiple", "barrels", "million_barrels", "tonnes",
                                    "persons"]),
     field("currency", "string", "Currency of money figures: USD (US dollars), SUR (Soviet roubles), RUB (Russian "
           "roubles); empty for everything else.", enum=["USD", "SUR", "RUB"]),
     field("per", "string", "year: the value is an annual level during the period (not a total for it); empty: "
           "the value covers the whole period.", enum=["year"]),
     field("period_start", "date", "First day the figure covers (YYYY-MM-DD); empty when not stated."),
     field("period_end", "date", "Last day the figure covers (YYYY-MM-DD); a calendar year ends on 12-31, "
           "January–August 2016 on 2016-08-31.", required=True),
     field("reporter", "string", "Who measured the figure (Russian customs (FCS), KOTRA, China customs, ITC Trade "
           "Map, …); the research's longer description is kept in the note.", required=True),
     field("figure_type", "string", "official: published by a government of a trading party (customs, "
           "ministries); mirror: compiled from partners' returns by a third party (KOTRA, JETRO, KITA, ITC); "
           "estimate: an analyst's estimate; claim: an unsourced or political statement.", required=True,
           enum=["official", "mirror", "estimate", "claim"]),
     partial_date("pub_date", "When the source was published; empty when unknown (see note).", required=False),
     *provenance()],
    ["notebooks/trade_shift", "chapters/stage_3_reluctant_enforcer", "chapters/stage_4_shells_for_oil",
     "chapters/geography_and_logistics"])

UNSC = resource(
    "unsc_votes", "UN Security Council votes on the DPRK, 1993–2024",
    "One vote a row: the twelve adopted resolutions on the DPRK in the book and the two vetoed drafts, with "
    "Russia's and China's votes.",
    [id_field("resNNNN or draftYYYY"),
     field("document", "string", "UN document symbol, or a description of a draft that was not adopted.",
           required=True),
     partial_date("date", "Date of the vote."),
     field("adopted", "boolean", "Whether the text was adopted (true/false).", required=True),
     field("votes_for", "integer", "Votes in favour.", required=True, minimum=0, maximum=15),
     field("votes_against", "integer", "Votes against.", required=True, minimum=0, maximum=15),
     field("abstentions", "integer", "Abstentions.", required=True, minimum=0, maximum=15),
     field("russia_vote", "string", "Russia's vote.", required=True, enum=["for", "against", "abstain", "absent"]),
     field("china_vote", "string", "China's vote.", required=True, enum=["for", "against", "abstain", "absent"]),
     field("summary", "string", "What the text did or would have done.", required=True),
     field("document_bib_key", "string", "references.bib key of the UN document itself, where the bibliography "
           "has it.", pattern=BIB_KEY, bib=True),
     *provenance()],
    ["notebooks/reluctant_enforcer", "chapters/stage_3_reluctant_enforcer"])

OFF_BOOK = resource(
    "off_book", "Off-book flows since 2022: estimates of what customs figures miss",
    "One estimate a row of arms, troops, oil, money and workers moving between Russia and the DPRK outside "
    "recorded trade, by whoever made it. Most are intelligence estimates of the warring sides or their allies; "
    "the bound column says whether a figure is a count, an approximation, a floor, a ceiling or a range.",
    [id_field("ob_ + flow + estimator + date"),
     field("flow", "string", "What flows: shells (artillery ammunition; unit says whether shells, rounds or all "
           "munitions were counted), containers, missiles, artillery_systems, troops, casualties, refined_petroleum, "
           "value_to_dprk, transfers_from_russia, workers, official_trade_statement, …", required=True,
           enum=["shells", "containers", "ship_visits", "munitions_share", "railcars", "missiles",
                 "artillery_systems", "troops", "casualties", "refined_petroleum", "tanker_voyages",
                 "value_to_dprk", "transfers_from_russia", "troop_pay", "workers", "entries_to_russia",
                 "official_trade_statement"]),
     field("direction", "string", "Which way it moves.", required=True,
           enum=["dprk_to_russia", "russia_to_dprk", "none"]),
     field("measure", "string", "What exactly the estimate counts, as the research recorded it.", required=True),
     field("period_start", "date", "First day the estimate covers; empty when not stated (then the estimate is "
           "cumulative to period_end, or its period is unknown)."),
     field("period_end", "date", "Last day the estimate covers; empty when not stated."),
     field("value_low", "number", "Lower end (a floor for bound = lower); empty for bound = upper."),
     field("value_high", "number", "Upper end (a ceiling for bound = upper); empty for bound = lower."),
     field("bound", "string", "exact: a stated figure; approximate: 'about', 'around', 'some'; lower: 'more than', "
           "'over', 'at least' (value_low is a floor); upper: 'as many as', 'up to' (value_high is a ceiling); "
           "range: two stated ends.", required=True, enum=["exact", "approximate", "lower", "upper", "range"]),
     field("unit", "string", "What is counted (shells, rounds, munitions, containers, persons, troops, killed, "
           "casualties, barrels, tonnes, …) or, for money, the scale (one, million, billion, trillion).",
           required=True,
           enum=["shells", "rounds", "munitions", "containers", "ship_visits", "railcars", "missiles",
                 "artillery_systems", "troops", "killed", "casualties", "barrels", "tanker_voyages", "tonnes",
                 "systems", "persons", "percent"] + MONEY_SCALES),
     field("currency", "string", "Currency of money figures (USD, KRW); empty otherwise.", enum=["USD", "KRW"]),
     field("per", "string", "year / month: a rate; soldier_month: per soldier per month; empty: the total over "
           "the period.", enum=["year", "month", "soldier_month"]),
     field("estimator", "string", "Who made the estimate (and through whom it was reported).", required=True),
     field("estimator_type", "string", "government, intelligence, UN, think_tank, media (unattributed), "
           "official_statement (a named official speaking for a government), industry.", required=True,
           enum=["government", "intelligence", "UN", "think_tank", "media", "official_statement", "industry"]),
     partial_date("estimate_date", "When the estimate was made or published."),
     *provenance()],
    ["notebooks/trade_shift", "chapters/stage_4_shells_for_oil", "chapters/how_we_know"])

DISAGREEMENTS = resource(
    "disagreements", "Where the sources disagree",
    "One disputed fact a row: what is disputed, the spread of values or dates, the sources on each side and what "
    "the book concludes. seed_error marks errors of the seed articles themselves.",
    [id_field("dis_ + topic"),
     field("topic", "string", "Short name of the disputed fact.", required=True),
     field("dataset", "string", "The table holding the conflicting rows, or seed when the dispute is with a seed "
           "article and no data row.", required=True,
           enum=["events", "balancing", "trade", "off_book", "unsc_votes", "periods", "seed"]),
     field("row_ids", "string", "Ids of the rows that disagree ('; '-separated), in any table; empty when no "
           "row holds the disputed value.", pattern=IDS, list="; "),
     field("claim", "string", "What is disputed.", required=True),
     field("range", "string", "The spread of values or dates.", required=True),
     field("sources", "string", "references.bib keys of the sources on every side, '; '-separated.", required=True,
           pattern=BIB_KEYS, list="; ", bib=True),
     field("reading", "string", "What the book concludes.", required=True),
     field("seed_error", "boolean", "true when the dispute is an error of a seed article.", required=True),
     *provenance(quote_required=False)],
    ["chapters/how_we_know", "chapters/chronology"])

PACKAGE = {
    "profile": "tabular-data-package",
    "name": "moscow-pyongyang-data",
    "title": "Moscow and Pyongyang: the book's datasets",
    "description": "Sourced datasets behind the charts and chronology of 'Moscow and Pyongyang: Patron, Client, "
                   "Ally'. Every row names the page it was checked against, a short quotation from it and its "
                   "references.bib key.",
    "version": "1.0.0",
    "licenses": LICENSE,
    "sources": [RESEARCH],
    "keywords": ["North Korea", "Soviet Union", "Russia", "China", "trade", "sanctions", "Cold War"],
    "resources": [EVENTS, PERIODS, BALANCING, TRADE, UNSC, OFF_BOOK, DISAGREEMENTS],
}


if __name__ == "__main__":
    path = ROOT / "data" / "datapackage.json"
    path.write_text(json.dumps(PACKAGE, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")
