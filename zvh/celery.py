"""The Celery application: broker and schedule come from Django settings (CELERY_*)."""

import os

from celery import Celery, signals

from zvh import request_context

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zvh.settings.production")

app = Celery("zvh")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_prerun.connect
def _log_lines_carry_the_task(task_id=None, task=None, **_):
    # A task's log lines and access-log entries carry `task-<id>` where a request's carry its id.
    request_context.request_id.set(f"task-{task_id}")
    request_context.user_id.set(None)
