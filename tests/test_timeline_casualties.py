"""kzlib.timeline casualty_series, toll_history_table and escalation_table: how reports are read,
ranked and chosen, and the tables built from them, on tiny hand-built frames."""
from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from kzlib import KzDataError
from kzlib import timeline as tl
from kzlib.errors import Problem
from kzlib.schema import METRICS

RP = "casualty_reports (DataFrame)"
NA = pd.NA
COLS = ["report_id", "report_date", "reporting_body", "metric", "population", "scope", "value_text", "value_low",
        "value_high", "retracted", "revises"]


def reports(rows, **extra) -> pd.DataFrame:
    """rows: (report_id, report_date, body, metric, population, scope, text, low, high, retracted, revises),
    plain objects as a CSV reader without types would give them."""
    df = pd.DataFrame(rows, columns=COLS, dtype=object)
    for k, v in extra.items():
        df[k] = v
    return df


def r(rid, day, value, high="same", *, body="B", metric="killed", pop="all", scope="national", text=None,
      retracted=False, revises=None):
    """One report row: value is the lower bound; high defaults to the same value (a closed figure)."""
    high = value if high == "same" else high
    return (rid, f"2022-01-{day:02d}", body, metric, pop, scope, text or str(value), value, high, retracted, revises)


def i64(values) -> pd.arrays.IntegerArray:
    return pd.array(values, dtype="Int64")


def s(values) -> pd.arrays.StringArray:
    return pd.array(values, dtype="string")


def series_ids(cs) -> list:
    return cs.series["report_id"].tolist()


# --------------------------------------------------------------------------- reading the reports
def test_reports_are_read_from_text_numbers_flags_and_integer_ids():
    df = reports([(1, "2022-01-05", "MVD", "detained", "all", "national", "about 12.6", "12.6", "", "no", None),
                  (2, "2022-01-06", "MVD", "detained", "all", "national", "up to 40", "n/a", "40.4", " Yes ", None),
                  (3, "2022-01-06", "MVD", "detained", "all", "national", "30", 30, 30, "1", None),
                  (4, "2022-01-07", "MVD", "detained", "all", "national", "many", None, None, "false", None),
                  (5, "2022-01-07", "MVD", "detained", "all", "national", "20", 20, 20, "TRUE", None)])
    cs = tl.casualty_series(df, "detained")
    want = pd.DataFrame({
        "date": pd.Series(pd.to_datetime(["2022-01-05", "2022-01-06", "2022-01-07"]), dtype="datetime64[ns]"),
        "value": i64([13, 13, 13]), "low": i64([13, 13, 13]), "high": i64([NA, NA, NA]),
        "value_text": s(["about 12.6"] * 3), "report_id": s(["1"] * 3), "reporting_body": s(["MVD"] * 3),
        "report_date": pd.Series(pd.to_datetime(["2022-01-05"] * 3), dtype="datetime64[ns]"),
    })
    assert_frame_equal(cs.series, want)
    assert cs.retracted[["report_id", "value", "low", "high"]].astype(object).values.tolist() == [
        ["2", 40, NA, 40], ["3", 30, 30, 30], ["5", 20, 20, 20]]
    assert cs.ignored.empty  # report 4 has no figure: it is neither counted nor ignored


def test_reports_with_a_boolean_retracted_column_and_value_approx_strings():
    df = reports([r("a", 5, 10), r("b", 5, 10), r("c", 6, 50)])
    df["retracted"] = [False, False, True]
    df["value_approx"] = pd.array([True, None, False], dtype="boolean")
    cs = tl.casualty_series(df, "killed")
    assert series_ids(cs) == ["b", "b"]
    assert cs.retracted["report_id"].tolist() == ["c"]
    assert cs.ignored[["report_id", "reason"]].values.tolist() == [["a", "not the day's chosen figure"]]


def test_reports_name_missing_columns_and_bad_dates():
    df = reports([r("a", 5, 10)])
    with pytest.raises(KzDataError) as err:
        tl.casualty_series(df.drop(columns=["scope", "retracted"]), "killed")
    assert err.value.problems == [Problem(RP, None, "scope", None, "a column named 'scope'"),
                                  Problem(RP, None, "retracted", None, "a column named 'retracted'")]
    df = reports([r("a", 5, 10), r("b", 6, 10)])
    df.loc[1, "report_date"] = "6 Jan"
    with pytest.raises(KzDataError) as err:
        tl.casualty_series(df, "killed")
    assert err.value.problems == [Problem(RP, 3, "report_date", "6 Jan", "a date YYYY-MM-DD")]
    with pytest.raises(ValueError) as err:
        tl.casualty_series(df, "dead")
    assert str(err.value) == f"metric 'dead': expected one of {', '.join(METRICS)}"


# --------------------------------------------------------------------------- ranking one day's reports
def test_same_day_a_closed_figure_beats_an_open_one_and_a_narrower_range_a_wider_one():
    cs = tl.casualty_series(reports([r("a", 5, 30, None), r("b", 5, 30, 45), r("c", 5, 30, 40), r("d", 5, 29)]),
                            "killed")
    assert series_ids(cs) == ["c"]
    assert cs.ignored["report_id"].tolist() == ["b", "a", "d"]
    assert cs.ignored["reason"].tolist() == ["not the day's chosen figure"] * 3


def test_same_day_full_tie_goes_to_the_smaller_report_id_as_text():
    cs = tl.casualty_series(reports([r("R9", 5, 30), r("R10", 5, 30)]), "killed")
    assert series_ids(cs) == ["R10"]


def test_same_day_the_highest_figure_wins_even_if_approximate():
    df = reports([r("a", 5, 30), r("b", 5, 31)])
    df["value_approx"] = [False, True]
    assert series_ids(tl.casualty_series(df, "killed")) == ["b"]


# --------------------------------------------------------------------------- choosing over days
def test_cumulative_an_equal_later_figure_takes_over_and_a_lower_one_needs_a_revision():
    df = reports([r("a", 5, 30), r("b", 6, 30, body="C"), r("c", 7, 25), r("d", 8, 20, revises="x"),
                  r("e", 9, 26, revises="b")])
    cs = tl.casualty_series(df, "killed", start="2022-01-04")
    assert series_ids(cs) == [NA, "a", "b", "b", "b", "e"]
    assert cs.series["value"].tolist() == [NA, 30, 30, 30, 30, 26]
    assert cs.ignored[["report_id", "reason"]].values.tolist() == [
        ["c", "lower than the best-known figure and revises nothing"],
        ["d", "lower than the best-known figure and revises nothing"]]
    assert cs.changes()["report_id"].tolist() == ["a", "b", "e"]


def test_a_revision_must_point_to_a_report_of_the_same_series_but_may_be_from_another_body():
    df = reports([r("a", 5, 30, body="A"), r("h", 5, 500, metric="injured"), r("b", 6, 20, revises="h"),
                  r("c", 7, 25, body="A", revises="a"), r("d", 8, 24, revises="a")])
    cs = tl.casualty_series(df, "killed", bodies=["B"])
    # only body B: b revises an injured report (no revision here), its first figure stands; d revises
    # A's report a, which is a report of the same series: a marked correction
    assert series_ids(cs) == ["b", "b", "d"]
    cs = tl.casualty_series(df, "killed", bodies="A")
    assert series_ids(cs) == ["a", "a", "c"]
    assert cs.bodies == ("A",)
    cs = tl.casualty_series(df, "killed")
    assert series_ids(cs) == ["a", "a", "c", "d"]
    assert cs.ignored["report_id"].tolist() == ["b"]


def test_a_stock_metric_takes_each_day_s_best_figure():
    df = reports([r("a", 5, 300, metric="hospitalised"), r("b", 6, 120, metric="hospitalised"),
                  r("c", 6, 100, metric="hospitalised", revises="a")])
    cs = tl.casualty_series(df, "hospitalised")
    assert series_ids(cs) == ["a", "b"]
    assert cs.ignored[["report_id", "reason"]].values.tolist() == [["c", "not the day's chosen figure"]]


def test_population_and_scope_are_matched_exactly():
    df = reports([r("a", 5, 30), r("b", 5, 40, pop="security_forces"), r("c", 5, 50, scope="KZ-ALA"),
                  r("d", 5, 60, metric="injured")])
    assert series_ids(tl.casualty_series(df, "killed")) == ["a"]
    assert series_ids(tl.casualty_series(df, "killed", "security_forces")) == ["b"]
    assert series_ids(tl.casualty_series(df, "killed", scope="KZ-ALA")) == ["c"]


def test_the_window_clips_retracted_and_ignored_reports_but_earlier_reports_set_the_figure():
    df = reports([r("a", 3, 30), r("x", 3, 99, retracted=True), r("b", 4, 20), r("c", 5, 31), r("y", 6, 80, retracted=True),
                  r("d", 6, 10), r("z", 8, 90, retracted=True), r("e", 8, 12), r("f", 8, 40)])
    cs = tl.casualty_series(df, "killed", start="2022-01-05", end="2022-01-07")
    assert series_ids(cs) == ["c", "c", "c"]
    assert cs.series["report_date"].dt.day.tolist() == [5, 5, 5]
    assert cs.retracted["report_id"].tolist() == ["y"]
    assert cs.ignored["report_id"].tolist() == ["d"]
    cs = tl.casualty_series(df, "killed", end="2022-01-04")
    assert cs.series["date"].dt.day.tolist() == [3, 4]
    assert series_ids(cs) == ["a", "a"]
    assert cs.retracted["report_id"].tolist() == ["x"]
    assert cs.ignored["report_id"].tolist() == ["b"]
    cs = tl.casualty_series(df, "killed", start="2022-01-07")
    assert series_ids(cs) == ["c", "f"]
    assert cs.ignored["report_id"].tolist() == ["e"]
    assert cs.retracted["report_id"].tolist() == ["z"]


def test_the_default_window_spans_every_matching_report_even_retracted_ones():
    df = reports([r("x", 3, 99, retracted=True), r("a", 5, 30), r("y", 7, 98, retracted=True)])
    cs = tl.casualty_series(df, "killed")
    assert cs.series["date"].dt.day.tolist() == [3, 4, 5, 6, 7]
    assert series_ids(cs) == [NA, NA, "a", "a", "a"]
    assert cs.retracted["report_id"].tolist() == ["x", "y"]


def test_an_empty_result_keeps_its_columns_and_types():
    cs = tl.casualty_series(reports([r("a", 5, 30)]), "injured")
    want = pd.DataFrame({"date": pd.Series([], dtype="datetime64[ns]"), "value": i64([]), "low": i64([]),
                         "high": i64([]), "value_text": s([]), "report_id": s([]), "reporting_body": s([]),
                         "report_date": pd.Series([], dtype="datetime64[ns]")})
    assert_frame_equal(cs.series, want)
    assert_frame_equal(cs.retracted, want.drop(columns="report_date"))
    assert_frame_equal(cs.ignored, want.drop(columns="report_date").assign(reason=s([])))
    cs = tl.casualty_series(reports([r("a", 5, 30)]), "injured", start="2022-01-05", end="2022-01-06")
    assert cs.series["value"].tolist() == [NA, NA]
    assert cs.series["report_date"].isna().all() and cs.series["report_date"].dtype == "datetime64[ns]"


# --------------------------------------------------------------------------- toll_history_table
def test_toll_history_default_window_metric_order_scope_and_revises():
    df = reports([r("k0", 4, 5), r("k1", 5, 10), r("k2", 6, 8, revises="k1"), r("d1", 5, 100, metric="detained"),
                  r("d2", 5, 90, metric="detained", body="A"), r("k3", 7, 50, scope="KZ-ALA"),
                  ("k9", "2022-09-01", "B", "killed", "all", "national", "70", 70, 70, False, None),
                  ("k8", "2022-08-31", "B", "killed", "all", "national", "60", 60, 60, True, None)])
    got = tl.toll_history_table(df, ["detained", "killed"])
    want = pd.DataFrame({
        "metric": s(["detained", "detained", "killed", "killed", "killed"]),
        "date": pd.Series(pd.to_datetime(["2022-01-05", "2022-01-05", "2022-01-05", "2022-01-06", "2022-08-31"]),
                          dtype="datetime64[ns]"),
        "reporting_body": s(["B", "A", "B", "B", "B"]), "value": i64([100, 90, 10, 8, 60]),
        "low": i64([100, 90, 10, 8, 60]), "high": i64([100, 90, 10, 8, 60]),
        "value_text": s(["100", "90", "10", "8", "60"]), "report_id": s(["d1", "d2", "k1", "k2", "k8"]),
        "revises": s([NA, NA, NA, "k1", NA]),
        "status": s(["counted", "counted", "counted", "counted", "retracted"]),
    })
    assert_frame_equal(got, want)
    got = tl.toll_history_table(df, ["killed", "detained"])  # in the order of the metrics given
    assert got["report_id"].tolist() == ["k1", "k2", "k8", "d1", "d2"]
    got = tl.toll_history_table(df, ["killed"], scope="KZ-ALA", start="2022-01-01", end="2022-01-31")
    assert got[["report_id", "status"]].values.tolist() == [["k3", "counted"]]
    got = tl.toll_history_table(df, ["killed"], population="all", start="2022-01-04", end="2022-01-05")
    assert got["report_id"].tolist() == ["k0", "k1"]


def test_toll_history_of_nothing_is_an_empty_typed_table():
    got = tl.toll_history_table(reports([r("a", 5, 30)]), ["injured"])
    want = pd.DataFrame({"metric": s([]), "date": pd.Series([], dtype="datetime64[ns]"), "reporting_body": s([]),
                         "value": i64([]), "low": i64([]), "high": i64([]), "value_text": s([]),
                         "report_id": s([]), "revises": s([]), "status": s([])})
    assert_frame_equal(got, want)


# --------------------------------------------------------------------------- escalation_table
def test_slug_makes_column_names():
    assert tl.slug("Explosions/Remote violence") == "explosions_remote_violence"
    assert tl.slug(" (Other) Riots! ") == "other_riots"
    assert tl.slug("Battles") == "battles"


def test_escalation_table_every_column_on_a_small_case():
    ev = pd.DataFrame({"event_id": ["e1", "e2", "e3"], "date": pd.to_datetime(["2022-01-02", "2022-01-03", "2022-01-03"]),
                       "place_id": ["nur-sultan", "nur-sultan", "x-town"],
                       "event_type": ["Protests", "(Other) Riots!", "Riots"],
                       "time_precision": [1, 1, 1], "size_low": [None, None, None]})
    ms = pd.DataFrame([("m9", "state_of_emergency", None, "x-town", "2022-01-03", None, "2022-01-03", None),
                       ("m2", "internet_shutdown", "full", "national", "2022-01-02", None, "2022-01-02", None),
                       ("m3", "amnesty", None, "national", "2022-01-03", None, "2022-01-03", None)],
                      columns=["measure_id", "measure", "level", "scope", "start", "start_time", "end", "end_time"])
    rp = reports([r("a", 2, 10, 12, body="A", text="10-12"), r("b", 3, 20, body="B"),
                  r("x", 3, 99, body="A", retracted=True), r("y", 3, 98, body="A", retracted=True),
                  r("w", 3, 97, body="B", retracted=True), r("i", 3, 5, metric="injured", scope="KZ-X", body="A"),
                  r("s", 2, 1, pop="security_forces", body="A")])
    places = pd.DataFrame({"place_id": ["nur-sultan", "x-town"], "name": ["Astana", "X"], "region_id": ["KZ-X", "KZ-X"]})
    got = tl.escalation_table(ev, ms, rp, "2022-01-02", "2022-01-03", places=places, regions=["KZ-X", "KZ-Y"],
                              bodies="A", series=[("killed", "killed", "all"), ("hurt", "injured", "all")],
                              milestone_keys=["protests_begin", "soe_start", "amnesty"])
    n = pd.Series
    want = pd.DataFrame({
        "date": n(pd.to_datetime(["2022-01-02", "2022-01-03"]), dtype="datetime64[ns]"),
        "events_other_riots": n([0, 1], dtype="int64"), "events_protests": n([1, 0], dtype="int64"),
        "events_riots": n([0, 1], dtype="int64"), "events_total": n([1, 2], dtype="int64"),
        "places_active": n([1, 1], dtype="int64"), "places_new": n([1, 1], dtype="int64"),
        "places_cumulative": n([1, 2], dtype="int64"), "places_new_ids": s(["nur-sultan", "x-town"]),
        "killed": i64([10, 10]), "killed_low": i64([10, 10]), "killed_high": i64([12, 12]),
        "killed_text": s(["10-12", "10-12"]), "killed_report_id": s(["a", "a"]), "killed_retracted": i64([NA, 99]),
        "killed_retracted_ids": s([NA, "x;y"]),
        "hurt": i64([NA, NA]), "hurt_low": i64([NA, NA]), "hurt_high": i64([NA, NA]), "hurt_text": s([NA, NA]),
        "hurt_report_id": s([NA, NA]), "hurt_retracted": i64([NA, NA]), "hurt_retracted_ids": s([NA, NA]),
        "soe_units": n([0, 1], dtype="int64"), "soe_measure_ids": s([NA, "m9"]),
        "curfew": [False, False], "curfew_units": n([0, 0], dtype="int64"), "curfew_measure_ids": s([NA, NA]),
        "internet": s(["full", "off"]), "internet_measure_ids": s(["m2", NA]),
        "csto_present": [False, False], "csto_withdrawing": [False, False], "csto_measure_ids": s([NA, NA]),
        "milestones": s(["Protests begin in Astana", "State of emergency \u00b7 Amnesty"]),
        "milestone_ids": s(["e1", "m3;m9"]),
    })
    assert_frame_equal(got, want)


def test_escalation_table_defaults_the_gazetteer_and_counts_no_types_as_zero():
    ev = pd.DataFrame({"event_id": ["e1"], "date": pd.to_datetime(["2022-01-02"]), "place_id": ["nur-sultan"],
                       "event_type": ["Protests"], "time_precision": [1]})
    ms = pd.DataFrame([("m1", "amnesty", None, "national", "2022-01-03", None, "2022-01-03", None)],
                      columns=["measure_id", "measure", "level", "scope", "start", "start_time", "end", "end_time"])
    rp = reports([r("a", 2, 10)])
    got = tl.escalation_table(ev, ms, rp, "2022-01-02", "2022-01-04", regions=["KZ-X"],
                              milestone_keys=["protests_begin"])
    assert got["milestones"].tolist() == ["Protests begin in Nur-Sultan", NA, NA]  # the shipped name
    assert got["internet"].tolist() == ["off", "off", "off"]  # the window runs past the last measure
    got = tl.escalation_table(ev.iloc[:0], ms, rp, "2022-01-02", "2022-01-03", regions=["KZ-X"])
    assert got.columns[:3].tolist() == ["date", "events_total", "places_active"]
    assert got["events_total"].tolist() == [0, 0] and got["events_total"].dtype == "int64"
    assert got["milestones"].dtype == "string" and got["milestone_ids"].dtype == "string"  # all missing


def test_a_revision_is_matched_on_the_text_of_the_ids():
    df = reports([(1, "2022-01-05", "B", "killed", "all", "national", "30", 30, 30, False, None),
                  (2, "2022-01-06", "B", "killed", "all", "national", "20", 20, 20, False, 1)])
    cs = tl.casualty_series(df, "killed")
    assert series_ids(cs) == ["1", "2"]
    assert tl.toll_history_table(df, ["killed"])["revises"].tolist() == [NA, "1"]


def test_reports_without_a_revises_column_never_revise():
    df = reports([r("a", 5, 30), r("b", 6, 20)]).drop(columns="revises")
    df["value_high"] = ["30", "about 20"]
    cs = tl.casualty_series(df, "killed")
    assert series_ids(cs) == ["a", "a"]
    assert cs.ignored[["report_id", "high"]].astype(object).values.tolist() == [["b", NA]]



def test_approximate_and_retracted_flags_may_be_text_or_numbers():
    df = reports([r("a", 5, 30), r("b", 5, 30), r("c", 6, 40), r("d", 7, 50), r("e", 7, 45)])
    df["value_approx"] = ["False", " yes ", None, None, None]
    df["retracted"] = [0.0, None, 1.0, "no", float("nan")]
    cs = tl.casualty_series(df, "killed")
    assert series_ids(cs) == ["a", "a", "d"]          # b is approximate; c is retracted
    assert cs.retracted["report_id"].tolist() == ["c"]
    df["value_approx"] = pd.array([True, False, None, None, None], dtype="boolean")
    assert series_ids(tl.casualty_series(df, "killed")) == ["b", "b", "d"]
