"""ACLED exports (current and older API layout, CSV or xlsx) -> kzlib events."""
from __future__ import annotations

import csv
import importlib.util
import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import KzDataError, Problem
from ..gazetteer import BORDER_KM, MATCH_KM, PlaceMatcher, clean_location, locate, places_frame, region_candidates
from ..quantities import parse_figure
from ..schema import ID, KZ_BBOX, SLUG, acled_event_types, columns
from ..validate import _display, read_raw, read_text
from .fields import (ACLED_API, ACLED_CURRENT, ACLED_PLAIN, ACLED_USED, ACTOR_TYPES, GED_USED, _as_string, _Coded, _Fields,
                     _figure, _read_export, _spread)
from .places import _check_args, _country_setup, _finish, _row_checks


def _event_types(f: _Fields, tcol: str, scol: str) -> tuple[_Coded, _Coded]:
    """Map ACLED's event_type/sub_event_type spellings onto kzlib's vocabulary."""
    vocab = acled_event_types()
    types = {t.casefold(): t for t in vocab}
    subs = {s.casefold(): (t, s) for t, ss in vocab.items() for s in ss}
    subs["excessive force against protestors"] = subs["excessive force against protesters"]
    t_raw = f.coded(tcol, required=True, what="an ACLED event type")
    s_raw = f.coded(scol, required=True, what="an ACLED sub-event type")
    tc, tu = t_raw.codes, t_raw.values
    sc, su = s_raw.codes, s_raw.values
    codes, pairs = pd.factorize((tc + 1) * (len(su) + 1) + (sc + 1))
    t_out, s_out = [], []
    for k, pair in enumerate(pairs):
        ti, si = divmod(int(pair), len(su) + 1)
        t = tu[ti - 1] if ti else None
        s = su[si - 1] if si else None
        tt = types.get(t.strip().casefold()) if t else None
        hit = subs.get(re.sub(r"\s+", " ", s.strip()).casefold()) if s else None
        rows = codes == k
        if t and tt is None:
            f.add_rows(rows, tcol, tcol, f"an ACLED event type: {', '.join(vocab)}")
        if s and hit is None:
            f.add_rows(rows, scol, scol, "an ACLED sub-event type (see kzlib/vocab/acled_event_categories.csv)")
        elif tt is not None and hit is not None and hit[0] != tt:
            f.add_rows(rows, scol, scol, f"a sub-event type of {tt!r}: {', '.join(vocab[tt])}")
        t_out.append(tt)
        s_out.append(hit[1] if hit else None)
    return _Coded(codes, t_out), _Coded(codes, s_out)


def _actor_types(f: _Fields, col: str) -> _Coded:
    """Return ACLED actor-type labels from numeric codes (older layout) or labels (current one)."""
    c = f.coded(col)
    codes, uniq = c.codes, c.values
    out = []
    for k, v in enumerate(uniq):
        if re.fullmatch(r"\d+(?:\.0+)?", v):
            code = int(float(v))
            if code not in ACTOR_TYPES and code != 0:
                f.add_rows(codes == k, col, col, "an ACLED actor type code 0-8 or its label")
            out.append(ACTOR_TYPES.get(code))
        else:
            out.append(v)
    return _Coded(codes, out)


def _crowd_size(f: _Fields) -> tuple[_Coded, _Coded]:
    """Return (size_text, note) of each row from ACLED's crowd size words.

    Current exports put them in ``tags`` (``crowd size=around 100``), older ones at the end
    of ``notes`` (``[size=around 100]``). ``no report`` gives no size; words parse_figure
    cannot range (``large``) give no size and a note.
    """
    if f.has("tags"):
        src, pattern = "tags", re.compile(r"crowd size\s*=\s*([^;]+)", re.I)
    else:
        src, pattern = "notes", re.compile(r"\[\s*(?:crowd )?size\s*=\s*([^\]]+)\]", re.I)
    c = f.coded(src)
    codes, uniq = c.codes, c.values
    sizes, notes = [], []
    for v in uniq:
        m = pattern.search(v)
        w = m.group(1).strip() if m else ""
        if not w or w.casefold() in ("no report", "no reports", "unknown", "not reported"):
            sizes.append(None)
            notes.append(None)
        elif _figure(w) is None:
            sizes.append(None)
            notes.append(f"ACLED crowd size {w!r} is not a figure kzlib can range")
        else:
            sizes.append(w)
            notes.append(None)
    return _Coded(codes, sizes), _Coded(codes, notes)



# ---------------------------------------------------------------------------------------------
# the two readers


def read_acled(path: str | Path, *, country: str | None = "Kazakhstan",
               dates: tuple[str, str] | None = None, places: pd.DataFrame | None = None,
               regions: pd.DataFrame | None = None, match_km: float = MATCH_KM,
               border_km: float = BORDER_KM, source_id: str = "acled", outline: Any = None) -> pd.DataFrame:
    """Read an ACLED export (CSV, or .xlsx if openpyxl is installed) as kzlib events.

    Accepts the current layout (:data:`ACLED_CURRENT`: ``disorder_type``, text actor types,
    ``civilian_targeting``, ``tags``) and the older API layout (:data:`ACLED_API`: ``data_id``,
    ``event_id_no_cnty``, numeric ``inter1``/``inter2``, ``iso3``), headers in any case and
    order, extra columns ignored; dates as ``2022-01-05``, ``05 January 2022``, ``9-May-20``
    or ``05-01-2022``; ``NA`` for missing.

    Mapping (schema column <- ACLED column):

    ==================  ==========================================================
    event_id            event_id_cnty (ACLED's id, kept)
    date                event_date
    time_precision      time_precision (same 1-3 codes)
    place_id            location/latitude/longitude, resolved (module docstring)
    geo_precision       geo_precision (same 1-3 codes)
    event_type          event_type (case-insensitive)
    sub_event_type      sub_event_type ("Excessive force against protestors" ->
                        "... protesters")
    actor1, actor2      actor1, actor2
    size_text/low/high  ``crowd size=...`` in tags (or ``[size=...]`` ending older
                        notes), ranged by parse_figure
    fatalities_*        fatalities: text "N", low = high = N
    description         notes (ACLED's own summary)
    source_ids          ``source_id`` (one id for the dataset; ACLED's source text
                        is kept in the ``source`` column)
    first_reported      True for the earliest Protests/Riots row at each place
    notes               kzlib's remarks on the mapping (conflicts, unparsed sizes)
    ==================  ==========================================================

    Extra columns: dataset, source_file, acled_event_id, location, latitude, longitude,
    admin1, admin2, admin3, region_id, region_match, place_match, place_km, source,
    source_scale, fatalities, inter1, inter2, interaction, assoc_actor_1, assoc_actor_2,
    disorder_type, civilian_targeting, tags.

    ``country`` ("Kazakhstan" or None to skip) must match every row's ``country`` and its
    coordinates (bounding box, then the country polygon with ``border_km`` margin).
    ``dates=(first, last)`` keeps only rows in that inclusive range (the rest are counted
    in ``attrs["skipped_rows"]``); without it every row must fall in 2022. ``places`` and
    ``regions`` default to the shipped tables. Returns the events frame; ``attrs`` hold
    ``dataset``, ``layout``, ``file``, ``skipped_rows`` and ``new_places`` (records; see
    :func:`new_places`). Raises :class:`~kzlib.KzDataError`.
    """
    _check_args(country, source_id)
    file, raw, layout = _read_export(path, "ACLED export", {"current": ACLED_CURRENT, "api": ACLED_API},
                                     ACLED_USED, ("UCDP GED", GED_USED, "kzlib.read_ucdp_ged"), plain=ACLED_PLAIN)
    f = _Fields(file, raw)
    eid = _as_string(f, f.ident("event_id_cnty"))
    day = f.date("event_date", required=True)
    f.year_matches("year", day, "event_date")
    tp = f.integer("time_precision", allowed=(1, 2, 3), required=True)
    gp = f.integer("geo_precision", allowed=(1, 2, 3), required=True)
    etype, sub = _event_types(f, "event_type", "sub_event_type")
    actor1 = f.coded("actor1", required=True, what="a named actor")
    fat = f.integer("fatalities", lo=0)
    lat = f.number("latitude", -90, 90, required=True)
    lon = f.number("longitude", -180, 180, required=True)
    location = f.coded("location", required=True, what="a location name")
    inter1, inter2 = _actor_types(f, "inter1"), _actor_types(f, "inter2")
    kazakh, outline = _country_setup(f, country, outline)
    keep, where = _row_checks(f, day, "event_date", lat, lon, "country", country=country, dates=dates,
                              border_km=border_km, kazakh=kazakh, outline=outline)
    f.raise_if_any()

    sizes, size_notes = _crowd_size(f)
    notes = f.coded("notes")
    description = notes.strings()
    missing = notes.codes < 0
    if missing.any():
        description[missing] = (sub.objects()[missing] + " in " + location.objects()[missing]
                                + " (ACLED gives no description).")
    fc, fv = f._numeric("fatalities")
    fat_text = _Coded(fc, [None if np.isnan(v) else str(int(v)) for v in fv])
    st = lambda c: f.coded(c).strings()  # noqa: E731 (string dtype straight from the distinct values)
    base = {
        "event_id": eid, "date": day, "time_precision": tp, "geo_precision": gp,
        "event_type": etype, "sub_event_type": sub, "actor1": actor1, "actor2": f.coded("actor2"),
        "size_text": sizes, "fatalities_text": fat_text, "description": description,
        "notes": size_notes,
    }
    extra = {
        "acled_event_id": eid.copy(), "admin2": st("admin2"), "admin3": st("admin3"),
        "source_scale": st("source_scale"), "fatalities": fat, "inter1": _as_string(None, inter1),
        "inter2": _as_string(None, inter2), "interaction": st("interaction"), "assoc_actor_1": st("assoc_actor_1"),
        "assoc_actor_2": st("assoc_actor_2"), "disorder_type": st("disorder_type"),
        "civilian_targeting": st("civilian_targeting"), "tags": st("tags"),
    }
    geo = {"location": location, "latitude": lat, "longitude": lon, "admin1": f.coded("admin1"),
           "source": f.coded("source"), "country": f.coded("country")}
    return _finish(f, "ACLED", layout, base, geo, extra, keep, where, places=places, regions=regions,
                   match_km=match_km, border_km=border_km, source_id=source_id, admin_col="admin1",
                   location_col="location", no_polygon=np.zeros(len(raw), dtype=bool), kazakh=kazakh,
                   country=country)
