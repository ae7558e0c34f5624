"""read_acled on tiny made-up exports written here: every output column and every problem, exactly.

Current layout (text actor types, ``tags``, ``NA``) and the older API layout (numeric inter codes,
dates like 4-Jan-22, the crowd size at the end of ``notes``), in Kazakhstan.
"""
from __future__ import annotations

import pandas as pd
import pytest

from _exports import TYPED, acled_api, acled_current, CURRENT, places, problems, regions, table, values, write  # noqa: F401 (places, regions: fixtures)
from kzlib import KzDataError
from kzlib.external import ACLED_CURRENT, read_acled
from kzlib.schema import columns

ACLED_EXTRA = ["dataset", "source_file", "location", "latitude", "longitude", "admin1", "region_id", "region_match",
               "place_match", "place_km", "source", "acled_event_id", "admin2", "admin3", "source_scale", "fatalities",
               "inter1", "inter2", "interaction", "assoc_actor_1", "assoc_actor_2", "disorder_type",
               "civilian_targeting", "tags"]


# ---------------------------------------------------------------------------------------------
# current layout: one export with a row for each case

CURRENT_ROWS = [
    dict(event_id_cnty="KAZ1", event_date="2022-01-04", tags="Crowd Size = around 100"),
    dict(event_id_cnty="KAZ2", event_date="2022-01-05", time_precision="2", location="Aqtau", admin1="Mangghystau",
         latitude="43.65", longitude="51.16", tags="crowd size=hundreds; arrests=yes", notes="NA", fatalities="2",
         source="Wire B", admin2="Aktau"),
    dict(event_id_cnty="KAZ3", event_date="2022-01-05", location="Aktau", admin1="Mangystau", latitude="43.66105",
         longitude="51.17392", tags="crowd size=No Report", fatalities="NA", event_type="protests",
         sub_event_type="Peaceful  protest"),
    dict(event_id_cnty="KAZ4", event_date="05 January 2022", location="Almaty", admin1="Almaty", latitude="43.2567",
         longitude="76.9286", tags="crowd size=large", sub_event_type="Excessive force against protestors",
         actor2="Police Forces of Kazakhstan (2019-)", inter2="State forces", fatalities="3.0",
         interaction="State forces-Protesters", assoc_actor_2="Journalists (Kazakhstan)"),
    dict(event_id_cnty="KAZ5", event_date="2022-01-05", location="Almaty - Medeu", admin1="Almaty", latitude="43.23",
         longitude="76.95", tags="crowd size=more than 100", admin3="Medeu district", civilian_targeting="NA"),
    dict(event_id_cnty="KAZ6", event_date="2022-01-06", location="Talgar", admin1="Atlantis", latitude="43.30235",
         longitude="77.23811", event_type="Riots", sub_event_type="Violent demonstration", inter1="Rioters",
         tags="crowd size=up to 200", disorder_type="Political violence; Demonstrations"),
    dict(event_id_cnty="KAZ7", event_date="2022-01-03", location="Kostanay", admin1="NA", latitude="53.21435",
         longitude="63.62463", event_type="Strategic developments", sub_event_type="Arrests",
         actor1="Police Forces of Kazakhstan (2019-)", inter1="State forces", assoc_actor_1="Labour union",
         source_scale="NA", civilian_targeting="Civilian targeting"),
    dict(event_id_cnty="KAZ8", event_date="2022-01-07", location="Kostanay", admin1="Kostanay", latitude="53.21435",
         longitude="63.62463"),
    dict(event_id_cnty="KAZ9", event_date="2022-01-03", location="Zhanaozen", admin1="Qostanay"),
    dict(event_id_cnty="KAZ10", event_date="2022-01-08", location="Shetpe village", admin1="Mangistau",
         latitude="44.16", longitude="52.12", geo_precision="2"),
]

SCHEMA_COLS = ["event_id", "date", "time", "time_precision", "place_id", "geo_precision", "event_type",
               "sub_event_type", "actor1", "actor2", "first_reported", "same_event_as"]
P, PF = "Protesters (Kazakhstan)", "Police Forces of Kazakhstan (2019-)"
CURRENT_SCHEMA = [
    ("KAZ1", "2022-01-04", None, 1, "zhanaozen", 1, "Protests", "Peaceful protest", P, None, False, None),
    ("KAZ2", "2022-01-05", None, 2, "aktau", 1, "Protests", "Peaceful protest", P, None, False, None),
    ("KAZ3", "2022-01-05", None, 1, "aktau", 1, "Protests", "Peaceful protest", P, None, True, None),
    ("KAZ4", "2022-01-05", None, 1, "almaty", 1, "Protests", "Excessive force against protesters", P, PF, True,
     None),
    ("KAZ5", "2022-01-05", None, 1, "almaty", 1, "Protests", "Peaceful protest", P, None, False, None),
    ("KAZ6", "2022-01-06", None, 1, "talgar", 1, "Riots", "Violent demonstration", P, None, True, None),
    ("KAZ7", "2022-01-03", None, 1, "kostanay", 1, "Strategic developments", "Arrests", PF, None, False, None),
    ("KAZ8", "2022-01-07", None, 1, "kostanay", 1, "Protests", "Peaceful protest", P, None, True, None),
    ("KAZ9", "2022-01-03", None, 1, "zhanaozen", 1, "Protests", "Peaceful protest", P, None, True, None),
    ("KAZ10", "2022-01-08", None, 1, "shetpe-village", 2, "Protests", "Peaceful protest", P, None, True, None),
]
FIGURE_COLS = ["size_text", "size_low", "size_high", "size_approx", "fatalities_text", "fatalities_low",
               "fatalities_high", "fatalities_approx", "fatalities"]
CURRENT_FIGURES = [
    ("around 100", 100, 100, True, "0", 0, 0, False, 0),
    ("hundreds", 200, 999, False, "2", 2, 2, False, 2),
    (None, None, None, None, None, None, None, None, None),
    (None, None, None, None, "3", 3, 3, False, 3),
    ("more than 100", 101, None, False, "0", 0, 0, False, 0),
    ("up to 200", None, 200, False, "0", 0, 0, False, 0),
    (None, None, None, None, "0", 0, 0, False, 0),
    (None, None, None, None, "0", 0, 0, False, 0),
    (None, None, None, None, "0", 0, 0, False, 0),
    (None, None, None, None, "0", 0, 0, False, 0),
]
GEO_COLS = ["location", "latitude", "longitude", "admin1", "region_id", "region_match", "place_match", "place_km",
            "notes"]
CURRENT_GEO = [
    ("Zhanaozen", 43.34116, 52.86192, "Mangistau", "KZ-MAN", "admin1", "alias", 0.0, None),
    ("Aqtau", 43.65, 51.16, "Mangghystau", "KZ-MAN", "admin1", "alias", 1.664, None),
    ("Aktau", 43.66105, 51.17392, "Mangystau", "KZ-MAN", "admin1", "alias", 0.0, None),
    ("Almaty", 43.2567, 76.9286, "Almaty", "KZ-ALA", "admin1+coordinates", "alias", 1.465,
     "ACLED crowd size 'large' is not a figure kzlib can range."),
    ("Almaty - Medeu", 43.23, 76.95, "Almaty", "KZ-ALA", "admin1+coordinates", "alias", 4.003, None),
    ("Talgar", 43.30235, 77.23811, "Atlantis", "KZ-ALM", "coordinates", "alias", 0.0,
     "admin1 'Atlantis' is not a known unit; region from the coordinates."),
    ("Kostanay", 53.21435, 63.62463, None, "KZ-KUS", "coordinates", "alias", 0.0, None),
    ("Kostanay", 53.21435, 63.62463, "Kostanay", "KZ-KUS", "admin1", "alias", 0.0, None),
    ("Zhanaozen", 43.34116, 52.86192, "Qostanay", "KZ-MAN", "admin1", "alias", 0.0,
     "admin1 'Qostanay' (KZ-KUS) but the point lies in KZ-MAN; admin1 'Qostanay' gives KZ-KUS but the place "
     "zhanaozen is in KZ-MAN."),
    ("Shetpe village", 44.16, 52.12, "Mangistau", "KZ-MAN", "admin1", "new", 0.0, None),
]
TEXT_COLS = ["description", "source", "admin2", "admin3", "source_scale", "inter1", "inter2", "interaction",
             "assoc_actor_1", "assoc_actor_2", "disorder_type", "civilian_targeting", "tags"]
D, PO = "Demonstrations", "Protesters only"
CURRENT_TEXT = [
    ("Made-up row.", "Wire A", None, None, "National", "Protesters", None, PO, None, None, D, None,
     "Crowd Size = around 100"),
    ("Peaceful protest in Aqtau (ACLED gives no description).", "Wire B", "Aktau", None, "National", "Protesters",
     None, PO, None, None, D, None, "crowd size=hundreds; arrests=yes"),
    ("Made-up row.", "Wire A", None, None, "National", "Protesters", None, PO, None, None, D, None,
     "crowd size=No Report"),
    ("Made-up row.", "Wire A", None, None, "National", "Protesters", "State forces", "State forces-Protesters", None,
     "Journalists (Kazakhstan)", D, None, "crowd size=large"),
    ("Made-up row.", "Wire A", None, "Medeu district", "National", "Protesters", None, PO, None, None, D, None,
     "crowd size=more than 100"),
    ("Made-up row.", "Wire A", None, None, "National", "Rioters", None, PO, None, None,
     "Political violence; Demonstrations", None, "crowd size=up to 200"),
    ("Made-up row.", "Wire A", None, None, None, "State forces", None, PO, "Labour union", None, D,
     "Civilian targeting", None),
    ("Made-up row.", "Wire A", None, None, "National", "Protesters", None, PO, None, None, D, None, None),
    ("Made-up row.", "Wire A", None, None, "National", "Protesters", None, PO, None, None, D, None, None),
    ("Made-up row.", "Wire A", None, None, "National", "Protesters", None, PO, None, None, D, None, None),
]
DTYPES = {
    "event_id": "string", "date": "datetime64[ns]", "time": "string", "time_precision": "Int64",
    "place_id": "string", "geo_precision": "Int64", "event_type": "category", "sub_event_type": "category",
    "actor1": "string", "actor2": "string", "size_text": "string", "size_low": "Int64", "size_high": "Int64",
    "fatalities_text": "string", "fatalities_low": "Int64", "fatalities_high": "Int64", "description": "string",
    "source_ids": "string", "first_reported": "bool", "same_event_as": "string", "notes": "string",
    "size_approx": "boolean", "fatalities_approx": "boolean",
    "dataset": "string", "source_file": "string", "location": "string", "latitude": "float64",
    "longitude": "float64", "admin1": "string", "region_id": "string", "region_match": "string",
    "place_match": "string", "place_km": "float64", "source": "string",
}


def test_current_layout(tmp_path, places, regions):
    """One read, checked whole (mutation testing runs the tests that call the reader, so the read and
    its checks stay in one test)."""
    path = acled_current(tmp_path / "kaz_current.csv", CURRENT_ROWS)
    df = read_acled(path, places=places, regions=regions)
    assert list(df.columns) == TYPED + ACLED_EXTRA
    assert {c: str(df[c].dtype) for c in DTYPES} == DTYPES
    assert {c: str(df[c].dtype) for c in ACLED_EXTRA if c not in DTYPES} == dict.fromkeys(
        [c for c in ACLED_EXTRA if c not in DTYPES], "string") | {"fatalities": "Int64"}
    assert isinstance(df.index, pd.RangeIndex) and list(df.index) == list(range(10))
    spec = {c.name: c for c in columns("events")}
    assert list(df["event_type"].cat.categories) == list(spec["event_type"].allowed)
    assert list(df["sub_event_type"].cat.categories) == list(spec["sub_event_type"].allowed)
    assert table(df, SCHEMA_COLS) == CURRENT_SCHEMA
    assert table(df, FIGURE_COLS) == CURRENT_FIGURES
    assert table(df, GEO_COLS) == CURRENT_GEO
    assert table(df, TEXT_COLS) == CURRENT_TEXT
    assert values(df["acled_event_id"]) == [f"KAZ{i}" for i in range(1, 11)]
    assert set(df["source_ids"]) == {"acled"} and set(df["dataset"]) == {"ACLED"}
    assert set(df["source_file"]) == {"kaz_current.csv"}
    assert df.attrs == {
        "dataset": "ACLED", "layout": "current", "file": str(path), "skipped_rows": 0,
        "new_places": ({"place_id": "shetpe-village", "name": "Shetpe village", "alt_names": None, "kind": "area",
                        "region_id": "KZ-MAN", "latitude": 44.16, "longitude": 52.12, "population": None,
                        "geonames_id": None,
                        "notes": "Made by kzlib from kaz_current.csv row 11 (ACLED location 'Shetpe village'); "
                                 "coordinates from ACLED; kind unknown."},)}


# ---------------------------------------------------------------------------------------------
# older API layout: numeric actor codes, other date spellings, the crowd size in notes

API_ROWS = [
    dict(event_id_cnty="KAZ1", event_date="9-May-20", year="2020", inter1="6", inter2="0",
         notes="A rally. [size=around 50]"),
    dict(event_id_cnty="KAZ2", event_date="05-01-2022", inter1="6.0", inter2="1", notes="A rally. [crowd size=dozens]",
         event_type="Riots", sub_event_type="Mob violence"),
    dict(event_id_cnty="KAZ3", event_date="2022/01/05", inter1="8", inter2="NA",
         notes="A rally. [ Size = no reports ]"),
    dict(event_id_cnty="KAZ4", event_date="January 6, 2022", inter1="5", inter2="7", notes="NA",
         sub_event_type="Protest with intervention"),
    dict(event_id_cnty="KAZ5", event_date=" 06-Jan-2022 ", inter1="3", inter2="2", notes="[Size=hundreds] at the start",
         event_type="Violence against civilians", sub_event_type="Attack", fatalities="1"),
]


def test_api_layout(tmp_path, places, regions):
    path = acled_api(tmp_path / "kaz_api.csv", API_ROWS)
    df = read_acled(path, places=places, regions=regions)
    assert list(df.columns) == TYPED + ACLED_EXTRA
    assert table(df, ["event_id", "date", "event_type", "sub_event_type", "first_reported", "inter1", "inter2",
                      "size_text", "size_low", "size_high", "size_approx", "fatalities_text", "description"]) == [
        ("KAZ1", "2020-05-09", "Protests", "Peaceful protest", True, "Protesters", None, "around 50", 50, 50, True,
         "0", "A rally. [size=around 50]"),
        ("KAZ2", "2022-01-05", "Riots", "Mob violence", False, "Protesters", "State forces", "dozens", 24, 99, False,
         "0", "A rally. [crowd size=dozens]"),
        ("KAZ3", "2022-01-05", "Protests", "Peaceful protest", False, "External/Other forces", None, None, None, None,
         None, "0", "A rally. [ Size = no reports ]"),
        ("KAZ4", "2022-01-06", "Protests", "Protest with intervention", False, "Rioters", "Civilians", None, None,
         None, None, "0", "Protest with intervention in Zhanaozen (ACLED gives no description)."),
        ("KAZ5", "2022-01-06", "Violence against civilians", "Attack", False, "Political militia", "Rebel group",
         "hundreds", 200, 999, False, "1", "[Size=hundreds] at the start"),
    ]
    assert values(df["interaction"]) == ["60"] * 5
    for c in ("disorder_type", "civilian_targeting", "tags", "admin2", "admin3", "assoc_actor_1"):
        assert values(df[c]) == [None] * 5, c
    assert df.attrs["layout"] == "api" and df.attrs["new_places"] == () and df.attrs["skipped_rows"] == 0


def test_crowd_size_words(tmp_path, places, regions):
    tags = ["crowd size=no reports", "crowd size=Unknown", "crowd size=not reported", "CROWD SIZE=No Report",
            "crowd size=", "crowd size=a few", "size=50", "crowd size = 1,000 ; arrests=5"]
    rows = [dict(event_id_cnty=f"K{i}", tags=t) for i, t in enumerate(tags)]
    df = read_acled(acled_current(tmp_path / "sizes.csv", rows), places=places, regions=regions)
    assert table(df, ["size_text", "size_low", "size_high", "notes"]) == [
        (None, None, None, None), (None, None, None, None), (None, None, None, None), (None, None, None, None),
        (None, None, None, None), (None, None, None, "ACLED crowd size 'a few' is not a figure kzlib can range."),
        (None, None, None, None), ("1,000", 1000, 1000, None)]


REGION_ROWS = [
    dict(event_id_cnty="R1", location="Almaty", admin1="Almaty", latitude="43.40", longitude="76.95"),
    dict(event_id_cnty="R2", location="Almaty", admin1="NA", latitude="43.40", longitude="76.95"),
    dict(event_id_cnty="R3", tags="crowd size=large", admin1="Atlantis"),
    dict(event_id_cnty="R4", tags="crowd size=large", admin1="Atlantis", location="Janaozen"),
    dict(event_id_cnty="R5", tags="crowd size=large", location="Aktau", admin1="Mangystau", latitude="43.66105",
         longitude="51.17392"),
    dict(event_id_cnty="R6", admin1="Atlantis", location="Aktau", latitude="43.66105", longitude="51.17392"),
    dict(event_id_cnty="R7", year="NA"),
    dict(event_id_cnty="R8", location="Uzen", latitude="43.35", longitude="52.87"),
]
LARGE = "ACLED crowd size 'large' is not a figure kzlib can range"
ATLANTIS = "admin1 'Atlantis' is not a known unit; region from the coordinates"


def test_regions_places_and_their_notes(tmp_path, places, regions):
    """A place's own unit is the row's region; remarks on size and region are joined in notes."""
    path = acled_current(tmp_path / "notes.csv", REGION_ROWS)
    df = read_acled(path, places=places, regions=regions)
    assert table(df, ["place_id", "region_id", "region_match", "place_match", "place_km", "notes"]) == [
        ("almaty", "KZ-ALA", "admin1+coordinates", "alias", 16.683, None),     # the point lies in KZ-ALM
        ("almaty", "KZ-ALA", "coordinates", "alias", 16.683,
         "admin1 None gives KZ-ALM but the place almaty is in KZ-ALA."),
        ("zhanaozen", "KZ-MAN", "coordinates", "alias", 0.0, f"{LARGE}; {ATLANTIS}."),
        ("zhanaozen", "KZ-MAN", "coordinates", "alias", 0.0, f"{LARGE}; {ATLANTIS}."),
        ("aktau", "KZ-MAN", "admin1", "alias", 0.0, f"{LARGE}."),
        ("aktau", "KZ-MAN", "coordinates", "alias", 0.0, f"{ATLANTIS}."),
        ("zhanaozen", "KZ-MAN", "admin1", "alias", 0.0, None),
        ("zhanaozen", "KZ-MAN", "admin1", "distance", 1.181, None)]
    # units missing from regions= are not candidates: "Almaty" is then only Almaty Region
    df = read_acled(path, places=places, regions=regions[regions["region_id"] != "KZ-ALA"])
    assert table(df.iloc[:2], ["region_id", "region_match", "notes"]) == [
        ("KZ-ALA", "admin1", "admin1 'Almaty' gives KZ-ALM but the place almaty is in KZ-ALA."),
        ("KZ-ALA", "coordinates", "admin1 None gives KZ-ALM but the place almaty is in KZ-ALA.")]


def test_other_layout_reads_the_used_columns(tmp_path, places, regions):
    """Every column the mapping uses but not a whole layout: "other"; no tags, so sizes come from notes."""
    header = [c for c in ACLED_CURRENT if c not in ("tags", "timestamp", "inter1", "iso")]
    path = write(tmp_path / "cut.csv", header, [dict(CURRENT, notes="Rally. [size=about 30]", tags="crowd size=5")])
    df = read_acled(path, places=places, regions=regions)
    assert df.attrs["layout"] == "other"
    assert table(df, ["size_text", "size_low", "inter1", "tags"]) == [("about 30", 30, None, None)]


# ---------------------------------------------------------------------------------------------
# problems: every bad cell of an export, exactly

DATE_EXPECTED = ("a date such as 2022-01-05, 05 January 2022, 5-Jan-22 or 05-01-2022 (day first); dates with '/' "
                 "other than YYYY/MM/DD are refused because day and month cannot be told apart")
BAD_ROWS = [
    dict(event_id_cnty="KAZ1"),
    dict(event_id_cnty="KAZ1"),
    dict(event_id_cnty=""),
    dict(event_id_cnty="KAZ 5"),
    dict(event_id_cnty="KAZ6", event_date="2022-13-45"),
    dict(event_id_cnty="KAZ7", event_date="NA"),
    dict(event_id_cnty="KAZ8", year="2021"),
    dict(event_id_cnty="KAZ9", year="twenty"),
    dict(event_id_cnty="KAZ10", time_precision="4", geo_precision="1.5"),
    dict(event_id_cnty="KAZ11", time_precision="", geo_precision="2.0"),
    dict(event_id_cnty="KAZ12", event_type="Demonstrations"),
    dict(event_id_cnty="KAZ13", sub_event_type="Armed clash"),
    dict(event_id_cnty="KAZ14", sub_event_type="Sit-in"),
    dict(event_id_cnty="KAZ15", event_type="", sub_event_type="NA"),
    dict(event_id_cnty="KAZ16", actor1="NA"),
    dict(event_id_cnty="KAZ17", fatalities="-1"),
    dict(event_id_cnty="KAZ18", fatalities="two"),
    dict(event_id_cnty="KAZ19", latitude=""),
    dict(event_id_cnty="KAZ20", latitude="91"),
    dict(event_id_cnty="KAZ21", longitude="forty"),
    dict(event_id_cnty="KAZ22", location=""),
    dict(event_id_cnty="KAZ23", inter1="9"),
    dict(event_id_cnty="KAZ24", country="Kyrgyzstan"),
    dict(event_id_cnty="KAZ25", latitude="39.65"),
    dict(event_id_cnty="KAZ26", longitude="87.6"),
    dict(event_id_cnty="KAZ27", latitude="39", longitude="90"),
    dict(event_id_cnty="KAZ28", latitude="42.4", longitude="77.3"),
    dict(event_id_cnty="KAZ29", event_type="NA"),
    dict(event_id_cnty="KAZ30", event_type="Riots", sub_event_type=""),
]
F = "bad.csv"
BAD_PROBLEMS = [
    (F, 3, "event_id_cnty", "KAZ1", "a unique id (row 2 has it too)"),
    (F, 4, "event_id_cnty", "", "an id"),
    (F, 5, "event_id_cnty", "KAZ 5", "an id of letters, digits, '-' or '_'"),
    (F, 6, "event_date", "2022-13-45", DATE_EXPECTED),
    (F, 7, "event_date", "", DATE_EXPECTED),
    (F, 8, "year", "2021", "2022, the year of event_date '2022-01-04'"),
    (F, 9, "year", "twenty", "a whole number"),
    (F, 10, "geo_precision", "1.5", "a whole number: 1, 2, 3"),
    (F, 10, "time_precision", "4", "one of 1, 2, 3"),
    (F, 11, "time_precision", "", "one of 1, 2, 3"),
    (F, 12, "event_type", "Demonstrations", "an ACLED event type: Battles, Explosions/Remote violence, Protests, "
                                            "Riots, Strategic developments, Violence against civilians"),
    (F, 13, "sub_event_type", "Armed clash", "a sub-event type of 'Protests': Peaceful protest, Protest with "
                                             "intervention, Excessive force against protesters"),
    (F, 14, "sub_event_type", "Sit-in", "an ACLED sub-event type (see kzlib/vocab/acled_event_categories.csv)"),
    (F, 15, "event_type", "", "an ACLED event type"),
    (F, 15, "sub_event_type", "", "an ACLED sub-event type"),
    (F, 16, "actor1", "", "a named actor"),
    (F, 17, "fatalities", "-1", "a whole number of at least 0"),
    (F, 18, "fatalities", "two", "a whole number"),
    (F, 19, "latitude", "", "a decimal number from -90 to 90"),
    (F, 20, "latitude", "91", "a decimal number from -90 to 90"),
    (F, 20, "latitude", "91", "a latitude inside Kazakhstan (40.5 to 55.5)"),
    (F, 21, "longitude", "forty", "a decimal number from -180 to 180"),
    (F, 22, "location", "", "a location name"),
    (F, 23, "inter1", "9", "an ACLED actor type code 0-8 or its label"),
    (F, 24, "country", "Kyrgyzstan", "'Kazakhstan' (the country asked for, matched against country/iso; cut the "
                                     "export to Kazakhstan or pass country=None)"),
    (F, 25, "latitude", "39.65", "a latitude inside Kazakhstan (40.5 to 55.5)"),
    (F, 26, "longitude", "87.6", "a longitude inside Kazakhstan (46.4 to 87.4)"),
    (F, 27, "latitude", "39", "a latitude inside Kazakhstan (40.5 to 55.5)"),
    (F, 28, "latitude/longitude", "42.4, 77.3", "a point inside Kazakhstan or within 10 km of its border (this one "
                                                "is 55 km outside)"),
    (F, 29, "event_type", "", "an ACLED event type"),
    (F, 30, "sub_event_type", "", "an ACLED sub-event type"),
]


def test_every_bad_cell_exactly(tmp_path, places, regions):
    path = acled_current(tmp_path / F, BAD_ROWS)
    with pytest.raises(KzDataError) as e:
        read_acled(path, places=places, regions=regions)
    assert problems(e) == BAD_PROBLEMS
    assert str(e.value).startswith(f"31 problems in {path}:\n  - {path}, row 3, column 'event_id_cnty': got 'KAZ1'")


def test_api_layout_problems(tmp_path, places, regions):
    rows = [dict(event_id_cnty="KAZ1", inter1="9.0", inter2="12", year="2021", event_date="4-Jan-22"),
            dict(event_id_cnty="KAZ2", inter2="-1", iso3="KGZ", country="Kyrgyzstan", event_date="01/04/2022"),
            dict(event_id_cnty="KAZ1", event_date="4-Jan-22", year="2022.0")]
    with pytest.raises(KzDataError) as e:
        read_acled(acled_api(tmp_path / "api.csv", rows), places=places, regions=regions)
    assert problems(e) == [
        ("api.csv", 2, "inter1", "9.0", "an ACLED actor type code 0-8 or its label"),
        ("api.csv", 2, "inter2", "12", "an ACLED actor type code 0-8 or its label"),
        ("api.csv", 2, "year", "2021", "2022, the year of event_date '4-Jan-22'"),
        ("api.csv", 3, "country", "Kyrgyzstan", "'Kazakhstan' (the country asked for, matched against "
                                                "country/iso/iso3; cut the export to Kazakhstan or pass country=None)"),
        ("api.csv", 3, "event_date", "01/04/2022", DATE_EXPECTED),
        ("api.csv", 4, "event_id_cnty", "KAZ1", "a unique id (row 2 has it too)"),
    ]


def test_ids_repeated_three_times_name_the_first_row(tmp_path, places, regions):
    rows = [dict(event_id_cnty=i) for i in ("NA", "A-1", "B_2", "A-1", "A-1", "9")]
    with pytest.raises(KzDataError) as e:
        read_acled(acled_current(tmp_path / "ids.csv", rows), places=places, regions=regions)
    assert problems(e) == [("ids.csv", 2, "event_id_cnty", "", "an id"),
                           ("ids.csv", 5, "event_id_cnty", "A-1", "a unique id (row 3 has it too)"),
                           ("ids.csv", 6, "event_id_cnty", "A-1", "a unique id (row 3 has it too)")]


# ---------------------------------------------------------------------------------------------
# dates=: an inclusive window; rows outside it are counted, not checked

def test_dates_window(tmp_path, places, regions):
    rows = [dict(event_id_cnty="KAZ1", event_date="2021-12-31", year="2021", country="Kyrgyzstan",
                 latitude="0", longitude="0"),
            dict(event_id_cnty="KAZ2", event_date="2022-01-01"),
            dict(event_id_cnty="KAZ3", event_date="2022-01-06", location="Shetpe", latitude="44.16",
                 longitude="52.12"),
            dict(event_id_cnty="KAZ4", event_date="2022-01-07", location="Nowhere"),
            dict(event_id_cnty="KAZ5", event_date="2022-01-05", location="Beineu", latitude="45.31",
                 longitude="55.19")]
    path = acled_current(tmp_path / "window.csv", rows)
    df = read_acled(path, places=places, regions=regions, dates=("2022-01-01", "2022-01-06"))
    assert table(df, ["event_id", "date", "place_id", "first_reported"]) == [
        ("KAZ2", "2022-01-01", "zhanaozen", True), ("KAZ3", "2022-01-06", "shetpe", True),
        ("KAZ5", "2022-01-05", "beineu", True)]
    assert df.attrs["skipped_rows"] == 2
    assert [(p["place_id"], p["notes"]) for p in df.attrs["new_places"]] == [
        ("shetpe", "Made by kzlib from window.csv row 4 (ACLED location 'Shetpe'); coordinates from ACLED; "
                   "kind unknown."),
        ("beineu", "Made by kzlib from window.csv row 6 (ACLED location 'Beineu'); coordinates from ACLED; "
                   "kind unknown.")]
    # a date that does not parse is never outside the window: it is reported
    _edit = [dict(r) for r in rows]
    _edit[1]["event_date"] = "soon"
    with pytest.raises(KzDataError) as e:
        read_acled(acled_current(tmp_path / "w2.csv", _edit), places=places, regions=regions,
                   dates=("2022-01-01", "2022-01-06"))
    assert [(p[1], p[2], p[3]) for p in problems(e)] == [(3, "event_date", "soon")]


def test_rows_are_resolved_per_admin1_location_and_point(tmp_path, places, regions):
    """One resolution per distinct (admin1, location, latitude, longitude): rows that share three of the
    four keep their own answers, and an admin1 naming two units whose point lies in neither keeps the first
    candidate with a note."""
    rows = [dict(event_id_cnty="A1", admin1="Mangistau", location="Zhanaozen"),
            dict(event_id_cnty="A2", admin1="Mangistau", location="Old Town"),           # same point
            dict(event_id_cnty="A3", admin1="Mangistau", location="Zhanaozen", latitude="43.5"),
            dict(event_id_cnty="A4", admin1="Mangistau", location="Zhanaozen", longitude="53.2"),
            dict(event_id_cnty="A5", admin1="Almaty", location="Zhanaozen")]
    df = read_acled(acled_current(tmp_path / "keys.csv", rows), places=places, regions=regions)
    assert table(df, ["event_id", "place_id", "region_id", "region_match", "place_match", "place_km"]) == [
        ("A1", "zhanaozen", "KZ-MAN", "admin1", "alias", 0.0),
        ("A2", "zhanaozen", "KZ-MAN", "admin1", "distance", 0.0),
        ("A3", "zhanaozen", "KZ-MAN", "admin1", "alias", 17.647),
        ("A4", "zhanaozen-kz-man", "KZ-MAN", "admin1", "new", 0.0),
        ("A5", "zhanaozen", "KZ-MAN", "admin1", "alias", 0.0)]
    assert values(df["notes"]) == [None] * 4 + [
        "admin1 'Almaty' (KZ-ALA/KZ-ALM) but the point lies in KZ-MAN; admin1 'Almaty' gives KZ-ALA but the place "
        "zhanaozen is in KZ-MAN."]


def test_empty_longitude_and_geo_precision_are_problems(tmp_path, places, regions):
    rows = [dict(event_id_cnty="A1", longitude=""), dict(event_id_cnty="A2", geo_precision="")]
    with pytest.raises(KzDataError) as e:
        read_acled(acled_current(tmp_path / "empty.csv", rows), places=places, regions=regions)
    assert problems(e) == [("empty.csv", 2, "longitude", "", "a decimal number from -180 to 180"),
                           ("empty.csv", 3, "geo_precision", "", "one of 1, 2, 3")]


def test_match_km_decides_whether_a_nearby_point_is_that_place(tmp_path, places, regions):
    """A location the gazetteer does not know, 6.5 km from Zhanaozen: within the default 10 km it is
    Zhanaozen by distance; with match_km=2 it is a new place."""
    path = acled_current(tmp_path / "near.csv", [dict(location="Somewhere", latitude="43.40")])
    near = read_acled(path, places=places, regions=regions)
    assert table(near, ["place_id", "place_match", "place_km"]) == [("zhanaozen", "distance", 6.537)]
    far = read_acled(path, places=places, regions=regions, match_km=2)
    assert table(far, ["place_id", "place_match", "place_km"]) == [("somewhere", "new", 0.0)]
