"""Process plans and case meetings: versioning, freezing, action ownership, decisions → actions."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cases import services
from cases.models import ActionStatus, Attendance, LifeDomain, MeetingStatus, PlanStatus
from tests.factories import UserFactory

TODAY = timezone.localdate()


@pytest.fixture
def nurse(case, regisseur, ggz):
    nurse = UserFactory(username="spv", organisation=ggz)
    services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[nurse])
    return nurse


@pytest.fixture
def housing():
    return LifeDomain.objects.get(name="Huisvesting")


@pytest.fixture
def agreed_plan(case, regisseur, politie, ggz, nurse, housing):
    plan = services.start_plan(case=case, actor=regisseur)
    services.save_assessment(plan=plan, actor=regisseur, domain=housing, score=2, risks="Dreigende uitzetting")
    goal = services.add_goal(plan=plan, actor=regisseur, domain=housing, description="Woning behouden")
    services.add_action(plan=plan, actor=regisseur, description="Huisbezoek", owner_organisation=politie,
                        deadline=TODAY + timedelta(days=14), goal=goal)  # fmt: skip
    services.add_action(plan=plan, actor=regisseur, description="Behandeling starten", owner_organisation=ggz,
                        owner_user=nurse, deadline=TODAY + timedelta(days=30), goal=goal)  # fmt: skip
    plan.refresh_from_db()
    return services.agree_plan(plan=plan, actor=regisseur, expected_version=plan.version,
                               agreement_note="Casusoverleg met politie en GGZ", confirm_missing=True)  # fmt: skip


def test_first_plan_takes_the_review_interval_of_the_programme(case, regisseur):
    plan = services.start_plan(case=case, actor=regisseur)
    assert plan.number == 1 and plan.status == PlanStatus.CONCEPT
    assert plan.next_review_on == TODAY + timedelta(days=case.programme.review_interval_days)
    assert services.start_plan(case=case, actor=regisseur).pk == plan.pk  # one concept at a time


def test_agreeing_freezes_the_version_and_records_who_and_when(agreed_plan, regisseur, housing):
    assert agreed_plan.status == PlanStatus.AGREED
    assert agreed_plan.agreed_by == regisseur and agreed_plan.agreed_at is not None
    with pytest.raises(services.ServiceError, match="vastgesteld"):
        services.add_goal(plan=agreed_plan, actor=regisseur, domain=housing, description="Nog een doel")
    with pytest.raises(services.ServiceError, match="vastgesteld"):
        services.save_assessment(plan=agreed_plan, actor=regisseur, domain=housing, score=4)


def test_a_plan_needs_goals_and_a_recorded_agreement(case, regisseur):
    plan = services.start_plan(case=case, actor=regisseur)
    with pytest.raises(services.ServiceError, match="zonder doelen"):
        services.agree_plan(plan=plan, actor=regisseur, expected_version=plan.version, agreement_note="x")


def test_new_version_starts_from_the_previous_one(agreed_plan, regisseur, case, politie):
    huisbezoek = agreed_plan.actions.get(description="Huisbezoek")
    services.update_action_status(action=huisbezoek, actor=regisseur, status=ActionStatus.DONE, note="Gedaan")
    second = services.start_plan(case=case, actor=regisseur)
    assert second.number == 2
    assert [a.score for a in second.assessments.all()] == [2]
    assert [g.description for g in second.goals.all()] == ["Woning behouden"]
    carried = list(second.actions.all())
    assert [a.description for a in carried] == ["Behandeling starten"]  # finished actions stay behind
    assert carried[0].carried_from.plan == agreed_plan and carried[0].goal.plan == second
    agreed_plan.refresh_from_db()
    assert agreed_plan.status == PlanStatus.AGREED and agreed_plan.goals.count() == 1  # old version untouched


def test_partners_update_only_their_own_actions(agreed_plan, agent, nurse):
    mine = agreed_plan.actions.get(owner_organisation=agent.organisation)
    theirs = agreed_plan.actions.get(owner_organisation=nurse.organisation)
    updated = services.update_action_status(action=mine, actor=agent, status=ActionStatus.IN_PROGRESS, note="Gepland")
    assert updated.status_updated_by == agent and updated.status_note == "Gepland"
    with pytest.raises(PermissionDenied):
        services.update_action_status(action=theirs, actor=agent, status=ActionStatus.DONE)
    with pytest.raises(PermissionDenied):
        services.add_goal(plan=agreed_plan, actor=agent, domain=LifeDomain.objects.first(), description="x")


def test_action_owner_must_sit_at_the_table(case, regisseur):
    from tests.factories import OrganisationFactory

    plan = services.start_plan(case=case, actor=regisseur)
    elsewhere = OrganisationFactory(name="Sociom")
    with pytest.raises(services.ServiceError) as refused:
        services.add_action(plan=plan, actor=regisseur, description="x", owner_organisation=elsewhere,
                            deadline=TODAY)  # fmt: skip
    assert refused.value.field == "owner_organisation"


def test_stale_plan_edit_is_refused(case, regisseur):
    plan = services.start_plan(case=case, actor=regisseur)
    stale = plan.version
    services.update_plan(plan=plan, actor=regisseur, expected_version=stale, summary="Eerste", casusregisseur=None,
                         next_review_on=None)  # fmt: skip
    with pytest.raises(services.ConcurrentEdit):
        services.update_plan(plan=plan, actor=regisseur, expected_version=stale, summary="Tweede",
                             casusregisseur=None, next_review_on=None)  # fmt: skip


def test_meeting_invites_the_table_and_records_attendance(case, regisseur, agent, nurse):
    meeting = services.schedule_meeting(case=case, actor=regisseur, starts_at=timezone.now() - timedelta(hours=1),
                                        location="ZVH, Den Bosch", agenda="1. Analyse\n2. Plan")  # fmt: skip
    assert {i.user for i in meeting.invitations.all()} == {agent, nurse}
    attendance = {agent.pk: Attendance.PRESENT, nurse.pk: Attendance.EXCUSED}
    held = services.record_meeting(meeting=meeting, actor=regisseur, expected_version=meeting.version,
                                   attendance=attendance, minutes="Besproken.")  # fmt: skip
    assert held.status == MeetingStatus.HELD
    assert {i.user: i.attendance for i in held.invitations.all()} == {agent: "aanwezig", nurse: "afgemeld"}


def test_a_decision_can_become_an_action_in_the_plan(case, regisseur, politie):
    meeting = services.schedule_meeting(case=case, actor=regisseur, starts_at=timezone.now(), is_online=True)
    decision = services.add_decision(meeting=meeting, actor=regisseur, text="Politie legt huisbezoek af",
                                     action_owner=politie, action_deadline=TODAY + timedelta(days=7))  # fmt: skip
    plan = services.latest_plan(case)
    action = plan.actions.get()
    assert plan.status == PlanStatus.CONCEPT and action.from_decision == decision
    assert action.owner_organisation == politie
    with pytest.raises(services.ServiceError):
        services.add_decision(meeting=meeting, actor=regisseur, text="Half", action_owner=politie)


def test_only_the_regisseur_schedules_meetings(case, agent):
    with pytest.raises(PermissionDenied):
        services.schedule_meeting(case=case, actor=agent, starts_at=timezone.now(), is_online=True)


def test_saving_the_analysis_is_all_or_nothing_and_refuses_a_stale_form(case, regisseur, housing):
    plan = services.start_plan(case=case, actor=regisseur)
    stale = plan.version
    services.save_assessments(plan=plan, actor=regisseur, expected_version=stale, items=[(housing, 3, "a", "b")])
    with pytest.raises(services.ConcurrentEdit):
        services.save_assessments(plan=plan, actor=regisseur, expected_version=stale, items=[(housing, 1, "x", "y")])
    other = LifeDomain.objects.get(name="Financiën")
    plan.refresh_from_db()
    with pytest.raises(services.ServiceError):
        services.save_assessments(
            plan=plan, actor=regisseur, expected_version=plan.version, items=[(other, 2, "", ""), (housing, 9, "", "")]
        )
    assert [(a.domain.name, a.score) for a in plan.assessments.all()] == [("Huisvesting", 3)]
