"""Where and when the unrest first showed, how far each place is from Zhanaozen, and the pace.

* :func:`first_seen` — per place, the first local day with a counted event, its offset in
  days from the first protest in Zhanaozen, its rank, the evidence and the distance.
* :func:`first_by_region` — the same, per first-level unit (the earliest of its places).
* :func:`distance_km` — geodesic distance on the WGS84 ellipsoid (``pyproj.Geod``).
* :func:`spread_pace` — places reached per day, the distance frontier, and a plain
  least-squares line of distance on arrival day with a bootstrap interval.

Which events count (:data:`COUNTED_EVENT_TYPES`): ACLED's ``Protests`` and ``Riots`` (people
in the street), plus ``Battles`` and ``Violence against civilians`` at a place (in January
2022 these were clashes with or shootings at crowds, i.e. unrest on the spot). ``Strategic
developments`` (arrests, deployments, agreements, looting reported without a crowd event)
and ``Explosions/Remote violence`` do not count: they date a place by state or security
activity rather than by unrest. Events whose date is only known to the week or month
(``time_precision`` 2 or 3) do not count by default, because they cannot date a first day;
nor, for :func:`first_seen`, do reports that name only the region (``geo_precision`` 3, placed
at its centre by convention), because they cannot date a place. All of this can be changed by
arguments. Dates are the events' own local calendar dates.

The functions read only the common event columns (``event_id``, ``date``, ``place_id``,
``event_type`` and, if present, ``time_precision``), so frames from the ACLED/UCDP readers
work the same. A place missing from places.csv is placed by the frame's own ``latitude``
and ``longitude`` columns (and ``region_id`` if present, else by point-in-polygon).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .errors import KzDataError, Problem

__all__ = [
    "COUNTED_EVENT_TYPES", "ORIGIN", "alternative_accounts", "alternative_mask", "counted_events",
    "first_seen", "first_by_region", "distance_km", "distances_from", "spread_pace", "SpreadPace", "PaceFit",
]

#: ACLED event types that mark protest or unrest at a place (see the module docstring).
COUNTED_EVENT_TYPES: tuple[str, ...] = ("Protests", "Riots", "Violence against civilians", "Battles")
#: The place the unrest started from; offsets and distances are measured from it.
ORIGIN: str = "zhanaozen"

_REQUIRED = ("event_id", "date", "place_id", "event_type")
_EVENTS = "events (DataFrame)"
_PLACES = "places (DataFrame)"


# --------------------------------------------------------------------------- distances
def _geod():
    from pyproj import Geod

    return Geod(ellps="WGS84")


def _check_latlon(lat: Any, lon: Any, what: str) -> tuple[float, float]:
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise TypeError(f"{what}: expected a place_id or a (lat, lon) pair of numbers, got {(lat, lon)!r}")
    if not (np.isfinite(lat_f) and np.isfinite(lon_f)) or not -90 <= lat_f <= 90 or not -180 <= lon_f <= 180:
        raise ValueError(f"{what}: latitude must be in [-90, 90] and longitude in [-180, 180], "
                         f"got ({lat!r}, {lon!r})")
    return lat_f, lon_f


def _places_file(places: pd.DataFrame | None) -> tuple[pd.DataFrame, str]:
    if places is not None:
        return places, _PLACES
    from . import paths
    from .load import load_places
    from .validate import _display

    return load_places(), _display(paths.table_path("places"))


def _point(x: Any, places: pd.DataFrame | None, file: str, what: str) -> tuple[float, float]:
    if isinstance(x, str):
        hit = places.loc[places["place_id"] == x] if places is not None else places
        if hit is None or hit.empty:
            raise KzDataError.one(file, "a place_id of places.csv", column="place_id", value=x)
        return _check_latlon(hit["latitude"].iloc[0], hit["longitude"].iloc[0], what)
    if isinstance(x, (tuple, list, np.ndarray)) and len(x) == 2:
        return _check_latlon(x[0], x[1], what)
    raise TypeError(f"{what}: expected a place_id or a (lat, lon) pair, got {x!r}")


def distance_km(a: str | tuple[float, float], b: str | tuple[float, float],
                places: pd.DataFrame | None = None) -> float:
    """Return the geodesic distance in km between ``a`` and ``b`` on the WGS84 ellipsoid.

    Each of ``a`` and ``b`` is a ``(lat, lon)`` pair in degrees or a ``place_id`` of
    ``places`` (default: :func:`kzlib.load_places`, read only if a place id is given).
    Uses ``pyproj.Geod(ellps="WGS84").inv`` (Karney's algorithm, accurate to nanometres).
    Raises :class:`~kzlib.KzDataError` for an unknown place id, ``TypeError`` or
    ``ValueError`` for a malformed or out-of-range pair.
    """
    file = _PLACES
    if places is None and (isinstance(a, str) or isinstance(b, str)):
        places, file = _places_file(None)
    lat1, lon1 = _point(a, places, file, "a")
    lat2, lon2 = _point(b, places, file, "b")
    _, _, metres = _geod().inv(lon1, lat1, lon2, lat2)
    return float(metres) / 1000.0


def distances_from(lat: float, lon: float, lats: Iterable[float], lons: Iterable[float]) -> np.ndarray:
    """Return geodesic distances in km from (``lat``, ``lon``) to each point (vectorised)."""
    lats_a = np.asarray(list(lats), dtype=float)
    lons_a = np.asarray(list(lons), dtype=float)
    if lats_a.size == 0:
        return np.zeros(0)
    ok = np.isfinite(lats_a) & np.isfinite(lons_a)
    out = np.full(lats_a.shape, np.nan)
    if ok.any():
        _, _, m = _geod().inv(np.full(ok.sum(), float(lon)), np.full(ok.sum(), float(lat)),
                              lons_a[ok], lats_a[ok])
        out[ok] = np.asarray(m) / 1000.0
    return out


# --------------------------------------------------------------------------- first_seen
def _check_events(events: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(events, pd.DataFrame):
        raise TypeError(f"events: expected a pandas DataFrame, got {type(events).__name__}")
    missing = [c for c in _REQUIRED if c not in events.columns]
    if missing:
        raise KzDataError([Problem(_EVENTS, None, c, "(absent)", "an event-schema column")
                           for c in missing])
    ev = events.reset_index(drop=True).copy()
    dates = pd.to_datetime(ev["date"], errors="coerce")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    bad = dates.isna() | ev["place_id"].isna() | ev["event_id"].isna()
    if bad.any():
        probs = []
        for i in np.flatnonzero(bad.to_numpy()):
            col = "date" if pd.isna(dates.iloc[i]) else ("place_id" if pd.isna(ev["place_id"].iloc[i])
                                                          else "event_id")
            probs.append(Problem(_EVENTS, int(i) + 2, col, str(ev[col].iloc[i]),
                                 "a local date YYYY-MM-DD" if col == "date" else "a non-empty id"))
        raise KzDataError(probs)
    ev["date"] = dates.dt.normalize()
    for c in ("event_id", "place_id", "event_type"):
        ev[c] = ev[c].astype("object").where(ev[c].notna(), None).map(lambda v: None if v is None else str(v))
    return ev


def _gazetteer(ev: pd.DataFrame, places: pd.DataFrame, file: str, need: Iterable[str],
               units: Any = None) -> pd.DataFrame:
    """Return name, region_id, latitude, longitude for every place id in ``need``."""
    need = list(dict.fromkeys(need))
    known = places.drop_duplicates("place_id").set_index("place_id")
    rows: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    has_xy = "latitude" in ev.columns and "longitude" in ev.columns
    name_col = next((c for c in ("place_name", "location", "name") if c in ev.columns), None)
    for pid in need:
        if pid in known.index:
            r = known.loc[pid]
            rows[pid] = {"name": str(r.get("name", pid)), "region_id": r.get("region_id"),
                         "latitude": float(r["latitude"]), "longitude": float(r["longitude"])}
            continue
        sub = ev[ev["place_id"] == pid]
        xy = sub[["latitude", "longitude"]].apply(pd.to_numeric, errors="coerce").dropna() if has_xy else None
        if xy is None or xy.empty:
            i = int(sub.index[0])
            problems.append(Problem(_EVENTS, i + 2, "place_id", pid,
                                    f"a place_id of {file}, or latitude/longitude columns on the event"))
            continue
        lat, lon = _check_latlon(xy["latitude"].iloc[0], xy["longitude"].iloc[0], f"place {pid!r}")
        region = None
        if "region_id" in sub.columns and sub["region_id"].notna().any():
            region = str(sub["region_id"].dropna().iloc[0])
        name = str(sub[name_col].dropna().iloc[0]) if name_col and sub[name_col].notna().any() else pid
        rows[pid] = {"name": name, "region_id": region, "latitude": lat, "longitude": lon}
    if problems:
        raise KzDataError(problems)
    out = pd.DataFrame.from_dict(rows, orient="index",
                                 columns=["name", "region_id", "latitude", "longitude"])
    out.index.name = "place_id"
    if out["region_id"].isna().any():
        from .geo import load_boundaries, region_at

        units = load_boundaries("admin1") if units is None else units
        for pid in out.index[out["region_id"].isna()]:
            out.loc[pid, "region_id"] = region_at(out.loc[pid, "latitude"], out.loc[pid, "longitude"], units)
    return out


def alternative_mask(events: pd.DataFrame) -> np.ndarray:
    """True for each row of ``events`` that is another account of an event (``same_event_as``
    set, not empty); all False when the frame has no ``same_event_as`` column.

    Every count in kzlib skips these rows, so each event is counted once, on the row it points to.
    """
    n = len(events)
    if not isinstance(events, pd.DataFrame) or "same_event_as" not in events.columns:
        return np.zeros(n, dtype=bool)
    col = events["same_event_as"]
    if isinstance(col, pd.DataFrame):
        col = col.iloc[:, 0]
    na = col.isna().to_numpy()
    if na.all():
        return np.zeros(n, dtype=bool)
    return ~na & (col.astype("object").map(lambda v: str(v).strip() if _as_str(v) is not None else "")
                  != "").to_numpy()


def alternative_accounts(events: pd.DataFrame) -> pd.DataFrame:
    """Return the alternative accounts of ``events``: one row per row with ``same_event_as``.

    Columns: ``event_id`` (the alternative), ``same_event_as`` (the counted account),
    ``date``, ``counted_date`` (the counted account's date), ``place_id``, ``event_type``,
    ``size_text``, ``counted_size_text`` and ``notes`` of the alternative — what a reader needs to
    see how the accounts differ. Empty (same columns) when there are none.
    """
    cols = ["event_id", "same_event_as", "date", "counted_date", "place_id", "event_type", "size_text",
            "counted_size_text", "notes"]
    mask = alternative_mask(events)
    if not mask.any():
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    ev = events.reset_index(drop=True)
    alt = ev[mask]
    main = ev.drop_duplicates("event_id").set_index("event_id")
    get = lambda c: alt["same_event_as"].map(main[c]) if c in main.columns else None  # noqa: E731
    out = pd.DataFrame({
        "event_id": alt["event_id"].to_numpy(), "same_event_as": alt["same_event_as"].to_numpy(),
        "date": alt["date"].to_numpy(), "counted_date": get("date").to_numpy(),
        "place_id": alt["place_id"].to_numpy(), "event_type": alt["event_type"].astype("object").to_numpy(),
        "size_text": alt["size_text"].to_numpy() if "size_text" in alt else None,
        "counted_size_text": get("size_text").to_numpy() if "size_text" in main.columns else None,
        "notes": alt["notes"].to_numpy() if "notes" in alt else None,
    })
    return out.reset_index(drop=True)


def counted_events(events: pd.DataFrame, *, event_types: Sequence[str] = COUNTED_EVENT_TYPES,
                   max_time_precision: int | None = 1, max_geo_precision: int | None = None) -> pd.DataFrame:
    """Return the rows of ``events`` that count as protest/unrest (types and date precision).

    Rows with a missing ``time_precision`` are kept; ``max_time_precision=None`` keeps all.
    ``max_geo_precision`` (e.g. 2) also drops rows located less precisely (a missing
    ``geo_precision`` is kept); None keeps every row.
    Alternative accounts (``same_event_as`` set, see :func:`alternative_mask`) never count.
    """
    ev = _check_events(events)
    keep = ev["event_type"].isin(list(event_types)) & ~alternative_mask(ev)
    for col, most in (("time_precision", max_time_precision), ("geo_precision", max_geo_precision)):
        if most is not None and col in ev.columns:
            keep &= precision_at_most(ev[col], most)
    return ev[keep.to_numpy()]


_NS_DAY = 86_400_000_000_000


def _as_str(v: Any) -> str | None:
    """The text form ``_check_events`` gives a value: None if missing, else ``str(v)``."""
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def precision_at_most(values: pd.Series, most: float) -> np.ndarray:
    """True for each row whose precision code (``time_precision``, ``geo_precision``) is at most
    ``most`` or missing. Accepts a column of numbers or number text (text that is not a number
    counts as missing); returns a bool array. Numeric columns (Int64) are read without a copy."""
    if not pd.api.types.is_numeric_dtype(values.dtype):
        values = pd.to_numeric(values, errors="coerce")
    return values.to_numpy(dtype="float64", na_value=-np.inf) <= most   # missing: -inf, kept


def _has_na(col: pd.Series) -> bool:
    arr = col.array
    if isinstance(arr, pd.arrays.StringArray) and getattr(arr.dtype, "storage", None) == "python":
        from pandas._libs import lib

        # a python-backed StringArray holds only str and NA: all str means no NA
        if lib.is_string_array(arr._ndarray, skipna=False):
            return False
    return bool(col.isna().any())


@dataclass
class _Counted:
    """The counted rows of an event frame, as arrays (what :func:`first_seen` needs)."""

    src: pd.DataFrame          # frame the rows are taken from (positional)
    rows: np.ndarray           # positions of the counted rows in ``src``
    pos: np.ndarray            # their row positions in the caller's frame
    days: np.ndarray           # their local day, as int64 days since 1970-01-01
    place_ids: Any             # their place_id values (raw)
    event_types: Any           # their event_type values (raw)

    def event_ids(self, mask: np.ndarray) -> Any:
        return self.src["event_id"].iloc[self.rows[mask]].to_numpy(dtype=object)


def _counted_arrays(events: pd.DataFrame, event_types: Sequence[str],
                    max_time_precision: int | None, max_geo_precision: int | None = None) -> _Counted:
    """Return the rows :func:`counted_events` keeps, without copying or converting the frame.

    Same checks and errors as :func:`counted_events` (it is called to raise them); frames
    whose ``date`` is not tz-naive datetime64[ns] go through :func:`counted_events` itself.
    """
    if (not isinstance(events, pd.DataFrame) or any(c not in events.columns for c in _REQUIRED)
            or events.columns.duplicated().any() or events["date"].dtype != np.dtype("datetime64[ns]")):
        ev = counted_events(events, event_types=event_types, max_time_precision=max_time_precision,
                            max_geo_precision=max_geo_precision)
        days = ev["date"].to_numpy(dtype="datetime64[ns]").view("int64") // _NS_DAY
        return _Counted(ev, np.arange(len(ev)), ev.index.to_numpy(), days,
                        ev["place_id"].to_numpy(dtype=object), ev["event_type"].to_numpy(dtype=object))
    date = events["date"].to_numpy()
    if np.isnat(date).any() or _has_na(events["place_id"]) or _has_na(events["event_id"]):
        _check_events(events)  # raises the KzDataError naming the bad rows
    et = events["event_type"]
    wanted = list(event_types)
    na_ok = bool(pd.Series([None], dtype=object).isin(wanted).iloc[0])
    if isinstance(et.dtype, pd.CategoricalDtype):
        et_codes, et_uniq = et.cat.codes.to_numpy(), et.cat.categories
    else:
        et_codes, et_uniq = pd.factorize(et)
    ok = pd.Series([_as_str(v) for v in et_uniq], dtype=object).isin(wanted).to_numpy()
    keep = np.append(ok, na_ok)[et_codes]  # code -1 (missing) takes the last entry
    for col, most in (("time_precision", max_time_precision), ("geo_precision", max_geo_precision)):
        if most is not None and col in events.columns:
            keep &= precision_at_most(events[col], most)
    keep &= ~alternative_mask(events)
    rows = np.flatnonzero(keep)
    days = date.view("int64")[rows] // _NS_DAY
    pid = events["place_id"]
    pid = pid.array._ndarray[rows] if isinstance(pid.array, pd.arrays.StringArray) else pid.iloc[rows]
    return _Counted(events, rows, rows, days, pid, et.iloc[rows])


def _gazetteer_rows(c: _Counted, codes: np.ndarray, uniq: list[Any], places: pd.DataFrame) -> pd.DataFrame:
    """The counted rows (as :func:`_check_events` gives them) of places missing from ``places``."""
    known = set(places["place_id"].drop_duplicates())
    missing = np.array([u not in known for u in uniq] + [False], dtype=bool)
    take = missing[codes] if len(codes) else np.zeros(0, dtype=bool)
    if not take.any():
        return c.src.iloc[:0]
    sub = c.src.iloc[c.rows[take]].copy()
    sub.index = c.pos[take]
    for col in ("event_id", "place_id", "event_type"):
        sub[col] = sub[col].astype("object").where(sub[col].notna(), None).map(_as_str)
    return sub


def first_seen(events: pd.DataFrame, places: pd.DataFrame | None = None, *,
               event_types: Sequence[str] = COUNTED_EVENT_TYPES, max_time_precision: int | None = 1,
               max_geo_precision: int | None = 2, origin: str | None = ORIGIN, units: Any = None) -> pd.DataFrame:
    """Return one row per place with its first local day of protest/unrest.

    Accepts an event frame with at least ``event_id``, ``date`` (local date), ``place_id``
    and ``event_type`` (kzlib events.csv, or the ACLED/UCDP readers' output) and the
    gazetteer ``places`` (default :func:`kzlib.load_places`). Only events of
    ``event_types`` dated to the day (``time_precision`` <= ``max_time_precision``) and
    located at or near the place (``geo_precision`` <= ``max_geo_precision``; a report that
    names only the region, geo_precision 3, does not date its centre; None counts it) count.

    Returns a DataFrame sorted by ``first_date``, then distance, with columns:

    ``place_id, name, region_id, latitude, longitude``;
    ``first_date`` (datetime64, the first local day with a counted event);
    ``day_offset`` (int, days after the origin date: the first ``Protests`` event at
    ``origin`` (a place_id; default Zhanaozen); if there is none, the earliest counted event
    of the frame. ``origin=None`` takes the place of the earliest counted event (ties: a
    ``Protests`` event first, then the smallest place_id) — use it for any other country);
    ``order`` (int, competition rank of ``first_date``: places on the same day share it,
    the next day's rank skips, so ``order`` = 1 + number of places reached earlier);
    ``distance_km`` (geodesic from ``origin``; NaN if its coordinates are unknown);
    ``n_first_day`` and ``n_events`` (counted events on the first day / in all);
    ``evidence`` (event ids on the first day, with the alternative accounts of those events
    (``same_event_as``), sorted, ``;``-joined; the counts count each event once);
    ``first_day_types`` (their event types, sorted, ``;``-joined; an event of unknown type, counted
    when ``event_types`` holds ``None``, adds none).

    ``df.attrs`` holds ``origin``, ``origin_date``, ``origin_basis`` and ``event_types``.
    ``units`` (optional) is the admin1 GeoDataFrame used to find the region of a place that
    is not in ``places`` and whose rows carry no ``region_id``.
    Raises :class:`~kzlib.KzDataError` for missing columns, bad dates or a place that is
    neither in ``places`` nor carries coordinates.
    """
    cnt = _counted_arrays(events, event_types, max_time_precision, max_geo_precision)
    places, file = _places_file(places)
    cols = ["place_id", "name", "region_id", "latitude", "longitude", "first_date", "day_offset",
            "order", "distance_km", "n_first_day", "n_events", "evidence", "first_day_types"]
    codes, uniq = pd.factorize(cnt.place_ids, use_na_sentinel=False)
    uniq_str = [_as_str(u) for u in uniq]
    if len(set(uniq_str)) != len(uniq_str):  # distinct raw values with the same text
        recode, uniq_idx = pd.factorize(pd.Index(uniq_str, dtype=object))
        codes, uniq_str = recode[codes], list(uniq_idx)
    if origin is None and len(uniq_str):
        protest = np.array([_as_str(t) == "Protests" for t in cnt.event_types], dtype=bool)
        key = pd.DataFrame({"day": cnt.days, "np": ~protest,
                            "pid": np.array(uniq_str, dtype=object)[codes]})
        origin = str(key.sort_values(["day", "np", "pid"], kind="stable")["pid"].iloc[0])
    need = list(uniq_str)
    if origin and origin in set(places["place_id"]):
        need.append(origin)
    gaz = _gazetteer(_gazetteer_rows(cnt, codes, uniq_str, places), places, file, need, units)

    n = len(uniq_str)
    et_codes, et_uniq = pd.factorize(cnt.event_types, use_na_sentinel=False)
    et_str = np.array([_as_str(t) for t in et_uniq] + [None], dtype=object)
    is_protest = (et_str == "Protests")[et_codes]
    o = uniq_str.index(origin) if origin in uniq_str else -1
    at_origin = (codes == o) & is_protest if o >= 0 else np.zeros(len(codes), dtype=bool)
    if at_origin.any():
        origin_date = pd.Timestamp(int(cnt.days[at_origin].min()) * _NS_DAY)
        basis = f"first protest in {gaz.loc[origin, 'name']}"
    elif n:
        origin_date, basis = pd.Timestamp(int(cnt.days.min()) * _NS_DAY), \
            f"earliest counted event ({origin!r} has no protest)"
    else:
        origin_date, basis = pd.NaT, "no counted events"
    attrs = {"origin": origin, "origin_date": origin_date, "origin_basis": basis,
             "event_types": tuple(event_types)}
    if n == 0:
        out = pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
        out["first_date"] = pd.Series(dtype="datetime64[ns]")
        out.attrs.update(attrs)
        return out

    first = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, codes, cnt.days)
    on = cnt.days == first[codes]
    on_codes = codes[on]
    ids = [_as_str(v) for v in cnt.event_ids(on)]
    types = et_str[et_codes[on]]
    on_first = pd.DataFrame({"c": on_codes, "event_id": pd.Series(ids, dtype=object),
                             "event_type": pd.Series(types, dtype=object)})
    grouped = on_first.groupby("c")
    evidence = grouped["event_id"].agg(lambda s: ";".join(sorted(s)))
    # an event of unknown type (counted when event_types holds None) adds no type to the list
    first_types = grouped["event_type"].agg(lambda s: ";".join(sorted({t for t in s if t is not None})))
    index = pd.Index(uniq_str, dtype=object, name="place_id")
    out = pd.DataFrame({
        "first_date": (first * _NS_DAY).view("datetime64[ns]"),
        "n_first_day": np.bincount(on_codes, minlength=n),
        "n_events": np.bincount(codes, minlength=n),
        "evidence": evidence.reindex(range(n)).to_numpy(dtype=object),
        "first_day_types": first_types.reindex(range(n)).to_numpy(dtype=object),
    }, index=index).sort_index()
    out = gaz.loc[out.index].join(out)
    out.index.name = "place_id"
    out = out.reset_index()
    out["day_offset"] = (out["first_date"] - origin_date).dt.days.astype(int)
    out["order"] = out["first_date"].rank(method="min").astype(int)
    if origin in gaz.index:
        o = gaz.loc[origin]
        out["distance_km"] = distances_from(o["latitude"], o["longitude"], out["latitude"], out["longitude"])
    else:
        out["distance_km"] = np.nan
    out["first_date"] = out["first_date"].astype("datetime64[ns]")
    for c in ("n_first_day", "n_events"):
        out[c] = out[c].astype(int)
    alt = alternative_mask(events)
    if alt.any():
        accounts: dict[str, set[str]] = {}
        for a, to in zip(events["event_id"].to_numpy(dtype=object)[alt],
                         events["same_event_as"].to_numpy(dtype=object)[alt]):
            accounts.setdefault(str(to), set()).add(str(a))
        out["evidence"] = [";".join(sorted(set(ids) | {a for i in ids for a in accounts.get(i, ())}))
                           for ids in (str(e).split(";") for e in out["evidence"])]
    out = out.sort_values(["first_date", "distance_km", "place_id"], kind="stable",
                          na_position="last").reset_index(drop=True)[cols]
    out.attrs.update(attrs)
    return out


def first_by_region(first: pd.DataFrame) -> pd.DataFrame:
    """Return one row per ``region_id`` reached: its earliest place and day.

    Accepts the output of :func:`first_seen`. Columns: ``region_id``, ``first_date``,
    ``day_offset``, ``first_places`` (the place ids reached that day, sorted, ``;``-joined),
    ``n_places`` (places of the unit in ``first``). Sorted by ``first_date``, ``region_id``.
    """
    cols = ["region_id", "first_date", "day_offset", "first_places", "n_places"]
    f = first[first["region_id"].notna()]
    if f.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    day = f.groupby("region_id")["first_date"].min()
    rows = []
    for rid, d in day.items():
        sub = f[f["region_id"] == rid]
        at = sub[sub["first_date"] == d]
        rows.append({"region_id": rid, "first_date": d, "day_offset": int(at["day_offset"].iloc[0]),
                     "first_places": ";".join(sorted(at["place_id"])), "n_places": len(sub)})
    return (pd.DataFrame(rows, columns=cols).sort_values(["first_date", "region_id"], kind="stable")
            .reset_index(drop=True))


# --------------------------------------------------------------------------- pace
@dataclass(frozen=True)
class PaceFit:
    """Least-squares line ``distance_km = intercept_km + slope_km_per_day * day_offset``.

    ``ci_low``/``ci_high`` is a percentile bootstrap interval over places (``n_boot``
    resamples drawn with ``seed``; resamples with a single arrival day are skipped and
    counted in ``n_boot_used``). ``spearman_rho`` is the rank correlation of day and
    distance. ``n`` places (the origin left out), ``n_days`` distinct arrival days. All NaN
    when fewer than 3 places or 2 distinct days.
    """

    slope_km_per_day: float
    intercept_km: float
    ci_low: float
    ci_high: float
    ci_level: float
    spearman_rho: float
    n: int
    n_days: int
    n_boot: int
    n_boot_used: int
    seed: int


@dataclass(frozen=True)
class SpreadPace:
    """What :func:`spread_pace` returns.

    ``per_day``: one row per calendar day from the first to the last arrival, with
    ``date``, ``day_offset``, ``new_places`` (count), ``new_place_ids`` (``;``-joined),
    ``cumulative_places``, ``frontier_km`` (farthest place from the origin reached so far)
    and ``frontier_place``. ``fit``: a :class:`PaceFit`.
    """

    per_day: pd.DataFrame
    fit: PaceFit
    excluded: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        """Return a plain-words summary that does not claim more than the data support."""
        f = self.fit
        last = self.per_day.iloc[-1] if len(self.per_day) else None
        head = (f"{int(last['cumulative_places'])} places reached over {len(self.per_day)} days; "
                f"farthest {last['frontier_km']:.0f} km from the origin ({last['frontier_place']})."
                if last is not None else "No places reached.")
        if np.isnan(f.slope_km_per_day):
            return head + f" Too few places ({f.n}) or arrival days ({f.n_days}) for a line."
        pct = round(f.ci_level * 100)
        return (head + f" Least-squares line over n={f.n} places on {f.n_days} distinct days: "
                f"{f.slope_km_per_day:+.0f} km per day ({pct}% bootstrap interval "
                f"{f.ci_low:+.0f} to {f.ci_high:+.0f}); Spearman rho {f.spearman_rho:+.2f}. "
                "Descriptive only: arrival days are whole days bunched on a few dates, places are "
                "not independent and coverage of small towns is uneven, so this is not a speed of "
                "propagation.")


def _ls(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    xm, ym = x.mean(), y.mean()
    sxx = ((x - xm) ** 2).sum()
    slope = ((x - xm) * (y - ym)).sum() / sxx
    return float(slope), float(ym - slope * xm)


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    rx = pd.Series(x).rank().to_numpy()
    ry = pd.Series(y).rank().to_numpy()
    if rx.std() == 0 or ry.std() == 0:
        return float("nan")
    return float(np.corrcoef(rx, ry)[0, 1])


def spread_pace(first: pd.DataFrame, *, origin: str | None = ORIGIN, n_boot: int = 2000,
                seed: int = 0, ci_level: float = 0.95) -> SpreadPace:
    """Summarise how fast the unrest reached new places.

    Accepts the output of :func:`first_seen` (needs ``place_id``, ``first_date``,
    ``day_offset``, ``distance_km``). ``origin`` (default Zhanaozen; None = the origin
    :func:`first_seen` used, from ``first.attrs``) is left out of the line, because its
    distance is 0 by definition; places with unknown distance are left out too. Returns a :class:`SpreadPace` (per-day table and the fit); it is deterministic
    for a given ``seed``.
    """
    need = ["place_id", "first_date", "day_offset", "distance_km"]
    missing = [c for c in need if c not in first.columns]
    if missing:
        raise KzDataError([Problem("first_seen (DataFrame)", None, c, "(absent)", "a first_seen column")
                           for c in missing])
    f = first.sort_values(["first_date", "distance_km", "place_id"], kind="stable")
    rows = []
    if not f.empty:
        d0, d1 = f["first_date"].min(), f["first_date"].max()
        off0 = int(f.loc[f["first_date"] == d0, "day_offset"].iloc[0])
        cum, frontier, frontier_place = 0, float("nan"), ""
        for i, day in enumerate(pd.date_range(d0, d1, freq="D")):
            new = f[f["first_date"] == day]
            cum += len(new)
            dist = new["distance_km"].dropna()
            if not dist.empty and not (dist.max() <= frontier):
                frontier = float(dist.max())
                frontier_place = str(new.loc[dist.idxmax(), "place_id"])
            rows.append({"date": day, "day_offset": off0 + i, "new_places": len(new),
                         "new_place_ids": ";".join(sorted(new["place_id"])),
                         "cumulative_places": cum, "frontier_km": frontier,
                         "frontier_place": frontier_place})
    per_day = pd.DataFrame(rows, columns=["date", "day_offset", "new_places", "new_place_ids",
                                          "cumulative_places", "frontier_km", "frontier_place"])

    if origin is None:
        origin = first.attrs.get("origin")
    use = f[f["distance_km"].notna()]
    excluded = tuple(sorted(set(f["place_id"]) - set(use["place_id"])))
    if origin is not None:
        excluded = tuple(sorted(set(excluded) | ({origin} & set(use["place_id"]))))
        use = use[use["place_id"] != origin]
    x = use["day_offset"].to_numpy(dtype=float)
    y = use["distance_km"].to_numpy(dtype=float)
    n, n_days = len(x), len(np.unique(x))
    nan = float("nan")
    if n < 3 or n_days < 2:
        fit = PaceFit(nan, nan, nan, nan, ci_level, nan, n, n_days, n_boot, 0, seed)
    else:
        slope, intercept = _ls(x, y)
        rng = np.random.default_rng(seed)
        idx = rng.integers(0, n, size=(n_boot, n))
        bx, by = x[idx], y[idx]
        bxm = bx.mean(axis=1, keepdims=True)
        sxx = ((bx - bxm) ** 2).sum(axis=1)
        sxy = ((bx - bxm) * (by - by.mean(axis=1, keepdims=True))).sum(axis=1)
        ok = sxx > 1e-12
        slopes = sxy[ok] / sxx[ok]
        alpha = (1 - ci_level) / 2
        lo, hi = (np.quantile(slopes, [alpha, 1 - alpha]) if slopes.size else (nan, nan))
        fit = PaceFit(slope, intercept, float(lo), float(hi), ci_level, _spearman(x, y), n, n_days,
                      n_boot, int(ok.sum()), seed)
    return SpreadPace(per_day=per_day, fit=fit, excluded=excluded)
