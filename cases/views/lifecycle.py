"""Screens of a case's life: programme change, reopening, follow-up case, links between cases.
Thin: ask `privacy` for the case, call a service of cases/services/lifecycle.py, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cases.lifecycle_forms import CaseLinkForm, FollowUpForm, ProgrammeChangeForm, ReopenForm
from cases.models import CaseLink, Phase
from cases.services import lifecycle
from privacy import policy
from privacy.access import open_case, request_action, require
from privacy.due_dates import closed_case_due_on
from privacy.models import AccessAction
from privacy.services import log_access
from zvh.view_helpers import save_form


@login_required
@require_http_methods(["GET", "POST"])
def programme_change(request, reference):
    case = open_case(request, reference, need=policy.CHANGE)
    form = ProgrammeChangeForm(request.POST or None, case=case, initial={"version": case.version})
    saved = save_form(
        request,
        form,
        lambda data: lifecycle.change_programme(
            case=case,
            actor=request.user,
            to_programme=data["to_programme"],
            reason=data["reason"],
            expected_version=data["version"],
        ),
        success=lambda c: f"De casus valt nu onder {c.programme.code}.",
        stored=case,
    )
    if saved:
        return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/lifecycle/programme_change.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, reference):
    case = open_case(request, reference)
    require(
        request,
        policy.may_reopen_case(request.user, case),
        message="Alleen de procesregisseur van deze afgesloten casus kan hem heropenen.",
        reason="heropenen: geen procesregisseur van deze afgesloten casus",
        action=request_action(request),
        case=case,
    )
    form = ReopenForm(request.POST or None, case=case, initial={"version": case.version})
    saved = save_form(
        request,
        form,
        lambda data: lifecycle.reopen_case(
            case=case,
            actor=request.user,
            reason=data["reason"],
            expected_version=data["version"],
            seat_again=form.chosen_seats(),
        ),
        success=lambda c: f"De casus is heropend in de fase ‘{Phase(c.phase).label}’.",
        stored=case,
    )
    if saved:
        return redirect("cases:detail", reference=case.reference)
    context = {"case": case, "form": form, "due_on": closed_case_due_on(case)}
    return render(request, "cases/lifecycle/reopen.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request, reference):
    case = open_case(request, reference)
    require(
        request,
        policy.may_open_follow_up(request.user, case),
        message="Een vervolgcasus opent de procesregisseur van een afgesloten casus.",
        reason="vervolgcasus: geen procesregisseur van deze afgesloten casus",
        action=request_action(request),
        case=case,
    )
    initial = {"programme": case.programme, "ave_level": case.ave_level}
    form = FollowUpForm(request.POST or None, initial=initial)
    saved = save_form(
        request,
        form,
        lambda data: lifecycle.open_follow_up_case(
            case=case,
            actor=request.user,
            summary=data["summary"],
            reason=data["reason"],
            programme=data["programme"],
            ave_level=data["ave_level"],
        ),
        success=lambda c: f"Vervolgcasus {c.reference} is geopend en gekoppeld aan {case.reference}.",
    )
    if saved:
        log_access(
            request=request,
            action=AccessAction.CREATE,
            case=saved,
            person_ids=saved.persons.values_list("pk", flat=True),
            allowed=True,
        )
        return redirect("cases:detail", reference=saved.reference)
    persons = list(case.persons.all())
    return render(request, "cases/lifecycle/follow_up.html", {"case": case, "form": form, "persons": persons})


@login_required
@require_http_methods(["GET", "POST"])
def link_add(request, reference):
    case = open_case(request, reference, need=policy.CHANGE)
    form = CaseLinkForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: lifecycle.link_cases(
            case=case, actor=request.user, other_reference=data["other_reference"], relation=data["relation"]
        ),
        success=lambda link: f"Casus {case.reference} is gekoppeld aan {link.to_case.reference}.",
    )
    if saved:
        return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/lifecycle/link_form.html", {"case": case, "form": form})


@login_required
@require_POST
def link_remove(request, reference, link_id):
    case = open_case(request, reference, need=policy.CHANGE)
    link = get_object_or_404(
        CaseLink.objects.filter(from_case=case) | CaseLink.objects.filter(to_case=case), pk=link_id
    )
    lifecycle.unlink_cases(link=link, actor=request.user, case=case)
    messages.success(request, "De koppeling is verwijderd.")
    return redirect("cases:detail", reference=case.reference)
