"""Merge research staging folders into data/ (a curator's tool, not used at run time).

Usage: python tools/merge_staging.py STAGING_DIR [STAGING_DIR ...]

Each staging folder may hold sources.csv, events.csv, measures.csv,
casualty_reports.csv and places.csv in the column layout of data/README.md, with
temporary ids and without the computed range columns. Rows are appended to data/
with new stable ids (never reusing one), ranges are computed with
kzlib.parse_figure, and `revises` and `same_event_as` references are remapped. Sources
already present (same source_id or same URL) are not duplicated.

Three more files amend rows already in data/ (or staged in the same folder):
- add_sources.csv  `table,row_id,source_id,note[,replaces]`: cite one more source on a row;
                   `replaces` names a copy on that row that the new source supersedes
                   (it is dropped from the row, and the row's notes say so);
- times.csv        `event_id,time,source_id,note`: the local clock time of an event (the
                   source is cited and the note appended to the row's notes);
- copy_of.csv      `source_id,copy_of,reason`: mark a source as a copy of another.
Finally `first_reported` is recomputed for every event: true on each place's earliest
day with a Protests or Riots row that is not an alternative account.
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


def _append(text: str, more: str) -> str:
    return f"{text} {more}".strip() if more and more not in text else text


def amend(d: Path, tables: dict[str, list[dict[str, str]]], sources: list[dict[str, str]],
          alias: dict[str, str], idmaps: dict[str, dict[str, str]]) -> None:
    """Apply add_sources.csv, times.csv and copy_of.csv of staging folder ``d``."""
    by_id = {t: {r[IDCOL[t]]: r for r in rows} for t, rows in tables.items()}
    for a in read(d / "add_sources.csv"):
        t = a["table"]
        rid = idmaps.get(t, {}).get(a["row_id"], a["row_id"])
        row = by_id.get(t, {}).get(rid)
        if row is None:
            print(f"  add_sources: no {t} row {a['row_id']}; skipped")
            continue
        sid = alias.get(a["source_id"], a["source_id"])
        ids = [x for x in row["source_ids"].split(";") if x]
        if sid not in ids:
            ids.append(sid)
        gone = a.get("replaces", "")
        if gone and gone in ids and gone != sid:
            ids.remove(gone)
            row["notes"] = _append(row.get("notes", ""), f"[{gone} (a copy) replaced by its original {sid}]")
        row["source_ids"] = ";".join(ids)
        if a.get("note"):
            row["notes"] = _append(row.get("notes", ""), f"[{sid}: {a['note']}]")
    for tm in read(d / "times.csv"):
        rid = idmaps.get("events", {}).get(tm["event_id"], tm["event_id"])
        row = by_id["events"].get(rid)
        if row is None:
            print(f"  times: no event {tm['event_id']}; skipped")
            continue
        if row.get("time") and row["time"] != tm["time"]:
            print(f"  times: {rid} has {row['time']}, staging says {tm['time']}; kept the first, noted")
            row["notes"] = _append(row.get("notes", ""), f"[another source gives {tm['time']}: {tm.get('note', '')}]")
            continue
        row["time"] = tm["time"]
        sid = alias.get(tm.get("source_id", ""), tm.get("source_id", ""))
        ids = [x for x in row["source_ids"].split(";") if x]
        if sid and sid not in ids:
            row["source_ids"] = ";".join(ids + [sid])
        row["notes"] = _append(row.get("notes", ""), f"[time {tm['time']}: {tm.get('note', '')} ({sid})]")
    src = {s["source_id"]: s for s in sources}
    for c in read(d / "copy_of.csv"):
        s = src.get(c["source_id"])
        if s is None:
            print(f"  copy_of: no source {c['source_id']}; skipped")
            continue
        s["copy_of"] = alias.get(c.get("copy_of", ""), c.get("copy_of", ""))


def mark_first_reported(events: list[dict[str, str]]) -> None:
    """Keep ``first_reported`` true only on each place's earliest day of a counted Protests/Riots
    row; a place whose marks are missing or on a later day gets all its first-day rows marked."""
    def counted(r: dict[str, str]) -> bool:
        return r["event_type"] in ("Protests", "Riots") and not r.get("same_event_as")

    first: dict[str, str] = {}
    for r in events:
        if counted(r):
            first[r["place_id"]] = min(first.get(r["place_id"], r["date"]), r["date"])
    for r in events:
        if r.get("first_reported") == "true" and (first.get(r["place_id"]) != r["date"] or r.get("same_event_as")):
            r["first_reported"] = "false"
        r.setdefault("first_reported", "false")
        if not r["first_reported"]:
            r["first_reported"] = "false"
    marked = {r["place_id"] for r in events if r["first_reported"] == "true"}
    for r in events:
        if r["place_id"] not in marked and counted(r) and first.get(r["place_id"]) == r["date"]:
            r["first_reported"] = "true"


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
        idmaps: dict[str, dict[str, str]] = {}
        for table in PREFIX:
            rows = read(d / f"{table}.csv")
            n = next_id(table, tables[table])
            idmap: dict[str, str] = idmaps.setdefault(table, {})
            for r in rows:
                idmap[r[IDCOL[table]]] = f"{PREFIX[table]}{n:04d}"
                n += 1
            for r in rows:
                r[IDCOL[table]] = idmap[r[IDCOL[table]]]
                if r.get("revises"):
                    rev = r["revises"]
                    r["revises"] = rev[5:] if rev.startswith("DATA:") else idmap.get(rev, rev)
                if r.get("same_event_as"):
                    r["same_event_as"] = idmap.get(r["same_event_as"], r["same_event_as"])
                r["source_ids"] = ";".join(alias.get(x.strip(), x.strip())
                                           for x in r.get("source_ids", "").split(";") if x.strip())
                if table == "events":
                    fix_acled_pairs(r)
                fill_ranges(table, r)
                tables[table].append(r)
            print(f"{d.name}: {len(rows)} {table}")
        amend(d, tables, sources, alias, idmaps)
        for table in PREFIX:   # rows folded in earlier may cite a source now aliased
            for r in tables[table]:
                r["source_ids"] = ";".join(dict.fromkeys(alias.get(x, x) for x in r["source_ids"].split(";") if x))
    mark_first_reported(tables["events"])
    write(DATA / "sources.csv", "sources", sources)
    write(DATA / "places.csv", "places", places)
    for t, rows in tables.items():
        write(DATA / f"{t}.csv", t, rows)


if __name__ == "__main__":
    main(sys.argv[1:])
