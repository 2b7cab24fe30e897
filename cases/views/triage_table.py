"""The triage table (issue 16): the pending escalations for the named professionals of the safety
partners, with the limited fields of the privacy protocol (privacy/policy.py), their advice per
escalation, and the printable agenda of the coming triage. Every read is logged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cases import triage_table_selectors as selectors
from cases.selectors import TRIAGE_PAGE_SIZE
from cases.services.triage_table import save_triage_advice
from cases.triage_table_forms import TriageAdviceForm
from privacy import policy
from privacy.access import TRIAGE_TABLE_REASON, open_escalation_at_triage_table, require
from privacy.models import AccessAction
from privacy.services import log_access_many
from zvh.errors import ConcurrentEdit, ServiceError, show_service_error

MEMBERS_ONLY = "Alleen leden van de triagetafel zien deze pagina."


def _read_entries(escalations, *, action: str, reason: str) -> list[dict]:
    """One access-log entry per escalation shown, naming its persons (for the subject's report)."""
    return [
        {
            "action": action,
            "allowed": True,
            "object_type": "aanmelding",
            "object_reference": escalation.reference,
            "reason": reason,
            "escalation_person_ids": [person.pk for person in escalation.persons.all()],
        }
        for escalation in escalations
    ]


@login_required
def table_list(request):
    require(
        request,
        policy.may_join_triage_table(request.user),
        message=MEMBERS_ONLY,
        reason="geen lid van de triagetafel",
        action=AccessAction.LIST,
        object_type="triagetafel",
    )
    page = Paginator(selectors.triage_table_queue(), TRIAGE_PAGE_SIZE).get_page(request.GET.get("pagina"))
    queue = list(page.object_list)
    advices = selectors.own_advices(request.user, [escalation.pk for escalation in queue])
    for escalation in queue:
        escalation.own_advice = advices.get(escalation.pk)
    log_access_many(request=request, entries=_read_entries(queue, action=AccessAction.LIST, reason=TRIAGE_TABLE_REASON))
    context = {"queue": queue, "page": page, "schedule": selectors.triage_schedule()}
    return render(request, "cases/triage_table/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def table_escalation(request, reference):
    escalation, is_open = open_escalation_at_triage_table(request, reference, queryset=selectors.table_escalation)
    if not is_open:
        case_visible = escalation.case_id is not None and policy.may_view_case(request.user, escalation.case)
        context = {"escalation": escalation, "case_visible": case_visible}
        return render(request, "cases/triage_table/decided.html", context, status=200 if case_visible else 404)
    advice = selectors.own_advice(request.user, escalation)
    initial = {"text": advice.text, "version": advice.version} if advice else {}
    form = TriageAdviceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_triage_advice(
                actor=request.user,
                escalation=escalation,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
        except ServiceError as error:
            current = selectors.own_advice(request.user, escalation)
            if isinstance(error, ConcurrentEdit) and current is not None:
                advice = current  # show the stored advice beside what the user typed
            show_service_error(form, error, current_version=current.version if current else None)
        else:
            what = "gewijzigd" if saved.was_edited else "opgeslagen"
            messages.success(request, f"Uw advies bij {escalation.reference} is {what}. De procesregisseurs zien het.")
            return redirect("escalations:table_escalation", reference=escalation.reference)
    context = {
        "escalation": escalation,
        "persons": list(escalation.persons.all()),
        "advice": advice,
        "form": form,
    }
    return render(request, "cases/triage_table/escalation.html", context)


@login_required
def triage_agenda(request):
    require(
        request,
        policy.may_view_triage_agenda(request.user),
        message="Alleen de procesregisseurs en de leden van de triagetafel zien de triageagenda.",
        reason="geen procesregisseur of lid van de triagetafel",
        action=AccessAction.EXPORT,
        object_type="triageagenda",
    )
    full = policy.may_triage(request.user)
    agenda = selectors.triage_agenda(full=full)
    shown = agenda.on_agenda + agenda.after_cutoff
    reason = "triageagenda" if full else f"triageagenda ({TRIAGE_TABLE_REASON})"
    log_access_many(request=request, entries=_read_entries(shown, action=AccessAction.EXPORT, reason=reason))
    return render(request, "cases/triage_table/agenda.html", {"agenda": agenda, "full": full})
