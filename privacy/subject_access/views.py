"""The privacy officer's screens for data subjects' requests (inzage, correctie, verwijdering) and
the register of processing activities. Views parse input, call `privacy.subject_access` and
render; the rules and the logging live there. A BSN typed for a search only travels in a POST
body: it never reaches a URL, a log line, a file name or the database."""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cases.validators import validate_bsn

from . import subject_access as sa
from .models import (
    AccessAction,
    DataSubjectRequest,
    ProcessingActivity,
    SubjectRequestKind,
    SubjectRequestStatus,
)
from .services import log_access

DATE_WIDGET = {"type": "date"}

# --- Forms ---------------------------------------------------------------------------------------


def _clean_bsn(value: str) -> str:
    value = (value or "").replace(" ", "").replace(".", "")
    validate_bsn(value)
    return value


def _not_in_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


class SubjectRequestForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label="Soort verzoek",
        choices=[("", "Maak een keuze"), *SubjectRequestKind.choices],
        error_messages={"required": "Kies de soort verzoek."},
    )
    received_on = forms.DateField(
        label="Ontvangen op",
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        error_messages={"required": "Vul de datum in waarop het verzoek binnenkwam."},
    )
    subject_name = forms.CharField(
        label="Naam betrokkene",
        max_length=250,
        help_text="Zoals de betrokkene die opgaf, bijvoorbeeld ‘Jan de Vries’.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    subject_date_of_birth = forms.DateField(
        label="Geboortedatum betrokkene",
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
    )
    bsn = forms.CharField(
        label="BSN",
        required=False,
        max_length=11,
        help_text="Alleen om te zoeken. Het BSN wordt niet opgeslagen en niet gelogd.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
    )
    description = forms.CharField(
        label="Het verzoek",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Wat vraagt de betrokkene? Bij correctie: welke gegevens en hoe ze zouden moeten luiden.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["received_on"].initial = timezone.localdate()
            self.fields["submission_key"].initial = uuid.uuid4()

    def clean_received_on(self):
        return _not_in_future(self.cleaned_data.get("received_on"), "De ontvangstdatum kan niet in de toekomst liggen.")

    def clean_subject_date_of_birth(self):
        return _not_in_future(
            self.cleaned_data.get("subject_date_of_birth"), "De geboortedatum kan niet in de toekomst liggen."
        )

    def clean_subject_name(self):
        value = " ".join(self.cleaned_data.get("subject_name", "").split())
        if not value:
            raise forms.ValidationError("Vul de naam van de betrokkene in.")
        return value

    def clean_bsn(self):
        return _clean_bsn(self.cleaned_data.get("bsn", ""))

    def request_data(self) -> sa.SubjectRequestData:
        data = self.cleaned_data
        return sa.SubjectRequestData(
            kind=data["kind"],
            received_on=data["received_on"],
            subject_name=data["subject_name"],
            subject_date_of_birth=data["subject_date_of_birth"],
            description=data["description"],
            submission_key=data["submission_key"],
        )


def _last_name_guess(subject_name: str) -> str:
    """‘Jan de Vries’ → ‘de Vries’: everything after the first word (the officer can correct it)."""
    parts = subject_name.split()
    return " ".join(parts[1:]) if len(parts) > 1 else subject_name


def _person_label(person) -> str:
    born = f"geboren {person.date_of_birth:%d-%m-%Y}" if person.date_of_birth else "geboortedatum onbekend"
    place = f", {person.city}" if person.city else ""
    return (
        f"{person.full_name} – casus {person.case.reference} ({person.case.programme.code}), "
        f"{person.get_role_in_case_display().lower()}, {born}{place}"
    )


def _escalation_person_label(person) -> str:
    born = f"geboren {person.date_of_birth:%d-%m-%Y}" if person.date_of_birth else "geboortedatum onbekend"
    place = f", {person.city}" if person.city else ""
    return (
        f"{person.full_name} – aanmelding {person.escalation.reference}, "
        f"{person.get_role_in_case_display().lower()}, {born}{place}"
    )


class SearchForm(forms.Form):
    """Search criteria and, below them, the found records to tick. Choices are limited to the
    records already confirmed plus those found by this very search, so nothing else can be added."""

    bsn = SubjectRequestForm.base_fields["bsn"]
    last_name = forms.CharField(
        label="Achternaam",
        required=False,
        max_length=150,
        help_text="Met tussenvoegsel mag: ‘de Vries’ vindt ook ‘Vries’ met tussenvoegsel ‘de’.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(
        label="Geboortedatum",
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
    )
    persons = forms.MultipleChoiceField(
        label="Betrokkenen in casussen",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Vink alleen aan wat zeker bij de betrokkene hoort.",
    )
    escalation_persons = forms.MultipleChoiceField(
        label="Personen in aanmeldingen",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Vink alleen aan wat zeker bij de betrokkene hoort.",
    )

    def __init__(self, *args, candidates: sa.Candidates, searching: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.searching = searching
        self.fields["persons"].choices = [(str(p.pk), _person_label(p)) for p in candidates.persons]
        self.fields["escalation_persons"].choices = [
            (str(p.pk), _escalation_person_label(p)) for p in candidates.escalation_persons
        ]

    def clean_bsn(self):
        return _clean_bsn(self.cleaned_data.get("bsn", ""))

    def clean(self):
        data = super().clean()
        if not self.searching or self.errors:
            return data
        last_name, born = data.get("last_name", "").strip(), data.get("date_of_birth")
        if not data.get("bsn") and not (last_name and born):
            if last_name and not born:
                self.add_error("date_of_birth", "Vul ook de geboortedatum in om op naam te zoeken.")
            elif born and not last_name:
                self.add_error("last_name", "Vul ook de achternaam in om op naam te zoeken.")
            else:
                self.add_error("bsn", "Vul een BSN in, of een achternaam met geboortedatum.")
        return data


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label="Besluit",
        choices=sa.DECISION_STATUSES,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies het besluit.", "invalid_choice": "Kies het besluit."},
    )
    outcome = forms.CharField(
        label="Uitkomst en motivering",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Wat is besloten en waarom; bij (deels) toekennen: wat de procesregisseur aanpast of verwijdert.",
        error_messages={"required": "Beschrijf de uitkomst en de motivering."},
    )


class ProcessingActivityForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProcessingActivity
        fields = list(sa.ACTIVITY_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in sa.ACTIVITY_FIELDS if name != "name"}
        help_texts = {
            "legal_basis": "Artikel 6 (en zo nodig 9/10) AVG en de wet waarop de verwerking steunt.",
            "retention": "De termijn of de regel waarmee die wordt bepaald.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            field.error_messages["required"] = "Dit veld is verplicht."

    def validate_unique(self):
        """Uniqueness of the name is checked by the service, with a Dutch message beside the field."""


# --- Helpers -------------------------------------------------------------------------------------


def _require_officer(request, *, log: bool = True) -> None:
    """403 for everyone but the privacy officer; refusals on request pages are logged (they hold
    personal data), refusals on the register of processing (no personal data) are not."""
    if not sa.may_handle_subject_requests(request.user):
        if log:
            log_access(
                request=request,
                action=AccessAction.VIEW if request.method in {"GET", "HEAD"} else AccessAction.CHANGE,
                allowed=False,
                object_type=sa.OBJECT_TYPE_REQUEST,
                reason="alleen de privacyfunctionaris",
            )
        raise PermissionDenied(
            "Alleen de privacyfunctionaris behandelt verzoeken van betrokkenen en beheert het verwerkingsregister."
        )


def _service_error(form, error: sa.SubjectAccessError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


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
        last_name = _last_name_guess(subject_request.subject_name)
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


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def subject_request_search(request, subject_request_id):
    _require_officer(request)
    subject_request = _get_request(subject_request_id)
    if request.method == "GET":
        initial = {
            "last_name": _last_name_guess(subject_request.subject_name),
            "date_of_birth": subject_request.subject_date_of_birth,
        }
        form = _search_form(subject_request, found=None, searching=False, initial=initial)
        if subject_request.person_ids or subject_request.escalation_person_ids:
            _log_view(request, subject_request)  # the confirmed records are listed to tick
        return _render_search(request, subject_request, form)

    searching = request.POST.get("actie") != "bevestigen"
    # First validate the criteria alone, then build the form whose choices include what they find.
    criteria = _search_form(subject_request, request.POST, found=None, searching=searching)
    criteria.full_clean()
    found = None
    criteria_ok = not any(criteria.errors.get(name) for name in ("bsn", "last_name", "date_of_birth"))
    data = criteria.cleaned_data if criteria_ok else {}
    has_criteria = bool(data.get("bsn") or (data.get("last_name", "").strip() and data.get("date_of_birth")))
    if criteria_ok and has_criteria:
        found = sa.search_candidates(
            bsn=data.get("bsn", ""), last_name=data.get("last_name", ""), date_of_birth=data.get("date_of_birth")
        )
        if searching:
            sa.log_search(request=request, subject_request=subject_request, used_bsn=bool(data.get("bsn")), found=found)
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
        except sa.SubjectAccessError as error:
            _service_error(form, error)
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
    _require_officer(request, log=False)
    return render(
        request, "privacy/subject_access/processing_register.html", {"activities": sa.processing_activities()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def processing_activity_new(request):
    _require_officer(request, log=False)
    form = ProcessingActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = sa.create_processing_activity(actor=request.user, data=form.cleaned_data)
        except sa.SubjectAccessError as error:
            _service_error(form, error)
        else:
            messages.success(request, f"‘{activity.name}’ staat in het register van verwerkingen.")
            return redirect("privacy:processing_register")
    return render(request, "privacy/subject_access/processing_form.html", {"form": form, "activity": None})


@login_required
@require_http_methods(["GET", "POST"])
def processing_activity_edit(request, processing_activity_id):
    _require_officer(request, log=False)
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
        except sa.SubjectAccessError as error:
            if isinstance(error, sa.StaleVersion):
                # Keep what was typed, but carry the stored version so saving again after review works.
                form.data = form.data.copy()
                form.data["version"] = str(ProcessingActivity.objects.get(pk=activity.pk).version)
            _service_error(form, error)
        else:
            messages.success(request, "De wijziging in het register van verwerkingen is opgeslagen.")
            return redirect("privacy:processing_register")
    return render(request, "privacy/subject_access/processing_form.html", {"form": form, "activity": activity})
