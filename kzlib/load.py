"""Load the curated tables as typed, validated DataFrames.

Each ``load_*`` function takes an optional path (default: the table in
:func:`kzlib.paths.data_dir`), reads it with :func:`kzlib.validate.read_table`, and
checks its references to other tables: ``place_id``, ``region_id``, ``scope`` and
``source_ids`` must exist. The referenced tables are looked up next to the given file
first, then in the data folder. Any problem raises one :class:`~kzlib.KzDataError`
naming file, row, column, value and what was expected.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import paths
from .errors import KzDataError, Problem
from .schema import columns
from .validate import _display, _read_table, read_raw, read_table

__all__ = [
    "load_sources", "load_regions", "load_places", "load_events", "load_measures",
    "load_casualty_reports", "load_all",
]


def _resolve(table: str, path: str | Path | None) -> Path:
    return Path(path) if path is not None else paths.table_path(table)


def _ids(table: str, column: str, near: Path) -> set[str]:
    """Return the ids of a referenced table (next to ``near`` if present, else data_dir)."""
    sibling = near.parent / f"{table}.csv"
    target = sibling if sibling.exists() else paths.table_path(table)
    raw = read_raw(target, [c.name for c in columns(table)], table=table)
    return set(raw[column])


def _check_ref(df: pd.DataFrame, column: str, allowed: set[str], what: str, file: str,
               *, multi: bool = False, coded: tuple[pd.Series, np.ndarray] | None = None) -> list[Problem]:
    """Problems for values of ``column`` (``;``-separated if ``multi``) not in ``allowed``.

    ``coded`` (the column's typed distinct values and each row's code, as read_table has them)
    spares hashing the rows again."""
    if coded is not None:
        view, codes = coded
        uniq = view.astype(object).to_numpy()
    else:
        codes, uniq = pd.factorize(df[column], use_na_sentinel=True)
    missing_u = []
    for u in uniq:
        if u is None or u is pd.NA:
            missing_u.append("")
            continue
        items = [x for x in str(u).split(";") if x] if multi else [str(u)]
        missing_u.append(";".join(x for x in items if x not in allowed))
    missing_u = np.array(missing_u, dtype=object)
    bad_u = missing_u != ""
    out = []
    if bad_u.any():
        safe = np.where(codes >= 0, codes, 0)
        rows = np.flatnonzero(bad_u[safe] & (codes >= 0))
        for i in rows:
            out.append(Problem(file, int(i) + 2, column, missing_u[codes[i]], what))
    return out


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise KzDataError(problems)


def load_sources(path: str | Path | None = None) -> pd.DataFrame:
    """Load sources.csv: one row per published document cited by the data."""
    return read_table("sources", _resolve("sources", path))


def load_regions(path: str | Path | None = None, *, check_refs: bool = True) -> pd.DataFrame:
    """Load regions.csv: the 17 first-level units of January 2022 (admin centres must be places)."""
    p = _resolve("regions", path)
    df = read_table("regions", p)
    if check_refs:
        _raise(_check_ref(df, "admin_centre", _ids("places", "place_id", p),
                          "a place_id of places.csv", _display(p)))
    return df


def load_places(path: str | Path | None = None, *, check_refs: bool = True) -> pd.DataFrame:
    """Load places.csv: the gazetteer (coordinates inside Kazakhstan, regions resolve)."""
    p = _resolve("places", path)
    df = read_table("places", p)
    if check_refs:
        _raise(_check_ref(df, "region_id", _ids("regions", "region_id", p),
                          "a region_id of regions.csv (January-2022 ISO code such as KZ-MAN)", _display(p)))
    return df


def _scope_ids(p: Path) -> set[str]:
    return {"national"} | _ids("regions", "region_id", p) | _ids("places", "place_id", p)


def load_events(path: str | Path | None = None, *, check_refs: bool = True) -> pd.DataFrame:
    """Load events.csv: one row per thing that happened at one place on one local date.

    Returns the typed frame (see :func:`kzlib.validate.read_table`); places and sources
    must resolve.
    """
    p = _resolve("events", path)
    df, views = _read_table("events", p)
    if check_refs:
        f = _display(p)
        _raise(_check_ref(df, "place_id", _ids("places", "place_id", p), "a place_id of places.csv", f,
                          coded=views["place_id"])
               + _check_ref(df, "source_ids", _ids("sources", "source_id", p),
                            "source ids listed in sources.csv", f, multi=True, coded=views["source_ids"]))
    return df


def load_measures(path: str | Path | None = None, *, check_refs: bool = True) -> pd.DataFrame:
    """Load measures.csv: state measures and outside actions over an interval and an area."""
    p = _resolve("measures", path)
    df = read_table("measures", p)
    if check_refs:
        f = _display(p)
        _raise(_check_ref(df, "scope", _scope_ids(p), "'national', a region_id or a place_id", f)
               + _check_ref(df, "source_ids", _ids("sources", "source_id", p),
                            "source ids listed in sources.csv", f, multi=True))
    return df


def load_casualty_reports(path: str | Path | None = None, *, check_refs: bool = True) -> pd.DataFrame:
    """Load casualty_reports.csv: each casualty or detention figure as published, on its day."""
    p = _resolve("casualty_reports", path)
    df = read_table("casualty_reports", p)
    f = _display(p)
    problems = _check_ref(df, "revises", set(df["report_id"].dropna()), "a report_id of this file", f)
    if check_refs:
        problems += _check_ref(df, "scope", _scope_ids(p), "'national', a region_id or a place_id", f)
        problems += _check_ref(df, "source_ids", _ids("sources", "source_id", p),
                               "source ids listed in sources.csv", f, multi=True)
    _raise(problems)
    return df


def load_all() -> dict[str, pd.DataFrame]:
    """Load every table from the data folder: ``{"sources": ..., "events": ..., ...}``."""
    return {
        "sources": load_sources(), "regions": load_regions(), "places": load_places(),
        "events": load_events(), "measures": load_measures(),
        "casualty_reports": load_casualty_reports(),
    }
