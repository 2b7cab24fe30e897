"""The message kinds the outbox can send, registered by the apps that produce them.

Rules:
- The outbox knows no producer. Every app that puts messages in the outbox registers each kind it
  uses, from its `AppConfig.ready()`: a Dutch `label` (the functional admin's outbox page),
  `render(message)` returning `(EmailMessage, "")`, or `(None, reason)` when the message is no
  longer needed, and optionally `after_send(message)`, which records on the producer's own row
  that the e-mail went out (called in the same transaction as the outbox's send mark).
- Optionally `describe(message)` returning `(text, url, case_id or None)`: one line in Dutch for the
  in-app list of messages and the daily digest, with no personal data (a reference, a date, the
  kind; never names or case text). `url` is a path in the application ("" for none), `case_id` the
  case it is about (the list's read is logged with it). A kind without describe is shown by its label.
- `user_choice=False` for a kind that is always mailed at once, whatever the recipient's delivery
  preference (a survey link that expires and is recorded as sent, a calendar file). Other kinds
  the recipient may take at once, in the daily digest, or only in the application
  (notifications.models.NotificationPreference).
- A kind belongs to one producer: registering it again with other functions is a programming
  error and refused at start-up. Kind values are stored in `OutboxMessage.kind`, so a producer
  never renames one that may still be waiting in the outbox.
- `message_kind(kind)` refuses a kind nobody registered; the outbox asks it before storing a
  message, so a message that could never be rendered is never written.
- Reminders: a reminder (notifications.models.Reminder) stays in a user's open list only while
  every condition registered with `register_reminder_condition` holds. The producer of reminders
  says what "still relevant" means (the case still runs, the action is not finished); this app
  only knows who, which case, and whether it was handled or muted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.core.mail import EmailMessage
    from django.db.models import Q

    from .models import OutboxMessage

    Render = Callable[[OutboxMessage], tuple[EmailMessage | None, str]]
    AfterSend = Callable[[OutboxMessage], None]
    Describe = Callable[[OutboxMessage], tuple[str, str, int | None]]


@dataclass(frozen=True)
class RegisteredKind:
    kind: str
    label: str
    render: Render
    after_send: AfterSend | None = None
    describe: Describe | None = None
    user_choice: bool = True
    # The roles (partners.Role values) that receive this kind, so the settings page offers a user
    # only what can reach them; empty: every role.
    audience: frozenset[str] = frozenset()
    # Narrower still, when a role says too little (e.g. only the triage table's members): user -> bool.
    offered_to: Callable[[object], bool] | None = None

    def reaches(self, user) -> bool:
        if self.audience and user.role not in self.audience:
            return False
        return self.offered_to is None or bool(self.offered_to(user))


class UnknownMessageKind(LookupError):
    """No app registered this kind of message."""


_kinds: dict[str, RegisteredKind] = {}
_reminder_conditions: list[Callable[[], Q]] = []


def register_message_kind(
    kind: str,
    *,
    label: str,
    render: Render,
    after_send: AfterSend | None = None,
    describe: Describe | None = None,
    user_choice: bool = True,
    audience: frozenset[str] = frozenset(),
    offered_to: Callable[[object], bool] | None = None,
) -> None:
    """Make `kind` sendable by the outbox. Registering the same kind with the same functions again
    is harmless (an app's ready() may run more than once in one process)."""
    entry = RegisteredKind(
        kind=kind,
        label=label,
        render=render,
        after_send=after_send,
        describe=describe,
        user_choice=user_choice,
        audience=frozenset(audience),
        offered_to=offered_to,
    )
    existing = _kinds.get(kind)
    if existing is not None and existing != entry:
        raise ImproperlyConfigured(f"Berichtsoort {kind!r} is al door een andere app geregistreerd.")
    _kinds[kind] = entry


def message_kind(kind: str) -> RegisteredKind:
    try:
        return _kinds[kind]
    except KeyError:
        raise UnknownMessageKind(f"Onbekende berichtsoort {kind!r}: geen app heeft haar geregistreerd.") from None


def registered_kinds() -> dict[str, RegisteredKind]:
    return dict(_kinds)


def label(kind: str) -> str:
    """The Dutch label of a kind; the raw value for a kind no longer registered (an old row)."""
    entry = _kinds.get(kind)
    return entry.label if entry else kind


def describe(message: OutboxMessage) -> tuple[str, str, int | None]:
    """(text, path, case_id) of one message for the in-app list and the digest; the kind's label
    (no link, no case) when its producer registered no describe or the kind is gone."""
    entry = _kinds.get(message.kind)
    if entry is None or entry.describe is None:
        return label(message.kind), "", None
    return entry.describe(message)


def choosable_kinds(user=None) -> list[RegisteredKind]:
    """The kinds a user chooses a delivery for (the settings page), in label order; with `user`,
    only the kinds that reach them."""
    entries = (e for e in _kinds.values() if e.user_choice and (user is None or e.reaches(user)))
    return sorted(entries, key=lambda entry: entry.label)


def is_user_choice(kind: str) -> bool:
    entry = _kinds.get(kind)
    return entry is not None and entry.user_choice


def register_reminder_condition(condition: Callable[[], Q]) -> None:
    """`condition()` returns a Q over Reminder that an open reminder must satisfy."""
    if condition not in _reminder_conditions:
        _reminder_conditions.append(condition)


def reminder_conditions() -> list[Callable[[], Q]]:
    return list(_reminder_conditions)
