"""Reminders: once per occasion (also when two runs race), to the right people, visible in the
application, and silenced per case; plus the functional admin's schedule page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.message_kinds import MessageKind
from cases.reminders import generate_reminders
from notifications.models import OutboxMessage, Reminder, ReminderKind
from tests.auth import login
from tests.concurrency import race
from tests.factories import UserFactory

from .conftest import PERSONAL, plan_with_action, soon


def test_deadline_near_and_past_remind_owner_and_regisseur_once(
    addresses, case, regisseur, agent, colleague, politie, django_capture_on_commit_callbacks
):
    action = plan_with_action(case, regisseur, politie, deadline=soon(3))
    with django_capture_on_commit_callbacks(execute=True):
        run = generate_reminders()
    assert run.created[ReminderKind.ACTION_DUE] == 2
    assert {r.user for r in Reminder.objects.all()} == {regisseur, agent}  # not the unseated colleague
    assert sorted(m.to[0] for m in mail.outbox) == sorted([regisseur.email, agent.email])
    with django_capture_on_commit_callbacks(execute=True):
        assert generate_reminders().total == 0  # the same day again: nothing new
    # Later the deadline has passed: a new occasion, once.
    with django_capture_on_commit_callbacks(execute=True):
        assert generate_reminders(today=action.deadline + timedelta(days=1)).created[ReminderKind.ACTION_OVERDUE] == 2
        assert generate_reminders(today=action.deadline + timedelta(days=2)).total == 0
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert case.reference in message.subject
        for value in PERSONAL:
            assert value not in message.subject + message.body


def test_named_owner_only_and_far_deadlines_are_left_alone(case, regisseur, agent, politie):
    other = UserFactory(username="agent2", organisation=politie)
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[other])
    plan_with_action(case, regisseur, politie, deadline=soon(1), owner_user=agent)
    services.add_action(
        plan=case.plans.get(), actor=regisseur, description="Later", owner_organisation=politie, deadline=soon(30)
    )
    generate_reminders()
    assert {r.user for r in Reminder.objects.all()} == {regisseur, agent}


def test_review_date_due_reminds_the_regisseur(case, regisseur, agent):
    plan = services.start_plan(case=case, actor=regisseur)
    type(plan).objects.filter(pk=plan.pk).update(next_review_on=timezone.localdate())
    run = generate_reminders()
    assert run.created[ReminderKind.REVIEW_DUE] == 1
    assert Reminder.objects.get(kind=ReminderKind.REVIEW_DUE).user == regisseur


def test_carrying_an_action_into_a_new_plan_version_is_the_same_occasion(case, regisseur, politie):
    action = plan_with_action(case, regisseur, politie, deadline=soon(2))
    generate_reminders()
    plan = action.plan
    from cases.models import LifeDomain

    services.add_goal(plan=plan, actor=regisseur, domain=LifeDomain.objects.first(), description="Veilig wonen")
    plan.refresh_from_db()
    services.agree_plan(
        plan=plan, actor=regisseur, expected_version=plan.version, agreement_note="Akkoord", confirm_missing=True
    )
    version_2 = services.start_plan(case=case, actor=regisseur)  # carries the open action
    assert version_2.actions.get().carried_from == action
    assert generate_reminders().total == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_racing_create_each_reminder_and_mail_once(addresses, case, regisseur, agent, politie):
    plan_with_action(case, regisseur, politie, deadline=soon(1))
    mail.outbox = []
    results, errors = race(generate_reminders, times=3)
    assert errors == []
    assert sum(run.total for run in results) == 2
    assert Reminder.objects.count() == 2
    assert OutboxMessage.objects.filter(kind=MessageKind.REMINDER).count() == 2
    assert len(mail.outbox) == 2


def test_open_reminders_in_the_application_and_mute_per_case(client, case, regisseur, agent, politie):
    plan_with_action(case, regisseur, politie, deadline=soon(1))
    generate_reminders()
    login(client, agent)
    page = client.get(reverse("notifications:reminders")).content.decode()
    assert case.reference in page and "deadline nadert" in page
    assert "Huisbezoek" not in page  # the action's free text is not on the list

    response = client.post(reverse("notifications:mute", args=[case.reference]), {"actie": "dempen"})
    assert response.status_code == 302
    page = client.get(reverse("notifications:reminders")).content.decode()
    assert "U hebt geen openstaande herinneringen." in page and "Weer aanzetten" in page
    # Muted: the next occasion is not created for the agent (the regisseur still gets it).
    generate_reminders(today=soon(2))
    assert not Reminder.objects.filter(user=agent, kind=ReminderKind.ACTION_OVERDUE).exists()
    assert Reminder.objects.filter(user=regisseur, kind=ReminderKind.ACTION_OVERDUE).exists()

    client.post(reverse("notifications:mute", args=[case.reference]), {"actie": "aanzetten"})
    generate_reminders(today=soon(2))
    assert Reminder.objects.filter(user=agent, kind=ReminderKind.ACTION_OVERDUE).exists()


def test_a_reminder_is_handled_by_its_own_user_only(client, case, regisseur, agent, politie):
    plan_with_action(case, regisseur, politie, deadline=soon(1))
    generate_reminders()
    mine = Reminder.objects.get(user=agent)
    theirs = Reminder.objects.get(user=regisseur)
    login(client, agent)
    assert client.post(reverse("notifications:dismiss", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:dismiss", args=[mine.pk])).status_code == 302
    assert case.reference not in client.get(reverse("notifications:reminders")).content.decode()
    theirs.refresh_from_db()
    assert theirs.dismissed_at is None


def test_leaving_the_table_ends_reminders_and_mute_needs_access(client, case, regisseur, agent, colleague, politie):
    plan_with_action(case, regisseur, politie, deadline=soon(1))
    generate_reminders()
    services.unseat_professional(seat=case.participants.get().professionals.get(user=agent), actor=regisseur)
    login(client, agent)
    assert case.reference not in client.get(reverse("notifications:reminders")).content.decode()
    assert client.post(reverse("notifications:mute", args=[case.reference]), {"actie": "dempen"}).status_code == 404
    assert generate_reminders(today=soon(2)).created[ReminderKind.ACTION_OVERDUE] == 1  # the regisseur only


def test_functional_admin_sees_the_beat_schedule(client, functional_admin, manager):
    from django.conf import settings

    login(client, functional_admin)
    page = client.get(reverse("notifications:schedule")).content.decode()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert name in page and entry["task"] in page
    assert "elke dag om 02:30" in page  # the nightly retention run
    assert "Wacht op verzending" in page
    login(client, manager)
    assert client.get(reverse("notifications:schedule")).status_code == 403
