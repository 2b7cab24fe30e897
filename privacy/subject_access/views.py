"""The privacy officer's screens for data subjects' requests (inzage, correctie, verwijdering) and
the register of processing activities. Views parse input, call `privacy.subject_access` and
render; the rules and the logging live there. A BSN typed for a search only travels in a POST
body: it never reaches a URL, a log line, a file name or the database."""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from privacy import policy
from privacy.access import require
from privacy.models import AccessAction, DataSubjectRequest, ProcessingActivity, SubjectRequestStatus
from privacy.services import log_access
from zvh.errors import ConcurrentEdit, ServiceError, show_service_error

from . import services as sa
from .forms import DecisionForm, ProcessingActivityForm, SearchForm, SubjectRequestForm, last_name_guess

# --- Helpers -------------------------------------------------------------------------------------


def _require_officer(request) -> None:
    """403 for everyone but the privacy officer, the refusal logged like every other."""
    require(
        request,
        policy.may_handle_subject_requests(request.user),
        message="Alleen de privacyfunctionaris behandelt verzoeken van betrokkenen en beheert het verwerkingsregister.",
        reason="alleen de privacyfunctionaris",
        object_type=sa.OBJECT_TYPE_REQUEST,
    )


def _get_request(pk: int) -> DataSubjectRequest:
    return get_object_or_404(DataSubjectRequest.objects.select_related("handled_by"), pk=pk)


def _log_view(request, subject_request) -> sa.Candidates:
    """A page that lists the confirmed records shows personal data: log it like a case page."""
    confirmed = sa.confirmed_records(subject_request)
    reason = ""
    if confirmed.escalation_persons:
        reason = "aanmeldingen: " + ", ".join(sorted({p.escalation.reference for p in confirmed.escalation_persons}))
    log_access(
        request=request,
        action=AccessAction.VIEW,
        allowed=True,
        person_ids=[p.pk for p in confirmed.persons],
        case_ids=[p.case_id for p in confirmed.persons],
        object_type=sa.OBJECT_TYPE_REQUEST,
        object_reference=sa.request_reference(subject_request),
        reason=reason,
    )
    return confirmed


# --- Requests ------------------------------------------------------------------------------------


@login_required
@require_GET
def subject_requests(request):
    _require_officer(request)
    items = list(sa.subject_requests()[:200])
    log_access(
        request=request,
        action=AccessAction.LIST,
        allowed=True,
        object_type=sa.OBJECT_TYPE_REQUEST,
        reason=f"lijst verzoeken van betrokkenen ({len(items)})",
    )
    return render(request, "privacy/subject_access/request_list.html", {"requests": items})


def _render_search(request, subject_request, form, found=None):
    context = {"subject_request": subject_request, "form": form, "found": found}
    if found is not None:
        context["found_count"] = len(found.persons) + len(found.escalation_persons)
    return render(request, "privacy/subject_access/request_search.html", context)


def _search_form(subject_request, data=None, *, found: sa.Candidates | None, searching: bool, initial=None):
    confirmed = sa.confirmed_records(subject_request)
    persons = {p.pk: p for p in confirmed.persons}
    escalation_persons = {p.pk: p for p in confirmed.escalation_persons}
    if found is not None:
        persons.update({p.pk: p for p in found.persons})
        escalation_persons.update({p.pk: p for p in found.escalation_persons})
    candidates = sa.Candidates(persons=list(persons.values()), escalation_persons=list(escalation_persons.values()))
    initial = {
        "persons": [str(pk) for pk in subject_request.person_ids],
        "escalation_persons": [str(pk) for pk in subject_request.escalation_person_ids],
        **(initial or {}),
    }
    return SearchForm(data, candidates=candidates, searching=searching, initial=initial)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def subject_request_new(request):
    _require_officer(request)
    form = SubjectRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        subject_request = sa.register_subject_request(actor=request.user, data=form.request_data(), request=request)
        messages.success(request, "Het verzoek is geregistreerd. Zoek nu welke registraties bij de betrokkene horen.")
        bsn = form.cleaned_data["bsn"]
        last_name = last_name_guess(subject_request.subject_name)
        born = subject_request.subject_date_of_birth
        if not bsn and not born:
            return redirect("privacy:subject_request_search", subject_request_id=subject_request.pk)
        # The BSN may only be used for this search: it is passed on in this response's form (a
        # POST body), never in a redirect URL, the session or the database.
        found = sa.search_candidates(bsn=bsn, last_name=last_name, date_of_birth=born)
        sa.log_search(request=request, subject_request=subject_request, used_bsn=bool(bsn), found=found)
        search_form = _search_form(
            subject_request,
            found=found,
            searching=False,
            initial={"bsn": bsn, "last_name": last_name, "date_of_birth": born},
        )
        return _render_search(request, subject_request, search_form, found)
    return render(request, "privacy/subject_access/request_form.html", {"form": form})


def _search_posted_criteria(request, subject_request, *, searching: bool) -> sa.Candidates | None:
    """The records the posted criteria find (None without valid criteria); a search (not a
    confirmation) is logged. The criteria are validated alone first, so that the form built next
    can offer what they find as choices."""
    criteria = _search_form(subject_request, request.POST, found=None, searching=searching)
    criteria.full_clean()
    if any(criteria.errors.get(name) for name in ("bsn", "last_name", "date_of_birth")):
        return None
    data = criteria.cleaned_data
    if not (data.get("bsn") or (data.get("last_name", "").strip() and data.get("date_of_birth"))):
        return None
    found = sa.search_candidates(
        bsn=data.get("bsn", ""), last_name=data.get("last_name", ""), date_of_birth=data.get("date_of_birth")
    )
    if searching:
        sa.log_search(request=request, subject_request=subject_request, used_bsn=bool(data.get("bsn")), found=found)
    return found


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def subject_request_search(request, subject_request_id):
    _require_officer(request)
    subject_request = _get_request(subject_request_id)
    if request.method == "GET":
        initial = {
            "last_name": last_name_guess(subject_request.subject_name),
            "date_of_birth": subject_request.subject_date_of_birth,
        }
        form = _search_form(subject_request, found=None, searching=False, initial=initial)
        if subject_request.person_ids or subject_request.escalation_person_ids:
            _log_view(request, subject_request)  # the confirmed records are listed to tick
        return _render_search(request, subject_request, form)

    searching = request.POST.get("actie") != "bevestigen"
    found = _search_posted_criteria(request, subject_request, searching=searching)
    form = _search_form(subject_request, request.POST, found=found, searching=searching)
    if not form.is_valid() or searching:
        return _render_search(request, subject_request, form, found)
    sa.confirm_records(
        subject_request=subject_request,
        actor=request.user,
        person_ids=[int(pk) for pk in form.cleaned_data["persons"]],
        escalation_person_ids=[int(pk) for pk in form.cleaned_data["escalation_persons"]],
        request=request,
    )
    messages.success(request, "De bevestigde registraties zijn opgeslagen.")
    return redirect("privacy:subject_request_detail", subject_request_id=subject_request.pk)


@login_required
@require_GET
def subject_request_detail(request, subject_request_id):
    _require_officer(request)
    subject_request = _get_request(subject_request_id)
    confirmed = _log_view(request, subject_request)
    context = {"subject_request": subject_request, "confirmed": confirmed, "decision_form": DecisionForm()}
    return render(request, "privacy/subject_access/request_detail.html", context)


def _report_response(request, subject_request_id, file_format):
    _require_officer(request)
    subject_request = _get_request(subject_request_id)
    sa.log_report(request=request, subject_request=subject_request, file_format=file_format)
    report = sa.build_report(subject_request, generated_by=request.user)
    if file_format == "pdf":
        response = HttpResponse(sa.render_report_pdf(report), content_type="application/pdf")
    else:
        response = HttpResponse(sa.render_report_json(report), content_type="application/json; charset=utf-8")
    filename = sa.report_filename(subject_request, file_format)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_GET
def subject_request_report_pdf(request, subject_request_id):
    return _report_response(request, subject_request_id, "pdf")


@login_required
@require_GET
def subject_request_report_zip(request, subject_request_id):
    """The PDF report with the clean versions of every document about the subject (on request)."""
    _require_officer(request)
    subject_request = _get_request(subject_request_id)
    sa.log_report(request=request, subject_request=subject_request, file_format="zip met documenten")
    report = sa.build_report(subject_request, generated_by=request.user)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    included = sa.write_report_zip(
        out,
        report_pdf=sa.render_report_pdf(report),
        pdf_name=sa.report_filename(subject_request, "pdf"),
        versions=sa.report_document_versions(subject_request),
    )
    sa.log_report_documents(request=request, subject_request=subject_request, versions=included)
    out.seek(0)
    response = FileResponse(out, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{sa.report_filename(subject_request, "zip")}"'
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_GET
def subject_request_report_json(request, subject_request_id):
    return _report_response(request, subject_request_id, "json")


@login_required
@require_http_methods(["GET", "POST"])
def subject_request_decide(request, subject_request_id):
    _require_officer(request)
    subject_request = _get_request(subject_request_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sa.decide_subject_request(
                subject_request=subject_request,
                actor=request.user,
                status=form.cleaned_data["status"],
                outcome=form.cleaned_data["outcome"],
                request=request,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, "De uitkomst van het verzoek is vastgelegd.")
            return redirect("privacy:subject_request_detail", subject_request_id=subject_request.pk)
    is_open = subject_request.status == SubjectRequestStatus.OPEN
    context = {"subject_request": subject_request, "form": form, "is_open": is_open}
    return render(request, "privacy/subject_access/request_decide.html", context)


# --- Register of processing ----------------------------------------------------------------------


@login_required
@require_GET
def processing_register(request):
    _require_officer(request)
    return render(
        request, "privacy/subject_access/processing_register.html", {"activities": sa.processing_activities()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def processing_activity_new(request):
    _require_officer(request)
    form = ProcessingActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = sa.create_processing_activity(actor=request.user, data=form.cleaned_data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"‘{activity.name}’ staat in het register van verwerkingen.")
            return redirect("privacy:processing_register")
    return render(request, "privacy/subject_access/processing_form.html", {"form": form, "activity": None})


@login_required
@require_http_methods(["GET", "POST"])
def processing_activity_edit(request, processing_activity_id):
    _require_officer(request)
    activity = get_object_or_404(ProcessingActivity, pk=processing_activity_id)
    # The form gets its own copy: a valid form writes the typed values onto its instance.
    form = ProcessingActivityForm(request.POST or None, instance=ProcessingActivity.objects.get(pk=activity.pk))
    if request.method == "POST" and form.is_valid():
        try:
            sa.update_processing_activity(
                activity=activity,
                actor=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                data=form.cleaned_data,
            )
        except ServiceError as error:
            stored = (
                ProcessingActivity.objects.get(pk=activity.pk).version if isinstance(error, ConcurrentEdit) else None
            )
            show_service_error(form, error, current_version=stored)
        else:
            messages.success(request, "De wijziging in het register van verwerkingen is opgeslagen.")
            return redirect("privacy:processing_register")
    return render(request, "privacy/subject_access/processing_form.html", {"form": form, "activity": activity})
