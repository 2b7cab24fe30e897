"""Celery tasks of the cases app: the jobs that find which reminders are due. Thin: call the
service; idempotent (unique keys), so a retried or duplicated task creates nothing twice. The
schedule is in code: zvh/celery_schedule.py.

Both tasks lived in notifications before. Beat messages already waiting in a deployment's queue
carry the old names, so those stay registered too (`LEGACY_NAMES`): a task name nobody knows any
more is a job lost."""

from celery import shared_task

from .reminders import generate_reminders
from .services.handover import sync_deputy_access
from .services.saved_filters import forget_old_searches
from .services.survey import remind_non_responders


def send_reminders() -> dict:
    """Action deadlines near or past, plan evaluations due: one reminder per occasion."""
    return generate_reminders().as_dict()


def survey_reminders() -> int:
    """Remind professionals who did not answer the closure survey within a week, once."""
    return remind_non_responders()


def sync_deputies() -> int:
    """Grants follow deputy periods that began or ended (cases/services/handover.py)."""
    return sync_deputy_access()


def forget_searches() -> int:
    """Search terms of last searches not renewed for a working day (cases/services/saved_filters.py)."""
    return forget_old_searches()


send_reminders_task = shared_task(name="cases.tasks.send_reminders_task")(send_reminders)
survey_reminders_task = shared_task(name="cases.tasks.survey_reminders_task")(survey_reminders)
sync_deputy_access_task = shared_task(name="cases.tasks.sync_deputy_access_task")(sync_deputies)
forget_old_searches_task = shared_task(name="cases.tasks.forget_old_searches_task")(forget_searches)

LEGACY_NAMES = {
    "notifications.tasks.send_reminders_task": "cases.tasks.send_reminders_task",
    "notifications.tasks.survey_reminders_task": "cases.tasks.survey_reminders_task",
}
legacy_send_reminders_task = shared_task(name="notifications.tasks.send_reminders_task")(send_reminders)
legacy_survey_reminders_task = shared_task(name="notifications.tasks.survey_reminders_task")(survey_reminders)
