"""The bad-input table in data/README.md: each class re-created here, its message checked.

Each case breaks a copy of the shipped data and loads it; the message, with the scratch
folder shown as ``data/``, must equal the table's cell word for word.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import kzlib
from kzlib import KzDataError, paths

from _util import edit_csv


def _replace(f: Path, old: str, new: str, count: int = 1) -> None:
    f.write_text(f.read_text(encoding="utf-8").replace(old, new, count), encoding="utf-8")


def _cut_row(f: Path, row: int, keep: int) -> None:
    lines = f.read_text(encoding="utf-8").splitlines()
    lines[row - 1] = ",".join(lines[row - 1].split(",")[:keep])
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")


CASES = {
    "missing file": ("events", lambda d: (d / "events.csv").unlink()),
    "empty file": ("events", lambda d: (d / "events.csv").write_text("")),
    "not UTF-8": ("places", lambda d: (d / "places.csv").write_bytes(
        (d / "places.csv").read_bytes().replace("Жаңаөзен".encode(), "Жаңаөзен".encode("cp1251", "replace"), 1))),
    "wrong delimiter": ("regions", lambda d: _replace(d / "regions.csv", ",", ";", -1)),
    "missing column": ("places", lambda d: _replace(d / "places.csv", ",population,", ",pop,")),
    "unknown column": ("regions", lambda d: _replace(d / "regions.csv", "tz\n", "tz,comment\n")),
    "duplicated column": ("regions", lambda d: _replace(d / "regions.csv", ",tz\n", ",name\n")),
    "row cut short": ("regions", lambda d: _cut_row(d / "regions.csv", 4, 4)),
    "bad date": ("events", lambda d: edit_csv(d / "events.csv", 3, "date", "05/01/2022")),
    "date outside the window": ("events", lambda d: edit_csv(d / "events.csv", 2, "date", "2019-01-02")),
    "bad time": ("measures", lambda d: edit_csv(d / "measures.csv", 2, "start_time", "25:00")),
    "end before start": ("measures", lambda d: (edit_csv(d / "measures.csv", 2, "end", "2022-01-01"),
                                                edit_csv(d / "measures.csv", 2, "end_time", ""))),
    "not a number": ("places", lambda d: edit_csv(d / "places.csv", 2, "population", "many")),
    "value not allowed": ("events", lambda d: edit_csv(d / "events.csv", 2, "event_type", "Protest")),
    "sub-type of another type": ("events", lambda d: edit_csv(d / "events.csv", 3, "sub_event_type", "Armed clash")),
    "figure words not understood": ("events", lambda d: edit_csv(d / "events.csv", 4, "size_text", "a lot")),
    "range disagrees with its words": ("casualty_reports", lambda d: edit_csv(d / "casualty_reports.csv", 2,
                                                                             "value_low", "150")),
    "unknown place": ("events", lambda d: edit_csv(d / "events.csv", 7, "place_id", "atlantis")),
    "unknown source": ("measures", lambda d: edit_csv(d / "measures.csv", 5, "source_ids", "no-such-source")),
    "duplicate id": ("events", lambda d: edit_csv(d / "events.csv", 3, "event_id", "E0001")),
    "coordinates outside Kazakhstan": ("places", lambda d: edit_csv(d / "places.csv", 3, "longitude", "2.35")),
    "missing URL": ("sources", lambda d: edit_csv(d / "sources.csv", 4, "url", "")),
    "not true/false": ("events", lambda d: edit_csv(d / "events.csv", 6, "first_reported", "yes")),
    "account of itself": ("events", lambda d: edit_csv(d / "events.csv", 5, "same_event_as", "E0004")),
    "account of a missing event": ("events", lambda d: edit_csv(d / "events.csv", 5, "same_event_as", "E9999")),
    "account of an account": ("events", lambda d: edit_csv(d / "events.csv", 7, "same_event_as", "E0004")),
    "account at another place": ("events", lambda d: edit_csv(d / "events.csv", 2, "same_event_as", "E0003")),
    "account days apart": ("events", lambda d: (edit_csv(d / "events.csv", 5, "date", "2022-01-06"))),
    "copy of an unknown source": ("sources", lambda d: edit_csv(d / "sources.csv", 3, "copy_of", "no-such-source")),
}

LOADERS = {"events": kzlib.load_events, "measures": kzlib.load_measures, "places": kzlib.load_places,
           "regions": kzlib.load_regions, "sources": kzlib.load_sources,
           "casualty_reports": kzlib.load_casualty_reports}


def message(name: str, data_copy: Path) -> str:
    """Break the copy as case ``name`` says, load it, and return the message shown as data/."""
    table, breaker = CASES[name]
    breaker(data_copy)
    with pytest.raises(KzDataError) as e:
        LOADERS[table](data_copy / f"{table}.csv")
    return str(e.value).replace(str(data_copy), "data")


def readme_table() -> dict[str, str]:
    text = (paths.data_dir() / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- bad-input-table -->", 2)[1]
    rows = {}
    for line in block.splitlines():
        m = re.match(r"^\| (.+?) \| `(.+)` \|$", line)
        if m:
            rows[m.group(1)] = m.group(2).replace("\\|", "|").replace("<br>", "\n")
    return rows


def test_table_lists_at_least_15_classes_all_tested():
    rows = readme_table()
    assert len(rows) >= 15
    assert set(rows) == set(CASES)


@pytest.mark.parametrize("name", list(CASES))
def test_message_matches_the_table(name, data_copy):
    assert message(name, data_copy) == readme_table()[name]
