"""A web worker prepares itself before its first request (zvh/warmup.py, called from zvh/wsgi.py):
views imported, every project template compiled, the broker connection set up; a worker whose
broker is down still starts, within the publish timeout."""

import gc
import importlib
import time

import pytest
from django.conf import settings

from zvh import warmup
from zvh.celery import app


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()  # warm_up_worker keeps what it made out of later collections; not in the test run


def test_every_project_template_is_compiled_before_the_first_request():
    files = [p for p in (settings.BASE_DIR / "templates").rglob("*") if p.suffix in warmup.TEMPLATE_SUFFIXES]
    # A template with a syntax error is left out of the count (and logged), so this also fails
    # when any template does not compile.
    assert warmup.compile_project_templates() == len(files) > 100


def test_a_broken_template_fails_its_own_page_not_the_worker(settings, tmp_path):
    (tmp_path / "goed.html").write_text("<p>{{ naam }}</p>")
    (tmp_path / "kapot.html").write_text("{% if %}")  # syntax error
    (tmp_path / "latin1.txt").write_bytes("Geachte heer Çelik".encode("latin-1"))  # not UTF-8
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path], "APP_DIRS": False}]
    assert warmup.compile_project_templates() == 1


def test_the_worker_connects_to_the_broker_or_starts_without_it(monkeypatch):
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    assert warmup.prepare_broker() == "verbonden"  # the Redis of this test run
    monkeypatch.setitem(app.conf, "broker_url", "redis://127.0.0.1:1/0")  # nothing listens there
    started = time.monotonic()
    assert warmup.prepare_broker() == "onbereikbaar"
    assert time.monotonic() - started < settings.BROKER_PUBLISH_TIMEOUT + 1.5


def test_tasks_run_in_process_need_no_broker(monkeypatch):
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    monkeypatch.setitem(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    assert warmup.prepare_broker() == "eager"


def test_the_wsgi_module_warms_its_worker_up_and_starts_whatever_happens(monkeypatch):
    calls = []
    monkeypatch.setattr(warmup, "warm_up_worker", lambda: calls.append("warmed") or {})
    wsgi = importlib.import_module("zvh.wsgi")
    calls.clear()
    importlib.reload(wsgi)  # as a gunicorn worker imports it
    assert calls == ["warmed"] and callable(wsgi.application)

    def fails():
        raise RuntimeError("iets onverwachts")

    monkeypatch.setattr(warmup, "warm_up_worker", fails)
    importlib.reload(wsgi)
    assert callable(wsgi.application)


def test_warm_up_reports_what_it_did(unfrozen):
    done = warmup.warm_up_worker()
    assert done["url_patterns"] > 5 and done["templates"] > 100 and done["broker"] == "eager"
