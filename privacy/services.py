"""Writes of the privacy app: granting and revoking case access, and the access log."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth.models import Permission
from django.db import transaction

from cases.models import Case
from zvh.request_context import current_request_id

from . import policy
from .models import AccessAction, AccessLogEntry, CaseUserObjectPermission

if TYPE_CHECKING:
    from django.http import HttpRequest

    from partners.models import User


@transaction.atomic
def sync_case_access(case: Case) -> tuple[set[tuple[int, str]], set[tuple[int, str]]]:
    """Make the stored grants of one case equal to what the policy says, in the caller's
    transaction: seating or removing a professional and closing a case grant or revoke at once.
    Returns what it changed: (granted, revoked), each a set of (user id, permission codename)."""
    wanted = policy.desired_grants(case)
    permissions = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="cases",
            content_type__model="case",
            codename__in=[policy.VIEW, policy.CHANGE, policy.CONTRIBUTE],
        )
    }
    existing = set(
        CaseUserObjectPermission.objects.filter(content_object=case).values_list("user_id", "permission__codename")
    )
    wanted_pairs = {(user_id, codename) for user_id, codenames in wanted.items() for codename in codenames}
    to_revoke = existing - wanted_pairs
    to_grant = wanted_pairs - existing
    for user_id, codename in to_revoke:
        CaseUserObjectPermission.objects.filter(
            content_object=case, user_id=user_id, permission=permissions[codename]
        ).delete()
    CaseUserObjectPermission.objects.bulk_create(
        CaseUserObjectPermission(content_object=case, user_id=user_id, permission=permissions[codename])
        for user_id, codename in sorted(to_grant)
    )
    return to_grant, to_revoke


def sync_user_access(user) -> int:
    """Re-derive the grants of every case this user directs, sits at or holds a grant on (after a
    change of role, organisation or active status)."""

    case_ids = set(CaseUserObjectPermission.objects.filter(user=user).values_list("content_object_id", flat=True))
    case_ids |= set(Case.objects.filter(procesregisseur=user).values_list("pk", flat=True))
    case_ids |= set(Case.objects.filter(participants__professionals__user=user).values_list("pk", flat=True))
    for case in Case.objects.filter(pk__in=case_ids).select_related("procesregisseur"):
        sync_case_access(case)
    return len(case_ids)


def rebuild_all_case_access() -> int:
    """Recompute every case's grants from case data (after a restore or a policy change)."""

    count = 0
    for case in Case.objects.iterator(chunk_size=500):
        sync_case_access(case)
        count += 1
    return count


# 8 or 9 digits, also when typed with spaces or dots ("111 222 333", "1112.22.333"); not our
# references and dates, whose parts are joined by dashes (ZVH-2026-0001, 2026-11-25).
_BSN_LIKE = re.compile(r"(?<![\d-])\d(?:[ .]?\d){7,8}(?![\d-])")


def mask_bsn_like(text: str) -> str:
    """Search terms are logged, but a BSN never reaches a log line."""
    return _BSN_LIKE.sub("[nummer]", text)


def client_address(request: HttpRequest) -> str | None:
    from django.conf import settings

    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        # Only behind a proxy that overwrites the header: then its last value is the client.
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def _entry(
    *,
    request: HttpRequest | None = None,
    user: User | None = None,
    action: str,
    allowed: bool,
    case: Case | None = None,
    person_ids: Iterable[int] = (),
    escalation_person_ids: Iterable[int] = (),
    case_ids: Iterable[int] = (),
    object_type: str = "casus",
    object_reference: str = "",
    reason: str = "",
    is_break_glass: bool = False,
) -> AccessLogEntry:
    if user is None and request is not None:
        user = request.user if request.user.is_authenticated else None
    organisation = getattr(user, "organisation", None) if user else None
    return AccessLogEntry(
        user=user,
        username=user.get_username() if user else "",
        user_role=getattr(user, "role", "") if user else "",
        user_organisation=str(organisation) if organisation else "",
        on_behalf_of=str(organisation) if organisation else "",
        # Set by the API's authentication (api/authentication.py) on the request it serves.
        client_application=getattr(request, "api_client_label", "")[:200] if request is not None else "",
        action=action,
        object_type=object_type,
        object_reference=mask_bsn_like(object_reference)[:20],
        case_id=case.pk if case is not None else None,
        case_reference=case.reference if case is not None else "",
        person_ids=sorted(set(person_ids)),
        escalation_person_ids=sorted(set(escalation_person_ids)),
        case_ids=sorted(set(case_ids)),
        allowed=allowed,
        is_break_glass=is_break_glass,
        reason=mask_bsn_like(reason)[:300],
        client_address=client_address(request) if request is not None else None,
        method=request.method if request is not None else "",
        # A refused probe's path may hold a NUL, which PostgreSQL does not store (issue 20).
        path=mask_bsn_like(re.sub(r"[\x00-\x1f\x7f]", "?", request.path))[:300] if request is not None else "",
        request_id=current_request_id(),
    )


def log_access(*, request: HttpRequest | None = None, **fields) -> AccessLogEntry:
    """Write one access-log entry (fields: those of `_entry`). Call it for every read or change of
    personal data, and for every refusal. Works without a request (tasks) by passing `user`.
    `is_break_glass` flags an access made (or attempted) under break-glass, for the privacy officer."""
    entry = _entry(request=request, **fields)
    entry.save()
    return entry


def log_access_many(*, request: HttpRequest, entries: list[dict]) -> list[AccessLogEntry]:
    """One entry per item (the keyword arguments of `log_access` besides the request), written in
    one INSERT: a page that logs each row it shows costs the same however many rows it shows."""
    return AccessLogEntry.objects.bulk_create([_entry(request=request, **item) for item in entries])


__all__ = [
    "AccessAction",
    "log_access",
    "log_access_many",
    "sync_case_access",
    "rebuild_all_case_access",
    "mask_bsn_like",
]
