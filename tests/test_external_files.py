"""The readers' file-level checks and layouts, on tiny exports written here: what is refused (zip, a
workbook without its reader, not UTF-8, not comma-separated, duplicated or missing columns, the other
dataset's layout) and what is read (BOM, CRLF, header case and spaces, blank extra columns, Excel
sheets with NA, empty cells and numbers)."""
from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from _exports import acled_api, acled_current, CURRENT, ged, places, problems, regions, rows_of, table, write  # noqa: F401 (places, regions: fixtures)
from kzlib import KzDataError
from kzlib.external import ACLED_CURRENT, ACLED_USED, GED_USED, read_acled, read_ucdp_ged


def _problems(reader, path, **kw):
    with pytest.raises(KzDataError) as e:
        reader(path, **kw)
    return problems(e)


@pytest.mark.parametrize(("name", "reader", "what"), [
    ("export.zip", read_acled, "ACLED export"), ("export.ZIP", read_acled, "ACLED export"),
    ("export.csv.gz", read_ucdp_ged, "UCDP GED export"), ("export.7z", read_ucdp_ged, "UCDP GED export"),
])
def test_archives_must_be_unpacked(tmp_path, name, reader, what):
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04")
    assert _problems(reader, path) == [
        (name, None, None, None, f"a CSV file ({what}); unzip the download first and read the .csv inside")]


@pytest.mark.parametrize(("name", "engine"), [("export.xls", "xlrd"), ("export.XLS", "xlrd"),
                                              ("export.xlsx", "openpyxl"), ("export.xlsm", "openpyxl")])
def test_workbook_without_its_reader(tmp_path, monkeypatch, name, engine):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a: None if n == engine else real(n, *a))
    path = tmp_path / name
    path.write_bytes(b"")
    suffix = name.rpartition(".")[2]
    assert _problems(read_acled, path) == [
        (name, None, None, None, f"a CSV export; reading .{suffix} workbooks needs the {engine} package, which is "
                                 f"not installed (pip install {engine}), or save the sheet as 'CSV UTF-8' and read that")]


def test_unreadable_and_empty_workbooks(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    assert _problems(read_acled, bad) == [
        ("bad.xlsx", None, None, None, "a readable Excel workbook (BadZipFile: File is not a zip file)")]
    empty = tmp_path / "empty.xlsx"
    pd.DataFrame(columns=list(ACLED_CURRENT)).to_excel(empty, index=False)
    assert _problems(read_acled, empty) == [
        ("empty.xlsx", None, None, None, "a header row and at least one data row (the sheet is empty)")]


def test_workbook_rows_read_like_csv_rows(tmp_path, places, regions):
    """Header names trimmed and in any case, cells trimmed, NA and empty cells missing, numbers as text."""
    rows = rows_of(CURRENT, [dict(location=" Zhanaozen ", actor2="", admin2="NA", event_id_cnty="KAZ1"),
                             dict(event_id_cnty="KAZ2", actor2="NA", admin2=" Aktau ")])
    sheet = pd.DataFrame(rows, columns=list(ACLED_CURRENT))
    sheet["fatalities"] = [None, 3]                       # a number column with an empty cell
    sheet["latitude"] = [43.34116, 43.34116]
    sheet["interaction"] = [60, 16.5]                     # whole numbers as written, not 60.0
    sheet.columns = [" EVENT_DATE " if c == "event_date" else c for c in sheet.columns]
    path = tmp_path / "sheet.xlsx"
    sheet.to_excel(path, index=False)
    df = read_acled(path, places=places, regions=regions)
    assert table(df, ["event_id", "date", "location", "actor2", "admin2", "fatalities", "fatalities_text",
                      "latitude", "place_id", "interaction"]) == [
        ("KAZ1", "2022-01-04", "Zhanaozen", None, None, None, None, 43.34116, "zhanaozen", "60"),
        ("KAZ2", "2022-01-04", "Zhanaozen", None, "Aktau", 3, "3", 43.34116, "zhanaozen", "16.5")]
    assert df.attrs["layout"] == "current" and list(df["source_file"]) == ["sheet.xlsx"] * 2
    # the same checks as for a CSV: a repeated id
    sheet[ACLED_CURRENT[0]] = ["KAZ1", " KAZ1"]
    sheet.to_excel(path, index=False)
    assert _problems(read_acled, path, places=places, regions=regions) == [
        ("sheet.xlsx", 3, "event_id_cnty", "KAZ1", "a unique id (row 2 has it too)")]


def test_bom_crlf_and_header_case(tmp_path, places, regions):
    path = acled_current(tmp_path / "bom.csv", [{}, dict(event_id_cnty="KAZ2")])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    df = read_acled(path, places=places, regions=regions)
    assert table(df, ["event_id", "tags", "place_id"]) == [("KAZ1", None, "zhanaozen"), ("KAZ2", None, "zhanaozen")]
    assert df.attrs["layout"] == "current"
    header = [" Event_ID_Cnty "] + [c.upper() for c in ACLED_CURRENT[1:]] + ["", ""]
    up = write(tmp_path / "up.csv", header, [{h: CURRENT.get(h.strip().lower(), "") for h in header}])
    with pytest.raises(KzDataError) as e:     # two blank extra columns: read_raw's duplicate, not the reader's
        read_acled(up, places=places, regions=regions)
    assert problems(e) == [("up.csv", 1, "", "", "each column once (duplicated header)")]
    up = write(tmp_path / "up.csv", header[:-1], [{h: CURRENT.get(h.strip().lower(), "") for h in header}])
    assert table(read_acled(up, places=places, regions=regions), ["event_id", "place_id"]) == [
        ("KAZ1", "zhanaozen")]


def test_header_only_export_is_empty(tmp_path, places, regions):
    path = tmp_path / "header.csv"
    path.write_text(",".join(ACLED_CURRENT) + "\n", encoding="utf-8")
    df = read_acled(path, places=places, regions=regions)
    assert len(df) == 0 and df.attrs["layout"] == "current" and df.attrs["skipped_rows"] == 0


def test_file_level_problems(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    blank = tmp_path / "blank.csv"
    blank.write_text("  \n", encoding="utf-8")
    semi = tmp_path / "semi.csv"
    semi.write_text(";".join(ACLED_CURRENT) + "\n" + ";".join("x" for _ in ACLED_CURRENT) + "\n", encoding="utf-8")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"event_id_cnty,caf\xe9," + ",".join(ACLED_CURRENT[1:]).encode() + b"\n")
    assert _problems(read_acled, tmp_path / "nope.csv") == [("nope.csv", None, None, None, "an existing file")]
    assert _problems(read_acled, tmp_path) == [(tmp_path.name, None, None, None, "a file, not a folder")]
    for p in (empty, blank):
        assert _problems(read_acled, p) == [
            (p.name, None, None, None, "a header row and at least one data row (the file is empty)")]
    assert _problems(read_acled, semi) == [
        ("semi.csv", 1, None, ";".join(ACLED_CURRENT), "comma-separated values (the header looks separated by ';')")]
    assert _problems(read_acled, latin) == [
        ("latin.csv", 1, "caf\ufffd", None, "UTF-8 text (found byte(s) e9; re-save the file as UTF-8)")]


def test_duplicated_and_missing_columns_together(tmp_path):
    header = [c for c in ACLED_CURRENT if c not in ("location", "fatalities")] + ["Event_Type", "NOTES"]
    path = write(tmp_path / "dup.csv", header, rows_of(CURRENT, [{}]))
    assert _problems(read_acled, path) == [
        ("dup.csv", 1, "Event_Type", "Event_Type", "each column once (duplicated header, case ignored)"),
        ("dup.csv", 1, "NOTES", "NOTES", "each column once (duplicated header, case ignored)"),
        ("dup.csv", 1, "location", None, "a column named 'location' (ACLED export)"),
        ("dup.csv", 1, "fatalities", None, "a column named 'fatalities' (ACLED export)")]


def test_the_other_dataset_says_which_reader(tmp_path):
    g = ged(tmp_path / "ged.csv", [{}])
    hint = "; this looks like a UCDP GED export: read it with kzlib.read_ucdp_ged"
    missing = [c for c in ACLED_USED if c not in ("year", "country", "latitude", "longitude")]
    assert _problems(read_acled, g) == [
        ("ged.csv", 1, c, None, f"a column named {c!r} (ACLED export{hint})") for c in missing]
    a = acled_api(tmp_path / "acled.csv", [{}])
    hint = "; this looks like a ACLED export: read it with kzlib.read_acled"
    missing = [c for c in GED_USED if c not in ("year", "country", "latitude", "longitude")]
    assert _problems(read_ucdp_ged, a) == [
        ("acled.csv", 1, c, None, f"a column named {c!r} (UCDP GED export{hint})") for c in missing]
    # without the other dataset's columns there is no hint
    cut = write(tmp_path / "cut.csv", ["id", "year"], [{"id": "1", "year": "2022"}])
    assert _problems(read_ucdp_ged, cut)[0] == ("cut.csv", 1, "type_of_violence", None,
                                                "a column named 'type_of_violence' (UCDP GED export)")
