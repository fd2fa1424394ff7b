"""Figures as the prose gives them: one row of ``data/`` by its id, and a value written as the essays write it.

The notebooks glue these strings into the chapters, so that a corrected row changes the sentence that quotes it.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}


def data_row(table: pd.DataFrame, row_id: str) -> pd.Series:
    """The one row of ``table`` whose ``id`` is ``row_id``; a missing or repeated id stops with its name."""
    found = table[table["id"] == row_id]
    if len(found) != 1:
        raise KeyError(f"{row_id!r}: expected one row in data/, found {len(found)}")
    return found.iloc[0]


def amount(value, scale: float = 1) -> str:
    """A value divided by ``scale`` as the prose writes it: 1499 -> '1,499'; 2500000 with scale 1e6 -> '2.5'."""
    value = float(value) / scale
    return f"{value:,.0f}" if value.is_integer() else f"{value:,g}"


def in_words(value) -> str:
    """Small whole numbers spelled out (9 -> 'nine'); anything else as a figure."""
    value = float(value)
    return NUMBER_WORDS[int(value)] if value.is_integer() and int(value) in NUMBER_WORDS else amount(value)


def times_in_words(value) -> str:
    """A multiple in words: 2 -> 'twice', 9 -> 'nine times'."""
    return "twice" if float(value) == 2 else f"{in_words(value)} times"


class Figure(NamedTuple):
    """Where a chapter's figure lives: a row of ``table`` (by id) and its column, written at ``scale`` and, if
    ``decimals`` is set, rounded to that many decimals as the prose gives it (76.84 with 1 -> '76.8'; 7 with 1 -> '7.0')."""

    table: str
    row_id: str
    column: str = "value"
    scale: float = 1
    decimals: int | None = None


class Ratio(NamedTuple):
    """A percentage the prose derives from two figures: 100 * part / whole, to ``decimals`` places."""

    part: Figure
    whole: Figure
    decimals: int = 1


class Multiple(NamedTuple):
    """A figure that is itself a multiple ("about 12 times the year before"), written in words as the prose gives it:
    2 -> 'twice', 9 -> 'nine times', 12 -> '12 times'."""

    figure: Figure


def figure_value(tables: dict[str, pd.DataFrame], figure: Figure) -> float:
    """The number a :class:`Figure` points at, divided by its scale."""
    return float(data_row(tables[figure.table], figure.row_id)[figure.column]) / figure.scale


def written(tables: dict[str, pd.DataFrame], spec: Figure | Ratio | Multiple) -> str:
    """A figure, a ratio or a multiple as the prose writes it."""
    if isinstance(spec, Multiple):
        return times_in_words(figure_value(tables, spec.figure))
    if isinstance(spec, Ratio):
        return f"{figure_value(tables, spec.part) / figure_value(tables, spec.whole) * 100:.{spec.decimals}f}"
    value = figure_value(tables, spec)
    if spec.decimals is not None:
        return f"{value:,.{spec.decimals}f}"
    return amount(value)


_T, _O = "trade", "off_book"
_ROUBLES_1990 = Figure(_T, "tr_russia_dprk_trade_1990_russian_government_total")
_ROUBLES_1991 = Figure(_T, "tr_russia_dprk_trade_1991_russian_government_total")
# Aid, obligations and the Khasan–Rajin project: figures more than one chapter quotes.
_GRAIN_1960 = Figure(_T, "tr_soviet_grain_deliveries_1960_soviet_embassy_export_to_dprk")
_ARMS_AID_1965 = Figure(_T, "tr_soviet_military_aid_1965_soviet_government_export_to_dprk")
_EXPORTS_1976 = Figure(_T, "tr_russia_dprk_trade_1976_soviet_government_import_from_dprk")
_OBLIGATION_1976 = Figure(_T, "tr_dprk_export_obligation_1976_soviet_government_import_from_dprk")
_DEBT_1991 = Figure(_T, "tr_dprk_debt_to_ussr_1991_soviet_government_stock")
_LINE_INVESTMENT = Figure(_T, "tr_khasan_rajin_investment_20080101_20130922_russian_railways_export_to_dprk")
_TERMINAL_INVESTMENT = Figure(_T, "tr_rajin_terminal_investment_20080101_20130922_russian_railways_export_to_dprk")
_TERMINAL_CAPACITY = Figure(_T, "tr_rajin_terminal_capacity_2013_russian_railways_total", scale=1e6)  # million t
_LEASE_YEARS = Figure(_T, "tr_rasonkontrans_lease_2009_russian_railways_total")
_1976 = {"exports_1976": _EXPORTS_1976, "obligation_1976": _OBLIGATION_1976}
_COKE_1967 = Figure(_T, "tr_china_coke_deliveries_1967_gdr_embassy_export_to_dprk", scale=1e6)  # million t a year
_AID_1954 = {"china_aid_1954": Figure(_T, "tr_chinese_aid_1954_shen_xia_export_to_dprk"),
             "bloc_aid_1954": Figure(_T, "tr_soviet_bloc_aid_1954_shen_xia_export_to_dprk")}
_GUSEINOVA = "ob_value_to_dprk_olena_guseinova_2024_10_28"
# Soviet deliveries in 1991 as a percentage of 1990's
_EXPORTS_1991_SHARE = Figure(_T, "tr_russia_dprk_exports_1991_share_of_1990_russian_government_export_to_dprk")
_RAILCARS_MAX = Figure(_O, "ob_railcars_kbs_world_2023_10_06_max", "value_high")  # the daily high before October 2023
# Lengths: the rebuilt Khasan–Rajin line (km) and the Tumen road bridge begun in 2025 (m).
_LINE_LENGTH = Figure(_T, "tr_khasan_rajin_line_length_2013_russian_railways_total")
_BRIDGE_LENGTH = Figure(_T, "tr_tumen_road_bridge_length_2025_yonhap_total")
# Excess deaths in the famine of the 1990s: the estimates made at the time (million) and two census-based ranges.
_FAMINE = "tr_dprk_famine_excess_deaths_"
_FAMINE_OBSERVERS = Figure(_T, _FAMINE + "19940101_19981231_observers_at_the_time_total", scale=1e6)  # million
_FAMINE_CENSUS = {
    "famine_goodkind_low": Figure(_T, _FAMINE + "19930101_20081231_goodkind_west_johnson_total"),
    "famine_goodkind_high": Figure(_T, _FAMINE + "19930101_20081231_goodkind_west_johnson_total_2"),
    "famine_spoorenberg_low": Figure(_T, _FAMINE + "19930101_20081231_spoorenberg_schwekendiek_total"),
    "famine_spoorenberg_high": Figure(_T, _FAMINE + "19930101_20081231_spoorenberg_schwekendiek_total_2"),
}

# The figures each theme chapter quotes, by glue key. Every key is glued as ``<chapter>_<key>``.
CHAPTER_FIGURES: dict[str, dict[str, Figure | Ratio | Multiple]] = {
    "geo": {
        "ussr_share_1989": Figure(_T, "tr_ussr_share_dprk_trade_1989_jetro_share"),
        "ussr_share_1989_soviet": Figure(_T, "tr_ussr_share_dprk_trade_1989_soviet_trade_share"),
        "ussr_share_1988": Figure(_T, "tr_ussr_share_dprk_trade_1988_wikipedia_text_share"),
        "china_share_1989": Figure(_T, "tr_china_share_dprk_trade_1989_jetro_share"),
        "rouble_trade_1985_low": Figure(_T, "tr_russia_dprk_trade_19850101_19901231_russian_government_total"),
        "rouble_trade_1985_high": Figure(_T, "tr_russia_dprk_trade_19850101_19901231_russian_government_total_2"),
        "rouble_trade_1990": _ROUBLES_1990,
        "rouble_trade_1991": _ROUBLES_1991,
        "rouble_trade_1991_share": Ratio(_ROUBLES_1991, _ROUBLES_1990),
        "rouble_imports_1991": Figure(_T, "tr_russia_dprk_trade_1991_russian_government_import_from_dprk"),
        "rouble_exports_1991": Figure(_T, "tr_russia_dprk_trade_1991_russian_government_export_to_dprk"),
        "exports_1991_share_of_1990": _EXPORTS_1991_SHARE,
        "imports_drop_1991": Figure(_T, "tr_russia_dprk_imports_decline_1991_haggard_noland_export_to_dprk"),
        "imports_index_1993": Figure(_T, "tr_russia_dprk_imports_index_1993_haggard_noland_export_to_dprk"),
        "china_share_2003_low": Figure(_T, "tr_china_share_dprk_trade_2003_kotra_share"),
        "china_share_2003_high": Figure(_T, "tr_china_share_dprk_trade_2003_kotra_share_2"),
        "china_share_2008": Figure(_T, "tr_china_share_dprk_trade_2008_kotra_share"),
        "china_share_2010_kita": Figure(_T, "tr_china_share_dprk_trade_2010_kita_share"),
        "china_share_2010_kotra": Figure(_T, "tr_china_share_dprk_trade_2010_kotra_share"),
        "china_share_2017": Figure(_T, "tr_china_share_dprk_trade_2017_kotra_share"),
        "china_share_2020": Figure(_T, "tr_china_share_dprk_trade_2020_kotra_share"),
        "china_share_2022": Figure(_T, "tr_china_share_dprk_trade_2022_kotra_share"),
        "china_share_2023": Figure(_T, "tr_china_share_dprk_trade_2023_kotra_share"),
        "china_share_2024": Figure(_T, "tr_china_share_dprk_trade_2024_kotra_share"),
        "russia_share_2007": Figure(_T, "tr_russia_share_dprk_trade_2007_kotra_share", decimals=1),
        "russia_share_2016": Figure(_T, "tr_russia_share_dprk_trade_2016_kotra_share"),
        "russia_share_2018": Figure(_T, "tr_russia_share_dprk_trade_2018_kita_share"),
        "russia_share_2020": Figure(_T, "tr_russia_share_dprk_trade_2020_kotra_share"),
        "dprk_trade_2017": Figure(_T, "tr_dprk_total_trade_2017_kotra_total_2"),
        "dprk_trade_2018": Figure(_T, "tr_dprk_total_trade_2018_kotra_total"),
        "russia_exports_2017": Figure(_T, "tr_russia_dprk_trade_2017_russian_customs_export_to_dprk_2", decimals=1),  # customs (RFA), as cited
        "russia_imports_2017": Figure(_T, "tr_russia_dprk_trade_2017_russian_customs_import_from_dprk"),
        "trade_2013": Figure(_T, "tr_russia_dprk_trade_2013_russian_customs_total", decimals=0),
        "trade_2016": Figure(_T, "tr_russia_dprk_trade_2016_russian_customs_total", decimals=1),
        "trade_2018": Figure(_T, "tr_russia_dprk_trade_2018_russian_customs_total", decimals=0),  # customs, as cited
        "trade_2021_usd": Figure(_T, "tr_russia_dprk_trade_2021_russian_customs_total", scale=1e-6),
        "trade_2023": Figure(_T, "tr_russia_dprk_trade_2023_russian_presidential_total"),
        "trade_2024": Figure(_T, "tr_russia_dprk_trade_2024_evgeniy_nikiforov_total"),
        "railcars_2023": Figure(_O, "ob_railcars_csis_beyond_2023_10", "value_low"),
        "ship_visits_2024": Figure(_O, "ob_ship_visits_csis_center_2024_02_28", "value_low"),
        "shells_c4ads_2024": Figure(_O, "ob_shells_c4ads_washington_2024_06", "value_low", scale=1e6),
        "containers_msmt_2025": Figure(_O, "ob_containers_multilateral_sanctions_2025_05_29", "value_low"),
        "tanker_voyages_2024": Figure(_O, "ob_tanker_voyages_open_source_2024_11_22", "value_low"),
        "oil_cap": Figure(_O, "ob_refined_petroleum_cap_unsc_2397", "value_low"),
        "oil_notified_2023": Figure(_O, "ob_refined_petroleum_un_1718_2024_01", "value_low"),
        "explosives_c4ads_2024": Figure(_O, "ob_explosives_c4ads_washington_2024_06", "value_low"),
        "grain_1960": _GRAIN_1960,
        "arms_aid_1965": _ARMS_AID_1965,
        **_1976,
        "rasonkontrans_share_rzd": Figure(_T, "tr_rasonkontrans_ownership_2009_russian_railways_share"),
        "rasonkontrans_share_port": Figure(_T, "tr_rasonkontrans_ownership_2009_port_of_rason_share"),
        "lease_years": _LEASE_YEARS,
        "line_investment": _LINE_INVESTMENT,
        "terminal_investment": _TERMINAL_INVESTMENT,
        "terminal_capacity": _TERMINAL_CAPACITY,
        "dprk_exports_fall_2017": Figure(_T, "tr_dprk_total_trade_2017_kotra_import_from_dprk_change", scale=-1),
        "ferry_passengers_2017": Figure(_T, "tr_rajin_vladivostok_ferry_passengers_2017_tass_total"),
        "railcars_max_2018_2023": _RAILCARS_MAX,
        "bridge_length": _BRIDGE_LENGTH,
        "line_length": _LINE_LENGTH,
        # the glossary's range of famine deaths
        "famine_observers": _FAMINE_OBSERVERS,
        "famine_spoorenberg_low": _FAMINE_CENSUS["famine_spoorenberg_low"],
        "famine_spoorenberg_high": _FAMINE_CENSUS["famine_spoorenberg_high"],
    },
    "hwk": {
        "trade_2016_customs": Figure(_T, "tr_russia_dprk_trade_2016_russian_customs_total"),
        "trade_2016_customs_rounded": Figure(_T, "tr_russia_dprk_trade_2016_russian_customs_total", decimals=1),
        "trade_2016_itc": Figure(_T, "tr_russia_dprk_trade_2016_itc_trade_total"),
        "trade_2018_customs": Figure(_T, "tr_russia_dprk_trade_2018_russian_customs_total"),
        "trade_2018_itc": Figure(_T, "tr_russia_dprk_trade_2018_itc_trade_total"),
        "trade_2000_kotra": Figure(_T, "tr_russia_dprk_trade_2000_kotra_total"),
        "trade_2000_ministry": Figure(_T, "tr_russia_dprk_trade_2000_russian_ministry_total"),
        "dprk_trade_2008_kdi": Figure(_T, "tr_dprk_total_trade_2008_kdi_total"),
        "dprk_trade_2008_kotra": Figure(_T, "tr_dprk_total_trade_2008_kotra_total"),
        "china_share_2010_kita": Figure(_T, "tr_china_share_dprk_trade_2010_kita_share"),
        "china_share_2010_kotra": Figure(_T, "tr_china_share_dprk_trade_2010_kotra_share"),
        "china_trade_2020_customs": Figure(_T, "tr_china_dprk_trade_2020_china_customs_total"),
        "china_trade_2020_kotra": Figure(_T, "tr_china_dprk_trade_2020_kotra_total"),
        "dprk_exports_russia_2020_low": Figure(_T, "tr_russia_dprk_trade_2020_russian_customs_import_from_dprk",
                                               scale=1e-6),
        "dprk_exports_russia_2020_high": Figure(_T, "tr_russia_dprk_trade_2020_russian_customs_import_from_dprk_2"),
        "dprk_trade_2023_a": Figure(_T, "tr_dprk_total_trade_2023_kotra_total"),
        "dprk_trade_2023_b": Figure(_T, "tr_dprk_total_trade_2023_kotra_total_2"),
        "trade_2023": Figure(_T, "tr_russia_dprk_trade_2023_russian_presidential_total"),
        "oil_notified_2023": Figure(_O, "ob_refined_petroleum_un_1718_2024_01", "value_low"),
        "oil_notified_jan_2024": Figure(_O, "ob_refined_petroleum_un_1718_2024_12", "value_low"),
        "containers_shin_2024": Figure(_O, "ob_containers_rok_defence_2024_02", "value_low"),
        "shells_shin_152mm": Figure(_O, "ob_shells_rok_defence_2024_02", "value_high", scale=1e6),
        "shells_shin_122mm": Figure(_O, "ob_shells_rok_defence_2024_02", "value_low"),
        "shells_dia_2025": Figure(_O, "ob_shells_rok_defense_2025_07_13", "value_low", scale=1e6),
        "shells_c4ads_2024": Figure(_O, "ob_shells_c4ads_washington_2024_06", "value_low", scale=1e6),
        "shells_csis_2024": Figure(_O, "ob_shells_csis_center_2024_02_28", "value_low", scale=1e6),
        "shells_gur_oct_2024": Figure(_O, "ob_shells_ukraine_defence_2024_10_22", "value_low", scale=1e6),
        "shells_gur_nov_2024": Figure(_O, "ob_shells_ukraine_defence_2024_11", "value_low", scale=1e6),
        "killed_nis_2024": Figure(_O, "ob_casualties_rok_national_2024_12_19", "value_low"),
        "killed_nis_2025": Figure(_O, "ob_casualties_rok_national_2025_09_02", "value_low"),
        "casualties_zelensky_2025": Figure(_O, "ob_casualties_ukrainian_president_2025_01_05", "value_low"),
        "value_sk_2023": Figure(_O, "ob_value_to_dprk_south_korean_2024_10", "value_low"),
        "trade_2005_wikipedia": Figure(_T, "tr_russia_dprk_trade_2005_wikipedia_text_total"),
        "trade_2005_kotra": Figure(_T, "tr_russia_dprk_trade_2005_kotra_total"),
        "trade_h1_2017": Figure(_T, "tr_russia_dprk_trade_20170101_20170630_russian_customs_total"),
        "trade_h1_2017_change": Figure(_T, "tr_russia_dprk_trade_20170101_20170630_russian_customs_total_change"),
        "trade_2017": Figure(_T, "tr_russia_dprk_trade_2017_russian_government_total"),
        "trade_jan_feb_2018": Figure(_T, "tr_russia_dprk_trade_20180101_20180228_russian_government_total"),
        **_1976,
        "labour_share_2000": Figure(_T, "tr_dprk_exports_to_russia_labour_share_2000_russian_ministry_share"),
        "coke_1967": _COKE_1967,
    },
    "con": {**_1976, **_AID_1954},
    "s1": {
        **_AID_1954,
        "troops_manchuria_1945": Figure(_T, "tr_soviet_troops_manchuria_1945_moscow_times_total", scale=1e6),  # million
        "aid_1953": Figure(_T, "tr_soviet_reconstruction_aid_1953_koreanhistory_export_to_dprk"),  # billion roubles
    },
    "s4": {
        "troops_nis_2024_10": Figure(_O, "ob_troops_rok_national_2024_10_23", "value_low"),
        "troops_nis_2024_12_expected": Figure(_O, "ob_troops_rok_national_2024_10_23_expected", "value_low"),
        "killed_nis_2025_04": Figure(_O, "ob_killed_rok_national_2025_04_30", "value_low"),
        "engineers_nis_2025_09": Figure(_O, "ob_troops_rok_national_2025_09_02", "value_low"),
        # the Kursk governor's count of the North Korean sappers' work, December 2025
        "sappers_hectares_2025": Figure(_T, "tr_dprk_sappers_kursk_hectares_cleared_2025_khinshtein_total", scale=1e3),  # thousand
        "sappers_explosives_2025": Figure(_T, "tr_dprk_sappers_kursk_explosive_objects_2025_khinshtein_total", scale=1e6),  # million
        "railcars_max_2018_2023": _RAILCARS_MAX,
        "bridge_length": _BRIDGE_LENGTH,
        # "about 12 times the year before": the report's own multiple (the 2023 count is not given)
        "entries_russia_2024_multiple": Multiple(Figure(_O, "ob_entries_to_russia_russia_federal_2025_02_09_multiple",
                                                        "value_low")),
    },
    "s2": {
        "arms_request_1962": Figure(_T, "tr_soviet_military_aid_request_1962_dprk_government_export_to_dprk"),
        "arms_aid_1965": _ARMS_AID_1965,
        "china_wheat_1965": Figure(_T, "tr_china_wheat_deliveries_19660101_19681231_prc_trade_ministry_export_to_dprk"),
        "grain_1960": _GRAIN_1960,
        **_1976,
        "debt_1991": _DEBT_1991,
        "coke_1967": _COKE_1967,
        # million tonnes: the refinery of the June 1966 agreement, as expanded in early 1967 and before
        "refinery_capacity_1967": Figure(_T, "tr_dprk_refinery_capacity_1967_romanian_embassy_total", scale=1e6),
        "refinery_capacity_1966": Figure(_T, "tr_dprk_refinery_capacity_1966_romanian_embassy_total", scale=1e6),
        "mig29_contract_1988": Figure(_T, "tr_soviet_mig29_contract_1988_rok_jcs_export_to_dprk"),
    },
    "s3": {
        "debt_1991": _DEBT_1991,
        "trade_2001": Figure(_T, "tr_russia_dprk_trade_2001_russian_ministry_total"),
        # a fall, which the prose writes as a positive figure ("80% below")
        "trade_2001_fall": Figure(_T, "tr_russia_dprk_trade_19910101_20011231_russian_ministry_total_change", scale=-1),
        "dprk_trade_fall_1991": Figure(_T, "tr_dprk_total_trade_1991_kotra_total", scale=-1),
        "debt_2001": Figure(_T, "tr_dprk_debt_to_ussr_2001_russian_government_stock"),
        "labour_share_2000": Figure(_T, "tr_dprk_exports_to_russia_labour_share_2000_russian_ministry_share"),
        "debt_term_2001": Figure(_T, "tr_dprk_debt_repayment_term_2001_russian_government_total"),
        "debt_2012": Figure(_T, "tr_dprk_debt_to_ussr_2012_russian_finance_ministry_stock"),
        "debt_written_off_2012": Figure(_T, "tr_dprk_debt_write_off_2012_russian_finance_ministry_share"),
        "debt_written_off_usd_2014": Figure(_T, "tr_dprk_debt_write_off_2014_china_topix_stock"),  # USD billion, a press report
        "exports_1991_share_of_1990": _EXPORTS_1991_SHARE,
        "trade_2017_change": Figure(_T, "tr_russia_dprk_trade_2017_russian_government_total_change", decimals=1),
        "wheat_aid_2014": Figure(_T, "tr_russia_wheat_aid_2014_russian_foreign_ministry_export_to_dprk"),
        "value_guseinova_low": Figure(_O, _GUSEINOVA, "value_low"),
        "value_guseinova_high": Figure(_O, _GUSEINOVA, "value_high"),
        "lease_years": _LEASE_YEARS,
        "line_investment": _LINE_INVESTMENT,
        "terminal_investment": _TERMINAL_INVESTMENT,
        "terminal_capacity": _TERMINAL_CAPACITY,
        "line_length": _LINE_LENGTH,
        "famine_observers": _FAMINE_OBSERVERS,
        **_FAMINE_CENSUS,
    },
}


def resolutions_from_to(votes: pd.DataFrame, first_id: str, last_id: str) -> int:
    """How many adopted resolutions ``data/unsc_votes.csv`` lists from the row ``first_id`` to the row ``last_id``,
    both included, in date order (vetoed drafts left out): 1718 to 2397 -> 10."""
    first, last = data_row(votes, first_id)["date"], data_row(votes, last_id)["date"]
    dates = votes["date"].astype(str)
    return int((votes["adopted"].astype(bool) & (dates >= str(first)) & (dates <= str(last))).sum())


def chapter_facts(chapter: str, tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Every figure a chapter quotes (see :data:`CHAPTER_FIGURES`), as the prose writes it, keyed
    ``<chapter>_<key>``; a missing row id stops with the id's name."""
    return {f"{chapter}_{key}": written(tables, spec) for key, spec in CHAPTER_FIGURES[chapter].items()}
