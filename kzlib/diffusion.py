"""How it spread: space-time interaction (Knox), contagion or urban hierarchy.

Diffusion geography (Hägerstrand) asks whether something spreads by **contagion**, from
near to far and from place to neighbouring place, or down the **urban hierarchy**, big
cities first. This module gives three answers, each on small, explicit data:

* :func:`knox` — the Knox test of space-time interaction: are pairs of events (or of
  places' first days) that are close in space also close in time more often than chance?
  Counts and permutation p-values come from :class:`pointpats.spacetime.Knox`, over a grid
  of distance and day thresholds; distances are taken on an equal-area projection fitted to
  the points.
* :func:`diffusion_modes` — arrival order (day of first counted event) against distance
  from the origin, distance from the nearest place already reached (contagion) and
  population (hierarchy): Spearman rank correlations with permutation p-values, and a
  discrete-time logit model of being reached on a day (statsmodels) with 95 % intervals.
* :func:`succession_links` — for each place, the nearest place reached before it ("who
  came after whom").

Everything takes kzlib's tables or the ACLED/UCDP readers' output (any country), with
``first`` from :func:`kzlib.first_seen`. Days are whole local days: ties are common, and
"before" always means on an earlier day.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .errors import KzDataError, Problem
from .spread import COUNTED_EVENT_TYPES, counted_events

__all__ = ["knox", "diffusion_modes", "DiffusionModes", "succession_links", "equal_area_km"]

_NS_DAY = 86_400_000_000_000


# --------------------------------------------------------------------------- helpers
def equal_area_km(lat: Sequence[float], lon: Sequence[float]) -> tuple[np.ndarray, str]:
    """Project WGS84 points to a Lambert azimuthal equal-area plane centred on their extent.

    Returns an ``(n, 2)`` array of x, y in kilometres and the PROJ string used. Within a
    country (a few thousand km) straight-line distances on it are within a few per cent of
    geodesic ones, which is what the Knox thresholds need.
    """
    from pyproj import Transformer

    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    if len(lat) == 0:
        return np.zeros((0, 2)), ""
    lat0 = (np.nanmin(lat) + np.nanmax(lat)) / 2
    lon0 = (np.nanmin(lon) + np.nanmax(lon)) / 2
    proj = f"+proj=laea +lat_0={lat0:.4f} +lon_0={lon0:.4f} +datum=WGS84 +units=km +no_defs"
    x, y = Transformer.from_crs("EPSG:4326", proj, always_xy=True).transform(lon, lat)
    return np.column_stack([x, y]), proj


def _coordinates(ids: pd.Series, places: pd.DataFrame, rows: pd.DataFrame, what: str) -> pd.DataFrame:
    """latitude/longitude for each id: from ``places``, else from the rows' own columns."""
    known = places.drop_duplicates("place_id").set_index("place_id")[["latitude", "longitude"]]
    out = known.reindex(ids.astype(str).to_numpy()).reset_index(drop=True)
    if out.isna().any(axis=1).any() and {"latitude", "longitude"} <= set(rows.columns):
        own = rows[["latitude", "longitude"]].apply(pd.to_numeric, errors="coerce").reset_index(drop=True)
        out = out.fillna(own)
    bad = np.flatnonzero(out.isna().any(axis=1).to_numpy())
    if len(bad):
        raise KzDataError([Problem(what, int(i) + 2, "place_id", str(ids.iloc[i]),
                                   "a place_id of places, or latitude/longitude on the row") for i in bad])
    return out.astype(float)


def _seeded(seed: int | None):
    """Context: run numpy's global generator (which pointpats uses) from ``seed``, then restore it."""
    class _Ctx:
        def __enter__(self) -> None:
            self.state = np.random.get_state()
            if seed is not None:
                np.random.seed(seed)

        def __exit__(self, *exc: Any) -> None:
            np.random.set_state(self.state)
    return _Ctx()


# --------------------------------------------------------------------------- Knox
def knox(events: pd.DataFrame, places: pd.DataFrame | None = None, *,
         close_km: float | Sequence[float] = (25, 50, 100, 250, 500),
         close_days: int | Sequence[int] = (0, 1, 2),
         permutations: int = 999, seed: int | None = 0, on: str = "first",
         event_types: Sequence[str] = COUNTED_EVENT_TYPES, origin: str | None = None) -> pd.DataFrame:
    """Knox test of space-time interaction over a grid of thresholds.

    ``events`` is an event frame (kzlib or a reader's output); ``places`` the gazetteer
    (default :func:`kzlib.load_places`; for reader output pass :func:`kzlib.places_for`).
    ``on="first"`` takes one point per place, at its first day (:func:`kzlib.first_seen`,
    with ``origin``); ``on="events"`` takes every counted event (each event once, dated to
    the day). Two points are *close in space* if at most ``close_km`` apart and *close in
    time* if at most ``close_days`` days apart (0 = the same day).

    Returns one row per (``close_km``, ``close_days``): ``n`` (points), ``pairs``,
    ``close_space``, ``close_time``, ``observed`` (pairs close in both: the Knox statistic),
    ``expected`` (``close_space * close_time / pairs``), ``ratio`` (observed / expected),
    ``p_value`` (one-sided permutation p-value, ``(k + 1) / (permutations + 1)``, seeded
    with ``seed``) and ``p_poisson`` (pointpats' Poisson approximation). ``attrs`` hold
    ``projection``, ``on`` and ``permutations``.
    """
    from pointpats.spacetime import Knox

    if places is None:
        from .load import load_places

        places = load_places()
    if on == "first":
        from .spread import first_seen

        kw = {} if origin is None else {"origin": origin}
        pts = first_seen(events, places, event_types=event_types, **kw)
        days = (pts["first_date"].to_numpy(dtype="datetime64[ns]").view("int64") // _NS_DAY).astype(float)
        xy_src = pts[["latitude", "longitude"]].astype(float).reset_index(drop=True)
    elif on == "events":
        ev = counted_events(events, event_types=event_types).reset_index(drop=True)
        days = (ev["date"].to_numpy(dtype="datetime64[ns]").view("int64") // _NS_DAY).astype(float)
        xy_src = _coordinates(ev["place_id"], places, ev, "events")
    else:
        raise ValueError(f"on: expected 'first' or 'events', got {on!r}")
    xy, proj = equal_area_km(xy_src["latitude"], xy_src["longitude"])
    kms = [float(close_km)] if np.isscalar(close_km) else [float(k) for k in close_km]
    dds = [int(close_days)] if np.isscalar(close_days) else [int(d) for d in close_days]
    n = len(days)
    rows = []
    for km in kms:
        for dd in dds:
            if n < 3:
                rows.append({"close_km": km, "close_days": dd, "n": n, "pairs": n * (n - 1) // 2,
                             "close_space": 0, "close_time": 0, "observed": 0, "expected": np.nan,
                             "ratio": np.nan, "p_value": np.nan, "p_poisson": np.nan})
                continue
            with _seeded(seed):
                k = Knox(xy, days.reshape(-1, 1), delta=km, tau=dd, permutations=permutations)
            ns, nt = k.observed[0].sum(), k.observed[:, 0].sum()
            exp = float(k.expected[0, 0])
            rows.append({"close_km": km, "close_days": dd, "n": n, "pairs": n * (n - 1) // 2,
                         "close_space": int(ns), "close_time": int(nt), "observed": int(k.statistic_),
                         "expected": exp, "ratio": k.statistic_ / exp if exp > 0 else np.nan,
                         "p_value": float(k.p_sim) if permutations > 0 else np.nan,
                         "p_poisson": float(k.p_poisson)})
    out = pd.DataFrame(rows)
    out.attrs.update({"projection": proj, "on": on, "permutations": permutations, "seed": seed})
    return out


# --------------------------------------------------------------------------- modes
def _pairwise_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    from pyproj import Geod

    g = Geod(ellps="WGS84")
    n = len(lat)
    d = np.zeros((n, n))
    for i in range(n):
        _, _, m = g.inv(np.full(n, lon[i]), np.full(n, lat[i]), lon, lat)
        d[i] = np.asarray(m) / 1000.0
    return d


def _nearest_earlier(days: np.ndarray, dist: np.ndarray) -> np.ndarray:
    """For each point, the distance to the nearest point with a strictly earlier day (NaN if none)."""
    earlier = days[None, :] < days[:, None]
    d = np.where(earlier, dist, np.inf).min(axis=1)
    return np.where(np.isfinite(d), d, np.nan)


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    from scipy.stats import spearmanr

    ok = ~(np.isnan(x) | np.isnan(y))
    if ok.sum() < 3 or np.ptp(x[ok]) == 0 or np.ptp(y[ok]) == 0:
        return float("nan")
    return float(spearmanr(x[ok], y[ok]).statistic)


def succession_links(first: pd.DataFrame) -> pd.DataFrame:
    """For each place of ``first`` (:func:`kzlib.first_seen`), the nearest place (geodesic)
    reached on an earlier day: ``place_id, name, first_date, latitude, longitude, after_id,
    after_name, after_date, after_latitude, after_longitude, km``. Places reached on the
    first day have no earlier place (``after_id`` empty, ``km`` NaN)."""
    f = first.reset_index(drop=True)
    lat, lon = f["latitude"].to_numpy(dtype=float), f["longitude"].to_numpy(dtype=float)
    days = f["first_date"].to_numpy(dtype="datetime64[ns]").view("int64") // _NS_DAY
    dist = _pairwise_km(lat, lon)
    earlier = days[None, :] < days[:, None]
    masked = np.where(earlier, dist, np.inf)
    j = masked.argmin(axis=1) if len(f) else np.zeros(0, dtype=int)
    has = np.isfinite(masked[np.arange(len(f)), j]) if len(f) else np.zeros(0, dtype=bool)
    out = f[["place_id", "name", "first_date", "latitude", "longitude"]].copy()
    for col, src in (("after_id", "place_id"), ("after_name", "name"), ("after_date", "first_date"),
                     ("after_latitude", "latitude"), ("after_longitude", "longitude")):
        vals = f[src].to_numpy()[j] if len(f) else f[src].to_numpy()
        out[col] = pd.Series(vals, index=out.index).where(has)
    out["after_date"] = pd.to_datetime(out["after_date"])
    out["km"] = np.where(has, masked[np.arange(len(f)), j], np.nan) if len(f) else []
    return out


@dataclass
class DiffusionModes:
    """Result of :func:`diffusion_modes`.

    ``correlations``: one row per measure (``from_origin_km``, ``nearest_reached_km``,
    ``population``) with ``n``, ``rho`` (Spearman, arrival day against the measure),
    ``p_value`` (two-sided permutation p-value), ``expect`` (the sign each mode predicts).
    ``model``: the discrete-time logit, one row per term (``const``, ``log_km_nearest``,
    ``log_population``) with ``coef``, ``ci_low``, ``ci_high`` (95 %), ``odds_ratio``, ``p_value``;
    empty if it could not be fitted (``model_note`` says why). ``panel``: the place-days it
    was fitted on. ``places``: per place, day, and the three measures.
    """

    correlations: pd.DataFrame
    model: pd.DataFrame
    model_note: str
    panel: pd.DataFrame
    places: pd.DataFrame

    def describe(self) -> str:
        """One line per measure: rho, p and what the sign would mean."""
        lines = []
        for r in self.correlations.itertuples(index=False):
            lines.append(f"{r.measure}: rho = {r.rho:+.2f} (permutation p = {r.p_value:.3f}, n = {r.n}); "
                         f"{r.expect}")
        return "\n".join(lines)


_EXPECT = {
    "from_origin_km": "contagion from the origin predicts rho > 0 (far places later)",
    "nearest_reached_km": "contagion predicts small distances throughout, not a trend; rho > 0 means late "
                          "places were further from any reached place",
    "population": "hierarchy predicts rho < 0 (big places first)",
}


def diffusion_modes(first: pd.DataFrame, places: pd.DataFrame | None = None, *,
                    permutations: int = 999, seed: int | None = 0,
                    risk_set: pd.DataFrame | None = None) -> DiffusionModes:
    """Arrival order against distance from the origin, contagion and urban hierarchy.

    ``first`` is :func:`kzlib.first_seen` output (any origin, any country); ``places``
    supplies ``population`` (default :func:`kzlib.load_places`). The arrival day is
    ``day_offset``; the origin is the row(s) with ``day_offset`` 0 and the place named in
    ``first.attrs['origin']``, whose own distance (0) is left out of the correlations.

    Correlations: Spearman's rho between arrival day and (a) geodesic distance from the
    origin, (b) distance to the nearest place reached on an earlier day, (c) population.
    Each p-value permutes the arrival days among the places ``permutations`` times (seeded)
    and recomputes (b) under the permuted order; p = (k + 1) / (permutations + 1) with k the
    permutations with |rho| at least the observed.

    Model: for every day after the first and every place of ``risk_set`` (default: the
    places of ``first``, plus every place of ``places`` with coordinates and population when
    ``risk_set`` is given) not reached before that day, the outcome "reached that day",
    regressed (logit, statsmodels) on log of the km to the nearest already-reached place and
    log population. Returns a :class:`DiffusionModes`.
    """
    if places is None:
        from .load import load_places

        places = load_places()
    f = first.reset_index(drop=True).copy()
    pop = places.drop_duplicates("place_id").set_index("place_id")["population"] \
        if "population" in places.columns else pd.Series(dtype=float)
    f["population"] = pd.to_numeric(f["place_id"].map(pop), errors="coerce").astype(float)
    lat, lon = f["latitude"].to_numpy(dtype=float), f["longitude"].to_numpy(dtype=float)
    days = f["day_offset"].to_numpy(dtype=float)
    dist = _pairwise_km(lat, lon)
    origin = first.attrs.get("origin")
    is_origin = (f["place_id"] == origin).to_numpy() if origin else np.zeros(len(f), dtype=bool)
    from_origin = np.where(is_origin, np.nan, f["distance_km"].to_numpy(dtype=float))
    f["nearest_reached_km"] = _nearest_earlier(days, dist)
    measures = {"from_origin_km": lambda d: from_origin,
                "nearest_reached_km": lambda d: _nearest_earlier(d, dist),
                "population": lambda d: f["population"].to_numpy(dtype=float)}
    rng = np.random.default_rng(seed)
    perms = [rng.permutation(len(days)) for _ in range(permutations)]
    rows = []
    for name, fn in measures.items():
        obs = _spearman(days, fn(days))
        k = 0
        for p in perms:
            d = days[p]
            r = _spearman(d, fn(d))
            k += bool(np.isfinite(r) and np.isfinite(obs) and abs(r) >= abs(obs) - 1e-12)
        x = fn(days)
        n = int((~np.isnan(x) & ~np.isnan(days)).sum())
        rows.append({"measure": name, "n": n, "rho": obs,
                     "p_value": (k + 1) / (permutations + 1) if np.isfinite(obs) else np.nan,
                     "expect": _EXPECT[name]})
    corr = pd.DataFrame(rows)
    panel = _panel(f, places, risk_set)
    model, note = _fit(panel)
    per_place = f[["place_id", "name", "day_offset", "distance_km", "nearest_reached_km", "population"]]
    return DiffusionModes(corr, model, note, panel, per_place)


def _panel(f: pd.DataFrame, places: pd.DataFrame, risk_set: pd.DataFrame | None) -> pd.DataFrame:
    """Place-days at risk: one row per (day, place not yet reached before that day)."""
    cand = f[["place_id", "latitude", "longitude", "day_offset", "population"]].copy()
    if risk_set is not None:
        extra = risk_set[~risk_set["place_id"].isin(cand["place_id"])]
        extra = extra.assign(day_offset=np.nan,
                             population=pd.to_numeric(extra["population"], errors="coerce").astype(float))
        cand = pd.concat([cand, extra[cand.columns]], ignore_index=True)
    cand = cand.dropna(subset=["latitude", "longitude"]).reset_index(drop=True)
    lat, lon = cand["latitude"].to_numpy(dtype=float), cand["longitude"].to_numpy(dtype=float)
    dist = _pairwise_km(lat, lon)
    day = cand["day_offset"].to_numpy(dtype=float)
    reached_days = day[~np.isnan(day)]
    if len(reached_days) == 0:
        return pd.DataFrame(columns=["day", "place_id", "reached", "km_nearest", "population"])
    rows = []
    for t in range(int(reached_days.min()) + 1, int(reached_days.max()) + 1):
        before = ~np.isnan(day) & (day < t)
        if not before.any():
            continue
        near = np.where(before[None, :], dist, np.inf).min(axis=1)
        at_risk = ~before
        for i in np.flatnonzero(at_risk):
            rows.append({"day": t, "place_id": cand["place_id"].iat[i], "reached": int(day[i] == t),
                         "km_nearest": float(near[i]), "population": cand["population"].iat[i]})
    return pd.DataFrame(rows, columns=["day", "place_id", "reached", "km_nearest", "population"])


def _fit(panel: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    import warnings

    import statsmodels.api as sm

    cols = ["term", "coef", "ci_low", "ci_high", "odds_ratio", "p_value"]
    data = panel.dropna(subset=["km_nearest", "population"])
    data = data[(data["population"] > 0)]
    if len(data) < 10 or data["reached"].nunique() < 2:
        return pd.DataFrame(columns=cols), f"not fitted: {len(data)} place-days with population, too few"
    x = pd.DataFrame({"log_km_nearest": np.log(data["km_nearest"].clip(lower=1.0)),
                      "log_population": np.log(data["population"])})
    x = sm.add_constant(x, has_constant="add")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = sm.Logit(data["reached"].to_numpy(dtype=float), x).fit(disp=0, maxiter=200)
        except Exception as e:  # perfect separation, singular matrix
            return pd.DataFrame(columns=cols), f"not fitted: {type(e).__name__}: {e}"
    ci = res.conf_int(0.05)
    out = pd.DataFrame({"term": list(x.columns), "coef": res.params.to_numpy(),
                        "ci_low": ci[0].to_numpy(), "ci_high": ci[1].to_numpy(),
                        "odds_ratio": np.exp(np.clip(res.params.to_numpy(), -700, 700)),
                        "p_value": res.pvalues.to_numpy()})
    return out, f"logit on {len(data)} place-days ({int(data['reached'].sum())} arrivals)"
