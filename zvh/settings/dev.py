"""The embedded default for a first run: SQLite, e-mail to the console, tasks in-process."""

import os

from zvh.logging import logging_config

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env_bool

# Demo-only code (`seed_demo`, `demo_totp`): never in base or production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
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
