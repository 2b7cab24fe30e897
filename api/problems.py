"""Errors as RFC 9457 problem documents (application/problem+json), in Dutch, with the path of each
field that is wrong (`persons[0].bsn`), so a partner system can show the message next to its own
field. One exception handler for every API view (settings REST_FRAMEWORK["EXCEPTION_HANDLER"])."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

from zvh.errors import ConcurrentEdit, ServiceError

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Ongeldige invoer",
    401: "Niet aangemeld",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    409: "Conflict",
    415: "Niet-ondersteund formaat",
    422: "Niet verwerkbaar",
    429: "Te veel verzoeken",
}
TYPES = {
    400: "urn:zvh:probleem:ongeldige-invoer",
    401: "urn:zvh:probleem:niet-aangemeld",
    403: "urn:zvh:probleem:geen-toegang",
    404: "urn:zvh:probleem:niet-gevonden",
    409: "urn:zvh:probleem:conflict",
    429: "urn:zvh:probleem:te-veel-verzoeken",
}


def field_errors(detail, path: str = "") -> list[dict]:
    """Flatten DRF's nested error detail into [{"field": "persons[0].bsn", "detail": "..."}]."""
    if isinstance(detail, dict):
        found = []
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") and not path else str(key)
            found += field_errors(value, f"{path}.{name}" if path and name else (name or path))
        return found
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [{"field": path, "detail": str(item)} for item in detail]
        found = []
        for index, item in enumerate(detail):
            found += field_errors(item, f"{path}[{index}]")
        return found
    return [{"field": path, "detail": str(detail)}]


def problem(status_code: int, detail: str, *, request=None, errors: list[dict] | None = None, headers=None):
    body = {
        "type": TYPES.get(status_code, "about:blank"),
        "title": TITLES.get(status_code, "Fout"),
        "status": status_code,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.path
    if errors is not None:
        body["errors"] = errors
    response = Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)
    return response


def problem_exception_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, Http404):
        return problem(404, str(exc) if str(exc) else "Niet gevonden.", request=request)
    if isinstance(exc, DjangoPermissionDenied):
        return problem(403, str(exc) or "U mag dit niet.", request=request)
    if isinstance(exc, ConcurrentEdit):
        return problem(409, exc.message, request=request)
    if isinstance(exc, ServiceError):  # a service's refusal, beside its field as on the form
        errors = [{"field": exc.field or "", "detail": exc.message}]
        return problem(400, exc.message, request=request, errors=errors)
    if not isinstance(exc, exceptions.APIException):
        return None  # a programming error: Django's 500 (logged), never swallowed
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None) is not None:
        headers["Retry-After"] = str(int(exc.wait) + 1)
    status_code = exc.status_code
    if isinstance(exc, exceptions.ValidationError):
        errors = field_errors(exc.detail)
        detail = errors[0]["detail"] if len(errors) == 1 else "Controleer de gemarkeerde velden."
        return problem(status.HTTP_400_BAD_REQUEST, detail, request=request, errors=errors, headers=headers)
    if isinstance(exc, exceptions.Throttled):
        detail = "Te veel verzoeken van deze toepassing. Probeer het over enkele seconden opnieuw."
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        detail = str(exc.detail)
        status_code = 401
    else:
        detail = str(exc.detail) if not isinstance(exc.detail, dict | list) else TITLES.get(status_code, "Fout")
    return problem(status_code, detail, request=request, headers=headers)
