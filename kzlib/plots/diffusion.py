"""Figures of notebook 06: arrival against population, who came after whom, the Knox table."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .style import new_axes, source_line, style


def plot_arrival_population(modes_places: pd.DataFrame, ax: Axes | None = None, *,
                            title: str | None = None, source: str | None = None) -> Axes:
    """Scatter each place's arrival day (y, days after the origin) against its population (x, log).

    Accepts ``DiffusionModes.places`` (columns ``name, day_offset, population``) and an
    optional Axes. Places without a population are listed in a note, not drawn. Returns the Axes.
    """
    with style():
        ax = new_axes(ax, (9, 5.5))
        d = modes_places.dropna(subset=["population"])
        d = d[d["population"] > 0]
        rng = np.random.default_rng(0)
        jitter = rng.uniform(-0.12, 0.12, len(d))  # fixed seed: the same picture every run
        ax.scatter(d["population"], d["day_offset"] + jitter, s=36, color="#d1495b", edgecolor="white",
                   linewidth=0.6, zorder=3)
        from adjustText import adjust_text

        texts = [ax.text(p, y + j, n, fontsize=7.5) for p, y, j, n in
                 zip(d["population"], d["day_offset"], jitter, d["name"])]
        ax.set_xscale("log")
        ax.set_xlabel("population (GeoNames, log scale)")
        ax.set_ylabel("first day of protest, days after the origin\n(dots spread a little up and down to stay apart)")
        ax.set_yticks(sorted(set(int(v) for v in modes_places["day_offset"].dropna())))
        ax.grid(color="#e5e5e5", linewidth=0.6)
        ax.set_axisbelow(True)
        if len(texts):
            adjust_text(texts, ax=ax, arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5})
        missing = modes_places.loc[~modes_places.index.isin(d.index), "name"].tolist()
        if title:
            ax.set_title(title)
        note = source or ""
        if missing:
            note += ("  " if note else "") + "No population: " + ", ".join(missing) + "."
        if note:
            source_line(ax, note, y=-0.12)
    return ax


def map_succession(links: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None,
                   source: str | None = None) -> Axes:
    """Map "who came after whom": an arrow from each place's nearest earlier-reached place to it.

    Accepts :func:`kzlib.diffusion.succession_links` and an optional Axes; draws the shipped
    boundaries (Kazakhstan's 17 units of January 2022, projected as kzlib's maps are), the
    places coloured by first day, and the arrows. Returns the Axes.
    """
    import matplotlib as mpl
    from matplotlib.patches import FancyArrowPatch

    from .maps import _base, _layers, _project, day_label, draw_scale_bar
    from .style import deferred_draw

    with style():
        ax = new_axes(ax, (12, 7.2))
        layers = _layers()
        with deferred_draw(ax, draw_after=True):
            _base(ax, layers)
            layers["admin1"].plot(ax=ax, color="#f4f1ea", edgecolor="#8a8a8a", linewidth=0.45, zorder=2)
            layers["country"].boundary.plot(ax=ax, color="#3d3d3d", linewidth=0.8, zorder=3)
        days = pd.to_datetime(links["first_date"])
        d0, d1 = days.min(), days.max()
        span = max((d1 - d0).days, 1)
        cmap = mpl.colormaps["viridis"]
        x, y = _project(links["latitude"], links["longitude"])
        has = links["after_id"].notna().to_numpy()
        ax_, ay_ = _project(links["after_latitude"].fillna(0), links["after_longitude"].fillna(0))
        for i in np.flatnonzero(has):
            ax.add_patch(FancyArrowPatch((ax_[i], ay_[i]), (x[i], y[i]), arrowstyle="-|>", mutation_scale=9,
                                         color="#555555", lw=0.8, alpha=0.8, zorder=4,
                                         shrinkA=3, shrinkB=4, connectionstyle="arc3,rad=0.12"))
        col = [cmap((d - d0).days / span) for d in days]
        ax.scatter(x, y, s=34, color=col, edgecolor="white", linewidth=0.7, zorder=5)
        from adjustText import adjust_text

        texts = [ax.text(xi, yi, n, fontsize=7, zorder=6) for xi, yi, n in zip(x, y, links["name"])]
        adjust_text(texts, ax=ax)
        handles = [mpl.lines.Line2D([], [], marker="o", ls="", color=cmap((d - d0).days / span),
                                    label=day_label(d)) for d in pd.date_range(d0, d1, freq="D")
                   if (days == d).any()]
        handles.append(mpl.lines.Line2D([], [], color="#555555", lw=0.8, label="from the nearest place\n"
                                                                             "reached a day or more earlier"))
        ax.legend(handles=handles, title="first day", loc="lower left", fontsize=7.5, title_fontsize=8)
        draw_scale_bar(ax, loc=(0.8, 0.04))
        if title:
            ax.set_title(title)
        if source:
            source_line(ax, source, y=-0.02)
    return ax


def plot_knox(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None,
              source: str | None = None) -> Axes:
    """Heat map of a :func:`kzlib.knox` table: observed / expected close pairs per threshold.

    Rows are distance thresholds (km), columns day thresholds; each cell is coloured by the
    ratio (1 = as expected by chance) and written as ``ratio`` over ``observed/expected`` and
    the permutation p-value. Returns the Axes.
    """
    import matplotlib as mpl

    with style():
        ax = new_axes(ax, (7.5, 5.2))
        kms = sorted(table["close_km"].unique())
        dds = sorted(table["close_days"].unique())
        grid = table.set_index(["close_km", "close_days"])
        ratio = np.array([[grid.loc[(k, d), "ratio"] for d in dds] for k in kms], dtype=float)
        vmax = max(2.0, float(np.nanmax(ratio)) if np.isfinite(ratio).any() else 2.0)
        norm = mpl.colors.TwoSlopeNorm(vmin=0.0, vcenter=1.0, vmax=vmax)
        im = ax.imshow(np.nan_to_num(ratio, nan=1.0), cmap="RdBu_r", norm=norm, aspect="auto")
        for i, k in enumerate(kms):
            for j, d in enumerate(dds):
                r = grid.loc[(k, d)]
                txt = ("no pairs close in space" if r["close_space"] == 0 else
                       f"{r['ratio']:.2f}\n{int(r['observed'])} / {r['expected']:.1f}\np = {r['p_value']:.3f}")
                ax.text(j, i, txt, ha="center", va="center", fontsize=7.5,
                        color="white" if np.isfinite(ratio[i, j]) and ratio[i, j] > 0.75 * vmax else "black")
        ax.set_xticks(range(len(dds)), [("same day" if d == 0 else f"≤ {d} day" + ("s" if d > 1 else ""))
                                        for d in dds])
        ax.set_yticks(range(len(kms)), [f"≤ {k:g} km" for k in kms])
        ax.set_xlabel("close in time")
        ax.set_ylabel("close in space")
        ax.grid(False)
        cb = ax.figure.colorbar(im, ax=ax, shrink=0.85)
        cb.set_label("observed / expected close pairs")
        if title:
            ax.set_title(title)
        if source:
            source_line(ax, source, y=-0.14)
    return ax
