"""The escalation figure (events, places, reported tolls and measures, day by day) and the
history of the official death toll and detainee count.

Every panel draws from :func:`kzlib.timeline.escalation_table` (one row per day, the
numbers drawn), so the saved CSV is exactly what the chart shows. The toll history draws
from :func:`kzlib.timeline.toll_history_table` (one row per report).
"""
from __future__ import annotations

from collections.abc import Sequence

import matplotlib.dates as mdates
import matplotlib.patheffects as patheffects
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
from matplotlib.transforms import Bbox

from ..schema import acled_event_types
from ..timeline import slug
from .style import new_axes, source_line, style

__all__ = [
    "plot_escalation", "plot_events_per_day", "plot_places_reached", "plot_casualties",
    "plot_measures", "plot_toll_history", "EVENT_COLOURS", "SERIES_STYLE",
]

#: Colours of the ACLED event types (state action in a muted blue-grey, on top).
EVENT_COLOURS: dict[str, str] = {
    "Protests": "#edae49", "Riots": "#d1495b", "Battles": "#7a1f2b",
    "Violence against civilians": "#8d6a9f", "Explosions/Remote violence": "#30343f",
    "Strategic developments": "#9fb3c8",
}
#: Colour, line style and label of each reported series of the escalation table.
SERIES_STYLE: dict[str, tuple[str, str, str]] = {
    "detained": ("#1b6ca8", "-", "detained"),
    "injured": ("#e07a5f", "-", "injured"),
    "killed": ("#30343f", "-", "killed"),
    "security_killed": ("#30343f", (0, (3, 2)), "security forces killed"),
}
_RETRACTED = "#d1495b"
_MILESTONE = "#8a8a8a"
_DAY = pd.Timedelta(days=1)
_SOURCE = ("Source: kzlib data (events.csv, measures.csv, casualty_reports.csv), figures as published on "
           "each report date; every number and its report_id/measure_id is in figures/escalation.csv.")


# --------------------------------------------------------------------------- helpers
def _d(ts: pd.Timestamp) -> str:
    return f"{ts.day} {ts:%b}"


def _dates(table: pd.DataFrame) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(pd.to_datetime(table["date"]))


def _day_axis(ax: Axes, dates: pd.DatetimeIndex) -> None:
    """Daily ticks, the month under the first tick and on the 1st; half-day margins."""
    if len(dates) == 0:
        return
    ax.set_xlim(dates[0] - 0.6 * _DAY, dates[-1] + 0.6 * _DAY)
    step = max(1, int(np.ceil(len(dates) / 31)))
    ax.set_xticks(dates[::step])
    first = dates[0]

    def fmt(x: float, _pos: int) -> str:
        d = mdates.num2date(x).replace(tzinfo=None)
        return f"{d.day}\n{d:%b}" if (d.day == 1 or d.date() == first.date()) else f"{d.day}"

    ax.xaxis.set_major_formatter(FuncFormatter(fmt))
    ax.tick_params(axis="x", length=2.5)


def _milestone_lines(ax: Axes, table: pd.DataFrame) -> None:
    if "milestones" not in table.columns:
        return
    for d in _dates(table)[table["milestones"].notna().to_numpy()]:
        ax.axvline(d, color=_MILESTONE, lw=0.7, ls=(0, (1, 2)), zorder=0)


def _column(table: pd.DataFrame, name: str) -> np.ndarray:
    return pd.to_numeric(table[name], errors="coerce").astype("float64").to_numpy()


def _event_columns(table: pd.DataFrame) -> list[tuple[str, str]]:
    """(column, type name) of the event-type columns, in drawing order, skipping all-zero ones."""
    names = {f"events_{slug(t)}": t for t in acled_event_types()}
    cols = [c for c in table.columns if c.startswith("events_") and c != "events_total"]
    order = list(EVENT_COLOURS)
    pairs = [(c, names.get(c, c.removeprefix("events_").replace("_", " ").capitalize())) for c in cols]
    pairs = [p for p in pairs if _column(table, p[0]).sum() > 0]
    return sorted(pairs, key=lambda p: order.index(p[1]) if p[1] in order else len(order))


# --------------------------------------------------------------------------- panels
def plot_events_per_day(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Events per local day, stacked by ACLED event type.

    Accepts the frame of :func:`kzlib.timeline.escalation_table` (``date`` and
    ``events_<type>`` columns) and an optional Axes. ``title=None`` writes the finding
    (the peak day); ``""`` writes none. Returns the Axes.
    """
    with style():
        ax = new_axes(ax, (11, 3.2))
        dates = _dates(table)
        bottom = np.zeros(len(table))
        for col, name in _event_columns(table):
            v = _column(table, col)
            ax.bar(dates, v, bottom=bottom, width=0.78, color=EVENT_COLOURS.get(name, "#b0b0b0"),
                   label=name, linewidth=0)
            bottom += v
        _milestone_lines(ax, table)
        _day_axis(ax, dates)
        ax.set_ylabel("events per day")
        ax.set_ylim(0, max(1.0, bottom.max() if len(bottom) else 1.0) * 1.12)
        ax.yaxis.get_major_locator().set_params(integer=True)
        if bottom.sum() > 0:
            ax.legend(loc="upper right", ncols=2, handlelength=1.0, borderaxespad=0.2)
            if title is None:
                i = int(np.argmax(bottom))
                title = (f"Events peaked on {_d(dates[i])}: {int(bottom[i])} recorded in one day, "
                         f"{int(bottom.sum())} in {len(dates)} days")
        if title:
            ax.set_title(title)
    return ax


def plot_places_reached(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Places reached by protest or unrest: new places per day (bars) and the running total.

    Accepts the frame of :func:`kzlib.timeline.escalation_table` (``places_new``,
    ``places_cumulative``) and an optional Axes. Returns the Axes.
    """
    with style():
        ax = new_axes(ax, (11, 2.6))
        dates = _dates(table)
        new = _column(table, "places_new")
        cum = _column(table, "places_cumulative")
        ax.bar(dates, new, width=0.78, color="#00798c", alpha=0.85, linewidth=0, label="new places that day")
        ax.step(dates, cum, where="mid", color="#30343f", lw=1.6, label="places reached so far")
        _milestone_lines(ax, table)
        _day_axis(ax, dates)
        ax.set_ylabel("places")
        ax.set_ylim(0, max(1.0, np.nanmax(cum) if len(cum) else 1.0) * 1.18)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="center right", handlelength=1.2)
        if len(cum) and np.nanmax(cum) > 0:
            ax.annotate(f"{int(cum[-1])}", (dates[-1], cum[-1]), xytext=(0, 3), textcoords="offset points",
                        ha="center", va="bottom", fontsize=8.5, color="#30343f")
            if title is None:
                days_new = dates[new > 0]
                title = (f"Unrest reached {int(cum[-1])} places, all between {_d(days_new[0])} and "
                         f"{_d(days_new[-1])}" if len(days_new) else f"Unrest had reached {int(cum[-1])} places")
        if title:
            ax.set_title(title)
    return ax


def plot_casualties(table: pd.DataFrame, ax: Axes | None = None, *,
                    series: Sequence[str] = ("detained", "injured", "killed", "security_killed"),
                    log: bool = True, title: str | None = None) -> Axes:
    """Reported killed, injured and detained as step lines, best-known figure per day.

    Accepts the frame of :func:`kzlib.timeline.escalation_table` (per series ``<name>``,
    ``<name>_low``, ``<name>_high``, ``<name>_text``, ``<name>_report_id``,
    ``<name>_retracted``), the series to draw, and whether to use a log scale (default,
    so that dozens and thousands share one panel). A shaded band is the range of a vague
    figure ("hundreds"); a small caret marks an open upper bound ("more than 1,000"); a
    dot marks a day a new figure was published; a red cross is a retracted figure.
    Returns the Axes.
    """
    with style():
        ax = new_axes(ax, (11, 3.4))
        dates = _dates(table)
        xnum = mdates.date2num(dates)
        top = 1.0
        for name in series:
            if name not in table.columns:
                continue
            colour, ls, label = SERIES_STYLE.get(name, ("#66a182", "-", name.replace("_", " ")))
            v, lo, hi = (_column(table, name), _column(table, f"{name}_low"), _column(table, f"{name}_high"))
            if np.isfinite(v).any():
                top = max(top, np.nanmax(np.where(np.isfinite(hi), hi, v)))
                ax.step(dates, v, where="mid", color=colour, ls=ls, lw=1.8 if ls == "-" else 1.2, zorder=3)
                band = np.isfinite(lo) & np.isfinite(hi) & (hi > lo)
                if band.any():
                    ax.fill_between(dates, np.where(band, lo, np.nan), np.where(band, hi, np.nan), step="mid",
                                    color=colour, alpha=0.18, linewidth=0, zorder=2)
                ids = [x if isinstance(x, str) else None for x in table[f"{name}_report_id"].astype("object")]
                changed = np.array([ids[i] is not None and (i == 0 or ids[i] != ids[i - 1])
                                    for i in range(len(ids))], dtype=bool)
                ax.scatter(dates[changed], v[changed], s=14, color=colour, zorder=4, linewidths=0)
                open_hi = changed & np.isfinite(lo) & ~np.isfinite(hi)
                if open_hi.any():
                    ax.scatter(dates[open_hi], v[open_hi] * 1.22, marker="^", s=16, color=colour, zorder=4,
                               linewidths=0)
                last = int(np.flatnonzero(np.isfinite(v))[-1])
                text = table[f"{name}_text"].iat[last]
                ax.annotate(f"{label}: {text}", (xnum[last], v[last]), xytext=(8, 0), textcoords="offset points",
                            va="center", ha="left", fontsize=8.5, color=colour, annotation_clip=False)
            rcol = f"{name}_retracted"
            if rcol in table.columns:
                r = _column(table, rcol)
                for i in np.flatnonzero(np.isfinite(r)):
                    ax.scatter([dates[i]], [r[i]], marker="x", s=42, color=_RETRACTED, linewidths=1.8, zorder=5)
                    ax.annotate(f"{int(r[i]):,} {label}: retracted", (xnum[i], r[i]), xytext=(7, -1),
                                textcoords="offset points", va="top", ha="left", fontsize=8, color=_RETRACTED)
        _milestone_lines(ax, table)
        _day_axis(ax, dates)
        key = [Line2D([], [], color="#555555", marker="o", ms=3.5, lw=0, label="new figure published"),
               Line2D([], [], color="#555555", marker="^", ms=4, lw=0, label="open-ended ('more than')"),
               Patch(color="#555555", alpha=0.18, label="range of a vague figure"),
               Line2D([], [], color=_RETRACTED, marker="x", ms=5, mew=1.6, lw=0, label="retracted")]
        ax.legend(handles=key, loc="upper left", fontsize=7.5, handlelength=1.2, borderaxespad=0.1,
                  labelspacing=0.3, frameon=True, facecolor="white", edgecolor="none", framealpha=1.0)
        if log:
            ax.set_yscale("log")
            ax.set_ylim(4, top * 2.2)
            ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0,)))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _p: f"{y:,.0f}"))
            ax.yaxis.set_minor_formatter(NullFormatter())
        else:
            ax.set_ylim(0, top * 1.15)
        ax.set_ylabel("people (log scale)" if log else "people")
        ax.grid(axis="y", which="major")
        if title is None:
            title = _casualty_title(table)
        if title:
            ax.set_title(title)
    return ax


def _casualty_title(table: pd.DataFrame) -> str:
    parts = []
    dates = _dates(table)
    if "detained" in table.columns and np.isfinite(_column(table, "detained")).any():
        v = _column(table, "detained")
        i = int(np.nanargmax(v))
        parts.append(f"Detentions reached {table['detained_text'].iat[i]} by {_d(dates[i])}")
    if "killed" in table.columns:
        v = _column(table, "killed")
        if np.isfinite(v).any():
            i = int(np.flatnonzero(np.isfinite(v))[0])
            parts.append(f"the first overall death toll ({int(v[i]):,}) only on {_d(dates[i])}")
        else:
            parts.append("no overall death toll was published")
    return "; ".join(parts) if parts else "Reported casualties and detentions"


_MEASURE_ROWS = (("soe", "State of emergency\n(units, of 17)"), ("curfew", "Curfew"),
                 ("internet", "Internet shutdown"), ("csto", "CSTO troops"))


def plot_measures(table: pd.DataFrame, ax: Axes | None = None, *, units: int = 17,
                  title: str | None = None) -> Axes:
    """Bands of the measures in force per day: state of emergency (number of units written
    in each day), curfew, internet shutdown (full, partial, local) and CSTO presence
    (hatched while withdrawing).

    Accepts the frame of :func:`kzlib.timeline.escalation_table` (the columns of
    :func:`kzlib.timeline.measures_by_day`), an optional Axes and the number of units.
    Returns the Axes.
    """
    with style():
        ax = new_axes(ax, (11, 2.4))
        dates = _dates(table)
        x0 = mdates.date2num(dates - 0.5 * _DAY)
        n = len(_MEASURE_ROWS)
        ys = {key: n - 1 - i for i, (key, _) in enumerate(_MEASURE_ROWS)}
        h = 0.62
        soe = _column(table, "soe_units")
        for i in np.flatnonzero(soe > 0):
            ax.broken_barh([(x0[i], 1.0)], (ys["soe"] - h / 2, h), facecolors="#1b6ca8",
                           alpha=0.3 + 0.7 * min(1.0, soe[i] / units), linewidth=0.6, edgecolor="white")
            ax.text(x0[i] + 0.5, ys["soe"], f"{int(soe[i])}", ha="center", va="center", fontsize=7.5,
                    color="white" if soe[i] / units > 0.5 else "#1b3a5a")
        cur = table["curfew"].fillna(False).to_numpy(dtype=bool)
        ax.broken_barh([(x0[i], 1.0) for i in np.flatnonzero(cur)], (ys["curfew"] - h / 2, h),
                       facecolors="#30343f", alpha=0.85, linewidth=0.6, edgecolor="white")
        net = table["internet"].astype("object").fillna("off").to_numpy()
        shade = {"full": 1.0, "partial": 0.5, "local": 0.25}
        prev = None
        for i, state in enumerate(net):
            if state in shade:
                ax.broken_barh([(x0[i], 1.0)], (ys["internet"] - h / 2, h), facecolors=_RETRACTED,
                               alpha=shade[state], linewidth=0.6, edgecolor="white")
                if state != prev:
                    ax.text(x0[i] + 0.5, ys["internet"], state, ha="center", va="center", fontsize=7,
                            color="white" if state == "full" else "#5a1a22", rotation=0)
            prev = state
        present = table["csto_present"].fillna(False).to_numpy(dtype=bool)
        leaving = table["csto_withdrawing"].fillna(False).to_numpy(dtype=bool)
        for i in np.flatnonzero(present):
            ax.broken_barh([(x0[i], 1.0)], (ys["csto"] - h / 2, h), facecolors="#00798c",
                           alpha=0.45 if leaving[i] else 0.9, hatch="////" if leaving[i] else None,
                           linewidth=0.6, edgecolor="white")
        if present.any() and leaving.any():
            j = int(np.flatnonzero(leaving)[0])
            ax.text(x0[j] + 0.08, ys["csto"] + h / 2 + 0.04, "withdrawing", ha="left", va="bottom",
                    fontsize=7, color="#005566")
        _milestone_lines(ax, table)
        _day_axis(ax, dates)
        ax.set_yticks([ys[k] for k, _ in _MEASURE_ROWS], [lbl for _, lbl in _MEASURE_ROWS])
        ax.tick_params(axis="y", length=0, labelsize=8.5)
        ax.set_ylim(-0.6, n - 0.4)
        ax.spines["left"].set_visible(False)
        if title is None:
            title = _measures_title(table, units)
        if title:
            ax.set_title(title)
    return ax


def _measures_title(table: pd.DataFrame, units: int) -> str:
    dates = _dates(table)
    soe = _column(table, "soe_units")
    if not (soe > 0).any():
        return "No state of emergency in force in this window"
    first = dates[np.flatnonzero(soe > 0)[0]]
    full = dates[soe >= units]
    end = dates[np.flatnonzero(soe > 0)[-1]]
    lead = (f"All {units} units under a state of emergency from {_d(full[0])}" if len(full)
            else f"A state of emergency from {_d(first)}")
    tail = (f"; lifted unit by unit, the last on {_d(end + _DAY)}" if end < dates[-1]
            else "; still in force at the end of the window")
    return lead + tail


# --------------------------------------------------------------------------- the figure
def _milestone_strip(ax: Axes, table: pd.DataFrame, levels: int = 5) -> None:
    """Milestone labels above the panels on up to ``levels`` rows, each joined to its day by
    a dotted leader. Labels are placed from the last to the first, each on the lowest row
    where it neither overlaps a label nor crosses a later label's leader (so earlier labels
    sit higher, as a staircase); if no row is free, the least crowded one."""
    ax.set_ylim(0, 1)
    for sp in ax.spines.values():
        sp.set_visible(False)
    ax.set_yticks([])
    ax.tick_params(axis="x", length=0, labelbottom=False)
    dates = _dates(table)
    ms = table[table["milestones"].notna()] if "milestones" in table.columns else table.iloc[:0]
    if ms.empty:
        return
    renderer = ax.figure.canvas.get_renderer()
    right = mdates.date2num(dates[-1])
    placed: list[Bbox] = []
    leaders: list[tuple[float, float]] = []  # (x, top y) in display coordinates
    items = list(zip(_dates(ms), ms["milestones"]))[::-1]
    for d, label in items:
        label = str(label).replace(" · ", "; ")
        near_end = mdates.date2num(d) > right - 3.5
        kw = dict(ha="right" if near_end else "left", va="bottom", fontsize=8.5, color="#30343f")
        xt = d + (-0.1 if near_end else 0.1) * _DAY
        best = None
        for level in range(levels):
            y = 0.1 + level * (0.86 / levels)
            t = ax.text(xt, y, label, **kw)
            box = t.get_window_extent(renderer).expanded(1.03, 1.15)
            t.remove()
            clash = sum(box.overlaps(b) for b in placed)
            clash += sum(box.x0 <= lx <= box.x1 and ly >= box.y0 for lx, ly in leaders)
            if best is None or clash < best[0]:
                best = (clash, y, box)
            if clash == 0:
                break
        _, y, box = best
        placed.append(box)
        ax.text(xt, y, label, **kw)
        ax.plot([d, d], [0, y + 0.09], color=_MILESTONE, lw=0.8, ls=(0, (1, 2)), zorder=0)
        ax.plot([d], [0], marker="v", color="#30343f", ms=4, zorder=3)
        leaders.append((ax.transData.transform((mdates.date2num(d), 0))[0],
                        ax.transData.transform((0, y + 0.09))[1]))


def _escalation_title(table: pd.DataFrame, country: str = "Kazakhstan") -> tuple[str, str]:
    """(finding, subtitle) for the escalation figure, computed from the table."""
    dates = _dates(table)
    if not len(dates):
        return "No days in the window", ""
    sub = f"{country}, {_d(dates[0])} – {_d(dates[-1])} {dates[-1].year}, by local day"
    total = _column(table, "events_total") if "events_total" in table.columns else np.zeros(len(dates))
    soe = _column(table, "soe_units") if "soe_units" in table.columns else np.zeros(len(dates))
    if total.sum() == 0:
        return "No events recorded in this window", sub
    first = dates[np.flatnonzero(total > 0)[0]]
    peak = dates[int(np.argmax(total))]
    lag = (peak - first).days
    text = ("Unrest peaked on the first day of protest" if lag == 0 else
            f"Unrest peaked {lag} day{'s' if lag > 1 else ''} after the first protest")
    if (soe > 0).any():
        n = int((soe > 0).sum())
        text += f"; a state of emergency followed for {n} day{'s' if n > 1 else ''}"
    return text, sub


def plot_escalation(table: pd.DataFrame, *, title: str | None = None, subtitle: str | None = None,
                    source: str | None = _SOURCE, units: int = 17,
                    figsize: tuple[float, float] = (11.5, 13.5), country: str = "Kazakhstan") -> np.ndarray:
    """The escalation figure: milestones, events per day, places reached, reported tolls and
    measures in force, one panel each, on one shared day axis.

    Accepts the frame of :func:`kzlib.timeline.escalation_table` (one row per day),
    an optional overall title (default: the finding, computed from the table) and
    subtitle (default: ``country`` and the window; ``""`` for none), a source line and the
    number of first-level units. Returns the array of Axes ``[milestones, events, places,
    casualties, measures]``; the Figure is ``axes[0].figure``. Never saves or shows.
    """
    with style():
        fig = plt.figure(figsize=figsize)
        gs = fig.add_gridspec(5, 1, height_ratios=[1.5, 2.5, 1.7, 2.9, 1.9], hspace=0.5,
                              left=0.13, right=0.80, top=0.93, bottom=0.06)
        axes = [fig.add_subplot(gs[0])]
        axes += [fig.add_subplot(gs[i], sharex=axes[0]) for i in range(1, 5)]
        plot_events_per_day(table, axes[1])
        plot_places_reached(table, axes[2])
        plot_casualties(table, axes[3])
        plot_measures(table, axes[4], units=units)
        for a in axes[1:4]:
            a.tick_params(axis="x", labelbottom=True)
        auto, auto_sub = _escalation_title(table, country)
        title = auto if title is None else title
        subtitle = auto_sub if subtitle is None else subtitle
        if title:
            fig.suptitle(title, x=0.02, y=0.982, ha="left", va="top", fontsize=14, fontweight="bold")
        if subtitle:
            fig.text(0.02, 0.962, subtitle, ha="left", va="top", fontsize=10.5, color="#444444")
        _milestone_strip(axes[0], table)
        if source:
            fig.text(0.02, 0.012, source, ha="left", va="bottom", fontsize=7.5, color="#555555")
    return np.array(axes, dtype=object)


# --------------------------------------------------------------------------- toll history
_BODY_COLOURS = ("#1b6ca8", "#9c6644", "#00798c", "#edae49", "#8d6a9f", "#66a182", "#e07a5f", "#30343f",
                 "#9fb3c8", "#b07aa1")
_METRIC_NAMES = {"killed": "death toll", "detained": "detainee count", "injured": "injured count"}


def _body_colours(history: pd.DataFrame) -> dict[str, str]:
    counted = history[history["status"] != "ignored"]
    order = counted.groupby("reporting_body").size().sort_values(ascending=False, kind="stable")
    return {b: _BODY_COLOURS[i % len(_BODY_COLOURS)] for i, b in enumerate(order.index)}


def _toll_panel(ax: Axes, part: pd.DataFrame, colours: dict[str, str], start: pd.Timestamp,
                end: pd.Timestamp, *, labels: bool) -> None:
    counted = part[part["status"] == "counted"]
    for body, g in counted.groupby("reporting_body", sort=False):
        g = g.sort_values("date")
        c = colours.get(body, "#666666")
        x = list(pd.to_datetime(g["date"])) + [end]
        y = list(g["value"].astype("float64")) + [float(g["value"].iloc[-1])]
        if len(g) > 1:
            ax.step(x, y, where="post", color=c, lw=1.6, zorder=3)
        ax.scatter(g["date"], g["value"].astype("float64"), s=22, color=c, zorder=4, linewidths=0,
                   label=body if labels else None)
        lo, hi = g["low"].astype("float64"), g["high"].astype("float64")
        band = lo.notna() & hi.notna() & (hi > lo)
        for d, a, b in zip(g["date"][band], lo[band], hi[band]):
            ax.vlines(d, a, b, color=c, lw=3, alpha=0.35, zorder=2)
        for d, v in zip(g["date"][lo.notna() & hi.isna()], g["value"][lo.notna() & hi.isna()]):
            ax.annotate("", (d, float(v) * 1.07), (d, float(v)), arrowprops=dict(arrowstyle="-|>", color=c, lw=1),
                        zorder=4)
    ret = part[part["status"] == "retracted"]
    ax.scatter(ret["date"], ret["value"].astype("float64"), marker="x", s=55, color=_RETRACTED, linewidths=2,
               zorder=5, label="retracted" if labels and len(ret) else None)


def plot_toll_history(history: pd.DataFrame, *, start: str | pd.Timestamp = "2022-01-05",
                      end: str | pd.Timestamp = "2022-08-31", split: str | pd.Timestamp | None = "2022-01-20",
                      title: str | None = None, source: str | None = None,
                      figsize: tuple[float, float] = (11.5, 8.5)) -> np.ndarray:
    """How the reported figures changed, body by body: one row of panels per metric.

    Accepts the frame of :func:`kzlib.timeline.toll_history_table`, the window and a
    ``split`` date: the days before it get the left half of each row (daily detail), the
    months after it the right half (``None`` = one continuous axis). Each body's counted
    figures are dots, joined by a step line if it published more than one; a bar is the
    range of a vague figure, an arrow an open upper bound, a red cross a retracted
    figure. ``title=None`` states how often the main body's death toll changed (``""``:
    no title). Returns a 2-D array of Axes (rows = metrics, columns = the two halves).
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    split = None if split is None else pd.Timestamp(split)
    metrics = list(dict.fromkeys(history["metric"].astype(str)))
    colours = _body_colours(history)
    if title is None:
        title = _toll_history_title(history)
    with style():
        ncols = 1 if split is None else 2
        fig, axes = plt.subplots(len(metrics), ncols, figsize=figsize, squeeze=False,
                                 gridspec_kw={"width_ratios": [1, 1.5][:ncols], "wspace": 0.06, "hspace": 0.5,
                                              "left": 0.08, "right": 0.98, "bottom": 0.09,
                                              "top": 0.86 if title else 0.93})
        for r, metric in enumerate(metrics):
            part = history[history["metric"].astype(str) == metric]
            vmax = float(np.nanmax(part["value"].astype("float64"))) if len(part) else 1.0
            windows = [(start, end)] if split is None else [(start, split), (split, end)]
            for c, (a, b) in enumerate(windows):
                ax = axes[r, c]
                _toll_panel(ax, part, colours, start, end, labels=(c == ncols - 1))
                ax.set_xlim(a - pd.Timedelta(days=0.5 if split is None or c == 0 else 0), b)
                ax.set_ylim(0, vmax * 1.2)
                ax.grid(axis="y")
                if c == 0:
                    ax.set_ylabel("people")
                    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _p: f"{y:,.0f}"))
                else:
                    ax.tick_params(axis="y", labelleft=False, length=0)
                    ax.spines["left"].set_visible(False)
                if split is not None and c == 0:
                    ax.xaxis.set_major_locator(mdates.DayLocator(interval=2))
                    ax.xaxis.set_major_formatter(FuncFormatter(
                        lambda x, _p: (lambda d: f"{d.day}\n{d:%b}" if d.day <= 6 else f"{d.day}")(
                            mdates.num2date(x))))
                else:
                    ax.xaxis.set_major_locator(mdates.MonthLocator())
                    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b"))
            _label_points(axes[r, :], part, colours)
            axes[r, 0].set_title(_toll_title(part, metric), loc="left")
            axes[r, -1].legend(loc="lower right", fontsize=8, ncols=2, handletextpad=0.3, columnspacing=0.8,
                               borderaxespad=0.1)
        if title:
            fig.suptitle(title, x=0.02, y=0.975, ha="left", va="top", fontsize=14, fontweight="bold")
            fig.text(0.02, 0.935, f"Kazakhstan, national figures as each body published them, {_d(start)} "
                     f"{start.year} – {_d(end)} {end.year}", ha="left", va="top", fontsize=10.5, color="#444444")
        if source is None:
            source = ("Source: kzlib casualty_reports.csv, national figures for everyone (population 'all'), each "
                      "on the day it was published; report_ids in figures/toll_history.csv.")
        fig.text(0.02, 0.012, source, ha="left", va="bottom", fontsize=7.5, color="#555555")
    return axes


def _label_points(row: np.ndarray, part: pd.DataFrame, colours: dict[str, str]) -> None:
    """Write each drawn figure's number beside its dot, in its body's colour, trying a few
    positions (right, left, above, below) so that labels do not collide."""
    shown = part[part["status"] != "ignored"].sort_values(["date", "value"], ascending=[True, False])
    spots = ((3, 4, "left", "bottom"), (3, -4, "left", "top"), (-3, 4, "right", "bottom"),
             (-3, -4, "right", "top"), (6, 0, "left", "center"), (-6, 0, "right", "center"))
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    for ax in row:
        renderer = ax.figure.canvas.get_renderer()
        lo, hi = ax.get_xlim()
        boxes: list[Bbox] = []
        dots = []
        for rec in shown.itertuples(index=False):
            x = mdates.date2num(rec.date)
            if lo <= x <= hi and not pd.isna(rec.value):
                px, py = ax.transData.transform((x, float(rec.value)))
                dots.append(Bbox([[px - 4, py - 4], [px + 4, py + 4]]))
        for rec in shown.itertuples(index=False):
            x = mdates.date2num(rec.date)
            if not (lo <= x <= hi) or pd.isna(rec.value):
                continue
            retracted = rec.status == "retracted"
            txt = f"{int(rec.value):,}" + (f" ({rec.reporting_body}, retracted)" if retracted else "")
            colour = _RETRACTED if retracted else colours.get(rec.reporting_body, "#30343f")
            for k, (dx, dy, ha, va) in enumerate(spots):
                t = ax.annotate(txt, (rec.date, float(rec.value)), xytext=(dx, dy), textcoords="offset points",
                                fontsize=7.5, color=colour, ha=ha, va=va, fontweight="bold", path_effects=halo,
                                zorder=6)
                box = t.get_window_extent(renderer)
                if all(not box.overlaps(b) for b in boxes + dots) or k == len(spots) - 1:
                    boxes.append(box)
                    break
                t.remove()


def _toll_history_title(history: pd.DataFrame) -> str:
    """'The official death toll was revised N times between D1 and D2', from the body with
    the most counted death-toll reports; empty if there is none."""
    part = history[(history["metric"].astype(str) == "killed") & (history["status"] == "counted")]
    if part.empty:
        return ""
    main = part.groupby("reporting_body").size().sort_values(ascending=False, kind="stable").index[0]
    g = part[part["reporting_body"] == main].sort_values("date")
    values = g["value"].astype("float64").to_numpy()
    changes = int((np.diff(values) != 0).sum())
    if changes == 0:
        return f"The official death toll stood at {int(values[0]):,} from {_d(g['date'].iloc[0])}"
    last = g["date"].iloc[np.flatnonzero(np.diff(values) != 0)[-1] + 1]
    return (f"The official death toll was revised {changes} time{'s' if changes > 1 else ''} between "
            f"{_d(g['date'].iloc[0])} and {_d(last)} {last.year}")


def _toll_title(part: pd.DataFrame, metric: str) -> str:
    counted = part[part["status"] == "counted"].sort_values("date")
    name = _METRIC_NAMES.get(metric, metric)
    if counted.empty:
        return f"No {name} in this window"
    main = counted.groupby("reporting_body").size().sort_values(ascending=False, kind="stable").index[0]
    g = counted[counted["reporting_body"] == main]
    first, last = g.iloc[0], g.iloc[-1]
    top = g.loc[g["value"].astype("float64").idxmax()]
    text = (f"{main}: {name} {int(first['value']):,} on {_d(first['date'])}, "
            f"{'peak ' if top['report_id'] != last['report_id'] else ''}"
            f"{int(top['value']):,} on {_d(top['date'])}")
    if top["report_id"] != last["report_id"]:
        text += f", {int(last['value']):,} on {_d(last['date'])}"
    ret = part[(part["status"] == "retracted") & (part["reporting_body"] == main)]
    if len(ret):
        r = ret.iloc[0]
        text += f"; the {int(r['value']):,} of {_d(r['date'])} was retracted"
    return text
