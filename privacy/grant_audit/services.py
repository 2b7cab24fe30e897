"""The grant audit. Grants are written in the same transaction as the change that causes them
(`privacy.services.sync_case_access`), so drift means something went around the services: a raw SQL
fix, a restore, a bug. The audit repairs it and says so; it never decides access itself."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from cases.models import Case, Phase
from privacy import policy
from privacy.models import CaseUserObjectPermission, GrantRepair
from privacy.services import sync_case_access

CHUNK = 500


@dataclass
class GrantAuditResult:
    cases_checked: int = 0
    cases_repaired: int = 0
    repairs: list[GrantRepair] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "gecontroleerd": self.cases_checked,
            "hersteld": self.cases_repaired,
            "incidenten": len(self.repairs),
        }


def _stored_grants(case_ids) -> dict[int, set[tuple[int, str]]]:
    stored: dict[int, set[tuple[int, str]]] = defaultdict(set)
    rows = CaseUserObjectPermission.objects.filter(content_object_id__in=case_ids).values_list(
        "content_object_id", "user_id", "permission__codename"
    )
    for case_id, user_id, codename in rows:
        stored[case_id].add((user_id, codename))
    return stored


def _wanted(case: Case) -> set[tuple[int, str]]:
    return {(user_id, codename) for user_id, codenames in policy.desired_grants(case).items() for codename in codenames}


def _repair(case_id: int) -> list[GrantRepair]:
    """Re-check under the case's row lock (a service may be changing the seating right now) and
    repair; nothing is recorded when the drift was a change in flight that has since committed."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("procesregisseur").get(pk=case_id)
        granted, revoked = sync_case_access(case)
        changed_users = {user_id for user_id, _ in granted | revoked}
        if not changed_users:
            return []
        names = dict(type(case.procesregisseur).objects.filter(pk__in=changed_users).values_list("pk", "username"))
        return GrantRepair.objects.bulk_create(
            GrantRepair(
                case=case,
                case_reference=case.reference,
                user_id=user_id,
                username=names.get(user_id, ""),
                granted=sorted(codename for uid, codename in granted if uid == user_id),
                revoked=sorted(codename for uid, codename in revoked if uid == user_id),
            )
            for user_id in sorted(changed_users)
        )


def audit_grants() -> GrantAuditResult:
    """Compare and repair the grants of every open case, a chunk at a time (one query for the stored
    grants of a chunk, the policy's own query per case)."""
    result = GrantAuditResult()
    open_cases = Case.objects.exclude(phase=Phase.AFGESLOTEN).filter(anonymised_at__isnull=True)
    ids = list(open_cases.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        stored = _stored_grants(chunk)
        for case in Case.objects.filter(pk__in=chunk).select_related("procesregisseur").order_by("pk"):
            result.cases_checked += 1
            if stored.get(case.pk, set()) != _wanted(case):
                repairs = _repair(case.pk)
                if repairs:
                    result.cases_repaired += 1
                    result.repairs.extend(repairs)
    return result
