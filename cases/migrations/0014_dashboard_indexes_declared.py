"""The five indexes for the dashboard's reads on the cases tables are now declared on the cases
models (Meta.indexes), which own those tables; programmes 0004 created them with plain SQL.

This migration only moves ownership, so it changes no database object: the state gains the
indexes, and the database keeps the ones programmes 0004 made. On a fresh database too programmes
0004 runs first (a dependency) and creates them; the same statements here, IF NOT EXISTS, then find
them, so each index is created exactly once whatever the history. The names stay
`programmes_dash_*`: renaming them would touch every installation for nothing. Migrating back
leaves the indexes in place: they belong to programmes 0004 again, which drops them when it is
reversed itself."""

from django.db import migrations, models

INDEXES = [
    ("avelevelchange", models.Index(fields=["case", "changed_at"], name="programmes_dash_ave_case_time")),
    ("avelevelchange", models.Index(fields=["changed_at"], name="programmes_dash_ave_time")),
    ("case", models.Index(fields=["closed_on"], name="programmes_dash_case_closed")),
    ("escalation", models.Index(fields=["submitted_at"], name="programmes_dash_esc_submitted")),
    (
        "processplan",
        models.Index(fields=["agreed_at"], condition=models.Q(number=1), name="programmes_dash_plan_agreed"),
    ),
]

# The statements of programmes 0004, word for word (the same on PostgreSQL and SQLite).
CREATE_IF_MISSING = [
    "CREATE INDEX IF NOT EXISTS programmes_dash_ave_case_time ON cases_avelevelchange (case_id, changed_at)",
    "CREATE INDEX IF NOT EXISTS programmes_dash_ave_time ON cases_avelevelchange (changed_at)",
    "CREATE INDEX IF NOT EXISTS programmes_dash_case_closed ON cases_case (closed_on)",
    "CREATE INDEX IF NOT EXISTS programmes_dash_esc_submitted ON cases_escalation (submitted_at)",
    "CREATE INDEX IF NOT EXISTS programmes_dash_plan_agreed ON cases_processplan (agreed_at) WHERE number = 1",
]


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_case_by_id_cover_index"),
        ("programmes", "0004_dashboard_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name=model, index=index) for model, index in INDEXES],
            database_operations=[
                migrations.RunSQL(sql=statement, reverse_sql=migrations.RunSQL.noop) for statement in CREATE_IF_MISSING
            ],
        ),
    ]
