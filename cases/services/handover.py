"""Handover of cases and deputies (vervanging): who directs a case when the team changes.

Rules (who may is `privacy.policy`: `may_hand_over`, `may_set_deputy`):
- A handover moves one or many cases to another active procesregisseur with a reason, in one
  transaction: the case's regisseur changes (django-auditlog records it), a `CaseHandover` row and
  a timeline entry are written, the grants are re-derived at once (the old regisseur keeps nothing
  unless they still sit at the table in another way), and the new regisseur (and the old one, when
  someone else handed over) is told through the outbox. The view logs the change in the access log.
- A deputy directs a regisseur's running cases from `starts_on` through `ends_on`. Periods of one
  regisseur never overlap; a period is at most a year (longer is a handover). Grants follow at
  once when the period starts today, else through the daily `sync_deputy_access`.
- A case never stays without an active regisseur: `refuse_orphaning` (called by
  registry.services.assign_role) refuses to deactivate or change the role of a regisseur who still
  directs running cases, naming them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.message_kinds import MessageKind
from cases.models import Case, CaseHandover, Deputyship, Phase, TimelineEntry, TimelineKind
from notifications.outbox import enqueue
from partners.models import Role, User
from privacy import policy
from privacy.services import sync_case_access
from zvh.errors import ConcurrentEdit, ServiceError
from zvh.formats import date_text

MAX_DEPUTYSHIP_DAYS = 366
SHOWN_REFERENCES = 10  # in a refusal message; the rest is counted


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _references(cases: Iterable[Case]) -> str:
    references = [c.reference for c in cases]
    shown = ", ".join(references[:SHOWN_REFERENCES])
    more = len(references) - SHOWN_REFERENCES
    return f"{shown} en nog {more}" if more > 0 else shown


def _check_regisseur(user: User | None, field: str) -> None:
    if user is None:
        raise ServiceError("Kies de procesregisseur.", field=field)
    if not (user.is_active and user.role == Role.PROCESREGISSEUR):
        raise ServiceError(f"{user} is geen actieve procesregisseur.", field=field)


@transaction.atomic
def hand_over_cases(
    *,
    actor: User,
    cases: Iterable[Case],
    to_user: User | None,
    reason: str,
    expected_versions: dict[int, int] | None = None,
) -> list[CaseHandover]:
    """Hand every case in `cases` to `to_user`. All or nothing: one case the actor may not hand
    over, or that is already directed by `to_user`, refuses the whole handover."""
    reason = reason.strip()
    case_ids = sorted({c.pk for c in cases})
    if not case_ids:
        raise ServiceError("Kies minstens één casus om over te dragen.", field="cases")
    _check_regisseur(to_user, "to_user")
    if not reason:
        raise ServiceError("Geef de reden van de overdracht.", field="reason")
    locked = list(
        Case.objects.select_for_update(of=("self",)).select_related("procesregisseur").filter(pk__in=case_ids)
    )
    for case in locked:
        _refuse_unless(policy.may_hand_over(actor, case), f"U mag casus {case.reference} niet overdragen.")
        expected = (expected_versions or {}).get(case.pk)
        if expected is not None and case.version != expected:
            raise ConcurrentEdit(f"Casus {case.reference}")
    already = [c for c in locked if c.procesregisseur_id == to_user.pk]
    if already:
        raise ServiceError(f"{to_user} is al procesregisseur van {_references(already)}.", field="to_user")
    handovers = []
    for case in locked:
        from_user = case.procesregisseur
        case.procesregisseur = to_user
        case.version += 1
        case.save()
        handover = CaseHandover.objects.create(
            case=case, from_user=from_user, to_user=to_user, reason=reason, handed_over_by=actor
        )
        TimelineEntry.objects.create(
            case=case,
            kind=TimelineKind.HANDOVER,
            text=f"Overgedragen van {from_user} aan {to_user}. Reden: {reason}",
            author=actor,
        )
        sync_case_access(case)
        enqueue(
            kind=MessageKind.CASE_HANDED_OVER, recipient=to_user, object_id=handover.pk, key=f"overdracht:{handover.pk}"
        )
        if actor.pk != from_user.pk:
            enqueue(
                kind=MessageKind.CASE_HANDED_OVER,
                recipient=from_user,
                object_id=handover.pk,
                key=f"overdracht:{handover.pk}:vorige",
            )
        handovers.append(handover)
    return handovers


def running_cases_directed_by(user: User):
    return Case.objects.filter(procesregisseur=user).exclude(phase=Phase.AFGESLOTEN).order_by("reference")


def refuse_orphaning(user: User) -> None:
    """Refuse a change that would leave running cases without an active regisseur: `user` as it
    is about to be saved (no longer active, or no longer a procesregisseur) while directing any."""
    if user.pk is None or (user.is_active and user.role == Role.PROCESREGISSEUR):
        return
    directed = list(running_cases_directed_by(user).only("reference"))
    if directed:
        change = "deactiveren" if not user.is_active else "een andere rol geven"
        raise ServiceError(
            f"U kunt {user} niet {change}: {user} is procesregisseur van {len(directed)} lopende "
            f"casus(sen): {_references(directed)}. Draag die eerst over.",
            field="is_active" if not user.is_active else "role",
        )


# --- Deputies ---------------------------------------------------------------------------------


@transaction.atomic
def set_deputy(
    *, actor: User, regisseur: User, deputy: User | None, starts_on: date, ends_on: date, reason: str = ""
) -> Deputyship:
    _refuse_unless(policy.may_set_deputy(actor, regisseur), "U mag voor deze procesregisseur geen vervanger instellen.")
    _check_regisseur(deputy, "deputy")
    if deputy.pk == regisseur.pk:
        raise ServiceError("Iemand kan zichzelf niet vervangen.", field="deputy")
    today = timezone.localdate()
    if starts_on < today:
        raise ServiceError("De vervanging kan niet in het verleden beginnen.", field="starts_on")
    if ends_on < starts_on:
        raise ServiceError("De einddatum ligt vóór de begindatum.", field="ends_on")
    if (ends_on - starts_on).days + 1 > MAX_DEPUTYSHIP_DAYS:
        raise ServiceError("Een vervanging duurt hoogstens een jaar; draag de casussen anders over.", field="ends_on")
    User.objects.select_for_update().filter(pk=regisseur.pk).first()  # one period at a time per regisseur
    overlapping = (
        Deputyship.objects.filter(regisseur=regisseur, ended_early_at__isnull=True)
        .filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
        .select_related("deputy")
        .first()
    )
    if overlapping is not None:
        raise ServiceError(
            f"Er is al een vervanging in deze periode: {overlapping}. Beëindig die eerst.", field="starts_on"
        )
    deputyship = Deputyship.objects.create(
        regisseur=regisseur,
        deputy=deputy,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
        created_by=actor,
    )
    for case in running_cases_directed_by(regisseur).select_related("procesregisseur"):
        TimelineEntry.objects.create(
            case=case,
            kind=TimelineKind.DEPUTY,
            text=f"{deputy} vervangt {regisseur} als procesregisseur van {date_text(starts_on)} "
            f"tot en met {date_text(ends_on)}.",
            author=actor,
        )
        if starts_on == today:
            sync_case_access(case)
    enqueue(
        kind=MessageKind.DEPUTY_ASSIGNED, recipient=deputy, object_id=deputyship.pk, key=f"vervanging:{deputyship.pk}"
    )
    return deputyship


@transaction.atomic
def end_deputyship(*, actor: User, deputyship: Deputyship) -> Deputyship:
    """End a deputyship early (the regisseur is back): the deputy's grants go at once."""
    deputyship = Deputyship.objects.select_for_update().select_related("regisseur", "deputy").get(pk=deputyship.pk)
    _refuse_unless(policy.may_set_deputy(actor, deputyship.regisseur), "U mag deze vervanging niet beëindigen.")
    if deputyship.ended_early_at is not None or deputyship.ends_on < timezone.localdate():
        raise ServiceError("Deze vervanging is al voorbij.")
    deputyship.ended_early_at = timezone.now()
    deputyship.ended_early_by = actor
    deputyship.save(update_fields=["ended_early_at", "ended_early_by"])
    for case in running_cases_directed_by(deputyship.regisseur).select_related("procesregisseur"):
        sync_case_access(case)
    return deputyship


def sync_deputy_access(today: date | None = None) -> int:
    """Re-derive the grants of the running cases of every regisseur whose deputy period began or
    ended in the last week (daily job; a week so that missed runs are made up). Returns the number
    of cases synced."""
    today = today or timezone.localdate()
    week_ago = today - timedelta(days=7)
    regisseur_ids = set(
        Deputyship.objects.filter(
            Q(starts_on__range=(week_ago, today)) | Q(ends_on__range=(week_ago - timedelta(days=1), today))
        ).values_list("regisseur_id", flat=True)
    )
    count = 0
    for case in Case.objects.filter(procesregisseur_id__in=regisseur_ids).exclude(phase=Phase.AFGESLOTEN):
        with transaction.atomic():
            sync_case_access(Case.objects.select_for_update().select_related("procesregisseur").get(pk=case.pk))
        count += 1
    return count
