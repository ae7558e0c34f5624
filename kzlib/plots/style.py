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
