"""Benchmark kzlib against plain pandas on the same synthetic files, in one run.

``make bench`` (or ``python benchmarks/run.py``) generates deterministic synthetic inputs at
10k, 100k and 1M rows and measures, for each size, each kzlib path against a plain-pandas
baseline on the same file:

====================  ===========================================  =======================================
kzlib path            baseline                                     target (1M rows, ratio = kzlib / base)
====================  ===========================================  =======================================
load_events           pandas.read_csv(engine="pyarrow")            ≤ 2.0
read_acled            pandas.read_csv(engine="pyarrow")            ≤ 2.0
first_seen            one groupby: first date per place            ≤ 1.5
daily_counts          one groupby: events per date                 ≤ 1.5
peak memory (load)    the raw DataFrame's deep size                ≤ 2.0
====================  ===========================================  =======================================

plus the growth exponent from 100k to 1M rows (≤ 1.1), ``import kzlib`` against
``import pandas`` (≤ 1.3) and ``make figures`` (< 60 s). Times are medians of several
repeats; peak memory is measured in a fresh process. The table is printed and written to
``benchmarks/results.md`` and the README's Performance section.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import pandas as pd  # noqa: E402

import synthetic  # noqa: E402

TARGETS = {"load_events": 2.0, "read_acled": 2.0, "first_seen": 1.5, "daily_counts": 1.5,
           "peak_memory": 2.0, "growth": 1.1, "import": 1.3, "figures_s": 60.0}


def median_time(fn: Callable[[], object], repeats: int) -> float:
    """Return the median wall time of ``fn`` over ``repeats`` calls (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _peak_rss_delta(code: str) -> int:
    """Run ``code`` in a fresh interpreter; return its peak RSS minus RSS after imports (bytes).

    ``code`` must print nothing; the wrapper records RSS before and after.
    """
    wrapper = (
        "import resource, sys, gc\n"
        "import pandas, pyarrow, pyarrow.csv, numpy\n"
        "sys.path.insert(0, %r)\n"
        "import kzlib, kzlib.validate, kzlib.load\n"
        "import pandera.pandas\n"
        "gc.collect()\n"
        "def rss():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM'):\n"
        "            return int(line.split()[1]) * 1024\n"
        "open('/proc/self/clear_refs', 'w').write('5')\n"
        "base = rss()\n"
        "%s\n"
        "print(rss() - base)\n" % (str(HERE), code)
    )
    out = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def _import_time(module: str, repeats: int = 7) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bench_size(n: int, folder: Path, repeats: int) -> dict[str, float]:
    """Time every path at ``n`` rows; return seconds for kzlib and baseline of each."""
    import kzlib

    events_csv = synthetic.write_events(folder / f"events_{n}", n)
    acled_csv = synthetic.write_acled(folder, n)
    res: dict[str, float] = {"rows": n}
    res["load_events"] = median_time(lambda: kzlib.load_events(events_csv), repeats)
    res["load_events_base"] = median_time(lambda: pd.read_csv(events_csv, engine="pyarrow"), repeats)
    res["read_acled"] = median_time(lambda: kzlib.read_acled(acled_csv), repeats)
    res["read_acled_base"] = median_time(lambda: pd.read_csv(acled_csv, engine="pyarrow"), repeats)
    events = kzlib.load_events(events_csv)
    places = kzlib.load_places(events_csv.parent / "places.csv")
    res["first_seen"] = median_time(lambda: kzlib.first_seen(events, places), repeats)
    res["first_seen_base"] = median_time(
        lambda: events.groupby("place_id", observed=True)["date"].min(), repeats)
    res["daily_counts"] = median_time(lambda: kzlib.daily_counts(events), repeats)
    res["daily_counts_base"] = median_time(lambda: events.groupby("date").size(), repeats)
    raw_size = int(pd.read_csv(events_csv, engine="pyarrow").memory_usage(deep=True).sum())
    res["raw_df_bytes"] = raw_size
    res["peak_load_bytes"] = _peak_rss_delta(f"kzlib.load_events({str(events_csv)!r})")
    return res


def run(sizes: list[int], repeats: int, *, figures: bool = True, folder: Path | None = None) -> dict:
    """Run the whole benchmark; return a dict with per-size results and global measures."""
    tmp = tempfile.TemporaryDirectory() if folder is None else None
    base = folder or Path(tmp.name)
    try:
        results = [bench_size(n, base, repeats if n < 1_000_000 else max(3, repeats // 2)) for n in sizes]
    finally:
        if tmp is not None:
            tmp.cleanup()
    out: dict = {"sizes": results, "machine": {
        "cores": os.cpu_count(), "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
                                                     / 2**30, 1),
        "python": platform.python_version(), "pandas": pd.__version__, "platform": platform.platform()}}
    big = {r["rows"]: r for r in results}
    if 100_000 in big and 1_000_000 in big:
        out["growth"] = {k: math.log(big[1_000_000][k] / big[100_000][k], 10)
                         for k in ("load_events", "read_acled", "first_seen", "daily_counts")}
    out["import_kzlib_s"] = _import_time("kzlib")
    out["import_pandas_s"] = _import_time("pandas")
    if figures:
        with tempfile.TemporaryDirectory() as d:
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kzlib.notebook_runner", "--figures-dir", d], check=True,
                           capture_output=True)
            out["figures_s"] = time.perf_counter() - t
    return out


def table(out: dict) -> str:
    """Render the results as a markdown table with ratios and targets."""
    lines = ["| rows | path | kzlib (s) | pandas baseline (s) | ratio | target |", "|---|---|---|---|---|---|"]
    for r in out["sizes"]:
        for k in ("load_events", "read_acled", "first_seen", "daily_counts"):
            ratio = r[k] / r[f"{k}_base"]
            ok = "✅" if ratio <= TARGETS[k] else "❌"
            lines.append(f"| {r['rows']:,} | `{k}` | {r[k]:.3f} | {r[f'{k}_base']:.3f} | {ratio:.2f} | "
                         f"≤ {TARGETS[k]} {ok if r['rows'] >= 1_000_000 else ''} |")
        mem = r["peak_load_bytes"] / r["raw_df_bytes"]
        lines.append(f"| {r['rows']:,} | peak memory of `load_events` vs raw DataFrame | "
                     f"{r['peak_load_bytes'] / 2**20:.0f} MiB | {r['raw_df_bytes'] / 2**20:.0f} MiB | {mem:.2f} | "
                     f"≤ 2.0 {('✅' if mem <= 2 else '❌') if r['rows'] >= 1_000_000 else ''} |")
    extra = []
    for k, v in out.get("growth", {}).items():
        extra.append(f"| 100k→1M | growth exponent of `{k}` | | | {v:.2f} | ≤ 1.1 {'✅' if v <= 1.1 else '❌'} |")
    ri = out["import_kzlib_s"] / out["import_pandas_s"]
    extra.append(f"| — | `import kzlib` vs `import pandas` (with interpreter start) | {out['import_kzlib_s']:.3f} | "
                 f"{out['import_pandas_s']:.3f} | {ri:.2f} | ≤ 1.3 {'✅' if ri <= 1.3 else '❌'} |")
    if "figures_s" in out:
        f = out["figures_s"]
        extra.append(f"| — | `make figures` (all notebooks) | {f:.1f} | | | < 60 s {'✅' if f < 60 else '❌'} |")
    m = out["machine"]
    head = (f"Machine: {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}, pandas {m['pandas']} "
            f"({m['platform']}). Times are medians; peak memory is the rise in peak RSS of a fresh process.")
    return head + "\n\n" + "\n".join(lines + extra)


def write_results(out: dict) -> None:
    """Write benchmarks/results.md and .json, and the README's Performance block."""
    md = table(out)
    (HERE / "results.md").write_text("# Benchmark results\n\nGenerated by `make bench`.\n\n" + md + "\n")
    (HERE / "results.json").write_text(json.dumps(out, indent=2, default=float) + "\n")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(r"(<!-- BEGIN bench -->\n).*?(<!-- END bench -->)", re.S)
    if pattern.search(text):
        readme.write_text(pattern.sub(lambda m: m.group(1) + md + "\n" + m.group(2), text), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run, print the table and (unless --no-write) write the results."""
    ap = argparse.ArgumentParser(description="kzlib vs plain pandas")
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-figures", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    out = run([int(s) for s in args.sizes.split(",")], args.repeats, figures=not args.no_figures)
    print(table(out))
    if not args.no_write:
        write_results(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
