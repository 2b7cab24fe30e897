"""Break-glass screens: a procesregisseur or the privacy officer opens a case outside their own
with a reason; the privacy officer reviews every access. Every refusal, start and review is logged."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import Case
from privacy import policy
from privacy.access import request_action, require
from privacy.models import AccessAction, BreakGlassAccess
from privacy.services import log_access
from zvh.errors import ServiceError, show_service_error
from zvh.forms import confirmed

from . import selectors, services
from .forms import BreakGlassReviewForm, BreakGlassStartForm

PAGE_SIZE = 50
ONLY_PRIVACY_OFFICER = "Alleen de privacyfunctionaris beoordeelt doorbraaktoegang."


def _require_privacy_officer(request, *, action: str, object_type: str) -> None:
    require(
        request,
        policy.may_read_access_log(request.user),
        message=ONLY_PRIVACY_OFFICER,
        reason="alleen de privacyfunctionaris",
        action=action,
        object_type=object_type,
    )


def _querystring(params) -> str:
    params = params.copy()
    params.pop("pagina", None)
    return params.urlencode()


def _refuse_unknown_case(request, form, reference: str) -> None:
    log_access(
        request=request,
        action=AccessAction.VIEW,
        allowed=False,
        object_type=services.LOG_OBJECT_TYPE,
        object_reference=reference,
        reason="doorbraak geweigerd: onbekende casus",
        is_break_glass=True,
    )
    form.add_error("case_reference", "Er is geen casus met dit kenmerk.")


@login_required
@require_http_methods(["GET", "POST"])
def break_glass_start(request):
    """A procesregisseur or the privacy officer opens a case outside their own, with a reason."""
    require(
        request,
        policy.may_break_glass(request.user),
        message="Alleen een procesregisseur of de privacyfunctionaris kan doorbraaktoegang gebruiken.",
        reason="doorbraak geweigerd: rol mag geen doorbraak",
        action=AccessAction.VIEW,
        object_type=services.LOG_OBJECT_TYPE,
        is_break_glass=True,
    )
    form = BreakGlassStartForm(
        request.POST or None, initial={"case_reference": request.GET.get("casus", "").strip()[:20]}
    )
    if request.method == "POST" and form.is_valid():
        case = _start(request, form)
        if case is not None:
            return redirect("cases:detail", reference=case.reference)
    context = {"form": form, "running": selectors.active_break_glass_of(request.user)}
    return render(request, "privacy/break_glass/start.html", {**context, "minutes": services.break_glass_minutes()})


def _start(request, form) -> Case | None:
    """Start the access the valid form asks for; the case, or None with the refusal on the form."""
    reference = form.cleaned_data["case_reference"]
    case = Case.objects.filter(reference=reference).first()
    if case is None:
        _refuse_unknown_case(request, form, reference)
        return None
    try:
        access = services.start_break_glass(
            user=request.user, case=case, reason=form.cleaned_data["reason"], request=request
        )
    except ServiceError as error:
        show_service_error(form, error)
        return None
    until = timezone.localtime(access.expires_at)
    messages.warning(
        request, f"Doorbraaktoegang tot casus {case.reference} tot {until:%H:%M}: alleen-lezen, alles wordt gelogd."
    )
    return case


@login_required
@require_http_methods(["GET", "POST"])
def break_glass_end(request, break_glass_id):
    """The owner ends their own break-glass access early, after a confirmation page that says what
    that means (GET, or a POST without the page's `bevestigd`); anyone else gets 404. Ending twice
    does nothing more: the service only moves an expiry that lies in the future."""
    access = get_object_or_404(BreakGlassAccess, pk=break_glass_id, user=request.user)
    if access.expires_at <= timezone.now():
        messages.info(request, f"Uw doorbraaktoegang tot casus {access.case_reference} is al beëindigd.")
        return redirect("privacy:break_glass_start")
    if confirmed(request):
        services.end_break_glass(access=access, user=request.user)
        messages.success(request, f"Uw doorbraaktoegang tot casus {access.case_reference} is beëindigd.")
        return redirect("privacy:break_glass_start")
    return render(request, "privacy/break_glass/end.html", {"access": access})


@login_required
@require_GET
def break_glass_list(request):
    """The privacy officer's overview of every break-glass access, running ones highlighted."""
    _require_privacy_officer(request, action=AccessAction.LIST, object_type="doorbraken")
    status = request.GET.get("status", "")
    if status not in dict(selectors.STATUS_CHOICES):
        status = ""
    page, shown = selectors.break_glass_page(status=status, page_number=request.GET.get("pagina"), size=PAGE_SIZE)
    log_access(
        request=request,
        action=AccessAction.LIST,
        allowed=True,
        object_type="doorbraken",
        case_ids=[a.case_id for a in shown if a.case_id],
        reason=f"status={status}" if status else "",
    )
    context = {"page": page, "accesses": shown, "status": status, "querystring": _querystring(request.GET)}
    return render(request, "privacy/break_glass/list.html", {**context, "status_choices": selectors.STATUS_CHOICES})


@login_required
@require_http_methods(["GET", "POST"])
def break_glass_review(request, break_glass_id):
    """The privacy officer records whether a break-glass access was justified."""
    _require_privacy_officer(request, action=request_action(request), object_type="doorbraak")
    access = selectors.break_glass_with_page_views(break_glass_id)
    if access is None:
        raise Http404("Doorbraaktoegang niet gevonden")
    access.is_active = selectors.is_active(access)
    form = BreakGlassReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_break_glass(access=access, reviewer=request.user, note=form.cleaned_data["note"])
        except ServiceError as error:
            show_service_error(form, error)
        else:
            _log_review(request, access, action=AccessAction.CHANGE, reason="doorbraak beoordeeld")
            messages.success(request, f"De doorbraak van {access.user} in casus {access.case_reference} is beoordeeld.")
            return redirect("privacy:break_glass_list")
    _log_review(request, access, action=AccessAction.VIEW, case_ids=[access.case_id] if access.case_id else [])
    context = {"access": access, "form": form, "own": access.user_id == request.user.pk}
    return render(request, "privacy/break_glass/review.html", {**context, "log_url": _access_log_url(access)})


def _log_review(request, access: BreakGlassAccess, *, action: str, **fields) -> None:
    log_access(
        request=request,
        action=action,
        allowed=True,
        object_type="doorbraak",
        object_reference=f"#{access.pk}",
        **fields,
    )


def _access_log_url(access: BreakGlassAccess) -> str:
    """The access log filtered to what the user read under this access."""
    started = timezone.localtime(access.started_at).date()
    ended = timezone.localtime(access.expires_at).date()
    log_filter = {
        "casus": access.case_reference,
        "gebruiker": access.user.get_username(),
        "doorbraak": "on",
        "van": started.isoformat(),
        "tot": max(started, ended).isoformat(),
    }
    return f"{reverse('privacy:access_log')}?{urlencode(log_filter)}"
