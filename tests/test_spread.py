"""first_seen, distance_km and spread_pace on small hand-built frames with exact expected values."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

import kzlib
from kzlib import KzDataError
from kzlib.spread import COUNTED_EVENT_TYPES, first_by_region, first_seen, spread_pace

# GeoNames coordinates, as in data/places.csv
ZHANAOZEN = (43.34116, 52.86192)
AKTAU = (43.66105, 51.17392)
ALMATY = (43.25249, 76.91150)
NUR_SULTAN = (51.18010, 71.44598)
TARAZ = (42.89799, 71.37334)


def places_frame() -> pd.DataFrame:
    rows = [("zhanaozen", "Zhanaozen", "KZ-MAN", *ZHANAOZEN), ("aktau", "Aktau", "KZ-MAN", *AKTAU),
            ("almaty", "Almaty", "KZ-ALA", *ALMATY), ("nur-sultan", "Nur-Sultan", "KZ-AST", *NUR_SULTAN),
            ("taraz", "Taraz", "KZ-ZHA", *TARAZ)]
    return pd.DataFrame(rows, columns=["place_id", "name", "region_id", "latitude", "longitude"])


def events_frame(rows=None) -> pd.DataFrame:
    rows = rows or [
        ("E1", "2022-01-02", "zhanaozen", "Protests", 1),
        ("E2", "2022-01-02", "aktau", "Protests", 1),
        ("E3", "2022-01-03", "aktau", "Riots", 1),
        ("E4", "2022-01-04", "almaty", "Riots", 1),
        ("E5", "2022-01-04", "almaty", "Protests", 1),
        ("E6", "2022-01-03", "almaty", "Strategic developments", 1),   # does not count
        ("E7", "2022-01-05", "nur-sultan", "Battles", 1),
        ("E8", "2022-01-03", "taraz", "Protests", 2),                  # only dated to the week
        ("E9", "2022-01-05", "taraz", "Violence against civilians", 1),
    ]
    return pd.DataFrame(rows, columns=["event_id", "date", "place_id", "event_type", "time_precision"])


def geod_km(a, b) -> float:
    return Geod(ellps="WGS84").inv(a[1], a[0], b[1], b[0])[2] / 1000


# --------------------------------------------------------------------------- distance_km
def test_distance_matches_geographiclib_published_examples():
    # GeographicLib documentation (Karney): JFK -> LHR and Wellington -> Salamanca, WGS84.
    assert kzlib.distance_km((40.6, -73.8), (51.6, -0.5)) == pytest.approx(5551.759400, abs=1e-3)
    assert kzlib.distance_km((-41.32, 174.81), (40.96, -5.50)) == pytest.approx(19959.679267, abs=1e-3)


def test_distance_zhanaozen_aktau_and_almaty():
    places = places_frame()
    za = kzlib.distance_km("zhanaozen", "aktau", places)
    assert za == pytest.approx(geod_km(ZHANAOZEN, AKTAU), abs=1e-3)          # 1 m
    assert za == pytest.approx(141.065, abs=1e-3)
    zal = kzlib.distance_km(ZHANAOZEN, "almaty", places)
    assert zal == pytest.approx(geod_km(ZHANAOZEN, ALMATY), abs=1e-3)
    assert zal == pytest.approx(1944.790, abs=1e-3)
    # order of magnitude, with a spherical great circle (R = 6371 km) as a rough, independent check
    def haversine(a, b):
        p1, p2, dl = map(math.radians, (a[0], b[0], b[1] - a[1]))
        h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * 6371.0 * math.asin(math.sqrt(h))
    assert za == pytest.approx(haversine(ZHANAOZEN, AKTAU), rel=0.006)
    assert zal == pytest.approx(haversine(ZHANAOZEN, ALMATY), rel=0.006)
    assert 100 < za < 200 and 1800 < zal < 2100


def test_distance_accepts_ids_or_pairs_and_is_symmetric():
    places = places_frame()
    assert kzlib.distance_km("aktau", "almaty", places) == kzlib.distance_km(AKTAU, list(ALMATY))
    assert kzlib.distance_km("almaty", "aktau", places) == pytest.approx(kzlib.distance_km(AKTAU, ALMATY), abs=1e-9)
    assert kzlib.distance_km(AKTAU, AKTAU) == 0.0


def test_distance_uses_shipped_places_by_default():
    assert kzlib.distance_km("zhanaozen", "aktau") == pytest.approx(141.065, abs=1e-3)


def test_distance_errors():
    with pytest.raises(KzDataError, match="atlantis"):
        kzlib.distance_km("atlantis", AKTAU, places_frame())
    with pytest.raises(ValueError, match="latitude"):
        kzlib.distance_km((95.0, 10.0), AKTAU)
    with pytest.raises(TypeError):
        kzlib.distance_km(43.0, AKTAU)


# --------------------------------------------------------------------------- first_seen
def test_first_seen_exact_values():
    f = first_seen(events_frame(), places_frame())
    assert list(f["place_id"]) == ["zhanaozen", "aktau", "almaty", "taraz", "nur-sultan"]
    assert list(f["first_date"].dt.strftime("%Y-%m-%d")) == [
        "2022-01-02", "2022-01-02", "2022-01-04", "2022-01-05", "2022-01-05"]
    assert list(f["day_offset"]) == [0, 0, 2, 3, 3]
    assert list(f["order"]) == [1, 1, 3, 4, 4]               # ties share, next rank skips
    assert list(f["evidence"]) == ["E1", "E2", "E4;E5", "E9", "E7"]
    assert list(f["n_first_day"]) == [1, 1, 2, 1, 1]
    assert list(f["n_events"]) == [1, 2, 2, 1, 1]
    assert list(f["first_day_types"]) == ["Protests", "Protests", "Protests;Riots",
                                          "Violence against civilians", "Battles"]
    assert list(f["region_id"]) == ["KZ-MAN", "KZ-MAN", "KZ-ALA", "KZ-ZHA", "KZ-AST"]
    assert f.loc[0, "distance_km"] == 0.0
    assert f.loc[1, "distance_km"] == pytest.approx(geod_km(ZHANAOZEN, AKTAU), abs=1e-3)
    assert f.attrs["origin_date"] == pd.Timestamp("2022-01-02")
    assert f.attrs["origin_basis"] == "first protest in Zhanaozen"
    assert f.attrs["event_types"] == COUNTED_EVENT_TYPES


def test_first_seen_counts_imprecise_dates_only_when_asked():
    f = first_seen(events_frame(), places_frame(), max_time_precision=None).set_index("place_id")
    assert f.loc["taraz", "first_date"] == pd.Timestamp("2022-01-03")
    assert f.loc["taraz", "evidence"] == "E8"
    assert f.loc["taraz", "order"] == 3
    assert f.loc["almaty", "order"] == 4


def test_first_seen_event_types_are_configurable():
    f = first_seen(events_frame(), places_frame(),
                   event_types=COUNTED_EVENT_TYPES + ("Strategic developments",)).set_index("place_id")
    assert f.loc["almaty", "first_date"] == pd.Timestamp("2022-01-03")
    assert f.loc["almaty", "evidence"] == "E6"
    only_protests = first_seen(events_frame(), places_frame(), event_types=("Protests",))
    assert list(only_protests["place_id"]) == ["zhanaozen", "aktau", "almaty"]


def test_origin_falls_back_to_earliest_event_without_zhanaozen_protest():
    ev = events_frame()
    ev = ev[ev["place_id"] != "zhanaozen"]
    f = first_seen(ev, places_frame())
    assert f.attrs["origin_date"] == pd.Timestamp("2022-01-02")   # Aktau's E2
    assert "earliest counted event" in f.attrs["origin_basis"]
    assert list(f["day_offset"]) == [0, 2, 3, 3]
    # distances are still from Zhanaozen's coordinates (it is in the gazetteer)
    assert f.loc[0, "distance_km"] == pytest.approx(geod_km(ZHANAOZEN, AKTAU), abs=1e-3)
    later = events_frame([("X1", "2022-01-03", "zhanaozen", "Riots", 1), ("X2", "2022-01-01", "aktau", "Protests", 1)])
    g = first_seen(later, places_frame())
    assert g.attrs["origin_date"] == pd.Timestamp("2022-01-01")
    assert dict(zip(g["place_id"], g["day_offset"])) == {"aktau": 0, "zhanaozen": 2}


def test_first_seen_accepts_other_readers_schema():
    # ACLED-like: string dates, categorical types, extra columns, a place missing from the gazetteer
    ev = pd.DataFrame({
        "event_id": ["A1", "A2", "A3"],
        "date": ["2022-01-02", "2022-01-04", "2022-01-06"],
        "place_id": ["zhanaozen", "kaskelen", "unknown-town"],
        "event_type": pd.Categorical(["Protests", "Protests", "Riots"]),
        "latitude": [np.nan, 43.2, 43.25],
        "longitude": [np.nan, 76.62, 76.95],   # inside Almaty city
        "location": [None, "Kaskelen", None],
        "region_id": [None, "KZ-ALM", None],
        "fatalities": [0, 0, 3],
    })
    f = first_seen(ev, places_frame()).set_index("place_id")
    assert f.loc["kaskelen", "name"] == "Kaskelen"
    assert f.loc["kaskelen", "region_id"] == "KZ-ALM"                 # from the frame
    assert f.loc["unknown-town", "region_id"] == "KZ-ALA"             # point in polygon
    assert f.loc["unknown-town", "name"] == "unknown-town"
    assert f.loc["kaskelen", "distance_km"] == pytest.approx(geod_km(ZHANAOZEN, (43.2, 76.62)), abs=1e-3)
    assert f.loc["kaskelen", "day_offset"] == 2


def test_unknown_place_without_coordinates_is_reported_with_its_row():
    ev = events_frame([("E1", "2022-01-02", "zhanaozen", "Protests", 1), ("E2", "2022-01-03", "atlantis", "Protests", 1)])
    with pytest.raises(KzDataError) as e:
        first_seen(ev, places_frame())
    p = e.value.problems[0]
    assert (p.row, p.column, p.value) == (3, "place_id", "atlantis")


def test_missing_columns_and_bad_dates():
    with pytest.raises(KzDataError) as e:
        first_seen(events_frame().drop(columns=["event_type", "date"]), places_frame())
    assert {p.column for p in e.value.problems} == {"event_type", "date"}
    bad = events_frame()
    bad.loc[2, "date"] = "3 Jan"
    with pytest.raises(KzDataError) as e:
        first_seen(bad, places_frame())
    assert (e.value.problems[0].row, e.value.problems[0].column) == (4, "date")


def test_no_counted_events_gives_empty_frame():
    ev = events_frame([("E1", "2022-01-02", "aktau", "Strategic developments", 1)])
    f = first_seen(ev, places_frame())
    assert f.empty and "first_date" in f.columns
    assert pd.isna(f.attrs["origin_date"])


def test_first_by_region():
    r = first_by_region(first_seen(events_frame(), places_frame()))
    assert list(r["region_id"]) == ["KZ-MAN", "KZ-ALA", "KZ-AST", "KZ-ZHA"]
    assert r.set_index("region_id").loc["KZ-MAN", "first_places"] == "aktau;zhanaozen"
    assert r.set_index("region_id").loc["KZ-MAN", "n_places"] == 2
    assert list(r["day_offset"]) == [0, 2, 3, 3]


def test_shipped_data_first_days():
    """Smoke test on the shipped data: the four places of the usual narrative."""
    f = kzlib.first_seen(kzlib.load_events()).set_index("place_id")
    assert f.loc["zhanaozen", "first_date"] == pd.Timestamp("2022-01-02")
    assert f.loc["zhanaozen", "day_offset"] == 0
    for place in ("aktau", "almaty", "nur-sultan"):
        if place in f.index:
            assert f.loc[place, "day_offset"] >= 0


# --------------------------------------------------------------------------- spread_pace
def first_frame(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["place_id", "day_offset", "distance_km"])
    df["first_date"] = pd.Timestamp("2022-01-02") + pd.to_timedelta(df["day_offset"], unit="D")
    return df


def test_spread_pace_per_day_and_fit():
    first = first_frame([("zhanaozen", 0, 0.0), ("b", 1, 100.0), ("c", 2, 200.0), ("d", 4, 300.0),
                         ("e", 4, 250.0)])
    pace = spread_pace(first, n_boot=500, seed=1)
    d = pace.per_day
    assert list(d["day_offset"]) == [0, 1, 2, 3, 4]              # day 3 kept with 0 new places
    assert list(d["new_places"]) == [1, 1, 1, 0, 2]
    assert list(d["cumulative_places"]) == [1, 2, 3, 3, 5]
    assert list(d["frontier_km"]) == [0.0, 100.0, 200.0, 200.0, 300.0]
    assert list(d["frontier_place"]) == ["zhanaozen", "b", "c", "c", "d"]
    assert d.loc[4, "new_place_ids"] == "d;e"
    f = pace.fit
    # x = [1, 2, 4, 4] (mean 2.75), y = [100, 200, 300, 250] (mean 212.5): sxy = 362.5, sxx = 6.75
    assert f.slope_km_per_day == pytest.approx(362.5 / 6.75)
    assert f.intercept_km == pytest.approx(212.5 - 362.5 / 6.75 * 2.75)
    assert (f.n, f.n_days) == (4, 3)
    assert f.ci_low <= f.slope_km_per_day <= f.ci_high
    assert f.spearman_rho == pytest.approx(np.corrcoef([1, 2, 3.5, 3.5], [1, 2, 4, 3])[0, 1])
    assert pace.excluded == ("zhanaozen",)
    again = spread_pace(first, n_boot=500, seed=1)
    assert (again.fit.ci_low, again.fit.ci_high) == (f.ci_low, f.ci_high)   # deterministic


def test_spread_pace_perfect_line_has_a_degenerate_interval():
    pace = spread_pace(first_frame([("zhanaozen", 0, 0.0), ("b", 1, 100.0), ("c", 2, 200.0), ("d", 3, 300.0)]))
    assert pace.fit.slope_km_per_day == pytest.approx(100.0)
    assert pace.fit.intercept_km == pytest.approx(0.0, abs=1e-9)
    assert pace.fit.ci_low == pytest.approx(100.0) and pace.fit.ci_high == pytest.approx(100.0)
    assert pace.fit.spearman_rho == pytest.approx(1.0)
    assert "not a speed of propagation" in pace.describe()


def test_spread_pace_too_few_places():
    pace = spread_pace(first_frame([("zhanaozen", 0, 0.0), ("b", 1, 100.0), ("c", 1, 150.0)]))
    assert math.isnan(pace.fit.slope_km_per_day) and pace.fit.n == 2
    assert "Too few" in pace.describe()
    with pytest.raises(KzDataError):
        spread_pace(pd.DataFrame({"place_id": ["a"]}))


def test_spread_pace_on_first_seen_output():
    pace = spread_pace(first_seen(events_frame(), places_frame()))
    assert list(pace.per_day["cumulative_places"]) == [2, 2, 3, 5]
    assert pace.per_day.loc[3, "frontier_place"] == "almaty"   # taraz and nur-sultan are nearer
    assert pace.fit.n == 4 and pace.fit.n_days == 3
