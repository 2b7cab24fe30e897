"""The application on a restored database (docker/restore-drill.sh, step 3).

Run with DATABASE_URL pointing at the restored copy, in the app image (production settings) or
locally (`make restore-drill`, the settings in DJANGO_SETTINGS_MODULE, default zvh.settings.dev):
  * Django's system checks pass (`check --deploy`: errors fail the drill, warnings are printed);
  * every migration of the code is applied in the copy (nothing to migrate);
  * the health endpoint (a database query) and the login page answer 200 through the test client;
  * the access log refuses UPDATE and DELETE of a probe entry, inserted and rolled back in one
    transaction, so this holds even when the backup had no entries.
Exit status 0 when all hold. Prints one line per check.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zvh.settings.dev")


def main() -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import DatabaseError, connection, transaction
    from django.db.migrations.executor import MigrationExecutor
    from django.test import Client
    from django.urls import reverse

    from privacy.models import AccessAction, AccessLogEntry

    print(f"app check: database {connection.settings_dict['NAME']} ({settings.SETTINGS_MODULE})")
    call_command("check", "--deploy", "--fail-level", "ERROR")
    print("app check: manage.py check --deploy passed")

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        print(f"app check: FAILED: {len(pending)} migrations not applied in the copy", file=sys.stderr)
        return 1
    print("app check: all migrations applied")

    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
    client = Client(HTTP_HOST=host)
    for name in ("health", "login"):
        response = client.get(reverse(name), secure=True)
        if response.status_code != 200:
            print(f"app check: FAILED: GET {reverse(name)} answered {response.status_code}", file=sys.stderr)
            return 1
        print(f"app check: GET {reverse(name)} 200")

    if connection.vendor == "postgresql":
        refused = []
        with transaction.atomic():
            probe = AccessLogEntry.objects.create(action=AccessAction.VIEW, allowed=True, reason="hersteltest")
            # Raw SQL: the model's own refusal (privacy/models.py) is not what is tested here,
            # the database's is.
            table = AccessLogEntry._meta.db_table
            statements = {
                "UPDATE": f"UPDATE {table} SET reason = 'overschreven' WHERE id = %s",  # noqa: S608
                "DELETE": f"DELETE FROM {table} WHERE id = %s",  # noqa: S608
            }
            for operation, statement in statements.items():
                try:
                    with transaction.atomic(), connection.cursor() as cursor:
                        cursor.execute(statement, [probe.pk])
                except DatabaseError as exc:
                    if "alleen-toevoegen" in str(exc):
                        refused.append(operation)
            transaction.set_rollback(True)
        if refused != ["UPDATE", "DELETE"]:
            print(f"app check: FAILED: access log refused only {refused}", file=sys.stderr)
            return 1
        print("app check: access log refuses UPDATE and DELETE (probe entry rolled back)")
    print("app check: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
