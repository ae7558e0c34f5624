"""new_places and places_for on the output of reads of tiny made-up exports: the places the readers
made, rebuilt from the rows when attrs are gone (pd.concat), and the gazetteer plus them."""
from __future__ import annotations

import pandas as pd
import pytest

from _exports import acled_current, ged, gazetteer
from kzlib import load_places, load_regions
from kzlib.external import new_places, places_for, read_acled, read_ucdp_ged


@pytest.fixture(scope="module")
def places():
    return gazetteer()


@pytest.fixture(scope="module")
def reads(tmp_path_factory, places):
    d = tmp_path_factory.mktemp("places")
    regions = load_regions()
    a = read_acled(acled_current(d / "pa.csv", [
        dict(location="Shetpe", latitude="44.16", longitude="52.12"),
        dict(event_id_cnty="KAZ2", location="Beineu", latitude="45.31", longitude="55.19", admin1="NA"),
        dict(event_id_cnty="KAZ3")]), places=places, regions=regions)
    g = read_ucdp_ged(ged(d / "pg.csv", [
        dict(where_coordinates="Shetpe village", latitude="44.16", longitude="52.12"),
        dict(id="2", where_coordinates="Kazakhstan", where_prec="6", adm_1="", latitude="48", longitude="67")]),
        places=places, regions=regions)
    return a, g


def _place(pid, name, region, lat, lon, notes, alt=None):
    return {"place_id": pid, "name": name, "alt_names": alt, "kind": "area", "region_id": region, "latitude": lat,
            "longitude": lon, "population": None, "geonames_id": None, "notes": notes}


SHETPE = _place("shetpe", "Shetpe", "KZ-MAN", 44.16, 52.12,
                "Made by kzlib from pa.csv row 2 (ACLED location 'Shetpe'); coordinates from ACLED; kind unknown.")
BEINEU = _place("beineu", "Beineu", "KZ-MAN", 45.31, 55.19,
                "Made by kzlib from pa.csv row 3 (ACLED location 'Beineu'); coordinates from ACLED; kind unknown.")


def _records(df):
    return [{k: (None if v is pd.NA else v) for k, v in r.items()} for r in df.to_dict("records")]


def test_new_places_from_attrs(reads):
    a, g = reads
    assert _records(new_places(a)) == [SHETPE, BEINEU]
    assert _records(new_places(a[a["place_id"] != "beineu"])) == [SHETPE]      # only places rows use
    assert _records(new_places(a[["event_id", "place_id"]])) == [SHETPE, BEINEU]   # attrs alone suffice
    assert _records(new_places(g)) == [
        _place("shetpe", "Shetpe", "KZ-MAN", 44.16, 52.12, "Made by kzlib from pg.csv row 2 (UCDP GED "
               "where_coordinates 'Shetpe village'); coordinates from UCDP GED; kind unknown.", alt="Shetpe village"),
        _place("kazakhstan", "Kazakhstan", None, 48.0, 67.0, "Made by kzlib from pg.csv row 3 (UCDP GED "
               "where_coordinates 'Kazakhstan'); coordinates from UCDP GED; kind unknown.")]
    assert new_places(a).dtypes.astype(str).to_dict() == load_places().dtypes.astype(str).to_dict()


def test_attrs_hold_the_new_places_as_plain_records(reads):
    a, g = reads
    assert a.attrs["new_places"] == (SHETPE, BEINEU)
    assert g.attrs["new_places"][1] == _place(
        "kazakhstan", "Kazakhstan", None, 48.0, 67.0, "Made by kzlib from pg.csv row 3 (UCDP GED "
        "where_coordinates 'Kazakhstan'); coordinates from UCDP GED; kind unknown.")
    types = {k: {type(r[k]).__name__ for df in (a, g) for r in df.attrs["new_places"]} for k in SHETPE}
    assert types == {"place_id": {"str"}, "name": {"str"}, "alt_names": {"NoneType", "str"}, "kind": {"str"},
                     "region_id": {"str", "NoneType"}, "latitude": {"float"}, "longitude": {"float"},
                     "population": {"NoneType"}, "geonames_id": {"NoneType"}, "notes": {"str"}}


def test_new_places_rebuilt_from_rows(reads):
    a, g = reads
    both = pd.concat([a, g], ignore_index=True)          # differing attrs are dropped
    assert both.attrs == {}
    assert _records(new_places(both)) == [
        _place("shetpe", "Shetpe", "KZ-MAN", 44.16, 52.12, "Rebuilt by kzlib from ACLED rows; kind unknown."),
        _place("beineu", "Beineu", "KZ-MAN", 45.31, 55.19, "Rebuilt by kzlib from ACLED rows; kind unknown."),
        _place("kazakhstan", "Kazakhstan", None, 48.0, 67.0, "Rebuilt by kzlib from UCDP GED rows; kind unknown.")]
    g2 = g.copy()
    g2.attrs = {}
    assert [(r["place_id"], r["name"], r["region_id"]) for r in _records(new_places(g2))] == [
        ("shetpe", "Shetpe", "KZ-MAN"), ("kazakhstan", "Kazakhstan", None)]     # GED: type word dropped
    part = a.copy()
    part.attrs = dict(a.attrs, new_places=a.attrs["new_places"][1:])        # beineu in attrs, shetpe from rows
    assert _records(new_places(part)) == [
        BEINEU, _place("shetpe", "Shetpe", "KZ-MAN", 44.16, 52.12, "Rebuilt by kzlib from ACLED rows; kind unknown.")]
    # ACLED locations are kept as written; rows of frames without place_match (the curated events) are not new
    shetpe = a.copy()
    shetpe["location"] = shetpe["location"].replace({"Shetpe": "Shetpe village"})
    curated = pd.DataFrame({"event_id": ["E1"], "place_id": ["almaty"]})
    mixed = pd.concat([shetpe, curated], ignore_index=True)
    mixed.attrs = {}
    assert [(r["place_id"], r["name"]) for r in _records(new_places(mixed))] == [
        ("shetpe", "Shetpe village"), ("beineu", "Beineu")]
    no_dataset = both.drop(columns=["dataset"])
    assert _records(new_places(no_dataset))[2]["notes"] == "Rebuilt by kzlib from external rows; kind unknown."


def test_places_for(reads, places):
    a, g = reads
    out = places_for(a, places)
    assert isinstance(out.index, pd.RangeIndex) and list(out.index) == list(range(8))
    assert list(out["place_id"]) == list(places["place_id"]) + ["shetpe", "beineu"]
    assert out.dtypes.astype(str).to_dict() == places.dtypes.astype(str).to_dict()
    assert list(out["kind"].cat.categories) == list(places["kind"].cat.categories)
    assert list(out["kind"]) == list(places["kind"]) + ["area", "area"]
    assert _records(out.iloc[6:]) == [SHETPE, BEINEU]
    # places already in the gazetteer are not added twice
    assert list(places_for(a, out)["place_id"]) == list(out["place_id"])
    # no new places: a copy of the gazetteer
    same = places_for(a[a["place_match"] != "new"], places)
    pd.testing.assert_frame_equal(same, places)
    same.loc[0, "name"] = "Changed"
    assert places["name"].iat[0] == "Zhanaozen"
    # default: the shipped gazetteer
    shipped = load_places()
    got = places_for(a)
    assert list(got["place_id"]) == list(shipped["place_id"]) + [p for p in ("shetpe", "beineu")
                                                                 if p not in set(shipped["place_id"])]


def test_group_codes_number_groups_in_order_of_first_appearance():
    """One number per combination of keys, as groupby(sort=False).ngroup() gives it, also when
    the combined codes would leave int64 and are renumbered on the way; _first_rows finds the
    first row of each."""
    import numpy as np

    from kzlib.external.places import _first_rows, _group_codes

    a = np.array([3, 1, 3, 1, 2, 3])
    b = np.array([0.5, 0.5, 0.5, np.nan, 0.5, 0.5])
    assert _group_codes(a, b).tolist() == [0, 1, 0, 2, 3, 0]
    assert _first_rows(_group_codes(a, b)).tolist() == [0, 1, 3, 4]
    assert _first_rows(np.zeros(0, dtype=np.int64)).tolist() == []
    rng = np.random.default_rng(7)
    keys = [rng.integers(0, 100_000, 3000) for _ in range(7)]       # ~3000**7 combinations > 2**62
    want = pd.DataFrame({f"k{i}": k for i, k in enumerate(keys)}).groupby(
        [f"k{i}" for i in range(7)], sort=False).ngroup().to_numpy()
    assert _group_codes(*keys).tolist() == want.tolist()
    assert _group_codes(keys[0], keys[0] % 7).tolist() == pd.factorize(keys[0])[0].tolist()
