"""Read ACLED and UCDP GED exports as they come and map them onto kzlib's events schema.

:func:`read_acled` and :func:`read_ucdp_ged` return a frame whose first columns are exactly
those of :func:`kzlib.load_events` (same order and dtypes, including ``size_approx`` and
``fatalities_approx``), followed by extra columns that keep what the export says (ids,
coordinates, admin names, precision codes, source text). So whatever takes kzlib's events
(:func:`kzlib.first_seen`, :func:`kzlib.daily_counts`, the plots) takes these too.

Places and regions
    Each row's location is resolved to a gazetteer place (``data/places.csv``) by name or
    alias (case- and diacritic-insensitive), else to the nearest gazetteer place within
    ``match_km`` (geodesic), else to a *new* place whose id is the slug of the location and
    which carries the export's coordinates. :func:`new_places` returns those new places and
    :func:`places_for` the gazetteer plus them, for functions that need coordinates. The
    January-2022 unit comes from ``admin1``/``adm_1`` (every spelling in
    :data:`kzlib.gazetteer.ADMIN1_NAMES`, plus regions.csv's names) and, where that is
    missing, unknown or ambiguous (bare "Almaty"), from the point's polygon in
    ``load_boundaries("admin1")``. Extra columns ``place_match`` (alias / distance / new),
    ``place_km`` and ``region_match`` (admin1 / admin1+coordinates / coordinates / none) say
    how each row was resolved; conflicts are written into ``notes``.

Checks
    A file that is not what it claims raises one :class:`~kzlib.KzDataError` naming the
    file, row (header = 1), column, value and what was expected: not UTF-8, not
    comma-separated, missing columns, short rows (all via :func:`kzlib.validate.read_raw`),
    duplicate ids, dates that do not parse or fall outside kzlib's 2022 window, codes
    outside their range, unknown event types, a ``year`` that contradicts the date, rows of
    another country and points outside Kazakhstan (bounding box, then the country polygon
    with a ``border_km`` margin). Nothing is dropped silently: rows outside ``dates=`` are
    skipped only when asked, and counted in ``attrs["skipped_rows"]``.

Missing values are empty cells or the text ``NA``. Excel workbooks (``.xlsx``) are read
only if ``openpyxl`` is installed; otherwise a KzDataError says to install it or to save the
sheet as CSV (``.xls`` likewise needs ``xlrd``). Zipped downloads must be unzipped first.
"""
from __future__ import annotations

from .acled import read_acled
from .fields import (ACLED_API, ACLED_CURRENT, ACLED_USED, ACTOR_TYPES, GED_COLUMNS, GED_DATE_PREC, GED_USED,
                     GED_VIOLENCE, GED_WHERE_PREC, parse_export_date)
from .places import COUNTRY_COLUMNS, KAZAKHSTAN, new_places, places_for
from .ucdp import read_ucdp_ged

__all__ = [
    "read_acled", "read_ucdp_ged", "new_places", "places_for", "parse_export_date",
    "ACLED_CURRENT", "ACLED_API", "ACLED_USED", "GED_COLUMNS", "GED_USED", "ACTOR_TYPES", "GED_DATE_PREC",
    "GED_WHERE_PREC", "GED_VIOLENCE", "KAZAKHSTAN", "COUNTRY_COLUMNS",
]
