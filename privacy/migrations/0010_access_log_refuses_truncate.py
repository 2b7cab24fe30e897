"""On PostgreSQL the database also refuses TRUNCATE of the access log (0002 covers UPDATE and
DELETE, which are row-level; TRUNCATE fires only statement-level triggers). The one exception is a
session that set `zvh.allow_truncate = 'on'`: only the test suite's flush between transactional
tests does (tests/db_flush.py); no production code sets it."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION privacy_access_log_refuses_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('zvh.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'het toegangslog is alleen-toevoegen (TRUNCATE geweigerd)';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS privacy_access_log_refuses_truncate ON privacy_accesslogentry;
CREATE TRIGGER privacy_access_log_refuses_truncate
    BEFORE TRUNCATE ON privacy_accesslogentry
    FOR EACH STATEMENT EXECUTE FUNCTION privacy_access_log_refuses_truncate();
"""
DROP = """
DROP TRIGGER IF EXISTS privacy_access_log_refuses_truncate ON privacy_accesslogentry;
DROP FUNCTION IF EXISTS privacy_access_log_refuses_truncate();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0009_access_log_only_used_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
