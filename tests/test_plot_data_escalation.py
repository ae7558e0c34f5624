"""kzlib.plots.escalation: what the escalation and toll-history figures write and colour
(titles, event-type columns, body colours), checked with exact values on tiny hand-built
tables (only the columns each piece reads). No drawing."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kzlib.plots import escalation as esc

NAN = np.nan


def days(first: str, n: int) -> list[pd.Timestamp]:
    return list(pd.date_range(first, periods=n, freq="D"))


# --------------------------------------------------------------------------- helpers
def test_day_text_and_dates():
    assert esc._d(pd.Timestamp("2022-01-05")) == "5 Jan"
    assert esc._d(pd.Timestamp("2021-12-31 18:00")) == "31 Dec"
    got = esc._dates(pd.DataFrame({"date": ["2022-01-02", "2022-01-03"]}))
    assert isinstance(got, pd.DatetimeIndex)
    assert list(got) == [pd.Timestamp("2022-01-02"), pd.Timestamp("2022-01-03")]


def test_column_reads_numbers_and_leaves_the_rest_empty():
    t = pd.DataFrame({"a": ["1", "x", None, "2.5"], "b": pd.array([3, None, 0, 1], dtype="Int64")})
    a = esc._column(t, "a")
    assert a.dtype == np.float64
    np.testing.assert_array_equal(a, [1.0, NAN, NAN, 2.5])
    b = esc._column(t, "b")
    assert b.dtype == np.float64
    np.testing.assert_array_equal(b, [3.0, NAN, 0.0, 1.0])


def test_event_columns_in_drawing_order_without_empty_ones():
    t = pd.DataFrame({
        "date": days("2022-01-01", 2),
        "events_zeta_thing": [0, 2],                      # not an ACLED type: named from the column
        "events_riots": [1, 0],                           # sums to exactly 1: kept
        "events_total": [9, 9],                           # the total is not a type
        "events_explosions_remote_violence": [0, 3],
        "events_protests": ["4", "1"],                    # read as numbers
        "events_strategic_developments": [0, 0],          # all zero: skipped
        "events_battles": [2, 0],
        "events_alpha_thing": [1, 0],                     # unknown too: keeps the table's order
        "soe_units": [5, 5],
    })
    assert esc._event_columns(t) == [
        ("events_protests", "Protests"), ("events_riots", "Riots"), ("events_battles", "Battles"),
        ("events_explosions_remote_violence", "Explosions/Remote violence"),
        ("events_zeta_thing", "Zeta thing"), ("events_alpha_thing", "Alpha thing"),
    ]
    v = pd.DataFrame({"date": days("2022-01-01", 1), "events_violence_against_civilians": [1],
                      "events_strategic_developments": [1]})
    assert esc._event_columns(v) == [("events_violence_against_civilians", "Violence against civilians"),
                                     ("events_strategic_developments", "Strategic developments")]
    assert esc._event_columns(pd.DataFrame({"date": [], "events_total": []})) == []


# --------------------------------------------------------------------------- titles
def test_casualty_title_names_the_peak_detentions_and_the_first_death_toll():
    t = pd.DataFrame({
        "date": days("2022-01-04", 4),
        "detained": [NAN, 100, 5000, 4000],
        "detained_text": [None, "100", "almost 5,000", "4,000"],
        "killed": [NAN, NAN, 1234, 2000],
    })
    assert esc._casualty_title(t) == ("Detentions reached almost 5,000 by 6 Jan; "
                                      "the first overall death toll (1,234) only on 6 Jan")
    t["killed"] = NAN
    assert esc._casualty_title(t) == "Detentions reached almost 5,000 by 6 Jan; no overall death toll was published"
    only_killed = pd.DataFrame({"date": days("2022-01-04", 3), "killed": [NAN, 7, 9]})
    assert esc._casualty_title(only_killed) == "the first overall death toll (7) only on 5 Jan"
    no_detained = pd.DataFrame({"date": days("2022-01-04", 2), "detained": [NAN, NAN],
                                "detained_text": [None, None]})
    assert esc._casualty_title(no_detained) == "Reported casualties and detentions"
    assert esc._casualty_title(pd.DataFrame({"date": days("2022-01-04", 2)})) == "Reported casualties and detentions"


def test_measures_title():
    d = days("2022-01-01", 6)
    lifted = pd.DataFrame({"date": d, "soe_units": [0, 2, 3, 3, 1, 0]})
    assert esc._measures_title(lifted, 3) == ("All 3 units under a state of emergency from 3 Jan; "
                                              "lifted unit by unit, the last on 6 Jan")
    partial = pd.DataFrame({"date": d[:3], "soe_units": [0, 1, 2]})
    assert esc._measures_title(partial, 3) == ("A state of emergency from 2 Jan; "
                                               "still in force at the end of the window")
    assert esc._measures_title(partial, 2) == ("All 2 units under a state of emergency from 3 Jan; "
                                               "still in force at the end of the window")
    one_unit = pd.DataFrame({"date": d[:3], "soe_units": [0, 1, 0]})
    assert esc._measures_title(one_unit, 3) == ("A state of emergency from 2 Jan; "
                                                 "lifted unit by unit, the last on 3 Jan")
    none = pd.DataFrame({"date": d[:2], "soe_units": [0, NAN]})
    assert esc._measures_title(none, 17) == "No state of emergency in force in this window"


def test_escalation_title_and_subtitle():
    t = pd.DataFrame({"date": days("2021-12-31", 4), "events_total": [0, 2, 5, 1], "soe_units": [0, 0, 1, 2]})
    assert esc._escalation_title(t, "Zembla") == (
        "Unrest peaked 1 day after the first protest; a state of emergency followed for 2 days",
        "Zembla, 31 Dec – 3 Jan 2022, by local day")
    t2 = pd.DataFrame({"date": days("2022-01-01", 4), "events_total": [0, 1, 0, 3]})
    assert esc._escalation_title(t2) == ("Unrest peaked 2 days after the first protest",
                                         "Kazakhstan, 1 Jan – 4 Jan 2022, by local day")
    t3 = pd.DataFrame({"date": days("2022-01-01", 3), "events_total": [4, 4, 1], "soe_units": [0, 1, 0]})
    assert esc._escalation_title(t3)[0] == ("Unrest peaked on the first day of protest; "
                                            "a state of emergency followed for 1 day")
    no_events = pd.DataFrame({"date": days("2022-01-01", 2), "soe_units": [3, 3]})
    assert esc._escalation_title(no_events) == ("No events recorded in this window",
                                                "Kazakhstan, 1 Jan – 2 Jan 2022, by local day")
    zero = pd.DataFrame({"date": days("2022-01-01", 2), "events_total": [0, 0]})
    assert esc._escalation_title(zero)[0] == "No events recorded in this window"
    assert esc._escalation_title(pd.DataFrame({"date": []})) == ("No days in the window", "")
    new_year = pd.DataFrame({"date": days("2021-12-30", 3), "events_total": [1, 0, 0]})
    # the year is the last day's
    assert esc._escalation_title(new_year)[1] == "Kazakhstan, 30 Dec – 1 Jan 2022, by local day"


# --------------------------------------------------------------------------- toll history
def history(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["metric", "date", "reporting_body", "value", "report_id", "status"])
    df["date"] = pd.to_datetime(df["date"])
    df["value"] = df["value"].astype("Int64")
    return df


def test_body_colours_most_reports_first():
    h = history([
        ("killed", "2022-01-05", "C", 1, "R1", "counted"),
        ("killed", "2022-01-06", "B", 2, "R2", "counted"),
        ("killed", "2022-01-07", "A", 3, "R3", "counted"),
        ("detained", "2022-01-05", "C", 4, "R4", "counted"),
        ("detained", "2022-01-06", "B", 5, "R5", "retracted"),   # retracted figures are drawn: they count
        ("detained", "2022-01-07", "C", 6, "R6", "counted"),
        ("detained", "2022-01-07", "B", 6, "R7", "counted"),
        ("killed", "2022-01-08", "A", 1, "R8", "ignored"),        # ignored ones do not
        ("killed", "2022-01-09", "A", 1, "R9", "ignored"),
        ("killed", "2022-01-09", "A", 1, "R10", "ignored"),
        ("killed", "2022-01-09", "D", 1, "R11", "ignored"),
    ])
    # B and C 3 reports each (ties by name), A 1; D only ignored: no colour
    assert esc._body_colours(h) == {"B": "#1b6ca8", "C": "#9c6644", "A": "#00798c"}


def test_body_colours_cycle_after_ten_bodies():
    names = [f"b{i:02d}" for i in range(11)]
    h = history([("killed", "2022-01-05", b, 1, f"R{b}", "counted") for b in names])
    got = esc._body_colours(h)
    assert list(got) == names
    assert got["b00"] == got["b10"] == "#1b6ca8" and got["b09"] == "#b07aa1"
    assert len(set(got.values())) == 10


def test_body_colours_keep_ties_in_name_order_with_many_bodies():
    names = [f"b{i:02d}" for i in range(40)]
    h = history([("killed", "2022-01-05", b, 1, f"R{b}", "counted") for b in names]
                + [("killed", "2022-01-06", "b39", 1, "Rx", "counted")])
    assert list(esc._body_colours(h)) == ["b39"] + names[:-1]


def test_toll_history_title():
    h = history([
        ("killed", "2022-02-20", "A", 238, "R4", "counted"),     # rows not in date order
        ("killed", "2022-01-05", "A", 225, "R1", "counted"),
        ("killed", "2022-01-15", "A", 227, "R3", "counted"),
        ("killed", "2022-01-10", "A", 225, "R2", "counted"),
        ("killed", "2022-01-06", "B", 18, "R5", "counted"),
        ("killed", "2022-01-07", "B", 19, "R6", "ignored"),
        ("killed", "2022-01-08", "B", 19, "R7", "ignored"),
        ("killed", "2022-01-09", "B", 19, "R8", "retracted"),
        ("killed", "2022-01-10", "B", 19, "R9", "retracted"),
        ("detained", "2022-01-10", "B", 5, "R10", "counted"),
        ("detained", "2022-01-11", "B", 6, "R11", "counted"),
        ("detained", "2022-01-12", "B", 7, "R12", "counted"),
    ])
    assert esc._toll_history_title(h) == "The official death toll was revised 2 times between 5 Jan and 20 Feb 2022"
    once = history([("killed", "2021-12-30", "A", 10, "R1", "counted"),
                    ("killed", "2022-01-02", "A", 12, "R2", "counted"),
                    ("killed", "2022-01-03", "A", 12, "R3", "counted")])
    assert esc._toll_history_title(once) == "The official death toll was revised 1 time between 30 Dec and 2 Jan 2022"
    back = history([("killed", "2022-01-05", "A", 5, "R1", "counted"),
                    ("killed", "2022-01-06", "A", 7, "R2", "counted"),
                    ("killed", "2022-01-07", "A", 5, "R3", "counted"),
                    ("killed", "2022-01-08", "A", 5, "R4", "counted")])
    assert esc._toll_history_title(back) == "The official death toll was revised 2 times between 5 Jan and 7 Jan 2022"
    flat = history([("killed", "2022-01-07", "A", 1234, "R2", "counted"),
                    ("killed", "2022-01-06", "A", 1234, "R1", "counted")])
    assert esc._toll_history_title(flat) == "The official death toll stood at 1,234 from 6 Jan"
    assert esc._toll_history_title(flat.iloc[:1]) == "The official death toll stood at 1,234 from 7 Jan"
    assert esc._toll_history_title(history([("detained", "2022-01-07", "A", 5, "R1", "counted"),
                                            ("killed", "2022-01-07", "A", 5, "R2", "retracted")])) == ""


def test_toll_title_first_peak_last_and_retraction():
    part = history([
        ("detained", "2022-01-12", "MVD", 7939, "R3", "counted"),
        ("detained", "2022-01-05", "MVD", 1000, "R1", "counted"),
        ("detained", "2022-01-08", "MVD", 9900, "R2", "counted"),
        ("detained", "2022-01-06", "KNB", 1, "R9", "counted"),
        ("detained", "2022-01-07", "KNB", 50, "R8", "retracted"),
        ("detained", "2022-01-09", "MVD", 12000, "R4", "retracted"),
        ("detained", "2022-01-10", "MVD", 13000, "R5", "retracted"),
        ("detained", "2022-01-11", "KNB", 2, "R6", "ignored"),
        ("detained", "2022-01-11", "KNB", 2, "R7", "ignored"),
        ("detained", "2022-01-11", "KNB", 2, "R71", "ignored"),
    ])
    assert esc._toll_title(part, "detained") == ("MVD: detainee count 1,000 on 5 Jan, peak 9,900 on 8 Jan, "
                                                 "7,939 on 12 Jan; the 12,000 of 9 Jan was retracted")
    rising = history([("injured", "2022-01-07", "MZ", 4353, "R2", "counted"),
                      ("injured", "2022-01-05", "MZ", 100, "R1", "counted")])
    assert esc._toll_title(rising, "injured") == "MZ: injured count 100 on 5 Jan, 4,353 on 7 Jan"
    tie = history([("killed", "2022-01-05", "A", 5, "R1", "counted"),
                   ("killed", "2022-01-06", "A", 8, "R2", "counted"),
                   ("killed", "2022-01-07", "A", 8, "R3", "counted"),
                   ("killed", "2022-01-06", "B", 9, "R4", "counted"),
                   ("killed", "2022-01-07", "B", 9, "R5", "counted"),
                   ("killed", "2022-01-08", "B", 9, "R6", "counted")])
    # A and B have as many reports: A (by name); the first of two equal peaks is the peak
    assert esc._toll_title(tie, "killed") == "A: death toll 5 on 5 Jan, peak 8 on 6 Jan, 8 on 7 Jan"
    assert esc._toll_title(history([("killed", "2022-01-05", "A", 5, "R1", "retracted")]), "killed") == \
        "No death toll in this window"
    assert esc._toll_title(history([]), "missing") == "No missing in this window"


# Many bodies, several tied for the most reports: the main body is the first of them by name
# (b07 here), however many there are.
TIED = [1] * 7 + [2, 2, 2, 1, 2, 2, 1, 1, 2, 2, 2, 1, 2, 2, 2, 2]


def many_bodies(metric: str = "killed") -> pd.DataFrame:
    rows = []
    for i, n in enumerate(TIED):
        day = pd.Timestamp("2022-01-01") + pd.Timedelta(days=i)
        for k in range(n):
            rows.append((metric, day + pd.Timedelta(days=k), f"b{i:02d}", 10 * i + k, f"R{i}-{k}", "counted"))
    return history(rows)


def test_titles_pick_the_first_body_by_name_among_ties():
    assert esc._toll_history_title(many_bodies()) == ("The official death toll was revised 1 time between "
                                                      "8 Jan and 9 Jan 2022")
    assert esc._toll_title(many_bodies(), "killed") == "b07: death toll 70 on 8 Jan, 71 on 9 Jan"
