"""Read ACLED and UCDP GED exports as they come and map them onto kzlib's events schema.

:func:`read_acled` and :func:`read_ucdp_ged` return a frame whose first columns are exactly
those of :func:`kzlib.load_events` (same order and dtypes, including ``size_approx`` and
``fatalities_approx``), followed by extra columns that keep what the export says (ids,
coordinates, admin names, precision codes, source text). So whatever takes kzlib's events
(:func:`kzlib.first_seen`, :func:`kzlib.daily_counts`, the plots) takes these too.

Places and regions
    Each row's location is resolved to a gazetteer place (``data/places.csv``) by name or
    alias (case- and diacritic-insensitive), else to the nearest gazetteer place within
    ``match_km`` (geodesic), else to a *new* place whose id is the slug of the location and
    which carries the export's coordinates. :func:`new_places` returns those new places and
    :func:`places_for` the gazetteer plus them, for functions that need coordinates. The
    January-2022 unit comes from ``admin1``/``adm_1`` (every spelling in
    :data:`kzlib.gazetteer.ADMIN1_NAMES`, plus regions.csv's names) and, where that is
    missing, unknown or ambiguous (bare "Almaty"), from the point's polygon in
    ``load_boundaries("admin1")``. Extra columns ``place_match`` (alias / distance / new),
    ``place_km`` and ``region_match`` (admin1 / admin1+coordinates / coordinates / none) say
    how each row was resolved; conflicts are written into ``notes``.

Checks
    A file that is not what it claims raises one :class:`~kzlib.KzDataError` naming the
    file, row (header = 1), column, value and what was expected: not UTF-8, not
    comma-separated, missing columns, short rows (all via :func:`kzlib.validate.read_raw`),
    duplicate ids, dates that do not parse or fall outside kzlib's 2022 window, codes
    outside their range, unknown event types, a ``year`` that contradicts the date, rows of
    another country and points outside Kazakhstan (bounding box, then the country polygon
    with a ``border_km`` margin). Nothing is dropped silently: rows outside ``dates=`` are
    skipped only when asked, and counted in ``attrs["skipped_rows"]``.

Missing values are empty cells or the text ``NA``. Excel workbooks (``.xlsx``) are read
only if ``openpyxl`` is installed; otherwise a KzDataError says to install it or to save the
sheet as CSV (``.xls`` likewise needs ``xlrd``). Zipped downloads must be unzipped first.
"""
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

from .errors import KzDataError, Problem
from .gazetteer import BORDER_KM, MATCH_KM, PlaceMatcher, clean_location, locate, places_frame, region_candidates
from .quantities import parse_figure
from .schema import ID, KZ_BBOX, SLUG, acled_event_types, columns
from .validate import _display, read_raw, read_text

__all__ = [
    "read_acled", "read_ucdp_ged", "new_places", "places_for", "parse_export_date",
    "ACLED_CURRENT", "ACLED_API", "GED_COLUMNS", "ACTOR_TYPES", "GED_DATE_PREC", "GED_WHERE_PREC",
    "GED_VIOLENCE",
]

#: ACLED's current export layout (acleddata.com export tool / API since 2023), in file order.
ACLED_CURRENT: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
#: ACLED's older API/export layout (to 2022): numeric inter codes, ``data_id``, ``iso3``.
ACLED_API: tuple[str, ...] = (
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year", "time_precision",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
    "timestamp", "iso3",
)
#: The ACLED columns the mapping uses; an export lacking any of them is refused.
ACLED_USED: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities",
)
#: UCDP GED's 49 columns (GEDEvent_vNN_1.csv and candidate releases), in file order.
GED_COLUMNS: tuple[str, ...] = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
    "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
    "source_article", "source_office", "source_date", "source_headline", "source_original",
    "where_prec", "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude",
    "geom_wkt", "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec",
    "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best",
    "high", "low", "gwnoa", "gwnob",
)
#: The GED columns the mapping uses.
GED_USED: tuple[str, ...] = (
    "id", "year", "type_of_violence", "side_a", "side_b", "where_prec", "where_coordinates",
    "adm_1", "latitude", "longitude", "country", "date_prec", "date_start", "date_end", "best",
    "high", "low",
)

#: ACLED actor types: the older numeric ``inter1``/``inter2`` codes and the labels current exports use.
ACTOR_TYPES: dict[int, str] = {
    1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces",
}

#: UCDP ``date_prec`` -> ACLED-style ``time_precision`` (1 day, 2 week, 3 month).
GED_DATE_PREC: dict[int, int] = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3}
#: UCDP ``where_prec`` -> ACLED-style ``geo_precision`` (1 settlement, 2 near it / district, 3 region).
GED_WHERE_PREC: dict[int, int] = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3, 7: 3}
#: UCDP ``type_of_violence`` -> (event_type, sub_event_type, UCDP's name).
GED_VIOLENCE: dict[int, tuple[str, str, str]] = {
    1: ("Battles", "Armed clash", "State-based armed conflict"),
    2: ("Battles", "Armed clash", "Non-state conflict"),
    3: ("Violence against civilians", "Attack", "One-sided violence"),
}

_MISSING = ("", "NA")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%d-%b-%y", "%d-%b-%Y", "%d-%B-%Y",
                 "%d-%B-%y", "%d-%m-%Y", "%B %d, %Y", "%b %d, %Y", "%d %B, %Y")
_DATE_EXPECTED = ("a date such as 2022-01-05, 05 January 2022, 5-Jan-22 or 05-01-2022 (day first); "
                  "dates with '/' other than YYYY/MM/DD are refused because day and month cannot be told apart")
_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")


@lru_cache(maxsize=4096)
def _figure(text: str):
    """parse_figure, cached (exports repeat the same few phrases); None if not a figure."""
    try:
        return parse_figure(text)
    except KzDataError:
        return None


def parse_export_date(text: str) -> date | None:
    """Return the date of an export's date cell, or None if it is not one.

    Accepts ``2022-01-05`` (optionally followed by a time, as UCDP and Excel write it),
    ``2022/01/05``, ``05 January 2022``, ``5 Jan 2022``, ``9-May-20``, ``09-May-2020``,
    ``05-01-2022`` (day first, as ACLED's older codebook says) and ``January 5, 2022``.
    """
    t = _TIME_TAIL.sub("", str(text).strip())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(t, fmt).date()
        except ValueError:
            continue
    return None


# ---------------------------------------------------------------------------------------------
# reading the file


def _excel(path: Path, file: str) -> tuple[list[str], pd.DataFrame]:
    engine = "xlrd" if path.suffix.lower() == ".xls" else "openpyxl"
    if importlib.util.find_spec(engine) is None:
        raise KzDataError.one(file, f"a CSV export; reading {path.suffix} workbooks needs the {engine} package, "
                                    f"which is not installed (pip install {engine}), or save the sheet as "
                                    "'CSV UTF-8' and read that")
    try:
        df = pd.read_excel(path, dtype=str, keep_default_na=False, engine=engine)
    except Exception as e:  # any reader failure is a bad file, reported alike
        raise KzDataError.one(file, f"a readable Excel workbook ({type(e).__name__}: {e})") from e
    if len(df) == 0:
        raise KzDataError.one(file, "a header row and at least one data row (the sheet is empty)")
    names = [str(c).strip() for c in df.columns]
    df.columns = names
    return names, df.apply(lambda s: s.astype(str).str.strip())


def _header(path: Path, file: str) -> list[str]:
    """The header fields of a CSV, reading only its first line (read_text's errors otherwise)."""
    if not path.is_file() or path.stat().st_size == 0:
        read_text(path, file)                        # raises: missing, a folder, empty
    with path.open("rb") as fh:
        first = fh.readline(1 << 20)
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        read_text(path, file)                        # raises with row and column
        raise
    if not line.strip():
        read_text(path, file)
    return next(csv.reader([line.rstrip("\r\n")]))


def _read_export(path: str | Path, what: str, layouts: dict[str, tuple[str, ...]], used: tuple[str, ...],
                 other: tuple[str, tuple[str, ...], str]) -> tuple[str, pd.DataFrame, str]:
    """Read an export as strings; return (file label, frame with lowercase columns, layout name).

    The layout is the first of ``layouts`` whose columns the header contains (any order,
    extra columns allowed), else ``"other"`` if it has every column of ``used``; otherwise
    one KzDataError lists the missing columns. File-level checks are read_text/read_raw's.
    """
    path = Path(path)
    file = _display(path)
    suffix = path.suffix.lower()
    if suffix in (".zip", ".gz", ".7z"):
        raise KzDataError.one(file, f"a CSV file ({what}); unzip the download first and read the .csv inside")
    if suffix in (".xlsx", ".xlsm", ".xls"):
        names, df = _excel(path, file)
    else:
        header = _header(path, file)
        if len(header) == 1:
            read_raw(path, used, file=file, table=what)   # raises: not comma-separated / missing columns
        names = [h.strip() for h in header]
        df = None
    lower = [n.lower() for n in names]
    problems: list[Problem] = []
    seen: set[str] = set()
    for n, low in zip(names, lower):
        if low and low in seen:
            problems.append(Problem(file, 1, n, n, "each column once (duplicated header, case ignored)"))
        seen.add(low)
    layout = next((name for name, cols in layouts.items() if set(cols) <= seen), None)
    if layout is None and not set(used) <= seen:
        hint = ""
        if set(other[1]) <= seen:
            hint = f"; this looks like a {other[0]} export: read it with {other[2]}"
        for c in used:
            if c not in seen:
                problems.append(Problem(file, 1, c, None, f"a column named {c!r} ({what}{hint})"))
    if problems:
        raise KzDataError(problems)
    if df is None:
        df = read_raw(path, names, file=file, table=what)
    df.columns = lower
    return file, df.reset_index(drop=True), layout or "other"


# ---------------------------------------------------------------------------------------------
# parsing columns, collecting problems (work scales with the distinct values, not the rows)


def _codes(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct values) of a column; missing values get code -1."""
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)


def _spread(codes: np.ndarray, values: list) -> np.ndarray:
    """Broadcast one value per distinct entry back to the rows (code -1 -> None)."""
    arr = np.empty(len(values) + 1, dtype=object)
    arr[:-1] = values
    arr[-1] = None
    return arr[codes]


class _Fields:
    """Parse the string columns of one export, recording every bad cell as a Problem."""

    def __init__(self, file: str, raw: pd.DataFrame):
        self.file = file
        self.raw = raw
        self.problems: list[Problem] = []
        self._text: dict[str, pd.Series] = {}
        self._coded: dict[int, tuple[pd.Series, np.ndarray, np.ndarray]] = {}

    def add(self, i: int, column: str, value: object, expected: str) -> None:
        self.problems.append(Problem(self.file, int(i) + 2, column,
                                     None if value is None or value is pd.NA else str(value), expected))

    def add_rows(self, mask: np.ndarray | pd.Series, column: str, values: pd.Series, expected) -> None:
        """Record a problem for every row of ``mask``; ``expected`` may be a function of the row."""
        for i in np.flatnonzero(np.asarray(mask, dtype=bool)):
            self.add(i, column, values.iat[i], expected(i) if callable(expected) else expected)

    def has(self, col: str) -> bool:
        return col in self.raw.columns

    def text(self, col: str, *, required: bool = False, what: str = "a value") -> pd.Series:
        """The column as object strings, None where missing (empty or ``NA``)."""
        if col not in self._text:
            if not self.has(col):
                self._text[col] = pd.Series(None, index=self.raw.index, dtype=object)
            elif isinstance(self.raw[col].dtype, pd.CategoricalDtype):   # read_raw's: work on the categories
                r = self.raw[col]
                cats = r.cat.categories.to_numpy(dtype=object)
                missing = np.isin(cats, _MISSING)
                keep = np.flatnonzero(~missing)
                recode = np.full(len(cats) + 1, -1, dtype=np.int64)
                recode[keep] = np.arange(len(keep))
                codes = recode[r.cat.codes.to_numpy()]
                uniq = cats[keep]
                s = pd.Series(_spread(codes, list(uniq)), index=self.raw.index, dtype=object)
                self._text[col] = s
                self._coded[id(s)] = (s, codes, uniq)
            else:
                s = self.raw[col].astype(object)
                self._text[col] = s.where(~s.isin(_MISSING), None)
        s = self._text[col]
        if required:
            self.add_rows(s.isna(), col, pd.Series("", index=s.index), what)
        return s

    def codes(self, s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """:func:`_codes` of a column :meth:`text` returned (known from reading), or of any Series."""
        hit = self._coded.get(id(s))
        if hit is not None and hit[0] is s:
            return hit[1], hit[2]
        return _codes(s)

    def _numeric(self, s: pd.Series) -> pd.Series:
        """pd.to_numeric once per distinct value."""
        codes, uniq = self.codes(s)
        vals = pd.to_numeric(pd.Series(uniq, dtype=object), errors="coerce").to_numpy(dtype="float64")
        return pd.Series(np.append(vals, np.nan)[codes], index=s.index)

    def integer(self, col: str, *, allowed: tuple[int, ...] | None = None, lo: int | None = None,
                required: bool = False) -> pd.Series:
        what = f"one of {', '.join(map(str, allowed))}" if allowed else "a whole number"
        s = self.text(col, required=required, what=what)
        n = self._numeric(s)
        whole = n.notna() & (n % 1 == 0) & (n.abs() < 2**53)
        self.add_rows(s.notna() & ~whole, col, s,
                      "a whole number" + (f": {', '.join(map(str, allowed))}" if allowed else ""))
        w = whole.to_numpy()
        out = pd.Series(pd.arrays.IntegerArray(np.where(w, n.to_numpy(), 0).astype(np.int64), ~w), index=s.index)
        if allowed is not None:
            self.add_rows((out.notna() & ~out.isin(allowed)).fillna(False), col, s, what)
        if lo is not None:
            self.add_rows((out < lo).fillna(False), col, s, f"a whole number of at least {lo}")
        return out

    def number(self, col: str, lo: float, hi: float, *, required: bool = False) -> pd.Series:
        s = self.text(col, required=required, what=f"a decimal number from {lo} to {hi}")
        n = self._numeric(s)
        self.add_rows(s.notna() & (n.isna() | (n < lo) | (n > hi)), col, s, f"a decimal number from {lo} to {hi}")
        return n

    def date(self, col: str, *, required: bool = False) -> pd.Series:
        s = self.text(col, required=required, what=_DATE_EXPECTED)
        codes, uniq = self.codes(s)
        parsed = pd.to_datetime(pd.Series([parse_export_date(v) for v in uniq], dtype=object))
        vals = np.append(parsed.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT", "ns"))
        out = pd.Series(vals[codes], index=s.index)
        self.add_rows(s.notna() & out.isna(), col, s, _DATE_EXPECTED)
        return out

    def ident(self, col: str, *, prefix: str = "") -> pd.Series:
        s = self.text(col, required=True, what="an id")
        import pyarrow as pa
        import pyarrow.compute as pc

        ids = prefix + s if prefix else s
        codes, uniq = self.codes(s)
        ok_u = pc.match_substring_regex(pa.array([prefix + u for u in uniq], type=pa.string()), ID)
        bad_u = np.append(~ok_u.to_numpy(zero_copy_only=False).astype(bool), False)
        self.add_rows(bad_u[codes], col, s, "an id of letters, digits, '-' or '_'")
        present = codes >= 0
        dup = (s.notna() & s.duplicated(keep="first")).to_numpy() if len(uniq) < present.sum() else None
        if dup is not None and dup.any():
            first = s[s.notna()].drop_duplicates()
            where = pd.Series(first.index, index=first.to_numpy())
            self.add_rows(dup, col, s, lambda i: f"a unique id (row {where[s.iat[i]] + 2} has it too)")
        return ids

    def year_matches(self, col: str, day: pd.Series, date_col: str) -> None:
        if not self.has(col):
            return
        y = self.integer(col)
        raw = self.raw[date_col]
        self.add_rows((y.notna() & day.notna() & (y != day.dt.year)).fillna(False), col, self.raw[col],
                      lambda i: f"{day.iat[i].year}, the year of {date_col} {raw.iat[i]!r}")

    def raise_if_any(self) -> None:
        if self.problems:
            raise KzDataError(sorted(self.problems, key=lambda p: (p.row or 0, p.column or "")))


def _event_types(f: _Fields, tcol: str, scol: str) -> tuple[np.ndarray, np.ndarray]:
    """Map ACLED's event_type/sub_event_type spellings onto kzlib's vocabulary."""
    vocab = acled_event_types()
    types = {t.casefold(): t for t in vocab}
    subs = {s.casefold(): (t, s) for t, ss in vocab.items() for s in ss}
    subs["excessive force against protestors"] = subs["excessive force against protesters"]
    t_raw = f.text(tcol, required=True, what="an ACLED event type")
    s_raw = f.text(scol, required=True, what="an ACLED sub-event type")
    tc, tu = f.codes(t_raw)
    sc, su = f.codes(s_raw)
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
            f.add_rows(rows, tcol, t_raw, f"an ACLED event type: {', '.join(vocab)}")
        if s and hit is None:
            f.add_rows(rows, scol, s_raw, "an ACLED sub-event type (see kzlib/vocab/acled_event_categories.csv)")
        elif tt is not None and hit is not None and hit[0] != tt:
            f.add_rows(rows, scol, s_raw, f"a sub-event type of {tt!r}: {', '.join(vocab[tt])}")
        t_out.append(tt)
        s_out.append(hit[1] if hit else None)
    return _spread(codes, t_out), _spread(codes, s_out)


def _actor_types(f: _Fields, col: str) -> np.ndarray:
    """Return ACLED actor-type labels from numeric codes (older layout) or labels (current one)."""
    s = f.text(col)
    codes, uniq = f.codes(s)
    out = []
    for k, v in enumerate(uniq):
        if re.fullmatch(r"\d+(?:\.0+)?", v):
            code = int(float(v))
            if code not in ACTOR_TYPES and code != 0:
                f.add_rows(codes == k, col, s, "an ACLED actor type code 0-8 or its label")
            out.append(ACTOR_TYPES.get(code))
        else:
            out.append(v)
    return _spread(codes, out)


def _crowd_size(f: _Fields) -> tuple[np.ndarray, np.ndarray]:
    """Return (size_text, note) per row from ACLED's crowd size words.

    Current exports put them in ``tags`` (``crowd size=around 100``), older ones at the end
    of ``notes`` (``[size=around 100]``). ``no report`` gives no size; words parse_figure
    cannot range (``large``) give no size and a note.
    """
    if f.has("tags"):
        src, pattern = f.text("tags"), re.compile(r"crowd size\s*=\s*([^;]+)", re.I)
    else:
        src, pattern = f.text("notes"), re.compile(r"\[\s*(?:crowd )?size\s*=\s*([^\]]+)\]", re.I)
    codes, uniq = f.codes(src)
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
    return _spread(codes, sizes), _spread(codes, notes)


def _join(*parts: pd.Series | np.ndarray) -> pd.Series:
    """Join per-row remarks with '; ' (missing ones skipped); None where there are none."""
    out: pd.Series | None = None
    for p in parts:
        p = pd.Series(p, dtype=object) if not isinstance(p, pd.Series) else p.astype(object)
        p = p.reset_index(drop=True)
        if out is None:
            out = p.copy()
            continue
        both = (out.notna() & p.notna()).to_numpy()
        out = out.where(out.notna(), p)
        if both.any():
            out[both] = out[both] + "; " + p[both]
    return out


def _text_or_none(cond: np.ndarray, text: pd.Series | str) -> pd.Series:
    n = len(cond)
    t = text if isinstance(text, pd.Series) else pd.Series([text] * n, dtype=object)
    return t.reset_index(drop=True).where(pd.Series(cond), None)


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
                                     ACLED_USED, ("UCDP GED", GED_USED, "kzlib.read_ucdp_ged"))
    f = _Fields(file, raw)
    eid = f.ident("event_id_cnty")
    day = f.date("event_date", required=True)
    f.year_matches("year", day, "event_date")
    tp = f.integer("time_precision", allowed=(1, 2, 3), required=True)
    gp = f.integer("geo_precision", allowed=(1, 2, 3), required=True)
    etype, sub = _event_types(f, "event_type", "sub_event_type")
    actor1 = f.text("actor1", required=True, what="a named actor")
    fat = f.integer("fatalities", lo=0)
    lat = f.number("latitude", -90, 90, required=True)
    lon = f.number("longitude", -180, 180, required=True)
    location = f.text("location", required=True, what="a location name")
    inter1, inter2 = _actor_types(f, "inter1"), _actor_types(f, "inter2")
    kazakh, outline = _country_setup(f, country, outline)
    keep, where = _row_checks(f, day, "event_date", lat, lon, f.text("country"), country=country, dates=dates,
                              border_km=border_km, kazakh=kazakh, outline=outline)
    f.raise_if_any()

    notes_src = f.text("notes")
    sizes, size_notes = _crowd_size(f)
    description = notes_src.copy()
    missing = description.isna().to_numpy()
    if missing.any():
        description[missing] = (pd.Series(sub, index=raw.index)[missing] + " in " + location[missing]
                                + " (ACLED gives no description).")
    fat_text = fat.astype("string").astype(object).where(fat.notna(), None)
    st = lambda c: _string(f, f.text(c))  # noqa: E731 (string dtype straight from the distinct values)
    base = pd.DataFrame({
        "event_id": eid, "date": day, "time_precision": tp, "geo_precision": gp,
        "event_type": etype, "sub_event_type": sub, "actor1": _string(f, actor1), "actor2": st("actor2"),
        "size_text": sizes, "fatalities_text": fat_text, "description": description,
        "notes": size_notes,
    })
    extra = pd.DataFrame({
        "acled_event_id": st("event_id_cnty"), "admin2": st("admin2"), "admin3": st("admin3"),
        "source_scale": st("source_scale"), "fatalities": fat, "inter1": inter1, "inter2": inter2,
        "interaction": st("interaction"), "assoc_actor_1": st("assoc_actor_1"),
        "assoc_actor_2": st("assoc_actor_2"), "disorder_type": st("disorder_type"),
        "civilian_targeting": st("civilian_targeting"), "tags": st("tags"),
    })
    geo = pd.DataFrame({"location": location, "latitude": lat, "longitude": lon, "admin1": f.text("admin1"),
                        "source": f.text("source"), "country": f.text("country")})
    return _finish(f, "ACLED", layout, base, geo, extra, keep, where, places=places, regions=regions,
                   match_km=match_km, border_km=border_km, source_id=source_id, admin_col="admin1",
                   location_col="location", no_polygon=np.zeros(len(raw), dtype=bool), kazakh=kazakh,
                   country=country)


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
                                     ("ACLED", ACLED_USED, "kzlib.read_acled"))
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
    base = pd.DataFrame({
        "event_id": eid, "date": day, "time_precision": dprec.map(GED_DATE_PREC).astype("Int64"),
        "geo_precision": wprec.map(GED_WHERE_PREC).astype("Int64"),
        "event_type": np.array([v[0] for v in GED_VIOLENCE.values()], dtype=object)[tv - 1],
        "sub_event_type": np.array([v[1] for v in GED_VIOLENCE.values()], dtype=object)[tv - 1],
        "actor1": side_a, "actor2": side_b, "size_text": None, "fatalities_text": fat_text.to_numpy(),
        "description": description.to_numpy(), "notes": notes.to_numpy(),
    })
    extra = pd.DataFrame({
        "ucdp_id": f.text("id"), "relid": f.text("relid"), "adm_2": f.text("adm_2"), "date_end": end,
        "date_prec": dprec, "where_prec": wprec, "type_of_violence": tov,
        "conflict_name": f.text("conflict_name"), "dyad_name": f.text("dyad_name"), "fatalities_best": best,
        **deaths, "event_clarity": f.integer("event_clarity"), "code_status": f.text("code_status"),
    })
    geo = pd.DataFrame({"location": location, "latitude": lat, "longitude": lon, "adm_1": f.text("adm_1"),
                        "source": f.text("source_office"), "country": f.text("country")})
    return _finish(f, "UCDP GED", layout, base, geo, extra, keep, where, places=places, regions=regions,
                   match_km=match_km, border_km=border_km, source_id=source_id, admin_col="adm_1",
                   location_col="where_coordinates", no_polygon=(wprec >= 6).to_numpy(), kazakh=kazakh,
                   country=country)


def _map_uniques(s: pd.Series, fn) -> tuple[np.ndarray, list]:
    codes, uniq = _codes(s)
    return codes, [fn(v) for v in uniq]


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
    names = {v.strip().casefold() for v in f.text("country").dropna().unique()}
    return names <= {"kazakhstan"}


def _country_rows(f: _Fields, country: str) -> np.ndarray:
    """True for rows whose country name, ISO code or GED country id equals ``country`` (any case)."""
    want = _norm_code(country)
    hit = np.zeros(len(f.raw), dtype=bool)
    for col in COUNTRY_COLUMNS:
        if f.has(col):
            s = f.text(col)
            cc, cu = f.codes(s)
            hit |= np.append(np.array([_norm_code(u) == want for u in cu], dtype=bool), False)[cc]
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
    from .geo import country_outline, read_units

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


def _one_country(s: pd.Series | None) -> str | None:
    """The export's country name if every row gives the same one, else None."""
    if s is None:
        return None
    vals = pd.Series(s).dropna().unique()
    return str(vals[0]) if len(vals) == 1 else None


def _row_checks(f: _Fields, day: pd.Series, date_col: str, lat: pd.Series, lon: pd.Series,
                countries: pd.Series, *, country: str | None, dates: tuple[str, str] | None,
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
    where = pd.DataFrame({"region_id": pd.Series(pd.NA, index=range(n), dtype="object"),
                          "region_km": np.full(n, np.nan), "country_km": np.full(n, np.nan)})
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
        where.loc[idx, "region_id"] = found["region_id"].astype(object).to_numpy()[codes]
        where.loc[idx, "region_km"] = found["region_km"].to_numpy()[codes]
        where.loc[idx, "country_km"] = found["country_km"].to_numpy()[codes]
    elif country is not None and outline is not None:
        from .geo import outside_km

        where.loc[idx, "country_km"] = outside_km(plat, plon, outline)[codes]
    if country is not None:
        km = where["country_km"]
        far = (km > border_km).to_numpy()
        latlon = pd.Series(None, index=raw.index, dtype=object)
        if far.any():
            latlon[far] = raw["latitude"][far].astype(str) + ", " + raw["longitude"][far].astype(str)
        f.add_rows(far, "latitude/longitude", latlon,
                   lambda i: f"a point inside {country} or within {border_km:g} km of its border "
                             f"(this one is {km.iat[i]:.0f} km outside)")
    return keep, where


def _finish(f: _Fields, dataset: str, layout: str, base: pd.DataFrame, geo: pd.DataFrame,
            extra: pd.DataFrame, keep: np.ndarray, where: pd.DataFrame, *,
            places: pd.DataFrame | None, regions: pd.DataFrame | None, match_km: float, border_km: float,
            source_id: str, admin_col: str, location_col: str, no_polygon: np.ndarray,
            kazakh: bool = True, country: str | None = None) -> pd.DataFrame:
    """Resolve regions and places (once per distinct admin1/location/point) and type the frame.

    For Kazakhstan (``kazakh``) regions are the 17 units of January 2022 and places the
    gazetteer; elsewhere the region is the export's admin1 name as written and places come
    from the export's locations and coordinates (``places``, if given, are matched first)."""
    n_rows = len(f.raw)
    idx = np.flatnonzero(keep)
    if len(idx) < n_rows:
        base, geo, extra, where = (d.iloc[idx].reset_index(drop=True) for d in (base, geo, extra, where))
        no_polygon = no_polygon[idx]

    from .load import load_places, load_regions

    if kazakh:
        places = load_places() if places is None else places
        regions = load_regions() if regions is None else regions
    else:  # elsewhere: places from the export's locations, regions from its admin1 names
        places = places_frame([]) if places is None else places
    known = set(regions["region_id"]) if kazakh else set()
    matcher = PlaceMatcher(places, match_km=match_km, strip_type_words=dataset == "UCDP GED")
    keys = pd.DataFrame({"admin": geo[admin_col].fillna("\x00"), "loc": geo["location"].astype(str),
                         "lat": geo["latitude"], "lon": geo["longitude"], "np": no_polygon,
                         "poly": where["region_id"].fillna("\x00"), "km": where["region_km"].fillna(-1.0)})
    group = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup().to_numpy()
    first_row = pd.Series(np.arange(len(keys))).groupby(group).first().to_numpy()
    cand_cache: dict[str, tuple[str, ...] | None] = {}
    res_region, res_how, res_pid, res_match, res_km, res_note = [], [], [], [], [], []
    for j in first_row:
        a = geo[admin_col].iat[j]
        a = None if a is None or a is pd.NA else str(a)
        if a not in cand_cache:
            if kazakh:
                c = region_candidates(a, regions)
                cand_cache[a] = tuple(x for x in c if x in known) if c else None
            else:
                cand_cache[a] = (a.strip(),) if a is not None and a.strip() else None
        cands = cand_cache[a]
        poly = where["region_id"].iat[j]
        if no_polygon[j] or pd.isna(poly) or not where["region_km"].iat[j] <= border_km:
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
        loc = str(geo["location"].iat[j])
        m = matcher.match(loc, float(geo["latitude"].iat[j]), float(geo["longitude"].iat[j]), reg,
                          notes=f"Made by kzlib from {Path(f.file).name} row {int(idx[j]) + 2} "
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

    place_id = _spread(group, res_pid)
    notes = _join(base["notes"], _spread(group, res_note))
    notes = notes.where(notes.isna(), notes + ".")
    out = _typed_events(base, place_id, source_id, notes)
    n = len(out)
    common = pd.DataFrame({
        "dataset": pd.Series(dataset, index=range(n), dtype="string"),
        "source_file": pd.Series(Path(f.file).name, index=range(n), dtype="string"),
        "location": geo["location"].astype("string"),
        "latitude": geo["latitude"].astype("float64"), "longitude": geo["longitude"].astype("float64"),
        admin_col: geo[admin_col].astype("string"),
        "region_id": pd.Series(_spread(group, res_region), dtype="string"),
        "region_match": pd.Series(_spread(group, res_how), dtype="string"),
        "place_match": pd.Series(_spread(group, res_match), dtype="string"),
        "place_km": np.asarray(res_km, dtype="float64")[group] if n else np.zeros(0),
        "source": geo["source"].astype("string"),
    })
    cols = {**{c: out[c] for c in out.columns}, **{c: common[c] for c in common.columns},
            **{c: _string(f, extra[c]) if extra[c].dtype == object else extra[c] for c in extra.columns}}
    out = pd.DataFrame(cols, index=out.index)      # one frame, no block consolidation of 40 columns
    out.attrs = {"dataset": dataset, "layout": layout, "file": f.file,
                 **({} if kazakh else {"country": country or _one_country(geo.get("country"))}),
                 "skipped_rows": int(n_rows - len(idx)),
                 "new_places": tuple(_record(r) for r in matcher.new_places.to_dict("records"))}
    return out


def _string(f: _Fields, s: pd.Series) -> pd.Series:
    """``s.astype("string")``; for a column read by ``f`` built from its distinct values."""
    hit = f._coded.get(id(s))
    if hit is None or hit[0] is not s:
        return s.astype("string")
    codes, uniq = hit[1], hit[2]
    return pd.Series(pd.array(uniq, dtype="string").take(codes, allow_fill=True), index=s.index)


def _record(row: dict) -> dict:
    """A place record with plain Python values (so ``attrs`` compare and concat cleanly)."""
    return {k: (None if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else
                (v.item() if hasattr(v, "item") else v)) for k, v in row.items()}


def _figures(texts: pd.Series) -> tuple[pd.arrays.IntegerArray, pd.arrays.IntegerArray, pd.arrays.BooleanArray]:
    """(low, high, approximate) of each row's figure words (parse_figure once per distinct phrase)."""
    codes, uniq = _codes(texts)
    figs = [_figure(t) for t in uniq]
    low = np.array([np.nan if g is None or g.low is None else g.low for g in figs] + [np.nan])[codes]
    high = np.array([np.nan if g is None or g.high is None else g.high for g in figs] + [np.nan])[codes]
    approx = np.array([False if g is None else g.approximate for g in figs] + [False])[codes]
    known = np.array([g is not None for g in figs] + [False])[codes]
    return (pd.array(low, dtype="Int64"), pd.array(high, dtype="Int64"),
            pd.arrays.BooleanArray(approx, ~known))


def _typed_events(base: pd.DataFrame, place_id: np.ndarray, source_id: str, notes: pd.Series) -> pd.DataFrame:
    """Return the events columns typed exactly as :func:`kzlib.load_events` returns them."""
    spec = {c.name: c for c in columns("events")}
    n = len(base)
    s_low, s_high, s_approx = _figures(base["size_text"])
    f_low, f_high, f_approx = _figures(base["fatalities_text"])
    data = {
        "event_id": base["event_id"].astype("string"),
        "date": base["date"].astype("datetime64[ns]"),
        "time": pd.Series(pd.NA, index=range(n), dtype="string"),
        "time_precision": base["time_precision"].astype("Int64"),
        "place_id": pd.Series(place_id, dtype="string"),
        "geo_precision": base["geo_precision"].astype("Int64"),
        "event_type": pd.Categorical(base["event_type"], categories=list(spec["event_type"].allowed)),
        "sub_event_type": pd.Categorical(base["sub_event_type"], categories=list(spec["sub_event_type"].allowed)),
        "actor1": base["actor1"].astype("string"),
        "actor2": base["actor2"].astype("string"),
        "size_text": base["size_text"].astype("string"),
        "size_low": s_low, "size_high": s_high,
        "fatalities_text": base["fatalities_text"].astype("string"),
        "fatalities_low": f_low, "fatalities_high": f_high,
        "description": base["description"].astype("string"),
        "source_ids": pd.Series(source_id, index=range(n), dtype="string"),
        "first_reported": _first_reported(base, place_id),
        "same_event_as": pd.Series(pd.NA, index=range(n), dtype="string"),
        "notes": notes.astype("string"),
        "size_approx": s_approx, "fatalities_approx": f_approx,
    }
    return pd.DataFrame(data, index=range(n))


def _first_reported(base: pd.DataFrame, place_id: np.ndarray) -> np.ndarray:
    """True for the earliest Protests/Riots row at each place (ties: lower time_precision, file order)."""
    order = pd.DataFrame({"date": base["date"], "tp": base["time_precision"].astype("float"),
                          "place": place_id, "i": np.arange(len(base))})
    protest = pd.Series(base["event_type"]).isin(["Protests", "Riots"]).to_numpy()
    firsts = order[protest].sort_values(["date", "tp", "i"], kind="stable").drop_duplicates("place")["i"]
    out = np.zeros(len(base), dtype=bool)
    out[firsts.to_numpy()] = True
    return out


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
        from .load import load_places

        places = load_places()
    extra = new_places(events)
    extra = extra[~extra["place_id"].isin(places["place_id"])]
    if extra.empty:
        return places.copy()
    out = pd.concat([places, extra], ignore_index=True)
    out["kind"] = pd.Categorical(out["kind"].astype("object"), categories=places["kind"].cat.categories)
    return out
