"""UCDP GED exports -> kzlib events."""
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
from .fields import (ACLED_USED, GED_COLUMNS, GED_DATE_PREC, GED_PLAIN, GED_USED, GED_VIOLENCE, GED_WHERE_PREC, _Fields,
                     _Coded, _join, _map_uniques, _read_export, _spread, _text_or_none)
from .places import _check_args, _country_setup, _finish, _row_checks


def read_ucdp_ged(path: str | Path, *, country: str | None = "Kazakhstan",
                  dates: tuple[str, str] | None = None, places: pd.DataFrame | None = None,
                  regions: pd.DataFrame | None = None, match_km: float = MATCH_KM,
                  border_km: float = BORDER_KM, source_id: str = "ucdp-ged", outline: Any = None) -> pd.DataFrame:
    """Read a UCDP GED export (GEDEvent_vNN_1.csv or a candidate release) as kzlib events.

    Accepts the 49-column layout :data:`GED_COLUMNS` (any order and header case; extra
    columns ignored; empty cells or ``NA`` for missing; dates ``2022-01-05`` or
    ``2022-01-05 00:00:00.000``). Mapping:

    ==================  ==========================================================
    event_id            ``"GED"`` + id (UCDP's id is also kept in ``ucdp_id``)
    date                date_start (the earliest possible date; date_end is kept)
    time_precision      date_prec, see the table below
    place_id            where_coordinates (type word such as "town" dropped),
                        latitude/longitude, resolved as for ACLED
    geo_precision       where_prec, see the table below
    event_type,         type_of_violence: 1 state-based and 2 non-state ->
    sub_event_type      Battles / Armed clash; 3 one-sided -> Violence against
                        civilians / Attack
    actor1, actor2      side_a, side_b
    size_*              empty (GED has no crowd sizes)
    fatalities_text     "low-high" (or "N" when equal); low/high = GED low/high;
                        GED's best estimate is kept in ``fatalities_best``
    description         built from the violence type, sides, place and estimates
    source_ids          ``source_id``; GED's source_office is kept in ``source``
    first_reported      True for the earliest Protests/Riots row at a place (GED
                        has none, so always False)
    notes               date ranges, year-only dates, country-level places
    ==================  ==========================================================

    ======================================================  =========  ==============
    UCDP date_prec                                          ->         time_precision
    ======================================================  =========  ==============
    1 exact day                                                        1 (day)
    2 a span of 2-6 days                                               2 (week)
    3 the week is known                                                2 (week)
    4 the month is known                                               3 (month)
    5 only the year is known                                           3, noted
    ======================================================  =========  ==============

    ======================================================  =========  ==============
    UCDP where_prec                                         ->         geo_precision
    ======================================================  =========  ==============
    1 the exact place                                                  1 (settlement)
    2 within about 25 km of a known place                              2 (near it)
    3 a second-order unit (district)                                   2 (district)
    4 a first-order unit (region); ADM1 centroid                       3 (region)
    5 larger than a region, or between places                          3 (region)
    6 the whole country; country centroid                              3, noted, no
                                                                       region from
                                                                       the point
    7 sea or airspace                                                  3, noted, as 6
    ======================================================  =========  ==============

    Also refused: low > best or best > high, date_end before date_start, codes outside
    these tables. Other arguments, checks, ``attrs`` and extra columns (dataset, source_file,
    ucdp_id, relid, location, latitude, longitude, adm_1, adm_2, region_id, region_match,
    place_match, place_km, source, date_end, date_prec, where_prec, type_of_violence,
    conflict_name, dyad_name, fatalities_best, deaths_a, deaths_b, deaths_civilians,
    deaths_unknown, event_clarity, code_status) as for :func:`read_acled`.
    """
    _check_args(country, source_id)
    file, raw, layout = _read_export(path, "UCDP GED export", {"ged": GED_COLUMNS}, GED_USED,
                                     ("ACLED", ACLED_USED, "kzlib.read_acled"), plain=GED_PLAIN)
    f = _Fields(file, raw)
    eid = f.ident("id", prefix="GED")
    day = f.date("date_start", required=True)
    end = f.date("date_end")
    f.year_matches("year", day, "date_start")
    f.add_rows((end.notna() & day.notna() & (end < day)).to_numpy(), "date_end", raw["date_end"],
               lambda i: f"a date on or after date_start ({day.iat[i].date()})")
    dprec = f.integer("date_prec", allowed=tuple(GED_DATE_PREC), required=True)
    wprec = f.integer("where_prec", allowed=tuple(GED_WHERE_PREC), required=True)
    tov = f.integer("type_of_violence", allowed=tuple(GED_VIOLENCE), required=True)
    side_a = f.text("side_a", required=True, what="the name of side A")
    side_b = f.text("side_b")
    best = f.integer("best", lo=0, required=True)
    low = f.integer("low", lo=0).fillna(best)
    high = f.integer("high", lo=0).fillna(best)
    deaths = {c: f.integer(c, lo=0) for c in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")}
    lat = f.number("latitude", -90, 90, required=True)
    lon = f.number("longitude", -180, 180, required=True)
    f.add_rows((low > best).fillna(False), "low", raw["low"], lambda i: f"at most best ({best.iat[i]})")
    f.add_rows((best > high).fillna(False), "high", raw["high"], lambda i: f"at least best ({best.iat[i]})")
    location = f.text("where_coordinates").fillna(f.text("adm_2")).fillna(f.text("adm_1"))
    f.add_rows(location.isna(), "where_coordinates", pd.Series("", index=raw.index),
               "a place name (or adm_2/adm_1)")
    kazakh, outline = _country_setup(f, country, outline)
    keep, where = _row_checks(f, day, "date_start", lat, lon, f.text("country"), country=country, dates=dates,
                              border_km=border_km, kazakh=kazakh, outline=outline)
    f.raise_if_any()

    tv = tov.to_numpy(dtype=int)
    kind = pd.Series(np.array([v[2] for v in GED_VIOLENCE.values()], dtype=object)[tv - 1])
    place = pd.Series(_spread(*_map_uniques(location, clean_location)), dtype=object)
    a, b = side_a.reset_index(drop=True), side_b.reset_index(drop=True)
    who = pd.Series(np.where(tv == 3, "by " + a + " against " + b, "between " + a + " and " + b), dtype=object)
    who = who.where(b.notna(), "involving " + a)
    lo_s, be_s, hi_s = (x.astype("string").astype(object).reset_index(drop=True) for x in (low, best, high))
    plural = pd.Series(np.where(best.to_numpy() == 1, "", "s"), dtype=object)
    exact = ((low == best) & (high == best)).to_numpy()
    rng = pd.Series(np.where(exact, "", " (low " + lo_s + ", high " + hi_s + ")"), dtype=object)
    description = kind + " " + who + " at " + place + "; UCDP best estimate " + be_s + " death" + plural + rng + "."
    fat_text = pd.Series(np.where((low == high).to_numpy(), lo_s, lo_s + "-" + hi_s), dtype=object)
    dp, wp = dprec.to_numpy(dtype=int), wprec.to_numpy(dtype=int)
    day_s = day.dt.strftime("%Y-%m-%d").reset_index(drop=True)
    end_s = end.dt.strftime("%Y-%m-%d").reset_index(drop=True)
    spans = (end.notna() & (end != day)).to_numpy()
    notes = _join(
        _text_or_none(spans, "UCDP dates the event between " + day_s + " and " + end_s + "; date is the earliest"),
        _text_or_none(dp == 5, "UCDP date_prec 5: only the year is known"),
        _text_or_none(wp == 6, "UCDP where_prec 6: only the country is known; the point is its centroid"),
        _text_or_none(wp == 7, "UCDP where_prec 7: at sea or in the air; the point is estimated"),
    )
    base = {
        "event_id": eid, "date": day, "time_precision": dprec.map(GED_DATE_PREC).astype("Int64"),
        "geo_precision": wprec.map(GED_WHERE_PREC).astype("Int64"),
        "event_type": np.array([v[0] for v in GED_VIOLENCE.values()], dtype=object)[tv - 1],
        "sub_event_type": np.array([v[1] for v in GED_VIOLENCE.values()], dtype=object)[tv - 1],
        "actor1": side_a, "actor2": side_b, "size_text": _Coded.constant(None, len(tv)),
        "fatalities_text": fat_text.to_numpy(), "description": description.to_numpy(), "notes": notes.to_numpy(),
    }
    extra = {
        "ucdp_id": f.text("id"), "relid": f.text("relid"), "adm_2": f.text("adm_2"), "date_end": end,
        "date_prec": dprec, "where_prec": wprec, "type_of_violence": tov,
        "conflict_name": f.text("conflict_name"), "dyad_name": f.text("dyad_name"), "fatalities_best": best,
        **deaths, "event_clarity": f.integer("event_clarity"), "code_status": f.text("code_status"),
    }
    geo = {"location": location, "latitude": lat, "longitude": lon, "adm_1": f.text("adm_1"),
           "source": f.text("source_office"), "country": f.text("country")}
    return _finish(f, "UCDP GED", layout, base, geo, extra, keep, where, places=places, regions=regions,
                   match_km=match_km, border_km=border_km, source_id=source_id, admin_col="adm_1",
                   location_col="where_coordinates", no_polygon=(wprec >= 6).to_numpy(), kazakh=kazakh,
                   country=country)


