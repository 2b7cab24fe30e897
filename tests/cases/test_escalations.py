"""Escalations and triage: the partner's way in, the triage team's decisions, who sees what."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from cases import services
from cases.models import (
    Escalation,
    EscalationStatus,
    InclusionCriterion,
    Phase,
)
from privacy import policy
from programmes.models import Programme
from tests.concurrency import race
from tests.factories import OrganisationFactory, UserFactory, make_escalation


def decide(escalation, actor, outcome, **kwargs):
    kwargs.setdefault("feedback", "Besproken in de triage van dinsdag.")
    return services.decide_escalation(
        escalation=escalation, actor=actor, outcome=outcome, expected_version=escalation.version, **kwargs
    )


def test_submission_gets_a_reference_and_keeps_every_person(escalation):
    assert escalation.reference.startswith("AANM-") and escalation.reference.endswith("-0001")
    assert escalation.status == EscalationStatus.SUBMITTED
    assert [p.full_name for p in escalation.persons.all()] == ["Kees Driessen", "Monique Driessen"]
    assert escalation.referrer_organisation.name == "Politie"
    assert escalation.bottleneck_categories.count() == 2


@pytest.mark.parametrize("who", ["regisseur", "manager", "privacy_officer", "functional_admin"])
def test_only_partner_professionals_submit(db, who, request):
    with pytest.raises(PermissionDenied):
        make_escalation(submitted_by=request.getfixturevalue(who))


def test_not_informed_needs_a_reason(agent):
    with pytest.raises(services.ServiceError) as refused:
        make_escalation(submitted_by=agent, not_informed_reason="")
    assert refused.value.field == "not_informed_reason"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_submissions_with_one_key_make_one_escalation():
    from tests.factories import OrganisationFactory

    agent = UserFactory(username="agent-concurrent", organisation=OrganisationFactory(name="Politie"))
    key = uuid.uuid4()
    data = services.EscalationData(
        reason="r", bottleneck_text="b", ave_level=3, urgency="hoog", goal="g", person_informed=True,
        contact_name="A", contact_phone="0612345678", contact_email="a@example.org",
    )  # fmt: skip

    def submit():
        return services.submit_escalation(
            submitted_by=agent,
            data=data,
            persons=[services.PersonData(first_name="X", last_name="Y", role_in_case="hoofdpersoon")],
            submission_key=key,
        ).pk

    results, errors = race(submit)
    assert errors == [] and len(set(results)) == 1
    assert Escalation.objects.filter(submission_key=key).count() == 1


def test_accepting_creates_the_case_and_seats_the_referrer(escalation, regisseur, agent, ggz):
    nurse = UserFactory(username="spv", organisation=ggz)
    decided = decide(
        escalation,
        regisseur,
        EscalationStatus.ACCEPTED,
        programme=Programme.objects.get(code="COM"),
        ave_level=4,
        partner_professionals=[nurse],
    )
    case = decided.case
    assert decided.status == EscalationStatus.ACCEPTED and decided.decided_by == regisseur
    assert decided.decided_at is not None
    assert case.phase == Phase.ANALYSE and case.ave_level == 4 and case.procesregisseur == regisseur
    assert sorted(p.full_name for p in case.persons.all()) == ["Kees Driessen", "Monique Driessen"]
    assert case.persons.get(first_name="Kees").bsn == "123456782"
    assert policy.may_view_case(agent, case) and policy.may_view_case(nurse, case)
    assert case.timeline.filter(text__contains=escalation.reference).exists()


def test_advice_records_the_advice_and_makes_no_case(escalation, regisseur):
    with pytest.raises(services.ServiceError) as refused:
        decide(escalation, regisseur, EscalationStatus.ADVICE)
    assert refused.value.field == "advice"
    decided = decide(escalation, regisseur, EscalationStatus.ADVICE, advice="Schakel het sociaal team in.")
    assert decided.case is None and decided.advice == "Schakel het sociaal team in."


@pytest.mark.parametrize(
    "outcome", [EscalationStatus.BILATERAL, EscalationStatus.BACK_TO_LOCAL, EscalationStatus.REJECTED]
)
def test_other_outcomes_record_feedback_and_start_the_retention_clock(escalation, regisseur, outcome):
    decided = decide(escalation, regisseur, outcome, feedback="Pak dit op met de wijkagent.")
    assert decided.status == outcome and decided.case is None
    assert decided.feedback == "Pak dit op met de wijkagent." and decided.decided_at is not None


def test_every_outcome_needs_feedback(escalation, regisseur):
    with pytest.raises(services.ServiceError) as refused:
        decide(escalation, regisseur, EscalationStatus.REJECTED, feedback="  ")
    assert refused.value.field == "feedback"


def test_accepting_needs_a_full_programme(escalation, regisseur):
    with pytest.raises(services.ServiceError) as refused:
        decide(escalation, regisseur, EscalationStatus.ACCEPTED)
    assert refused.value.field == "programme"
    with pytest.raises(services.ServiceError):
        decide(escalation, regisseur, EscalationStatus.ACCEPTED, programme=Programme.objects.get(code="COM-ADVIES"))


def test_mda_needs_every_indicator_answered_and_keeps_the_answers(escalation, regisseur):
    mda = Programme.objects.get(code="MDA++")
    criteria = list(InclusionCriterion.objects.filter(programme=mda))
    assert len(criteria) == 4
    with pytest.raises(services.ServiceError) as refused:
        decide(
            escalation, regisseur, EscalationStatus.ACCEPTED, programme=mda, inclusion_answers={criteria[0].pk: True}
        )
    assert refused.value.field == "inclusion"
    answers = {c.pk: c != criteria[3] for c in criteria}
    case = decide(escalation, regisseur, EscalationStatus.ACCEPTED, programme=mda, inclusion_answers=answers).case
    decision = case.inclusion_decision
    assert decision.decided_by == regisseur and decision.decided_at is not None
    assert [a.is_met for a in decision.answers.all()] == [True, True, True, False]


def test_lla_inclusion_is_the_decision_of_an_inclusion_meeting(escalation, regisseur):
    lla = Programme.objects.get(code="LLA")
    answers = {c.pk: True for c in InclusionCriterion.objects.filter(programme=lla)}
    assert len(answers) == 5
    with pytest.raises(services.ServiceError) as refused:
        decide(escalation, regisseur, EscalationStatus.ACCEPTED, programme=lla, inclusion_answers=answers)
    assert refused.value.field == "inclusion_meeting_date"
    case = decide(
        escalation,
        regisseur,
        EscalationStatus.ACCEPTED,
        programme=lla,
        inclusion_answers=answers,
        inclusion_meeting_date=date(2026, 11, 20),
    ).case
    assert case.inclusion_decision.inclusion_meeting_date == date(2026, 11, 20)


def test_an_escalation_is_decided_once(escalation, regisseur, other_regisseur):
    stale = escalation.version
    decide(escalation, regisseur, EscalationStatus.REJECTED)
    with pytest.raises(services.ConcurrentEdit):
        services.decide_escalation(
            escalation=escalation, actor=other_regisseur, outcome="bilateraal", feedback="x", expected_version=stale
        )
    escalation.refresh_from_db()
    with pytest.raises(services.ServiceError, match="al beoordeeld"):
        decide(escalation, other_regisseur, EscalationStatus.BILATERAL)


@pytest.mark.parametrize("who", ["agent", "colleague", "manager", "functional_admin"])
def test_only_the_triage_team_decides(escalation, who, request):
    with pytest.raises(PermissionDenied):
        decide(escalation, request.getfixturevalue(who), EscalationStatus.REJECTED)


def test_who_sees_a_pending_escalation(escalation, agent, colleague, regisseur, other_regisseur, manager, ggz):
    outsider = UserFactory(username="ggz-prof", organisation=ggz)
    assert policy.may_view_escalation(agent, escalation)
    assert policy.may_view_escalation(regisseur, escalation) and policy.may_view_escalation(other_regisseur, escalation)
    for user in (colleague, manager, outsider):
        assert not policy.may_view_escalation(user, escalation)


def test_after_acceptance_the_content_follows_the_case(escalation, agent, regisseur, other_regisseur):
    case = decide(escalation, regisseur, EscalationStatus.ACCEPTED, programme=Programme.objects.get(code="COM")).case
    escalation.refresh_from_db()
    assert policy.may_view_escalation(agent, escalation)
    assert not policy.may_view_escalation(other_regisseur, escalation)
    seat = case.participants.get(organisation=agent.organisation).professionals.get(user=agent)
    services.unseat_professional(seat=seat, actor=regisseur)
    assert not policy.may_view_escalation(agent, escalation)


def test_choosing_the_referrer_again_at_triage_seats_them_once(escalation, regisseur, agent):
    case = decide(
        escalation,
        regisseur,
        EscalationStatus.ACCEPTED,
        programme=Programme.objects.get(code="COM"),
        partner_professionals=[agent],
    ).case
    assert case.participants.get().professionals.count() == 1


def test_escalation_changes_are_audited_without_the_bsn(escalation):
    from auditlog.models import LogEntry

    person = escalation.persons.get(first_name="Kees")
    entries = LogEntry.objects.get_for_object(person)
    assert entries.exists()
    assert all("123456782" not in str(e.changes) for e in LogEntry.objects.all())


def test_the_woongemeente_of_the_escalation_becomes_the_case_s(agent, regisseur):
    oss = OrganisationFactory(name="Gemeente Oss", kind="gemeente")
    escalation = make_escalation(submitted_by=agent, municipality=oss)
    assert escalation.municipality == oss
    decided = decide(escalation, regisseur, EscalationStatus.ACCEPTED, programme=Programme.objects.get(code="COM"))
    assert decided.case.municipality == oss


def test_duplicates_match_exact_pairs_in_cases_with_data_and_other_pending_escalations(regisseur, agent):
    """The triage team's duplicate flags: same BSN, or same first name, last name and birth date
    (any letter case), in a running case, a closed case whose data retention has not destroyed yet
    (tests/cases/test_duplicates_and_merge.py) or another pending escalation; never the escalation
    itself, and never a mix of one person's last name with another's birth date."""
    from cases.selectors import duplicates_by_escalation
    from tests.factories import make_case

    def person(first, last, born=None, bsn=""):
        return services.PersonData(first_name=first, last_name=last, role_in_case="hoofdpersoon",
                                   date_of_birth=born, bsn=bsn)  # fmt: skip

    born_a, born_b = date(1980, 1, 2), date(1991, 3, 4)
    running = make_case(regisseur=regisseur, persons=[person("anna", "JANSEN", born_a)])
    closed = make_case(regisseur=regisseur, persons=[person("Anna", "Jansen", born_a)])
    closed.phase = Phase.AFGESLOTEN
    closed.save(update_fields=["phase"])
    make_case(regisseur=regisseur, persons=[person("Anna", "Jansen", born_b)])  # other birth date
    make_case(regisseur=regisseur, persons=[person("Bram", "Jansen", born_a)])  # other first name
    make_case(regisseur=regisseur, persons=[person("Anna", "Bakker", born_b)])  # mix of page persons
    by_bsn = make_case(regisseur=regisseur, persons=[person("Iemand", "Anders", bsn="123456782")])
    earlier = make_escalation(submitted_by=agent, persons=[person("Anna", "Jansen", born_a)])
    page = make_escalation(
        submitted_by=agent,
        persons=[person("Anna", "Jansen", born_a), person("Bert", "Bakker", born_a, bsn="123456782")],
    )
    unrelated = make_escalation(submitted_by=agent, persons=[person("Carla", "Smit", born_b)])

    found = duplicates_by_escalation([page, unrelated])
    assert sorted((d["person"], d["kind"], d["reference"], d["match"]) for d in found[page.pk]) == sorted([
        ("Anna Jansen", "lopende casus", running.reference, "zelfde naam en geboortedatum"),
        ("Anna Jansen", "afgesloten casus", closed.reference, "zelfde naam en geboortedatum"),
        ("Anna Jansen", "aanmelding in behandeling", earlier.reference, "zelfde naam en geboortedatum"),
        ("Bert Bakker", "lopende casus", by_bsn.reference, "zelfde BSN"),
    ])  # fmt: skip
    assert found[unrelated.pk] == []
    # From the earlier escalation's side, the page's escalation is the duplicate, not itself.
    assert [(d["kind"], d["reference"]) for d in duplicates_by_escalation([earlier])[earlier.pk]] == [
        ("lopende casus", running.reference),
        ("afgesloten casus", closed.reference),
        ("aanmelding in behandeling", page.reference),
    ]
