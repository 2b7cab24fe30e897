"""Scopes: what a client may call at all. What it may see and do is the policy's (privacy/policy.py),
asked by every view exactly as the browser's pages ask it."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.permissions import BasePermission

SUBMIT = "aanmeldingen"
CASES = "casussen"
FIGURES = "stuurinformatie"
# A partner application (client credentials) is an organisation, not a person: it submits and
# follows escalations; the cases of seated professionals and the figures need a person's own token.
APPLICATION_SCOPES = (SUBMIT,)
PERSONAL_SCOPES = (SUBMIT, CASES, FIGURES)


class HasScope(BasePermission):
    """The caller came with a token (never the session cookie) holding the view's `required_scope`."""

    def has_permission(self, request, view):
        scopes = getattr(request._request, "api_scopes", None)
        if scopes is None or not request.user.is_authenticated:
            raise exceptions.NotAuthenticated("Meld u aan met een token: Authorization: Bearer <token>.")
        required = getattr(view, "required_scope", None)
        if required is not None and required not in scopes:
            raise exceptions.PermissionDenied(f"Dit token heeft de scope ‘{required}’ niet.")
        return True
