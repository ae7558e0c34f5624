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


STRUCTURAL_MUTATIONS = ("shuffle", "drop_column", "duplicate_column", "truncate_row", "extra_field",
                        "duplicate_row", "bom", "crlf", "whitespace", "semicolons", "tabs", "latin1",
                        "header_only", "blank_lines")


def render_csv(rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> str:
    """Write rows as CSV text."""
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return out.getvalue()


def mutate(rows: list[list[str]], mutation: str, rnd) -> tuple[str | bytes, int]:
    """Apply one structural mutation to a CSV given as rows (header first).

    Returns the file content and the number of data rows a reader should return if it
    accepts the file.
    """
    rows = [list(r) for r in rows]
    n = len(rows) - 1
    if mutation == "shuffle":
        order = list(range(len(rows[0])))
        rnd.shuffle(order)
        rows = [[r[i] for i in order] for r in rows]
    elif mutation == "drop_column":
        i = rnd.randrange(len(rows[0]))
        rows = [r[:i] + r[i + 1:] for r in rows]
    elif mutation == "duplicate_column":
        i = rnd.randrange(len(rows[0]))
        rows = [r + [r[i]] for r in rows]
    elif mutation == "truncate_row":
        k = rnd.randrange(1, len(rows))
        rows[k] = rows[k][: rnd.randrange(1, len(rows[k]))]
    elif mutation == "extra_field":
        rows[rnd.randrange(1, len(rows))].append("surplus")
    elif mutation == "duplicate_row":
        rows.append(list(rows[rnd.randrange(1, len(rows))]))
        n += 1
    elif mutation == "whitespace":
        rows = [rows[0]] + [[f"  {v} " for v in r] for r in rows[1:]]
    text: str | bytes = render_csv(rows, delimiter={"semicolons": ";", "tabs": "\t"}.get(mutation, ","),
                                   newline="\r\n" if mutation == "crlf" else "\n")
    if mutation == "bom":
        text = "\ufeff" + text
    if mutation == "latin1":
        text = text.replace("a", "á").encode("latin-1", errors="replace")
    if mutation == "header_only":
        text, n = render_csv(rows[:1]), 0
    if mutation == "blank_lines":
        text = text.replace("\n", "\n\n", 2)
    return text, n


def load_or_problems(load, *, row: int | None = None):
    """Call ``load()``; return its frame, or ``None`` if it raised KzDataError.

    A KzDataError must name a file in every problem and, when ``row`` is given (the file row
    a test broke, header = 1), name that row in at least one problem. Any other exception
    propagates and fails the test.
    """
    from kzlib import KzDataError

    try:
        return load()
    except KzDataError as e:
        assert all(p.file for p in e.problems), e
        if row is not None:
            assert any(p.row == row for p in e.problems), f"no problem names row {row}: {e}"
        return None
