"""kzlib.validate's rules across the columns of one table, on tiny hand-written tables: sub-types,
low <= high, report revisions, measure ends, time zones, same_event_as and copy_of."""
from __future__ import annotations

import pytest

from kzlib import KzDataError
from kzlib.validate import read_table

from _tiny import check, load

NOT_AN_ID = "a source_id of this file, or the original's publisher and URL"
UNKNOWN_SOURCE = "the source_id of another source of this file (or the original's publisher and URL)"


# --- events ---------------------------------------------------------------------------------


def test_sub_event_type_within_its_type(tmp_path):
    assert check(tmp_path, "events", [
        {"event_type": "Riots", "sub_event_type": "Peaceful protest"},
        {"event_type": "Riots", "sub_event_type": "Mob violence"},
        {"event_type": "Battles", "sub_event_type": "Armed clash"},
        {"event_type": "Protest", "sub_event_type": "Armed clash"},        # unknown type: one problem
        {"event_type": "Battles", "sub_event_type": "Attack"},
        {"event_type": "Battles", "sub_event_type": "Mobbing"},             # unknown sub-type: one problem
    ]) == [
        (2, "sub_event_type", "Peaceful protest", "a sub-event type of 'Riots': Violent demonstration, Mob violence"),
        (5, "event_type", "Protest", "one of Battles, Explosions/Remote violence, Protests, Riots, "
                                     "Strategic developments, Violence against civilians"),
        (6, "sub_event_type", "Attack", "a sub-event type of 'Battles': Armed clash, Government regains "
                                        "territory, Non-state actor overtakes territory"),
        (7, "sub_event_type", "Mobbing", "one of Armed clash, Government regains territory, Non-state actor "
                                         "overtakes territory, Chemical weapon, Air/drone strike, Suicide bomb, "
                                         "Shelling/artillery/missile attack, Remote explosive/landmine/IED, Grenade, "
                                         "Peaceful protest, Protest with intervention, Excessive force against "
                                         "protesters, Violent demonstration, Mob violence, Agreement, Arrests, Change "
                                         "to group/activity, Disrupted weapons use, Headquarters or base established, "
                                         "Looting/property destruction, Non-violent transfer of territory, Other, "
                                         "Sexual violence, Attack, Abduction/forced disappearance"),
    ]


def test_first_sub_type_of_the_last_type(tmp_path):
    assert load(tmp_path, "events", [{"event_type": "Violence against civilians", "sub_event_type": "Sexual violence"},
                                     {"event_type": "Battles", "sub_event_type": "Armed clash"}])["sub_event_type"].tolist() \
        == ["Sexual violence", "Armed clash"]


def test_low_not_above_high(tmp_path):
    assert check(tmp_path, "events", [
        {"size_text": "300-200", "size_low": "300", "size_high": "200"},
        {"fatalities_text": "9-8", "fatalities_low": "9", "fatalities_high": "8"},
        {"size_text": "5", "size_low": "5", "size_high": "5"},
    ]) == [
        (2, "size_high", "200", "at least size_low (300)"),
        (2, "size_text", "300-200", "a figure phrase (a range whose first number is not larger than its second)"),
        (3, "fatalities_high", "8", "at least fatalities_low (9)"),
        (3, "fatalities_text", "9-8", "a figure phrase (a range whose first number is not larger than its second)"),
    ]
    assert check(tmp_path, "casualty_reports", [{"value_text": "9-8", "value_low": "9", "value_high": "8"},
                                                {"value_text": "more than 8", "value_low": "9", "value_high": ""}]) == [
        (2, "value_high", "8", "at least value_low (9)"),
        (2, "value_text", "9-8", "a figure phrase (a range whose first number is not larger than its second)"),
    ]


# --- same_event_as -------------------------------------------------------------------------------


def test_same_event_as_valid(tmp_path):
    df = load(tmp_path, "events", [{}, {"same_event_as": "E1", "date": "2022-01-03"},
                                   {"same_event_as": "E1", "date": "2022-01-01"}, {"same_event_as": "E1"}])
    assert df["same_event_as"].tolist()[1:] == ["E1", "E1", "E1"]


def test_same_event_as_problems(tmp_path):
    assert check(tmp_path, "events", [
        {},                                               # E1: counted, zhanaozen, 2022-01-02
        {"same_event_as": "E2"},                          # itself
        {"same_event_as": "E99"},                         # no such event
        {"same_event_as": "E5"},                          # E5 is itself an account
        {"same_event_as": "E1"},                          # fine
        {"same_event_as": "E1", "place_id": "aktau"},     # another place
        {"same_event_as": "E1", "date": "2022-01-04"},    # two days later
        {"same_event_as": "E1", "date": "2021-12-31"},    # two days earlier (out of window too)
        {"same_event_as": "E1", "date": ""},              # no date: only the missing date
    ]) == [
        (3, "same_event_as", "E2", "the event_id of another row (not the row itself)"),
        (4, "same_event_as", "E99", "an event_id of this file"),
        (5, "same_event_as", "E5", "the counted account: E5 is itself an account of E1"),
        (7, "same_event_as", "E1", "an event at the same place (aktau); E1 is at zhanaozen"),
        (8, "same_event_as", "E1", "an event dated at most a day from 2022-01-04; E1 is dated 2022-01-02"),
        (9, "date", "2021-12-31", "YYYY-MM-DD from 2022-01-01 to 2022-12-31"),
        (9, "same_event_as", "E1", "an event dated at most a day from 2021-12-31; E1 is dated 2022-01-02"),
        (10, "date", "", "a value (YYYY-MM-DD from 2022-01-01 to 2022-12-31)"),
    ]


def test_same_event_as_names_the_last_row_of_a_duplicated_id(tmp_path):
    got = check(tmp_path, "events", [{"event_id": "A", "place_id": "aktau"}, {"event_id": "A"},
                                     {"same_event_as": "A"}, {"same_event_as": "A", "place_id": "aktau"}])
    assert [p for p in got if p[1] == "same_event_as"] == [
        (5, "same_event_as", "A", "an event at the same place (aktau); A is at zhanaozen")]


def test_same_event_as_target_with_a_missing_date(tmp_path):
    assert check(tmp_path, "events", [{"date": ""}, {"same_event_as": "E1", "date": "2022-03-01"}]) == [
        (2, "date", "", "a value (YYYY-MM-DD from 2022-01-01 to 2022-12-31)")]


def test_same_event_as_with_a_missing_event_id(tmp_path):
    assert check(tmp_path, "events", [{"event_id": ""}, {"same_event_as": "E9"}]) == [
        (2, "event_id", "", "a value (matching ^[A-Za-z0-9][A-Za-z0-9_-]*$)"),
        (3, "same_event_as", "E9", "an event_id of this file"),
    ]


# --- casualty reports --------------------------------------------------------------------------


def test_revisions_and_as_of(tmp_path):
    assert check(tmp_path, "casualty_reports", [
        {"as_of": "2022-01-06"},                                  # after its report date
        {"revises": "C2"},                                        # itself
        {"revises": "C1", "report_date": "2022-01-04"},           # a later report
        {"revises": "C9"},                                        # unknown: load's cross-table check
        {"revises": "C1", "as_of": "2022-01-05"},                 # fine: same day
        {"revises": "C1", "report_date": "2022-01-06", "as_of": "2022-01-04"},
    ]) == [
        (2, "as_of", "2022-01-06", "a date on or before report_date (2022-01-05)"),
        (3, "revises", "C2", "the id of another, earlier report"),
        (4, "revises", "C1", "a report published on or before 2022-01-04 (it is dated 2022-01-05)"),
    ]


def test_revision_with_missing_dates(tmp_path):
    assert check(tmp_path, "casualty_reports", [{"report_date": ""}, {"revises": "C1", "report_date": "2022-01-03"},
                                                {"report_date": "2022-01-02"}, {"revises": "C3", "report_date": ""}]) == [
        (2, "report_date", "", "a value (YYYY-MM-DD from 2022-01-01 to 2024-12-31)"),
        (5, "report_date", "", "a value (YYYY-MM-DD from 2022-01-01 to 2024-12-31)"),
    ]


# --- measures ------------------------------------------------------------------------------------


def test_measure_ends(tmp_path):
    assert check(tmp_path, "measures", [
        {"end": "2022-01-05", "start_time": "10:00", "end_time": "09:00"},   # same day, earlier hour
        {"end": "2022-01-05", "start_time": "10:00", "end_time": ""},        # end of the day: fine
        {"end": "", "end_time": "10:00"},                                    # end time without end
        {"end": "2022-01-04"},
        {"end": "2022-01-05", "start_time": "25:00", "end_time": "09:00"},   # bad time: reported alone
        {"end": "2022-01-05", "start_time": "", "end_time": "00:00"},        # both midnight: fine
        {"end": "2022-01-05", "start_time": "00:01", "end_time": "00:00"},
        {"end": "2022-01-05", "start_time": "23:59", "end_time": ""},        # fine
        {"end": "2022-01-05", "start_time": "", "end_time": "7:00"},         # bad end time: reported alone
    ]) == [
        (2, "end", "2022-01-05", "a date on or after start (2022-01-05)"),
        (4, "end_time", "10:00", "empty when end is empty"),
        (5, "end", "2022-01-04", "a date on or after start (2022-01-05)"),
        (6, "start_time", "25:00", "a time HH:MM (24 h, local)"),
        (8, "end", "2022-01-05", "a date on or after start (2022-01-05)"),
        (10, "end_time", "7:00", "a time HH:MM (24 h, local)"),
    ]


def test_measure_with_a_missing_start(tmp_path):
    assert check(tmp_path, "measures", [{"start": "", "end": "2022-01-02"}]) == [
        (2, "start", "", "a value (YYYY-MM-DD from 2022-01-01 to 2022-12-31)")]


# --- sources -------------------------------------------------------------------------------------


def test_url_only_seeds_may_lack(tmp_path):
    assert check(tmp_path, "sources", [{"url": "", "kind": "seed"}, {"url": ""}, {"url": "", "kind": ""}]) == [
        (3, "url", "", "the URL of the original publication (only kind 'seed' may have none)"),
        (4, "kind", "", "a value (news, official, ngo, dataset, social, academic, seed)"),
        (4, "url", "", "the URL of the original publication (only kind 'seed' may have none)"),
    ]


def test_copies(tmp_path):
    assert check(tmp_path, "sources", [
        {},                                          # s1: an original
        {"copy_of": "s1"},                           # fine
        {"copy_of": "s2"},                           # s2 is itself a copy
        {"copy_of": "s4"},                           # itself
        {"copy_of": "s99"},                          # not in the file
        {"copy_of": "Reuters https://r.com/x"},      # fine: publisher and URL
        {"copy_of": "Reuters agency"},               # fine: a publisher's name
        {"copy_of": "ABC"},                          # neither an id nor a publisher and URL
        {"copy_of": "https://r.com/x"},              # fine: a URL
    ]) == [
        (4, "copy_of", "s2", "the original: s2 is itself a copy"),
        (5, "copy_of", "s4", UNKNOWN_SOURCE),
        (6, "copy_of", "s99", UNKNOWN_SOURCE),
        (9, "copy_of", "ABC", NOT_AN_ID),
    ]


def test_copy_of_a_source_without_an_id(tmp_path):
    assert check(tmp_path, "sources", [{"source_id": ""}, {"copy_of": "s1"}]) == [
        (2, "source_id", "", "a value (matching ^[a-z0-9][a-z0-9-]*$)"),
        (3, "copy_of", "s1", UNKNOWN_SOURCE),
    ]


# --- regions ---------------------------------------------------------------------------------------


def test_time_zones(tmp_path):
    assert check(tmp_path, "regions", [{"tz": "Asia/Atlantis"}, {"tz": "Asia/Almaty"}, {"tz": "Europe/Paris"},
                                       {"tz": ""}, {"tz": "Asia/Aqtau"}]) == [
        (2, "tz", "Asia/Atlantis", "an IANA time zone name such as Asia/Almaty"),
        (4, "tz", "Europe/Paris", "matching ^Asia/[A-Za-z_]+$"),
        (5, "tz", "", "a value (matching ^Asia/[A-Za-z_]+$)"),
    ]


# --- the error -------------------------------------------------------------------------------------


def test_problems_sorted_by_row_then_column_and_one_per_cell(tmp_path):
    from _tiny import write

    path = write(tmp_path, "events", [{"time_precision": "9", "date": "x"}, {"event_type": "Nope", "time": "1"},
                                      {"first_reported": "", "time_precision": ""}])
    with pytest.raises(KzDataError) as e:
        read_table("events", path)
    assert [(p.row, p.column) for p in e.value.problems] == [
        (2, "date"), (2, "time_precision"), (3, "event_type"), (3, "time"), (4, "first_reported"),
        (4, "time_precision")]
    assert str(e.value).startswith(f"6 problems in {path}:\n  - {path}, row 2, column 'date': got 'x', "
                                   "expected a date YYYY-MM-DD\n")


def test_first_sub_type_under_another_type(tmp_path):
    assert check(tmp_path, "events", [{"event_type": "Riots", "sub_event_type": "Armed clash"},
                                      {"event_type": "Violence against civilians",
                                       "sub_event_type": "Peaceful protest"}]) == [
        (2, "sub_event_type", "Armed clash", "a sub-event type of 'Riots': Violent demonstration, Mob violence"),
        (3, "sub_event_type", "Peaceful protest", "a sub-event type of 'Violence against civilians': Sexual "
                                                  "violence, Attack, Abduction/forced disappearance"),
    ]


def test_time_zone_names_zoneinfo_refuses(tmp_path):
    # ZoneInfo raises ValueError (not ZoneInfoNotFoundError) for these; the pattern's problem is kept
    assert check(tmp_path, "regions", [{"tz": "/x"}, {"tz": "Asia/"}, {"tz": "Asia/Almaty "}]) == [
        (2, "tz", "/x", "matching ^Asia/[A-Za-z_]+$"),
        (3, "tz", "Asia/", "matching ^Asia/[A-Za-z_]+$"),
    ]


def test_dedupe_keeps_the_first_problem_of_a_cell_and_every_file_problem():
    from kzlib.errors import Problem
    from kzlib.validate import _dedupe

    ps = [Problem("f", 2, "a", "x", "one"), Problem("f", 2, "a", "x", "two"), Problem("f", 2, "b", "x", "three"),
          Problem("f", None, "a", None, "four"), Problem("f", None, "a", None, "five"),
          Problem("f", 3, "a", "x", "six")]
    assert [p.expected for p in _dedupe(ps)] == ["one", "three", "four", "five", "six"]
