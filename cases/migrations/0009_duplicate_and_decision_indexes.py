"""Indexes for the triage queue at national scale (issue 8): the possible-duplicate check matches
persons on UPPER(last name) and date of birth, and "recently decided" reads the newest decisions."""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_municipality_and_closure_survey"),
        ("partners", "0003_collaboration_agenda"),
        ("programmes", "0003_programme_requires_inclusion_meeting"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="escalation",
            index=models.Index(fields=["-decided_at"], name="escalation_decided_idx"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                django.db.models.functions.text.Upper("last_name"),
                models.F("date_of_birth"),
                name="person_upper_name_born_idx",
            ),
        ),
    ]
