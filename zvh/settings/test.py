"""Tests run against real PostgreSQL and Redis (DATABASE_URL / REDIS_URL, local defaults)."""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

# The demo's seeding is tested too; production settings do not install it.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zvh"), conn_max_age=0
    )
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in production
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
