"""Shared fixtures: a scratch copy of the data folder to break on purpose."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kzlib import paths


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/*.csv in a temporary folder (the shipped files stay untouched)."""
    out = tmp_path / "data"
    out.mkdir()
    for f in paths.data_dir().glob("*.csv"):
        shutil.copy(f, out / f.name)
    return out
