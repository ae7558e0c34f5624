"""The Data Package, the GeoPackage and the interactive HTML map (structure, offline)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import kzlib
from kzlib import paths
from kzlib.datapackage import descriptor, render
from kzlib.exports import LAYERS, write_geopackage
from kzlib.interactive import render_spread_html, spread_html_data, write_spread_html

FRICTIONLESS = Path(sys.executable).with_name("frictionless")


# --------------------------------------------------------------------------- Data Package
def test_datapackage_json_is_current():
    assert (paths.data_dir() / "datapackage.json").read_text(encoding="utf-8") == render(), \
        "run: python -m kzlib.datapackage"


def test_datapackage_describes_every_column_key_and_reference():
    d = descriptor()
    res = {r["name"]: r for r in d["resources"]}
    assert list(res) == ["sources", "regions", "places", "events", "measures", "casualty-reports"]
    ev = res["events"]["schema"]
    assert [f["name"] for f in ev["fields"]] == [c.name for c in kzlib.schema.TABLES["events"]]
    assert ev["primaryKey"] == ["event_id"]
    assert {"fields": ["place_id"], "reference": {"resource": "places", "fields": ["place_id"]}} in ev["foreignKeys"]
    assert {"fields": ["same_event_as"], "reference": {"resource": "", "fields": ["event_id"]}} in ev["foreignKeys"]
    et = next(f for f in ev["fields"] if f["name"] == "event_type")
    assert "Protests" in et["constraints"]["enum"] and et["constraints"]["required"] is True
    tp = next(f for f in ev["fields"] if f["name"] == "time_precision")
    assert tp["type"] == "integer" and tp["constraints"]["enum"] == [1, 2, 3]
    places = res["places"]["schema"]
    assert {"fields": ["region_id"], "reference": {"resource": "regions", "fields": ["region_id"]}} \
        in places["foreignKeys"]
    src = next(f for f in ev["fields"] if f["name"] == "source_ids")
    assert "checked by kzlib" in src["description"]
    assert d["licenses"][0]["name"] == "CC-BY-4.0"


def _validate(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(FRICTIONLESS), "validate", "--json", str(folder / "datapackage.json")],
                          capture_output=True, text=True, timeout=300)


def test_frictionless_validates_the_shipped_package():
    out = _validate(paths.data_dir())
    report = json.loads(out.stdout)
    assert report["valid"] is True, out.stdout[:2000]
    assert len(report["tasks"]) == 6


def test_frictionless_catches_a_broken_reference(tmp_path):
    for f in paths.data_dir().glob("*.csv"):
        shutil.copy(f, tmp_path)
    (tmp_path / "datapackage.json").write_text(render(), encoding="utf-8")
    ev = (tmp_path / "events.csv").read_text(encoding="utf-8").splitlines()
    ev[1] = ev[1].replace(",zhanaozen,", ",atlantis,", 1)
    (tmp_path / "events.csv").write_text("\n".join(ev) + "\n", encoding="utf-8")
    report = json.loads(_validate(tmp_path).stdout)
    assert report["valid"] is False
    errors = [e for t in report["tasks"] for e in t["errors"]]
    assert {e["type"] for e in errors} == {"foreign-key"}
    assert errors[0]["rowNumber"] == 2


# --------------------------------------------------------------------------- GeoPackage
@pytest.fixture(scope="module")
def gpkg(tmp_path_factory) -> Path:
    return write_geopackage(tmp_path_factory.mktemp("gpkg") / "k.gpkg")


def test_geopackage_reads_back(gpkg):
    import pyogrio

    assert [name for name, _ in pyogrio.list_layers(gpkg)] == list(LAYERS)
    events, places = kzlib.load_events(), kzlib.load_places()
    first = kzlib.first_seen(events, places)
    info = {name: pyogrio.read_info(gpkg, layer=name) for name in LAYERS}
    assert info["units"]["features"] == 17
    assert info["places"]["features"] == len(first)
    assert info["events"]["features"] == len(events)
    assert all(i["crs"] == "EPSG:4326" for i in info.values())
    assert info["units"]["geometry_type"] in ("MultiPolygon", "Polygon")
    assert info["places"]["geometry_type"] == "Point"
    types = dict(zip(info["places"]["fields"], info["places"]["dtypes"]))
    assert types["first_day"].startswith("datetime64") and types["n_events"] == "int64"
    ev = pyogrio.read_dataframe(gpkg, layer="events")
    assert ev["counted"].dtype == bool
    assert ev.set_index("event_id").loc["E0004", "same_event_as"] == "E0003"
    assert not ev.set_index("event_id").loc["E0004", "counted"]


def test_geopackage_units_and_measures(gpkg):
    import pyogrio

    units = pyogrio.read_dataframe(gpkg, layer="units").set_index("region_id")
    assert str(units.loc["KZ-MAN", "first_day"].date()) == "2022-01-02"
    assert str(units.loc["KZ-MAN", "soe_first_day"].date()) == "2022-01-05"
    ms = pyogrio.read_dataframe(gpkg, layer="measures")
    national = kzlib.load_measures()
    n_nat = int((national["scope"] == "national").sum())
    assert (ms["scope"] == "national").sum() == 17 * n_nat


# --------------------------------------------------------------------------- HTML
@pytest.fixture(scope="module")
def page_data():
    return spread_html_data()


def test_html_data_units_places_and_measures(page_data):
    d = page_data
    assert d["days"][0] == "2022-01-02" and d["days"][-1] == "2022-01-19" and len(d["days"]) == 18
    assert len(d["units"]) == 17
    first = kzlib.first_seen(kzlib.load_events(), kzlib.load_places())
    assert [p["id"] for p in d["places"]] == sorted(first["place_id"],
                                                   key=lambda p: (str(first.set_index("place_id").loc[p, "first_date"].date()), p))
    man = next(u for u in d["units"] if u["id"] == "KZ-MAN")
    assert man["first"] == "2022-01-02" and man["path"].startswith("M")
    assert any(lb.startswith("state of emergency") for lb in d["measures"]["KZ-MAN"]["2022-01-05"])
    assert "2022-01-04" not in d["soe"]["KZ-MAN"] and "2022-01-05" in d["soe"]["KZ-MAN"]
    almaty = d["events"]["almaty"]["2022-01-04"]
    alt = [e for e in almaty if e["alt"]]
    assert [e["id"] for e in alt] == ["E0004"] and alt[0]["alt"] == "E0003"
    assert all(src[1].startswith("http") or src[1] == "" for e in almaty for src in e["src"])


def test_html_is_self_contained_and_deterministic(tmp_path, page_data):
    a = write_spread_html(tmp_path / "a.html")
    b = write_spread_html(tmp_path / "b.html")
    assert a.read_bytes() == b.read_bytes()
    text = a.read_text(encoding="utf-8")
    assert len(text.encode()) < 5_000_000
    # nothing is loaded from anywhere: no src=, no stylesheet links, no fetch/XHR, no @import
    assert not re.search(r"<(script|img|iframe|link)[^>]+(src|href)=", text)
    assert "fetch(" not in text and "XMLHttpRequest" not in text and "@import" not in text
    assert "</script" not in render_spread_html({"x": "</script>"}).split('type="application/json">')[1].split("</script>")[0]


def test_the_committed_html_is_current():
    assert (paths.PROJECT_ROOT / "figures" / "spread_map.html").read_text(encoding="utf-8") == \
        render_spread_html(spread_html_data()), "run: make figures"
