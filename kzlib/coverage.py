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


def unreached_units(events: pd.DataFrame, places: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """Say, for each unit that no counted event reaches, exactly why: what rows it has and why
    none of them dates protest or unrest at a named place.

    Accepts events, places and regions (kzlib's tables, or frames with the same columns).
    A unit is reached when :func:`kzlib.first_seen` dates one of its places. Returns one row
    per unreached unit (``region_id``, ``name``, ``n_rows`` (events placed there),
    ``n_counted_type`` (of the counted event types), ``reason`` (one sentence naming the
    event ids: dated only to the week or month, only the region named, another account of
    another row, or not an event type that counts) and ``short`` (the same in a few words,
    for a map's footnote)), in regions order.
    """
    from .spread import COUNTED_EVENT_TYPES, first_seen

    first = first_seen(events, places)
    reached = set(first["region_id"].dropna())
    region_of = dict(zip(places["place_id"], places["region_id"]))
    ev = events.assign(_unit=events["place_id"].map(region_of))
    rows = []
    for r in regions.itertuples(index=False):
        if r.region_id in reached:
            continue
        here = ev[ev["_unit"] == r.region_id].sort_values(["date", "event_id"])
        counted = here[here["event_type"].isin(COUNTED_EVENT_TYPES)]
        why, flags = [], []
        for e in counted.itertuples(index=False):
            bits = []
            if pd.notna(getattr(e, "same_event_as", None)):
                bits.append(f"another account of {e.same_event_as}")
                flags.append("are another account")
            if pd.notna(e.time_precision) and int(e.time_precision) > 1:
                bits.append("dated only to the week" if int(e.time_precision) == 2 else "dated only to the month")
                flags.append("are dated only to the week or month")
            if "geo_precision" in here.columns and pd.notna(e.geo_precision) and int(e.geo_precision) == 3:
                bits.append("names only the region")
                flags.append("name only the region")
            why.append(f"{e.event_id} ({e.event_type}, {e.date:%d %b}: {', '.join(bits) or 'see notes'})")
        other = len(here) - len(counted)
        if not len(here):
            reason = short = "no event recorded there"
        else:
            parts = []
            if why:
                parts.append("; ".join(why))
            if other:
                parts.append(f"{other} other row{'s' if other != 1 else ''} (arrests, checkpoints and other "
                             "security measures) do not count as unrest")
            reason = "; ".join(parts)
            if not len(counted):
                short = f"no protest or unrest reported, only {other} row{'s' if other != 1 else ''} of arrests " \
                        "or security measures"
            else:
                said = list(dict.fromkeys(flags)) or ["do not date a place"]
                short = (f"its {len(counted)} protest/unrest row{'s' if len(counted) != 1 else ''} "
                         + (", ".join(said[:-1]) + " or " + said[-1] if len(said) > 1 else said[0]))
        rows.append({"region_id": r.region_id, "name": r.name, "n_rows": len(here),
                     "n_counted_type": len(counted), "reason": reason, "short": short})
    return pd.DataFrame(rows, columns=["region_id", "name", "n_rows", "n_counted_type", "reason", "short"])


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
