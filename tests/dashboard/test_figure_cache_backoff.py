"""A frozen Redis (issue 20): the figure cache backs off like the outbox does, so only the first
request after the failure waits for the socket timeout, not every dashboard request."""

import socket
import time

import pytest
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

import dashboard.figures
from dashboard.dashboard import build_dashboard
from dashboard.figures import cached_figures
from dashboard.filters import Filters
from tests.auth import login

TIMEOUT = 0.5


@pytest.fixture
def frozen_redis():
    """A TCP port that accepts connections (the kernel's backlog) and never answers: a frozen Redis."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    frozen = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT},
        }
    }
    with override_settings(DASHBOARD_CACHE_SECONDS=300, CACHES=frozen):
        yield
    listener.close()


def _timed(call) -> float:
    started = time.monotonic()
    call()
    return time.monotonic() - started


@pytest.mark.django_db
def test_a_frozen_cache_costs_one_request_the_timeout_then_is_skipped(client, manager, frozen_redis):
    filters = Filters(year=timezone.localdate().year)
    first = _timed(lambda: cached_figures(build_dashboard, filters))
    assert first >= TIMEOUT  # it really waited on the frozen server
    assert dashboard.figures.cache_backing_off()

    login(client, manager)
    for _ in range(3):
        elapsed = _timed(lambda: client.get(reverse("dashboard:dashboard")))
        assert elapsed < TIMEOUT  # computed without asking the frozen cache again

    # After the backoff the cache is tried again (and, still frozen, backs off again).
    dashboard.figures._cache_down_until = time.monotonic() - 1
    assert _timed(lambda: cached_figures(build_dashboard, filters)) >= TIMEOUT
    assert dashboard.figures.cache_backing_off()


@pytest.mark.django_db
def test_an_unreachable_cache_is_backed_off_too():
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens here
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(DASHBOARD_CACHE_SECONDS=300, CACHES=unreachable):
        figures = cached_figures(build_dashboard, Filters(year=timezone.localdate().year))
        assert figures.headline
        assert dashboard.figures.cache_backing_off()
