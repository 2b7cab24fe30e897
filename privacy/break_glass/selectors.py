"""Reads of break-glass: the privacy officer's overview with the pages read under each access,
and a user's own running accesses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from privacy.models import AccessLogEntry, BreakGlassAccess

if TYPE_CHECKING:
    from partners.models import User


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


def is_active(access: BreakGlassAccess) -> bool:
    return access.expires_at > timezone.now()


def break_glass_page(*, status: str, page_number, size: int):
    """One page of the overview and its accesses, each marked `is_active` while it runs."""
    page = Paginator(break_glass_overview(status=status), size).get_page(page_number)
    shown = list(page.object_list)
    now = timezone.now()
    for access in shown:
        access.is_active = access.expires_at > now
    return page, shown


def accesses_to_review(*, limit: int) -> tuple[int, list[BreakGlassAccess]]:
    """For the privacy officer's start page: how many break-glass accesses wait for a review and
    the `limit` oldest of them (who, which case reference, when; two queries)."""
    waiting = BreakGlassAccess.objects.filter(reviewed_at__isnull=True)
    shown = list(waiting.select_related("user", "user__organisation").order_by("started_at", "pk")[:limit])
    now = timezone.now()
    for access in shown:
        access.is_active = access.expires_at > now
    return waiting.count(), shown
