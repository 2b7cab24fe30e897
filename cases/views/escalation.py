"""Escalation (aanmelding) screens for partner professionals, and the triage screens for the
procesregisseurs. Rules: cases/services/escalation.py; who sees what: privacy/policy.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.utils import ErrorDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cases import document_selectors, selectors, services, triage_table_selectors
from cases.completion_forms import WithdrawEscalationForm
from cases.document_forms import ATTACHMENTS_PREFIX, EscalationAttachmentFormSet
from cases.forms import EscalationForm, EscalationPersonFormSet, TriageForm, persons_from_formset
from cases.models import EscalationStatus
from privacy import policy
from privacy.access import open_escalation, require
from privacy.models import AccessAction
from privacy.services import log_access, log_access_many
from zvh.errors import show_service_error
from zvh.forms import ascii_digits

PERSONS_PREFIX = "personen"


def _with_extra_person(data):
    """The no-JavaScript 'add a person' button: the same POST, one more (empty) person form."""
    data = data.copy()
    key = f"{PERSONS_PREFIX}-TOTAL_FORMS"
    # A tampered count ("abc", 5000 digits) counts as one: the formset itself reports the broken form.
    typed = data.get(key, "")
    data[key] = str(min((int(typed) if ascii_digits(typed) and len(typed) < 4 else 1) + 1, 10))
    return data


def _quiet(form_or_formset):
    """Bound (so every typed value is shown again) but without error messages or aria-invalid:
    the user asked for another person, not for a check of what they typed so far."""
    forms = getattr(form_or_formset, "forms", None)
    if forms is not None:
        form_or_formset._non_form_errors = form_or_formset.error_class()
        for form in forms:
            _quiet(form)
        form_or_formset._errors = [ErrorDict() for _ in forms]
        return form_or_formset
    form_or_formset._errors = ErrorDict()
    return form_or_formset


@login_required
@require_http_methods(["GET", "POST"])
def escalation_create(request):
    require(
        request,
        policy.may_submit_escalations(request.user),
        message="Alleen partnerprofessionals kunnen een casus aanmelden.",
        reason="alleen partnerprofessional",
        action=AccessAction.CREATE,
        object_type="aanmelding",
    )
    if request.method == "POST" and "add_person" in request.POST:
        return _with_added_person(request)
    form = EscalationForm(request.POST or None, user=request.user)
    formset = EscalationPersonFormSet(request.POST or None, prefix=PERSONS_PREFIX)
    attachments = _attachment_formset(request)
    if request.method == "POST" and _both_valid(form, formset) & (not attachments.is_bound or attachments.is_valid()):
        escalation = _submit(request, form, formset, attachments)
        if escalation is not None:
            messages.success(
                request,
                f"Uw aanmelding is ontvangen onder kenmerk {escalation.reference}. Het triageteam beoordeelt "
                "haar en u leest de uitkomst en terugkoppeling onder ‘Mijn aanmeldingen’.",
            )
            return redirect("escalations:detail", reference=escalation.reference)
    elif request.method == "POST":
        attachments.ask_again()
    return render(request, "cases/escalation_form.html", {"form": form, "formset": formset, "attachments": attachments})


def _attachment_formset(request):
    """The optional attachment rows (issue 17). A post without them (an older form) attaches nothing."""
    if request.method == "POST" and f"{ATTACHMENTS_PREFIX}-TOTAL_FORMS" in request.POST:
        return EscalationAttachmentFormSet(request.POST, request.FILES, prefix=ATTACHMENTS_PREFIX)
    return EscalationAttachmentFormSet(prefix=ATTACHMENTS_PREFIX)


def _with_added_person(request):
    """Keep everything typed, add an empty person, show no errors yet."""
    data = _with_extra_person(request.POST)
    form = _quiet(EscalationForm(data, user=request.user))
    formset = _quiet(EscalationPersonFormSet(data, prefix=PERSONS_PREFIX))
    attachments = _attachment_formset(request)  # the file inputs come back empty: chosen again on sending
    if attachments.is_bound:
        _quiet(attachments)
    return render(request, "cases/escalation_form.html", {"form": form, "formset": formset, "attachments": attachments})


def _both_valid(form, formset) -> bool:
    """Validate the form and the persons, so both show their errors."""
    form_valid = form.is_valid()
    return formset.is_valid() and form_valid


def _submit(request, form, formset, attachments):
    """Submit the escalation and log it; None (errors on the form) when the service refuses."""
    try:
        escalation = services.submit_escalation(
            submitted_by=request.user,
            data=form.escalation_data(),
            persons=persons_from_formset(formset),
            submission_key=form.cleaned_data["submission_key"],
            attachments=attachments.attachments() if attachments.is_bound else [],
        )
    except services.AttachmentRefused as error:
        attachments.ask_again(refused=attachments.rows_with_file()[error.index], message=error.message)
        return None
    except services.ServiceError as error:
        attachments.ask_again()
        show_service_error(form, error)
        return None
    log_access(
        request=request,
        action=AccessAction.CREATE,
        allowed=True,
        object_type="aanmelding",
        object_reference=escalation.reference,
    )
    return escalation


@login_required
def my_escalations(request):
    require(
        request,
        policy.may_submit_escalations(request.user),
        message="Alleen partnerprofessionals dienen aanmeldingen in.",
        reason="alleen partnerprofessional",
        action=AccessAction.LIST,
        object_type="aanmelding",
    )
    own = list(selectors.escalations_of(request.user))
    for escalation in own:
        escalation.content_visible = policy.may_view_escalation(request.user, escalation)
        escalation.case_visible = escalation.case_id is not None and escalation.content_visible
        escalation.may_answer = escalation.is_open and policy.may_answer_for_escalation(request.user, escalation)
    # An escalation added to a running case names that case, linked once the referrer holds a grant
    # on it (they are seated when it is added): one query for all of them.
    added = {e.added_to_case_id for e in own if e.case_id is None and e.added_to_case_id}
    shown = policy.cases_shown_in_full(request.user, added) if added else set()
    for escalation in own:
        escalation.result_case = escalation.resulting_case
        if escalation.case_id is None and escalation.added_to_case_id:
            escalation.case_visible = escalation.added_to_case_id in shown
    # One entry per escalation whose content is shown, so a subject-access report finds it.
    for escalation in own:
        if escalation.content_visible:
            log_access(
                request=request,
                action=AccessAction.LIST,
                allowed=True,
                object_type="aanmelding",
                object_reference=escalation.reference,
                case=escalation.case,
                reason="mijn aanmeldingen",
            )
    context = {"own": own, "colleagues": selectors.colleague_escalations(request.user)}
    return render(request, "cases/escalation_list.html", context)


@login_required
def escalation_detail(request, reference):
    escalation = open_escalation(request, reference)
    may_answer = policy.may_answer_for_escalation(request.user, escalation) and escalation.is_open
    context = {
        "escalation": escalation,
        "persons": list(escalation.persons.all()),
        "may_triage": policy.may_triage(request.user) and escalation.is_pending,
        "may_answer": may_answer,
        "withdraw_form": WithdrawEscalationForm(initial={"version": escalation.version}) if may_answer else None,
        "questions": selectors.questions_of(escalation),
        "escalation_documents": document_selectors.escalation_documents(escalation),
        "case_visible": escalation.case_id is not None and policy.may_view_case(request.user, escalation.case),
        "added_case_visible": escalation.added_to_case_id is not None
        and policy.may_view_case(request.user, escalation.added_to_case),
    }
    return render(request, "cases/escalation_detail.html", context)


@login_required
def triage_queue(request):
    require(
        request,
        policy.may_triage(request.user),
        message="Alleen het triageteam (procesregisseurs) ziet de triagelijst.",
        reason="alleen het triageteam",
        action=AccessAction.LIST,
        object_type="triagelijst",
    )
    page, queue = selectors.triage_page(request.GET.get("pagina"))
    selectors.with_duplicate_access(request.user, {e.pk: e.duplicates for e in queue})
    triage_table_selectors.with_advice_counts(queue)  # issue 16: advices of the triage table
    _log_triage_queue(request, queue)
    context = {
        "queue": queue,
        "page": page,
        "decided": selectors.recently_decided(),
        "awaiting": selectors.awaiting_information(),
    }
    return render(request, "cases/triage_queue.html", context)


def _log_triage_queue(request, queue) -> None:
    """One entry per escalation shown, naming the cases its duplicates point at (one INSERT)."""
    entries = []
    for escalation in queue:
        references = ", ".join(d["reference"] for d in escalation.duplicates)
        entries.append(
            {
                "action": AccessAction.LIST,
                "allowed": True,
                "object_type": "aanmelding",
                "object_reference": escalation.reference,
                "reason": f"triagelijst; mogelijk dubbel met {references}"[:300] if references else "triagelijst",
            }
        )
    log_access_many(request=request, entries=entries)


@login_required
@require_http_methods(["GET", "POST"])
def triage_decide(request, reference):
    escalation = open_escalation(request, reference, for_triage=True)
    if not escalation.is_pending:
        messages.info(request, f"Aanmelding {escalation.reference} {_not_pending_state(escalation)}.")
        return redirect("escalations:detail", reference=escalation.reference)
    form = TriageForm(
        request.POST or None,
        escalation=escalation,
        initial={"version": escalation.version, "procesregisseur": request.user},
    )
    duplicates = selectors.possible_duplicates(escalation, viewer=request.user)
    form.offer_existing_cases(duplicates)
    if request.method == "POST" and "zoeken" in request.POST:
        form.show_search_results()  # a search for professionals to seat, not a decision
    elif request.method == "POST" and form.is_valid():
        decided = _decide(request, escalation, form)
        if decided is not None:
            messages.success(request, _decided_message(decided))
            case = decided.resulting_case
            if case is not None and policy.may_view_case(request.user, case):
                return redirect("cases:detail", reference=case.reference)
            return redirect(reverse("escalations:triage"))
    context = {
        "escalation": escalation,
        "persons": list(escalation.persons.all()),
        "duplicates": duplicates,
        "questions": selectors.questions_of(escalation),
        "escalation_documents": document_selectors.escalation_documents(escalation),
        "form": form,
        "table_advices": triage_table_selectors.advices_for(escalation),  # issue 16: the triage table
    }
    return render(request, "cases/triage_decide.html", context)


def _not_pending_state(escalation) -> str:
    if escalation.awaits_information:
        return "wacht op het antwoord van de verwijzer"
    if escalation.is_withdrawn:
        return "is ingetrokken door de verwijzer"
    return "is al beoordeeld"


def _decided_message(decided) -> str:
    label = EscalationStatus(decided.status).label
    if decided.awaits_information:
        return f"Aanmelding {decided.reference}: {label}. De verwijzer krijgt bericht en beantwoordt uw vraag."
    return f"Aanmelding {decided.reference}: {label}. De verwijzer ziet uw terugkoppeling."


def _decide(request, escalation, form):
    """Record the triage decision; None (errors on the form) when the service refuses."""
    data = form.cleaned_data
    try:
        decided = services.decide_escalation(
            escalation=escalation,
            actor=request.user,
            outcome=data["outcome"],
            feedback=data["feedback"],
            expected_version=data["version"],
            programme=data["programme"],
            ave_level=data["ave_level"],
            procesregisseur=data["procesregisseur"],
            partner_professionals=list(data["partner_professionals"]),
            advice=data["advice"],
            inclusion_answers=form.inclusion_answers(),
            inclusion_meeting_date=data["inclusion_meeting_date"],
            inclusion_note=data["inclusion_note"],
            info_question=data["info_question"],
            existing_case=form.chosen_case,
        )
    except services.ServiceError as error:
        field = form.chosen_case_field if error.field == "existing_case" else error.field
        form.add_error(field if field in form.fields else None, error.message)
        return None
    return decided
