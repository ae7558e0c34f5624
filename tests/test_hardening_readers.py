"""Hostile input for the ACLED and UCDP GED readers: every mutated export either reads with
every row accounted for, or raises KzDataError — no other exception, no silent drop."""
from __future__ import annotations

import csv
import random
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import kzlib

from _util import load_or_problems, mutate, render_csv

import test_hardening  # noqa: F401  (registers and loads the fixed-seed hypothesis profile)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
READERS = {"acled_current.csv": kzlib.read_acled, "acled_api.csv": kzlib.read_acled,
           "ucdp_ged.csv": kzlib.read_ucdp_ged}


def _rows(name: str) -> list[list[str]]:
    with open(FIXTURES / name, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _read(name: str, data: str | bytes):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / name
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return READERS[name](p)


def _accounted(df, n: int) -> None:
    assert len(df) + int(df.attrs.get("skipped_rows", 0)) == n


CELL = st.one_of(
    st.just(""), st.just("NA"), st.just("  "), st.just("-1"), st.just("1e400"), st.just("NaN"),
    st.just("99999999999999999999"), st.just("31/12/2022"), st.just("9-May-20"), st.just("05 January 2022"),
    st.just("=HYPERLINK(\"x\")"), st.just("0"), st.just("91.5"), st.just("Kazakhstan"), st.just("Protests"),
    st.text(max_size=10),
)


@given(name=st.sampled_from(list(READERS)), data=st.data())
def test_reader_mutated_cell(name, data):
    rows = _rows(name)
    r = data.draw(st.integers(1, len(rows) - 1))
    c = data.draw(st.integers(0, len(rows[0]) - 1))
    rows[r][c] = data.draw(CELL)
    df = load_or_problems(lambda: _read(name, render_csv(rows)), row=r + 1)
    if df is not None:
        _accounted(df, len(rows) - 1)


@given(name=st.sampled_from(list(READERS)), seed=st.integers(0, 10**6),
       mutation=st.sampled_from(["shuffle", "drop_column", "duplicate_column", "truncate_row", "bom",
                                 "crlf", "semicolons", "latin1", "header_only", "duplicate_row"]))
def test_reader_structural_mutation(name, seed, mutation):
    text, n = mutate(_rows(name), mutation, random.Random(seed))
    df = load_or_problems(lambda: _read(name, text))
    if df is None:
        assert mutation not in ("shuffle", "bom", "crlf"), mutation
        return
    _accounted(df, n)
    assert mutation in ("shuffle", "bom", "crlf", "header_only", "drop_column"), mutation
