"""State changes of the notifications app: creating a reminder (with its e-mail), muting a case,
dismissing a reminder, reading in-app messages, choosing how messages are delivered. Which
reminders are due is decided by the app that produces them (for cases: cases/reminders.py); this
module only stores them, once per occasion."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from partners.models import User

from .models import CaseMute, Delivery, NotificationPreference, OutboxMessage, Reminder
from .outbox import enqueue
from .registry import is_user_choice


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


def mark_read(*, user: User, message_id: int) -> bool:
    """Mark one of the user's own messages read. True also when it was read before (idempotent);
    False when it is not theirs."""
    mine = OutboxMessage.objects.filter(pk=message_id, recipient=user)
    mine.filter(read_at__isnull=True).update(read_at=timezone.now())
    return mine.exists()


def mark_all_read(*, user: User) -> int:
    """Mark all the user's unread messages read; returns how many were unread."""
    return OutboxMessage.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def save_preferences(*, user: User, choices: dict[str, str]) -> None:
    """Store the user's delivery per kind. Kinds that are always mailed and unknown values are
    refused by the caller's form; here they are ignored. Messages already stored keep their status:
    a choice applies to what comes next."""
    now = timezone.now()
    with transaction.atomic():
        for kind, delivery in choices.items():
            if not is_user_choice(kind) or delivery not in Delivery.values:
                continue
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"delivery": delivery, "updated_at": now}
            )
