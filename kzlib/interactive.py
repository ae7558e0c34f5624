"""The interactive spread map: one self-contained, offline HTML file.

:func:`spread_html_data` gathers what the page shows (units, places, events, measures),
all from kzlib's functions: :func:`kzlib.first_seen` dates the places and units (each event
counted once), :func:`kzlib.timeline.measures_in_force` says which measures were in force
on each day, and the boundaries are the shipped 17 units of January 2022, projected as the
static maps are (:data:`kzlib.geo.KZ_CRS`) and simplified. :func:`write_spread_html` writes
the page: inline SVG and a small script, no library, no tiles and no request, so it opens
from a file with the network off and can be embedded as it is. The output is byte-identical
for the same tables.
"""
from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["spread_html_data", "write_spread_html", "render_spread_html", "MAP_MEASURES"]

#: The measures the page shows, with their labels.
MAP_MEASURES: dict[str, str] = {"state_of_emergency": "state of emergency", "curfew": "curfew",
                                "internet_shutdown": "internet shutdown"}
_NEUTRAL = "#e9e6df"
_SIMPLIFY_M = 1500.0


def _svg_path(geom: Any, scale: float, x0: float, y1: float) -> str:
    """SVG path data of a (Multi)Polygon in projected metres, in km from the top-left corner."""
    polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    parts = []
    for p in polys:
        for ring in [p.exterior, *p.interiors]:
            xy = np.asarray(ring.coords)
            if len(xy) < 4:
                continue
            pts = [f"{(x - x0) / scale:.1f} {(y1 - y) / scale:.1f}" for x, y in xy[:-1]]
            parts.append("M" + " L".join(pts) + "Z")
    return "".join(parts)


def _day(d: Any) -> str:
    return pd.Timestamp(d).strftime("%Y-%m-%d")


def _text(v: Any) -> str | None:
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def spread_html_data(events: pd.DataFrame | None = None, places: pd.DataFrame | None = None,
                     regions: pd.DataFrame | None = None, measures: pd.DataFrame | None = None,
                     sources: pd.DataFrame | None = None, *, start: str = "2022-01-02",
                     end: str = "2022-01-19") -> dict[str, Any]:
    """Return the page's data as plain JSON-ready values (defaults: kzlib's tables).

    Keys: ``days`` (every day ``start``..``end``), ``width``/``height`` (km), ``units``
    (``id, name, first, path``), ``outline`` and ``seas`` (path data), ``places`` (``id,
    name, unit, first, x, y, n``), ``events`` (per place id, per day: ``type, sub, size,
    fatal, alt, text, src`` with ``src`` a list of ``[publisher, url]``), ``measures`` (per
    unit id, per day: the labels of :data:`MAP_MEASURES` in force, with their ids),
    ``national`` (per day: measures in force nationwide), ``palette`` (first day -> colour, as
    :func:`kzlib.plots.maps.day_colour` gives the static maps), ``neutral`` and
    ``none_recorded`` (``[unit name, why]`` for each unit no counted event reaches, from
    :func:`kzlib.coverage.unreached_units`).
    """
    from . import load
    from .geo import load_boundaries
    from .spread import alternative_mask, counted_events, first_by_region, first_seen
    from .coverage import unreached_units
    from .timeline import measures_in_force
    from .geo import KZ_CRS

    events = load.load_events() if events is None else events
    places = load.load_places() if places is None else places
    regions = load.load_regions() if regions is None else regions
    measures = load.load_measures() if measures is None else measures
    sources = load.load_sources() if sources is None else sources
    days = [_day(d) for d in pd.date_range(start, end, freq="D")]

    admin1 = load_boundaries("admin1").to_crs(KZ_CRS)
    country = load_boundaries("country").to_crs(KZ_CRS)
    sea = load_boundaries("sea").to_crs(KZ_CRS)
    x0, y0, x1, y1 = country.total_bounds
    pad = 0.02 * (x1 - x0)
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    scale = 1000.0  # metres per SVG unit (1 unit = 1 km)

    first = first_seen(events, places)
    by_region = first_by_region(first).set_index("region_id")["first_date"]
    from .plots.maps import day_colour

    # one colour per day from the units' first to last first day, as on the static maps
    span = pd.date_range(by_region.min(), by_region.max(), freq="D") if len(by_region) else []
    palette = {_day(d): day_colour(i, len(span)) for i, d in enumerate(span)}
    names = regions.set_index("region_id")["name"].astype(str)
    units = []
    for r in admin1.sort_values("region_id").itertuples(index=False):
        g = r.geometry.simplify(_SIMPLIFY_M, preserve_topology=True)
        f = by_region.get(r.region_id)
        units.append({"id": r.region_id, "name": str(names.get(r.region_id, r.region_id)),
                      "first": _day(f) if f is not None and pd.notna(f) else None,
                      "path": _svg_path(g, scale, x0, y1)})
    outline = "".join(_svg_path(g.simplify(_SIMPLIFY_M, preserve_topology=True), scale, x0, y1)
                      for g in country.geometry)
    seas = "".join(_svg_path(g.intersection(_bbox(x0, y0, x1, y1)).simplify(_SIMPLIFY_M), scale, x0, y1)
                   for g in sea.geometry if not g.intersection(_bbox(x0, y0, x1, y1)).is_empty)

    from pyproj import Transformer

    tr = Transformer.from_crs("EPSG:4326", KZ_CRS, always_xy=True)
    px, py = tr.transform(first["longitude"].to_numpy(dtype=float), first["latitude"].to_numpy(dtype=float))
    pl = [{"id": r.place_id, "name": str(r.name), "unit": str(r.region_id), "first": _day(r.first_date),
           "x": round(float((x - x0) / scale), 1), "y": round(float((y1 - y) / scale), 1), "n": int(r.n_events)}
          for r, x, y in zip(first.itertuples(index=False), px, py)]
    pl.sort(key=lambda p: (p["first"], p["id"]))

    src = sources.set_index("source_id")
    ev = counted_events(events, max_time_precision=1)
    alts = events[alternative_mask(events)]
    shown = pd.concat([ev.assign(is_alt=False), alts.assign(is_alt=True)], ignore_index=True)
    shown = shown[shown["place_id"].isin({p["id"] for p in pl})]
    per_place: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for r in shown.sort_values(["date", "is_alt", "event_id"], kind="stable").itertuples(index=False):
        links = []
        for sid in str(r.source_ids).split(";"):
            if sid in src.index:
                s = src.loc[sid]
                links.append([str(s["publisher"]), _text(s["url"]) or ""])
        per_place.setdefault(r.place_id, {}).setdefault(_day(r.date), []).append({
            "id": r.event_id, "type": str(r.sub_event_type or r.event_type), "size": _text(r.size_text),
            "fatal": _text(r.fatalities_text), "alt": _text(getattr(r, "same_event_as", None)) if r.is_alt else None,
            "text": _text(r.description), "src": links})

    place_unit = dict(zip(places["place_id"].astype(str), places["region_id"].astype(str)))
    place_name = dict(zip(places["place_id"].astype(str), places["name"].astype(str)))
    force = measures_in_force(measures, start, end)
    force = force[force["measure"].isin(list(MAP_MEASURES))]
    per_unit: dict[str, dict[str, list[str]]] = {}
    national: dict[str, list[str]] = {}
    for r in force.sort_values(["date", "measure", "measure_id"], kind="stable").itertuples(index=False):
        if r.measure == "internet_shutdown" and _text(r.level) == "restored":
            label = f"internet partly or briefly restored [{r.measure_id}]"
        else:
            label = MAP_MEASURES[r.measure] + (f" ({r.level})" if _text(r.level) else "") + f" [{r.measure_id}]"
        d = _day(r.date)
        if r.scope == "national":
            national.setdefault(d, []).append(label)
            for u in names.index:
                per_unit.setdefault(u, {}).setdefault(d, []).append(label)
        elif r.scope in names.index:
            per_unit.setdefault(r.scope, {}).setdefault(d, []).append(label)
        elif r.scope in place_unit:
            per_unit.setdefault(place_unit[r.scope], {}).setdefault(d, []).append(
                f"{label.split(' [')[0]} in {place_name[r.scope]} [{r.measure_id}]")
    soe = {u: sorted(d for d, labels in v.items() if any(lb.startswith("state of emergency") for lb in labels))
           for u, v in per_unit.items()}
    return {"days": days, "width": round((x1 - x0) / scale, 1), "height": round((y1 - y0) / scale, 1),
            "units": units, "outline": outline, "seas": seas, "places": pl, "events": per_place,
            "measures": per_unit, "national": national, "soe": soe, "palette": palette, "neutral": _NEUTRAL,
            "origin": first.attrs.get("origin"), "n_events": int(len(ev)), "n_sources": int(len(src)),
            "none_recorded": [[str(r.name), str(r.short)] for r in
                              unreached_units(events, places, regions).itertuples(index=False)]}


def _bbox(x0: float, y0: float, x1: float, y1: float) -> Any:
    from shapely.geometry import box

    return box(x0, y0, x1, y1)


_TEMPLATE = Path(__file__).with_name("spread_map.html.in")


def render_spread_html(data: dict[str, Any], *, title: str = "How the January 2022 unrest spread in Kazakhstan") -> str:
    """Return the page for ``data`` (:func:`spread_html_data`) as one HTML string."""
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    blob = blob.replace("</", "<\\/")  # never close the script element early
    page = _TEMPLATE.read_text(encoding="utf-8")
    return page.replace("@@TITLE@@", html.escape(title)).replace("@@DATA@@", blob)


def write_spread_html(path: str | Path | None = None, *, events: pd.DataFrame | None = None,
                      places: pd.DataFrame | None = None, regions: pd.DataFrame | None = None,
                      measures: pd.DataFrame | None = None, sources: pd.DataFrame | None = None,
                      days: Sequence[str] = ("2022-01-02", "2022-01-19")) -> Path:
    """Write the interactive spread map (default ``figures/spread_map.html``) and return its path.

    The file is written atomically and is byte-identical for the same tables.
    """
    from .figures import _atomic_write
    from . import paths

    target = Path(path) if path is not None else paths.figures_dir() / "spread_map.html"
    data = spread_html_data(events, places, regions, measures, sources, start=days[0], end=days[1])
    text = render_spread_html(data)

    def write(tmp: str) -> None:
        Path(tmp).write_text(text, encoding="utf-8", newline="\n")

    _atomic_write(target, write)
    return target
