"""Indexes for the privacy officer's access-log filters at national scale (5 million entries and
more, issue 8): case and object references and usernames are matched case-insensitively
(UPPER(...) = UPPER(...)), which a plain index cannot serve; a user's entries, an action's and the
refusals come back newest first from the index (id included: counting needs no table visit)."""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0006_subject_request_submission_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(
                django.db.models.functions.text.Upper("case_reference"), name="accesslog_case_ref_upper"
            ),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(
                django.db.models.functions.text.Upper("object_reference"), name="accesslog_object_ref_upper"
            ),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(
                django.db.models.functions.text.Upper("username"),
                models.OrderBy(models.F("occurred_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="accesslog_username_upper",
            ),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(
                models.F("action"),
                models.OrderBy(models.F("occurred_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="accesslog_action_time",
            ),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(
                models.OrderBy(models.F("occurred_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("allowed", False)),
                name="accesslog_refused_time",
            ),
        ),
    ]
