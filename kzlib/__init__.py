"""kzlib: sourced data and analysis kit for the January 2022 unrest in Kazakhstan.

Public names are imported lazily (PEP 562), so ``import kzlib`` loads neither pandas
validation machinery nor geopandas or matplotlib until a function needs them.

Load the tables::

    import kzlib
    events = kzlib.load_events()
    kzlib.parse_figure("more than 1,000")   # Figure(low=1001, high=None, approximate=False)
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import KzDataError, Problem

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY: dict[str, str] = {
    "parse_figure": "quantities", "Figure": "quantities",
    "load_sources": "load", "load_regions": "load", "load_places": "load", "load_events": "load",
    "load_measures": "load", "load_casualty_reports": "load", "load_all": "load",
    "read_table": "validate",
    "save_figure": "figures",
    "load_boundaries": "geo",
    "first_seen": "spread", "distance_km": "spread", "spread_pace": "spread",
    "counted_events": "spread", "alternative_accounts": "spread",
    "copy_share": "provenance", "rests_on_copies": "provenance",
    "timed_items": "hours", "hourly_counts": "hours",
    "knox": "diffusion", "diffusion_modes": "diffusion", "succession_links": "diffusion",
    "daily_counts": "timeline", "places_by_day": "timeline", "measures_by_day": "timeline",
    "casualty_series": "timeline", "CasualtySeries": "timeline", "measures_in_force": "timeline",
    "milestones": "timeline", "escalation_table": "timeline", "toll_history_table": "timeline",
    "read_acled": "external", "read_ucdp_ged": "external", "new_places": "external",
    "places_for": "external",
}

__all__ = ["KzDataError", "Problem", "__version__", *_LAZY]

if TYPE_CHECKING:  # pragma: no cover
    from .figures import save_figure
    from .load import (load_all, load_casualty_reports, load_events, load_measures, load_places,
                       load_regions, load_sources)
    from .quantities import Figure, parse_figure
    from .validate import read_table


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kzlib' has no attribute {name!r}")
    try:
        value = getattr(importlib.import_module(f".{module}", __name__), name)
    except (ModuleNotFoundError, AttributeError) as e:
        raise AttributeError(f"kzlib.{name} is not available yet ({e})") from e
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
