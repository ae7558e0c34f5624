"""Readers and analyses for any country and period: a made-up country ("Zembla", its own
outline and two provinces, all invented here) in every ACLED layout, CSV and xlsx, and in
UCDP GED; plus a real country's outline from the shipped Natural Earth world layer."""
from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from kzlib import KzDataError, first_seen, spread_pace
from kzlib.external import ACLED_API, ACLED_CURRENT, GED_COLUMNS, places_for, read_acled, read_ucdp_ged
from kzlib.geo import country_outline, outside_km
from kzlib.spread import distance_km
from kzlib.timeline import places_by_day

FIX = Path(__file__).parent / "fixtures"

# Zembla: a made-up country, lon 10-14, lat 60-63, split at 61.5 N into two provinces.
OUTLINE = gpd.GeoDataFrame({"name": ["Zembla"]}, geometry=[box(10, 60, 14, 63)], crs="EPSG:4326")
PROVINCES = gpd.GeoDataFrame({"province": ["North Zembla", "South Zembla"]},
                             geometry=[box(10, 61.5, 14, 63), box(10, 60, 14, 61.5)], crs="EPSG:4326")
#            location, admin1,         lat,  lon
PLACES = {"Alpha": ("North Zembla", 62.5, 11.0), "Beta": ("North Zembla", 62.0, 12.5),
          "Gamma": ("South Zembla", 60.5, 11.5)}
#          id,  date (ISO),   type,       sub-type,           place,   fatalities
ROWS = [("1", "2019-11-30", "Protests", "Peaceful protest", "Alpha", 0),
        ("2", "2020-05-09", "Protests", "Peaceful protest", "Alpha", 0),
        ("3", "2020-05-10", "Riots", "Violent demonstration", "Beta", 1),
        ("4", "2020-05-12", "Protests", "Protest with intervention", "Gamma", 0),
        ("5", "2020-05-12", "Strategic developments", "Arrests", "Gamma", 0)]


def _api_date(iso: str) -> str:
    d = pd.Timestamp(iso)
    return f"{d.day}-{d:%b}-{d:%y}"          # 9-May-20, as ACLED's 2019-2020 API wrote it


def _acled_rows(layout: str) -> tuple[tuple[str, ...], list[dict]]:
    out = []
    for i, day, et, sub, loc, fat in ROWS:
        admin1, lat, lon = PLACES[loc]
        r = {c: "" for c in (ACLED_API if layout == "api" else ACLED_CURRENT)}
        r.update(event_id_cnty=f"ZEM{i}", event_date=day, year=day[:4], time_precision="1", event_type=et,
                 sub_event_type=sub, actor1="Protesters (Zembla)" if et != "Strategic developments" else "Police",
                 country="Zembla", admin1=admin1, location=loc, latitude=str(lat), longitude=str(lon),
                 geo_precision="1", source="Made-up Wire", notes=f"Made-up row {i} for a test.",
                 fatalities=str(fat), iso="999", region="Nowhere")
        if layout == "api":
            r.update(data_id=str(7000 + int(i)), event_id_no_cnty=i, event_date=_api_date(day), iso3="ZEM",
                     inter1="6" if et == "Protests" else ("5" if et == "Riots" else "1"), interaction="60")
        else:
            r.update(disorder_type="Demonstrations", inter1="Protesters", civilian_targeting="NA",
                     tags="crowd size=around 100" if i == "2" else "NA", admin2="NA", admin3="NA",
                     assoc_actor_1="NA", actor2="NA")
        out.append(r)
    return tuple(out[0]), out


def _write_csv(path: Path, header, rows) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(header), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def _export(tmp_path: Path, layout: str, fmt: str = "csv") -> Path:
    header, rows = _acled_rows(layout)
    if fmt == "xlsx":
        path = tmp_path / f"zembla_{layout}.xlsx"
        pd.DataFrame(rows, columns=list(header)).to_excel(path, index=False)
        return path
    return _write_csv(tmp_path / f"zembla_{layout}.csv", header, rows)


WANT_IDS = ["ZEM1", "ZEM2", "ZEM3", "ZEM4", "ZEM5"]
WANT_DATES = [pd.Timestamp(d) for _, d, *_ in ROWS]


@pytest.mark.parametrize("layout", ["api", "current"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_acled_layout_of_a_made_up_country(tmp_path, layout, fmt):
    ev = read_acled(_export(tmp_path, layout, fmt), country="Zembla", outline=OUTLINE)
    assert ev.attrs["layout"] == layout and ev.attrs["country"] == "Zembla" and ev.attrs["skipped_rows"] == 0
    assert list(ev["event_id"]) == WANT_IDS
    assert list(ev["date"]) == WANT_DATES                     # 2019 and 2020: no 2022 window for exports
    assert list(ev["place_id"]) == ["alpha", "alpha", "beta", "gamma", "gamma"]
    assert list(ev["region_id"]) == ["North Zembla"] * 3 + ["South Zembla"] * 2
    assert list(ev["region_match"]) == ["admin1"] * 5
    assert list(ev["place_match"]) == ["new", "new", "new", "new", "new"]
    assert list(ev["inter1"].iloc[:3]) == (["Protesters", "Protesters", "Rioters"] if layout == "api"
                                           else ["Protesters"] * 3)
    assert list(ev["fatalities_high"]) == [0, 0, 1, 0, 0]
    assert ev["time"].isna().all() and ev["same_event_as"].isna().all()
    if layout == "current":
        assert pd.isna(ev["size_text"].iat[0]) and ev["size_text"].iat[1] == "around 100"
        assert ev["civilian_targeting"].isna().all() and ev["admin2"].isna().all()
    places = places_for(ev)
    new = places[places["place_id"].isin(["alpha", "beta", "gamma"])].set_index("place_id")
    assert new.loc["beta", ["latitude", "longitude"]].tolist() == [62.0, 12.5]
    assert new.loc["gamma", "region_id"] == "South Zembla"


@pytest.mark.parametrize("country", ["Zembla", "zembla", "ZEM", "999"])
def test_country_matches_name_or_iso_code_without_case(tmp_path, country):
    ev = read_acled(_export(tmp_path, "api"), country=country, outline=OUTLINE)
    assert len(ev) == 5


def test_dates_window_over_several_years(tmp_path):
    ev = read_acled(_export(tmp_path, "api"), country="Zembla", outline=OUTLINE, dates=("2020-05-01", "2020-05-31"))
    assert list(ev["event_id"]) == WANT_IDS[1:] and ev.attrs["skipped_rows"] == 1


def test_point_outside_the_outline_and_row_of_another_country(tmp_path):
    header, rows = _acled_rows("current")
    rows[2].update(latitude="55.0", longitude="11.0")          # 5 degrees south of Zembla
    rows[3].update(country="Ruritania")
    path = _write_csv(tmp_path / "bad.csv", header, rows)
    with pytest.raises(KzDataError) as e:
        read_acled(path, country="Zembla", outline=OUTLINE)
    got = [(p.row, p.column) for p in e.value.problems]
    assert got == [(4, "latitude/longitude"), (5, "country")]
    assert "558 km outside" in e.value.problems[0].expected
    assert e.value.problems[1].value == "Ruritania" and "'Zembla'" in e.value.problems[1].expected
    assert str(path.name) in str(e.value)
    assert len(read_acled(path, country=None)) == 5          # None skips the country checks


def test_outline_from_a_file(tmp_path):
    f = tmp_path / "zembla.gpkg"
    OUTLINE.to_file(f, driver="GPKG")
    assert len(read_acled(_export(tmp_path, "api"), country="Zembla", outline=f)) == 5


def test_unknown_country_without_outline_says_what_to_pass(tmp_path):
    with pytest.raises(ValueError, match="pass outline="):
        read_acled(_export(tmp_path, "api"), country="Zembla")


def test_unreadable_layout_names_what_is_missing(tmp_path):
    header, rows = _acled_rows("current")
    keep = [c for c in header if c not in ("event_date", "location")]
    path = _write_csv(tmp_path / "cut.csv", keep, [{c: r[c] for c in keep} for r in rows])
    with pytest.raises(KzDataError) as e:
        read_acled(path, country="Zembla", outline=OUTLINE)
    assert [(p.row, p.column, p.value) for p in e.value.problems] == [(1, "event_date", None), (1, "location", None)]
    assert "a column named 'event_date' (ACLED export" in e.value.problems[0].expected


def test_ged_of_a_made_up_country_by_country_id(tmp_path):
    with open(FIX / "ucdp_ged.csv", encoding="utf-8") as fh:
        base = next(csv.DictReader(fh))
    rows = []
    for k, (loc, (admin1, lat, lon)) in enumerate(PLACES.items()):
        r = dict(base)
        r.update(id=str(990100 + k), year="2019", country="Zembla", country_id="999", adm_1=admin1, adm_2="",
                 where_coordinates=f"{loc} town", latitude=str(lat), longitude=str(lon),
                 date_start=f"2019-03-0{k + 1} 00:00:00.000", date_end=f"2019-03-0{k + 1} 00:00:00.000")
        rows.append(r)
    path = _write_csv(tmp_path / "ged.csv", GED_COLUMNS, rows)
    ev = read_ucdp_ged(path, country="999", outline=OUTLINE)
    assert list(ev["place_id"]) == ["alpha", "beta", "gamma"]
    assert list(ev["region_id"]) == ["North Zembla", "North Zembla", "South Zembla"]
    assert list(ev["date"]) == [pd.Timestamp(f"2019-03-0{k}") for k in (1, 2, 3)]


def test_origin_none_is_the_place_of_the_earliest_counted_event(tmp_path):
    ev = read_acled(_export(tmp_path, "api"), country="Zembla", outline=OUTLINE, dates=("2020-05-01", "2020-05-31"))
    places = places_for(ev)
    f = first_seen(ev, places, origin=None)
    assert f.attrs["origin"] == "alpha" and f.attrs["origin_date"] == pd.Timestamp("2020-05-09")
    assert list(f["place_id"]) == ["alpha", "beta", "gamma"]
    assert list(f["day_offset"]) == [0, 1, 3]
    assert f["distance_km"].iloc[0] == 0.0
    assert f["distance_km"].iloc[2] == pytest.approx(distance_km((62.5, 11.0), (60.5, 11.5)))
    assert spread_pace(f, origin=None).excluded == ("alpha",)
    g = first_seen(ev, places, origin="beta")
    assert g.attrs["origin"] == "beta" and g["distance_km"].iloc[1] == 0.0
    pb = places_by_day(ev, origin=None)
    assert list(pb["day_offset"]) == [0, 1, 2, 3]
    # beta has a riot but no protest: the origin date falls back to the earliest counted event
    assert list(places_by_day(ev, origin="beta")["day_offset"]) == [0, 1, 2, 3]


def test_real_country_outline_from_the_world_layer(tmp_path):
    for key in ("Benin", "ben", "BJ", "204"):
        assert country_outline(key)["iso_a3"].iloc[0] == "BEN"
    o = country_outline("Benin")
    km = outside_km([6.3654, 6.5244], [2.4183, 3.3792], o)   # Cotonou; Lagos (Nigeria)
    assert km[0] == 0.0 and 40 < km[1] < 100
    header, rows = _acled_rows("current")
    for r in rows:
        r.update(country="Benin", iso="204", admin1="Littoral", location="Cotonou", latitude="6.3654",
                 longitude="2.4183")
    ev = read_acled(_write_csv(tmp_path / "benin.csv", header, rows), country="BEN")
    assert set(ev["place_id"]) == {"cotonou"} and ev.attrs["country"] == "BEN"
