"""Every page view inserts an access-log row. With GIN's default `fastupdate`, new entries of the
person index pile up in a pending list that the unlucky insert which fills it must merge into an
index of millions of entries: a latency spike on a random page, larger as the log grows (issue 8's
benchmark saw the tail of the 100k database drift away from the 1k one). Without the pending list
each insert updates the index itself, a small constant cost. SQLite has no GIN index."""

from django.db import migrations

INDEX = "privacy_accesslog_person_ids_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX IF EXISTS {INDEX} SET (fastupdate = off)")
        schema_editor.execute(  # merge what is pending now, once, here rather than in a request
            "SELECT gin_clean_pending_list(%s::regclass) FROM pg_class WHERE relname = %s", [INDEX, INDEX]
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX IF EXISTS {INDEX} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("privacy", "0007_access_log_search_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
