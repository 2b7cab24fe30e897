"""The outbox in eager mode (as in `make run` and the other tests): work is written with the
business change, sent after the commit, exactly once, and without personal data."""

import pytest
from django.core import mail
from django.db import transaction

from cases.message_kinds import MessageKind
from cases.models import SurveyInvitation
from cases.reminders import generate_reminders
from notifications import outbox
from notifications.models import MessageStatus, OutboxMessage
from tests.concurrency import race
from tests.factories import UserFactory, make_escalation

from .conftest import PERSONAL, close_case, plan_with_action, soon


def test_closing_invites_whoever_sits_at_the_table_once(
    addresses, case, regisseur, agent, politie, django_capture_on_commit_callbacks
):
    from cases import services

    left = UserFactory(username="vertrokken", organisation=politie, email="weg@zvh.example")
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[left])
    services.unseat_professional(seat=case.participants.get().professionals.get(user=left), actor=regisseur)

    with django_capture_on_commit_callbacks(execute=True):
        close_case(case, regisseur)

    invitation = SurveyInvitation.objects.get(case=case)
    assert invitation.recipient == agent  # not the professional who left before the closing
    assert invitation.organisation == politie
    assert [m.to for m in mail.outbox] == [[agent.email]]
    assert invitation_from_link(mail.outbox[0].body) == invitation
    invitation.refresh_from_db()
    assert invitation.sent_at is not None

    # The sweeper and a repeated task find nothing more to send.
    outbox.deliver_pending()
    outbox.deliver(OutboxMessage.objects.get(kind=MessageKind.SURVEY_INVITATION).pk)
    assert len([m for m in mail.outbox if "/enquete/" in m.body]) == 1  # beside the seating mails


def invitation_from_link(body):
    """The invitation the mail's personal link opens (the signed token carries a timestamp, so
    the link is not compared as text)."""
    from django.conf import settings

    from cases.services.survey import invitation_for_token

    link = next(line for line in body.splitlines() if line.startswith(settings.SITE_URL + "/enquete/"))
    return invitation_for_token(link.rstrip("/").rsplit("/", 1)[1])


def test_no_message_when_the_change_is_rolled_back(addresses, case, regisseur, django_capture_on_commit_callbacks):
    before = OutboxMessage.objects.count()  # the fixture's seating told the agent
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            close_case(case, regisseur)
            raise RuntimeError("iets anders ging mis")
    assert OutboxMessage.objects.count() == before
    assert not SurveyInvitation.objects.exists()
    assert mail.outbox == []


def test_escalation_notifies_the_triage_team_without_personal_data(
    addresses, agent, regisseur, other_regisseur, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        escalation = make_escalation(submitted_by=agent)
    triage = [m for m in mail.outbox if m.to != [agent.email]]  # the referrer gets a confirmation
    assert sorted(m.to[0] for m in triage) == sorted([regisseur.email, other_regisseur.email])
    for message in triage:
        assert escalation.reference in message.subject
        assert "/aanmeldingen/triage/" in message.body
        assert_no_personal_data(message)


def test_every_email_kind_names_the_reference_and_nothing_personal(
    addresses, case, regisseur, agent, politie, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from cases.services.survey import remind_non_responders

    with django_capture_on_commit_callbacks(execute=True):
        plan_with_action(case, regisseur, politie, deadline=soon(-2), owner_user=agent)
        generate_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        close_case(case, regisseur)
    SurveyInvitation.objects.update(sent_at=timezone.now() - timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        remind_non_responders()
    kinds = set(OutboxMessage.objects.filter(status=MessageStatus.SENT).values_list("kind", flat=True))
    assert kinds == {
        MessageKind.ACTION_ASSIGNED,
        MessageKind.REMINDER,
        MessageKind.SURVEY_INVITATION,
        MessageKind.SURVEY_REMINDER,
    }
    assert len(mail.outbox) == 5  # new action: agent; overdue: agent + regisseur; invitation; its reminder
    for message in mail.outbox:
        assert case.reference in message.subject
        assert case.reference in message.body
        assert "http://" in message.body or "https://" in message.body
        assert case.programme.name not in message.body  # the reference, nothing more about the case
        assert_no_personal_data(message)


def assert_no_personal_data(message):
    text = message.subject + "\n" + message.body
    for value in PERSONAL:
        assert value not in text, f"{value!r} staat in de e-mail ‘{message.subject}’"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_delivering_the_same_message_send_it_once(addresses, case, regisseur):
    message = outbox.enqueue(kind=MessageKind.SURVEY_INVITATION, recipient=regisseur, object_id=0, key="x")
    assert message is not None  # autocommit: dispatched at once; the invitation does not exist → skipped
    assert OutboxMessage.objects.get(key="x").status == MessageStatus.SKIPPED

    invitation = SurveyInvitation.objects.create(
        case=case, recipient=regisseur, organisation=regisseur.organisation, expires_at=soon_dt()
    )
    OutboxMessage.objects.create(
        key="y", kind=MessageKind.SURVEY_INVITATION, recipient=regisseur, object_id=invitation.pk
    )
    pending = OutboxMessage.objects.get(key="y")
    results, errors = race(lambda: outbox.deliver(pending.pk), times=4)
    assert errors == []
    assert sorted(results) == sorted([MessageStatus.SENT] + [outbox.ALREADY_HANDLED] * 3)
    assert len([m for m in mail.outbox if m.to == [regisseur.email]]) == 1  # the agent's is the seating


def soon_dt():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() + timedelta(days=7)


def test_a_failing_mail_server_is_retried_and_then_given_up(addresses, case, regisseur, settings):
    from smtplib import SMTPException
    from unittest import mock

    invitation = SurveyInvitation.objects.create(
        case=case, recipient=regisseur, organisation=regisseur.organisation, expires_at=soon_dt()
    )
    message = OutboxMessage.objects.create(
        key="z", kind=MessageKind.SURVEY_INVITATION, recipient=regisseur, object_id=invitation.pk
    )
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=SMTPException("421 probeer later")):
        for _ in range(outbox.MAX_ATTEMPTS):
            with pytest.raises(SMTPException):
                outbox.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == outbox.MAX_ATTEMPTS
    assert "421" in message.last_error
    invitation.refresh_from_db()
    assert invitation.sent_at is None


def test_send_task_retries_with_backoff():
    from smtplib import SMTPException

    from notifications.tasks import send_message

    assert SMTPException in send_message.autoretry_for
    assert send_message.retry_backoff and send_message.retry_jitter
    assert send_message.max_retries >= 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_hanging_broker_holds_a_request_up_for_about_a_second_at_most(addresses, case, regisseur, broker, settings):
    """A Redis that accepts the connection but never answers (network trouble, overload): the
    publish gives up after BROKER_PUBLISH_TIMEOUT and the work stays in the outbox; the next
    request in this process does not even try for a while."""
    import socket
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)  # never accepts, never answers
    try:
        from zvh.celery import app

        broker.up(f"redis://127.0.0.1:{listener.getsockname()[1]}/0")
        assert app.conf.broker_url.endswith(f":{listener.getsockname()[1]}/0")
        started = time.monotonic()
        close_case(case, regisseur)  # autocommit: the closing commits, then the publish is tried
        took = time.monotonic() - started
        assert took < settings.BROKER_PUBLISH_TIMEOUT + 1.5, f"{took:.2f} s"
        assert OutboxMessage.objects.get(kind=MessageKind.SURVEY_INVITATION).status == MessageStatus.PENDING

        started = time.monotonic()
        make_escalation(submitted_by=UserFactory(username="melder", organisation=case.participants.get().organisation))
        assert time.monotonic() - started < 0.5  # the broker is known to be down: not tried again
        waiting = OutboxMessage.objects.filter(status=MessageStatus.PENDING)
        assert waiting.filter(kind__in=[MessageKind.SURVEY_INVITATION, MessageKind.ESCALATION]).count() == 3
        assert waiting.filter(kind=MessageKind.ESCALATION_RECEIVED).count() == 1
    finally:
        listener.close()
    assert [m.subject for m in mail.outbox if "aan tafel" not in m.subject] == []  # the fixture seated the agent
