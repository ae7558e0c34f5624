"""Every notebook executes top to bottom in a fresh kernel; every figure is produced,
non-empty, with its CSV; regenerated figures match the committed ones byte for byte."""
from __future__ import annotations

from pathlib import Path

import pytest

from kzlib import paths
from kzlib.notebook_runner import notebook_paths, run_notebooks

NOTEBOOKS = notebook_paths()
COMMITTED = paths.PROJECT_ROOT / "figures"


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> Path:
    """Run every notebook once (two at a time, as make figures does), writing figures to a scratch folder."""
    out = tmp_path_factory.mktemp("figures")
    results = run_notebooks(NOTEBOOKS, figures_dir=out)
    failures = {k: v for k, v in results.items() if isinstance(v, BaseException)}
    out.joinpath(".failures").write_text("\n".join(f"{k}: {v}" for k, v in failures.items()))
    return out


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[n.name for n in NOTEBOOKS])
def test_notebook_executes(rendered, nb):
    failures = rendered.joinpath(".failures").read_text()
    assert f"{nb.name}:" not in failures, failures


def test_every_committed_figure_is_regenerated_with_its_csv(rendered):
    committed = sorted(p.name for p in COMMITTED.glob("*") if p.suffix in (".png", ".gif", ".csv", ".html"))
    produced = sorted(p.name for p in rendered.glob("*") if p.suffix in (".png", ".gif", ".csv", ".html"))
    assert committed, "figures/ is empty: run make figures"
    assert produced == committed
    for p in rendered.glob("*.png"):
        assert p.stat().st_size > 10_000, p.name
        assert (rendered / f"{p.stem}.csv").stat().st_size > 0, p.stem
    for p in rendered.glob("*.gif"):
        assert p.stat().st_size > 10_000, p.name


def test_figures_are_byte_identical_to_committed(rendered):
    """make figures reproduces the committed files exactly (same pinned libraries)."""
    different = [p.name for p in rendered.glob("*") if p.suffix in (".png", ".gif", ".csv", ".html")
                 and p.read_bytes() != (COMMITTED / p.name).read_bytes()]
    assert not different, f"regenerate with make figures and commit: {different}"
