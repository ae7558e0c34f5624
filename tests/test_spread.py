"""first_seen, distance_km and spread_pace on small hand-built frames with exact expected values."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

import kzlib
from kzlib import KzDataError
from kzlib.spread import COUNTED_EVENT_TYPES, counted_events, first_by_region, first_seen, spread_pace

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


# --------------------------------------------------------------------------- pace: edges and the bootstrap
def test_spread_pace_missing_columns_are_named():
    with pytest.raises(KzDataError) as e:
        spread_pace(pd.DataFrame({"place_id": ["a"], "day_offset": [0]}))
    assert [(p.file, p.row, p.column, p.value, p.expected) for p in e.value.problems] == [
        ("first_seen (DataFrame)", None, "first_date", "(absent)", "a first_seen column"),
        ("first_seen (DataFrame)", None, "distance_km", "(absent)", "a first_seen column")]


def test_spread_pace_bootstrap_interval_is_the_percentile_interval_of_resampled_slopes():
    # x = 1, 2, 3 and y = 0, 100, 400: a resample drawing two of the points has the slope of that
    # pair (100, 200 or 300 km/day), one drawing all three the least-squares slope 200, one drawing a
    # single point has no slope. Of the 27 equally likely resamples 3 are skipped and the slopes
    # 100 / 200 / 300 have probabilities 1/4, 1/2, 1/4: the 95 % interval is [100, 300], the 40 %
    # interval [200, 200], and about 24/27 of the resamples are used.
    first = first_frame([("zhanaozen", 0, 0.0), ("a", 1, 0.0), ("b", 2, 100.0), ("c", 3, 400.0)])
    for seed in (0, 7):
        f = spread_pace(first, n_boot=4000, seed=seed).fit
        assert (f.slope_km_per_day, f.n, f.n_days, f.n_boot, f.seed) == (pytest.approx(200.0), 3, 3, 4000, seed)
        assert (f.ci_low, f.ci_high) == (pytest.approx(100.0), pytest.approx(300.0))
        assert abs(f.n_boot_used - 4000 * 24 / 27) < 100
        narrow = spread_pace(first, n_boot=4000, seed=seed, ci_level=0.4).fit
        assert (narrow.ci_low, narrow.ci_high, narrow.ci_level) == (pytest.approx(200.0), pytest.approx(200.0), 0.4)
    none = spread_pace(first, n_boot=0).fit                      # no resample: no interval, still a line
    assert none.slope_km_per_day == pytest.approx(200.0) and none.n_boot_used == 0
    assert math.isnan(none.ci_low) and math.isnan(none.ci_high)


def test_spread_pace_is_deterministic_per_seed_and_defaults_to_seed_0_and_2000_resamples():
    rng = np.random.default_rng(42)
    days = np.arange(1, 13)
    first = first_frame([("zhanaozen", 0, 0.0)] + [(f"p{d:02d}", int(d), float(100 * d + rng.normal(0, 150)))
                                                   for d in days])
    a, b = spread_pace(first, n_boot=300, seed=1).fit, spread_pace(first, n_boot=300, seed=1).fit
    assert a == b
    c = spread_pace(first, n_boot=300, seed=2).fit
    assert (c.ci_low, c.ci_high) != (a.ci_low, a.ci_high)
    d = spread_pace(first).fit
    assert (d.n_boot, d.seed, d.ci_level) == (2000, 0, 0.95)
    assert d == spread_pace(first, n_boot=2000, seed=0).fit


def test_spread_pace_needs_three_places_on_two_days():
    nan_fit = [("zhanaozen", 0, 0.0), ("b", 1, 100.0), ("c", 2, 150.0)]          # 2 places, 2 days
    one_day = [("zhanaozen", 0, 0.0), ("b", 1, 100.0), ("c", 1, 150.0), ("d", 1, 90.0)]   # 3 places, 1 day
    for rows, n, n_days in ((nan_fit, 2, 2), (one_day, 3, 1)):
        f = spread_pace(first_frame(rows), n_boot=50, seed=3, ci_level=0.9).fit
        values = [f.slope_km_per_day, f.intercept_km, f.ci_low, f.ci_high, f.spearman_rho]
        assert all(math.isnan(v) for v in values)
        assert (f.ci_level, f.n, f.n_days, f.n_boot, f.n_boot_used, f.seed) == (0.9, n, n_days, 50, 0, 3)
    two_days = spread_pace(first_frame([("zhanaozen", 0, 0.0), ("b", 1, 100.0), ("c", 1, 150.0),
                                        ("d", 2, 300.0)])).fit
    assert (two_days.n, two_days.n_days) == (3, 2)
    assert two_days.slope_km_per_day == pytest.approx(175.0)   # x 1,1,2 / y 100,150,300


def test_spread_pace_rank_correlation_with_ties_and_without_spread():
    # days 1,1,2,2 (ranks 1.5,1.5,3.5,3.5, whose spread is exactly 1) and distinct distances
    tied = spread_pace(first_frame([("zhanaozen", 0, 0.0), ("a", 1, 10.0), ("b", 1, 20.0), ("c", 2, 30.0),
                                    ("d", 2, 40.0)])).fit
    assert tied.spearman_rho == pytest.approx(np.corrcoef([1.5, 1.5, 3.5, 3.5], [1, 2, 3, 4])[0, 1])
    same_km = spread_pace(first_frame([("zhanaozen", 0, 0.0), ("a", 1, 50.0), ("b", 2, 50.0), ("c", 3, 50.0)]))
    assert math.isnan(same_km.fit.spearman_rho) and same_km.fit.slope_km_per_day == 0.0
    rows = [("zhanaozen", 0, 0.0), ("a", 1, 10.0), ("b", 2, 10.0), ("c", 2, 20.0), ("d", 3, 20.0)]
    tied_both = spread_pace(first_frame(rows)).fit      # distances 10,10,20,20: ranks spread exactly 1 too
    assert tied_both.spearman_rho == pytest.approx(np.corrcoef([1, 2.5, 2.5, 4], [1.5, 1.5, 3.5, 3.5])[0, 1])


def test_spread_pace_frontier_keeps_the_first_place_at_a_distance_and_skips_unknown_distances():
    first = first_frame([("a", -1, np.nan), ("zhanaozen", 0, 0.0), ("b", 1, 120.0), ("c", 2, 120.0),
                         ("e", 3, 300.0), ("d", 3, 300.0), ("f", 3, np.nan)])
    pace = spread_pace(first, n_boot=100)
    d = pace.per_day
    assert list(d.columns) == ["date", "day_offset", "new_places", "new_place_ids", "cumulative_places",
                               "frontier_km", "frontier_place"]
    assert list(d["day_offset"]) == [-1, 0, 1, 2, 3]                # starts at the first row's offset
    assert list(d["date"].dt.strftime("%m-%d")) == ["01-01", "01-02", "01-03", "01-04", "01-05"]
    assert list(d["new_places"]) == [1, 1, 1, 1, 3] and list(d["cumulative_places"]) == [1, 2, 3, 4, 7]
    assert d["frontier_km"].tolist()[1:] == [0.0, 120.0, 120.0, 300.0] and math.isnan(d.loc[0, "frontier_km"])
    # nothing known on day -1; c (day 2) is no farther than b; d and e tie: the first by place_id
    assert list(d["frontier_place"]) == ["", "zhanaozen", "b", "b", "d"]
    assert list(d["new_place_ids"]) == ["a", "zhanaozen", "b", "c", "d;e;f"]
    assert pace.excluded == ("a", "f", "zhanaozen")
    assert (pace.fit.n, pace.fit.n_days) == (4, 3)


def test_spread_pace_origin_from_first_seen_attrs_and_no_origin():
    first = first_frame([("zhanaozen", 0, 0.0), ("b", 1, 100.0), ("c", 2, 200.0), ("d", 3, 300.0)])
    first.attrs["origin"] = "b"
    assert spread_pace(first, origin=None).excluded == ("b",)
    assert spread_pace(first).excluded == ("zhanaozen",)                       # the default: Zhanaozen
    assert spread_pace(first, origin="elsewhere").excluded == ()
    assert spread_pace(first, origin="elsewhere").fit.n == 4


def test_spread_pace_of_nothing():
    empty = first_frame([])
    pace = spread_pace(empty)
    assert list(pace.per_day.columns) == ["date", "day_offset", "new_places", "new_place_ids",
                                          "cumulative_places", "frontier_km", "frontier_place"]
    assert pace.per_day.empty and pace.excluded == () and pace.fit.n == 0
    assert pace.describe() == "No places reached. Too few places (0) or arrival days (0) for a line."


def test_describe_reads_the_last_day_and_the_fit():
    first = first_frame([("zhanaozen", 0, 0.0), ("a", 1, 0.0), ("b", 2, 100.0), ("c", 3, 400.0), ("d", 5, 350.0)])
    pace = spread_pace(first, n_boot=1000, ci_level=0.9)
    f = pace.fit
    assert pace.describe() == (
        f"5 places reached over 6 days; farthest 400 km from the origin (c). Least-squares line over n=4 "
        f"places on 4 distinct days: {f.slope_km_per_day:+.0f} km per day (90% bootstrap interval "
        f"{f.ci_low:+.0f} to {f.ci_high:+.0f}); Spearman rho {f.spearman_rho:+.2f}. Descriptive only: arrival "
        "days are whole days bunched on a few dates, places are not independent and coverage of small towns "
        "is uneven, so this is not a speed of propagation.")
    few = spread_pace(first_frame([("zhanaozen", 0, 0.0), ("a", 2, 80.0), ("b", 4, 60.0)]))
    assert few.describe() == ("3 places reached over 5 days; farthest 80 km from the origin (a). "
                              "Too few places (2) or arrival days (2) for a line.")


# --------------------------------------------------------------------------- distances: arguments and errors
def test_distance_km_messages_name_the_argument():
    with pytest.raises(ValueError) as e:
        kzlib.distance_km(AKTAU, (43.0, 181.0))
    assert str(e.value) == "b: latitude must be in [-90, 90] and longitude in [-180, 180], got (43.0, 181.0)"
    with pytest.raises(TypeError) as e:
        kzlib.distance_km(("x", 1), AKTAU)
    assert str(e.value) == "a: expected a place_id or a (lat, lon) pair of numbers, got ('x', 1)"
    with pytest.raises(TypeError) as e:
        kzlib.distance_km(AKTAU, (1.0, 2.0, 3.0))
    assert str(e.value) == "b: expected a place_id or a (lat, lon) pair, got (1.0, 2.0, 3.0)"
    with pytest.raises(TypeError) as e:
        kzlib.distance_km(43.0, AKTAU)
    assert str(e.value) == "a: expected a place_id or a (lat, lon) pair, got 43.0"
    bad = pd.concat([places_frame(), pd.DataFrame([("pole", "Pole", "KZ-X", 95.0, 10.0)],
                                                  columns=places_frame().columns)])
    with pytest.raises(ValueError) as e:
        kzlib.distance_km("pole", "aktau", bad)
    assert str(e.value).startswith("a: latitude must be in [-90, 90]")


@pytest.mark.parametrize("lat,lon", [(90.0, 0.0), (-90.0, 0.0), (0.0, 180.0), (0.0, -180.0)])
def test_distance_km_accepts_the_edges_of_the_globe(lat, lon):
    assert kzlib.distance_km((lat, lon), (lat, lon)) == 0.0


@pytest.mark.parametrize("lat,lon", [(90.5, 0.0), (-90.5, 0.0), (0.0, 180.5), (0.0, -180.5), (math.nan, 0.0),
                                     (0.0, math.inf)])
def test_distance_km_refuses_points_off_the_globe(lat, lon):
    with pytest.raises(ValueError):
        kzlib.distance_km((lat, lon), AKTAU)


def test_distance_km_reads_places_only_for_place_ids(monkeypatch):
    import kzlib.load

    def no_load():
        raise AssertionError("places.csv read although no place id was given")
    monkeypatch.setattr(kzlib.load, "load_places", no_load)
    assert kzlib.distance_km(ZHANAOZEN, AKTAU) == pytest.approx(141.065, abs=1e-3)
    # ids of a given frame are looked up there, not in places.csv
    mine = pd.concat([places_frame(), pd.DataFrame([("my-camp", "Camp", "KZ-MAN", 43.5, 52.0)],
                                                   columns=places_frame().columns)])
    assert kzlib.distance_km("my-camp", "aktau", mine) == pytest.approx(geod_km((43.5, 52.0), AKTAU), abs=1e-6)
    with pytest.raises(KzDataError) as e:
        kzlib.distance_km("atlantis", AKTAU, mine)
    p = e.value.problems[0]
    assert (p.file, p.row, p.column, p.value, p.expected) == ("places (DataFrame)", None, "place_id", "atlantis",
                                                              "a place_id of places.csv")


def test_distance_km_default_places_for_either_argument(monkeypatch):
    import kzlib.load

    camp = pd.DataFrame([("my-camp", "Camp", "KZ-MAN", 43.5, 52.0)], columns=places_frame().columns)
    monkeypatch.setattr(kzlib.load, "load_places", lambda: camp)
    expected = geod_km((43.5, 52.0), AKTAU)
    assert kzlib.distance_km("my-camp", AKTAU) == pytest.approx(expected, abs=1e-6)
    assert kzlib.distance_km(AKTAU, "my-camp") == pytest.approx(expected, abs=1e-6)
    with pytest.raises(KzDataError) as e:
        kzlib.distance_km(AKTAU, "atlantis")
    p = e.value.problems[0]
    assert (Path(p.file).name, p.column, p.value, p.expected) == ("places.csv", "place_id", "atlantis",
                                                                  "a place_id of places.csv")


def test_distances_from_handles_none_nan_one_and_no_point():
    out = kzlib.spread.distances_from(ZHANAOZEN[0], ZHANAOZEN[1], [AKTAU[0], None, np.nan, ALMATY[0]],
                                      [AKTAU[1], 51.0, 51.0, None])
    assert out.dtype == np.float64 and out.shape == (4,)
    assert out[0] == pytest.approx(geod_km(ZHANAOZEN, AKTAU), abs=1e-6)
    assert np.isnan(out[1:]).all()
    one = kzlib.spread.distances_from(ZHANAOZEN[0], ZHANAOZEN[1], [AKTAU[0]], [AKTAU[1]])
    assert one.shape == (1,) and one[0] == pytest.approx(geod_km(ZHANAOZEN, AKTAU), abs=1e-6)
    none = kzlib.spread.distances_from(0.0, 0.0, [], [])
    assert none.shape == (0,) and none.dtype == np.float64
    ints = kzlib.spread.distances_from(0, 0, [0, 1], [0, 0])
    assert ints[0] == 0.0 and ints[1] == pytest.approx(110.574, abs=1e-3)


# --------------------------------------------------------------------------- events: checks and conversions
def test_first_seen_refuses_what_is_not_an_event_frame():
    with pytest.raises(TypeError) as e:
        first_seen("events.csv", places_frame())                      # type: ignore[arg-type]
    assert str(e.value) == "events: expected a pandas DataFrame, got str"
    with pytest.raises(KzDataError) as e:
        first_seen(pd.DataFrame({"when": ["2022-01-02"]}), places_frame())
    assert [(p.file, p.row, p.column, p.value, p.expected) for p in e.value.problems] == [
        ("events (DataFrame)", None, c, "(absent)", "an event-schema column")
        for c in ("event_id", "date", "place_id", "event_type")]


def _bad_rows_frame() -> pd.DataFrame:
    ev = pd.DataFrame({
        "event_id": ["E1", "E2", "E3", None, "E5"],
        "date": ["2022-01-02", "3 Jan", "2022-01-03", "2022-01-04", "2022-01-04"],
        "place_id": ["zhanaozen", "aktau", None, "aktau", None],
        "event_type": ["Protests"] * 5,
    }, index=[10, 11, 12, 13, 14])
    ev.loc[14, "event_id"] = None
    return ev


def test_bad_rows_are_named_with_their_row_column_and_value():
    with pytest.raises(KzDataError) as e:
        first_seen(_bad_rows_frame(), places_frame())
    assert [(p.file, p.row, p.column, p.value, p.expected) for p in e.value.problems] == [
        ("events (DataFrame)", 3, "date", "3 Jan", "a local date YYYY-MM-DD"),
        ("events (DataFrame)", 4, "place_id", "None", "a non-empty id"),
        ("events (DataFrame)", 5, "event_id", "None", "a non-empty id"),
        ("events (DataFrame)", 6, "place_id", "None", "a non-empty id")]


@pytest.mark.parametrize("dtype", ["object", "string[python]", "string[pyarrow]"])
def test_bad_rows_are_found_whatever_the_column_types(dtype):
    """datetime64 dates take another way through first_seen: it must find the same problems."""
    ev = pd.DataFrame({
        "event_id": pd.Series(["E1", "E2", "E3", None], dtype=dtype),
        "date": pd.to_datetime(["2022-01-02", None, "2022-01-03", "2022-01-04"]),
        "place_id": pd.Series(["zhanaozen", "aktau", None, "aktau"], dtype=dtype),
        "event_type": ["Protests"] * 4,
    })
    missing = "None" if dtype == "object" else "<NA>"
    with pytest.raises(KzDataError) as e:
        first_seen(ev, places_frame())
    assert [(p.row, p.column, p.value) for p in e.value.problems] == [
        (3, "date", "NaT"), (4, "place_id", missing), (5, "event_id", missing)]
    for col, row in (("place_id", 4), ("event_id", 5)):     # each alone is found too
        only = ev.assign(date=pd.to_datetime(["2022-01-02"] * 4))
        only[{"place_id": "event_id", "event_id": "place_id"}[col]] = pd.Series(["a", "b", "c", "d"], dtype=dtype)
        with pytest.raises(KzDataError) as e:
            first_seen(only, places_frame())
        assert [(p.row, p.column) for p in e.value.problems] == [(row, col)]


def test_counted_events_keeps_the_columns_and_gives_local_days():
    ev = pd.DataFrame({
        "event_id": [1, 2, 3, 4, 5, 6],
        "date": ["2022-01-02 23:30", "2022-01-03 00:10", "2022-01-03 08:00", "2022-01-04 09:00", "2022-01-04 10:00",
                 "2022-01-05 11:00"],
        "place_id": ["zhanaozen", "aktau", "aktau", "almaty", "almaty", "taraz"],
        "event_type": ["Protests", "Riots", "Strategic developments", None, "Battles", "Protests"],
        "time_precision": ["1", "x", "1", "1", None, "2"],
        "index": ["keep", "this", "column", "as", "it", "is"],
    }, index=[5, 4, 3, 2, 1, 0])
    c = counted_events(ev)
    assert list(c.columns) == list(ev.columns)
    assert list(c["event_id"]) == ["1", "2", "5"]           # ids become text; precision x or empty = missing
    assert c["date"].dtype == "datetime64[ns]"
    assert list(c["date"].dt.strftime("%Y-%m-%d %H:%M")) == ["2022-01-02 00:00", "2022-01-03 00:00",
                                                             "2022-01-04 00:00"]
    assert list(c["index"]) == ["keep", "this", "it"]
    assert list(counted_events(ev, max_time_precision=None)["event_id"]) == ["1", "2", "5", "6"]
    assert list(counted_events(ev.drop(columns="time_precision"))["event_id"]) == ["1", "2", "5", "6"]
    with_unknown = counted_events(ev, event_types=COUNTED_EVENT_TYPES + (None,))
    assert list(with_unknown["event_id"]) == ["1", "2", "4", "5"]
    assert with_unknown["event_type"].tolist()[2] is None
    assert kzlib.alternative_accounts(ev.assign(same_event_as=[None, None, None, None, "5", None]))[
        "event_id"].tolist() == [5]


def test_dates_with_time_zone_clock_time_or_another_unit_give_the_local_day():
    """The local calendar day of an event decides; every way of writing the dates agrees."""
    local = ["2022-01-02 03:00", "2022-01-02 23:59", "2022-01-03 00:00", "2022-01-04 12:00"]
    base = pd.DataFrame({"event_id": ["E1", "E2", "E3", "E4"], "place_id": ["zhanaozen", "zhanaozen", "aktau",
                                                                            "almaty"],
                         "event_type": ["Protests", "Protests", "Riots", "Protests"]})
    variants = {
        "text": base.assign(date=local),
        "naive ns": base.assign(date=pd.to_datetime(local)),
        "seconds": base.assign(date=pd.to_datetime(local).astype("datetime64[s]")),
        "UTC+6": base.assign(date=pd.to_datetime(local).tz_localize("Asia/Almaty")),
    }
    results = {k: first_seen(v, places_frame()) for k, v in variants.items()}
    f = results["text"]
    assert list(f["place_id"]) == ["zhanaozen", "aktau", "almaty"]
    assert list(f["first_date"].dt.strftime("%Y-%m-%d %H:%M")) == ["2022-01-02 00:00", "2022-01-03 00:00",
                                                                   "2022-01-04 00:00"]
    assert list(f["n_first_day"]) == [2, 1, 1] and list(f["evidence"]) == ["E1;E2", "E3", "E4"]
    for k, g in results.items():
        pd.testing.assert_frame_equal(g, f, obj=k)
        assert g.attrs == f.attrs


# --------------------------------------------------------------------------- first_seen: the same answer for any column types
def rich_events() -> pd.DataFrame:
    """Counted and not counted rows of every kind, on five places (see the expected table below)."""
    return pd.DataFrame({
        "event_id": ["E01", "E02", "E03", "E04", "E05", "E06", "E07", "E08", "E09", "E10", "E11", "E12"],
        "date": ["2022-01-01", "2022-01-02", "2022-01-02", "2022-01-03", "2022-01-03", "2022-01-03",
                 "2022-01-03", "2022-01-04", "2022-01-04", "2022-01-05", "2022-01-05", "2022-01-06"],
        "place_id": ["aktau", "zhanaozen", "zhanaozen", "aktau", "almaty", "almaty", "taraz", "taraz",
                     "nur-sultan", "nur-sultan", "almaty", "taraz"],
        "event_type": ["Strategic developments", "Protests", "Protests", "Riots", "Protests", None, "Protests",
                       "Battles", "Riots", "Protests", "Riots", "Protests"],
        "time_precision": [1, 1, 1, 1, 1, 1, 2, None, 1, 1, 1, 1],
        "same_event_as": [None, None, "E02", None, None, None, None, None, None, None, None, None],
    })


RICH_EXPECTED = {  # place: (first day, n_first_day, n_events, evidence, first_day_types)
    "zhanaozen": ("2022-01-02", 1, 1, "E02;E03", "Protests"),
    "aktau": ("2022-01-03", 1, 1, "E04", "Riots"),
    "almaty": ("2022-01-03", 1, 2, "E05", "Protests"),
    "taraz": ("2022-01-04", 1, 2, "E08", "Battles"),
    "nur-sultan": ("2022-01-04", 1, 2, "E09", "Riots"),
}


def _variants(ev: pd.DataFrame) -> dict[str, pd.DataFrame]:
    dt = ev.assign(date=pd.to_datetime(ev["date"]))
    text = ["event_id", "place_id", "event_type", "same_event_as"]
    return {
        "text dates": ev,
        "datetime64": dt,
        "python strings": dt.astype({c: "string[python]" for c in text}),
        "arrow strings": dt.astype({c: "string[pyarrow]" for c in text}),
        "categories": dt.astype({"place_id": "category", "event_type": "category"}),
        "Int64 precision": dt.astype({"time_precision": "Int64"}),
        "text precision": dt.assign(time_precision=[str(v) if v == v else "n/a" for v in ev["time_precision"]]),
        "other index": dt.set_axis(range(100, 100 + len(dt))),
    }


@pytest.mark.parametrize("name", list(_variants(rich_events())))
def test_first_seen_gives_the_same_answer_for_any_column_types(name):
    f = first_seen(_variants(rich_events())[name], places_frame()).set_index("place_id")
    got = {p: (r.first_date.strftime("%Y-%m-%d"), r.n_first_day, r.n_events, r.evidence, r.first_day_types)
           for p, r in f.iterrows()}
    assert got == RICH_EXPECTED
    assert list(f.index) == ["zhanaozen", "aktau", "almaty", "taraz", "nur-sultan"]   # day, then distance
    assert f.attrs["origin_date"] == pd.Timestamp("2022-01-02")


@pytest.mark.parametrize("name", list(_variants(rich_events())))
def test_first_seen_options_for_any_column_types(name):
    ev = _variants(rich_events())[name]
    every_day = first_seen(ev, places_frame(), max_time_precision=None).set_index("place_id")
    assert every_day.loc["taraz", "first_date"] == pd.Timestamp("2022-01-03")       # E07 (week) counts
    assert every_day.loc["taraz", "n_events"] == 3
    unknown_too = first_seen(ev, places_frame(), event_types=COUNTED_EVENT_TYPES + (None,)).set_index("place_id")
    assert unknown_too.loc["almaty", ["n_first_day", "n_events", "evidence"]].tolist() == [2, 3, "E05;E06"]
    assert unknown_too.loc["almaty", "first_day_types"] == "Protests"                # E06 has no type
    no_precision = first_seen(ev.drop(columns="time_precision"), places_frame()).set_index("place_id")
    assert no_precision.loc["taraz", ["first_date", "n_events"]].tolist() == [pd.Timestamp("2022-01-03"), 3]
    only_riots = first_seen(ev, places_frame(), event_types=["Riots"])
    assert list(only_riots["place_id"]) == ["aktau", "nur-sultan", "almaty"]
    assert only_riots.attrs["event_types"] == ("Riots",)
    assert only_riots.attrs["origin_basis"] == "earliest counted event ('zhanaozen' has no protest)"


def test_unknown_event_types_may_be_counted_even_where_they_come_first():
    ev = pd.DataFrame({"event_id": ["A", "B", "C"], "date": pd.to_datetime(["2022-01-02"] * 3),
                       "place_id": ["zhanaozen", "aktau", "aktau"], "event_type": ["Protests", np.nan, "Riots"]})
    for frame in (ev, ev.assign(date=["2022-01-02"] * 3)):
        f = first_seen(frame, places_frame(), event_types=("Protests", "Riots", None)).set_index("place_id")
        assert f.loc["aktau", ["n_first_day", "evidence", "first_day_types"]].tolist() == [2, "B;C", "Riots"]
        lone = first_seen(frame[frame["event_id"] != "C"], places_frame(),
                          event_types=("Protests", None)).set_index("place_id")
        assert lone.loc["aktau", "first_day_types"] == ""


def test_ids_that_are_numbers_become_text():
    ev = pd.DataFrame({"event_id": [1, 2, 3], "date": pd.to_datetime(["2022-01-02", "2022-01-02", "2022-01-03"]),
                       "place_id": pd.Series([5, "5", 7], dtype=object), "event_type": ["Protests"] * 3})
    places = pd.DataFrame([("5", "Five", "R-1", 43.3, 52.8), ("7", "Seven", "R-2", 43.6, 51.2)],
                          columns=places_frame().columns)
    for frame in (ev, ev.assign(date=["2022-01-02", "2022-01-02", "2022-01-03"])):
        f = first_seen(frame, places, origin="5")
        assert list(f["place_id"]) == ["5", "7"]                     # 5 and "5" are one place
        assert list(f["n_events"]) == [2, 1] and list(f["evidence"]) == ["1;2", "3"]
        assert list(f["name"]) == ["Five", "Seven"]
        assert f.attrs["origin_basis"] == "first protest in Five"


# --------------------------------------------------------------------------- first_seen: origin, output shape
def my_places() -> pd.DataFrame:
    """A gazetteer whose names and regions are nobody's but this test's."""
    rows = [("zhanaozen", "Origin Town", "R-WEST", *ZHANAOZEN), ("p-near", "Near", "R-WEST", *AKTAU),
            ("p-far", "Far", "R-EAST", *ALMATY), ("p-north", "North", "R-NORTH", *NUR_SULTAN),
            ("p-south", "South", "R-SOUTH", *TARAZ)]
    return pd.DataFrame(rows, columns=["place_id", "name", "region_id", "latitude", "longitude"])


def ev_rows(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["event_id", "date", "place_id", "event_type"])


def test_first_seen_output_columns_types_and_names_from_the_given_places():
    f = first_seen(ev_rows(("E1", "2022-01-02", "zhanaozen", "Protests"), ("E2", "2022-01-03", "p-far", "Riots"),
                           ("E3", "2022-01-03", "p-near", "Protests")), my_places())
    assert list(f.columns) == ["place_id", "name", "region_id", "latitude", "longitude", "first_date", "day_offset",
                               "order", "distance_km", "n_first_day", "n_events", "evidence", "first_day_types"]
    assert [str(t) for t in f.dtypes[["first_date", "day_offset", "order", "distance_km", "n_first_day",
                                      "n_events"]]] == ["datetime64[ns]", "int64", "int64", "float64", "int64",
                                                        "int64"]
    assert list(f.index) == [0, 1, 2]
    assert list(f["place_id"]) == ["zhanaozen", "p-near", "p-far"]
    assert list(f["name"]) == ["Origin Town", "Near", "Far"]
    assert list(f["region_id"]) == ["R-WEST", "R-WEST", "R-EAST"]
    assert f.attrs == {"origin": "zhanaozen", "origin_date": pd.Timestamp("2022-01-02"),
                       "origin_basis": "first protest in Origin Town", "event_types": COUNTED_EVENT_TYPES}


def test_a_single_place():
    f = first_seen(ev_rows(("E1", "2022-01-05", "p-far", "Riots")), my_places())
    assert list(f["place_id"]) == ["p-far"] and list(f["day_offset"]) == [0] and list(f["order"]) == [1]
    assert f.loc[0, "distance_km"] == pytest.approx(geod_km(ZHANAOZEN, ALMATY), abs=1e-6)


def test_origin_date_is_the_origins_first_protest_even_if_others_came_earlier():
    f = first_seen(ev_rows(("E1", "2022-01-01", "p-near", "Protests"), ("E2", "2022-01-02", "zhanaozen", "Riots"),
                           ("E3", "2022-01-04", "zhanaozen", "Protests"), ("E4", "2022-01-03", "zhanaozen", "Protests")),
                   my_places())
    assert f.attrs["origin_date"] == pd.Timestamp("2022-01-03")
    assert dict(zip(f["place_id"], f["day_offset"])) == {"p-near": -2, "zhanaozen": -1}


def test_origin_none_is_the_earliest_place_protests_first_then_by_id():
    riots_first = ev_rows(("E1", "2022-01-02", "p-south", "Riots"), ("E2", "2022-01-02", "p-north", "Protests"),
                          ("E3", "2022-01-02", "p-far", "Riots"), ("E4", "2022-01-01", "zhanaozen", "Strategic developments"))
    f = first_seen(riots_first, my_places(), origin=None)
    assert f.attrs["origin"] == "p-north" and f.attrs["origin_basis"] == "first protest in North"
    assert f.set_index("place_id").loc["p-north", "distance_km"] == 0.0
    two_protests = ev_rows(("E1", "2022-01-03", "p-south", "Protests"), ("E2", "2022-01-03", "p-north", "Protests"),
                           ("E3", "2022-01-04", "p-far", "Protests"))
    assert first_seen(two_protests, my_places(), origin=None).attrs["origin"] == "p-north"
    day_wins = ev_rows(("E1", "2022-01-03", "p-south", "Riots"), ("E2", "2022-01-04", "p-far", "Protests"),
                       ("E3", "2022-01-03", "p-south", "Battles"))
    g = first_seen(day_wins, my_places(), origin=None)
    assert g.attrs["origin"] == "p-south"
    assert g.attrs["origin_basis"] == "earliest counted event ('p-south' has no protest)"
    assert list(g["day_offset"]) == [0, 1]


def test_an_origin_without_coordinates_leaves_distances_unknown():
    f = first_seen(ev_rows(("E1", "2022-01-02", "p-near", "Protests"), ("E2", "2022-01-03", "p-far", "Protests")),
                   my_places(), origin="nowhere")
    assert f.attrs["origin"] == "nowhere"
    assert f.attrs["origin_basis"] == "earliest counted event ('nowhere' has no protest)"
    assert f["distance_km"].dtype == np.float64 and f["distance_km"].isna().all()
    assert list(f["place_id"]) == ["p-near", "p-far"] and list(f["day_offset"]) == [0, 1]


@pytest.mark.parametrize("origin", ["zhanaozen", None, "nowhere"])
def test_first_seen_of_nothing_counted(origin):
    f = first_seen(ev_rows(("E1", "2022-01-02", "p-near", "Strategic developments")), my_places(), origin=origin)
    assert f.empty
    assert list(f.columns) == ["place_id", "name", "region_id", "latitude", "longitude", "first_date", "day_offset",
                               "order", "distance_km", "n_first_day", "n_events", "evidence", "first_day_types"]
    assert str(f["first_date"].dtype) == "datetime64[ns]" and str(f["place_id"].dtype) == "object"
    assert f.attrs["origin"] == origin and pd.isna(f.attrs["origin_date"])
    assert f.attrs["origin_basis"] == "no counted events"


def test_evidence_adds_the_other_accounts_of_each_first_day_event():
    ev = ev_rows(("E1", "2022-01-02", "zhanaozen", "Protests"), ("E3", "2022-01-02", "zhanaozen", "Protests"),
                 ("E2", "2022-01-03", "zhanaozen", "Protests"), ("E4", "2022-01-05", "p-near", "Protests"),
                 ("E5", "2022-01-05", "p-near", "Riots"))
    ev["same_event_as"] = [None, None, "E1", None, "E4"]
    f = first_seen(ev, my_places()).set_index("place_id")
    assert f.loc["zhanaozen", ["evidence", "n_first_day", "n_events"]].tolist() == ["E1;E2;E3", 2, 2]
    assert f.loc["p-near", ["evidence", "n_first_day", "first_day_types"]].tolist() == ["E4;E5", 1, "Protests"]


# --------------------------------------------------------------------------- first_seen: places not in the gazetteer
def _units():
    import geopandas as gpd
    from shapely.geometry import box

    return gpd.GeoDataFrame({"region_id": ["U-WEST", "U-EAST"]},
                            geometry=[box(46.0, 40.0, 60.0, 56.0), box(60.0, 40.0, 88.0, 56.0)], crs="EPSG:4326")


def test_places_missing_from_the_gazetteer_are_placed_by_their_rows():
    ev = pd.DataFrame({
        "event_id": ["E1", "E2", "E3", "E4", "E5", "E6"],
        "date": ["2022-01-02", "2022-01-03", "2022-01-03", "2022-01-04", "2022-01-04", "2022-01-05"],
        "place_id": ["zhanaozen", "camp", "camp", "village", "hamlet", "out-there"],
        "event_type": ["Protests"] * 6,
        "latitude": ["", "?", "44.0", "44.5", "45.0", "30.0"],
        "longitude": [None, "53.0", "53.5", "75.0", "55.0", "30.0"],
        "region_id": [None, None, "R-CAMP", None, None, None],
        "place_name": [None, "Camp (place_name)", None, None, None, None],
        "location": [None, "Camp (location)", None, "Village", None, None],
    })
    f = first_seen(ev, my_places(), units=_units()).set_index("place_id")
    # the first row with numeric coordinates; region from the rows, else from the units given
    assert f.loc["camp", ["latitude", "longitude", "region_id", "name"]].tolist() == [44.0, 53.5, "R-CAMP",
                                                                                      "Camp (place_name)"]
    # the name column is the first of place_name, location, name the frame has; empty there: the id
    assert f.loc["village", ["region_id", "name"]].tolist() == ["U-EAST", "village"]
    assert f.loc["hamlet", ["region_id", "name"]].tolist() == ["U-WEST", "hamlet"]
    located = first_seen(ev.drop(columns="place_name"), my_places(), units=_units()).set_index("place_id")
    assert located.loc[["camp", "village"], "name"].tolist() == ["Camp (location)", "Village"]
    assert f.loc["out-there", "region_id"] is None
    assert f.loc["zhanaozen", "name"] == "Origin Town"                  # the gazetteer wins where it knows
    named = first_seen(ev.drop(columns=["place_name", "location"]).assign(name=["x", "Camp", None, None, None, None]),
                       my_places(), units=_units()).set_index("place_id")
    assert named.loc["camp", "name"] == "Camp"


def test_places_missing_without_coordinates_are_each_reported():
    ev = pd.DataFrame({"event_id": ["E1", "E2", "E3", "E4"],
                       "date": ["2022-01-02", "2022-01-03", "2022-01-04", "2022-01-04"],
                       "place_id": ["zhanaozen", "atlantis", "p-far", "lemuria"],
                       "event_type": ["Protests"] * 4}, index=[7, 8, 9, 10])
    for frame in (ev, ev.assign(date=pd.to_datetime(ev["date"])), ev.assign(latitude=[43.0, None, 1.0, None])):
        with pytest.raises(KzDataError) as e:
            first_seen(frame, my_places())
        assert [(p.file, p.row, p.column, p.value, p.expected) for p in e.value.problems] == [
            ("events (DataFrame)", 3, "place_id", "atlantis",
             "a place_id of places (DataFrame), or latitude/longitude columns on the event"),
            ("events (DataFrame)", 5, "place_id", "lemuria",
             "a place_id of places (DataFrame), or latitude/longitude columns on the event")]


def test_coordinates_of_a_missing_place_are_checked():
    ev = pd.DataFrame({"event_id": ["E1"], "date": ["2022-01-02"], "place_id": ["pole"], "event_type": ["Protests"],
                       "latitude": [95.0], "longitude": [50.0]})
    with pytest.raises(ValueError) as e:
        first_seen(ev, my_places(), units=_units())
    assert str(e.value).startswith("place 'pole': latitude must be in [-90, 90] and longitude in [-180, 180], got (")


def test_gazetteer_without_names_and_with_repeated_ids():
    places = pd.concat([my_places(), my_places().assign(name="Second", region_id="R-2")])
    f = first_seen(ev_rows(("E1", "2022-01-02", "zhanaozen", "Protests"), ("E2", "2022-01-03", "p-far", "Riots")),
                   places)
    assert list(f["name"]) == ["Origin Town", "Far"] and list(f["region_id"]) == ["R-WEST", "R-EAST"]
    g = first_seen(ev_rows(("E1", "2022-01-02", "zhanaozen", "Protests"), ("E2", "2022-01-03", "p-far", "Riots")),
                   my_places().drop(columns="name"))
    assert list(g["name"]) == ["zhanaozen", "p-far"]
    assert g.attrs["origin_basis"] == "first protest in zhanaozen"


# --------------------------------------------------------------------------- other accounts of one event
def accounts_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "event_id": ["E1", "E2", "E3", "E4", "E1"],
        "date": pd.to_datetime(["2022-01-04", "2022-01-05", "2022-01-05", "2022-01-06", "2022-01-09"]),
        "place_id": ["almaty", "almaty", "aktau", "aktau", "almaty"],
        "event_type": pd.Categorical(["Protests", "Protests", "Riots", "Riots", "Protests"]),
        "same_event_as": [None, "E1", None, "E3", None],
        "size_text": ["thousands", "hundreds", None, "dozens", "tens"],
        "notes": [None, "other crowd size", None, "a day later", None],
        "index": [0, 1, 2, 3, 4],          # a column a reset_index() left behind
    }, index=["a", "b", "c", "d", "e"])


def test_alternative_accounts_table():
    alt = kzlib.alternative_accounts(accounts_frame())
    expected = pd.DataFrame({
        "event_id": ["E2", "E4"], "same_event_as": ["E1", "E3"],
        "date": pd.to_datetime(["2022-01-05", "2022-01-06"]), "counted_date": pd.to_datetime(["2022-01-04", "2022-01-05"]),
        "place_id": ["almaty", "aktau"], "event_type": pd.Series(["Protests", "Riots"], dtype=object),
        "size_text": ["hundreds", "dozens"], "counted_size_text": ["thousands", None],
        "notes": ["other crowd size", "a day later"]})
    pd.testing.assert_frame_equal(alt, expected)   # the first row of a repeated event_id is the counted one
    bare = kzlib.alternative_accounts(accounts_frame().drop(columns=["size_text", "notes"]))
    assert list(bare.columns) == list(expected.columns)
    assert bare[["size_text", "counted_size_text", "notes"]].isna().all().all()
    assert list(bare["counted_date"].dt.strftime("%d")) == ["04", "05"]


def test_alternative_accounts_when_there_are_none():
    for ev in (accounts_frame().drop(columns="same_event_as"), accounts_frame().assign(same_event_as=None)):
        alt = kzlib.alternative_accounts(ev)
        assert alt.empty and list(alt.columns) == ["event_id", "same_event_as", "date", "counted_date", "place_id",
                                                   "event_type", "size_text", "counted_size_text", "notes"]
        assert set(alt.dtypes.astype(str)) == {"object"}


def test_alternative_mask_edge_cases():
    ev = accounts_frame()
    alternative_mask = kzlib.spread.alternative_mask
    mask = alternative_mask(ev.assign(same_event_as=[None, pd.NA, np.nan, None, None]))
    assert mask.dtype == bool and mask.tolist() == [False] * 5               # a column of nothing
    twice = pd.concat([ev[["event_id", "same_event_as"]], ev[["same_event_as"]].assign(same_event_as="E9")], axis=1)
    assert alternative_mask(twice).tolist() == [False, True, False, True, False]   # the first column counts
    assert alternative_mask(ev.assign(same_event_as=[" E1 ", "", "  ", None, 5])).tolist() == [
        True, False, False, False, True]
    assert alternative_mask([1, 2, 3]).tolist() == [False, False, False]   # not a frame: nothing is


# --------------------------------------------------------------------------- first_by_region
def test_first_by_region_table():
    first = first_seen(ev_rows(("E1", "2022-01-02", "zhanaozen", "Protests"), ("E2", "2022-01-04", "p-near", "Riots"),
                               ("E3", "2022-01-03", "p-south", "Protests"), ("E4", "2022-01-03", "p-north", "Protests"),
                               ("E5", "2022-01-03", "p-far", "Riots")),
                       my_places().assign(region_id=["R-WEST", "R-WEST", "R-EAST", "R-EAST", "R-SOUTH"]))
    first.loc[first["place_id"] == "p-south", "region_id"] = None          # a place of no known region
    r = first_by_region(first)
    expected = pd.DataFrame({"region_id": ["R-WEST", "R-EAST"],
                             "first_date": pd.to_datetime(["2022-01-02", "2022-01-03"]),
                             "day_offset": [0, 1], "first_places": ["zhanaozen", "p-far;p-north"], "n_places": [2, 2]})
    pd.testing.assert_frame_equal(r, expected)
    # regions reached on the same day are in region_id order
    same_day = first_seen(ev_rows(("E1", "2022-01-02", "p-near", "Protests"), ("E2", "2022-01-02", "p-far", "Riots")),
                          my_places().assign(region_id=["Z", "Z", "A", "M", "M"]))
    assert list(first_by_region(same_day)["region_id"]) == ["A", "Z"]
    empty = first_by_region(first.assign(region_id=None))
    assert empty.empty and list(empty.columns) == ["region_id", "first_date", "day_offset", "first_places",
                                                   "n_places"]
    assert set(empty.dtypes.astype(str)) == {"object"}


# --------------------------------------------------------------------------- pace: input as read back from a file
def test_spread_pace_without_a_spread_warns_nothing_and_reads_object_columns():
    import warnings

    first = first_frame([("zhanaozen", 0, 0.0), ("a", 1, 50.0), ("b", 2, 50.0), ("c", 3, 50.0)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = spread_pace(first, n_boot=200).fit
    assert math.isnan(fit.spearman_rho)
    typed = first_frame([("zhanaozen", 0, 0.0), ("a", 1, 0.0), ("b", 2, 100.0), ("c", 3, 400.0), ("d", 3, None)])
    loose = typed.astype({"day_offset": object, "distance_km": object})
    a, b = spread_pace(typed, n_boot=300, seed=4), spread_pace(loose, n_boot=300, seed=4)
    assert a.fit == b.fit and a.excluded == b.excluded == ("d", "zhanaozen")
    pd.testing.assert_frame_equal(a.per_day, b.per_day)


def test_precision_at_most_keeps_missing_and_reads_number_text():
    from kzlib.spread import precision_at_most

    ints = pd.Series(pd.array([1, 2, None, 3], dtype="Int64"))
    assert precision_at_most(ints, 1).tolist() == [True, False, True, False]
    assert precision_at_most(ints, 2).tolist() == [True, True, True, False]
    text = pd.Series(["1", " 2", "week", None, "3.0"], dtype=object)
    assert precision_at_most(text, 2).tolist() == [True, True, True, True, False]
    floats = pd.Series([1.0, float("nan"), 2.5])
    assert precision_at_most(floats, 2).tolist() == [True, True, False]
