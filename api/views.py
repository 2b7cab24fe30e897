"""The API's views: thin, like the browser's. Each asks `privacy` first (the same policy functions
and the same doors: `open_case`, `open_escalation`, `require`, which log every read and refusal; the
log names the client application, privacy/services.py), then calls the service or selector the
browser's page uses. What the browser would answer with 404 or 403 the API answers the same, as a
problem document (api/problems.py)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import case_list_selectors
from cases import selectors as case_selectors
from cases import services as case_services
from cases.models import Escalation, EscalationStatus, PlanAction, PlanStatus
from cases.plan_forms import ActionStatusForm
from dashboard.dashboard import build_dashboard
from dashboard.figures import cached_figures
from dashboard.forms import DashboardFilterForm
from privacy import policy
from privacy.access import open_case, open_escalation, require
from privacy.models import AccessAction
from privacy.services import log_access

from . import permissions as scopes
from . import serializers as shapes
from .escalation_input import validated
from .problems import PROBLEM_CONTENT_TYPE
from .zgw import zgw_export

# The submission key of an API escalation: the client's Idempotency-Key, scoped to the calling
# account, so the same key from two clients never names one escalation.
IDEMPOTENCY_NAMESPACE = uuid.UUID("6f1f3c5e-3a0e-4b53-9a57-2f2d5c1e9a19")
IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="Een unieke sleutel per aanmelding (bijvoorbeeld een UUID). Dezelfde sleutel nogmaals levert "
    "dezelfde aanmelding op, ook bij twee gelijktijdige verzoeken.",
)
REFERENCE = OpenApiParameter("reference", OpenApiTypes.STR, OpenApiParameter.PATH)
PAGE_SIZE = 25


@csrf_exempt  # it changes nothing: a POST to a wrong address gets the same problem document
def unknown_path(request, path=""):
    """Anything under /api/v1/ that names no operation (a malformed id, a typo) answers as every API
    error does, a problem document, not the browser's HTML 404 page."""
    body = {
        "type": "urn:zvh:probleem:niet-gevonden",
        "title": "Niet gevonden",
        "status": 404,
        "detail": "Dit adres bestaat niet in de API.",
        "instance": request.path,
    }
    return JsonResponse(body, status=404, content_type=PROBLEM_CONTENT_TYPE)


class ApiView(APIView):
    """Every operation's view. PostgreSQL refuses text with a NUL character (an error, not an empty
    result), and no reference, filter or header of ours holds one: such a value is refused with a
    problem document before any query sees it."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        values = [(name, value) for name, value in kwargs.items() if isinstance(value, str)]
        values += [(name, value) for name, items in request.query_params.lists() for value in items]
        bad = sorted({name for name, value in values if "\x00" in value or "\x00" in name})
        if bad:
            raise ValidationError(
                {name.replace("\x00", "") or "": ["Dit veld bevat een ongeldig teken."] for name in bad}
            )


# --- Documentation -----------------------------------------------------------------------------


class SchemaView(SpectacularAPIView):
    """The OpenAPI document at a stable URL: a description of the API, no data (open to anyone)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []


@method_decorator(login_required, name="dispatch")
class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the venv (drf-spectacular-sidecar), for users logged in to the browser
    (with their second factor, partners/middleware.py). The split view keeps the script out of the
    page, as the CSP requires."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []
    url_name = "api:schema"


# --- Escalations -------------------------------------------------------------------------------


def escalation_status(escalation: Escalation, user) -> dict:
    case = escalation.resulting_case
    return {
        "reference": escalation.reference,
        "status": escalation.status,
        "status_label": escalation.get_status_display(),
        "submitted_at": escalation.submitted_at,
        "decided_at": escalation.decided_at,
        "feedback": escalation.feedback,
        "advice": escalation.advice if escalation.status == EscalationStatus.ADVICE else "",
        "case_reference": case.reference if case is not None and policy.may_view_case(user, case) else None,
    }


class EscalationListView(ApiView):
    required_scope = scopes.SUBMIT

    @extend_schema(
        operation_id="aanmeldingen_lijst",
        summary="Uw eigen aanmeldingen met hun status",
        responses={200: shapes.EscalationStatusOutput(many=True)},
    )
    def get(self, request):
        require(
            request,
            policy.may_submit_escalations(request.user),
            message="Alleen partnerprofessionals dienen aanmeldingen in.",
            reason="alleen partnerprofessional",
            action=AccessAction.LIST,
            object_type="aanmelding",
        )
        shown = []
        for escalation in case_selectors.escalations_of(request.user)[:100]:
            if not policy.may_view_escalation(request.user, escalation):
                continue
            log_access(
                request=request,
                action=AccessAction.LIST,
                allowed=True,
                object_type="aanmelding",
                object_reference=escalation.reference,
                case=escalation.case,
                reason="mijn aanmeldingen (API)",
            )
            shown.append(escalation_status(escalation, request.user))
        return Response(shapes.EscalationStatusOutput(shown, many=True).data)

    @extend_schema(
        operation_id="aanmelding_indienen",
        summary="Een aanmelding indienen (dezelfde controles en meldingen als het formulier)",
        parameters=[IDEMPOTENCY_HEADER],
        request=shapes.EscalationInput,
        responses={201: shapes.EscalationStatusOutput, 200: shapes.EscalationStatusOutput},
    )
    def post(self, request):
        require(
            request,
            policy.may_submit_escalations(request.user),
            message="Alleen partnerprofessionals kunnen een casus aanmelden.",
            reason="alleen partnerprofessional",
            action=AccessAction.CREATE,
            object_type="aanmelding",
        )
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key or len(key) > 200:
            raise ValidationError({"Idempotency-Key": ["Stuur een Idempotency-Key-header (maximaal 200 tekens)."]})
        submission_key = uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{request.user.pk}:{key}")
        replay = Escalation.objects.filter(submission_key=submission_key).first()
        if replay is None:
            data, persons = validated(request.data, request.user)
            escalation = case_services.submit_escalation(
                submitted_by=request.user, data=data, persons=persons, submission_key=submission_key
            )
        else:
            escalation = replay
        log_access(
            request=request,
            action=AccessAction.CREATE if replay is None else AccessAction.VIEW,
            allowed=True,
            object_type="aanmelding",
            object_reference=escalation.reference,
            reason="" if replay is None else "herhaald verzoek (Idempotency-Key)",
        )
        body = shapes.EscalationStatusOutput(escalation_status(escalation, request.user)).data
        headers = {"Location": f"/api/v1/aanmeldingen/{escalation.reference}/"}
        if replay is not None:
            headers["Idempotent-Replayed"] = "true"
        return Response(body, status=status.HTTP_200_OK if replay else status.HTTP_201_CREATED, headers=headers)


class EscalationDetailView(ApiView):
    required_scope = scopes.SUBMIT

    @extend_schema(
        operation_id="aanmelding_status",
        summary="Status en terugkoppeling van één aanmelding",
        parameters=[REFERENCE],
        responses={200: shapes.EscalationStatusOutput},
    )
    def get(self, request, reference):
        escalation = open_escalation(request, reference)
        return Response(shapes.EscalationStatusOutput(escalation_status(escalation, request.user)).data)


# --- Cases of a seated professional or regisseur -------------------------------------------------


def _summary(case) -> dict:
    return {
        "reference": case.reference,
        "programme": case.programme.code,
        "phase": case.phase,
        "phase_label": case.get_phase_display(),
        "ave_level": case.ave_level,
        "opened_on": case.opened_on,
    }


class CaseListView(ApiView):
    required_scope = scopes.CASES

    @extend_schema(
        operation_id="casussen_lijst",
        summary="De casussen die u mag zien (zoals de casuslijst)",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="zoek op kenmerk of naam"),
            OpenApiParameter("programma", OpenApiTypes.STR),
            OpenApiParameter("fase", OpenApiTypes.STR, description="een fase, of 'alle' (ook afgesloten)"),
            OpenApiParameter("pagina", OpenApiTypes.INT),
        ],
        responses={200: shapes.CaseSummaryOutput(many=True)},
    )
    def get(self, request):
        require(
            request,
            policy.may_work_on_cases(request.user),
            message="Uw rol geeft geen toegang tot casussen.",
            reason="rol zonder casustoegang",
            action=AccessAction.LIST,
        )
        filters = case_list_selectors.criteria_from_params(request.query_params)
        page, shown = case_list_selectors.case_list_page(
            user=request.user, page_number=request.query_params.get("pagina"), page_size=PAGE_SIZE, **filters
        )
        log_access(
            request=request,
            action=AccessAction.SEARCH if filters["query"] else AccessAction.LIST,
            allowed=True,
            case_ids=[c.pk for c in shown],
            object_type="casuslijst",
            reason=f"zoekterm: {filters['query']}" if filters["query"] else "",
        )
        headers = {"X-Total-Count": str(page.paginator.count), "X-Page": str(page.number)}
        return Response(shapes.CaseSummaryOutput([_summary(c) for c in shown], many=True).data, headers=headers)


class CaseDetailView(ApiView):
    required_scope = scopes.CASES

    @extend_schema(
        operation_id="casus",
        summary="Eén casus: kerngegevens en wie erin betrokken is",
        parameters=[REFERENCE],
        responses={200: shapes.CaseDetailOutput},
    )
    def get(self, request, reference):
        case = open_case(request, reference)
        body = {
            **_summary(case),
            "closed_on": case.closed_on,
            "procesregisseur": case.procesregisseur.get_full_name() or case.procesregisseur.get_username(),
            "municipality": str(case.municipality) if case.municipality else None,
            "persons": [
                {
                    "first_name": p.first_name,
                    "name_prefix": p.name_prefix,
                    "last_name": p.last_name,
                    "role_in_case": p.get_role_in_case_display(),
                }
                for p in case.persons.order_by("created_at", "pk")
            ],
            "permissions": sorted(case.granted_permissions),
        }
        return Response(shapes.CaseDetailOutput(body).data)


def _action_row(action: PlanAction, may_update) -> dict:
    return {
        "id": action.pk,
        "description": action.description,
        "owner_organisation": str(action.owner_organisation),
        "deadline": action.deadline,
        "status": action.status,
        "status_label": action.get_status_display(),
        "status_note": action.status_note,
        "plan_version": action.plan.number,
        "may_update": bool(may_update(action)),
    }


class CaseActionsView(ApiView):
    required_scope = scopes.CASES

    @extend_schema(
        operation_id="casus_acties",
        summary="De acties van de nieuwste planversie",
        parameters=[REFERENCE],
        responses={200: shapes.ActionOutput(many=True)},
    )
    def get(self, request, reference):
        case = open_case(request, reference)
        plan = case_services.latest_plan(case)
        if plan is None:
            return Response([])
        plan.case = case
        may_update = policy.action_updater(request.user, case)
        actions = case_selectors.plan_content(plan)["actions"]
        for action in actions:
            action.plan = plan
        return Response(shapes.ActionOutput([_action_row(a, may_update) for a in actions], many=True).data)


class ActionStatusView(ApiView):
    required_scope = scopes.CASES

    @extend_schema(
        operation_id="actie_status_bijwerken",
        summary="De status van een actie bijwerken, met een toelichting (komt in de tijdlijn)",
        parameters=[REFERENCE, OpenApiParameter("action_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=shapes.ActionStatusInput,
        responses={200: shapes.ActionOutput},
    )
    def post(self, request, reference, action_id):
        case = open_case(request, reference, need=policy.VIEW)
        action = (
            PlanAction.objects.select_related("plan", "owner_organisation")
            .filter(pk=action_id, plan__case=case)
            .first()
        )
        if action is None:
            raise NotFound("Deze actie hoort niet bij deze casus.")
        action.plan.case = case
        require(
            request,
            policy.may_update_action(request.user, action),
            message="Alleen de eigenaar van deze actie of de procesregisseur werkt de status bij.",
            reason="geen eigenaar van deze actie",
            case=case,
            object_type="plan-actie",
            object_reference=str(action.pk),
        )
        payload = request.data if isinstance(request.data, dict) else {}
        if not isinstance(request.data, dict) or any(
            not isinstance(payload.get(n, ""), str) for n in ("status", "note")
        ):
            raise ValidationError({"": ["Stuur een JSON-object met status (tekst) en note (tekst)."]})
        form = ActionStatusForm({"status": payload.get("status", ""), "note": payload.get("note", "")})
        if not form.is_valid():
            raise ValidationError({name: [str(m) for m in messages] for name, messages in form.errors.items()})
        action = case_services.update_action_status(
            action=action, actor=request.user, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
        )
        action.plan.case = case
        return Response(shapes.ActionOutput(_action_row(action, lambda a: True)).data)


class CaseMeetingsView(ApiView):
    required_scope = scopes.CASES

    @extend_schema(
        operation_id="casus_overleggen",
        summary="De casusoverleggen (datum, plaats, status)",
        parameters=[REFERENCE],
        responses={200: shapes.MeetingOutput(many=True)},
    )
    def get(self, request, reference):
        case = open_case(request, reference)
        rows = [
            {
                "id": m.pk,
                "starts_at": m.starts_at,
                "location": m.location,
                "is_online": m.is_online,
                "status": m.status,
                "status_label": m.get_status_display(),
            }
            for m in case.meetings.order_by("starts_at", "pk")
        ]
        return Response(shapes.MeetingOutput(rows, many=True).data)


class CasePlanView(ApiView):
    required_scope = scopes.CASES

    @extend_schema(
        operation_id="casus_plan",
        summary="Het vastgestelde plan van aanpak (de nieuwste vastgestelde versie)",
        parameters=[REFERENCE],
        responses={200: shapes.PlanOutput},
    )
    def get(self, request, reference):
        case = open_case(request, reference)
        plan = case.plans.filter(status=PlanStatus.AGREED).select_related("casusregisseur").order_by("-number").first()
        if plan is None:
            raise NotFound("Deze casus heeft nog geen vastgesteld plan.")
        plan.case = case
        content = case_selectors.plan_content(plan)
        may_update = policy.action_updater(request.user, case)
        for action in content["actions"]:
            action.plan = plan
        body = {
            "version": plan.number,
            "agreed_at": plan.agreed_at,
            "summary": plan.summary,
            "casusregie": str(plan.casusregisseur) if plan.casusregisseur else None,
            "next_review_on": plan.next_review_on,
            "goals": [{"domain": g.domain.name, "description": g.description} for g in content["goals"]],
            "actions": [_action_row(a, may_update) for a in content["actions"]],
        }
        return Response(shapes.PlanOutput(body).data)


class CaseZgwExportView(ApiView):
    required_scope = scopes.CASES

    @extend_schema(
        operation_id="casus_zgw_export",
        summary="Een afgesloten casus als Zaken-API/Documenten-API-JSON (ZGW), voor een archief of Open Zaak",
        parameters=[REFERENCE],
        responses={200: shapes.ZgwExportOutput},
    )
    def get(self, request, reference):
        case = open_case(request, reference)
        require(
            request,
            policy.may_export_case_zgw(request.user, case),
            message="Alleen de procesregisseur exporteert een afgesloten casus.",
            reason="ZGW-export: geen regisseur of casus niet afgesloten",
            action=AccessAction.EXPORT,
            case=case,
            object_type="zgw-export",
        )
        export = zgw_export(case, request.user, base_url=request.build_absolute_uri("/api/v1/zgw/"))
        log_access(
            request=request,
            action=AccessAction.EXPORT,
            allowed=True,
            case=case,
            person_ids=list(case.persons.values_list("pk", flat=True)),
            object_type="zgw-export",
            object_reference=case.reference,
            reason=f"ZGW-export met {len(export['enkelvoudiginformatieobjecten'])} document(en)",
        )
        return Response(export)


# --- Figures for managers ------------------------------------------------------------------------


class FiguresView(ApiView):
    required_scope = scopes.FIGURES

    @extend_schema(
        operation_id="stuurinformatie",
        summary="De cijfers van het dashboard (aantallen onder 5 als '< 5', zoals op de pagina)",
        parameters=[
            OpenApiParameter("jaar", OpenApiTypes.INT),
            OpenApiParameter("kwartaal", OpenApiTypes.INT, enum=[1, 2, 3, 4]),
            OpenApiParameter("programma", OpenApiTypes.STR, description="programmacode"),
            OpenApiParameter("gemeente", OpenApiTypes.STR, description="id van een gemeente, of 'onbekend'"),
        ],
        responses={200: shapes.FiguresOutput},
    )
    def get(self, request):
        require(
            request,
            policy.may_view_dashboard(request.user),
            message="Uw rol geeft geen toegang tot de stuurinformatie.",
            reason="alleen manager of procesregisseur",
            action=AccessAction.LIST,
            object_type="dashboard",
        )
        form = DashboardFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({name: [str(m) for m in messages] for name, messages in form.errors.items()})
        filters = form.filters()
        figures = cached_figures(build_dashboard, filters)
        log_access(
            request=request,
            action=AccessAction.LIST,
            allowed=True,
            object_type="dashboard",
            object_reference=filters.period_label[:20],
            reason=filters.describe(),
        )
        body = {
            "selection": filters.describe(),
            "computed_at": figures.computed_at,
            "headline": [{"label": label, "value": cell.export_value()} for label, cell in figures.headline],
            "tables": [
                {
                    "key": table.key,
                    "title": table.title,
                    "row_header": table.row_header,
                    "columns": list(table.columns),
                    "rows": [
                        {"label": row.label, "is_total": row.is_total, "cells": [c.export_value() for c in row.cells]}
                        for row in table.rows
                    ],
                    "note": table.note,
                }
                for table in figures.tables
            ],
        }
        return Response(shapes.FiguresOutput(body).data)
