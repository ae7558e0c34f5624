"""Save a figure and the data behind it, byte-identically on every run.

``save_figure(fig, name, data)`` writes ``figures/<name>.png`` and ``figures/<name>.csv``.
The PNG carries no software version or date (``metadata={"Software": None}``), the CSV
has a fixed float format and line ending, and both are written atomically (to a
temporary file in the same folder, then renamed) so an interrupted run leaves the old
file, never half a file. Cells holding text that begins with ``=``, ``+``, ``-`` or
``@`` are prefixed with ``'`` so spreadsheets do not run them as formulas.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from . import paths

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_FORMULA = re.compile(r"^[=+\-@]")


def _atomic_write(target: Path, write) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def escape_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy where text cells starting with ``= + - @`` get a leading ``'``.

    Numbers (including negative numbers stored as numbers) are left alone.
    """
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object or isinstance(s.dtype, (pd.StringDtype, pd.CategoricalDtype)):
            s = s.astype("object")
            mask = s.map(lambda v: isinstance(v, str) and bool(_FORMULA.match(v)))
            out[col] = s.where(~mask, "'" + s.astype(str))
    return out


def write_csv(df: pd.DataFrame, target: str | Path) -> Path:
    """Write ``df`` as a deterministic, formula-safe UTF-8 CSV, atomically. Returns the path."""
    target = Path(target)
    safe = escape_formulas(df)
    _atomic_write(target, lambda tmp: safe.to_csv(tmp, index=False, lineterminator="\n",
                                                  float_format="%.6g", date_format="%Y-%m-%d"))
    return target


def save_with_data(name: str, data: pd.DataFrame, suffix: str, write: Callable[[str], None], *,
                   folder: str | Path | None = None, what: str = "figure") -> tuple[Path, Path]:
    """Write ``<folder>/<name><suffix>`` with ``write(tmp_path)`` and ``<folder>/<name>.csv``
    with ``data``, both atomically. Returns the two paths.

    The one place that checks the name, resolves the folder (default
    :func:`kzlib.paths.figures_dir`) and pairs every output with the data it shows; used by
    :func:`save_figure` and :func:`kzlib.plots.maps.save_animation`.
    """
    if not _NAME.match(name):
        raise ValueError(f"{what} name {name!r}: expected lowercase letters, digits, '-' or '_'")
    if data is None or len(data.columns) == 0:
        raise ValueError(f"{what} {name!r}: pass the DataFrame the {what} plots")
    out = Path(folder) if folder is not None else paths.figures_dir()
    target, csv = out / f"{name}{suffix}", out / f"{name}.csv"
    _atomic_write(target, write)
    write_csv(data, csv)
    return target, csv


def save_figure(fig: "Figure", name: str, data: pd.DataFrame, *, folder: str | Path | None = None,
                dpi: int = 150) -> tuple[Path, Path]:
    """Save ``fig`` as ``<folder>/<name>.png`` and ``data`` as ``<folder>/<name>.csv``.

    Accepts a matplotlib Figure, a file stem (lowercase letters, digits, ``-``, ``_``),
    the DataFrame of what the figure plots, and optionally a folder (default
    :func:`kzlib.paths.figures_dir`). Returns the two paths. Rerunning with the same
    inputs and library versions gives byte-identical files. The PNG is cropped to what is
    drawn (``bbox_inches="tight"``), so titles, legends and source lines outside the axes
    are kept and empty margins dropped.
    """
    return save_with_data(name, data, ".png", lambda tmp: fig.savefig(
        tmp, format="png", dpi=dpi, bbox_inches="tight", pad_inches=0.15, metadata={"Software": None}),
        folder=folder)
