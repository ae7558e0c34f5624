"""A 1k-row run of the benchmark, so `make bench` cannot rot. Nothing here asserts a time."""
import sys

from kzlib import paths

sys.path.insert(0, str(paths.PROJECT_ROOT / "benchmarks"))

import run as bench  # noqa: E402
import synthetic  # noqa: E402


def test_benchmark_runs_at_1k_rows(tmp_path):
    out = bench.run([1000], repeats=1, figures=False, folder=tmp_path)
    (r,) = out["sizes"]
    assert r["rows"] == 1000
    for k in ("load_events", "read_acled", "first_seen", "daily_counts"):
        assert r[k] > 0 and r[f"{k}_base"] > 0
    assert r["raw_df_bytes"] > 0 and r["peak_load_bytes"] >= 0
    text = bench.table(out)
    for k in ("load_events", "read_acled", "first_seen", "daily_counts", "import kzlib", "peak memory"):
        assert k in text


def test_synthetic_inputs_are_deterministic_and_valid(tmp_path):
    import kzlib

    a = synthetic.events_frame(500, seed=3)
    b = synthetic.events_frame(500, seed=3)
    assert a.equals(b)
    p = synthetic.write_events(tmp_path / "ev", 500, seed=3)
    assert len(kzlib.load_events(p)) == 500
    acled = synthetic.acled_frame(200, seed=1)
    assert list(acled.columns) == synthetic.ACLED_COLUMNS and len(acled) == 200


def test_daily_counts_baseline_counts_what_kzlib_counts(tmp_path):
    """The judged baseline gives daily_counts' numbers; a groupby of every row does not (it counts
    week- and month-dated rows and alternative accounts), and the check says so."""
    import pandas as pd
    import pytest

    import kzlib

    ev = kzlib.load_events(synthetic.write_events(tmp_path / "ev", 2000, seed=5))
    ev.loc[5, "same_event_as"] = ev.loc[4, "event_id"]            # one alternative account
    kz = kzlib.daily_counts(ev)
    base = bench._counted_per_day(ev)
    bench._check_same_counts(kz, base)
    assert int(base.sum()) == int(kz["events"].sum()) == int(((ev["time_precision"] == 1)
                                                              & ev["same_event_as"].isna()).sum())
    with pytest.raises(AssertionError, match="does not count what kzlib counts"):
        bench._check_same_counts(kz, ev.groupby("date").size())
    assert isinstance(base, pd.Series)
