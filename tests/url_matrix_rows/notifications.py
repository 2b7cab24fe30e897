"""Rows of the URL × role matrix for reminders, the background-job schedule and the public
closure survey.

ROWS: (url name, method) -> expected status per role (see common.row).
make_kwargs(case, escalation, users) -> extra URL kwargs (objects these URLs need), by name."""

from .common import LOGIN, row

ROWS: dict = {
    # Own reminders: for the roles that work on cases; the list holds references and dates only.
    ("notifications:reminders", "GET"): row(
        403, anonymous=LOGIN, regisseur=200, other_regisseur=200, agent=200, colleague=200
    ),
    # Handling a reminder that is not yours: 404 (the one below belongs to the regisseur).
    ("notifications:dismiss", "POST"): row(
        403, anonymous=LOGIN, regisseur=302, other_regisseur=404, agent=404, colleague=404
    ),  # fmt: skip
    # Muting goes through open_case: whoever may not see the case gets 404; an empty POST is 400.
    ("notifications:mute", "POST"): row(404, anonymous=LOGIN, regisseur=400, agent=400),
    # Own messages and delivery settings: every signed-in role receives messages. Marking another
    # user's message read: 404 (the one below is the regisseur's). An empty settings POST shows the
    # form again with its errors (200).
    ("notifications:messages", "GET"): row(200, anonymous=LOGIN),
    ("notifications:mark_read", "POST"): row(404, anonymous=LOGIN, regisseur=302),
    ("notifications:mark_all_read", "POST"): row(302, anonymous=LOGIN),
    ("notifications:preferences", "GET"): row(200, anonymous=LOGIN),
    ("notifications:preferences", "POST"): row(200, anonymous=LOGIN),
    # The beat schedule and outbox state: the functional admin only.
    ("notifications:schedule", "GET"): row(403, anonymous=LOGIN, functional_admin=200),
    # The closure survey is public: the signed link is the credential (an empty POST shows the
    # form again with errors).
    ("survey:respond", "GET"): row(200),
    ("survey:respond", "POST"): row(200),
    ("survey:thanks", "GET"): row(200),
}


def make_kwargs(case, escalation, users) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from cases.models import SurveyInvitation
    from cases.services.survey import survey_token
    from notifications.models import MessageStatus, OutboxMessage, Reminder, ReminderKind

    agent = users["agent"]
    invitation, _ = SurveyInvitation.objects.get_or_create(
        case=case,
        recipient=agent,
        defaults={"organisation": agent.organisation, "expires_at": timezone.now() + timedelta(days=7)},
    )
    reminder, _ = Reminder.objects.get_or_create(
        key=f"matrix:{case.pk}",
        defaults={
            "user": users["regisseur"],
            "case": case,
            "kind": ReminderKind.REVIEW_DUE,
            "due_on": timezone.localdate(),
        },
    )
    message, _ = OutboxMessage.objects.get_or_create(
        key=f"matrix:bericht:{case.pk}",
        defaults={"kind": "aan_tafel", "recipient": users["regisseur"], "object_id": 0,
                  "status": MessageStatus.APP_ONLY},
    )  # fmt: skip
    return {"token": survey_token(invitation), "reminder_id": reminder.pk, "message_id": message.pk}
