"""Read one CSV table into a typed, validated DataFrame, or say exactly what is wrong.

:func:`read_table` checks, in order: the file exists and is not empty, it is UTF-8,
it is comma-separated, its header has exactly the table's columns (any order, no
duplicates), every row has as many fields as the header, every value parses as its
column's type, the pandera schema of :mod:`kzlib.schema` holds (required values,
allowed values, patterns, bounds, unique ids), vague figures agree with their ranges,
and the table's own rules (end after start, event sub-type within its type, ...).

Every problem becomes a :class:`~kzlib.errors.Problem` naming the file, the row as a
person counts it (header = row 1), the column, the value and what was expected; all
problems are raised together in one :class:`~kzlib.errors.KzDataError`.
"""
from __future__ import annotations

import copy
import csv
import io
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from .background import Background
from .errors import KzDataError, Problem
from .quantities import Figure, parse_figure
from .schema import SLUG, Column, acled_event_types, columns

_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_utf8(path: Path, file: str) -> bytes:
    """Return the bytes of a UTF-8 file without its BOM, or raise KzDataError naming the
    file, and for a bad byte its row and column."""
    if not path.exists():
        raise KzDataError.one(file, "an existing file")
    if path.is_dir():
        raise KzDataError.one(file, "a file, not a folder")
    raw = path.read_bytes()
    try:
        if not raw.isascii():           # ASCII is UTF-8; only other files need the full decode
            raw.decode("utf-8")
    except UnicodeDecodeError as e:
        row = raw[: e.start].count(b"\n") + 1
        lines = raw.decode("utf-8-sig", errors="replace").splitlines()
        header = next(csv.reader([lines[0]])) if lines else []
        column = None
        if row - 1 < len(lines):
            fields = next(csv.reader([lines[row - 1]]), [])
            for i, f in enumerate(fields):
                if "\ufffd" in f:
                    column = header[i] if i < len(header) else f"field {i + 1}"
                    break
        bad = raw[e.start:e.end].hex(" ")
        raise KzDataError.one(file, f"UTF-8 text (found byte(s) {bad}; re-save the file as UTF-8)",
                              row=row, column=column) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw or raw.isspace():
        raise KzDataError.one(file, "a header row and at least one data row (the file is empty)")
    return raw


#: Files at least this big are parsed from a memory map instead of being read into memory first.
STREAM_BYTES = 32 << 20


def _first_line(path: Path, file: str) -> tuple[bytes | None, str]:
    """(the file's bytes or None, its first line decoded) for :func:`read_coded`.

    A file smaller than :data:`STREAM_BYTES` is read whole by :func:`read_utf8` (every check
    first). A bigger one is left on disk (None) and only its first line read; a file whose
    first MiB holds no complete non-blank line, or a line that is not UTF-8, is read whole so
    that read_utf8 raises its usual error.
    """
    if path.is_file() and path.stat().st_size >= STREAM_BYTES:
        with path.open("rb") as fh:
            head = fh.read(1 << 20)
        if head.startswith(b"\xef\xbb\xbf"):
            head = head[3:]
        end = min((i for i in (head.find(b"\n"), head.find(b"\r")) if i >= 0), default=-1)
        if end > 0 and head[:end].strip():
            try:
                return None, head[:end].decode("utf-8")
            except UnicodeDecodeError:
                pass
    raw = read_utf8(path, file)
    end = min((i for i in (raw.find(b"\n"), raw.find(b"\r")) if i >= 0), default=len(raw))
    return raw, raw[:end].decode("utf-8")


def read_text(path: Path, file: str) -> str:
    """Return the text of a UTF-8 file (a BOM is allowed), or raise KzDataError."""
    return read_utf8(path, file).decode("utf-8")


def read_raw(path: str | Path, expected: Iterable[str], *, file: str | None = None,
             table: str = "table") -> pd.DataFrame:
    """Read a CSV as strings, checking encoding, delimiter, header and row lengths.

    Accepts a path and the column names the file must have (in any order). Returns a
    DataFrame of stripped strings with the columns in ``expected`` order and a
    RangeIndex where index ``i`` is file row ``i + 2``. Each column is a ``category``
    whose categories are its distinct (stripped) values, so a million rows with a few
    distinct values cost little more than the values. Raises KzDataError.
    """
    n, coded = read_coded(path, expected, file=file, table=table)
    return pd.DataFrame({c: pd.Categorical.from_codes(codes, categories=pd.Index(uniq, dtype=object),
                                                      validate=False)
                         for c, (codes, uniq) in coded.items()}, index=pd.RangeIndex(n))


def read_coded(path: str | Path, expected: Iterable[str], *, file: str | None = None,
               table: str = "table", plain: Iterable[str] = ()) -> tuple[int, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Like :func:`read_raw`, but return ``(rows, {column: (codes, values)})``.

    ``values`` is an object array of stripped strings and ``codes`` an integer array giving,
    for each row, the position of its value there. For most columns ``values`` holds the
    column's distinct values (no two equal), read dictionary-encoded so that each is decoded
    once. Columns named in ``plain`` (ids, free text: mostly one value per row) are read as
    plain strings instead, which is cheaper when nearly every value differs: their
    ``values`` are the rows' values in order (``codes`` = 0..rows-1) and may repeat.
    Raises KzDataError.
    """
    n, out, _ = _read_coded(path, expected, file=file, table=table, plain=plain)
    return n, out


def _read_coded(path: str | Path, expected: Iterable[str], *, file: str | None = None, table: str = "table",
                plain: Iterable[str] = (), count_distinct: Iterable[str] = ()
                ) -> tuple[int, dict[str, tuple[np.ndarray, np.ndarray]], dict[str, Background]]:
    """:func:`read_coded`, and a third item: for each plain column named in ``count_distinct``, a
    :class:`~kzlib.background.Background` counting its distinct stripped values (pyarrow, in a
    thread, while the caller goes on)."""
    path = Path(path)
    file = file or _display(path)
    expected = list(expected)
    raw, first = _first_line(path, file)
    header = next(csv.reader([first]))
    if len(header) == 1 and len(expected) > 1:
        guess = max((";", "\t", "|"), key=first.count)
        seen = f" (the header looks separated by {guess!r})" if first.count(guess) else ""
        raise KzDataError.one(file, f"comma-separated values{seen}", row=1, value=first)
    problems: list[Problem] = []
    stripped = [h.strip() for h in header]
    seen_names: set[str] = set()
    for h in stripped:
        if h in seen_names:
            problems.append(Problem(file, 1, h, h, "each column once (duplicated header)"))
        seen_names.add(h)
    for c in expected:
        if c not in seen_names:
            problems.append(Problem(file, 1, c, None, f"a column named {c!r} in the header"))
    for h in stripped:
        if h not in expected:
            problems.append(Problem(file, 1, h, h, f"only the columns of {table}: {', '.join(expected)}"))
    if problems:
        if raw is None:
            read_utf8(path, file)      # a bad byte further down is reported first, as for a small file
        raise KzDataError(problems)
    import pyarrow as pa
    import pyarrow.csv as pcsv

    ragged: list[Problem] = []

    def on_bad_row(row) -> str:
        if len(ragged) < 50:
            n = row.actual_columns
            what = "the row is cut short" if n < row.expected_columns else f"the row has {n}"
            ragged.append(Problem(file, row.number, None, _short_text(row.text),
                                  f"{row.expected_columns} fields like the header ({what})"))
        else:
            ragged.append(ragged[-1])
        return "skip"

    # columns are read dictionary-encoded (each distinct value decoded once per block), but for
    # the plain ones, whose values nearly all differ, where a dictionary would only cost time
    plain = {p.strip() for p in plain}
    dict_type = pa.dictionary(pa.int32(), pa.string())
    convert = pcsv.ConvertOptions(column_types={h: pa.string() if h.strip() in plain else dict_type for h in header},
                                  strings_can_be_null=False, quoted_strings_can_be_null=False)

    def parse(newlines: bool) -> pa.Table:
        # a big file is parsed straight from a memory map (pyarrow skips a BOM and checks the
        # UTF-8 of every value); a small one from the bytes read_utf8 checked
        source = io.BytesIO(raw) if raw is not None else pa.memory_map(str(path))
        return pcsv.read_csv(source, read_options=pcsv.ReadOptions(use_threads=True, block_size=1 << 22),
                             parse_options=pcsv.ParseOptions(newlines_in_values=newlines), convert_options=convert)

    try:  # fast path: all cores, no line break inside a value (a value that has one makes rows
        #   of the wrong length, and the file is read again allowing them)
        table_ = parse(False)
    except pa.ArrowInvalid:
        if raw is None:
            raw = read_utf8(path, file)   # a bad byte: the same error as for a small file
        try:
            table_ = parse(True) if b'"' in raw else None
        except pa.ArrowInvalid:
            table_ = None
        if table_ is None:   # a ragged row: read once more, single-threaded, to name every bad row
            try:
                table_ = pcsv.read_csv(
                    io.BytesIO(raw), read_options=pcsv.ReadOptions(use_threads=False, block_size=1 << 24),
                    parse_options=pcsv.ParseOptions(invalid_row_handler=on_bad_row, newlines_in_values=True),
                    convert_options=convert)
            except pa.ArrowInvalid as e:
                raise KzDataError.one(file, f"a well-formed CSV ({e})") from None
    if ragged:
        shown = ragged[:50]
        if len(ragged) > 50:
            shown.append(Problem(file, None, None, None, f"… and {len(ragged) - 50} more rows of the wrong length"))
        raise KzDataError(shown)
    position = {h: i for i, h in enumerate(stripped)}
    counts: dict[str, Background] = {}
    for c in count_distinct:
        if c in plain and c in position:
            import pyarrow.compute as pac

            col = table_.column(position[c])
            counts[c] = Background(lambda col=col: len(pac.unique(pac.utf8_trim_whitespace(col))))
    out = {c: (_plain_column if c in plain else _coded_column)(table_.column(position[c])) for c in expected}
    return table_.num_rows, out, counts


def _plain_column(col) -> tuple[np.ndarray, np.ndarray]:
    """(0..n-1, each row's stripped value) of one plain-string pyarrow column."""
    import pyarrow.compute as pac

    values = pac.utf8_trim_whitespace(col).to_numpy(zero_copy_only=False)
    return np.arange(len(values), dtype=np.int64), np.asarray(values, dtype=object)


def _coded_column(col) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct stripped values) of one dictionary-encoded pyarrow column."""
    import pyarrow as pa
    import pyarrow.compute as pac

    if col.num_chunks == 0:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=object)
    if col.num_chunks > 1:
        col = pa.table({"c": col}).unify_dictionaries().column(0)
    chunks = col.chunks
    dictionary = chunks[0].dictionary
    codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in chunks]) \
        if len(chunks) > 1 else chunks[0].indices.to_numpy(zero_copy_only=False)
    trimmed = pac.utf8_trim_whitespace(dictionary)
    uniq = trimmed.to_numpy(zero_copy_only=False)
    if len(uniq) and not pac.all(pac.equal(trimmed, dictionary)).as_py():
        remap, uniq = pd.factorize(uniq)
        codes = remap[codes]
    return codes, np.asarray(uniq, dtype=object)


def _short_text(text: str | None, limit: int = 80) -> str | None:
    if text is None:
        return None
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rows(mask: np.ndarray | pd.Series) -> list[int]:
    return [int(i) for i in np.flatnonzero(np.asarray(mask))]


_IDLIST = re.compile(r"\s*[A-Za-z0-9][A-Za-z0-9_-]*(?:\s*;\s*[A-Za-z0-9][A-Za-z0-9_-]*)*\s*;?\s*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _report(bad_u: np.ndarray, codes: np.ndarray, uniq: np.ndarray, col: Column, expected: str,
            file: str, problems: list[Problem]) -> None:
    """Record a problem for every row whose distinct value is flagged in ``bad_u``."""
    if not bad_u.any():
        return
    for i in np.flatnonzero(bad_u[codes]):
        problems.append(Problem(file, int(i) + 2, col.name, uniq[codes[i]], expected))


def _parse_column(col: Column, codes: np.ndarray, uniq: np.ndarray, file: str, problems: list[Problem],
                  figures: dict[str, tuple[np.ndarray, np.ndarray]]) -> pd.Series:
    """Convert the distinct values of one string column to its type, recording those that do not parse.

    Accepts the column's ``codes`` and distinct stripped strings ``uniq`` (see
    :func:`read_coded`). Returns the typed distinct values (position ``j`` is ``uniq[j]``
    typed; unparseable and empty values missing), so each distinct value is checked and
    converted once and ``result.array.take(codes)`` is the typed column.
    """
    empty_u = uniq == ""
    if col.required:
        _report(empty_u, codes, uniq, col, f"a value ({col.allowed_text()})", file, problems)
    k = col.kind

    def strings(values: np.ndarray) -> pd.Series:
        values = np.array(values, dtype=object)
        values[empty_u] = pd.NA
        return pd.Series(pd.array(values, dtype="string"))

    if k in ("id", "str", "text", "category"):
        return strings(uniq)
    if k == "time":
        bad_u = np.array([u != "" and not _TIME.fullmatch(u) for u in uniq], dtype=bool)
        _report(bad_u, codes, uniq, col, "a time HH:MM (24 h, local)", file, problems)
        return strings(uniq)
    if k == "idlist":
        bad_u = np.array([u != "" and not _IDLIST.fullmatch(u) for u in uniq], dtype=bool)
        _report(bad_u, codes, uniq, col, "ids separated by ';'", file, problems)
        norm = np.array([re.sub(r"\s*;\s*", ";", u).strip(";").strip() for u in uniq], dtype=object)
        return strings(norm)
    if k == "figure":
        parsed_u = np.empty(len(uniq), dtype=object)
        for j, text in enumerate(uniq):
            if text == "":
                continue
            try:
                parsed_u[j] = parse_figure(text)
            except KzDataError as e:
                _report(np.arange(len(uniq)) == j, codes, uniq, col, e.problems[0].expected, file, problems)
        figures[col.name] = (codes, parsed_u)
        return strings(uniq)
    if k == "date":
        d_u = pd.to_datetime(pd.Series(uniq, dtype=object).where(~empty_u, None), format="%Y-%m-%d",
                             errors="coerce")
        ok_shape = np.array([bool(_ISO_DATE.fullmatch(u)) for u in uniq], dtype=bool)
        bad_u = ~empty_u & (d_u.isna().to_numpy() | ~ok_shape)
        _report(bad_u, codes, uniq, col, "a date YYYY-MM-DD", file, problems)
        return pd.Series(d_u.mask(bad_u).to_numpy(dtype="datetime64[ns]"), dtype="datetime64[ns]")
    if k in ("int", "range"):
        n_u = pd.to_numeric(pd.Series(uniq, dtype=object).where(~empty_u, None), errors="coerce")
        bad_u = ~empty_u & (n_u.isna() | (n_u.notna() & (n_u % 1 != 0))).to_numpy()
        _report(bad_u, codes, uniq, col, "a whole number", file, problems)
        return pd.Series(n_u.mask(bad_u).astype("Float64").round().astype("Int64").array, dtype="Int64")
    if k == "float":
        n_u = pd.to_numeric(pd.Series(uniq, dtype=object).where(~empty_u, None), errors="coerce")
        bad_u = ~empty_u & n_u.isna().to_numpy()
        _report(bad_u, codes, uniq, col, "a decimal number", file, problems)
        return pd.Series(n_u.to_numpy(dtype="float64"), dtype="float64")
    if k == "bool":
        low_u = np.array([u.lower() for u in uniq], dtype=object)
        bad_u = ~empty_u & ~np.isin(low_u, ["true", "false"])
        _report(bad_u, codes, uniq, col, "true or false", file, problems)
        return pd.Series(low_u == "true", dtype=bool)
    raise ValueError(f"unknown column kind {k!r}")  # a bug in schema.py, not bad input


def _take(view: pd.Series, codes: np.ndarray) -> pd.Series:
    """The typed column: each row's typed distinct value."""
    if isinstance(view.dtype, np.dtype):
        return pd.Series(view.to_numpy()[codes], dtype=view.dtype)
    return pd.Series(view.array.take(codes), dtype=view.dtype)


_CHECK_TEXT = {
    "not_nullable": "a value",
    "field_uniqueness": "a unique value (another row has it too)",
}


def _schema_problems(table: str, typed: pd.DataFrame, file: str,
                     views: dict[str, tuple[pd.Series, np.ndarray]] | None = None,
                     distinct: dict[str, Background] | None = None) -> list[Problem]:
    """Run the pandera schema and turn its failure cases into problems.

    With ``views`` (``{column: (typed distinct values, codes)}``) each column's checks run
    on its distinct values once and a failing value is reported at every row that has it;
    a column that must be unique is checked on all its rows whenever a value repeats. A plain
    column whose ``distinct`` count (of its raw values) equals its rows has no repeat for
    pandera's unique check to find, and skips it.
    """
    import pandera.errors as pae

    from .schema import pandera_schema

    schema = pandera_schema(table)
    spec = {c.name: c for c in columns(table)}
    if views is None:
        runs = [(schema, typed, None)]
    else:
        import pandera.pandas as pa

        runs = []
        for name, (view, codes) in views.items():
            one = pa.DataFrameSchema({name: schema.columns[name]})
            if spec[name].unique and len(view) < len(codes):
                runs.append((one, typed[[name]], None))
                continue
            count = (distinct or {}).get(name)
            if spec[name].unique and count is not None and count.result() == len(view):
                col = copy.deepcopy(schema.columns[name])
                col.unique = False          # every raw value differs: no repeat to report
                one = pa.DataFrameSchema({name: col})
            runs.append((one, view.to_frame(name), codes))
    out = []
    for sch, frame, codes in runs:
        try:
            sch.validate(frame, lazy=True)
        except pae.SchemaErrors as err:
            rows_of = _rows_of(codes) if codes is not None else None
            for rec in err.failure_cases.itertuples(index=False):
                col = rec.column if isinstance(rec.column, str) else None
                check = str(rec.check)
                expected = _CHECK_TEXT.get(check)
                if expected is None:
                    expected = spec[col].allowed_text() if col in spec else check
                    if col in spec and spec[col].kind in ("int", "float") and spec[col].bounds and col in (
                            "latitude", "longitude"):
                        expected = f"a {col} inside Kazakhstan ({expected})"
                    elif col in spec and spec[col].allowed is not None:
                        expected = f"one of {expected}"
                idx = rec.index
                fcase = rec.failure_case
                if isinstance(fcase, pd.Timestamp):
                    fcase = fcase.date().isoformat()
                value = None if fcase is None else str(fcase)
                if idx is None or (isinstance(idx, float) and np.isnan(idx)):
                    rows = [None]
                elif rows_of is None:
                    rows = [int(idx) + 2]
                else:
                    rows = [int(i) + 2 for i in rows_of(int(idx))]
                out.extend(Problem(file, row, col, value, expected) for row in rows)
    return out


def _rows_of(codes: np.ndarray):
    """A function giving, for a distinct value's position, the rows (0-based) that have it."""
    order = np.argsort(codes, kind="stable")
    starts = np.searchsorted(codes[order], np.arange(int(codes.max(initial=-1)) + 2))

    def rows(j: int) -> np.ndarray:
        return order[starts[j]:starts[j + 1]] if j + 1 < len(starts) else order[:0]
    return rows


def _figure_problems(table: str, typed: pd.DataFrame, figures: dict[str, tuple[np.ndarray, np.ndarray]],
                     file: str, views: dict[str, tuple[pd.Series, np.ndarray]] | None = None) -> list[Problem]:
    """Ranges must be what parse_figure gives for the words next to them (missing words found
    from the distinct values in ``views`` where given)."""
    out = []
    for col in columns(table):
        if col.kind != "range" or col.figure_of not in figures:
            continue
        codes, parsed_u = figures[col.figure_of]
        which = 0 if col.name.endswith("_low") else 1
        texts = typed[col.figure_of]
        want_u = pd.array([f[which] if isinstance(f, tuple) else None for f in parsed_u], dtype="Int64")
        understood_u = np.array([isinstance(f, tuple) for f in parsed_u], dtype=bool)
        want = want_u.take(codes)
        if views is not None and col.figure_of in views:
            view, vcodes = views[col.figure_of]
            text_missing = view.isna().to_numpy()[vcodes]
        else:
            text_missing = texts.isna().to_numpy()
        understood = understood_u[codes] | text_missing
        got = typed[col.name].array
        differ = (want.isna() != got.isna()) | (want.to_numpy(dtype="int64", na_value=-1)
                                                 != got.to_numpy(dtype="int64", na_value=-1))
        for i in np.flatnonzero(np.asarray(differ, dtype=bool) & understood):
            text, w, g = texts.iat[i], want[i], got[i]
            expected = ("empty, as " + col.figure_of + " is empty" if pd.isna(text) else
                        f"{'empty (open)' if pd.isna(w) else int(w)}, as parse_figure({text!r}) gives")
            out.append(Problem(file, int(i) + 2, col.name, "" if pd.isna(g) else str(int(g)), expected))
    return out


def _table_rules(table: str, typed: pd.DataFrame, file: str) -> list[Problem]:
    """Rules that involve several columns of one table."""
    out: list[Problem] = []
    if table == "events":
        vocab = acled_event_types()
        parent = {sub: t for t, subs in vocab.items() for sub in subs}
        types = list(vocab)
        et = pd.Categorical(typed["event_type"], categories=types)
        sub = pd.Categorical(typed["sub_event_type"], categories=[s for v in vocab.values() for s in v])
        owner_u = np.array([types.index(parent[s]) for s in sub.categories] + [-1], dtype=np.int64)
        clash = (et.codes >= 0) & (sub.codes >= 0) & (owner_u[sub.codes] != et.codes)
        et = typed["event_type"]
        for i in _rows(clash):
            t, sub = et.iat[i], typed["sub_event_type"].iat[i]
            out.append(Problem(file, i + 2, "sub_event_type", sub,
                               f"a sub-event type of {t!r}: {', '.join(vocab[t])}"))
        out += _alternative_problems(typed, file)
        for lo, hi in (("size_low", "size_high"), ("fatalities_low", "fatalities_high")):
            for i in _rows(typed[lo].notna() & typed[hi].notna() & (typed[lo] > typed[hi]).fillna(False)):
                out.append(Problem(file, i + 2, hi, str(typed[hi].iat[i]), f"at least {lo} ({typed[lo].iat[i]})"))
    if table == "casualty_reports":
        for i in _rows(typed["value_low"].notna() & typed["value_high"].notna()
                       & (typed["value_low"] > typed["value_high"]).fillna(False)):
            out.append(Problem(file, i + 2, "value_high", str(typed["value_high"].iat[i]),
                               f"at least value_low ({typed['value_low'].iat[i]})"))
        ids = dict(zip(typed["report_id"], typed["report_date"]))
        for i, (rid, rev, day) in enumerate(zip(typed["report_id"], typed["revises"], typed["report_date"])):
            if pd.isna(rev):
                continue
            if rev == rid:
                out.append(Problem(file, i + 2, "revises", rev, "the id of another, earlier report"))
            elif rev in ids and pd.notna(ids[rev]) and pd.notna(day) and ids[rev] > day:
                out.append(Problem(file, i + 2, "revises", rev,
                                   f"a report published on or before {day.date()} (it is dated {ids[rev].date()})"))
        for i in _rows(typed["as_of"].notna() & (typed["as_of"] > typed["report_date"]).fillna(False)):
            out.append(Problem(file, i + 2, "as_of", str(typed["as_of"].iat[i].date()),
                               f"a date on or before report_date ({typed['report_date'].iat[i].date()})"))
    if table == "measures":
        def clock(col: str, default: str) -> pd.Series:
            t = typed[col].fillna(default)
            t = t.where(t.str.fullmatch(_TIME.pattern).fillna(False), default)  # bad times are reported already
            return pd.to_timedelta(t + ":00")

        start = typed["start"] + clock("start_time", "00:00")
        end = typed["end"] + clock("end_time", "23:59")
        for i in _rows((end < start).fillna(False)):
            out.append(Problem(file, i + 2, "end", str(typed["end"].iat[i].date()),
                               f"a date on or after start ({typed['start'].iat[i].date()})"))
        for i in _rows(typed["end"].isna() & typed["end_time"].notna()):
            out.append(Problem(file, i + 2, "end_time", typed["end_time"].iat[i], "empty when end is empty"))
    if table == "sources":
        for i in _rows(typed["url"].isna() & typed["kind"].ne("seed").fillna(True)):
            out.append(Problem(file, i + 2, "url", "", "the URL of the original publication (only kind "
                                                      "'seed' may have none)"))
        out += _copy_problems(typed, file)
    if table == "regions":
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        for i, tz in enumerate(typed["tz"]):
            if isinstance(tz, str):
                try:
                    ZoneInfo(tz)
                except (ZoneInfoNotFoundError, ValueError):
                    out.append(Problem(file, i + 2, "tz", tz, "an IANA time zone name such as Asia/Almaty"))
    return out


def _alternative_problems(typed: pd.DataFrame, file: str) -> list[Problem]:
    """``same_event_as``: resolves, not itself, not another alternative, same place, <= 1 day apart."""
    out: list[Problem] = []
    if "same_event_as" not in typed.columns:
        return out
    alt = typed["same_event_as"]
    rows = _rows(alt.notna())
    if not rows:
        return out
    # the row each target names (the last row with that id, as a dict of ids would keep), in one pass
    ids = typed["event_id"].astype(object)
    last = (ids.notna() & ~ids.duplicated(keep="last")).to_numpy()
    hit = pd.Index(ids.to_numpy()[last]).get_indexer(alt.iloc[rows].astype(object).to_numpy())
    row_of = np.flatnonzero(last)
    for k, i in enumerate(rows):
        eid, to = typed["event_id"].iat[i], alt.iat[i]
        j = None if hit[k] < 0 else int(row_of[hit[k]])
        if to == eid:
            out.append(Problem(file, i + 2, "same_event_as", to, "the event_id of another row (not the row itself)"))
        elif j is None:
            out.append(Problem(file, i + 2, "same_event_as", to, "an event_id of this file"))
        elif pd.notna(alt.iat[j]):
            out.append(Problem(file, i + 2, "same_event_as", to,
                               f"the counted account: {to} is itself an account of {alt.iat[j]}"))
        elif typed["place_id"].iat[j] != typed["place_id"].iat[i]:
            out.append(Problem(file, i + 2, "same_event_as", to,
                               f"an event at the same place ({typed['place_id'].iat[i]}); {to} is at "
                               f"{typed['place_id'].iat[j]}"))
        else:
            d0, d1 = typed["date"].iat[i], typed["date"].iat[j]
            if pd.notna(d0) and pd.notna(d1) and abs((d0 - d1).days) > 1:
                out.append(Problem(file, i + 2, "same_event_as", to,
                                   f"an event dated at most a day from {d0.date()}; {to} is dated {d1.date()}"))
    return out


def _copy_problems(typed: pd.DataFrame, file: str) -> list[Problem]:
    """``copy_of``: a source_id must resolve to another source that is itself an original."""
    out: list[Problem] = []
    if "copy_of" not in typed.columns:
        return out
    row_of = {sid: i for i, sid in enumerate(typed["source_id"]) if isinstance(sid, str)}
    slug = re.compile(SLUG)
    for i in _rows(typed["copy_of"].notna()):
        sid, to = typed["source_id"].iat[i], typed["copy_of"].iat[i]
        if not slug.fullmatch(to):
            if "http" not in to and len(to.split()) < 2:
                out.append(Problem(file, i + 2, "copy_of", to,
                                   "a source_id of this file, or the original's publisher and URL"))
            continue
        j = row_of.get(to)
        if to == sid or j is None:
            out.append(Problem(file, i + 2, "copy_of", to, "the source_id of another source of this file "
                                                         "(or the original's publisher and URL)"))
        elif pd.notna(typed["copy_of"].iat[j]):
            out.append(Problem(file, i + 2, "copy_of", to, f"the original: {to} is itself a copy"))
    return out


def read_table(table: str, path: str | Path) -> pd.DataFrame:
    """Read and validate one kzlib table.

    Accepts the table name (``"events"``, ``"places"``, ...; see :data:`kzlib.schema.TABLES`)
    and a CSV path. Returns a DataFrame with the columns in the documented order: dates
    as ``datetime64[ns]``, vocabularies as ``category``, counts and ranges as nullable
    ``Int64``, flags as ``bool``, text as ``string``, and the parsed figures' approximate
    flag as an extra ``<figure>_approx`` column. Cross-table references are checked by
    :mod:`kzlib.load`. Raises :class:`~kzlib.KzDataError` listing every problem.

    Work on values (parsing, the pandera schema) is done once per distinct value of each
    column and broadcast to its rows.
    """
    return _read_table(table, path)[0]


def _read_table(table: str, path: str | Path) -> tuple[pd.DataFrame, dict[str, tuple[pd.Series, np.ndarray]]]:
    """:func:`read_table`, and for each column (typed distinct values, each row's code), so that
    :mod:`kzlib.load` checks references once per distinct value."""
    path = Path(path)
    file = _display(path)
    spec = columns(table)
    # ids and free text hold a different value on nearly every row: read those as plain strings
    plain = [c.name for c in spec if c.unique or c.kind == "text"]
    n, coded, distinct = _read_coded(path, [c.name for c in spec], file=file, table=table, plain=plain,
                                     count_distinct=[c.name for c in spec if c.unique])
    problems: list[Problem] = []
    figures: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    views: dict[str, tuple[pd.Series, np.ndarray]] = {}
    cols: dict[str, pd.Series | pd.Categorical] = {}
    for c in spec:
        codes, uniq = coded[c.name]
        view = _parse_column(c, codes, uniq, file, problems, figures)
        views[c.name] = (view, codes)
        if c.kind == "category":
            allowed = list(c.allowed or ())
            where = {a: i for i, a in enumerate(allowed)}
            to_cat = np.array([where.get(u, -1) for u in uniq] + [-1], dtype=np.int64)
            cols[c.name] = pd.Categorical.from_codes(to_cat[codes], categories=allowed, validate=False)
        elif c.name in plain and len(view) == n:
            cols[c.name] = view.array   # a plain column: one value per row, in order (nothing to take)
        else:
            cols[c.name] = _take(view, codes)
    typed = pd.DataFrame(cols, index=pd.RangeIndex(n), copy=False)   # the columns are new: no copy
    problems += _schema_problems(table, typed, file, views, distinct)
    problems += _figure_problems(table, typed, figures, file, views)
    problems += _table_rules(table, typed, file)
    if problems:
        problems = _dedupe(problems)
        raise KzDataError(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    for name, (codes, parsed_u) in figures.items():
        approx_u = pd.array([f.approximate if isinstance(f, tuple) else None for f in parsed_u], dtype="boolean")
        typed[f"{name.removesuffix('_text')}_approx"] = approx_u.take(codes)
    return typed, views


def _dedupe(problems: list[Problem]) -> list[Problem]:
    """Drop a schema problem that repeats a parse problem on the same cell."""
    seen: set[tuple] = set()
    out = []
    for p in problems:
        key = (p.row, p.column)
        if key in seen and p.row is not None:
            continue
        seen.add(key)
        out.append(p)
    return out


def window_text(bounds: tuple[date, date]) -> str:
    """Describe a date window for messages."""
    return f"between {bounds[0]} and {bounds[1]}"
