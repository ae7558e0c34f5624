"""Merge research staging folders into data/ (a curator's tool, not used at run time).

Usage: python tools/merge_staging.py STAGING_DIR [STAGING_DIR ...]

Each staging folder may hold sources.csv, events.csv, measures.csv,
casualty_reports.csv and places.csv in the column layout of data/README.md, with
temporary ids and without the computed range columns. Rows are appended to data/
with new stable ids (never reusing one), ranges are computed with
kzlib.parse_figure, and `revises` references are remapped. Sources already present
(same source_id or same URL) are not duplicated.
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kzlib.errors import KzDataError  # noqa: E402
from kzlib.quantities import parse_figure  # noqa: E402
from kzlib.schema import columns  # noqa: E402

DATA = ROOT / "data"
PREFIX = {"events": "E", "measures": "M", "casualty_reports": "C"}
IDCOL = {"events": "event_id", "measures": "measure_id", "casualty_reports": "report_id"}


def read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [{k.strip(): (v or "").strip() for k, v in r.items() if k} for r in csv.DictReader(f)]


def write(path: Path, table: str, rows: list[dict[str, str]]) -> None:
    names = [c.name for c in columns(table)]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=names, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({n: r.get(n, "") for n in names})


def fill_ranges(table: str, row: dict[str, str]) -> None:
    for c in columns(table):
        if c.kind == "range":
            text = row.get(c.figure_of or "", "")
            if not text:
                row[c.name] = ""
                continue
            try:
                fig = parse_figure(text)
            except KzDataError:
                print(f"  cannot parse {c.figure_of}={text!r}; fix the words (the loader will report it)")
                row[c.name] = ""
                continue
            v = fig.low if c.name.endswith("_low") else fig.high
            row[c.name] = "" if v is None else str(v)


def fix_acled_pairs(row: dict[str, str]) -> None:
    """Put a sub-event type under the ACLED event type it belongs to (e.g. looting is a
    Strategic development, excessive force against protesters is a Protests sub-type)."""
    from kzlib.schema import acled_event_types

    for etype, subs in acled_event_types().items():
        if row.get("sub_event_type") in subs and row.get("event_type") != etype:
            row["notes"] = (row.get("notes", "") + f" [event_type set to {etype} to match ACLED's "
                            f"vocabulary; was {row.get('event_type')}]").strip()
            row["event_type"] = etype
            return


def next_id(table: str, existing: list[dict[str, str]]) -> int:
    nums = [int(m.group(1)) for r in existing if (m := re.match(rf"{PREFIX[table]}(\d+)$", r[IDCOL[table]]))]
    return max(nums, default=0) + 1


def main(dirs: list[str]) -> None:
    sources = read(DATA / "sources.csv")
    known_ids = {s["source_id"] for s in sources}
    known_urls = {s["url"]: s["source_id"] for s in sources if s.get("url")}
    places = read(DATA / "places.csv")
    known_places = {p["place_id"] for p in places}
    tables = {t: read(DATA / f"{t}.csv") for t in PREFIX}
    for d in map(Path, dirs):
        alias: dict[str, str] = {}
        for s in read(d / "sources.csv"):
            sid = s["source_id"]
            if sid in known_ids:
                continue
            if s.get("url") and s["url"] in known_urls:
                alias[sid] = known_urls[s["url"]]
                continue
            sources.append(s)
            known_ids.add(sid)
            if s.get("url"):
                known_urls[s["url"]] = sid
        for p in read(d / "places.csv"):
            if p["place_id"] not in known_places:
                places.append(p)
                known_places.add(p["place_id"])
        for table in PREFIX:
            rows = read(d / f"{table}.csv")
            n = next_id(table, tables[table])
            idmap: dict[str, str] = {}
            for r in rows:
                idmap[r[IDCOL[table]]] = f"{PREFIX[table]}{n:04d}"
                n += 1
            for r in rows:
                r[IDCOL[table]] = idmap[r[IDCOL[table]]]
                if r.get("revises"):
                    rev = r["revises"]
                    r["revises"] = rev[5:] if rev.startswith("DATA:") else idmap.get(rev, rev)
                r["source_ids"] = ";".join(alias.get(x.strip(), x.strip())
                                           for x in r.get("source_ids", "").split(";") if x.strip())
                if table == "events":
                    fix_acled_pairs(r)
                fill_ranges(table, r)
                tables[table].append(r)
            print(f"{d.name}: {len(rows)} {table}")
        for table in PREFIX:   # rows folded in earlier may cite a source now aliased
            for r in tables[table]:
                r["source_ids"] = ";".join(dict.fromkeys(alias.get(x, x) for x in r["source_ids"].split(";") if x))
    write(DATA / "sources.csv", "sources", sources)
    write(DATA / "places.csv", "places", places)
    for t, rows in tables.items():
        write(DATA / f"{t}.csv", t, rows)


if __name__ == "__main__":
    main(sys.argv[1:])
