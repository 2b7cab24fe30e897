"""The managers' figure pages: the dashboard, the Levensloopaanpak key figures, their CSV/XLSX
exports and the annual report (PDF). Aggregates only; `policy.may_view_dashboard` decides who may,
and every view, export and refusal is logged with the selection."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from privacy import policy
from privacy.access import require
from privacy.models import AccessAction
from privacy.services import log_access
from zvh.pdf import html_to_pdf

from .dashboard import build_dashboard
from .exports import to_csv, to_xlsx
from .figures import cached_figures
from .forms import DashboardFilterForm
from .lla import build_lla_figures

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _require_dashboard(request, object_type: str, action: str) -> None:
    require(
        request,
        policy.may_view_dashboard(request.user),
        message="Uw rol geeft geen toegang tot de stuurinformatie.",
        reason="alleen manager of procesregisseur",
        action=action,
        object_type=object_type,
    )


def _log(request, object_type: str, action: str, filters) -> None:
    """Aggregates hold no personal data, but every view and export is logged (with the selection)."""
    log_access(
        request=request,
        action=action,
        allowed=True,
        object_type=object_type,
        object_reference=filters.period_label[:20],
        reason=filters.describe(),
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


def _slug(filters) -> str:
    parts = [str(filters.year)]
    if filters.quarter:
        parts.append(f"k{filters.quarter}")
    if filters.programme is not None:
        parts.append(filters.programme.code.lower().replace("+", "plus"))
    if filters.municipality is not None:
        parts.append(f"gemeente{filters.municipality.pk}")
    elif filters.municipality_unknown:
        parts.append("gemeente-onbekend")
    return "-".join(parts)


# The two figure pages (dashboard, Levensloopaanpak) and their exports differ only in these.
PAGES = {
    "dashboard": {
        "build": build_dashboard,
        "template": "dashboard/dashboard.html",
        "object_type": "dashboard",
        "with_programme": True,
        "title": "Stuurinformatie Zorg- en Veiligheidshuis",
        "filename": "stuurinformatie",
    },
    "lla": {
        "build": build_lla_figures,
        "template": "dashboard/lla.html",
        "object_type": "kerncijfers LLA",
        "with_programme": False,
        "title": "Kerncijfers Levensloopaanpak",
        "filename": "kerncijfers-lla",
    },
}


def _figures_page(request, page: str):
    spec = PAGES[page]
    _require_dashboard(request, spec["object_type"], AccessAction.LIST)
    form = DashboardFilterForm(request.GET, with_programme=spec["with_programme"])
    context = {"form": form, "is_filtered": bool(request.GET)}
    if form.is_valid():
        filters = form.filters()
        context["dashboard"] = cached_figures(spec["build"], filters)
        context["querystring"] = request.GET.urlencode()
        _log(request, spec["object_type"], AccessAction.LIST, filters)
    return render(request, spec["template"], context)


def _figures_export(request, page: str, fmt: str):
    if fmt not in EXPORT_TYPES:
        raise Http404
    spec = PAGES[page]
    _require_dashboard(request, spec["object_type"], AccessAction.EXPORT)
    form = DashboardFilterForm(request.GET, with_programme=spec["with_programme"])
    if not form.is_valid():
        return HttpResponseBadRequest("Ongeldige selectie. Kies de filters opnieuw op het dashboard.")
    filters = form.filters()
    figures = spec["build"](filters)
    title = f"{spec['title']} – {filters.describe()}"
    content = to_csv(figures, title) if fmt == "csv" else to_xlsx(figures, title)
    _log(request, f"{spec['object_type']} {fmt}", AccessAction.EXPORT, filters)
    return _download(content, EXPORT_TYPES[fmt], f"{spec['filename']}-{_slug(filters)}.{fmt}")


@login_required
@require_GET
def dashboard(request):
    return _figures_page(request, "dashboard")


@login_required
@require_GET
def dashboard_export(request, fmt):
    return _figures_export(request, "dashboard", fmt)


@login_required
@require_GET
def lla(request):
    return _figures_page(request, "lla")


@login_required
@require_GET
def lla_export(request, fmt):
    return _figures_export(request, "lla", fmt)


@login_required
@require_GET
def annual_report(request):
    """The jaarverslag as a PDF: the dashboard's figures, charts and notes for a year (or the
    selection made on the dashboard)."""
    _require_dashboard(request, "jaarverslag", AccessAction.EXPORT)
    form = DashboardFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest("Ongeldige selectie. Kies de filters opnieuw op het dashboard.")
    filters = form.filters()
    html = render_to_string(
        "dashboard/pdf/annual_report.html",
        {
            "dashboard": build_dashboard(filters),
            "recipient": request.user.get_full_name() or request.user.get_username(),
            "generated_on": timezone.localdate(),
        },
    )
    pdf = html_to_pdf(html)
    _log(request, "jaarverslag", AccessAction.EXPORT, filters)
    return _download(pdf, "application/pdf", f"jaarverslag-{_slug(filters)}.pdf")
