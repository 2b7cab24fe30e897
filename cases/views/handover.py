"""Team screens: hand cases over, arrange a deputy (vervanging), the team's caseload. Rules live in
cases/services/handover.py and privacy/policy.py; these views parse, ask, call and render."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cases import selectors
from cases.handover_forms import DeputyForm, HandoverForm
from cases.models import Deputyship
from cases.services import handover as handover_services
from privacy import policy
from privacy.access import require
from privacy.models import AccessAction
from privacy.services import log_access, log_access_many
from zvh.errors import ServiceError, show_service_error


@login_required
@require_http_methods(["GET", "POST"])
def handover(request):
    """Hand one or many of the cases one directs (or stands in for) to another procesregisseur."""
    require(
        request,
        policy.may_register_cases(request.user),
        message="Alleen een procesregisseur draagt casussen over.",
        reason="overdragen: alleen procesregisseur",
        object_type="overdracht",
    )
    candidates = selectors.handover_candidates(request.user)
    form = HandoverForm(request.POST or None, candidates=candidates, actor=request.user)
    if request.method == "GET" and request.GET.get("casus"):
        chosen = [str(c.pk) for c in candidates if c.reference == request.GET["casus"]]
        form.fields["cases"].initial = chosen
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen_cases()
        try:
            handovers = handover_services.hand_over_cases(
                actor=request.user,
                cases=chosen,
                to_user=form.cleaned_data["to_user"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            to_user = form.cleaned_data["to_user"]
            log_access_many(
                request=request,
                entries=[
                    {
                        "action": AccessAction.CHANGE,
                        "allowed": True,
                        "case": h.case,
                        "object_type": "overdracht",
                        "reason": f"overgedragen aan {to_user.username}",
                    }
                    for h in handovers
                ],
            )
            references = ", ".join(h.case.reference for h in handovers)
            messages.success(request, f"Overgedragen aan {to_user}: {references}. {to_user} krijgt bericht.")
            return redirect("cases:handover")
    running = [c for c in candidates if not c.is_closed]
    return render(
        request,
        "cases/team/handover.html",
        {"form": form, "running_count": len(running), "closed_count": len(candidates) - len(running)},
    )


@login_required
def team(request):
    """Running cases, meetings this week and overdue actions per regisseur: numbers only."""
    require(
        request,
        policy.may_view_team(request.user),
        message="Het teamoverzicht is voor procesregisseurs en managers.",
        reason="teamoverzicht: rol",
        object_type="teamoverzicht",
    )
    today = timezone.localdate()
    rows = selectors.team_caseload(today)
    log_access(request=request, action=AccessAction.LIST, allowed=True, object_type="teamoverzicht")
    start, end = selectors.week_bounds(today)
    totals = {key: sum(row[key] for row in rows) for key in ("running_cases", "meetings_this_week", "overdue_actions")}
    return render(
        request,
        "cases/team/team.html",
        {"rows": rows, "totals": totals, "week_start": start, "week_end": end - timedelta(days=1)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def deputies(request):
    """Arrange a deputy for a period of absence, and see the current and planned ones."""
    require(
        request,
        policy.may_manage_deputies(request.user),
        message="Vervanging regelen is voor procesregisseurs en managers.",
        reason="vervanging: rol",
        object_type="vervanging",
    )
    form = DeputyForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            deputyship = handover_services.set_deputy(
                actor=request.user,
                regisseur=data["regisseur"],
                deputy=data["deputy"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                reason=data["reason"],
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            log_access(
                request=request,
                action=AccessAction.CREATE,
                allowed=True,
                object_type="vervanging",
                object_reference=str(deputyship.pk),
                reason=f"{deputyship.deputy.username} vervangt {deputyship.regisseur.username}",
            )
            messages.success(request, f"Vastgelegd: {deputyship}. {deputyship.deputy} krijgt bericht.")
            return redirect("cases:deputies")
    today = timezone.localdate()
    return render(
        request,
        "cases/team/deputies.html",
        {"form": form, "deputyships": selectors.deputyships_for(request.user, today), "today": today},
    )


@login_required
@require_POST
def deputy_end(request, deputyship_id: int):
    deputyship = get_object_or_404(Deputyship.objects.select_related("regisseur", "deputy"), pk=deputyship_id)
    require(
        request,
        policy.may_set_deputy(request.user, deputyship.regisseur),
        message="U mag deze vervanging niet beëindigen.",
        reason="vervanging beëindigen: niet eigen, geen manager",
        object_type="vervanging",
        object_reference=str(deputyship.pk),
    )
    try:
        handover_services.end_deputyship(actor=request.user, deputyship=deputyship)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        log_access(
            request=request,
            action=AccessAction.CHANGE,
            allowed=True,
            object_type="vervanging",
            object_reference=str(deputyship.pk),
            reason="vervanging beëindigd",
        )
        messages.success(request, f"De vervanging door {deputyship.deputy} is beëindigd.")
    return redirect("cases:deputies")
