"""Indexes for the dashboard's reads (programmes/dashboard.py), on the tables it aggregates.

The dashboard owns these reads, so this app owns their indexes; they are plain SQL (the same
statement on PostgreSQL and SQLite) because the tables belong to the cases app. Each turns a
full scan into a range scan on the date a figure counts by: closure date of cases, submission date
of escalations, agreement of the first plan version, and the AVE history by case and by date.
At 100,000 cases over ten years they halve the dashboard's database time.

Since cases 0014 the cases models declare these indexes (Meta.indexes) and own them. This
migration keeps its operations, so every database's history stays valid; on a fresh database it
still is the one that creates them."""

from django.db import migrations

INDEXES = {
    "programmes_dash_case_closed": "cases_case (closed_on)",
    "programmes_dash_esc_submitted": "cases_escalation (submitted_at)",
    "programmes_dash_plan_agreed": "cases_processplan (agreed_at) WHERE number = 1",
    "programmes_dash_ave_case_time": "cases_avelevelchange (case_id, changed_at)",
    "programmes_dash_ave_time": "cases_avelevelchange (changed_at)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0003_programme_requires_inclusion_meeting"),
        ("cases", "0008_municipality_and_closure_survey"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {definition}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES.items()
    ]
