"""Bad input raises one KzDataError that names the file, the row, the column and what was expected."""
from pathlib import Path

import pytest

import kzlib
from kzlib import KzDataError

from _util import edit_csv


def _only(err: KzDataError):
    assert len(err.problems) == 1, err.problems
    return err.problems[0]


def test_missing_file(tmp_path):
    with pytest.raises(KzDataError) as e:
        kzlib.load_events(tmp_path / "nope.csv")
    p = _only(e.value)
    assert p.file.endswith("nope.csv") and "an existing file" in p.expected


def test_empty_file(data_copy):
    (data_copy / "events.csv").write_text("")
    with pytest.raises(KzDataError) as e:
        kzlib.load_events(data_copy / "events.csv")
    assert "empty" in _only(e.value).expected


def test_missing_column(data_copy):
    f = data_copy / "places.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    import csv, io
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    i = rows[0].index("latitude")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([r[:i] + r[i + 1:] for r in rows])
    f.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(KzDataError) as e:
        kzlib.load_places(f)
    p = _only(e.value)
    assert (p.row, p.column) == (1, "latitude")
    assert "places.csv" in p.file
    assert "places.csv, row 1, column 'latitude'" in str(e.value)


def test_bad_date(data_copy):
    edit_csv(data_copy / "events.csv", 3, "date", "2022-13-05")
    with pytest.raises(KzDataError) as e:
        kzlib.load_events(data_copy / "events.csv")
    p = _only(e.value)
    assert (p.row, p.column, p.value) == (3, "date", "2022-13-05")
    assert "YYYY-MM-DD" in p.expected


def test_date_outside_window(data_copy):
    edit_csv(data_copy / "events.csv", 2, "date", "2019-01-02")
    with pytest.raises(KzDataError) as e:
        kzlib.load_events(data_copy / "events.csv")
    p = _only(e.value)
    assert (p.row, p.column, p.value) == (2, "date", "2019-01-02")
    assert "2022-01-01" in p.expected


def test_end_before_start(data_copy):
    edit_csv(data_copy / "measures.csv", 2, "end", "2022-01-01")
    edit_csv(data_copy / "measures.csv", 2, "end_time", "")
    with pytest.raises(KzDataError) as e:
        kzlib.load_measures(data_copy / "measures.csv")
    p = _only(e.value)
    assert (p.row, p.column) == (2, "end") and "on or after start" in p.expected


def test_low_greater_than_high(data_copy):
    f = data_copy / "casualty_reports.csv"
    edit_csv(f, 2, "value_text", "300-200")
    with pytest.raises(KzDataError) as e:
        kzlib.load_casualty_reports(f)
    problems = e.value.problems
    assert any(p.row == 2 and p.column == "value_text" for p in problems)


def test_range_disagrees_with_words(data_copy):
    f = data_copy / "casualty_reports.csv"
    edit_csv(f, 2, "value_low", "150")          # row 2 says "more than 200" -> 201
    with pytest.raises(KzDataError) as e:
        kzlib.load_casualty_reports(f)
    p = _only(e.value)
    assert (p.row, p.column, p.value) == (2, "value_low", "150")
    assert "201, as parse_figure('more than 200') gives" in p.expected


def test_unknown_place(data_copy):
    edit_csv(data_copy / "events.csv", 7, "place_id", "atlantis")
    with pytest.raises(KzDataError) as e:
        kzlib.load_events(data_copy / "events.csv")
    p = _only(e.value)
    assert (p.row, p.column, p.value) == (7, "place_id", "atlantis")


def test_unknown_source(data_copy):
    edit_csv(data_copy / "measures.csv", 5, "source_ids", "seed-afp-timeline-2022-01-07;no-such-source")
    with pytest.raises(KzDataError) as e:
        kzlib.load_measures(data_copy / "measures.csv")
    p = _only(e.value)
    assert (p.row, p.column, p.value) == (5, "source_ids", "no-such-source")


def test_duplicate_id(data_copy):
    edit_csv(data_copy / "events.csv", 3, "event_id", "E0001")
    with pytest.raises(KzDataError) as e:
        kzlib.load_events(data_copy / "events.csv")
    rows = {(p.row, p.column) for p in e.value.problems}
    assert (3, "event_id") in rows and "unique" in str(e.value)


def test_coordinates_outside_kazakhstan(data_copy):
    edit_csv(data_copy / "places.csv", 3, "longitude", "2.35")     # Paris
    with pytest.raises(KzDataError) as e:
        kzlib.load_places(data_copy / "places.csv")
    p = _only(e.value)
    assert (p.row, p.column, p.value) == (3, "longitude", "2.35")
    assert "inside Kazakhstan" in p.expected


def test_non_utf8_bytes(data_copy):
    f = data_copy / "places.csv"
    raw = f.read_bytes().replace("Жаңаөзен".encode(), "Жаңаөзен".encode("cp1251", errors="replace"), 1)
    f.write_bytes(raw)
    with pytest.raises(KzDataError) as e:
        kzlib.load_places(f)
    p = _only(e.value)
    assert (p.row, p.column) == (2, "alt_names") and "UTF-8" in p.expected


def test_wrong_delimiter(data_copy):
    f = data_copy / "regions.csv"
    f.write_text(f.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    with pytest.raises(KzDataError) as e:
        kzlib.load_regions(f)
    p = _only(e.value)
    assert p.row == 1 and "comma-separated" in p.expected and "';'" in p.expected


def test_short_row(data_copy):
    f = data_copy / "regions.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    lines[3] = ",".join(lines[3].split(",")[:4])
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(KzDataError) as e:
        kzlib.load_regions(f)
    p = _only(e.value)
    assert p.row == 4 and "7 fields like the header (the row is cut short)" == p.expected


def test_bad_vocabulary_and_sub_type(data_copy):
    f = data_copy / "events.csv"
    edit_csv(f, 2, "event_type", "Protest")
    edit_csv(f, 3, "sub_event_type", "Armed clash")          # a Battles sub-type under Protests
    with pytest.raises(KzDataError) as e:
        kzlib.load_events(f)
    got = {(p.row, p.column) for p in e.value.problems}
    assert got == {(2, "event_type"), (3, "sub_event_type")}


def test_several_problems_reported_together(data_copy):
    f = data_copy / "events.csv"
    edit_csv(f, 2, "date", "yesterday")
    edit_csv(f, 5, "time_precision", "7")
    edit_csv(f, 6, "first_reported", "maybe")
    with pytest.raises(KzDataError) as e:
        kzlib.load_events(f)
    assert [(p.row, p.column) for p in e.value.problems] == [
        (2, "date"), (5, "time_precision"), (6, "first_reported")]
    assert str(e.value).startswith("3 problems in")


def test_url_required_except_seed(data_copy):
    f = data_copy / "sources.csv"
    edit_csv(f, 4, "url", "")
    with pytest.raises(KzDataError) as e:
        kzlib.load_sources(f)
    p = _only(e.value)
    assert (p.row, p.column) == (4, "url") and "seed" in p.expected


def test_unknown_time_zone(data_copy):
    edit_csv(data_copy / "regions.csv", 2, "tz", "Asia/Atlantis")
    with pytest.raises(KzDataError) as e:
        kzlib.load_regions(data_copy / "regions.csv")
    assert (_only(e.value).row, _only(e.value).column) == (2, "tz")


def test_loading_never_modifies_the_file(data_copy):
    f = data_copy / "events.csv"
    before = f.read_bytes()
    kzlib.load_events(f)
    assert f.read_bytes() == before
