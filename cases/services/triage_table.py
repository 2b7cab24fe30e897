"""The triage table (issue 16): who may sit at it, and the advice its members give per pending
escalation. Who sees what is decided in privacy/policy.py (`may_join_triage_table`,
`may_view_escalation_at_triage_table`).

Concurrency: an advice form carries the version it was rendered with (none for a new advice). A
save with a stale version raises `ConcurrentEdit`, unless it stores exactly what is stored already
(a double submit), which changes nothing. The escalation row is locked, so an advice and the
triage decision never cross: after the decision no advice is added or changed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cases.models import ADVICE_MAX_LENGTH, Escalation, TriageAdvice
from partners.models import User
from privacy import policy
from zvh.errors import ConcurrentEdit, ServiceError, require_role

NOT_A_MEMBER_MESSAGE = (
    "Alleen partnerprofessionals van een organisatie die aan de triagetafel deelneemt, kunnen lid zijn "
    "van de triagetafel. Zet eerst ‘neemt deel aan de triagetafel’ aan bij de organisatie."
)


def check_triage_table_member(user: User) -> None:
    """Refuse `User.at_triage_table` for anyone but a partner professional of an organisation that
    joins the triage table (the admin calls this before saving an account)."""
    if not user.at_triage_table:
        return
    organisation = user.organisation
    if not (user.is_partnerprofessional and organisation is not None and organisation.joins_triage):
        raise ServiceError(NOT_A_MEMBER_MESSAGE, field="at_triage_table")


@transaction.atomic
def set_triage_table_member(*, actor: User, user: User, member: bool) -> User:
    """Name a professional as member of the triage table, or end it: the functional admin."""
    require_role(policy.may_manage_registry(actor))
    locked = User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=user.pk)
    locked.at_triage_table = member
    check_triage_table_member(locked)
    locked.save(update_fields=["at_triage_table"])
    return locked


@transaction.atomic
def save_triage_advice(
    *, actor: User, escalation: Escalation, text: str, expected_version: int | None = None
) -> TriageAdvice:
    """Add the actor's advice on an open escalation, or change it (one advice per member per
    escalation). `expected_version` is the version the form showed; None for a new advice."""
    locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if not policy.may_view_escalation_at_triage_table(actor, locked):
        if policy.may_join_triage_table(actor):
            raise ServiceError(f"Aanmelding {locked.reference} is al beoordeeld; een advies kan niet meer.")
        require_role(False, "Alleen leden van de triagetafel geven hier advies.")
    text = text.strip()
    if not text:
        raise ServiceError("Schrijf uw advies voor de triage.", field="text")
    if len(text) > ADVICE_MAX_LENGTH:
        raise ServiceError(f"Uw advies is {len(text)} tekens; maximaal {ADVICE_MAX_LENGTH} tekens.", field="text")
    advice = TriageAdvice.objects.select_for_update().filter(escalation=locked, author=actor).first()
    if advice is None:
        if expected_version is not None:
            raise ServiceError("Dit advies bestaat niet meer.")
        now = timezone.now()
        return TriageAdvice.objects.create(
            escalation=locked,
            author=actor,
            organisation_id=actor.organisation_id,
            text=text,
            created_at=now,
            updated_at=now,
        )
    if advice.text == text:
        return advice  # a double submit, or nothing changed: one advice, unchanged
    if expected_version != advice.version:
        raise ConcurrentEdit("Uw advies")
    advice.text = text
    advice.version += 1
    advice.updated_at = timezone.now()
    advice.save(update_fields=["text", "version", "updated_at"])
    return advice
