"""Execute the narrative notebooks headless, without writing outputs into them.

``python -m kzlib.notebook_runner`` (what ``make figures`` runs) executes every
``notebooks/NN_*.ipynb`` in a fresh kernel from the notebooks folder (two at a time on a
machine with two cores or more); the notebooks
write their figures through :func:`kzlib.save_figure` into :func:`kzlib.paths.figures_dir`
(``KZLIB_FIGURES_DIR`` overrides it). The committed notebooks are never modified.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import paths


def notebook_paths(folder: str | Path | None = None) -> list[Path]:
    """Return the numbered notebooks (``NN_name.ipynb``) of ``folder`` in order."""
    folder = Path(folder) if folder is not None else paths.notebooks_dir()
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def run_notebook(path: str | Path, *, timeout: int = 600, figures_dir: str | Path | None = None) -> float:
    """Execute one notebook in a fresh ``python3`` kernel from its own folder.

    Accepts the notebook path, a per-cell timeout in seconds and optionally the folder
    figures go to. Returns the seconds it took. Raises ``nbclient`` 's
    ``CellExecutionError`` with the failing cell if the notebook fails. The notebook
    file itself is not modified.
    """
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    env_before = os.environ.get("KZLIB_FIGURES_DIR")
    if figures_dir is not None:
        os.environ["KZLIB_FIGURES_DIR"] = str(Path(figures_dir).resolve())
    os.environ.setdefault("MPLBACKEND", "Agg")
    start = time.perf_counter()
    try:
        import tempfile

        from jupyter_client.manager import KernelManager

        # talk to the kernel over local IPC sockets, not TCP: nothing listens on the network,
        # and the kernel has no reason to warn about unencrypted TCP
        with tempfile.TemporaryDirectory(prefix="kzlib-kernel-") as sock:
            km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sock) / "k"))
            try:
                NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3",
                               resources={"metadata": {"path": str(path.parent)}}).execute()
            finally:
                if km.has_kernel:
                    km.shutdown_kernel(now=False)
    finally:
        if figures_dir is not None:
            if env_before is None:
                os.environ.pop("KZLIB_FIGURES_DIR", None)
            else:
                os.environ["KZLIB_FIGURES_DIR"] = env_before
    return time.perf_counter() - start


def default_jobs() -> int:
    """How many notebooks run at once by default: one per core, at most 2 (each kernel is one
    process; more would only contend for the cores)."""
    return max(1, min(2, os.cpu_count() or 1))


def run_notebooks(notebooks: list[Path], *, figures_dir: str | Path | None = None, jobs: int | None = None,
                  report=None) -> dict[str, float | BaseException]:
    """Run ``notebooks``, ``jobs`` at a time (default :func:`default_jobs`).

    The notebooks do not read each other's outputs, so they may run side by side. Returns,
    per notebook name, the seconds it took or the exception it raised (a failing notebook
    does not stop the others). ``report(i, n, name, result)`` is called as each finishes.
    """
    jobs = default_jobs() if jobs is None else jobs
    out: dict[str, float | BaseException] = {}

    def done(name: str, result: float | BaseException) -> None:
        out[name] = result
        if report is not None:
            report(len(out), len(notebooks), name, result)

    if jobs <= 1 or len(notebooks) <= 1:
        for nb in notebooks:
            try:
                done(nb.name, run_notebook(nb, figures_dir=figures_dir))
            except Exception as e:  # noqa: BLE001 (returned to the caller, per notebook)
                done(nb.name, e)
        return out
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # fresh worker processes ("spawn"): forking a process that has threads (pytest, a kernel
    # client) can leave the child waiting on a lock no thread will release
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        running = {pool.submit(run_notebook, nb, figures_dir=figures_dir): nb for nb in notebooks}
        for fut in as_completed(running):
            err = fut.exception()
            done(running[fut].name, err if err is not None else fut.result())
    return out


def main(argv: list[str] | None = None) -> int:
    """Run every notebook (or those named), ``--jobs`` at a time, and report the time each took.

    Each line is printed when its notebook finishes. Returns 0, or 1 if a notebook failed
    (its error is printed).
    """
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", help="notebooks to run (default: all, in order)")
    ap.add_argument("--figures-dir", help="write figures here instead of figures/")
    ap.add_argument("--jobs", type=int, default=default_jobs(), help="notebooks run at once (default: %(default)s)")
    args = ap.parse_args(argv)
    todo = [Path(n) for n in args.notebooks] or notebook_paths()
    if not todo:
        print("no notebooks found", file=sys.stderr)
        return 1
    start = time.perf_counter()

    def report(i: int, n: int, name: str, result: float | BaseException) -> None:
        if isinstance(result, BaseException):
            print(f"[{i}/{n}] FAILED {name}: {type(result).__name__}: {result}", flush=True)
        else:
            print(f"[{i}/{n}] ran {name} in {result:.1f} s", flush=True)

    results = run_notebooks(todo, figures_dir=args.figures_dir, jobs=args.jobs, report=report)
    print(f"{len(todo)} notebooks in {time.perf_counter() - start:.1f} s ({args.jobs} at a time); "
          f"figures in {args.figures_dir or paths.figures_dir()}")
    return 1 if any(isinstance(r, BaseException) for r in results.values()) else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
