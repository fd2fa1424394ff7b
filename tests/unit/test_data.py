"""The book's datasets: every loader refuses bad input with file, line, column and reason; the good data loads
whole, validates as a Frictionless Data Package and names a source for every row."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import frictionless  # a hard dependency: its absence must fail these tests, never skip them
import pandas as pd
import pytest

from helpers.book import ROOT
from helpers.data_edits import edit_cell, read_csv, write_csv
from moscow_pyongyang.data import load
from moscow_pyongyang.data.errors import DataError
from moscow_pyongyang.data.periods import stage_of

DATA = ROOT / "data"
LOADERS = {
    "events": load.load_events, "periods": load.load_periods, "balancing": load.load_balancing,
    "trade": load.load_trade, "unsc_votes": load.load_unsc_votes, "off_book": load.load_off_book,
    "disagreements": load.load_disagreements, "claims": load.load_claims,
    "places": load.load_places, "routes": load.load_routes,
}


# --------------------------------------------------------------------------------------------------------------
# helpers: a copy of data/ with one cell changed


def assert_error(excinfo, name: str, line: int | None, column: str | None, reason: str) -> None:
    err = excinfo.value
    message = str(err)
    assert err.path.name == f"{name}.csv" and f"{name}.csv" in message
    assert err.line == line and (line is None or f"line {line}" in message)
    assert err.column == column and (column is None or f"column '{column}'" in message)
    assert reason in err.reason and reason in message, message


# --------------------------------------------------------------------------------------------------------------
# one bad-input case for each error


def test_unparseable_date(data_copy):
    line = edit_cell(data_copy, "events", "ev_1961_07_06_khrushchev_kim_il_sung", "date", "1961-13-06")
    with pytest.raises(DataError) as excinfo:
        load.load_events()
    assert_error(excinfo, "events", line, "date", "unparseable date '1961-13-06'")


def test_impossible_day_is_an_unparseable_date(data_copy):
    line = edit_cell(data_copy, "events", "ev_1961_07_06_khrushchev_kim_il_sung", "date", "1961-02-30")
    with pytest.raises(DataError) as excinfo:
        load.load_events()
    assert_error(excinfo, "events", line, "date", "unparseable date '1961-02-30'")


def test_unparseable_full_date(data_copy):
    line = edit_cell(data_copy, "trade", "tr_russia_dprk_trade_2016_russian_customs_total", "period_end", "2016-12")
    with pytest.raises(DataError) as excinfo:
        load.load_trade()
    assert_error(excinfo, "trade", line, "period_end", "unparseable date '2016-12'")


def test_unknown_stage(data_copy):
    line = edit_cell(data_copy, "events", "ev_1961_07_06_khrushchev_kim_il_sung", "stage", "5")
    with pytest.raises(DataError) as excinfo:
        load.load_events()
    assert_error(excinfo, "events", line, "stage", "unknown stage '5'")


def test_unknown_category(data_copy):
    line = edit_cell(data_copy, "events", "ev_1961_07_06_khrushchev_kim_il_sung", "category", "alliance")
    with pytest.raises(DataError) as excinfo:
        load.load_events()
    assert_error(excinfo, "events", line, "category", "unknown category 'alliance'")


def test_stage_that_contradicts_the_date(data_copy):
    line = edit_cell(data_copy, "events", "ev_1961_07_06_khrushchev_kim_il_sung", "stage", "1")
    with pytest.raises(DataError) as excinfo:
        load.load_events()
    assert_error(excinfo, "events", line, "stage", "stage 1 contradicts the date 1961-07-06")


def test_stage_boundary_in_periods_moves_the_check(data_copy):
    """The stage check reads periods.csv: move the 1957/58 boundary and a 1957 event no longer fits stage 1."""
    edit_cell(data_copy, "periods", "stage_1", "end", "1956-12-31")
    line = edit_cell(data_copy, "periods", "stage_2", "start", "1957-01-01")
    assert line > 1
    events_line = next(i for i, row in enumerate(read_csv(data_copy / "events.csv")[1], start=2)
                       if row[0].startswith("ev_1957_08_05"))
    with pytest.raises(DataError) as excinfo:
        load.load_events()
    assert_error(excinfo, "events", events_line, "stage", "contradicts the date 1957-08-05")


def test_precision_that_contradicts_the_date(data_copy):
    line = edit_cell(data_copy, "events", "ev_1961_07_06_khrushchev_kim_il_sung", "date_precision", "month")
    with pytest.raises(DataError) as excinfo:
        load.load_events()
    assert_error(excinfo, "events", line, "date_precision", "does not match the date '1961-07-06'")


def test_non_numeric_value(data_copy):
    line = edit_cell(data_copy, "trade", "tr_russia_dprk_trade_2016_russian_customs_total", "value", "76.84 (approx.)")
    with pytest.raises(DataError) as excinfo:
        load.load_trade()
    assert_error(excinfo, "trade", line, "value", "non-numeric value '76.84 (approx.)'")


@pytest.mark.parametrize("text", ["nan", "inf", "1,000", "1_000", "+", "1e"])
def test_number_lookalikes_are_not_numbers(data_copy, text):
    line = edit_cell(data_copy, "trade", "tr_russia_dprk_trade_2016_russian_customs_total", "value", text)
    with pytest.raises(DataError) as excinfo:
        load.load_trade()
    assert_error(excinfo, "trade", line, "value", f"non-numeric value '{text}'")


@pytest.mark.parametrize("text", ["1_000", "+", "1.0"])
def test_integer_lookalikes_are_not_whole_numbers(data_copy, text):
    line = edit_cell(data_copy, "unsc_votes", "res1718", "votes_for", text)
    with pytest.raises(DataError) as excinfo:
        load.load_unsc_votes()
    assert_error(excinfo, "unsc_votes", line, "votes_for", f"not a whole number: '{text}'")


@pytest.mark.parametrize("text", ["2016-1-5", "20161231", "2016-12-31T00:00"])
def test_full_dates_are_iso_only(data_copy, text):
    line = edit_cell(data_copy, "trade", "tr_russia_dprk_trade_2016_russian_customs_total", "period_end", text)
    with pytest.raises(DataError) as excinfo:
        load.load_trade()
    assert_error(excinfo, "trade", line, "period_end", f"unparseable date '{text}'")


@pytest.mark.parametrize("text", ["1", "True", "yes"])
def test_booleans_are_true_or_false(data_copy, text):
    line = edit_cell(data_copy, "unsc_votes", "res1718", "adopted", text)
    with pytest.raises(DataError) as excinfo:
        load.load_unsc_votes()
    assert_error(excinfo, "unsc_votes", line, "adopted", f"expected true or false, found '{text}'")


def test_above_the_maximum(data_copy):
    line = edit_cell(data_copy, "unsc_votes", "res1718", "votes_for", "16")
    with pytest.raises(DataError) as excinfo:
        load.load_unsc_votes()
    assert_error(excinfo, "unsc_votes", line, "votes_for", "16 is above the maximum 15")


def test_pattern_mismatch(data_copy):
    line = edit_cell(data_copy, "events", "ev_1961_07_06_khrushchev_kim_il_sung", "source_url", "www.example.org/x")
    with pytest.raises(DataError) as excinfo:
        load.load_events()
    assert_error(excinfo, "events", line, "source_url", "'www.example.org/x' does not conform")


def edit_descriptor(folder: Path, name: str, column: str, **constraints) -> None:
    import json

    path = folder / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    res = next(r for r in package["resources"] if r["name"] == name)
    fld = next(f for f in res["schema"]["fields"] if f["name"] == column)
    fld.setdefault("constraints", {}).update(constraints)
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")


def test_cell_checks_follow_the_descriptor(data_copy):
    """The allowed values live in the descriptor only: widen an enum there and the loader accepts the value;
    narrow a range and it refuses a value it accepted before."""
    edit_cell(data_copy, "events", "ev_1961_07_06_khrushchev_kim_il_sung", "category", "alliance")
    with pytest.raises(DataError):
        load.load_events()
    events = load.resource("events").field("category").enum
    edit_descriptor(data_copy, "events", "category", enum=list(events) + ["alliance"])
    assert "alliance" in set(load.load_events()["category"])

    edit_descriptor(data_copy, "unsc_votes", "votes_for", maximum=12)
    line = next(i for i, row in enumerate(read_csv(data_copy / "unsc_votes.csv")[1], start=2) if int(row[4]) > 12)
    with pytest.raises(DataError) as excinfo:
        load.load_unsc_votes()
    assert_error(excinfo, "unsc_votes", line, "votes_for", "is above the maximum 12")


def test_unknown_unit(data_copy):
    line = edit_cell(data_copy, "trade", "tr_russia_dprk_trade_2016_russian_customs_total", "unit", "USD million")
    with pytest.raises(DataError) as excinfo:
        load.load_trade()
    assert_error(excinfo, "trade", line, "unit", "unknown unit 'USD million'")


def test_money_without_currency(data_copy):
    line = edit_cell(data_copy, "trade", "tr_russia_dprk_trade_2016_russian_customs_total", "currency", "")
    with pytest.raises(DataError) as excinfo:
        load.load_trade()
    assert_error(excinfo, "trade", line, "currency", "missing currency")


def test_period_end_before_start(data_copy):
    line = edit_cell(data_copy, "trade", "tr_russia_dprk_trade_2016_russian_customs_total", "period_end", "2015-12-31")
    with pytest.raises(DataError) as excinfo:
        load.load_trade()
    assert_error(excinfo, "trade", line, "period_end", "period end 2015-12-31 is before its start 2016-01-01")


def test_off_book_period_end_before_start(data_copy):
    line = edit_cell(data_copy, "off_book", "ob_shells_c4ads_washington_2024_06", "period_end", "2023-07-31")
    with pytest.raises(DataError) as excinfo:
        load.load_off_book()
    assert_error(excinfo, "off_book", line, "period_end", "is before its start")


def test_lower_bound_with_a_ceiling_is_refused(data_copy):
    line = edit_cell(data_copy, "off_book", "ob_containers_us_state_2024_02_23", "value_high", "10000")
    with pytest.raises(DataError) as excinfo:
        load.load_off_book()
    assert_error(excinfo, "off_book", line, "value_high", "bound 'lower' needs value_low")


@pytest.mark.parametrize("column", ["source_url", "bib_key", "source_title"])
def test_missing_source(data_copy, column):
    line = edit_cell(data_copy, "events", "ev_1961_07_06_khrushchev_kim_il_sung", column, "")
    with pytest.raises(DataError) as excinfo:
        load.load_events()
    assert_error(excinfo, "events", line, column, f"missing source: empty {column}")


def test_unknown_bib_key(data_copy):
    line = edit_cell(data_copy, "balancing", "bal_1983_us_intelligence_dated", "bib_key", "no_such_key_1999")
    with pytest.raises(DataError) as excinfo:
        load.load_balancing()
    assert_error(excinfo, "balancing", line, "bib_key", "unknown bib key 'no_such_key_1999'")


def test_duplicate_id(data_copy):
    path = data_copy / "events.csv"
    header, rows = read_csv(path)
    first = rows[0][0]
    rows[5][0] = first
    write_csv(path, header, rows)
    with pytest.raises(DataError) as excinfo:
        load.load_events()
    assert_error(excinfo, "events", 7, "id", f"duplicate id '{first}' (first on line 2)")


def test_blank_line_is_not_dropped(data_copy):
    path = data_copy / "balancing.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(10, "")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as excinfo:
        load.load_balancing()
    assert_error(excinfo, "balancing", 11, None, "blank line")


def test_row_with_a_missing_field(data_copy):
    path = data_copy / "unsc_votes.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] = lines[3].rsplit(",", 1)[0]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as excinfo:
        load.load_unsc_votes()
    assert_error(excinfo, "unsc_votes", 4, None, "expected 17 fields, found 16")


def test_missing_column(data_copy):
    path = data_copy / "periods.csv"
    header, rows = read_csv(path)
    i = header.index("according_to")
    write_csv(path, header[:i] + header[i + 1:], [r[:i] + r[i + 1:] for r in rows])
    with pytest.raises(DataError) as excinfo:
        load.load_periods()
    assert_error(excinfo, "periods", 1, "according_to", "column missing from header")


def test_whitespace_is_not_trimmed_silently(data_copy):
    line = edit_cell(data_copy, "unsc_votes", "res1718", "russia_vote", "for ")
    with pytest.raises(DataError) as excinfo:
        load.load_unsc_votes()
    assert_error(excinfo, "unsc_votes", line, "russia_vote", "leading or trailing whitespace")


def test_vote_that_contradicts_adoption(data_copy):
    line = edit_cell(data_copy, "unsc_votes", "res1718", "russia_vote", "against")
    with pytest.raises(DataError) as excinfo:
        load.load_unsc_votes()
    assert_error(excinfo, "unsc_votes", line, "adopted", "contradicts the votes")


def test_disagreement_naming_an_unknown_row(data_copy):
    line = edit_cell(data_copy, "disagreements", "dis_1961_treaty_date", "row_ids", "ev_no_such_row")
    with pytest.raises(DataError) as excinfo:
        load.load_disagreements()
    assert_error(excinfo, "disagreements", line, "row_ids", "unknown row id 'ev_no_such_row'")


def test_stage_rows_must_be_contiguous(data_copy):
    line = edit_cell(data_copy, "periods", "stage_3", "start", "1990-10-01")
    with pytest.raises(DataError) as excinfo:
        load.load_periods()
    assert_error(excinfo, "periods", line, "start", "stage 3 must start the day after stage 2 ends")


def test_missing_file(data_copy):
    (data_copy / "trade.csv").unlink()
    with pytest.raises(DataError) as excinfo:
        load.load_trade()
    assert_error(excinfo, "trade", None, None, "file not found")


# --------------------------------------------------------------------------------------------------------------
# the real data


def data_files() -> list[Path]:
    return sorted(DATA.glob("*.csv"))


def test_every_dataset_has_a_loader_and_a_descriptor():
    import json

    described = {r["name"] for r in json.loads((DATA / "datapackage.json").read_text())["resources"]
                 if r.get("format") == "csv"}  # the other resources are vendored files (data/geo/)
    assert {p.stem for p in data_files()} == set(LOADERS) == described


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_every_row_is_one_line(name):
    """No field spans lines, so a file's line count is its row count (and diffs stay readable)."""
    text = (DATA / f"{name}.csv").read_text(encoding="utf-8")
    assert text.endswith("\n") and "\r" not in text
    lines = text[:-1].split("\n")
    with (DATA / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        records = list(csv.reader(fh))
    assert len(records) == len(lines)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_rows_loaded_equal_data_lines(name):
    """Nothing is dropped or added: the loader returns one row per data line, counted independently."""
    with (DATA / f"{name}.csv").open(encoding="utf-8") as fh:
        data_lines = sum(1 for _ in fh) - 1
    frame = LOADERS[name]()
    assert len(frame) == data_lines
    header, rows = read_csv(DATA / f"{name}.csv")
    assert list(frame["id"]) == [r[0] for r in rows]


def test_source_rows_are_all_kept():
    assert len(load.load_events()) >= 126  # the research rows, plus rows added since (2025–2026)
    assert len(load.load_balancing()) == 80
    assert len(load.load_unsc_votes()) == 14
    assert len(load.load_trade()) >= 311  # compound research cells are split into one figure a row
    assert len(load.load_off_book()) >= 60


def test_datapackage_is_valid():
    report = frictionless.validate(str(DATA / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_frictionless_catches_a_bad_row(data_copy):
    """The descriptor is strict enough for Frictionless itself to fail on a bad stage."""
    edit_cell(data_copy, "events", "ev_1961_07_06_khrushchev_kim_il_sung", "stage", "9")
    report = frictionless.validate(str(data_copy / "datapackage.json"))
    assert not report.valid
    assert any(e[1] == "stage" for e in report.flatten(["rowNumber", "fieldName"]))


def test_every_row_names_a_source_in_the_bibliography():
    keys = load.bib_keys()
    for name, loader in LOADERS.items():
        frame = loader()
        if name == "claims":  # a claim cites its evidence (bib_keys), not one source page
            assert frame["bib_keys"].map(lambda k: set(k.split("; ")) <= keys).all()
            continue
        assert (frame["source_url"].str.match(r"https?://")).all(), name
        assert frame["bib_key"].isin(keys).all(), (name, sorted(set(frame["bib_key"]) - keys))


def test_ids_are_unique_across_all_datasets():
    ids = pd.concat([loader()["id"] for loader in LOADERS.values()])
    assert ids.is_unique, ids[ids.duplicated()].tolist()
    assert ids.str.fullmatch(r"[a-z0-9_-]+").all()


def test_disagreements_point_at_existing_rows_and_keys():
    keys = load.bib_keys()
    ids = set(pd.concat([LOADERS[n]()["id"] for n in LOADERS if n != "disagreements"]))
    frame = load.load_disagreements()
    assert len(frame) >= 11
    for row in frame.itertuples():
        assert set(filter(None, row.row_ids.split("; "))) <= ids, row.id
        assert set(row.sources.split("; ")) <= keys, row.id
        assert row.bib_key in row.sources.split("; ") or row.bib_key in keys


def test_known_disagreements_are_recorded():
    frame = load.load_disagreements().set_index("id")
    treaty = frame.loc["dis_1961_treaty_date"]
    assert treaty["essay_error"] and "5 July" in treaty["claim"] and "6 July" in treaty["reading"]
    assert "tertitskiy2024north" in treaty["sources"] and "ussrdprk1961treaty" in treaty["sources"]
    assert frame.loc["dis_1967_grain_coke", "essay_error"]
    for topic in ["dis_1961_treaty_end", "dis_soviet_entry_1945", "dis_arrival_pyongyang_1945",
                  "dis_soviet_era_debt", "dis_troop_numbers", "dis_shells", "dis_value_to_dprk",
                  "dis_lean_1966_1969", "dis_lean_1980s"]:
        assert topic in frame.index


def test_source_fixes_are_in_the_data():
    events = load.load_events().set_index("id")
    agreement = events.loc["ev_1949_03_17_ussrdprk_agreement_economic_cultural"]
    assert agreement["bib_key"] == "ussrdprk1949agreement" and "cepsongunbr" not in agreement["source_url"]
    lease = events[events["event"].str.contains("RasonKonTrans")]
    assert list(lease["date"]) == ["2008-08-06"]
    assert "Weak source" in events.loc[events["date"] == "1957-12", "note"].iloc[0]
    balancing = load.load_balancing().set_index("date")
    assert balancing.loc["1977-03-16", "kind"] != "aid" and "Pak" not in balancing.loc["1977-03-16", "event"]
    assert "Khrushchev showed" not in balancing.loc["1960-06-16", "event"]
    assert "agreed to receive" in balancing.loc["1962-11-14", "event"]


def test_off_book_bounds():
    frame = load.load_off_book()
    lower = frame[frame["bound"] == "lower"]
    assert lower["value_high"].isna().all() and lower["value_low"].notna().all()
    kida = frame[frame["estimator"].str.contains("KIDA") & (frame["flow"] == "shells")]
    assert list(kida["unit"]) == ["munitions"]
    more_than_20000 = frame[(frame["flow"] == "containers") & (frame["value_low"] == 20000)
                            & frame["estimator"].str.contains("MSMT")]
    assert list(more_than_20000["bound"]) == ["lower"]


def test_trade_never_mixes_currencies_or_hides_part_years():
    trade = load.load_trade()
    money = trade[trade["unit"].isin(["one", "thousand", "million", "billion"])]
    assert money["currency"].isin(["USD", "SUR", "RUB"]).all()
    assert (trade.loc[~trade.index.isin(money.index), "currency"] == "").all()
    part_year = trade[(trade["period_end"] - trade["period_start"]).dt.days < 364]
    assert len(part_year) > 10  # e.g. January-August 2016
    row = trade.set_index("id").loc["tr_russia_dprk_trade_20160101_20160831_russian_customs_total"]
    assert row["period_end"] == pd.Timestamp("2016-08-31")


def test_periods_match_the_stage_assignment():
    stages = load.load_stages()
    assert list(stages["stage"]) == [1, 2, 3, 4]
    assert list(stages["start"]) == ["1945-08-08", "1958-01-01", "1990-09-01", "2023-01-01"]
    assert list(stages["end"]) == ["1957-12-31", "1990-08-31", "2022-12-31", ""]
    assert stages["period_start"].iloc[1] == pd.Timestamp("1958-01-01") and pd.isna(stages["period_end"].iloc[3])
    assert stage_of("1957-12", stages) == 1 and stage_of("1958", stages) == 2
    assert stage_of("1990-08-31", stages) == 2 and stage_of("1990-09", stages) == 3
    assert stage_of("2022-09-06", stages) == 3 and stage_of("2023-01-01", stages) == 4 and stage_of("2025-12-06", stages) == 4
    assert stage_of(pd.Timestamp("1961-07-06"), stages) == 2
    with pytest.raises(ValueError, match="spans stages"):
        stage_of("1990", stages)
    with pytest.raises(ValueError, match="before the first stage"):
        stage_of("1944", stages)
    leans = load.load_periods().query("kind == 'lean'")
    assert set(leans["according_to"]) == {"tertitskiy_2024", "archive_evidence"}
    assert {("beijing", "1962-01-01"), ("beijing", "1970-01-01"), ("moscow", "1982-01-01"),
            ("moscow", "1966-01-01"), ("moscow", "1983-01-01")} <= {
        (r.lean, r.start) for r in leans.itertuples()}


def test_typed_columns():
    events = load.load_events()
    assert events["stage"].dtype == int and events["date"].map(type).eq(str).all()
    first = events.set_index("id").loc["ev_1945_08_soviet_25th_army_1st"]
    assert (first["date_start"], first["date_end"]) == (pd.Timestamp("1945-08-01"), pd.Timestamp("1945-08-31"))
    votes = load.load_unsc_votes()
    assert votes["adopted"].dtype == bool and votes["votes_for"].dtype == int
    assert load.load_trade()["value"].dtype == float


def test_build_guard_fixture_row_still_matches():
    """tests/test_build_guards.py edits res1718's Russian vote with this regex: keep the row format."""
    text = (DATA / "unsc_votes.csv").read_text(encoding="utf-8")
    assert re.search(r"^(res1718,.*?,)for,for,", text, flags=re.M)


def test_a_run_records_the_files_it_read(tmp_path):
    """With MOSCOW_PYONGYANG_INPUTS set (the book's build sets it while a notebook runs), loading a dataset records
    its file, the descriptor, references.bib and the library modules imported, and nothing it did not read."""
    import os
    import subprocess
    import sys

    record = tmp_path / "inputs.txt"
    code = ("from moscow_pyongyang.charts import votes\n"
            "from moscow_pyongyang.data import load_unsc_votes\n"
            "load_unsc_votes()\n")
    env = dict(os.environ, MOSCOW_PYONGYANG_INPUTS=str(record), MOSCOW_PYONGYANG_DATA=str(DATA))
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tmp_path)
    read = {Path(line).relative_to(ROOT).as_posix() for line in record.read_text().splitlines()}
    assert {"data/unsc_votes.csv", "data/datapackage.json", "references.bib", "moscow_pyongyang/charts/votes.py",
            "moscow_pyongyang/data/load.py"} <= read
    assert not {"data/balancing.csv", "data/trade.csv", "moscow_pyongyang/charts/trade.py"} & read


def test_nothing_is_recorded_unless_asked(tmp_path, monkeypatch):
    from moscow_pyongyang.data.inputs import INPUTS_ENV_VAR

    monkeypatch.delenv(INPUTS_ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    load.load_unsc_votes()
    assert list(tmp_path.iterdir()) == []
