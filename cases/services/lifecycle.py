"""A case's life beyond its phases: a change of programme, reopening a closed case within its
retention term, a follow-up case, and links between cases of one household or system. Same rules
as cases/services/case.py: lock the case, ask `privacy.policy`, write a timeline event and
re-derive the grants in the same transaction.

Reopening never gives anyone access back by itself: closure ended every seat, and only the
professionals the regisseur names when reopening are seated again (each one a timeline event).
A link between cases changes nobody's access either: the case page shows the other case's
programme and phase only to a viewer with a grant on it (`cases.selectors.case_links`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from cases.models import (
    Case,
    CaseLink,
    CaseRelation,
    ParticipantProfessional,
    Phase,
    PlanStatus,
    ProgrammeChange,
    TimelineKind,
)
from partners.models import User
from privacy import policy
from privacy.due_dates import closed_case_due_on
from privacy.services import sync_case_access
from programmes.models import Programme
from zvh.errors import ServiceError
from zvh.formats import date_text

from .case import PersonData, _event, _lock, _require, _seat, _touch, register_case


@transaction.atomic
def change_programme(*, case: Case, actor: User, to_programme: Programme, reason: str, expected_version: int) -> Case:
    """Move an open case to another programme, with a reason. The phase stays unless the new
    programme's flow does not know it: an advice case moved to a full programme goes on with the
    analysis. The dashboard counts a case under its current programme."""
    _require(policy.may_change_case(actor, case))
    case = _lock(case, expected_version)
    if case.is_closed:
        raise ServiceError("Een afgesloten casus verandert niet meer van programma.", field="to_programme")
    if to_programme is None:
        raise ServiceError("Kies het nieuwe programma.", field="to_programme")
    if to_programme.pk == case.programme_id:
        raise ServiceError(f"De casus valt al onder {to_programme.code}.", field="to_programme")
    if not to_programme.is_active:
        raise ServiceError(f"{to_programme.code} is geen actief programma.", field="to_programme")
    if not reason.strip():
        raise ServiceError("Geef een reden voor de wijziging van het programma.", field="reason")
    from_programme = case.programme
    ProgrammeChange.objects.create(
        case=case, from_programme=from_programme, to_programme=to_programme, reason=reason.strip(), changed_by=actor
    )
    case.programme = to_programme
    moved_on = ""
    if case.phase == Phase.ADVIES and not to_programme.is_advice_flow:
        case.phase = Phase.ANALYSE
        moved_on = f" De casus gaat verder in de fase ‘{Phase.ANALYSE.label}’."
    _touch(case)
    _event(
        case,
        TimelineKind.PROGRAMME,
        f"Programma van {from_programme.code} naar {to_programme.code}: {reason.strip()}{moved_on}",
        actor,
    )
    sync_case_access(case)
    return case


def former_seats(case: Case) -> list[ParticipantProfessional]:
    """The professionals who sat at the table of a closed case, one seat per person (the latest),
    for the choice who is seated again when it is reopened."""
    seats = (
        ParticipantProfessional.objects.filter(participant__case=case)
        .select_related("user", "participant__organisation")
        .order_by("user_id", "-joined_on", "-pk")
    )
    latest: dict[int, ParticipantProfessional] = {}
    for seat in seats:
        latest.setdefault(seat.user_id, seat)
    return sorted(latest.values(), key=lambda s: (s.participant.organisation.name, s.user.last_name, s.user_id))


def reopen_phase(case: Case) -> str:
    """Where the work goes on after reopening: the advice (advice programmes), execution and
    monitoring when a plan was agreed, otherwise the analysis."""
    if case.programme.is_advice_flow:
        return Phase.ADVIES
    if case.plans.filter(status=PlanStatus.AGREED).exists():
        return Phase.UITVOERING
    return Phase.ANALYSE


@transaction.atomic
def reopen_case(
    *,
    case: Case,
    actor: User,
    reason: str,
    expected_version: int,
    seat_again: Iterable[ParticipantProfessional] = (),
) -> Case:
    """Reopen a closed case within its retention term (privacy/due_dates.py). The regisseur
    regains change rights; the seats ended at closure stay ended, except the former seats named in
    `seat_again`, whose professionals are seated again (and only while they are still partner
    professionals of that organisation)."""
    _require(policy.may_reopen_case(actor, case), "Alleen de procesregisseur van deze casus kan hem heropenen.")
    case = _lock(case, expected_version)
    if not case.is_closed:
        raise ServiceError("Deze casus is niet afgesloten.")
    if case.anonymised_at is not None:
        raise ServiceError("De gegevens van deze casus zijn vernietigd; registreer een nieuwe casus.")
    due_on = closed_case_due_on(case)
    if due_on is not None and due_on <= timezone.localdate():
        raise ServiceError(
            f"De bewaartermijn van deze casus is verstreken ({date_text(due_on)}); heropenen kan niet meer. "
            "Registreer zo nodig een nieuwe casus."
        )
    if not reason.strip():
        raise ServiceError("Geef een reden om de casus te heropenen.", field="reason")
    seats = list(seat_again)
    if any(seat.participant.case_id != case.pk for seat in seats):
        raise ServiceError("Kies alleen partners die eerder aan tafel zaten bij deze casus.", field="seat_again")
    previous = f"afgesloten op {date_text(case.closed_on)}" if case.closed_on else "afgesloten"
    if case.closure_reason:
        previous += f", {case.get_closure_reason_display().lower()}"
    case.phase = reopen_phase(case)
    case.closed_on = None
    case.closure_reason = ""
    _touch(case)
    _event(
        case,
        TimelineKind.REOPENED,
        f"Casus heropend in de fase ‘{Phase(case.phase).label}’ (eerder {previous}): {reason.strip()} "
        + (
            f"Opnieuw aan tafel: {len({s.user_id for s in seats})} professional(s)."
            if seats
            else "Niemand is opnieuw aan tafel gezet: partners krijgen pas weer toegang als zij aan tafel worden gezet."
        ),
        actor,
    )
    by_organisation: dict = {}
    for seat in seats:
        by_organisation.setdefault(seat.participant.organisation, (seat.participant.contribution, []))[1].append(
            seat.user
        )
    for organisation, (contribution, professionals) in by_organisation.items():
        _seat(case=case, actor=actor, organisation=organisation, professionals=professionals, contribution=contribution)
    sync_case_access(case)
    return case


@transaction.atomic
def open_follow_up_case(
    *,
    case: Case,
    actor: User,
    summary: str,
    reason: str,
    programme: Programme | None = None,
    ave_level: int | None = None,
) -> Case:
    """A new case that follows a closed one: the same persons (copied), directed by the actor, no
    partners at the table yet, linked to the earlier case as its follow-up (both ways)."""
    _require(policy.may_open_follow_up(actor, case), "U kunt bij deze casus geen vervolgcasus openen.")
    if not summary.strip():
        raise ServiceError("Beschrijf de aanleiding en hulpvraag van de vervolgcasus.", field="summary")
    if not reason.strip():
        raise ServiceError("Geef aan waarom een vervolgcasus nodig is.", field="reason")
    earlier = Case.objects.select_for_update().get(pk=case.pk)
    if earlier.anonymised_at is not None:
        raise ServiceError("De gegevens van deze casus zijn vernietigd; registreer een nieuwe casus.")
    persons = [
        PersonData(**{f: getattr(p, f) for f in PersonData.__dataclass_fields__})
        for p in earlier.persons.order_by("created_at", "pk")
    ]
    follow_up = register_case(
        registered_by=actor,
        programme=programme or earlier.programme,
        ave_level=ave_level or earlier.ave_level,
        summary=summary.strip(),
        persons=persons,
        municipality=earlier.municipality,
    )
    CaseLink.objects.create(from_case=follow_up, to_case=earlier, relation=CaseRelation.FOLLOW_UP, created_by=actor)
    _event(follow_up, TimelineKind.LINK, f"Vervolgcasus van {earlier.reference}: {reason.strip()}", actor)
    _event(earlier, TimelineKind.LINK, f"Vervolgcasus {follow_up.reference} geopend.", actor)
    return follow_up


def _find_other(reference: str) -> Case | None:
    return Case.objects.filter(reference=reference.strip().upper(), anonymised_at__isnull=True).first()


@transaction.atomic
def link_cases(*, case: Case, actor: User, other_reference: str, relation: str) -> CaseLink:
    """Link this case to another one (the same household or system; for a follow-up this case is
    the later one). Both timelines record it; the other case shows the link with this case's
    reference (its details only to those who may see this case)."""
    _require(policy.may_link_cases(actor, case), "U kunt deze casus niet koppelen.")
    if relation not in CaseRelation.values:
        raise ServiceError("Kies de relatie tussen de casussen.", field="relation")
    other = _find_other(other_reference or "")
    if other is None:
        raise ServiceError(
            f"Er is geen casus met kenmerk ‘{other_reference.strip()}’ die gekoppeld kan worden.",
            field="other_reference",
        )
    if other.pk == case.pk:
        raise ServiceError("Een casus kan niet aan zichzelf worden gekoppeld.", field="other_reference")
    list(Case.objects.select_for_update().filter(pk__in=[case.pk, other.pk]).order_by("pk"))  # both, in a fixed order
    pair = Q(from_case=case, to_case=other) | Q(from_case=other, to_case=case)
    if CaseLink.objects.filter(pair).exists():
        raise ServiceError(f"Deze casus is al gekoppeld aan {other.reference}.", field="other_reference")
    try:
        with transaction.atomic():
            link = CaseLink.objects.create(from_case=case, to_case=other, relation=relation, created_by=actor)
    except IntegrityError as error:
        raise ServiceError(f"Deze casus is al gekoppeld aan {other.reference}.", field="other_reference") from error
    label = CaseRelation(relation).label.lower()
    _event(case, TimelineKind.LINK, f"Gekoppeld aan casus {other.reference} ({label}).", actor)
    _event(other, TimelineKind.LINK, f"Gekoppeld aan casus {case.reference} ({label}).", actor)
    return link


@transaction.atomic
def unlink_cases(*, link: CaseLink, actor: User, case: Case) -> None:
    """Remove a link, from the page of one of its two cases (`case`)."""
    if case.pk not in (link.from_case_id, link.to_case_id):
        raise ServiceError("Deze koppeling hoort niet bij deze casus.")
    _require(policy.may_link_cases(actor, case), "U kunt de koppelingen van deze casus niet wijzigen.")
    link = CaseLink.objects.select_related("from_case", "to_case").filter(pk=link.pk).first()
    if link is None:
        return  # already removed (double click)
    label = link.get_relation_display().lower()
    link.delete()
    for this, other in ((link.from_case, link.to_case), (link.to_case, link.from_case)):
        _event(this, TimelineKind.LINK, f"Koppeling met casus {other.reference} ({label}) verwijderd.", actor)
