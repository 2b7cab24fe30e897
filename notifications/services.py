"""State changes of the notifications app: creating a reminder (with its e-mail), muting a case,
dismissing a reminder. Which reminders are due is decided by the app that produces them (for
cases: cases/reminders.py); this module only stores them, once per occasion."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from partners.models import User

from .models import CaseMute, Reminder
from .outbox import enqueue


def create_reminder(
    *,
    key: str,
    user_id: int,
    case,
    kind: str,
    due_on: date,
    email_kind: str,
    action=None,
    organisation_id: int | None = None,
) -> bool:
    """One reminder and its e-mail (of the producer's registered `email_kind`), or nothing if this
    occasion was handled before: `key` is unique, so a job that runs twice, or a concurrent run
    (it blocks on the index and then finds the row), creates it once. Returns whether it was new."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                key=key,
                user_id=user_id,
                case=case,
                kind=kind,
                due_on=due_on,
                action=action,
                organisation_id=organisation_id,
            )
            enqueue(kind=email_kind, recipient=reminder.user, object_id=reminder.pk, key=f"herinnering:{reminder.pk}")
    except IntegrityError:
        return False
    return True


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
