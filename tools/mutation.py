#!/usr/bin/env python3
"""Mutation testing of kzlib's analysis modules with mutmut, module by module (``make mutation``).

The modules, the test files that cover each of them and the mutants that cannot change
behaviour (equivalent mutants) are listed in ``benchmarks/mutation.toml``. For each module
this driver

1. prepares a work folder ``mutants/<module>/`` (git-ignored) holding links to ``kzlib/``,
   ``tests/`` and ``data/`` and a generated ``pyproject.toml`` whose ``[tool.mutmut]`` section
   mutates only that module's files and selects only its test files
   (``pytest_add_cli_args_test_selection``); ``data/`` is copied next to the mutated code with
   mutmut's ``also_copy``, so ``kzlib.paths`` finds the tables there;
2. runs ``mutmut run --max-children N`` in it (mutmut 3 copies the code to
   ``mutants/<module>/mutants/`` and runs pytest there; the tests' conftest refuses every
   network connection, so the run is offline);
3. reads the verdicts from mutmut's ``mutants/<module>/mutants/<file>.meta`` files (the same
   data ``mutmut results`` prints) and checks the totals against
   ``mutmut export-cicd-stats``;
4. stores the module's result in ``benchmarks/mutation.json`` (the other modules' results
   stay as they were) and rewrites ``benchmarks/mutation.md`` from all stored results.

Counting: timeouts count as killed (the tests noticed), as in ``mutmut badge``. A mutant
listed as equivalent is left out of the total and reported on its own; if a listed
mutant is killed anyway, the listing is wrong: it counts as killed and is flagged.
Everything else that was not killed (survived, no tests, suspicious, segfault, not
checked) is a survivor and is listed by function.

Usage::

    python tools/mutation.py                    # every module of the config (long)
    python tools/mutation.py --module spread    # one module; merged into the report
    python tools/mutation.py --module spread --survivors-only   # re-test last run's survivors
    python tools/mutation.py --module spread --changed   # test the mutants of functions changed since
    python tools/mutation.py --module spread --no-run   # summarise the last run again (equivalents edited)
    python tools/mutation.py --report-only      # rewrite mutation.md from mutation.json

A fresh run deletes the module's work folder first, because mutmut keeps a verdict until the
function's source changes and would not re-test a survivor after the tests changed.
``--survivors-only`` keeps the folder and re-tests only the mutants that were not killed.
``--changed`` keeps the folder and lets mutmut test only the mutants without a verdict: mutmut
drops the verdicts of every function whose source changed since the last run, so after an edit
this tests the edited functions' mutants (the others keep theirs; follow with
``--survivors-only`` to re-test the old survivors against new tests). Both drop mutmut's record
of which tests call which function, so that it is collected again for the current code.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "benchmarks" / "mutation.toml"
RESULTS = ROOT / "benchmarks" / "mutation.json"
REPORT = ROOT / "benchmarks" / "mutation.md"
WORK = ROOT / "mutants"
MUTMUT_VERSION = "3.8.1"

#: mutmut 3.8.1's exit-code -> status table (mutmut/stats.py, ``status_by_exit_code``); any
#: other code is "suspicious" there too. Used when mutmut itself cannot be imported.
_STATUS_BY_EXIT_CODE: dict[int | None, str] = {
    1: "killed", 3: "killed", 0: "survived", 5: "no tests", 2: "check was interrupted by user",
    None: "not checked", 33: "no tests", 34: "skipped", 35: "suspicious", 36: "timeout",
    37: "caught by type check", -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout",
    -11: "segfault", -9: "segfault",
}
#: Statuses that count as killed: the tests failed, timed out, or the type checker caught it.
KILLED = frozenset({"killed", "timeout", "caught by type check"})
#: Statuses left out of the total, as mutmut does (``# pragma: no mutate``).
SKIPPED = frozenset({"skipped"})


# --------------------------------------------------------------------------- configuration
@dataclass(frozen=True)
class Module:
    """One entry of ``[modules.<name>]`` in the config."""

    name: str
    paths: tuple[str, ...]                     # files (globs) to mutate, relative to the root
    tests: tuple[str, ...]                     # test files whose tests may kill the mutants
    functions: tuple[str, ...] = ()            # if set: only these ("module:function", "module:Class.method")
    equivalent: dict[str, str] = field(default_factory=dict)   # mutant name -> why it changes nothing
    min_score: float | None = None             # percent; the run fails below it
    note: str = ""

    def files(self) -> list[Path]:
        """The module's source files, relative to the project root, sorted."""
        out: set[Path] = set()
        for pattern in self.paths:
            hits = sorted(ROOT.glob(pattern))
            if not hits:
                raise SystemExit(f"mutation.toml: [modules.{self.name}] path {pattern!r} matches no file")
            out.update(p.relative_to(ROOT) for p in hits if p.suffix == ".py")
        return sorted(out)


@dataclass(frozen=True)
class Config:
    """The whole ``benchmarks/mutation.toml``."""

    modules: dict[str, Module]
    also_copy: tuple[str, ...]
    links: tuple[str, ...]
    max_children: int
    timeout_multiplier: float


def load_config(path: Path = CONFIG) -> Config:
    """Read and check the config file."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    run = raw.get("run", {})
    modules: dict[str, Module] = {}
    for name, m in raw.get("modules", {}).items():
        unknown = set(m) - {"paths", "tests", "functions", "equivalent", "min_score", "note"}
        if unknown:
            raise SystemExit(f"mutation.toml: [modules.{name}] has unknown keys {sorted(unknown)}")
        if not m.get("paths") or not m.get("tests"):
            raise SystemExit(f"mutation.toml: [modules.{name}] needs paths and tests")
        for t in m["tests"]:
            if not (ROOT / t).is_file():
                raise SystemExit(f"mutation.toml: [modules.{name}] test file {t!r} does not exist")
        modules[name] = Module(name=name, paths=tuple(m["paths"]), tests=tuple(m["tests"]),
                               functions=tuple(m.get("functions", ())),
                               equivalent={k: str(v) for k, v in m.get("equivalent", {}).items()},
                               min_score=m.get("min_score"), note=m.get("note", ""))
    return Config(modules=modules, also_copy=tuple(run.get("also_copy", ("data/",))),
                  links=tuple(run.get("links", ("kzlib", "tests", "data"))),
                  max_children=int(run.get("max_children", 1)),
                  timeout_multiplier=float(run.get("timeout_multiplier", 15.0)))


# --------------------------------------------------------------------------- names
def function_of(mutant: str) -> str:
    """``kzlib.spread.x_first_seen__mutmut_3`` -> ``first_seen``;
    ``kzlib.schema.xǁColumnǁallowed_text__mutmut_1`` -> ``Column.allowed_text``."""
    mangled = mutant.partition("__mutmut_")[0].rpartition(".")[2]
    if mangled.startswith("xǁ"):
        cls, _, meth = mangled[2:].partition("ǁ")
        return f"{cls}.{meth}"
    return mangled[2:] if mangled.startswith("x_") else mangled


def module_of(mutant: str) -> str:
    """``kzlib.spread.x_first_seen__mutmut_3`` -> ``kzlib.spread``."""
    return mutant.partition("__mutmut_")[0].rpartition(".")[0]


def _number(mutant: str) -> int:
    tail = mutant.rpartition("__mutmut_")[2]
    return int(tail) if tail.isdigit() else 0


def _selected(module: Module, mutant: str) -> bool:
    if not module.functions:
        return True
    qualified = f"{module_of(mutant)}:{function_of(mutant)}"
    return any(fnmatch.fnmatchcase(qualified, p) for p in module.functions)


def _mutmut_patterns(module: Module) -> list[str]:
    """Mutant-name patterns for ``mutmut run`` that select the module's ``functions``
    (``kzlib.plots.maps:soe_in_force`` -> ``kzlib.plots.maps.x_soe_in_force__mutmut_*``,
    ``kzlib.plots.maps:_Spread.colour`` -> ``kzlib.plots.maps.xǁ_Spreadǁcolour__mutmut_*``)."""
    out = []
    for p in module.functions:
        mod, sep, func = p.partition(":")
        if not sep or not mod or not func:
            raise SystemExit(f"mutation.toml: [modules.{module.name}] function {p!r}: write module:function "
                             "or module:Class.method")
        cls, dot, meth = func.rpartition(".")
        out.append(f"{mod}.xǁ{cls}ǁ{meth}__mutmut_*" if dot else f"{mod}.x_{func}__mutmut_*")
    return out


# --------------------------------------------------------------------------- work folder
def _toml(value: Any) -> str:
    """A TOML literal for str, bool, int, float or a list of them (enough for the generated file)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def work_dir(module: Module) -> Path:
    """``mutants/<module>/``: the folder mutmut runs in for ``module``."""
    return WORK / module.name


def prepare(module: Module, cfg: Config, *, fresh: bool) -> Path:
    """Create the module's work folder: links to the project and a pyproject.toml for mutmut."""
    wd = work_dir(module)
    if fresh and wd.exists():
        shutil.rmtree(wd)
    wd.mkdir(parents=True, exist_ok=True)
    for name in cfg.links:
        link = wd / name
        if not link.is_symlink():
            link.symlink_to(Path("..") / ".." / name)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_ini = project.get("tool", {}).get("pytest", {}).get("ini_options", {})
    lines = [
        f"# Generated by tools/mutation.py for the module {module.name!r}; do not edit.",
        "[tool.mutmut]",
        f"source_paths = {_toml(['kzlib'])}",
        f"only_mutate = {_toml([str(p) for p in module.files()])}",
        f"pytest_add_cli_args_test_selection = {_toml(list(module.tests))}",
        f"also_copy = {_toml(list(cfg.also_copy))}",
        f"timeout_multiplier = {_toml(cfg.timeout_multiplier)}",
        # the work folder sits inside the project's git work tree: git would report the
        # project's files, not the work folder's, so mutmut's git change detection stays off
        "use_git_change_detection = false",
        "",
        "[tool.pytest.ini_options]",
        *(f"{k} = {_toml(v)}" for k, v in pytest_ini.items()),
        "",
    ]
    (wd / "pyproject.toml").write_text("\n".join(lines), encoding="utf-8")
    return wd


def _mutmut_exe() -> str:
    exe = Path(sys.executable).with_name("mutmut")
    if not exe.exists():
        raise SystemExit(f"mutmut is not installed next to {sys.executable}: "
                         "pip install -r requirements-mutation.txt (make mutation does it)")
    from importlib.metadata import version

    found = version("mutmut")
    if found != MUTMUT_VERSION:
        raise SystemExit(f"expected mutmut {MUTMUT_VERSION}, found {found}: pip install -r requirements-mutation.txt")
    return str(exe)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0",
                # offline: the tests' conftest blocks sockets; nothing may try a proxy either
                "NO_PROXY": "*", "no_proxy": "*", "PIP_NO_INDEX": "1"})
    for k in ("KZLIB_DATA_DIR", "KZLIB_FIGURES_DIR", "KZLIB_EXPORTS_DIR", "HTTP_PROXY", "HTTPS_PROXY",
              "http_proxy", "https_proxy"):
        env.pop(k, None)
    return env


def read_verdicts(module: Module) -> dict[str, str]:
    """Mutant name -> status, from mutmut's ``.meta`` files of the module's work folder."""
    try:
        from mutmut.stats import status_by_exit_code as table  # the source of truth when installed
    except ImportError:  # pragma: no cover - mutmut missing: the copy above
        table = _STATUS_BY_EXIT_CODE
    out: dict[str, str] = {}
    for path in module.files():
        meta = work_dir(module) / "mutants" / (str(path) + ".meta")
        if not meta.exists():
            continue
        data = json.loads(meta.read_text(encoding="utf-8"))
        for name, code in data["exit_code_by_key"].items():
            out[name] = table.get(code, "suspicious")
    return out


def _cicd_check(module: Module, exe: str, verdicts: dict[str, str]) -> None:
    """Compare our counts over all mutants with ``mutmut export-cicd-stats``."""
    subprocess.run([exe, "export-cicd-stats"], cwd=work_dir(module), env=_env(), capture_output=True,
                   check=True)
    stats = json.loads((work_dir(module) / "mutants" / "mutmut-cicd-stats.json").read_text())
    ours = Counter(verdicts.values())
    if stats["total"] != len(verdicts) or stats["killed"] != ours["killed"] or \
            stats["survived"] != ours["survived"]:
        raise SystemExit(f"{module.name}: the .meta files ({dict(ours)}, {len(verdicts)} in all) disagree "
                         f"with mutmut export-cicd-stats ({stats})")


#: Run in a module's work folder: prints {mutant: its changed lines, "- old" then "+ new"} for the
#: names read from stdin ([[source path, mutant name], ...]), from mutmut's own diff (what
#: ``mutmut show`` prints).
_CHANGES_SCRIPT = """
import json, sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
out = {}
for path, name in json.load(sys.stdin):
    diff = get_diff_for_mutant(name, path=path).splitlines()[2:]   # without the ---/+++ header
    out[name] = [ln[0] + " " + ln[1:].strip() for ln in diff if ln[:1] in "+-"]
json.dump(out, sys.stdout)
"""


def read_changes(module: Module, names: Iterable[str]) -> dict[str, list[str]]:
    """The changed lines (``- old``, ``+ new``) of each named mutant of the module's last run."""
    by_module = {".".join(p.with_suffix("").parts).removesuffix(".__init__"): p for p in module.files()}
    todo = [[str(by_module[module_of(n)]), n] for n in names if module_of(n) in by_module]
    if not todo:
        return {}
    proc = subprocess.run([sys.executable, "-c", _CHANGES_SCRIPT], cwd=work_dir(module), env=_env(),
                          input=json.dumps(todo), capture_output=True, text=True, check=True)
    changes: dict[str, list[str]] = json.loads(proc.stdout)
    return changes


# --------------------------------------------------------------------------- results
def summarise(module: Module, verdicts: dict[str, str], seconds: float | None,
              changes: dict[str, list[str]] | None = None,
              previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The stored result of one module: counts, equivalents and survivors.

    ``changes`` holds the mutated lines of mutants (see :func:`read_changes`); ``previous`` the
    module's stored result, whose recorded changes of listed equivalents must match this run's
    (mutmut numbers mutants per function: an edited function renumbers them).
    """
    changes = changes or {}
    before = {n: e.get("change") for n, e in ((previous or {}).get("equivalents") or {}).items()
              if isinstance(e, dict)}
    selected = {k: v for k, v in verdicts.items() if _selected(module, k)}
    equivalents: dict[str, dict[str, Any]] = {}
    moved = []
    stale = []
    killed = 0
    total = 0
    survivors: list[dict[str, Any]] = []
    statuses: Counter[str] = Counter()
    for name in sorted(selected, key=lambda n: (n.partition("__mutmut_")[0], _number(n))):
        status = selected[name]
        statuses[status] += 1
        if status in SKIPPED:
            continue
        if name in module.equivalent:
            if status in KILLED:
                stale.append(name)
            else:
                equivalents[name] = {"reason": module.equivalent[name], "change": changes.get(name)}
                if before.get(name) and changes.get(name) is not None and before[name] != changes[name]:
                    moved.append(name)
                continue
        total += 1
        if status in KILLED:
            killed += 1
        else:
            survivors.append({"name": name, "status": status, "change": changes.get(name)})
    missing = sorted(set(module.equivalent) - set(selected))
    return {
        "paths": [str(p) for p in module.files()], "tests": list(module.tests),
        "functions": list(module.functions),
        "killed": killed, "total": total, "equivalents": equivalents,
        "statuses": dict(sorted(statuses.items())), "survivors": survivors,
        "stale_equivalents": stale, "unknown_equivalents": missing, "changed_equivalents": moved,
        "seconds": None if seconds is None else round(seconds, 1),
        "date": _dt.date.today().isoformat(), "mutmut": MUTMUT_VERSION, "commit": _git_head(),
    }


def _git_head() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "kzlib", "tests"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
        return out + ("+changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def load_results() -> dict[str, Any]:
    """The stored results (``benchmarks/mutation.json``), ``{}`` if there are none yet."""
    results: dict[str, Any] = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    return results


def save_results(results: dict[str, Any]) -> None:
    """Write ``benchmarks/mutation.json`` (modules in config order, then any others)."""
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False, sort_keys=False) + "\n",
                       encoding="utf-8")


def merge_result(cfg: Config, name: str, result: dict[str, Any]) -> dict[str, Any]:
    """Store one module's result with the others' and rewrite the report; returns all results.

    The stored file is read again under a lock, so runs of different modules may overlap.
    """
    import fcntl

    with open(RESULTS.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        results = load_results()
        results[name] = result
        results = {k: results[k] for k in [*cfg.modules, *results] if k in results}
        save_results(results)
        REPORT.write_text(render(cfg, results), encoding="utf-8")
    return results


def _score(r: dict[str, Any]) -> float:
    return 100.0 * r["killed"] / r["total"] if r["total"] else 100.0


def module_prefix(mutant: str) -> str:
    """``kzlib.spread.x_f__mutmut_1`` -> ``kzlib.spread.`` (to shorten names in tables)."""
    return module_of(mutant) + "."


def _code(lines: list[str] | None) -> str:
    """A mutant's changed lines (``- old``, ``+ new``) as inline code for a Markdown table cell."""
    if not lines:
        return ""
    text = " ⏎ ".join(lines)
    text = text if len(text) <= 240 else text[:239] + "…"
    return "`` " + text.replace("|", "\\|").replace("`", "'") + " ``"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    m, s = divmod(int(round(seconds)), 60)
    return f"{m} min {s:02d} s" if m else f"{s} s"


def render(cfg: Config, results: dict[str, Any]) -> str:
    """The Markdown report: one table row per module, then equivalents and survivors by function."""
    out = [
        "# Mutation testing",
        "",
        f"mutmut {MUTMUT_VERSION}, one module at a time with the test files that cover it "
        "(`make mutation`, or `python tools/mutation.py --module NAME`; config: "
        "`benchmarks/mutation.toml`). Generated by `tools/mutation.py` from `benchmarks/mutation.json`: "
        "do not edit by hand.",
        "",
        "killed = killed by a failing test or a timeout; total = all mutants less the listed "
        "equivalents (mutants that cannot change behaviour, listed with the reason in "
        "mutation.toml); score = killed / total. A module without numbers has not been run yet. "
        "A run time of – means the verdicts come from a full run that was interrupted or "
        "followed by edits, then completed on the current source: with `--changed` (the mutants "
        "of every function edited since, which mutmut leaves without a verdict) and "
        "`--survivors-only` (every mutant not killed, run again with the current tests).",
        "",
        "| module | killed | total | score | equivalents | target | run time | tests | run on |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    names = list(cfg.modules) + [n for n in results if n not in cfg.modules]
    for name in names:
        m = cfg.modules.get(name)
        r = results.get(name)
        target = f"≥ {m.min_score:g} %" if m and m.min_score is not None else ""
        label = f"`{name}`" + (f" ({m.note})" if m and m.note else "")
        if r is None:
            tests = ", ".join(f"`{Path(t).name}`" for t in m.tests) if m else ""
            out.append(f"| {label} | | | not run | | {target} | | {tests} | |")
            continue
        tests = ", ".join(f"`{Path(t).name}`" for t in r["tests"])
        out.append(f"| {label} | {r['killed']} | {r['total']} | {_score(r):.1f} % | {len(r['equivalents'])} "
                   f"| {target} | {_duration(r['seconds'])} | {tests} | {r['date']} ({r['commit']}) |")
    for name in names:
        r = results.get(name)
        if not r:
            continue
        out += ["", f"## {name}", "", "mutmut's verdicts (listed equivalents among the survived): "
                + ", ".join(f"{k} {v}" for k, v in r["statuses"].items()) + "."]
        if r.get("stale_equivalents"):
            out += ["", "Listed as equivalent but killed (fix mutation.toml): "
                    + ", ".join(f"`{n}`" for n in r["stale_equivalents"])]
        if r.get("unknown_equivalents"):
            out += ["", "Listed as equivalent but no such mutant (fix mutation.toml): "
                    + ", ".join(f"`{n}`" for n in r["unknown_equivalents"])]
        if r.get("changed_equivalents"):
            out += ["", "Listed as equivalent but the mutant changed since the last run (re-check, fix mutation.toml): "
                    + ", ".join(f"`{n}`" for n in r["changed_equivalents"])]
        if r["equivalents"]:
            out += ["", f"Equivalent mutants (not counted): {len(r['equivalents'])}.", "",
                    "| mutant | the change | why it cannot change behaviour |", "| --- | --- | --- |"]
            for n, e in r["equivalents"].items():
                e = e if isinstance(e, dict) else {"reason": e, "change": None}
                out.append(f"| `{n.removeprefix(module_prefix(n))}` | {_code(e.get('change'))} | {e['reason']} |")
        if r["survivors"]:
            groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
            for s in r["survivors"]:
                groups[(module_of(s["name"]), function_of(s["name"]))].append(s)
            out += ["", "Surviving mutants by function:", "", "| module | function | count | mutants |",
                    "| --- | --- | ---: | --- |"]
            for (mod, func), items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
                names_ = ", ".join(f"`{s['name'].rpartition('__mutmut_')[2]}`"
                                   + ("" if s["status"] == "survived" else f" ({s['status']})") for s in items)
                out.append(f"| {mod} | {func} | {len(items)} | {names_} |")
            out += ["", "Mutant numbers are the `__mutmut_N` suffix: `mutmut show "
                    f"{r['survivors'][0]['name']}` in `mutants/{name}/` shows the change.", "",
                    "<details><summary>The surviving changes</summary>", "",
                    "| mutant | the change |", "| --- | --- |"]
            out += [f"| `{s['name'].removeprefix(module_prefix(s['name']))}` | {_code(s.get('change'))} |"
                    for s in r["survivors"]]
            out += ["", "</details>"]
        else:
            out += ["", "No surviving mutants."]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- run
def collect_module(module: Module, exe: str, seconds: float | None) -> dict[str, Any]:
    """Summarise the verdicts in the module's work folder (after a run, or again after the
    equivalents in the config were edited)."""
    verdicts = read_verdicts(module)
    if not verdicts:
        raise SystemExit(f"{module.name}: no mutmut results in {work_dir(module)}; run it first")
    _cicd_check(module, exe, verdicts)
    pending = [k for k, v in verdicts.items() if v == "not checked" and _selected(module, k)]
    if pending:
        print(f"{module.name}: warning: {len(pending)} mutants not checked (interrupted?)", file=sys.stderr)
    shown = [k for k, v in verdicts.items() if _selected(module, k) and (k in module.equivalent or v not in KILLED)]
    previous = load_results().get(module.name, {})
    result = summarise(module, verdicts, seconds, read_changes(module, shown), previous)
    if seconds is None:  # no full run now: keep the time of the full run these verdicts come from
        result["seconds"] = previous.get("seconds")
    return result


def run_module(module: Module, cfg: Config, *, max_children: int, survivors_only: bool,
               changed: bool = False) -> dict[str, Any]:
    """Run mutmut on one module and return its summarised result."""
    exe = _mutmut_exe()
    names: list[str] = []
    if changed:
        if not (work_dir(module) / "mutants").exists():
            raise SystemExit(f"{module.name}: no previous run in {work_dir(module)}; run without --changed")
    elif survivors_only:
        if not (work_dir(module) / "mutants").exists():
            raise SystemExit(f"{module.name}: no previous run in {work_dir(module)}; run without --survivors-only")
        names = sorted(k for k, v in read_verdicts(module).items()
                       if v not in KILLED | SKIPPED and _selected(module, k))
        if not names:
            print(f"{module.name}: no survivors to re-test")
            return collect_module(module, exe, None)
    else:
        names = _mutmut_patterns(module)
    wd = prepare(module, cfg, fresh=not (survivors_only or changed))
    if survivors_only or changed:
        # mutmut updates which tests call which function only for new tests: after an edit (a
        # function renamed or split) old tests would be missing from a mutant's selection and
        # it would survive wrongly. Without the file mutmut collects them all again first.
        (wd / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
    log = wd / "mutmut.log"
    cmd = [exe, "run", "--max-children", str(max_children), *names]
    print(f"{module.name}: mutmut run in {wd.relative_to(ROOT)} (log: {log.relative_to(ROOT)})", flush=True)
    start = time.monotonic()
    with open(log, "w", encoding="utf-8") as f:
        proc = subprocess.run(cmd, cwd=wd, env=_env(), stdout=f, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"{module.name}: mutmut run failed (exit {proc.returncode}); end of {log}:\n{tail}")
    if not read_verdicts(module):
        raise SystemExit(f"{module.name}: mutmut produced no mutants; see {log}")
    # a re-test of survivors or of changed functions keeps the time of the full run it completes
    return collect_module(module, exe, None if survivors_only or changed else seconds)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--module", action="append", metavar="NAME",
                    help="run only this module of benchmarks/mutation.toml (repeatable)")
    ap.add_argument("--max-children", type=int, default=None,
                    help="parallel mutmut workers (default from the config: 1)")
    ap.add_argument("--survivors-only", action="store_true",
                    help="keep the previous run and re-test only the mutants it did not kill")
    ap.add_argument("--changed", action="store_true",
                    help="keep the previous run and test only the mutants without a verdict (those of "
                         "functions changed since)")
    ap.add_argument("--no-run", action="store_true",
                    help="summarise the module's last run again (mutants/<module>/) without running mutmut, "
                         "e.g. after editing its equivalents")
    ap.add_argument("--report-only", action="store_true", help="only rewrite mutation.md from mutation.json")
    ap.add_argument("--list", action="store_true", help="list the modules and their test files")
    args = ap.parse_args(argv)
    cfg = load_config()
    chosen: Iterable[str] = args.module or list(cfg.modules)
    unknown = [n for n in chosen if n not in cfg.modules]
    if unknown:
        ap.error(f"unknown module(s) {unknown}; known: {', '.join(cfg.modules)}")
    if args.list:
        for name in chosen:
            m = cfg.modules[name]
            print(f"{name}: {', '.join(str(p) for p in m.files())} <- {', '.join(m.tests)}")
        return 0
    results = load_results()
    failed = []
    if not args.report_only:
        for name in chosen:
            module = cfg.modules[name]
            if args.no_run:
                r = collect_module(module, _mutmut_exe(), None)
                previous = load_results().get(name, {})   # the verdicts are still those of that run
                r.update({k: previous[k] for k in ("date", "commit") if k in previous})
            else:
                r = run_module(module, cfg, max_children=args.max_children or cfg.max_children,
                               survivors_only=args.survivors_only, changed=args.changed)
            results = merge_result(cfg, name, r)
            print(f"{name}: {r['killed']}/{r['total']} killed ({_score(r):.1f} %), "
                  f"{len(r['equivalents'])} equivalent, {len(r['survivors'])} surviving, "
                  f"{_duration(r['seconds'])}", flush=True)
            if module.min_score is not None and _score(r) < module.min_score:
                failed.append(f"{name} {_score(r):.1f} % < {module.min_score:g} %")
            if r["stale_equivalents"] or r["unknown_equivalents"] or r["changed_equivalents"]:
                failed.append(f"{name}: equivalents in mutation.toml need fixing (see mutation.md)")
    REPORT.write_text(render(cfg, results), encoding="utf-8")
    print(f"wrote {REPORT.relative_to(ROOT)}")
    if failed:
        print("below target: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
