"""The tables' columns, types and allowed values: one specification, used everywhere.

Each table is a tuple of :class:`Column`. The same specification drives
parsing (:mod:`kzlib.validate`), the pandera schema of the typed frames
(:func:`pandera_schema`), and the codebook in data/README.md (checked by a test).
ACLED's event vocabulary ships as data in ``kzlib/vocab/``.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from .paths import PACKAGE_DIR

#: Kazakhstan's extent with a small margin (degrees); places must lie inside it.
KZ_BBOX: dict[str, float] = {"lat_min": 40.5, "lat_max": 55.5, "lon_min": 46.4, "lon_max": 87.4}

SLUG = r"^[a-z0-9][a-z0-9-]*$"
ID = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"

SOURCE_KINDS = ("news", "official", "ngo", "dataset", "social", "academic", "seed")
REGION_KINDS = ("region", "city")
PLACE_KINDS = ("city", "town", "village", "oil_field", "district", "area")
MEASURES = (
    "state_of_emergency", "curfew", "internet_shutdown", "messenger_block",
    "counter_terrorist_operation", "foreign_deployment", "foreign_assistance_request",
    "price_cap", "export_ban", "government_resignation", "leadership_change",
    "shoot_to_kill_order", "day_of_mourning", "amnesty", "bank_suspension", "foreign_statement",
    "other",
)
#: Metrics whose official figures only grow; a fall must be marked as a revision or retraction.
CUMULATIVE_METRICS = ("killed", "injured", "detained", "arrested", "convicted")
#: Metrics that count people at a moment (they may fall without a revision).
STOCK_METRICS = ("hospitalised", "intensive_care", "in_custody", "missing")
METRICS = CUMULATIVE_METRICS + STOCK_METRICS + ("torture_complaints", "other")
POPULATIONS = (
    "all", "security_forces", "civilians", "protesters", "attackers", "bystanders",
    "children", "foreign_nationals", "journalists", "medical_workers", "detainees",
    "violators_of_regime", "other_offenders", "undetermined",
)
PRECISION = (1, 2, 3)


@lru_cache(maxsize=1)
def acled_event_types() -> dict[str, tuple[str, ...]]:
    """Return ACLED's event vocabulary: ``{event_type: (sub_event_type, ...)}``."""
    out: dict[str, list[str]] = {}
    with open(PACKAGE_DIR / "vocab" / "acled_event_categories.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out.setdefault(row["event_type"], []).append(row["sub_event_type"])
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class Column:
    """One column of a table.

    ``kind`` is one of: ``id``, ``str``, ``text`` (free text), ``date`` (YYYY-MM-DD),
    ``time`` (HH:MM), ``int``, ``float``, ``bool`` (true/false), ``category``,
    ``idlist`` (``;``-separated ids), ``figure`` (words of a number, parsed by
    :func:`kzlib.parse_figure`), ``range`` (a bound computed from a figure column).
    """

    name: str
    kind: str
    description: str
    example: str
    required: bool = True
    allowed: tuple[Any, ...] | None = None
    pattern: str | None = None
    unique: bool = False
    bounds: tuple[Any, Any] | None = None
    ref: str | None = None          # "table.column" the value must exist in
    figure_of: str | None = None    # for kind="range": the figure column it derives from
    extra: dict[str, Any] = field(default_factory=dict)

    def allowed_text(self) -> str:
        """Describe the allowed values for the codebook and error messages."""
        if self.allowed is not None:
            return ", ".join(str(a) for a in self.allowed)
        if self.kind == "date":
            lo, hi = self.bounds or (None, None)
            return f"YYYY-MM-DD from {lo} to {hi}" if lo else "YYYY-MM-DD"
        if self.kind == "time":
            return "HH:MM (24 h, local)"
        if self.kind == "bool":
            return "true, false"
        if self.bounds is not None:
            return f"{self.bounds[0]} to {self.bounds[1]}"
        if self.ref:
            return f"a value of {self.ref}"
        if self.pattern:
            return f"matching {self.pattern}"
        return "text"


def _src() -> Column:
    return Column("source_ids", "idlist", "Sources of the row, `;`-separated; each in sources.csv.",
                  "kazinform-2022-01-05-mvd;seed-afp-timeline-2022-01-07", ref="sources.source_id")


EVENT_WINDOW = (date(2022, 1, 1), date(2022, 12, 31))
REPORT_WINDOW = (date(2022, 1, 1), date(2024, 12, 31))
SOURCE_WINDOW = (date(2021, 1, 1), date(2026, 12, 31))

TABLES: dict[str, tuple[Column, ...]] = {
    "sources": (
        Column("source_id", "id", "Stable id of the published document (slug).",
               "kazinform-2022-01-05-mvd-injured", pattern=SLUG, unique=True),
        Column("publisher", "str", "Outlet or body that published it (the original, not a mirror).", "Kazinform"),
        Column("title", "str", "Title as published, in the original language.", "Interior Ministry: 95 injured…"),
        Column("url", "str", "Address of the original publication; empty only for kind `seed`.",
               "https://www.inform.kz/en/…", required=False, pattern=r"^https?://\S+$"),
        Column("published", "date", "Publication date as the page shows it; empty when it shows none (notes then "
               "say what is known, e.g. the month).", "2022-01-05", required=False, bounds=SOURCE_WINDOW),
        Column("language", "str", "ISO 639-1 code of the document's language.", "en", pattern=r"^[a-z]{2}$"),
        Column("kind", "category", "Kind of publisher.", "news", allowed=SOURCE_KINDS),
        Column("accessed", "date", "Date the document was last checked.", "2026-11-23",
               required=False, bounds=(date(2022, 1, 1), date(2030, 12, 31))),
        Column("copy_of", "str", "Empty for the outlet that published the text. For a mirror, republisher or "
               "aggregator: the original's source_id if it is in this file, else its publisher and URL as "
               "known (see \"Originals and copies\").", "tass-2022-01-05-govt-resignation", required=False),
        Column("notes", "text", "Mirrors used and why, caveats.", "Original offline; read via …", required=False),
    ),
    "regions": (
        Column("region_id", "id", "ISO 3166-2 code in force in January 2022.", "KZ-MAN",
               pattern=r"^KZ-[A-Z]{3}$", unique=True),
        Column("iso_code_current", "str", "ISO 3166-2 code since the 2022 change (pycountry).", "KZ-47",
               pattern=r"^KZ-\d{2}$", unique=True),
        Column("name", "str", "English name in January 2022.", "Mangystau Region", unique=True),
        Column("alt_names", "text", "Other names and spellings, `;`-separated.", "Mangistau;Маңғыстау облысы",
               required=False),
        Column("kind", "category", "Region (oblys) or city of republican significance.", "region",
               allowed=REGION_KINDS),
        Column("admin_centre", "id", "place_id of the administrative centre.", "aktau", ref="places.place_id"),
        Column("tz", "str", "IANA time zone; offsets come from zoneinfo, never typed by hand.", "Asia/Aqtau",
               pattern=r"^Asia/[A-Za-z_]+$"),
    ),
    "places": (
        Column("place_id", "id", "Stable id of the settlement (slug of its English name).", "zhanaozen",
               pattern=SLUG, unique=True),
        Column("name", "str", "Name used in kzlib's figures.", "Zhanaozen"),
        Column("alt_names", "text", "Other names: Latin variants, Cyrillic, old and new names, `;`-separated.",
               "Janaozen;Zhangaozen;Жаңаөзен;Жанаозен;Novy Uzen", required=False),
        Column("kind", "category", "Kind of place.", "city", allowed=PLACE_KINDS),
        Column("region_id", "id", "First-level unit in January 2022.", "KZ-MAN", ref="regions.region_id"),
        Column("latitude", "float", "WGS84 latitude (GeoNames unless noted).", "43.34116",
               bounds=(KZ_BBOX["lat_min"], KZ_BBOX["lat_max"])),
        Column("longitude", "float", "WGS84 longitude (GeoNames unless noted).", "52.86192",
               bounds=(KZ_BBOX["lon_min"], KZ_BBOX["lon_max"])),
        Column("population", "int", "Population as given by GeoNames.", "147962", required=False,
               bounds=(0, 10_000_000)),
        Column("geonames_id", "int", "GeoNames id (empty where GeoNames has none).", "607610", required=False,
               bounds=(1, 99_999_999), unique=True),
        Column("notes", "text", "Where coordinates come from when not GeoNames; caveats.", "", required=False),
    ),
    "events": (
        Column("event_id", "id", "Stable id of the event.", "E0001", pattern=ID, unique=True),
        Column("date", "date", "Local calendar date at the place.", "2022-01-02", bounds=EVENT_WINDOW),
        Column("time", "time", "Local clock time at the place (HH:MM, 24 h, the region's tz in regions.csv) "
               "that a source gives for the start of the event; empty when none does. notes say whose "
               "clock and words.", "18:00", required=False),
        Column("time_precision", "int", "ACLED: 1 day known, 2 within the week, 3 within the month.", "1",
               allowed=PRECISION),
        Column("place_id", "id", "Where it happened.", "zhanaozen", ref="places.place_id"),
        Column("geo_precision", "int", "ACLED: 1 at the settlement, 2 near it or part of a district, "
               "3 only the region known.", "1", allowed=PRECISION),
        Column("event_type", "category", "ACLED event type.", "Protests",
               allowed=tuple(acled_event_types())),
        Column("sub_event_type", "category", "ACLED sub-event type, consistent with event_type.",
               "Peaceful protest", allowed=tuple(s for v in acled_event_types().values() for s in v)),
        Column("actor1", "str", "Main actor, ACLED style.", "Protesters (Kazakhstan)"),
        Column("actor2", "str", "Other actor, ACLED style.", "Police Forces of Kazakhstan (2019-)",
               required=False),
        Column("size_text", "figure", "Crowd size in the source's words.", "thousands", required=False),
        Column("size_low", "range", "Lower bound of size_text (parse_figure).", "2000", required=False,
               figure_of="size_text"),
        Column("size_high", "range", "Upper bound of size_text; empty = open.", "9999", required=False,
               figure_of="size_text"),
        Column("fatalities_text", "figure", "Deaths at this event in the source's words.", "dozens",
               required=False),
        Column("fatalities_low", "range", "Lower bound of fatalities_text.", "24", required=False,
               figure_of="fatalities_text"),
        Column("fatalities_high", "range", "Upper bound of fatalities_text; empty = open.", "99",
               required=False, figure_of="fatalities_text"),
        Column("description", "text", "What happened, in kzlib's own words.",
               "Residents rallied on the central square against the doubled LPG price."),
        _src(),
        Column("first_reported", "bool", "True if this is the earliest dated evidence of protest at the place.",
               "true"),
        Column("same_event_as", "id", "event_id of the row this row is another account of (same place, dates at "
               "most a day apart); empty for the counted account. Counts skip rows that have it.", "E0003",
               required=False, pattern=ID, ref="events.event_id"),
        Column("notes", "text", "Conflicts between sources, local time, precision caveats.", "", required=False),
    ),
    "measures": (
        Column("measure_id", "id", "Stable id of the measure.", "M0001", pattern=ID, unique=True),
        Column("measure", "category", "Kind of measure or outside action.", "state_of_emergency",
               allowed=MEASURES),
        Column("level", "str", "Qualifier within the measure (CTO threat level, shutdown phase, "
               "deployment stage, cap level).", "red", required=False),
        Column("scope", "id", "Area: `national`, a region_id or a place_id.", "KZ-MAN",
               ref="regions.region_id|places.place_id|national"),
        Column("start", "date", "Local date it took effect.", "2022-01-05", bounds=EVENT_WINDOW),
        Column("start_time", "time", "Local clock time it took effect, if stated.", "01:30", required=False),
        Column("end", "date", "Local date it ended; empty if open or unknown; = start for one-off acts.",
               "2022-01-19", required=False, bounds=EVENT_WINDOW),
        Column("end_time", "time", "Local clock time it ended, if stated.", "00:00", required=False),
        Column("description", "text", "What the measure was, in kzlib's own words.",
               "State of emergency with a 23:00-07:00 curfew."),
        _src(),
        Column("notes", "text", "Computed ends, conflicts, clock basis.", "", required=False),
    ),
    "casualty_reports": (
        Column("report_id", "id", "Stable id of the report row.", "C0001", pattern=ID, unique=True),
        Column("report_date", "date", "Day the figure was first published.", "2022-01-07",
               bounds=REPORT_WINDOW),
        Column("as_of", "date", "Cut-off the source states, if any.", "2022-01-14", required=False,
               bounds=REPORT_WINDOW),
        Column("reporting_body", "str", "Who published the figure.", "Ministry of Internal Affairs"),
        Column("metric", "category", "What is counted.", "killed", allowed=METRICS),
        Column("population", "category", "Whom it counts.", "security_forces", allowed=POPULATIONS),
        Column("scope", "id", "Area: `national`, a region_id or a place_id.", "national",
               ref="regions.region_id|places.place_id|national"),
        Column("value_text", "figure", "The figure in the source's words.", "more than 1,000"),
        Column("value_low", "range", "Lower bound of value_text (parse_figure).", "1001", required=False,
               figure_of="value_text"),
        Column("value_high", "range", "Upper bound of value_text; empty = open.", "", required=False,
               figure_of="value_text"),
        Column("retracted", "bool", "True if the publisher withdrew the figure.", "false"),
        Column("revises", "id", "report_id of an earlier figure this one corrects or replaces.", "C0012",
               required=False, ref="casualty_reports.report_id"),
        _src(),
        Column("notes", "text", "Context, subsets of other rows, conflicts.", "", required=False),
    ),
}

#: Tables in the order they are loaded (references point backwards).
TABLE_ORDER = ("sources", "regions", "places", "events", "measures", "casualty_reports")


def columns(table: str) -> tuple[Column, ...]:
    """Return the column specification of ``table``."""
    try:
        return TABLES[table]
    except KeyError:
        raise KeyError(f"unknown table {table!r}; known: {', '.join(TABLES)}") from None


def _matches(pattern: str):
    """A vectorised pandera check: True where a string matches ``pattern`` (pyarrow's RE2, whole column
    at once; the patterns here are anchored and use only syntax RE2 and Python's re share)."""
    def check(s):
        import pandas as pd
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = pa.array(s.astype(object).to_numpy(), type=pa.string(), from_pandas=True)
        ok = pc.match_substring_regex(arr, pattern).to_numpy(zero_copy_only=False)
        return pd.Series(ok.astype(bool), index=s.index)
    return check


def pandera_schema(table: str):  # -> pandera.pandas.DataFrameSchema (imported lazily)
    """Return the pandera schema checking the *typed* frame of ``table``.

    It checks dtypes, nullability, uniqueness, allowed values, patterns and bounds.
    Parsing of raw text and cross-table references are done by :mod:`kzlib.validate`.
    """
    import pandera.pandas as pa

    cols = {}
    for c in columns(table):
        checks = []
        if c.allowed is not None:
            checks.append(pa.Check.isin(list(c.allowed)))
        if c.bounds is not None and c.kind == "date":
            import pandas as pd

            checks.append(pa.Check.in_range(pd.Timestamp(c.bounds[0]), pd.Timestamp(c.bounds[1])))
        if c.pattern and c.kind in ("id", "str"):
            checks.append(pa.Check(_matches(c.pattern), name=f"str_matches('{c.pattern}')"))
        if c.bounds is not None and c.kind in ("int", "float"):
            checks.append(pa.Check.in_range(*c.bounds))
        if c.kind == "range":
            checks.append(pa.Check.ge(0))
        dtype = {
            "id": "string", "str": "string", "text": "string", "figure": "string", "idlist": "string",
            "time": "string", "date": "datetime64[ns]", "int": "Int64", "range": "Int64",
            "float": "float64", "bool": "bool", "category": "string",
        }[c.kind]
        cols[c.name] = pa.Column(dtype, checks=checks, nullable=not c.required, unique=c.unique,
                                 coerce=False)
    return pa.DataFrameSchema(cols, strict=True, ordered=True)
