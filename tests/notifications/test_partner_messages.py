"""Issue 16: partners hear what concerns them. The referrer gets a confirmation and, later, "there
is a decision, log in to read it"; a professional hears they were seated or taken off a table and
that an action is theirs. Every message is written in the business transaction, names the
reference and a link only, and is skipped when it no longer holds by the time it is sent."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cases import services
from cases.message_kinds import MessageKind
from cases.models import LifeDomain
from notifications import outbox
from notifications.models import MessageStatus, OutboxMessage
from tests.factories import UserFactory, make_escalation

from .test_outbox import assert_no_personal_data

pytestmark = pytest.mark.usefixtures("addresses")


def test_the_referrer_gets_a_confirmation_and_then_a_decision_notice(
    agent, regisseur, escalation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = make_escalation(submitted_by=agent)
    [confirmation] = [m for m in mail.outbox if m.to == [agent.email]]
    assert submitted.reference in confirmation.subject and "ontvangen" in confirmation.subject
    assert f"/aanmeldingen/{submitted.reference}/" in confirmation.body
    assert_no_personal_data(confirmation)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_escalation(
            escalation=submitted, actor=regisseur, outcome="lokaal", feedback="Wijkteam pakt het op, met de huisarts.",
            expected_version=submitted.version,
        )  # fmt: skip
    [notice] = mail.outbox
    assert notice.to == [agent.email] and submitted.reference in notice.subject
    assert "Wijkteam" not in notice.body and "Log in" in notice.body
    assert_no_personal_data(notice)


def test_a_confirmation_still_waiting_when_the_decision_comes_is_skipped(agent, regisseur, broker):
    broker.down()
    submitted = make_escalation(submitted_by=agent)
    services.decide_escalation(
        escalation=submitted,
        actor=regisseur,
        outcome="lokaal",
        feedback="Wijkteam.",
        expected_version=submitted.version,
    )
    outbox.deliver_pending()
    statuses = dict(OutboxMessage.objects.filter(recipient=agent).values_list("kind", "status"))
    assert statuses == {
        MessageKind.ESCALATION_RECEIVED: MessageStatus.SKIPPED,
        MessageKind.ESCALATION_DECIDED: MessageStatus.SENT,
    }


def test_seating_and_unseating_a_professional_tells_them(case, regisseur, politie, django_capture_on_commit_callbacks):
    newcomer = UserFactory(username="wijkagent2", organisation=politie, email="w2@zvh.example")
    with django_capture_on_commit_callbacks(execute=True):
        services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[newcomer])
    [seated] = mail.outbox
    assert seated.to == [newcomer.email] and case.reference in seated.subject
    assert f"/casussen/{case.reference}/" in seated.body
    assert_no_personal_data(seated)
    seat = case.participants.get(organisation=politie).professionals.get(user=newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        services.unseat_professional(seat=seat, actor=regisseur)
    left = mail.outbox[1]
    assert left.to == [newcomer.email] and "Niet meer aan tafel" in left.subject
    assert f"/casussen/{case.reference}/" not in left.body  # no link to what they may no longer open


def test_an_organisation_leaving_tells_each_of_its_professionals(
    case, regisseur, agent, politie, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.unseat_partner(participant=case.participants.get(organisation=politie), actor=regisseur)
    assert [m.to for m in mail.outbox] == [[agent.email]]


def test_a_seat_ended_before_the_mail_went_out_is_not_announced(case, regisseur, politie, broker):
    broker.down()
    newcomer = UserFactory(username="wijkagent3", organisation=politie, email="w3@zvh.example")
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[newcomer])
    seat = case.participants.get(organisation=politie).professionals.get(user=newcomer)
    services.unseat_professional(seat=seat, actor=regisseur)
    outbox.deliver_pending()
    assert dict(OutboxMessage.objects.filter(recipient=newcomer).values_list("kind", "status")) == {
        MessageKind.SEATED: MessageStatus.SKIPPED,
        MessageKind.UNSEATED: MessageStatus.SENT,
    }


def test_a_new_action_tells_its_owner_or_the_owning_organisation(
    case, regisseur, agent, colleague, politie, django_capture_on_commit_callbacks
):
    plan = services.start_plan(case=case, actor=regisseur)
    deadline = timezone.localdate() + timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_action(
            plan=plan, actor=regisseur, description="Huisbezoek bij het gezin Aalbers", owner_organisation=politie,
            deadline=deadline,
        )  # fmt: skip
    [message] = mail.outbox  # the seated police officer; never the colleague who is not at the table
    assert message.to == [agent.email] and case.reference in message.subject
    assert "Politie" in message.body and "Huisbezoek" not in message.body
    assert_no_personal_data(message)


def test_no_message_when_the_seating_is_rolled_back(case, regisseur, politie, django_capture_on_commit_callbacks):
    newcomer = UserFactory(username="wijkagent4", organisation=politie, email="w4@zvh.example")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[newcomer])
            raise RuntimeError("iets anders ging mis")
    assert not OutboxMessage.objects.filter(recipient=newcomer).exists() and mail.outbox == []


def test_the_regisseur_hears_of_each_partners_agreement_once(
    case, regisseur, agent, django_capture_on_commit_callbacks
):
    plan = services.start_plan(case=case, actor=regisseur)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_agreement(plan=plan, actor=agent, remark="Akkoord, mits huisbezoek samen")
    with django_capture_on_commit_callbacks(execute=True):
        services.record_agreement(plan=plan, actor=agent)  # double submit: nothing new
    [message] = mail.outbox
    assert message.to == [regisseur.email]
    assert "Politie" in message.subject and case.reference in message.subject
    assert "mits huisbezoek" not in message.body
    assert_no_personal_data(message)


def _concept_with_goal(case, regisseur):
    plan = services.start_plan(case=case, actor=regisseur)
    services.add_goal(plan=plan, actor=regisseur, domain=LifeDomain.objects.first(), description="Veilig thuis")
    plan.refresh_from_db()
    return plan


def test_the_partners_hear_that_a_plan_awaits_their_agreement_once_per_state_of_the_concept(
    case, regisseur, agent, colleague, ggz, django_capture_on_commit_callbacks
):
    nurse = UserFactory(username="verpleegkundige", organisation=ggz, email="v@ggz.example")
    services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[nurse])
    plan = _concept_with_goal(case, regisseur)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        asked = services.request_agreement(plan=plan, actor=regisseur, expected_version=plan.version)
    assert [str(o) for o in asked] == ["GGZ Oost Brabant", "Politie"]
    sent = [m for m in mail.outbox if "wacht op het akkoord" in m.subject]
    assert sorted(m.to[0] for m in sent) == sorted([agent.email, nurse.email])  # never the colleague not at the table
    for message in sent:
        assert case.reference in message.subject and f"/casussen/{case.reference}/plan/" in message.body
        assert "Veilig thuis" not in message.body
        assert_no_personal_data(message)
    plan.refresh_from_db()
    assert plan.agreement_requested_at is not None and plan.agreement_requested_version == plan.version
    assert case.timeline.filter(text__contains="Akkoord gevraagd").exists()

    # Asking again for the same concept mails nobody again; Politie agrees, GGZ is asked once more
    # only after the concept changed.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_agreement(plan=plan, actor=regisseur, expected_version=plan.version)
        services.record_agreement(plan=plan, actor=agent)
    assert [m for m in mail.outbox if "wacht op het akkoord" in m.subject] == []
    plan.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        asked = services.request_agreement(plan=plan, actor=regisseur, expected_version=plan.version)
    assert [str(o) for o in asked] == ["GGZ Oost Brabant"]


def test_asking_agreement_is_refused_when_nobody_is_left_to_ask_or_for_a_partner(
    case, regisseur, agent, django_capture_on_commit_callbacks
):
    plan = _concept_with_goal(case, regisseur)
    with pytest.raises(PermissionDenied):
        services.request_agreement(plan=plan, actor=agent, expected_version=plan.version)
    services.record_agreement(plan=plan, actor=agent)
    plan.refresh_from_db()
    with pytest.raises(services.ServiceError, match="Alle partners"):
        services.request_agreement(plan=plan, actor=regisseur, expected_version=plan.version)
    with pytest.raises(services.ConcurrentEdit):
        services.request_agreement(plan=plan, actor=regisseur, expected_version=plan.version - 1)


def test_a_request_still_waiting_when_the_partner_agreed_is_not_sent(case, regisseur, agent, broker):
    plan = _concept_with_goal(case, regisseur)
    broker.down()
    services.request_agreement(plan=plan, actor=regisseur, expected_version=plan.version)
    services.record_agreement(plan=plan, actor=agent)
    outbox.deliver_pending()  # the broker is still down: delivered in this process
    message = OutboxMessage.objects.get(kind=MessageKind.PLAN_AWAITING_AGREEMENT)
    assert message.status == MessageStatus.SKIPPED and message.skip_reason == "organisatie gaf al akkoord"
