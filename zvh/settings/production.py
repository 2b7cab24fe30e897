"""Production: the server settings (zvh/settings/server.py), and a refusal to start with values that
are fine on a laptop and wrong on a server (zvh/settings/production_checks.py)."""

from .production_checks import refuse_unsafe_deployment
from .server import *  # noqa: F403
from .server import CACHES, CELERY_BROKER_URL, DATABASES, SITE_URL, STORAGES

refuse_unsafe_deployment(
    site_url=SITE_URL,
    database=DATABASES["default"],
    documents_storage=STORAGES["documents"],
    broker_url=CELERY_BROKER_URL,
    cache_url=CACHES["default"]["LOCATION"],
)
