"""read_acled / read_ucdp_ged: synthetic exports in the real layouts -> kzlib's events schema."""
from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from kzlib import KzDataError
from kzlib.external import (GED_DATE_PREC, GED_VIOLENCE, GED_WHERE_PREC, new_places, parse_export_date, places_for,
                            read_acled, read_ucdp_ged)
from kzlib.gazetteer import ADMIN1_NAMES, PlaceMatcher, clean_location, name_key, places_frame, region_candidates
from kzlib.schema import columns

FIX = Path(__file__).parent / "fixtures"
SCHEMA = [c.name for c in columns("events")]
TYPED = SCHEMA + ["size_approx", "fatalities_approx"]

# A small gazetteer built here, so the tests do not follow data/places.csv as it grows.
GAZ = [
    ("zhanaozen", "Zhanaozen", "Janaozen;Zhangaozen;Жаңаөзен", "city", "KZ-MAN", 43.34116, 52.86192),
    ("aktau", "Aktau", "Aqtau;Актау", "city", "KZ-MAN", 43.66105, 51.17392),
    ("almaty", "Almaty", "Alma-Ata;Алматы", "city", "KZ-ALA", 43.25249, 76.9115),
    ("talgar", "Talgar", "Talghar", "town", "KZ-ALM", 43.30235, 77.23811),
    ("kostanay", "Kostanay", "Qostanay;Kustanai", "city", "KZ-KUS", 53.21435, 63.62463),
    ("shymkent", "Shymkent", "Chimkent", "city", "KZ-SHY", 42.30988, 69.60042),
    ("oskemen", "Oskemen", "Ust-Kamenogorsk;Öskemen", "city", "KZ-VOS", 49.97143, 82.60586),
]


@pytest.fixture
def places() -> pd.DataFrame:
    return places_frame([dict(place_id=p, name=n, alt_names=a, kind=k, region_id=r, latitude=la, longitude=lo,
                              population=None, geonames_id=None, notes=None) for p, n, a, k, r, la, lo in GAZ])


def _write(path: Path, header: list[str], rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.DictReader(f)
        return list(r.fieldnames), list(r)


def _edited(tmp_path: Path, fixture: str, row: int, column: str, value: str) -> Path:
    """Copy a fixture and set one cell (row as a person counts it: header = 1)."""
    header, rows = _rows(FIX / fixture)
    rows[row - 2][column] = value
    return _write(tmp_path / fixture, header, rows)


def _problem(exc: pytest.ExceptionInfo, file: Path) -> tuple:
    p = exc.value.problems[0]
    assert Path(p.file).name == file.name
    return p.row, p.column


# ---------------------------------------------------------------------------------------------
# ACLED: exact mapping

ACLED_EXPECTED = [
    # event_id, date, tp, place_id, gp, event_type, sub_event_type, actor1, actor2, size_text, size_low,
    # size_high, fat_text, fat_low, fat_high, first_reported, notes, size_approx
    ("KAZ9001", "2022-01-02", 1, "zhanaozen", 1, "Protests", "Peaceful protest", "Protesters (Kazakhstan)", None,
     "around 1000", 1000, 1000, "0", 0, 0, True, None, True),
    ("KAZ9002", "2022-01-03", 1, "aktau", 1, "Protests", "Peaceful protest", "Protesters (Kazakhstan)", None,
     None, None, None, "0", 0, 0, True, None, None),
    ("KAZ9003", "2022-01-04", 1, "almaty", 1, "Protests", "Excessive force against protesters",
     "Police Forces of Kazakhstan (2019-)", "Protesters (Kazakhstan)", "hundreds", 200, 999, "2", 2, 2, True,
     None, False),
    ("KAZ9004", "2022-01-05", 1, "almaty", 1, "Riots", "Violent demonstration", "Rioters (Kazakhstan)",
     "Police Forces of Kazakhstan (2019-)", None, None, None, "5", 5, 5, False,
     "ACLED crowd size 'large' is not a figure kzlib can range.", None),
    ("KAZ9005", "2022-01-05", 1, "zhanaozen", 2, "Protests", "Peaceful protest", "Protesters (Kazakhstan)", None,
     "several hundred", 200, 999, "0", 0, 0, False, None, False),
    ("KAZ9006", "2022-01-06", 2, "shetpe", 2, "Protests", "Protest with intervention", "Protesters (Kazakhstan)",
     "Police Forces of Kazakhstan (2019-)", "dozens", 24, 99, "0", 0, 0, True, None, False),
    ("KAZ9007", "2022-01-07", 1, "kostanay", 1, "Strategic developments", "Arrests",
     "Police Forces of Kazakhstan (2019-)", "Civilians (Kazakhstan)", None, None, None, "0", 0, 0, False, None, None),
    ("KAZ9008", "2022-01-06", 1, "talgar", 1, "Violence against civilians", "Attack",
     "Unidentified Armed Group (Kazakhstan)", "Civilians (Kazakhstan)", None, None, None, "1", 1, 1, False, None,
     None),
    ("KAZ9009", "2022-01-04", 1, "shymkent", 1, "Protests", "Peaceful protest", "Protesters (Kazakhstan)", None,
     "about 50", 50, 50, "0", 0, 0, True, None, True),
]
ACLED_DESCRIPTIONS = [
    "Synthetic row: residents rallied against a fuel price rise.", "Synthetic row: a rally on the main square.",
    "Synthetic row: police dispersed a march with stun grenades.", "Synthetic row: a crowd set fire to a building.",
    "Synthetic row: oil workers joined the rally.", "Synthetic row: police detained rally organisers.",
    "Synthetic row: an activist was detained.", "Synthetic row: unknown gunmen shot at a car.",
    "Synthetic row: a small rally near the akimat.",
]
ACLED_GEO = [
    # location, lat, lon, admin1, region_id, region_match, place_match, place_km, source
    ("Zhanaozen", 43.3412, 52.8619, "Mangistau", "KZ-MAN", "admin1", "alias", 0.005, "Synthetic Wire A"),
    ("Aqtau", 43.65, 51.16, "Mangghystau", "KZ-MAN", "admin1", "alias", 1.664, "Synthetic Wire B"),
    ("Almaty - Medeu", 43.23, 76.95, "Almaty", "KZ-ALA", "admin1+coordinates", "alias", 4.003,
     "Synthetic Wire A; Synthetic Wire C"),
    ("Almaty", 43.2567, 76.9286, "Almaty", "KZ-ALA", "admin1+coordinates", "alias", 1.465, "Synthetic Wire C"),
    ("Uzen", 43.35, 52.87, "Mangistau", "KZ-MAN", "admin1", "distance", 1.181, "Synthetic Wire B"),
    ("Shetpe", 44.16, 52.12, None, "KZ-MAN", "coordinates", "new", 0.0, "Synthetic Wire B"),
    ("Kostanay", 53.2144, 63.6246, "Qostanay", "KZ-KUS", "admin1", "alias", 0.006, "Synthetic Wire A"),
    ("Talgar", 43.3024, 77.2381, "Almaty Oblysy", "KZ-ALM", "admin1+coordinates", "alias", 0.006,
     "Synthetic Wire C"),
    ("Shymkent", 42.317, 69.59, "South Kazakhstan", "KZ-SHY", "admin1+coordinates", "alias", 1.168,
     "Synthetic Wire A"),
]


def _values(s: pd.Series) -> list:
    return [None if pd.isna(v) else (v.date().isoformat() if isinstance(v, pd.Timestamp) else v) for v in s]


def test_acled_current_layout_maps_every_column(places):
    df = read_acled(FIX / "acled_current.csv", places=places)
    assert list(df.columns[: len(TYPED)]) == TYPED
    cols = ["event_id", "date", "time_precision", "place_id", "geo_precision", "event_type", "sub_event_type",
            "actor1", "actor2", "size_text", "size_low", "size_high", "fatalities_text", "fatalities_low",
            "fatalities_high", "first_reported", "notes", "size_approx"]
    got = list(zip(*[_values(df[c]) for c in cols]))
    assert got == ACLED_EXPECTED
    assert _values(df["description"]) == ACLED_DESCRIPTIONS
    assert set(df["source_ids"]) == {"acled"}
    assert _values(df["fatalities_approx"]) == [False] * 9
    geo = ["location", "latitude", "longitude", "admin1", "region_id", "region_match", "place_match", "place_km",
           "source"]
    assert list(zip(*[_values(df[c]) for c in geo])) == ACLED_GEO
    assert _values(df["inter1"]) == ["Protesters", "Protesters", "State forces", "Rioters", "Protesters",
                                     "Protesters", "State forces", "Political militia", "Protesters"]
    assert _values(df["inter2"]) == [None, None, "Protesters", "State forces", None, "State forces", "Civilians",
                                     "Civilians", None]
    assert _values(df["interaction"])[2] == "State forces-Protesters"
    assert _values(df["civilian_targeting"])[7] == "Civilian targeting"
    assert _values(df["assoc_actor_2"])[7] == "Journalists (Kazakhstan)"
    assert _values(df["disorder_type"])[2] == "Political violence; Demonstrations"
    assert _values(df["tags"])[0] == "crowd size=around 1000"
    assert _values(df["admin2"])[2] == "Medeu"
    assert _values(df["source_scale"])[2] == "National-International"
    assert _values(df["fatalities"]) == [0, 0, 2, 5, 0, 0, 0, 1, 0]
    assert _values(df["acled_event_id"]) == _values(df["event_id"])
    assert set(df["dataset"]) == {"ACLED"} and set(df["source_file"]) == {"acled_current.csv"}
    assert df.attrs["layout"] == "current" and df.attrs["skipped_rows"] == 0


def test_acled_api_layout_gives_the_same_events(places):
    cur = read_acled(FIX / "acled_current.csv", places=places)
    api = read_acled(FIX / "acled_api.csv", places=places)
    assert api.attrs["layout"] == "api"
    same = [c for c in TYPED if c != "description"] + ["location", "latitude", "longitude", "admin1", "region_id",
                                                     "region_match", "place_match", "place_km", "source", "inter1",
                                                     "inter2", "fatalities", "assoc_actor_1", "assoc_actor_2"]
    pd.testing.assert_frame_equal(api[same], cur[same])
    # older notes end with the crowd size, kept as ACLED wrote them
    assert api["description"].iat[0] == ACLED_DESCRIPTIONS[0] + " [size=around 1000]"
    assert _values(api["interaction"]) == ["60", "60", "16", "15", "60", "16", "17", "37", "60"]
    assert api["disorder_type"].isna().all() and api["tags"].isna().all()


def test_readers_return_the_typed_events_frame(places):
    """Same columns and dtypes as load_events, and the events pandera schema holds."""
    from kzlib.schema import pandera_schema

    for df in (read_acled(FIX / "acled_current.csv", places=places),
               read_acled(FIX / "acled_api.csv", places=places),
               read_ucdp_ged(FIX / "ucdp_ged.csv", places=places)):
        # the schema checks the frame before vocabularies become categories (as read_table does)
        pandera_schema("events").validate(df[SCHEMA].astype({"event_type": "string", "sub_event_type": "string"}))
        dtypes = {c: str(df[c].dtype) for c in TYPED}
        assert dtypes == {
            "event_id": "string", "date": "datetime64[ns]", "time_precision": "Int64", "place_id": "string",
            "geo_precision": "Int64", "event_type": "category", "sub_event_type": "category",
            "actor1": "string", "actor2": "string", "size_text": "string", "size_low": "Int64",
            "size_high": "Int64", "fatalities_text": "string", "fatalities_low": "Int64",
            "fatalities_high": "Int64", "description": "string", "source_ids": "string", "first_reported": "bool",
            "time": "string", "same_event_as": "string",
            "notes": "string", "size_approx": "boolean", "fatalities_approx": "boolean"}
        spec = {c.name: c for c in columns("events")}
        assert list(df["event_type"].cat.categories) == list(spec["event_type"].allowed)
        assert list(df["sub_event_type"].cat.categories) == list(spec["sub_event_type"].allowed)


def test_dtypes_match_load_events_smoke(places):
    from kzlib import load_events

    curated = load_events()
    df = read_acled(FIX / "acled_current.csv", places=places)
    assert df[TYPED].dtypes.astype(str).to_dict() == curated[TYPED].dtypes.astype(str).to_dict()
    both = pd.concat([curated, df], ignore_index=True)
    assert len(both) == len(curated) + 9


@pytest.mark.parametrize(("text", "expected"), [
    ("2022-01-05", date(2022, 1, 5)), ("2022-01-05 00:00:00.000", date(2022, 1, 5)),
    ("2022-01-05T00:00:00", date(2022, 1, 5)), ("2022/01/05", date(2022, 1, 5)),
    ("05 January 2022", date(2022, 1, 5)), ("5 Jan 2022", date(2022, 1, 5)), ("9-May-20", date(2020, 5, 9)),
    ("09-May-2020", date(2020, 5, 9)), ("05-01-2022", date(2022, 1, 5)), ("January 5, 2022", date(2022, 1, 5)),
    ("01/05/2022", None), ("2022-13-01", None), ("5th Jan", None), ("", None),
])
def test_parse_export_date(text, expected):
    assert parse_export_date(text) == expected


def test_headers_in_capitals_and_extra_columns_are_fine(tmp_path, places):
    header, rows = _rows(FIX / "acled_api.csv")
    up = [h.upper() for h in header] + ["MY_NOTE"]
    out = [{h.upper(): v for h, v in r.items()} | {"MY_NOTE": "x"} for r in rows]
    df = read_acled(_write(tmp_path / "upper.csv", up, out), places=places)
    assert df.attrs["layout"] == "api" and list(df["event_id"]) == [r["event_id_cnty"] for r in rows]


def test_dates_window_keeps_part_of_a_longer_export(tmp_path, places):
    path = _edited(tmp_path, "acled_current.csv", 2, "event_date", "2021-12-31")
    _edit_in_place(path, 2, "year", "2021")
    whole = read_acled(path, places=places)          # exports are read for any period
    assert len(whole) == 9 and whole["date"].min() == pd.Timestamp("2021-12-31")
    assert whole.attrs["skipped_rows"] == 0
    df = read_acled(path, places=places, dates=("2022-01-01", "2022-01-05"))
    assert list(df["event_id"]) == ["KAZ9002", "KAZ9003", "KAZ9004", "KAZ9005", "KAZ9009"]
    assert df.attrs["skipped_rows"] == 4


def _edit_in_place(path: Path, row: int, column: str, value: str) -> None:
    header, rows = _rows(path)
    rows[row - 2][column] = value
    _write(path, header, rows)


# ---------------------------------------------------------------------------------------------
# UCDP GED: exact mapping and precision tables

GED_EXPECTED = [
    # event_id, date, tp, place_id, gp, event_type, sub_event_type, actor1, actor2, fat_text, low, high,
    # region_id, place_match, fatalities_best
    ("GED900001", "2022-01-05", 1, "almaty", 1, "Violence against civilians", "Attack", "Government of Kazakhstan",
     "Civilians", "3-5", 3, 5, "KZ-ALA", "alias", 3),
    ("GED900002", "2022-01-06", 2, "talgar", 2, "Battles", "Armed clash", "Government of Kazakhstan",
     "Synthetic armed group", "1-4", 1, 4, "KZ-ALM", "alias", 2),
    ("GED900003", "2022-01-01", 3, "mangystau-province", 3, "Violence against civilians", "Attack",
     "Government of Kazakhstan", "Civilians", "1", 1, 1, "KZ-MAN", "new", 1),
    ("GED900004", "2022-01-01", 3, "kazakhstan", 3, "Violence against civilians", "Attack",
     "Government of Kazakhstan", "Civilians", "1-2", 1, 2, None, "new", 1),
    ("GED900005", "2022-01-04", 1, "zhanaozen", 1, "Battles", "Armed clash", "Synthetic group A",
     "Synthetic group B", "1", 1, 1, "KZ-MAN", "alias", 1),
]


def test_ged_maps_every_column(places):
    df = read_ucdp_ged(FIX / "ucdp_ged.csv", places=places)
    assert list(df.columns[: len(TYPED)]) == TYPED
    cols = ["event_id", "date", "time_precision", "place_id", "geo_precision", "event_type", "sub_event_type",
            "actor1", "actor2", "fatalities_text", "fatalities_low", "fatalities_high", "region_id", "place_match",
            "fatalities_best"]
    assert list(zip(*[_values(df[c]) for c in cols])) == GED_EXPECTED
    assert df[["size_text", "size_low", "size_high", "size_approx"]].isna().all().all()
    assert _values(df["fatalities_approx"]) == [False] * 5
    assert set(df["source_ids"]) == {"ucdp-ged"} and set(df["source"]) == {"Synthetic Wire A"}
    assert not df["first_reported"].any()  # GED has no protests
    assert _values(df["description"]) == [
        "One-sided violence by Government of Kazakhstan against Civilians at Almaty; "
        "UCDP best estimate 3 deaths (low 3, high 5).",
        "State-based armed conflict between Government of Kazakhstan and Synthetic armed group at Talgar; "
        "UCDP best estimate 2 deaths (low 1, high 4).",
        "One-sided violence by Government of Kazakhstan against Civilians at Mangystau province; "
        "UCDP best estimate 1 death.",
        "One-sided violence by Government of Kazakhstan against Civilians at Kazakhstan; "
        "UCDP best estimate 1 death (low 1, high 2).",
        "Non-state conflict between Synthetic group A and Synthetic group B at Zhanaozen; "
        "UCDP best estimate 1 death.",
    ]
    assert _values(df["notes"]) == [
        None,
        "UCDP dates the event between 2022-01-06 and 2022-01-08; date is the earliest.",
        "UCDP dates the event between 2022-01-01 and 2022-01-31; date is the earliest.",
        "UCDP dates the event between 2022-01-01 and 2022-12-31; date is the earliest; UCDP date_prec 5: only "
        "the year is known; UCDP where_prec 6: only the country is known; the point is its centroid.",
        None,
    ]
    assert _values(df["location"]) == ["Almaty town", "Talgar town", "Mangystau province", "Kazakhstan",
                                       "Zhanaozen town"]
    assert _values(df["adm_1"]) == ["Almaty city", "Almaty province", "Mangystau province", None,
                                    "Mangistau Oblast"]
    assert _values(df["region_match"]) == ["admin1", "admin1+coordinates", "admin1", "none", "admin1"]
    assert _values(df["ucdp_id"]) == ["900001", "900002", "900003", "900004", "900005"]
    assert _values(df["relid"])[0] == "KAZ-2022-3-9001-1"
    assert _values(df["date_end"]) == ["2022-01-05", "2022-01-08", "2022-01-31", "2022-12-31", "2022-01-04"]
    assert _values(df["date_prec"]) == [1, 2, 4, 5, 1]
    assert _values(df["where_prec"]) == [1, 2, 4, 6, 1]
    assert _values(df["type_of_violence"]) == [3, 1, 3, 3, 2]
    assert _values(df["deaths_civilians"]) == [3, 0, 1, 0, 0]
    assert _values(df["deaths_unknown"]) == [0, 0, 0, 1, 0]
    assert _values(df["conflict_name"])[1] == "Kazakhstan: Government"
    assert _values(df["dyad_name"])[1] == "Government of Kazakhstan - Synthetic armed group"
    assert _values(df["event_clarity"]) == [1] * 5 and set(df["code_status"]) == {"Clear"}
    assert df.attrs["layout"] == "ged" and df.attrs["dataset"] == "UCDP GED"


@pytest.mark.parametrize(("date_prec", "tp"), sorted(GED_DATE_PREC.items()))
@pytest.mark.parametrize(("where_prec", "gp"), sorted(GED_WHERE_PREC.items()))
def test_ged_precision_tables(tmp_path, places, date_prec, tp, where_prec, gp):
    header, rows = _rows(FIX / "ucdp_ged.csv")
    row = dict(rows[0], date_prec=str(date_prec), where_prec=str(where_prec))
    df = read_ucdp_ged(_write(tmp_path / "g.csv", header, [row]), places=places)
    assert (df["time_precision"].iat[0], df["geo_precision"].iat[0]) == (tp, gp)
    note = df["notes"].iat[0]
    assert (isinstance(note, str) and f"UCDP where_prec {where_prec}:" in note) == (where_prec >= 6)
    assert (isinstance(note, str) and "UCDP date_prec 5:" in note) == (date_prec == 5)
    assert (df["region_match"].iat[0] == "admin1") and df["region_id"].iat[0] == "KZ-ALA"
    assert GED_DATE_PREC == {1: 1, 2: 2, 3: 2, 4: 3, 5: 3}
    assert GED_WHERE_PREC == {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3, 7: 3}


@pytest.mark.parametrize(("tov", "types"), [(1, ("Battles", "Armed clash")), (2, ("Battles", "Armed clash")),
                                            (3, ("Violence against civilians", "Attack"))])
def test_ged_type_of_violence(tmp_path, places, tov, types):
    header, rows = _rows(FIX / "ucdp_ged.csv")
    df = read_ucdp_ged(_write(tmp_path / "g.csv", header, [dict(rows[0], type_of_violence=str(tov))]),
                       places=places)
    assert (df["event_type"].iat[0], df["sub_event_type"].iat[0]) == types == GED_VIOLENCE[tov][:2]


def test_ged_missing_low_high_fall_back_to_best(tmp_path, places):
    header, rows = _rows(FIX / "ucdp_ged.csv")
    df = read_ucdp_ged(_write(tmp_path / "g.csv", header, [dict(rows[0], low="", high="NA", best="4")]),
                       places=places)
    assert (df["fatalities_text"].iat[0], df["fatalities_low"].iat[0], df["fatalities_high"].iat[0]) == ("4", 4, 4)


# ---------------------------------------------------------------------------------------------
# admin1 spellings

SPELLINGS = [
    ("Aqmola", ("KZ-AKM", "KZ-AST")), ("Akmola", ("KZ-AKM", "KZ-AST")), ("Akmola Region", ("KZ-AKM", "KZ-AST")),
    ("Aqtobe", ("KZ-AKT",)), ("Aktobe", ("KZ-AKT",)), ("Aqtöbe", ("KZ-AKT",)),
    ("Almaty", ("KZ-ALA", "KZ-ALM")), ("Almaty city", ("KZ-ALA",)), ("Almaty City", ("KZ-ALA",)),
    ("Almaty Oblysy", ("KZ-ALM", "KZ-ALA")), ("Almaty Region", ("KZ-ALM", "KZ-ALA")),
    ("Almaty Province", ("KZ-ALM", "KZ-ALA")), ("Atyrau", ("KZ-ATY",)), ("Atyrau Oblysy", ("KZ-ATY",)),
    ("East Kazakhstan", ("KZ-VOS",)), ("Shygys Qazaqstan", ("KZ-VOS",)), ("Qaraghandy", ("KZ-KAR",)),
    ("Karaganda", ("KZ-KAR",)), ("Qostanay", ("KZ-KUS",)), ("Kostanay", ("KZ-KUS",)), ("Qyzylorda", ("KZ-KZY",)),
    ("Kyzylorda", ("KZ-KZY",)), ("Mangghystau", ("KZ-MAN",)), ("Mangystau", ("KZ-MAN",)),
    ("Mangistau", ("KZ-MAN",)), ("Mangistau Oblast", ("KZ-MAN",)), ("Pavlodar", ("KZ-PAV",)),
    ("North Kazakhstan", ("KZ-SEV",)), ("Soltustik Qazaqstan", ("KZ-SEV",)), ("Zhambyl", ("KZ-ZHA",)),
    ("Jambyl", ("KZ-ZHA",)), ("West Kazakhstan", ("KZ-ZAP",)), ("Batys Qazaqstan", ("KZ-ZAP",)),
    ("South Kazakhstan", ("KZ-YUZ", "KZ-SHY")), ("Turkestan", ("KZ-YUZ", "KZ-SHY")),
    ("Turkistan", ("KZ-YUZ", "KZ-SHY")), ("Nur-Sultan", ("KZ-AST",)), ("Astana", ("KZ-AST",)),
    ("Nur-Sultan city", ("KZ-AST",)), ("Shymkent", ("KZ-SHY",)), ("Abai", ("KZ-VOS",)), ("Abay", ("KZ-VOS",)),
    ("Jetisu", ("KZ-ALM",)), ("Zhetysu", ("KZ-ALM",)), ("Ulytau", ("KZ-KAR",)), ("MANGISTAU", ("KZ-MAN",)),
    ("  mangystau  oblysy ", ("KZ-MAN",)), ("Алматы облысы", ("KZ-ALM",)),
    ("Маңғыстау облысы", ("KZ-MAN",)),
    ("Atlantis", None), ("", None), (None, None),
]


REGIONS = pd.DataFrame({"region_id": ["KZ-ALM", "KZ-MAN"], "name": ["Almaty Region", "Mangystau Region"],
                        "alt_names": ["Almaty Oblysy;Алматы облысы", "Mangistau;Маңғыстау облысы"]})


@pytest.mark.parametrize(("admin1", "expected"), SPELLINGS)
def test_region_candidates_every_spelling(admin1, expected):
    assert region_candidates(admin1, REGIONS) == expected


def test_admin1_table_uses_january_2022_units_only():
    from kzlib import load_regions

    known = set(load_regions()["region_id"])
    assert {r for cands in ADMIN1_NAMES.values() for r in cands} == known


# A point inside each unit (its administrative centre).
CENTRE = {
    "KZ-AKM": (53.28414, 69.39364), "KZ-AST": (51.1801, 71.44598), "KZ-AKT": (50.27969, 57.20718),
    "KZ-ALA": (43.25249, 76.9115), "KZ-ALM": (45.01556, 78.37389), "KZ-ATY": (47.1048, 51.88427),
    "KZ-VOS": (49.97143, 82.60586), "KZ-KAR": (49.80187, 73.10211), "KZ-KUS": (53.21435, 63.62463),
    "KZ-KZY": (44.85278, 65.50917), "KZ-MAN": (43.66105, 51.17392), "KZ-PAV": (52.27601, 76.96881),
    "KZ-SEV": (54.87343, 69.15065), "KZ-ZHA": (42.89799, 71.37334), "KZ-ZAP": (51.24601, 51.42558),
    "KZ-YUZ": (43.29458, 68.25685), "KZ-SHY": (42.30988, 69.60042),
}


def test_every_admin1_spelling_end_to_end(tmp_path, places):
    """One ACLED row per spelling at a point in the expected unit; ambiguous names also at the other unit."""
    header, rows = _rows(FIX / "acled_current.csv")
    cases = []
    for admin1, cands in SPELLINGS:
        if cands is None:
            continue
        for rid in cands:  # every candidate, so the coordinates must pick it
            cases.append((admin1, rid, rid))
    cases += [("Atlantis", "KZ-PAV", "KZ-PAV"), ("", "KZ-KZY", "KZ-KZY")]  # unknown / empty: from the point
    out = []
    for k, (admin1, rid, _) in enumerate(cases):
        lat, lon = CENTRE[rid]
        out.append(dict(rows[0], event_id_cnty=f"KAZ{k + 1}", admin1=admin1, location=f"Synthetic place {k}",
                        latitude=str(lat), longitude=str(lon)))
    df = read_acled(_write(tmp_path / "spellings.csv", header, out), places=places)
    assert list(df["region_id"]) == [want for _, _, want in cases]
    how = dict(zip(df["admin1"].fillna(""), df["region_match"]))
    assert how["Almaty"] == "admin1+coordinates" and how["Pavlodar"] == "admin1"
    assert how["Atlantis"] == "coordinates" and how[""] == "coordinates"
    atl = df[df["admin1"] == "Atlantis"]["notes"].iat[0]
    assert atl == "admin1 'Atlantis' is not a known unit; region from the coordinates."


def test_admin1_contradicting_the_point_is_noted(tmp_path, places):
    header, rows = _rows(FIX / "acled_current.csv")
    lat, lon = CENTRE["KZ-PAV"]
    row = dict(rows[0], admin1="Qostanay", location="Synthetic place", latitude=str(lat), longitude=str(lon))
    df = read_acled(_write(tmp_path / "c.csv", header, [row]), places=places)
    assert df["region_id"].iat[0] == "KZ-KUS" and df["region_match"].iat[0] == "admin1"
    assert df["notes"].iat[0] == "admin1 'Qostanay' (KZ-KUS) but the point lies in KZ-PAV."


# ---------------------------------------------------------------------------------------------
# places


def test_name_key_and_clean_location():
    assert name_key("Öskemen") == name_key("OSKEMEN") == "oskemen"
    assert name_key("Nur-Sultan") == name_key("nur sultan") == "nursultan"
    assert name_key("Жаңаөзен") == "жаңаөзен"
    assert clean_location("Zhanaozen town") == "Zhanaozen"
    assert clean_location("Almaty city, Almaty") == "Almaty"
    assert clean_location("Kazakhstan") == "Kazakhstan"
    assert clean_location("Mangystau province") == "Mangystau province"
    assert clean_location("Talgar (approx.)") == "Talgar"


def test_place_matcher_alias_distance_new_and_homonyms(places):
    m = PlaceMatcher(places)
    assert m.match("Öskemen", 49.97, 82.6, "KZ-VOS").how == "alias"
    assert m.match("Ust-Kamenogorsk", 49.97, 82.6, "KZ-VOS").place_id == "oskemen"
    assert m.match("ЖАҢАӨЗЕН", 43.34, 52.86, "KZ-MAN").place_id == "zhanaozen"
    d = m.match("Somewhere", 43.30, 77.20, "KZ-ALM")            # 3.2 km from Talgar
    assert (d.place_id, d.how) == ("talgar", "distance") and 3.0 < d.km < 3.5
    # a homonym far away is not the gazetteer place: a new place whose id says its region
    far = m.match("Talgar", 47.0, 70.0, "KZ-KAR")
    assert (far.place_id, far.how) == ("talgar-kz-kar", "new")
    assert m.match("Talgar", 47.0, 70.0, "KZ-KAR").place_id == "talgar-kz-kar"      # same point again
    assert m.match("talgar", 47.01, 70.01, "KZ-KAR").place_id == "talgar-kz-kar"    # same name, nearby
    # a new place is not matched by distance alone: another name nearby is another place
    assert m.match("Other village", 47.02, 70.0, "KZ-KAR").place_id == "other-village"
    assert m.match("Жаңа ауыл", 47.5, 70.5, "KZ-KAR").place_id == "place-47-500-70-500"
    new = m.new_places
    assert list(new["place_id"]) == ["talgar-kz-kar", "other-village", "place-47-500-70-500"]
    assert list(new["region_id"]) == ["KZ-KAR"] * 3 and list(new["kind"]) == ["area"] * 3
    assert new["latitude"].tolist() == [47.0, 47.02, 47.5]


def test_match_km_is_a_parameter(places):
    assert PlaceMatcher(places, match_km=2.0).match("Somewhere", 43.30, 77.20, "KZ-ALM").how == "new"


def test_distance_step_finds_every_place_within_match_km(places):
    """The latitude bisect must not lose a place: due north, due east and diagonal points just
    inside and just outside match_km (10 km by default) of Aktau (43.66105, 51.17392)."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")

    def at(az: float, km: float) -> tuple[float, float]:
        lon, lat, _ = geod.fwd(51.17392, 43.66105, az, km * 1000)
        return lat, lon

    m = PlaceMatcher(places)
    for az in (0, 45, 90, 180, 270):
        got = m.match("Nowhere", *at(az, 9.99), None)
        assert (got.place_id, got.how, got.km) == ("aktau", "distance", 9.99)
        assert m.match(f"Elsewhere {az}", *at(az, 10.01), None).how == "new"
    wide = PlaceMatcher(places, match_km=300.0).match("Far", *at(0, 299.0), None)
    assert (wide.place_id, wide.km) == ("aktau", 299.0)
    # two places in reach: the nearer wins (Talgar is 22 km from Almaty)
    got = PlaceMatcher(places, match_km=30.0).match("Between", 43.30, 77.20, None)
    assert (got.place_id, got.how) == ("talgar", "distance")


def test_new_places_and_places_for(places):
    df = read_acled(FIX / "acled_current.csv", places=places)
    new = new_places(df)
    assert new.to_dict("records") == [{
        "place_id": "shetpe", "name": "Shetpe", "alt_names": None, "kind": "area", "region_id": "KZ-MAN",
        "latitude": 44.16, "longitude": 52.12, "population": None, "geonames_id": None,
        "notes": "Made by kzlib from acled_current.csv row 7 (ACLED location 'Shetpe'); coordinates "
                 "from ACLED; kind unknown."}]
    allp = places_for(df, places)
    assert list(allp["place_id"]) == [p[0] for p in GAZ] + ["shetpe"]
    assert allp.dtypes.astype(str).to_dict() == places.dtypes.astype(str).to_dict()
    assert set(df["place_id"]) <= set(allp["place_id"])


def test_concat_of_two_reads_keeps_its_places(places):
    a = read_acled(FIX / "acled_current.csv", places=places)
    g = read_ucdp_ged(FIX / "ucdp_ged.csv", places=places)
    both = pd.concat([a, g], ignore_index=True)     # attrs differ and are dropped; rows still carry coordinates
    assert both.attrs == {}
    assert sorted(new_places(both)["place_id"]) == ["kazakhstan", "mangystau-province", "shetpe"]
    assert set(both["place_id"]) <= set(places_for(both, places)["place_id"])
    twice = pd.concat([a, a])                        # identical attrs are kept
    assert twice.attrs["new_places"] == a.attrs["new_places"]


# ---------------------------------------------------------------------------------------------
# bad files: one KzDataError naming file, row and column


@pytest.mark.parametrize(("column", "value", "row", "expected_in"), [
    ("event_date", "2022-13-45", 3, "a date such as"),
    ("event_date", "01/05/2022", 3, "cannot be told apart"),
    ("event_date", "NA", 3, "a date such as"),
    ("year", "2021", 3, "2022, the year of event_date"),
    ("time_precision", "4", 3, "one of 1, 2, 3"),
    ("geo_precision", "x", 3, "a whole number"),
    ("event_type", "Demonstrations", 3, "an ACLED event type"),
    ("sub_event_type", "Armed clash", 3, "a sub-event type of 'Protests'"),
    ("sub_event_type", "Sit-in", 3, "an ACLED sub-event type"),
    ("event_id_cnty", "KAZ9001", 3, "a unique id (row 2 has it too)"),
    ("event_id_cnty", "KAZ 9002", 3, "an id of letters"),
    ("actor1", "", 3, "a named actor"),
    ("fatalities", "-1", 3, "at least 0"),
    ("fatalities", "two", 3, "a whole number"),
    ("latitude", "", 3, "a decimal number"),
    ("latitude", "forty", 3, "a decimal number"),
    ("location", "NA", 3, "a location name"),
    ("inter1", "9", 3, "actor type code"),
    ("country", "Kyrgyzstan", 3, "'Kazakhstan' (the country asked for"),
    ("latitude", "39.65", 3, "a latitude inside Kazakhstan"),
    ("longitude", "87.6", 3, "a longitude inside Kazakhstan"),
])
def test_bad_acled_cells(tmp_path, places, column, value, row, expected_in):
    path = _edited(tmp_path, "acled_current.csv", row, column, value)
    with pytest.raises(KzDataError) as e:
        read_acled(path, places=places)
    assert _problem(e, path) == (row, column)
    assert expected_in in e.value.problems[0].expected
    assert "acled_current.csv" in str(e.value) and f"row {row}" in str(e.value)


def test_point_inside_the_box_but_outside_the_country(tmp_path, places):
    path = _edited(tmp_path, "acled_current.csv", 4, "latitude", "42.4")      # Issyk-Kul, Kyrgyzstan
    _edit_in_place(path, 4, "longitude", "77.3")
    with pytest.raises(KzDataError) as e:
        read_acled(path, places=places)
    assert _problem(e, path) == (4, "latitude/longitude")
    assert "km outside" in e.value.problems[0].expected
    df = read_acled(path, places=places, country=None)   # None skips the country checks
    assert df["place_match"].iat[2] == "new"


def test_every_bad_cell_is_reported_together(tmp_path, places):
    path = _edited(tmp_path, "acled_current.csv", 2, "time_precision", "9")
    _edit_in_place(path, 5, "event_date", "soon")
    _edit_in_place(path, 6, "event_date", "2023-01-05")                       # any year is fine
    _edit_in_place(path, 6, "year", "2023")
    _edit_in_place(path, 7, "latitude", "42.4")                               # Issyk-Kul, Kyrgyzstan
    _edit_in_place(path, 7, "longitude", "77.3")
    _edit_in_place(path, 8, "country", "Kyrgyzstan")
    with pytest.raises(KzDataError) as e:
        read_acled(path, places=places)
    assert [(p.row, p.column) for p in e.value.problems] == [
        (2, "time_precision"), (5, "event_date"), (7, "latitude/longitude"), (8, "country")]


@pytest.mark.parametrize(("column", "value", "row", "expected_in"), [
    ("low", "4", 2, "at most best (3)"),
    ("high", "2", 2, "at least best (3)"),
    ("date_end", "2022-01-01 00:00:00.000", 2, "on or after date_start"),
    ("date_start", "5.1.2022", 2, "a date such as"),
    ("where_prec", "8", 2, "one of 1, 2, 3, 4, 5, 6, 7"),
    ("date_prec", "0", 2, "one of 1, 2, 3, 4, 5"),
    ("type_of_violence", "4", 2, "one of 1, 2, 3"),
    ("best", "", 2, "a whole number"),
    ("id", "900001", 3, "a unique id"),
    ("side_a", "NA", 2, "the name of side A"),
    ("year", "2023", 2, "2022, the year of date_start"),
    ("country", "Uzbekistan", 2, "'Kazakhstan'"),
])
def test_bad_ged_cells(tmp_path, places, column, value, row, expected_in):
    path = _edited(tmp_path, "ucdp_ged.csv", row, column, value)
    with pytest.raises(KzDataError) as e:
        read_ucdp_ged(path, places=places)
    assert _problem(e, path) == (row, column)
    assert expected_in in e.value.problems[0].expected


def test_missing_column(tmp_path, places):
    header, rows = _rows(FIX / "acled_current.csv")
    header.remove("fatalities")
    path = _write(tmp_path / "x.csv", header, [{k: r[k] for k in header} for r in rows])
    with pytest.raises(KzDataError) as e:
        read_acled(path, places=places)
    assert _problem(e, path) == (1, "fatalities")
    assert len(e.value.problems) == 1


def test_wrong_layout_says_which_reader(tmp_path, places):
    path = tmp_path / "ged.csv"
    shutil.copy(FIX / "ucdp_ged.csv", path)
    with pytest.raises(KzDataError) as e:
        read_acled(path, places=places)
    assert _problem(e, path) == (1, "event_id_cnty")
    assert "read it with kzlib.read_ucdp_ged" in e.value.problems[0].expected
    shutil.copy(FIX / "acled_api.csv", path)
    with pytest.raises(KzDataError) as e:
        read_ucdp_ged(path, places=places)
    assert _problem(e, path) == (1, "id")
    assert "read it with kzlib.read_acled" in e.value.problems[0].expected


def test_not_utf8(tmp_path, places):
    path = tmp_path / "latin1.csv"
    text = (FIX / "acled_current.csv").read_text(encoding="utf-8").replace("akimat", "akimat \u00e9")
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(KzDataError) as e:
        read_acled(path, places=places)
    assert _problem(e, path) == (10, "notes")
    assert "UTF-8" in e.value.problems[0].expected


def test_semicolon_separated(tmp_path, places):
    header, rows = _rows(FIX / "acled_current.csv")
    path = tmp_path / "semi.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, delimiter=";", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(KzDataError) as e:
        read_acled(path, places=places)
    assert _problem(e, path) == (1, None)
    assert "looks separated by ';'" in e.value.problems[0].expected


def test_short_row(tmp_path, places):
    lines = (FIX / "acled_current.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].rsplit(",", 3)[0]            # row 4 loses its last three fields
    path = tmp_path / "short.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(KzDataError) as e:
        read_acled(path, places=places)
    assert _problem(e, path)[0] == 4                 # read_raw names the row (no single column is at fault)
    assert "cut short" in e.value.problems[0].expected


def test_duplicated_header(tmp_path, places):
    header, rows = _rows(FIX / "acled_current.csv")
    path = tmp_path / "dup.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header + ["Notes"])
        for r in rows:
            w.writerow([r[h] for h in header] + ["x"])
    with pytest.raises(KzDataError) as e:
        read_acled(path, places=places)
    assert _problem(e, path) == (1, "Notes")


def test_empty_and_missing_files(tmp_path, places):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(KzDataError) as e:
        read_acled(empty, places=places)
    assert _problem(e, empty) == (None, None)
    with pytest.raises(KzDataError) as e:
        read_ucdp_ged(tmp_path / "nope.csv", places=places)
    assert "an existing file" in str(e.value)


def test_zip_must_be_unzipped(tmp_path, places):
    path = tmp_path / "ged231-csv.zip"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(KzDataError) as e:
        read_ucdp_ged(path, places=places)
    assert _problem(e, path) == (None, None) and "unzip" in str(e.value)


def test_xlsx_without_openpyxl_says_what_to_install(tmp_path, places, monkeypatch):
    import importlib.util

    path = tmp_path / "export.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "openpyxl" else real(name, *a))
    with pytest.raises(KzDataError) as e:
        read_acled(path, places=places)
    assert _problem(e, path) == (None, None)
    assert "pip install openpyxl" in str(e.value) and "CSV UTF-8" in str(e.value)


def test_xlsx_rows_are_read_like_csv_rows(tmp_path, places, monkeypatch):
    """With an Excel reader present, the sheet goes through the same checks (Excel dates included)."""
    import importlib.util

    header, rows = _rows(FIX / "acled_current.csv")
    sheet = pd.DataFrame(rows, columns=header).astype(str)
    sheet["event_date"] = sheet["event_date"] + " 00:00:00"      # how pandas renders Excel dates as text
    sheet.loc[2, "time_precision"] = "7"
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object() if name == "openpyxl"
                        else real(name, *a))
    monkeypatch.setattr(pd, "read_excel", lambda *a, **k: sheet.copy())
    with pytest.raises(KzDataError) as e:
        read_acled(path, places=places)
    assert _problem(e, path) == (4, "time_precision")
    sheet.loc[2, "time_precision"] = "1"
    df = read_acled(path, places=places)
    assert list(df["date"].dt.day) == [2, 3, 4, 5, 5, 6, 7, 6, 4]


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="no such country"):
        read_acled(FIX / "acled_current.csv", country="Atlantis")
    with pytest.raises(ValueError, match="country name"):
        read_acled(FIX / "acled_current.csv", country="  ")
    with pytest.raises(ValueError, match="slug"):
        read_acled(FIX / "acled_current.csv", source_id="ACLED export")


# ---------------------------------------------------------------------------------------------
# round trip through the spread and timeline functions


def _spread_and_timeline():
    spread = pytest.importorskip("kzlib.spread", reason="kzlib/spread.py (first_seen) is not written yet")
    timeline = pytest.importorskip("kzlib.timeline", reason="kzlib/timeline.py (daily_counts) is not written yet")
    if not hasattr(spread, "first_seen") or not hasattr(timeline, "daily_counts"):
        pytest.skip("kzlib.spread.first_seen / kzlib.timeline.daily_counts not defined yet")
    return spread.first_seen, timeline.daily_counts


def test_round_trip_first_seen(places):
    first_seen, _ = _spread_and_timeline()
    acled = read_acled(FIX / "acled_current.csv", places=places)
    seen = first_seen(acled, places_for(acled, places))
    got = list(zip(seen["place_id"], seen["first_date"].dt.strftime("%m-%d"), seen["day_offset"], seen["evidence"]))
    # KAZ9006 (Shetpe) is dated to the week only and KAZ9007 is an arrest: neither dates a first day
    assert got == [("zhanaozen", "01-02", 0, "KAZ9001"), ("aktau", "01-03", 1, "KAZ9002"),
                   ("shymkent", "01-04", 2, "KAZ9009"), ("almaty", "01-04", 2, "KAZ9003"),
                   ("talgar", "01-06", 4, "KAZ9008")]
    # a new place gets its coordinates and region from the reader
    seen = first_seen(acled, places_for(acled, places), max_time_precision=None)
    shetpe = seen[seen["place_id"] == "shetpe"].iloc[0]
    assert (shetpe["latitude"], shetpe["longitude"], shetpe["region_id"]) == (44.16, 52.12, "KZ-MAN")
    # without places_for, first_seen finds it from the rows' own latitude/longitude/region_id
    alone = first_seen(acled, places, max_time_precision=None)
    assert alone[alone["place_id"] == "shetpe"][["latitude", "longitude", "region_id"]].iloc[0].tolist() == \
        [44.16, 52.12, "KZ-MAN"]


def test_round_trip_daily_counts(places):
    _, daily_counts = _spread_and_timeline()
    acled = read_acled(FIX / "acled_current.csv", places=places)
    ged = read_ucdp_ged(FIX / "ucdp_ged.csv", places=places)
    d = daily_counts(acled)
    assert list(d["date"].dt.day) == [2, 3, 4, 5, 6, 7] and list(d["events"]) == [1, 1, 2, 2, 1, 1]
    by = daily_counts(acled, by="region_id", places=places_for(acled, places))
    assert by.set_index(by["date"].dt.day)["KZ-MAN"].tolist() == [1, 1, 0, 1, 0, 0]
    assert list(daily_counts(ged)["events"]) == [1, 1]                   # only the day-precise GED rows
    assert daily_counts(ged, max_time_precision=None)["events"].sum() == 5
    both = pd.concat([acled, ged], ignore_index=True)
    t = daily_counts(both, by="event_type", places=places_for(both, places))
    assert t["Battles"].sum() == 1 and t["Violence against civilians"].sum() == 2 and t["Protests"].sum() == 5


# ---------------------------------------------------------------------------------------------
# import cost


def test_import_kzlib_external_stays_light():
    code = ("import sys, kzlib, kzlib.external, kzlib.gazetteer; "
            "bad = [m for m in ('geopandas', 'matplotlib', 'pandera', 'shapely') if m in sys.modules]; "
            "print(bad); raise SystemExit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
