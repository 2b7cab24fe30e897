"""A covering index for the dashboard's look-ups of cases by id (programmes/dashboard.py): the
programme of the case of each escalation of a period is read index-only instead of joining every
case (at 100,000 cases the escalation groups drop from some 24 to 7 ms), and the triage → plan
lead time joins this index instead of the case table. PostgreSQL only (INCLUDE): elsewhere an index
on id alone, which changes nothing."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_duplicate_and_decision_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["id"], include=("programme", "municipality", "opened_on"), name="case_dashboard_cover_idx"
            ),
        ),
    ]
