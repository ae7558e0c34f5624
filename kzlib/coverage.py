"""The coverage section of data/README.md, computed from the data (never typed by hand).

:func:`coverage_markdown` renders: counts per table, a unit × day matrix of event counts
(1–19 January 2022), every place with its first day of protest and the rows that evidence
it (``first_reported``), and the gaps (units, days and gazetteer places with no events).
"""
from __future__ import annotations

import pandas as pd

from .overview import events_by_region_day

WINDOW = ("2022-01-01", "2022-01-19")


def first_days(events: pd.DataFrame, places: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """Return one row per place with a ``first_reported`` event: place, unit, first day,
    evidence (event ids and sources), sorted by day then name."""
    marked = events[events["first_reported"]]
    pname = dict(zip(places["place_id"], places["name"]))
    preg = dict(zip(places["place_id"], places["region_id"]))
    rname = dict(zip(regions["region_id"], regions["name"]))
    rows = []
    for place, g in marked.groupby("place_id"):
        rows.append({
            "place": pname.get(place, place), "unit": rname.get(preg.get(place), ""),
            "first day": g["date"].min().strftime("%Y-%m-%d"),
            "time precision": int(g["time_precision"].min()),
            "evidence": ", ".join(g["event_id"]),
            "sources": ", ".join(sorted(set(";".join(g["source_ids"]).split(";")))),
        })
    out = pd.DataFrame(rows)
    return out.sort_values(["first day", "place"]).reset_index(drop=True) if len(out) else out


def _md(df: pd.DataFrame, index: bool = False) -> str:
    d = df.reset_index() if index else df
    head = "| " + " | ".join(map(str, d.columns)) + " |"
    sep = "|" + "|".join("---" for _ in d.columns) + "|"
    body = ["| " + " | ".join("" if pd.isna(v) else str(v) for v in row) + " |" for row in d.itertuples(index=False)]
    return "\n".join([head, sep, *body])


def coverage_markdown(tables: dict[str, pd.DataFrame] | None = None) -> str:
    """Return the markdown of the coverage section for the given (or shipped) tables."""
    if tables is None:
        from .load import load_all

        tables = load_all()
    ev, pl, rg = tables["events"], tables["places"], tables["regions"]
    matrix = events_by_region_day(ev, pl, rg, *WINDOW)
    matrix["total"] = matrix.sum(axis=1)
    region_of = dict(zip(pl["place_id"], pl["region_id"]))
    used = ev["place_id"].map(region_of)
    n_units = used.nunique()
    days = pd.date_range(*WINDOW, freq="D")
    empty_days = [d.strftime("%d %b") for d in days if not (ev["date"] == d).any()]
    empty_units = list(matrix.index[matrix["total"] == 0])
    unused = sorted(pl.loc[~pl["place_id"].isin(ev["place_id"]), "name"])
    fd = first_days(ev, pl, rg)
    from .provenance import copy_share
    from .spread import alternative_mask, first_seen

    first = first_seen(ev, pl)
    names = dict(zip(rg["region_id"], rg["name"]))
    no_day = sorted(names[r] for r in rg["region_id"] if r not in set(first["region_id"]))
    alt = alternative_mask(ev)
    share = copy_share({k: tables[k] for k in ("events", "measures", "casualty_reports")}, tables["sources"])
    counts = pd.DataFrame({
        "table": ["events", "measures", "casualty_reports", "sources", "places"],
        "rows": [len(ev), len(tables["measures"]), len(tables["casualty_reports"]),
                 len(tables["sources"]), len(pl)],
    })
    parts = [
        f"{len(ev)} events at {ev['place_id'].nunique()} places in {n_units} of 17 units; "
        f"{len(tables['measures'])} measures; {len(tables['casualty_reports'])} casualty and detention "
        f"reports ({int(tables['casualty_reports']['retracted'].sum())} retracted); "
        f"{len(tables['sources'])} sources in {tables['sources']['language'].nunique()} languages.",
        "",
        _md(counts),
        "",
        "**Events per unit and local day, 1–19 January 2022**",
        "",
        _md(matrix, index=True),
        "",
        "**First day of protest per place** (rows flagged `first_reported`; time precision 1 = the "
        "source dates it to the day)",
        "",
        _md(fd) if len(fd) else "_none_",
        "",
        "**Dated to the day, each event once**",
        "",
        f"- {len(first)} places in {first['region_id'].nunique()} of 17 units have a protest or unrest "
        f"event dated to the day (`kzlib.first_seen`); units without one: {', '.join(no_day) or 'none'}.",
        f"- {int(alt.sum())} rows are alternative accounts of another row (`same_event_as`) and are not "
        f"counted: {', '.join(f'{a} → {b}' for a, b in zip(ev.loc[alt, 'event_id'], ev.loc[alt, 'same_event_as']))}.",
        f"- {int(ev['time'].notna().sum()) if 'time' in ev.columns else 0} events carry a clock time from a source.",
        "- Rows resting only on copies (mirrors, republishers, aggregators; `kzlib.copy_share`): "
        + "; ".join(f"{r.table} {r.only_copies} of {r.rows} ({100 * r.share:.0f} %)" for r in share.itertuples())
        + ".",
        "",
        "**Gaps**",
        "",
        f"- Units with no events: {', '.join(empty_units) or 'none'}.",
        f"- Days of 1–19 January with no events: {', '.join(empty_days) or 'none'}.",
        f"- Gazetteer places with no events: {', '.join(unused) or 'none'}.",
    ]
    return "\n".join(parts)
