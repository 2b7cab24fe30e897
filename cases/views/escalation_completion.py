"""The referrer's screens for an open escalation (issue 16): answer the triage team's question and
complete the escalation, or withdraw it. Rules: cases/services/escalation_completion.py; who may:
privacy/policy.py:may_answer_for_escalation. Every read and change is logged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cases import services
from cases.completion_forms import EscalationCompletionForm, WithdrawEscalationForm
from cases.services.escalation_completion import open_question
from privacy import policy
from privacy.access import open_escalation, require
from privacy.models import AccessAction
from privacy.services import log_access
from zvh.errors import show_service_error


def _open_for_referrer(request, reference, what: str):
    """The escalation (read logged by open_escalation: 404 for whoever may not read it), refused
    with 403 for a reader who is not its referrer (the triage team)."""
    escalation = open_escalation(request, reference)
    require(
        request,
        policy.may_answer_for_escalation(request.user, escalation),
        message=f"Alleen de verwijzer kan deze aanmelding {what}.",
        reason=f"alleen de verwijzer kan {what}",
        action=AccessAction.CHANGE,
        object_type="aanmelding",
        object_reference=escalation.reference,
    )
    return escalation


def _log_change(request, escalation, reason: str) -> None:
    log_access(
        request=request,
        action=AccessAction.CHANGE,
        allowed=True,
        object_type="aanmelding",
        object_reference=escalation.reference,
        reason=reason,
        escalation_person_ids=list(escalation.persons.values_list("pk", flat=True)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def escalation_complete(request, reference):
    escalation = _open_for_referrer(request, reference, "aanvullen")
    if not escalation.awaits_information:
        messages.info(request, f"Over aanmelding {escalation.reference} staat geen vraag van het triageteam open.")
        return redirect("escalations:detail", reference=escalation.reference)
    form = EscalationCompletionForm(request.POST or None, escalation=escalation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            completed = services.complete_escalation(
                escalation=escalation,
                actor=request.user,
                answer=form.cleaned_data["info_answer"],
                data=form.escalation_data(),
                expected_version=form.cleaned_data["version"],
            )
        except services.ServiceError as error:
            show_service_error(form, error, current_version=escalation.version)
        else:
            _log_change(request, completed, "vraag van het triageteam beantwoord, aanmelding aangevuld")
            messages.success(
                request,
                f"Uw antwoord is verstuurd. Aanmelding {completed.reference} staat weer op de triagelijst.",
            )
            return redirect("escalations:detail", reference=completed.reference)
    context = {
        "escalation": escalation,
        "question": open_question(escalation),
        "questions": list(escalation.questions.select_related("asked_by")),
        "persons": list(escalation.persons.all()),
        "form": form,
    }
    return render(request, "cases/escalation_complete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def escalation_withdraw(request, reference):
    escalation = _open_for_referrer(request, reference, "intrekken")
    if not escalation.is_open:
        state = "al ingetrokken" if escalation.is_withdrawn else "al beoordeeld; intrekken kan niet meer"
        messages.info(request, f"Aanmelding {escalation.reference} is {state}.")
        return redirect("escalations:detail", reference=escalation.reference)
    form = WithdrawEscalationForm(request.POST or None, initial={"version": escalation.version})
    if request.method == "POST" and form.is_valid():
        try:
            withdrawn = services.withdraw_escalation(
                escalation=escalation,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except services.ServiceError as error:
            show_service_error(form, error, current_version=escalation.version)
        else:
            _log_change(request, withdrawn, "aanmelding ingetrokken")
            messages.success(request, f"Aanmelding {withdrawn.reference} is ingetrokken. Het triageteam ziet uw reden.")
            return redirect("escalations:detail", reference=withdrawn.reference)
    context = {
        "escalation": escalation,
        "form": form,
        "escalation_url": reverse("escalations:detail", args=[escalation.reference]),
    }
    return render(request, "cases/escalation_withdraw.html", context)
