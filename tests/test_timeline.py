"""kzlib.timeline: every function checked against hand-worked frames on small inputs,
plus a smoke test on the shipped data (shape and traceability only, no values)."""
from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import kzlib
from kzlib import KzDataError
from kzlib import timeline as tl

D = pd.Timestamp
NA = pd.NA
TYPES = ["Battles", "Protests", "Riots", "Strategic developments"]


def days(first: str, last: str) -> pd.Series:
    return pd.Series(pd.date_range(first, last, freq="D").astype("datetime64[ns]"))


def s(values) -> pd.arrays.StringArray:
    return pd.array(values, dtype="string")


def i64(values) -> pd.arrays.IntegerArray:
    return pd.array(values, dtype="Int64")


# --------------------------------------------------------------------------- inputs
def events_frame() -> pd.DataFrame:
    rows = [  # event_id, date, time_precision, place_id, event_type, size_low
        ("E1", "2022-01-02", 1, "zhanaozen", "Protests", None),
        ("E2", "2022-01-02", 1, "aktau", "Protests", None),
        ("E3", "2022-01-04", 1, "almaty", "Riots", 300),
        ("E4", "2022-01-04", 1, "almaty", "Protests", 2000),
        ("E5", "2022-01-04", 2, "almaty", "Protests", None),          # known only to the week
        ("E6", "2021-12-30", 1, "aktau", "Protests", None),           # before the window
        ("E7", "2022-01-05", 1, "nur-sultan", "Strategic developments", None),  # not unrest
        ("E8", "2022-01-05", 1, "aktau", "Riots", None),
    ]
    df = pd.DataFrame(rows, columns=["event_id", "date", "time_precision", "place_id", "event_type", "size_low"])
    df["date"] = pd.to_datetime(df["date"])
    df["time_precision"] = df["time_precision"].astype("Int64")
    df["size_low"] = df["size_low"].astype("Int64")
    df["event_type"] = pd.Categorical(df["event_type"], categories=TYPES)
    df["event_id"] = df["event_id"].astype("string")
    df["place_id"] = df["place_id"].astype("string")
    return df


def places_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "place_id": ["zhanaozen", "aktau", "almaty", "nur-sultan"],
        "name": ["Zhanaozen", "Aktau", "Almaty", "Nur-Sultan"],
        "region_id": ["KZ-MAN", "KZ-MAN", "KZ-ALA", "KZ-AST"],
    })


UNITS = ["KZ-MAN", "KZ-ALA", "KZ-AST"]


def measures_frame() -> pd.DataFrame:
    rows = [  # measure_id, measure, level, scope, start, start_time, end, end_time
        ("M1", "state_of_emergency", None, "KZ-MAN", "2022-01-05", "01:30", "2022-01-08", "00:00"),
        ("M2", "state_of_emergency", None, "national", "2022-01-06", None, "2022-01-09", None),
        ("M3", "state_of_emergency", None, "KZ-AST", "2022-01-06", None, "2022-01-07", "07:00"),
        ("M4", "curfew", None, "almaty", "2022-01-05", "23:00", "2022-01-07", "07:00"),
        ("M6", "curfew", None, "KZ-MAN", "2022-01-01", None, "2022-01-02", None),  # ends before the window
        ("M7", "internet_shutdown", "partial", "national", "2022-01-04", None, "2022-01-05", None),
        ("M8", "internet_shutdown", "full", "national", "2022-01-05", "17:00", "2022-01-07", "08:00"),
        ("M9", "internet_shutdown", "restored", "national", "2022-01-06", None, "2022-01-06", None),
        ("M10", "internet_shutdown", "full", "KZ-AST", "2022-01-08", "12:00", "2022-01-09", "09:00"),
        ("M11", "foreign_deployment", "decision", "national", "2022-01-06", None, "2022-01-06", None),
        ("M12", "foreign_deployment", "arrival", "almaty", "2022-01-06", None, "2022-01-06", None),
        ("M13", "foreign_deployment", "withdrawal", "national", "2022-01-08", None, "2022-01-09", None),
        ("M14", "government_resignation", None, "national", "2022-01-05", None, "2022-01-05", None),
        ("M15", "shoot_to_kill_order", None, "national", "2022-01-07", None, "2022-01-07", None),
        ("M16", "foreign_statement", None, "national", "2022-01-06", None, "2022-01-06", None),
        ("M17", "leadership_change", "prime minister", "national", "2022-01-11", None, "2022-01-11", None),
        ("M18", "messenger_block", None, "national", "2022-01-04", None, None, None),  # open
    ]
    df = pd.DataFrame(rows, columns=["measure_id", "measure", "level", "scope", "start", "start_time", "end",
                                     "end_time"])
    for c in ("start", "end"):
        df[c] = pd.to_datetime(df[c])
    for c in ("measure_id", "level", "scope", "start_time", "end_time"):
        df[c] = df[c].astype("string")
    df["measure"] = pd.Categorical(df["measure"])
    return df


def reports_frame(rows=None) -> pd.DataFrame:
    rows = rows or [
        # report_id, report_date, body, metric, population, scope, text, low, high, retracted, revises
        ("R1", "2022-01-05", "Ministry A", "killed", "all", "national", "dozens", 24, 99, False, None),
        ("R2", "2022-01-07", "Ministry A", "killed", "all", "national", "164", 164, 164, True, None),
        ("R3", "2022-01-07", "Ministry B", "killed", "all", "national", "more than 30", 31, None, False, None),
        ("R4", "2022-01-07", "Ministry C", "killed", "all", "national", "30", 30, 30, False, None),
        ("R5", "2022-01-09", "Ministry A", "killed", "all", "national", "20", 20, 20, False, None),
        ("R6", "2022-01-10", "Ministry B", "killed", "all", "national", "28", 28, 28, False, "R3"),
        ("R7", "2022-01-10", "Ministry B", "injured", "all", "national", "500", 500, 500, False, None),
        ("R8", "2022-01-10", "Ministry B", "killed", "security_forces", "national", "9", 9, 9, False, None),
        ("R9", "2022-01-11", "Ministry B", "killed", "all", "KZ-ALA", "99", 99, 99, False, None),
    ]
    df = pd.DataFrame(rows, columns=["report_id", "report_date", "reporting_body", "metric", "population",
                                     "scope", "value_text", "value_low", "value_high", "retracted", "revises"])
    df["report_date"] = pd.to_datetime(df["report_date"])
    for c in ("value_low", "value_high"):
        df[c] = df[c].astype("Int64")
    for c in ("report_id", "reporting_body", "scope", "value_text", "revises"):
        df[c] = df[c].astype("string")
    df["metric"] = pd.Categorical(df["metric"])
    df["population"] = pd.Categorical(df["population"])
    df["retracted"] = df["retracted"].astype(bool)
    return df


# --------------------------------------------------------------------------- daily_counts
def test_daily_counts_zero_fills_a_day_without_events_and_clips_the_window():
    got = tl.daily_counts(events_frame(), start="2022-01-01", end="2022-01-05")
    want = pd.DataFrame({"date": days("2022-01-01", "2022-01-05"), "events": [0, 2, 0, 2, 2]})
    want["events"] = want["events"].astype("int64")
    assert_frame_equal(got, want)


def test_daily_counts_counts_week_precision_rows_only_when_asked():
    got = tl.daily_counts(events_frame(), start="2022-01-04", end="2022-01-04", max_time_precision=None)
    assert_frame_equal(got, pd.DataFrame({"date": days("2022-01-04", "2022-01-04"),
                                          "events": pd.Series([3], dtype="int64")}))


def test_daily_counts_default_window_runs_from_first_to_last_event():
    got = tl.daily_counts(events_frame())
    want = pd.DataFrame({"date": days("2021-12-30", "2022-01-05"),
                         "events": pd.Series([1, 0, 0, 2, 0, 2, 2], dtype="int64")})
    assert_frame_equal(got, want)


def test_daily_counts_by_event_type_keeps_every_category_in_order():
    got = tl.daily_counts(events_frame(), "event_type", "2022-01-03", "2022-01-05")
    want = pd.DataFrame({"date": days("2022-01-03", "2022-01-05"),
                         "Battles": [0, 0, 0], "Protests": [0, 1, 0], "Riots": [0, 1, 1],
                         "Strategic developments": [0, 0, 1]})
    for c in TYPES:
        want[c] = want[c].astype("int64")
    assert_frame_equal(got, want)


def test_daily_counts_by_region_joins_the_gazetteer():
    got = tl.daily_counts(events_frame(), "region_id", "2022-01-02", "2022-01-05", places=places_frame())
    want = pd.DataFrame({"date": days("2022-01-02", "2022-01-05"),
                         "KZ-ALA": [0, 0, 2, 0], "KZ-AST": [0, 0, 0, 1], "KZ-MAN": [2, 0, 0, 1]})
    for c in ("KZ-ALA", "KZ-AST", "KZ-MAN"):
        want[c] = want[c].astype("int64")
    assert_frame_equal(got, want)


def test_daily_counts_by_place_sorts_the_values_seen():
    got = tl.daily_counts(events_frame(), "place_id", "2022-01-02", "2022-01-05")
    assert list(got.columns) == ["date", "aktau", "almaty", "nur-sultan", "zhanaozen"]
    assert got.iloc[:, 1:].to_numpy().tolist() == [[1, 0, 0, 1], [0, 0, 0, 0], [0, 2, 0, 0], [1, 0, 1, 0]]


def test_daily_counts_rejects_a_window_that_ends_before_it_starts():
    with pytest.raises(ValueError, match="before start"):
        tl.daily_counts(events_frame(), start="2022-01-05", end="2022-01-01")


def test_daily_counts_names_a_missing_column():
    with pytest.raises(KzDataError) as e:
        tl.daily_counts(events_frame().drop(columns="date"))
    assert e.value.problems[0].column == "date"


# --------------------------------------------------------------------------- places_by_day
def test_places_by_day_new_active_and_cumulative_including_before_the_window():
    got = tl.places_by_day(events_frame(), "2022-01-02", "2022-01-05")
    want = pd.DataFrame({
        "date": days("2022-01-02", "2022-01-05"),
        "active": pd.Series([2, 0, 1, 1], dtype="int64"),      # E7 (strategic development) does not count
        "new": pd.Series([1, 0, 1, 0], dtype="int64"),         # aktau was first reached on 30 Dec
        "cumulative": pd.Series([2, 2, 3, 3], dtype="int64"),
        "new_place_ids": s(["zhanaozen", NA, "almaty", NA]),
        "day_offset": pd.Series([0, 1, 2, 3], dtype="int64"),    # from Zhanaozen's first protest
    })
    assert_frame_equal(got, want)


def test_places_by_day_event_types_can_be_chosen():
    got = tl.places_by_day(events_frame(), "2022-01-05", "2022-01-05",
                           event_types=["Protests", "Riots", "Strategic developments"])
    assert got[["active", "new", "cumulative"]].iloc[0].tolist() == [2, 1, 4]
    assert got["new_place_ids"].iloc[0] == "nur-sultan"


# --------------------------------------------------------------------------- measures
def test_measures_in_force_clips_to_the_window():
    m = measures_frame()
    m = m[m["measure_id"].isin(["M1", "M6", "M9", "M18"])]
    got = tl.measures_in_force(m, "2022-01-04", "2022-01-08")
    want = pd.DataFrame({
        "date": pd.to_datetime(["2022-01-04", "2022-01-05", "2022-01-05", "2022-01-06", "2022-01-06",
                                "2022-01-06", "2022-01-07", "2022-01-07", "2022-01-08"]).astype("datetime64[ns]"),
        # M6 ended on 2 Jan: nothing. M1 ends at 00:00 on 8 Jan: not in force that day.
        "measure_id": s(["M18", "M1", "M18", "M1", "M18", "M9", "M1", "M18", "M18"]),
        "measure": s(["messenger_block", "state_of_emergency", "messenger_block", "state_of_emergency",
                      "messenger_block", "internet_shutdown", "state_of_emergency", "messenger_block",
                      "messenger_block"]),
        "level": s([NA, NA, NA, NA, NA, "restored", NA, NA, NA]),
        "scope": s(["national", "KZ-MAN", "national", "KZ-MAN", "national", "national", "KZ-MAN", "national",
                    "national"]),
        "one_off": [False, False, False, False, False, True, False, False, False],
    })
    assert_frame_equal(got, want)


def test_measures_by_day_combines_national_and_regional_rows():
    got = tl.measures_by_day(measures_frame(), "2022-01-04", "2022-01-10", regions=UNITS, places=places_frame())
    want = pd.DataFrame({
        "date": days("2022-01-04", "2022-01-10"),
        # MAN: own row 5 Jan 01:30 - 8 Jan 00:00 caps the national one; AST: own row to 7 Jan 07:00;
        # ALA: the national row 6-9 Jan.
        "soe_units": pd.Series([0, 1, 3, 3, 1, 1, 0], dtype="int64"),
        "soe_measure_ids": s([NA, "M1", "M1;M2;M3", "M1;M2;M3", "M2", "M2", NA]),
        "curfew": [False, True, True, True, False, False, False],
        "curfew_units": pd.Series([0, 1, 1, 1, 0, 0, 0], dtype="int64"),
        "curfew_measure_ids": s([NA, "M4", "M4", "M4", NA, NA, NA]),
        "internet": s(["partial", "full", "full", "full", "local", "local", "off"]),
        "internet_measure_ids": s(["M7", "M7;M8", "M8", "M8", "M10", "M10", NA]),
        "csto_present": [False, False, True, True, True, True, False],
        "csto_withdrawing": [False, False, False, False, True, True, False],
        "csto_measure_ids": s([NA, NA, "M12;M13", "M12;M13", "M12;M13", "M12;M13", NA]),
    })
    assert_frame_equal(got, want)


def test_measures_by_day_regional_row_with_a_later_end_extends_the_national_one():
    m = measures_frame()
    m = m[m["measure_id"].isin(["M2"])].copy()
    extra = m.copy()
    extra["measure_id"] = pd.array(["M99"], dtype="string")
    extra["scope"] = pd.array(["KZ-ALA"], dtype="string")
    extra["end"] = pd.to_datetime(["2022-01-11"])
    got = tl.measures_by_day(pd.concat([m, extra], ignore_index=True), "2022-01-08", "2022-01-12", regions=UNITS)
    assert got["soe_units"].tolist() == [3, 3, 1, 1, 0]


def test_measures_by_day_open_deployment_without_withdrawal_runs_to_the_window_end():
    m = measures_frame()
    m = m[m["measure_id"].isin(["M12"])].copy()
    m["end"] = pd.NaT
    got = tl.measures_by_day(m, "2022-01-05", "2022-01-08", regions=UNITS)
    assert got["csto_present"].tolist() == [False, True, True, True]
    assert not got["csto_withdrawing"].any()


def test_measures_by_day_names_an_unknown_scope():
    m = measures_frame()
    m.loc[3, "scope"] = "atlantis"
    with pytest.raises(KzDataError) as e:
        tl.measures_by_day(m, "2022-01-04", "2022-01-05", regions=UNITS, places=places_frame())
    p = e.value.problems[0]
    assert (p.row, p.column, p.value) == (5, "scope", "atlantis")


# --------------------------------------------------------------------------- milestones
def test_milestones_come_from_rows():
    want = pd.DataFrame({
        "date": pd.to_datetime(["2022-01-02", "2022-01-04", "2022-01-05", "2022-01-05", "2022-01-06",
                                "2022-01-07", "2022-01-08", "2022-01-10", "2022-01-11"]).astype("datetime64[ns]"),
        "key": s(["protests_begin", "mass_protest", "government_resignation", "soe_start", "csto_arrival",
                  "shoot_to_kill", "csto_withdrawal", "soe_end", "leadership_change"]),
        "label": s(["Protests begin in Zhanaozen and Aktau", "Mass protest in Almaty", "Government dismissed",
                    "State of emergency", "CSTO troops arrive", "'Shoot to kill' order", "CSTO withdrawal begins",
                    "State of emergency ends", "Leadership change (prime minister)"]),
        "ids": s(["E1;E2", "E4", "M14", "M1", "M12", "M15", "M13", "M2", "M17"]),
    })
    # E6 (30 Dec, aktau) would be the first counted event: drop it so the protests begin on 2 Jan.
    ev = events_frame()
    got = tl.milestones(measures_frame(), ev[ev["event_id"] != "E6"], places=places_frame())
    assert_frame_equal(got, want)


def test_milestones_clip_to_the_window():
    got = tl.milestones(measures_frame(), None, start="2022-01-06", end="2022-01-07")
    assert got["key"].tolist() == ["csto_arrival", "shoot_to_kill"]


# --------------------------------------------------------------------------- casualty_series
def test_casualty_series_hand_checked():
    cs = tl.casualty_series(reports_frame(), "killed", start="2022-01-04", end="2022-01-11")
    r1 = ("dozens", "R1", "Ministry A", D("2022-01-05"))
    r3 = ("more than 30", "R3", "Ministry B", D("2022-01-07"))
    r6 = ("28", "R6", "Ministry B", D("2022-01-10"))
    # day-by-day: nothing yet; "dozens" (24-99); the retracted 164 never counts; R3 "more than 30"
    # beats R4 "30" on the same day; R5 (20) is lower and revises nothing; R6 (28) revises R3.
    rows = [(None, None, None, (None, None, None, pd.NaT)), (24, 24, 99, r1), (24, 24, 99, r1),
            (31, 31, None, r3), (31, 31, None, r3), (31, 31, None, r3), (28, 28, 28, r6), (28, 28, 28, r6)]
    want = pd.DataFrame({
        "date": days("2022-01-04", "2022-01-11"),
        "value": i64([r[0] for r in rows]), "low": i64([r[1] for r in rows]), "high": i64([r[2] for r in rows]),
        "value_text": s([r[3][0] for r in rows]), "report_id": s([r[3][1] for r in rows]),
        "reporting_body": s([r[3][2] for r in rows]),
        "report_date": pd.Series([r[3][3] for r in rows], dtype="datetime64[ns]"),
    })
    assert_frame_equal(cs.series, want)
    retracted = pd.DataFrame({"date": pd.Series([D("2022-01-07")], dtype="datetime64[ns]"), "value": i64([164]),
                              "low": i64([164]), "high": i64([164]), "value_text": s(["164"]),
                              "report_id": s(["R2"]), "reporting_body": s(["Ministry A"])})
    assert_frame_equal(cs.retracted, retracted)
    ignored = pd.DataFrame({
        "date": pd.to_datetime(["2022-01-07", "2022-01-09"]).astype("datetime64[ns]"),
        "value": i64([30, 20]), "low": i64([30, 20]), "high": i64([30, 20]), "value_text": s(["30", "20"]),
        "report_id": s(["R4", "R5"]), "reporting_body": s(["Ministry C", "Ministry A"]),
        "reason": s(["not the day's chosen figure", "lower than the best-known figure and revises nothing"]),
    })
    assert_frame_equal(cs.ignored, ignored)
    assert (cs.metric, cs.population, cs.scope, cs.bodies) == ("killed", "all", "national", None)


def test_casualty_series_reports_before_the_window_set_the_opening_figure():
    cs = tl.casualty_series(reports_frame(), "killed", start="2022-01-08", end="2022-01-09")
    assert cs.series["report_id"].tolist() == ["R3", "R3"]
    assert cs.series["value"].tolist() == [31, 31]
    assert cs.retracted.empty
    assert cs.ignored["report_id"].tolist() == ["R5"]


def test_casualty_series_default_window_and_filters():
    cs = tl.casualty_series(reports_frame(), "killed", "security_forces")
    assert cs.series["date"].tolist() == [D("2022-01-10")]
    assert cs.series["value"].tolist() == [9]
    cs = tl.casualty_series(reports_frame(), "killed", scope="KZ-ALA")
    assert cs.series["report_id"].tolist() == ["R9"]


def test_casualty_series_one_body_only():
    cs = tl.casualty_series(reports_frame(), "killed", bodies="Ministry A", start="2022-01-05", end="2022-01-09")
    # Ministry A: dozens (5 Jan), retracted 164 (7 Jan), 20 (9 Jan) is lower than 24 and revises nothing.
    assert cs.series["value"].tolist() == [24, 24, 24, 24, 24]
    assert cs.retracted["report_id"].tolist() == ["R2"]
    assert cs.ignored["report_id"].tolist() == ["R5"]
    assert cs.bodies == ("Ministry A",)


def test_casualty_series_same_day_tie_prefers_an_exact_figure():
    rows = [("C1", "2022-01-11", "OHCHR", "detained", "all", "national", "about 9,900", 9900, 9900, False, None),
            ("C2", "2022-01-11", "MVD", "detained", "all", "national", "9,900", 9900, 9900, False, None)]
    df = reports_frame(rows)
    df["value_approx"] = pd.array([True, False], dtype="boolean")
    cs = tl.casualty_series(df, "detained")
    assert cs.series["report_id"].tolist() == ["C2"]
    assert cs.ignored["report_id"].tolist() == ["C1"]


def test_casualty_series_stock_metric_may_fall_without_a_revision():
    rows = [("H1", "2022-01-06", "MoH", "hospitalised", "all", "national", "400", 400, 400, False, None),
            ("H2", "2022-01-08", "MoH", "hospitalised", "all", "national", "265", 265, 265, False, None)]
    cs = tl.casualty_series(reports_frame(rows), "hospitalised")
    assert cs.series["value"].tolist() == [400, 400, 265]
    assert cs.ignored.empty


def test_casualty_series_open_lower_bound_uses_the_upper_one():
    rows = [("U1", "2022-01-06", "X", "detained", "all", "national", "up to 600", None, 600, False, None)]
    cs = tl.casualty_series(reports_frame(rows), "detained")
    assert cs.series[["value", "low", "high"]].iloc[0].tolist() == [600, NA, 600]


def test_casualty_series_rejects_an_unknown_metric():
    with pytest.raises(ValueError, match="metric 'dead'"):
        tl.casualty_series(reports_frame(), "dead")


def test_casualty_series_without_matching_rows_is_empty():
    cs = tl.casualty_series(reports_frame(), "convicted")
    assert cs.series.empty and cs.retracted.empty and cs.ignored.empty
    assert list(cs.series.columns) == ["date", "value", "low", "high", "value_text", "report_id",
                                       "reporting_body", "report_date"]


# --------------------------------------------------------------------------- tables
def test_escalation_table_one_row_per_day_with_the_numbers_drawn():
    ev = events_frame()
    got = tl.escalation_table(ev[ev["event_id"] != "E6"], measures_frame(), reports_frame(),
                              "2022-01-01", "2022-01-11", places=places_frame(), regions=UNITS)
    assert got["date"].tolist() == list(pd.date_range("2022-01-01", "2022-01-11"))
    cols = ["date", "events_total", "events_riots", "places_new", "places_cumulative", "killed", "killed_high",
            "killed_report_id", "killed_retracted", "killed_retracted_ids", "injured", "soe_units", "internet",
            "csto_present", "milestones"]
    want = pd.DataFrame({
        "date": days("2022-01-01", "2022-01-11"),
        "events_total": pd.Series([0, 2, 0, 2, 2, 0, 0, 0, 0, 0, 0], dtype="int64"),
        "events_riots": pd.Series([0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0], dtype="int64"),
        "places_new": pd.Series([0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0], dtype="int64"),
        "places_cumulative": pd.Series([0, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3], dtype="int64"),
        "killed": i64([NA, NA, NA, NA, 24, 24, 31, 31, 31, 28, 28]),
        "killed_high": i64([NA, NA, NA, NA, 99, 99, NA, NA, NA, 28, 28]),
        "killed_report_id": s([NA, NA, NA, NA, "R1", "R1", "R3", "R3", "R3", "R6", "R6"]),
        "killed_retracted": i64([NA, NA, NA, NA, NA, NA, 164, NA, NA, NA, NA]),
        "killed_retracted_ids": s([NA, NA, NA, NA, NA, NA, "R2", NA, NA, NA, NA]),
        "injured": i64([NA] * 9 + [500, 500]),
        "soe_units": pd.Series([0, 0, 0, 0, 1, 3, 3, 1, 1, 0, 0], dtype="int64"),
        "internet": s(["off", "off", "off", "partial", "full", "full", "full", "local", "local", "off", "off"]),
        "csto_present": [False] * 5 + [True] * 4 + [False] * 2,
        "milestones": s([NA, "Protests begin in Zhanaozen and Aktau", NA, "Mass protest in Almaty",
                         "Government dismissed · State of emergency", "CSTO troops arrive", "'Shoot to kill' order",
                         "CSTO withdrawal begins", NA, "State of emergency ends", NA]),
    })
    assert_frame_equal(got[cols], want)
    assert got.columns[:8].tolist() == ["date", "events_battles", "events_protests", "events_riots",
                                        "events_strategic_developments", "events_total", "places_active",
                                        "places_new"]


def test_toll_history_table_keeps_bodies_apart():
    got = tl.toll_history_table(reports_frame(), metrics=("killed",), start="2022-01-01", end="2022-01-31")
    want = pd.DataFrame({
        "metric": s(["killed"] * 6),
        "date": pd.to_datetime(["2022-01-05", "2022-01-07", "2022-01-07", "2022-01-07", "2022-01-09",
                                "2022-01-10"]).astype("datetime64[ns]"),
        "reporting_body": s(["Ministry A", "Ministry A", "Ministry B", "Ministry C", "Ministry A", "Ministry B"]),
        "value": i64([24, 164, 31, 30, 20, 28]), "low": i64([24, 164, 31, 30, 20, 28]),
        "high": i64([99, 164, NA, 30, 20, 28]),
        "value_text": s(["dozens", "164", "more than 30", "30", "20", "28"]),
        "report_id": s(["R1", "R2", "R3", "R4", "R5", "R6"]),
        "revises": s([NA, NA, NA, NA, NA, "R3"]),
        # each body on its own: Ministry C's 30 is its own first figure, so it is counted.
        "status": s(["counted", "retracted", "counted", "counted", "ignored", "counted"]),
    })
    assert_frame_equal(got, want)


# --------------------------------------------------------------------------- shipped data (smoke)
def test_escalation_table_on_shipped_data_has_no_gaps_and_traceable_ids():
    tables = kzlib.load_all()
    tab = tl.escalation_table(tables["events"], tables["measures"], tables["casualty_reports"],
                              places=tables["places"], regions=tables["regions"])
    assert len(tab) == 19
    assert (tab["date"].diff().dropna() == pd.Timedelta(days=1)).all()
    reports = set(tables["casualty_reports"]["report_id"])
    measures = set(tables["measures"]["measure_id"])
    for col in [c for c in tab.columns if c.endswith(("_report_id", "_retracted_ids"))]:
        for v in tab[col].dropna():
            assert set(v.split(";")) <= reports, (col, v)
    for col in [c for c in tab.columns if c.endswith("_measure_ids")]:
        for v in tab[col].dropna():
            assert set(v.split(";")) <= measures, (col, v)
    assert (tab["soe_units"] <= len(tables["regions"])).all()


def test_casualty_series_changes_are_the_days_a_new_figure_took_effect():
    reports = pd.DataFrame({
        "report_id": ["a", "b", "c"],
        "report_date": pd.to_datetime(["2022-01-05", "2022-01-07", "2022-01-08"]),
        "reporting_body": "MVD", "metric": "detained", "population": "all", "scope": "national",
        "value_text": ["201", "3,811", "3,000"], "value_low": pd.array([201, 3811, 3000], dtype="Int64"),
        "value_high": pd.array([None, 3811, 3000], dtype="Int64"), "retracted": False, "revises": None,
    })
    cs = tl.casualty_series(reports, "detained", start="2022-01-04", end="2022-01-09")
    got = cs.changes()
    # 4 Jan has no figure yet; c (a lower, unmarked figure) never takes effect
    assert got["report_id"].tolist() == ["a", "b"]
    assert got["date"].dt.strftime("%d").tolist() == ["05", "07"]
