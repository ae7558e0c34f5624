"""Offline boundaries: loading, errors, and that the layers are geographically right."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, box, mapping

import kzlib
from kzlib import KzDataError
from kzlib.geo import KZ_CRS, LEVELS, geodesic_area_km2, load_boundaries, region_at

#: Area of Kazakhstan in official statistics (km²); the layer must be within 2 %.
KZ_AREA_KM2 = 2_724_900
#: Largest total overlap or gap between the 17 units we accept (km²).
COVERAGE_TOLERANCE_KM2 = 1.0


@pytest.fixture(scope="module")
def units():
    return load_boundaries("admin1")


@pytest.fixture(scope="module")
def places():
    return kzlib.load_places()


@pytest.mark.parametrize("level,n", [("country", 1), ("neighbours", 18), ("sea", 1), ("admin1", 17)])
def test_levels_load_in_epsg4326(level, n):
    g = load_boundaries(level)
    assert len(g) == n
    assert g.crs.to_epsg() == 4326
    for col in LEVELS[level][1]:
        assert col in g.columns
    assert g.geometry.is_valid.all()


def test_public_name_is_lazy_export():
    assert kzlib.load_boundaries is load_boundaries


def test_admin1_has_the_17_units_of_regions_csv(units):
    regions = kzlib.load_regions()
    assert len(units) == 17
    assert list(units["region_id"]) == sorted(regions["region_id"])
    assert units["region_id"].is_unique


def test_unknown_level_raises_naming_the_level():
    with pytest.raises(KzDataError) as e:
        load_boundaries("districts")
    assert "districts" in str(e.value) and "admin1" in str(e.value)


def test_missing_file_raises_naming_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("KZLIB_DATA_DIR", str(tmp_path))
    with pytest.raises(KzDataError) as e:
        load_boundaries("admin1")
    assert "admin1.geojson" in str(e.value)
    assert "tools/build_geo.py" in str(e.value)


def test_explicit_missing_path(tmp_path):
    with pytest.raises(KzDataError, match="nope.geojson"):
        load_boundaries("sea", tmp_path / "nope.geojson")


def test_broken_file_raises_naming_the_file(tmp_path):
    bad = tmp_path / "sea.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [ {oops', encoding="utf-8")
    with pytest.raises(KzDataError) as e:
        load_boundaries("sea", bad)
    assert "sea.geojson" in str(e.value) and "readable GeoJSON" in str(e.value)


def test_file_without_the_layer_columns_raises(tmp_path):
    f = tmp_path / "admin1.geojson"
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "x"}, "geometry": mapping(box(50, 45, 51, 46))}]}
    f.write_text(json.dumps(fc), encoding="utf-8")
    with pytest.raises(KzDataError) as e:
        load_boundaries("admin1", f)
    assert "region_id" in str(e.value) and "admin1.geojson" in str(e.value)


def test_duplicate_region_ids_raise(tmp_path):
    f = tmp_path / "admin1.geojson"
    feat = {"type": "Feature", "properties": {"region_id": "KZ-MAN", "name": "x"},
            "geometry": mapping(box(50, 45, 51, 46))}
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [feat, feat]}), encoding="utf-8")
    with pytest.raises(KzDataError, match="one feature per region_id"):
        load_boundaries("admin1", f)


def test_every_place_lies_in_its_region(units, places):
    by_id = dict(zip(units["region_id"], units.geometry))
    wrong = [(p.place_id, p.region_id) for p in places.itertuples()
             if not by_id[p.region_id].covers(Point(p.longitude, p.latitude))]
    assert wrong == []


@pytest.mark.parametrize("place,unit,not_unit", [
    ("almaty", "KZ-ALA", "KZ-ALM"),       # the city unit, not the region around it
    ("shymkent", "KZ-SHY", "KZ-YUZ"),     # enclosed by Turkestan Region
    ("nur-sultan", "KZ-AST", "KZ-AKM"),   # enclosed by Akmola Region
    ("talgar", "KZ-ALM", "KZ-ALA"),       # just outside Almaty city
])
def test_cities_of_republican_significance(units, places, place, unit, not_unit):
    p = places.set_index("place_id").loc[place]
    assert region_at(p["latitude"], p["longitude"], units) == unit
    pt = Point(p["longitude"], p["latitude"])
    assert not units.set_index("region_id").loc[not_unit, "geometry"].contains(pt)


def test_admin_centres_lie_in_their_units(units, places):
    regions = kzlib.load_regions()
    coords = places.set_index("place_id")
    by_id = dict(zip(units["region_id"], units.geometry))
    for r in regions.itertuples():
        c = coords.loc[r.admin_centre]
        assert by_id[r.region_id].covers(Point(c["longitude"], c["latitude"])), r.region_id


def test_region_at_outside_is_none(units):
    assert region_at(42.0, 50.5, units) is None   # the middle Caspian
    assert region_at(40.0, 100.0, units) is None  # China


def test_country_area_within_two_percent():
    country = load_boundaries("country").geometry.iloc[0]
    area = geodesic_area_km2(country)
    assert abs(area - KZ_AREA_KM2) / KZ_AREA_KM2 < 0.02


def test_geodesic_area_agrees_with_an_equal_area_projection():
    # Independent cross-check: the same polygon measured in EPSG:6933 (equal-area cylindrical).
    import geopandas as gpd

    country = load_boundaries("country")
    dense = country.set_geometry(shapely.segmentize(country.geometry.values, 0.01))
    planar = dense.to_crs("EPSG:6933").geometry.area.iloc[0] / 1e6
    assert geodesic_area_km2(country.geometry.iloc[0]) == pytest.approx(planar, rel=1e-4)
    cell = gpd.GeoSeries([box(60, 45, 61, 46)], crs="EPSG:4326")
    assert geodesic_area_km2(cell.iloc[0]) == pytest.approx(
        cell.to_crs(KZ_CRS).area.iloc[0] / 1e6, rel=1e-4)  # the Albers map CRS is equal-area too
    assert geodesic_area_km2(Point(60, 45)) == 0.0
    ring = box(60, 45, 62, 47).difference(box(60.5, 45.5, 61.5, 46.5))  # a hole is subtracted
    assert geodesic_area_km2(ring) == pytest.approx(
        geodesic_area_km2(box(60, 45, 62, 47)) - geodesic_area_km2(box(60.5, 45.5, 61.5, 46.5)), rel=1e-9)
    assert geodesic_area_km2(box(60, 45, 61, 46).boundary) == 0.0  # lines have no area


def test_units_do_not_overlap(units):
    total = 0.0
    geoms = list(units.geometry)
    for a, b in itertools.combinations(range(len(geoms)), 2):
        if geoms[a].intersects(geoms[b]):
            total += geodesic_area_km2(geoms[a].intersection(geoms[b]))
    assert total < COVERAGE_TOLERANCE_KM2


def test_units_leave_no_gaps(units):
    union = shapely.union_all(units.geometry.values)
    polys = getattr(union, "geoms", [union])
    holes = [shapely.Polygon(ring) for p in polys for ring in p.interiors]
    assert sum(geodesic_area_km2(h) for h in holes) < COVERAGE_TOLERANCE_KM2


def test_units_cover_the_country_outline_closely(units):
    union = shapely.union_all(units.geometry.values)
    country = load_boundaries("country").geometry.iloc[0]
    mismatch = geodesic_area_km2(union.symmetric_difference(country))
    assert mismatch / KZ_AREA_KM2 < 0.02


def test_projection_puts_the_caspian_west_and_almaty_south_east():
    sea = load_boundaries("sea").to_crs(KZ_CRS).geometry.iloc[0].centroid
    country = load_boundaries("country").to_crs(KZ_CRS).geometry.iloc[0].centroid
    assert sea.x < country.x
    assert Path(kzlib.paths.geo_dir() / "README.md").exists()
