"""A wheel built from the clone, installed elsewhere, loads every table and the boundaries
from another working directory (no network, no clone on the path)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kzlib import paths

ROOT = paths.PROJECT_ROOT
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]

CHECK = r"""
import json, os, sys
import kzlib
from kzlib import paths
from kzlib.geo import LEVELS, country_outline, load_boundaries
assert str(paths.PROJECT_ROOT / "kzlib") != os.environ["KZ_CLONE"] + "/kzlib"
tables = kzlib.load_all()
levels = {lvl: len(load_boundaries(lvl)) for lvl in LEVELS}
samples = sorted(p.name for p in paths.samples_dir().iterdir())
ev = kzlib.read_acled(paths.samples_dir() / "acled_sample_synthetic.csv")
print(json.dumps({"file": kzlib.__file__, "data": str(paths.data_dir()),
                  "tables": {k: len(v) for k, v in tables.items()}, "levels": levels,
                  "benin": country_outline("BEN")["name"].iloc[0], "samples": samples,
                  "acled_rows": len(ev), "codebook": (paths.data_dir() / "README.md").is_file()}))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("kzlib", "data"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"):
        shutil.copy(ROOT / name, src / name)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([*PIP, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(dist),
                    str(src)], check=True, capture_output=True, text=True)
    wheel = next(dist.glob("kzlib-*.whl"))
    target = tmp_path_factory.mktemp("site")
    subprocess.run([*PIP, "install", "--no-deps", "--no-index", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, text=True)
    return target


def test_wheel_carries_tables_codebook_geo_and_samples(installed):
    data = installed / "kzlib" / "data"
    shipped = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()}
    want = {p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*")
            if p.is_file() and p.suffix in (".csv", ".md", ".geojson", ".xlsx")}
    assert want <= shipped, sorted(want - shipped)
    assert {"events.csv", "README.md", "geo/world.geojson", "geo/admin1.geojson",
            "samples/acled_sample_synthetic.csv"} <= shipped


def test_installed_package_loads_everything_from_another_directory(installed, tmp_path):
    import json

    env = {k: v for k, v in os.environ.items() if k not in ("KZLIB_DATA_DIR", "KZLIB_FIGURES_DIR")}
    env["PYTHONPATH"] = str(installed)
    env["KZ_CLONE"] = str(ROOT)
    out = subprocess.run([sys.executable, "-c", CHECK], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["file"].startswith(str(installed))
    assert got["data"] == str(installed / "kzlib" / "data")
    from kzlib import load_all

    assert got["tables"] == {k: len(v) for k, v in load_all().items()}
    assert got["levels"] == {"country": 1, "neighbours": 18, "sea": 1, "admin1": 17}
    assert got["benin"] == "Benin" and got["codebook"]
    assert "acled_sample_synthetic.csv" in got["samples"] and got["acled_rows"] > 0


def test_kzlib_data_dir_still_overrides(installed, tmp_path, data_copy):
    env = dict(os.environ, PYTHONPATH=str(installed), KZLIB_DATA_DIR=str(data_copy))
    code = "from kzlib import paths; print(paths.data_dir())"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == str(data_copy.resolve())


def test_sdist_carries_the_data(tmp_path):
    import tarfile

    subprocess.run([sys.executable, "-c", "import setuptools.build_meta as b; b.build_sdist(%r)" % str(tmp_path)],
                   cwd=ROOT, check=True, capture_output=True, text=True)
    names = tarfile.open(next(tmp_path.glob("kzlib-*.tar.gz"))).getnames()
    for f in ("data/events.csv", "data/README.md", "data/geo/world.geojson", "data/samples/README.md"):
        assert any(n.endswith("/" + f) for n in names), f
    assert not zipfile.is_zipfile(next(tmp_path.glob("kzlib-*.tar.gz")))
