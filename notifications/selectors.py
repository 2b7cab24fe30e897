"""Read queries of the notifications app."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Exists, OuterRef

from privacy.policy import cases_visible_to
from zvh.celery_schedule import DESCRIPTIONS

from .models import DIGEST_KIND, CaseMute, Delivery, MessageStatus, NotificationPreference, OutboxMessage, Reminder
from .registry import choosable_kinds, reminder_conditions
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
    # The action is named by its plan version and life domain, never by its free text.
    related = ("case", "case__programme", "organisation", "action__plan", "action__goal__domain")
    return reminders.select_related(*related).order_by("due_on", "case__reference", "pk")


def muted_cases(user):
    return (
        CaseMute.objects.filter(user=user, case__in=cases_visible_to(user))
        .select_related("case", "case__programme")
        .order_by("case__reference")
    )


def own_messages(user):
    """The user's in-app messages, newest first: every outbox message to them except the digests
    themselves and messages that became unneeded before they were mailed."""
    return (
        OutboxMessage.objects.filter(recipient=user)
        .exclude(kind=DIGEST_KIND)
        .exclude(status=MessageStatus.SKIPPED)
        .order_by("-created_at", "-pk")
    )


UNREAD_SHOWN = 99  # the header says "99+" beyond this


def unread_count(user) -> int:
    """Unread in-app messages, at most UNREAD_SHOWN + 1 (the header): one query on the
    (recipient, read_at) index that reads no more than 100 ids, whatever piled up (no COUNT)."""
    return len(own_messages(user).filter(read_at__isnull=True).values_list("pk", flat=True)[: UNREAD_SHOWN + 1])


def delivery_choices(user) -> list[dict]:
    """Per kind the user may choose for: its label and the current delivery (direct without a row)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [
        {"kind": entry.kind, "label": entry.label, "delivery": chosen.get(entry.kind, Delivery.DIRECT)}
        for entry in choosable_kinds(user)
    ]


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
