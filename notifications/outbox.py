"""The transactional outbox: write work to PostgreSQL with the business change, hand it to Celery
after the commit, and never let a request wait on the broker.

- `enqueue(...)` creates an `OutboxMessage` in the caller's transaction (unique `key`: one message
  per occasion; its kind must be registered, notifications/registry.py) and registers `dispatch`
  with `transaction.on_commit`, so nothing is published for work that is rolled back, and a worker
  never looks for a row that is not committed yet.
- The recipient's delivery preference (NotificationPreference) decides at enqueue: direct (the
  default) is dispatched as above; `dagoverzicht` is stored as `wacht_dagoverzicht` and goes out in
  the next daily digest (notifications/digest.py); `alleen_app` is stored as `alleen_app` and never
  mailed. Either way the message is in the user's in-app list. Kinds registered with
  `user_choice=False` are always direct.
- `dispatch(ids)` publishes one `send_message` task per id with a short connect timeout and no
  publish retry. If the broker is unreachable it logs, leaves the rows `wacht` and stops trying
  for `BROKER_BACKOFF_SECONDS` in this process (one slow attempt per request at most).
  In eager mode (`make run`, tests) it delivers in-process instead.
- `deliver(id)` sends one message: it locks the row (a second worker with the same id waits, then
  finds it done), sends only a `wacht` message, and marks it `verzonden` in the same
  transaction, so a message is sent once however often its task runs. Every attempt carries the
  same Message-ID (`message_id_header`). What remains at least once: a worker that dies after the
  SMTP server accepted the mail and before the commit sends it again on the next attempt, with
  that same Message-ID, so the receiver can recognise the repeat. A failed send is counted;
  after `MAX_ATTEMPTS` the message is `mislukt` (shown to the functional admin).
- `dispatch_pending()` (beat, every few minutes, and `manage.py dispatch_outbox`) re-publishes
  messages still waiting after `STALE_AFTER`: work kept while Redis was down goes out once it is back.
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import CharField, IntegerField, Q, Value
from django.utils import timezone

from zvh.celery import app

from .emails import after_sent, render
from .models import Delivery, MessageStatus, NotificationPreference, OutboxMessage
from .registry import message_kind

# The status a new message gets by the recipient's delivery preference.
STATUS_FOR_DELIVERY = {
    Delivery.DIRECT: MessageStatus.PENDING,
    Delivery.DIGEST: MessageStatus.DIGEST_WAITING,
    Delivery.APP_ONLY: MessageStatus.APP_ONLY,
}

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
STALE_AFTER = timedelta(minutes=10)
BROKER_BACKOFF_SECONDS = 30
FAN_OUT_AT = 10
_broker_down_until = 0.0  # monotonic time; per process
ALREADY_HANDLED = "al verwerkt"


def publish_options() -> dict:
    """Connection options for publishing from a request: fail within about a second."""
    timeout = float(getattr(settings, "BROKER_PUBLISH_TIMEOUT", 1.0))
    return {
        "connect_timeout": timeout,
        "transport_options": {"max_retries": 0, "socket_connect_timeout": timeout, "socket_timeout": timeout},
    }


def enqueue(*, kind: str, recipient, object_id: int, key: str) -> OutboxMessage | None:
    """Store one message in the current transaction; dispatch it after the commit. Returns None
    when a message with this key exists already (the occasion was handled before)."""
    registered = message_kind(kind)  # refuses a kind no app registered: it could never be rendered
    if recipient is None:
        return None
    status = MessageStatus.PENDING
    if registered.user_choice:
        status = _statuses(kind, [recipient.pk]).get(recipient.pk, MessageStatus.PENDING)
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                key=key, kind=kind, recipient=recipient, object_id=object_id, status=status
            )
    except IntegrityError:
        return None
    if status == MessageStatus.PENDING:
        transaction.on_commit(lambda: dispatch([message.pk]))
    return message


def _chosen(kind: str, user_ids: list[int]):
    return NotificationPreference.objects.filter(kind=kind, user_id__in=user_ids).exclude(delivery=Delivery.DIRECT)


def _statuses(kind: str, user_ids: list[int]) -> dict[int, str]:
    """The initial status per user who chose something other than direct for `kind` (one query)."""
    chosen = _chosen(kind, user_ids).values_list("user_id", "delivery")
    return {user_id: STATUS_FOR_DELIVERY[delivery] for user_id, delivery in chosen}


def enqueue_many(*, kind: str, object_id: int, recipients_and_keys: list[tuple]) -> int:
    """`enqueue` for many recipients of one occasion in a fixed number of queries (one INSERT, one
    SELECT of the existing keys together with the recipients' delivery preferences; after the
    commit one SELECT and one UPDATE): notifying a national triage team of a hundred does not
    cost a hundred round trips. Keys that exist already are skipped; returns how many were new."""
    registered = message_kind(kind)
    keys = [key for recipient, key in recipients_and_keys if recipient is not None]
    if not keys:
        return 0
    existing_keys = OutboxMessage.objects.filter(key__in=keys).order_by()
    if registered.user_choice:
        # The keys that exist and the recipients' delivery preferences in one round trip.
        user_ids = [recipient.pk for recipient, key in recipients_and_keys if recipient is not None]
        rows = (
            existing_keys.annotate(user=Value(None, IntegerField()), delivery=Value("", CharField()))
            .values_list("key", "user", "delivery")
            .union(
                _chosen(kind, user_ids)
                .annotate(no_key=Value("", CharField()))
                .values_list("no_key", "user_id", "delivery"),
                all=True,
            )
        )
        existing, statuses = set(), {}
        for key, user_id, delivery in rows:
            if key:
                existing.add(key)
            else:
                statuses[user_id] = STATUS_FOR_DELIVERY[delivery]
    else:
        existing, statuses = set(existing_keys.values_list("key", flat=True)), {}
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                key=key,
                kind=kind,
                recipient=recipient,
                object_id=object_id,
                status=statuses.get(recipient.pk, MessageStatus.PENDING),
            )
            for recipient, key in recipients_and_keys
            if recipient is not None and key not in existing
        ],
        ignore_conflicts=True,  # a concurrent enqueue of the same occasion
    )
    new = [key for key in keys if key not in existing]
    transaction.on_commit(
        lambda: dispatch(
            list(
                OutboxMessage.objects.filter(
                    key__in=new, status=MessageStatus.PENDING, sent_at__isnull=True
                ).values_list("pk", flat=True)
            )
        )
    )
    return len(new)


def _broker_is_marked_down() -> bool:
    return time.monotonic() < _broker_down_until


def reset_broker_state() -> None:
    """Forget that the broker was unreachable (tests, or after an operator fixed it)."""
    global _broker_down_until
    _broker_down_until = 0.0


def dispatch(ids: list[int], *, force: bool = False, fan_out: bool = True) -> int:
    """Hand messages to Celery; returns how many were handed over (0 when the broker is down).
    Never raises: what is not handed over stays `wacht` for `dispatch_pending`. More than
    `FAN_OUT_AT` messages go to the broker as one task that publishes them from a worker, so a
    request that notifies a national triage team publishes once, not a hundred times."""
    global _broker_down_until
    ids = list(ids)
    if not ids:
        return 0
    if app.conf.task_always_eager:
        for message_id in ids:
            try:
                deliver(message_id)
            except Exception:  # noqa: BLE001 - recorded on the row; the sweeper tries again
                logger.warning("Bericht %s kon niet worden verzonden; het blijft in de wachtrij.", message_id)
        return len(ids)
    if _broker_is_marked_down() and not force:
        logger.info("Broker onbereikbaar; %d bericht(en) blijven in de outbox.", len(ids))
        return 0
    from .tasks import dispatch_messages_task, send_message  # import here: tasks.py imports this module

    handed = []
    # A deployment (or a test run sharing Redis with others) may route this work to its own queue.
    queue = getattr(settings, "NOTIFICATIONS_QUEUE", "")
    routing = {"queue": queue} if queue else {}
    try:
        with app.connection_for_write(**publish_options()) as connection:
            if fan_out and len(ids) > FAN_OUT_AT:
                dispatch_messages_task.apply_async(args=[ids], connection=connection, retry=False, **routing)
                handed.extend(ids)
            for message_id in [] if handed else ids:
                send_message.apply_async(args=[message_id], connection=connection, retry=False, **routing)
                handed.append(message_id)
    except Exception as error:  # noqa: BLE001 - any broker failure: keep the work in PostgreSQL
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning("Broker onbereikbaar (%s); %d bericht(en) blijven in de outbox.", error, len(ids) - len(handed))
    if handed:
        OutboxMessage.objects.filter(pk__in=handed).update(dispatched_at=timezone.now())
    return len(handed)


def pending_ids(now=None, *, stale_after: timedelta = STALE_AFTER) -> list[int]:
    """Messages still waiting: never handed to the broker, or handed over (or last tried) longer
    than `stale_after` ago without being sent."""
    now = now or timezone.now()
    cutoff = now - stale_after
    waiting = OutboxMessage.objects.filter(status=MessageStatus.PENDING)
    stale = waiting.filter(
        Q(dispatched_at__isnull=True, created_at__lte=now)
        | Q(dispatched_at__lte=cutoff, last_attempt_at__isnull=True)
        | Q(last_attempt_at__lte=cutoff)
    )
    return list(stale.order_by("created_at", "pk").values_list("pk", flat=True)[:1000])


def dispatch_pending(*, stale_after: timedelta = STALE_AFTER) -> int:
    """Re-publish what is still waiting (beat sweeper, `manage.py dispatch_outbox`)."""
    return dispatch(pending_ids(stale_after=stale_after), force=True)


def deliver_pending(*, stale_after: timedelta = timedelta(0)) -> dict[str, int]:
    """Send what is waiting in this process, without the broker (`dispatch_outbox --hier`)."""
    counts: dict[str, int] = {}
    for message_id in pending_ids(stale_after=stale_after):
        try:
            outcome = deliver(message_id)
        except Exception:  # noqa: BLE001 - recorded on the row
            outcome = "fout"
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def deliver(message_id: int) -> str:
    """Send one message at most once. Returns the resulting status, or ALREADY_HANDLED when it was
    sent or skipped before. Raises when sending failed (the failure is recorded; Celery retries
    with backoff)."""
    try:
        with transaction.atomic():
            # Waits while another worker holds this message (a duplicate task), then finds it sent.
            message = (
                OutboxMessage.objects.select_for_update(of=("self",))
                .select_related("recipient")
                .filter(pk=message_id)
                .first()
            )
            if message is None:
                return ALREADY_HANDLED
            if message.status != MessageStatus.PENDING:
                return ALREADY_HANDLED
            now = timezone.now()
            email, skip_reason = render(message)
            if email is None:
                message.status = MessageStatus.SKIPPED
                message.skip_reason = skip_reason[:200]
                message.last_attempt_at = now
                message.save(update_fields=["status", "skip_reason", "last_attempt_at"])
                return message.status
            email.extra_headers["Message-ID"] = message_id_header(message)
            email.send(fail_silently=False)
            message.status = MessageStatus.SENT
            message.sent_at = now
            message.last_attempt_at = now
            message.attempts += 1
            message.last_error = ""
            message.save(update_fields=["status", "sent_at", "last_attempt_at", "attempts", "last_error"])
            after_sent(message)
            return message.status
    except Exception as error:
        _record_failure(message_id, error)
        raise


def message_id_header(message: OutboxMessage) -> str:
    """The Message-ID of this outbox message, the same on every attempt: a resend after a crash
    between the SMTP server's acceptance and our commit carries the ID of the first send, so
    receivers (and their deduplicating mail stores) can recognise the repeat. From the row's id and a
    hash of its key (keys may name objects; the hash shows nothing) at the site's domain."""
    digest = hashlib.sha256(message.key.encode()).hexdigest()[:16]
    domain = urlsplit(settings.SITE_URL).hostname or "zvh.invalid"
    return f"<zvh.{message.pk}.{digest}@{domain}>"


def _record_failure(message_id: int, error: Exception) -> None:
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != MessageStatus.PENDING:
            return
        message.attempts += 1
        message.last_attempt_at = timezone.now()
        message.last_error = f"{type(error).__name__}: {error}"[:300]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = MessageStatus.FAILED
        message.save(update_fields=["attempts", "last_attempt_at", "last_error", "status"])
    logger.warning("Verzenden van bericht %s mislukt (%s).", message_id, type(error).__name__)
