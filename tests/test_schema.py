"""kzlib.schema: the one specification of the tables' columns, and the pandera schema built from it.

Frames are built here by hand from each column's documented ``example`` (no shipped data), then
broken one rule at a time: each rule of the specification must reject its own break.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import pandera.errors as pae
import pytest

from kzlib import schema
from kzlib.schema import TABLE_ORDER, TABLES, Column, columns, pandera_schema


# --------------------------------------------------------------------------- allowed_text
@pytest.mark.parametrize("col,text", [
    (Column("c", "category", "", "", allowed=("a", "b", 3)), "a, b, 3"),
    # allowed values win over every other rule
    (Column("c", "int", "", "", allowed=(1, 2), bounds=(0, 9), ref="t.c", pattern="^x$"), "1, 2"),
    (Column("d", "date", "", "", bounds=(date(2022, 1, 1), date(2022, 12, 31))),
     "YYYY-MM-DD from 2022-01-01 to 2022-12-31"),
    (Column("d", "date", "", ""), "YYYY-MM-DD"),
    (Column("d", "date", "", "", bounds=(None, date(2022, 12, 31))), "YYYY-MM-DD"),
    (Column("t", "time", "", "", pattern="^x$"), "HH:MM (24 h, local)"),
    (Column("b", "bool", "", "", ref="t.c"), "true, false"),
    (Column("n", "float", "", "", bounds=(40.5, 55.5), ref="t.c", pattern="^x$"), "40.5 to 55.5"),
    (Column("r", "id", "", "", ref="places.place_id", pattern="^x$"), "a value of places.place_id"),
    (Column("p", "str", "", "", pattern=r"^[a-z]{2}$"), "matching ^[a-z]{2}$"),
    (Column("x", "text", "", ""), "text"),
])
def test_allowed_text_names_the_rule_that_applies(col, text):
    assert col.allowed_text() == text


def test_allowed_text_of_shipped_columns():
    spec = {c.name: c for c in columns("events")}
    assert spec["date"].allowed_text() == "YYYY-MM-DD from 2022-01-01 to 2022-12-31"
    assert spec["time_precision"].allowed_text() == "1, 2, 3"
    assert spec["place_id"].allowed_text() == "a value of places.place_id"
    assert spec["event_id"].allowed_text() == "matching ^[A-Za-z0-9][A-Za-z0-9_-]*$"


# --------------------------------------------------------------------------- columns
def test_columns_returns_the_table_and_names_the_known_ones():
    for table in TABLE_ORDER:
        assert columns(table) is TABLES[table]
    with pytest.raises(KeyError) as e:
        columns("protests")
    assert e.value.args[0] == ("unknown table 'protests'; known: sources, regions, places, events, "
                               "measures, casualty_reports")


def test_every_table_with_rows_from_sources_has_the_same_source_ids_column():
    expected = Column("source_ids", "idlist", "Sources of the row, `;`-separated; each in sources.csv.",
                      "kazinform-2022-01-05-mvd;seed-afp-timeline-2022-01-07", ref="sources.source_id")
    assert schema._src() == expected            # the one definition the three tables share
    for table in ("events", "measures", "casualty_reports"):
        spec = {c.name: c for c in columns(table)}
        assert spec["source_ids"] == expected
        assert spec["source_ids"].required and spec["source_ids"].allowed_text() == "a value of sources.source_id"


def test_acled_vocabulary_is_read_from_the_shipped_file():
    vocab = schema.acled_event_types()
    assert sorted(vocab) == ["Battles", "Explosions/Remote violence", "Protests", "Riots",
                             "Strategic developments", "Violence against civilians"]
    assert vocab["Protests"] == ("Peaceful protest", "Protest with intervention",
                                 "Excessive force against protesters")


# --------------------------------------------------------------------------- pandera_schema
def _typed(col: Column, values: list) -> pd.Series:
    """A column of the typed frame, as kzlib's loaders give it."""
    if col.kind == "date":
        return pd.Series(pd.to_datetime(values), dtype="datetime64[ns]")
    if col.kind in ("int", "range"):
        return pd.Series([None if v in ("", None) else int(v) for v in values], dtype="Int64")
    if col.kind == "float":
        return pd.Series([float(v) for v in values], dtype="float64")
    if col.kind == "bool":
        return pd.Series([v == "true" for v in values], dtype="bool")
    return pd.Series([None if v == "" else v for v in values], dtype="string")


#: a second valid value for each column that must be unique
_OTHER = {"source_id": "tass-2022-01-05-govt-resignation", "region_id": "KZ-AKM", "iso_code_current": "KZ-11",
          "name": "Akmola Region", "place_id": "aktau", "geonames_id": "610612", "event_id": "E0002",
          "measure_id": "M0002", "report_id": "C0002"}


def example_frame(table: str, n: int = 1) -> pd.DataFrame:
    """``n`` (1 or 2) rows made of each column's documented example; unique columns get another
    valid value in the second row."""
    data = {}
    for col in columns(table):
        values = [col.example, _OTHER[col.name] if col.unique else col.example][:n]
        data[col.name] = _typed(col, values)
    return pd.DataFrame(data)


def _rejects(table: str, frame: pd.DataFrame) -> None:
    with pytest.raises((pae.SchemaError, pae.SchemaErrors)):
        pandera_schema(table).validate(frame)


@pytest.mark.parametrize("table", TABLE_ORDER)
def test_each_columns_example_passes_the_schema(table):
    """Every documented example is a valid value: this holds the dtype of each kind, every
    check and the nullability of optional columns (several examples are empty)."""
    frame = example_frame(table, n=2)
    out = pandera_schema(table).validate(frame)
    assert list(out.columns) == [c.name for c in columns(table)]
    assert out.dtypes.astype(str).tolist() == frame.dtypes.astype(str).tolist()


#: the dtype of each kind of column in the typed frames (what the loaders return)
DTYPES = {"id": "string", "str": "string", "text": "string", "figure": "string", "idlist": "string",
          "time": "string", "category": "string", "date": "datetime64[ns]", "int": "Int64", "range": "Int64",
          "float": "float64", "bool": "bool"}


def test_the_schema_has_one_column_per_spec_in_order_strict_and_not_coercing():
    for table in TABLE_ORDER:
        s = pandera_schema(table)
        assert list(s.columns) == [c.name for c in columns(table)]
        assert s.strict is True and s.ordered is True
        for c in columns(table):
            assert s.columns[c.name].dtype.type == pd.api.types.pandas_dtype(DTYPES[c.kind]), (table, c.name)
            assert s.columns[c.name].nullable is (not c.required), (table, c.name)
            assert s.columns[c.name].unique is c.unique, (table, c.name)
            assert s.columns[c.name].coerce is False


def test_an_extra_or_a_reordered_column_is_rejected():
    frame = example_frame("places")
    _rejects("places", frame.assign(extra=1))
    _rejects("places", frame[list(frame.columns[::-1])])


def test_a_wrong_dtype_is_not_coerced():
    frame = example_frame("places")
    _rejects("places", frame.astype({"population": "float64"}))
    _rejects("places", frame.astype({"latitude": "object"}))


def test_required_columns_refuse_missing_values_and_optional_ones_accept_them():
    frame = example_frame("places", n=2)
    missing_name = frame.copy()
    missing_name.loc[1, "name"] = pd.NA
    _rejects("places", missing_name)
    no_population = frame.copy()
    no_population.loc[1, "population"] = pd.NA
    pandera_schema("places").validate(no_population)


def test_unique_columns_refuse_duplicates():
    frame = example_frame("places", n=2)
    _rejects("places", frame.assign(place_id=["zhanaozen", "zhanaozen"]))
    _rejects("places", frame.assign(geonames_id=pd.array([607610, 607610], dtype="Int64")))
    # a column that need not be unique may repeat
    pandera_schema("places").validate(frame.assign(region_id=["KZ-MAN", "KZ-MAN"]))


def test_allowed_values_patterns_and_bounds_are_checked():
    places = example_frame("places")
    _rejects("places", places.assign(kind=pd.array(["hamlet"], dtype="string")))           # allowed
    _rejects("places", places.assign(place_id=pd.array(["Zhanaozen"], dtype="string")))    # id pattern
    _rejects("places", places.assign(latitude=[60.0]))                                     # float bounds
    _rejects("places", places.assign(longitude=[46.3]))
    _rejects("places", places.assign(population=pd.array([-1], dtype="Int64")))            # int bounds
    # the bounds are inclusive
    pandera_schema("places").validate(places.assign(latitude=[40.5], longitude=[87.4],
                                                    population=pd.array([0], dtype="Int64")))
    sources = example_frame("sources")
    _rejects("sources", sources.assign(language=pd.array(["eng"], dtype="string")))        # str pattern
    _rejects("sources", sources.assign(published=pd.to_datetime(["2020-12-31"])))        # date bounds
    pandera_schema("sources").validate(sources.assign(published=pd.to_datetime(["2021-01-01"])))
    pandera_schema("sources").validate(sources.assign(published=pd.to_datetime(["2026-12-31"])))
    _rejects("sources", sources.assign(published=pd.to_datetime(["2027-01-01"])))


def test_range_columns_are_non_negative_and_text_is_not_pattern_checked():
    events = example_frame("events")
    pandera_schema("events").validate(events.assign(size_low=pd.array([0], dtype="Int64")))
    _rejects("events", events.assign(size_low=pd.array([-1], dtype="Int64")))
    _rejects("events", events.assign(event_type=pd.array(["Parade"], dtype="string")))
    _rejects("events", events.assign(time_precision=pd.array([4], dtype="Int64")))
    # text, idlist and figure columns carry no pattern check: any text passes
    pandera_schema("events").validate(events.assign(description=pd.array(["  §§ anything "], dtype="string")))
