"""Originals and copies: which rows rest only on mirrors, republishers or aggregators.

A source is a *copy* when ``sources.copy_of`` is set: the text was published first by
another outlet (a mirror, a republisher or an aggregator) and we read it second-hand. A
row *rests only on copies* when every one of its sources that is not a seed is a copy.
Seeds (``kind`` = ``seed``, the two articles the project started from) are set aside:
they are neither originals nor copies, and a row citing only seeds is not counted as
resting on copies.

* :func:`copy_ids` — the source ids that are copies;
* :func:`rests_on_copies` — per row of a table, True if it rests only on copies;
* :func:`copy_share` — per table, the number and share of such rows.
"""
from __future__ import annotations

import pandas as pd

from .errors import KzDataError, Problem

__all__ = ["copy_ids", "rests_on_copies", "copy_share"]


def _sources(sources: pd.DataFrame | None) -> pd.DataFrame:
    if sources is None:
        from .load import load_sources

        sources = load_sources()
    missing = [c for c in ("source_id", "kind", "copy_of") if c not in sources.columns]
    if missing:
        raise KzDataError([Problem("sources (DataFrame)", None, c, "(absent)", "a sources.csv column")
                           for c in missing])
    return sources


def copy_ids(sources: pd.DataFrame | None = None) -> set[str]:
    """Return the ``source_id`` of every source whose ``copy_of`` is set (default: sources.csv)."""
    s = _sources(sources)
    copy = s["copy_of"].astype("object").map(lambda v: isinstance(v, str) and v.strip() != "")
    return set(s.loc[copy.to_numpy(dtype=bool), "source_id"].astype(str))


def rests_on_copies(rows: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.Series:
    """For each row of ``rows`` (a frame with ``source_ids``, ``;``-separated), return True if
    every one of its non-seed sources is a copy (see the module docstring), else False.

    Rows that cite only seeds, or no source, are False. The index is that of ``rows``.
    """
    if "source_ids" not in rows.columns:
        raise KzDataError(Problem("rows (DataFrame)", None, "source_ids", "(absent)",
                                  "a ;-separated source_ids column"))
    s = _sources(sources)
    copies = copy_ids(s)
    seeds = set(s.loc[s["kind"].astype("object").eq("seed").to_numpy(dtype=bool), "source_id"].astype(str))

    def only_copies(v: object) -> bool:
        ids = [i.strip() for i in str(v).split(";") if i.strip()] if isinstance(v, str) else []
        rest = [i for i in ids if i not in seeds]
        return bool(rest) and all(i in copies for i in rest)

    return pd.Series([only_copies(v) for v in rows["source_ids"]], index=rows.index, dtype=bool)


def copy_share(tables: dict[str, pd.DataFrame] | None = None,
               sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return, per fact table, how many rows rest only on copies.

    ``tables`` maps a table name to its frame (default: events, measures and casualty_reports
    from data/). Returns a DataFrame with one row per table: ``table``, ``rows``,
    ``only_copies`` (rows resting only on copies), ``share`` (``only_copies / rows``, 0.0 for
    an empty table) and ``row_ids`` (their ids, ``;``-joined, for the curator).
    """
    if tables is None:
        from .load import load_casualty_reports, load_events, load_measures

        tables = {"events": load_events(), "measures": load_measures(),
                  "casualty_reports": load_casualty_reports()}
    s = _sources(sources)
    out = []
    for name, df in tables.items():
        mask = rests_on_copies(df, s)
        idcol = df.columns[0]
        n, k = len(df), int(mask.sum())
        out.append({"table": name, "rows": n, "only_copies": k, "share": k / n if n else 0.0,
                    "row_ids": ";".join(str(v) for v in df.loc[mask.to_numpy(), idcol])})
    return pd.DataFrame(out, columns=["table", "rows", "only_copies", "share", "row_ids"])
