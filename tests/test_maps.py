"""Maps: geography, hatching rule, scale bar, legend dates, panels, deterministic GIF, arrival chart."""
from __future__ import annotations

import hashlib
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from pyproj import Geod, Transformer  # noqa: E402

import kzlib  # noqa: E402
from kzlib.geo import KZ_CRS, load_boundaries  # noqa: E402
from kzlib.plots import maps  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def places():
    return kzlib.load_places()


@pytest.fixture(scope="module")
def regions():
    return kzlib.load_regions()


def events() -> pd.DataFrame:
    rows = [
        ("E1", "2022-01-02", "zhanaozen", "Protests", "s1"),
        ("E2", "2022-01-02", "aktau", "Protests", "s1;s2"),
        ("E3", "2022-01-03", "aktau", "Protests", "s2"),
        ("E4", "2022-01-04", "almaty", "Protests", "s3"),
        ("E5", "2022-01-05", "almaty", "Riots", "s3"),
        ("E6", "2022-01-05", "almaty", "Riots", "s4"),
        ("E7", "2022-01-05", "nur-sultan", "Protests", "s4"),
        ("E8", "2022-01-06", "karaganda", "Strategic developments", "s5"),
    ]
    df = pd.DataFrame(rows, columns=["event_id", "date", "place_id", "event_type", "source_ids"])
    df["time_precision"] = 1
    return df


def measures() -> pd.DataFrame:
    return pd.DataFrame({
        "measure_id": ["M1", "M2", "M3", "M4", "M5"],
        "measure": ["state_of_emergency", "state_of_emergency", "state_of_emergency", "curfew",
                    "state_of_emergency"],
        "scope": ["KZ-MAN", "almaty", "national", "KZ-KAR", "KZ-AKT"],
        "start": pd.to_datetime(["2022-01-05", "2022-01-05", "2022-01-06", "2022-01-04", "2022-01-03"]),
        "end": pd.to_datetime(["2022-01-19", None, "2022-01-08", None, "2022-01-04"]),
        "end_time": [None, None, "00:00", None, None],
    })


def xy(lat, lon):
    t = Transformer.from_crs("EPSG:4326", KZ_CRS, always_xy=True)
    return t.transform(lon, lat)


# --------------------------------------------------------------------------- rules
def test_soe_in_force_rules(places):
    m = measures()
    assert maps.soe_in_force(m, "2022-01-02", places) == (set(), False)
    assert maps.soe_in_force(m, "2022-01-04", places) == ({"KZ-AKT"}, False)     # end date inclusive
    assert maps.soe_in_force(m, "2022-01-05", places) == ({"KZ-MAN", "KZ-ALA"}, False)  # place -> unit
    assert maps.soe_in_force(m, "2022-01-07", places) == ({"KZ-MAN", "KZ-ALA"}, True)
    assert maps.soe_in_force(m, "2022-01-08", places) == ({"KZ-MAN", "KZ-ALA"}, False)  # ended 00:00
    assert maps.soe_in_force(None, "2022-01-08") == (set(), False)


def test_spread_map_data(places, regions):
    d = maps.spread_map_data(events(), places, regions, measures(), soe_on="2022-01-06")
    units = d[d["layer"] == "unit"].set_index("id")
    assert len(units) == 17
    assert units.loc["KZ-MAN", "first_date"] == pd.Timestamp("2022-01-02")
    assert units.loc["KZ-MAN", "first_places"] == "aktau;zhanaozen"
    assert units.loc["KZ-ALA", "day_offset"] == 2
    assert units.loc["KZ-AST", "first_date"] == pd.Timestamp("2022-01-05")
    assert pd.isna(units.loc["KZ-KAR", "first_date"])            # only a Strategic development there
    assert units["soe"].all()                                     # national SoE in force on 6 Jan
    pts = d[d["layer"] == "place"].set_index("id")
    assert pts.loc["almaty", "n_events"] == 3 and pts.loc["aktau", "n_events"] == 2
    assert list(pts["route_step"].dropna()) == [0, 1, 2, 3]
    auto = maps.spread_map_data(events(), places, regions, measures())   # default: first SoE day (3 Jan)
    assert set(auto.loc[auto["soe"].fillna(False).astype(bool), "id"]) == {"KZ-AKT"}
    until = maps.spread_map_data(events(), places, regions, until="2022-01-03", soe_on=None)
    assert set(until.loc[until["layer"] == "place", "id"]) == {"zhanaozen", "aktau"}
    assert until.loc[until["layer"] == "unit", "first_date"].notna().sum() == 1


def test_day_label():
    assert maps.day_label("2022-01-02") == "2 Jan"
    assert maps.day_label(pd.Timestamp("2022-01-11")) == "11 Jan"


def test_stack_labels_keeps_a_gap_and_centres_clusters():
    pos = maps._stack_labels(np.array([100.0, 102.0, 500.0, 101.0]), 10.0)
    assert pos[2] == 500.0
    assert sorted(pos[[0, 1, 3]]) == pytest.approx([91.0, 101.0, 111.0])
    assert pos[0] < pos[3] < pos[1]                      # order of the values is kept


# --------------------------------------------------------------------------- the map
def test_map_spread_geography_legend_and_source(places, regions):
    ax = maps.map_spread(events(), places, regions, measures())
    assert isinstance(ax, plt.Axes)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "2 Jan" in labels and "4 Jan" in labels and "5 Jan" in labels and "none recorded" in labels
    assert "3 Jan" not in labels                  # no unit was first reached on 3 Jan
    assert any("State of emergency" in t and "3 Jan" in t for t in labels)
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "Albers equal-area" in texts and "2 sources" not in texts and "5 sources" in texts
    assert "8 events, 7 counted" in texts
    for name in ("Zhanaozen", "Aktau", "Almaty", "Nur-Sultan"):
        assert name in texts
    assert "1: 2 Jan" in texts and "2: 4 Jan" in texts and "3: 5 Jan" in texts   # route steps
    # geography in the map's CRS: Caspian west, Almaty south-east, Nur-Sultan north-centre,
    # Zhanaozen inland south-east of Aktau
    p = places.set_index("place_id")
    pos = {k: xy(p.loc[k, "latitude"], p.loc[k, "longitude"]) for k in ("zhanaozen", "aktau", "almaty", "nur-sultan")}
    sea = load_boundaries("sea").to_crs(KZ_CRS).geometry.iloc[0]
    country = load_boundaries("country").to_crs(KZ_CRS).geometry.iloc[0]
    assert sea.centroid.x < pos["aktau"][0] < pos["zhanaozen"][0] < pos["nur-sultan"][0] < pos["almaty"][0]
    assert pos["zhanaozen"][1] < pos["aktau"][1]
    assert pos["nur-sultan"][1] > pos["almaty"][1] and pos["nur-sultan"][1] > country.centroid.y
    assert pos["almaty"][0] > country.centroid.x and pos["almaty"][1] < country.centroid.y
    x0, x1 = ax.get_xlim()
    assert x0 < country.bounds[0] and x1 > country.bounds[2]   # nothing of the country clipped


def test_scale_bar_is_geodesically_exact():
    fig, ax = plt.subplots()
    ax.set_xlim(-2_000_000, 2_000_000)
    ax.set_ylim(-1_000_000, 1_000_000)
    for loc in ((0.03, 0.05), (0.7, 0.9)):
        dx = maps.draw_scale_bar(ax, 500, loc=loc)
        x0 = -2_000_000 + loc[0] * 4_000_000
        y0 = -1_000_000 + loc[1] * 2_000_000
        inv = Transformer.from_crs(KZ_CRS, "EPSG:4326", always_xy=True)
        (la, lb), (pa, pb) = inv.transform([x0, x0 + dx], [y0, y0])
        assert Geod(ellps="WGS84").inv(la, pa, lb, pb)[2] / 1000 == pytest.approx(500, abs=0.01)
    assert "500 km" in [t.get_text() for t in ax.texts]


def test_daily_panels(places, regions):
    axs = maps.map_daily_panels(events(), places, regions, measures())
    shown = [a for a in axs if a.get_title(loc="left")]
    assert [a.get_title(loc="left") for a in shown] == [f"{d} Jan" for d in range(2, 12)]
    data = maps.daily_panels_data(events(), places, regions, measures())
    assert data["day"].nunique() == 10
    day5 = data[(data["day"] == "2022-01-05") & (data["layer"] == "place")].set_index("id")
    assert day5.loc["almaty", "n_events"] == 2 and "aktau" not in day5.index   # that day's events only


def test_animation_is_byte_identical(tmp_path, places, regions):
    days = ["2022-01-02", "2022-01-05"]
    data = maps.daily_panels_data(events(), places, regions, measures(), days=days)
    digests = []
    for run in ("a", "b"):
        anim = maps.animate_spread(events(), places, regions, measures(), days=days)
        gif, csv = maps.save_animation(anim, "spread_test", data, folder=tmp_path / run)
        digests.append((hashlib.sha256(gif.read_bytes()).hexdigest(),
                        hashlib.sha256(csv.read_bytes()).hexdigest()))
        assert sorted(f.name for f in (tmp_path / run).iterdir()) == ["spread_test.csv", "spread_test.gif"]
    assert digests[0] == digests[1]
    from PIL import Image

    with Image.open(tmp_path / "a" / "spread_test.gif") as im:
        assert im.n_frames == 2 and im.format == "GIF"
    with pytest.raises(ValueError):
        maps.save_animation(anim, "Bad Name", data, folder=tmp_path)


def test_plot_arrival_distance(places):
    first = kzlib.first_seen(events(), places)
    ax = maps.plot_arrival_distance(first)
    assert isinstance(ax, plt.Axes)
    texts = [t.get_text() for t in ax.texts]
    for name in ("Zhanaozen", "Aktau", "Almaty", "Nur-Sultan"):
        assert name in texts
    n_points = sum(len(c.get_offsets()) for c in ax.collections)
    assert n_points == len(first) == 4
    d = maps.arrival_distance_data(first)
    assert list(d["in_fit"]) == [False, True, True, True]
    assert d["fitted_km"].notna().all()


def test_import_kzlib_stays_light():
    code = ("import sys, kzlib, kzlib.spread; "
            "bad = [m for m in ('geopandas', 'matplotlib', 'pandera') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
