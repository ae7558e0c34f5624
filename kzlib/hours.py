"""Hour by hour: the clock times the sources give for events and measures.

``events.time`` and ``measures.start_time`` are local clock times: the clock of the place
(events) or of the scope (measures; ``national`` = the capital's clock, Asia/Almaty). In
January 2022 Kazakhstan kept two clocks: UTC+6 in the east and UTC+5 in the west
(Aktau, Atyrau, Oral, Aktobe, Kyzylorda; Kostanay was on UTC+6). To put them on one axis,
:func:`timed_items` converts every time, with the region's IANA zone from regions.csv and
:mod:`zoneinfo`, to one reference clock (default Asia/Almaty, UTC+6) and keeps the local
time as the source gave it.

* :func:`timed_items` — one row per timed event or measure start in a window;
* :func:`hourly_counts` — those rows counted per reference-clock hour.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from .errors import KzDataError, Problem
from .spread import COUNTED_EVENT_TYPES, alternative_mask

__all__ = ["timed_items", "hourly_counts", "REFERENCE_TZ"]

#: The clock every time is converted to for the hour-by-hour view (the capital's).
REFERENCE_TZ = "Asia/Almaty"

_COLS = ["kind", "id", "local_date", "local_time", "tz", "reference_time", "place_id", "region_id",
         "label", "counted", "source_ids"]


def _hhmm(v: object, file: str, row: int, column: str) -> tuple[int, int]:
    s = str(v)
    try:
        h, m = (int(p) for p in s.split(":"))
        if not (0 <= h <= 23 and 0 <= m <= 59 and len(s) == 5):
            raise ValueError
    except ValueError:
        raise KzDataError(Problem(file, row, column, s, "a time HH:MM (24 h, local)")) from None
    return h, m


def _reference(day: pd.Timestamp, hm: tuple[int, int], tz: str, ref: ZoneInfo) -> pd.Timestamp:
    local = datetime(day.year, day.month, day.day, hm[0], hm[1], tzinfo=ZoneInfo(tz))
    return pd.Timestamp(local.astimezone(ref).replace(tzinfo=None))


def timed_items(events: pd.DataFrame, measures: pd.DataFrame, regions: pd.DataFrame,
                places: pd.DataFrame, start: str | pd.Timestamp = "2022-01-04",
                end: str | pd.Timestamp = "2022-01-06", *, reference_tz: str = REFERENCE_TZ) -> pd.DataFrame:
    """Return every event with a ``time`` and every measure with a ``start_time`` whose local
    date lies in ``start``..``end`` (inclusive), one row each, in reference-clock order.

    Takes the kzlib tables (events with ``time``, measures with ``start_time``, regions with
    ``tz``, places with ``region_id``). Columns: ``kind`` (``event``/``measure``), ``id``,
    ``local_date``, ``local_time`` (as the source gave it), ``tz`` (the zone it is read in),
    ``reference_time`` (datetime on ``reference_tz``'s clock), ``place_id`` (events) or the
    measure's scope, ``region_id``, ``label`` (event type or measure, with its level),
    ``counted`` (False for an alternative account of an event, or an event type that does
    not count as unrest; measures are True) and ``source_ids``.
    Raises :class:`KzDataError` for a malformed time or a place or scope without a region.
    """
    lo, hi = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    ref = ZoneInfo(reference_tz)
    tz_of = dict(zip(regions["region_id"].astype(str), regions["tz"].astype(str)))
    region_of = dict(zip(places["place_id"].astype(str), places["region_id"].astype(str)))
    rows: list[dict[str, object]] = []

    ev = events.reset_index(drop=True)
    alt = alternative_mask(ev)
    if "time" in ev.columns:
        for i in np.flatnonzero(ev["time"].notna().to_numpy()):
            r = ev.iloc[i]
            day = pd.Timestamp(r["date"]).normalize()
            if not lo <= day <= hi:
                continue
            region = region_of.get(str(r["place_id"]))
            if region not in tz_of:
                raise KzDataError(Problem("events", int(i) + 2, "place_id", str(r["place_id"]),
                                          "a place_id of places.csv whose region has a tz"))
            hm = _hhmm(r["time"], "events", int(i) + 2, "time")
            rows.append({"kind": "event", "id": r["event_id"], "local_date": day, "local_time": str(r["time"]),
                         "tz": tz_of[region], "reference_time": _reference(day, hm, tz_of[region], ref),
                         "place_id": str(r["place_id"]), "region_id": region, "label": str(r["event_type"]),
                         "counted": bool(not alt[i] and r["event_type"] in COUNTED_EVENT_TYPES),
                         "source_ids": r.get("source_ids")})
    ms = measures.reset_index(drop=True)
    for i in np.flatnonzero(ms["start_time"].notna().to_numpy()):
        r = ms.iloc[i]
        day = pd.Timestamp(r["start"]).normalize()
        if not lo <= day <= hi:
            continue
        scope = str(r["scope"])
        region = "national" if scope == "national" else (scope if scope in tz_of else region_of.get(scope))
        tz = reference_tz if region == "national" else tz_of.get(str(region))
        if tz is None:
            raise KzDataError(Problem("measures", int(i) + 2, "scope", scope,
                                      "'national', a region_id or a place_id of places.csv"))
        hm = _hhmm(r["start_time"], "measures", int(i) + 2, "start_time")
        level = r.get("level")
        label = str(r["measure"]) + (f" ({level})" if isinstance(level, str) and level else "")
        rows.append({"kind": "measure", "id": r["measure_id"], "local_date": day,
                     "local_time": str(r["start_time"]), "tz": tz,
                     "reference_time": _reference(day, hm, tz, ref), "place_id": scope,
                     "region_id": region, "label": label, "counted": True, "source_ids": r.get("source_ids")})
    out = pd.DataFrame(rows, columns=_COLS)
    out["local_date"] = pd.to_datetime(out["local_date"])
    out["reference_time"] = pd.to_datetime(out["reference_time"])
    out["counted"] = out["counted"].astype(bool)
    out = out.sort_values(["reference_time", "kind", "id"], kind="stable").reset_index(drop=True)
    out.attrs["reference_tz"] = reference_tz
    return out


def hourly_counts(items: pd.DataFrame, start: str | pd.Timestamp = "2022-01-04",
                  end: str | pd.Timestamp = "2022-01-06") -> pd.DataFrame:
    """Count :func:`timed_items` per hour of the reference clock, every hour of ``start``
    00:00 .. ``end`` 23:00 (no gaps). Alternative accounts are not counted.

    Returns columns ``hour`` (datetime, start of the hour), ``events`` (counted events) and
    ``measures`` (measure starts), both int64.
    """
    hours = pd.date_range(pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize() + pd.Timedelta(hours=23),
                          freq="h")
    out = pd.DataFrame({"hour": hours})
    for kind, col in (("event", "events"), ("measure", "measures")):
        sel = items[(items["kind"] == kind) & items["counted"]]
        n = sel["reference_time"].dt.floor("h").value_counts()
        out[col] = n.reindex(hours, fill_value=0).to_numpy(dtype="int64")
    return out
