"""The e-mails of the cases app (survey invitation and reminder, action and evaluation reminders,
new escalation for triage, handover, deputy), registered with the outbox (notifications/registry.py) by
`register_message_kinds`, which `CasesConfig.ready()` calls.
new escalation for triage, a bottleneck escalated to management), registered with the outbox
(notifications/registry.py) by `register_message_kinds`, which `CasesConfig.ready()` calls.

Rules (beside the outbox's rules for every e-mail, notifications/emails.py):
- Each renderer reads the row the message is about when it is sent, and skips the message with
  a reason when it is no longer needed: survey answered, expired or its case anonymised; reminder
  about a case that closed, was anonymised or was muted; escalation already decided.
- A mail names the case or escalation reference (and an escalation's urgency) and a link; nothing
  else of the case. The managers' mail about an escalated bottleneck names not even the case:
  only the category, the programme and the regisseur to contact (managers have no case access).
- Sending a survey invitation or its reminder is recorded on the invitation (`after_send`), in the
  transaction that marks the message sent.
- Which reminders stay in a user's open list: the case runs and (for an action) the action is not
  finished (`register_reminder_condition`).
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from notifications.emails import absolute, email_message
from notifications.models import CaseMute, OutboxMessage, Reminder
from notifications.registry import register_message_kind, register_reminder_condition

from .message_kinds import MessageKind
from .models import ActionStatus, CaseBottleneck, CaseHandover, Deputyship, Escalation, Phase, SurveyInvitation
from .services.survey import mark_sent, survey_url


def render_survey(message: OutboxMessage):
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
    return email_message(
        message,
        f"cases/email/{template}",
        {
            "reference": invitation.case.reference,
            "url": absolute(survey_url(invitation)),
            "expires_at": invitation.expires_at,
        },
    ), ""


def survey_sent(message: OutboxMessage) -> None:
    mark_sent(message.object_id, reminder=message.kind == MessageKind.SURVEY_REMINDER, at=message.sent_at)


def render_reminder(message: OutboxMessage):
    reminder = Reminder.objects.select_related("case", "organisation").filter(pk=message.object_id).first()
    if reminder is None:
        return None, "herinnering bestaat niet meer"
    if reminder.case.is_closed or reminder.case.anonymised_at is not None:
        return None, "casus is afgesloten"
    if CaseMute.objects.filter(user_id=reminder.user_id, case_id=reminder.case_id).exists():
        return None, "herinneringen voor deze casus staan uit"
    # Both kinds are about the process plan: its actions, or its evaluation date.
    path = reverse("cases:plan", kwargs={"reference": reminder.case.reference})
    return email_message(
        message,
        "cases/email/reminder",
        {
            "reminder": reminder,
            "reference": reminder.case.reference,
            "url": absolute(path),
            "list_url": absolute(reverse("notifications:reminders")),
        },
    ), ""


def render_escalation(message: OutboxMessage):
    escalation = Escalation.objects.filter(pk=message.object_id).first()
    if escalation is None:
        return None, "aanmelding bestaat niet meer"
    if not escalation.is_pending:
        return None, "aanmelding is al beoordeeld"
    return email_message(
        message,
        "cases/email/escalation",
        {
            "reference": escalation.reference,
            "urgency": escalation.get_urgency_display(),
            "url": absolute(reverse("escalations:triage")),
        },
    ), ""


def render_handover(message: OutboxMessage):
    """To the new regisseur (with a link), or to the previous one when someone else handed over."""
    handover = (
        CaseHandover.objects.select_related("case", "to_user", "handed_over_by").filter(pk=message.object_id).first()
    )
    if handover is None:
        return None, "overdracht bestaat niet meer"
    if handover.case.anonymised_at is not None:
        return None, "casus is geanonimiseerd"
    for_new_regisseur = message.recipient_id == handover.to_user_id
    if for_new_regisseur and handover.case.procesregisseur_id != handover.to_user_id:
        return None, "casus is intussen opnieuw overgedragen"
    return email_message(
        message,
        "cases/email/handover",
        {
            "recipient_name": str(message.recipient),
            "for_new_regisseur": for_new_regisseur,
            "reference": handover.case.reference,
            "handed_over_by": str(handover.handed_over_by),
            "to_user": str(handover.to_user),
            "url": absolute(reverse("cases:detail", kwargs={"reference": handover.case.reference})),
        },
    ), ""


def render_deputy(message: OutboxMessage):
    deputyship = Deputyship.objects.select_related("regisseur").filter(pk=message.object_id).first()
    if deputyship is None:
        return None, "vervanging bestaat niet meer"
    if deputyship.ended_early_at is not None or deputyship.ends_on < timezone.localdate():
        return None, "vervanging is al voorbij"
    return email_message(
        message,
        "cases/email/deputy",
        {
            "recipient_name": str(message.recipient),
            "regisseur": str(deputyship.regisseur),
            "starts_on": deputyship.starts_on,
            "ends_on": deputyship.ends_on,
            "url": absolute(reverse("cases:deputies")),
        },
    ), ""


def render_bottleneck(message: OutboxMessage):
    bottleneck = (
        CaseBottleneck.objects.filter(pk=message.object_id)
        .select_related("category", "case__programme", "case__procesregisseur")
        .first()
    )
    if bottleneck is None:
        return None, "knelpunt bestaat niet meer"
    if bottleneck.case.anonymised_at is not None:
        return None, "casus is geanonimiseerd"
    regisseur = bottleneck.case.procesregisseur
    return email_message(
        message,
        "cases/email/bottleneck",
        {
            "category": bottleneck.category.name,
            "programme": bottleneck.case.programme.code,
            "regisseur": regisseur.get_full_name() or regisseur.username,
            "url": absolute(reverse("dashboard:dashboard")),
        },
    ), ""


def reminder_still_relevant() -> Q:
    """A reminder about a closed case, or about an action that is finished, is no longer open."""
    running = ~Q(case__phase=Phase.AFGESLOTEN)
    unfinished = Q(action__isnull=True) | Q(action__status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
    return running & unfinished


def register_message_kinds() -> None:
    kinds = {
        MessageKind.SURVEY_INVITATION: (render_survey, survey_sent),
        MessageKind.SURVEY_REMINDER: (render_survey, survey_sent),
        MessageKind.REMINDER: (render_reminder, None),
        MessageKind.ESCALATION: (render_escalation, None),
        MessageKind.CASE_HANDED_OVER: (render_handover, None),
        MessageKind.DEPUTY_ASSIGNED: (render_deputy, None),
        MessageKind.BOTTLENECK: (render_bottleneck, None),
    }
    for kind, (render, after_send) in kinds.items():
        register_message_kind(kind.value, label=kind.label, render=render, after_send=after_send)
    register_reminder_condition(reminder_still_relevant)
