"""Escalations (aanmeldingen) and their triage. `submit_escalation` is the partner's door in;
`decide_escalation` is the only place an outcome is decided, for the browser and the admin alike."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.message_kinds import MessageKind
from cases.models import (
    TRIAGE_OUTCOMES,
    BottleneckCategory,
    Case,
    Escalation,
    EscalationCounter,
    EscalationPerson,
    EscalationStatus,
    InclusionAnswer,
    InclusionDecision,
    NotInformedReason,
    Phase,
    TimelineKind,
)
from notifications.outbox import enqueue_many
from partners import submission_keys
from partners.models import Organisation, Role, User
from privacy import policy
from privacy.services import sync_case_access
from programmes.models import Programme

from . import notify
from .case import (
    ConcurrentEdit,
    PersonData,
    ServiceError,
    _event,
    _require,
    _seat,
    numbered_reference,
    register_case,
)
from .documents import Attachment, check_attachments, delete_stored, link_escalation_documents, store_attachments
from .escalation_completion import request_information
from .escalation_merge import add_escalation_to_case


@dataclass(frozen=True)
class EscalationData:
    reason: str
    bottleneck_text: str
    ave_level: int
    urgency: str
    goal: str
    person_informed: bool
    contact_name: str
    contact_phone: str
    contact_email: str
    bottleneck_categories: list[BottleneckCategory] = field(default_factory=list)
    involved_organisations: list[Organisation] = field(default_factory=list)
    involved_other: str = ""
    not_informed_reason: str = ""
    not_informed_explanation: str = ""
    suggested_programme: Programme | None = None
    municipality: Organisation | None = None


def notify_triage_team(escalation: Escalation) -> int:
    """Queue an e-mail to every procesregisseur (the triage team) about a new escalation, in the
    caller's transaction. The mail names the reference and urgency only (cases/emails.py)."""
    team = User.objects.filter(role=Role.PROCESREGISSEUR, is_active=True).order_by("pk")
    queued = enqueue_many(
        kind=MessageKind.ESCALATION,
        object_id=escalation.pk,
        recipients_and_keys=[(regisseur, f"aanmelding:{escalation.pk}:{regisseur.pk}") for regisseur in team],
    )
    # The safety partners at the triage table hear of it too, with a link to their own (limited) page.
    table = policy.triage_table_members().order_by("pk")
    return queued + enqueue_many(
        kind=MessageKind.TRIAGE_TABLE_ESCALATION,
        object_id=escalation.pk,
        recipients_and_keys=[(member, f"aanmelding-tafel:{escalation.pk}:{member.pk}") for member in table],
    )


def next_escalation_reference(year: int) -> str:
    return numbered_reference(EscalationCounter, "AANM", year)


def submit_escalation(
    *,
    submitted_by: User,
    data: EscalationData,
    persons: list[PersonData],
    submission_key: uuid.UUID,
    attachments: list[Attachment] = (),
) -> Escalation:
    """A partner professional escalates. The same `submission_key` twice (double click, resubmit,
    two concurrent posts) gives the one escalation of the first submission, with its attachments.
    Attachments (issue 17) are validated and scanned before anything is stored
    (`documents.check_attachments`, raising `AttachmentRefused` for one row); their objects are
    deleted again when the escalation is not saved."""
    _require(policy.may_submit_escalations(submitted_by), "Alleen een partnerprofessional kan een casus aanmelden.")
    existing = Escalation.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        submission_keys.key_not_yours(existing.submitted_by_id, submitted_by)
        return existing
    if not persons:
        raise ServiceError("Vul ten minste één persoon in.", field="persons")
    if not data.person_informed and not data.not_informed_reason:
        raise ServiceError("Geef aan waarom de betrokkene niet is geïnformeerd.", field="not_informed_reason")
    if data.not_informed_reason == NotInformedReason.OTHER and not data.not_informed_explanation.strip():
        raise ServiceError("Licht toe waarom de betrokkene niet is geïnformeerd.", field="not_informed_explanation")
    attachments = list(attachments)
    checked = check_attachments(submitted_by, attachments)
    stored: list[str] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            escalation = Escalation.objects.create(
                reference=next_escalation_reference(timezone.localdate(now).year),
                submitted_by=submitted_by,
                referrer_organisation=submitted_by.organisation,
                submitted_at=now,
                submission_key=submission_key,
                reason=data.reason,
                bottleneck_text=data.bottleneck_text,
                ave_level=data.ave_level,
                urgency=data.urgency,
                goal=data.goal,
                person_informed=data.person_informed,
                not_informed_reason="" if data.person_informed else data.not_informed_reason,
                not_informed_explanation="" if data.person_informed else data.not_informed_explanation,
                involved_other=data.involved_other,
                suggested_programme=data.suggested_programme,
                municipality=data.municipality,
                contact_name=data.contact_name,
                contact_phone=data.contact_phone,
                contact_email=data.contact_email,
            )
            escalation.bottleneck_categories.set(data.bottleneck_categories)
            escalation.involved_organisations.set(data.involved_organisations)
            for person in persons:  # one by one, so django-auditlog records each
                EscalationPerson.objects.create(escalation=escalation, **person.__dict__)
            stored = store_attachments(escalation, submitted_by, attachments, checked)
            # The triage team hears of it by e-mail (outbox: sent after the commit, never
            # holding up this request, kept in PostgreSQL while the broker is down).
            notify_triage_team(escalation)
            notify.escalation_received(escalation)
            return escalation
    except IntegrityError:
        delete_stored(stored)
        existing = Escalation.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            submission_keys.key_not_yours(existing.submitted_by_id, submitted_by)
            return existing
        raise
    except BaseException:
        delete_stored(stored)
        raise


@transaction.atomic
def decide_escalation(
    *,
    escalation: Escalation,
    actor: User,
    outcome: str,
    feedback: str,
    expected_version: int,
    programme: Programme | None = None,
    ave_level: int | None = None,
    procesregisseur: User | None = None,
    partner_professionals: list[User] | None = None,
    advice: str = "",
    inclusion_answers: dict[int, bool] | None = None,
    inclusion_meeting_date: date | None = None,
    inclusion_note: str = "",
    info_question: str = "",
    existing_case: Case | None = None,
) -> Escalation:
    """Record the triage outcome. Accepting creates the case (persons copied, referrer and chosen
    professionals seated, AVE level set, inclusion checklist kept); advice records the advice;
    "toegevoegd" adds the escalation to `existing_case` (cases/services/escalation_merge.py).
    Every outcome carries feedback that the referrer sees; "aanvulling nodig" carries a question
    instead (cases/services/escalation_completion.py) and decides nothing yet."""
    if outcome == EscalationStatus.ADDED_TO_CASE:
        return add_escalation_to_case(
            escalation=escalation, actor=actor, case=existing_case, feedback=feedback, expected_version=expected_version
        )
    _require(policy.may_triage(actor), "Alleen het triageteam (procesregisseurs) beoordeelt aanmeldingen.")
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.version != expected_version:
        raise ConcurrentEdit("Deze aanmelding")
    if not escalation.is_pending:
        raise ServiceError(f"Aanmelding {escalation.reference} is al beoordeeld.")
    if outcome not in TRIAGE_OUTCOMES:
        raise ServiceError("Kies een uitkomst van de triage.", field="outcome")
    if outcome == EscalationStatus.NEEDS_INFO:  # a question to the referrer, not a decision
        return request_information(escalation=escalation, actor=actor, question=info_question)
    if not feedback.strip():
        raise ServiceError("Schrijf een terugkoppeling voor de verwijzer.", field="feedback")

    if outcome == EscalationStatus.ACCEPTED:
        escalation.case = _accept(
            escalation=escalation,
            actor=actor,
            programme=programme,
            ave_level=ave_level or escalation.ave_level,
            procesregisseur=procesregisseur or actor,
            partner_professionals=partner_professionals or [],
            inclusion_answers=inclusion_answers or {},
            inclusion_meeting_date=inclusion_meeting_date,
            inclusion_note=inclusion_note,
        )
    elif outcome == EscalationStatus.ADVICE:
        if not advice.strip():
            raise ServiceError("Beschrijf het gegeven advies.", field="advice")
        escalation.advice = advice.strip()

    escalation.status = outcome
    escalation.feedback = feedback.strip()
    escalation.decided_at = timezone.now()
    escalation.decided_by = actor
    escalation.version += 1
    escalation.save()
    notify.escalation_decided(escalation)
    return escalation


def _accept(
    *,
    escalation: Escalation,
    actor: User,
    programme: Programme | None,
    ave_level: int,
    procesregisseur: User,
    partner_professionals: list[User],
    inclusion_answers: dict[int, bool],
    inclusion_meeting_date: date | None,
    inclusion_note: str,
):
    if programme is None:
        raise ServiceError("Kies het programma waarin de casus wordt opgepakt.", field="programme")
    # Decided (issue 15): an advice question that comes in as an escalation stays one. Triage answers
    # it with the outcome "advies" (the advice is kept on the escalation, no case is made and no
    # persons are copied: less data for a one-off answer). A COM-advies case exists only when a
    # regisseur registers the question as a case or moves a case there (`change_programme`); it
    # follows the advice flow (question → advice → closed, cases/models/case.py:PHASE_FLOWS).
    if programme.is_advice_only:
        raise ServiceError("Een adviesvraag wordt geen casus: kies de uitkomst ‘advies’.", field="programme")
    criteria = list(programme.inclusion_criteria.filter(is_active=True))
    unanswered = [c for c in criteria if c.pk not in inclusion_answers]
    if unanswered:
        raise ServiceError(
            f"Beantwoord alle inclusiecriteria van {programme.code} ({len(unanswered)} open).", field="inclusion"
        )
    if programme.requires_inclusion_meeting and inclusion_meeting_date is None:
        raise ServiceError(
            f"Voor {programme.name} beslist de inclusietafel: vul de datum van de inclusietafel in.",
            field="inclusion_meeting_date",
        )
    persons = [
        PersonData(**{f: getattr(p, f) for f in PersonData.__dataclass_fields__}) for p in escalation.persons.all()
    ]
    case = register_case(
        registered_by=actor,
        procesregisseur=procesregisseur,
        programme=programme,
        ave_level=ave_level,
        summary=f"{escalation.reason}\n\nDoel van de opschaling: {escalation.goal}"[:4000],
        persons=persons,
        municipality=escalation.municipality,
        initial_phase=Phase.ANALYSE,
    )
    _event(case, TimelineKind.CREATED, f"Geaccepteerd bij triage vanuit aanmelding {escalation.reference}.", actor)
    # The referrer sits at the table from the start, then the partners chosen at triage.
    seats: dict[Organisation, list[User]] = {escalation.referrer_organisation: [escalation.submitted_by]}
    for professional in partner_professionals:
        seats.setdefault(professional.organisation, []).append(professional)
    for organisation, professionals in seats.items():
        contribution = "Verwijzer" if organisation == escalation.referrer_organisation else ""
        _seat(case=case, actor=actor, organisation=organisation, professionals=professionals, contribution=contribution)
    if criteria or programme.requires_inclusion_meeting:
        decision = InclusionDecision.objects.create(
            case=case, decided_by=actor, inclusion_meeting_date=inclusion_meeting_date, note=inclusion_note.strip()
        )
        InclusionAnswer.objects.bulk_create(
            InclusionAnswer(decision=decision, criterion=c, criterion_text=c.text, is_met=bool(inclusion_answers[c.pk]))
            for c in criteria
        )
    link_escalation_documents(escalation, case)  # issue 17: its attachments follow it into the case
    sync_case_access(case)
    return case
