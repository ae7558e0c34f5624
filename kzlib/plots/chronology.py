"""A dated list of facts: one line per row, markers on a date axis, text beside them."""
from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes

from .style import new_axes, source_line, style

TABLE_COLOURS = {"events": "#d1495b", "measures": "#1b6ca8", "casualty_reports": "#30343f"}
TABLE_NAMES = {"events": "on the ground (events)", "measures": "state measures and outside actions",
               "casualty_reports": "reported tolls and detentions"}


def plot_chronology(items: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None,
                    source: str | None = None) -> Axes:
    """Draw a chronology: one row per item, top to bottom in date order.

    Accepts the frame of :func:`kzlib.overview.chronology` (columns ``date, table, id,
    where, label``) and an optional Axes. Each item is a dot on the date axis coloured
    by table, with ``"<where>: <label> [<id>]"`` written to its right. Returns the Axes.
    """
    with style():
        ax = new_axes(ax, (11, max(3.0, 0.24 * len(items) + 1.2)))
        if items.empty:
            ax.text(0.5, 0.5, "no rows", ha="center", va="center", transform=ax.transAxes)
            return ax
        y = list(range(len(items)))[::-1]
        dates = pd.to_datetime(items["date"])
        first, last = dates.min(), dates.max()
        span = max((last - first).days, 1)
        for (tbl, grp) in items.groupby("table", sort=False):
            idx = grp.index
            ax.scatter(dates.loc[idx], [y[i] for i in idx], s=28, color=TABLE_COLOURS.get(tbl, "grey"),
                       label=TABLE_NAMES.get(tbl, tbl), zorder=3)
        for i, row in items.iterrows():
            ax.annotate(f"{row['where']}: {row['label']}  [{row['id']}]", (dates.loc[i], y[i]),
                        xytext=(6, 0), textcoords="offset points", va="center", fontsize=8)
        ax.set_xlim(first - pd.Timedelta(days=0.4), last + pd.Timedelta(days=span * 1.1 + 2))
        ax.set_ylim(-0.8, len(items) - 0.2)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_xticks(pd.date_range(first, last, freq="D"))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b"))
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.legend(loc="lower left", ncols=1, title="Row from", title_fontsize=9, alignment="left")
        if title:
            ax.set_title(title)
        if source:
            source_line(ax, source, y=-0.6 / max(len(items), 1) - 0.02)
    return ax
