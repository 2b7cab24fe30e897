"""The Celery beat schedule, in code. Wired into settings as CELERY_BEAT_SCHEDULE."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Destroy or anonymise personal data past its retention term (privacy/retention.py).
    "retentie-nachtelijk": {
        "task": "privacy.tasks.run_retention_task",
        "schedule": crontab(hour=2, minute=30),
    },
}
