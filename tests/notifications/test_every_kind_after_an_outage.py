"""Issue 16, the outbox's promise for every kind of message at once: each occasion writes its
message in the business transaction while the broker is down, nothing is lost, and once delivery
runs again (twice, as a sweeper and a retried task would) every message goes out exactly once.

`OCCASIONS` must name every kind the cases app registers: a new kind without an occasion here
fails `test_every_registered_kind_has_an_occasion`."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cases import services
from cases.message_kinds import MessageKind
from cases.models import BottleneckCategory, LifeDomain
from cases.reminders import generate_reminders
from cases.services import handover
from cases.services.survey import REMIND_AFTER, remind_non_responders
from notifications import outbox
from notifications.models import MessageStatus, OutboxMessage
from notifications.registry import registered_kinds
from tests.factories import OrganisationFactory, UserFactory, make_case, make_escalation

from .conftest import close_case, plan_with_action, soon
from .test_outbox import assert_no_personal_data

pytestmark = pytest.mark.usefixtures("addresses")


def _meetings(case, regisseur):
    starts = timezone.now() + timedelta(days=3)
    kept = services.schedule_meeting(case=case, actor=regisseur, starts_at=starts, location="ZVH, zaal 2")
    moved = services.schedule_meeting(case=case, actor=regisseur, starts_at=starts + timedelta(days=1), is_online=True)
    services.reschedule_meeting(meeting=moved, by=regisseur, starts_at=starts + timedelta(days=2), reason="Ziekte")
    dropped = services.schedule_meeting(case=case, actor=regisseur, starts_at=starts + timedelta(days=4), location="X")
    services.cancel_meeting(meeting=dropped, by=regisseur, reason="Niet meer nodig")
    return kept


def _occasions(world) -> None:
    """One business change per kind, each in its own transaction (autocommit), broker down."""
    case, regisseur, other, agent, politie, ggz = (
        world["case"], world["regisseur"], world["other_regisseur"], world["agent"], world["politie"], world["ggz"],
    )  # fmt: skip
    # Referrer and triage team (with a safety partner at the triage table): confirmation, new
    # escalation, decision.
    om = OrganisationFactory(name="Openbaar Ministerie", kind="veiligheid", joins_triage=True)
    UserFactory(username="officier", organisation=om, email="officier@zvh.example", at_triage_table=True)
    escalation = make_escalation(submitted_by=agent)
    services.decide_escalation(
        escalation=escalation, actor=regisseur, outcome="lokaal", feedback="Wijkteam.",
        expected_version=escalation.version,
    )  # fmt: skip
    make_escalation(submitted_by=agent)  # still pending: its confirmation and triage mails stay needed
    # "Aanvulling nodig": a question left open, one answered (the asker hears), one withdrawn (likewise).
    for then in ("open", "answered", "withdrawn"):
        asked = services.decide_escalation(
            escalation=make_escalation(submitted_by=agent), actor=regisseur, outcome="aanvulling", feedback="",
            info_question="Is de huisarts betrokken?", expected_version=1,
        )  # fmt: skip
        if then == "answered":
            data = services.EscalationData(
                reason=asked.reason, bottleneck_text=asked.bottleneck_text, ave_level=asked.ave_level,
                urgency=asked.urgency, goal=asked.goal, person_informed=True, contact_name="Verwijzer",
                contact_phone="013 000 00 00", contact_email="v@zvh.example",
            )  # fmt: skip
            services.complete_escalation(
                escalation=asked, actor=agent, answer="Ja.", data=data, expected_version=asked.version
            )
        elif then == "withdrawn":
            services.withdraw_escalation(escalation=asked, actor=agent, reason="Weg.", expected_version=asked.version)
    # Seated, unseated; a plan awaiting agreement, an action, a partner's agreement.
    nurse = UserFactory(username="spv", organisation=ggz, email="spv@zvh.example")
    services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[nurse])
    leaver = UserFactory(username="leaver", organisation=politie, email="leaver@zvh.example")
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[leaver])
    services.unseat_professional(seat=case.participants.get(organisation=politie).professionals.get(user=leaver),
                                 actor=regisseur)  # fmt: skip
    plan = plan_with_action(case, regisseur, politie, deadline=soon(1), owner_user=agent)
    services.add_goal(plan=plan.plan, actor=regisseur, domain=LifeDomain.objects.first(), description="Rust thuis")
    concept = plan.plan
    concept.refresh_from_db()
    services.request_agreement(plan=concept, actor=regisseur, expected_version=concept.version)
    services.record_agreement(plan=concept, actor=agent)
    # Meetings: invited, rescheduled, cancelled.
    _meetings(case, regisseur)
    # Deadline reminder; a bottleneck escalated to management.
    generate_reminders()
    services.register_bottleneck(
        case=case, actor=regisseur, category=BottleneckCategory.objects.filter(is_active=True).first(),
        description="Wachtlijst", escalate_to_management=True,
    )  # fmt: skip
    # Handover of a second case to another regisseur; a deputy for the regisseur.
    second = make_case(regisseur=regisseur)
    handover.hand_over_cases(actor=regisseur, cases=[second], to_user=other, reason="Verlof")
    handover.set_deputy(actor=regisseur, regisseur=regisseur, deputy=other, starts_on=timezone.localdate(),
                        ends_on=timezone.localdate() + timedelta(days=14))  # fmt: skip
    # Closing invites the professionals at the table to the satisfaction survey.
    closed = make_case(regisseur=regisseur)
    services.seat_partner(case=closed, actor=regisseur, organisation=politie, professionals=[agent])
    close_case(closed, regisseur)


OCCASIONS = {kind.value for kind in MessageKind}  # every kind has its occasion in _occasions (checked below)


def _recover_and_deliver_twice() -> None:
    outbox.deliver_pending()
    outbox.deliver_pending()


def test_every_registered_kind_has_an_occasion():
    cases_kinds = {kind for kind in registered_kinds() if kind in MessageKind.values}
    assert cases_kinds == OCCASIONS


def test_every_kind_is_kept_through_an_outage_and_sent_once(
    broker, case, regisseur, other_regisseur, agent, politie, ggz, manager, django_capture_on_commit_callbacks
):
    manager.email = "manager@zvh.example"
    manager.save(update_fields=["email"])
    world = {"case": case, "regisseur": regisseur, "other_regisseur": other_regisseur, "agent": agent,
             "politie": politie, "ggz": ggz}  # fmt: skip
    OutboxMessage.objects.all().delete()  # the fixtures' own seating messages
    broker.down()
    with django_capture_on_commit_callbacks(execute=True):  # dispatch really tries, and fails
        _occasions(world)
    assert mail.outbox == []
    waiting = OutboxMessage.objects.filter(status=MessageStatus.PENDING)
    assert set(waiting.values_list("kind", flat=True)) == OCCASIONS - {MessageKind.SURVEY_REMINDER}

    _recover_and_deliver_twice()
    # The survey reminder needs a sent invitation a week old: its occasion comes after recovery.
    with django_capture_on_commit_callbacks(execute=True):
        remind_non_responders(now=timezone.now() + REMIND_AFTER + timedelta(hours=1))
    _recover_and_deliver_twice()

    messages = OutboxMessage.objects.all()
    assert not messages.filter(status=MessageStatus.PENDING).exists()
    sent = Counter(messages.filter(status=MessageStatus.SENT).values_list("kind", flat=True))
    assert set(sent) == OCCASIONS, f"never sent: {OCCASIONS - set(sent)}"
    assert len(mail.outbox) == sum(sent.values())  # one mail per sent message: nothing twice
    for message in mail.outbox:
        assert_no_personal_data(message)
