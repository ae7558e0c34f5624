"""Deterministic synthetic inputs for the benchmarks: kzlib events tables (with the
shipped places and sources beside them) and ACLED-layout exports, at any size.

Nothing here is real data: rows are drawn with a fixed seed from the shipped gazetteer,
ACLED's vocabulary and a few figure phrases.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from kzlib import paths
from kzlib.schema import TABLES, acled_event_types

SIZES = ["", "", "", "hundreds", "thousands", "more than 1,000", "about 500", "dozens", "3,000"]
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]


def _pairs() -> list[tuple[str, str]]:
    return [(t, s) for t, subs in acled_event_types().items() for s in subs]


def events_frame(n: int, seed: int = 0) -> pd.DataFrame:
    """Return ``n`` synthetic rows in kzlib's events layout (strings, as in the CSV)."""
    from kzlib.quantities import parse_figure

    rng = np.random.default_rng(seed)
    places = pd.read_csv(paths.table_path("places"))["place_id"].to_numpy()
    sources = pd.read_csv(paths.table_path("sources"))["source_id"].to_numpy()
    pairs = np.array(_pairs(), dtype=object)
    pick = pairs[rng.integers(0, len(pairs), n)]
    days = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    size = np.array(SIZES, dtype=object)[rng.integers(0, len(SIZES), n)]
    fig = {s: parse_figure(s) if s else None for s in SIZES}
    low = np.array(["" if fig[s] is None or fig[s].low is None else str(fig[s].low) for s in SIZES], dtype=object)
    high = np.array(["" if fig[s] is None or fig[s].high is None else str(fig[s].high) for s in SIZES], dtype=object)
    k = rng.integers(0, len(SIZES), n)
    src = sources[rng.integers(0, len(sources), n)]
    df = pd.DataFrame({
        "event_id": [f"S{i:07d}" for i in range(n)],
        "date": days.strftime("%Y-%m-%d"), "time": "",
        "time_precision": rng.integers(1, 4, n).astype(str),
        "place_id": places[rng.integers(0, len(places), n)],
        "geo_precision": rng.integers(1, 4, n).astype(str),
        "event_type": pick[:, 0], "sub_event_type": pick[:, 1],
        "actor1": "Protesters (Kazakhstan)", "actor2": "",
        "size_text": np.array(SIZES, dtype=object)[k], "size_low": low[k], "size_high": high[k],
        "fatalities_text": "", "fatalities_low": "", "fatalities_high": "",
        "description": "Synthetic benchmark row; not a real event.",
        "source_ids": src, "first_reported": np.where(rng.random(n) < 0.01, "true", "false"),
        "same_event_as": "", "notes": "",
    })
    assert list(df.columns) == [c.name for c in TABLES["events"]]
    del size
    return df


def write_events(folder: Path, n: int, seed: int = 0) -> Path:
    """Write a synthetic events.csv with the shipped reference tables beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    for t in ("places", "regions", "sources"):
        shutil.copy(paths.table_path(t), folder / f"{t}.csv")
    path = folder / "events.csv"
    events_frame(n, seed).to_csv(path, index=False, lineterminator="\n")
    return path


def acled_frame(n: int, seed: int = 0) -> pd.DataFrame:
    """Return ``n`` synthetic rows in ACLED's current export layout (not real ACLED data)."""
    rng = np.random.default_rng(seed)
    places = pd.read_csv(paths.table_path("places"))
    regions = pd.read_csv(paths.table_path("regions")).set_index("region_id")["name"]
    pairs = np.array(_pairs(), dtype=object)
    pick = pairs[rng.integers(0, len(pairs), n)]
    p = places.iloc[rng.integers(0, len(places), n)].reset_index(drop=True)
    days = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    return pd.DataFrame({
        "event_id_cnty": [f"KAZ{i}" for i in range(n)],
        "event_date": days.strftime("%Y-%m-%d"), "year": days.year,
        "time_precision": rng.integers(1, 4, n), "disorder_type": "Demonstrations",
        "event_type": pick[:, 0], "sub_event_type": pick[:, 1],
        "actor1": "Protesters (Kazakhstan)", "assoc_actor_1": "", "inter1": "Protesters",
        "actor2": "Police Forces of Kazakhstan (2019-)", "assoc_actor_2": "", "inter2": "State forces",
        "interaction": "State forces-Protesters", "civilian_targeting": "", "iso": 398,
        "region": "Central Asia", "country": "Kazakhstan",
        "admin1": p["region_id"].map(regions).to_numpy(), "admin2": "", "admin3": "",
        "location": p["name"].to_numpy(),
        "latitude": p["latitude"].round(4).to_numpy(), "longitude": p["longitude"].round(4).to_numpy(),
        "geo_precision": rng.integers(1, 4, n), "source": "Synthetic", "source_scale": "National",
        "notes": "Synthetic benchmark row; not ACLED data.", "fatalities": rng.integers(0, 5, n),
        "tags": "", "timestamp": 1700000000,
    })[ACLED_COLUMNS]


def write_acled(folder: Path, n: int, seed: int = 0) -> Path:
    """Write a synthetic ACLED-layout CSV (``NA`` for missing values)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"acled_{n}.csv"
    acled_frame(n, seed).replace("", "NA").to_csv(path, index=False, lineterminator="\n")
    return path


#: Countries of the many-country export (ISO alpha-3 in kzlib's shipped world layer).
WORLD_COUNTRIES = ("AFG", "BEN", "BFA", "BGD", "BRA", "CMR", "COD", "COL", "EGY", "ETH", "FRA", "GHA", "IND",
                   "IRQ", "KAZ", "KEN", "KGZ", "LBN", "MEX", "MLI", "MMR", "MOZ", "NGA", "PAK", "PER", "PHL",
                   "SDN", "SOM", "SYR", "TUN", "TCD", "THA", "TUR", "UGA", "UKR", "USA", "UZB", "VEN", "YEM",
                   "ZAF")
_VERBS = ("gathered", "marched", "clashed with police", "blocked a road", "rallied", "stormed an office")
_TOPICS = ("fuel prices", "wages", "elections", "land rights", "police violence", "water supply", "a court ruling")


def acled_world_frame(n: int, seed: int = 0, *, locations_per_country: int = 400) -> pd.DataFrame:
    """Return ``n`` synthetic rows in ACLED's current layout across many countries (not ACLED data).

    Shaped like a full export rather than a tidy sample: 40 countries, 10 first-level units
    and ``locations_per_country`` locations each (16,000 places), seven years of dates,
    a unique free-text ``notes`` per row, hundreds of source names, crowd sizes in ``tags``
    and ``NA`` for missing values. Deterministic for a given ``n`` and ``seed``.
    """
    import geopandas as gpd

    rng = np.random.default_rng(seed)
    world = gpd.read_file(paths.data_dir() / "geo" / "world.geojson").set_index("iso_a3")
    world = world.loc[list(WORLD_COUNTRIES)]
    pts = world.geometry.representative_point()
    nc, nl = len(world), locations_per_country
    # one table of locations: country, admin1 and a point near the country's representative point
    loc_c = np.repeat(np.arange(nc), nl)
    loc_lat = np.round(pts.y.to_numpy()[loc_c] + rng.uniform(-1.5, 1.5, nc * nl), 4)
    loc_lon = np.round(pts.x.to_numpy()[loc_c] + rng.uniform(-1.5, 1.5, nc * nl), 4)
    loc_name = np.array([f"{world.index[c].title()} Town {k}" for c, k in zip(loc_c, np.tile(np.arange(nl), nc))],
                        dtype=object)
    loc_admin = np.array([f"{world.index[c].title()} Province {k % 10}" for c, k in
                          zip(loc_c, np.tile(np.arange(nl), nc))], dtype=object)
    pick = rng.integers(0, nc * nl, n)
    c = loc_c[pick]
    pairs = np.array(_pairs(), dtype=object)
    ev = pairs[rng.integers(0, len(pairs), n)]
    days = pd.Timestamp("2018-01-01") + pd.to_timedelta(rng.integers(0, 7 * 365, n), unit="D")
    day_s = days.strftime("%Y-%m-%d")
    iso3 = world.index.to_numpy()[c]
    verbs = np.array(_VERBS, dtype=object)[rng.integers(0, len(_VERBS), n)]
    topics = np.array(_TOPICS, dtype=object)[rng.integers(0, len(_TOPICS), n)]
    notes = ("On " + pd.Series(day_s) + ", residents of " + pd.Series(loc_name[pick]) + " " + pd.Series(verbs)
             + " over " + pd.Series(topics) + " (synthetic row " + pd.Series(np.arange(n)).astype(str) + ").")
    sizes = np.array(["crowd size=no report", "crowd size=around 100", "crowd size=hundreds",
                      "crowd size=several thousand", "crowd size=dozens", "NA"], dtype=object)
    return pd.DataFrame({
        "event_id_cnty": pd.Series(iso3).str.cat(pd.Series(np.arange(n)).astype(str)),
        "event_date": day_s, "year": days.year,
        "time_precision": rng.integers(1, 4, n), "disorder_type": "Demonstrations",
        "event_type": ev[:, 0], "sub_event_type": ev[:, 1],
        "actor1": "Protesters (" + pd.Series(world["name"].to_numpy()[c]) + ")",
        "assoc_actor_1": "NA", "inter1": "Protesters",
        "actor2": "Police Forces of " + pd.Series(world["name"].to_numpy()[c]), "assoc_actor_2": "NA",
        "inter2": "State forces", "interaction": "State forces-Protesters", "civilian_targeting": "NA",
        "iso": world["iso_n3"].to_numpy()[c], "region": "Synthetic", "country": world["name"].to_numpy()[c],
        "admin1": loc_admin[pick], "admin2": "NA", "admin3": "NA",
        "location": loc_name[pick], "latitude": loc_lat[pick], "longitude": loc_lon[pick],
        "geo_precision": rng.integers(1, 4, n),
        "source": "Synthetic Source " + pd.Series(rng.integers(0, 600, n)).astype(str),
        "source_scale": np.array(["National", "Subnational", "Local partner-Other"], dtype=object)[rng.integers(0, 3, n)],
        "notes": notes, "fatalities": rng.integers(0, 5, n),
        "tags": sizes[rng.integers(0, len(sizes), n)],
        "timestamp": 1_600_000_000 + rng.integers(0, 100_000_000, n),
    })[ACLED_COLUMNS]


def write_acled_world(folder: Path, n: int, seed: int = 0) -> Path:
    """Write :func:`acled_world_frame` as CSV (what ACLED's export tool gives for many countries)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"acled_world_{n}.csv"
    if not path.exists():
        acled_world_frame(n, seed).to_csv(path, index=False, lineterminator="\n")
    return path
