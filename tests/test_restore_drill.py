"""The backup and the restore drill (BIO 8.13: a tested restore), run for real on the test database.

docker/backup.sh dumps the test database with `pg_dump -Fc` and the row counts of its snapshot;
docker/restore-drill.sh restores the newest dump into a fresh database, compares the count of every
table, checks that the access log is still append-only in the copy and starts the application on it
(docker/drill_app_check.py). The same scripts run in the compose stack (make restore-drill COMPOSE=1,
make deploy-check).
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from privacy.models import AccessAction, AccessLogEntry

ROOT = Path(__file__).resolve().parent.parent
BACKUP = ROOT / "docker" / "backup.sh"
DRILL = ROOT / "docker" / "restore-drill.sh"

pytestmark = [
    pytest.mark.skipif(not shutil.which("pg_dump") or not shutil.which("pg_restore"), reason="no PostgreSQL tools"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def libpq_environment(**extra: str) -> dict[str, str]:
    """The test database's connection as libpq variables, for the scripts."""
    settings = connection.settings_dict
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),  # noqa: S108
        "LANG": "C.UTF-8",
        "PGHOST": settings["HOST"] or "127.0.0.1",
        "PGPORT": str(settings["PORT"] or 5432),
        "PGUSER": settings["USER"] or "postgres",
        "PGPASSWORD": settings["PASSWORD"] or "",
    }
    environment.update(extra)
    return environment


def run(argv: list[str], environment: dict[str, str], timeout: int = 240) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [str(a) for a in argv], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=timeout
    )


def back_up(backup_dir: Path, keep: int = 14) -> subprocess.CompletedProcess:
    environment = libpq_environment(
        PGDATABASE=connection.settings_dict["NAME"], BACKUP_DIR=str(backup_dir), BACKUP_KEEP=str(keep)
    )
    result = run([BACKUP, "once"], environment)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def drill(backup_dir: Path, *, app_check: bool = True) -> subprocess.CompletedProcess:
    settings = connection.settings_dict
    name = settings["NAME"]
    server = f"{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    app = f"{sys.executable} docker/drill_app_check.py" if app_check else ""
    environment = libpq_environment(
        BACKUP_DIR=str(backup_dir),
        BACKUP_NAME=name,
        DRILL_DB=f"{name}_drill",
        APP_CHECK=app,
        DRILL_DATABASE_URL_BASE=f"postgres://{server}",
        DJANGO_SETTINGS_MODULE="zvh.settings.test",
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        DOCUMENT_VIRUS_SCAN="false",
    )
    try:
        return run([DRILL], environment)
    finally:
        run([DRILL, "drop"], environment)


@pytest.fixture
def access_log_with_entries(regisseur):
    for index in range(3):
        AccessLogEntry.objects.create(
            user=regisseur, username=regisseur.username, action=AccessAction.VIEW, allowed=True, case_id=index + 1
        )
    return AccessLogEntry.objects.count()


def test_restore_drill_restores_every_row_and_the_append_only_access_log(tmp_path, access_log_with_entries):
    backup = back_up(tmp_path)
    (dump,) = tmp_path.glob("*.dump")
    counts = dict(line.split("|") for line in dump.with_suffix(".counts").read_text().splitlines())
    assert counts["privacy_accesslogentry"] == str(access_log_with_entries)
    assert int(counts["partners_user"]) >= 1
    assert "tables" in backup.stdout

    result = drill(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert f"row counts identical: {len(counts)} tables" in output
    assert "UPDATE and DELETE of restored entries refused" in output
    assert f"TRUNCATE refused, {access_log_with_entries} entries intact" in output
    assert "app check: all migrations applied" in output
    assert "app check: GET /inloggen/ 200" in output
    assert "app check: access log refuses UPDATE and DELETE" in output
    assert result.stdout.rstrip().splitlines()[-1].startswith("restore-drill: OK")


def test_restore_drill_fails_when_rows_are_missing(tmp_path, access_log_with_entries):
    """The comparison is real: a backup whose recorded counts do not match what comes back fails."""
    back_up(tmp_path)
    (counts,) = tmp_path.glob("*.counts")
    lines = counts.read_text().splitlines()
    lines = [f"{line.split('|')[0]}|999" if line.startswith("privacy_accesslogentry|") else line for line in lines]
    counts.write_text("\n".join(lines) + "\n")
    result = drill(tmp_path, app_check=False)
    assert result.returncode != 0
    assert "row counts differ" in result.stderr
    assert "privacy_accesslogentry|999" in result.stderr


def test_backups_keep_the_newest_n(tmp_path, access_log_with_entries):
    for _ in range(3):
        back_up(tmp_path, keep=2)
        time.sleep(1.1)  # names have one-second resolution
    dumps = sorted(tmp_path.glob("*.dump"))
    assert len(dumps) == 2
    assert sorted(tmp_path.glob("*.counts")) == [dump.with_suffix(".counts") for dump in dumps]
    assert not list(tmp_path.glob(".in-progress-*"))
