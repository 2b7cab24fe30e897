"""Triage outcome "toevoegen aan bestaande casus": an escalation about persons who are already in a
running case joins that case instead of starting a new one.

What adding does, in the one transaction of the triage decision:
- only a running case (not closed, data not destroyed), and only by a member of the triage team
  who may change that case (`privacy.policy.may_add_escalation_to_case`: its procesregisseur or
  their active deputy); anyone else is refused with a Dutch message naming whom to ask;
- the escalation's persons who are not yet in the case (same BSN, or same first name, last name
  and birth date: the rule of the duplicate check) are added through `add_person`, the same path
  as a regisseur adding a person, so the case-list search text and the audit log are right;
- the referrer is seated through `seat_partner` (once: already seated means nothing changes), so
  the grants are re-synced and the SEATED message goes out; the referrer can open the case after;
- a timeline entry "Aanmelding AANM-… toegevoegd aan deze casus" (reference only: the escalation's
  text stays on the escalation, it is not copied into the case);
- `Escalation.added_to_case` records the case (`Escalation.case` stays the one case an escalation
  created); retention follows that case (privacy/retention/services.py).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cases.models import Case, Deputyship, Escalation, EscalationStatus, Participant, Person, TimelineKind
from partners.models import User
from privacy import policy
from privacy.services import sync_case_access

from . import notify
from .case import ConcurrentEdit, PersonData, ServiceError, _event, _require, add_person, seat_partner
from .documents import link_escalation_documents

FIELD = "existing_case"


def whom_to_ask(case: Case) -> str:
    """ "vraag het aan <naam>, procesregisseur" — or, while the regisseur of a running case has an
    active deputy, the deputy (who directs the case beside them)."""
    regisseur = case.procesregisseur
    if not case.is_closed:
        deputy = (
            Deputyship.objects.active_on(timezone.localdate())
            .filter(regisseur_id=regisseur.pk)
            .select_related("deputy")
            .order_by("deputy__last_name", "deputy__first_name", "pk")
            .first()
        )
        if deputy is not None:
            deputy_name = deputy.deputy.get_full_name()
            return f"vraag het aan {deputy_name}, vervanger van procesregisseur {regisseur.get_full_name()}"
    return f"vraag het aan {regisseur.get_full_name()}, procesregisseur"


def _key(person) -> tuple:
    return (person.first_name.strip().upper(), person.last_name.strip().upper(), person.date_of_birth)


def _new_persons(escalation: Escalation, case: Case) -> list[PersonData]:
    """The escalation's persons the case does not have yet (same BSN, or name and birth date)."""
    known = list(Person.objects.filter(case=case).only("bsn", "first_name", "last_name", "date_of_birth"))
    bsns = {p.bsn for p in known if p.bsn}
    keys = {_key(p) for p in known if p.date_of_birth}
    new = []
    for person in escalation.persons.all():
        if (person.bsn and person.bsn in bsns) or (person.date_of_birth and _key(person) in keys):
            continue
        new.append(PersonData(**{f: getattr(person, f) for f in PersonData.__dataclass_fields__}))
        if person.bsn:  # the same person twice in one escalation is added once
            bsns.add(person.bsn)
        if person.date_of_birth:
            keys.add(_key(person))
    return new


@transaction.atomic
def add_escalation_to_case(
    *, escalation: Escalation, actor: User, case: Case | None, feedback: str, expected_version: int
) -> Escalation:
    """Decide an escalation as "toegevoegd aan bestaande casus" (see the module docstring). A second
    submit of the same form finds the escalation decided (or a newer version) and changes nothing."""
    _require(policy.may_triage(actor), "Alleen het triageteam (procesregisseurs) beoordeelt aanmeldingen.")
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.version != expected_version:
        raise ConcurrentEdit("Deze aanmelding")
    if not escalation.is_pending:
        raise ServiceError(f"Aanmelding {escalation.reference} is al beoordeeld.")
    if not feedback.strip():
        raise ServiceError("Schrijf een terugkoppeling voor de verwijzer.", field="feedback")
    if case is None:
        raise ServiceError("Kies de casus waaraan u deze aanmelding toevoegt.", field=FIELD)
    case = Case.objects.select_for_update().select_related("procesregisseur").get(pk=case.pk)
    if case.is_closed or case.anonymised_at is not None:
        raise ServiceError(
            f"Casus {case.reference} is afgesloten. Een aanmelding kan alleen aan een lopende casus worden "
            "toegevoegd; accepteer haar als nieuwe casus.",
            field=FIELD,
        )
    if not policy.may_add_escalation_to_case(actor, case):
        raise ServiceError(
            f"U mag casus {case.reference} niet wijzigen, dus ook geen aanmelding toevoegen; {whom_to_ask(case)}.",
            field=FIELD,
        )

    for data in _new_persons(escalation, case):
        add_person(case=case, actor=actor, data=data)
    organisation = escalation.referrer_organisation
    seated = Participant.objects.filter(case=case, organisation=organisation, left_on__isnull=True).exists()
    # "Verwijzer" only for a new seat: an organisation already at the table keeps its contribution.
    seat_partner(
        case=case,
        actor=actor,
        organisation=organisation,
        professionals=[escalation.submitted_by],
        contribution="" if seated else "Verwijzer",
    )
    _event(case, TimelineKind.ESCALATION_ADDED, f"Aanmelding {escalation.reference} toegevoegd aan deze casus.", actor)
    link_escalation_documents(escalation, case)  # issue 17: its attachments join the case
    sync_case_access(case)

    escalation.added_to_case = case
    escalation.status = EscalationStatus.ADDED_TO_CASE
    escalation.feedback = feedback.strip()
    escalation.decided_at = timezone.now()
    escalation.decided_by = actor
    escalation.version += 1
    escalation.save()
    notify.escalation_decided(escalation)
    return escalation
