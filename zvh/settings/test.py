"""Tests run against real PostgreSQL and Redis (DATABASE_URL / REDIS_URL, local defaults)."""

import os
import uuid

import dj_database_url

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, documents_storage

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

# Documents on a real S3 server (SeaweedFS, docker/test-services.sh) in a bucket of this test run,
# created on first use and removed at the end of the session (tests/conftest.py). Each pytest-xdist
# worker has its own bucket (tests compare the bucket's contents before and after). The name goes
# into the environment so a child process (the SQLite run) uses its worker's bucket; only the
# process that chose it removes it.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_BUCKET_VARIABLE = f"ZVH_TEST_DOCUMENTS_BUCKET_{_XDIST_WORKER or 'main'}"
DOCUMENTS_S3_BUCKET_OWNED = _BUCKET_VARIABLE not in os.environ
DOCUMENTS_S3_BUCKET = os.environ.setdefault(
    _BUCKET_VARIABLE, "-".join(filter(None, ["zvh-test", uuid.uuid4().hex[:12], _XDIST_WORKER]))
)
os.environ.setdefault("DOCUMENTS_S3_ENDPOINT_URL", "http://127.0.0.1:8333")
os.environ.setdefault("DOCUMENTS_S3_ACCESS_KEY", "zvh-test-access")
os.environ.setdefault("DOCUMENTS_S3_SECRET_KEY", "zvh-test-secret-not-for-production")
STORAGES = {**STORAGES, "documents": documents_storage(bucket=DOCUMENTS_S3_BUCKET, create_bucket=True)}  # noqa: F405
# The test clamd of docker/test-services.sh (its run directory); never a production setting.
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "/tmp/zvh-test-services/clamd.sock")  # noqa: S108  # nosec B108
DOCUMENT_VIRUS_SCAN = True
