"""Shared fixtures: no network, Agg backend, a scratch copy of the data folder to break on purpose."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kzlib import paths

TESTS = Path(__file__).resolve().parent


def pytest_configure(config):
    """Block the network for the test process and for every notebook kernel it starts."""
    from _offline import block_network

    block_network()
    os.environ.setdefault("MPLBACKEND", "Agg")
    ipython_dir = Path(config.cache.mkdir("ipython"))  # .pytest_cache/d/ipython
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-kzlib-offline.py").write_text(
        (TESTS / "_offline.py").read_text() + "\nblock_network()\n", encoding="utf-8")
    os.environ["IPYTHONDIR"] = str(ipython_dir)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/*.csv in a temporary folder (the shipped files stay untouched)."""
    out = tmp_path / "data"
    out.mkdir()
    for f in paths.data_dir().glob("*.csv"):
        shutil.copy(f, out / f.name)
    return out


def pytest_collection_modifyitems(config, items):
    """When mutmut tests a mutant (tools/mutation.py), run the tests fastest first.

    mutmut runs a mutant's tests with ``-x`` in the order it lists them, which is arbitrary:
    a mutant that a 0.1 s test kills could first wait for a 10 s hypothesis test. The
    durations come from mutmut's own stats run (``mutmut-stats.json`` in the folder it runs
    pytest in). Other runs (``make test``, mutmut's stats and clean runs) keep pytest's order.
    """
    if "__mutmut_" not in os.environ.get("MUTANT_UNDER_TEST", ""):
        return
    import json

    stats = Path("mutmut-stats.json")
    if not stats.is_file():
        return
    try:
        duration = json.loads(stats.read_text(encoding="utf-8"))["duration_by_test"]
    except (ValueError, KeyError):
        return
    items.sort(key=lambda item: duration.get(item.nodeid, duration.get(f"mutants/{item.nodeid}", 0.0)))
