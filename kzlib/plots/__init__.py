"""Plot functions: each takes ``ax=`` (or makes one), draws, and returns the Axes.

They never save or show; use :func:`kzlib.save_figure` for that. matplotlib is
imported only when a plot function is first used.
"""
from __future__ import annotations

import importlib
from typing import Any

_LAZY: dict[str, str] = {
    "style": "style", "new_axes": "style", "source_line": "style",
    "plot_chronology": "chronology",
    "map_spread": "maps", "map_daily_panels": "maps", "animate_spread": "maps",
    "map_spread_any": "anymap", "spread_map_any_data": "anymap",
    "plot_arrival_distance": "maps",
    "plot_escalation": "escalation", "plot_events_per_day": "escalation",
    "plot_places_reached": "escalation", "plot_casualties": "escalation",
    "plot_measures": "escalation", "plot_toll_history": "escalation",
    "plot_hours": "hours", "hour_labels": "hours",
    "plot_arrival_population": "diffusion", "map_succession": "diffusion", "plot_knox": "diffusion",
}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kzlib.plots' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
