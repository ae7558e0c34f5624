"""Tiny made-up ACLED and UCDP GED exports for the reader tests (tests/test_external_*.py).

Each builder takes a list of per-row overrides on a default row and writes a CSV in the
real column order of that layout; cells are strings, "NA" or "" as the exports write them.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from kzlib import load_regions
from kzlib.external import ACLED_API, ACLED_CURRENT, GED_COLUMNS
from kzlib.gazetteer import places_frame
from kzlib.schema import columns

# the columns every reader output has (the events schema, then the readers' two approx flags)
TYPED = [c.name for c in columns("events")] + ["size_approx", "fatalities_approx"]

# A gazetteer built here, so the tests do not follow data/places.csv as it grows.
GAZ = [
    ("zhanaozen", "Zhanaozen", "Janaozen;Zhangaozen", "city", "KZ-MAN", 43.34116, 52.86192),
    ("aktau", "Aktau", "Aqtau", "city", "KZ-MAN", 43.66105, 51.17392),
    ("almaty", "Almaty", "Alma-Ata", "city", "KZ-ALA", 43.25249, 76.9115),
    ("talgar", "Talgar", None, "town", "KZ-ALM", 43.30235, 77.23811),
    ("kostanay", "Kostanay", "Qostanay", "city", "KZ-KUS", 53.21435, 63.62463),
    ("pavlodar", "Pavlodar", None, "city", "KZ-PAV", 52.27601, 76.96881),
]


def gazetteer() -> pd.DataFrame:
    return places_frame([dict(place_id=p, name=n, alt_names=a, kind=k, region_id=r, latitude=la, longitude=lo,
                              population=None, geonames_id=None, notes=None) for p, n, a, k, r, la, lo in GAZ])



@pytest.fixture(scope="module")
def places() -> pd.DataFrame:
    """The made-up gazetteer, once per test module (import it into the test file to use it)."""
    return gazetteer()


@pytest.fixture(scope="module")
def regions() -> pd.DataFrame:
    """kzlib's regions table, once per test module."""
    return load_regions()

CURRENT = dict(
    event_id_cnty="KAZ1", event_date="2022-01-04", year="2022", time_precision="1", disorder_type="Demonstrations",
    event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Kazakhstan)", assoc_actor_1="NA",
    inter1="Protesters", actor2="NA", assoc_actor_2="NA", inter2="NA", interaction="Protesters only",
    civilian_targeting="NA", iso="398", region="Caucasus and Central Asia", country="Kazakhstan", admin1="Mangistau",
    admin2="NA", admin3="NA", location="Zhanaozen", latitude="43.34116", longitude="52.86192", geo_precision="1",
    source="Wire A", source_scale="National", notes="Made-up row.", fatalities="0", tags="NA",
    timestamp="1700000001")

API = dict(
    data_id="8800001", iso="398", event_id_cnty="KAZ1", event_id_no_cnty="1", event_date="4-Jan-22", year="2022",
    time_precision="1", event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Kazakhstan)",
    assoc_actor_1="NA", inter1="6", actor2="NA", assoc_actor_2="NA", inter2="0", interaction="60",
    region="Caucasus and Central Asia", country="Kazakhstan", admin1="Mangistau", admin2="NA", admin3="NA",
    location="Zhanaozen", latitude="43.34116", longitude="52.86192", geo_precision="1", source="Wire A",
    source_scale="National", notes="Made-up row.", fatalities="0", timestamp="1641500000", iso3="KAZ")

GED = dict(
    id="900001", relid="KAZ-2022-3-1", year="2022", active_year="1", code_status="Clear", type_of_violence="3",
    conflict_dset_id="9001", conflict_new_id="9001", conflict_name="Government of Kazakhstan - Civilians",
    dyad_dset_id="9101", dyad_new_id="9101", dyad_name="Government of Kazakhstan - Civilians", side_a_dset_id="90",
    side_a_new_id="90", side_a="Government of Kazakhstan", side_b_dset_id="1", side_b_new_id="1",
    side_b="Civilians", number_of_sources="1", source_article="Wire A, 2022-01-06", source_office="Wire A",
    source_date="2022-01-06", source_headline="Headline", source_original="Witness", where_prec="1",
    where_coordinates="Zhanaozen town", where_description="square", adm_1="Mangystau province", adm_2="",
    latitude="43.34116", longitude="52.86192", geom_wkt="POINT (52.86192 43.34116)", priogrid_gid="190001",
    country="Kazakhstan", country_id="705", region="Asia", event_clarity="1", date_prec="1",
    date_start="2022-01-05 00:00:00.000", date_end="2022-01-05 00:00:00.000", deaths_a="0", deaths_b="0",
    deaths_civilians="2", deaths_unknown="0", best="2", high="2", low="2", gwnoa="705", gwnob="")


def write(path: Path, header, rows: list[dict], *, encoding: str = "utf-8") -> Path:
    """Write rows (dicts) under ``header`` as a CSV."""
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(list(header))
        for r in rows:
            w.writerow([r.get(h, "") for h in header])
    return path


def rows_of(default: dict, changes: list[dict]) -> list[dict]:
    return [dict(default, **c) for c in changes]


def acled_current(path: Path, changes: list[dict], header=ACLED_CURRENT) -> Path:
    return write(path, header, rows_of(CURRENT, changes))


def acled_api(path: Path, changes: list[dict], header=ACLED_API) -> Path:
    return write(path, header, rows_of(API, changes))


def ged(path: Path, changes: list[dict], header=GED_COLUMNS) -> Path:
    return write(path, header, rows_of(GED, changes))


def values(s) -> list:
    """A column as plain Python values (None for missing, dates as ISO text)."""
    out = []
    for v in s:
        if v is None or v is pd.NA or (isinstance(v, float) and v != v) or v is pd.NaT:
            out.append(None)
        elif isinstance(v, pd.Timestamp):
            out.append(v.date().isoformat())
        elif hasattr(v, "item"):
            out.append(v.item())
        else:
            out.append(v)
    return out


def table(df: pd.DataFrame, cols: list[str]) -> list[tuple]:
    """Rows of ``df[cols]`` as tuples of plain values."""
    return list(zip(*[values(df[c]) for c in cols]))


def problems(exc) -> list[tuple]:
    """(file name, row, column, value, expected) of every problem of a KzDataError."""
    return [(Path(p.file).name, p.row, p.column, p.value, p.expected) for p in exc.value.problems]
