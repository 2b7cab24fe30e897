"""The test settings on SQLite, for the parts of the suite that prove a behaviour on both
databases (tests/privacy/test_retention_leaves_nothing.py). ZVH_SQLITE_PATH names the file."""

import os

from .test import *  # noqa: F403

_path = os.environ.get("ZVH_SQLITE_PATH", "/tmp/zvh-test.sqlite3")  # noqa: S108
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": _path, "TEST": {"NAME": _path}}}
