"""Pre-computed dashboard figures (issue 8): what the beat job `dashboard-cijfers` and the command
`warm_dashboard` run. Every two minutes the selections managers open most (programmes/dashboard.py
`stored_selections`: this year and last year, dashboard and Levensloopaanpak) are computed and stored
in the shared figure cache for DASHBOARD_CACHE_SECONDS, so `cached_figures` only reads them."""

from __future__ import annotations

import time

from django.conf import settings

from .dashboard import build_dashboard, build_lla_figures, store_figures, stored_selections

BUILDS = (build_dashboard, build_lla_figures)


def warm_figures() -> dict[str, float]:
    """Compute and store the figures of the stored selections; return milliseconds per selection
    ({} when figures are not cached, DASHBOARD_CACHE_SECONDS = 0, as in development and tests)."""
    seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 0)
    if not seconds:
        return {}
    timings = {}
    for filters in stored_selections():
        for build in BUILDS:
            started = time.perf_counter()
            store_figures(build, filters, seconds)
            timings[f"{build.__name__}:{filters.period_label}"] = round(1000 * (time.perf_counter() - started), 1)
    return timings


def cold_timings(runs: int = 3) -> list[float]:
    """Milliseconds of `runs` direct computations of the default dashboard selection (nothing stored):
    the cost a request pays when no stored figures are there (bench/run.py reports the median)."""
    filters = stored_selections()[0]
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        build_dashboard(filters)
        timings.append(round(1000 * (time.perf_counter() - started), 1))
    return timings
