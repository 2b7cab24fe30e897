"""The embedded default for a first run: SQLite, e-mail to files in var/mail/ (read them on
/dev/mail/), tasks in-process."""

import os

from zvh.logging import logging_config

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, INSTALLED_APPS, MIDDLEWARE, env_bool

# Demo-only code (`seed_demo`, `demo_totp`): never in base or production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
# The demo's mails go to one file each in var/mail/ (gitignored), not to the console where they
# buried the demo logins; the dev-only page /dev/mail/ lists and shows them (demo/mailbox.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
# With DEBUG on, Django answers a 404 with its technical page; the demo shows the project's own
# 404 page instead (403 already uses templates/403.html). DEMO_TECHNICAL_404=1 brings Django's back.
if not env_bool("DEMO_TECHNICAL_404", False):
    MIDDLEWARE = [*MIDDLEWARE, "demo.middleware.ProjectNotFoundPageMiddleware"]
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://")

# The demo scans uploads when a clamd answers on CLAMD_SOCKET; without one (a laptop without
# ClamAV) uploads are stored unscanned and marked so. Production refuses to run without scanning.
DOCUMENT_VIRUS_SCAN = env_bool("DOCUMENT_VIRUS_SCAN", os.path.exists(CLAMD_SOCKET))  # noqa: F405

# Readable lines on the developer's console (LOG_FORMAT=json for the servers' format).
LOGGING = logging_config(
    level=os.environ.get("LOG_LEVEL", "INFO"),
    json_lines=os.environ.get("LOG_FORMAT", "text") == "json",
    request_lines=False,
)
# On the embedded SQLite database two PostgreSQL-only features are simply absent, which the demo
# does not need: the covering index's extra columns on cases.Case (W040, a speed-up only) and the
# deferrable unique position of agenda priorities (W038; renumbering works without it). PostgreSQL
# (docker-compose, tests, production) has both, so only SQLite silences the two warnings.

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SILENCED_SYSTEM_CHECKS = ["models.W038", "models.W040"]

# WeasyPrint logs each step of every PDF at INFO; the demo's letters and reports filled the first
# run's output with them.
LOGGING["loggers"].update({"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}})
