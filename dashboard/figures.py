"""The figures of a selection, computed once and shared: what the figure pages read (`cached_figures`),
and what the beat job `dashboard-cijfers` and the command `warm_dashboard` store ahead (issue 8).
Every two minutes the selections managers open most (`stored_selections`: this year and last year,
dashboard and Levensloopaanpak) are computed and stored in the shared figure cache for
DASHBOARD_CACHE_SECONDS, so `cached_figures` only reads them."""

from __future__ import annotations

import time
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .dashboard import Dashboard, build_dashboard
from .filters import Filters
from .lla import build_lla_figures

# How long a request that finds no figures waits for another process computing the same selection
# (a cold computation takes some 150–200 ms at 100,000 cases) before it computes them itself.
FIGURES_LOCK_SECONDS = 10
FIGURES_WAIT_SECONDS = 2.0
FIGURES_POLL_SECONDS = 0.05


def figures_key(build, filters: Filters) -> str:
    """The cache key of one selection's figures: per build (dashboard, LLA), filters and day."""
    selection = (
        filters.year, filters.quarter, getattr(filters.programme, "pk", None),
        getattr(filters.municipality, "pk", None), filters.municipality_unknown, timezone.localdate().isoformat(),
    )  # fmt: skip
    return ":".join(["figures", build.__name__, *map(str, selection)])  # no spaces (memcached-safe)


def compute_figures(build, filters: Filters) -> Dashboard:
    """Compute one selection's figures now, stamped with the moment (the page shows it)."""
    figures = build(filters)
    figures.computed_at = timezone.now()
    return figures


def store_figures(build, filters: Filters, seconds: int) -> Dashboard:
    """Compute one selection's figures and store them for `seconds` (the beat job, dashboard/tasks.py).
    Raises when the cache is down: the job then fails visibly; requests compute as without a cache."""
    figures = compute_figures(build, filters)
    cache.set(figures_key(build, filters), figures, seconds)
    return figures


# After the cache failed (Redis down or frozen: each call waits for its ~1 s socket timeout), this
# process computes without it for CACHE_BACKOFF_SECONDS, as the outbox does with the broker, so a
# frozen Redis costs one request a second, not every request.
CACHE_BACKOFF_SECONDS = 30
_cache_down_until = 0.0  # monotonic time; per process


def cache_backing_off() -> bool:
    return time.monotonic() < _cache_down_until


def _cache_failed() -> None:
    global _cache_down_until
    _cache_down_until = time.monotonic() + CACHE_BACKOFF_SECONDS


def reset_cache_backoff() -> None:
    """Forget an earlier failure (tests, and a process that knows the cache is back)."""
    global _cache_down_until
    _cache_down_until = 0.0


def cached_figures(build, filters: Filters) -> Dashboard:
    """The figures of one selection: the one entry point of the figure pages.

    DASHBOARD_CACHE_SECONDS = 0 (development, tests) computes them every time. Otherwise (production:
    300) they come from the cache that every web process shares (Redis). The selections managers open
    most (this year and last year, whole year, all programmes and municipalities, dashboard and LLA)
    are stored there every two minutes by the beat job `dashboard-cijfers` (dashboard/tasks.py), so a
    request only reads them. Any other selection is computed on first request and kept for
    DASHBOARD_CACHE_SECONDS; concurrent cold requests for the same selection compute it once: the
    first takes a short lock (cache.add), the others wait up to FIGURES_WAIT_SECONDS for its result
    and compute themselves if it is slower. At 100,000 cases a cold computation costs some 100–150 ms of
    aggregate SQL; figures may be minutes old and the page says when they were computed (issue 8).
    When the cache is unreachable the figures are computed as without one, and for
    CACHE_BACKOFF_SECONDS this process does not ask it again."""
    seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 0)
    if not seconds or cache_backing_off():
        return build(filters)
    key = figures_key(build, filters)
    try:
        figures = cache.get(key)
    except Exception:  # noqa: BLE001 - the cache (Redis) is down: compute, as without a cache
        _cache_failed()
        return build(filters)
    if figures is not None:
        return figures
    lock = f"{key}:lock"
    try:
        computing_elsewhere = not cache.add(lock, 1, FIGURES_LOCK_SECONDS)
    except Exception:  # noqa: BLE001
        _cache_failed()
        return build(filters)
    if computing_elsewhere:
        figures = _wait_for(key)
        if figures is not None:
            return figures
    try:
        figures = compute_figures(build, filters)
        try:
            cache.set(key, figures, seconds)
        except Exception:  # noqa: BLE001 - losing the cache loses nothing
            _cache_failed()
    finally:
        if not computing_elsewhere:
            try:
                cache.delete(lock)
            except Exception:  # noqa: BLE001, S110 - the lock expires by itself
                pass
    return figures


def _wait_for(key: str) -> Dashboard | None:
    """The figures another process is computing, once stored; None after FIGURES_WAIT_SECONDS."""
    deadline = time.monotonic() + FIGURES_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(FIGURES_POLL_SECONDS)
        try:
            figures = cache.get(key)
        except Exception:  # noqa: BLE001
            _cache_failed()
            return None
        if figures is not None:
            return figures
    return None


def stored_selections(today: date | None = None) -> list[Filters]:
    """The selections the beat job keeps stored: the default one (this year, whole year, all
    programmes and municipalities) and the same for last year."""
    year = (today or timezone.localdate()).year
    return [Filters(year=year), Filters(year=year - 1)]


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
