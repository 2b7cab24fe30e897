"""Retention and destruction (privacy/retention/): exactly what is past its term is anonymised,
nothing else; the aggregates survive; a second run destroys nothing; the dry run predicts the run."""

import io
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import (
    AveLevelChange,
    Case,
    CaseEvaluation,
    Escalation,
    EscalationPerson,
    EscalationStatus,
    Participant,
    ParticipantProfessional,
    Person,
    Phase,
    TimelineEntry,
)
from privacy.models import DestructionRecord, RetentionCategory, RetentionExtension, RetentionPolicy
from privacy.retention import services as retention
from privacy.tasks import run_retention_task
from programmes.models import Programme
from tests.auth import login
from tests.concurrency import race
from tests.factories import OrganisationFactory, UserFactory, closing_evaluation, make_case, make_escalation
from zvh.errors import ServiceError

CLOSED = RetentionCategory.CLOSED_CASE
WITHOUT_CASE = RetentionCategory.ESCALATION_WITHOUT_CASE

# Names and BSNs of the persons whose data is due; none may survive anywhere in the database.
DESTROYED = ["Aalbers", "111222333", "Grensgeval", "204567816", "Verloopma", "648912358", "Driessen", "123456782"]
DESTROYED += ["Afwijsma", "Weggestuurd"]
# Names of persons whose term has not passed; they must all still be there.
KEPT = ["Binnentermijn", "Openbaarink", "Verlengma", "Radicaalsma", "Recentink", "Wachterink", "Lopendijk"]


def today():
    return timezone.localdate()


def months_ago(months, days=0):
    return retention.add_months(today(), -months) + timedelta(days=days)


def person(first, last, bsn="", born=None):
    return services.PersonData(
        first_name=first,
        last_name=last,
        role_in_case="hoofdpersoon",
        bsn=bsn,
        date_of_birth=born,
        street_address=f"{last}straat 12",
        postal_code="5211 AB",
        city="Vught",
    )


def close(case, regisseur, closed_on):
    case.refresh_from_db()
    name = case.persons.first().full_name
    services.change_phase(
        case=case,
        actor=regisseur,
        to_phase=Phase.AFGESLOTEN,
        expected_version=case.version,
        closure_reason="doelen_bereikt",
        closure_result=f"Het gaat goed met {name}.",
        **closing_evaluation(case),
    )
    Case.objects.filter(pk=case.pk).update(closed_on=closed_on)
    case.refresh_from_db()
    return case


def closed_case(regisseur, closed_on, *persons, programme_code="COM"):
    case = make_case(
        regisseur=regisseur,
        programme_code=programme_code,
        persons=list(persons),
        summary=f"Zorgen om {persons[0].first_name} {persons[0].last_name}.",
    )
    return close(case, regisseur, closed_on)


def escalation_about(agent, *persons, **overrides):
    return make_escalation(submitted_by=agent, persons=list(persons), **overrides)


def decide(escalation, regisseur, outcome, decided_on=None, **kwargs):
    last_name = escalation.persons.first().last_name
    decided = services.decide_escalation(
        escalation=escalation,
        actor=regisseur,
        outcome=outcome,
        expected_version=escalation.version,
        feedback=f"Terugkoppeling over {last_name}.",
        **kwargs,
    )
    if decided_on is not None:
        moment = timezone.make_aware(datetime.combine(decided_on, time(12)))
        Escalation.objects.filter(pk=decided.pk).update(decided_at=moment)
    decided.refresh_from_db()
    return decided


@pytest.fixture
def terms(privacy_officer):
    retention.set_retention_term(
        actor=privacy_officer, category=CLOSED, programme=None, term_months=24, legal_note="BGS, afgesloten casus"
    )
    retention.set_retention_term(
        actor=privacy_officer, category=CLOSED, programme=Programme.objects.get(code="PGA-RAD"), term_months=60
    )
    retention.set_retention_term(actor=privacy_officer, category=WITHOUT_CASE, programme=None, term_months=6)


@pytest.fixture
def world(terms, case, regisseur, agent, privacy_officer):
    """Objects on both sides of every rule. Due: `due`, `boundary`, `expired`, `accepted_case`
    (+ its escalation `accepted`) and `rejected`. Everything else is within its term."""
    com = Programme.objects.get(code="COM")
    # The fixture case (COM, Politie at the table), with personal data in a note and an AVE reason.
    services.add_note(case=case, author=agent, text="Jan Aalbers is opgenomen; BSN 111222333 is bekend.")
    case.refresh_from_db()
    services.change_ave_level(
        case=case, actor=regisseur, to_level=4, reason="Jan Aalbers bedreigt de buren.", expected_version=case.version
    )
    due = close(case, regisseur, months_ago(25))
    boundary = closed_case(regisseur, months_ago(24), person("Bert", "Grensgeval", "204567816"))
    within = closed_case(
        regisseur,
        retention.add_months(today() + timedelta(days=1), -24),
        person("Wim", "Binnentermijn", "315678926"),
    )
    open_case = make_case(regisseur=regisseur, persons=[person("Olga", "Openbaarink", "426789131")])
    Case.objects.filter(pk=open_case.pk).update(opened_on=months_ago(60))
    extended = closed_case(regisseur, months_ago(30), person("Erik", "Verlengma", "537891249"))
    retention.extend_retention(
        actor=privacy_officer,
        case=extended,
        reason="Lopende procedure bij de rechtbank.",
        until=today() + timedelta(30),
    )
    expired = closed_case(regisseur, months_ago(30), person("Els", "Verloopma", "648912358"))
    retention.extend_retention(
        actor=privacy_officer, case=expired, reason="Nog even nodig.", until=today() + timedelta(days=1)
    )
    RetentionExtension.objects.filter(case=expired).update(until=today() - timedelta(days=1))
    radical = closed_case(
        regisseur, months_ago(30), person("Rik", "Radicaalsma", "759123469"), programme_code="PGA-RAD"
    )

    accepted = escalation_about(agent, person("Kees", "Driessen", "123456782", born=date(1979, 5, 4)))
    accepted = decide(accepted, regisseur, EscalationStatus.ACCEPTED, decided_on=months_ago(40), programme=com)
    accepted_case = close(accepted.case, regisseur, months_ago(26))
    rejected = escalation_about(
        agent, person("Ria", "Afwijsma"), reason="Ria Afwijsma wordt bedreigd.", contact_name="Gerda Weggestuurd"
    )
    rejected = decide(rejected, regisseur, EscalationStatus.REJECTED, decided_on=months_ago(7))
    recent = decide(
        escalation_about(agent, person("Rob", "Recentink")), regisseur, EscalationStatus.BILATERAL, months_ago(5)
    )
    pending = escalation_about(agent, person("Piet", "Wachterink"))
    Escalation.objects.filter(pk=pending.pk).update(submitted_at=timezone.now() - timedelta(days=3 * 365))
    accepted_open = decide(
        escalation_about(agent, person("Anna", "Lopendijk")),
        regisseur,
        EscalationStatus.ACCEPTED,
        decided_on=months_ago(30),
        programme=com,
    )
    return SimpleNamespace(
        due=due,
        boundary=boundary,
        within=within,
        open_case=open_case,
        extended=extended,
        expired=expired,
        radical=radical,
        accepted=accepted,
        accepted_case=accepted_case,
        rejected=rejected,
        recent=recent,
        pending=pending,
        accepted_open=accepted_open,
        due_cases=[due, boundary, expired, accepted_case],
        due_escalations=[accepted, rejected],
    )


def expected_references(world):
    return {("casus", c.reference) for c in world.due_cases} | {
        ("aanmelding", e.reference) for e in world.due_escalations
    }


WATCHED = [
    Case,
    Person,
    TimelineEntry,
    AveLevelChange,
    Escalation,
    EscalationPerson,
    RetentionExtension,
    Participant,
    ParticipantProfessional,
    LogEntry,
]


def snapshot():
    return {model: {row["id"]: row for row in model.objects.values()} for model in WATCHED}


def changed(before, after, model):
    old, new = before[model], after[model]
    return {pk for pk in old.keys() | new.keys() if old.get(pk) != new.get(pk)}


def database_text():
    """Every row of every table, as text: where a name or BSN could hide."""
    rows = []
    for model in apps.get_models():
        rows.extend(str(row) for row in model.objects.values())
    return "\n".join(rows)


def log_entries_of(model, ids):
    content_type = ContentType.objects.get_for_model(model)
    return set(LogEntry.objects.filter(content_type=content_type, object_id__in=list(ids)).values_list("pk", flat=True))


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------


def test_run_anonymises_exactly_what_is_due_and_nothing_else(world):
    due_cases = Case.objects.filter(pk__in=[c.pk for c in world.due_cases])
    due_escalations = Escalation.objects.filter(pk__in=[e.pk for e in world.due_escalations])
    expected = {
        Case: set(due_cases.values_list("pk", flat=True)),
        Person: set(Person.objects.filter(case__in=due_cases).values_list("pk", flat=True)),
        TimelineEntry: set(TimelineEntry.objects.filter(case__in=due_cases).values_list("pk", flat=True)),
        AveLevelChange: set(AveLevelChange.objects.filter(case__in=due_cases).values_list("pk", flat=True)),
        Escalation: set(due_escalations.values_list("pk", flat=True)),
        EscalationPerson: set(
            EscalationPerson.objects.filter(escalation__in=due_escalations).values_list("pk", flat=True)
        ),
        RetentionExtension: set(RetentionExtension.objects.filter(case=world.expired).values_list("pk", flat=True)),
        # The partners' contribution text is destroyed; who sat at the table stays.
        Participant: set(
            Participant.objects.filter(case__in=due_cases).exclude(contribution="").values_list("pk", flat=True)
        ),
        ParticipantProfessional: set(),
    }
    # The change history of everything that belongs to a due case or escalation goes.
    reached = {
        Participant: set(Participant.objects.filter(case__in=due_cases).values_list("pk", flat=True)),
        # The evaluation recorded at closing (its text is blanked, its history goes).
        CaseEvaluation: set(CaseEvaluation.objects.filter(case__in=due_cases).values_list("pk", flat=True)),
        ParticipantProfessional: set(
            ParticipantProfessional.objects.filter(participant__case__in=due_cases).values_list("pk", flat=True)
        ),
    }
    expected[LogEntry] = set().union(
        *(
            log_entries_of(model, expected.get(model, set()) | reached.get(model, set()))
            for model in [*expected, *(m for m in reached if m not in expected)]
        )
    )
    assert expected[LogEntry], "the due objects have change history before the run"
    before = snapshot()

    summary = retention.run_retention()

    after = snapshot()
    for model, pks in expected.items():
        assert changed(before, after, model) == pks, model.__name__
    assert after[LogEntry].keys() <= before[LogEntry].keys(), "no new change history with old values"
    assert (summary.cases, summary.escalations) == (4, 2)
    assert summary.per_category == {CLOSED: 5, WITHOUT_CASE: 1}

    for case in due_cases.all():
        assert case.anonymised_at is not None and case.summary == "" and case.closure_result == ""
        assert set(case.timeline.values_list("text", flat=True)) == {retention.DESTROYED_TEXT}
        assert set(case.ave_history.values_list("reason", flat=True)) == {""}
    for escalation in due_escalations.all():
        assert escalation.anonymised_at is not None
        assert escalation.reason == escalation.goal == escalation.feedback == escalation.contact_name == ""
        assert escalation.contact_email == escalation.contact_phone == escalation.bottleneck_text == ""
    for model in (Person, EscalationPerson):
        for p in model.objects.filter(pk__in=expected[model]):
            assert p.first_name == p.last_name == "Geanonimiseerd"
            assert p.bsn == p.street_address == p.postal_code == p.city == p.name_prefix == ""
    # The birth year is kept (1 January of that year) for age-group figures.
    assert set(Person.objects.filter(case=world.accepted_case).values_list("date_of_birth", flat=True)) == {
        date(1979, 1, 1)
    }
    assert Case.objects.filter(anonymised_at__isnull=False).count() == 4
    assert Escalation.objects.filter(anonymised_at__isnull=False).count() == 2


def test_aggregates_survive(world):
    def aggregates():
        queries = [
            Case.objects.values_list(
                "reference", "programme__code", "phase", "ave_level", "opened_on", "closed_on", "closure_reason"
            ),
            AveLevelChange.objects.values_list("case__reference", "from_level", "to_level", "changed_at"),
            Participant.objects.values_list("case__reference", "organisation__name", "joined_on", "left_on"),
            ParticipantProfessional.objects.values_list(
                "participant__case__reference", "user__username", "joined_on", "left_on"
            ),
            TimelineEntry.objects.values_list("case__reference", "kind", "created_at", "author__username"),
            Person.objects.values_list("case__reference", "role_in_case"),
            Escalation.objects.values_list(
                "reference", "status", "submitted_at", "decided_at", "ave_level", "urgency", "case__reference"
            ),
            Escalation.objects.values_list("reference", "referrer_organisation__name", "bottleneck_categories__name"),
            EscalationPerson.objects.values_list("escalation__reference", "role_in_case"),
        ]
        return [sorted(map(str, query)) for query in queries]

    before = aggregates()
    retention.run_retention()
    assert aggregates() == before
    assert Participant.objects.filter(case=world.due, organisation__name="Politie").exists()


def test_no_name_or_bsn_of_destroyed_persons_remains_in_the_database(world):
    text = database_text()
    assert all(needle in text for needle in DESTROYED + KEPT), "sanity: the data is there before the run"
    retention.run_retention()
    text = database_text()
    assert [needle for needle in DESTROYED if needle in text] == []
    assert [needle for needle in KEPT if needle not in text] == []
    # The places named in the brief, checked one by one as well.
    for needle in DESTROYED:
        assert not Person.objects.filter(last_name__icontains=needle).exists()
        assert not Case.objects.filter(person_search_text__icontains=needle).exists()  # the list's copy
        assert not Person.objects.filter(bsn=needle).exists()
        assert not EscalationPerson.objects.filter(last_name__icontains=needle).exists()
        assert not EscalationPerson.objects.filter(bsn=needle).exists()
        assert not TimelineEntry.objects.filter(text__icontains=needle).exists()
        assert not LogEntry.objects.filter(object_repr__icontains=needle).exists()
        assert all(needle not in str(entry.changes) for entry in LogEntry.objects.all())


def test_change_history_of_anonymised_objects_is_deleted_and_other_history_kept(world):
    due_persons = Person.objects.filter(case__in=world.due_cases)
    kept_persons = Person.objects.filter(case__in=[world.within, world.extended, world.radical])
    assert log_entries_of(Person, due_persons.values_list("pk", flat=True))
    kept_before = log_entries_of(Person, kept_persons.values_list("pk", flat=True))
    retention.run_retention()
    for model, ids in [
        (Case, [c.pk for c in world.due_cases]),
        (Person, due_persons.values_list("pk", flat=True)),
        (TimelineEntry, TimelineEntry.objects.filter(case__in=world.due_cases).values_list("pk", flat=True)),
        (AveLevelChange, AveLevelChange.objects.filter(case__in=world.due_cases).values_list("pk", flat=True)),
        (Escalation, [e.pk for e in world.due_escalations]),
        (
            EscalationPerson,
            EscalationPerson.objects.filter(escalation__in=world.due_escalations).values_list("pk", flat=True),
        ),
    ]:
        assert log_entries_of(model, ids) == set(), model.__name__
    assert kept_before and log_entries_of(Person, kept_persons.values_list("pk", flat=True)) == kept_before


def test_destruction_records_say_that_not_what(world, privacy_officer):
    summary = retention.run_retention(performed_by=privacy_officer.username)
    records = DestructionRecord.objects.all()
    assert {(r.object_type, r.object_reference) for r in records} == expected_references(world)
    assert {r.run_id for r in records} == {summary.run_id}
    assert {r.performed_by for r in records} == {"privacy"}
    assert records.get(object_reference=world.rejected.reference).category == WITHOUT_CASE
    assert records.get(object_reference=world.rejected.reference).term_months == 6
    assert records.get(object_reference=world.accepted.reference).category == CLOSED
    text = str(list(records.values()))
    assert [needle for needle in DESTROYED if needle in text] == []


def test_running_twice_destroys_nothing_the_second_time(world):
    first = retention.run_retention()
    records = DestructionRecord.objects.count()
    after_first = snapshot()
    second = retention.run_retention()
    assert first.total == 6 and second.total == 0
    assert DestructionRecord.objects.count() == records
    assert all(changed(after_first, snapshot(), model) == set() for model in WATCHED)
    assert len(retention.due_for_destruction()) == 0


def test_dry_run_lists_exactly_what_the_run_then_removes(world):
    before = snapshot()
    report = retention.due_for_destruction()
    assert all(changed(before, snapshot(), model) == set() for model in WATCHED), "the dry run changes nothing"
    assert report.references() == expected_references(world)
    assert report.counts() == {CLOSED: 5, WITHOUT_CASE: 1}
    assert report.category_notes() == []

    summary = retention.run_retention()
    destroyed = DestructionRecord.objects.filter(run_id=summary.run_id)
    assert {(r.object_type, r.object_reference) for r in destroyed} == report.references()


def test_coming_four_weeks_lists_what_becomes_due_then_but_not_now(world):
    coming = retention.coming_due()
    references = coming.references()
    # `within` closed 24 months ago tomorrow: due tomorrow. Due today is the dry run's, not this.
    assert references == {("casus", world.within.reference)}
    assert not references & expected_references(world)
    # The extension runs 30 days: beyond 4 weeks. Four weeks later it is due with `within`.
    assert ("casus", world.extended.reference) in retention.coming_due(days=31).references()
    assert coming.counts() == {CLOSED: 1, WITHOUT_CASE: 0}
    assert [item.due_on for item in coming.items] == [today() + timedelta(days=1)]


def test_dry_run_shows_dates_terms_and_extensions(world):
    items = {item.reference: item for item in retention.due_for_destruction().items}
    due = items[world.due.reference]
    assert (due.start_date, due.term_months, due.programme_code) == (months_ago(25), 24, "COM")
    assert due.due_on == retention.add_months(months_ago(25), 24)
    assert items[world.boundary.reference].due_on == today()
    expired = items[world.expired.reference]
    assert expired.extended_until == today() - timedelta(days=1) and expired.due_on == today()
    follows = items[world.accepted.reference]
    assert follows.object_type == "aanmelding" and follows.follows_case == world.accepted_case.reference
    rejected = items[world.rejected.reference]
    assert (rejected.category, rejected.start_date, rejected.term_months) == (WITHOUT_CASE, months_ago(7), 6)
    assert world.within.reference not in items and world.radical.reference not in items
    # The term of PGA-RAD (60 months) ends later: due then, not now.
    later = retention.due_for_destruction(retention.add_months(months_ago(30), 60))
    assert ("casus", world.radical.reference) in later.references()


def test_without_a_term_nothing_is_due_and_the_report_says_so(case, regisseur, agent):
    close(case, regisseur, months_ago(120))
    decide(escalation_about(agent, person("Ria", "Afwijsma")), regisseur, EscalationStatus.REJECTED, months_ago(120))
    report = retention.due_for_destruction()
    assert len(report) == 0
    assert set(report.categories_without_term) == {CLOSED, WITHOUT_CASE}
    assert len(report.category_notes()) == 2 and "geen bewaartermijn" in report.category_notes()[0]
    assert retention.run_retention().total == 0
    assert not DestructionRecord.objects.exists()
    assert Person.objects.filter(last_name="Aalbers").count() == 2


def test_a_programme_term_without_default_destroys_only_that_programme(privacy_officer, case, regisseur):
    close(case, regisseur, months_ago(120))  # COM: no term
    radical = closed_case(regisseur, months_ago(120), person("Rik", "Radicaalsma"), programme_code="PGA-RAD")
    retention.set_retention_term(
        actor=privacy_officer, category=CLOSED, programme=Programme.objects.get(code="PGA-RAD"), term_months=60
    )
    report = retention.due_for_destruction()
    assert report.references() == {("casus", radical.reference)}
    assert any("geen standaardtermijn" in note for note in report.category_notes())
    retention.run_retention()
    assert Person.objects.filter(last_name="Aalbers").count() == 2


def test_the_escalation_of_a_case_follows_the_case_not_its_decision_date(terms, regisseur, agent):
    com = Programme.objects.get(code="COM")
    accepted = decide(
        escalation_about(agent, person("Kees", "Driessen")),
        regisseur,
        EscalationStatus.ACCEPTED,
        decided_on=months_ago(100),
        programme=com,
    )
    assert retention.due_for_destruction().references() == set()
    close(accepted.case, regisseur, months_ago(25))
    assert retention.due_for_destruction().references() == {
        ("casus", accepted.case.reference),
        ("aanmelding", accepted.reference),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_racing_runs_destroy_everything_once():
    officer = UserFactory(username="privacy-race", privacy_officer=True)
    regisseur = UserFactory(username="regisseur-race", regisseur=True)
    agent = UserFactory(username="agent-race", organisation=OrganisationFactory(name="Politie"))
    retention.set_retention_term(actor=officer, category=CLOSED, programme=None, term_months=12)
    retention.set_retention_term(actor=officer, category=WITHOUT_CASE, programme=None, term_months=6)
    for name in ("Eerste", "Tweede", "Derde"):
        closed_case(regisseur, months_ago(13), person("Test", name))
    decide(escalation_about(agent, person("Vier", "Vierde")), regisseur, EscalationStatus.REJECTED, months_ago(8))
    assert len(retention.due_for_destruction()) == 4

    summaries, errors = race(retention.run_retention)
    assert errors == []
    assert sum(s.total for s in summaries) == 4
    references = list(DestructionRecord.objects.values_list("object_reference", flat=True))
    assert len(references) == len(set(references)) == 4


# --------------------------------------------------------------------------------------------
# Terms and extensions
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["regisseur", "agent", "manager", "functional_admin"])
def test_only_the_privacy_officer_sets_terms_and_extends(who, request, case):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        retention.set_retention_term(actor=actor, category=CLOSED, programme=None, term_months=24, legal_note="")
    with pytest.raises(PermissionDenied):
        retention.extend_retention(actor=actor, case=case, reason="Reden.", until=today() + timedelta(days=10))
    assert not RetentionPolicy.objects.exists() and not RetentionExtension.objects.exists()


def test_setting_a_term_again_changes_it(privacy_officer):
    retention.set_retention_term(actor=privacy_officer, category=CLOSED, programme=None, term_months=24)
    policy = retention.set_retention_term(
        actor=privacy_officer, category=CLOSED, programme=None, term_months=36, legal_note="BGS art. 5"
    )
    assert RetentionPolicy.objects.get() == policy
    assert (policy.term_months, policy.legal_note, policy.updated_by) == (36, "BGS art. 5", privacy_officer)
    with pytest.raises(ServiceError) as refused:
        retention.set_retention_term(actor=privacy_officer, category=CLOSED, programme=None, term_months=0)
    assert refused.value.field == "term_months"


def test_extension_needs_a_reason_a_future_date_and_a_closed_case(privacy_officer, case, regisseur):
    def extend(reason="Lopende procedure.", until=None, on=case):
        return retention.extend_retention(
            actor=privacy_officer, case=on, reason=reason, until=until or today() + timedelta(days=30)
        )

    with pytest.raises(ServiceError) as refused:
        extend()
    assert refused.value.field == "reference"  # still open
    close(case, regisseur, months_ago(1))
    for reason, until, field in [
        ("   ", None, "reason"),
        ("Reden.", today(), "until"),
        ("Reden.", today() - timedelta(days=1), "until"),
    ]:
        with pytest.raises(ServiceError) as refused:
            extend(reason, until)
        assert refused.value.field == field
    assert not RetentionExtension.objects.exists()
    extension = extend("  Lopende procedure.  ")
    assert (extension.reason, extension.decided_by, extension.case) == ("Lopende procedure.", privacy_officer, case)
    Case.objects.filter(pk=case.pk).update(anonymised_at=timezone.now())
    with pytest.raises(ServiceError):
        extend()


def test_add_months_clamps_to_the_end_of_the_month():
    assert retention.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert retention.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert retention.add_months(date(2024, 11, 15), 2) == date(2025, 1, 15)
    assert retention.add_months(date(2024, 3, 15), -24) == date(2022, 3, 15)


# --------------------------------------------------------------------------------------------
# Celery task and management command
# --------------------------------------------------------------------------------------------


def test_task_runs_retention_directly_and_through_celery(world):
    result = run_retention_task()
    assert (result["cases"], result["escalations"]) == (4, 2)
    assert set(DestructionRecord.objects.values_list("performed_by", flat=True)) == {"bewaartermijntaak"}
    again = run_retention_task.delay().get(timeout=10)  # CELERY_TASK_ALWAYS_EAGER in the test settings
    assert (again["cases"], again["escalations"]) == (0, 0)


def test_task_through_delay_destroys(world):
    result = run_retention_task.delay().get(timeout=10)
    assert result["cases"] == 4 and result["per_category"] == {CLOSED: 5, WITHOUT_CASE: 1}
    assert DestructionRecord.objects.count() == 6


def test_beat_schedule_runs_the_task_nightly():
    from zvh.celery_schedule import BEAT_SCHEDULE

    entry = BEAT_SCHEDULE["retentie-nachtelijk"]
    assert entry["task"] == run_retention_task.name == "privacy.tasks.run_retention_task"
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {30}


def test_command_dry_run_prints_the_report_and_changes_nothing(world):
    out = io.StringIO()
    call_command("run_retention", "--dry-run", stdout=out)
    printed = out.getvalue()
    for _, reference in expected_references(world):
        assert reference in printed
    assert world.within.reference not in printed and "Totaal: 6" in printed
    assert [needle for needle in DESTROYED if needle in printed] == []
    assert not DestructionRecord.objects.exists() and Person.objects.filter(last_name="Aalbers").exists()


def test_command_runs_and_prints_counts(world):
    out = io.StringIO()
    call_command("run_retention", stdout=out)
    assert "4 casus(sen), 2 aanmelding(en)" in out.getvalue()
    assert DestructionRecord.objects.count() == 6
    with pytest.raises(CommandError):
        call_command("run_retention", "--peildatum", "2030-01-01", stdout=io.StringIO())


# --------------------------------------------------------------------------------------------
# Screens
# --------------------------------------------------------------------------------------------


def test_overview_shows_terms_report_and_destructions_without_names(client, world, privacy_officer):
    login(client, privacy_officer)
    response = client.get(reverse("privacy:retention"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Wat de volgende run verwijdert" in page and "BGS, afgesloten casus" in page
    next_run, coming = page.split("Wat de komende 4 weken vervalt")
    for _, reference in expected_references(world):
        assert reference in next_run
    assert world.within.reference not in next_run
    # Within its term, but due tomorrow: shown under the coming 4 weeks, to extend in time.
    assert world.within.reference in coming.split("Laatst vernietigd")[0]
    assert [needle for needle in DESTROYED + KEPT if needle in page] == []

    retention.run_retention()
    page = client.get(reverse("privacy:retention")).content.decode()
    assert "De volgende run verwijdert niets." in page and "bewaartermijntaak" in page
    assert world.rejected.reference in page  # now in the list of destructions


def test_term_form_sets_a_term_and_explains_mistakes(client, privacy_officer):
    login(client, privacy_officer)
    url = reverse("privacy:retention_term")
    response = client.post(url, {"category": CLOSED, "programme": "", "term_months": "0", "legal_note": ""})
    assert response.status_code == 200
    assert "Een bewaartermijn is ten minste 1 maand." in response.content.decode()
    assert not RetentionPolicy.objects.exists()
    rad = Programme.objects.get(code="PGA-RAD")
    response = client.post(url, {"category": CLOSED, "programme": rad.pk, "term_months": "60", "legal_note": "Wet"})
    assert response.status_code == 302 and response["Location"] == reverse("privacy:retention")
    policy = RetentionPolicy.objects.get()
    assert (policy.category, policy.programme, policy.term_months, policy.updated_by) == (
        CLOSED,
        rad,
        60,
        privacy_officer,
    )
    prefilled = client.get(reverse("privacy:retention"), {"categorie": CLOSED, "programma": rad.pk})
    assert 'value="60"' in prefilled.content.decode()


def test_term_form_refuses_others(client, manager):
    login(client, manager)
    response = client.post(reverse("privacy:retention_term"), {"category": CLOSED, "term_months": "1"})
    assert response.status_code == 403 and not RetentionPolicy.objects.exists()


def test_extension_form(client, privacy_officer, case, regisseur):
    login(client, privacy_officer)
    url = reverse("privacy:retention_extend")
    until = (today() + timedelta(days=90)).isoformat()
    page = client.post(url, {"reference": case.reference, "until": until, "reason": "Procedure."}).content.decode()
    assert "nog niet afgesloten" in page
    close(case, regisseur, months_ago(30))
    page = client.post(url, {"reference": "ZVH-1999-9999", "until": until, "reason": "Procedure."}).content.decode()
    assert "Er is geen casus met dit kenmerk." in page
    page = client.post(url, {"reference": case.reference, "until": today().isoformat(), "reason": ""}).content.decode()
    assert "De einddatum van de verlenging moet in de toekomst liggen." in page
    assert "Geef de reden waarom de gegevens langer worden bewaard." in page
    assert not RetentionExtension.objects.exists()
    response = client.post(url, {"reference": case.reference.lower(), "until": until, "reason": "Procedure."})
    assert response.status_code == 302
    extension = RetentionExtension.objects.get()
    assert (extension.case, extension.until.isoformat(), extension.decided_by) == (case, until, privacy_officer)
    listing = client.get(url).content.decode()
    assert case.reference in listing and "Procedure." in listing and "Aalbers" not in listing
    assert client.get(url, {"casus": case.reference}).content.decode().count(f'value="{case.reference}"') == 1


def test_retention_ends_the_regisseurs_read_only_access(case, regisseur, privacy_officer):
    from cases import services
    from cases.models import Case
    from privacy import policy
    from privacy.retention.services import run_retention, set_retention_term

    services.change_phase(
        case=case, actor=regisseur, to_phase="afgesloten", expected_version=case.version,
        closure_reason="doelen_bereikt", closure_result="Klaar.",
        **closing_evaluation(case),
    )  # fmt: skip
    Case.objects.filter(pk=case.pk).update(closed_on="2020-01-01")
    set_retention_term(actor=privacy_officer, category="afgesloten_casus", programme=None, term_months=12)
    assert policy.may_view_case(regisseur, case)
    run_retention()
    assert not policy.may_view_case(regisseur, case)
