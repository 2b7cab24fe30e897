"""A server (production, and the benchmark that must behave like it): everything from the
environment, safe defaults, refuses to start without a secret. `production` adds the refusals of
laptop values (localhost SITE_URL, default passwords, the test S3 identity); the benchmark on
127.0.0.1 imports this module directly."""

import os

from django.core.exceptions import ImproperlyConfigured

from zvh import observability

from .base import *  # noqa: F403
from .base import REDIS_URL, documents_storage
from .environment import env, env_bool
from .production_checks import redis_database

if not SECRET_KEY or len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set (at least 50 characters) in production.")
if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("DEBUG must be off in production.")

# Dashboard figures are kept this long per selection (dashboard/figures.py cached_figures), in a
# cache that every web process shares: Redis (losing it loses nothing; short timeouts when it is down).
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "300"))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", redis_database(REDIS_URL, 1)),
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^gezondheid/$"]  # container health check speaks plain HTTP
if env_bool("BEHIND_TRUSTED_PROXY", False):
    # Only a proxy that sets this header itself may tell Django the request came in over HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "documents": documents_storage(),  # S3 when DOCUMENTS_S3_BUCKET is set (docker-compose, deployment)
}
if not DOCUMENT_VIRUS_SCAN:  # noqa: F405
    raise ImproperlyConfigured("DOCUMENT_VIRUS_SCAN cannot be off in production: every upload is scanned.")

# Error reporting and tracing: only when SENTRY_DSN / OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/settings.md).
OBSERVABILITY = observability.configure()
