"""The kinds of outbox message are registered by the apps that produce them
(notifications/registry.py), so the column no longer carries a fixed list of choices. The stored
values stay what they were; no data changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_outbox_reminders_mutes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outboxmessage",
            name="kind",
            field=models.CharField(max_length=30, verbose_name="soort"),
        ),
    ]
