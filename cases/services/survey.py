"""The satisfaction survey at closure (seed 000: every case is evaluated when it closes).

Rules:
- When a case closes, every partner professional seated at the table at that moment (their
  organisation's seat and their own seat active, still a partner professional of that
  organisation, account active) gets one invitation (unique per case and professional). The
  invitation e-mail goes through the outbox in the same transaction as the closing.
- The link carries the invitation key, signed with the secret key (`django.core.signing`, salt
  SALT): a tampered or made-up link is refused. It works once (`responded_at`) and until
  `expires_at` (SURVEY_VALID_DAYS after closing). No login: the link is the credential, so the
  page shows nothing of the case but its reference and programme.
- Answers are an overall score 1–10, four statements 1–5 (or "weet niet") and a comment. Two
  concurrent submits of the same link store one response (row lock + one-to-one).
- Non-responders get one reminder a week after the invitation was sent (REMIND_AFTER), while the
  link is still valid.
- The comment is free text: retention blanks it with the case's other free text.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from cases.message_kinds import MessageKind
from cases.models import Case, ParticipantProfessional, SurveyInvitation, SurveyResponse
from notifications.outbox import enqueue
from partners.models import Role, User
from zvh.errors import ServiceError

SALT = "cases.survey.invitation"
SURVEY_VALID_DAYS = 28
REMIND_AFTER = timedelta(days=7)


LINK_MESSAGES = {
    "ongeldig": "Deze link naar het tevredenheidsonderzoek is ongeldig.",
    "verlopen": "Deze link naar het tevredenheidsonderzoek is verlopen.",
    "ingevuld": "Dit tevredenheidsonderzoek is al ingevuld.",
}


class SurveyLinkError(ServiceError):
    """A survey link that cannot be used; `reason` is 'ongeldig', 'verlopen' or 'ingevuld'. Told
    apart from other refusals because the page answers 404 for an invalid link, 410 for a used one."""

    def __init__(self, reason: str, invitation: SurveyInvitation | None = None):
        super().__init__(LINK_MESSAGES[reason])
        self.reason = reason
        self.invitation = invitation


@dataclass(frozen=True)
class SurveyAnswers:
    overall_score: int
    clear_goals: int | None = None
    good_collaboration: int | None = None
    information_sharing: int | None = None
    added_value: int | None = None
    comment: str = ""


def seated_professionals(case: Case) -> list[tuple[User, int]]:
    """(professional, organisation id) of everyone seated at the table right now. Call it before
    closing: closing ends the seats."""
    seats = (
        ParticipantProfessional.objects.filter(
            participant__case=case,
            participant__left_on__isnull=True,
            left_on__isnull=True,
            user__is_active=True,
            user__role=Role.PARTNERPROFESSIONAL,
            user__organisation_id=F("participant__organisation_id"),
        )
        .select_related("user")
        .order_by("pk")
    )
    seen: dict[int, tuple[User, int]] = {}
    for seat in seats:
        seen.setdefault(seat.user_id, (seat.user, seat.participant.organisation_id))
    return list(seen.values())


def invite_professionals(*, case: Case, seated: list[tuple[User, int]]) -> list[SurveyInvitation]:
    """Create the invitations of a case that is being closed (inside the closing transaction)
    and put their e-mails in the outbox. A second call creates nothing new."""
    expires_at = timezone.now() + timedelta(days=SURVEY_VALID_DAYS)
    invitations = []
    for user, organisation_id in seated:
        try:
            with transaction.atomic():
                invitation = SurveyInvitation.objects.create(
                    case=case, recipient=user, organisation_id=organisation_id, expires_at=expires_at
                )
        except IntegrityError:
            continue  # invited before
        enqueue(
            kind=MessageKind.SURVEY_INVITATION,
            recipient=user,
            object_id=invitation.pk,
            key=f"enquete:{invitation.pk}",
        )
        invitations.append(invitation)
    return invitations


def survey_token(invitation: SurveyInvitation) -> str:
    return signing.dumps(str(invitation.key), salt=SALT)


def survey_url(invitation: SurveyInvitation) -> str:
    return reverse("survey:respond", kwargs={"token": survey_token(invitation)})


def invitation_for_token(token: str, *, now: datetime | None = None) -> SurveyInvitation:
    """The invitation a link belongs to, if it can still be answered; else SurveyLinkError."""
    try:
        key = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise SurveyLinkError("ongeldig") from None
    invitation = (
        SurveyInvitation.objects.select_related("case", "case__programme").filter(key=str(key)).first()
        if _is_uuid(key)
        else None
    )
    if invitation is None or invitation.case.anonymised_at is not None:
        raise SurveyLinkError("ongeldig")
    if invitation.responded_at is not None:
        raise SurveyLinkError("ingevuld", invitation)
    if invitation.expires_at <= (now or timezone.now()):
        raise SurveyLinkError("verlopen", invitation)
    return invitation


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def submit_response(*, token: str, answers: SurveyAnswers) -> SurveyResponse:
    """Store the answers of one link, once. A second (or concurrent) submit raises SurveyLinkError."""
    if not 1 <= int(answers.overall_score) <= 10:
        raise ServiceError("Geef een rapportcijfer van 1 tot en met 10.", field="overall_score")
    invitation = invitation_for_token(token)
    with transaction.atomic():
        locked = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
        now = timezone.now()
        if locked.responded_at is not None:
            raise SurveyLinkError("ingevuld", locked)
        if locked.expires_at <= now:
            raise SurveyLinkError("verlopen", locked)
        response = SurveyResponse.objects.create(
            invitation=locked,
            submitted_at=now,
            overall_score=answers.overall_score,
            clear_goals=answers.clear_goals,
            good_collaboration=answers.good_collaboration,
            information_sharing=answers.information_sharing,
            added_value=answers.added_value,
            comment=(answers.comment or "").strip()[:2000],
        )
        locked.responded_at = now
        locked.save(update_fields=["responded_at"])
        return response


def mark_sent(invitation_id: int, *, reminder: bool, at: datetime | None = None) -> None:
    """The outbox sent the invitation (or its reminder): record when."""
    field = "reminder_sent_at" if reminder else "sent_at"
    SurveyInvitation.objects.filter(pk=invitation_id, **{f"{field}__isnull": True}).update(
        **{field: at or timezone.now()}
    )


def remind_non_responders(*, now: datetime | None = None) -> int:
    """Queue one reminder for every invitation sent at least a week ago and not answered, while
    the link is valid. The outbox key makes it once per invitation, however often this runs."""
    now = now or timezone.now()
    due = SurveyInvitation.objects.filter(
        sent_at__lte=now - REMIND_AFTER,
        responded_at__isnull=True,
        reminder_sent_at__isnull=True,
        expires_at__gt=now,
        case__anonymised_at__isnull=True,
    ).select_related("recipient")
    queued = 0
    for invitation in due:
        with transaction.atomic():
            if enqueue(
                kind=MessageKind.SURVEY_REMINDER,
                recipient=invitation.recipient,
                object_id=invitation.pk,
                key=f"enquete-herinnering:{invitation.pk}",
            ):
                queued += 1
    return queued


def blank_comments(case_ids) -> int:
    """Retention: destroy the free-text comments of the surveys of these cases (scores stay)."""
    return SurveyResponse.objects.filter(invitation__case_id__in=list(case_ids)).exclude(comment="").update(comment="")
