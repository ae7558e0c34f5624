"""kzlib.plots.anymap: the table behind the spread map of any country, checked with exact
values on a made-up country ("Zembla", invented here: three places, two provinces and a
third with no events), and the test that sends a frame to that map."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from shapely.geometry import box

from kzlib import KzDataError
from kzlib.plots.anymap import is_foreign, spread_map_any_data
from kzlib.spread import distance_km

#          place_id, name,          region,         lat,  lon
PLACES = [("alpha", "Alpha Town", "North Zembla", 62.5, 11.0),
          ("beta", "Beta Port", "North Zembla", 62.0, 12.5),
          ("gamma", "Gamma", "South Zembla", 60.5, 11.5)]
XY = {p: (lat, lon) for p, _, _, lat, lon in PLACES}
# the units' names are written differently from the events' region_id: matched without case/punctuation
UNITS = gpd.GeoDataFrame({"code": ["ZN", "ZS", "ZE"], "province": ["north zembla", "South-Zembla", "East Zembla"]},
                         geometry=[box(10, 61.5, 14, 63), box(10, 60, 14, 61.5), box(14, 60, 15, 63)],
                         crs="EPSG:4326")


def places() -> pd.DataFrame:
    return pd.DataFrame(PLACES, columns=["place_id", "name", "region_id", "latitude", "longitude"])


def events() -> pd.DataFrame:
    rows = [("Z1", "2020-05-09", "alpha", "Protests"), ("Z2", "2020-05-10", "beta", "Riots"),
            ("Z3", "2020-05-12", "gamma", "Protests"), ("Z4", "2020-05-12", "gamma", "Strategic developments"),
            ("Z5", "2020-05-13", "alpha", "Protests")]
    ev = pd.DataFrame(rows, columns=["event_id", "date", "place_id", "event_type"])
    ev["date"] = pd.to_datetime(ev["date"])
    ev["time_precision"] = 1
    p = places().set_index("place_id")
    ev["location"] = ev["place_id"].str.capitalize()          # as the export wrote it
    ev["region_id"] = ev["place_id"].map(p["region_id"])
    ev["latitude"] = ev["place_id"].map(p["latitude"])
    ev["longitude"] = ev["place_id"].map(p["longitude"])
    ev["place_match"] = "new"
    ev.attrs["country"] = "Zembla"
    return ev


def place_part(rows, origin: str) -> pd.DataFrame:
    """rows: (place_id, first day, day_offset, n_events)."""
    meta = {p: (n, r) for p, n, r, _, _ in PLACES}
    return pd.DataFrame({
        "layer": "place", "id": [r[0] for r in rows], "name": [meta[r[0]][0] for r in rows],
        "region_id": [meta[r[0]][1] for r in rows], "first_date": pd.to_datetime([r[1] for r in rows]),
        "day_offset": pd.array([r[2] for r in rows], dtype="Int64"),
        "n_events": pd.array([r[3] for r in rows], dtype="Int64"),
        "latitude": [XY[r[0]][0] for r in rows], "longitude": [XY[r[0]][1] for r in rows],
        "distance_km": [distance_km(XY[r[0]], XY[origin]) for r in rows]})


def test_is_foreign():
    ev = events()
    assert is_foreign(ev) is True
    ev.attrs["country"] = ""
    assert is_foreign(ev) is False
    assert is_foreign(pd.DataFrame({"a": [1]})) is False
    assert is_foreign([("not", "a frame")]) is False                 # no attrs at all


def test_places_only_without_boundaries():
    got = spread_map_any_data(events(), places())
    want = place_part([("alpha", "2020-05-09", 0, 2), ("beta", "2020-05-10", 1, 1), ("gamma", "2020-05-12", 3, 1)],
                      origin="alpha")                              # origin None: the earliest counted event
    assert_frame_equal(got, want, check_exact=False, rtol=1e-12)
    assert got.attrs["origin"] == "alpha" and got.attrs["origin_date"] == pd.Timestamp("2020-05-09")


def test_units_of_the_boundaries_given_then_places():
    got = spread_map_any_data(events(), places(), boundaries=UNITS, unit_column="province", origin="beta",
                              event_types=("Protests",))
    units = pd.DataFrame({"layer": "unit", "id": ["north zembla", "South-Zembla", "East Zembla"],
                          "name": ["north zembla", "South-Zembla", "East Zembla"], "region_id": np.nan,
                          "first_date": pd.to_datetime(["2020-05-09", "2020-05-12", None]),
                          "day_offset": pd.array([0, 3, pd.NA], dtype="Int64"),
                          "n_events": pd.array([pd.NA] * 3, dtype="Int64"), "latitude": np.nan,
                          "longitude": np.nan, "distance_km": np.nan})
    # only protests count here; beta (a riot) is the origin asked for, but no place of the map
    places_ = place_part([("alpha", "2020-05-09", 0, 2), ("gamma", "2020-05-12", 3, 1)], origin="beta")
    want = pd.concat([units, places_], ignore_index=True)
    want["region_id"] = want["region_id"].astype(object)
    assert_frame_equal(got, want, check_exact=False, rtol=1e-12)
    assert got.attrs["origin"] == "beta"
    # the first column names the units when no unit_column is given
    first_col = spread_map_any_data(events(), places(), boundaries=UNITS)
    assert list(first_col.loc[first_col["layer"] == "unit", "id"]) == ["ZN", "ZS", "ZE"]
    assert first_col.loc[first_col["layer"] == "unit", "first_date"].isna().all()   # codes match no region


def test_a_missing_unit_column_is_named():
    with pytest.raises(KzDataError, match="a unit column named 'province2'"):
        spread_map_any_data(events(), places(), boundaries=UNITS, unit_column="province2")


def test_places_default_to_the_exports_own():
    ev = events()
    ev.attrs["new_places"] = [{"place_id": "alpha", "name": "Alpha on the Fjord", "kind": "area",
                               "region_id": "North Zembla", "latitude": 62.5, "longitude": 11.0}]
    got = spread_map_any_data(ev)
    assert list(got["name"]) == ["Alpha on the Fjord", "Beta", "Gamma"]      # the others: as the rows name them
