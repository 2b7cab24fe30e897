"""Confirmation pages before what cannot be undone at a case's table: an organisation or one
professional leaving, and (as a second step of the phase form) closing the case. GET (and a POST
without the page's hidden `bevestigd`) shows the consequence; only the confirmation page's own POST,
with a reason, acts. A second POST does not act twice: the
services end a seat once (`left_on`), and the view then says it already happened."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from cases import services
from cases.confirm_forms import LeaveTableForm
from cases.confirm_selectors import seated_now
from cases.models import ActionStatus, ClosureReason, GoalResult, Participant, ParticipantProfessional
from cases.services.closure import action_field, goal_explanation_field, goal_field
from privacy import policy
from privacy.access import open_case
from zvh.errors import show_service_error
from zvh.forms import confirmed


@login_required
@require_http_methods(["GET", "POST"])
def participant_leave(request, reference, participant_id):
    case = open_case(request, reference, need=policy.CHANGE)
    participant = get_object_or_404(Participant, pk=participant_id, case=case)
    if not participant.is_active:
        messages.info(request, f"{participant.organisation} is al vertrokken van tafel.")
        return redirect("cases:detail", reference=case.reference)
    form = LeaveTableForm(request.POST if confirmed(request) else None)
    if form.is_bound and form.is_valid():
        try:
            services.unseat_partner(participant=participant, actor=request.user, reason=form.cleaned_data["reason"])
        except services.ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"{participant.organisation} is vertrokken van tafel; de toegang is beëindigd.")
            return redirect("cases:detail", reference=case.reference)
    seats = list(participant.professionals.filter(left_on__isnull=True).select_related("user"))
    context = {
        "case": case,
        "form": form,
        "leaving": participant.organisation,
        "organisation": participant.organisation,
        "people": [seat.user for seat in seats],
        "whole_organisation": True,
        "loses_casusregie": case.casusregisseur_id == participant.organisation_id,
    }
    return render(request, "cases/leave_table.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def professional_leave(request, reference, seat_id):
    case = open_case(request, reference, need=policy.CHANGE)
    seat = get_object_or_404(
        ParticipantProfessional.objects.select_related("user", "participant__organisation"),
        pk=seat_id,
        participant__case=case,
    )
    name = seat.user.get_full_name() or seat.user.username
    if not seat.is_active or not seat.participant.is_active:
        messages.info(request, f"{name} is al vertrokken van tafel.")
        return redirect("cases:detail", reference=case.reference)
    form = LeaveTableForm(request.POST if confirmed(request) else None)
    if form.is_bound and form.is_valid():
        try:
            services.unseat_professional(seat=seat, actor=request.user, reason=form.cleaned_data["reason"])
        except services.ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"{name} is vertrokken van tafel; de toegang is beëindigd.")
            return redirect("cases:detail", reference=case.reference)
    context = {
        "case": case,
        "form": form,
        "leaving": name,
        "organisation": seat.participant.organisation,
        "people": [seat.user],
        "whole_organisation": False,
        "loses_casusregie": case.casusregisseur_user_id == seat.user_id,
    }
    return render(request, "cases/leave_table.html", context)


def closing_confirmation(case, form) -> dict:
    """Context of the second step of closing (cases/case_close_confirm.html): who loses access, and
    what the valid phase form will record, in words; the form travels along as hidden fields."""
    data = form.cleaned_data
    actions = [(action, ActionStatus(data[action_field(action)]).label) for action in form.closing_actions]
    goals = [
        (goal, GoalResult(data[goal_field(goal)]).label, data.get(goal_explanation_field(goal), ""))
        for goal in form.closing_goals
    ]
    return {
        "case": case,
        "form": form,
        "seated": seated_now(case),
        "closure_reason": ClosureReason(data["closure_reason"]).label,
        "closing_actions": actions,
        "closing_goals": goals,
    }
