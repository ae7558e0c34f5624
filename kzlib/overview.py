"""What is in the data: row counts, rows by region and day, and dated chronologies.

These functions take the typed frames of :mod:`kzlib.load` and return plain DataFrames
for notebook 01 and the coverage section of data/README.md.
"""
from __future__ import annotations

import pandas as pd

MEASURE_LABELS: dict[str, str] = {
    "state_of_emergency": "State of emergency", "curfew": "Curfew",
    "internet_shutdown": "Internet shutdown", "messenger_block": "Messengers blocked",
    "counter_terrorist_operation": "Counter-terrorist operation regime",
    "foreign_deployment": "CSTO deployment", "foreign_assistance_request": "Request to the CSTO",
    "price_cap": "Fuel price cap", "export_ban": "Food export ban",
    "government_resignation": "Government dismissed", "leadership_change": "Leadership change",
    "shoot_to_kill_order": "'Shoot to kill' order", "day_of_mourning": "Day of mourning",
    "amnesty": "Amnesty", "bank_suspension": "Banks suspended", "foreign_statement": "Foreign statement",
    "other": "Other measure",
}


def shorten(text: object, width: int = 90) -> str:
    """Return ``text`` cut at a word boundary to at most ``width`` characters (with '…')."""
    t = "" if pd.isna(text) else " ".join(str(text).split())
    if len(t) <= width:
        return t.rstrip(".")
    return t[: width - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def rows_citing(df: pd.DataFrame, source_ids: set[str]) -> pd.Series:
    """Return a boolean mask of rows whose ``source_ids`` cite any of ``source_ids``."""
    return df["source_ids"].fillna("").str.split(";").map(lambda ids: bool(set(ids) & source_ids))


def scope_name(scope: pd.Series, regions: pd.DataFrame, places: pd.DataFrame) -> pd.Series:
    """Name a ``scope`` column: 'Kazakhstan' for national, else the region or place name."""
    names = {"national": "Kazakhstan"}
    names.update(dict(zip(regions["region_id"], regions["name"])))
    names.update(dict(zip(places["place_id"], places["name"])))
    return scope.map(lambda s: names.get(s, s))


def chronology(events: pd.DataFrame, measures: pd.DataFrame, reports: pd.DataFrame,
               places: pd.DataFrame, regions: pd.DataFrame,
               source_ids: set[str] | None = None) -> pd.DataFrame:
    """Return one dated line per row of the three fact tables, in date order.

    Accepts the typed events, measures and casualty_reports frames plus places and
    regions for names; with ``source_ids``, keeps only rows citing one of them (e.g.
    the seed articles). Returns columns ``date, table, id, where, label, source_ids``
    where ``label`` is a short English line built from the row's own columns.
    """
    if source_ids is not None:
        events = events[rows_citing(events, source_ids)]
        measures = measures[rows_citing(measures, source_ids)]
        reports = reports[rows_citing(reports, source_ids)]
    pname = dict(zip(places["place_id"], places["name"]))
    ev = pd.DataFrame({
        "date": events["date"], "table": "events", "id": events["event_id"],
        "where": events["place_id"].map(pname),
        "label": events["description"].map(shorten)
        + events["size_text"].map(lambda s: "" if pd.isna(s) else f" [crowd: {s}]"),
        "source_ids": events["source_ids"],
    })
    me = pd.DataFrame({
        "date": measures["start"], "table": "measures", "id": measures["measure_id"],
        "where": scope_name(measures["scope"], regions, places),
        "label": [shorten(d) if m in ("foreign_statement", "other", "bank_suspension") else
                  MEASURE_LABELS[m] + ("" if pd.isna(lv) else f" ({lv})")
                  for m, lv, d in zip(measures["measure"].astype(str), measures["level"],
                                      measures["description"])],
        "source_ids": measures["source_ids"],
    })
    cr = pd.DataFrame({
        "date": reports["report_date"], "table": "casualty_reports", "id": reports["report_id"],
        "where": scope_name(reports["scope"], regions, places),
        "label": reports["value_text"].astype(str) + " " + reports["metric"].astype(str).str.replace("_", " ")
        + reports["population"].astype(str).map(lambda p: "" if p == "all" else f" ({p.replace('_', ' ')})")
        + reports["retracted"].map(lambda r: " [retracted]" if r else ""),
        "source_ids": reports["source_ids"],
    })
    parts = [p for p in (ev, me, cr) if len(p)]
    if not parts:
        return pd.DataFrame(columns=["date", "table", "id", "where", "label", "source_ids"])
    out = pd.concat(parts, ignore_index=True)
    order = {"events": 0, "measures": 1, "casualty_reports": 2}
    out["_o"] = out["table"].map(order)
    return out.sort_values(["date", "_o", "id"]).drop(columns="_o").reset_index(drop=True)


def table_counts(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Return rows per table and, for fact tables, the distinct sources they cite."""
    rows = []
    for name, df in tables.items():
        cited = (df["source_ids"].dropna().str.split(";").explode().nunique()
                 if "source_ids" in df else pd.NA)
        rows.append({"table": name, "rows": len(df), "sources_cited": cited})
    return pd.DataFrame(rows)


def events_by_region_day(events: pd.DataFrame, places: pd.DataFrame, regions: pd.DataFrame,
                         start: str = "2022-01-01", end: str = "2022-01-19") -> pd.DataFrame:
    """Return a region × day matrix of event counts (all 17 units, every day, zero-filled).

    Each event is counted once: alternative accounts (``same_event_as``) are left out.
    """
    from .spread import alternative_mask

    events = events[~alternative_mask(events)]
    region_of = dict(zip(places["place_id"], places["region_id"]))
    days = pd.date_range(start, end, freq="D")
    ev = events.assign(region_id=events["place_id"].map(region_of))
    ev = ev[(ev["date"] >= days[0]) & (ev["date"] <= days[-1])]
    m = pd.crosstab(ev["region_id"], ev["date"]).reindex(index=list(regions["region_id"]),
                                                         columns=days, fill_value=0)
    m.index = m.index.map(dict(zip(regions["region_id"], regions["name"])))
    m.index.name = "region"
    m.columns = [d.strftime("%d %b") for d in m.columns]
    return m
