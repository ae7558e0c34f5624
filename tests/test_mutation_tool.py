"""tools/mutation.py (make mutation): config, mutant names, counting and the merged report; no mutmut run."""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("kz_mutation_tool", ROOT / "tools" / "mutation.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    yield mod
    sys.modules.pop(spec.name, None)


def test_config_lists_the_analysis_modules_with_existing_files(tool):
    cfg = tool.load_config()
    assert {"quantities", "spread", "schema", "timeline", "validate", "external", "plots"} <= set(cfg.modules)
    for m in cfg.modules.values():
        assert m.files(), m.name
        assert all(Path(ROOT / t).is_file() for t in m.tests)
        tool._mutmut_patterns(m)  # every function entry is well-formed
    assert [str(p) for p in cfg.modules["external"].files()] == [
        "kzlib/external/__init__.py", "kzlib/external/acled.py", "kzlib/external/fields.py",
        "kzlib/external/places.py", "kzlib/external/ucdp.py"]
    assert cfg.max_children <= 2 and "data/" in cfg.also_copy


def test_requirements_mutation_pins_mutmut_exactly():
    lines = [ln.strip() for ln in (ROOT / "requirements-mutation.txt").read_text().splitlines()]
    pins = [ln for ln in lines if ln and not ln.startswith(("#", "-c "))]
    assert "mutmut==3.8.1" in pins
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][A-Za-z0-9.]*", p) for p in pins), pins
    base = {ln.split("==")[0].lower() for ln in (ROOT / "requirements.txt").read_text().splitlines() if "==" in ln}
    assert not base & {p.split("==")[0].lower() for p in pins}   # one pin per package


def test_mutant_names(tool):
    assert tool.function_of("kzlib.spread.x_first_seen__mutmut_12") == "first_seen"
    assert tool.function_of("kzlib.spread.x__as_str__mutmut_1") == "_as_str"
    assert tool.function_of("kzlib.schema.xǁColumnǁallowed_text__mutmut_3") == "Column.allowed_text"
    assert tool.module_of("kzlib.external.fields.xǁ_Fieldsǁtext__mutmut_3") == "kzlib.external.fields"
    m = tool.Module(name="plots", paths=("kzlib/plots/maps.py",), tests=("tests/test_maps.py",),
                    functions=("kzlib.plots.maps:soe_in_force", "kzlib.plots.maps:_Spread.*"))
    assert tool._mutmut_patterns(m) == ["kzlib.plots.maps.x_soe_in_force__mutmut_*",
                                        "kzlib.plots.maps.xǁ_Spreadǁ*__mutmut_*"]
    assert tool._selected(m, "kzlib.plots.maps.xǁ_Spreadǁcolour__mutmut_2")
    assert tool._selected(m, "kzlib.plots.maps.x_soe_in_force__mutmut_1")
    assert not tool._selected(m, "kzlib.plots.maps.x_soe_in_force_x__mutmut_1")
    assert not tool._selected(m, "kzlib.plots.maps.x__draw__mutmut_1")


def test_summary_counts_equivalents_apart_and_flags_wrong_listings(tool):
    m = tool.Module(name="q", paths=("kzlib/quantities.py",), tests=("tests/test_quantities.py",),
                    equivalent={"kzlib.quantities.x_f__mutmut_2": "same value",
                                "kzlib.quantities.x_f__mutmut_3": "wrongly listed",
                                "kzlib.quantities.x_f__mutmut_5": "listed, then renumbered",
                                "kzlib.quantities.x_f__mutmut_99": "gone"})
    verdicts = {"kzlib.quantities.x_f__mutmut_1": "killed", "kzlib.quantities.x_f__mutmut_2": "survived",
                "kzlib.quantities.x_f__mutmut_3": "killed", "kzlib.quantities.x_f__mutmut_4": "timeout",
                "kzlib.quantities.x_f__mutmut_5": "survived",
                "kzlib.quantities.x_f__mutmut_10": "no tests", "kzlib.quantities.x_g__mutmut_1": "survived",
                "kzlib.quantities.x_g__mutmut_2": "skipped"}
    changes = {"kzlib.quantities.x_f__mutmut_2": ["- return a or b", "+ return a | b"],
               "kzlib.quantities.x_f__mutmut_5": ["- x = 1", "+ x = 2"],
               "kzlib.quantities.x_f__mutmut_10": ["- y = z", "+ y = None"], "kzlib.quantities.x_g__mutmut_1": []}
    previous = {"equivalents": {
        "kzlib.quantities.x_f__mutmut_2": {"reason": "same value", "change": ["- return a or b", "+ return a | b"]},
        "kzlib.quantities.x_f__mutmut_5": {"reason": "old", "change": ["- x = 1", "+ x = 3"]}}}
    r = tool.summarise(m, verdicts, 12.3, changes, previous)
    assert (r["killed"], r["total"]) == (3, 5)
    assert r["equivalents"] == {
        "kzlib.quantities.x_f__mutmut_2": {"reason": "same value", "change": ["- return a or b", "+ return a | b"]},
        "kzlib.quantities.x_f__mutmut_5": {"reason": "listed, then renumbered", "change": ["- x = 1", "+ x = 2"]}}
    assert r["stale_equivalents"] == ["kzlib.quantities.x_f__mutmut_3"]
    assert r["unknown_equivalents"] == ["kzlib.quantities.x_f__mutmut_99"]
    assert r["changed_equivalents"] == ["kzlib.quantities.x_f__mutmut_5"]
    assert r["survivors"] == [{"name": "kzlib.quantities.x_f__mutmut_10", "status": "no tests",
                               "change": ["- y = z", "+ y = None"]},
                              {"name": "kzlib.quantities.x_g__mutmut_1", "status": "survived", "change": []}]
    cfg = tool.Config(modules={"q": m, "later": m}, also_copy=("data/",), links=(), max_children=1,
                      timeout_multiplier=15.0)
    md = tool.render(cfg, {"q": r})
    assert "| `q` | 3 | 5 | 60.0 % | 2 |" in md
    assert "| `later` | | | not run |" in md
    assert "| kzlib.quantities | f | 1 | `10` (no tests) |" in md
    assert "| `x_f__mutmut_2` | `` - return a or b ⏎ + return a \\| b `` | same value |" in md
    assert "| `x_f__mutmut_10` | `` - y = z ⏎ + y = None `` |" in md
