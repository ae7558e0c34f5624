"""Where kzlib finds its data and writes its figures, from any working directory.

The project root is the folder holding ``kzlib/``, ``data/`` and ``figures/``. An installed
package (``pip install kzlib-*.whl``) carries the data inside it, as ``kzlib/data/`` (tables,
codebook, ``geo/``, ``samples/``); it is used when there is no ``data/`` beside the package, and
figures then go to ``./figures`` of the working directory. Two environment variables override
the defaults: ``KZLIB_DATA_DIR`` (a folder holding the
CSV tables and ``geo/``) and ``KZLIB_FIGURES_DIR`` (where :func:`kzlib.save_figure` writes).
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR: Path = Path(__file__).resolve().parent
PROJECT_ROOT: Path = PACKAGE_DIR.parent
#: True when kzlib runs from a clone (a ``data/`` folder beside the package), False when installed.
IN_CLONE: bool = (PROJECT_ROOT / "data" / "events.csv").is_file() or not (PACKAGE_DIR / "data").is_dir()


def data_dir() -> Path:
    """Return the folder of the curated tables (``$KZLIB_DATA_DIR``, else ``<root>/data`` in a
    clone, else the installed package's ``kzlib/data``)."""
    env = os.environ.get("KZLIB_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    return PROJECT_ROOT / "data" if IN_CLONE else PACKAGE_DIR / "data"


def samples_dir() -> Path:
    """Return the folder of the synthetic sample exports (``<data_dir>/samples``)."""
    return data_dir() / "samples"


def geo_dir() -> Path:
    """Return the folder of the offline boundaries (``<data_dir>/geo``)."""
    return data_dir() / "geo"


def figures_dir() -> Path:
    """Return the folder figures are written to (``$KZLIB_FIGURES_DIR``, else ``<root>/figures``
    in a clone, else ``figures`` in the working directory)."""
    env = os.environ.get("KZLIB_FIGURES_DIR")
    if env:
        return Path(env).expanduser().resolve()
    return PROJECT_ROOT / "figures" if IN_CLONE else Path.cwd() / "figures"


def exports_dir() -> Path:
    """Folder for GIS exports: ``$KZLIB_EXPORTS_DIR`` if set, else ``exports/`` of the project."""
    env = os.environ.get("KZLIB_EXPORTS_DIR")
    return Path(env).expanduser().resolve() if env else PROJECT_ROOT / "exports"


def notebooks_dir() -> Path:
    """Return the folder of the narrative notebooks (``<root>/notebooks``)."""
    return PROJECT_ROOT / "notebooks"


def table_path(name: str) -> Path:
    """Return the path of a curated table by name, e.g. ``table_path("events")``."""
    return data_dir() / f"{name}.csv"
