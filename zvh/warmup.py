"""A web worker gets ready before it takes its first request (issue 8).

Django imports the views on the first request and compiles each template the first time it is
used, and the first message a process hands to the broker sets up Celery's and kombu's machinery
(about 60 ms on the benchmark machine). Left lazy, whoever happens to be a worker's first visitor
of a page pays for it: after every deploy and every worker recycle (gunicorn `--max-requests`),
the first escalation submitted to each worker took 100-140 ms against 30-40 ms for the next.

`warm_up_worker` is called from zvh/wsgi.py, so every WSGI server process (gunicorn in production
and in `make bench`, runserver in the demo) does it while it starts. Each step is best-effort: a
worker that cannot reach the broker starts anyway and publishes as before."""

from __future__ import annotations

import gc
import logging
import time
from pathlib import Path

from django.conf import settings
from django.core.validators import EmailValidator, URLValidator
from django.template.loader import get_template
from django.urls import get_resolver
from kombu import Producer

from notifications.outbox import publish_options
from notifications.tasks import dispatch_messages_task
from zvh.celery import app

logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = (".html", ".txt")


def warm_up_worker() -> dict:
    """Import the views, compile the project's templates and the validators' regular
    expressions, and prepare the broker connection. Returns what was done (for the log line and
    the tests)."""
    started = time.monotonic()
    url_patterns = get_resolver().url_patterns  # imports every URLconf and, through them, every view
    templates = compile_project_templates()
    # Django compiles these patterns on first use; the e-mail domain pattern alone took 40 ms
    # in the first escalation form a worker validated.
    EmailValidator()("voorbereiding@example.org")
    URLValidator()("https://example.org/")
    broker = prepare_broker()
    # What the steps above allocated is there for the worker's lifetime: collect once now and keep
    # it out of later collections, instead of a full collection during some visitor's request.
    gc.collect()
    gc.freeze()
    done = {
        "url_patterns": len(url_patterns),
        "templates": templates,
        "broker": broker,
        "ms": round((time.monotonic() - started) * 1000),
    }
    logger.info("Worker voorbereid: %(templates)d templates, broker %(broker)s, %(ms)d ms", done)
    return done


def compile_project_templates() -> int:
    """Compile every template under the project's template directories into Django's cached
    loader (the one production uses), so no request compiles one."""
    count = 0
    for directory in _template_dirs():
        for path in sorted(directory.rglob("*")):
            if path.suffix not in TEMPLATE_SUFFIXES or not path.is_file():
                continue
            try:
                get_template(path.relative_to(directory).as_posix())
            except Exception:  # noqa: BLE001 - a broken template fails its own page, not the worker
                logger.exception("Template %s compileert niet", path)
                continue
            count += 1
    return count


def _template_dirs() -> list[Path]:
    return [Path(directory) for engine in settings.TEMPLATES for directory in engine.get("DIRS", [])]


def prepare_broker() -> str:
    """Open a publishing connection the way `notifications.outbox.dispatch` does and set up
    Celery's routing and message machinery, without publishing anything. 'eager' when tasks run
    in-process (demo, tests), 'onbereikbaar' when the broker cannot be reached."""

    if app.conf.task_always_eager:
        return "eager"
    try:
        with app.connection_for_write(**publish_options()) as connection:
            connection.ensure_connection(max_retries=0)  # within the publish timeout
            Producer(connection.default_channel)  # the channel and producer a publish opens
            app.amqp.create_task_message("warm-up", dispatch_messages_task.name, ([],), {})  # built, not sent
    except Exception as error:  # noqa: BLE001 - a worker without a broker still serves pages
        logger.warning("Broker niet bereikbaar bij het starten van de worker: %s", error)
        return "onbereikbaar"
    return "verbonden"
