"""The one error type kzlib raises for bad input, and the record of each problem."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file.

    ``row`` counts as a person does in the file or a spreadsheet view: the header is
    row 1, the first data row is row 2. ``row`` and ``column`` are ``None`` when the
    problem concerns the whole file (missing, empty) or the whole column (absent).
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        got = "" if self.value is None else f"got {_short(self.value)!r}, "
        return f"{', '.join(where)}: {got}expected {self.expected}"


def _short(value: str, limit: int = 60) -> str:
    value = str(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


class KzDataError(ValueError):
    """Raised when a file or value does not meet kzlib's data contract.

    ``problems`` lists every problem found (several are reported together, none are
    dropped); the message names the file, row, column, bad value and what was expected
    for each of them (the first 20, then a count of the rest).
    """

    MAX_SHOWN = 20

    def __init__(self, problems: list[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        if not problems:
            raise ValueError("KzDataError needs at least one problem")
        self.problems: list[Problem] = list(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        n = len(self.problems)
        files = sorted({p.file for p in self.problems})
        head = f"{n} problem{'s' if n != 1 else ''} in {', '.join(files)}"
        lines = [f"  - {p}" for p in self.problems[: self.MAX_SHOWN]]
        if n > self.MAX_SHOWN:
            lines.append(f"  … and {n - self.MAX_SHOWN} more (see .problems)")
        return head + ":\n" + "\n".join(lines)

    @classmethod
    def one(cls, file: str | Path, expected: str, *, row: int | None = None,
            column: str | None = None, value: object = None) -> "KzDataError":
        """Build an error holding a single problem."""
        return cls(Problem(str(file), row, column, None if value is None else str(value), expected))
