"""Resolve the place and region names of outside exports (ACLED, UCDP GED) to kzlib's ids.

Three pieces, used by :mod:`kzlib.external`:

* :func:`name_key` – the matching key of a name: case-, diacritic-, space- and
  punctuation-insensitive (``"Öskemen"``, ``"oskemen"`` and ``"OSKEMEN"`` are one key).
* :func:`region_candidates` – the January-2022 first-level unit(s) an ``admin1`` name can mean,
  for every known spelling: Aqmola/Akmola, Mangghystau/Mangystau/Mangistau, Qaraghandy/Karaganda,
  Nur-Sultan/Astana, and the units created in June 2022 mapped back to the unit they were part
  of (Abai/Abay -> KZ-VOS, Jetisu/Zhetysu -> KZ-ALM, Ulytau -> KZ-KAR). Names that can mean a
  region *or* the city it encloses return both (the first is the default); the coordinates
  decide (see :func:`locate`).
* :class:`PlaceMatcher` – finds the gazetteer place (``data/places.csv``) of a location by
  name (``name`` and the ``;``-separated ``alt_names``) or by distance, or makes a new place
  carrying the export's coordinates.

Distances are geodesic (:class:`pyproj.Geod`, WGS84). Distances of points to polygons (how
far outside Kazakhstan or a unit a point lies) are measured in :data:`kzlib.geo.KZ_CRS`, an
equal-area conic whose scale error over the country is below 0.6 %.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = ["name_key", "slugify", "ADMIN1_NAMES", "region_candidates", "clean_location",
           "locate", "PlaceMatcher", "Match"]

#: Default radius (km) within which a point with a different name is taken to be a gazetteer place.
MATCH_KM = 10.0
#: The shortest degree of latitude on the WGS84 ellipsoid (110.574 km, at the equator), rounded down.
_KM_PER_DEGREE_LAT_MIN = 110.5
_NOT_WORD = re.compile(r"[\W_]+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_QUALIFIER = re.compile(r"\s*\((?:approx\.?|approximately|near|city|town|village)\)\s*$", re.I)
#: Radius (km) within which a point with the *same* name as a place is that place (farther: a homonym).
ALIAS_KM = 25.0
#: How far (km) outside the country or unit polygons a point may lie (simplified coastlines, borders).
BORDER_KM = 10.0

_REGION_WORDS = {"region", "oblysy", "oblys", "oblast", "oblasti", "province", "obl", "regionu",
                 "облысы", "область"}
_CITY_WORDS = {"city", "qalasy", "kalasy", "gorod", "shahary", "қаласы", "город"}
#: Type words UCDP appends to settlement names ("Zhanaozen town"); region words are kept, so a
#: region-level point stays named as a region ("Mangystau province").
_PLACE_SUFFIXES = {"town", "city", "village", "settlement", "station", "aul", "selo"}


def _fold(text: str) -> str:
    """Casefold and drop diacritics (NFKD, combining marks removed)."""
    text = str(text)
    if text.isascii():          # nothing to decompose: casefold is lower() for ASCII
        return text.lower()
    t = unicodedata.normalize("NFKD", text)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return t.casefold().replace("ı", "i")


def name_key(text: object) -> str:
    """Return the matching key of a name: casefolded, without diacritics, spaces or punctuation.

    ``name_key("Nur-Sultan") == name_key("nur sultan") == "nursultan"``; Cyrillic stays Cyrillic.
    Returns ``""`` for a missing value.
    """
    if text is None or (isinstance(text, float) and np.isnan(text)) or text is pd.NA:
        return ""
    return _key_of(str(text))


@lru_cache(maxsize=1 << 16)
def _key_of(text: str) -> str:
    return _NOT_WORD.sub("", _fold(text))


def slugify(text: str) -> str:
    """Return a place_id-style slug (``^[a-z0-9][a-z0-9-]*$``) of a Latin name, or ``""``."""
    t = _fold(text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", t).strip("-")


# ---------------------------------------------------------------------------------------------
# admin1 names -> January-2022 units

#: Base name key (region/city words removed) -> candidate region_ids, the default first.
#: A region that encloses a city of republican significance also lists that city, so that a
#: point inside the city polygon goes to the city (older exports code Shymkent under South
#: Kazakhstan, Astana under Akmola).
ADMIN1_NAMES: dict[str, tuple[str, ...]] = {}


def _names(region_ids: tuple[str, ...], *names: str) -> None:
    for n in names:
        ADMIN1_NAMES[name_key(n)] = region_ids


_names(("KZ-AKM", "KZ-AST"), "Akmola", "Aqmola", "Akmolinsk", "Akmolinskaya")
_names(("KZ-AKT",), "Aktobe", "Aqtobe", "Aqtöbe", "Aktyubinsk", "Aktjubinsk")
_names(("KZ-ALA", "KZ-ALM"), "Almaty")            # bare "Almaty": the city unless the point says otherwise
_names(("KZ-ALA",), "Alma-Ata", "Almaty City", "Almaty Qalasy")
_names(("KZ-ALM",), "Jetisu", "Zhetysu", "Zhetisu", "Jetysu", "Zhetisu Region")
_names(("KZ-ATY",), "Atyrau", "Guryev", "Gurjev")
_names(("KZ-VOS",), "East Kazakhstan", "Shygys Qazaqstan", "Shyghys Qazaqstan", "Shygys Kazakhstan",
       "Vostochno-Kazakhstanskaya", "Eastern Kazakhstan", "Abai", "Abay")
_names(("KZ-KAR",), "Karaganda", "Karagandy", "Qaraghandy", "Qaragandy", "Karagandinskaya", "Ulytau")
_names(("KZ-KUS",), "Kostanay", "Qostanay", "Kustanai", "Kostanai")
_names(("KZ-KZY",), "Kyzylorda", "Qyzylorda", "Kzyl-Orda", "Kzylorda", "Baikonur", "Baykonur")
_names(("KZ-MAN",), "Mangystau", "Mangghystau", "Mangistau", "Mangyshlak", "Mangystau Oblysy")
_names(("KZ-PAV",), "Pavlodar")
_names(("KZ-SEV",), "North Kazakhstan", "Soltustik Qazaqstan", "Soltüstik Qazaqstan",
       "Severo-Kazakhstanskaya", "Northern Kazakhstan")
_names(("KZ-ZHA",), "Zhambyl", "Jambyl", "Zhambył", "Dzhambul", "Zhambylskaya")
_names(("KZ-ZAP",), "West Kazakhstan", "Batys Qazaqstan", "Batys Kazakhstan", "Zapadno-Kazakhstanskaya",
       "Western Kazakhstan")
_names(("KZ-YUZ", "KZ-SHY"), "South Kazakhstan", "Ongtustik Qazaqstan", "Ongtüstik Qazaqstan",
       "Southern Kazakhstan", "Turkestan", "Turkistan", "Turkestan Oblysy")
_names(("KZ-AST",), "Nur-Sultan", "Nursultan", "Astana", "Tselinograd")
_names(("KZ-SHY",), "Shymkent", "Chimkent")

#: With a region word, a city name means the enclosing region first.
_REGION_OF_CITY = {"KZ-ALA": ("KZ-ALM", "KZ-ALA")}
#: With a city word, a name means the city unit only.
_CITY_UNITS = {"KZ-ALA", "KZ-AST", "KZ-SHY"}


def region_candidates(admin1: object, regions: pd.DataFrame | None = None) -> tuple[str, ...] | None:
    """Return the January-2022 unit(s) an ``admin1`` name can mean, the default first, or None.

    Accepts any spelling in :data:`ADMIN1_NAMES` with or without a region word (Region, Oblysy,
    Oblast, Province) or city word (City, Qalasy), and, failing those, the ``name`` and
    ``alt_names`` of ``regions`` (the typed regions.csv, e.g. Cyrillic names). "Almaty" alone is
    the city (KZ-ALA) unless the coordinates lie in Almaty Region; "Almaty Oblysy"/"Almaty Region"
    is KZ-ALM. Returns None for a missing or unknown name.
    """
    raw = "" if admin1 is None or admin1 is pd.NA else str(admin1)
    if not raw.strip():
        return None
    words = re.findall(r"\w+", _fold(raw))
    region_word = any(w in _REGION_WORDS for w in words)
    city_word = any(w in _CITY_WORDS for w in words)
    full = name_key(raw)
    base = "".join(w for w in words if w not in _REGION_WORDS | _CITY_WORDS)
    if full in ADMIN1_NAMES and not (region_word or city_word):
        return ADMIN1_NAMES[full]
    if base in ADMIN1_NAMES:
        cands = ADMIN1_NAMES[base]
        if city_word:
            city = [c for c in cands if c in _CITY_UNITS]
            return (city[0],) if city else cands
        if region_word:
            return _REGION_OF_CITY.get(cands[0], cands)
        return cands
    if full in ADMIN1_NAMES:
        return ADMIN1_NAMES[full]
    if regions is not None:
        hits = []
        for rid, name, alts in zip(regions["region_id"], regions["name"], regions["alt_names"]):
            keys = {name_key(name)} | {name_key(a) for a in _split_alts(alts)}
            if full in keys:
                hits.append(str(rid))
        if hits:
            return tuple(hits)
    return None


def _split_alts(alts: object) -> list[str]:
    if alts is None or alts is pd.NA or (isinstance(alts, float) and np.isnan(alts)):
        return []
    return [a.strip() for a in str(alts).split(";") if a.strip()]


def clean_location(text: object) -> str:
    """Return a location name without a trailing settlement type word or qualifier.

    ``"Zhanaozen town"`` -> ``"Zhanaozen"``; ``"Almaty city, Almaty"`` -> ``"Almaty"``
    (UCDP GED writes ``where_coordinates`` this way). Region words stay (``"Mangystau
    province"``). Other names are returned stripped.
    """
    t = "" if text is None or text is pd.NA else str(text).strip()
    t = t.split(",")[0].strip()
    t = _QUALIFIER.sub("", t)
    words = t.split()
    while len(words) > 1 and words[-1].casefold().strip(".") in _PLACE_SUFFIXES:
        words.pop()
    return " ".join(words)


# ---------------------------------------------------------------------------------------------
# points -> units


def locate(lat: Iterable[float], lon: Iterable[float], *, units: "gpd.GeoDataFrame | None" = None,
           country: "gpd.GeoDataFrame | None" = None) -> pd.DataFrame:
    """Locate points among the January-2022 units and measure how far outside Kazakhstan they are.

    Accepts latitudes and longitudes (WGS84) and optionally the admin1 and country layers
    (default :func:`kzlib.load_boundaries`). Returns one row per point, in input order, with
    ``region_id`` (the unit containing the point, else the nearest one), ``region_km``
    (distance to that unit, 0 inside) and ``country_km`` (distance to Kazakhstan, 0 inside).
    """
    import geopandas as gpd

    from .geo import KZ_CRS, load_boundaries

    lat = np.asarray(list(lat), dtype=float)
    lon = np.asarray(list(lon), dtype=float)
    out = pd.DataFrame({"region_id": pd.array([pd.NA] * len(lat), dtype="string"),
                        "region_km": np.full(len(lat), np.nan), "country_km": np.full(len(lat), np.nan)})
    if len(lat) == 0:
        return out
    units = load_boundaries("admin1") if units is None else units
    country = load_boundaries("country") if country is None else country
    pts = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs="EPSG:4326").to_crs(KZ_CRS)
    u = units.to_crs(KZ_CRS).reset_index(drop=True)
    # a point on a shared edge goes to the first unit in region_id order that covers it
    (pi, ti), dist = u.sindex.nearest(pts, return_distance=True, return_all=True)
    best: dict[int, tuple[float, str]] = {}
    for p, t, d in zip(pi, ti, dist):
        rid = str(u["region_id"].iloc[t])
        if p not in best or (d, rid) < best[p]:
            best[p] = (float(d), rid)
    for p, (d, rid) in best.items():
        out.at[p, "region_id"] = rid
        out.at[p, "region_km"] = d / 1000.0
    c = country.to_crs(KZ_CRS).reset_index(drop=True)
    (pi, _), dist = c.sindex.nearest(pts, return_distance=True, return_all=False)
    out.loc[pi, "country_km"] = dist / 1000.0
    return out


# ---------------------------------------------------------------------------------------------
# locations -> places


@dataclass(frozen=True)
class Match:
    """How one location resolved: the place, how (``alias``, ``distance``, ``new``) and how far."""

    place_id: str
    how: str
    km: float


@dataclass
class _Place:
    place_id: str
    name: str
    keys: set[str]
    lat: float
    lon: float
    region_id: str | None
    new: bool
    row: dict = field(default_factory=dict)


class PlaceMatcher:
    """Resolve locations to gazetteer places, making new places for the rest.

    Accepts the typed places frame (:func:`kzlib.load_places`). :meth:`match` takes a name, a
    point and the point's unit and returns a :class:`Match`; :attr:`new_places` lists the places
    made so far as rows of the places schema. Same input order, same ids.
    """

    def __init__(self, places: pd.DataFrame, *, match_km: float = MATCH_KM, alias_km: float = ALIAS_KM,
                 strip_type_words: bool = False):
        from pyproj import Geod

        self._geod = Geod(ellps="WGS84")
        self.strip_type_words = strip_type_words
        self.match_km = float(match_km)
        self.alias_km = float(alias_km)
        self._places: list[_Place] = []
        self._by_id: dict[str, _Place] = {}
        self._by_key: dict[str, list[_Place]] = {}
        self._by_point: dict[tuple[float, float], _Place] = {}   # new places, by exact coordinates
        for r in places.itertuples(index=False):
            keys = {name_key(r.name), name_key(r.place_id)} | {name_key(a) for a in _split_alts(r.alt_names)}
            self._add(_Place(str(r.place_id), str(r.name), keys - {""}, float(r.latitude), float(r.longitude),
                             None if pd.isna(r.region_id) else str(r.region_id), False))
        gaz = [p for p in self._places]
        self._gaz_ids = [p.place_id for p in gaz]
        self._gaz_lat = np.array([p.lat for p in gaz], dtype=float)
        self._lat_order = np.argsort(self._gaz_lat, kind="stable")     # for a bisect by latitude
        self._lat_sorted = self._gaz_lat[self._lat_order].tolist()
        self._gaz_lon = np.array([p.lon for p in gaz], dtype=float)
        self._cache: dict[tuple, Match] = {}

    def _add(self, p: _Place) -> None:
        self._places.append(p)
        self._by_id[p.place_id] = p
        for k in p.keys:
            self._by_key.setdefault(k, []).append(p)
        if p.new:
            self._by_point.setdefault((round(p.lat, 5), round(p.lon, 5)), p)

    def _km(self, lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        if len(lats) == 0:
            return np.array([])
        n = len(lats)
        _, _, m = self._geod.inv(np.full(n, lon), np.full(n, lat), lons, lats)
        return np.asarray(m, dtype=float) / 1000.0

    def region_of(self, place_id: str) -> str | None:
        """Return the region_id of a known or new place (KeyError if unknown)."""
        return self._by_id[place_id].region_id

    def match(self, name: str, lat: float, lon: float, region_id: str | None, *,
              notes: str = "", allow_distance: bool = True) -> Match:
        """Return the place of ``name`` at (lat, lon), making a new one if none fits.

        Order: a place whose name or alias equals ``name`` (or ``name`` without a trailing
        type word, as UCDP writes "Zhanaozen town", or its part before " - ", as in ACLED's
        "Almaty - Medeu") within ``alias_km``, the nearest; else the nearest *gazetteer*
        place within ``match_km`` whatever its name; else a new place with id = slug of the name
        (suffixed with the region, then a number, if taken) carrying these coordinates and
        ``region_id``; with ``strip_type_words`` the new place is named without the type word.
        New places are matched later only by name or identical coordinates.
        ``allow_distance=False`` skips the distance step (for points that are only a country's
        centroid). ``notes`` go into a new place's notes.
        """
        lat, lon = float(lat), float(lon)
        point = (round(lat, 5), round(lon, 5))
        key = (name_key(name), *point, allow_distance)
        if key in self._cache:
            return self._cache[key]
        keys = [key[0], name_key(clean_location(name))]
        if " - " in name:
            keys.append(name_key(name.split(" - ")[0]))
        result = None
        for k in dict.fromkeys(keys):
            cands = self._by_key.get(k, []) if k else []
            if not cands:
                continue
            km = self._km(lat, lon, np.array([p.lat for p in cands]), np.array([p.lon for p in cands]))
            ok = [(d, p.place_id) for d, p in zip(km, cands) if d <= self.alias_km]
            if ok:
                d, pid = min(ok)
                result = Match(pid, "alias", round(float(d), 3))
                break
        if result is None and allow_distance:
            # a geodesic is at least as long as its meridian arc: a place more than match_km
            # away in latitude alone (110.5 km per degree or more) cannot be within match_km
            span = self.match_km / _KM_PER_DEGREE_LAT_MIN
            idx = self._lat_order[bisect_left(self._lat_sorted, lat - span):
                                  bisect_right(self._lat_sorted, lat + span)]
            km = self._km(lat, lon, self._gaz_lat[idx], self._gaz_lon[idx])
            near = [(d, self._gaz_ids[i]) for d, i in zip(km, idx) if d <= self.match_km]
            if near:
                d, pid = min(near)
                result = Match(pid, "distance", round(float(d), 3))
            elif point in self._by_point:
                result = Match(self._by_point[point].place_id, "distance", 0.0)
        if result is None:
            result = Match(self._new(name, lat, lon, region_id, notes), "new", 0.0)
        self._cache[key] = result
        return result

    def _new(self, name: str, lat: float, lon: float, region_id: str | None, notes: str) -> str:
        label = (clean_location(name) if self.strip_type_words else name.strip()) or name
        base = slugify(label) or slugify(f"place {lat:.3f} {lon:.3f}")
        pid = base
        if pid in self._by_id and region_id:
            pid = f"{base}-{region_id.lower()}"
        n = 2
        while pid in self._by_id:
            pid = f"{base}-{n}"
            n += 1
        row = {"place_id": pid, "name": label, "alt_names": None if label == name else name,
               "kind": "area", "region_id": region_id, "latitude": lat, "longitude": lon,
               "population": None, "geonames_id": None, "notes": notes or None}
        self._add(_Place(pid, label, {name_key(label), name_key(name)} - {""}, lat, lon, region_id, True, row))
        return pid

    def new_records(self) -> list[dict]:
        """The places made so far as plain records (copies), in the order they were made:
        the rows of :attr:`new_places`, before typing."""
        return [dict(p.row) for p in self._places if p.new]

    @property
    def new_places(self) -> pd.DataFrame:
        """The places made so far, as a frame with the places schema's columns and dtypes."""
        return places_frame([p.row for p in self._places if p.new])


PLACE_COLUMNS = ("place_id", "name", "alt_names", "kind", "region_id", "latitude", "longitude",
                 "population", "geonames_id", "notes")


def places_frame(rows: list[dict]) -> pd.DataFrame:
    """Return place records as a frame typed like :func:`kzlib.load_places` (kind = category)."""
    from .schema import columns

    spec = {c.name: c for c in columns("places")}
    df = pd.DataFrame({c: [r.get(c) for r in rows] for c in PLACE_COLUMNS})
    for c in PLACE_COLUMNS:
        kind = spec[c].kind
        if kind == "float":
            df[c] = pd.to_numeric(df[c]).astype("float64")
        elif kind == "int":
            df[c] = pd.array(df[c].tolist(), dtype="Int64")
        elif kind == "category":
            df[c] = pd.Categorical(df[c], categories=list(spec[c].allowed or ()))
        else:
            df[c] = pd.array(df[c].tolist(), dtype="string")
    return df
