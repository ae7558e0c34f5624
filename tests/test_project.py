"""The project's promises: pinned, in-sync environment; light import; stripped notebooks;
a codebook covering every column; the README's two commands."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest

from kzlib import paths
from kzlib.schema import TABLES

ROOT = paths.PROJECT_ROOT


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"requirements.txt: {line!r} is not an exact pin"
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_requirements_pin_every_dependency():
    pins = _pins()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["dev"]
    for dep in deps:
        name = re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[; ]", dep)[0]).lower()
        assert name in pins, f"{dep} is declared in pyproject.toml but not pinned in requirements.txt"


def test_environment_yml_in_step_with_requirements():
    env = (ROOT / "environment.yml").read_text()
    assert "conda-forge" in env
    assert re.search(r"^\s*-\s*python=3\.11\s*$", env, re.M)
    assert re.search(r"^\s*-\s*pip\s*$", env, re.M)
    assert re.search(r"^\s*-\s*-r requirements\.txt\s*$", env, re.M)
    assert re.search(r"^\s*-\s*-e \.\s*$", env, re.M)
    # nothing else pinned in environment.yml that could drift from requirements.txt
    other = [l for l in env.splitlines() if re.match(r"^\s*-\s*[A-Za-z].*[=<>]", l) and "python=" not in l]
    assert not other, other


def test_import_kzlib_stays_light():
    code = ("import sys, kzlib; kzlib.parse_figure('3'); "
            "print(','.join(m for m in ('geopandas','matplotlib','pandera','shapely','pyproj','pyarrow') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_notebooks_committed_without_outputs():
    nbs = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert nbs
    out = subprocess.run([sys.executable, "-m", "nbstripout", "--verify", *map(str, nbs)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("table", list(TABLES))
def test_codebook_documents_every_column(table):
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = text.split(f"### `{table}.csv`", 1)
    assert len(section) == 2, f"data/README.md has no section for {table}.csv"
    body = section[1].split("\n### ", 1)[0]
    for c in TABLES[table]:
        assert re.search(rf"^\| `{re.escape(c.name)}` \|", body, re.M), f"{table}.{c.name} undocumented"


def test_readme_gives_the_two_commands_and_ci_runs_tests():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make figures" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_committed_figure_is_shown_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for png in (ROOT / "figures").glob("*.png"):
        assert f"figures/{png.name}" in readme, f"README does not show {png.name}"


def test_codebook_generated_blocks_are_current():
    from kzlib.codebook import render

    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert render(text) == text, "run: python -m kzlib.codebook"
