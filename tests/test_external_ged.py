"""read_ucdp_ged on tiny made-up GED exports written here: every output column and every problem, exactly."""
from __future__ import annotations

import pytest

from _exports import TYPED, ged, places, problems, regions, table, values  # noqa: F401 (places, regions: fixtures)
from kzlib import KzDataError
from kzlib.external import read_ucdp_ged

GED_EXTRA = ["dataset", "source_file", "location", "latitude", "longitude", "adm_1", "region_id", "region_match",
             "place_match", "place_km", "source", "ucdp_id", "relid", "adm_2", "date_end", "date_prec", "where_prec",
             "type_of_violence", "conflict_name", "dyad_name", "fatalities_best", "deaths_a", "deaths_b",
             "deaths_civilians", "deaths_unknown", "event_clarity", "code_status"]


GED_ROWS = [
    dict(id="1"),
    dict(id="2", type_of_violence="1", side_b="Synthetic armed group", best="1", low="1", high="4", date_prec="2",
         date_end="2022-01-08 00:00:00.000", where_prec="2", where_coordinates="Talgar town", adm_1="Almaty province",
         adm_2="Talgar district", latitude="43.31", longitude="77.25", deaths_a="1", deaths_b="0",
         deaths_civilians="0", dyad_name="Government of Kazakhstan - Synthetic armed group"),
    dict(id="3", type_of_violence="2", side_a="Group A", side_b="", best="1", low="", high="NA", where_coordinates="",
         adm_2="Beyneu district", adm_1="Mangystau province", latitude="45.31", longitude="55.19", date_prec="4",
         date_start="2022-01-01", date_end="2022-01-31", where_prec="3"),
    dict(id="4", best="3", low="0", high="3", date_prec="5", date_start="2022-01-01 00:00:00.000",
         date_end="2022-12-31 00:00:00.000", where_prec="6", where_coordinates="Kazakhstan", adm_1="",
         latitude="48.0", longitude="67.0", deaths_unknown="3", deaths_civilians="0"),
    dict(id="5", best="0", low="0", high="0", where_prec="7", where_coordinates="", adm_2="",
         adm_1="Mangystau province", latitude="43.3", longitude="52.8", date_prec="3", event_clarity="2",
         code_status="Check", relid="R5", source_office="NA", conflict_name="NA", date_end=""),
    dict(id="_6", where_coordinates="Shetpe village", adm_1="Mangistau", latitude="44.16", longitude="52.12",
         best="10", low="5", high="10", type_of_violence="1"),
]
GOV, CIV = "Government of Kazakhstan", "Civilians"
VAC, BAT = ("Violence against civilians", "Attack"), ("Battles", "Armed clash")
GED_SCHEMA = [
    ("GED1", "2022-01-05", 1, "zhanaozen", 1, *VAC, GOV, CIV, "2", 2, 2, False),
    ("GED2", "2022-01-05", 2, "talgar", 2, *BAT, GOV, "Synthetic armed group", "1-4", 1, 4, False),
    ("GED3", "2022-01-01", 3, "beyneu-district", 2, *BAT, "Group A", None, "1", 1, 1, False),
    ("GED4", "2022-01-01", 3, "kazakhstan", 3, *VAC, GOV, CIV, "0-3", 0, 3, False),
    ("GED5", "2022-01-05", 2, "mangystau-province", 3, *VAC, GOV, CIV, "0", 0, 0, False),
    ("GED_6", "2022-01-05", 1, "shetpe", 1, *BAT, GOV, CIV, "5-10", 5, 10, False),
]
GED_DESCRIPTIONS = [
    "One-sided violence by Government of Kazakhstan against Civilians at Zhanaozen; UCDP best estimate 2 deaths.",
    "State-based armed conflict between Government of Kazakhstan and Synthetic armed group at Talgar; "
    "UCDP best estimate 1 death (low 1, high 4).",
    "Non-state conflict involving Group A at Beyneu district; UCDP best estimate 1 death.",
    "One-sided violence by Government of Kazakhstan against Civilians at Kazakhstan; "
    "UCDP best estimate 3 deaths (low 0, high 3).",
    "One-sided violence by Government of Kazakhstan against Civilians at Mangystau province; "
    "UCDP best estimate 0 deaths.",
    "State-based armed conflict between Government of Kazakhstan and Civilians at Shetpe; "
    "UCDP best estimate 10 deaths (low 5, high 10).",
]
GED_NOTES = [
    None,
    "UCDP dates the event between 2022-01-05 and 2022-01-08; date is the earliest.",
    "UCDP dates the event between 2022-01-01 and 2022-01-31; date is the earliest.",
    "UCDP dates the event between 2022-01-01 and 2022-12-31; date is the earliest; UCDP date_prec 5: only the year "
    "is known; UCDP where_prec 6: only the country is known; the point is its centroid.",
    "UCDP where_prec 7: at sea or in the air; the point is estimated.",
    None,
]
GED_GEO = [
    ("Zhanaozen town", 43.34116, 52.86192, "Mangystau province", "KZ-MAN", "admin1", "alias", 0.0, "Wire A"),
    ("Talgar town", 43.31, 77.25, "Almaty province", "KZ-ALM", "admin1+coordinates", "alias", 1.286, "Wire A"),
    ("Beyneu district", 45.31, 55.19, "Mangystau province", "KZ-MAN", "admin1", "new", 0.0, "Wire A"),
    ("Kazakhstan", 48.0, 67.0, None, None, "none", "new", 0.0, "Wire A"),
    ("Mangystau province", 43.3, 52.8, "Mangystau province", "KZ-MAN", "admin1", "new", 0.0, None),
    ("Shetpe village", 44.16, 52.12, "Mangistau", "KZ-MAN", "admin1", "new", 0.0, "Wire A"),
]
GED_CODES = [
    # ucdp_id, relid, adm_2, date_end, date_prec, where_prec, type_of_violence, conflict_name, fatalities_best,
    # deaths a, b, civilians, unknown, event_clarity, code_status
    ("1", "KAZ-2022-3-1", None, "2022-01-05", 1, 1, 3, "Government of Kazakhstan - Civilians", 2, 0, 0, 2, 0, 1,
     "Clear"),
    ("2", "KAZ-2022-3-1", "Talgar district", "2022-01-08", 2, 2, 1, "Government of Kazakhstan - Civilians", 1, 1, 0,
     0, 0, 1, "Clear"),
    ("3", "KAZ-2022-3-1", "Beyneu district", "2022-01-31", 4, 3, 2, "Government of Kazakhstan - Civilians", 1, 0, 0,
     2, 0, 1, "Clear"),
    ("4", "KAZ-2022-3-1", None, "2022-12-31", 5, 6, 3, "Government of Kazakhstan - Civilians", 3, 0, 0, 0, 3, 1,
     "Clear"),
    ("5", "R5", None, None, 3, 7, 3, None, 0, 0, 0, 2, 0, 2, "Check"),
    ("_6", "KAZ-2022-3-1", None, "2022-01-05", 1, 1, 1, "Government of Kazakhstan - Civilians", 10, 0, 0, 2, 0, 1,
     "Clear"),
]
GED_DTYPES = {
    "event_id": "string", "date": "datetime64[ns]", "time": "string", "time_precision": "Int64",
    "place_id": "string", "geo_precision": "Int64", "event_type": "category", "sub_event_type": "category",
    "actor1": "string", "actor2": "string", "size_text": "string", "size_low": "Int64", "size_high": "Int64",
    "fatalities_text": "string", "fatalities_low": "Int64", "fatalities_high": "Int64", "description": "string",
    "source_ids": "string", "first_reported": "bool", "same_event_as": "string", "notes": "string",
    "size_approx": "boolean", "fatalities_approx": "boolean", "dataset": "string", "source_file": "string",
    "location": "string", "latitude": "float64", "longitude": "float64", "adm_1": "string", "region_id": "string",
    "region_match": "string", "place_match": "string", "place_km": "float64", "source": "string",
    "ucdp_id": "string", "relid": "string", "adm_2": "string", "date_end": "datetime64[ns]", "date_prec": "Int64",
    "where_prec": "Int64", "type_of_violence": "Int64", "conflict_name": "string", "dyad_name": "string",
    "fatalities_best": "Int64", "deaths_a": "Int64", "deaths_b": "Int64", "deaths_civilians": "Int64",
    "deaths_unknown": "Int64", "event_clarity": "Int64", "code_status": "string",
}


def _made(pid, name, alt, region, lat, lon, row, loc):
    return {"place_id": pid, "name": name, "alt_names": alt, "kind": "area", "region_id": region,
            "latitude": lat, "longitude": lon, "population": None, "geonames_id": None,
            "notes": f"Made by kzlib from ged_kaz.csv row {row} (UCDP GED where_coordinates {loc!r}); "
                     "coordinates from UCDP GED; kind unknown."}


def test_ged_layout(tmp_path, places, regions):
    """One read, checked whole (mutation testing runs the tests that call the reader, so the read and
    its checks stay in one test)."""
    path = ged(tmp_path / "ged_kaz.csv", GED_ROWS)
    df = read_ucdp_ged(path, places=places, regions=regions)
    assert list(df.columns) == TYPED + GED_EXTRA
    assert {c: str(df[c].dtype) for c in df.columns} == GED_DTYPES
    assert list(df.index) == list(range(6))
    assert table(df, ["event_id", "date", "time_precision", "place_id", "geo_precision", "event_type",
                      "sub_event_type", "actor1", "actor2", "fatalities_text", "fatalities_low", "fatalities_high",
                      "first_reported"]) == GED_SCHEMA
    for c in ("time", "same_event_as", "size_text", "size_low", "size_high", "size_approx"):
        assert values(df[c]) == [None] * 6, c
    assert values(df["fatalities_approx"]) == [False] * 6
    assert set(df["source_ids"]) == {"ucdp-ged"} and set(df["dataset"]) == {"UCDP GED"}
    assert set(df["source_file"]) == {"ged_kaz.csv"}
    assert values(df["description"]) == GED_DESCRIPTIONS
    assert values(df["notes"]) == GED_NOTES
    assert table(df, ["location", "latitude", "longitude", "adm_1", "region_id", "region_match", "place_match",
                      "place_km", "source"]) == GED_GEO
    assert table(df, ["ucdp_id", "relid", "adm_2", "date_end", "date_prec", "where_prec", "type_of_violence",
                      "conflict_name", "fatalities_best", "deaths_a", "deaths_b", "deaths_civilians",
                      "deaths_unknown", "event_clarity", "code_status"]) == GED_CODES
    assert values(df["dyad_name"])[:2] == ["Government of Kazakhstan - Civilians",
                                            "Government of Kazakhstan - Synthetic armed group"]
    assert df.attrs == {"dataset": "UCDP GED", "layout": "ged", "file": str(path), "skipped_rows": 0, "new_places": (
        _made("beyneu-district", "Beyneu district", None, "KZ-MAN", 45.31, 55.19, 4, "Beyneu district"),
        _made("kazakhstan", "Kazakhstan", None, None, 48.0, 67.0, 5, "Kazakhstan"),
        _made("mangystau-province", "Mangystau province", None, "KZ-MAN", 43.3, 52.8, 6, "Mangystau province"),
        _made("shetpe", "Shetpe", "Shetpe village", "KZ-MAN", 44.16, 52.12, 7, "Shetpe village"))}


# ---------------------------------------------------------------------------------------------
# problems

DATE_EXPECTED = ("a date such as 2022-01-05, 05 January 2022, 5-Jan-22 or 05-01-2022 (day first); dates with '/' "
                 "other than YYYY/MM/DD are refused because day and month cannot be told apart")
BAD_ROWS = [
    dict(id="1"), dict(id="1"), dict(id=""), dict(id="x y"),
    dict(id="6", date_start="5.1.2022"),
    dict(id="7", date_end="2022-01-01"),
    dict(id="8", date_end="soon"),
    dict(id="9", year="2023"),
    dict(id="10", date_prec="0", where_prec="8", type_of_violence="4"),
    dict(id="11", date_prec="", where_prec="NA", type_of_violence=""),
    dict(id="12", side_a="NA"),
    dict(id="13", best=""),
    dict(id="14", best="-1", low="NA", high="-3"),
    dict(id="15", low="4", best="3", high="5"),
    dict(id="16", low="1", best="3", high="2"),
    dict(id="17", deaths_a="x", deaths_civilians="-2"),
    dict(id="18", latitude="", longitude="200"),
    dict(id="19", where_coordinates="", adm_2="", adm_1="NA"),
    dict(id="20", country="Uzbekistan"),
    dict(id="21", latitude="43.34116", longitude="46.0"),
    dict(id="22", date_start="", low="-1", date_end="NA"),
]
G = "ged_bad.csv"
BAD_PROBLEMS = [
    (G, 3, "id", "1", "a unique id (row 2 has it too)"),
    (G, 4, "id", "", "an id"),
    (G, 5, "id", "x y", "an id of letters, digits, '-' or '_'"),
    (G, 6, "date_start", "5.1.2022", DATE_EXPECTED),
    (G, 7, "date_end", "2022-01-01", "a date on or after date_start (2022-01-05)"),
    (G, 8, "date_end", "soon", DATE_EXPECTED),
    (G, 9, "year", "2023", "2022, the year of date_start '2022-01-05 00:00:00.000'"),
    (G, 10, "date_prec", "0", "one of 1, 2, 3, 4, 5"),
    (G, 10, "type_of_violence", "4", "one of 1, 2, 3"),
    (G, 10, "where_prec", "8", "one of 1, 2, 3, 4, 5, 6, 7"),
    (G, 11, "date_prec", "", "one of 1, 2, 3, 4, 5"),
    (G, 11, "type_of_violence", "", "one of 1, 2, 3"),
    (G, 11, "where_prec", "", "one of 1, 2, 3, 4, 5, 6, 7"),
    (G, 12, "side_a", "", "the name of side A"),
    (G, 13, "best", "", "a whole number"),
    (G, 14, "best", "-1", "a whole number of at least 0"),
    (G, 14, "high", "-3", "a whole number of at least 0"),
    (G, 14, "high", "-3", "at least best (-1)"),
    (G, 15, "low", "4", "at most best (3)"),
    (G, 16, "high", "2", "at least best (3)"),
    (G, 17, "deaths_a", "x", "a whole number"),
    (G, 17, "deaths_civilians", "-2", "a whole number of at least 0"),
    (G, 18, "latitude", "", "a decimal number from -90 to 90"),
    (G, 18, "longitude", "200", "a decimal number from -180 to 180"),
    (G, 19, "where_coordinates", "", "a place name (or adm_2/adm_1)"),
    (G, 20, "country", "Uzbekistan", "'Kazakhstan' (the country asked for, matched against country/country_id; "
                                     "cut the export to Kazakhstan or pass country=None)"),
    (G, 21, "longitude", "46.0", "a longitude inside Kazakhstan (46.4 to 87.4)"),
    (G, 22, "date_start", "", DATE_EXPECTED),
    (G, 22, "low", "-1", "a whole number of at least 0"),
]


def test_ged_every_bad_cell_exactly(tmp_path, places, regions):
    with pytest.raises(KzDataError) as e:
        read_ucdp_ged(ged(tmp_path / G, BAD_ROWS), places=places, regions=regions)
    assert problems(e) == BAD_PROBLEMS


def test_ged_country_level_points_are_not_matched_by_distance(tmp_path, places, regions):
    """where_prec 6/7 points are a centroid: no distance match and no region from the point, even when
    another row has the same name and point (and after rows outside dates= are dropped)."""
    rows = [dict(id="1", year="2021", date_start="2021-12-31", date_end="2021-12-31"),
            dict(id="2", where_coordinates="Uzen", adm_1="", latitude="43.35", longitude="52.87"),
            dict(id="3", where_coordinates="Uzen", adm_1="", latitude="43.35", longitude="52.87", where_prec="6"),
            dict(id="4", where_coordinates="Uzen", adm_1="", latitude="43.35", longitude="52.87", where_prec="7")]
    df = read_ucdp_ged(ged(tmp_path / "uzen.csv", rows), places=places, regions=regions,
                       dates=("2022-01-01", "2022-01-31"))
    assert table(df, ["event_id", "place_id", "region_id", "region_match", "place_match", "place_km"]) == [
        ("GED2", "zhanaozen", "KZ-MAN", "coordinates", "distance", 1.181),
        ("GED3", "uzen", None, "none", "new", 0.0),
        ("GED4", "uzen", None, "none", "new", 0.0)]
    assert df.attrs["skipped_rows"] == 1
    assert [(p["place_id"], p["notes"]) for p in df.attrs["new_places"]] == [
        ("uzen", "Made by kzlib from uzen.csv row 4 (UCDP GED where_coordinates 'Uzen'); coordinates from "
                 "UCDP GED; kind unknown.")]


def test_ged_empty_longitude_is_a_problem(tmp_path, places, regions):
    with pytest.raises(KzDataError) as e:
        read_ucdp_ged(ged(tmp_path / G, [dict(id="1", longitude="")]), places=places, regions=regions)
    assert problems(e) == [(G, 2, "longitude", "", "a decimal number from -180 to 180")]
