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


def test_tasks_that_moved_still_answer_to_their_old_names():
    """Beat messages already waiting in a deployment's queue carry the name a task had when they
    were published: the reminder jobs moved from notifications to cases, and both names run them."""
    from cases.tasks import LEGACY_NAMES

    app.loader.import_default_modules()
    for old, new in LEGACY_NAMES.items():
        assert old in app.tasks and new in app.tasks
        assert app.tasks[old].run is app.tasks[new].run


def test_grant_drift_is_checked_nightly():
    from zvh.celery_schedule import DESCRIPTIONS

    names = {e["task"]: name for name, e in settings.CELERY_BEAT_SCHEDULE.items()}
    assert "privacy.tasks.audit_grants_task" in names
    assert DESCRIPTIONS[names["privacy.tasks.audit_grants_task"]]
