import importlib
import uuid

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from cases import services
from cases.models import AveLevelChange, Case, Phase, TimelineEntry, TimelineKind
from cases.validators import is_valid_bsn
from privacy import policy
from programmes.models import Programme
from tests.concurrency import race
from tests.factories import UserFactory, closing_evaluation, make_case


def test_reference_is_readable_and_sequential_per_year(regisseur):
    first = make_case(regisseur=regisseur)
    second = make_case(regisseur=regisseur)
    year = first.opened_on.year
    assert first.reference == f"ZVH-{year}-0001"
    assert second.reference == f"ZVH-{year}-0002"


def test_registration_records_timeline_ave_history_and_grants(regisseur):
    case = make_case(regisseur=regisseur, ave_level=3)
    assert case.phase == Phase.AANMELDING
    assert list(case.timeline.values_list("kind", flat=True)) == [TimelineKind.CREATED]
    history = AveLevelChange.objects.get(case=case)
    assert (history.from_level, history.to_level, history.changed_by) == (None, 3, regisseur)
    assert policy.permissions_on(regisseur, case) == {policy.VIEW, policy.CHANGE, policy.CONTRIBUTE}


def test_only_a_procesregisseur_registers_cases(agent):
    with pytest.raises(PermissionDenied):
        make_case(regisseur=agent)


def test_same_submission_key_registers_one_case(regisseur):
    key = uuid.uuid4()
    kwargs = dict(
        registered_by=regisseur,
        programme=Programme.objects.get(code="COM"),
        ave_level=3,
        summary="Zorgen",
        persons=[services.PersonData(first_name="A", last_name="B", role_in_case="hoofdpersoon")],
        submission_key=key,
    )
    first = services.register_case(**kwargs)
    again = services.register_case(**kwargs)
    assert first.pk == again.pk
    assert Case.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_posts_with_one_key_make_one_case():
    regisseur = UserFactory(username="r-concurrent", regisseur=True)
    programme = Programme.objects.get(code="COM")
    key = uuid.uuid4()

    def submit():
        return services.register_case(
            registered_by=regisseur,
            programme=programme,
            ave_level=2,
            summary="Gelijktijdig",
            persons=[services.PersonData(first_name="C", last_name="D", role_in_case="hoofdpersoon")],
            submission_key=key,
        ).pk

    results, errors = race(submit)
    assert errors == []
    assert len(set(results)) == 1
    assert Case.objects.filter(submission_key=key).count() == 1


def test_phase_moves_only_along_allowed_transitions(case, regisseur):
    with pytest.raises(services.ServiceError) as refused:
        services.change_phase(case=case, actor=regisseur, to_phase=Phase.UITVOERING, expected_version=case.version)
    assert refused.value.field == "to_phase"
    case = services.change_phase(case=case, actor=regisseur, to_phase=Phase.TRIAGE, expected_version=case.version)
    assert case.phase == Phase.TRIAGE
    assert case.timeline.filter(kind=TimelineKind.PHASE).exists()


def test_closing_requires_reason_and_result(case, regisseur):
    with pytest.raises(services.ServiceError) as refused:
        services.change_phase(case=case, actor=regisseur, to_phase=Phase.AFGESLOTEN, expected_version=case.version)
    assert refused.value.field == "closure_reason"
    case.refresh_from_db()
    assert case.phase == Phase.AANMELDING


def test_closing_ends_partner_access_and_leaves_regisseur_read_only(case, regisseur, agent):
    assert policy.may_view_case(agent, case)
    closed = services.change_phase(
        case=case,
        actor=regisseur,
        to_phase=Phase.AFGESLOTEN,
        expected_version=case.version,
        closure_reason="doelen_bereikt",
        closure_result="Rust in de wijk.",
        **closing_evaluation(case),
    )
    assert closed.closed_on is not None
    assert not policy.may_view_case(agent, closed)
    assert policy.permissions_on(regisseur, closed) == {policy.VIEW}
    assert closed.participants.filter(left_on__isnull=True).count() == 0
    with pytest.raises(PermissionDenied):
        services.add_note(case=closed, author=regisseur, text="Na afsluiting")


def test_ave_change_keeps_history_with_who_when_why(case, regisseur):
    services.change_ave_level(
        case=case, actor=regisseur, to_level=4, reason="Acute dreiging", expected_version=case.version
    )
    latest = AveLevelChange.objects.filter(case=case).first()
    assert (latest.from_level, latest.to_level, latest.reason, latest.changed_by) == (3, 4, "Acute dreiging", regisseur)
    assert latest.changed_at is not None
    case.refresh_from_db()
    assert case.ave_level == 4


def test_ave_change_needs_a_reason(case, regisseur):
    with pytest.raises(services.ServiceError) as refused:
        services.change_ave_level(case=case, actor=regisseur, to_level=2, reason="  ", expected_version=case.version)
    assert refused.value.field == "reason"


def test_stale_version_is_refused_instead_of_overwriting(case, regisseur):
    stale_version = case.version
    services.update_case_details(
        case=case,
        actor=regisseur,
        expected_version=stale_version,
        summary="Eerste versie",
        casusregisseur=None,
        municipality=None,
    )
    with pytest.raises(services.ConcurrentEdit):
        services.update_case_details(
            case=case,
            actor=regisseur,
            expected_version=stale_version,
            summary="Tweede versie",
            casusregisseur=None,
            municipality=None,
        )
    case.refresh_from_db()
    assert case.summary == "Eerste versie"


def test_stale_person_edit_is_refused(case, regisseur):
    person = case.persons.first()
    data = services.PersonData(first_name="Jan", last_name="Aalbers-Nieuw", role_in_case="hoofdpersoon")
    services.update_person(person=person, actor=regisseur, expected_version=person.version, data=data)
    with pytest.raises(services.ConcurrentEdit):
        services.update_person(person=person, actor=regisseur, expected_version=person.version, data=data)


def test_partner_cannot_change_the_case(case, agent):
    with pytest.raises(PermissionDenied):
        services.change_ave_level(case=case, actor=agent, to_level=2, reason="x", expected_version=case.version)
    with pytest.raises(PermissionDenied):
        services.seat_partner(case=case, actor=agent, organisation=agent.organisation, professionals=[])


def test_partner_at_the_table_can_add_notes(case, agent):
    note = services.add_note(case=case, author=agent, text="Huisbezoek gedaan.")
    assert note.kind == TimelineKind.NOTE and note.author == agent


def test_seating_grants_and_leaving_revokes_in_the_same_transaction(case, regisseur, colleague, politie):
    assert not policy.may_view_case(colleague, case)
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[colleague])
    assert policy.may_view_case(colleague, case)
    seat = case.participants.get(organisation=politie).professionals.get(user=colleague)
    services.unseat_professional(seat=seat, actor=regisseur)
    assert not policy.may_view_case(colleague, case)


def test_organisation_leaving_the_table_revokes_all_its_professionals(case, regisseur, agent, politie):
    participant = case.participants.get(organisation=politie, left_on__isnull=True)
    services.unseat_partner(participant=participant, actor=regisseur)
    assert not policy.may_view_case(agent, case)
    assert TimelineEntry.objects.filter(case=case, text__contains="vertrokken van tafel").exists()


def test_only_professionals_of_the_organisation_can_be_seated(case, regisseur, ggz, agent):
    with pytest.raises(services.ServiceError) as refused:
        services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[agent])
    assert refused.value.field == "professionals"


def test_changes_are_in_the_audit_log_without_the_bsn(case, regisseur):
    person = case.persons.get(first_name="Jan")
    data = services.PersonData(first_name="Jan", last_name="Aalbers", role_in_case="hoofdpersoon", bsn="123456782")
    services.update_person(person=person, actor=regisseur, expected_version=person.version, data=data)
    entries = LogEntry.objects.get_for_object(person)
    assert entries.exists()
    assert all("123456782" not in str(e.changes) and "111222333" not in str(e.changes) for e in entries)
    assert case.timeline.filter(text__contains="BSN is gewijzigd").exists()


@pytest.mark.parametrize(
    ("value", "valid"), [("111222333", True), ("123456782", True), ("123456789", False), ("000000000", False)]
)
def test_bsn_elfproef(value, valid):
    assert is_valid_bsn(value) is valid


def test_an_organisation_outside_the_wgs_cannot_sit_at_the_table(case, regisseur):
    from tests.factories import OrganisationFactory

    outsider = OrganisationFactory(name="Commercieel bureau", is_wgs_participant=False)
    professional = UserFactory(username="extern", organisation=outsider)
    with pytest.raises(services.ServiceError) as refused:
        services.seat_partner(case=case, actor=regisseur, organisation=outsider, professionals=[professional])
    assert refused.value.field == "organisation"
    assert not policy.may_view_case(professional, case)


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_migration_fills_the_search_text_as_the_person_services_write_it(case, regisseur, vendor):
    """Cases registered before the search text existed get it from migration 0012, in the same
    form `refresh_person_search` writes (one SQL statement on PostgreSQL, a loop elsewhere)."""
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    services.add_person(
        case=case,
        actor=regisseur,
        data=services.PersonData(first_name="Karel", name_prefix="de", last_name="Boer", role_in_case="partner"),
    )
    written = Case.objects.get(pk=case.pk).person_search_text
    assert written == "Jan Aalbers\nIngrid Aalbers\nKarel de Boer"
    Case.objects.update(person_search_text="")
    migration = importlib.import_module("cases.migrations.0012_case_person_search_text")
    with connection.schema_editor() as editor:
        if vendor == "postgresql":
            migration.fill_person_search_text(apps, editor)
        else:
            migration.fill_person_search_text(apps, SimpleNamespace(connection=SimpleNamespace(vendor=vendor)))
    assert Case.objects.get(pk=case.pk).person_search_text == written
