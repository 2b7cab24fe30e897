"""Pre-computed dashboard figures (issue 8): the beat job stores the selections managers open most,
a request reads them without aggregate queries, concurrent cold requests compute a selection once,
and the figures are still computed when the cache (Redis) is down. Production caches figures
(DASHBOARD_CACHE_SECONDS = 300, Redis); here a local-memory cache stands in for Redis."""

import threading
import time
from io import StringIO

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

import dashboard.dashboard
import dashboard.figures
from dashboard.dashboard import build_dashboard
from dashboard.figures import cached_figures, figures_key, stored_selections, warm_figures
from dashboard.filters import Filters
from dashboard.lla import build_lla_figures
from dashboard.tasks import warm_dashboard_task
from tests.auth import login
from tests.concurrency import race

LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "figures-tests"}}
AGGREGATES = ("percentile_cont", "GROUP BY", "COUNT(")


@pytest.fixture
def figure_cache():
    with override_settings(DASHBOARD_CACHE_SECONDS=300, CACHES=LOCAL_CACHE):
        cache.clear()
        yield cache
        cache.clear()


def aggregate_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if any(word in q["sql"] for word in AGGREGATES)]


def test_beat_runs_the_figure_job_every_few_minutes():
    from zvh.celery_schedule import DESCRIPTIONS

    entry = settings.CELERY_BEAT_SCHEDULE["dashboard-cijfers"]
    assert entry["task"] == "dashboard.tasks.warm_dashboard_task"
    assert "stuurinformatie" in DESCRIPTIONS["dashboard-cijfers"]
    assert len(entry["schedule"].minute) >= 20  # every two minutes: figures stored for 300 s never lapse


@pytest.mark.django_db
def test_the_task_stores_figures_that_the_dashboard_reads_without_aggregate_queries(
    client, manager, seeded, figure_cache
):
    stored = warm_dashboard_task.delay().get()
    year = timezone.localdate().year
    assert set(stored) == {
        f"{build}:{y}" for build in ("build_dashboard", "build_lla_figures") for y in (year, year - 1)
    }
    login(client, manager)
    for name, build in (
        ("dashboard:dashboard", build_dashboard),
        ("dashboard:lla", build_lla_figures),
    ):
        stored_figures = figure_cache.get(figures_key(build, Filters(year=year)))
        assert stored_figures is not None and stored_figures.computed_at is not None
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name))
        assert response.status_code == 200
        assert aggregate_queries(queries) == []
        page = response.content.decode()
        assert f"Cijfers berekend om {timezone.localtime(stored_figures.computed_at):%H:%M}" in page
    # Last year is stored too; another selection is computed on request (and then kept).
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("dashboard:dashboard"), {"jaar": year - 1})
    assert aggregate_queries(queries) == []
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("dashboard:dashboard"), {"jaar": year, "kwartaal": 1})
    assert len(aggregate_queries(queries)) >= 8


@pytest.mark.django_db
def test_stored_figures_equal_computed_ones(seeded, figure_cache):
    warm_figures()
    for filters in stored_selections():
        stored = cached_figures(build_dashboard, filters)
        fresh = build_dashboard(filters)
        assert [t.as_rows() for t in stored.tables] == [t.as_rows() for t in fresh.tables]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_cold_requests_compute_a_selection_once(figure_cache):
    calls = []
    lock = threading.Lock()

    def build_dashboard(filters):  # the real build, slowed down; same name, so the same cache key
        with lock:
            calls.append(filters)
        time.sleep(0.3)
        return dashboard.dashboard.build_dashboard(filters)

    filters = Filters(year=timezone.localdate().year, quarter=2)
    results, errors = race(lambda: cached_figures(build_dashboard, filters), times=3)
    assert errors == []
    assert len(calls) == 1
    assert len({r.computed_at for r in results}) == 1
    assert figure_cache.get(f"{figures_key(build_dashboard, filters)}:lock") is None  # released


@pytest.mark.django_db
def test_a_slow_lock_holder_does_not_block_a_request(figure_cache, monkeypatch):
    monkeypatch.setattr(dashboard.figures, "FIGURES_WAIT_SECONDS", 0.2)
    filters = Filters(year=timezone.localdate().year, quarter=3)
    key = figures_key(build_dashboard, filters)
    figure_cache.add(f"{key}:lock", 1, 60)  # another process computes and never finishes
    started = time.monotonic()
    figures = cached_figures(build_dashboard, filters)
    assert figures.computed_at is not None and time.monotonic() - started < 2
    assert figure_cache.get(key) is not None


@pytest.mark.django_db
def test_figures_are_computed_when_the_cache_is_down(client, manager):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens here
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(DASHBOARD_CACHE_SECONDS=300, CACHES=unreachable):
        figures = cached_figures(build_dashboard, Filters(year=timezone.localdate().year))
        assert figures.headline and figures.computed_at is None
        login(client, manager)
        for name in ("dashboard:dashboard", "dashboard:lla"):
            response = client.get(reverse(name))
            assert response.status_code == 200 and "Cijfers berekend om" not in response.content.decode()


@pytest.mark.django_db
def test_without_a_figure_cache_nothing_is_stored(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0  # development and tests
    assert warm_figures() == {}
    out = StringIO()
    call_command("warm_dashboard", stdout=out)
    assert "niets gedaan" in out.getvalue()


@pytest.mark.django_db
def test_warm_dashboard_command_stores_and_times(figure_cache):
    out = StringIO()
    call_command("warm_dashboard", stdout=out)
    assert "Stuurinformatie opgeslagen" in out.getvalue()
    assert figure_cache.get(figures_key(build_dashboard, stored_selections()[0])) is not None
    out = StringIO()
    call_command("warm_dashboard", "--cold-runs", "2", stdout=out)
    assert '"median_ms"' in out.getvalue()
