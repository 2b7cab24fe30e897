"""State changes of the notifications app: notifying the triage team, muting a case, dismissing
a reminder. Reminders themselves are generated in notifications/reminders.py."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from partners.models import Role, User

from .models import CaseMute, MessageKind, Reminder
from .outbox import enqueue_many


def notify_triage_team(escalation) -> int:
    """Queue an e-mail to every procesregisseur (the triage team) about a new escalation, in the
    caller's transaction. The mail names the reference and urgency only."""
    team = User.objects.filter(role=Role.PROCESREGISSEUR, is_active=True).order_by("pk")
    return enqueue_many(
        kind=MessageKind.ESCALATION,
        object_id=escalation.pk,
        recipients_and_keys=[(regisseur, f"aanmelding:{escalation.pk}:{regisseur.pk}") for regisseur in team],
    )


def mute_case(*, user: User, case) -> CaseMute:
    """No more reminders about this case for this user (in the application and by e-mail).
    The caller checked that the user may view the case. Twice is the same as once."""
    try:
        with transaction.atomic():
            return CaseMute.objects.create(user=user, case=case)
    except IntegrityError:
        return CaseMute.objects.get(user=user, case=case)


def unmute_case(*, user: User, case) -> None:
    CaseMute.objects.filter(user=user, case=case).delete()


def dismiss_reminder(*, user: User, reminder_id: int) -> bool:
    """Mark one of the user's own reminders as handled. False when it is not theirs or gone."""
    return bool(
        Reminder.objects.filter(pk=reminder_id, user=user, dismissed_at__isnull=True).update(
            dismissed_at=timezone.now()
        )
    )
