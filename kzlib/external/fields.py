"""Shared field parsing for the export readers: layouts, dates, reading the file, one
:class:`_Fields` that parses string columns and records every bad cell, and typing the
result as kzlib's events schema."""
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

from ..background import Background as _Background
from ..errors import KzDataError, Problem
from ..gazetteer import BORDER_KM, MATCH_KM, PlaceMatcher, clean_location, locate, places_frame, region_candidates
from ..quantities import parse_figure
from ..schema import ID, KZ_BBOX, SLUG, acled_event_types, columns
from ..validate import _display, read_coded, read_raw, read_text


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
#: ACLED columns that hold a different value on (nearly) every row, read as plain strings.
ACLED_PLAIN: tuple[str, ...] = ("event_id_cnty", "notes", "timestamp", "data_id", "event_id_no_cnty")
#: UCDP GED columns that hold a different value on (nearly) every row.
GED_PLAIN: tuple[str, ...] = ("id", "relid", "source_article", "source_headline", "source_original", "geom_wkt")
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
                 other: tuple[str, tuple[str, ...], str], plain: tuple[str, ...] = ()) -> tuple[str, "_Raw", str]:
    """Read an export as strings; return (file label, its columns as a :class:`_Raw` with lowercase
    names, layout name).

    The layout is the first of ``layouts`` whose columns the header contains (any order,
    extra columns allowed), else ``"other"`` if it has every column of ``used``; otherwise
    one KzDataError lists the missing columns. File-level checks are read_text/read_raw's.
    Columns in ``plain`` (lowercase names; ids and free text) are read as plain strings
    (see :func:`kzlib.validate.read_coded`): their values may repeat.
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
        n, coded = read_coded(path, names, file=file, table=what,
                              plain=[h for h, low in zip(names, lower) if low in plain])
        raw = _Raw(n, dict(zip(lower, (coded[c] for c in names))))
    else:
        raw = _Raw.from_frame(df.reset_index(drop=True), lower)
    return file, raw, layout or "other"


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


class _Raw:
    """An export's columns, each kept as ``(codes, distinct stripped strings)`` (see
    :func:`kzlib.validate.read_coded`), with the few DataFrame traits messages need:
    ``columns``, ``index``, ``len()`` and ``raw[col]`` (the column's strings, built on first use)."""

    def __init__(self, n: int, coded: dict[str, tuple[np.ndarray, np.ndarray]]):
        self.n = n
        self._coded = coded
        self.columns = pd.Index(list(coded))
        self.index = pd.RangeIndex(n)
        self._strings: dict[str, pd.Series] = {}

    @classmethod
    def from_frame(cls, df: pd.DataFrame, names: list[str]) -> "_Raw":
        """From a frame of strings (an Excel sheet), its columns renamed to ``names``."""
        return cls(len(df), {name: _codes(df[c]) for name, c in zip(names, df.columns)})

    def __len__(self) -> int:
        return self.n

    def coded(self, col: str) -> tuple[np.ndarray, np.ndarray]:
        return self._coded[col]

    def __getitem__(self, col: str) -> pd.Series:
        if col not in self._strings:
            codes, uniq = self._coded[col]
            self._strings[col] = pd.Series(_spread(codes, list(uniq)), index=self.index, dtype=object)
        return self._strings[col]


class _Fields:
    """Parse the string columns of one export, recording every bad cell as a Problem."""

    def __init__(self, file: str, raw: pd.DataFrame):
        self.file = file
        self.raw = raw
        self.problems: list[Problem] = []
        self._text: dict[str, pd.Series] = {}
        self._col_codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._later: list = []
        self._coded: dict[int, tuple[pd.Series, np.ndarray, np.ndarray]] = {}

    def add(self, i: int, column: str, value: object, expected: str) -> None:
        self.problems.append(Problem(self.file, int(i) + 2, column,
                                     None if value is None or value is pd.NA else str(value), expected))

    def add_rows(self, mask: np.ndarray | pd.Series, column: str, values: pd.Series | str, expected) -> None:
        """Record a problem for every row of ``mask``; ``values`` is a Series or the name of a column
        (its :meth:`text`, built only if a row is bad); ``expected`` may be a function of the row."""
        rows = np.flatnonzero(np.asarray(mask, dtype=bool))
        if len(rows) and isinstance(values, str):
            values = self.text(values)
        for i in rows:
            self.add(i, column, values.iat[i], expected(i) if callable(expected) else expected)

    def _require(self, col: str, what: str) -> None:
        """Record a problem (value "") for every row where ``col`` is missing."""
        missing = self._column_codes(col)[0] < 0
        if missing.any():
            self.add_rows(missing, col, pd.Series("", index=self.raw.index), what)

    def has(self, col: str) -> bool:
        return col in self.raw.columns

    def _column_codes(self, col: str) -> tuple[np.ndarray, np.ndarray]:
        """(codes, values) of a column with missing cells (empty or ``NA``) coded -1; cached."""
        if col not in self._col_codes:
            if not self.has(col):
                codes = np.full(len(self.raw), -1, dtype=np.int64)
                uniq = np.zeros(0, dtype=object)
            else:   # work on the distinct values: drop the missing ones, renumber the rest
                rc, cats = self.raw.coded(col)
                missing = np.isin(cats, _MISSING)
                keep = np.flatnonzero(~missing)
                recode = np.full(len(cats) + 1, -1, dtype=np.int64)
                recode[keep] = np.arange(len(keep))
                codes = recode[rc]
                uniq = cats[keep]
            self._col_codes[col] = (codes, uniq)
        return self._col_codes[col]

    def coded(self, col: str, *, required: bool = False, what: str = "a value") -> "_Coded":
        """The column as a :class:`_Coded` (missing cells: code -1), without building its strings
        row by row (as :meth:`text`, for columns carried to the output or mapped per value)."""
        if required:
            self._require(col, what)
        return _Coded(*self._column_codes(col))

    def text(self, col: str, *, required: bool = False, what: str = "a value") -> pd.Series:
        """The column as object strings, None where missing (empty or ``NA``)."""
        if col not in self._text:
            codes, uniq = self._column_codes(col)
            s = pd.Series(_spread(codes, list(uniq)), index=self.raw.index, dtype=object)
            self._text[col] = s
            self._coded[id(s)] = (s, codes, uniq)
        if required:
            self._require(col, what)
        return self._text[col]

    def isna(self, s: pd.Series) -> np.ndarray:
        """Missing cells of a column :meth:`text` returned (from its codes), or of any Series."""
        hit = self._coded.get(id(s))
        if hit is not None and hit[0] is s:
            return hit[1] < 0
        return s.isna().to_numpy()

    def codes(self, s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """:func:`_codes` of a column :meth:`text` returned (known from reading), or of any Series."""
        hit = self._coded.get(id(s))
        if hit is not None and hit[0] is s:
            return hit[1], hit[2]
        return _codes(s)

    def _numeric(self, s: pd.Series | str) -> tuple[np.ndarray, np.ndarray]:
        """(codes, float value of each distinct value, NaN where not a number) of a Series or of
        the column named ``s``: pd.to_numeric once per distinct value."""
        codes, uniq = self._column_codes(s) if isinstance(s, str) else self.codes(s)
        vals = pd.to_numeric(pd.Series(uniq, dtype=object), errors="coerce").to_numpy(dtype="float64")
        return codes, vals

    def integer(self, col: str, *, allowed: tuple[int, ...] | None = None, lo: int | None = None,
                required: bool = False) -> pd.Series:
        what = f"one of {', '.join(map(str, allowed))}" if allowed else "a whole number"
        if required:
            self._require(col, what)
        codes, vals = self._numeric(col)
        finite = np.isfinite(vals)   # inf is not a whole number (and np.mod(inf, 1) would warn)
        whole_u = finite & (np.mod(vals, 1, where=finite, out=np.zeros_like(vals)) == 0) \
            & (np.abs(vals) < 2**53)
        ints_u = np.where(whole_u, vals, 0).astype(np.int64)
        # one flag per distinct value, broadcast to the rows (the last slot is for missing cells)
        bad_u = np.append(~whole_u, False)
        self.add_rows(bad_u[codes], col, col, "a whole number" + (f": {', '.join(map(str, allowed))}" if allowed else ""))
        if allowed is not None:
            self.add_rows(np.append(whole_u & ~np.isin(ints_u, allowed), False)[codes], col, col, what)
        if lo is not None:
            self.add_rows(np.append(whole_u & (ints_u < lo), False)[codes], col, col, f"a whole number of at least {lo}")
        w = np.append(whole_u, False)[codes]
        return pd.Series(pd.arrays.IntegerArray(np.append(ints_u, 0)[codes], ~w), index=self.raw.index)

    def number(self, col: str, lo: float, hi: float, *, required: bool = False) -> pd.Series:
        if required:
            self._require(col, f"a decimal number from {lo} to {hi}")
        codes, vals = self._numeric(col)
        with np.errstate(invalid="ignore"):
            bad_u = np.isnan(vals) | (vals < lo) | (vals > hi)
        self.add_rows(np.append(bad_u, False)[codes], col, col, f"a decimal number from {lo} to {hi}")
        return pd.Series(np.append(vals, np.nan)[codes], index=self.raw.index)

    def date(self, col: str, *, required: bool = False) -> pd.Series:
        if required:
            self._require(col, _DATE_EXPECTED)
        codes, uniq = self._column_codes(col)
        parsed = pd.to_datetime(pd.Series([parse_export_date(v) for v in uniq], dtype=object))
        vals = np.append(parsed.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT", "ns"))
        out = pd.Series(vals[codes], index=self.raw.index)
        self.add_rows(np.append(np.isnat(vals[:-1]), False)[codes], col, col, _DATE_EXPECTED)
        return out

    def ident(self, col: str, *, prefix: str = "") -> "_Coded":
        """The ids of ``col`` (``prefix`` + value) as a :class:`_Coded`; records missing ids, ids
        that are not letters, digits, '-' or '_', and repeated ids (the repeat is found when
        :meth:`raise_if_any` runs: for a plain column pyarrow counts the distinct values in a
        thread meanwhile)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        self._require(col, "an id")
        codes, uniq = self._column_codes(col)
        values = list(uniq) if not prefix else [prefix + u for u in uniq]
        arr = pa.array(values, type=pa.string())
        ok_u = pc.match_substring_regex(arr, ID)
        bad_u = np.append(~ok_u.to_numpy(zero_copy_only=False).astype(bool), False)
        self.add_rows(bad_u[codes], col, col, "an id of letters, digits, '-' or '_'")
        if len(uniq) < np.count_nonzero(codes >= 0):      # a code used twice: a repeated id
            self._later.append(lambda: self._repeated(col))
        else:   # a plain column: one value per row, which may repeat
            count = _Background(lambda: len(pc.unique(arr)))
            self._later.append(lambda: self._repeated(col) if count.result() < len(uniq) else None)
        return _Coded(codes, values)

    def _repeated(self, col: str) -> None:
        """Record every repeat of an id in ``col``, naming the row that has it first."""
        s = self.text(col)
        dup = (s.notna() & s.duplicated(keep="first")).to_numpy()
        if dup.any():
            first = s[s.notna()].drop_duplicates()
            where = pd.Series(first.index, index=first.to_numpy())
            self.add_rows(dup, col, s, lambda i: f"a unique id (row {where[s.iat[i]] + 2} has it too)")

    def year_matches(self, col: str, day: pd.Series, date_col: str) -> None:
        if not self.has(col):
            return
        y = self.integer(col)
        bad = (y.notna() & day.notna() & (y != day.dt.year)).fillna(False).to_numpy(dtype=bool)
        if bad.any():   # the raw strings are built only for a message
            raw = self.raw[date_col]
            self.add_rows(bad, col, self.raw[col], lambda i: f"{day.iat[i].year}, the year of {date_col} {raw.iat[i]!r}")

    def raise_if_any(self) -> None:
        """Finish the checks left for later (:meth:`ident`), then raise every problem in one
        KzDataError, by row and column."""
        later, self._later = self._later, []
        for check in later:
            check()
        if self.problems:
            raise KzDataError(sorted(self.problems, key=lambda p: (p.row or 0, p.column or "")))


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


def _map_uniques(s: pd.Series, fn) -> tuple[np.ndarray, list]:
    codes, uniq = _codes(s)
    return codes, [fn(v) for v in uniq]



class _Coded:
    """A column as ``(codes, values)``: row ``i`` holds ``values[codes[i]]``, missing where the code
    is -1. Outputs are built from the few distinct values and broadcast with one ``take``."""

    __slots__ = ("codes", "values")

    def __init__(self, codes: np.ndarray, values: list | np.ndarray):
        self.codes = np.asarray(codes)
        self.values = list(values)

    def __len__(self) -> int:
        return len(self.codes)

    @classmethod
    def constant(cls, value: str | None, n: int) -> "_Coded":
        return cls(np.zeros(n, dtype=np.int64), [value])

    def strings(self) -> pd.arrays.StringArray:
        """As pandas' ``string`` array (None and -1 become <NA>)."""
        arr = pd.array(np.array(self.values, dtype=object), dtype="string")
        n = len(self.codes)
        if len(arr) == n and n and self.codes[0] == 0 and self.codes[-1] == n - 1 \
                and (np.diff(self.codes) == 1).all():
            return arr      # one value per row, in row order (a plain column): nothing to take
        return arr.take(self.codes, allow_fill=True)

    def objects(self) -> np.ndarray:
        return _spread(self.codes, self.values)

    def take(self, idx: np.ndarray) -> "_Coded":
        return _Coded(self.codes[idx], self.values)


def _coded_of(f: _Fields | None, s) -> _Coded:
    """``s`` (a :class:`_Coded`, a column :meth:`_Fields.text` returned, or any values) as a _Coded."""
    if isinstance(s, _Coded):
        return s
    hit = f._coded.get(id(s)) if f is not None else None
    if hit is not None and hit[0] is s:
        return _Coded(hit[1], hit[2])
    return _Coded(*_codes(pd.Series(np.asarray(s, dtype=object))))


def _as_string(f: _Fields | None, s) -> pd.arrays.StringArray:
    """Any text column as pandas' ``string`` array, from its distinct values where they are known
    (a ``string`` array is returned as it is)."""
    if isinstance(s, _Coded):
        return s.strings()
    if isinstance(s, pd.arrays.StringArray):
        return s
    if isinstance(s, pd.Series) and f is not None:
        hit = f._coded.get(id(s))
        if hit is not None and hit[0] is s:
            return _Coded(hit[1], hit[2]).strings()
        return s.astype("string").array
    return pd.array(np.asarray(s, dtype=object), dtype="string")


def _take_rows(cols: dict, idx: np.ndarray) -> dict:
    """Keep rows ``idx`` of every column of ``cols`` (a dict of _Coded, Series or arrays)."""
    out = {}
    for k, v in cols.items():
        if isinstance(v, _Coded):
            out[k] = v.take(idx)
        elif isinstance(v, pd.Series):
            out[k] = v.iloc[idx].reset_index(drop=True)
        elif v is None or np.ndim(v) == 0:
            out[k] = v
        else:
            out[k] = v[idx]
    return out


def _figures(texts: _Coded) -> tuple[pd.arrays.IntegerArray, pd.arrays.IntegerArray, pd.arrays.BooleanArray]:
    """(low, high, approximate) of each row's figure words (parse_figure once per distinct phrase)."""
    figs = [None if t is None else _figure(t) for t in texts.values]
    low_u = np.array([-1 if g is None or g.low is None else g.low for g in figs] + [-1], dtype=np.int64)
    high_u = np.array([-1 if g is None or g.high is None else g.high for g in figs] + [-1], dtype=np.int64)
    has_low = np.array([g is not None and g.low is not None for g in figs] + [False])
    has_high = np.array([g is not None and g.high is not None for g in figs] + [False])
    approx_u = np.array([False if g is None else g.approximate for g in figs] + [False])
    known_u = np.array([g is not None for g in figs] + [False])
    c = texts.codes
    return (pd.arrays.IntegerArray(np.where(has_low, low_u, 0)[c], ~has_low[c]),
            pd.arrays.IntegerArray(np.where(has_high, high_u, 0)[c], ~has_high[c]),
            pd.arrays.BooleanArray(approx_u[c], ~known_u[c]))


def _typed_events(f: _Fields, base: dict, place_id: _Coded, source_id: str,
                  notes: pd.arrays.StringArray) -> dict:
    """Return the events columns typed exactly as :func:`kzlib.load_events` returns them.

    ``base`` maps each schema column to a :class:`_Coded`, a Series or an array;
    ``event_type``/``sub_event_type`` are _Coded of ACLED's vocabulary.
    """
    spec = {c.name: c for c in columns("events")}
    n = len(place_id)
    size = _coded_of(f, base["size_text"])
    fat = _coded_of(f, base["fatalities_text"])
    s_low, s_high, s_approx = _figures(size)
    f_low, f_high, f_approx = _figures(fat)

    def category(name: str) -> pd.Categorical:
        allowed = list(spec[name].allowed)
        v = _coded_of(f, base[name])
        pos = np.array([allowed.index(x) if x in allowed else -1 for x in v.values] + [-1], dtype=np.int64)
        return pd.Categorical.from_codes(pos[v.codes], categories=allowed, validate=False)

    empty = _Coded.constant(None, n).strings()
    return {
        "event_id": _as_string(f, base["event_id"]),
        "date": pd.Series(base["date"]).to_numpy(dtype="datetime64[ns]"),
        "time": empty,
        "time_precision": pd.array(base["time_precision"], dtype="Int64"),
        "place_id": place_id.strings(),
        "geo_precision": pd.array(base["geo_precision"], dtype="Int64"),
        "event_type": category("event_type"),
        "sub_event_type": category("sub_event_type"),
        "actor1": _as_string(f, base["actor1"]),
        "actor2": _as_string(f, base["actor2"]),
        "size_text": size.strings(),
        "size_low": s_low, "size_high": s_high,
        "fatalities_text": fat.strings(),
        "fatalities_low": f_low, "fatalities_high": f_high,
        "description": _as_string(f, base["description"]),
        "source_ids": _Coded.constant(source_id, n).strings(),
        "first_reported": _first_reported(base, place_id),
        "same_event_as": empty.copy(),
        "notes": notes,
        "size_approx": s_approx, "fatalities_approx": f_approx,
    }


def _first_reported(base: dict, place_id: _Coded) -> np.ndarray:
    """True for the earliest Protests/Riots row at each place (ties: lower time_precision, file order)."""
    t = _coded_of(None, base["event_type"])
    protest_u = np.array([v in ("Protests", "Riots") for v in t.values] + [False])
    rows = np.flatnonzero(protest_u[t.codes])
    out = np.zeros(len(place_id), dtype=bool)
    if not len(rows):
        return out
    day = pd.Series(base["date"]).to_numpy(dtype="datetime64[ns]")[rows].view(np.int64)
    day = np.where(day == np.iinfo(np.int64).min, np.iinfo(np.int64).max, day)     # NaT sorts last
    tp = pd.Series(base["time_precision"]).to_numpy(dtype="float64", na_value=np.inf)[rows]
    order = rows[np.lexsort((rows, tp, day))]
    same_place, _ = pd.factorize(pd.Series(place_id.values, dtype=object), use_na_sentinel=False)
    pid = same_place[place_id.codes[order]]     # several codes may name one place
    _, first = np.unique(pid, return_index=True)
    out[order[first]] = True
    return out
