"""Break-glass ("doorbraaktoegang"): a procesregisseur or the privacy officer opens a case outside
their own with a recorded reason. The access is read-only (`policy.access_on` yields VIEW only),
limited in time (setting `BREAK_GLASS_MINUTES`, default 60), logged when it starts and for every
page read under it (`AccessLogEntry.is_break_glass`), and reviewed afterwards by the privacy officer.

Writes live here; reads (the privacy officer's overview, a user's running accesses) in
`selectors.py` beside it. A feature on top of the privacy kernel: the kernel's policy decides what
an access allows, this package only starts, ends and reviews accesses.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from privacy import policy
from privacy.models import AccessAction, BreakGlassAccess
from privacy.services import log_access, mask_bsn_like
from zvh.errors import ServiceError

if TYPE_CHECKING:
    from django.http import HttpRequest

    from cases.models import Case
    from partners.models import User

MIN_REASON_LENGTH = 15
LOG_OBJECT_TYPE = "doorbraak"  # the log entry of starting; page reads under it are "casus"


def break_glass_minutes() -> int:
    return int(getattr(settings, "BREAK_GLASS_MINUTES", 60))


def _refuse(*, user, case, request, reason: str, message: str, field: str | None = None):
    log_access(
        request=request,
        user=user,
        action=AccessAction.VIEW,
        case=case,
        allowed=False,
        object_type=LOG_OBJECT_TYPE,
        reason=f"doorbraak geweigerd: {reason}",
        is_break_glass=True,
    )
    raise ServiceError(message, field=field)


def start_break_glass(*, user: User, case: Case, reason: str, request: HttpRequest | None = None) -> BreakGlassAccess:
    """Give `user` read-only access to `case` for `BREAK_GLASS_MINUTES`, with a mandatory reason.

    Refused (and the refusal logged) for roles that may not break glass, without a reason of at
    least MIN_REASON_LENGTH characters, for a user who already has access (nothing to break) and
    while the user's previous break-glass access to this case is still running. Not one atomic
    block as a whole: a refusal's log entry must survive the exception that reports it."""
    reason = " ".join((reason or "").split())
    if not policy.may_break_glass(user):
        _refuse(
            user=user,
            case=case,
            request=request,
            reason="rol mag geen doorbraak",
            message="Alleen een procesregisseur of de privacyfunctionaris kan doorbraaktoegang gebruiken.",
        )
    if len(reason) < MIN_REASON_LENGTH:
        _refuse(
            user=user,
            case=case,
            request=request,
            reason="geen reden",
            message=(f"Geef een reden van ten minste {MIN_REASON_LENGTH} tekens: waarom moet u deze casus nu inzien?"),
            field="reason",
        )
    granted, running = policy.access_on(user, case)
    if running is not None:
        _refuse(
            user=user,
            case=case,
            request=request,
            reason="loopt al",
            message=(f"U heeft al doorbraaktoegang tot deze casus tot {timezone.localtime(running.expires_at):%H:%M}."),
            field="case_reference",
        )
    if granted:
        _refuse(
            user=user,
            case=case,
            request=request,
            reason="heeft al toegang",
            message="U heeft al toegang tot deze casus; doorbraak is niet nodig.",
            field="case_reference",
        )
    now = timezone.now()
    with transaction.atomic():
        # Two posts at once: the second waits on this lock, then finds the first one running.
        get_user_model().objects.select_for_update().get(pk=user.pk)
        if BreakGlassAccess.objects.filter(user=user, case=case, expires_at__gt=now).exists():
            return BreakGlassAccess.objects.filter(user=user, case=case, expires_at__gt=now).latest("started_at")
        access = BreakGlassAccess.objects.create(
            user=user,
            case=case,
            case_reference=case.reference,
            reason=mask_bsn_like(reason)[:2000],  # no BSN in a log, and this is one
            started_at=now,
            expires_at=now + timedelta(minutes=break_glass_minutes()),
        )
        log_access(
            request=request,
            user=user,
            action=AccessAction.VIEW,
            case=case,
            allowed=True,
            object_type=LOG_OBJECT_TYPE,
            object_reference=f"#{access.pk}",
            reason=access.reason,
            is_break_glass=True,
        )
    return access


@transaction.atomic
def end_break_glass(*, access: BreakGlassAccess, user: User) -> BreakGlassAccess:
    """The user ends their own break-glass access before it expires (no effect once expired)."""
    access = BreakGlassAccess.objects.select_for_update().get(pk=access.pk)
    if access.user_id != user.pk:
        raise ServiceError("U kunt alleen uw eigen doorbraaktoegang beëindigen.")
    now = timezone.now()
    if access.expires_at > now:
        access.expires_at = now
        access.save(update_fields=["expires_at"])
    return access


@transaction.atomic
def review_break_glass(*, access: BreakGlassAccess, reviewer: User, note: str) -> BreakGlassAccess:
    """The privacy officer records a review of a break-glass access: once, with a note, and never
    of their own access (someone else reviews that)."""
    access = BreakGlassAccess.objects.select_for_update().get(pk=access.pk)
    note = (note or "").strip()
    if not policy.may_read_access_log(reviewer):
        raise ServiceError("Alleen de privacyfunctionaris beoordeelt doorbraaktoegang.")
    if access.user_id == reviewer.pk:
        raise ServiceError("Uw eigen doorbraaktoegang beoordeelt een andere privacyfunctionaris.")
    if access.reviewed_at is not None:
        raise ServiceError("Deze doorbraaktoegang is al beoordeeld.")
    if not note:
        raise ServiceError("Schrijf uw beoordeling op.", field="note")
    access.reviewed_by = reviewer
    access.reviewed_at = timezone.now()
    access.review_note = note[:2000]
    access.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    return access
