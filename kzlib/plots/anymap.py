"""The spread map for any country: an export's places on its country outline, optionally
shaded by the units of boundaries the user brings, in a projection fitted to the extent.

:func:`map_spread_any` is what :func:`kzlib.plots.map_spread` draws when the events are not
Kazakh (``events.attrs["country"]``, set by the readers outside Kazakhstan) or when
``boundaries=`` / ``outline=`` are given. The projection is a Lambert azimuthal equal-area
centred on the extent (:func:`kzlib.geo.fitted_crs`), named in the source line.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.patches import Patch

from ..errors import KzDataError
from ..spread import COUNTED_EVENT_TYPES, counted_events, first_by_region, first_seen
from .style import deferred_draw, new_axes, source_line, style

__all__ = ["map_spread_any", "spread_map_any_data", "is_foreign"]

_CMAP = "YlOrRd"
_NEUTRAL = "#f7f5ef"


def is_foreign(events: pd.DataFrame) -> bool:
    """True if ``events`` came from a reader outside Kazakhstan (``attrs["country"]`` is set)."""
    return bool(getattr(events, "attrs", {}).get("country"))


def _outline(events: pd.DataFrame, outline: Any, units: Any) -> Any:
    from ..geo import country_outline, read_units

    if outline is not None:
        return read_units(outline)
    name = events.attrs.get("country")
    found = country_outline(name) if name else None
    if found is not None:
        return found
    if units is not None:
        return units.dissolve().reset_index(drop=True)[["geometry"]]
    raise KzDataError.one("outline", "the country's outline: pass outline= (a GeoDataFrame or file) or "
                                     "boundaries=, or read the export with a country kzlib's world layer has",
                          value=str(name))


def spread_map_any_data(events: pd.DataFrame, places: pd.DataFrame | None = None, *,
                        boundaries: Any = None, unit_column: str | None = None, origin: str | None = None,
                        event_types: Sequence[str] = COUNTED_EVENT_TYPES) -> pd.DataFrame:
    """Return the table behind :func:`map_spread_any`: one row per unit (``layer`` unit, when
    ``boundaries`` are given) and per place reached (``layer`` place), with ``first_date``,
    ``day_offset``, ``n_events``, coordinates and ``distance_km`` from the origin."""
    from ..external import places_for
    from ..gazetteer import name_key

    places = places_for(events) if places is None else places
    first = first_seen(events, places, event_types=event_types, origin=origin)
    rows = []
    if boundaries is not None:
        from ..geo import read_units

        units = read_units(boundaries, unit_column)
        col = unit_column or units.columns[0]
        rf = first_by_region(first)
        by = {name_key(r): i for i, r in enumerate(rf["region_id"])}
        for u in units[col].astype(str):
            i = by.get(name_key(u))
            rows.append({"layer": "unit", "id": u, "name": u,
                         "first_date": rf["first_date"].iat[i] if i is not None else pd.NaT,
                         "day_offset": rf["day_offset"].iat[i] if i is not None else pd.NA})
    place_rows = pd.DataFrame({"layer": "place", "id": first["place_id"], "name": first["name"],
                               "region_id": first["region_id"], "first_date": first["first_date"],
                               "day_offset": first["day_offset"], "n_events": first["n_events"],
                               "latitude": first["latitude"], "longitude": first["longitude"],
                               "distance_km": first["distance_km"]})
    out = pd.concat([pd.DataFrame(rows), place_rows], ignore_index=True) if rows else place_rows
    cols = ["layer", "id", "name", "region_id", "first_date", "day_offset", "n_events", "latitude", "longitude",
            "distance_km"]
    out = out.reindex(columns=cols)
    for c in ("day_offset", "n_events"):
        out[c] = out[c].astype("Int64")
    out.attrs.update(first.attrs)
    return out


def map_spread_any(events: pd.DataFrame, places: pd.DataFrame | None = None, ax: Axes | None = None, *,
                   boundaries: "Any | str | Path | None" = None, unit_column: str | None = None,
                   outline: Any = None, origin: str | None = None,
                   event_types: Sequence[str] = COUNTED_EVENT_TYPES, source_label: str = "export",
                   title: str | None = "Where and when protest and unrest first appeared") -> Axes:
    """Draw the spread map of any country and return its Axes.

    Accepts reader output (or any events frame), ``places`` (default
    :func:`kzlib.external.places_for`), optional ``boundaries`` (a GeoDataFrame or a
    GeoPackage/GeoJSON/shapefile path) with ``unit_column`` naming the units, matched to the
    events' ``region_id`` (the export's admin1) without case; ``outline`` (default: the
    country's Natural Earth outline, else the union of ``boundaries``) and the ``origin``
    (None: the place of the earliest counted event). Units are shaded by their first day;
    places are dots sized by counted events, labelled. Never saves or shows.
    """
    from adjustText import adjust_text
    from pyproj import Transformer

    from ..geo import fitted_crs, read_units

    data = spread_map_any_data(events, places, boundaries=boundaries, unit_column=unit_column, origin=origin,
                               event_types=event_types)
    units = read_units(boundaries, unit_column) if boundaries is not None else None
    shape = _outline(events, outline, units)
    pts = data[data["layer"] == "place"]
    x0, y0, x1, y1 = shape.total_bounds
    if len(pts):
        x0, x1 = min(x0, pts["longitude"].min()), max(x1, pts["longitude"].max())
        y0, y1 = min(y0, pts["latitude"].min()), max(y1, pts["latitude"].max())
    crs, crs_name = fitted_crs((x0, y0, x1, y1))
    days = sorted(set(pd.to_datetime(data["first_date"].dropna())))
    cmap = colormaps[_CMAP]

    def colour(d: Any) -> str:
        if pd.isna(d):
            return _NEUTRAL
        if len(days) <= 1:
            return to_hex(cmap(0.85))
        return to_hex(cmap(0.88 - 0.68 * days.index(pd.Timestamp(d)) / (len(days) - 1)))

    n_counted = len(counted_events(events, event_types=event_types))
    with style():
        ax = new_axes(ax, (10.0, 8.0))
        handles = []
        with deferred_draw(ax, draw_after=True):
            shape.to_crs(crs).plot(ax=ax, facecolor=_NEUTRAL, edgecolor="#3d3d3d", linewidth=0.9, zorder=1)
            if units is not None:
                u = data[data["layer"] == "unit"]
                g = units.to_crs(crs).assign(_c=[colour(d) for d in u["first_date"]])
                g.plot(ax=ax, color=g["_c"], edgecolor="#6b6b6b", linewidth=0.5, zorder=2)
                shape.to_crs(crs).boundary.plot(ax=ax, color="#3d3d3d", linewidth=0.9, zorder=3)
        t = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        x, y = t.transform(pts["longitude"].to_numpy(float), pts["latitude"].to_numpy(float))
        ax.scatter(x, y, s=16.0 * pts["n_events"].to_numpy(dtype=float) + 8,
                   c=[colour(d) for d in pts["first_date"]], edgecolor="#222222", linewidth=0.7, zorder=5)
        texts = [ax.text(xi, yi, f"{n} ({d.day} {d:%b})", fontsize=8, zorder=7)
                 for xi, yi, n, d in zip(x, y, pts["name"], pd.to_datetime(pts["first_date"]))]
        pad_x, pad_y = 0.06 * (ax.get_xlim()[1] - ax.get_xlim()[0]), 0.06 * (ax.get_ylim()[1] - ax.get_ylim()[0])
        ax.set_xlim(ax.get_xlim()[0] - pad_x, ax.get_xlim()[1] + pad_x)
        ax.set_ylim(ax.get_ylim()[0] - pad_y, ax.get_ylim()[1] + pad_y)
        if texts:
            adjust_text(texts, x=np.asarray(x), y=np.asarray(y), ax=ax, iter_lim=300, time_lim=None,
                        ensure_inside_axes=True, arrowprops=dict(arrowstyle="-", color="#666666", lw=0.5))
        ax.set_aspect("equal")
        ax.set_axis_off()
        handles = [Patch(facecolor=colour(d), edgecolor="#6b6b6b", label=f"{d.day} {d:%b %Y}") for d in days]
        if handles:
            ax.legend(handles=handles, title="First day of protest/unrest", loc="upper left",
                      bbox_to_anchor=(1.0, 1.0), fontsize=8)
        if title:
            ax.set_title(title)
        origin_name = data.attrs.get("origin")
        source_line(ax, f"Data: {source_label} ({len(events)} events, {n_counted} counted as protest/unrest;\n"
                        f"origin {origin_name}). Outline: Natural Earth admin-0 (public domain)"
                        f"{' or as given' if outline is not None else ''}"
                        f"{'; units: boundaries given' if units is not None else ''}.\n"
                        f"Projection: {crs_name}.\nDot size: counted events. Dates are local calendar dates.",
                    y=-0.02)
    return ax
