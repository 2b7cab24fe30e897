"""Reminders name the action they are about, by its plan version and life domain and its owner,
never by its free text (the lines also go out in e-mails and the daily digest), with the date
written one way ("4 december 2026")."""

from django.core import mail
from django.urls import reverse

from cases.emails import describe_reminder
from cases.reminders import generate_reminders
from notifications.models import OutboxMessage, Reminder
from tests.auth import login
from zvh.formats import date_text

from .conftest import PERSONAL, plan_with_action, soon


def test_a_reminder_names_its_action_its_owner_and_the_date(
    addresses, client, case, regisseur, politie, django_capture_on_commit_callbacks
):
    action = plan_with_action(case, regisseur, politie, deadline=soon(2))
    with django_capture_on_commit_callbacks(execute=True):
        generate_reminders()
    reminder = Reminder.objects.get(user=regisseur)
    deadline = date_text(action.deadline)

    message = OutboxMessage.objects.get(object_id=reminder.pk, recipient=regisseur)
    text, _, _ = describe_reminder(message)
    assert text == f"Deadline nadert voor actie 1 van planversie 1 van {politie}: casus {case.reference}, {deadline}"

    sent = next(m for m in mail.outbox if m.to == [regisseur.email])
    assert sent.subject == f"Deadline nadert: actie 1 van planversie 1 in casus {case.reference}"
    assert f"is op {deadline}" in sent.body
    for value in PERSONAL:
        assert value not in sent.subject + sent.body + text

    login(client, regisseur)
    page = " ".join(client.get(reverse("notifications:reminders")).content.decode().split())
    assert f"Actie uit planversie 1 van {politie}: deadline nadert," in page and deadline in page
    assert "Huisbezoek bij het gezin" not in page
