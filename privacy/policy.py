"""The one access policy (need-to-know, WGS privacy protocol). Every rule about who may see or
change a case lives here; views, admin, exports and tasks ask these functions.

Rules:
- The procesregisseur of a case may view and change it while it is open, and view it (read-only)
  after closure until retention ends.
- A partner professional may view a case and add notes only while named at its table (both their
  organisation's seat and their own seat active) and while the case is open.
- Nobody else sees case content: not colleagues of the same organisation, not managers, not the
  privacy officer, not functional admins and not superusers (break-glass is a separate, logged path).

Grants are stored as django-guardian object permissions (privacy.CaseUserObjectPermission),
derived from case data by `desired_grants`, so they can always be rebuilt and every grant has a
reason. Model-wide case permissions are never assigned and never consulted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

if TYPE_CHECKING:
    from cases.models import Case, Escalation
    from partners.models import User

VIEW = "view_case"
CHANGE = "change_case"
CONTRIBUTE = "contribute_case"


def desired_grants(case: Case) -> dict[int, set[str]]:
    """Who should hold which permission on this case, by user id, according to the rules above."""
    grants: dict[int, set[str]] = {}
    if case.is_closed:
        grants[case.procesregisseur_id] = {VIEW}
        return grants
    grants[case.procesregisseur_id] = {VIEW, CHANGE, CONTRIBUTE}
    from cases.models import ParticipantProfessional

    seated_user_ids = ParticipantProfessional.objects.filter(
        participant__case=case,
        participant__left_on__isnull=True,
        left_on__isnull=True,
        user__is_active=True,
    ).values_list("user_id", flat=True)
    for user_id in seated_user_ids:
        grants.setdefault(user_id, set()).update({VIEW, CONTRIBUTE})
    return grants


def _has(user: User, case: Case, codename: str) -> bool:
    if not (user and user.is_authenticated and user.is_active) or case is None or case.pk is None:
        return False
    from .models import CaseUserObjectPermission

    return CaseUserObjectPermission.objects.filter(
        user=user, content_object=case, permission__codename=codename
    ).exists()


def can_view(user: User, case: Case) -> bool:
    return _has(user, case, VIEW)


def can_change(user: User, case: Case) -> bool:
    return _has(user, case, CHANGE)


def can_contribute(user: User, case: Case) -> bool:
    return _has(user, case, CONTRIBUTE)


def permissions_on(user: User, case: Case) -> set[str]:
    """All of a user's permissions on one case in one query (for rendering a case page)."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    from .models import CaseUserObjectPermission

    return set(
        CaseUserObjectPermission.objects.filter(user=user, content_object=case).values_list(
            "permission__codename", flat=True
        )
    )


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Every case the user may view, as one indexed query on the direct grant table."""
    from cases.models import Case

    if not (user and user.is_authenticated and user.is_active):
        return Case.objects.none()
    return Case.objects.filter(user_grants__user=user, user_grants__permission__codename=VIEW)


def may_register_cases(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_procesregisseur)


def may_submit_escalations(user: User) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and user.is_partnerprofessional and user.organisation_id
    )


def may_triage(user: User) -> bool:
    """The triage team: every procesregisseur sees pending escalations in full."""
    return bool(user and user.is_authenticated and user.is_active and user.is_procesregisseur)


def can_view_escalation(user: User, escalation: Escalation) -> bool:
    """Full content of an escalation (persons, reason):
    - once accepted, it follows the case: whoever may view the case;
    - otherwise its referrer, and the triage team (procesregisseurs).
    Colleagues of the referrer see reference, date and status only (selectors never load more)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if escalation.case_id is not None:
        return can_view(user, escalation.case)
    return escalation.submitted_by_id == user.pk or may_triage(user)


def may_read_access_log(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_privacy_officer)


def may_view_programmes(user: User) -> bool:
    """Programmes and prognoses: reference data and aggregates, no case content."""
    return bool(user and user.is_authenticated and user.is_active and (user.is_manager or user.is_procesregisseur))
