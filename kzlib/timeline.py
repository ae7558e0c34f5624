"""Day-by-day series of the unrest: events, places reached, measures in force, reported tolls.

Every function returns one row per local calendar day of a window, with no gaps (days
without anything are zero-filled, ``False``, ``"off"`` or missing). Dates are the local
dates stored in the tables (UTC+5 in the west, UTC+6 elsewhere in January 2022); nothing
is converted, so "a day" is each place's own calendar day.

* :func:`daily_counts` — events per day, optionally split by a column (event type, place,
  region).
* :func:`places_by_day` — places with unrest that day, new places, places reached so far.
* :func:`measures_in_force` — one row per (day, measure row) in force, clipped to a window.
* :func:`measures_by_day` — per day: units under a state of emergency, curfew, internet
  shutdown state, CSTO presence (rules below).
* :func:`milestones` — dated turning points taken from the measures and events rows.
* :func:`casualty_series` — the best-known reported figure as of each day (rule below),
  with the retracted and unused reports kept aside.
* :func:`escalation_table` — all of the above side by side for one window: the data
  behind :func:`kzlib.plots.plot_escalation`.
* :func:`toll_history_table` — every report of a few metrics, with how each one is used:
  the data behind :func:`kzlib.plots.plot_toll_history`.

**Measures in force.** A row runs from ``start`` + ``start_time`` (00:00 if empty) to
``end`` + ``end_time`` (the end of the ``end`` day if the time is empty; no end if ``end``
is empty), on local clocks. It is *in force on a day* if that interval overlaps the day at
all, so a state of emergency lifted at 07:00 on 13 January counts on 13 January, and one
ending at 00:00 on 19 January does not count on 19 January. One-off acts (``end`` =
``start``, e.g. ``government_resignation``) are in force on their day only; they are
:func:`milestones`, not bands.

**Units covered (state of emergency, curfew).** The 17 first-level units of January 2022.
A ``national`` row covers every unit. A unit's own rows (scope = its region id) add to
that and *cap* it: the national row applies to the unit only up to the latest end of the
unit's own rows of the same measure (an open end = no cap). So a regional row with an
earlier end lifts the national measure early there, and a regional row with a later end
extends it. A row scoped to a place (a city inside a region) covers its region while in
force but never caps the national row.

**Internet.** ``internet`` is the strongest nationally scoped shutdown in force that day:
``"full"`` (level ``full``), ``"partial"`` (level ``partial``, empty or any other word),
else ``"local"`` if only sub-national shutdowns are in force, else ``"off"``. Rows of level
``restored`` are not shutdowns (they mark a restoration and are ignored here).

**CSTO presence.** From ``foreign_deployment`` rows: present from the first start of a row
whose level is ``arrival``, ``deployment`` (or empty/other) to the last end of the
``withdrawal`` rows (if there are none, the last end of the ``deployment`` rows; open if
unknown). ``decision`` and ``request`` rows are not presence. ``csto_withdrawing`` is true
on days a ``withdrawal`` row is in force.

**Casualty series** (:func:`casualty_series`): see that function's docstring.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date as _date
from typing import Any

import numpy as np
import pandas as pd

from .errors import KzDataError, Problem
from .schema import CUMULATIVE_METRICS, METRICS
from .spread import alternative_mask, precision_at_most

__all__ = [
    "daily_counts", "places_by_day", "measures_in_force", "measures_by_day", "milestones",
    "casualty_series", "CasualtySeries", "escalation_table", "toll_history_table",
    "MILESTONE_KEYS", "ESCALATION_SERIES", "slug",
]

DateLike = str | _date | pd.Timestamp | None

_EVENTS = "events (DataFrame)"
_MEASURES = "measures (DataFrame)"
_REPORTS = "casualty_reports (DataFrame)"
_DAY = pd.Timedelta(days=1)


# --------------------------------------------------------------------------- helpers
def slug(text: str) -> str:
    """Return a lowercase ``a_z0_9`` column-name form of ``text`` ("Explosions/Remote violence"
    -> ``explosions_remote_violence``)."""
    return re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")


def _day(value: DateLike, what: str) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what}: expected a date such as '2022-01-05', got {value!r}") from None
    if pd.isna(ts):
        raise ValueError(f"{what}: expected a date such as '2022-01-05', got {value!r}")
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


def _window(start: DateLike, end: DateLike, lo: Any, hi: Any) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Resolve the window: given bounds, else the data's (``lo``/``hi``); None if unknown."""
    s = _day(start, "start")
    e = _day(end, "end")
    s = s if s is not None else (None if lo is None or pd.isna(lo) else pd.Timestamp(lo).normalize())
    e = e if e is not None else (None if hi is None or pd.isna(hi) else pd.Timestamp(hi).normalize())
    if s is None and e is None:
        return None
    s = e if s is None else s
    e = s if e is None else e
    if e < s:
        raise ValueError(f"end ({e.date()}) is before start ({s.date()})")
    return s, e


def _days(window: tuple[pd.Timestamp, pd.Timestamp] | None) -> pd.DatetimeIndex:
    if window is None:
        return pd.DatetimeIndex([], dtype="datetime64[ns]", name=None)
    return pd.date_range(window[0], window[1], freq="D").astype("datetime64[ns]")


def _require(df: Any, cols: Sequence[str], file: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{file}: expected a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise KzDataError([Problem(file, None, c, None, f"a column named {c!r}") for c in missing])
    return df.reset_index(drop=True)


def _dates(s: pd.Series, file: str, column: str, *, required: bool = True) -> pd.Series:
    d = pd.to_datetime(s, errors="coerce")
    if getattr(d.dt, "tz", None) is not None:
        d = d.dt.tz_localize(None)
    bad = d.isna() & (s.notna() if not required else True)
    if bad.any():
        raise KzDataError([Problem(file, int(i) + 2, column, None if pd.isna(s.iat[i]) else str(s.iat[i]),
                                   "a date YYYY-MM-DD") for i in np.flatnonzero(bad.to_numpy())])
    return d.dt.normalize().astype("datetime64[ns]")


def _str(v: Any) -> str | None:
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def _ids(values: Sequence[Any]) -> Any:
    """``;``-join unique ids in sorted order, or NA if there are none."""
    items = sorted({str(v) for v in values if _str(v)})
    return ";".join(items) if items else pd.NA


def _string(values: Sequence[Any]) -> pd.arrays.StringArray:
    return pd.array([pd.NA if _str(v) is None else str(v) for v in values], dtype="string")


def _int(values: Sequence[Any]) -> pd.arrays.IntegerArray:
    return pd.array([pd.NA if v is None or pd.isna(v) else int(v) for v in values], dtype="Int64")


# --------------------------------------------------------------------------- events
def _event_frame(events: pd.DataFrame, max_time_precision: int | None,
                 columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Checked copy of ``events`` (only ``columns`` plus ``time_precision``, if given), with
    normalised dates and without rows dated coarser than ``max_time_precision``."""
    if columns is not None and isinstance(events, pd.DataFrame) and "date" in events.columns:
        keep = list(dict.fromkeys(c for c in ("date", "time_precision", "same_event_as", *columns)
                                  if c in events.columns))
        events = events[keep]
    ev = _require(events, ("date",), _EVENTS).copy()
    ev["date"] = _dates(ev["date"], _EVENTS, "date")
    alt = alternative_mask(ev)
    if alt.any():
        ev = ev[~alt]
    if max_time_precision is not None and "time_precision" in ev.columns:
        ev = ev[precision_at_most(ev["time_precision"], max_time_precision)]
    return ev


def _columns(events: Any) -> pd.Index:
    return events.columns if isinstance(events, pd.DataFrame) else pd.Index([])


def _daily_totals(events: pd.DataFrame, start: DateLike, end: DateLike,
                  max_time_precision: int | None) -> pd.DataFrame | None:
    """``daily_counts(events)`` (no ``by``) from the date column alone, or None to take the
    general path (not a frame, no tz-naive datetime64[ns] ``date``, a missing date, no rows, or
    dates so spread out that one bin per day would be wasteful)."""
    if (not isinstance(events, pd.DataFrame) or "date" not in events.columns
            or events.columns.duplicated().any() or events["date"].dtype != np.dtype("datetime64[ns]")):
        return None
    date = events["date"].to_numpy()
    if np.isnat(date).any():
        return None
    day = date.view("int64") // _DAY.value  # normalised: whole days since 1970-01-01
    keep = None
    if max_time_precision is not None and "time_precision" in events.columns:
        keep = precision_at_most(events["time_precision"], max_time_precision)
    alt = alternative_mask(events)
    if alt.any():
        keep = ~alt if keep is None else keep & ~alt
    if len(day) == 0 or int(day.max()) - int(day.min()) > 4 * len(day) + 100_000:
        return None  # nothing to count, or a date range too sparse for one bin per day
    d0 = int(day.min())
    # events per day from the first stored day on (counting only the kept rows)
    per_day = (np.bincount(day - d0) if keep is None
               else np.bincount(day - d0, weights=keep).astype("int64"))
    seen = np.flatnonzero(per_day)
    lo = pd.Timestamp((d0 + int(seen[0])) * _DAY.value) if len(seen) else None
    hi = pd.Timestamp((d0 + int(seen[-1])) * _DAY.value) if len(seen) else None
    days = _days(_window(start, end, lo, hi))
    counts = np.zeros(len(days), dtype="int64")
    if len(days):
        first = days[0].value // _DAY.value - d0
        a, b = max(first, 0), min(first + len(days), len(per_day))
        if a < b:
            counts[a - first:b - first] = per_day[a:b]
    return pd.DataFrame({"date": days, "events": counts})


def daily_counts(events: pd.DataFrame, by: str | None = None, start: DateLike = None,
                 end: DateLike = None, *, places: pd.DataFrame | None = None,
                 max_time_precision: int | None = 1) -> pd.DataFrame:
    """Count events per local day, optionally split by a column.

    Accepts an event frame (kzlib events.csv or the ACLED/UCDP readers: needs ``date``, and
    ``by`` if given), ``by`` = None, a column of ``events`` (``"event_type"``,
    ``"place_id"``, ...) or a column of the gazetteer joined on ``place_id`` (e.g.
    ``"region_id"``; ``places`` defaults to :func:`kzlib.load_places`), and an optional
    window (default: first to last event day). Events whose date is known only to the
    week or month (``time_precision`` above ``max_time_precision``) are left out; pass
    ``max_time_precision=None`` to count every row on its stored date.

    Returns a DataFrame with a ``date`` column (every day of the window, in order) and one
    int64 count column: ``events`` if ``by`` is None, else one column per group. Groups of
    a categorical column are all its categories in their order (zero columns included);
    otherwise the values seen in the window, sorted; a missing value counts as ``"unknown"``.
    """
    if by is None:
        fast = _daily_totals(events, start, end, max_time_precision)
        if fast is not None:
            return fast
    ev = _event_frame(events, max_time_precision,
                      None if by is None else (by,) if by in _columns(events) else (by, "place_id"))
    if by is not None and by not in ev.columns:
        if "place_id" not in ev.columns:
            raise KzDataError(Problem(_EVENTS, None, by, None, f"a column named {by!r} (or place_id)"))
        if places is None:
            from .load import load_places

            places = load_places()
        gaz = _require(places, ("place_id", by), "places (DataFrame)").drop_duplicates("place_id")
        ev[by] = ev["place_id"].astype("object").map(gaz.set_index("place_id")[by])
    window = _window(start, end, ev["date"].min() if len(ev) else None, ev["date"].max() if len(ev) else None)
    days = _days(window)
    ev = ev[ev["date"].isin(days)]
    if by is None:
        counts = ev.groupby("date").size().reindex(days, fill_value=0)
        return pd.DataFrame({"date": days, "events": counts.to_numpy(dtype="int64")})
    key = ev[by]
    if isinstance(key.dtype, pd.CategoricalDtype):
        groups = [str(c) for c in key.dtype.categories]
    else:
        groups = sorted({str(v) for v in key.dropna()})
    key = key.astype("object").map(lambda v: "unknown" if _str(v) is None else str(v))
    if (key == "unknown").any() and "unknown" not in groups:
        groups.append("unknown")
    out = pd.DataFrame({"date": days})
    if len(ev):
        tab = ev.assign(_k=key.to_numpy()).groupby(["date", "_k"]).size().unstack(fill_value=0)
        tab = tab.reindex(index=days, columns=groups, fill_value=0)
    else:
        tab = pd.DataFrame(0, index=days, columns=groups)
    for g in groups:
        out[g] = tab[g].to_numpy(dtype="int64")
    return out


def places_by_day(events: pd.DataFrame, start: DateLike = None, end: DateLike = None, *,
                  event_types: Sequence[str] | None = None,
                  max_time_precision: int | None = 1, origin: str | None = "zhanaozen") -> pd.DataFrame:
    """Places with unrest per local day: active, new, and reached so far.

    Accepts an event frame (``event_id``, ``date``, ``place_id``, ``event_type``) and an
    optional window (default: first to last counted event day). Which events count is the
    rule of :mod:`kzlib.spread`: ``event_types`` (default
    :data:`kzlib.spread.COUNTED_EVENT_TYPES`: protests, riots, battles, violence against
    civilians) dated to the day (``time_precision`` <= ``max_time_precision``).

    Returns a DataFrame, one row per day, with columns ``date``; ``active`` (places with a
    counted event that day); ``new`` (places whose first counted event ever is that day);
    ``cumulative`` (places first reached on or before that day, including before the
    window); all int64; ``new_place_ids`` (``;``-joined sorted ids, NA if none); and
    ``day_offset`` (int64, days after the origin date, as :func:`kzlib.first_seen` dates it:
    the first ``Protests`` event at ``origin``, a place_id (default Zhanaozen), or the
    earliest counted event if ``origin`` is None or has no protest).
    """
    from .spread import COUNTED_EVENT_TYPES, counted_events

    types = COUNTED_EVENT_TYPES if event_types is None else tuple(event_types)
    ev = counted_events(events, event_types=types, max_time_precision=max_time_precision)
    first = ev.groupby("place_id")["date"].min()
    window = _window(start, end, ev["date"].min() if len(ev) else None, ev["date"].max() if len(ev) else None)
    days = _days(window)
    active = ev.groupby("date")["place_id"].nunique().reindex(days, fill_value=0)
    new = first.groupby(first).size().reindex(days, fill_value=0)
    firsts = np.sort(first.to_numpy(dtype="datetime64[ns]"))
    cumulative = np.searchsorted(firsts, days.to_numpy(), side="right")
    new_ids = [_ids(first.index[first == d]) for d in days]
    at = ev[(ev["place_id"] == origin) & (ev["event_type"] == "Protests")] if origin is not None else ev.iloc[:0]
    origin_date = at["date"].min() if len(at) else (ev["date"].min() if len(ev) else pd.NaT)
    offset = ((days - origin_date).days if pd.notna(origin_date) else np.zeros(len(days), dtype=int))
    return pd.DataFrame({
        "date": days,
        "active": active.to_numpy(dtype="int64"),
        "new": new.to_numpy(dtype="int64"),
        "cumulative": cumulative.astype("int64"),
        "new_place_ids": pd.array(new_ids, dtype="string"),
        "day_offset": np.asarray(offset, dtype="int64"),
    })


# --------------------------------------------------------------------------- measures
def _clock(t: Any) -> pd.Timedelta | None:
    t = _str(t)
    if t is None:
        return None
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", t.strip())
    if not m or int(m.group(1)) > 24 or int(m.group(2)) > 59:
        return pd.NaT  # flagged by the caller
    return pd.Timedelta(hours=int(m.group(1)), minutes=int(m.group(2)))


def _intervals(measures: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``measures`` with ``t0``/``t1`` (local clock; ``t1`` NaT = open) and flags."""
    m = _require(measures, ("measure_id", "measure", "scope", "start", "end"), _MEASURES).copy()
    for c in ("level", "start_time", "end_time"):
        if c not in m.columns:
            m[c] = None
    m["start"] = _dates(m["start"], _MEASURES, "start")
    m["end"] = _dates(m["end"], _MEASURES, "end", required=False)
    problems = []
    t0, t1 = [], []
    for i in range(len(m)):
        st, et = _clock(m["start_time"].iat[i]), _clock(m["end_time"].iat[i])
        for col, v in (("start_time", st), ("end_time", et)):
            if v is pd.NaT:
                problems.append(Problem(_MEASURES, i + 2, col, str(m[col].iat[i]), "a time HH:MM"))
        s = m["start"].iat[i] + (st if isinstance(st, pd.Timedelta) else pd.Timedelta(0))
        e = m["end"].iat[i]
        if pd.isna(e):
            e = pd.NaT
        else:
            e = e + (et if isinstance(et, pd.Timedelta) else _DAY)
        if not pd.isna(e) and (e < s or m["end"].iat[i] < m["start"].iat[i]):
            problems.append(Problem(_MEASURES, i + 2, "end", str(m["end"].iat[i].date()),
                                    f"an end on or after the start ({s})"))
        t0.append(s)
        t1.append(e)
    if problems:
        raise KzDataError(problems)
    m["t0"] = pd.to_datetime(pd.Series(t0, dtype="datetime64[ns]"))
    m["t1"] = pd.to_datetime(pd.Series(t1, dtype="datetime64[ns]"))
    for c in ("measure_id", "measure", "scope", "level"):
        m[c] = m[c].astype("object").map(_str)
    m["level_text"] = m["level"].map(lambda v: None if v is None else v.strip())
    m["level"] = m["level_text"].map(lambda v: None if v is None else v.lower())
    m["one_off"] = m["end"].notna() & (m["end"] == m["start"])
    return m


def _mask(t0: pd.Timestamp, t1: pd.Timestamp, days: np.ndarray) -> np.ndarray:
    """Days (datetime64 array of midnights) on which the interval [t0, t1) is in force."""
    t0 = np.datetime64(t0, "ns")
    on = t0 < days + np.timedelta64(1, "D")
    if pd.isna(t1):
        return on
    t1 = np.datetime64(t1, "ns")
    if t1 == t0:  # an instant counts on its day
        return on & (t0 >= days)
    return on & (t1 > days)


def measures_in_force(measures: pd.DataFrame, start: DateLike = None, end: DateLike = None) -> pd.DataFrame:
    """One row per day of the window and per measure row in force that day.

    Accepts a measures frame (``measure_id, measure, scope, start, end`` and optionally
    ``level, start_time, end_time``) and a window (default: the first start to the last
    start or end). Rows ending before the window or starting after it give nothing; open
    rows run to the window's end. Returns columns ``date, measure_id, measure, level,
    scope, one_off`` sorted by date and measure_id.
    """
    m = _intervals(measures)
    hi = pd.concat([m["start"], m["end"]]).max() if len(m) else None
    days = _days(_window(start, end, m["start"].min() if len(m) else None, hi))
    arr = days.to_numpy()
    rows = []
    for r in m.itertuples(index=False):
        for d in arr[_mask(r.t0, r.t1, arr)]:
            rows.append((d, r.measure_id, r.measure, r.level, r.scope, bool(r.one_off)))
    out = pd.DataFrame(rows, columns=["date", "measure_id", "measure", "level", "scope", "one_off"])
    out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]")
    out = out.sort_values(["date", "measure_id"], kind="stable").reset_index(drop=True)
    for c in ("measure_id", "measure", "level", "scope"):
        out[c] = _string(out[c])
    out["one_off"] = out["one_off"].astype(bool)
    return out


def _unit_list(regions: Any) -> list[str]:
    if regions is None:
        from .load import load_regions

        regions = load_regions()
    if isinstance(regions, pd.DataFrame):
        regions = _require(regions, ("region_id",), "regions (DataFrame)")["region_id"]
    units = [str(u) for u in regions]
    if not units:
        raise ValueError("regions: expected at least one region id")
    return units


def _place_regions(m: pd.DataFrame, units: list[str], places: pd.DataFrame | None) -> dict[str, str]:
    """Map every place scope used in ``m`` to its region; raise for unknown scopes."""
    other = sorted({s for s in m["scope"] if s not in units and s != "national"})
    if not other:
        return {}
    if places is None:
        from .load import load_places

        places = load_places()
    gaz = _require(places, ("place_id", "region_id"), "places (DataFrame)")
    lookup = dict(zip(gaz["place_id"].astype(str), gaz["region_id"].astype(str)))
    problems = [Problem(_MEASURES, int(i) + 2, "scope", s, "'national', a region_id or a place_id")
                for i, s in zip(m.index, m["scope"]) if s in other and s not in lookup]
    if problems:
        raise KzDataError(problems)
    return {s: lookup[s] for s in other}


def _units_covered(rows: pd.DataFrame, units: list[str], place_region: dict[str, str],
                   arr: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Count units covered per day by ``rows`` of one measure (module rule) and their ids."""
    count = np.zeros(len(arr), dtype="int64")
    ids: list[set[str]] = [set() for _ in arr]
    national = rows[rows["scope"] == "national"]
    for u in units:
        own = rows[rows["scope"] == u]
        local = rows[rows["scope"].map(lambda s: place_region.get(s) == u)]
        cap = None
        if len(own):
            cap = pd.NaT if own["t1"].isna().any() else own["t1"].max()
        covered = np.zeros(len(arr), dtype=bool)
        for part, capped in ((national, True), (own, False), (local, False)):
            for r in part.itertuples(index=False):
                t1 = r.t1
                if capped and cap is not None and not pd.isna(cap) and (pd.isna(t1) or t1 > cap):
                    t1 = cap
                    if t1 <= r.t0:
                        continue
                on = _mask(r.t0, t1, arr)
                covered |= on
                for k in np.flatnonzero(on):
                    ids[k].add(r.measure_id)
        count += covered
    return count, [_ids(s) for s in ids]


_NOT_PRESENT = {"decision", "request", "announcement", "withdrawal"}


def measures_by_day(measures: pd.DataFrame, start: DateLike = None, end: DateLike = None, *,
                    regions: pd.DataFrame | Sequence[str] | None = None,
                    places: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which measures were in force on each day, and where (rules in the module docstring).

    Accepts a measures frame (kzlib measures.csv), a window (default: the first start to
    the last start or end), the first-level units (a regions frame or a list of region
    ids; default :func:`kzlib.load_regions`) and the gazetteer for place-scoped rows
    (default :func:`kzlib.load_places`, read only if such rows exist).

    Returns one row per day with columns:

    ``date``; ``soe_units`` (int64, units under a state of emergency at any moment of the
    day) and ``soe_measure_ids``; ``curfew`` (bool), ``curfew_units`` (int64) and
    ``curfew_measure_ids``; ``internet`` (``"full"``, ``"partial"``, ``"local"`` or
    ``"off"``) and ``internet_measure_ids``; ``csto_present`` and ``csto_withdrawing``
    (bool) and ``csto_measure_ids``. Id columns are ``;``-joined sorted measure_ids of the
    rows that count that day (NA if none).
    """
    m = _intervals(measures)
    units = _unit_list(regions)
    hi = pd.concat([m["start"], m["end"]]).max() if len(m) else None
    days = _days(_window(start, end, m["start"].min() if len(m) else None, hi))
    arr = days.to_numpy()
    covered = m[m["measure"].isin(["state_of_emergency", "curfew"])]
    place_region = _place_regions(covered, units, places)
    out = pd.DataFrame({"date": days})
    for key, name in (("soe", "state_of_emergency"), ("curfew", "curfew")):
        n, ids = _units_covered(m[m["measure"] == name], units, place_region, arr)
        if key == "curfew":
            out["curfew"] = n > 0
        out[f"{key}_units"] = n
        out[f"{key}_measure_ids"] = pd.array(ids, dtype="string")

    net = m[(m["measure"] == "internet_shutdown") & (m["level"] != "restored")]
    level = np.zeros(len(arr), dtype="int64")
    local = np.zeros(len(arr), dtype=bool)
    net_ids: list[set[str]] = [set() for _ in arr]
    for r in net.itertuples(index=False):
        on = _mask(r.t0, r.t1, arr)
        if r.scope == "national":
            level = np.maximum(level, np.where(on, 2 if r.level == "full" else 1, 0))
        else:
            local |= on
        for k in np.flatnonzero(on):
            net_ids[k].add(r.measure_id)
    out["internet"] = pd.array(np.where(level == 2, "full", np.where(level == 1, "partial",
                                        np.where(local, "local", "off"))).tolist(), dtype="string")
    out["internet_measure_ids"] = pd.array([_ids(s) for s in net_ids], dtype="string")

    dep = m[m["measure"] == "foreign_deployment"]
    lv = dep["level"].fillna("")
    arrive = dep[~lv.isin(_NOT_PRESENT)]
    leave = dep[lv == "withdrawal"]
    present = np.zeros(len(arr), dtype=bool)
    withdrawing = np.zeros(len(arr), dtype=bool)
    csto_ids: list[set[str]] = [set() for _ in arr]
    if len(arrive):
        first = arrive.loc[arrive["t0"].idxmin()]
        bound = leave if len(leave) else arrive[arrive["level"].fillna("deployment") == "deployment"]
        t_end, last_id = pd.NaT, None
        if len(bound) and not bound["t1"].isna().any():
            last = bound.loc[bound["t1"].idxmax()]
            t_end, last_id = last["t1"], last["measure_id"]
        present = _mask(first["t0"], t_end, arr)
        for r in pd.concat([arrive, leave]).itertuples(index=False):
            on = _mask(r.t0, r.t1, arr) & present
            if r.level == "withdrawal":
                withdrawing |= on
            for k in np.flatnonzero(on):
                csto_ids[k].add(r.measure_id)
        for k in np.flatnonzero(present):
            csto_ids[k].update(x for x in (first["measure_id"], last_id) if x)
    out["csto_present"] = present
    out["csto_withdrawing"] = withdrawing
    out["csto_measure_ids"] = pd.array([_ids(s) for s in csto_ids], dtype="string")
    return out


# --------------------------------------------------------------------------- milestones
#: Milestone keys :func:`milestones` can return, in the order used for one day's label.
MILESTONE_KEYS: tuple[str, ...] = (
    "protests_begin", "mass_protest", "government_resignation", "soe_start", "csto_request",
    "csto_arrival", "shoot_to_kill", "day_of_mourning", "csto_withdrawal", "soe_end",
)
_MILESTONE_LABELS = {
    "government_resignation": "Government dismissed",
    "soe_start": "State of emergency",
    "csto_request": "CSTO asked for troops",
    "csto_arrival": "CSTO troops arrive",
    "shoot_to_kill": "'Shoot to kill' order",
    "day_of_mourning": "Day of mourning",
    "csto_withdrawal": "CSTO withdrawal begins",
    "soe_end": "State of emergency ends",
}
#: Measures drawn as bands (or not drawn): their one-off rows are not milestones.
_NOT_MILESTONES = {"foreign_statement", "state_of_emergency", "curfew", "internet_shutdown",
                   "messenger_block", "counter_terrorist_operation", "foreign_deployment", "price_cap",
                   "export_ban", "bank_suspension"}


def _place_names(places: pd.DataFrame | None) -> dict[str, str]:
    if places is None or "name" not in places.columns:
        return {}
    return dict(zip(places["place_id"].astype(str), places["name"].astype(str)))


def milestones(measures: pd.DataFrame | None = None, events: pd.DataFrame | None = None, *,
               start: DateLike = None, end: DateLike = None, places: pd.DataFrame | None = None,
               mass_protest_places: Sequence[str] = ("almaty",), min_crowd: int = 1000,
               event_types: Sequence[str] | None = None) -> pd.DataFrame:
    """Dated turning points, each taken from rows of the tables (never typed in).

    From ``events`` (counted types as in :func:`places_by_day`): ``protests_begin`` (the
    first day with a counted event, naming its places) and ``mass_protest`` (for each of
    ``mass_protest_places``, the first counted event there whose ``size_low`` is at least
    ``min_crowd``). From ``measures``: ``government_resignation``, ``soe_start`` (first
    start of a state of emergency), ``csto_request`` (``foreign_assistance_request``),
    ``csto_arrival`` (first ``foreign_deployment`` arrival/deployment), ``shoot_to_kill``,
    ``day_of_mourning``, ``csto_withdrawal`` (first start of a withdrawal row) and
    ``soe_end`` (the day the last state of emergency ended, i.e. the date of its end
    moment; absent while any is open), each on its row's start date; plus every other
    one-off act (end = start) of a measure that is not a band or a statement (e.g.
    ``leadership_change``, ``amnesty``) under its measure name.

    ``places`` (optional) gives place names for labels. Returns columns ``date, key,
    label, ids`` (the event_ids or measure_ids it comes from), sorted by date and
    :data:`MILESTONE_KEYS` order, clipped to ``start``/``end`` if given.
    """
    rows: list[tuple[pd.Timestamp, str, str, Any]] = []
    names = _place_names(places)
    if events is not None and len(events):
        from .spread import COUNTED_EVENT_TYPES, counted_events

        types = COUNTED_EVENT_TYPES if event_types is None else tuple(event_types)
        ev = counted_events(events, event_types=types, max_time_precision=1)
        if len(ev):
            d0 = ev["date"].min()
            first = ev[ev["date"] == d0]
            pids = list(dict.fromkeys(first["place_id"]))
            where = [names.get(p, p.replace("-", " ").title()) for p in pids]
            label = "Protests begin in " + (where[0] if len(where) == 1 else
                                             ", ".join(where[:-1]) + " and " + where[-1])
            rows.append((d0, "protests_begin", label, _ids(first["event_id"])))
            size = pd.to_numeric(ev["size_low"], errors="coerce") if "size_low" in ev.columns else None
            for p in mass_protest_places:
                if size is None:
                    break
                big = ev[(ev["place_id"] == p) & (size >= min_crowd).fillna(False).to_numpy()]
                if len(big):
                    d = big["date"].min()
                    rows.append((d, "mass_protest", f"Mass protest in {names.get(p, p.replace('-', ' ').title())}",
                                 _ids(big.loc[big["date"] == d, "event_id"])))
    if measures is not None and len(measures):
        m = _intervals(measures)

        def first_of(sel: pd.Series, key: str) -> None:
            part = m[sel.to_numpy()]
            if len(part):
                d = part["start"].min()
                rows.append((d, key, _MILESTONE_LABELS[key], _ids(part.loc[part["start"] == d, "measure_id"])))

        lv = m["level"].fillna("")
        first_of(m["measure"] == "government_resignation", "government_resignation")
        first_of(m["measure"] == "state_of_emergency", "soe_start")
        first_of(m["measure"] == "foreign_assistance_request", "csto_request")
        first_of((m["measure"] == "foreign_deployment") & ~lv.isin(_NOT_PRESENT), "csto_arrival")
        first_of(m["measure"] == "shoot_to_kill_order", "shoot_to_kill")
        first_of(m["measure"] == "day_of_mourning", "day_of_mourning")
        first_of((m["measure"] == "foreign_deployment") & (lv == "withdrawal"), "csto_withdrawal")
        soe = m[m["measure"] == "state_of_emergency"]
        if len(soe) and not soe["t1"].isna().any():
            t1 = soe["t1"].max()
            rows.append((t1.normalize(), "soe_end", _MILESTONE_LABELS["soe_end"],
                         _ids(soe.loc[soe["t1"] == t1, "measure_id"])))
        covered = {"government_resignation", "foreign_assistance_request", "shoot_to_kill_order",
                   "day_of_mourning"} | _NOT_MILESTONES
        for r in m[m["one_off"] & ~m["measure"].isin(covered)].itertuples(index=False):
            label = r.measure.replace("_", " ").capitalize() + (f" ({r.level_text})" if r.level_text else "")
            rows.append((r.start, r.measure, label, r.measure_id))
    out = pd.DataFrame(rows, columns=["date", "key", "label", "ids"])
    out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]")
    s, e = _day(start, "start"), _day(end, "end")
    if s is not None:
        out = out[out["date"] >= s]
    if e is not None:
        out = out[out["date"] <= e]
    order = {k: i for i, k in enumerate(MILESTONE_KEYS)}
    out = out.assign(_o=out["key"].map(lambda k: order.get(k, len(order))))
    out = out.sort_values(["date", "_o", "key"], kind="stable").drop(columns="_o").reset_index(drop=True)
    for c in ("key", "label", "ids"):
        out[c] = _string(out[c])
    return out


# --------------------------------------------------------------------------- casualties
_SERIES_COLS = ["date", "value", "low", "high", "value_text", "report_id", "reporting_body", "report_date"]
_REPORT_COLS = ["date", "value", "low", "high", "value_text", "report_id", "reporting_body"]


@dataclass(frozen=True)
class CasualtySeries:
    """The result of :func:`casualty_series`.

    ``series``: one row per day (columns ``date, value, low, high, value_text, report_id,
    reporting_body, report_date``) with the best-known figure as of that day.
    ``retracted``: the retracted reports published in the window (``date, value, low,
    high, value_text, report_id, reporting_body``), never counted.
    ``ignored``: the other reports of the window that did not become the best-known
    figure, with a ``reason`` column.
    """

    series: pd.DataFrame
    retracted: pd.DataFrame
    ignored: pd.DataFrame
    metric: str
    population: str
    scope: str
    bodies: tuple[str, ...] | None = field(default=None)

    def changes(self) -> pd.DataFrame:
        """Return the rows of ``series`` on the days a newly published report became the
        best-known figure (the steps of the series), in date order."""
        s = self.series.dropna(subset=["report_id"])
        return s[s["date"] == s["report_date"]]


def _report_frame(reports: pd.DataFrame) -> pd.DataFrame:
    cols = ("report_id", "report_date", "reporting_body", "metric", "population", "scope",
            "value_text", "value_low", "value_high", "retracted")
    r = _require(reports, cols, _REPORTS).copy()
    r["report_date"] = _dates(r["report_date"], _REPORTS, "report_date")
    for c in ("report_id", "reporting_body", "metric", "population", "scope", "value_text"):
        r[c] = r[c].astype("object").map(_str)
    r["revises"] = r["revises"].astype("object").map(_str) if "revises" in r.columns else None
    r["low"] = pd.to_numeric(r["value_low"], errors="coerce").astype("Float64").round().astype("Int64")
    r["high"] = pd.to_numeric(r["value_high"], errors="coerce").astype("Float64").round().astype("Int64")
    r["value"] = r["low"].fillna(r["high"])
    r["approx"] = _flags(r["value_approx"]) if "value_approx" in r.columns else False
    r["retracted"] = _flags(r["retracted"])
    return r


def _flag(v: Any) -> bool:
    """A yes/no cell: the text "true", "1" or "yes" (any case, spaces around) or a true non-text value
    (True, 1) is yes; anything else, a missing value included, is no."""
    if isinstance(v, str):
        return v.strip().lower() in ("true", "1", "yes")
    return _str(v) is not None and bool(v)


def _flags(col: pd.Series) -> pd.Series:
    return (col if col.dtype == bool else col.astype("object").map(_flag)).astype(bool)


def _rank(c: pd.DataFrame) -> pd.DataFrame:
    """Candidates ordered best first: highest value, then a closed and lower upper bound,
    then exact before approximate, then report_id."""
    return c.assign(_v=-c["value"].astype("float64"), _open=c["high"].isna(),
                    _h=c["high"].astype("float64").fillna(np.inf)).sort_values(
        ["_v", "_open", "_h", "approx", "report_id"], kind="stable").drop(columns=["_v", "_open", "_h"])


def casualty_series(reports: pd.DataFrame, metric: str, population: str = "all",
                    scope: str = "national", *, bodies: str | Sequence[str] | None = None,
                    start: DateLike = None, end: DateLike = None) -> CasualtySeries:
    """The best-known figure of one metric as of each day, with its low/high envelope.

    Accepts the casualty reports (kzlib casualty_reports.csv: ``report_id, report_date,
    reporting_body, metric, population, scope, value_text, value_low, value_high,
    retracted`` and optionally ``revises``, ``value_approx``), the ``metric``,
    ``population`` and ``scope`` to follow (exact matches), optionally the reporting
    bodies to use (one name or several; default all), and a window (default: first to
    last matching report).

    The rule:

    1. Each report counts from the day it was published (``report_date``; ``as_of`` is
       not used) and stays the best-known figure until a later report replaces it.
    2. Retracted reports never count; they are returned in ``.retracted``.
    3. A report's figure is its lower bound ``value_low`` (what the source at least
       says; ``value_high`` if there is no lower bound); ``low``/``high`` carry the range,
       and an open upper bound ("more than 1,000") is NA.
    4. Several reports on one day (from one or several bodies): the highest figure wins;
       ties go to a closed, then narrower range, then an exact figure, then the smaller
       report_id.
    5. For cumulative metrics (killed, injured, detained, arrested, convicted) a lower
       figure replaces the best-known one only if it ``revises`` a report of the same
       metric, population and scope (a marked downward correction); otherwise it is taken
       for a partial count or subset and set aside in ``.ignored``. Stock metrics
       (hospitalised, in intensive care, ...) take the day's figure even if lower.
    6. Reports before ``start`` set the figure the window opens with; days before the
       first report are NA.

    Returns a :class:`CasualtySeries` (``.series`` one row per day, ``.retracted``,
    ``.ignored``). Raises ValueError for an unknown metric, KzDataError for missing
    columns or bad dates.
    """
    if metric not in METRICS:
        raise ValueError(f"metric {metric!r}: expected one of {', '.join(METRICS)}")
    r = _report_frame(reports)
    same = r[(r["metric"] == metric) & (r["population"] == population) & (r["scope"] == scope)]
    related = set(same["report_id"].dropna())
    names: tuple[str, ...] | None = None
    if bodies is not None:
        names = (bodies,) if isinstance(bodies, str) else tuple(bodies)
        same = same[same["reporting_body"].isin(names)]
    same = same.sort_values(["report_date", "report_id"], kind="stable")
    window = _window(start, end, same["report_date"].min() if len(same) else None,
                     same["report_date"].max() if len(same) else None)
    days = _days(window)
    s, e = (window if window is not None else (None, None))

    def frame(rows: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
        out = pd.DataFrame({
            "date": rows["report_date"].to_numpy(dtype="datetime64[ns]"),
            "value": _int(rows["value"]), "low": _int(rows["low"]), "high": _int(rows["high"]),
            "value_text": _string(rows["value_text"]), "report_id": _string(rows["report_id"]),
            "reporting_body": _string(rows["reporting_body"]),
        })
        if "reason" in cols:
            out["reason"] = _string(rows["reason"])
        return out[cols].reset_index(drop=True)

    in_window = (same["report_date"] >= s) & (same["report_date"] <= e) if window else same["report_id"].isna()
    retracted = frame(same[same["retracted"] & in_window], _REPORT_COLS)

    live = same[~same["retracted"] & same["value"].notna()]
    if e is not None:
        live = live[live["report_date"] <= e]
    cumulative = metric in CUMULATIVE_METRICS
    current: pd.Series | None = None
    changes: list[pd.Series] = []
    ignored: list[pd.Series] = []
    for _, group in live.groupby("report_date", sort=True):
        ranked = _rank(group)
        pick = None
        if current is None or not cumulative:
            pick = ranked.iloc[0]
        else:
            revising = ranked[ranked["revises"].isin(related)] if ranked["revises"].notna().any() else ranked.iloc[:0]
            higher = ranked[ranked["value"] >= current["value"]]
            if len(revising):
                pick = revising.iloc[0]
            elif len(higher):
                pick = higher.iloc[0]
        for _, row in ranked.iterrows():
            if pick is not None and row["report_id"] == pick["report_id"]:
                continue
            why = ("not the day's chosen figure" if pick is not None
                   else "lower than the best-known figure and revises nothing")
            ignored.append(pd.concat([row, pd.Series({"reason": why})]))
        if pick is not None:
            current = pick
            changes.append(pick)

    chosen = pd.DataFrame(changes) if changes else live.iloc[:0]
    pos = (np.searchsorted(chosen["report_date"].to_numpy(dtype="datetime64[ns]"), days.to_numpy(), side="right") - 1
           if len(chosen) else np.full(len(days), -1))
    picked = [chosen.iloc[p] if p >= 0 else None for p in pos]

    def col(name: str) -> list[Any]:
        return [None if p is None else p[name] for p in picked]

    series = pd.DataFrame({
        "date": days,
        "value": _int(col("value")), "low": _int(col("low")), "high": _int(col("high")),
        "value_text": _string(col("value_text")), "report_id": _string(col("report_id")),
        "reporting_body": _string(col("reporting_body")),
        "report_date": pd.to_datetime(pd.Series(col("report_date"), dtype="object")).astype("datetime64[ns]"),
    })
    ign = pd.DataFrame(ignored) if ignored else live.iloc[:0].assign(reason=None)
    if window is not None and len(ign):
        ign = ign[(ign["report_date"] >= s) & (ign["report_date"] <= e)]
    return CasualtySeries(series=series, retracted=retracted,
                          ignored=frame(ign, _REPORT_COLS + ["reason"]),
                          metric=metric, population=population, scope=scope, bodies=names)


# --------------------------------------------------------------------------- tables
#: The reported series of the escalation table: (column prefix, metric, population).
ESCALATION_SERIES: tuple[tuple[str, str, str], ...] = (
    ("killed", "killed", "all"), ("injured", "injured", "all"), ("detained", "detained", "all"),
    ("security_killed", "killed", "security_forces"),
)
#: Milestones drawn on the escalation figure by default.
ESCALATION_MILESTONES: tuple[str, ...] = (
    "protests_begin", "mass_protest", "government_resignation", "soe_start", "csto_arrival",
    "shoot_to_kill", "csto_withdrawal", "soe_end",
)


def escalation_table(events: pd.DataFrame, measures: pd.DataFrame, reports: pd.DataFrame,
                     start: DateLike = "2022-01-01", end: DateLike = "2022-01-19", *,
                     places: pd.DataFrame | None = None,
                     regions: pd.DataFrame | Sequence[str] | None = None,
                     bodies: str | Sequence[str] | None = None,
                     series: Sequence[tuple[str, str, str]] = ESCALATION_SERIES,
                     milestone_keys: Sequence[str] = ESCALATION_MILESTONES) -> pd.DataFrame:
    """All daily numbers of the escalation figure, one row per day of the window, no gaps.

    Accepts the events, measures and casualty reports frames, the window (default 1-19
    January 2022), the gazetteer and units (defaults: :func:`kzlib.load_places`,
    :func:`kzlib.load_regions`), the reporting bodies for the figures (default all) and
    which reported series and milestones to include.

    Returns columns, in order: ``date``; ``events_<type>`` per ACLED event type (slug,
    e.g. ``events_riots``) and ``events_total`` (:func:`daily_counts`); ``places_active,
    places_new, places_cumulative, places_new_ids`` (:func:`places_by_day`); per reported
    series ``<name>`` (the best-known figure), ``<name>_low``, ``<name>_high``,
    ``<name>_text``, ``<name>_report_id``, ``<name>_retracted`` (the largest retracted
    figure published that day) and ``<name>_retracted_ids`` (:func:`casualty_series`,
    national scope); the columns of :func:`measures_by_day`; ``milestones`` (labels of the
    day joined by `` · ``) and ``milestone_ids``.
    """
    if places is None:
        from .load import load_places

        places = load_places()
    counts = daily_counts(events, "event_type", start, end)
    types = [c for c in counts.columns if c != "date"]
    out = pd.DataFrame({"date": counts["date"]})
    for t in types:
        out[f"events_{slug(t)}"] = counts[t]
    out["events_total"] = counts[types].sum(axis=1).astype("int64") if types else 0
    pl = places_by_day(events, start, end)
    for c in ("active", "new", "cumulative"):
        out[f"places_{c}"] = pl[c].to_numpy()
    out["places_new_ids"] = pl["new_place_ids"].array
    for name, metric, population in series:
        cs = casualty_series(reports, metric, population, "national", bodies=bodies, start=start, end=end)
        s = cs.series
        out[name] = s["value"].array
        out[f"{name}_low"] = s["low"].array
        out[f"{name}_high"] = s["high"].array
        out[f"{name}_text"] = s["value_text"].array
        out[f"{name}_report_id"] = s["report_id"].array
        ret = cs.retracted
        top = ret.groupby("date")["value"].max() if len(ret) else pd.Series(dtype="Int64")
        rids = ret.groupby("date")["report_id"].agg(_ids) if len(ret) else pd.Series(dtype="string")
        out[f"{name}_retracted"] = _int([top.get(d) for d in out["date"]])
        out[f"{name}_retracted_ids"] = pd.array([rids.get(d, pd.NA) for d in out["date"]], dtype="string")
    mb = measures_by_day(measures, start, end, regions=regions, places=places)
    for c in mb.columns:
        if c != "date":
            out[c] = mb[c].array
    ms = milestones(measures, events, start=start, end=end, places=places)
    ms = ms[ms["key"].isin(list(milestone_keys))]
    labels = ms.groupby("date")["label"].agg(lambda v: " · ".join(v))
    mids = ms.groupby("date")["ids"].agg(lambda v: _ids(";".join(v).split(";")))
    out["milestones"] = pd.array([labels.get(d, pd.NA) for d in out["date"]], dtype="string")
    out["milestone_ids"] = pd.array([mids.get(d, pd.NA) for d in out["date"]], dtype="string")
    return out


def toll_history_table(reports: pd.DataFrame, metrics: Sequence[str] = ("killed", "detained"),
                       population: str = "all", scope: str = "national", *,
                       start: DateLike = "2022-01-05", end: DateLike = "2022-08-31") -> pd.DataFrame:
    """Every report of ``metrics`` in the window, and how each body's series uses it.

    Accepts the casualty reports, the metrics, population and scope to show, and the
    window (default 5 January to 31 August 2022). Each reporting body's figures are run
    through :func:`casualty_series` on their own (``bodies=[body]``), so competing bodies
    stay side by side.

    Returns one row per report, sorted by metric, date and report_id, with columns
    ``metric, date, reporting_body, value, low, high, value_text, report_id, revises,
    status`` where ``status`` is ``"counted"`` (it became that body's best-known
    figure), ``"retracted"``, or ``"ignored"`` (lower than the body's figure on the same
    day, or a lower figure that revises nothing).
    """
    r = _report_frame(reports)
    frames = []
    for metric in metrics:
        sel = r[(r["metric"] == metric) & (r["population"] == population) & (r["scope"] == scope)]
        for body in sorted(sel["reporting_body"].dropna().unique()):
            cs = casualty_series(reports, metric, population, scope, bodies=body, start=start, end=end)
            counted = cs.changes()
            for part, status in ((counted[_REPORT_COLS], "counted"), (cs.retracted, "retracted"),
                                 (cs.ignored[_REPORT_COLS], "ignored")):
                if len(part):
                    frames.append(part.assign(metric=metric, status=status))
    cols = ["metric", "date", "reporting_body", "value", "low", "high", "value_text", "report_id",
            "revises", "status"]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in cols}).assign(
            date=pd.Series(dtype="datetime64[ns]"), value=pd.Series(dtype="Int64"),
            low=pd.Series(dtype="Int64"), high=pd.Series(dtype="Int64"))[cols]
    out = pd.concat(frames, ignore_index=True)
    revises = dict(zip(r["report_id"], r["revises"]))
    out["revises"] = _string([revises.get(i) for i in out["report_id"]])
    out["metric"] = _string(out["metric"])
    out["status"] = _string(out["status"])
    order = {m: i for i, m in enumerate(metrics)}
    out = out.assign(_m=out["metric"].map(order)).sort_values(["_m", "date", "report_id"], kind="stable")
    return out.drop(columns="_m")[cols].reset_index(drop=True)
