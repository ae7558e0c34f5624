"""kzlib.timeline measures_in_force and measures_by_day: clock times, day boundaries, the unit
rule, internet levels, CSTO presence and the checks on bad rows, on tiny hand-built frames."""
from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from kzlib import KzDataError
from kzlib import timeline as tl
from kzlib.errors import Problem

MS = "measures (DataFrame)"
NA = pd.NA
COLS = ["measure_id", "measure", "level", "scope", "start", "start_time", "end", "end_time"]


def mk(rows) -> pd.DataFrame:
    """rows: (measure_id, measure, level, scope, start, start_time, end, end_time), plain objects."""
    return pd.DataFrame(rows, columns=COLS, dtype=object)


def days(first: str, last: str) -> pd.Series:
    return pd.Series(pd.date_range(first, last, freq="D").astype("datetime64[ns]"))


def s(values) -> pd.arrays.StringArray:
    return pd.array(values, dtype="string")


def in_force(rows, first: str, last: str) -> pd.DataFrame:
    """rows: (date, measure_id, measure, level, scope, one_off)."""
    return pd.DataFrame({
        "date": pd.Series(pd.to_datetime([r[0] for r in rows]), dtype="datetime64[ns]"),
        "measure_id": s([r[1] for r in rows]), "measure": s([r[2] for r in rows]),
        "level": s([r[3] for r in rows]), "scope": s([r[4] for r in rows]),
        "one_off": pd.Series([r[5] for r in rows], dtype=bool),
    })


def on_days(m, first, last, measure_id):
    got = tl.measures_in_force(m, first, last)
    return got.loc[got["measure_id"] == measure_id, "date"].dt.strftime("%d").tolist()


# --------------------------------------------------------------------------- measures_in_force
def test_in_force_default_window_runs_from_the_first_start_to_the_last_start_or_end():
    m = mk([("b", "curfew", None, "national", "2022-01-05", None, "2022-01-06", None),
            ("a", "price_cap", " Fuel ", "national", "2022-01-03", None, "2022-01-03", None),
            ("c", "amnesty", None, "KZ-ALA", "2022-01-08", None, None, None)])
    want = in_force([("2022-01-03", "a", "price_cap", "fuel", "national", True),
                     ("2022-01-05", "b", "curfew", None, "national", False),
                     ("2022-01-06", "b", "curfew", None, "national", False),
                     ("2022-01-08", "c", "amnesty", None, "KZ-ALA", False)], "", "")
    assert_frame_equal(tl.measures_in_force(m), want)


def test_in_force_one_bound_given_the_other_from_the_rows():
    m = mk([("a", "curfew", None, "national", "2022-01-03", None, "2022-01-09", None)])
    assert on_days(m, "2022-01-07", None, "a") == ["07", "08", "09"]
    assert on_days(m, None, "2022-01-04", "a") == ["03", "04"]
    got = tl.measures_in_force(m, end="2022-01-04")
    assert got["date"].dt.strftime("%d").tolist() == ["03", "04"]


def test_in_force_sorted_by_date_then_measure_id_as_text():
    m = mk([("M9", "curfew", None, "national", "2022-01-04", None, "2022-01-05", None),
            ("M10", "curfew", None, "KZ-ALA", "2022-01-05", None, "2022-01-05", None),
            ("M2", "curfew", None, "KZ-MAN", "2022-01-04", None, "2022-01-04", None)])
    got = tl.measures_in_force(m, "2022-01-04", "2022-01-05")
    assert got[["measure_id", "one_off"]].values.tolist() == [["M2", True], ["M9", False], ["M10", True],
                                                              ["M9", False]]


def test_in_force_of_no_rows_is_empty_with_the_columns():
    got = tl.measures_in_force(mk([]))
    assert list(got.columns) == ["date", "measure_id", "measure", "level", "scope", "one_off"]
    assert got.empty
    assert tl.measures_in_force(mk([]), "2022-01-01", "2022-01-03").empty


def test_in_force_clock_times_set_the_first_and_last_day():
    m = mk([("late", "curfew", None, "national", "2022-01-05", "23:59", "2022-01-06", "00:01"),
            ("midnight", "curfew", None, "national", "2022-01-05", "00:00", "2022-01-07", "00:00"),
            ("whole", "curfew", None, "national", "2022-01-05", " 7:05 ", "2022-01-06", "24:00"),
            ("open", "curfew", None, "national", "2022-01-07", "22:00", None, "06:00")])
    assert on_days(m, "2022-01-04", "2022-01-09", "late") == ["05", "06"]
    assert on_days(m, "2022-01-04", "2022-01-09", "midnight") == ["05", "06"]
    assert on_days(m, "2022-01-04", "2022-01-09", "whole") == ["05", "06"]
    assert on_days(m, "2022-01-04", "2022-01-09", "open") == ["07", "08", "09"]


def test_in_force_an_instant_counts_on_its_own_day_only():
    m = mk([("noon", "shoot_to_kill_order", None, "national", "2022-01-07", "12:00", "2022-01-07", "12:00"),
            ("zero", "shoot_to_kill_order", None, "national", "2022-01-07", "00:00", "2022-01-07", "00:00"),
            ("day", "shoot_to_kill_order", None, "national", "2022-01-07", None, "2022-01-07", None)])
    for mid in ("noon", "zero", "day"):
        assert on_days(m, "2022-01-05", "2022-01-09", mid) == ["07"], mid
    got = tl.measures_in_force(m, "2022-01-07", "2022-01-07")
    assert got["one_off"].tolist() == [True, True, True]


def test_in_force_takes_optional_columns_as_empty_and_dates_of_any_type():
    m = pd.DataFrame({"measure_id": [1, 2], "measure": ["curfew", "curfew"], "scope": ["national", "KZ-ALA"],
                      "start": pd.to_datetime(["2022-01-05 13:00", "2022-01-06 00:00"]).tz_localize("Asia/Almaty"),
                      "end": ["2022-01-05", None]})
    got = tl.measures_in_force(m, "2022-01-05", "2022-01-07")
    want = in_force([("2022-01-05", "1", "curfew", None, "national", True),
                     ("2022-01-06", "2", "curfew", None, "KZ-ALA", False),
                     ("2022-01-07", "2", "curfew", None, "KZ-ALA", False)], "", "")
    assert_frame_equal(got, want)


def test_in_force_names_bad_times_and_dates_by_row():
    m = mk([("a", "curfew", None, "national", "2022-01-05", "25:00", "2022-01-06", "12:60"),
            ("b", "curfew", None, "national", "2022-01-05", "12:5", "2022-01-06", "noon"),
            ("c", "curfew", None, "national", "2022-01-05", "9:30", "2022-01-06", "24:00"),
            ("d", "curfew", None, "national", "2022-01-05", "012:00", "2022-01-06", None)])
    with pytest.raises(KzDataError) as err:
        tl.measures_in_force(m)
    assert err.value.problems == [
        Problem(MS, 2, "start_time", "25:00", "a time HH:MM"), Problem(MS, 2, "end_time", "12:60", "a time HH:MM"),
        Problem(MS, 3, "start_time", "12:5", "a time HH:MM"), Problem(MS, 3, "end_time", "noon", "a time HH:MM"),
        Problem(MS, 5, "start_time", "012:00", "a time HH:MM")]
    bad_dates = mk([("a", "curfew", None, "national", "2022-01-05", None, "2022-01-06", None),
                    ("b", "curfew", None, "national", None, None, "2022-01-32", None),
                    ("c", "curfew", None, "national", "2022-01-05", None, None, None)])
    with pytest.raises(KzDataError) as err:
        tl.measures_in_force(bad_dates)
    assert err.value.problems == [Problem(MS, 3, "start", None, "a date YYYY-MM-DD")]
    bad_dates.loc[1, "start"] = "2022-01-05"
    with pytest.raises(KzDataError) as err:
        tl.measures_in_force(bad_dates)
    assert err.value.problems == [Problem(MS, 3, "end", "2022-01-32", "a date YYYY-MM-DD")]


def test_in_force_rejects_an_end_before_the_start():
    m = mk([("a", "curfew", None, "national", "2022-01-05", "12:00", "2022-01-05", "11:59"),
            ("b", "curfew", None, "national", "2022-01-05", "12:00", "2022-01-05", "12:00"),
            ("c", "curfew", None, "national", "2022-01-06", None, "2022-01-04", "23:00")])
    with pytest.raises(KzDataError) as err:
        tl.measures_in_force(m)
    assert err.value.problems == [
        Problem(MS, 2, "end", "2022-01-05", "an end on or after the start (2022-01-05 12:00:00)"),
        Problem(MS, 4, "end", "2022-01-04", "an end on or after the start (2022-01-06 00:00:00)")]


def test_in_force_names_missing_columns():
    with pytest.raises(KzDataError) as err:
        tl.measures_in_force(mk([]).drop(columns=["measure", "end"]))
    assert err.value.problems == [Problem(MS, None, "measure", None, "a column named 'measure'"),
                                  Problem(MS, None, "end", None, "a column named 'end'")]


# --------------------------------------------------------------------------- measures_by_day: units
UNITS = ["KZ-A", "KZ-B", "KZ-C"]
PLACES = pd.DataFrame({"place_id": ["city-a", "city-b"], "region_id": ["KZ-A", "KZ-B"]})


def units(m, first, last, key="soe", **kw):
    got = tl.measures_by_day(m, first, last, regions=kw.pop("regions", UNITS), places=kw.pop("places", PLACES))
    return got[f"{key}_units"].tolist(), got[f"{key}_measure_ids"].tolist()


def test_units_a_region_row_that_ended_before_the_national_one_starts_exempts_the_region():
    m = mk([("N", "state_of_emergency", None, "national", "2022-01-05", None, "2022-01-07", None),
            ("A", "state_of_emergency", None, "KZ-A", "2022-01-02", None, "2022-01-03", None)])
    assert units(m, "2022-01-02", "2022-01-08") == ([1, 1, 0, 2, 2, 2, 0],
                                                   ["A", "A", NA, "N", "N", "N", NA])


def test_units_the_national_row_stops_where_the_region_lifts_it_at_a_time():
    m = mk([("N", "state_of_emergency", None, "national", "2022-01-05", None, None, None),
            ("A1", "state_of_emergency", None, "KZ-A", "2022-01-05", None, "2022-01-06", "10:00"),
            ("A2", "state_of_emergency", None, "KZ-A", "2022-01-04", None, "2022-01-07", "00:00")])
    # KZ-A's latest end is 7 Jan 00:00: the open national row stops there; KZ-B and KZ-C keep it
    assert units(m, "2022-01-04", "2022-01-08") == ([1, 3, 3, 2, 2],
                                                   ["A2", "A1;A2;N", "A1;A2;N", "N", "N"])


def test_units_an_open_region_row_leaves_the_national_row_uncapped():
    m = mk([("N", "state_of_emergency", None, "national", "2022-01-05", None, "2022-01-06", None),
            ("A1", "state_of_emergency", None, "KZ-A", "2022-01-05", None, "2022-01-05", None),
            ("A2", "state_of_emergency", None, "KZ-A", "2022-01-08", None, None, None)])
    assert units(m, "2022-01-05", "2022-01-09") == ([3, 3, 0, 1, 1], ["A1;N", "N", NA, "A2", "A2"])


def test_units_a_city_row_covers_its_region_but_never_caps_the_national_row():
    m = mk([("N", "curfew", None, "national", "2022-01-06", None, "2022-01-07", None),
            ("C", "curfew", None, "city-a", "2022-01-05", None, "2022-01-05", "12:00"),
            ("D", "curfew", None, "city-b", "2022-01-08", None, "2022-01-09", None)])
    got = tl.measures_by_day(m, "2022-01-04", "2022-01-09", regions=UNITS, places=PLACES)
    assert got["curfew"].tolist() == [False, True, True, True, True, True]
    assert got["curfew_units"].tolist() == [0, 1, 3, 3, 1, 1]
    assert got["curfew_measure_ids"].tolist() == [NA, "C", "N", "N", "D", "D"]
    assert got["soe_units"].tolist() == [0] * 6


def test_units_a_national_row_capped_before_it_starts_is_skipped_for_that_region_only():
    m = mk([("N", "curfew", None, "national", "2022-01-06", "20:00", "2022-01-07", None),
            ("A", "curfew", None, "KZ-A", "2022-01-05", None, "2022-01-06", "20:00")])
    assert units(m, "2022-01-05", "2022-01-08", "curfew") == ([1, 3, 2, 0], ["A", "A;N", "N", NA])


def test_units_regions_may_be_a_frame_and_place_scopes_default_to_the_shipped_gazetteer():
    m = mk([("C", "curfew", None, "almaty", "2022-01-05", None, "2022-01-05", None),
            ("N", "curfew", None, "national", "2022-01-06", None, "2022-01-06", None)])
    regions = pd.DataFrame({"region_id": ["KZ-ALA", "KZ-AST"], "name": ["Almaty", "Astana"]})
    got = tl.measures_by_day(m, "2022-01-05", "2022-01-06", regions=regions)
    assert got["curfew_units"].tolist() == [1, 2]
    got = tl.measures_by_day(m, "2022-01-05", "2022-01-06")  # the 17 units of January 2022
    assert got["curfew_units"].tolist() == [1, 17]


def test_units_reject_an_empty_unit_list_and_a_frame_without_region_ids():
    m = mk([("N", "curfew", None, "national", "2022-01-06", None, "2022-01-06", None)])
    with pytest.raises(ValueError) as err:
        tl.measures_by_day(m, regions=[])
    assert str(err.value) == "regions: expected at least one region id"
    with pytest.raises(KzDataError) as err:
        tl.measures_by_day(m, regions=pd.DataFrame({"id": ["KZ-A"]}))
    assert err.value.problems == [Problem("regions (DataFrame)", None, "region_id", None,
                                          "a column named 'region_id'")]


def test_units_name_every_unknown_scope_of_a_covered_measure_by_row():
    m = mk([("x", "internet_shutdown", "full", "atlantis", "2022-01-05", None, "2022-01-05", None),
            ("a", "curfew", None, "city-z", "2022-01-05", None, "2022-01-05", None),
            ("b", "curfew", None, "city-a", "2022-01-05", None, "2022-01-05", None),
            ("c", "state_of_emergency", None, "mu", "2022-01-05", None, "2022-01-05", None),
            ("d", "curfew", None, "city-z", "2022-01-06", None, "2022-01-06", None)])
    m.index = [10, 20, 30, 40, 50]
    with pytest.raises(KzDataError) as err:
        tl.measures_by_day(m, regions=UNITS, places=PLACES)
    want = "'national', a region_id or a place_id"
    assert err.value.problems == [Problem(MS, 3, "scope", "city-z", want), Problem(MS, 5, "scope", "mu", want),
                                  Problem(MS, 6, "scope", "city-z", want)]
    with pytest.raises(KzDataError) as err:
        tl.measures_by_day(m, regions=UNITS, places=PLACES.rename(columns={"region_id": "region"}))
    assert err.value.problems == [Problem("places (DataFrame)", None, "region_id", None, "a column named 'region_id'")]


def test_units_place_ids_and_region_ids_of_the_gazetteer_are_read_as_text():
    m = mk([("a", "curfew", None, "7", "2022-01-05", None, "2022-01-05", None)])
    got = tl.measures_by_day(m, regions=["1", "2"], places=pd.DataFrame({"place_id": [7], "region_id": [2]}))
    assert got["curfew_units"].tolist() == [1]


# --------------------------------------------------------------------------- measures_by_day: internet
def test_internet_levels_national_full_beats_partial_beats_local():
    m = mk([("p", "internet_shutdown", "Partial", "national", "2022-01-04", None, "2022-01-06", None),
            ("f", "internet_shutdown", " FULL ", "national", "2022-01-05", None, "2022-01-05", None),
            ("l", "internet_shutdown", "full", "KZ-A", "2022-01-06", None, "2022-01-07", None),
            ("o", "internet_shutdown", None, "national", "2022-01-08", None, "2022-01-08", None),
            ("w", "internet_shutdown", "throttled", "national", "2022-01-09", None, "2022-01-09", None),
            ("r", "internet_shutdown", "Restored", "national", "2022-01-10", None, "2022-01-10", None),
            ("c", "curfew", "full", "national", "2022-01-10", None, "2022-01-10", None),
            ("l2", "internet_shutdown", "partial", "city-a", "2022-01-11", None, "2022-01-11", None)])
    got = tl.measures_by_day(m, "2022-01-04", "2022-01-12", regions=UNITS)
    assert got["internet"].tolist() == ["partial", "full", "partial", "local", "partial", "partial", "off", "local",
                                        "off"]
    assert got["internet_measure_ids"].tolist() == ["p", "f;p", "l;p", "l", "o", "w", NA, "l2", NA]
    assert got["internet"].dtype == "string"


# --------------------------------------------------------------------------- measures_by_day: CSTO
def csto(m, first, last):
    got = tl.measures_by_day(m, first, last, regions=UNITS)
    return (got["csto_present"].tolist(), got["csto_withdrawing"].tolist(), got["csto_measure_ids"].tolist())


def test_csto_presence_ends_with_the_last_withdrawal_row():
    m = mk([("dec", "foreign_deployment", "decision", "national", "2022-01-05", None, "2022-01-05", None),
            ("arr", "foreign_deployment", "Arrival", "national", "2022-01-06", None, "2022-01-06", None),
            ("dep", "foreign_deployment", None, "national", "2022-01-07", None, "2022-01-08", None),
            ("w1", "foreign_deployment", "withdrawal", "national", "2022-01-09", None, "2022-01-10", "12:00"),
            ("w2", "foreign_deployment", "withdrawal", "national", "2022-01-10", None, "2022-01-11", "00:00")])
    present = [False, True, True, True, True, True, False]
    assert csto(m, "2022-01-05", "2022-01-11") == (
        present, [False, False, False, False, True, True, False],
        [NA, "arr;w2", "arr;dep;w2", "arr;dep;w2", "arr;w1;w2", "arr;w1;w2", NA])


def test_csto_without_withdrawal_rows_presence_ends_with_the_last_deployment_row():
    m = mk([("req", "foreign_deployment", "request", "national", "2022-01-04", None, "2022-01-04", None),
            ("ann", "foreign_deployment", "announcement", "national", "2022-01-05", None, "2022-01-05", None),
            ("d1", "foreign_deployment", "deployment", "national", "2022-01-06", None, "2022-01-08", None),
            ("d2", "foreign_deployment", None, "KZ-A", "2022-01-07", None, "2022-01-09", None),
            ("arr", "foreign_deployment", "arrival", "national", "2022-01-07", None, "2022-01-12", None)])
    assert csto(m, "2022-01-04", "2022-01-11") == (
        [False, False, True, True, True, True, False, False], [False] * 8,
        [NA, NA, "d1;d2", "arr;d1;d2", "arr;d1;d2", "arr;d1;d2", NA, NA])


def test_csto_an_open_withdrawal_keeps_the_troops_present_to_the_window_end():
    m = mk([("arr", "foreign_deployment", "arrival", "national", "2022-01-06", None, "2022-01-06", None),
            ("w", "foreign_deployment", "withdrawal", "national", "2022-01-08", None, None, None),
            ("w0", "foreign_deployment", "withdrawal", "national", "2022-01-07", None, "2022-01-07", None)])
    assert csto(m, "2022-01-05", "2022-01-09") == (
        [False, True, True, True, True], [False, False, True, True, True],
        [NA, "arr", "arr;w0", "arr;w", "arr;w"])


def test_csto_without_any_arrival_is_never_present():
    m = mk([("dec", "foreign_deployment", "decision", "national", "2022-01-05", None, "2022-01-05", None),
            ("w", "foreign_deployment", "withdrawal", "national", "2022-01-06", None, "2022-01-06", None)])
    assert csto(m, "2022-01-05", "2022-01-06") == ([False, False], [False, False], [NA, NA])


def test_by_day_default_window_runs_from_the_first_start_to_the_last_start_or_end():
    m = mk([("b", "curfew", None, "national", "2022-01-05", None, "2022-01-06", None),
            ("a", "curfew", None, "KZ-A", "2022-01-03", None, "2022-01-03", None)])
    got = tl.measures_by_day(m, regions=UNITS)
    assert got["date"].tolist() == days("2022-01-03", "2022-01-06").tolist()
    # KZ-A's own row ended on 3 January, so the national row does not reach it
    assert got["curfew_units"].tolist() == [1, 0, 2, 2]
    assert tl.measures_by_day(m, end="2022-01-04", regions=UNITS)["curfew_units"].tolist() == [1, 0]
    assert tl.measures_by_day(m, start="2022-01-06", regions=UNITS)["curfew_units"].tolist() == [2]


def test_by_day_of_no_rows_has_the_columns_and_no_days():
    got = tl.measures_by_day(mk([]), regions=UNITS)
    assert got.dtypes.astype(str).tolist() == ["datetime64[ns]", "int64", "string", "bool", "int64", "string",
                                               "string", "string", "bool", "bool", "string"]
    assert list(got.columns) == ["date", "soe_units", "soe_measure_ids", "curfew", "curfew_units",
                                 "curfew_measure_ids", "internet", "internet_measure_ids", "csto_present",
                                 "csto_withdrawing", "csto_measure_ids"]
    assert got.empty
    got = tl.measures_by_day(mk([]), "2022-01-05", "2022-01-06", regions=UNITS)
    assert got["internet"].tolist() == ["off", "off"]
    assert got["soe_units"].tolist() == [0, 0]


def test_in_force_of_a_frame_with_columns_named_index_and_level_0():
    m = mk([("a", "curfew", None, "national", "2022-01-05", None, "2022-01-05", None)])
    m["index"] = [7]
    m["level_0"] = [8]
    assert tl.measures_in_force(m)["measure_id"].tolist() == ["a"]


def test_in_force_rejects_an_end_day_before_the_start_day_even_when_the_moments_meet():
    # ends at the end of 4 January = 00:00 on 5 January, the moment it starts: still an end before the start
    m = mk([("a", "curfew", None, "national", "2022-01-05", None, "2022-01-04", None),
            ("b", "curfew", None, "national", "2022-01-05", "00:00", "2022-01-04", "24:00")])
    with pytest.raises(KzDataError) as err:
        tl.measures_in_force(m)
    assert err.value.problems == [
        Problem(MS, 2, "end", "2022-01-04", "an end on or after the start (2022-01-05 00:00:00)"),
        Problem(MS, 3, "end", "2022-01-04", "an end on or after the start (2022-01-05 00:00:00)")]


def test_units_a_city_row_is_never_capped_by_its_region_s_own_rows():
    m = mk([("A", "curfew", None, "KZ-A", "2022-01-04", None, "2022-01-05", None),
            ("C", "curfew", None, "city-a", "2022-01-04", None, "2022-01-07", None)])
    assert units(m, "2022-01-04", "2022-01-08", "curfew") == ([1, 1, 1, 1, 0], ["A;C", "A;C", "C", "C", NA])


def test_units_a_region_row_with_a_later_end_does_not_stretch_the_national_row_over_a_gap():
    m = mk([("N", "state_of_emergency", None, "national", "2022-01-05", None, "2022-01-06", None),
            ("A", "state_of_emergency", None, "KZ-A", "2022-01-08", None, "2022-01-09", None)])
    assert units(m, "2022-01-05", "2022-01-09") == ([3, 3, 0, 1, 1], ["N", "N", NA, "A", "A"])


def test_units_a_national_row_starting_as_the_region_s_own_row_ends_skips_the_region():
    m = mk([("N", "state_of_emergency", None, "national", "2022-01-07", None, "2022-01-08", None),
            ("A", "state_of_emergency", None, "KZ-A", "2022-01-05", None, "2022-01-06", None)])
    assert units(m, "2022-01-05", "2022-01-08") == ([1, 1, 2, 2], ["A", "A", "N", "N"])


def test_units_a_national_instant_at_the_moment_the_region_s_row_ends_still_counts_there():
    m = mk([("N", "state_of_emergency", None, "national", "2022-01-06", "12:00", "2022-01-06", "12:00"),
            ("A", "state_of_emergency", None, "KZ-A", "2022-01-05", None, "2022-01-06", "12:00"),
            ("B", "state_of_emergency", None, "KZ-B", "2022-01-05", None, "2022-01-06", "11:00"),
            ("C", "state_of_emergency", None, "KZ-C", "2022-01-05", None, "2022-01-06", "11:00")])
    # KZ-B and KZ-C lifted theirs at 11:00, before the instant: N counts in KZ-A only
    assert units(m, "2022-01-06", "2022-01-06") == ([3], ["A;B;C;N"])
    m.loc[1, "end_time"] = "11:00"
    assert units(m, "2022-01-06", "2022-01-06") == ([3], ["A;B;C"])


def test_units_every_national_row_is_checked_against_the_cap():
    m = mk([("N1", "curfew", None, "national", "2022-01-08", None, "2022-01-08", None),
            ("N2", "curfew", None, "national", "2022-01-05", None, "2022-01-05", None),
            ("A", "curfew", None, "KZ-A", "2022-01-06", None, "2022-01-06", None)])
    got = tl.measures_by_day(m, "2022-01-05", "2022-01-08", regions=["KZ-A"])
    assert got["curfew_measure_ids"].tolist() == ["N2", "A", NA, NA]


def test_by_day_id_columns_are_text_even_when_all_missing():
    got = tl.measures_by_day(mk([]), "2022-01-05", "2022-01-06", regions=UNITS)
    for c in ("soe_measure_ids", "curfew_measure_ids", "internet_measure_ids", "csto_measure_ids", "internet"):
        assert got[c].dtype == "string", c
    assert got["soe_measure_ids"].isna().all()
