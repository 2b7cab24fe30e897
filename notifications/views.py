"""Screens of the notifications app: a user's open reminders (and mute per case), and the
background-job schedule for the functional admin. Thin: parse, ask policy/selectors, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from privacy import policy
from privacy.access import open_case, require
from privacy.models import AccessAction
from privacy.services import log_access

from . import selectors, services


def _require_case_worker(request) -> None:
    require(
        request,
        policy.may_work_on_cases(request.user),
        message="Herinneringen gaan over casussen; uw rol heeft die niet.",
        reason="rol zonder casustoegang",
        object_type="herinneringen",
    )


@login_required
@require_GET
def reminders(request):
    _require_case_worker(request)
    items = list(selectors.open_reminders(request.user))
    groups: dict[str, dict] = {}
    for reminder in items:
        group = groups.setdefault(reminder.case.reference, {"case": reminder.case, "reminders": []})
        group["reminders"].append(reminder)
    muted = list(selectors.muted_cases(request.user))
    # References and dates only (no persons), but which cases were listed is still logged.
    log_access(
        request=request,
        action=AccessAction.LIST,
        allowed=True,
        case_ids=sorted({r.case_id for r in items} | {m.case_id for m in muted}),
        object_type="herinneringen",
    )
    return render(
        request,
        "notifications/reminders.html",
        {"groups": list(groups.values()), "muted": muted, "count": len(items)},
    )


@login_required
@require_POST
def dismiss(request, reminder_id: int):
    _require_case_worker(request)
    if not services.dismiss_reminder(user=request.user, reminder_id=reminder_id):
        raise Http404("Herinnering niet gevonden")
    messages.success(request, "De herinnering is afgehandeld.")
    return redirect("notifications:reminders")


@login_required
@require_POST
def mute(request, reference: str):
    """Mute (actie=dempen) or unmute (actie=aanzetten) reminders about one case for oneself."""
    case = open_case(request, reference)  # 404 unless the user may see the case; logged
    action = request.POST.get("actie")
    if action == "dempen":
        services.mute_case(user=request.user, case=case)
        messages.success(request, f"U krijgt geen herinneringen meer over casus {case.reference}.")
    elif action == "aanzetten":
        services.unmute_case(user=request.user, case=case)
        messages.success(request, f"U krijgt weer herinneringen over casus {case.reference}.")
    else:
        return HttpResponseBadRequest("Kies dempen of aanzetten.")
    return redirect("notifications:reminders")


@login_required
@require_GET
def schedule(request):
    """The Celery beat schedule (read-only) and the state of the outbox, for the functional admin.
    No case data: message kinds, counts and errors only."""
    require(
        request,
        policy.may_view_job_schedule(request.user),
        message="Alleen de functioneel beheerder ziet de achtergrondtaken.",
        reason="alleen functioneel beheerder",
        object_type="achtergrondtaken",
    )
    return render(
        request,
        "notifications/schedule.html",
        {
            "entries": selectors.beat_schedule(),
            "counts": selectors.outbox_counts(),
            "failed": selectors.failed_messages(),
            "eager": bool(getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)),
        },
    )
