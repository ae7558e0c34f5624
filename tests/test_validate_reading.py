"""kzlib.validate's reading layer on tiny hand-written files: encoding, header, row lengths, the
coded and plain columns read_coded gives, and the file name every problem carries."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kzlib import KzDataError, validate
from kzlib.schema import columns
from kzlib.validate import _coded_column, read_coded, read_raw, read_table, read_text, read_utf8

from _tiny import text, write


@pytest.fixture(autouse=True, params=["in memory", "memory-mapped"])
def read_path(request, monkeypatch):
    """Every test runs twice: files read into memory first (small ones), and parsed straight
    from a memory map (files of at least validate.STREAM_BYTES; here every file)."""
    if request.param == "memory-mapped":
        monkeypatch.setattr(validate, "STREAM_BYTES", 0)
    return request.param


def _problems(call) -> list[tuple]:
    with pytest.raises(KzDataError) as e:
        call()
    return [(p.file, p.row, p.column, p.value, p.expected) for p in e.value.problems]


def _coded(path: Path, expected, **kw) -> tuple[int, dict[str, list[str]]]:
    """read_coded's rows and, per column, each row's value (codes looked up) and the distinct values."""
    n, out = read_coded(path, expected, **kw)
    return n, {c: ([str(uniq[k]) for k in codes], [str(u) for u in uniq]) for c, (codes, uniq) in out.items()}


# --- the file and its encoding ------------------------------------------------------------------


def test_missing_file_and_folder(tmp_path):
    assert _problems(lambda: read_utf8(tmp_path / "nope.csv", "f.csv")) == [
        ("f.csv", None, None, None, "an existing file")]
    assert _problems(lambda: read_utf8(tmp_path, "d")) == [("d", None, None, None, "a file, not a folder")]


@pytest.mark.parametrize("raw", [b"", b"  \n\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \r\n"])
def test_empty_file(tmp_path, raw):
    f = tmp_path / "x.csv"
    f.write_bytes(raw)
    assert _problems(lambda: read_utf8(f, "x.csv")) == [
        ("x.csv", None, None, None, "a header row and at least one data row (the file is empty)")]


@pytest.mark.parametrize("raw", [b"", b"  \n\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \r\n", b"\n\na,b\n1,2\n"])
def test_empty_or_blank_first_line_through_read_coded(tmp_path, raw):
    f = tmp_path / "x.csv"
    f.write_bytes(raw)
    got = _problems(lambda: read_coded(f, ["a", "b"], file="x.csv"))
    if raw.endswith(b"2\n"):   # a blank first line is a header without columns
        assert got == [("x.csv", 1, c, None, f"a column named {c!r} in the header") for c in "ab"]
    else:
        assert got == [("x.csv", None, None, None, "a header row and at least one data row (the file is empty)")]


def test_big_files_are_parsed_from_a_memory_map(tmp_path, monkeypatch, read_path):
    """From STREAM_BYTES up the file is never read whole (read_utf8 is not called) unless
    something is wrong with it; below it, it is."""
    f = tmp_path / "x.csv"
    f.write_bytes("\ufeffa,b\nЖаңаөзен, 1\n2,3\n".encode("utf-8"))
    calls = []
    real = validate.read_utf8
    monkeypatch.setattr(validate, "read_utf8", lambda *a: calls.append(a) or real(*a))
    monkeypatch.setattr(validate, "STREAM_BYTES", f.stat().st_size)
    assert _coded(f, ["a", "b"]) == (2, {"a": (["Жаңаөзен", "2"], ["Жаңаөзен", "2"]), "b": (["1", "3"], ["1", "3"])})
    assert calls == []
    monkeypatch.setattr(validate, "STREAM_BYTES", f.stat().st_size + 1)
    assert _coded(f, ["a", "b"])[0] == 2
    assert len(calls) == 1


def test_a_memory_mapped_file_with_problems_is_read_whole_for_the_same_errors(tmp_path, monkeypatch):
    monkeypatch.setattr(validate, "STREAM_BYTES", 0)
    f = tmp_path / "x.csv"
    f.write_bytes(b"a,b\n1,2\n3,\xff\n")              # a bad byte past the header
    assert _problems(lambda: read_coded(f, ["a", "b"], file="x.csv")) == [
        ("x.csv", 3, "b", None, "UTF-8 text (found byte(s) ff; re-save the file as UTF-8)")]
    f.write_bytes(b"a,c\n1,2\n3,\xff\n")              # ... reported before a header problem
    assert _problems(lambda: read_coded(f, ["a", "b"], file="x.csv")) == [
        ("x.csv", 3, "c", None, "UTF-8 text (found byte(s) ff; re-save the file as UTF-8)")]
    f.write_bytes(b"a,\xffb\n1,2\n")                     # a bad byte in the header
    assert _problems(lambda: read_coded(f, ["a", "b"], file="x.csv")) == [
        ("x.csv", 1, "\ufffdb", None, "UTF-8 text (found byte(s) ff; re-save the file as UTF-8)")]
    f.write_bytes(b"a,b\n1,2\n3\n")                      # a short row
    assert _problems(lambda: read_coded(f, ["a", "b"], file="x.csv")) == [
        ("x.csv", 3, None, "3", "2 fields like the header (the row is cut short)")]
    f.write_bytes(b'a,b\n1,"x\ny"\n')                   # a line break inside a value
    assert _coded(f, ["a", "b"]) == (1, {"a": (["1"], ["1"]), "b": (["x\ny"], ["x\ny"])})


def test_bom_is_dropped_and_utf8_kept(tmp_path):
    f = tmp_path / "x.csv"
    f.write_bytes("\ufeffa,b\nЖаңаөзен,1\n".encode("utf-8"))
    assert read_utf8(f, "x") == "a,b\nЖаңаөзен,1\n".encode("utf-8")
    assert read_text(f, "x") == "a,b\nЖаңаөзен,1\n"
    f.write_bytes(b"a,b\n1,2\n")
    assert read_text(f, "x") == "a,b\n1,2\n"


def test_bad_byte_names_row_and_column(tmp_path):
    f = tmp_path / "x.csv"
    f.write_bytes(b"a,b,c\n1,2,3\nx,y\xe9z,w\n")
    assert _problems(lambda: read_utf8(f, "x.csv")) == [
        ("x.csv", 3, "b", None, "UTF-8 text (found byte(s) e9; re-save the file as UTF-8)")]


def test_bad_bytes_in_the_header_and_past_it(tmp_path):
    f = tmp_path / "x.csv"
    f.write_bytes(b"a,b\xff\xfe\n1,2\n")
    assert _problems(lambda: read_utf8(f, "x.csv")) == [
        ("x.csv", 1, "b\ufffd\ufffd", None, "UTF-8 text (found byte(s) ff; re-save the file as UTF-8)")]
    # a bad field beyond the header's columns is named by its position
    f.write_bytes(b"a,b\n1,2,3,\xd0\n")
    assert _problems(lambda: read_utf8(f, "x.csv")) == [
        ("x.csv", 2, "field 4", None, "UTF-8 text (found byte(s) d0; re-save the file as UTF-8)")]
    # a bad byte in the first field
    f.write_bytes(b"a,b\n\xc3(,2\n")
    assert _problems(lambda: read_utf8(f, "x.csv"))[0][1:3] == (2, "a")


def test_bad_byte_found_in_a_cp1251_file_of_a_table(tmp_path):
    path = write(tmp_path, "places", [{}, {"alt_names": "Жаңаөзен"}])
    path.write_bytes(path.read_bytes().replace("Жаңаөзен".encode(), "Жаңаөзен".encode("cp1251", "replace")))
    with pytest.raises(KzDataError) as e:
        read_table("places", path)
    (p,) = e.value.problems
    assert (p.file, p.row, p.column, p.value) == (str(path), 3, "alt_names", None)
    assert p.expected.startswith("UTF-8 text (found byte(s) c6")


def test_file_named_relative_to_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "events", [{"date": "soon"}])
    with pytest.raises(KzDataError) as e:
        read_table("events", tmp_path / "sub" / "events.csv")
    assert [p.file for p in e.value.problems] == [str(Path("sub") / "events.csv")]
    with pytest.raises(KzDataError) as e:
        read_table("events", "sub/events.csv")
    assert [p.file for p in e.value.problems] == [str(Path("sub") / "events.csv")]


# --- the header --------------------------------------------------------------------------------


@pytest.mark.parametrize("sep, shown", [(";", "';'"), ("\t", "'\\t'"), ("|", "'|'")])
def test_wrong_separator_is_named(tmp_path, sep, shown):
    f = tmp_path / "x.csv"
    f.write_text(f"a{sep}b{sep}c\r\n1{sep}2{sep}3\r\n", encoding="utf-8")
    assert _problems(lambda: read_coded(f, ["a", "b", "c"], file="x.csv")) == [
        ("x.csv", 1, None, f"a{sep}b{sep}c", f"comma-separated values (the header looks separated by {shown})")]


def test_one_column_header_without_a_known_separator(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a b\r1 2\r", encoding="utf-8")
    assert _problems(lambda: read_coded(f, ["a", "b"], file="x.csv")) == [
        ("x.csv", 1, None, "a b", "comma-separated values")]
    f.write_text("a;b|c|d\n", encoding="utf-8")        # the most frequent separator is named
    assert _problems(lambda: read_coded(f, ["a", "b"], file="x.csv"))[0][4] == \
        "comma-separated values (the header looks separated by '|')"
    f.write_text("a,b", encoding="utf-8")               # no line end at all: the whole file is the header
    assert _problems(lambda: read_coded(f, ["a"], file="x.csv")) == [
        ("x.csv", 1, "b", "b", "only the columns of table: a")]


def test_a_one_column_table_is_not_a_separator_problem(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a\n x \ny\n", encoding="utf-8")
    assert _coded(f, ["a"]) == (2, {"a": (["x", "y"], ["x", "y"])})


def test_header_problems_all_reported_in_order(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text(" b ,b,zz,a\n1,2,3,4\n", encoding="utf-8")
    assert _problems(lambda: read_coded(f, ["a", "b", "c"], file="x.csv", table="things")) == [
        ("x.csv", 1, "b", "b", "each column once (duplicated header)"),
        ("x.csv", 1, "c", None, "a column named 'c' in the header"),
        ("x.csv", 1, "zz", "zz", "only the columns of things: a, b, c"),
    ]


def test_header_names_are_stripped_and_columns_come_in_expected_order(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text(" b , a\n 1 ,x \n2,  y\n", encoding="utf-8")
    assert _coded(f, ["a", "b"]) == (2, {"a": (["x", "y"], ["x", "y"]), "b": (["1", "2"], ["1", "2"])})
    raw = read_raw(f, ["a", "b"])
    assert list(raw.columns) == ["a", "b"] and raw["a"].tolist() == ["x", "y"]
    assert list(raw.index) == [0, 1]
    assert raw["b"].cat.categories.tolist() == ["1", "2"]


# --- values --------------------------------------------------------------------------------------


def test_coded_columns_hold_distinct_stripped_values(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a,b\nx,NA\n x ,null\ny,\nx ,NA\n", encoding="utf-8")
    n, out = _coded(f, ["a", "b"])
    assert n == 4
    assert out["a"] == (["x", "x", "y", "x"], ["x", "y"])
    assert out["b"] == (["NA", "null", "", "NA"], ["NA", "null", ""])
    # without whitespace to trim, the dictionary is kept as read
    f.write_text("a\nx\ny\nx\n", encoding="utf-8")
    assert _coded(f, ["a"]) == (3, {"a": (["x", "y", "x"], ["x", "y"])})


def test_plain_columns_hold_every_row(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a,b\n x,1\ny ,1\n x ,2\n", encoding="utf-8")
    n, out = read_coded(f, ["a", "b"], plain=[" a "])
    assert n == 3
    codes, values = out["a"]
    assert codes.tolist() == [0, 1, 2] and values.tolist() == ["x", "y", "x"]
    assert values.dtype == object
    codes, values = out["b"]
    assert values.tolist() == ["1", "2"] and codes.tolist() == [0, 0, 1]


def test_header_only_file_has_no_rows(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a,b\n", encoding="utf-8")
    n, out = read_coded(f, ["a", "b"], plain=["b"])
    assert n == 0
    assert [len(out[c][0]) for c in "ab"] == [0, 0] and [len(out[c][1]) for c in "ab"] == [0, 0]
    assert read_raw(f, ["a", "b"]).shape == (0, 2)
    df = read_table("events", write(tmp_path, "events", []))
    assert len(df) == 0 and list(df.columns[:3]) == ["event_id", "date", "time"]


def test_coded_column_of_several_chunks():
    import pyarrow as pa

    d = pa.dictionary(pa.int32(), pa.string())
    col = pa.chunked_array([pa.array(["x", " y", "x"]).cast(d), pa.array(["z", " y", "x "]).cast(d)])
    codes, uniq = _coded_column(col)
    assert [uniq[c] for c in codes] == ["x", "y", "x", "z", "y", "x"]
    assert sorted(uniq) == ["x", "y", "z"]
    one = pa.chunked_array([pa.array(["b", "a", "b"]).cast(d)])
    codes, uniq = _coded_column(one)
    assert codes.tolist() == [0, 1, 0] and uniq.tolist() == ["b", "a"]
    codes, uniq = _coded_column(pa.chunked_array([], type=d))
    assert codes.tolist() == [] and uniq.tolist() == []


def test_quoted_values_may_hold_line_breaks_and_commas(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text('a,b\n"one\ntwo",1\n"x, y",2\n', encoding="utf-8")
    assert _coded(f, ["a", "b"], plain=["a"])[1]["a"] == (["one\ntwo", "x, y"], ["one\ntwo", "x, y"])


# --- rows of the wrong length ------------------------------------------------------------------


def test_short_and_long_rows_are_named(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a,b,c\n1,2,3\n1,2\n1,2,3,4\n", encoding="utf-8")
    assert _problems(lambda: read_coded(f, ["a", "b", "c"], file="x.csv")) == [
        ("x.csv", 3, None, "1,2", "3 fields like the header (the row is cut short)"),
        ("x.csv", 4, None, "1,2,3,4", "3 fields like the header (the row has 4)"),
    ]


def test_ragged_row_in_a_file_with_quotes(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text('a,b\n"x\ny",1\n2\n', encoding="utf-8")
    # rows are counted as a spreadsheet shows them: the quoted line break stays in row 2
    assert _problems(lambda: read_coded(f, ["a", "b"], file="x.csv")) == [
        ("x.csv", 3, None, "2", "2 fields like the header (the row is cut short)")]


def test_long_row_text_is_shortened(tmp_path):
    f = tmp_path / "x.csv"
    long = "x" * 100
    f.write_text(f"a,b\n{long}\n{'y' * 80}\n", encoding="utf-8")
    got = _problems(lambda: read_coded(f, ["a", "b"], file="x.csv"))
    assert [p[3] for p in got] == ["x" * 79 + "…", "y" * 80]


def test_at_most_50_ragged_rows_then_a_count(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a,b\n" + "1\n" * 53 + "1,2\n", encoding="utf-8")
    got = _problems(lambda: read_coded(f, ["a", "b"], file="x.csv"))
    assert len(got) == 51
    assert got[0] == ("x.csv", 2, None, "1", "2 fields like the header (the row is cut short)")
    assert got[49][1] == 51
    assert got[50] == ("x.csv", None, None, None, "… and 3 more rows of the wrong length")
    f.write_text("a,b\n" + "1\n" * 50, encoding="utf-8")
    got = _problems(lambda: read_coded(f, ["a", "b"], file="x.csv"))
    assert len(got) == 50 and got[-1][1] == 51


def test_unterminated_quote_is_a_short_row(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text('a,b\n1,2\n"', encoding="utf-8")
    assert _problems(lambda: read_coded(f, ["a", "b"], file="x.csv")) == [
        ("x.csv", 3, None, '"', "2 fields like the header (the row is cut short)")]


def test_tables_read_with_columns_in_any_order(tmp_path):
    path = write(tmp_path, "measures", [{}, {"level": "red"}])
    names = [c.name for c in columns("measures")]
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text("measures", [{}, {"level": "red"}]))))
    order = names[::-1]
    shuffled = tmp_path / "shuffled.csv"
    shuffled.write_text("\n".join(",".join(r[names.index(c)] for c in order) for r in rows) + "\n",
                        encoding="utf-8")
    pd.testing.assert_frame_equal(read_table("measures", shuffled), read_table("measures", path))
    assert np.array_equal(read_table("measures", shuffled)["level"].isna().to_numpy(), [True, False])


def test_read_text_and_read_raw_name_the_file(tmp_path):
    assert _problems(lambda: read_text(tmp_path / "nope.csv", "n.csv")) == [
        ("n.csv", None, None, None, "an existing file")]
    f = tmp_path / "x.csv"
    f.write_text("a,c\n1,2\n", encoding="utf-8")
    assert _problems(lambda: read_raw(f, ["a", "b"], file="x.csv")) == [
        ("x.csv", 1, "b", None, "a column named 'b' in the header"),
        ("x.csv", 1, "c", "c", "only the columns of table: a, b")]
    assert _problems(lambda: read_raw(f, ["a", "b"], table="things"))[1] == \
        (str(f), 1, "c", "c", "only the columns of things: a, b")


def test_plain_columns_keep_na_words_and_empty_values(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text('a,b\nNA,x\n"",x\nnull,x\n,x\n', encoding="utf-8")
    n, out = read_coded(f, ["a", "b"], plain=["a"])
    assert out["a"][1].tolist() == ["NA", "", "null", ""]


def test_bad_bytes_name_the_first_bad_field_and_every_byte_of_the_sequence(tmp_path):
    f = tmp_path / "x.csv"
    f.write_bytes(b"a,b\n1,2,\xd0\n")          # the field just past the header's columns
    assert _problems(lambda: read_utf8(f, "x.csv"))[0][1:3] == (2, "field 3")
    f.write_bytes(b"a,b,c\n1,\xd0x,\xd0y\n")     # two bad fields: the first is named
    assert _problems(lambda: read_utf8(f, "x.csv"))[0][1:3] == (2, "b")
    f.write_bytes(b"a,b\n1,\xe2\x82x\n")         # a cut multi-byte sequence: both bytes shown
    assert _problems(lambda: read_utf8(f, "x.csv")) == [
        ("x.csv", 2, "b", None, "UTF-8 text (found byte(s) e2 82; re-save the file as UTF-8)")]
