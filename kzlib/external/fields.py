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

from ..errors import KzDataError, Problem
from ..gazetteer import BORDER_KM, MATCH_KM, PlaceMatcher, clean_location, locate, places_frame, region_candidates
from ..quantities import parse_figure
from ..schema import ID, KZ_BBOX, SLUG, acled_event_types, columns
from ..validate import _display, read_raw, read_text


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


