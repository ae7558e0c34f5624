"""kzlib.plots.escalation: each panel draws on the Axes it is given and returns it; the
figures draw what the tables say; saving is byte-stable. No pixel comparisons."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import kzlib  # noqa: E402
from kzlib import timeline as tl  # noqa: E402
from kzlib.plots import (plot_casualties, plot_escalation, plot_events_per_day, plot_measures,  # noqa: E402
                         plot_places_reached, plot_toll_history)

from test_timeline import UNITS, events_frame, measures_frame, places_frame, reports_frame  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def table() -> pd.DataFrame:
    ev = events_frame()
    return tl.escalation_table(ev[ev["event_id"] != "E6"], measures_frame(), reports_frame(),
                               "2022-01-01", "2022-01-11", places=places_frame(), regions=UNITS)


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts] + [c.get_text() for c in ax.get_children()
                                               if isinstance(c, matplotlib.text.Annotation)]


@pytest.mark.parametrize("fn", [plot_events_per_day, plot_places_reached, plot_casualties, plot_measures])
def test_each_panel_draws_on_the_given_axes_and_returns_it(fn, table):
    fig, ax = plt.subplots()
    assert fn(table, ax) is ax
    assert ax.get_title(loc="left")  # a title stating the finding
    assert len(ax.patches) + len(ax.lines) + len(ax.collections) > 0
    lo, hi = ax.get_xlim()
    assert lo < matplotlib.dates.date2num(pd.Timestamp("2022-01-01")) < hi
    assert lo < matplotlib.dates.date2num(pd.Timestamp("2022-01-11")) < hi


def test_each_panel_makes_its_own_axes(table):
    ax = plot_events_per_day(table)
    assert ax.figure is not None


def test_events_panel_stacks_the_counts_of_the_table(table):
    ax = plot_events_per_day(table, title="")
    heights = {}
    for bar in ax.patches:
        x = round(bar.get_x() + bar.get_width() / 2)
        heights[x] = heights.get(x, 0) + bar.get_height()
    day = matplotlib.dates.date2num(pd.Timestamp("2022-01-04"))
    assert heights[round(day)] == 2
    assert sum(heights.values()) == table["events_total"].sum()
    assert ax.get_title(loc="left") == ""
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Protests", "Riots", "Strategic developments"]


def test_events_title_states_the_peak(table):
    ax = plot_events_per_day(table)
    assert ax.get_title(loc="left") == "Events peaked on 2 Jan: 2 recorded in one day, 6 in 11 days"


def test_casualties_marks_the_retracted_figure(table):
    ax = plot_casualties(table)
    assert "164 killed: retracted" in _texts(ax)
    assert "killed: 28" in _texts(ax)
    assert ax.get_yscale() == "log"


def test_measures_writes_the_number_of_units(table):
    ax = plot_measures(table, units=3)
    texts = _texts(ax)
    assert texts.count("3") == 2 and texts.count("1") == 3
    assert "full" in texts and "withdrawing" in texts
    assert ax.get_title(loc="left") == "All 3 units under a state of emergency from 6 Jan; lifted unit by unit, the last on 10 Jan"


def test_plot_escalation_shares_one_axis_and_labels_the_milestones(table):
    axes = plot_escalation(table, units=3)
    assert len(axes) == 5
    fig = axes[0].figure
    assert all(a.figure is fig for a in axes)
    assert len({a.get_xlim() for a in axes}) == 1
    strip = [t.get_text() for t in axes[0].texts]
    assert "Government dismissed; State of emergency" in strip
    assert "State of emergency ends" in strip
    assert fig._suptitle.get_text() == ("Unrest peaked on the first day of protest; "
                                        "a state of emergency followed for 5 days")


def test_plot_toll_history_draws_bodies_side_by_side():
    history = tl.toll_history_table(reports_frame(), metrics=("killed",), start="2022-01-01", end="2022-02-28")
    axes = plot_toll_history(history, start="2022-01-01", end="2022-02-28", split="2022-01-15", title="T")
    assert axes.shape == (1, 2)
    labels = [t.get_text() for t in axes[0, 1].get_legend().get_texts()]
    assert labels == ["Ministry A", "Ministry B", "Ministry C", "retracted"]
    assert "164 (Ministry A, retracted)" in _texts(axes[0, 0])
    assert "retracted" not in axes[0, 0].get_title(loc="left")  # Ministry A retracted it, not Ministry B (the title's body)


def test_plots_cope_with_an_empty_window():
    empty = tl.escalation_table(events_frame().iloc[:0], measures_frame().iloc[:0], reports_frame().iloc[:0],
                                "2022-01-01", "2022-01-03", places=places_frame(), regions=UNITS)
    assert len(empty) == 3
    axes = plot_escalation(empty)
    assert axes[4].get_title(loc="left") == "No state of emergency in force in this window"


def test_shipped_figures_save_byte_identically(tmp_path):
    tables = kzlib.load_all()
    tab = tl.escalation_table(tables["events"], tables["measures"], tables["casualty_reports"],
                              places=tables["places"], regions=tables["regions"])
    outs = []
    for k in range(2):
        axes = plot_escalation(tab)
        png, csv = kzlib.save_figure(axes[0].figure, "escalation", tab, folder=tmp_path / str(k))
        outs.append((png.read_bytes(), csv.read_bytes()))
        plt.close("all")
    assert outs[0] == outs[1]
    assert len(outs[0][0]) > 10_000
    history = tl.toll_history_table(tables["casualty_reports"])
    axes = plot_toll_history(history)
    assert np.asarray(axes).ndim == 2
