"""Reading settings from the environment (12-factor), with secrets optionally from files.

Every secret setting `X` can instead be given as `X_FILE`: the path of a file holding the value
(Docker/podman secrets are mounted as such files under /run/secrets/). A value in a file never
appears in `docker inspect`, the process environment or a crash report's environment dump.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env(name: str, default: str = "") -> str:
    """The setting `name`: from the file `name_FILE` points to, else from `name`, else `default`.
    Both set is a mistake an operator should hear about, not a silent choice."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        if name in os.environ:
            raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both.")
        try:
            # A trailing newline is how editors and `echo` write files; it is never part of a secret.
            return Path(file_path).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE={file_path} cannot be read: {error.strerror}.") from error
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from error


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]
