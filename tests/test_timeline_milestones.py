"""kzlib.timeline.milestones: which rows make a turning point, its date, label and ids, and the
order of one day's milestones, on tiny hand-built frames."""
from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from kzlib import timeline as tl

COLS = ["measure_id", "measure", "level", "scope", "start", "start_time", "end", "end_time"]


def mk(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLS, dtype=object)


def events(rows, sizes=True) -> pd.DataFrame:
    """rows: (event_id, date, place_id, event_type, time_precision, size_low)."""
    df = pd.DataFrame(rows, columns=["event_id", "date", "place_id", "event_type", "time_precision", "size_low"])
    df["date"] = pd.to_datetime(df["date"])
    return df if sizes else df.drop(columns="size_low")


def table(rows) -> pd.DataFrame:
    return pd.DataFrame({
        "date": pd.Series(pd.to_datetime([r[0] for r in rows]), dtype="datetime64[ns]"),
        "key": pd.array([r[1] for r in rows], dtype="string"),
        "label": pd.array([r[2] for r in rows], dtype="string"),
        "ids": pd.array([r[3] for r in rows], dtype="string"),
    })


def test_protests_begin_names_the_first_day_places_in_row_order():
    ev = events([("e9", "2022-01-03", "oral", "Riots", 1, None), ("e2", "2022-01-03", "nur-sultan", "Protests", 1, None),
                 ("e5", "2022-01-03", "oral", "Protests", 1, None), ("e1", "2022-01-03", "taraz", "Battles", 1, None),
                 ("e0", "2022-01-02", "aktobe", "Protests", 2, None),          # dated to the week
                 ("e3", "2022-01-01", "aktau", "Strategic developments", 1, None),  # not unrest
                 ("e4", "2022-01-04", "aktau", "Protests", 1, None)])
    got = tl.milestones(events=ev, places=pd.DataFrame({"place_id": ["taraz"], "name": ["Taraz City"]}))
    assert_frame_equal(got, table([("2022-01-03", "protests_begin",
                                    "Protests begin in Oral, Nur Sultan and Taraz City", "e1;e2;e5;e9")]))
    got = tl.milestones(events=ev[ev["event_id"] != "e1"], places=pd.DataFrame({"place_id": ["x"]}))
    assert got["label"].tolist() == ["Protests begin in Oral and Nur Sultan"]
    got = tl.milestones(events=ev[ev["event_id"] == "e4"])
    assert_frame_equal(got, table([("2022-01-04", "protests_begin", "Protests begin in Aktau", "e4")]))
    got = tl.milestones(events=ev, event_types=["Strategic developments"])
    assert got["label"].tolist() == ["Protests begin in Aktau"]


def test_mass_protest_is_the_first_counted_event_with_a_large_enough_crowd_per_place():
    ev = events([("a1", "2022-01-02", "aktau", "Protests", 1, "999"), ("z1", "2022-01-03", "zhanaozen", "Protests", 1, 5000),
                 ("a2", "2022-01-04", "aktau", "Protests", 2, 3000),      # week-dated: not counted
                 ("a3", "2022-01-05", "aktau", "Protests", 1, 1000), ("a4", "2022-01-05", "aktau", "Riots", 1, 2000),
                 ("a5", "2022-01-05", "aktau", "Protests", 1, None), ("a6", "2022-01-06", "aktau", "Protests", 1, 8000),
                 ("n1", "2022-01-06", "nur-sultan", "Protests", 1, "many")])
    got = tl.milestones(events=ev, mass_protest_places=["zhanaozen", "aktau", "nur-sultan"],
                        places=pd.DataFrame({"place_id": ["aktau"], "name": ["Aqtau"]}))
    assert_frame_equal(got, table([
        ("2022-01-02", "protests_begin", "Protests begin in Aqtau", "a1"),
        ("2022-01-03", "mass_protest", "Mass protest in Zhanaozen", "z1"),
        ("2022-01-05", "mass_protest", "Mass protest in Aqtau", "a3;a4")]))
    got = tl.milestones(events=ev, mass_protest_places=["aktau"], min_crowd=2500)
    assert got[["date", "ids"]].astype(str).values.tolist() == [["2022-01-02", "a1"], ["2022-01-06", "a6"]]
    assert tl.milestones(events=ev)["key"].tolist() == ["protests_begin"]  # default: almaty only
    got = tl.milestones(events=ev.drop(columns="size_low"), mass_protest_places=["aktau"])
    assert got["key"].tolist() == ["protests_begin"]
    got = tl.milestones(events=ev, mass_protest_places=["nur-sultan"], min_crowd=0)
    assert got["label"].tolist() == ["Protests begin in Aktau"]


def test_no_rows_no_milestones():
    empty = tl.milestones()
    assert_frame_equal(empty, table([]))
    assert_frame_equal(tl.milestones(mk([]), events([])), table([]))
    only_coarse = events([("a", "2022-01-05", "aktau", "Protests", 3, 5000)])
    assert_frame_equal(tl.milestones(events=only_coarse, mass_protest_places=["aktau"]), table([]))


def test_measure_milestones_take_the_first_start_and_every_row_starting_that_day():
    m = mk([("g2", "government_resignation", None, "national", "2022-01-06", None, "2022-01-06", None),
            ("g1", "government_resignation", None, "national", "2022-01-05", "09:00", "2022-01-05", "09:00"),
            ("s2", "state_of_emergency", None, "KZ-A", "2022-01-05", "01:00", "2022-01-07", None),
            ("s1", "state_of_emergency", None, "national", "2022-01-05", None, "2022-01-09", "07:00"),
            ("s3", "state_of_emergency", None, "KZ-B", "2022-01-06", None, "2022-01-09", "07:00"),
            ("q", "foreign_assistance_request", None, "national", "2022-01-05", "23:00", "2022-01-05", "23:00"),
            ("dc", "foreign_deployment", "decision", "national", "2022-01-06", None, "2022-01-06", None),
            ("an", "foreign_deployment", "Announcement", "national", "2022-01-06", None, "2022-01-06", None),
            ("rq", "foreign_deployment", "request", "national", "2022-01-06", None, "2022-01-06", None),
            ("d1", "foreign_deployment", None, "almaty", "2022-01-07", None, "2022-01-12", None),
            ("d2", "foreign_deployment", "arrival", "national", "2022-01-07", None, "2022-01-07", None),
            ("k", "shoot_to_kill_order", None, "national", "2022-01-07", None, "2022-01-07", None),
            ("mo", "day_of_mourning", None, "national", "2022-01-10", None, "2022-01-10", None),
            ("w2", "foreign_deployment", "withdrawal", "national", "2022-01-14", None, "2022-01-19", None),
            ("w1", "foreign_deployment", "Withdrawal", "national", "2022-01-13", None, "2022-01-19", None)])
    got = tl.milestones(m)
    assert_frame_equal(got, table([
        ("2022-01-05", "government_resignation", "Government dismissed", "g1"),
        ("2022-01-05", "soe_start", "State of emergency", "s1;s2"),
        ("2022-01-05", "csto_request", "CSTO asked for troops", "q"),
        ("2022-01-07", "csto_arrival", "CSTO troops arrive", "d1;d2"),
        ("2022-01-07", "shoot_to_kill", "'Shoot to kill' order", "k"),
        ("2022-01-09", "soe_end", "State of emergency ends", "s1;s3"),
        ("2022-01-10", "day_of_mourning", "Day of mourning", "mo"),
        ("2022-01-13", "csto_withdrawal", "CSTO withdrawal begins", "w1")]))


def test_soe_end_is_the_day_of_the_last_end_moment_and_absent_while_one_is_open():
    m = mk([("s1", "state_of_emergency", None, "national", "2022-01-05", None, "2022-01-19", None),
            ("s2", "state_of_emergency", None, "KZ-A", "2022-01-05", None, "2022-01-19", "23:00")])
    # s1 ends at the end of 19 January, i.e. at 00:00 on 20 January
    assert tl.milestones(m).loc[lambda d: d["key"] == "soe_end", ["date", "ids"]].astype(str).values.tolist() == [
        ["2022-01-20", "s1"]]
    m.loc[0, "end_time"] = "23:00"
    assert tl.milestones(m).loc[lambda d: d["key"] == "soe_end", ["date", "ids"]].astype(str).values.tolist() == [
        ["2022-01-19", "s1;s2"]]
    m.loc[1, "end"] = None
    m.loc[1, "end_time"] = None
    assert tl.milestones(m)["key"].tolist() == ["soe_start"]


def test_other_one_off_acts_are_milestones_under_their_measure_name_and_sort_after_the_named_ones():
    m = mk([("x1", "leadership_change", "Chair of the Security Council", "national", "2022-01-05", None,
             "2022-01-05", None),
            ("x2", "amnesty", None, "national", "2022-01-05", "10:00", "2022-01-05", "10:00"),
            ("x3", "amnesty", None, "national", "2022-01-06", None, "2022-01-08", None),   # not one-off
            ("x4", "curfew", None, "national", "2022-01-05", None, "2022-01-05", None),      # a band
            ("x5", "foreign_statement", None, "national", "2022-01-05", None, "2022-01-05", None),
            ("x6", "price_cap", None, "national", "2022-01-05", None, "2022-01-05", None),
            ("x7", "shoot_to_kill_order", None, "national", "2022-01-05", None, "2022-01-05", None),
            ("x8", "day_of_mourning", None, "national", "2022-01-05", None, "2022-01-05", None),
            ("x9", "export_ban", "  ", "national", "2022-01-05", None, "2022-01-05", None)])
    got = tl.milestones(m)
    assert_frame_equal(got, table([
        ("2022-01-05", "shoot_to_kill", "'Shoot to kill' order", "x7"),
        ("2022-01-05", "day_of_mourning", "Day of mourning", "x8"),
        ("2022-01-05", "amnesty", "Amnesty", "x2"),
        ("2022-01-05", "leadership_change", "Leadership change (Chair of the Security Council)", "x1")]))


def test_milestones_clip_to_either_bound():
    m = mk([("a", "amnesty", None, "national", "2022-01-04", None, "2022-01-04", None),
            ("b", "government_resignation", None, "national", "2022-01-05", None, "2022-01-05", None),
            ("c", "shoot_to_kill_order", None, "national", "2022-01-06", None, "2022-01-06", None)])
    assert tl.milestones(m, start="2022-01-05")["ids"].tolist() == ["b", "c"]
    assert tl.milestones(m, end=pd.Timestamp("2022-01-05 18:00"))["ids"].tolist() == ["a", "b"]
    assert tl.milestones(m, start="2022-01-05", end="2022-01-05")["ids"].tolist() == ["b"]
    with pytest.raises(ValueError, match="^end: expected a date"):
        tl.milestones(m, end="soon")


def test_mass_protest_skips_missing_crowd_sizes_and_names_a_place_without_a_gazetteer_name():
    ev = events([("a", "2022-01-04", "nur-sultan", "Protests", 1, None), ("b", "2022-01-05", "nur-sultan", "Protests", 1, 2000)])
    ev["size_low"] = pd.array([None, 2000], dtype="Int64")
    got = tl.milestones(events=ev, mass_protest_places=["nur-sultan"])
    assert got[["key", "label", "ids"]].values.tolist() == [
        ["protests_begin", "Protests begin in Nur Sultan", "a"], ["mass_protest", "Mass protest in Nur Sultan", "b"]]


def test_milestones_name_a_bad_start():
    with pytest.raises(ValueError) as err:
        tl.milestones(start="first day")
    assert str(err.value) == "start: expected a date such as '2022-01-05', got 'first day'"
