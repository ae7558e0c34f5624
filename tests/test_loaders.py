"""Every loader on the shipped data returns the documented, typed frame."""
import pandas as pd
import pytest

import kzlib
from kzlib.schema import TABLES

LOADERS = {
    "sources": kzlib.load_sources, "regions": kzlib.load_regions, "places": kzlib.load_places,
    "events": kzlib.load_events, "measures": kzlib.load_measures,
    "casualty_reports": kzlib.load_casualty_reports,
}


@pytest.mark.parametrize("table", list(LOADERS))
def test_loader_returns_documented_columns_and_types(table):
    df = LOADERS[table]()
    assert len(df) > 0
    spec = TABLES[table]
    assert list(df.columns[: len(spec)]) == [c.name for c in spec]
    for c in spec:
        dtype = df[c.name].dtype
        if c.kind == "date":
            assert pd.api.types.is_datetime64_dtype(dtype), c.name
        elif c.kind == "category":
            assert isinstance(dtype, pd.CategoricalDtype), c.name
            assert list(dtype.categories) == list(c.allowed), c.name
        elif c.kind in ("int", "range"):
            assert dtype == "Int64", c.name
        elif c.kind == "bool":
            assert dtype == bool, c.name
        elif c.kind == "float":
            assert dtype == "float64", c.name
        else:
            assert dtype == "string", c.name


def test_loader_accepts_explicit_path(data_copy):
    df = kzlib.load_events(data_copy / "events.csv")
    assert df["event_id"].tolist() == kzlib.load_events()["event_id"].tolist()


def test_figure_columns_get_approx_flag():
    reports = kzlib.load_casualty_reports()
    assert reports["value_approx"].dtype == "boolean"
    dozens = reports[reports["value_text"] == "dozens"].iloc[0]
    assert (dozens["value_low"], dozens["value_high"]) == (24, 99)


def test_load_all_has_every_table():
    assert set(kzlib.load_all()) == set(TABLES)


def test_data_dir_env_override(data_copy, monkeypatch):
    monkeypatch.setenv("KZLIB_DATA_DIR", str(data_copy))
    assert kzlib.paths.data_dir() == data_copy.resolve()
    assert len(kzlib.load_places()) == len(pd.read_csv(data_copy / "places.csv"))
