"""The test settings on SQLite, for the parts of the suite that prove a behaviour on both
databases (tests/privacy/test_retention_leaves_nothing.py). ZVH_SQLITE_PATH names the file."""

import os
import tempfile
from pathlib import Path

from .test import *  # noqa: F403

_path = os.environ.get("ZVH_SQLITE_PATH") or str(Path(tempfile.gettempdir()) / "zvh-test.sqlite3")
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": _path, "TEST": {"NAME": _path}}}
