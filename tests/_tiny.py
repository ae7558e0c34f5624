"""Tiny hand-written tables for the validate tests: one valid row per table, changed per test."""
from __future__ import annotations

from pathlib import Path

from kzlib import KzDataError
from kzlib.schema import columns
from kzlib.validate import read_table

from _util import render_csv

#: One valid row of each table (ids are numbered per row by :func:`write`).
BASE: dict[str, dict[str, str]] = {
    "sources": {"source_id": "s1", "publisher": "P", "title": "T", "url": "https://x.kz/a",
                "published": "2022-01-05", "language": "en", "kind": "news", "accessed": "2026-11-23",
                "copy_of": "", "notes": ""},
    "regions": {"region_id": "KZ-MAN", "iso_code_current": "KZ-47", "name": "Mangystau Region",
                "alt_names": "", "kind": "region", "admin_centre": "aktau", "tz": "Asia/Aqtau"},
    "places": {"place_id": "aktau", "name": "Aktau", "alt_names": "", "kind": "city", "region_id": "KZ-MAN",
               "latitude": "43.66", "longitude": "51.17", "population": "147443", "geonames_id": "610612",
               "notes": ""},
    "events": {"event_id": "E1", "date": "2022-01-02", "time": "", "time_precision": "1",
               "place_id": "zhanaozen", "geo_precision": "1", "event_type": "Protests",
               "sub_event_type": "Peaceful protest", "actor1": "Protesters", "actor2": "", "size_text": "",
               "size_low": "", "size_high": "", "fatalities_text": "", "fatalities_low": "",
               "fatalities_high": "", "description": "d", "source_ids": "s1", "first_reported": "true",
               "same_event_as": "", "notes": ""},
    "measures": {"measure_id": "M1", "measure": "curfew", "level": "", "scope": "KZ-MAN",
                 "start": "2022-01-05", "start_time": "", "end": "", "end_time": "", "description": "d",
                 "source_ids": "s1", "notes": ""},
    "casualty_reports": {"report_id": "C1", "report_date": "2022-01-05", "as_of": "",
                         "reporting_body": "MVD", "metric": "killed", "population": "all", "scope": "national",
                         "value_text": "95", "value_low": "95", "value_high": "95", "retracted": "false",
                         "revises": "", "source_ids": "s1", "notes": ""},
}


def _ids(table: str, i: int) -> dict[str, str]:
    """Distinct values of the unique columns for row ``i`` (0-based)."""
    return {
        "sources": {"source_id": f"s{i + 1}"},
        "regions": {"region_id": f"KZ-A{chr(65 + i)}{chr(65 + i)}", "iso_code_current": f"KZ-{10 + i}",
                    "name": f"Region {i + 1}"},
        "places": {"place_id": f"p{i + 1}", "geonames_id": str(1000 + i)},
        "events": {"event_id": f"E{i + 1}"},
        "measures": {"measure_id": f"M{i + 1}"},
        "casualty_reports": {"report_id": f"C{i + 1}"},
    }[table]


def text(table: str, rows: list[dict[str, str]]) -> str:
    """CSV text of ``table`` whose rows are the base row with each dict's changes."""
    names = [c.name for c in columns(table)]
    full = [{**BASE[table], **_ids(table, i), **change} for i, change in enumerate(rows)]
    return render_csv([names] + [[row[n] for n in names] for row in full])


def write(folder: Path, table: str, rows: list[dict[str, str]]) -> Path:
    """Write the table's CSV into ``folder`` and return its path."""
    path = folder / f"{table}.csv"
    path.write_text(text(table, rows), encoding="utf-8")
    return path


def problems(table: str, path: Path) -> list[tuple]:
    """``(row, column, value, expected)`` of every problem read_table raises (none: fails)."""
    try:
        read_table(table, path)
    except KzDataError as e:
        assert all(p.file == str(path) for p in e.problems), e.problems
        return [(p.row, p.column, p.value, p.expected) for p in e.problems]
    raise AssertionError(f"{table}: no problem raised")


def load(folder: Path, table: str, rows: list[dict[str, str]]):
    """read_table on the written table."""
    return read_table(table, write(folder, table, rows))


def check(folder: Path, table: str, rows: list[dict[str, str]]) -> list[tuple]:
    """The problems of the written table."""
    return problems(table, write(folder, table, rows))
