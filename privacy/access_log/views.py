"""The privacy officer's screens (access log search and export, break-glass overview and review)
and the break-glass form for procesregisseurs. Views parse input, ask `policy`, call a service or
selector, log, and render. Every page view, search, export and refusal here is itself logged."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.validators import validate_bsn

from . import break_glass, policy, selectors
from .models import AccessAction, BreakGlassAccess
from .services import log_access

PAGE_SIZE = 50
LOG_OBJECT_TYPE = "toegangslog"
ONLY_PRIVACY_OFFICER = "Alleen de privacyfunctionaris kan het toegangslog inzien."


# --- forms -----------------------------------------------------------------------------------


class PersonIdsField(forms.Field):
    """The ids of the persons a log search is narrowed to (hidden; set by the person lookup)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        try:
            ids = sorted({int(v) for v in values})
        except (TypeError, ValueError):
            raise forms.ValidationError("Ongeldige betrokkene in het filter.", code="invalid") from None
        return ids[: selectors.MAX_PERSON_IDS]


class AccessLogFilterForm(forms.Form):
    """Filters of the access log (GET). Nothing here ever holds a BSN or a name: a person is
    narrowed to by id, found through the separate POST lookup below."""

    casus = forms.CharField(label="Casus of kenmerk", max_length=20, required=False)
    gebruiker = forms.CharField(label="Gebruiker (gebruikersnaam)", max_length=150, required=False)
    organisatie = forms.CharField(label="Organisatie", max_length=200, required=False)
    van = forms.DateField(label="Van", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label="Tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    handeling = forms.ChoiceField(
        label="Handeling", required=False, choices=[("", "Alle handelingen"), *AccessAction.choices]
    )
    resultaat = forms.ChoiceField(
        label="Resultaat",
        required=False,
        choices=[("", "Alle"), (selectors.RESULT_ALLOWED, "Toegestaan"), (selectors.RESULT_REFUSED, "Geweigerd")],
    )
    doorbraak = forms.BooleanField(label="Alleen doorbraaktoegang", required=False)
    persoon = PersonIdsField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("casus", "gebruiker", "organisatie"):
            self.fields[name].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        for name in ("van", "tot"):
            self.fields[name].error_messages["invalid"] = "Vul een geldige datum in."

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("van"), data.get("tot")
        if date_from and date_to and date_from > date_to:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        return data

    def selector_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "case_reference": data["casus"].strip(),
            "username": data["gebruiker"].strip(),
            "organisation": data["organisatie"].strip(),
            "date_from": data["van"],
            "date_to": data["tot"],
            "action": data["handeling"],
            "result": data["resultaat"],
            "break_glass_only": data["doorbraak"],
            "person_ids": data["persoon"],
        }

    def description(self) -> str:
        """The filters in words, for the log line of a search or export (never a BSN or name)."""
        data = self.cleaned_data
        parts = []
        for name in ("casus", "gebruiker", "organisatie", "handeling", "resultaat"):
            if data.get(name):
                parts.append(f"{name}={data[name].strip()}")
        for name in ("van", "tot"):
            if data.get(name):
                parts.append(f"{name}={data[name]:%Y-%m-%d}")
        if data.get("doorbraak"):
            parts.append("doorbraak")
        if data.get("persoon"):
            parts.append("betrokkene-id=" + ",".join(str(pk) for pk in data["persoon"]))
        return "; ".join(parts) or "geen filters"


class PersonLookupForm(forms.Form):
    """Find a person's ids by BSN, or by last name and date of birth. Sent by POST so that a BSN
    or a name never appears in a URL (nor in the web server's logs)."""

    bsn = forms.CharField(label="BSN", max_length=11, required=False)
    achternaam = forms.CharField(label="Achternaam", max_length=150, required=False)
    geboortedatum = forms.DateField(
        label="Geboortedatum", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bsn"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["achternaam"].widget.attrs.update({"autocomplete": "off"})
        self.fields["geboortedatum"].error_messages["invalid"] = "Vul een geldige datum in."

    def clean_bsn(self):
        value = self.cleaned_data.get("bsn", "").replace(" ", "").replace(".", "")
        validate_bsn(value)
        return value

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("bsn"):
            return data
        if data.get("achternaam") and not data.get("geboortedatum"):
            self.add_error("geboortedatum", "Vul bij zoeken op naam ook de geboortedatum in.")
        elif data.get("geboortedatum") and not data.get("achternaam"):
            self.add_error("achternaam", "Vul bij zoeken op geboortedatum ook de achternaam in.")
        elif not data.get("achternaam"):
            raise forms.ValidationError("Vul een BSN in, of de achternaam en de geboortedatum.")
        return data

    @property
    def searched_by(self) -> str:
        return "BSN" if self.cleaned_data.get("bsn") else "naam en geboortedatum"

    def lookup(self) -> dict:
        data = self.cleaned_data
        if data.get("bsn"):
            return {"bsn": data["bsn"]}
        return {"last_name": data["achternaam"], "date_of_birth": data["geboortedatum"]}


class BreakGlassStartForm(forms.Form):
    case_reference = forms.CharField(
        label="Kenmerk van de casus",
        max_length=20,
        error_messages={"required": "Vul het kenmerk van de casus in, bijvoorbeeld ZVH-2026-0012."},
    )
    # Not required here: the service refuses a missing or too short reason, and logs the refusal.
    reason = forms.CharField(
        label="Reden",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            f"Verplicht, ten minste {break_glass.MIN_REASON_LENGTH} tekens: waarom moet u deze casus nu inzien? "
            "Noem geen BSN. De privacyfunctionaris ziet uw reden en elke pagina die u bekijkt."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_reference"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean_case_reference(self):
        return self.cleaned_data["case_reference"].strip().upper()


class BreakGlassReviewForm(forms.Form):
    note = forms.CharField(
        label="Beoordeling",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Schrijf uw beoordeling op."},
        help_text="Was de doorbraak gerechtvaardigd? Wat is eventueel met de gebruiker besproken?",
    )


# --- helpers ---------------------------------------------------------------------------------


def _privacy_officer_only(request, *, action: str = AccessAction.VIEW, object_type: str = LOG_OBJECT_TYPE):
    """403 for everyone but the privacy officer; the refusal is logged like every other."""
    if not policy.may_read_access_log(request.user):
        log_access(
            request=request,
            action=action,
            allowed=False,
            object_type=object_type,
            reason="alleen de privacyfunctionaris",
        )
        raise PermissionDenied(ONLY_PRIVACY_OFFICER)


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows: an exact COUNT(*) over millions of log entries costs
    more than the page itself, and even a count up to a few thousand made the search of one user's
    entries the slowest page of the benchmark at 5,000,000 entries (issue 8). Beyond the cap the
    page says "more than 500", offers the ten pages up to it and points at narrower filters or the
    CSV export, which streams every matching entry."""

    COUNT_CAP = 500

    @cached_property
    def counted(self) -> int:
        return self.object_list.order_by()[: self.COUNT_CAP + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.COUNT_CAP)  # the pages end at the cap

    @property
    def is_capped(self) -> bool:
        return self.counted > self.COUNT_CAP


def _querystring(params, *, drop=("pagina",)) -> str:
    params = params.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


# --- the access log --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def access_log(request):
    """The privacy officer searches the access log (read-only; nobody can edit it). GET filters;
    POST looks a person up (BSN, or name and date of birth) and redirects to the same filters
    narrowed to that person's ids."""
    _privacy_officer_only(request, action=AccessAction.LIST if request.method == "GET" else AccessAction.SEARCH)
    filter_form = AccessLogFilterForm(request.GET)
    lookup_form = PersonLookupForm(request.POST if request.method == "POST" else None, prefix="zoek")
    if request.method == "POST" and lookup_form.is_valid():
        matches = selectors.persons_matching(**lookup_form.lookup())
        log_access(
            request=request,
            action=AccessAction.SEARCH,
            allowed=True,
            object_type=LOG_OBJECT_TYPE,
            person_ids=[pk for pk, _ in matches],
            reason=f"betrokkene gezocht op {lookup_form.searched_by}: {len(matches)} gevonden",
        )
        if matches:
            params = request.GET.copy()
            params.pop("pagina", None)
            params.setlist("persoon", [str(pk) for pk, _ in matches])
            return redirect(f"{reverse('privacy:access_log')}?{params.urlencode()}")
        lookup_form.add_error(None, "Geen betrokkene gevonden met deze gegevens.")

    page = None
    person_refs = []
    if filter_form.is_valid():
        person_refs = selectors.person_references(filter_form.cleaned_data["persoon"])
        entries = selectors.access_log_entries(**filter_form.selector_kwargs())
        page = CappedPaginator(entries, PAGE_SIZE).get_page(request.GET.get("pagina"))
        page.object_list = list(page.object_list)  # the log as it was before this view's own line
        if request.method == "GET":
            filtered = filter_form.description() != "geen filters"
            log_access(
                request=request,
                action=AccessAction.SEARCH if filtered else AccessAction.LIST,
                allowed=True,
                object_type=LOG_OBJECT_TYPE,
                person_ids=filter_form.cleaned_data["persoon"],
                reason=f"filters: {filter_form.description()}; pagina {page.number}",
            )
    querystring = _querystring(request.GET)
    return render(
        request,
        "privacy/access_log.html",
        {
            "page": page,
            "filter_form": filter_form,
            "lookup_form": lookup_form,
            "person_refs": person_refs,
            "is_filtered": any(v for k, v in request.GET.items() if k != "pagina"),
            "querystring": querystring,
            "export_url": f"{reverse('privacy:access_log_export')}?{querystring}",
        },
    )


CSV_HEADERS = [
    "tijdstip",
    "gebruiker",
    "rol",
    "organisatie",
    "namens",
    "handeling",
    "object",
    "kenmerk",
    "resultaat",
    "doorbraak",
    "herkomst",
    "pagina",
    "toelichting",
]
CSV_FIELDS = [
    "occurred_at",
    "username",
    "user_role",
    "user_organisation",
    "on_behalf_of",
    "action",
    "object_type",
    "case_reference",
    "object_reference",
    "allowed",
    "is_break_glass",
    "client_address",
    "method",
    "path",
    "reason",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer in a generator."""

    def write(self, value):
        return value


def _cell(value) -> str:
    """A text cell that a spreadsheet will not run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _csv_lines(entries):
    from partners.models import Role

    roles = dict(Role.choices)
    actions = dict(AccessAction.choices)
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(CSV_HEADERS)  # BOM: Excel reads UTF-8
    # values_list + iterator: one chunk of rows in memory at a time (server-side cursor on PostgreSQL).
    for row in entries.values_list(*CSV_FIELDS).iterator(chunk_size=2000):
        values = dict(zip(CSV_FIELDS, row, strict=True))
        reference = " / ".join(dict.fromkeys(r for r in (values["case_reference"], values["object_reference"]) if r))
        page = f"{values['method']} {values['path']}".strip()
        yield writer.writerow(
            [
                timezone.localtime(values["occurred_at"]).strftime("%Y-%m-%d %H:%M:%S"),
                _cell(values["username"]),
                roles.get(values["user_role"], values["user_role"]),
                _cell(values["user_organisation"]),
                _cell(values["on_behalf_of"]),
                actions.get(values["action"], values["action"]),
                _cell(values["object_type"]),
                _cell(reference),
                "toegestaan" if values["allowed"] else "geweigerd",
                "ja" if values["is_break_glass"] else "nee",
                values["client_address"] or "",
                _cell(page),
                _cell(values["reason"]),
            ]
        )


@login_required
@require_GET
def access_log_export(request):
    """The filtered access log as CSV (UTF-8 with BOM, `;`), streamed row by row so that millions
    of lines never sit in memory. The export itself is logged, with its filters."""
    _privacy_officer_only(request, action=AccessAction.EXPORT)
    filter_form = AccessLogFilterForm(request.GET)
    if not filter_form.is_valid():
        messages.error(request, "Controleer de filters: de export is niet gemaakt.")
        return redirect(f"{reverse('privacy:access_log')}?{_querystring(request.GET)}")
    entries = selectors.access_log_entries(**filter_form.selector_kwargs())
    log_access(
        request=request,
        action=AccessAction.EXPORT,
        allowed=True,
        object_type=LOG_OBJECT_TYPE,
        person_ids=filter_form.cleaned_data["persoon"],
        reason=f"filters: {filter_form.description()}",
    )
    response = StreamingHttpResponse(_csv_lines(entries), content_type="text/csv; charset=utf-8")
    filename = f"toegangslog-{timezone.localtime():%Y%m%d-%H%M}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- break-glass -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def break_glass_start(request):
    """A procesregisseur or the privacy officer opens a case outside their own, with a reason."""
    from cases.models import Case

    if not policy.may_break_glass(request.user):
        log_access(
            request=request,
            action=AccessAction.VIEW,
            allowed=False,
            object_type=break_glass.LOG_OBJECT_TYPE,
            reason="doorbraak geweigerd: rol mag geen doorbraak",
            is_break_glass=True,
        )
        raise PermissionDenied("Alleen een procesregisseur of de privacyfunctionaris kan doorbraaktoegang gebruiken.")
    form = BreakGlassStartForm(
        request.POST or None, initial={"case_reference": request.GET.get("casus", "").strip()[:20]}
    )
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["case_reference"]
        case = Case.objects.filter(reference=reference).first()
        if case is None:
            log_access(
                request=request,
                action=AccessAction.VIEW,
                allowed=False,
                object_type=break_glass.LOG_OBJECT_TYPE,
                object_reference=reference,
                reason="doorbraak geweigerd: onbekende casus",
                is_break_glass=True,
            )
            form.add_error("case_reference", "Er is geen casus met dit kenmerk.")
        else:
            try:
                access = break_glass.start_break_glass(
                    user=request.user, case=case, reason=form.cleaned_data["reason"], request=request
                )
            except break_glass.BreakGlassError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.warning(
                    request,
                    f"Doorbraaktoegang tot casus {case.reference} tot "
                    f"{timezone.localtime(access.expires_at):%H:%M}: alleen-lezen, alles wordt gelogd.",
                )
                return redirect("cases:detail", reference=case.reference)
    return render(
        request,
        "privacy/break_glass/start.html",
        {
            "form": form,
            "running": break_glass.active_break_glass_of(request.user),
            "minutes": break_glass.break_glass_minutes(),
        },
    )


@login_required
@require_POST
def break_glass_end(request, break_glass_id):
    """The owner ends their own break-glass access early; anyone else gets 404."""
    access = get_object_or_404(BreakGlassAccess, pk=break_glass_id, user=request.user)
    break_glass.end_break_glass(access=access, user=request.user)
    messages.success(request, f"Uw doorbraaktoegang tot casus {access.case_reference} is beëindigd.")
    return redirect("privacy:break_glass_start")


@login_required
@require_GET
def break_glass_list(request):
    """The privacy officer's overview of every break-glass access, running ones highlighted."""
    _privacy_officer_only(request, action=AccessAction.LIST, object_type="doorbraken")
    status = request.GET.get("status", "")
    if status not in dict(break_glass.STATUS_CHOICES):
        status = ""
    page = Paginator(break_glass.break_glass_overview(status=status), PAGE_SIZE).get_page(request.GET.get("pagina"))
    shown = list(page.object_list)
    now = timezone.now()
    for access in shown:
        access.is_active = access.expires_at > now
    log_access(
        request=request,
        action=AccessAction.LIST,
        allowed=True,
        object_type="doorbraken",
        case_ids=[a.case_id for a in shown if a.case_id],
        reason=f"status={status}" if status else "",
    )
    return render(
        request,
        "privacy/break_glass/list.html",
        {
            "page": page,
            "accesses": shown,
            "status": status,
            "status_choices": break_glass.STATUS_CHOICES,
            "querystring": _querystring(request.GET),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def break_glass_review(request, break_glass_id):
    """The privacy officer records whether a break-glass access was justified."""
    _privacy_officer_only(
        request,
        action=AccessAction.VIEW if request.method == "GET" else AccessAction.CHANGE,
        object_type="doorbraak",
    )
    access = break_glass.break_glass_with_page_views(break_glass_id)
    if access is None:
        raise Http404("Doorbraaktoegang niet gevonden")
    access.is_active = break_glass.is_active(access)
    form = BreakGlassReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            break_glass.review_break_glass(access=access, reviewer=request.user, note=form.cleaned_data["note"])
        except break_glass.BreakGlassError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            log_access(
                request=request,
                action=AccessAction.CHANGE,
                allowed=True,
                object_type="doorbraak",
                object_reference=f"#{access.pk}",
                reason="doorbraak beoordeeld",
            )
            messages.success(request, f"De doorbraak van {access.user} in casus {access.case_reference} is beoordeeld.")
            return redirect("privacy:break_glass_list")
    log_access(
        request=request,
        action=AccessAction.VIEW,
        allowed=True,
        object_type="doorbraak",
        object_reference=f"#{access.pk}",
        case_ids=[access.case_id] if access.case_id else [],
    )
    started = timezone.localtime(access.started_at).date()
    ended = timezone.localtime(access.expires_at).date()
    log_filter = {
        "casus": access.case_reference,
        "gebruiker": access.user.get_username(),
        "doorbraak": "on",
        "van": started.isoformat(),
        "tot": max(started, ended).isoformat(),
    }
    return render(
        request,
        "privacy/break_glass/review.html",
        {
            "access": access,
            "form": form,
            "own": access.user_id == request.user.pk,
            "log_url": f"{reverse('privacy:access_log')}?{urlencode(log_filter)}",
        },
    )
