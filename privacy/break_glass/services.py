"""Break-glass ("doorbraaktoegang"): a procesregisseur or the privacy officer opens a case outside
their own with a recorded reason. The access is read-only (`policy.access_on` yields VIEW only),
limited in time (setting `BREAK_GLASS_MINUTES`, default 60), logged when it starts and for every
page read under it (`AccessLogEntry.is_break_glass`), and reviewed afterwards by the privacy officer.

Services (writes) and selectors (reads) of break-glass live together here.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import policy
from .models import AccessAction, AccessLogEntry, BreakGlassAccess
from .services import log_access, mask_bsn_like

if TYPE_CHECKING:
    from django.http import HttpRequest

    from cases.models import Case
    from partners.models import User

MIN_REASON_LENGTH = 15
LOG_OBJECT_TYPE = "doorbraak"  # the log entry of starting; page reads under it are "casus"


class BreakGlassError(Exception):
    """A refused break-glass action, with a Dutch message for the user and the form field it
    belongs to (None: the form as a whole)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


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
    raise BreakGlassError(message, field=field)


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
        raise BreakGlassError("U kunt alleen uw eigen doorbraaktoegang beëindigen.")
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
        raise BreakGlassError("Alleen de privacyfunctionaris beoordeelt doorbraaktoegang.")
    if access.user_id == reviewer.pk:
        raise BreakGlassError("Uw eigen doorbraaktoegang beoordeelt een andere privacyfunctionaris.")
    if access.reviewed_at is not None:
        raise BreakGlassError("Deze doorbraaktoegang is al beoordeeld.")
    if not note:
        raise BreakGlassError("Schrijf uw beoordeling op.", field="note")
    access.reviewed_by = reviewer
    access.reviewed_at = timezone.now()
    access.review_note = note[:2000]
    access.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    return access


# --- selectors -------------------------------------------------------------------------------


def _page_views() -> Subquery:
    """Case pages read under one break-glass access: flagged, allowed log entries of that user and
    case between its start and its expiry (index on user, -occurred_at)."""
    reads = (
        AccessLogEntry.objects.filter(
            user_id=OuterRef("user_id"),
            case_reference=OuterRef("case_reference"),
            is_break_glass=True,
            allowed=True,
            object_type="casus",
            occurred_at__gte=OuterRef("started_at"),
            occurred_at__lte=OuterRef("expires_at"),
        )
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(reads, output_field=IntegerField()), 0)


STATUS_CHOICES = [("", "Alle"), ("actief", "Actief"), ("onbeoordeeld", "Niet beoordeeld")]


def break_glass_overview(*, status: str = "") -> QuerySet[BreakGlassAccess]:
    """Every break-glass access for the privacy officer, newest first, with `page_views` and
    `is_active`."""
    now = timezone.now()
    accesses = BreakGlassAccess.objects.select_related("user", "user__organisation", "reviewed_by")
    if status == "actief":
        accesses = accesses.filter(expires_at__gt=now)
    elif status == "onbeoordeeld":
        accesses = accesses.filter(reviewed_at__isnull=True)
    return accesses.annotate(page_views=_page_views()).order_by("-started_at", "-pk")


def break_glass_with_page_views(pk: int) -> BreakGlassAccess | None:
    return (
        BreakGlassAccess.objects.select_related("user", "user__organisation", "reviewed_by")
        .annotate(page_views=_page_views())
        .filter(pk=pk)
        .first()
    )


def active_break_glass_of(user: User) -> QuerySet[BreakGlassAccess]:
    """The user's own running break-glass accesses (for the start page and a banner)."""
    return BreakGlassAccess.objects.filter(user=user, expires_at__gt=timezone.now()).order_by("expires_at")


def unreviewed_break_glass_count() -> int:
    """For a badge in the privacy officer's navigation."""
    return BreakGlassAccess.objects.filter(reviewed_at__isnull=True).count()


def is_active(access: BreakGlassAccess) -> bool:
    return access.expires_at > timezone.now()
