"""Layers for GIS: a GeoPackage of units, places, events and measures (for QGIS and others).

:func:`geopackage_layers` builds four GeoDataFrames in WGS 84 (EPSG:4326) from kzlib's
tables and functions; :func:`write_geopackage` writes them to one ``.gpkg`` file through
pyogrio. Each event is counted once: alternative accounts are kept in the ``events`` layer
with ``counted`` false and ``same_event_as`` set.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["geopackage_layers", "write_geopackage", "LAYERS"]

#: Layer names, in the order they are written.
LAYERS = ("units", "places", "events", "measures")


def _dates(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s).astype("datetime64[ms]")


def geopackage_layers(events: pd.DataFrame | None = None, places: pd.DataFrame | None = None,
                      regions: pd.DataFrame | None = None, measures: pd.DataFrame | None = None,
                      *, start: str = "2022-01-01", end: str = "2022-01-31") -> dict[str, Any]:
    """Return ``{layer: GeoDataFrame}`` for :data:`LAYERS` (defaults: kzlib's tables).

    - ``units`` (polygons of the 17 units of January 2022): ``region_id, name, first_day``
      (first day of a counted event, or empty), ``n_places``, ``n_events``, ``soe_first_day``
      and ``soe_last_day`` (days with a state of emergency in force, ``start``..``end``).
    - ``places`` (points): ``place_id, name, region_id, first_day, n_events, population``.
    - ``events`` (points at the place): ``event_id, date, time, event_type, sub_event_type,
      size_text, fatalities_text, counted, same_event_as, description, source_ids``.
    - ``measures`` (unit polygons, one row per measure and unit it covered): ``measure_id,
      measure, level, scope, region_id, start, start_time, end, end_time, description``.
    """
    import geopandas as gpd

    from . import load
    from .geo import load_boundaries
    from .spread import COUNTED_EVENT_TYPES, alternative_mask, first_seen
    from .timeline import measures_in_force

    events = load.load_events() if events is None else events
    places = load.load_places() if places is None else places
    regions = load.load_regions() if regions is None else regions
    measures = load.load_measures() if measures is None else measures
    admin1 = load_boundaries("admin1").to_crs("EPSG:4326").sort_values("region_id").reset_index(drop=True)

    first = first_seen(events, places)
    gaz = places.drop_duplicates("place_id").set_index("place_id")
    pl = gpd.GeoDataFrame({
        "place_id": first["place_id"].astype(str), "name": first["name"].astype(str),
        "region_id": first["region_id"].astype(str), "first_day": _dates(first["first_date"]),
        "n_events": first["n_events"].astype("int64"),
        "population": pd.to_numeric(first["place_id"].map(gaz["population"]), errors="coerce").astype("float64"),
    }, geometry=gpd.points_from_xy(first["longitude"], first["latitude"]), crs="EPSG:4326")

    names = regions.set_index("region_id")["name"].astype(str)
    by_unit = first.groupby("region_id").agg(first_day=("first_date", "min"), n_places=("place_id", "size"),
                                             n_events=("n_events", "sum"))
    force = measures_in_force(measures, start, end)
    soe = force[force["measure"] == "state_of_emergency"]
    soe_days: dict[str, list[pd.Timestamp]] = {}
    for r in soe.itertuples(index=False):
        cover = list(names.index) if r.scope == "national" else (
            [r.scope] if r.scope in names.index else [str(gaz["region_id"].get(r.scope))])
        for u in cover:
            soe_days.setdefault(u, []).append(pd.Timestamp(r.date))
    units = gpd.GeoDataFrame({
        "region_id": admin1["region_id"].astype(str),
        "name": admin1["region_id"].map(names).astype(str),
        "first_day": _dates(admin1["region_id"].map(by_unit["first_day"])),
        "n_places": admin1["region_id"].map(by_unit["n_places"]).fillna(0).astype("int64"),
        "n_events": admin1["region_id"].map(by_unit["n_events"]).fillna(0).astype("int64"),
        "soe_first_day": _dates(admin1["region_id"].map(lambda u: min(soe_days[u]) if u in soe_days else pd.NaT)),
        "soe_last_day": _dates(admin1["region_id"].map(lambda u: max(soe_days[u]) if u in soe_days else pd.NaT)),
    }, geometry=admin1.geometry.to_numpy(), crs="EPSG:4326")

    ev = events.reset_index(drop=True)
    ev = ev[ev["place_id"].isin(gaz.index)]
    alt = alternative_mask(ev)
    tp = pd.to_numeric(ev["time_precision"], errors="coerce")
    counted = ev["event_type"].isin(COUNTED_EVENT_TYPES).to_numpy() & ~alt & (tp.fillna(1) <= 1).to_numpy()
    text = lambda c: ev[c].astype("string") if c in ev.columns else pd.Series(pd.NA, index=ev.index, dtype="string")  # noqa: E731
    evl = gpd.GeoDataFrame({
        "event_id": ev["event_id"].astype(str), "date": _dates(ev["date"]), "time": text("time"),
        "time_precision": ev["time_precision"].astype("int64"),
        "place_id": ev["place_id"].astype(str),
        "event_type": ev["event_type"].astype(str), "sub_event_type": ev["sub_event_type"].astype(str),
        "size_text": text("size_text"), "fatalities_text": text("fatalities_text"),
        "counted": counted.astype(bool), "same_event_as": text("same_event_as"),
        "description": text("description"), "source_ids": text("source_ids"),
    }, geometry=gpd.points_from_xy(ev["place_id"].map(gaz["longitude"]), ev["place_id"].map(gaz["latitude"])),
        crs="EPSG:4326")

    rows, geoms = [], []
    shape = dict(zip(admin1["region_id"], admin1.geometry))
    for r in measures.itertuples(index=False):
        cover = list(names.index) if r.scope == "national" else (
            [r.scope] if r.scope in names.index else [str(gaz["region_id"].get(r.scope))])
        for u in cover:
            if u not in shape:
                continue
            rows.append({"measure_id": r.measure_id, "measure": str(r.measure), "level": r.level,
                         "scope": r.scope, "region_id": u, "start": r.start, "start_time": r.start_time,
                         "end": r.end, "end_time": r.end_time, "description": r.description})
            geoms.append(shape[u])
    ms = pd.DataFrame(rows)
    msl = gpd.GeoDataFrame({
        "measure_id": ms["measure_id"].astype(str), "measure": ms["measure"].astype(str),
        "level": ms["level"].astype("string"), "scope": ms["scope"].astype(str),
        "region_id": ms["region_id"].astype(str), "start": _dates(ms["start"]),
        "start_time": ms["start_time"].astype("string"), "end": _dates(ms["end"]),
        "end_time": ms["end_time"].astype("string"), "description": ms["description"].astype("string"),
    }, geometry=geoms, crs="EPSG:4326")
    return {"units": units, "places": pl, "events": evl, "measures": msl}


def write_geopackage(path: str | Path | None = None, **tables: Any) -> Path:
    """Write :func:`geopackage_layers` (keyword arguments are passed on) to ``path``
    (default ``exports/kzlib_jan2022.gpkg`` under :func:`kzlib.paths.exports_dir`), replacing
    the file, and return its path."""
    from . import paths

    target = Path(path) if path is not None else paths.exports_dir() / "kzlib_jan2022.gpkg"
    target.parent.mkdir(parents=True, exist_ok=True)
    layers = geopackage_layers(**tables)
    tmp = target.with_name(f".{target.name}.tmp.gpkg")
    if tmp.exists():
        tmp.unlink()
    for name in LAYERS:
        layers[name].to_file(tmp, layer=name, driver="GPKG", engine="pyogrio")
    tmp.replace(target)
    return target

