"""Hour by hour: timed events and measure starts on one clock (see :mod:`kzlib.hours`)."""
from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from .style import new_axes, source_line, style

KIND_COLOURS = {"event": "#d1495b", "measure": "#1b6ca8"}
_TZ_SHORT = {"Asia/Almaty": "UTC+6", "Asia/Qostanay": "UTC+6", "Asia/Aqtau": "UTC+5", "Asia/Aqtobe": "UTC+5",
             "Asia/Atyrau": "UTC+5", "Asia/Oral": "UTC+5", "Asia/Qyzylorda": "UTC+5"}


def hour_labels(items: pd.DataFrame, place_names: dict[str, str] | None = None) -> list[str]:
    """Return the text written beside each item of :func:`kzlib.hours.timed_items`:
    ``"<local time> <clock> <where>: <label> [<id>]"``, with "(other account)" for an
    alternative account and "(not counted)" for an event type that does not count."""
    names = place_names or {}
    out = []
    for r in items.itertuples(index=False):
        where = "national" if r.place_id == "national" else names.get(r.place_id, r.place_id)
        note = "" if r.counted else (" (other account)" if r.kind == "event" and r.label in
                                     ("Protests", "Riots", "Battles", "Violence against civilians")
                                     else " (not counted)")
        out.append(f"{r.local_time} {_TZ_SHORT.get(r.tz, r.tz)}  {where}: {r.label.replace('_', ' ')}{note}  [{r.id}]")
    return out


def plot_hours(items: pd.DataFrame, ax: Axes | None = None, *, start: str = "2022-01-04",
               end: str = "2022-01-06", place_names: dict[str, str] | None = None,
               title: str | None = None, source: str | None = None) -> Axes:
    """Draw timed events and measure starts, one row each, on the reference clock.

    Accepts the frame of :func:`kzlib.hours.timed_items`, an optional Axes, the window
    (whole local days, ``start`` 00:00 to ``end`` 24:00 on the reference clock), and
    place names for the labels. Each item is a dot (events red, measures blue; hollow for
    an alternative account or an uncounted type) with :func:`hour_labels` beside it.
    Returns the Axes.
    """
    with style():
        ax = new_axes(ax, (11, max(3.0, 0.26 * len(items) + 1.6)))
        lo = pd.Timestamp(start).normalize()
        hi = pd.Timestamp(end).normalize() + pd.Timedelta(days=1)
        ref = items.attrs.get("reference_tz", "Asia/Almaty")
        ax.set_xlim(lo, hi + (hi - lo) * 0.62)
        if items.empty:
            ax.text(0.5, 0.5, "no timed rows", ha="center", va="center", transform=ax.transAxes)
            return ax
        y = list(range(len(items)))[::-1]
        t = pd.to_datetime(items["reference_time"])
        for i, (when, kind, counted) in enumerate(zip(t, items["kind"], items["counted"])):
            c = KIND_COLOURS.get(kind, "grey")
            ax.scatter([when], [y[i]], s=30, zorder=3, color=c if counted else "white", edgecolors=c,
                       linewidths=1.2)
        for i, text in enumerate(hour_labels(items, place_names)):
            ax.annotate(text, (t.iat[i], y[i]), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8)
        for d in pd.date_range(lo, hi, freq="D"):
            ax.axvline(d, color="#999999", linewidth=0.8, zorder=1)
        ax.set_ylim(-0.8, len(items) - 0.2)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_xticks(pd.date_range(lo, hi, freq="6h"))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b\n%H:%M"))
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_xlabel(f"clock of {ref} (UTC+6); each label gives the local time as the source wrote it")
        handles = [Line2D([], [], marker="o", ls="", color=KIND_COLOURS["event"], label="event (local time)"),
                   Line2D([], [], marker="o", ls="", color=KIND_COLOURS["measure"], label="measure takes effect"),
                   Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor="#777777",
                          label="other account / not counted")]
        ax.legend(handles=handles, loc="upper right", fontsize=8)
        if title:
            ax.set_title(title)
        if source:
            source_line(ax, source, y=-1.6 / max(len(items), 1) - 0.06)
    return ax
