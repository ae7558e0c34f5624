"""Which country the readers check rows against, and what they do outside Kazakhstan: tiny made-up
exports for Kazakhstan (asked for by any of its names and codes), a made-up country with its own
outline, and a real country found in the shipped world layer by its GED id."""
from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from _exports import acled_api, acled_current, ged, places, problems, regions, table  # noqa: F401 (places, regions: fixtures)
from kzlib import KzDataError
from kzlib.external import read_acled, read_ucdp_ged
from kzlib.gazetteer import places_frame


# ---------------------------------------------------------------------------------------------
# Kazakhstan by any of its names and codes

@pytest.mark.parametrize(("reader", "write", "country"), [
    (read_acled, acled_current, "KAZ"), (read_acled, acled_api, "kz"), (read_acled, acled_current, "705"),
    (read_ucdp_ged, ged, " KZ "), (read_ucdp_ged, ged, "398.0"), (read_acled, acled_api, "Kazakhstan"),
])
def test_kazakhstan_by_any_name_or_code(tmp_path, places, regions, reader, write, country):
    """country= takes Kazakhstan's name, ISO codes or GED id, whichever of them the rows give."""
    df = reader(write(tmp_path / "kaz.csv", [{}]), country=country, places=places, regions=regions)
    assert table(df, ["place_id", "region_id", "region_match"]) == [("zhanaozen", "KZ-MAN", "admin1")]
    assert "country" not in df.attrs


def test_a_kazakh_code_matches_the_code_or_the_name(tmp_path, places, regions):
    """country="KZ" takes rows that say Kazakhstan or KZ; a row of another country is still refused, and
    country="Kazakhstan" still matches the name only (a row of Kyrgyzstan with ISO 398 is refused)."""
    rows = [{}, dict(event_id_cnty="KAZ2", country="KZ", iso="NA"),
            dict(event_id_cnty="SVN1", country="Slovenia", iso="705"),
            dict(event_id_cnty="KGZ1", country="Kyrgyzstan", iso="398"), dict(event_id_cnty="X1", country="NA")]
    path = acled_current(tmp_path / "mixed.csv", rows)
    with pytest.raises(KzDataError) as e:
        read_acled(path, country="KZ", places=places, regions=regions)
    assert problems(e) == [
        ("mixed.csv", 4, "country", "Slovenia", "'KZ' (the country asked for, matched against country/iso; cut the "
                                                "export to KZ or pass country=None)"),
        ("mixed.csv", 5, "country", "Kyrgyzstan", "'KZ' (the country asked for, matched against country/iso; cut "
                                                  "the export to KZ or pass country=None)"),
        ("mixed.csv", 6, "country", None, "'KZ' (the country asked for, matched against country/iso; cut the "
                                          "export to KZ or pass country=None)")]
    with pytest.raises(KzDataError) as e:
        read_acled(path, country="Kazakhstan", places=places, regions=regions)
    assert [(p[1], p[3]) for p in problems(e)] == [(3, "KZ"), (4, "Slovenia"), (5, "Kyrgyzstan"), (6, None)]



# ---------------------------------------------------------------------------------------------
# a made-up country: Zembla, lon 10-14, lat 60-63 (its outline is passed in)

OUTLINE = gpd.GeoDataFrame({"name": ["Zembla"]}, geometry=[box(10, 60, 14, 63)], crs="EPSG:4326")
Z = dict(country="Zembla", iso="999", admin1="North Zembla", location="Alpha", latitude="62.5", longitude="11.0")
ZEMBLA = [dict(Z, event_id_cnty="Z1"),
          dict(Z, event_id_cnty="Z2", admin1="NA", location="Beta", latitude="59.95", longitude="12.0"),
          dict(Z, event_id_cnty="Z3", admin1="South Zembla", location="Gamma", latitude="60.5", longitude="11.5",
               event_type="Strategic developments", sub_event_type="Arrests"),
          dict(Z, event_id_cnty="Z4", location="Delta", latitude="50.0", longitude="12.0"),
          dict(Z, event_id_cnty="Z5", country="NA")]


def _made(pid, name, region, lat, lon, file, row):
    return {"place_id": pid, "name": name, "alt_names": None, "kind": "area", "region_id": region, "latitude": lat,
            "longitude": lon, "population": None, "geonames_id": None,
            "notes": f"Made by kzlib from {file} row {row} (ACLED location {name!r}); coordinates from ACLED; "
                     "kind unknown."}


def test_made_up_country_without_checks(tmp_path):
    """country=None: no country checks; regions are the admin1 names as written, places come from the rows."""
    path = acled_current(tmp_path / "zembla.csv", ZEMBLA)
    df = read_acled(path, country=None)
    assert table(df, ["event_id", "place_id", "region_id", "region_match", "place_match", "place_km", "notes",
                      "first_reported"]) == [
        ("Z1", "alpha", "North Zembla", "admin1", "new", 0.0, None, True),
        ("Z2", "beta", None, "none", "new", 0.0, None, True),
        ("Z3", "gamma", "South Zembla", "admin1", "new", 0.0, None, False),
        ("Z4", "delta", "North Zembla", "admin1", "new", 0.0, None, True),
        ("Z5", "alpha", "North Zembla", "admin1", "new", 0.0, None, False)]
    assert df.attrs == {"dataset": "ACLED", "layout": "current", "file": str(path), "country": "Zembla",
                        "skipped_rows": 0, "new_places": (
                            _made("alpha", "Alpha", "North Zembla", 62.5, 11.0, "zembla.csv", 2),
                            _made("beta", "Beta", None, 59.95, 12.0, "zembla.csv", 3),
                            _made("gamma", "Gamma", "South Zembla", 60.5, 11.5, "zembla.csv", 4),
                            _made("delta", "Delta", "North Zembla", 50.0, 12.0, "zembla.csv", 5))}
    # places= are matched first (by name within 25 km, else the nearest within 10 km)
    gaz = places_frame([dict(place_id="alpha-1", name="Alpha", alt_names=None, kind="town", region_id="North Zembla",
                             latitude=62.51, longitude=11.0, population=None, geonames_id=None, notes=None),
                        dict(place_id="beta-1", name="Old Beta", alt_names=None, kind="town", region_id=None,
                             latitude=59.96, longitude=12.0, population=None, geonames_id=None, notes=None)])
    df = read_acled(path, country=None, places=gaz)
    assert table(df, ["place_id", "place_match", "place_km", "region_id"]) == [
        ("alpha-1", "alias", 1.115, "North Zembla"), ("beta-1", "distance", 1.114, None),
        ("gamma", "new", 0.0, "South Zembla"), ("delta", "new", 0.0, "North Zembla"),
        ("alpha-1", "alias", 1.115, "North Zembla")]
    assert [p["place_id"] for p in df.attrs["new_places"]] == ["gamma", "delta"]


def test_made_up_country_checked_against_its_outline(tmp_path):
    path = acled_current(tmp_path / "zembla.csv", ZEMBLA)
    with pytest.raises(KzDataError) as e:
        read_acled(path, country="Zembla", outline=OUTLINE)
    assert problems(e) == [("zembla.csv", 5, "latitude/longitude", "50.0, 12.0",
                            "a point inside Zembla or within 10 km of its border (this one is 1113 km outside)"),
                           ("zembla.csv", 6, "country", None, "'Zembla' (the country asked for, matched against "
                                                              "country/iso; cut the export to Zembla or pass "
                                                              "country=None)")]
    with pytest.raises(KzDataError) as e:
        read_acled(path, country="zembla", outline=OUTLINE, border_km=2.5)
    assert problems(e) == [
        ("zembla.csv", 3, "latitude/longitude", "59.95, 12.0",
         "a point inside zembla or within 2.5 km of its border (this one is 7 km outside)"),
        ("zembla.csv", 5, "latitude/longitude", "50.0, 12.0",
         "a point inside zembla or within 2.5 km of its border (this one is 1113 km outside)"),
        ("zembla.csv", 6, "country", None, "'zembla' (the country asked for, matched against country/iso; cut the "
                                           "export to zembla or pass country=None)")]
    df = read_acled(path, country="ZEMBLA", outline=OUTLINE, dates=("2022-01-01", "2022-01-03"))
    assert len(df) == 0 and df.attrs["skipped_rows"] == 5 and df.attrs["country"] == "ZEMBLA"
    assert list(df.columns[:3]) == ["event_id", "date", "time"] and df.attrs["new_places"] == ()


def test_export_of_several_countries_read_without_checks(tmp_path):
    rows = [dict(Z, event_id_cnty="Z1"), dict(Z, event_id_cnty="R1", country="Ruritania", location="Omega",
                                               admin1="Ruritania Province", latitude="55.0", longitude="20.0")]
    df = read_acled(acled_current(tmp_path / "two.csv", rows), country=None)
    assert df.attrs["country"] is None
    assert table(df, ["place_id", "region_id", "region_match"]) == [
        ("alpha", "North Zembla", "admin1"), ("omega", "Ruritania Province", "admin1")]


def test_kazakh_rows_without_checks(tmp_path, places):
    """country=None and every row says Kazakhstan (any case): the gazetteer and the 17 units apply, but a
    point outside the country is not refused and gets no region from its coordinates."""
    rows = [dict(event_id_cnty="K1", country=" KAZAKHSTAN ", admin1="NA", location="Somewhere", latitude="39",
                 longitude="60"),
            dict(event_id_cnty="K2", admin1="NA"), dict(event_id_cnty="K3", country="NA")]
    df = read_acled(acled_current(tmp_path / "k.csv", rows), country=None, places=places)
    assert table(df, ["place_id", "region_id", "region_match", "place_match"]) == [
        ("somewhere", None, "none", "new"), ("zhanaozen", "KZ-MAN", "coordinates", "alias"),
        ("zhanaozen", "KZ-MAN", "admin1", "alias")]
    assert "country" not in df.attrs


# ---------------------------------------------------------------------------------------------
# a real country from the world layer, asked for by its GED (Gleditsch-Ward) id

KENYA = dict(country="Kenya", country_id="501", adm_1="Nairobi", adm_2="", where_coordinates="Nairobi town",
             latitude="-1.286", longitude="36.817", year="2019", date_start="2019-03-01", date_end="2019-03-01")


def test_country_by_ged_id_found_through_the_rows_names(tmp_path):
    df = read_ucdp_ged(ged(tmp_path / "kenya.csv", [dict(KENYA, id="1")]), country="501")
    assert table(df, ["event_id", "place_id", "region_id", "place_match"]) == [("GED1", "nairobi", "Nairobi", "new")]
    assert df.attrs["country"] == "501"
    with pytest.raises(KzDataError) as e:
        read_ucdp_ged(ged(tmp_path / "kenya2.csv", [dict(KENYA, id="1", latitude="1.0", longitude="30.0")]),
                      country="501")
    assert [(p[1], p[2], p[3]) for p in problems(e)] == [(2, "latitude/longitude", "1.0, 30.0")]


def test_unknown_country_names_what_to_pass(tmp_path):
    msg = ("country={!r}: no such country in kzlib's Natural Earth world layer (data/geo/world.geojson); pass "
           "outline= (a GeoDataFrame or a boundary file) or country=None to skip the coordinate checks")
    two = ged(tmp_path / "two.csv", [dict(KENYA, id="1"), dict(KENYA, id="2", country="Republic of Kenya")])
    with pytest.raises(ValueError) as e:
        read_ucdp_ged(two, country="501")
    assert str(e.value) == msg.format("501")
    with pytest.raises(ValueError) as e:
        read_acled(acled_current(tmp_path / "z.csv", ZEMBLA), country="Zembla")
    assert str(e.value) == msg.format("Zembla")


@pytest.mark.parametrize(("kwargs", "message"), [
    (dict(country=5), "country=5: expected a country name, ISO code or GED country id, or None"),
    (dict(country=" "), "country=' ': expected a country name, ISO code or GED country id, or None"),
    (dict(source_id="ACLED"), "source_id='ACLED': expected a slug such as 'acled'"),
    (dict(source_id="my acled"), "source_id='my acled': expected a slug such as 'acled'"),
])
def test_arguments_are_checked_first(tmp_path, kwargs, message):
    for reader in (read_acled, read_ucdp_ged):
        with pytest.raises(ValueError) as e:
            reader(tmp_path / "does-not-exist.csv", **kwargs)
        assert str(e.value) == message


def test_source_id_names_the_dataset(tmp_path, places, regions):
    df = read_acled(acled_current(tmp_path / "a.csv", [{}]), places=places, regions=regions, source_id="acled-2024")
    assert list(df["source_ids"]) == ["acled-2024"]


def test_country_none_names_the_one_country_of_the_export(tmp_path):
    """country=None: attrs["country"] is the export's country when every row names the same one."""
    one = read_ucdp_ged(ged(tmp_path / "kenya.csv", [dict(KENYA, id="1"), dict(KENYA, id="2")]), country=None)
    assert one.attrs["country"] == "Kenya" and list(one["place_id"]) == ["nairobi", "nairobi"]
    two = read_ucdp_ged(ged(tmp_path / "mixed.csv", [dict(KENYA, id="1"), dict(KENYA, id="2", country="Uganda")]),
                        country=None)
    assert two.attrs["country"] is None
    assert read_acled(acled_current(tmp_path / "z.csv", [Z]), country=None).attrs["country"] == "Zembla"
