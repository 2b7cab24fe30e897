"""The access-log viewer: the privacy officer searches the log (read-only; nobody can edit it) and
exports it as CSV. Every page view, search, export and refusal here is itself logged."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_http_methods

from partners.models import Role
from privacy import policy, selectors
from privacy.access import require
from privacy.models import AccessAction
from privacy.services import log_access

from .forms import AccessLogFilterForm, PersonLookupForm

PAGE_SIZE = 50
LOG_OBJECT_TYPE = "toegangslog"
ONLY_PRIVACY_OFFICER = "Alleen de privacyfunctionaris kan het toegangslog inzien."


def require_privacy_officer(request, *, action: str = AccessAction.VIEW, object_type: str = LOG_OBJECT_TYPE):
    """403 for everyone but the privacy officer; the refusal is logged like every other."""
    require(
        request,
        policy.may_read_access_log(request.user),
        message=ONLY_PRIVACY_OFFICER,
        reason="alleen de privacyfunctionaris",
        action=action,
        object_type=object_type,
    )


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


def _lookup_person(request, lookup_form: PersonLookupForm):
    """POST: find a person's ids (BSN, or name and date of birth), log the search, and redirect to
    the same filters narrowed to them; None (with a message on the form) when nobody matches."""
    matches = selectors.persons_matching(**lookup_form.lookup())
    escalation_matches = selectors.escalation_persons_matching(**lookup_form.lookup())
    log_access(
        request=request,
        action=AccessAction.SEARCH,
        allowed=True,
        object_type=LOG_OBJECT_TYPE,
        person_ids=[pk for pk, _ in matches],
        escalation_person_ids=[pk for pk, _ in escalation_matches],
        reason=(
            f"betrokkene gezocht op {lookup_form.searched_by}: {len(matches)} in casussen, "
            f"{len(escalation_matches)} in aanmeldingen gevonden"
        ),
    )
    if not matches and not escalation_matches:
        lookup_form.add_error(None, "Geen betrokkene gevonden met deze gegevens.")
        return None
    params = request.GET.copy()
    params.pop("pagina", None)
    params.setlist("persoon", [str(pk) for pk, _ in matches])
    params.setlist("aanmeldingspersoon", [str(pk) for pk, _ in escalation_matches])
    return redirect(f"{reverse('privacy:access_log')}?{params.urlencode()}")


def _search_page(request, filter_form: AccessLogFilterForm):
    """The page of entries the filters select, read before this view's own log line is written."""
    entries = selectors.access_log_entries(**filter_form.selector_kwargs())
    page = CappedPaginator(entries, PAGE_SIZE).get_page(request.GET.get("pagina"))
    page.object_list = list(page.object_list)
    if request.method == "GET":
        filtered = filter_form.description() != "geen filters"
        log_access(
            request=request,
            action=AccessAction.SEARCH if filtered else AccessAction.LIST,
            allowed=True,
            object_type=LOG_OBJECT_TYPE,
            person_ids=filter_form.cleaned_data["persoon"],
            escalation_person_ids=filter_form.cleaned_data["aanmeldingspersoon"],
            reason=f"filters: {filter_form.description()}; pagina {page.number}",
        )
    return page


@login_required
@require_http_methods(["GET", "POST"])
def access_log(request):
    """The privacy officer searches the access log. GET filters; POST looks a person up."""
    require_privacy_officer(request, action=AccessAction.LIST if request.method == "GET" else AccessAction.SEARCH)
    filter_form = AccessLogFilterForm(request.GET)
    lookup_form = PersonLookupForm(request.POST if request.method == "POST" else None, prefix="zoek")
    if request.method == "POST" and lookup_form.is_valid() and (found := _lookup_person(request, lookup_form)):
        return found
    valid = filter_form.is_valid()
    querystring = _querystring(request.GET)
    context = {
        "page": _search_page(request, filter_form) if valid else None,
        "filter_form": filter_form,
        "lookup_form": lookup_form,
        "person_refs": selectors.person_references(filter_form.cleaned_data["persoon"]) if valid else [],
        "escalation_person_refs": (
            selectors.escalation_person_references(filter_form.cleaned_data["aanmeldingspersoon"]) if valid else []
        ),
        "is_filtered": any(v for k, v in request.GET.items() if k != "pagina"),
        "querystring": querystring,
        "export_url": f"{reverse('privacy:access_log_export')}?{querystring}",
    }
    return render(request, "privacy/access_log.html", context)


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
    "via toepassing",  # the API client (issue 19); empty for the browser
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
    "client_application",
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
                _cell(values["client_application"]),
            ]
        )


@login_required
@require_GET
def access_log_export(request):
    """The filtered access log as CSV (UTF-8 with BOM, `;`), streamed row by row so that millions
    of lines never sit in memory. The export itself is logged, with its filters."""
    require_privacy_officer(request, action=AccessAction.EXPORT)
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
        escalation_person_ids=filter_form.cleaned_data["aanmeldingspersoon"],
        reason=f"filters: {filter_form.description()}",
    )
    response = StreamingHttpResponse(_csv_lines(entries), content_type="text/csv; charset=utf-8")
    filename = f"toegangslog-{timezone.localtime():%Y%m%d-%H%M}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
