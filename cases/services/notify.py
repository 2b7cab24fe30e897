"""Who hears what from the cases app (issue 16): each function queues e-mails through the outbox
in the caller's transaction, so a rolled-back change sends nothing and a broker outage loses
nothing (notifications/outbox.py). The texts are rendered when sent (cases/emails.py) and name
only a reference and a link. Keys make every occasion one message per recipient."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from cases.message_kinds import MessageKind
from cases.models import Escalation, ParticipantProfessional, PlanAction, PlanAgreement, ProcessPlan
from notifications import outbox
from partners.models import User

# Held back while running cases are brought in from another system (cases/services/case_import.py):
# partners seated and actions assigned months ago must not each get a message on import day.
_held_back: ContextVar[bool] = ContextVar("messages_held_back", default=False)


@contextmanager
def held_back():
    token = _held_back.set(True)
    try:
        yield
    finally:
        _held_back.reset(token)


def enqueue(**message) -> None:
    if not _held_back.get():
        outbox.enqueue(**message)


def enqueue_many(**messages) -> int:
    return 0 if _held_back.get() else outbox.enqueue_many(**messages)


def escalation_received(escalation: Escalation) -> None:
    """The referrer's confirmation of a submitted escalation."""
    enqueue(
        kind=MessageKind.ESCALATION_RECEIVED,
        recipient=escalation.submitted_by,
        object_id=escalation.pk,
        key=f"aanmelding-ontvangen:{escalation.pk}",
    )


def escalation_decided(escalation: Escalation) -> None:
    """There is a decision and feedback; the referrer reads it after logging in."""
    enqueue(
        kind=MessageKind.ESCALATION_DECIDED,
        recipient=escalation.submitted_by,
        object_id=escalation.pk,
        key=f"aanmelding-besluit:{escalation.pk}",
    )


def seated(seat: ParticipantProfessional) -> None:
    enqueue(kind=MessageKind.SEATED, recipient=seat.user, object_id=seat.pk, key=f"aan-tafel:{seat.pk}")


def unseated(seat: ParticipantProfessional) -> None:
    enqueue(kind=MessageKind.UNSEATED, recipient=seat.user, object_id=seat.pk, key=f"van-tafel:{seat.pk}")


def action_assigned(action: PlanAction) -> int:
    """A new action for a person, or (without one) for everyone seated for the owning organisation."""
    if action.owner_user_id is not None:
        owners = [action.owner_user]
    else:
        owners = list(
            User.objects.filter(
                seats__participant__case_id=action.plan.case_id,
                seats__participant__organisation_id=action.owner_organisation_id,
                seats__participant__left_on__isnull=True,
                seats__left_on__isnull=True,
            ).distinct()
        )
    return enqueue_many(
        kind=MessageKind.ACTION_ASSIGNED,
        object_id=action.pk,
        recipients_and_keys=[(user, f"actie:{action.pk}:{user.pk}") for user in owners],
    )


def partner_agreed(agreement: PlanAgreement) -> None:
    """The regisseur hears of each organisation's agreement (renewed agreements again)."""
    enqueue(
        kind=MessageKind.PLAN_AGREED_BY_PARTNER,
        recipient=agreement.plan.case.procesregisseur,
        object_id=agreement.pk,
        key=f"akkoord:{agreement.pk}:{agreement.plan_version}",
    )


def plan_awaits_agreement(plan: ProcessPlan, professionals: list[User]) -> int:
    """Each professional seated for an organisation whose agreement to this state of the concept is
    missing. Keyed by the concept's version: asking twice without a change mails once."""
    return enqueue_many(
        kind=MessageKind.PLAN_AWAITING_AGREEMENT,
        object_id=plan.pk,
        recipients_and_keys=[(user, f"akkoord-gevraagd:{plan.pk}:{plan.version}:{user.pk}") for user in professionals],
    )
