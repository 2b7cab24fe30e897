"""Middleware of the privacy app: requests carrying control characters are refused and logged."""

import re

from django.shortcuts import render

from .access import request_action
from .services import log_access

# C0 control characters and DEL. Tab, newline and carriage return are ordinary in a textarea (form
# and query values); nowhere in a path.
CONTROL_IN_VALUE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_IN_PATH = re.compile(r"[\x00-\x1f\x7f]")


def hostile_part(request) -> str | None:
    """Which part of the request carries a control character ("pad", "zoekparameters", "formulier"),
    or None. PostgreSQL refuses a NUL byte in text (a 500 from any lookup or search), and no person
    types one: it is a probe."""
    if CONTROL_IN_PATH.search(request.path):
        return "pad"
    for part, data in (("zoekparameters", request.GET), ("formulier", request.POST)):
        for key, values in data.lists():
            if CONTROL_IN_VALUE.search(key) or any(CONTROL_IN_VALUE.search(value) for value in values):
                return part
    return None


class RefuseControlCharactersMiddleware:
    """A control character (NUL, ...) in the path, a query parameter or a form value is answered
    400 with a Dutch page before the view runs, and logged in the access log when a signed-in user
    sent it (with the case or escalation reference the path asked for). In process_view, so after
    the second-factor check and with the URL resolved; a path that resolves to no view gets the 404
    without touching the database (issue 20)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/api/"):
            return None  # the API answers these itself, as RFC 9457 problem documents (api/problems.py)
        part = hostile_part(request)
        if part is None:
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            match = request.resolver_match
            escalation = match is not None and ("escalation" in match.view_name or "aanmelding" in request.path)
            reference = str(view_kwargs.get("reference", ""))
            log_access(
                request=request,
                action=request_action(request),
                allowed=False,
                object_type="aanmelding" if escalation else "casus",
                object_reference=CONTROL_IN_PATH.sub("?", reference)[:20],
                reason=f"geweigerd: stuurteken in {part}",
            )
        return render(request, "privacy/control_characters.html", {"part": part}, status=400)
