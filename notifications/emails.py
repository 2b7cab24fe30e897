"""E-mails of the application, rendered when they are sent (so they reflect the state at that
moment). Dutch, plain text, a link into the application, and no personal data of a case beyond
its reference: no names, no BSN, no addresses, no free text (summaries, notes, action texts),
and not the programme either (a programme such as PGA Radicalisering says something about the
person; mail passes through other organisations' servers).

`render(message)` returns (EmailMessage, "") or (None, reason) when the message is no longer
needed (survey answered or expired, reminder muted, escalation already decided)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import MessageKind, OutboxMessage


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _email(message: OutboxMessage, template: str, context: dict) -> EmailMessage:
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    subject = " ".join(render_to_string(f"notifications/email/{template}_subject.txt", context).split())
    body = render_to_string(f"notifications/email/{template}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[message.recipient.email])


def _survey(message: OutboxMessage):
    from cases.models import SurveyInvitation
    from cases.services.survey import survey_url

    invitation = SurveyInvitation.objects.select_related("case").filter(pk=message.object_id).first()
    if invitation is None:
        return None, "uitnodiging bestaat niet meer"
    if invitation.responded_at is not None:
        return None, "vragenlijst is al ingevuld"
    if invitation.expires_at <= timezone.now():
        return None, "link is verlopen"
    if invitation.case.anonymised_at is not None:
        return None, "casus is geanonimiseerd"
    template = "survey_invitation" if message.kind == MessageKind.SURVEY_INVITATION else "survey_reminder"
    return _email(
        message,
        template,
        {
            "reference": invitation.case.reference,
            "url": absolute(survey_url(invitation)),
            "expires_at": invitation.expires_at,
        },
    ), ""


def _reminder(message: OutboxMessage):
    from .models import CaseMute, Reminder

    reminder = Reminder.objects.select_related("case", "organisation").filter(pk=message.object_id).first()
    if reminder is None:
        return None, "herinnering bestaat niet meer"
    if reminder.case.is_closed or reminder.case.anonymised_at is not None:
        return None, "casus is afgesloten"
    if CaseMute.objects.filter(user_id=reminder.user_id, case_id=reminder.case_id).exists():
        return None, "herinneringen voor deze casus staan uit"
    # Both kinds are about the process plan: its actions, or its evaluation date.
    path = reverse("cases:plan", kwargs={"reference": reminder.case.reference})
    return _email(
        message,
        "reminder",
        {
            "reminder": reminder,
            "reference": reminder.case.reference,
            "url": absolute(path),
            "list_url": absolute(reverse("notifications:reminders")),
        },
    ), ""


def _escalation(message: OutboxMessage):
    from cases.models import Escalation

    escalation = Escalation.objects.filter(pk=message.object_id).first()
    if escalation is None:
        return None, "aanmelding bestaat niet meer"
    if not escalation.is_pending:
        return None, "aanmelding is al beoordeeld"
    return _email(
        message,
        "escalation",
        {
            "reference": escalation.reference,
            "urgency": escalation.get_urgency_display(),
            "url": absolute(reverse("escalations:triage")),
        },
    ), ""


RENDERERS = {
    MessageKind.SURVEY_INVITATION: _survey,
    MessageKind.SURVEY_REMINDER: _survey,
    MessageKind.REMINDER: _reminder,
    MessageKind.ESCALATION: _escalation,
}


def render(message: OutboxMessage) -> tuple[EmailMessage | None, str]:
    recipient = message.recipient
    if not recipient.is_active:
        return None, "ontvanger is niet actief"
    if not recipient.email:
        return None, "ontvanger heeft geen e-mailadres"
    return RENDERERS[message.kind](message)


def after_sent(message: OutboxMessage) -> None:
    """Record on the business row that its e-mail went out (same transaction as the send mark)."""
    if message.kind in (MessageKind.SURVEY_INVITATION, MessageKind.SURVEY_REMINDER):
        from cases.services.survey import mark_sent

        mark_sent(message.object_id, reminder=message.kind == MessageKind.SURVEY_REMINDER, at=message.sent_at)
