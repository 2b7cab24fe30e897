"""Read queries of the notifications app."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Exists, OuterRef

from privacy.policy import cases_visible_to
from zvh.celery_schedule import DESCRIPTIONS

from .models import CaseMute, MessageStatus, OutboxMessage, Reminder
from .registry import reminder_conditions
from .schedule import describe_schedule


def open_reminders(user):
    """The user's open reminders: not handled, about a case that they may still see, not muted,
    and still relevant by every condition the producing app registered (for cases: the case is
    open, the action not finished). References and dates only: the list shows no personal data."""
    muted = CaseMute.objects.filter(user=user, case=OuterRef("case"))
    reminders = Reminder.objects.filter(user=user, dismissed_at__isnull=True, case__in=cases_visible_to(user)).exclude(
        Exists(muted)
    )
    for condition in reminder_conditions():
        reminders = reminders.filter(condition())
    return reminders.select_related("case", "case__programme", "organisation").order_by(
        "due_on", "case__reference", "pk"
    )


def muted_cases(user):
    return (
        CaseMute.objects.filter(user=user, case__in=cases_visible_to(user))
        .select_related("case", "case__programme")
        .order_by("case__reference")
    )


def outbox_counts() -> dict[str, int]:
    counts = dict(OutboxMessage.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return {value: counts.get(value, 0) for value in MessageStatus.values}


def failed_messages(limit: int = 20):
    return OutboxMessage.objects.filter(status=MessageStatus.FAILED).order_by("-last_attempt_at")[:limit]


def beat_schedule() -> list[dict]:
    """The Celery beat entries, each with a readable 'when' and its description."""
    return [
        {
            "name": name,
            "task": entry["task"],
            "when": describe_schedule(entry["schedule"]),
            "description": DESCRIPTIONS.get(name, ""),
        }
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
    ]
