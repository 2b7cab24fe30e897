"""Every page view inserts an access-log row into every index of the log, so the log keeps only
indexes a lookup uses (issue 8): the plain and LIKE indexes on the references and the single-column
user index duplicated the UPPER() and (user, -occurred_at) indexes, and a boolean index on
break-glass (one row in two thousand) becomes a partial index that returns them newest first."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0008_access_log_gin_without_pending_list"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="accesslogentry",
            name="case_reference",
            field=models.CharField(blank=True, max_length=20, verbose_name="casus"),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="is_break_glass",
            field=models.BooleanField(default=False, verbose_name="doorbraak (break-glass)"),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="object_reference",
            field=models.CharField(blank=True, max_length=20, verbose_name="kenmerk object"),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="user",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(
                models.OrderBy(models.F("occurred_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("is_break_glass", True)),
                name="accesslog_break_glass_time",
            ),
        ),
    ]
