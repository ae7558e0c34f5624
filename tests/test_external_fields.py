"""How the readers parse cells (dates, whole and decimal numbers) and check points against
Kazakhstan's bounding box, on tiny made-up ACLED exports written here."""
from __future__ import annotations

from datetime import date

import pytest

from _exports import acled_current, places, problems, regions, table  # noqa: F401 (places, regions: fixtures)
from kzlib import KzDataError
from kzlib.external import parse_export_date, read_acled


@pytest.mark.parametrize(("text", "expected"), [
    ("2022-01-05 7:05", date(2022, 1, 5)), ("2022-01-05T07:05:09.5Z", date(2022, 1, 5)),
    ("2022-01-05 07:05+06:00", date(2022, 1, 5)), ("2022-01-05 07:05:09-0500", date(2022, 1, 5)),
    ("2022-01-05 07:05:09.123456", date(2022, 1, 5)), ("  2022-01-05  ", date(2022, 1, 5)),
    ("05 January, 2022", date(2022, 1, 5)), ("Jan 5, 2022", date(2022, 1, 5)),
    ("5-January-2022", date(2022, 1, 5)), ("5-January-22", date(2022, 1, 5)), ("9-may-20", date(2020, 5, 9)),
    ("2022-01-05 7:5", None), ("2022-01-05X07:05", None), ("2022-01-05 07:05 extra", None), (None, None),
])
def test_parse_export_date_more(text, expected):
    assert parse_export_date(text) == expected


NUMBER_ROWS = [
    dict(fatalities="9007199254740991", latitude="90", longitude="180"),
    dict(fatalities="9007199254740992", latitude="-90", longitude="-180"),
    dict(fatalities="1e400", latitude="-90.0001", longitude="180.5"),
    dict(fatalities="-0", latitude="inf", longitude="-inf"),
    dict(fatalities="7.000", latitude="NaN", longitude="0x10"),
    dict(fatalities="NaN", time_precision="1e0", geo_precision="-1"),
    dict(fatalities="-inf", time_precision="3.5", geo_precision="0"),
]


def test_numbers_refused(tmp_path, places, regions):
    rows = [dict(r, event_id_cnty=f"K{i}") for i, r in enumerate(NUMBER_ROWS)]
    with pytest.raises(KzDataError) as e:
        read_acled(acled_current(tmp_path / "n.csv", rows), places=places, regions=regions, country=None)
    assert [p[1:] for p in problems(e)] == [
        (3, "fatalities", "9007199254740992", "a whole number"),
        (4, "fatalities", "1e400", "a whole number"),
        (4, "latitude", "-90.0001", "a decimal number from -90 to 90"),
        (4, "longitude", "180.5", "a decimal number from -180 to 180"),
        (5, "latitude", "inf", "a decimal number from -90 to 90"),
        (5, "longitude", "-inf", "a decimal number from -180 to 180"),
        (6, "latitude", "NaN", "a decimal number from -90 to 90"),
        (6, "longitude", "0x10", "a decimal number from -180 to 180"),
        (7, "fatalities", "NaN", "a whole number"),
        (7, "geo_precision", "-1", "one of 1, 2, 3"),
        (8, "fatalities", "-inf", "a whole number"),
        (8, "geo_precision", "0", "one of 1, 2, 3"),
        (8, "time_precision", "3.5", "a whole number: 1, 2, 3"),
    ]


def test_numbers_read(tmp_path, places, regions):
    rows = [dict(event_id_cnty="K1", fatalities="9007199254740991", latitude="90", longitude="180"),
            dict(event_id_cnty="K2", fatalities="-0", time_precision=" 2 ", geo_precision="3.0", latitude="-90",
                 longitude="-180"),
            dict(event_id_cnty="K3", fatalities="7.000", time_precision="1e0", latitude="43.34116")]
    df = read_acled(acled_current(tmp_path / "n.csv", rows), places=places, regions=regions, country=None)
    assert table(df, ["fatalities", "fatalities_text", "fatalities_low", "fatalities_high", "latitude", "longitude",
                      "time_precision", "geo_precision"]) == [
        (9007199254740991, "9007199254740991", 9007199254740991, 9007199254740991, 90.0, 180.0, 1, 1),
        (0, "0", 0, 0, -90.0, -180.0, 2, 3),
        (7, "7", 7, 7, 43.34116, 52.86192, 1, 1)]


BOX = [("40.5", "70"), ("55.5", "70"), ("50", "46.4"), ("50", "87.4"),
       ("40.49", "70"), ("55.51", "70"), ("50", "46.39"), ("50", "87.41")]


def test_bounding_box_edges_are_inside(tmp_path, places, regions):
    rows = [dict(event_id_cnty=f"K{i}", latitude=a, longitude=b, location=f"P{i}", admin1="NA")
            for i, (a, b) in enumerate(BOX)]
    with pytest.raises(KzDataError) as e:
        read_acled(acled_current(tmp_path / "box.csv", rows), places=places, regions=regions, border_km=2000)
    assert [p[1:] for p in problems(e)] == [
        (6, "latitude", "40.49", "a latitude inside Kazakhstan (40.5 to 55.5)"),
        (7, "latitude", "55.51", "a latitude inside Kazakhstan (40.5 to 55.5)"),
        (8, "longitude", "46.39", "a longitude inside Kazakhstan (46.4 to 87.4)"),
        (9, "longitude", "87.41", "a longitude inside Kazakhstan (46.4 to 87.4)")]
    path = acled_current(tmp_path / "box4.csv", rows[:4])
    # within border_km of a unit, the region comes from the nearest unit; farther, there is none
    df = read_acled(path, places=places, regions=regions, border_km=2000)
    assert table(df, ["region_id", "region_match", "place_match"]) == [
        ("KZ-YUZ", "coordinates", "new"), ("KZ-SEV", "coordinates", "new"), ("KZ-ZAP", "coordinates", "new"),
        ("KZ-VOS", "coordinates", "new")]
    df = read_acled(path, places=places, regions=regions, country=None)
    assert table(df, ["region_id", "region_match"]) == [(None, "none")] * 4


def test_background_returns_the_value_or_raises_the_error():
    """kzlib.background, as the readers and read_table use it."""
    from kzlib.background import Background as _Background

    assert _Background(lambda: 6 * 7).result() == 42
    with pytest.raises(ZeroDivisionError):
        _Background(lambda: 1 / 0).result()
    b = _Background(lambda: [1, 2])
    assert b.result() == [1, 2] and b.result() == [1, 2]      # asked twice, same answer


def test_a_bad_and_repeated_id_reports_the_bad_id_first(tmp_path, places, regions):
    """Repeats are found when the read ends; for one cell the id problem still comes first."""
    f = acled_current(tmp_path / "ids.csv", [dict(event_id_cnty="K 1"), dict(event_id_cnty="K 1"),
                                             dict(event_id_cnty="")])
    with pytest.raises(KzDataError) as e:
        read_acled(f, places=places, regions=regions)
    assert problems(e) == [
        ("ids.csv", 2, "event_id_cnty", "K 1", "an id of letters, digits, '-' or '_'"),
        ("ids.csv", 3, "event_id_cnty", "K 1", "an id of letters, digits, '-' or '_'"),
        ("ids.csv", 3, "event_id_cnty", "K 1", "a unique id (row 2 has it too)"),
        ("ids.csv", 4, "event_id_cnty", "", "an id")]
