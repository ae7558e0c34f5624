"""Place and region resolution for the export readers: which country, which rows are in it,
how far points lie outside it, the gazetteer/new places and regions of each row
(:func:`_finish`), and :func:`new_places` / :func:`places_for` for the readers' output."""
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
from .fields import (_MISSING, _as_string, _Coded, _coded_of, _Fields, _codes, _join, _spread,
                     _take_rows, _typed_events)


def _check_args(country: str | None, source_id: str) -> None:
    if country is not None and (not isinstance(country, str) or not country.strip()):
        raise ValueError(f"country={country!r}: expected a country name, ISO code or GED country id, or None")
    if not re.fullmatch(SLUG, source_id):
        raise ValueError(f"source_id={source_id!r}: expected a slug such as 'acled'")


#: What names Kazakhstan in ``country=``: name, ISO 3166 alpha-3/alpha-2/numeric, Gleditsch-Ward id.
KAZAKHSTAN: frozenset[str] = frozenset({"kazakhstan", "kaz", "kz", "398", "705"})
#: The export columns a row's country may be named in (name, ISO numeric, ISO alpha-3, GED id).
COUNTRY_COLUMNS: tuple[str, ...] = ("country", "iso", "iso3", "country_id")


def _norm_code(v: str) -> str:
    v = str(v).strip().casefold()
    return v[:-2] if re.fullmatch(r"\d+\.0", v) else v


def _is_kazakh(f: _Fields, country: str | None) -> bool:
    """True if kzlib's Kazakh gazetteer and 17 units apply: ``country`` names Kazakhstan, or
    it is None and every row's country (if the export has the column) is Kazakhstan."""
    if country is not None:
        return _norm_code(country) in KAZAKHSTAN
    names = {v.strip().casefold() for v in f.coded("country").values}
    return names <= {"kazakhstan"}


def _country_rows(f: _Fields, country: str) -> np.ndarray:
    """True for rows whose country name, ISO code or GED country id equals ``country`` (any case)."""
    want = {_norm_code(country)}
    if want & KAZAKHSTAN:       # "KZ", "398" or "705" also match rows that say "Kazakhstan"
        want.add("kazakhstan")
    else:                       # "BEN" also matches rows that only say "Benin" (and the reverse), via the world layer
        from ..geo import _WORLD_KEYS, country_outline

        o = country_outline(country)
        if o is not None:
            want |= {_norm_code(o[c].iloc[0]) for c in _WORLD_KEYS if c in o.columns and o[c].iloc[0] is not None}
    hit = np.zeros(len(f.raw), dtype=bool)
    for col in COUNTRY_COLUMNS:
        if f.has(col):
            c = f.coded(col)
            cc, cu = c.codes, c.values
            hit |= np.append(np.array([_norm_code(u) in want for u in cu], dtype=bool), False)[cc]
    return hit


# ---------------------------------------------------------------------------------------------
# shared: window, country, regions, places, typing


def _country_setup(f: _Fields, country: str | None, outline: Any) -> tuple[bool, Any]:
    """(Kazakh mode?, the outline to check points against) for ``country=`` and ``outline=``.

    Outside Kazakhstan the outline is ``outline`` (a GeoDataFrame or a boundary file) or the
    country's polygon in the shipped Natural Earth world layer; a country that layer lacks
    needs ``outline=`` (or ``country=None`` to skip the checks).
    """
    kazakh = _is_kazakh(f, country)
    if kazakh or country is None:
        return kazakh, None
    from ..geo import country_outline, read_units

    if outline is not None:
        return False, read_units(outline)
    found = country_outline(country)
    if found is None:
        names = set(f.text("country")[_country_rows(f, country)].dropna().unique())   # e.g. a GED id
        found = next((o for o in (country_outline(v) for v in sorted(names)) if o is not None), None) \
            if len(names) == 1 else None
    if found is None:
        raise ValueError(f"country={country!r}: no such country in kzlib's Natural Earth world layer "
                         "(data/geo/world.geojson); pass outline= (a GeoDataFrame or a boundary file) "
                         "or country=None to skip the coordinate checks")
    return False, found


def _one_country(s: pd.Series | _Coded | None) -> str | None:
    """The export's country name if every row gives the same one, else None."""
    if s is None:
        return None
    if isinstance(s, _Coded):   # the values its rows use, from the codes
        used = np.flatnonzero(np.bincount(s.codes + 1, minlength=len(s.values) + 1)[1:])
        vals = list(dict.fromkeys(s.values[k] for k in used))
    else:
        vals = pd.Series(s).dropna().unique()
    return str(vals[0]) if len(vals) == 1 else None


def _row_checks(f: _Fields, day: pd.Series, date_col: str, lat: pd.Series, lon: pd.Series,
                countries: pd.Series | str, *, country: str | None, dates: tuple[str, str] | None,
                border_km: float, kazakh: bool = True, outline: Any = None) -> tuple[np.ndarray, pd.DataFrame]:
    """Keep rows in ``dates=`` and check points against the country; record problems.

    Exports are read for any period: kzlib's 2022 event window applies to its curated
    tables only. Runs on whatever parsed (so a bad date and a point abroad are reported
    together). For Kazakhstan (``kazakh``) returns :func:`kzlib.gazetteer.locate` for every
    row (NaN/NA where the point is missing or outside the bounding box); elsewhere points are
    measured against ``outline`` (the country's admin-0 polygon) and ``region_id`` stays NA.
    Each distinct point is located once.
    """
    raw = f.raw
    n = len(raw)
    keep = np.ones(n, dtype=bool)
    if dates is not None:
        first, last = (pd.Timestamp(d) for d in dates)
        keep = (((day >= first) & (day <= last)) | day.isna()).to_numpy()
    la, lo_ = lat.to_numpy(dtype=float), lon.to_numpy(dtype=float)
    ok = keep & np.isfinite(la) & np.isfinite(lo_)
    if country is not None:
        other = ~_country_rows(f, country)
        cols = "/".join(c for c in COUNTRY_COLUMNS if f.has(c)) or "country"
        f.add_rows(keep & other, "country", countries,
                   f"{country!r} (the country asked for, matched against {cols}; cut the export to "
                   f"{country} or pass country=None)")
    region, region_km, country_km = np.full(n, pd.NA, dtype=object), np.full(n, np.nan), np.full(n, np.nan)
    if kazakh and country is not None:
        out_lat = ok & ((la < KZ_BBOX["lat_min"]) | (la > KZ_BBOX["lat_max"]))
        out_lon = ok & ((lo_ < KZ_BBOX["lon_min"]) | (lo_ > KZ_BBOX["lon_max"])) & ~out_lat
        f.add_rows(out_lat, "latitude", raw["latitude"],
                   f"a latitude inside {country} ({KZ_BBOX['lat_min']} to {KZ_BBOX['lat_max']})")
        f.add_rows(out_lon, "longitude", raw["longitude"],
                   f"a longitude inside {country} ({KZ_BBOX['lon_min']} to {KZ_BBOX['lon_max']})")
        ok &= ~(out_lat | out_lon)
    ac, au = pd.factorize(la[ok])
    oc, ou = pd.factorize(lo_[ok])
    codes, pairs = pd.factorize(ac.astype(np.int64) * (len(ou) + 1) + oc)
    plat, plon = au[pairs // (len(ou) + 1)], ou[pairs % (len(ou) + 1)]
    idx = np.flatnonzero(ok)
    if kazakh:
        found = locate(plat, plon)
        region[idx] = found["region_id"].astype(object).to_numpy()[codes]
        region_km[idx] = found["region_km"].to_numpy()[codes]
        country_km[idx] = found["country_km"].to_numpy()[codes]
    elif country is not None and outline is not None:
        from ..geo import outside_km

        country_km[idx] = outside_km(plat, plon, outline)[codes]
    where = pd.DataFrame({"region_id": region, "region_km": region_km, "country_km": country_km})
    if country is not None:
        with np.errstate(invalid="ignore"):
            far = country_km > border_km
        if far.any():   # the raw strings are built only for a message
            latlon = pd.Series(None, index=raw.index, dtype=object)
            latlon[far] = raw["latitude"][far].astype(str) + ", " + raw["longitude"][far].astype(str)
            f.add_rows(far, "latitude/longitude", latlon,
                       lambda i: f"a point inside {country} or within {border_km:g} km of its border "
                                 f"(this one is {country_km[i]:.0f} km outside)")
    return keep, where


def _group_codes(*keys: np.ndarray) -> np.ndarray:
    """One group number per row for the combination of ``keys`` (code or value arrays), numbered
    in order of first appearance (as ``groupby(sort=False).ngroup()``; NaN is a value)."""
    group = np.zeros(len(keys[0]) if keys else 0, dtype=np.int64)
    size = 1    # group < size: the codes are combined in mixed radix, renumbered only to stay in int64
    for k in keys:
        codes, uniq = pd.factorize(k, use_na_sentinel=False)
        if size * (len(uniq) + 1) >= 2**62:
            group, seen = pd.factorize(group)
            size = len(seen)
        group = group * (len(uniq) + 1) + codes
        size *= len(uniq) + 1
    group, _ = pd.factorize(group)
    return group


def _first_rows(group: np.ndarray) -> np.ndarray:
    """The first row of each group of :func:`_group_codes` (numbered in order of first appearance),
    in group order: where the running maximum of the numbers rises."""
    if not len(group):
        return np.zeros(0, dtype=np.int64)
    top = np.maximum.accumulate(group)
    return np.flatnonzero(np.r_[True, top[1:] > top[:-1]])


def _finish(f: _Fields, dataset: str, layout: str, base: dict, geo: dict, extra: dict, keep: np.ndarray,
            where: pd.DataFrame, *, places: pd.DataFrame | None, regions: pd.DataFrame | None, match_km: float,
            border_km: float, source_id: str, admin_col: str, location_col: str, no_polygon: np.ndarray,
            kazakh: bool = True, country: str | None = None) -> pd.DataFrame:
    """Resolve regions and places (once per distinct admin1/location/point) and type the frame.

    ``base``, ``geo`` and ``extra`` map column names to :class:`~kzlib.external.fields._Coded`
    columns, Series or arrays (one value per row of the export). For Kazakhstan (``kazakh``)
    regions are the 17 units of January 2022 and places the gazetteer; elsewhere the region is
    the export's admin1 name as written and places come from the export's locations and
    coordinates (``places``, if given, are matched first)."""
    n_rows = len(f.raw)
    idx = np.flatnonzero(keep)
    admin_coded = _coded_of(f, geo[admin_col])
    if len(idx) < n_rows:
        base, geo, extra = (_take_rows(d, idx) for d in (base, geo, extra))
        admin_coded = admin_coded.take(idx)
        where = where.iloc[idx].reset_index(drop=True)
        no_polygon = no_polygon[idx]

    from ..load import load_places, load_regions

    if kazakh:
        places = load_places() if places is None else places
        regions = load_regions() if regions is None else regions
    else:  # elsewhere: places from the export's locations, regions from its admin1 names
        places = places_frame([]) if places is None else places
    known = set(regions["region_id"]) if kazakh else set()
    matcher = PlaceMatcher(places, match_km=match_km, strip_type_words=dataset == "UCDP GED")
    loc_coded = _coded_of(f, geo["location"])
    # where's region_id and region_km need no key of their own: _row_checks gives them per point
    group = _group_codes(admin_coded.codes, loc_coded.codes, np.asarray(geo["latitude"], dtype=float),
                         np.asarray(geo["longitude"], dtype=float), no_polygon)
    first_row = _first_rows(group)
    # the first row of each group, as plain arrays (one lookup per distinct admin1/location/point)
    admin_g = _spread(admin_coded.codes[first_row], admin_coded.values)
    loc_g = _spread(loc_coded.codes[first_row], loc_coded.values)
    lat_g = np.asarray(geo["latitude"], dtype=float)[first_row]
    lon_g = np.asarray(geo["longitude"], dtype=float)[first_row]
    poly_g = where["region_id"].to_numpy(dtype=object)[first_row]
    km_g = where["region_km"].to_numpy(dtype=float)[first_row]
    fname = Path(f.file).name
    cand_cache: dict[str, tuple[str, ...] | None] = {}
    res_region, res_how, res_pid, res_match, res_km, res_note = [], [], [], [], [], []
    for g, j in enumerate(first_row):
        a = admin_g[g]
        a = None if a is None or a is pd.NA else str(a)
        if a not in cand_cache:
            if kazakh:
                c = region_candidates(a, regions)
                cand_cache[a] = tuple(x for x in c if x in known) if c else None
            else:
                cand_cache[a] = (a.strip(),) if a is not None and a.strip() else None
        cands = cand_cache[a]
        poly = poly_g[g]
        if no_polygon[j] or pd.isna(poly) or not km_g[g] <= border_km:
            poly = None
        notes = []
        if cands and len(cands) == 1:
            reg, how = cands[0], "admin1"
        elif cands:
            reg, how = (poly, "admin1+coordinates") if poly in cands else (cands[0], "admin1")
        elif poly is not None:
            reg, how = poly, "coordinates"
            if a is not None:
                notes.append(f"{admin_col} {a!r} is not a known unit; region from the coordinates")
        else:
            reg, how = None, "none"
        if cands and poly is not None and poly not in cands:
            notes.append(f"{admin_col} {a!r} ({'/'.join(cands)}) but the point lies in {poly}")
        loc = str(loc_g[g])
        m = matcher.match(loc, lat_g[g], lon_g[g], reg,
                          notes=f"Made by kzlib from {fname} row {int(idx[j]) + 2} "
                                f"({dataset} {location_col} {loc!r}); coordinates from {dataset}; kind unknown.",
                          allow_distance=not no_polygon[j])
        preg = matcher.region_of(m.place_id)
        if m.how != "new" and reg is not None and preg != reg and not (cands and preg in cands):
            notes.append(f"{admin_col} {a!r} gives {reg} but the place {m.place_id} is in {preg}")
        res_region.append(preg)
        res_how.append(how)
        res_pid.append(m.place_id)
        res_match.append(m.how)
        res_km.append(m.km)
        res_note.append("; ".join(notes) or None)

    place_id = _Coded(group, res_pid)
    notes = _joined_notes(_coded_of(f, base["notes"]), _Coded(group, res_note))
    cols = _typed_events(f, base, place_id, source_id, notes)
    n = len(group)
    cols.update({
        "dataset": _Coded.constant(dataset, n).strings(),
        "source_file": _Coded.constant(Path(f.file).name, n).strings(),
        "location": loc_coded.strings(),
        "latitude": np.asarray(geo["latitude"], dtype="float64"),
        "longitude": np.asarray(geo["longitude"], dtype="float64"),
        admin_col: admin_coded.strings(),
        "region_id": _Coded(group, res_region).strings(),
        "region_match": _Coded(group, res_how).strings(),
        "place_match": _Coded(group, res_match).strings(),
        "place_km": np.asarray(res_km, dtype="float64")[group] if n else np.zeros(0),
        "source": _as_string(f, geo["source"]),
    })
    for c, v in extra.items():
        cols[c] = v if isinstance(v, (pd.api.extensions.ExtensionArray, np.ndarray)) else \
            (_as_string(f, v) if isinstance(v, _Coded) or v.dtype == object else v.array)
    out = pd.DataFrame(cols, index=pd.RangeIndex(n), copy=False)   # one frame, no block consolidation
    out.attrs = {"dataset": dataset, "layout": layout, "file": f.file,
                 **({} if kazakh else {"country": country or _one_country(geo.get("country"))}),
                 "skipped_rows": int(n_rows - len(idx)),
                 "new_places": tuple(matcher.new_records())}
    return out


def _joined_notes(a: _Coded, b: _Coded) -> pd.arrays.StringArray:
    """Each row's remarks ``a`` and ``b`` joined with '; ' and ended with '.', <NA> where both are
    missing; computed once per distinct pair."""
    has_a = np.array([v is not None for v in a.values] + [False])[a.codes]
    has_b = np.array([v is not None for v in b.values] + [False])[b.codes]
    rows = np.flatnonzero(has_a | has_b)           # most rows have no remark at all
    pair = np.full(len(a.codes), -1, dtype=np.int64)
    if not len(rows):
        return _Coded(pair, []).strings()
    pair[rows] = _group_codes(a.codes[rows], b.codes[rows])
    first = rows[_first_rows(pair[rows])]
    out = []
    for j in first:
        x = a.values[a.codes[j]] if a.codes[j] >= 0 else None
        y = b.values[b.codes[j]] if b.codes[j] >= 0 else None
        text = "; ".join(t for t in (x, y) if t is not None)
        out.append(text + "." if text else None)
    return _Coded(pair, out).strings()



# ---------------------------------------------------------------------------------------------
# places for the readers' output


def new_places(events: pd.DataFrame) -> pd.DataFrame:
    """Return the places the readers made for ``events`` (typed like :func:`kzlib.load_places`).

    Uses ``events.attrs["new_places"]`` when present; places referenced by rows but missing
    there (e.g. after ``pd.concat`` of two reads, which drops differing attrs) are rebuilt from
    the rows' ``location``, ``latitude``, ``longitude`` and ``region_id`` (first row per place).
    Only places whose ``place_match`` is ``new`` are returned.
    """
    recs = [dict(r) for r in events.attrs.get("new_places", ())]
    have = {r["place_id"] for r in recs}
    if {"place_match", "latitude", "longitude", "location"} <= set(events.columns):
        rows = events[events["place_match"].eq("new").fillna(False) & ~events["place_id"].isin(have)]
        for pid, g in rows.groupby("place_id", sort=False):
            r = g.iloc[0]
            loc = str(r["location"])
            name = (clean_location(loc) if r.get("dataset") == "UCDP GED" else loc) or loc
            recs.append({"place_id": pid, "name": name, "alt_names": None, "kind": "area",
                         "region_id": None if pd.isna(r.get("region_id")) else r["region_id"],
                         "latitude": float(r["latitude"]), "longitude": float(r["longitude"]),
                         "population": None, "geonames_id": None,
                         "notes": f"Rebuilt by kzlib from {r.get('dataset', 'external')} rows; kind unknown."})
    used = set(events["place_id"].dropna())
    return places_frame([r for r in recs if r["place_id"] in used])


def places_for(events: pd.DataFrame, places: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the gazetteer (``places``, default :func:`kzlib.load_places`) plus :func:`new_places`.

    Pass the result wherever a function wants the places of ``events`` (coordinates, regions).
    """
    if places is None:
        from ..load import load_places

        places = load_places()
    extra = new_places(events)
    extra = extra[~extra["place_id"].isin(places["place_id"])]
    if extra.empty:
        return places.copy()
    out = pd.concat([places, extra], ignore_index=True)
    out["kind"] = pd.Categorical(out["kind"].astype("object"), categories=places["kind"].cat.categories)
    return out
