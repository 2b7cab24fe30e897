"""Issue 16: "a request for more information" to the referrer and "an escalation completed by the
referrer" to the regisseur who asked. Written in the business transaction, sent once after a broker
outage, reference and link only (no names, BSN, reason, question or answer)."""

import pytest
from django.core import mail

from cases import services
from cases.message_kinds import MessageKind
from cases.models import EscalationStatus
from notifications import outbox
from notifications.models import MessageStatus, OutboxMessage
from tests.factories import make_escalation

from .test_outbox import assert_no_personal_data

pytestmark = pytest.mark.usefixtures("addresses")

QUESTION = "Is de huisarts al betrokken bij Kees?"
ANSWER = "Ja, sinds maart; de dochter van Kees is aanspreekpunt."


def ask(escalation, regisseur):
    escalation.refresh_from_db()
    return services.decide_escalation(
        escalation=escalation,
        actor=regisseur,
        outcome=EscalationStatus.NEEDS_INFO,
        feedback="",
        info_question=QUESTION,
        expected_version=escalation.version,
    )


def complete(escalation, agent):
    escalation.refresh_from_db()
    data = services.EscalationData(
        reason=escalation.reason, bottleneck_text=escalation.bottleneck_text, ave_level=escalation.ave_level,
        urgency=escalation.urgency, goal=escalation.goal, person_informed=False, not_informed_reason="veiligheid",
        contact_name=escalation.contact_name, contact_phone=escalation.contact_phone,
        contact_email=escalation.contact_email,
    )  # fmt: skip
    return services.complete_escalation(
        escalation=escalation, actor=agent, answer=ANSWER, data=data, expected_version=escalation.version
    )


def of_kind(kind, to=None):
    found = [m for m in mail.outbox if kind_of(m) == kind]
    return [m for m in found if to is None or m.to == [to.email]]


def kind_of(message):
    # Subjects name the kind: "Vraag over", "aangevuld", "ingetrokken".
    subject = message.subject
    if subject.startswith("Vraag over aanmelding"):
        return MessageKind.ESCALATION_INFO_REQUESTED
    if subject.endswith("aangevuld"):
        return MessageKind.ESCALATION_COMPLETED
    if subject.endswith("ingetrokken"):
        return MessageKind.ESCALATION_WITHDRAWN
    return None


def test_the_referrer_is_asked_and_the_regisseur_hears_of_the_answer(
    agent, regisseur, other_regisseur, escalation, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ask(escalation, regisseur)
    [question] = of_kind(MessageKind.ESCALATION_INFO_REQUESTED)
    assert question.to == [agent.email] and escalation.reference in question.subject
    assert f"/aanmeldingen/{escalation.reference}/aanvullen/" in question.body
    assert "huisarts" not in question.body and "Log in" in question.body
    assert_no_personal_data(question)
    assert OutboxMessage.objects.filter(kind=MessageKind.ESCALATION_INFO_REQUESTED).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        complete(escalation, agent)
    [answered] = of_kind(MessageKind.ESCALATION_COMPLETED)
    assert answered.to == [regisseur.email]  # only the regisseur who asked
    assert f"/aanmeldingen/{escalation.reference}/beoordelen/" in answered.body
    assert "dochter" not in answered.body and "huisarts" not in answered.body
    assert_no_personal_data(answered)


def test_when_the_asker_left_the_whole_triage_team_hears_of_the_answer(agent, regisseur, other_regisseur, escalation):
    ask(escalation, regisseur)
    regisseur.is_active = False
    regisseur.save(update_fields=["is_active"])
    complete(escalation, agent)
    messages = OutboxMessage.objects.filter(kind=MessageKind.ESCALATION_COMPLETED)
    recipients = set(messages.values_list("recipient__username", flat=True))
    assert other_regisseur.username in recipients and regisseur.username not in recipients


def test_a_withdrawal_while_the_question_is_open_tells_who_asked(
    agent, regisseur, escalation, django_capture_on_commit_callbacks
):
    asked = ask(escalation, regisseur)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_escalation(escalation=asked, actor=agent, reason="Opgelost.", expected_version=asked.version)
    [message] = OutboxMessage.objects.filter(kind=MessageKind.ESCALATION_WITHDRAWN)
    assert message.recipient == regisseur and message.status == MessageStatus.SENT
    [sent] = of_kind(MessageKind.ESCALATION_WITHDRAWN)
    assert "Opgelost" not in sent.body
    assert_no_personal_data(sent)


def test_a_withdrawal_without_a_question_sends_the_regisseurs_nothing(agent, escalation):
    services.withdraw_escalation(escalation=escalation, actor=agent, reason="Opgelost.", expected_version=1)
    assert not OutboxMessage.objects.filter(kind=MessageKind.ESCALATION_WITHDRAWN).exists()


def test_written_in_the_transaction_and_sent_once_after_a_broker_outage(agent, regisseur, broker):
    broker.down()
    escalation = make_escalation(submitted_by=agent)
    ask(escalation, regisseur)
    complete(escalation, agent)
    mail.outbox.clear()
    kinds = [MessageKind.ESCALATION_INFO_REQUESTED, MessageKind.ESCALATION_COMPLETED]
    assert OutboxMessage.objects.filter(kind__in=kinds, status=MessageStatus.PENDING).count() == 2
    outbox.deliver_pending()
    outbox.deliver_pending()  # again: nothing twice
    statuses = dict(OutboxMessage.objects.filter(kind__in=kinds).values_list("kind", "status"))
    # The question was answered before its mail could go: it is skipped, not sent late.
    assert statuses == {
        MessageKind.ESCALATION_INFO_REQUESTED: MessageStatus.SKIPPED,
        MessageKind.ESCALATION_COMPLETED: MessageStatus.SENT,
    }
    assert len(of_kind(MessageKind.ESCALATION_COMPLETED, to=regisseur)) == 1
    assert of_kind(MessageKind.ESCALATION_INFO_REQUESTED) == []


def test_a_question_waiting_for_the_broker_is_sent_once_when_it_is_back(agent, regisseur, broker):
    broker.down()
    escalation = make_escalation(submitted_by=agent)
    ask(escalation, regisseur)
    mail.outbox.clear()
    outbox.deliver_pending()
    outbox.deliver_pending()
    assert len(of_kind(MessageKind.ESCALATION_INFO_REQUESTED, to=agent)) == 1
    assert OutboxMessage.objects.get(kind=MessageKind.ESCALATION_INFO_REQUESTED).status == MessageStatus.SENT


def test_a_rolled_back_question_sends_nothing(agent, regisseur, escalation, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            ask(escalation, regisseur)
            raise RuntimeError
    assert not OutboxMessage.objects.filter(kind=MessageKind.ESCALATION_INFO_REQUESTED).exists()
    assert of_kind(MessageKind.ESCALATION_INFO_REQUESTED) == []
