"""Every state change of a case happens here, so the browser, the admin and tasks obey the same
rules. Each service locks the case row (SELECT ... FOR UPDATE), checks the actor's permission with
`privacy.policy`, writes a timeline event, and re-derives the case's grants in the same
transaction.

Concurrency policy: forms carry the `version` they were rendered with; a service called with an
`expected_version` that no longer matches refuses with `ConcurrentEdit` instead of overwriting.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import (
    AveLevel,
    AveLevelChange,
    Case,
    CaseReferenceCounter,
    Participant,
    ParticipantProfessional,
    Person,
    Phase,
    TimelineEntry,
    TimelineKind,
    transitions_for,
)
from partners import submission_keys
from partners.models import Organisation, Role, User
from privacy import policy
from privacy.services import sync_case_access
from programmes.models import Programme
from zvh.errors import ConcurrentEdit, ServiceError

from . import closure, notify, survey


@dataclass(frozen=True)
class PersonData:
    first_name: str
    last_name: str
    role_in_case: str
    name_prefix: str = ""
    date_of_birth: date | None = None
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    bsn: str = ""


_UNCHANGED = object()  # an argument not given (None means "cleared")


def _require(allowed: bool, message: str = "U mag deze handeling niet uitvoeren in deze casus.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def _lock(case: Case, expected_version: int | None) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEdit("Deze casus")
    return locked


def _touch(case: Case) -> None:
    case.version += 1
    case.save()


def refresh_person_search(case: Case) -> None:
    """Write the case's `person_search_text` from its persons as they are now. Call it in the
    transaction that adds a person or changes a name, after the change: the case-list search only
    looks at the persons of cases whose search text is empty or contains every searched word."""
    names = [person.full_name for person in Person.objects.filter(case_id=case.pk).order_by("created_at", "pk")]
    case.person_search_text = person_search_text_of(names)
    Case.objects.filter(pk=case.pk).update(person_search_text=case.person_search_text)


def person_search_text_of(full_names: list[str]) -> str:
    """One name per line; empty ("not kept") when longer than an index entry may hold."""
    text = "\n".join(full_names)
    return text if len(text.encode()) <= Case.PERSON_SEARCH_TEXT_BYTES else ""


def _event(case: Case, kind: str, text: str, author: User | None) -> TimelineEntry:
    return TimelineEntry.objects.create(case=case, kind=kind, text=text, author=author)


def _end_seat(participant: Participant, today: date) -> None:
    # Saved one by one (not QuerySet.update) so django-auditlog records every ended seat.
    for seat in participant.professionals.filter(left_on__isnull=True):
        seat.left_on = today
        seat.save(update_fields=["left_on"])
    participant.left_on = today
    participant.save(update_fields=["left_on"])


def numbered_reference(counter_model, prefix: str, year: int) -> str:
    """<prefix>-<year>-<4 digits>, gapless per year: the counter row is locked until the caller's
    transaction ends, so two registrations never get the same number."""
    counter_model.objects.get_or_create(year=year)
    counter = counter_model.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{prefix}-{year}-{counter.last_number:04d}"


def next_reference(year: int) -> str:
    return numbered_reference(CaseReferenceCounter, "ZVH", year)


def register_case(
    *,
    registered_by: User,
    programme: Programme,
    ave_level: int,
    summary: str,
    persons: list[PersonData],
    casusregisseur: Organisation | None = None,
    municipality: Organisation | None = None,
    opened_on: date | None = None,
    submission_key: uuid.UUID | None = None,
    procesregisseur: User | None = None,
    initial_phase: str = Phase.AANMELDING,
    external_reference: str = "",
) -> Case:
    """Register a new case, directed by `procesregisseur` (default: whoever registers it). A
    repeated `submission_key` (double click, resubmitted form) returns the first submission's case.
    `external_reference`: the case's reference in the system it came from (case_import.py)."""
    _require(policy.may_register_cases(registered_by), "Alleen een procesregisseur kan een casus registreren.")
    procesregisseur = procesregisseur or registered_by
    if not procesregisseur.is_procesregisseur:
        raise ServiceError("Kies een procesregisseur.", field="procesregisseur")
    if initial_phase not in (Phase.AANMELDING, Phase.ANALYSE):
        raise ServiceError("Een nieuwe casus begint bij de aanmelding of, na triage, bij de analyse.")
    if submission_key is not None:
        existing = Case.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            submission_keys.key_not_yours(existing.created_by_id, registered_by)
            return existing
    if not persons:
        raise ServiceError("Voeg ten minste één betrokkene toe.", field="first_name")
    try:
        with transaction.atomic():
            opened = opened_on or timezone.localdate()
            case = Case.objects.create(
                reference=next_reference(opened.year),
                programme=programme,
                ave_level=ave_level,
                summary=summary,
                casusregisseur=casusregisseur,
                municipality=municipality,
                procesregisseur=procesregisseur,
                created_by=registered_by,
                phase=initial_phase,
                opened_on=opened,
                submission_key=submission_key,
                external_reference=external_reference,
            )
            for data in persons:
                Person.objects.create(case=case, **data.__dict__)
            refresh_person_search(case)
            AveLevelChange.objects.create(
                case=case,
                from_level=None,
                to_level=ave_level,
                reason="Niveau bij registratie",
                changed_by=registered_by,
            )
            _event(case, TimelineKind.CREATED, f"Casus geregistreerd in {programme.code}.", registered_by)
            sync_case_access(case)
            return case
    except IntegrityError:
        # Two concurrent posts with the same key: the other one won; return its case.
        if submission_key is not None:
            existing = Case.objects.filter(submission_key=submission_key).first()
            if existing is not None:
                submission_keys.key_not_yours(existing.created_by_id, registered_by)
                return existing
        raise


@transaction.atomic
def update_case_details(
    *,
    case: Case,
    actor: User,
    expected_version: int,
    summary: str,
    casusregisseur: Organisation | None,
    municipality: Organisation | None,
    casusregisseur_user=_UNCHANGED,
) -> Case:
    """Summary and woongemeente; casusregie goes through `set_casusregie` (same rules). Leaving out
    `casusregisseur_user` keeps the person while the organisation stays the same."""
    _require(policy.may_change_case(actor, case))
    case = _lock(case, expected_version)
    changed = []
    if case.municipality_id != (municipality.pk if municipality else None):
        changed.append(f"woongemeente: {municipality or 'onbekend'}")
    case.municipality = municipality
    if case.summary != summary:
        changed.append("aanleiding")
    case.summary = summary
    if changed:
        _touch(case)
        _event(case, TimelineKind.DETAILS, "Gewijzigd: " + ", ".join(changed) + ".", actor)
    if casusregisseur_user is _UNCHANGED:
        same = case.casusregisseur_id == (casusregisseur.pk if casusregisseur else None)
        casusregisseur_user = case.casusregisseur_user if same else None
    return set_casusregie(case=case, actor=actor, organisation=casusregisseur, user=casusregisseur_user)


@transaction.atomic
def set_casusregie(*, case: Case, actor: User, organisation: Organisation | None, user: User | None = None) -> Case:
    """Record which organisation at the table holds casusregie and, optionally, which of its seated
    professionals. The case is the one source: the case page, the plan, the PDFs show it; a plan
    freezes a copy when it is agreed. Refused for an organisation that is not seated now, or a
    person not seated for that organisation. A change writes a timeline entry (and, through the
    saved case, the change log); an unchanged value writes nothing and is not checked again."""
    _require(policy.may_change_case(actor, case))
    case = _lock(case, None)
    unchanged = case.casusregisseur_id == (organisation.pk if organisation else None)
    if unchanged and case.casusregisseur_user_id == (user.pk if user else None):
        return case  # nothing to record (and a partner who since left the table is not re-checked)
    if organisation is None and user is not None:
        raise ServiceError("Kies eerst de organisatie die de casusregie heeft.", field="casusregisseur")
    if organisation is not None:
        seated = case.participants.filter(organisation=organisation, left_on__isnull=True).exists()
        if not seated:
            raise ServiceError(
                f"{organisation} zit niet aan tafel bij deze casus en kan de casusregie niet hebben.",
                field="casusregisseur",
            )
    if user is not None:
        seated = ParticipantProfessional.objects.filter(
            participant__case=case,
            participant__organisation=organisation,
            participant__left_on__isnull=True,
            left_on__isnull=True,
            user=user,
        ).exists()
        if not seated or user.organisation_id != organisation.pk:
            raise ServiceError(
                f"{user.get_full_name() or user.get_username()} zit niet namens {organisation} aan tafel.",
                field="casusregisseur_user",
            )
    case.casusregisseur = organisation
    case.casusregisseur_user = user
    _touch(case)
    label = case.casusregie_label
    text = f"Casusregie bij {label}." if label else "Casusregie niet meer vastgelegd."
    _event(case, TimelineKind.CASUSREGIE, text, actor)
    return case


@transaction.atomic
def change_phase(
    *,
    case: Case,
    actor: User,
    to_phase: str,
    expected_version: int,
    note: str = "",
    closure_reason: str = "",
    closure_result: str = "",
    action_decisions: Mapping[int, str] | None = None,
    goal_outcomes: Mapping[int, closure.GoalOutcome] | None = None,
    what_worked: str = "",
) -> Case:
    """Move a case to a next phase along its programme's flow (`transitions_for`). Closing records
    reason and result, what becomes of every open action of the current plan (`action_decisions`:
    action id → done, dropped or handed to the local level) and the evaluation (`goal_outcomes` per
    goal id of the current plan, `what_worked`), and ends partners' access (the regisseur keeps
    read-only access); it refuses, changing nothing, while any of these is missing
    (cases/services/closure.py)."""
    _require(policy.may_change_case(actor, case))
    case = _lock(case, expected_version)
    if to_phase not in transitions_for(case.programme)[case.phase]:
        raise ServiceError(
            f"Van fase ‘{Phase(case.phase).label}’ kan de casus niet naar ‘{Phase(to_phase).label}’.",
            field="to_phase",
        )
    from_label = Phase(case.phase).label
    if to_phase == Phase.AFGESLOTEN:
        if not closure_reason:
            raise ServiceError("Kies een reden van afsluiting.", field="closure_reason")
        if not closure_result.strip():
            raise ServiceError("Beschrijf kort het resultaat van de casus.", field="closure_result")
        closure.record_closure(
            case=case,
            actor=actor,
            action_decisions=action_decisions or {},
            goal_outcomes=goal_outcomes or {},
            what_worked=what_worked,
        )
        case.closure_reason = closure_reason
        case.closure_result = closure_result.strip()
        case.closed_on = timezone.localdate()
        today = timezone.localdate()
        # The closure survey goes to whoever is at the table now, before the seats end.
        seated = survey.seated_professionals(case)
        # Closing ends every seat at the table: access follows the seats (privacy.policy).
        for participant in Participant.objects.filter(case=case, left_on__isnull=True):
            _end_seat(participant, today)
        # Invitations and their e-mails (outbox) commit or roll back with the closing.
        survey.invite_professionals(case=case, seated=seated)
    case.phase = to_phase
    _touch(case)
    text = f"Fase van ‘{from_label}’ naar ‘{Phase(to_phase).label}’."
    if note.strip():
        text += f" {note.strip()}"
    _event(case, TimelineKind.PHASE, text, actor)
    sync_case_access(case)
    return case


@transaction.atomic
def change_ave_level(*, case: Case, actor: User, to_level: int, reason: str, expected_version: int) -> Case:
    _require(policy.may_change_case(actor, case))
    case = _lock(case, expected_version)
    if not reason.strip():
        raise ServiceError("Geef een reden voor de wijziging van het AVE-niveau.", field="reason")
    if to_level == case.ave_level:
        raise ServiceError("Het AVE-niveau is al " + AveLevel(to_level).label + ".", field="to_level")
    AveLevelChange.objects.create(
        case=case, from_level=case.ave_level, to_level=to_level, reason=reason.strip(), changed_by=actor
    )
    _event(
        case,
        TimelineKind.AVE,
        f"AVE-niveau van AVE{case.ave_level} naar AVE{to_level}: {reason.strip()}",
        actor,
    )
    case.ave_level = to_level
    _touch(case)
    return case


@transaction.atomic
def add_person(*, case: Case, actor: User, data: PersonData, submission_key: uuid.UUID | None = None) -> Person:
    """A person in the case; a repeated `submission_key` returns the person the first post added."""
    _require(policy.may_change_case(actor, case))

    def create() -> Person:
        locked = _lock(case, None)
        person = Person.objects.create(case=locked, **data.__dict__)
        refresh_person_search(locked)
        _event(locked, TimelineKind.PERSON, f"Betrokkene toegevoegd ({person.get_role_in_case_display()}).", actor)
        return person

    return submission_keys.once(key=submission_key, user=actor, form_name="betrokkene", model=Person, create=create)


@transaction.atomic
def update_person(*, person: Person, actor: User, expected_version: int, data: PersonData) -> Person:
    case = person.case
    _require(policy.may_change_case(actor, case))
    case = _lock(case, None)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.version != expected_version:
        raise ConcurrentEdit("Deze betrokkene")
    bsn_changed = locked.bsn != data.bsn
    for field, value in data.__dict__.items():
        setattr(locked, field, value)
    locked.version += 1
    locked.save()
    refresh_person_search(case)
    text = f"Gegevens van een betrokkene bijgewerkt ({locked.get_role_in_case_display()})."
    if bsn_changed:
        text += " Het BSN is gewijzigd."
    _event(case, TimelineKind.PERSON, text, actor)
    return locked


@transaction.atomic
def seat_partner(
    *,
    case: Case,
    actor: User,
    organisation: Organisation,
    professionals: list[User],
    contribution: str = "",
) -> Participant:
    """Bring an organisation to the table (or add professionals to its seat) and grant access."""
    _require(policy.may_change_case(actor, case))
    case = _lock(case, None)
    participant = _seat(
        case=case, actor=actor, organisation=organisation, professionals=professionals, contribution=contribution
    )
    sync_case_access(case)
    return participant


def _seat(*, case: Case, actor: User, organisation: Organisation, professionals: list[User], contribution: str = ""):
    """Seat an organisation and its professionals; the caller checked permission, holds the case
    lock and re-syncs the grants afterwards."""
    if case.is_closed:
        raise ServiceError("Een afgesloten casus krijgt geen nieuwe partners aan tafel.")
    if not organisation.is_wgs_participant:
        # Only participants of the samenwerkingsverband may receive case data (WGS).
        raise ServiceError(f"{organisation} is geen WGS-deelnemer en kan niet aan tafel.", field="organisation")
    for professional in professionals:
        if professional.organisation_id != organisation.pk or professional.role != Role.PARTNERPROFESSIONAL:
            raise ServiceError(f"{professional} is geen partnerprofessional van {organisation}.", field="professionals")
    participant = Participant.objects.filter(case=case, organisation=organisation, left_on__isnull=True).first()
    if participant is None:
        participant = Participant.objects.create(case=case, organisation=organisation, contribution=contribution)
        _event(case, TimelineKind.PARTICIPANT, f"{organisation} aan tafel.", actor)
    elif contribution and contribution != participant.contribution:
        participant.contribution = contribution
        participant.save(update_fields=["contribution"])
    already = set(participant.professionals.filter(left_on__isnull=True).values_list("user_id", flat=True))
    for professional in professionals:
        if professional.pk in already:
            continue
        notify.seated(ParticipantProfessional.objects.create(participant=participant, user=professional))
        already.add(professional.pk)  # the same person twice in one call is seated once
        _event(case, TimelineKind.PARTICIPANT, f"{professional} ({organisation}) aan tafel.", actor)
    return participant


@transaction.atomic
def unseat_professional(*, seat: ParticipantProfessional, actor: User, reason: str = "") -> None:
    """A professional leaves the table; their access ends in the same transaction. The reason (the
    confirmation page asks for one) goes into the timeline, so the access change can be explained."""
    case = seat.participant.case
    _require(policy.may_change_case(actor, case))
    case = _lock(case, None)
    seat = ParticipantProfessional.objects.select_for_update().get(pk=seat.pk)
    if seat.left_on is not None:
        return
    seat.left_on = timezone.localdate()
    seat.save(update_fields=["left_on"])
    notify.unseated(seat)
    _event(
        case,
        TimelineKind.PARTICIPANT,
        f"{seat.user} ({seat.participant.organisation}) vertrokken van tafel.{_reason_suffix(reason)}",
        actor,
    )
    still_seated = ParticipantProfessional.objects.filter(
        participant=seat.participant, user_id=seat.user_id, left_on__isnull=True
    ).exists()
    if case.casusregisseur_user_id == seat.user_id and not still_seated:
        # The person leaves the table; casusregie stays with their organisation, without a name.
        case.casusregisseur_user = None
        _touch(case)
        text = f"Casusregie bij {case.casusregisseur} (geen persoon meer genoemd)."
        _event(case, TimelineKind.CASUSREGIE, text, actor)
    sync_case_access(case)


@transaction.atomic
def unseat_partner(*, participant: Participant, actor: User, reason: str = "") -> None:
    """An organisation leaves the table with all its professionals; the reason goes into the timeline."""
    case = participant.case
    _require(policy.may_change_case(actor, case))
    case = _lock(case, None)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.left_on is not None:
        return
    leaving = list(participant.professionals.filter(left_on__isnull=True).select_related("user"))
    _end_seat(participant, timezone.localdate())
    for seat in leaving:
        notify.unseated(seat)
    if case.casusregisseur_id == participant.organisation_id:
        # Casusregie lies with an organisation at the table: it ends with the seat, said aloud.
        case.casusregisseur = None
        case.casusregisseur_user = None
        _touch(case)
        _event(case, TimelineKind.PARTICIPANT,
               "Let op: de casusregie lag bij deze partner en is nu niet vastgelegd. Leg vast wie die overneemt.",
               actor)  # fmt: skip
    _event(
        case,
        TimelineKind.PARTICIPANT,
        f"{participant.organisation} vertrokken van tafel.{_reason_suffix(reason)}",
        actor,
    )
    sync_case_access(case)


def _reason_suffix(reason: str) -> str:
    reason = (reason or "").strip()
    return f" Reden: {reason}" if reason else ""


@transaction.atomic
def add_note(
    *,
    case: Case,
    author: User,
    text: str,
    restricted: bool = False,
    restricted_to: Iterable[Organisation] = (),
    submission_key: uuid.UUID | None = None,
) -> TimelineEntry:
    """A note on the timeline. A restricted note is read only by the regisseur and the named
    organisations at the table (`policy.restricted_reader`); the author's own organisation is always
    among them, and only organisations seated now can be named. A repeated `submission_key` returns
    the note the first post added."""
    return submission_keys.once(
        key=submission_key,
        user=author,
        form_name="notitie",
        model=TimelineEntry,
        create=lambda: _add_note(case, author, text, restricted, restricted_to),
    )


def _add_note(case, author, text, restricted, restricted_to) -> TimelineEntry:
    case = _lock(case, None)  # a closing in progress finishes first; then the check below refuses
    _require(policy.may_contribute(author, case), "U kunt in deze casus geen notities plaatsen.")
    if not text.strip():
        raise ServiceError("Een notitie mag niet leeg zijn.", field="text")
    organisations = {o.pk for o in restricted_to} if restricted else set()
    seated = set(case.participants.filter(left_on__isnull=True).values_list("organisation_id", flat=True))
    if organisations - seated:
        raise ServiceError("U kunt een notitie alleen afschermen voor organisaties aan tafel.", field="restricted_to")
    if restricted and author.organisation_id and author.pk != case.procesregisseur_id:
        organisations.add(author.organisation_id)
    entry = TimelineEntry.objects.create(
        case=case,
        kind=TimelineKind.NOTE,
        text=text.strip(),
        author=author,
        restricted=restricted,
        author_organisation_id=author.organisation_id,
    )
    if organisations:
        entry.restricted_to.set(organisations)
    return entry
