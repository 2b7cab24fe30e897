"""Generic parts of every e-mail the outbox sends. The texts themselves belong to the app that
produces the message (it registers a renderer, notifications/registry.py); this module holds what
every producer shares.

Rules for every producer's e-mail: Dutch, plain text, a link into the application, and no personal
data of a case beyond its reference: no names, no BSN, no addresses, no free text (summaries,
notes, action texts), and not the programme either (a programme such as PGA Radicalisering says
something about the person; mail passes through other organisations' servers). Rendered when it is
sent, so it reflects the state at that moment.

`render(message)` returns (EmailMessage, "") or (None, reason): the recipient can no longer
receive mail (inactive, no address) or the producer says the message is no longer needed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from .models import OutboxMessage
from .registry import message_kind


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def email_message(message: OutboxMessage, template: str, context: dict) -> EmailMessage:
    """The e-mail of `message` from `<template>_subject.txt` (one line) and `<template>.txt`."""
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[message.recipient.email])


def render(message: OutboxMessage) -> tuple[EmailMessage | None, str]:
    recipient = message.recipient
    if not recipient.is_active:
        return None, "ontvanger is niet actief"
    if not recipient.email:
        return None, "ontvanger heeft geen e-mailadres"
    return message_kind(message.kind).render(message)


def after_sent(message: OutboxMessage) -> None:
    """Let the producer record on its own row that the e-mail went out (same transaction)."""
    after_send = message_kind(message.kind).after_send
    if after_send is not None:
        after_send(message)
