"""kzlib.validate on tiny hand-written tables: every value parsed to its column's type, and each bad
value named by row, column, value and expected text (parse errors, the pandera schema, ranges)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kzlib.validate import _rows_of, window_text

from _tiny import check, load

FIGURE = "a figure phrase (a number, a range, or a vague word such as 'dozens')"
TYPES = ("Battles, Explosions/Remote violence, Protests, Riots, Strategic developments, "
         "Violence against civilians")


# --- values parsed to their types ---------------------------------------------------------------


def test_events_typed(tmp_path):
    df = load(tmp_path, "events", [
        {"time": "18:05", "size_text": "about 300", "size_low": "300", "size_high": "300",
         "first_reported": "TRUE", "source_ids": " a ; b;", "time_precision": "2.0", "actor2": " "},
        {"date": "2022-12-31", "first_reported": "False", "source_ids": "a;b", "geo_precision": "3",
         "fatalities_text": "about 5", "fatalities_low": "5", "fatalities_high": "5"},
        {"first_reported": "false", "size_text": "more than 1,000", "size_low": "1001", "sub_event_type": "Mob violence",
         "event_type": "Riots"},
    ])
    assert df["time"].tolist() == ["18:05", pd.NA, pd.NA]
    assert df["date"].tolist() == [pd.Timestamp("2022-01-02"), pd.Timestamp("2022-12-31"), pd.Timestamp("2022-01-02")]
    assert str(df["date"].dtype) == "datetime64[ns]"
    assert df["first_reported"].tolist() == [True, False, False] and df["first_reported"].dtype == bool
    assert df["source_ids"].tolist() == ["a;b", "a;b", "s1"]
    assert df["time_precision"].tolist() == [2, 1, 1] and str(df["time_precision"].dtype) == "Int64"
    assert df["geo_precision"].tolist() == [1, 3, 1]
    assert df["actor2"].isna().all() and str(df["actor2"].dtype) == "string"
    assert df["size_low"].tolist() == [300, pd.NA, 1001]
    assert df["size_high"].tolist() == [300, pd.NA, pd.NA]
    assert df["size_approx"].tolist() == [True, pd.NA, False] and str(df["size_approx"].dtype) == "boolean"
    assert df["fatalities_approx"].tolist() == [pd.NA, True, pd.NA]
    assert df["event_type"].tolist() == ["Protests", "Protests", "Riots"]
    assert df["event_type"].cat.categories.tolist() == TYPES.split(", ")
    assert df["sub_event_type"].tolist() == ["Peaceful protest", "Peaceful protest", "Mob violence"]
    assert list(df.columns[-2:]) == ["size_approx", "fatalities_approx"]
    assert list(df.index) == [0, 1, 2]


def test_places_typed(tmp_path):
    df = load(tmp_path, "places", [{"latitude": "43.5", "population": "", "geonames_id": "12"},
                                   {"latitude": "50", "longitude": "80.25", "kind": "village"}])
    assert df["latitude"].tolist() == [43.5, 50.0] and df["latitude"].dtype == "float64"
    assert df["longitude"].tolist() == [51.17, 80.25]
    assert df["population"].tolist() == [pd.NA, 147443] and str(df["population"].dtype) == "Int64"
    assert df["geonames_id"].tolist() == [12, 1001]
    assert df["kind"].tolist() == ["city", "village"]


def test_measures_and_reports_typed(tmp_path):
    m = load(tmp_path, "measures", [{"end": "2022-01-19", "start_time": "01:30"}, {}])
    assert m["end"].tolist()[0] == pd.Timestamp("2022-01-19") and pd.isna(m["end"].tolist()[1])
    assert m["start_time"].tolist() == ["01:30", pd.NA]
    c = load(tmp_path, "casualty_reports", [{"retracted": "true", "value_text": "more than 200", "value_low": "201",
                                             "value_high": ""}, {}])
    assert c["retracted"].tolist() == [True, False]
    assert c["value_low"].tolist() == [201, 95] and c["value_high"].tolist() == [pd.NA, 95]
    assert c["value_approx"].tolist() == [False, False]


# --- values that do not parse ----------------------------------------------------------------------


def test_times(tmp_path):
    assert check(tmp_path, "events", [{"time": "24:00"}, {"time": "9:30"}, {"time": "23:59"}, {"time": "24:00"},
                                      {"time": "12:60"}, {"time": "00:00"}]) == [
        (2, "time", "24:00", "a time HH:MM (24 h, local)"),
        (3, "time", "9:30", "a time HH:MM (24 h, local)"),
        (5, "time", "24:00", "a time HH:MM (24 h, local)"),
        (6, "time", "12:60", "a time HH:MM (24 h, local)"),
    ]


def test_id_lists(tmp_path):
    assert check(tmp_path, "events", [{"source_ids": "a; b;"}, {"source_ids": "a;;b"}, {"source_ids": ""},
                                      {"source_ids": "a b"}, {"source_ids": ";a"}]) == [
        (3, "source_ids", "a;;b", "ids separated by ';'"),
        (4, "source_ids", "", "a value (a value of sources.source_id)"),
        (5, "source_ids", "a b", "ids separated by ';'"),
        (6, "source_ids", ";a", "ids separated by ';'"),
    ]


def test_figures_not_understood(tmp_path):
    assert check(tmp_path, "events", [{"size_text": "lots"}, {"size_text": "lots", "size_low": "3"}, {},
                                      {"fatalities_text": "300-200"}]) == [
        (2, "size_text", "lots", FIGURE),
        (3, "size_text", "lots", FIGURE),
        (5, "fatalities_text", "300-200",
         "a figure phrase (a range whose first number is not larger than its second)"),
    ]


def test_dates(tmp_path):
    assert check(tmp_path, "events", [{"date": "2022-1-05"}, {"date": "2022-02-30"}, {"date": ""},
                                      {"date": " 2022-01-05 "}, {"date": "2019-01-05"}, {"date": "05/01/2022"},
                                      {"date": "2023-01-01"}, {"date": "2022-01-01"}]) == [
        (2, "date", "2022-1-05", "a date YYYY-MM-DD"),
        (3, "date", "2022-02-30", "a date YYYY-MM-DD"),
        (4, "date", "", "a value (YYYY-MM-DD from 2022-01-01 to 2022-12-31)"),
        (6, "date", "2019-01-05", "YYYY-MM-DD from 2022-01-01 to 2022-12-31"),
        (7, "date", "05/01/2022", "a date YYYY-MM-DD"),
        (8, "date", "2023-01-01", "YYYY-MM-DD from 2022-01-01 to 2022-12-31"),
    ]


def test_optional_dates(tmp_path):
    assert check(tmp_path, "sources", [{"published": ""}, {"published": "2020-12-31"}, {"accessed": "x"},
                                       {"published": "2022-01-05x"}]) == [
        (3, "published", "2020-12-31", "YYYY-MM-DD from 2021-01-01 to 2026-12-31"),
        (4, "accessed", "x", "a date YYYY-MM-DD"),
        (5, "published", "2022-01-05x", "a date YYYY-MM-DD"),
    ]


def test_whole_numbers(tmp_path):
    assert check(tmp_path, "events", [{"time_precision": "1.5"}, {"time_precision": "x"},
                                      {"time_precision": "2.0"}, {"time_precision": ""},
                                      {"time_precision": "4"}, {"time_precision": "0"}]) == [
        (2, "time_precision", "1.5", "a whole number"),
        (3, "time_precision", "x", "a whole number"),
        (5, "time_precision", "", "a value (1, 2, 3)"),
        (6, "time_precision", "4", "one of 1, 2, 3"),
        (7, "time_precision", "0", "one of 1, 2, 3"),
    ]


def test_numbers_and_bounds(tmp_path):
    assert check(tmp_path, "places", [{"latitude": "x"}, {"latitude": ""}, {"latitude": "60"},
                                      {"longitude": "1e3"}, {"population": "-1"}, {"geonames_id": "0.5"},
                                      {"population": "10000001"}, {"latitude": "40.4"}]) == [
        (2, "latitude", "x", "a decimal number"),
        (3, "latitude", "", "a value (40.5 to 55.5)"),
        (4, "latitude", "60.0", "a latitude inside Kazakhstan (40.5 to 55.5)"),
        (5, "longitude", "1000.0", "a longitude inside Kazakhstan (46.4 to 87.4)"),
        (6, "population", "-1", "0 to 10000000"),
        (7, "geonames_id", "0.5", "a whole number"),
        (8, "population", "10000001", "0 to 10000000"),
        (9, "latitude", "40.4", "a latitude inside Kazakhstan (40.5 to 55.5)"),
    ]


def test_flags(tmp_path):
    assert check(tmp_path, "events", [{"first_reported": "TRUE"}, {"first_reported": "yes"},
                                      {"first_reported": ""}, {"first_reported": "False"},
                                      {"first_reported": "1"}]) == [
        (3, "first_reported", "yes", "true or false"),
        (4, "first_reported", "", "a value (true, false)"),
        (6, "first_reported", "1", "true or false"),
    ]


def test_vocabularies(tmp_path):
    assert check(tmp_path, "events", [{"event_type": "Protest"}, {"event_type": ""},
                                      {"sub_event_type": "Armed clash"}, {"event_type": "protests"}]) == [
        (2, "event_type", "Protest", f"one of {TYPES}"),
        (3, "event_type", "", f"a value ({TYPES})"),
        (4, "sub_event_type", "Armed clash",
         "a sub-event type of 'Protests': Peaceful protest, Protest with intervention, "
         "Excessive force against protesters"),
        (5, "event_type", "protests", f"one of {TYPES}"),
    ]


def test_a_bad_value_is_reported_at_every_row_that_has_it(tmp_path):
    assert check(tmp_path, "sources", [{"kind": "blog"}, {}, {"kind": "blog"}, {"kind": "wiki"},
                                       {"kind": "blog"}]) == [
        (2, "kind", "blog", "one of news, official, ngo, dataset, social, academic, seed"),
        (4, "kind", "blog", "one of news, official, ngo, dataset, social, academic, seed"),
        (5, "kind", "wiki", "one of news, official, ngo, dataset, social, academic, seed"),
        (6, "kind", "blog", "one of news, official, ngo, dataset, social, academic, seed"),
    ]
    assert check(tmp_path, "places", [{"latitude": "60"}, {"latitude": "43"}, {"latitude": "60"}]) == [
        (2, "latitude", "60.0", "a latitude inside Kazakhstan (40.5 to 55.5)"),
        (4, "latitude", "60.0", "a latitude inside Kazakhstan (40.5 to 55.5)"),
    ]


def test_ids_and_patterns(tmp_path):
    assert check(tmp_path, "events", [{"event_id": "E1"}, {"event_id": "E1"}, {"event_id": "bad id"},
                                      {"event_id": "E4"}]) == [
        (2, "event_id", "E1", "a unique value (another row has it too)"),
        (3, "event_id", "E1", "a unique value (another row has it too)"),
        (4, "event_id", "bad id", "matching ^[A-Za-z0-9][A-Za-z0-9_-]*$"),
    ]
    # a unique column whose values all differ is checked on its values
    assert check(tmp_path, "events", [{}, {"event_id": "-E2"}]) == [
        (3, "event_id", "-E2", "matching ^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    assert check(tmp_path, "sources", [{"url": "ftp://x"}, {"language": "eng"}, {"url": ""}]) == [
        (2, "url", "ftp://x", "matching ^https?://\\S+$"),
        (3, "language", "eng", "matching ^[a-z]{2}$"),
        (4, "url", "", "the URL of the original publication (only kind 'seed' may have none)"),
    ]


def test_unique_numbers_and_empty_values_in_unique_columns(tmp_path):
    assert check(tmp_path, "places", [{"geonames_id": "7"}, {"geonames_id": "7"}, {"geonames_id": ""},
                                      {"geonames_id": ""}]) == [
        (2, "geonames_id", "7", "a unique value (another row has it too)"),
        (3, "geonames_id", "7", "a unique value (another row has it too)"),
    ]
    assert check(tmp_path, "places", [{"place_id": ""}, {}]) == [
        (2, "place_id", "", "a value (matching ^[a-z0-9][a-z0-9-]*$)")]


def test_regions_unique_names(tmp_path):
    assert check(tmp_path, "regions", [{"name": "X"}, {"name": "X"}, {"iso_code_current": "KZ-1"}]) == [
        (2, "name", "X", "a unique value (another row has it too)"),
        (3, "name", "X", "a unique value (another row has it too)"),
        (4, "iso_code_current", "KZ-1", "matching ^KZ-\\d{2}$"),
    ]


# --- ranges against their words ------------------------------------------------------------------


def test_ranges_must_be_what_the_words_give(tmp_path):
    assert check(tmp_path, "casualty_reports", [
        {"value_text": "more than 200", "value_low": "150", "value_high": ""},
        {"value_text": "more than 200", "value_low": "201", "value_high": "300"},
        {"value_text": "95", "value_low": "", "value_high": "95"},
        {"value_text": "dozens", "value_low": "24", "value_high": "99"},
        {"value_text": "huge", "value_low": "1", "value_high": "2"},
        {"value_text": "95", "value_low": "95", "value_high": "96"},
        {"value_text": "about 100", "value_low": "100", "value_high": "100"},
    ]) == [
        (2, "value_low", "150", "201, as parse_figure('more than 200') gives"),
        (3, "value_high", "300", "empty (open), as parse_figure('more than 200') gives"),
        (4, "value_low", "", "95, as parse_figure('95') gives"),
        (6, "value_text", "huge", FIGURE),
        (7, "value_high", "96", "95, as parse_figure('95') gives"),
    ]


def test_ranges_without_words_must_be_empty(tmp_path):
    assert check(tmp_path, "events", [{"size_text": "", "size_low": "5"},
                                      {"fatalities_text": "", "fatalities_high": "3"},
                                      {"size_text": "300-200", "size_low": "300", "size_high": "200"},
                                      {"size_text": "5", "size_low": "5", "size_high": "5"}]) == [
        (2, "size_low", "5", "empty, as size_text is empty"),
        (3, "fatalities_high", "3", "empty, as fatalities_text is empty"),
        (4, "size_high", "200", "at least size_low (300)"),
        (4, "size_text", "300-200", "a figure phrase (a range whose first number is not larger than its second)"),
    ]


def test_each_row_checked_against_its_own_words(tmp_path):
    # the same words on several rows, and rows of other words between them
    assert check(tmp_path, "casualty_reports", [
        {"value_text": "dozens", "value_low": "24", "value_high": "99"},
        {"value_text": "5", "value_low": "5", "value_high": "5"},
        {"value_text": "dozens", "value_low": "20", "value_high": "99"},
        {"value_text": "5", "value_low": "5", "value_high": "6"},
    ]) == [
        (4, "value_low", "20", "24, as parse_figure('dozens') gives"),
        (5, "value_high", "6", "5, as parse_figure('5') gives"),
    ]


# --- helpers ----------------------------------------------------------------------------------------


def test_rows_of_each_distinct_value():
    rows = _rows_of(np.array([2, 0, 2, 1, 0, 2]))
    assert [rows(j).tolist() for j in range(3)] == [[1, 4], [3], [0, 2, 5]]
    assert rows(3).tolist() == []
    rows = _rows_of(np.array([1, 1]))
    assert rows(0).tolist() == [] and rows(1).tolist() == [0, 1] and rows(2).tolist() == []
    assert _rows_of(np.array([], dtype=np.int64))(0).tolist() == []


def test_window_text():
    from datetime import date

    assert window_text((date(2022, 1, 1), date(2022, 1, 31))) == "between 2022-01-01 and 2022-01-31"


def test_id_lists_keep_every_letter_of_their_ids(tmp_path):
    df = load(tmp_path, "events", [{"source_ids": "XA ; bX;"}, {"source_ids": "X"}])
    assert df["source_ids"].tolist() == ["XA;bX", "X"]


def test_dates_are_read_year_month_day_whatever_comes_first(tmp_path):
    # a first value in another format must not change how the next ones are read
    assert check(tmp_path, "events", [{"date": "05/01/2022"}, {"date": "2022-01-06"}, {"date": "2022-02-13"}]) == [
        (2, "date", "05/01/2022", "a date YYYY-MM-DD")]
    df = load(tmp_path, "events", [{"date": "2022-02-13"}, {"date": "2022-01-06"}])
    assert df["date"].tolist() == [pd.Timestamp("2022-02-13"), pd.Timestamp("2022-01-06")]


def test_schema_problems_of_a_whole_typed_frame(tmp_path):
    """Without per-value views the schema runs on the frame: rows are the frame's, and a problem
    with a whole column (its dtype, its absence) has no row."""
    from kzlib.schema import columns
    from kzlib.validate import _schema_problems

    typed = load(tmp_path, "places", [{}, {}, {}])[[c.name for c in columns("places")]]
    typed["kind"] = typed["kind"].astype("string")
    assert _schema_problems("places", typed, "f") == []
    t = typed.copy()
    t.loc[2, "latitude"] = 70.0
    t.loc[1, "kind"] = "hamlet"
    t.loc[0, "geonames_id"] = t.loc[1, "geonames_id"]
    assert [(p.file, p.row, p.column, p.value, p.expected) for p in _schema_problems("places", t, "f")] == [
        ("f", 3, "kind", "hamlet", "one of city, town, village, oil_field, district, area"),
        ("f", 4, "latitude", "70.0", "a latitude inside Kazakhstan (40.5 to 55.5)"),
        ("f", 2, "geonames_id", "1001", "a unique value (another row has it too)"),
        ("f", 3, "geonames_id", "1001", "a unique value (another row has it too)"),
    ]
    t = typed.copy()
    t["population"] = t["population"].astype("float64")
    t = t.drop(columns=["notes"])
    assert [(p.row, p.column, p.value, p.expected) for p in _schema_problems("places", t, "f")] == [
        (None, None, "notes", "column_in_dataframe"),
        (None, "population", "float64", "0 to 10000000"),
    ]


def test_a_column_kind_the_schema_does_not_know_is_a_bug_not_bad_input():
    from kzlib.schema import Column
    from kzlib.validate import _parse_column

    with pytest.raises(ValueError, match=r"^unknown column kind 'weird'$"):
        _parse_column(Column("x", "weird", "", ""), np.zeros(1, dtype=np.int64), np.array(["a"], dtype=object),
                      "f", [], {})


def test_schema_problems_on_distinct_values_with_a_repeated_unique_value():
    """With per-value views, a unique column whose values repeat is checked on all its rows, and a
    bad value is reported at every row that has it."""
    from kzlib.validate import _schema_problems

    typed = pd.DataFrame({"measure_id": pd.Series(["M1", "M1", "-x", "M2", "-x"], dtype="string")})
    views = {"measure_id": (pd.Series(["M1", "-x", "M2"], dtype="string"), np.array([0, 0, 1, 2, 1]))}
    assert [(p.file, p.row, p.column, p.value, p.expected) for p in
            _schema_problems("measures", typed, "f", views)] == [
        ("f", 2, "measure_id", "M1", "a unique value (another row has it too)"),
        ("f", 3, "measure_id", "M1", "a unique value (another row has it too)"),
        ("f", 4, "measure_id", "-x", "a unique value (another row has it too)"),
        ("f", 6, "measure_id", "-x", "a unique value (another row has it too)"),
        ("f", 4, "measure_id", "-x", "matching ^[A-Za-z0-9][A-Za-z0-9_-]*$"),
        ("f", 6, "measure_id", "-x", "matching ^[A-Za-z0-9][A-Za-z0-9_-]*$"),
    ]
    # without a repeat, the check runs on the distinct values and is broadcast to their rows
    typed = pd.DataFrame({"kind": pd.Series(["blog", "news", "blog"], dtype="string")})
    views = {"kind": (pd.Series(["blog", "news"], dtype="string"), np.array([0, 1, 0]))}
    assert [(p.row, p.value) for p in _schema_problems("sources", typed, "f", views)] == [(2, "blog"), (4, "blog")]
