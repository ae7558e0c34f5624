"""Diffusion statistics on small hand-checked inputs (kzlib.diffusion)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kzlib
from kzlib.diffusion import diffusion_modes, equal_area_km, knox, succession_links

DEG_KM = 111.31949  # one degree of longitude on the WGS84 equator


def toy_places(lons, pops=None) -> pd.DataFrame:
    n = len(lons)
    return pd.DataFrame({"place_id": [f"p{i}" for i in range(n)], "name": [f"P{i}" for i in range(n)],
                         "region_id": "R1", "latitude": 0.0, "longitude": [float(x) for x in lons],
                         "population": pops if pops is not None else [1000] * n})


def toy_events(days) -> pd.DataFrame:
    return pd.DataFrame({"event_id": [f"E{i}" for i in range(len(days))],
                         "date": pd.Timestamp("2022-01-02") + pd.to_timedelta(days, unit="D"),
                         "place_id": [f"p{i}" for i in range(len(days))],
                         "event_type": "Protests", "time_precision": 1})


# six points: two clusters of three, ~11 km apart within, ~1100 km apart between
SIX_LONS = [0.0, 0.1, 0.2, 10.0, 10.1, 10.2]
SIX_DAYS = [0, 0, 1, 5, 5, 6]


def test_knox_counts_on_the_six_point_toy():
    t = knox(toy_events(SIX_DAYS), toy_places(SIX_LONS), close_km=50, close_days=(0, 1),
             permutations=99, seed=1, origin="p0").set_index("close_days")
    assert t.loc[0, ["n", "pairs", "close_space", "close_time", "observed"]].tolist() == [6, 15, 6, 2, 2]
    assert t.loc[0, "expected"] == pytest.approx(6 * 2 / 15)
    assert t.loc[1, ["close_space", "close_time", "observed"]].tolist() == [6, 6, 6]
    assert t.loc[1, "expected"] == pytest.approx(2.4)
    assert t.loc[1, "ratio"] == pytest.approx(2.5)


def test_knox_thresholds_are_inclusive_and_in_km():
    # 0.1 degree = 11.13 km: close at 11.2 km, not at 11.0 km
    t = knox(toy_events(SIX_DAYS), toy_places(SIX_LONS), close_km=(11.0, 11.2), close_days=0,
             permutations=0, origin="p0").set_index("close_km")
    assert t.loc[11.0, "close_space"] == 0 and t.loc[11.2, "close_space"] == 4
    assert np.isnan(t.loc[11.2, "p_value"])


def test_knox_p_values_are_reproducible_with_a_seed_and_leave_the_global_generator_alone():
    args = (toy_events(SIX_DAYS), toy_places(SIX_LONS))
    np.random.seed(7)
    before = np.random.random()
    np.random.seed(7)
    a = knox(*args, close_km=50, close_days=1, permutations=199, seed=3, origin="p0")
    assert np.random.random() == before
    b = knox(*args, close_km=50, close_days=1, permutations=199, seed=3, origin="p0")
    assert a["p_value"].iat[0] == b["p_value"].iat[0]
    # 6 of 15 pairs are close in space and all 6 close in time: only the 72 of 720 orderings that
    # keep the clusters apart reach 6, so p is near 0.1
    assert 0.03 < a["p_value"].iat[0] < 0.2
    assert a["p_value"].iat[0] * 200 == pytest.approx(round(a["p_value"].iat[0] * 200))


def test_knox_on_events_counts_each_event_once():
    ev = toy_events(SIX_DAYS)
    dup = pd.concat([ev, ev.iloc[[0]].assign(event_id="E0b", same_event_as="E0")], ignore_index=True)
    a = knox(ev, toy_places(SIX_LONS), close_km=50, close_days=0, permutations=0, on="events")
    b = knox(dup, toy_places(SIX_LONS), close_km=50, close_days=0, permutations=0, on="events")
    assert a["n"].iat[0] == b["n"].iat[0] == 6
    with pytest.raises(ValueError, match="on"):
        knox(ev, toy_places(SIX_LONS), on="places")


def test_equal_area_distances_match_geodesic_near_the_centre():
    xy, proj = equal_area_km([0, 0], [0, 1])
    assert proj.startswith("+proj=laea")
    assert np.hypot(*(xy[1] - xy[0])) == pytest.approx(DEG_KM, rel=1e-3)


# a line along the equator: day k at the k-th place, uneven spacing
LINE_LONS = [0, 1, 3, 4, 7, 8]
LINE_POPS = [1000, 500_000, 400_000, 300_000, 200_000, 100_000]


def line_first():
    return kzlib.first_seen(toy_events(range(6)), toy_places(LINE_LONS, LINE_POPS), origin="p0")


def test_diffusion_modes_on_a_constructed_line():
    m = diffusion_modes(line_first(), toy_places(LINE_LONS, LINE_POPS), permutations=199, seed=0)
    c = m.correlations.set_index("measure")
    assert c.loc["from_origin_km", "rho"] == pytest.approx(1.0)       # farther = later, exactly
    assert c.loc["from_origin_km", "n"] == 5                           # the origin is left out
    # nearest reached: 1, 2, 1, 3, 1 degrees -> ranks 2, 4, 2, 5, 2 against 1..5: rho = 1/sqrt(80)
    assert c.loc["nearest_reached_km", "rho"] == pytest.approx(1 / np.sqrt(80))
    # population ranks 1, 6, 5, 4, 3, 2 against days 1..6: sum d^2 = 40, rho = 1 - 240/210
    assert c.loc["population", "rho"] == pytest.approx(-1 / 7)
    assert c.loc["from_origin_km", "p_value"] < 0.05
    assert c.loc["population", "p_value"] > 0.5
    again = diffusion_modes(line_first(), toy_places(LINE_LONS, LINE_POPS), permutations=199, seed=0)
    assert again.correlations["p_value"].tolist() == m.correlations["p_value"].tolist()
    assert m.places["nearest_reached_km"].round(2).tolist()[1:] == [round(k * DEG_KM, 2) for k in (1, 2, 1, 3, 1)]


def test_the_discrete_time_panel_on_the_line():
    m = diffusion_modes(line_first(), toy_places(LINE_LONS, LINE_POPS), permutations=0)
    # days 1..5; at risk on day t: the 6 - t places not reached before t; one arrival per day
    assert m.panel.groupby("day").size().tolist() == [5, 4, 3, 2, 1]
    assert m.panel["reached"].sum() == 5
    day3 = m.panel[m.panel["day"] == 3].set_index("place_id")
    assert day3["km_nearest"].round(1).tolist() == [round(k * DEG_KM, 1) for k in (1, 4, 5)]  # p3, p4, p5 from p2
    assert m.model_note.startswith("logit") or m.model_note.startswith("not fitted")


def test_the_model_recovers_contagion_on_a_larger_synthetic_case():
    rng = np.random.default_rng(5)
    lons = np.sort(rng.uniform(0, 20, 40))
    days = np.floor(lons / 2).astype(int)   # the front moves 2 degrees a day: pure contagion
    pops = rng.integers(1000, 100_000, 40)
    pl = toy_places(lons, pops.tolist())
    first = kzlib.first_seen(toy_events(days), pl, origin="p0")
    m = diffusion_modes(first, pl, permutations=0)
    assert list(m.model["term"]) == ["const", "log_km_nearest", "log_population"]
    km = m.model.set_index("term").loc["log_km_nearest"]
    assert km["coef"] < 0 and km["ci_high"] < 0
    assert m.correlations.set_index("measure").loc["from_origin_km", "rho"] > 0.95


def test_succession_links_point_to_the_nearest_earlier_place():
    links = succession_links(line_first()).set_index("place_id")
    assert links["after_id"].tolist() == [None, "p0", "p1", "p2", "p3", "p4"] or \
        links["after_id"].fillna("-").tolist() == ["-", "p0", "p1", "p2", "p3", "p4"]
    assert links.loc["p4", "km"] == pytest.approx(3 * DEG_KM, rel=1e-4)
    assert np.isnan(links.loc["p0", "km"])


# --------------------------------------------------------------------------- origin= on any export
def test_origin_none_takes_the_earliest_counted_event():
    ev = toy_events([2, 0, 0, 1]).assign(event_type=["Protests", "Riots", "Protests", "Protests"])
    pl = toy_places([0, 1, 2, 3])
    first = kzlib.first_seen(ev, pl, origin=None)
    # day 0 has p1 (a riot) and p2 (a protest): the protest wins the tie
    assert first.attrs["origin"] == "p2"
    assert first.set_index("place_id")["day_offset"].to_dict() == {"p0": 2, "p1": 0, "p2": 0, "p3": 1}
    assert first.set_index("place_id").loc["p2", "distance_km"] == 0
    pace = kzlib.spread_pace(first, origin=None, n_boot=10)
    assert "p2" in pace.excluded
    pbd = kzlib.places_by_day(ev, origin=None)
    assert pbd["day_offset"].tolist() == [0, 1, 2]
    assert kzlib.places_by_day(ev, origin="p3")["day_offset"].tolist() == [-1, 0, 1]


def test_diffusion_runs_on_reader_output():
    from kzlib.external import places_for

    ev = kzlib.read_acled(kzlib.paths.data_dir() / "samples" / "acled_sample_synthetic.csv")
    pl = places_for(ev)
    first = kzlib.first_seen(ev, pl, origin=None)
    m = diffusion_modes(first, pl, permutations=19, seed=1)
    assert m.correlations["n"].iat[0] == len(first) - 1
    t = knox(ev, pl, close_km=500, close_days=1, permutations=19, seed=1, origin=None)
    assert t["n"].iat[0] == len(first)
