"""Every beat entry names a task that exists, is registered with the Celery app and can be called
with the arguments the schedule gives it (an entry that silently never runs is the failure here)."""

import inspect

import pytest
from django.conf import settings

from zvh.celery import app


@pytest.mark.parametrize("name", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_beat_entry_points_at_a_registered_task(name):
    entry = settings.CELERY_BEAT_SCHEDULE[name]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks, f"{name}: taak {entry['task']} is niet geregistreerd"
    task = app.tasks[entry["task"]]
    inspect.signature(task.run).bind(*entry.get("args", ()), **entry.get("kwargs", {}))


def test_retention_runs_nightly():
    assert "privacy.tasks.run_retention_task" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
