"""What production refuses to start with: settings that are fine on a laptop and wrong on a server.

Each check names the setting and what to do, because the operator reads this in a container log.
"""

from urllib.parse import urlparse, urlunparse

from django.core.exceptions import ImproperlyConfigured

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}  # noqa: S104  # nosec B104 (names refused)
# Passwords that ship in examples, compose defaults and tutorials. A database reachable with one of
# these is reachable by anyone who read the same example.
DEFAULT_DATABASE_PASSWORDS = {"", "postgres", "zvh", "changeme", "password", "secret", "admin"}
# The S3 identity of the test and demo object storage (docker/seaweedfs/s3.json): public, in git.
TEST_S3_ACCESS_KEYS = {"zvh-test-access"}


def redis_database(url: str, number: int) -> str:
    """The same Redis/Valkey server as `url`, database `number` (the cache beside the broker)."""
    parts = urlparse(url)
    return urlunparse(parts._replace(path=f"/{number}"))


def refuse_unsafe_deployment(*, site_url, database, documents_storage, broker_url, cache_url) -> None:
    site_host = urlparse(site_url).hostname or ""
    if site_host in LOCAL_HOSTS:
        raise ImproperlyConfigured(
            f"SITE_URL is {site_url!r}: e-mail links would point to this machine. "
            "Set SITE_URL to the address users open, e.g. https://zaaksysteem.zvh-regio.nl."
        )
    if urlparse(site_url).scheme != "https":
        raise ImproperlyConfigured(f"SITE_URL is {site_url!r}: production is served over https only.")
    engine = database.get("ENGINE", "")
    if "sqlite" in engine:
        raise ImproperlyConfigured("DATABASE_URL points to SQLite: production needs PostgreSQL.")
    host = database.get("HOST") or ""
    socket_without_password = host.startswith("/") and not database.get("PASSWORD")
    if not socket_without_password and database.get("PASSWORD", "") in DEFAULT_DATABASE_PASSWORDS:
        raise ImproperlyConfigured(
            "The database password is empty or a well-known default. Set a generated password "
            "(POSTGRES_PASSWORD_FILE / DATABASE_URL_FILE from a secret)."
        )
    options = documents_storage.get("OPTIONS", {})
    if options.get("access_key") in TEST_S3_ACCESS_KEYS:
        raise ImproperlyConfigured(
            "DOCUMENTS_S3_ACCESS_KEY is the test identity from docker/seaweedfs/s3.json. "
            "Give the object storage its own keys (DOCUMENTS_S3_ACCESS_KEY_FILE / _SECRET_KEY_FILE)."
        )
    if _same_redis_database(broker_url, cache_url):
        raise ImproperlyConfigured(
            "CELERY_BROKER_URL and CACHE_URL are the same Redis/Valkey database: a cache eviction or "
            "flush would drop queued jobs. Give the cache its own database (e.g. /1)."
        )


def _same_redis_database(first: str, second: str) -> bool:
    a, b = urlparse(first), urlparse(second)
    return (a.hostname, a.port, a.path.strip("/") or "0") == (b.hostname, b.port, b.path.strip("/") or "0")
