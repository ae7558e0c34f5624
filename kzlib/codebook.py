"""Generated parts of data/README.md: the column tables of the codebook (from
:mod:`kzlib.schema`) and the coverage section (from the data).

``python -m kzlib.codebook`` rewrites every block between ``<!-- BEGIN name -->`` and
``<!-- END name -->`` markers; a test checks the committed file is current.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from . import paths
from .schema import TABLES, Column

TYPE_NAMES = {
    "id": "id (text)", "str": "text", "text": "free text", "date": "date (YYYY-MM-DD)",
    "time": "time (HH:MM)", "int": "integer", "float": "decimal", "bool": "true/false",
    "category": "category", "idlist": "ids (`;`-separated)", "figure": "figure words",
    "range": "integer (computed)",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def column_table(table: str) -> str:
    """Return the markdown table documenting every column of ``table``."""
    lines = ["| column | type | required | description | example | allowed values |",
             "|---|---|---|---|---|---|"]
    for c in TABLES[table]:
        allowed = _allowed(c)
        lines.append(f"| `{c.name}` | {TYPE_NAMES[c.kind]} | {'yes' if c.required else 'no'} | "
                     f"{_cell(c.description)} | {_cell(c.example) or '—'} | {_cell(allowed)} |")
    return "\n".join(lines)


def _allowed(c: Column) -> str:
    if c.kind == "range":
        return f"computed from `{c.figure_of}` by `parse_figure`; empty = open"
    if c.kind == "figure":
        return "a figure phrase: see *Vague figures*"
    if c.kind in ("text", "str") and not c.pattern and not c.allowed:
        return "—"
    if c.unique:
        return c.allowed_text() + "; unique"
    return c.allowed_text()


def blocks() -> dict[str, Callable[[], str]]:
    """Return the generated blocks by marker name."""
    out: dict[str, Callable[[], str]] = {f"columns:{t}": (lambda t=t: column_table(t)) for t in TABLES}
    try:
        from .coverage import coverage_markdown
    except ImportError:  # coverage arrives with the full data
        return out
    out["coverage"] = coverage_markdown
    return out


def render(text: str) -> str:
    """Return ``text`` with every marked block regenerated."""
    for name, make in blocks().items():
        pattern = re.compile(rf"(<!-- BEGIN {re.escape(name)} -->\n)(?:.*?\n)?(<!-- END {re.escape(name)} -->)",
                             re.S)
        if pattern.search(text):
            body = make().rstrip("\n") + "\n"
            text = pattern.sub(lambda m: m.group(1) + body + m.group(2), text)
    return text


def main(argv: list[str] | None = None) -> int:
    """Rewrite data/README.md's generated blocks in place; print whether it changed."""
    path = Path(argv[0]) if argv else paths.data_dir() / "README.md"
    old = path.read_text(encoding="utf-8")
    new = render(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
        print(f"updated {path}")
    else:
        print(f"{path} is current")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
