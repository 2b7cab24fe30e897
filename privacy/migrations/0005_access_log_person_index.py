"""The privacy officer filters the access log by person (a subject-access report does too): on
PostgreSQL a GIN index makes `person_ids @> '[id]'` an index lookup instead of a scan of millions
of rows. SQLite (the embedded demo default) has no GIN and does without."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS privacy_accesslog_person_ids_gin "
    "ON privacy_accesslogentry USING gin (person_ids jsonb_path_ops)"
)
DROP = "DROP INDEX IF EXISTS privacy_accesslog_person_ids_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0004_retention_break_glass_subject_requests")]
    operations = [migrations.RunPython(forwards, backwards)]
