"""Which country the readers check rows against, and what they do outside Kazakhstan: tiny made-up
exports for Kazakhstan (asked for by any of its names and codes), a made-up country with its own
outline, and a real country found in the shipped world layer by its GED id."""
from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from _exports import acled_api, acled_current, ged, gazetteer, problems, table
from kzlib import KzDataError, load_regions
from kzlib.external import read_acled, read_ucdp_ged


@pytest.fixture(scope="module")
def places():
    return gazetteer()


@pytest.fixture(scope="module")
def regions():
    return load_regions()


# ---------------------------------------------------------------------------------------------
# Kazakhstan by any of its names and codes

@pytest.mark.parametrize(("reader", "write", "country"), [
    (read_acled, acled_current, "KAZ"), (read_acled, acled_api, "kz"), (read_acled, acled_current, "705"),
    (read_ucdp_ged, ged, " KZ "), (read_ucdp_ged, ged, "398.0"), (read_acled, acled_api, "Kazakhstan"),
])
def test_kazakhstan_by_any_name_or_code(tmp_path, places, regions, reader, write, country):
    """country= takes Kazakhstan's name, ISO codes or GED id, whichever of them the rows give."""
    df = reader(write(tmp_path / "kaz.csv", [{}]), country=country, places=places, regions=regions)
    assert table(df, ["place_id", "region_id", "region_match"]) == [("zhanaozen", "KZ-MAN", "admin1")]
    assert "country" not in df.attrs


def test_a_kazakh_code_matches_the_code_or_the_name(tmp_path, places, regions):
    """country="KZ" takes rows that say Kazakhstan or KZ; a row of another country is still refused, and
    country="Kazakhstan" still matches the name only (a row of Kyrgyzstan with ISO 398 is refused)."""
    rows = [{}, dict(event_id_cnty="KAZ2", country="KZ", iso="NA"),
            dict(event_id_cnty="SVN1", country="Slovenia", iso="705"),
            dict(event_id_cnty="KGZ1", country="Kyrgyzstan", iso="398")]
    path = acled_current(tmp_path / "mixed.csv", rows)
    with pytest.raises(KzDataError) as e:
        read_acled(path, country="KZ", places=places, regions=regions)
    assert problems(e) == [
        ("mixed.csv", 4, "country", "Slovenia", "'KZ' (the country asked for, matched against country/iso; cut the "
                                                "export to KZ or pass country=None)"),
        ("mixed.csv", 5, "country", "Kyrgyzstan", "'KZ' (the country asked for, matched against country/iso; cut "
                                                  "the export to KZ or pass country=None)")]
    with pytest.raises(KzDataError) as e:
        read_acled(path, country="Kazakhstan", places=places, regions=regions)
    assert [(p[1], p[3]) for p in problems(e)] == [(3, "KZ"), (4, "Slovenia"), (5, "Kyrgyzstan")]
