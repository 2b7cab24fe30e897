"""The daily digest: one e-mail a day per user and kind for the messages they chose to receive
that way (NotificationPreference `dagoverzicht`), and the clean-up of old in-app messages.

- `compose_digests(now)` (beat, from 07:00 Europe/Amsterdam, hourly until 17:00 so a run missed
  while the broker was down is made up the same day): per (recipient, kind) with messages waiting
  since before today's 07:00, one outbox message of kind `dagoverzicht` with the key
  `dagoverzicht:<user>:<kind>:<date>`, created in the same transaction that marks the messages it
  bundles `in_dagoverzicht` and points them to it. It is then dispatched like any message, so a
  broker outage loses nothing (the sweeper sends it later), a second run the same day creates
  nothing (the key exists), and the mail is sent once (`deliver` locks and marks it). A message
  that became unneeded (its producer's render would skip it) is marked `overgeslagen` and left out.
  Messages that arrive after 07:00 wait for tomorrow's digest.
- The digest mail lists each message's describe() line and link: references, dates and kinds only.
- `remove_old_messages(now)`: read messages older than NOTIFICATIONS_KEEP_DAYS (90) that wait for
  nothing, and old digests, are deleted (see OutboxMessage)."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from zvh.formats import date_text

from .emails import absolute, email_message, render
from .models import DIGEST_KIND, MessageStatus, OutboxMessage
from .registry import describe, label, register_message_kind

logger = logging.getLogger(__name__)

DIGEST_HOUR = 7  # local time; the beat entry "dagoverzicht" in zvh/celery_schedule.py
WAITING_FOR_NOTHING = [MessageStatus.SENT, MessageStatus.SKIPPED, MessageStatus.FAILED, MessageStatus.BUNDLED,
                       MessageStatus.APP_ONLY]  # fmt: skip


def digest_key(recipient_id: int, kind: str, day) -> str:
    return f"dagoverzicht:{recipient_id}:{kind}:{day.isoformat()}"


def compose_digests(now: datetime | None = None) -> int:
    """Compose today's digests; returns how many were created (0 on a second run the same day)."""
    from .outbox import dispatch  # outbox imports nothing of this module; kept local like tasks do

    now = now or timezone.now()
    today = timezone.localdate(now)
    until = min(now, timezone.make_aware(datetime.combine(today, time(DIGEST_HOUR))))
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    waiting = OutboxMessage.objects.filter(status=MessageStatus.DIGEST_WAITING, created_at__lt=until)
    for pk, recipient_id, kind in waiting.order_by("created_at", "pk").values_list("pk", "recipient_id", "kind"):
        groups[(recipient_id, kind)].append(pk)
    created = 0
    for (recipient_id, kind), ids in groups.items():
        key = digest_key(recipient_id, kind, today)
        if OutboxMessage.objects.filter(key=key).exists():
            continue  # composed earlier today; these messages wait for tomorrow
        try:
            with transaction.atomic():
                digest = _compose_one(key=key, recipient_id=recipient_id, kind=kind, ids=ids)
        except IntegrityError:
            continue  # a concurrent run composed it
        if digest is not None:
            created += 1
            transaction.on_commit(lambda pk=digest.pk: dispatch([pk]))
    return created


def _compose_one(*, key: str, recipient_id: int, kind: str, ids: list[int]) -> OutboxMessage | None:
    messages = list(
        OutboxMessage.objects.select_for_update(of=("self",))
        .select_related("recipient")
        .filter(pk__in=ids, status=MessageStatus.DIGEST_WAITING)
        .order_by("created_at", "pk")
    )
    now = timezone.now()
    included = []
    for message in messages:
        email, reason = render(message)
        if email is None:
            message.status = MessageStatus.SKIPPED
            message.skip_reason = reason[:200]
            message.last_attempt_at = now
            message.save(update_fields=["status", "skip_reason", "last_attempt_at"])
        else:
            included.append(message.pk)
    if not included:
        return None
    digest = OutboxMessage.objects.create(key=key, kind=DIGEST_KIND, recipient_id=recipient_id, object_id=0)
    OutboxMessage.objects.filter(pk__in=included).update(status=MessageStatus.BUNDLED, digest=digest)
    return digest


def render_digest(message: OutboxMessage):
    bundled = list(message.bundled.order_by("created_at", "pk"))
    if not bundled:
        return None, "geen berichten meer in dit dagoverzicht"
    kind = bundled[0].kind
    lines = []
    for item in bundled:
        text, path, _case_id = describe(item)
        lines.append({"text": text, "url": absolute(path) if path else "", "created_at": item.created_at})
    return email_message(
        message,
        "notifications/email/digest",
        {
            "recipient_name": str(message.recipient),
            "kind_label": label(kind),
            "day": timezone.localdate(message.created_at),
            "lines": lines,
            "count": len(lines),
            "list_url": absolute(reverse("notifications:messages")),
            "settings_url": absolute(reverse("notifications:preferences")),
        },
    ), ""


def describe_digest(message: OutboxMessage):
    return f"Dagoverzicht van {date_text(timezone.localdate(message.created_at))}", "", None


def register_digest_kind() -> None:
    register_message_kind(
        DIGEST_KIND, label="Dagoverzicht", render=render_digest, describe=describe_digest, user_choice=False
    )


def remove_old_messages(now: datetime | None = None) -> int:
    """Delete read messages older than NOTIFICATIONS_KEEP_DAYS that wait for nothing, and digests
    of that age that wait for nothing. Returns how many rows went."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=getattr(settings, "NOTIFICATIONS_KEEP_DAYS", 90))
    old = OutboxMessage.objects.filter(created_at__lt=cutoff, status__in=WAITING_FOR_NOTHING)
    digests, _ = old.filter(kind=DIGEST_KIND).delete()
    messages, _ = old.exclude(kind=DIGEST_KIND).filter(read_at__isnull=False).delete()
    return digests + messages
