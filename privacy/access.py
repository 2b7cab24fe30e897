"""The door every page goes through: look up the case or escalation, ask the policy, write the log.

`open_case` / `open_escalation` serve the pages of one case or escalation; `require` serves every
other page that a role may or may not use: it logs a refusal like any other access and answers 403,
so no view writes its own "log the refusal, raise PermissionDenied" block."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from cases.models import Case, Escalation

from . import policy
from .models import AccessAction
from .services import log_access


def request_action(request: HttpRequest) -> str:
    """How a request is logged when the view names no action: reading for GET/HEAD, else a change."""
    return AccessAction.VIEW if request.method in {"GET", "HEAD"} else AccessAction.CHANGE


def require(
    request: HttpRequest,
    allowed: bool,
    *,
    message: str,
    reason: str,
    action: str | None = None,
    **log_fields,
) -> None:
    """Let the request through when `allowed` (the answer of a `policy` function); otherwise log the
    refusal (`reason` for the privacy officer; `log_fields` such as object_type, case,
    is_break_glass) and answer 403 with `message`, in Dutch, for the user."""
    if allowed:
        return
    log_access(request=request, action=action or request_action(request), allowed=False, reason=reason, **log_fields)
    raise PermissionDenied(message)


class CaseNotFound(Http404):
    """Raised both for a case that does not exist and one the user may not see, so that the
    answer does not reveal which (rendered by templates/404.html)."""


def open_case(request: HttpRequest, reference: str, *, need: str = policy.VIEW, queryset=None):
    """Return the case if the user holds `need` on it; log the access either way.

    GET requests are logged as a view, other methods as a change. A user without view access gets
    a 404; a user who may view but not do `need` gets a 403. Under break-glass the user holds VIEW
    only, and every entry (allowed or refused) is flagged `is_break_glass`; the page finds the
    access in `case.active_break_glass`.
    """

    action = request_action(request)
    qs = (
        queryset
        if queryset is not None
        else Case.objects.select_related("programme", "procesregisseur", "municipality")
    )
    case = qs.filter(reference=reference).first()
    if case is None:
        log_access(request=request, action=action, allowed=False, reason=f"onbekende casus {reference[:20]}")
        raise CaseNotFound("Casus niet gevonden")
    granted, break_glass = policy.access_on(request.user, case)
    if policy.VIEW not in granted:
        log_access(request=request, action=action, case=case, allowed=False, reason="geen rol in deze casus")
        raise CaseNotFound("Casus niet gevonden")
    flagged = break_glass is not None
    via = f" (doorbraak #{break_glass.pk}, alleen-lezen)" if flagged else ""
    require(
        request,
        need in granted,
        message="U mag deze handeling niet uitvoeren in deze casus.",
        reason=f"geen recht: {need}{via}",
        action=action,
        case=case,
        is_break_glass=flagged,
    )
    person_ids = list(case.persons.values_list("pk", flat=True))
    log_access(
        request=request,
        action=action,
        case=case,
        person_ids=person_ids,
        allowed=True,
        reason=f"doorbraak #{break_glass.pk}" if flagged else "",
        is_break_glass=flagged,
    )
    case.granted_permissions = granted  # the page uses it to show or hide actions
    # The break-glass access the page is read under (None otherwise), for the banner
    # templates/cases/_break_glass_notice.html.
    case.active_break_glass = break_glass
    return case


def open_escalation(request: HttpRequest, reference: str, *, for_triage: bool = False):
    """Return an escalation whose full content the user may see; log the access either way.
    Unknown and not-permitted escalations both answer 404; `for_triage` also requires membership
    of the triage team (403 for a referrer who may read but not decide)."""

    action = request_action(request)
    escalation = (
        Escalation.objects.select_related(
            "case", "referrer_organisation", "submitted_by", "suggested_programme", "municipality"
        )
        .filter(reference=reference)
        .first()
    )
    if escalation is None or not policy.may_view_escalation(request.user, escalation):
        log_access(
            request=request,
            action=action,
            allowed=False,
            object_type="aanmelding",
            object_reference=reference[:20],
            reason="onbekende aanmelding" if escalation is None else "geen toegang tot deze aanmelding",
        )
        raise CaseNotFound("Aanmelding niet gevonden")
    require(
        request,
        not for_triage or policy.may_triage(request.user),
        message="Alleen het triageteam (procesregisseurs) beoordeelt aanmeldingen.",
        reason="alleen het triageteam beoordeelt",
        action=action,
        object_type="aanmelding",
        object_reference=escalation.reference,
    )
    log_access(
        request=request,
        action=action,
        allowed=True,
        object_type="aanmelding",
        object_reference=escalation.reference,
        case=escalation.case,
        # Who the escalation is about, so the person filter of the access log finds this read
        # also when no case (and so no cases.Person) exists for them yet.
        escalation_person_ids=list(escalation.persons.values_list("pk", flat=True)),
    )
    return escalation


TRIAGE_TABLE_REASON = "triagetafel"


def open_escalation_at_triage_table(request: HttpRequest, reference: str, *, queryset=None):
    """The door of the triage table's escalation page (issue 16). Returns `(escalation, open)`:
    - open, and the user a member of the table: the escalation (limited fields, see
      policy.TRIAGE_TABLE_*), logged as a read with reason "triagetafel";
    - decided, and the user a member: the escalation with `open` False; the page shows no content
      (only "beoordeeld; u heeft geen inzage meer", and a link to the case for those seated at it);
      logged as a refusal;
    - anyone else, or an unknown reference: 404 as `open_escalation` answers, logged.
    `queryset` selects the fields to load (cases.triage_table_selectors.table_escalation)."""

    action = request_action(request)
    escalation = queryset(reference) if queryset is not None else Escalation.objects.filter(reference=reference).first()
    member = policy.may_join_triage_table(request.user)
    if escalation is None or not member:
        log_access(
            request=request,
            action=action,
            allowed=False,
            object_type="aanmelding",
            object_reference=reference[:20],
            reason="onbekende aanmelding" if escalation is None else "geen lid van de triagetafel",
        )
        raise CaseNotFound("Aanmelding niet gevonden")
    if not policy.may_view_escalation_at_triage_table(request.user, escalation):
        log_access(
            request=request,
            action=action,
            allowed=False,
            object_type="aanmelding",
            object_reference=escalation.reference,
            reason="triagetafel: aanmelding beoordeeld, geen inzage meer",
        )
        return escalation, False
    log_access(
        request=request,
        action=action,
        allowed=True,
        object_type="aanmelding",
        object_reference=escalation.reference,
        reason=TRIAGE_TABLE_REASON,
        escalation_person_ids=[person.pk for person in escalation.persons.all()],
    )
    return escalation, True
