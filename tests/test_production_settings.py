"""Production refuses laptop values and takes secrets from files: each case imports the settings
in a fresh interpreter, as a container does at start."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECRET = "s" * 60
SAFE = {
    "DJANGO_SETTINGS_MODULE": "zvh.settings.production",
    "SECRET_KEY": SECRET,
    "SITE_URL": "https://zaaksysteem.zvh-regio.nl",
    "ALLOWED_HOSTS": "zaaksysteem.zvh-regio.nl",
    "DATABASE_URL": "postgres://zvh:Xq7-generated-9kd2@db:5432/zvh",
    "REDIS_URL": "redis://valkey:6379/0",
    "PATH": "/usr/bin:/bin",
}
SHOW = (
    "import django; from django.conf import settings; django.setup(); "
    "print(settings.SECRET_KEY == 's' * 60, settings.DATABASES['default']['PASSWORD'], "
    "settings.CACHES['default']['LOCATION'], settings.CELERY_BROKER_URL)"
)


def start(environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", SHOW], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_safe_values_start_with_the_cache_beside_the_broker():
    result = start(SAFE)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["True", "Xq7-generated-9kd2", "redis://valkey:6379/1", "redis://valkey:6379/0"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SITE_URL": "http://127.0.0.1:8000"}, "SITE_URL"),
        ({"SITE_URL": "https://localhost"}, "SITE_URL"),
        ({"SITE_URL": "http://zaaksysteem.zvh-regio.nl"}, "https only"),
        ({"DATABASE_URL": "postgres://zvh:zvh@db:5432/zvh"}, "well-known default"),
        ({"DATABASE_URL": "postgres://postgres@db:5432/zvh"}, "well-known default"),
        ({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "SQLite"),
        ({"DOCUMENTS_S3_BUCKET": "docs", "DOCUMENTS_S3_ACCESS_KEY": "zvh-test-access"}, "test identity"),
        ({"CACHE_URL": "redis://valkey:6379/0"}, "same Redis/Valkey database"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
    ],
)
def test_laptop_values_are_refused_with_the_setting_named(overrides, message):
    result = start({**SAFE, **overrides})
    assert result.returncode != 0
    assert message in result.stderr


def test_secrets_come_from_files(tmp_path):
    (tmp_path / "secret_key").write_text(SECRET + "\n")
    (tmp_path / "database_url").write_text("postgres://zvh:from-a-file-71c@db:5432/zvh\n")
    environment = {k: v for k, v in SAFE.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    environment["SECRET_KEY_FILE"] = str(tmp_path / "secret_key")
    environment["DATABASE_URL_FILE"] = str(tmp_path / "database_url")
    result = start(environment)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[:2] == ["True", "from-a-file-71c"]


def test_a_secret_given_twice_or_unreadable_is_refused(tmp_path):
    (tmp_path / "secret_key").write_text(SECRET)
    both = start({**SAFE, "SECRET_KEY_FILE": str(tmp_path / "secret_key")})
    assert both.returncode != 0 and "SECRET_KEY or SECRET_KEY_FILE, not both" in both.stderr
    missing = {k: v for k, v in SAFE.items() if k != "SECRET_KEY"}
    missing["SECRET_KEY_FILE"] = str(tmp_path / "absent")
    unreadable = start(missing)
    assert unreadable.returncode != 0 and "cannot be read" in unreadable.stderr
