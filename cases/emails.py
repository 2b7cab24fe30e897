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
from partners.models import Role
from privacy import policy
from zvh.formats import date_text, moment_text

from .calendar import CANCEL, REQUEST, meeting_ics, meeting_url
from .message_kinds import MessageKind
from .models import (
    ActionStatus,
    CaseBottleneck,
    CaseHandover,
    Deputyship,
    Escalation,
    EscalationQuestion,
    Meeting,
    MeetingInvitation,
    ParticipantProfessional,
    Phase,
    PlanAction,
    PlanAgreement,
    ProcessPlan,
    SurveyInvitation,
)
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
    action_label = action_name(reminder.action_id) if reminder.action_id else ""
    return email_message(
        message,
        "cases/email/reminder",
        {
            "reminder": reminder,
            "action_label": action_label,
            "reference": reminder.case.reference,
            "url": absolute(path),
            "list_url": absolute(reverse("notifications:reminders")),
        },
    ), ""


def action_name(action_id: int) -> str:
    """An action named without its free text (which may hold personal data): its number in its
    plan version and its life domain, e.g. "actie 2 van planversie 1 (Huisvesting)"."""
    action = PlanAction.objects.select_related("plan", "goal__domain").filter(pk=action_id).first()
    if action is None:
        return ""
    number = PlanAction.objects.filter(plan_id=action.plan_id, pk__lte=action.pk).count()
    domain = f" ({action.goal.domain.name})" if action.goal_id else ""
    return f"actie {number} van planversie {action.plan.number}{domain}"


def render_escalation(message: OutboxMessage):
    escalation = Escalation.objects.filter(pk=message.object_id).first()
    if escalation is None:
        return None, "aanmelding bestaat niet meer"
    if not escalation.is_pending:
        return None, "aanmelding is al beoordeeld"
    at_table = message.kind == MessageKind.TRIAGE_TABLE_ESCALATION
    if at_table and not policy.may_join_triage_table(message.recipient):
        return None, "niet meer aan de triagetafel"
    url = (
        reverse("escalations:table_escalation", args=[escalation.reference])
        if at_table
        else reverse("escalations:triage")
    )
    return email_message(
        message,
        "cases/email/escalation_table" if at_table else "cases/email/escalation",
        {
            "recipient_name": str(message.recipient),
            "reference": escalation.reference,
            "urgency": escalation.get_urgency_display(),
            "url": absolute(url),
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


MEETING_MAIL_KINDS = {
    MessageKind.MEETING_INVITATION: "invitation",
    MessageKind.MEETING_RESCHEDULED: "rescheduled",
    MessageKind.MEETING_CANCELLED: "cancelled",
}


def render_meeting(message: OutboxMessage):
    """Invitation, move or cancellation of a casusoverleg, to one invitee, with the calendar file
    of the meeting as it is when sent (cases/calendar.py). Skipped when the invitee was taken off
    it, the case closed, or a newer message about this meeting waits for the same person (the
    newer one carries the latest state; a calendar keeps one event per UID)."""
    meeting = Meeting.objects.select_related("case").filter(pk=message.object_id).first()
    if meeting is None:
        return None, "overleg bestaat niet meer"
    if meeting.case.is_closed or meeting.case.anonymised_at is not None:
        return None, "casus is afgesloten"
    if not MeetingInvitation.objects.filter(meeting=meeting, user_id=message.recipient_id).exists():
        return None, "niet (meer) uitgenodigd"
    kind = MEETING_MAIL_KINDS[message.kind]
    if (kind == "cancelled") != meeting.is_cancelled:
        return None, "overleg is geannuleerd" if meeting.is_cancelled else "overleg gaat toch door"
    if kind != "cancelled" and not meeting.is_planned:
        return None, "overleg is al gehouden"
    newer = OutboxMessage.objects.filter(
        kind__in=list(MEETING_MAIL_KINDS), object_id=meeting.pk, recipient_id=message.recipient_id, pk__gt=message.pk
    )
    if newer.exists():
        return None, "een nieuwer bericht over dit overleg volgt"
    email = email_message(
        message,
        "cases/email/meeting",
        {
            "kind": kind,
            "recipient_name": str(message.recipient),
            "reference": meeting.case.reference,
            "starts_at": timezone.localtime(meeting.starts_at),
            "place": "online" if meeting.is_online and not meeting.location else meeting.location,
            "url": meeting_url(meeting),
        },
    )
    method = CANCEL if kind == "cancelled" else REQUEST
    email.attach(
        "casusoverleg.ics",
        meeting_ics(meeting, recipient_email=message.recipient.email, method=method),
        f"text/calendar; method={method}; charset=utf-8",
    )
    return email, ""


def render_escalation_to_referrer(message: OutboxMessage):
    """Confirmation of receipt, or "there is a decision": reference and a link, nothing else."""
    escalation = Escalation.objects.filter(pk=message.object_id).first()
    if escalation is None:
        return None, "aanmelding bestaat niet meer"
    received = message.kind == MessageKind.ESCALATION_RECEIVED
    if received and not escalation.is_pending:
        return None, "aanmelding is al beoordeeld (het besluit volgt)"
    return email_message(
        message,
        "cases/email/escalation_received" if received else "cases/email/escalation_decided",
        {
            "recipient_name": str(message.recipient),
            "reference": escalation.reference,
            "urgency": escalation.get_urgency_display(),
            "url": absolute(reverse("escalations:detail", args=[escalation.reference])),
        },
    ), ""


def render_seat(message: OutboxMessage):
    seat = (
        ParticipantProfessional.objects.select_related("participant__case", "participant__organisation")
        .filter(pk=message.object_id)
        .first()
    )
    if seat is None:
        return None, "plaats aan tafel bestaat niet meer"
    case = seat.participant.case
    if case.anonymised_at is not None:
        return None, "casus is geanonimiseerd"
    is_seated = message.kind == MessageKind.SEATED
    if is_seated and (seat.left_on is not None or case.is_closed):
        return None, "niet meer aan tafel"
    return email_message(
        message,
        "cases/email/seat",
        {
            "recipient_name": str(message.recipient),
            "seated": is_seated,
            "reference": case.reference,
            "organisation": str(seat.participant.organisation),
            "url": absolute(reverse("cases:detail", args=[case.reference])),
        },
    ), ""


def render_action(message: OutboxMessage):
    action = PlanAction.objects.select_related("plan__case", "owner_organisation").filter(pk=message.object_id).first()
    if action is None:
        return None, "actie bestaat niet meer"
    case = action.plan.case
    if case.is_closed or case.anonymised_at is not None:
        return None, "casus is afgesloten"
    if action.status not in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS):
        return None, "actie is al afgerond"
    return email_message(
        message,
        "cases/email/action",
        {
            "recipient_name": str(message.recipient),
            "reference": case.reference,
            "for_person": action.owner_user_id == message.recipient_id,
            "organisation": str(action.owner_organisation),
            "deadline": action.deadline,
            "url": absolute(reverse("cases:plan", kwargs={"reference": case.reference})),
        },
    ), ""


def render_partner_agreement(message: OutboxMessage):
    agreement = PlanAgreement.objects.select_related("plan__case", "organisation").filter(pk=message.object_id).first()
    if agreement is None:
        return None, "akkoord bestaat niet meer"
    case = agreement.plan.case
    if case.is_closed or case.anonymised_at is not None:
        return None, "casus is afgesloten"
    if agreement.plan.is_frozen:
        return None, "plan is al vastgesteld"
    return email_message(
        message,
        "cases/email/partner_agreement",
        {
            "recipient_name": str(message.recipient),
            "reference": case.reference,
            "organisation": str(agreement.organisation),
            "number": agreement.plan.number,
            "url": absolute(reverse("cases:plan", kwargs={"reference": case.reference})),
        },
    ), ""


def render_escalation_question(message: OutboxMessage):
    """The triage team's question to the referrer: reference and a link to answer, not the question."""
    question = EscalationQuestion.objects.select_related("escalation").filter(pk=message.object_id).first()
    if question is None:
        return None, "vraag bestaat niet meer"
    if question.is_answered or not question.escalation.awaits_information:
        return None, "vraag is al beantwoord of de aanmelding is ingetrokken"
    reference = question.escalation.reference
    return email_message(
        message,
        "cases/email/escalation_question",
        {
            "recipient_name": str(message.recipient),
            "reference": reference,
            "url": absolute(reverse("escalations:complete", args=[reference])),
        },
    ), ""


def render_escalation_answered(message: OutboxMessage):
    """To the regisseur who asked: the referrer completed the escalation, or withdrew it."""
    escalation = Escalation.objects.filter(pk=message.object_id).first()
    if escalation is None:
        return None, "aanmelding bestaat niet meer"
    completed = message.kind == MessageKind.ESCALATION_COMPLETED
    if completed and not escalation.is_pending:
        return None, "aanmelding is al beoordeeld of ingetrokken"
    path = reverse("escalations:decide", args=[escalation.reference]) if completed else reverse("escalations:triage")
    return email_message(
        message,
        "cases/email/escalation_completed",
        {
            "recipient_name": str(message.recipient),
            "completed": completed,
            "reference": escalation.reference,
            "url": absolute(path),
        },
    ), ""


def render_plan_awaiting_agreement(message: OutboxMessage):
    plan = ProcessPlan.objects.select_related("case").filter(pk=message.object_id).first()
    if plan is None:
        return None, "plan bestaat niet meer"
    case = plan.case
    if case.is_closed or case.anonymised_at is not None:
        return None, "casus is afgesloten"
    if plan.is_frozen:
        return None, "plan is al vastgesteld"
    recipient = message.recipient
    if not ParticipantProfessional.objects.filter(
        user=recipient, left_on__isnull=True, participant__case=case, participant__left_on__isnull=True
    ).exists():
        return None, "niet meer aan tafel"
    if PlanAgreement.objects.filter(
        plan=plan, organisation_id=recipient.organisation_id, plan_version__gte=plan.version
    ).exists():
        return None, "organisatie gaf al akkoord"
    return email_message(
        message,
        "cases/email/plan_awaiting_agreement",
        {
            "recipient_name": str(recipient),
            "reference": case.reference,
            "organisation": str(recipient.organisation),
            "number": plan.number,
            "url": absolute(reverse("cases:plan", kwargs={"reference": case.reference})),
        },
    ), ""


# One line per message for the in-app list and the daily digest (notifications/registry.py):
# the kind, a reference and a date; no names, no case text. (text, path, case_id or None).
GONE = " (niet meer beschikbaar)"


def _case_line(label: str, case, path: str, extra: str = ""):
    return f"{label}: casus {case.reference}{extra}", path, case.pk


def describe_survey(message: OutboxMessage):
    invitation = SurveyInvitation.objects.select_related("case").filter(pk=message.object_id).first()
    if invitation is None:
        return message.kind_label + GONE, "", None
    due = f", invullen vóór {date_text(timezone.localtime(invitation.expires_at))}"
    return _case_line(message.kind_label, invitation.case, survey_url(invitation), due)


def describe_reminder(message: OutboxMessage):
    reminder = Reminder.objects.select_related("case", "organisation").filter(pk=message.object_id).first()
    if reminder is None:
        return message.kind_label + GONE, "", None
    path = reverse("cases:plan", kwargs={"reference": reminder.case.reference})
    return _case_line(reminder_subject(reminder), reminder.case, path, f", {date_text(reminder.due_on)}")


def reminder_subject(reminder: Reminder) -> str:
    """What a reminder is about, naming the action without its free text (the line also goes into
    the daily digest e-mail): "Deadline nadert voor actie 2 van planversie 1 (Huisvesting) van GGD"."""
    if reminder.is_review_due:
        return "Evaluatie van het plan van aanpak"
    action = action_name(reminder.action_id) if reminder.action_id else "een actie"
    owner = f" van {reminder.organisation}" if reminder.organisation_id else ""
    return f"Deadline {'verstreken' if reminder.is_action_overdue else 'nadert'} voor {action}{owner}"


def describe_escalation(message: OutboxMessage):
    escalation = Escalation.objects.filter(pk=message.object_id).first()
    if escalation is None:
        return message.kind_label + GONE, "", None
    if message.kind == MessageKind.ESCALATION:
        path = reverse("escalations:triage")
    elif message.kind == MessageKind.TRIAGE_TABLE_ESCALATION:
        path = reverse("escalations:table_escalation", args=[escalation.reference])
    else:
        path = reverse("escalations:detail", args=[escalation.reference])
    urgency = escalation.urgency_short_label.lower()
    return f"{message.kind_label}: aanmelding {escalation.reference}, {urgency}", path, None


def describe_escalation_question(message: OutboxMessage):
    """The referrer's line for a question of the triage team: the reference and the page to answer."""
    question = EscalationQuestion.objects.select_related("escalation").filter(pk=message.object_id).first()
    if question is None:
        return message.kind_label + GONE, "", None
    reference = question.escalation.reference
    path = reverse("escalations:complete", args=[reference]) if not question.is_answered else ""
    return (
        f"{message.kind_label}: aanmelding {reference}",
        path or reverse("escalations:detail", args=[reference]),
        None,
    )


def describe_handover(message: OutboxMessage):
    handover = CaseHandover.objects.select_related("case").filter(pk=message.object_id).first()
    if handover is None:
        return message.kind_label + GONE, "", None
    return _case_line(message.kind_label, handover.case, reverse("cases:detail", args=[handover.case.reference]))


def describe_deputy(message: OutboxMessage):
    deputyship = Deputyship.objects.filter(pk=message.object_id).first()
    if deputyship is None:
        return message.kind_label + GONE, "", None
    period = f"{date_text(deputyship.starts_on)} tot en met {date_text(deputyship.ends_on)}"
    return f"{message.kind_label}: van {period}", reverse("cases:deputies"), None


def describe_bottleneck(message: OutboxMessage):
    """Managers have no case access: the category only, no case reference (as in the mail)."""
    bottleneck = CaseBottleneck.objects.select_related("category").filter(pk=message.object_id).first()
    if bottleneck is None:
        return message.kind_label + GONE, "", None
    return f"{message.kind_label}: {bottleneck.category.name}", reverse("dashboard:dashboard"), None


def describe_meeting(message: OutboxMessage):
    meeting = Meeting.objects.select_related("case").filter(pk=message.object_id).first()
    if meeting is None:
        return message.kind_label + GONE, "", None
    path = reverse("cases:meeting_detail", args=[meeting.case.reference, meeting.pk])
    return _case_line(message.kind_label, meeting.case, path, f", {moment_text(timezone.localtime(meeting.starts_at))}")


def describe_seat(message: OutboxMessage):
    seat = ParticipantProfessional.objects.select_related("participant__case").filter(pk=message.object_id).first()
    if seat is None:
        return message.kind_label + GONE, "", None
    case = seat.participant.case
    return _case_line(message.kind_label, case, reverse("cases:detail", args=[case.reference]))


def describe_action(message: OutboxMessage):
    action = PlanAction.objects.select_related("plan__case").filter(pk=message.object_id).first()
    if action is None:
        return message.kind_label + GONE, "", None
    case = action.plan.case
    deadline = f", deadline {date_text(action.deadline)}" if action.deadline else ""
    return _case_line(message.kind_label, case, reverse("cases:plan", kwargs={"reference": case.reference}), deadline)


def describe_partner_agreement(message: OutboxMessage):
    agreement = PlanAgreement.objects.select_related("plan__case").filter(pk=message.object_id).first()
    if agreement is None:
        return message.kind_label + GONE, "", None
    case = agreement.plan.case
    return _case_line(message.kind_label, case, reverse("cases:plan", kwargs={"reference": case.reference}))


def describe_plan(message: OutboxMessage):
    plan = ProcessPlan.objects.select_related("case").filter(pk=message.object_id).first()
    if plan is None:
        return message.kind_label + GONE, "", None
    case = plan.case
    return _case_line(message.kind_label, case, reverse("cases:plan", kwargs={"reference": case.reference}))


def reminder_still_relevant() -> Q:
    """A reminder about a closed case, or about an action that is finished, is no longer open."""
    running = ~Q(case__phase=Phase.AFGESLOTEN)
    unfinished = Q(action__isnull=True) | Q(action__status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
    return running & unfinished


_REGISSEUR = frozenset({Role.PROCESREGISSEUR})
_PARTNER = frozenset({Role.PARTNERPROFESSIONAL})
# Who receives each kind (the settings page offers a user only these); a kind not named reaches anyone.
AUDIENCE = {
    MessageKind.REMINDER: _REGISSEUR | _PARTNER,
    MessageKind.ESCALATION: _REGISSEUR,
    MessageKind.TRIAGE_TABLE_ESCALATION: _PARTNER,
    MessageKind.CASE_HANDED_OVER: _REGISSEUR,
    MessageKind.DEPUTY_ASSIGNED: _REGISSEUR,
    MessageKind.BOTTLENECK: frozenset({Role.MANAGER}),
    MessageKind.ESCALATION_RECEIVED: _PARTNER,
    MessageKind.ESCALATION_DECIDED: _PARTNER,
    MessageKind.ESCALATION_INFO_REQUESTED: _PARTNER,
    MessageKind.ESCALATION_COMPLETED: _REGISSEUR,
    MessageKind.ESCALATION_WITHDRAWN: _REGISSEUR,
    MessageKind.SEATED: _PARTNER,
    MessageKind.UNSEATED: _PARTNER,
    MessageKind.ACTION_ASSIGNED: _PARTNER,
    MessageKind.PLAN_AGREED_BY_PARTNER: _REGISSEUR,
    MessageKind.PLAN_AWAITING_AGREEMENT: _PARTNER,
}


# Narrower than a role: only the members of the triage table receive (and choose for) this kind.
OFFERED_TO = {MessageKind.TRIAGE_TABLE_ESCALATION: policy.may_join_triage_table}


def register_message_kinds() -> None:
    """Survey invitations (a personal link that expires, recorded as sent) and meeting mails (the
    calendar file is the point) are always mailed at once: `user_choice=False`. The recipient
    chooses the delivery of every other kind (notifications.NotificationPreference)."""
    kinds = {
        MessageKind.SURVEY_INVITATION: (render_survey, survey_sent, describe_survey, False),
        MessageKind.SURVEY_REMINDER: (render_survey, survey_sent, describe_survey, False),
        MessageKind.REMINDER: (render_reminder, None, describe_reminder, True),
        MessageKind.ESCALATION: (render_escalation, None, describe_escalation, True),
        MessageKind.TRIAGE_TABLE_ESCALATION: (render_escalation, None, describe_escalation, True),
        MessageKind.CASE_HANDED_OVER: (render_handover, None, describe_handover, True),
        MessageKind.DEPUTY_ASSIGNED: (render_deputy, None, describe_deputy, True),
        MessageKind.BOTTLENECK: (render_bottleneck, None, describe_bottleneck, True),
        **dict.fromkeys(MEETING_MAIL_KINDS, (render_meeting, None, describe_meeting, False)),
        MessageKind.ESCALATION_RECEIVED: (render_escalation_to_referrer, None, describe_escalation, True),
        MessageKind.ESCALATION_DECIDED: (render_escalation_to_referrer, None, describe_escalation, True),
        MessageKind.SEATED: (render_seat, None, describe_seat, True),
        MessageKind.UNSEATED: (render_seat, None, describe_seat, True),
        MessageKind.ACTION_ASSIGNED: (render_action, None, describe_action, True),
        MessageKind.PLAN_AGREED_BY_PARTNER: (render_partner_agreement, None, describe_partner_agreement, True),
        MessageKind.PLAN_AWAITING_AGREEMENT: (render_plan_awaiting_agreement, None, describe_plan, True),
        MessageKind.ESCALATION_INFO_REQUESTED: (render_escalation_question, None, describe_escalation_question, True),
        MessageKind.ESCALATION_COMPLETED: (render_escalation_answered, None, describe_escalation, True),
        MessageKind.ESCALATION_WITHDRAWN: (render_escalation_answered, None, describe_escalation, True),
    }
    for kind, (render, after_send, describe, user_choice) in kinds.items():
        register_message_kind(
            kind.value,
            label=kind.label,
            render=render,
            after_send=after_send,
            describe=describe,
            user_choice=user_choice,
            audience=AUDIENCE.get(kind, frozenset()),
            offered_to=OFFERED_TO.get(kind),
        )
    register_reminder_condition(reminder_still_relevant)
