"""Offline boundaries (``data/geo/*.geojson``) and the map projection used for Kazakhstan.

:func:`load_boundaries` reads one of the four layers built by ``tools/build_geo.py``
(see ``data/geo/README.md``) as a GeoDataFrame in EPSG:4326. :data:`KZ_CRS` is the
projection kzlib draws Kazakhstan in. :func:`geodesic_area_km2` measures polygons on
the WGS84 ellipsoid and :func:`region_at` finds the unit a point lies in.

geopandas and shapely are imported inside the functions, so ``import kzlib`` stays light.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import paths
from .errors import KzDataError
from .validate import _display

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = ["LEVELS", "KZ_CRS", "KZ_CRS_NAME", "load_boundaries", "boundary_path", "load_world",
           "country_outline", "fitted_crs", "outside_km", "read_units",
           "geodesic_area_km2", "region_at"]

#: level -> (file name in data/geo, columns every feature must carry)
LEVELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "country": ("country.geojson", ("iso_a3", "name")),
    "neighbours": ("neighbours.geojson", ("iso_a3", "name")),
    "sea": ("sea.geojson", ("name",)),
    "admin1": ("admin1.geojson", ("region_id", "name")),
}

#: Albers equal-area conic for Kazakhstan: centre 48°N 67°E, standard parallels 43°N and
#: 53°N (the "one-sixth rule" for 40.5–55.5°N), WGS84. Areas are true; linear scale stays
#: within 0.9962–1.0053 over the country. No EPSG code covers Kazakhstan with a national conic.
KZ_CRS: str = ("+proj=aea +lat_0=48 +lon_0=67 +lat_1=43 +lat_2=53 +x_0=0 +y_0=0 "
               "+datum=WGS84 +units=m +no_defs")
#: How figures name :data:`KZ_CRS` in their source line.
KZ_CRS_NAME: str = "Albers equal-area conic, 67°E, standard parallels 43°N/53°N, WGS 84"


def boundary_path(level: str) -> Path:
    """Return the path of the GeoJSON file of ``level`` (in :func:`kzlib.paths.geo_dir`).

    Raises :class:`~kzlib.KzDataError` for an unknown level.
    """
    if level not in LEVELS:
        raise KzDataError.one(_display(paths.geo_dir()), f"a boundary level: {', '.join(LEVELS)}",
                              column="level", value=level)
    return paths.geo_dir() / LEVELS[level][0]


def load_boundaries(level: str = "admin1", path: str | Path | None = None) -> "gpd.GeoDataFrame":
    """Load one offline boundary layer as a GeoDataFrame in EPSG:4326.

    ``level`` is ``"country"`` (Kazakhstan), ``"neighbours"`` (18 countries clipped to
    40–95°E, 33–60°N), ``"sea"`` (the Caspian) or ``"admin1"`` (the 17 units of January
    2022, one row per ``region_id``, sorted). ``path`` overrides the file (default
    ``data/geo/<level>.geojson``). Raises one :class:`~kzlib.KzDataError` naming the file
    if the level is unknown, or the file is missing, unreadable, empty, lacks the
    layer's columns, has empty/invalid geometries or a CRS other than EPSG:4326.
    """
    import pyogrio

    target = Path(path) if path is not None else boundary_path(level)
    if level not in LEVELS:  # path given with an unknown level
        boundary_path(level)
    file = _display(target)
    if not target.exists():
        raise KzDataError.one(file, f"an existing GeoJSON file of level {level!r} "
                                    "(built by tools/build_geo.py, see data/geo/README.md)")
    if target.is_dir():
        raise KzDataError.one(file, "a GeoJSON file, not a folder")
    try:
        gdf = pyogrio.read_dataframe(target)
    except Exception as e:  # pyogrio raises DataSourceError and friends; report them all alike
        raise KzDataError.one(file, f"a readable GeoJSON file ({type(e).__name__}: {e})") from e
    if len(gdf) == 0:
        raise KzDataError.one(file, "at least one feature")
    missing = [c for c in LEVELS[level][1] if c not in gdf.columns]
    if missing:
        raise KzDataError.one(file, f"feature properties {', '.join(LEVELS[level][1])}",
                              column=missing[0], value="(absent)")
    if gdf.crs is None:
        gdf = gdf.set_crs("EPSG:4326")
    elif gdf.crs.to_epsg() != 4326:
        raise KzDataError.one(file, "coordinates in EPSG:4326 (lon/lat, WGS 84)", value=str(gdf.crs))
    bad = gdf.geometry.isna() | gdf.geometry.is_empty | ~gdf.geometry.is_valid
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise KzDataError.one(file, "a non-empty, valid polygon geometry", row=i + 1, column="geometry",
                              value=str(gdf.iloc[i].get("name", i)))
    if level == "admin1":
        dup = gdf["region_id"].duplicated()
        if dup.any():
            i = int(dup.to_numpy().nonzero()[0][0])
            raise KzDataError.one(file, "one feature per region_id", row=i + 1, column="region_id",
                                  value=gdf["region_id"].iloc[i])
        gdf = gdf.sort_values("region_id", kind="stable").reset_index(drop=True)
    return gdf


def geodesic_area_km2(geometry: Any, *, densify_deg: float = 0.01) -> float:
    """Return the area of a lon/lat (EPSG:4326) polygon on the WGS84 ellipsoid, in km².

    Edges are first densified to ``densify_deg`` degrees so they follow straight lon/lat
    lines, as the data are drawn (see data/geo/README.md); accepts any shapely geometry
    (non-areal parts count 0).
    """
    import shapely
    import shapely.geometry.polygon
    from pyproj import Geod

    if geometry is None or geometry.is_empty:
        return 0.0
    kind = geometry.geom_type
    if kind in ("MultiPolygon", "GeometryCollection"):
        return sum(geodesic_area_km2(g, densify_deg=densify_deg) for g in geometry.geoms)
    if kind != "Polygon":
        return 0.0
    # counter-clockwise shell, clockwise holes: pyproj then subtracts the holes
    dense = shapely.geometry.polygon.orient(shapely.segmentize(geometry, densify_deg), 1.0)
    area, _ = Geod(ellps="WGS84").geometry_area_perimeter(dense)
    return abs(area) / 1e6


def region_at(lat: float, lon: float, units: "gpd.GeoDataFrame | None" = None) -> str | None:
    """Return the ``region_id`` of the unit containing the point (lat, lon), or None.

    ``units`` defaults to ``load_boundaries("admin1")``. A point on a shared edge goes to
    the first unit in ``region_id`` order that covers it.
    """
    from shapely.geometry import Point

    units = load_boundaries("admin1") if units is None else units
    hit = units[units.geometry.covers(Point(float(lon), float(lat)))]
    return None if hit.empty else str(hit["region_id"].iloc[0])


#: The shipped world admin-0 layer (Natural Earth 10m, public domain; tools/build_world.py).
WORLD_FILE = "world.geojson"
_WORLD_KEYS = ("iso_a3", "iso_a2", "iso_n3", "name", "name_long", "admin", "formal_en")


def load_world(path: str | Path | None = None) -> "gpd.GeoDataFrame":
    """Return the world admin-0 layer (one row per country, EPSG:4326), ``data/geo/world.geojson``.

    Columns ``iso_a3, iso_a2, iso_n3, name, name_long, admin, formal_en`` (Natural Earth's
    ADM0_A3, ISO_A2, ISO_N3, NAME, NAME_LONG, ADMIN, FORMAL_EN). Raises KzDataError if absent.
    """
    import pyogrio

    target = Path(path) if path is not None else paths.geo_dir() / WORLD_FILE
    if not target.is_file():
        raise KzDataError.one(_display(target), "the world admin-0 layer (built by tools/build_world.py)")
    gdf = pyogrio.read_dataframe(target)
    return gdf.set_crs("EPSG:4326") if gdf.crs is None else gdf


def country_outline(country: str, world: "gpd.GeoDataFrame | None" = None) -> "gpd.GeoDataFrame | None":
    """Return the admin-0 outline of ``country`` (one row), or None if the world layer has no such country.

    ``country`` is matched without case against the name, long name, formal name and ISO
    alpha-3, alpha-2 and numeric codes (``"Benin"``, ``"BEN"``, ``"bj"``, ``"204"``).
    """
    world = load_world() if world is None else world
    want = str(country).strip().casefold()
    if want.isdigit():
        want = str(int(want))
    for col in _WORLD_KEYS:
        if col not in world.columns:
            continue
        vals = world[col].astype(str).str.strip().str.casefold()
        if col == "iso_n3":
            vals = vals.map(lambda v: str(int(v)) if v.lstrip("-").isdigit() and int(v) >= 0 else v)
        hit = world[vals == want]
        if len(hit):
            return hit.iloc[:1].reset_index(drop=True)
    return None


def fitted_crs(bounds: tuple[float, float, float, float]) -> tuple[str, str]:
    """Return (PROJ string, name) of a Lambert azimuthal equal-area projection centred on a lon/lat extent."""
    x0, y0, x1, y1 = bounds
    lon, lat = round((x0 + x1) / 2, 2), round((y0 + y1) / 2, 2)
    return (f"+proj=laea +lat_0={lat:g} +lon_0={lon:g} +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
            f"Lambert azimuthal equal-area, centred {abs(lat):g}°{'N' if lat >= 0 else 'S'} "
            f"{abs(lon):g}°{'E' if lon >= 0 else 'W'}, WGS 84")


def outside_km(lat: Any, lon: Any, outline: "gpd.GeoDataFrame | str | Path") -> Any:
    """Return, per point, how far (km) it lies outside ``outline`` (0 inside), measured in
    :func:`fitted_crs` of the outline's extent. ``outline`` is a GeoDataFrame or a file path."""
    import geopandas as gpd
    import numpy as np

    if not isinstance(outline, gpd.GeoDataFrame):
        outline = read_units(outline)
    crs, _ = fitted_crs(tuple(outline.to_crs("EPSG:4326").total_bounds))
    shape = outline.to_crs(crs).geometry.union_all()
    pts = gpd.GeoSeries(gpd.points_from_xy(np.asarray(lon, float), np.asarray(lat, float)),
                        crs="EPSG:4326").to_crs(crs)
    return pts.distance(shape).to_numpy() / 1000.0


def read_units(source: "gpd.GeoDataFrame | str | Path", unit_column: str | None = None) -> "gpd.GeoDataFrame":
    """Return boundaries from a GeoDataFrame or a file (GeoPackage, GeoJSON, shapefile; via pyogrio)
    in EPSG:4326; with ``unit_column``, check that the column exists. Raises KzDataError."""
    import geopandas as gpd
    import pyogrio

    if isinstance(source, gpd.GeoDataFrame):
        gdf, file = source, "boundaries (GeoDataFrame)"
    else:
        file = _display(Path(source))
        if not Path(source).exists():
            raise KzDataError.one(file, "an existing GeoPackage, GeoJSON or shapefile")
        try:
            gdf = pyogrio.read_dataframe(source)
        except Exception as e:  # pyogrio's errors, reported alike
            raise KzDataError.one(file, f"a readable GeoPackage, GeoJSON or shapefile ({type(e).__name__}: {e})") from e
    if len(gdf) == 0:
        raise KzDataError.one(file, "at least one feature")
    if unit_column is not None and unit_column not in gdf.columns:
        raise KzDataError.one(file, f"a unit column named {unit_column!r} (columns: {', '.join(map(str, gdf.columns))})",
                              column=unit_column, value="(absent)")
    gdf = gdf.set_crs("EPSG:4326") if gdf.crs is None else gdf.to_crs("EPSG:4326")
    return gdf
