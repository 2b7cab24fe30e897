"""Screens of the notifications app: a user's open reminders (and mute per case), their in-app
messages (read / all read) and delivery settings, and the background-job schedule for the
functional admin. Thin: parse, ask policy/selectors, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from privacy import policy
from privacy.access import open_case, require
from privacy.models import AccessAction
from privacy.services import log_access
from zvh.forms import ascii_digits

from . import selectors, services
from .forms import PreferencesForm
from .models import Delivery
from .registry import describe

MESSAGES_PAGE_SIZE = 25


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
def messages_list(request):
    """The user's own messages, newest first, 25 a page; unread ones marked. Every role that
    receives messages has this page (it is not limited to case workers)."""
    page = Paginator(selectors.own_messages(request.user), MESSAGES_PAGE_SIZE).get_page(request.GET.get("pagina"))
    items = []
    for message in page.object_list:
        text, url, case_id = describe(message)
        items.append({"message": message, "text": text, "url": url, "case_id": case_id})
    # One line per message: a reference, a kind and a date; which cases were listed is logged.
    log_access(
        request=request,
        action=AccessAction.LIST,
        allowed=True,
        case_ids=sorted({item["case_id"] for item in items if item["case_id"]}),
        object_type="berichten",
    )
    return render(
        request,
        "notifications/messages.html",
        {"page": page, "items": items},  # the unread count: `inbox` (notifications/context_processors.py)
    )


def _back_to_messages(request):
    page = request.POST.get("pagina", "")
    url = reverse("notifications:messages")
    return redirect(f"{url}?pagina={int(page)}" if ascii_digits(page) else url)


@login_required
@require_POST
def mark_read(request, message_id: int):
    if not services.mark_read(user=request.user, message_id=message_id):
        raise Http404("Bericht niet gevonden")
    messages.success(request, "Het bericht is als gelezen gemarkeerd.")
    return _back_to_messages(request)


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(user=request.user)
    messages.success(request, "Alle berichten zijn als gelezen gemarkeerd.")
    return _back_to_messages(request)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """Berichtinstellingen: per kind direct, one e-mail a day, or only in the application."""
    choices = selectors.delivery_choices(request.user)
    form = PreferencesForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        services.save_preferences(user=request.user, choices=form.choices_by_kind())
        messages.success(request, "Uw berichtinstellingen zijn opgeslagen.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "delivery_choices": Delivery.choices})


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
