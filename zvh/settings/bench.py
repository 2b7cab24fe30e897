"""The benchmark (`make bench`, bench/README.md): the server settings of production
(zvh/settings/server.py, without production's refusal of a localhost SITE_URL and a passwordless
database) with only what a load test
on 127.0.0.1 needs changed. DEBUG stays off, the middleware stack, MFA, sessions, CSP, password
hashing and the manifest static storage are those of production.

Overrides, each bench-safe:
- plain HTTP on 127.0.0.1: no TLS redirect, no HSTS, cookies without the Secure flag (a Secure
  cookie is never sent back over http://);
- static files collected into bench/.static (not the shared staticfiles/);
- cache keys prefixed with the database name (the 100k and 1k servers share one Redis);
- a middleware that counts the SQL queries of each request and reports them in the response
  header `X-Bench-Queries` (the benchmark's per-page query counts);
- a bare authenticated page `/bench/floor/` through the same middleware: the floor that the
  case pages are compared with.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 60)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

from .base import BASE_DIR  # noqa: E402
from .server import *  # noqa: E402, F403
from .server import CACHES, DATABASES, MIDDLEWARE  # noqa: E402

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STATIC_ROOT = BASE_DIR / "bench" / ".static"
ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
# Both benchmark servers share one Redis: each keeps its own cached figures.
CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": DATABASES["default"]["NAME"]}}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
