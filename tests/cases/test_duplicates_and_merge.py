"""Issue 16: the triage's duplicate check covers closed cases still within retention and persons
added to running cases; a flag links only to a case the triaging user may open, otherwise it names
the reference and whom to ask; outcome "toegevoegd aan een bestaande casus" adds the escalation's
new persons and its referrer to a running case the triaging regisseur directs."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.message_kinds import MessageKind
from cases.models import (
    Case,
    Escalation,
    EscalationStatus,
    ParticipantProfessional,
    Person,
    Phase,
    TimelineEntry,
    TimelineKind,
)
from cases.selectors import possible_duplicates
from cases.services import handover
from notifications.emails import render
from notifications.models import OutboxMessage
from privacy import policy
from privacy.models import DestructionRecord, RetentionCategory
from privacy.retention import services as retention
from tests.auth import login
from tests.factories import UserFactory, closing_evaluation, make_case, make_escalation
from zvh.errors import ConcurrentEdit, ServiceError

BORN = date(1984, 6, 15)


def person(first, last, born=BORN, bsn="", role="hoofdpersoon"):
    return services.PersonData(first_name=first, last_name=last, role_in_case=role, date_of_birth=born, bsn=bsn)


def close(case, regisseur, closed_on=None):
    case.refresh_from_db()
    services.change_phase(
        case=case,
        actor=regisseur,
        to_phase=Phase.AFGESLOTEN,
        expected_version=case.version,
        closure_reason="doelen_bereikt",
        closure_result="Afgerond.",
        **closing_evaluation(case),
    )
    if closed_on is not None:
        Case.objects.filter(pk=case.pk).update(closed_on=closed_on)
    case.refresh_from_db()
    return case


def flags(escalation, viewer=None):
    return [(d["kind"], d["reference"]) for d in possible_duplicates(escalation, viewer=viewer)]


def add(escalation, actor, case, feedback="Hoort bij de lopende casus.", version=None):
    return services.add_escalation_to_case(
        escalation=escalation,
        actor=actor,
        case=case,
        feedback=feedback,
        expected_version=escalation.version if version is None else version,
    )


# --- The duplicate check -------------------------------------------------------------------------


def test_closed_case_within_retention_is_flagged_with_its_closing_date_a_destroyed_one_is_not(
    regisseur, agent, privacy_officer
):
    recently = timezone.localdate() - timedelta(days=30)
    kept = close(make_case(regisseur=regisseur, persons=[person("Rosa", "Veldman")]), regisseur, recently)
    destroyed = close(
        make_case(regisseur=regisseur, persons=[person("Rosa", "Veldman", bsn="123456782")]),
        regisseur,
        date(2010, 1, 1),
    )
    retention.set_retention_term(
        actor=privacy_officer, category=RetentionCategory.CLOSED_CASE, programme=None, term_months=24
    )
    assert retention.run_retention().cases == 1  # the old case only: its persons are anonymised
    destroyed.refresh_from_db()
    assert destroyed.anonymised_at is not None

    escalation = make_escalation(submitted_by=agent, persons=[person("rosa", "VELDMAN", bsn="123456782")])
    [flag] = possible_duplicates(escalation, viewer=regisseur)
    assert (flag["kind"], flag["reference"], flag["match"]) == (
        "afgesloten casus",
        kept.reference,
        "zelfde naam en geboortedatum",
    )
    assert flag["closed_on"] == recently
    login_html = _triage_html(escalation, regisseur)
    assert f'afgesloten op <time datetime="{flag["closed_on"]:%Y-%m-%d}"' in login_html
    assert destroyed.reference not in login_html


def _triage_html(escalation, user):
    from django.test import Client

    client = Client()
    login(client, user)
    return client.get(reverse("escalations:decide", args=[escalation.reference])).content.decode()


def test_a_person_added_to_a_running_case_later_is_flagged(case, regisseur, agent):
    services.add_person(case=case, actor=regisseur, data=person("Later", "Toegevoegd", bsn="204567816"))
    escalation = make_escalation(submitted_by=agent, persons=[person("Ander", "Naam", born=None, bsn="204567816")])
    assert flags(escalation) == [("lopende casus", case.reference)]
    # And one added by triage ("toegevoegd aan bestaande casus") is found by the next escalation.
    first = make_escalation(submitted_by=agent, persons=[person("Nieuw", "Gezinslid")])
    add(first, regisseur, case)
    second = make_escalation(submitted_by=agent, persons=[person("Nieuw", "Gezinslid")])
    assert flags(second) == [("lopende casus", case.reference)]


def test_each_flag_says_its_kind(case, regisseur, agent):
    closed = close(
        make_case(regisseur=regisseur, persons=[person("Jan", "Aalbers", born=None, bsn="111222333")]), regisseur
    )
    pending = make_escalation(submitted_by=agent, persons=[person("Jan", "Aalbers", born=None, bsn="111222333")])
    escalation = make_escalation(submitted_by=agent, persons=[person("J.", "Aalbers", born=None, bsn="111222333")])
    assert flags(escalation) == [
        ("lopende casus", case.reference),
        ("afgesloten casus", closed.reference),
        ("aanmelding in behandeling", pending.reference),
    ]


def test_flag_links_only_to_a_case_the_user_may_open_else_names_whom_to_ask(case, regisseur, other_regisseur, agent):
    """`other_regisseur` neither directs the fixture case nor holds a grant on it: no link, the
    reference and the case's regisseur to ask. No person of that case is shown, only the
    escalation's own person."""
    escalation = make_escalation(submitted_by=agent, persons=[person("Johan", "Aalbers", born=None, bsn="111222333")])
    assert not policy.may_view_case(other_regisseur, case)

    [own] = possible_duplicates(escalation, viewer=regisseur)
    assert own["may_open"] and own["may_add"] and own["ask"] == ""
    [foreign] = possible_duplicates(escalation, viewer=other_regisseur)
    assert not foreign["may_open"] and not foreign["may_add"]
    assert foreign["ask"] == "vraag het aan Sanne de Vries, procesregisseur"

    link = f'href="{reverse("cases:detail", args=[case.reference])}"'
    mine = _triage_html(escalation, regisseur)
    assert link in mine
    theirs = _triage_html(escalation, other_regisseur)
    assert case.reference in theirs and link not in theirs
    assert "vraag het aan Sanne de Vries, procesregisseur" in theirs
    assert "Ingrid" not in theirs and "Jan Aalbers" not in theirs  # persons of the other case
    queue = _queue_html(other_regisseur)
    assert case.reference in queue and link not in queue and "vraag het aan Sanne de Vries" in queue


def _queue_html(user):
    from django.test import Client

    client = Client()
    login(client, user)
    return client.get(reverse("escalations:triage")).content.decode()


def test_whom_to_ask_is_the_active_deputy_while_the_regisseur_is_away(case, regisseur, other_regisseur, agent):
    deputy = UserFactory(username="vervanger", regisseur=True, first_name="Pieter", last_name="Bos")
    today = timezone.localdate()
    handover.set_deputy(actor=regisseur, regisseur=regisseur, deputy=deputy, starts_on=today, ends_on=today)
    escalation = make_escalation(submitted_by=agent, persons=[person("Johan", "Aalbers", born=None, bsn="111222333")])
    [flag] = possible_duplicates(escalation, viewer=other_regisseur)
    assert flag["ask"] == "vraag het aan Pieter Bos, vervanger van procesregisseur Sanne de Vries"
    [as_deputy] = possible_duplicates(escalation, viewer=deputy)  # the deputy directs it: link and add
    assert as_deputy["may_open"] and as_deputy["may_add"]


def test_triage_queue_query_count_is_fixed_with_case_flags_the_user_may_and_may_not_open(
    client, regisseur, other_regisseur, agent
):
    """Two queries more than a page without case flags (grants, deputies), however many flags."""
    deputy = UserFactory(username="vervanger", regisseur=True)
    today = timezone.localdate()
    handover.set_deputy(actor=other_regisseur, regisseur=other_regisseur, deputy=deputy, starts_on=today, ends_on=today)

    def grow(n, offset):
        for k in range(n):
            bsn_own, bsn_other = f"1{offset + k:08d}", f"2{offset + k:08d}"
            make_case(regisseur=regisseur, persons=[person(f"Eigen{offset + k}", "Casus", born=None, bsn=bsn_own)])
            make_case(
                regisseur=other_regisseur, persons=[person(f"Ander{offset + k}", "Casus", born=None, bsn=bsn_other)]
            )
            make_escalation(submitted_by=agent, persons=[person("A", "B", born=None, bsn=bsn_own),
                                                         person("C", "D", born=None, bsn=bsn_other)])  # fmt: skip

    grow(1, 0)
    login(client, regisseur)
    url = reverse("escalations:triage")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    grow(3, 10)
    response = client.get(url)
    assert all(len(e.duplicates) == 2 for e in response.context["queue"])
    assert count() == few
    from tests.test_query_counts import TRIAGE_QUEUE

    assert few == TRIAGE_QUEUE + 2


# --- "Toegevoegd aan een bestaande casus" -------------------------------------------------------


def test_adding_brings_new_persons_and_the_referrer_once_and_the_referrer_can_open_the_case(
    client, case, regisseur, ggz
):
    nurse = UserFactory(username="spv", organisation=ggz, email="spv@example.org")
    escalation = make_escalation(
        submitted_by=nurse,
        persons=[
            person("JAN", "aalbers", born=None, bsn="111222333"),  # in the case (BSN)
            person("Ingrid", "Aalbers", born=None, role="partner"),  # no birth date, no BSN: new
            person("Lotte", "Aalbers", role="kind"),
            person("lotte", "AALBERS", role="kind"),  # twice in the escalation: added once
        ],
    )
    assert not policy.may_view_case(nurse, case)
    decided = add(escalation, regisseur, case)

    assert decided.status == EscalationStatus.ADDED_TO_CASE and decided.added_to_case == case
    assert decided.case is None  # the case it created: none
    names = sorted(p.full_name for p in Person.objects.filter(case=case))
    assert names == ["Ingrid Aalbers", "Ingrid Aalbers", "Jan Aalbers", "Lotte Aalbers"]
    case.refresh_from_db()
    assert "Lotte Aalbers" in case.person_search_text
    assert TimelineEntry.objects.filter(
        case=case,
        kind=TimelineKind.ESCALATION_ADDED,
        text=f"Aanmelding {escalation.reference} toegevoegd aan deze casus.",
    ).exists()
    seats = ParticipantProfessional.objects.filter(participant__case=case, user=nurse, left_on__isnull=True)
    assert seats.count() == 1
    assert OutboxMessage.objects.filter(kind=MessageKind.SEATED, recipient=nurse).count() == 1
    assert policy.may_view_case(nurse, case)  # grants synced in the same transaction

    # The referrer reads "toegevoegd aan casus ZVH-…" with a link; the mail names no one.
    login(client, nurse)
    html = client.get(reverse("escalations:detail", args=[escalation.reference])).content.decode()
    case_url = reverse("cases:detail", args=[case.reference])
    assert (
        f'toegevoegd aan <a class="utrecht-link utrecht-link--html-a" href="{case_url}">casus {case.reference}</a>'
        in html
    )
    listing = client.get(reverse("escalations:mine")).content.decode()
    assert f'href="{reverse("cases:detail", args=[case.reference])}"' in listing
    [decided_mail] = OutboxMessage.objects.filter(kind=MessageKind.ESCALATION_DECIDED, recipient=nurse)
    email, reason = render(decided_mail)
    assert email is not None, reason
    for secret in ("Aalbers", "111222333", case.reference):
        assert secret not in email.body and secret not in email.subject
    assert escalation.reference in email.body


def test_a_referrer_already_at_the_table_is_not_seated_twice(case, regisseur, agent, politie):
    escalation = make_escalation(submitted_by=agent)  # agent sits at the fixture case already
    before = OutboxMessage.objects.filter(kind=MessageKind.SEATED, recipient=agent).count()
    contribution = case.participants.get(organisation=politie, left_on__isnull=True).contribution
    add(escalation, regisseur, case)
    assert ParticipantProfessional.objects.filter(participant__case=case, user=agent).count() == 1
    assert OutboxMessage.objects.filter(kind=MessageKind.SEATED, recipient=agent).count() == before
    assert case.participants.get(organisation=politie, left_on__isnull=True).contribution == contribution


def test_a_closed_case_is_refused(case, regisseur, agent):
    close(case, regisseur)
    escalation = make_escalation(submitted_by=agent)
    with pytest.raises(ServiceError, match="is afgesloten") as refused:
        add(escalation, regisseur, case)
    assert refused.value.field == "existing_case"
    escalation.refresh_from_db()
    assert escalation.is_pending and escalation.added_to_case is None


def test_a_case_the_actor_may_not_change_is_refused_naming_whom_to_ask(case, other_regisseur, agent):
    escalation = make_escalation(submitted_by=agent)
    persons_before = case.persons.count()
    with pytest.raises(ServiceError, match="vraag het aan Sanne de Vries, procesregisseur"):
        add(escalation, other_regisseur, case)
    assert case.persons.count() == persons_before
    assert Escalation.objects.get(pk=escalation.pk).is_pending


def test_only_the_triage_team_adds(case, agent):
    escalation = make_escalation(submitted_by=agent)
    with pytest.raises(PermissionDenied):
        add(escalation, agent, case)


def test_version_conflict_and_double_submit_add_once(client, case, regisseur, ggz):
    nurse = UserFactory(username="spv", organisation=ggz)
    escalation = make_escalation(submitted_by=nurse, persons=[person("Nieuw", "Persoon")])
    with pytest.raises(ConcurrentEdit):
        add(escalation, regisseur, case, version=escalation.version + 1)

    login(client, regisseur)
    url = reverse("escalations:decide", args=[escalation.reference])
    page = client.get(url).content.decode()
    assert "Bij ‘Toegevoegd aan een bestaande casus’" in page  # its part of the form (issue 18)
    data = {
        "version": escalation.version,
        "outcome": EscalationStatus.ADDED_TO_CASE,
        "feedback": "Hoort bij een lopende casus.",
        "existing_case_reference": case.reference.lower(),
    }
    first = client.post(url, data)
    assert first.status_code == 302 and first.url == reverse("cases:detail", args=[case.reference])
    second = client.post(url, data)  # the same form again
    assert second.status_code == 302
    assert Person.objects.filter(case=case, first_name="Nieuw").count() == 1
    assert OutboxMessage.objects.filter(kind=MessageKind.SEATED, recipient=nurse).count() == 1
    assert OutboxMessage.objects.filter(kind=MessageKind.ESCALATION_DECIDED, recipient=nurse).count() == 1
    assert TimelineEntry.objects.filter(case=case, kind=TimelineKind.ESCALATION_ADDED).count() == 1


def test_the_form_offers_the_running_duplicate_cases_the_user_may_change_and_keeps_what_was_typed(
    client, case, regisseur, other_regisseur, agent
):
    theirs = make_case(regisseur=other_regisseur, persons=[person("Kees", "Driessen", born=None, bsn="123456782")])
    services.add_person(case=case, actor=regisseur, data=person("Kees", "Driessen", date(1979, 5, 4)))
    escalation = make_escalation(submitted_by=agent)  # Kees Driessen, 4 May 1979, BSN 123456782
    login(client, regisseur)
    url = reverse("escalations:decide", args=[escalation.reference])
    form = client.get(url).context["form"]
    assert [value for value, _ in form.fields["existing_case"].choices] == [case.reference]  # not theirs

    missing = client.post(url, {"version": escalation.version, "outcome": "toegevoegd", "feedback": "Zie casus."})
    assert "Kies de casus waaraan u deze aanmelding toevoegt" in missing.content.decode()
    unknown = client.post(url, {"version": escalation.version, "outcome": "toegevoegd", "feedback": "Zie casus.",
                                "existing_case_reference": "ZVH-1999-9999"})  # fmt: skip
    html = unknown.content.decode()
    assert "Er is geen casus met kenmerk ZVH-1999-9999" in html and 'value="ZVH-1999-9999"' in html
    refused = client.post(url, {"version": escalation.version, "outcome": "toegevoegd", "feedback": "Zie casus.",
                                "existing_case_reference": theirs.reference})  # fmt: skip
    assert "U mag casus" in refused.content.decode() and "vraag het aan" in refused.content.decode()
    ok = client.post(url, {"version": escalation.version, "outcome": "toegevoegd", "feedback": "Zie casus.",
                           "existing_case": case.reference})  # fmt: skip
    assert ok.status_code == 302
    assert Escalation.objects.get(pk=escalation.pk).added_to_case == case


# --- Retention ------------------------------------------------------------------------------------


def test_retention_of_an_added_escalation_follows_its_case(case, regisseur, agent, privacy_officer):
    """Added long ago: not due on the six months of escalations without a case while the case runs;
    destroyed together with the case once that is due, with its own destruction record."""
    retention.set_retention_term(
        actor=privacy_officer, category=RetentionCategory.ESCALATION_WITHOUT_CASE, programme=None, term_months=6
    )
    retention.set_retention_term(
        actor=privacy_officer, category=RetentionCategory.CLOSED_CASE, programme=None, term_months=24
    )
    escalation = make_escalation(submitted_by=agent, persons=[person("Bewaar", "Volger", bsn="648912358")])
    add(escalation, regisseur, case)
    long_ago = timezone.make_aware(datetime.combine(date(2015, 1, 1), time(12)))
    Escalation.objects.filter(pk=escalation.pk).update(decided_at=long_ago)

    assert escalation.reference not in {item.reference for item in retention.due_for_destruction().items}
    assert retention.run_retention().total == 0
    assert Escalation.objects.get(pk=escalation.pk).anonymised_at is None

    close(case, regisseur, date(2020, 1, 1))
    due = retention.due_for_destruction()
    assert (escalation.reference, case.reference) in {(i.reference, i.follows_case) for i in due.items}
    summary = retention.run_retention()
    assert (summary.cases, summary.escalations) == (1, 1)
    escalation.refresh_from_db()
    assert escalation.anonymised_at is not None and escalation.reason == ""
    assert "Volger" not in set(escalation.persons.values_list("last_name", flat=True))
    assert DestructionRecord.objects.filter(object_reference=escalation.reference).count() == 1
    assert retention.run_retention().total == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_submits_add_once(regisseur, politie):
    from tests.concurrency import race

    agent = UserFactory(username="agent", organisation=politie)
    case = make_case(regisseur=regisseur, persons=[person("Jan", "Aalbers")])
    escalation = make_escalation(submitted_by=agent, persons=[person("Gelijk", "Tijdig")])
    version = escalation.version

    results, errors = race(lambda: add(escalation, regisseur, case, version=version).pk)
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], ServiceError)
    assert Person.objects.filter(case=case, last_name="Tijdig").count() == 1
    assert ParticipantProfessional.objects.filter(participant__case=case, user=agent).count() == 1
    assert OutboxMessage.objects.filter(kind=MessageKind.SEATED, recipient=agent).count() == 1
