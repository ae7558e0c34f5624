"""Where kzlib finds its data and writes its figures, from any working directory.

The project root is the folder holding ``kzlib/``, ``data/`` and ``figures/``. Two
environment variables override the defaults: ``KZLIB_DATA_DIR`` (a folder holding the
CSV tables and ``geo/``) and ``KZLIB_FIGURES_DIR`` (where :func:`kzlib.save_figure` writes).
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR: Path = Path(__file__).resolve().parent
PROJECT_ROOT: Path = PACKAGE_DIR.parent


def data_dir() -> Path:
    """Return the folder of the curated tables (``$KZLIB_DATA_DIR`` or ``<root>/data``)."""
    env = os.environ.get("KZLIB_DATA_DIR")
    return Path(env).expanduser().resolve() if env else PROJECT_ROOT / "data"


def geo_dir() -> Path:
    """Return the folder of the offline boundaries (``<data_dir>/geo``)."""
    return data_dir() / "geo"


def figures_dir() -> Path:
    """Return the folder figures are written to (``$KZLIB_FIGURES_DIR`` or ``<root>/figures``)."""
    env = os.environ.get("KZLIB_FIGURES_DIR")
    return Path(env).expanduser().resolve() if env else PROJECT_ROOT / "figures"


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
