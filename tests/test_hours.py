"""Hour by hour: local clock times put on one clock (kzlib.hours)."""
from __future__ import annotations

import pandas as pd
import pytest

import kzlib
from kzlib import KzDataError
from kzlib.hours import hourly_counts, timed_items
from kzlib.plots.hours import hour_labels, plot_hours


@pytest.fixture(scope="module")
def geo():
    return kzlib.load_regions(), kzlib.load_places()


def toy_events() -> pd.DataFrame:
    return pd.DataFrame({
        "event_id": ["E1", "E2", "E3", "E4", "E5"],
        "date": pd.to_datetime(["2022-01-04", "2022-01-04", "2022-01-05", "2022-01-05", "2022-01-07"]),
        "time": ["18:30", None, "10:00", "10:15", "09:00"],
        "place_id": ["almaty", "almaty", "aktau", "aktau", "almaty"],
        "event_type": ["Protests", "Protests", "Riots", "Riots", "Protests"],
        "same_event_as": [None, None, None, "E3", None],
        "source_ids": ["s1", "s2", "s3", "s4", "s5"],
    })


def toy_measures() -> pd.DataFrame:
    return pd.DataFrame({
        "measure_id": ["M1", "M2", "M3"], "measure": ["state_of_emergency", "internet_shutdown", "curfew"],
        "level": [None, "full", None], "scope": ["KZ-MAN", "national", "aktau"],
        "start": pd.to_datetime(["2022-01-05", "2022-01-05", "2022-01-06"]),
        "start_time": ["01:30", "17:00", None], "source_ids": ["s6", "s7", "s8"],
    })


def test_times_go_to_the_capital_clock(geo):
    items = timed_items(toy_events(), toy_measures(), *geo)
    # Aktau was on UTC+5: 10:00 there is 11:00 in Almaty; Mangystau's 01:30 is 02:30
    assert items["id"].tolist() == ["E1", "M1", "E3", "E4", "M2"]
    assert items["reference_time"].dt.strftime("%d %H:%M").tolist() == ["04 18:30", "05 02:30", "05 11:00",
                                                                        "05 11:15", "05 17:00"]
    assert items["local_time"].tolist() == ["18:30", "01:30", "10:00", "10:15", "17:00"]
    assert items["tz"].tolist() == ["Asia/Almaty", "Asia/Aqtau", "Asia/Aqtau", "Asia/Aqtau", "Asia/Almaty"]
    assert items["counted"].tolist() == [True, True, True, False, True]
    assert items.loc[items["id"] == "M2", "label"].item() == "internet_shutdown (full)"


def test_hourly_counts_skip_other_accounts(geo):
    counts = hourly_counts(timed_items(toy_events(), toy_measures(), *geo))
    assert len(counts) == 72 and counts["events"].sum() == 2 and counts["measures"].sum() == 2
    at = counts.set_index("hour")
    assert at.loc["2022-01-05 11:00", "events"] == 1   # E3; E4 is its other account
    assert at.loc["2022-01-05 02:00", "measures"] == 1


def test_a_bad_time_is_named(geo):
    ev = toy_events()
    ev.loc[2, "time"] = "10h00"
    with pytest.raises(KzDataError) as e:
        timed_items(ev, toy_measures(), *geo)
    p = e.value.problems[0]
    assert (p.row, p.column, p.value) == (4, "time", "10h00")


def test_labels_and_plot(geo):
    items = timed_items(toy_events(), toy_measures(), *geo)
    labels = hour_labels(items, {"almaty": "Almaty", "aktau": "Aktau"})
    assert labels[0] == "18:30 UTC+6  Almaty: Protests  [E1]"
    assert labels[3] == "10:15 UTC+5  Aktau: Riots (other account)  [E4]"
    assert labels[4] == "17:00 UTC+6  national: internet shutdown (full)  [M2]"
    ax = plot_hours(items, place_names={"almaty": "Almaty"})
    assert len(ax.collections) == 5
    assert [t.get_text() for t in ax.texts] == hour_labels(items, {"almaty": "Almaty"})


def test_hour_labels_on_a_hand_built_frame():
    rows = [  # id, kind, label, counted, place_id, local_time, tz
        ("E1", "event", "Protests", True, "almaty", "18:30", "Asia/Almaty"),
        ("E2", "event", "Protests", False, "aktau", "10:15", "Asia/Aqtau"),
        ("E3", "event", "Riots", False, "oral", "09:00", "Asia/Oral"),
        ("E4", "event", "Battles", False, "aktobe", "07:05", "Asia/Aqtobe"),
        ("E5", "event", "Violence against civilians", False, "atyrau", "23:59", "Asia/Atyrau"),
        ("E6", "event", "Strategic developments", False, "kyzylorda", "12:00", "Asia/Qyzylorda"),
        ("M1", "measure", "Protests", False, "kostanay", "06:00", "Asia/Qostanay"),
        ("M2", "measure", "internet_shutdown (full)", True, "national", "17:00", "Europe/Paris"),
    ]
    items = pd.DataFrame(rows, columns=["id", "kind", "label", "counted", "place_id", "local_time", "tz"])
    names = {"almaty": "Almaty", "national": "Everywhere"}
    assert hour_labels(items, names) == [
        "18:30 UTC+6  Almaty: Protests  [E1]",
        "10:15 UTC+5  aktau: Protests (other account)  [E2]",
        "09:00 UTC+5  oral: Riots (other account)  [E3]",
        "07:05 UTC+5  aktobe: Battles (other account)  [E4]",
        "23:59 UTC+5  atyrau: Violence against civilians (other account)  [E5]",
        "12:00 UTC+5  kyzylorda: Strategic developments (not counted)  [E6]",
        "06:00 UTC+6  kostanay: Protests (not counted)  [M1]",        # a measure is never another account
        "17:00 Europe/Paris  national: internet shutdown (full)  [M2]",
    ]
    assert hour_labels(items.iloc[:1])[0] == "18:30 UTC+6  almaty: Protests  [E1]"   # no names: the place_id
    assert hour_labels(items.iloc[:0]) == []
