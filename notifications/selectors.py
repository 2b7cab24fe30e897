"""Read queries of the notifications app."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from .models import CaseMute, MessageStatus, OutboxMessage, Reminder


def open_reminders(user):
    """The user's open reminders: not handled, about a case that is open and that they may still
    see, not muted, and (for actions) about an action that is not finished. References and
    dates only: the list shows no personal data."""
    from cases.models import ActionStatus, Phase
    from privacy.policy import cases_visible_to

    muted = CaseMute.objects.filter(user=user, case=OuterRef("case"))
    return (
        Reminder.objects.filter(user=user, dismissed_at__isnull=True, case__in=cases_visible_to(user))
        .exclude(case__phase=Phase.AFGESLOTEN)
        .exclude(Exists(muted))
        .filter(Q(action__isnull=True) | Q(action__status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS]))
        .select_related("case", "case__programme", "organisation")
        .order_by("due_on", "case__reference", "pk")
    )


def muted_cases(user):
    from privacy.policy import cases_visible_to

    return (
        CaseMute.objects.filter(user=user, case__in=cases_visible_to(user))
        .select_related("case", "case__programme")
        .order_by("case__reference")
    )


def outbox_counts() -> dict[str, int]:
    from django.db.models import Count

    counts = dict(OutboxMessage.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return {value: counts.get(value, 0) for value in MessageStatus.values}


def failed_messages(limit: int = 20):
    return OutboxMessage.objects.filter(status=MessageStatus.FAILED).order_by("-last_attempt_at")[:limit]
