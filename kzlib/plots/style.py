"""The house style and small helpers shared by every plot function."""
from __future__ import annotations

from contextlib import contextmanager
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg") if matplotlib.get_backend().lower() == "agg" else None
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from ..paths import PACKAGE_DIR  # noqa: E402

STYLE_PATH = PACKAGE_DIR / "kz.mplstyle"


@contextmanager
def style() -> Iterator[None]:
    """Context manager applying kzlib's house style (``kzlib/kz.mplstyle``)."""
    with plt.style.context(str(STYLE_PATH)):
        yield


@contextmanager
def deferred_draw(ax: Axes, *, draw_after: bool = False) -> Iterator[None]:
    """Keep geopandas' ``plot()`` from drawing the whole figure after every layer.

    geopandas ends each ``plot`` with ``canvas.draw_idle()``, which on a non-interactive
    (Agg) canvas draws at once: a figure of ten map panels was drawn some forty times before
    it was saved. Inside this context those calls do nothing; the figure is drawn when it is
    saved or shown. ``draw_after=True`` draws it once on leaving, as the last layer's call
    would have: a layout engine then places the Axes before labels are fitted to it.
    """
    canvas = ax.figure.canvas
    own = "draw_idle" in vars(canvas)
    previous = canvas.draw_idle
    canvas.draw_idle = lambda *args, **kwargs: None
    try:
        yield
    finally:
        if own:
            canvas.draw_idle = previous
        else:
            del canvas.draw_idle
    if draw_after:
        canvas.draw_idle()


def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """Return ``ax`` or, if None, the Axes of a new figure of ``figsize`` inches."""
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize)
    return ax


def source_line(ax: Axes, text: str, *, y: float = -0.08) -> None:
    """Write a small grey source line under the Axes."""
    ax.annotate(text, xy=(0, y), xycoords="axes fraction", ha="left", va="top",
                fontsize=7.5, color="#555555", annotation_clip=False)
