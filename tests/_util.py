"""Small helpers for tests that break data files on purpose."""
from __future__ import annotations

from pathlib import Path


def edit_csv(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV (row as a person counts it, header = 1) and rewrite it."""
    import csv

    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    col = rows[0].index(column)
    rows[row - 1][col] = value
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
