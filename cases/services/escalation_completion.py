"""Issue 16: the triage outcome "aanvulling nodig" and what the referrer does with a pending
escalation. The triage team asks a question (`request_information`, called by
`decide_escalation`); the referrer answers it and may correct the escalation (`complete_escalation`),
which puts it back in the triage queue; or the referrer withdraws it (`withdraw_escalation`).

- A question is not a decision: `decided_at` stays empty, so the retention clock does not start
  (privacy/retention/services.py never counts an open escalation). A withdrawal is final: it sets
  `decided_at`, from which the term of an escalation without a case runs.
- Every round is an `EscalationQuestion` row (question, who asked, when, answer), so the decide page
  shows the whole history.
- Messages (outbox, in the same transaction, reference and link only): the referrer hears of the
  question; the regisseur who asked hears of the answer (the whole triage team if that user is no
  longer active) and of a withdrawal while their question was open.
- A triage decision and the referrer's action race on the escalation row (select_for_update, the
  version): whoever commits first wins, the other gets a clear refusal. Submitting the same
  completion or withdrawal twice changes the escalation once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from cases.message_kinds import MessageKind
from cases.models import Escalation, EscalationQuestion, EscalationStatus, NotInformedReason
from notifications.outbox import enqueue, enqueue_many
from partners.models import Role, User
from privacy import policy

from .case import ConcurrentEdit, ServiceError, _require

if TYPE_CHECKING:  # escalation.py imports this module (decide_escalation asks the question)
    from .escalation import EscalationData

QUESTION_MAX = 2000
ANSWER_MAX = 4000
WITHDRAWAL_REASON_MAX = 500


def request_information(*, escalation: Escalation, actor: User, question: str) -> Escalation:
    """Ask the referrer a question. The caller (`decide_escalation`) has checked the triage role,
    locked the row and compared the version."""
    question = (question or "").strip()
    if not question:
        raise ServiceError("Schrijf de vraag aan de verwijzer.", field="info_question")
    if len(question) > QUESTION_MAX:
        raise ServiceError(f"De vraag is te lang: maximaal {QUESTION_MAX} tekens.", field="info_question")
    asked = EscalationQuestion.objects.create(escalation=escalation, asked_by=actor, question=question)
    escalation.status = EscalationStatus.NEEDS_INFO
    escalation.version += 1
    escalation.save()
    enqueue(
        kind=MessageKind.ESCALATION_INFO_REQUESTED,
        recipient=escalation.submitted_by,
        object_id=asked.pk,
        key=f"aanmelding-vraag:{asked.pk}",
    )
    return escalation


def open_question(escalation: Escalation) -> EscalationQuestion | None:
    """The question the referrer has yet to answer, if any."""
    return escalation.questions.filter(answered_at__isnull=True).order_by("-asked_at", "-pk").first()


def _lock(escalation: Escalation) -> Escalation:
    return Escalation.objects.select_for_update().get(pk=escalation.pk)


@transaction.atomic
def complete_escalation(
    *,
    escalation: Escalation,
    actor: User,
    answer: str,
    data: EscalationData,
    expected_version: int,
) -> Escalation:
    """The referrer answers the open question and may correct the escalation's own fields
    (`data`: cases.services.EscalationData). The escalation goes back to the triage queue (status
    "ingediend", `completed_at` set). Its persons stay as they are: their rows (and ids) are what
    the access log and a subject-access search point at; a correction goes in the answer."""
    _require(
        policy.may_answer_for_escalation(actor, escalation),
        "Alleen de verwijzer kan een vraag over deze aanmelding beantwoorden.",
    )
    escalation = _lock(escalation)
    if escalation.is_pending and escalation.completed_at and escalation.version == expected_version + 1:
        return escalation  # the same completion sent twice: it is already in
    if not escalation.awaits_information:
        raise ServiceError(f"Over aanmelding {escalation.reference} staat geen vraag meer open.")
    if escalation.version != expected_version:
        raise ConcurrentEdit("Deze aanmelding")
    answer = (answer or "").strip()
    if not answer:
        raise ServiceError("Beantwoord de vraag van het triageteam.", field="info_answer")
    if len(answer) > ANSWER_MAX:
        raise ServiceError(f"Het antwoord is te lang: maximaal {ANSWER_MAX} tekens.", field="info_answer")
    if not data.person_informed and not data.not_informed_reason:
        raise ServiceError("Geef aan waarom de betrokkene niet is geïnformeerd.", field="not_informed_reason")
    if data.not_informed_reason == NotInformedReason.OTHER and not data.not_informed_explanation.strip():
        raise ServiceError("Licht toe waarom de betrokkene niet is geïnformeerd.", field="not_informed_explanation")

    now = timezone.now()
    question = open_question(escalation)
    if question is not None:
        question.answer = answer
        question.answered_at = now
        question.save()
    for name in (
        "reason", "bottleneck_text", "ave_level", "urgency", "goal", "person_informed", "involved_other",
        "suggested_programme", "municipality", "contact_name", "contact_phone", "contact_email",
    ):  # fmt: skip
        setattr(escalation, name, getattr(data, name))
    escalation.not_informed_reason = "" if data.person_informed else data.not_informed_reason
    escalation.not_informed_explanation = "" if data.person_informed else data.not_informed_explanation
    escalation.status = EscalationStatus.SUBMITTED
    escalation.completed_at = now
    escalation.version += 1
    escalation.save()  # one change record (django-auditlog) with every corrected field
    escalation.bottleneck_categories.set(data.bottleneck_categories)
    escalation.involved_organisations.set(data.involved_organisations)
    _tell_who_asked(escalation, question, MessageKind.ESCALATION_COMPLETED, "aanmelding-aangevuld")
    return escalation


@transaction.atomic
def withdraw_escalation(*, escalation: Escalation, actor: User, reason: str, expected_version: int) -> Escalation:
    """The referrer withdraws an open escalation, with a reason the triage team reads. Final: the
    escalation leaves the queue and its retention term starts now."""
    _require(policy.may_answer_for_escalation(actor, escalation), "Alleen de verwijzer kan deze aanmelding intrekken.")
    escalation = _lock(escalation)
    if escalation.is_withdrawn:
        return escalation  # withdrawn twice = once
    if not escalation.is_open:
        raise ServiceError(
            f"Aanmelding {escalation.reference} is intussen beoordeeld door het triageteam "
            f"({escalation.get_status_display().lower()}); intrekken kan niet meer."
        )
    if escalation.version != expected_version:
        raise ConcurrentEdit("Deze aanmelding")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Schrijf waarom u de aanmelding intrekt.", field="reason")
    if len(reason) > WITHDRAWAL_REASON_MAX:
        raise ServiceError(f"De reden is te lang: maximaal {WITHDRAWAL_REASON_MAX} tekens.", field="reason")
    question = open_question(escalation) if escalation.awaits_information else None
    escalation.status = EscalationStatus.WITHDRAWN
    escalation.withdrawal_reason = reason
    escalation.decided_at = timezone.now()  # starts the retention term of an escalation without a case
    escalation.version += 1
    escalation.save()
    if question is not None:  # the regisseur waiting for an answer need not wait any longer
        _tell_who_asked(escalation, question, MessageKind.ESCALATION_WITHDRAWN, "aanmelding-ingetrokken")
    return escalation


def _tell_who_asked(escalation: Escalation, question: EscalationQuestion | None, kind: str, key: str) -> int:
    """The regisseur who asked; when they are no longer active (or nobody asked), the triage team."""
    if question is not None and question.asked_by.is_active:
        recipients = [question.asked_by]
    else:
        recipients = list(User.objects.filter(role=Role.PROCESREGISSEUR, is_active=True).order_by("pk"))
    round_id = question.pk if question is not None else 0
    return enqueue_many(
        kind=kind,
        object_id=escalation.pk,
        recipients_and_keys=[(user, f"{key}:{escalation.pk}:{round_id}:{user.pk}") for user in recipients],
    )
