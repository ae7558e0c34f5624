"""kzlib.schema's pattern check (pyarrow's RE2 over the whole column): what it accepts, where it
reports a failure (the frame's own index), missing values, and the name pandera reports it by."""
from __future__ import annotations

import pandas as pd
import pandera.errors as pae
import pytest

from kzlib.schema import ID, SLUG, _matches, pandera_schema

from test_schema import example_frame


def test_matches_gives_a_bool_per_value_and_false_for_missing():
    s = pd.Series(["a-b", "A", None, "x1"], dtype="string", index=[10, 11, 12, 13])
    out = _matches(SLUG)(s)
    assert out.dtype == bool
    assert out.to_dict() == {10: True, 11: False, 12: False, 13: True}
    assert _matches(ID)(pd.Series([None, None], dtype="string")).tolist() == [False, False]


def _failures(table: str, frame: pd.DataFrame) -> list[tuple]:
    with pytest.raises(pae.SchemaErrors) as e:
        pandera_schema(table).validate(frame, lazy=True)
    fc = e.value.failure_cases
    return [(r.column, r.check, r.index, r.failure_case) for r in fc.itertuples(index=False)]


def test_pattern_failures_are_reported_at_the_frames_own_index_by_name():
    frame = example_frame("sources", n=2)
    frame.index = [7, 9]
    frame["url"] = pd.array([None, "ftp://x"], dtype="string")
    assert _failures("sources", frame) == [("url", "str_matches('^https?://\\S+$')", 9, "ftp://x")]
    frame["url"] = pd.array(["ftp://y", "https://x.kz/a"], dtype="string")
    assert _failures("sources", frame) == [("url", "str_matches('^https?://\\S+$')", 7, "ftp://y")]


def test_optional_pattern_columns_may_be_all_missing():
    frame = example_frame("sources", n=2)
    frame["url"] = pd.array([None, None], dtype="string")
    pandera_schema("sources").validate(frame)
    events = example_frame("events", n=2)
    events["same_event_as"] = pd.array([None, "E1"], dtype="string")
    pandera_schema("events").validate(events)
