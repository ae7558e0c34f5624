"""kzlib.timeline daily_counts and places_by_day: windows, date checks, filters and groups,
each on a tiny hand-built event frame with the expected numbers worked out by hand."""
from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from kzlib import KzDataError
from kzlib import timeline as tl
from kzlib.errors import Problem

EV = "events (DataFrame)"
NA = pd.NA


def days(first: str, last: str) -> pd.Series:
    return pd.Series(pd.date_range(first, last, freq="D").astype("datetime64[ns]"))


def counts(first: str, last: str, values, name: str = "events") -> pd.DataFrame:
    return pd.DataFrame({"date": days(first, last), name: pd.Series(values, dtype="int64")})


def ev(rows, **extra) -> pd.DataFrame:
    """rows: (date, time_precision, same_event_as); dates as datetime64[ns] unless given otherwise."""
    df = pd.DataFrame(rows, columns=["date", "time_precision", "same_event_as"])
    df["date"] = pd.to_datetime(df["date"])
    for k, v in extra.items():
        df[k] = v
    return df


def typed(rows) -> pd.DataFrame:
    """rows: (event_id, date, place_id, event_type[, time_precision, same_event_as])."""
    rows = [tuple(r) + (1, None)[len(r) - 4:] for r in rows]
    df = pd.DataFrame(rows, columns=["event_id", "date", "place_id", "event_type", "time_precision",
                                     "same_event_as"])
    df["date"] = pd.to_datetime(df["date"])
    return df


# --------------------------------------------------------------------------- daily_counts, no split
def test_counts_skip_other_accounts_and_coarse_dates_together():
    e = ev([("2022-01-03", 1, None), ("2022-01-03", 1, "X1"), ("2022-01-04", 2, None),
            ("2022-01-04", None, None), ("2022-01-04", 1, " "), ("2022-01-05", 3, None)])
    # 3 Jan: one row plus an alternative account; 4 Jan: a week-dated row, an undated-precision row
    # (kept) and a blank same_event_as (not an alternative); 5 Jan: a month-dated row only.
    assert_frame_equal(tl.daily_counts(e), counts("2022-01-03", "2022-01-04", [1, 2]))
    assert_frame_equal(tl.daily_counts(e, max_time_precision=2), counts("2022-01-03", "2022-01-04", [1, 3]))
    assert_frame_equal(tl.daily_counts(e, max_time_precision=None), counts("2022-01-03", "2022-01-05", [1, 3, 1]))


def test_counts_default_window_follows_the_kept_rows_only():
    e = ev([("2022-01-01", 3, None), ("2022-01-02", 1, "X"), ("2022-01-03", 1, None),
            ("2022-01-05", 1, None), ("2022-01-07", 2, None)])
    assert_frame_equal(tl.daily_counts(e), counts("2022-01-03", "2022-01-05", [1, 0, 1]))


def test_counts_same_result_for_text_dates():
    e = ev([("2022-01-03", 1, None), ("2022-01-03", 1, "X1"), ("2022-01-04", 2, None),
            ("2022-01-05", 1, None)])
    e["date"] = ["2022-01-03", "2022-01-03", "2022-01-04", "2022-01-05"]
    assert_frame_equal(tl.daily_counts(e), counts("2022-01-03", "2022-01-05", [1, 0, 1]))
    assert_frame_equal(tl.daily_counts(e, start="2022-01-02", end="2022-01-04", max_time_precision=None),
                       counts("2022-01-02", "2022-01-04", [0, 1, 1]))


def test_counts_take_the_local_day_of_a_zoned_timestamp():
    e = ev([("2022-01-04", 1, None)] * 3)
    e["date"] = pd.to_datetime(["2022-01-04 23:30", "2022-01-05 00:10", "2022-01-05 12:00"]).tz_localize(
        "Asia/Almaty")
    assert_frame_equal(tl.daily_counts(e), counts("2022-01-04", "2022-01-05", [1, 2]))


def test_counts_window_before_after_and_around_the_data():
    e = ev([("2022-01-05", 1, None), ("2022-01-05", 1, None), ("2022-01-07", 1, None)])
    assert_frame_equal(tl.daily_counts(e, None, "2022-01-01", "2022-01-03"), counts("2022-01-01", "2022-01-03", [0, 0, 0]))
    assert_frame_equal(tl.daily_counts(e, None, "2022-01-08", "2022-01-09"), counts("2022-01-08", "2022-01-09", [0, 0]))
    assert_frame_equal(tl.daily_counts(e, None, "2022-01-04", "2022-01-09"),
                       counts("2022-01-04", "2022-01-09", [0, 2, 0, 1, 0, 0]))
    assert_frame_equal(tl.daily_counts(e, None, "2022-01-06", "2022-01-06"), counts("2022-01-06", "2022-01-06", [0]))
    assert_frame_equal(tl.daily_counts(e, None, "2022-01-07", "2022-01-07"), counts("2022-01-07", "2022-01-07", [1]))


def test_counts_one_bound_given_the_other_from_the_data():
    e = ev([("2022-01-05", 1, None), ("2022-01-07", 1, None)])
    assert_frame_equal(tl.daily_counts(e, start="2022-01-03"), counts("2022-01-03", "2022-01-07", [0, 0, 1, 0, 1]))
    assert_frame_equal(tl.daily_counts(e, end="2022-01-06"), counts("2022-01-05", "2022-01-06", [1, 0]))


def test_counts_of_no_rows_are_empty_or_zero_over_the_given_window():
    empty = ev([])
    assert_frame_equal(tl.daily_counts(empty), counts("2022-01-01", "2021-12-31", []))
    assert tl.daily_counts(empty)["date"].dtype == "datetime64[ns]"
    assert_frame_equal(tl.daily_counts(empty, start="2022-01-03"), counts("2022-01-03", "2022-01-03", [0]))
    assert_frame_equal(tl.daily_counts(empty, end="2022-01-03"), counts("2022-01-03", "2022-01-03", [0]))
    only_coarse = ev([("2022-01-05", 2, None)])
    assert_frame_equal(tl.daily_counts(only_coarse), counts("2022-01-01", "2021-12-31", []))
    assert_frame_equal(tl.daily_counts(only_coarse, None, "2022-01-04", "2022-01-06"),
                       counts("2022-01-04", "2022-01-06", [0, 0, 0]))


def test_counts_window_bounds_may_be_timestamps_with_a_time_or_a_zone():
    e = ev([("2022-01-05", 1, None), ("2022-01-06", 1, None)])
    got = tl.daily_counts(e, start=pd.Timestamp("2022-01-05 18:00", tz="Asia/Almaty"),
                          end=pd.Timestamp("2022-01-06 23:59"))
    assert_frame_equal(got, counts("2022-01-05", "2022-01-06", [1, 1]))


def test_counts_reject_bad_window_bounds_by_name():
    e = ev([("2022-01-05", 1, None)])
    with pytest.raises(ValueError) as err:
        tl.daily_counts(e, start="5 Jamuary")
    assert str(err.value) == "start: expected a date such as '2022-01-05', got '5 Jamuary'"
    with pytest.raises(ValueError) as err:
        tl.daily_counts(e, end=float("nan"))
    assert str(err.value) == "end: expected a date such as '2022-01-05', got nan"
    with pytest.raises(ValueError) as err:
        tl.daily_counts(e, start="NaT")
    assert str(err.value) == "start: expected a date such as '2022-01-05', got 'NaT'"
    with pytest.raises(ValueError) as err:
        tl.daily_counts(e, start="2022-01-06", end="2022-01-05 12:00")
    assert str(err.value) == "end (2022-01-05) is before start (2022-01-06)"


def test_counts_name_missing_and_bad_dates_by_row():
    e = ev([("2022-01-05", 1, None), ("2022-01-06", 1, None), ("2022-01-07", 1, None)])
    e["date"] = pd.Series([pd.Timestamp("2022-01-05"), pd.NaT, pd.Timestamp("2022-01-07")])
    with pytest.raises(KzDataError) as err:
        tl.daily_counts(e)
    assert err.value.problems == [Problem(EV, 3, "date", None, "a date YYYY-MM-DD")]
    e["date"] = ["2022-01-05", "2022-02-30", None]
    with pytest.raises(KzDataError) as err:
        tl.daily_counts(e)
    assert err.value.problems == [Problem(EV, 3, "date", "2022-02-30", "a date YYYY-MM-DD"),
                                  Problem(EV, 4, "date", None, "a date YYYY-MM-DD")]


def test_counts_reject_what_is_not_an_event_frame():
    with pytest.raises(TypeError) as err:
        tl.daily_counts([("2022-01-05", 1)])
    assert str(err.value) == "events (DataFrame): expected a pandas DataFrame, got list"
    with pytest.raises(TypeError) as err:
        tl.daily_counts({"date": ["2022-01-05"]}, by="event_type")
    assert str(err.value) == "events (DataFrame): expected a pandas DataFrame, got dict"
    with pytest.raises(KzDataError) as err:
        tl.daily_counts(pd.DataFrame({"day": ["2022-01-05"], "place_id": ["x"]}), by="place_id")
    assert err.value.problems == [Problem(EV, None, "date", None, "a column named 'date'")]


def test_counts_of_a_frame_with_a_repeated_column_name():
    e = ev([("2022-01-05", 1, None), ("2022-01-05", 1, None), ("2022-01-06", 1, None)])
    notes = pd.DataFrame({"notes": ["a", "b", "c"]})
    e = pd.concat([e, notes, notes], axis=1)  # two columns named notes
    assert_frame_equal(tl.daily_counts(e), counts("2022-01-05", "2022-01-06", [2, 1]))


# --------------------------------------------------------------------------- daily_counts, split
def test_counts_by_a_text_column_sort_the_values_of_the_window_and_name_missing_unknown():
    e = typed([("a", "2022-01-03", "oral", "Riots"), ("b", "2022-01-04", "taraz", "Protests"),
               ("c", "2022-01-04", None, "Protests"), ("d", "2022-01-04", "aktau", "Protests", 1, "a"),
               ("e", "2022-01-05", "almaty", "Protests", 2, None), ("f", "2022-01-06", "almaty", "Protests")])
    got = tl.daily_counts(e, "place_id", "2022-01-04", "2022-01-05")
    # oral (3 Jan) and almaty (6 Jan) lie outside the window; aktau's row is another account
    # of event a; almaty's 5 January row is dated to the week
    want = pd.DataFrame({"date": days("2022-01-04", "2022-01-05"), "taraz": [1, 0], "unknown": [1, 0]})
    want[["taraz", "unknown"]] = want[["taraz", "unknown"]].astype("int64")
    assert_frame_equal(got, want)
    got = tl.daily_counts(e, "place_id", max_time_precision=2)
    assert list(got.columns) == ["date", "almaty", "oral", "taraz", "unknown"]
    assert got.iloc[:, 1:].to_numpy().tolist() == [[0, 1, 0, 0], [0, 0, 1, 1], [1, 0, 0, 0], [1, 0, 0, 0]]


def test_counts_by_a_column_with_a_literal_unknown_value_add_no_second_one():
    e = typed([("a", "2022-01-03", "unknown", "Riots"), ("b", "2022-01-03", None, "Riots"),
               ("c", "2022-01-03", "zhanatas", "Riots")])
    got = tl.daily_counts(e, "place_id")
    assert list(got.columns) == ["date", "unknown", "zhanatas"]
    assert got.iloc[:, 1:].to_numpy().tolist() == [[2, 1]]


def test_counts_by_a_categorical_column_keep_every_category_even_with_nothing_in_the_window():
    e = typed([("a", "2022-01-03", "x", "Riots"), ("b", "2022-01-03", "x", None)])
    e["event_type"] = pd.Categorical(e["event_type"], categories=["Riots", "Battles", "Protests"])
    got = tl.daily_counts(e, "event_type")
    want = pd.DataFrame({"date": days("2022-01-03", "2022-01-03"), "Riots": [1], "Battles": [0],
                         "Protests": [0], "unknown": [1]}).astype({"Riots": "int64", "Battles": "int64",
                                                                  "Protests": "int64", "unknown": "int64"})
    assert_frame_equal(got, want)
    got = tl.daily_counts(e, "event_type", "2022-01-06", "2022-01-07")
    want = pd.DataFrame({"date": days("2022-01-06", "2022-01-07"), "Riots": [0, 0], "Battles": [0, 0],
                         "Protests": [0, 0]}).astype({"Riots": "int64", "Battles": "int64", "Protests": "int64"})
    assert_frame_equal(got, want)


def test_counts_by_a_text_column_with_nothing_in_the_window_have_only_dates():
    e = typed([("a", "2022-01-03", "x", "Riots")])
    assert_frame_equal(tl.daily_counts(e, "place_id", "2022-01-05", "2022-01-06"),
                       pd.DataFrame({"date": days("2022-01-05", "2022-01-06")}))


def test_counts_by_a_gazetteer_column_use_the_first_row_of_a_repeated_place():
    e = typed([("a", "2022-01-03", "x", "Riots"), ("b", "2022-01-03", "y", "Riots"),
               ("c", "2022-01-04", "z", "Riots")])
    e["place_id"] = e["place_id"].astype("string")
    places = pd.DataFrame({"place_id": ["x", "y", "x"], "region_id": ["R1", "R2", "R9"]})
    got = tl.daily_counts(e, "region_id", places=places)
    want = pd.DataFrame({"date": days("2022-01-03", "2022-01-04"), "R1": [1, 0], "R2": [1, 0],
                         "unknown": [0, 1]}).astype({"R1": "int64", "R2": "int64", "unknown": "int64"})
    assert_frame_equal(got, want)


def test_counts_by_a_gazetteer_column_default_to_the_shipped_gazetteer():
    e = typed([("a", "2022-01-03", "almaty", "Riots"), ("b", "2022-01-03", "zhanaozen", "Riots")])
    got = tl.daily_counts(e, "region_id")
    assert list(got.columns) == ["date", "KZ-ALA", "KZ-MAN"]
    assert got.iloc[:, 1:].to_numpy().tolist() == [[1, 1]]


def test_counts_by_an_unknown_column_say_what_is_missing():
    e = typed([("a", "2022-01-03", "x", "Riots")])
    with pytest.raises(KzDataError) as err:
        tl.daily_counts(e.drop(columns="place_id"), "region_id")
    assert err.value.problems == [Problem(EV, None, "region_id", None, "a column named 'region_id' (or place_id)")]
    with pytest.raises(KzDataError) as err:
        tl.daily_counts(e, "region", places=pd.DataFrame({"place_id": ["x"], "region_id": ["R"]}))
    assert err.value.problems == [Problem("places (DataFrame)", None, "region", None, "a column named 'region'")]


def test_counts_keep_rows_whose_precision_is_missing_or_not_a_number():
    e = ev([("2022-01-03", "1", None), ("2022-01-03", "n/a", None), ("2022-01-04", "2", None),
            ("2022-01-04", None, None)])
    assert_frame_equal(tl.daily_counts(e), counts("2022-01-03", "2022-01-04", [2, 1]))
    e["place_id"] = "x"
    got = tl.daily_counts(e, "place_id")
    assert got["x"].tolist() == [2, 1]
    e["time_precision"] = pd.array([1, None, 2, None], dtype="Int64")
    assert_frame_equal(tl.daily_counts(e), counts("2022-01-03", "2022-01-04", [2, 1]))


def test_counts_of_a_frame_with_columns_named_index_and_level_0():
    e = ev([("2022-01-03", 1, None), ("2022-01-04", 1, None)], index=["i", "j"], level_0=[0, 1])
    e["date"] = ["2022-01-03", "2022-01-04"]  # text dates: the general path
    assert_frame_equal(tl.daily_counts(e), counts("2022-01-03", "2022-01-04", [1, 1]))


# --------------------------------------------------------------------------- places_by_day
def places(first, last, active, new, cumulative, new_ids, offset) -> pd.DataFrame:
    i = lambda v: pd.Series(v, dtype="int64")  # noqa: E731
    return pd.DataFrame({"date": days(first, last), "active": i(active), "new": i(new), "cumulative": i(cumulative),
                         "new_place_ids": pd.array(new_ids, dtype="string"), "day_offset": i(offset)})


def unrest():
    return typed([("a", "2022-01-03", "oral", "Protests"), ("b", "2022-01-04", "zhanaozen", "Riots"),
                  ("c", "2022-01-04", "zhanaozen", "Protests"), ("d", "2022-01-02", "taraz", "Protests", 2, None),
                  ("e", "2022-01-06", "aktau", "Protests", 3, None), ("f", "2022-01-05", "oral", "Battles"),
                  ("g", "2022-01-05", "atyrau", "Protests", 1, "f")])


def test_places_default_window_runs_over_the_counted_days_only():
    got = tl.places_by_day(unrest())
    # taraz (week-dated) and aktau (month-dated) do not count; atyrau's row is another account of f
    assert_frame_equal(got, places("2022-01-03", "2022-01-05", [1, 1, 1], [1, 1, 0], [1, 2, 2],
                                   ["oral", "zhanaozen", NA], [-1, 0, 1]))


def test_places_precision_limit_can_be_raised_or_dropped():
    got = tl.places_by_day(unrest(), max_time_precision=2)
    assert_frame_equal(got, places("2022-01-02", "2022-01-05", [1, 1, 1, 1], [1, 1, 1, 0], [1, 2, 3, 3],
                                   ["taraz", "oral", "zhanaozen", NA], [-2, -1, 0, 1]))
    got = tl.places_by_day(unrest(), "2022-01-06", "2022-01-06", max_time_precision=None)
    assert got[["active", "new", "cumulative"]].values.tolist() == [[1, 1, 4]]


def test_places_day_offset_falls_back_to_the_earliest_counted_event():
    ev = unrest().iloc[::-1]  # rows in reverse order: the first row is not the earliest
    for origin in (None, "oral", "taraz"):  # oral's first counted event is a protest; taraz has none counted
        got = tl.places_by_day(ev, "2022-01-03", "2022-01-04", origin=origin)
        assert got["day_offset"].tolist() == [0, 1], origin
    got = tl.places_by_day(ev, "2022-01-03", "2022-01-04", origin="zhanaozen")
    assert got["day_offset"].tolist() == [-1, 0]


def test_places_without_counted_events_are_zero_over_a_given_window():
    ev = unrest()
    ev = ev[ev["event_type"] == "Battles"].assign(event_type="Strategic developments")
    got = tl.places_by_day(ev, "2022-01-04", "2022-01-05")
    assert_frame_equal(got, places("2022-01-04", "2022-01-05", [0, 0], [0, 0], [0, 0], [NA, NA], [0, 0]))
    assert_frame_equal(tl.places_by_day(ev), places("2022-01-01", "2021-12-31", [], [], [], [], []))
