"""Escalation persons get the lookups Person has (issue 8): with only a case-sensitive index on the
name, the triage duplicate check read every escalation person ever submitted (88,000 at the
benchmark's national scale, 16 ms) instead of a few index entries."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_dashboard_cover_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="escalationperson",
            name="cases_escal_last_na_3d666d_idx",
        ),
        migrations.AddIndex(
            model_name="escalationperson",
            index=models.Index(
                condition=models.Q(("bsn", ""), _negated=True), fields=["bsn"], name="escalationperson_bsn_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="escalationperson",
            index=models.Index(
                django.db.models.functions.text.Upper("last_name"),
                models.F("date_of_birth"),
                name="escalationperson_name_born_idx",
            ),
        ),
    ]
