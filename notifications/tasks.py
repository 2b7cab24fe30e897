"""Celery tasks of the notifications app. Thin: load by id, call the service. Every task is
idempotent (unique keys, row locks), so a retried or duplicated task sends nothing twice.
The schedule is in code: zvh/celery_schedule.py. The jobs that decide which reminders are due
belong to their producers (cases/tasks.py)."""

from smtplib import SMTPException

from celery import shared_task

from . import digest, outbox


@shared_task(
    name="notifications.tasks.send_message",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=15 * 60,
    retry_jitter=True,
    max_retries=5,
)
def send_message(message_id: int) -> str:
    """Send one outbox message (at most once). SMTP or network failures are retried with
    exponential backoff (30 s … 15 min); after that the beat sweeper tries again."""
    return outbox.deliver(message_id)


@shared_task(name="notifications.tasks.dispatch_messages_task")
def dispatch_messages_task(message_ids: list[int]) -> int:
    """Publish one `send_message` per id: many messages of one request leave it as this one task."""
    return outbox.dispatch(message_ids, force=True, fan_out=False)


@shared_task(name="notifications.tasks.dispatch_outbox_task")
def dispatch_outbox_task() -> int:
    """Re-publish outbox messages still waiting (e.g. kept while the broker was down)."""
    return outbox.dispatch_pending()


@shared_task(name="notifications.tasks.compose_digests_task")
def compose_digests_task() -> int:
    """Compose (and dispatch) today's daily digests; remove old read in-app messages."""
    created = digest.compose_digests()
    digest.remove_old_messages()
    return created
