"""Who is calling. Two kinds of client, both `Authorization: Bearer <token>`:

- a person's own token (`zvh_pat_...`, api/models.py:PersonalToken): the call acts as that person,
  with the policy's answers for them, limited to the token's scopes;
- a partner application's OAuth2 access token (client credentials, django-oauth-toolkit): the call
  acts as the application's service account, a partner professional of its organisation
  (api/services.py:register_partner_application), so an escalation is submitted by the application
  for that organisation and only what that account may do is allowed.

Either way the request carries `api_client_label`, which the access log writes as "via toepassing"
(privacy/services.py), and `api_scopes`, which api/permissions.py checks."""

from __future__ import annotations

from django.utils import timezone
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .models import PersonalToken
from .permissions import APPLICATION_SCOPES
from .tokens import PERSONAL_TOKEN_PREFIX, token_hash

# A last-used stamp is written at most this often per token (not one UPDATE per call).
LAST_USED_RESOLUTION_SECONDS = 60


def _mark(request, *, label: str, scopes: list[str], client_key: str) -> None:
    django_request = getattr(request, "_request", request)
    django_request.api_client_label = label
    django_request.api_scopes = scopes
    django_request.api_client_key = client_key


def _bearer(request) -> str | None:
    parts = get_authorization_header(request).split()
    if len(parts) != 2 or parts[0].lower() != b"bearer":
        return None
    try:
        return parts[1].decode("ascii")
    except UnicodeDecodeError:
        raise exceptions.AuthenticationFailed("Het token bevat ongeldige tekens.") from None


class PersonalTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        token = _bearer(request)
        if token is None or not token.startswith(PERSONAL_TOKEN_PREFIX):
            return None
        found = (
            PersonalToken.objects.select_related("user", "user__organisation")
            .filter(token_hash=token_hash(token))
            .first()
        )
        now = timezone.now()
        if found is None or not found.is_usable(now):
            raise exceptions.AuthenticationFailed("Het token is onbekend, verlopen of ingetrokken.")
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
            PersonalToken.objects.filter(pk=found.pk).update(last_used_at=now)
        _mark(
            request,
            label=f"persoonlijk token {found.name} ({found.prefix}…)",
            scopes=found.scope_list,
            client_key=f"pat:{found.pk}",
        )
        return found.user, found

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class PartnerApplicationAuthentication(OAuth2Authentication):
    def authenticate(self, request):
        token = _bearer(request)
        if token is None or token.startswith(PERSONAL_TOKEN_PREFIX):
            return None
        result = super().authenticate(request)
        if result is None:
            raise exceptions.AuthenticationFailed("Het token is onbekend, verlopen of ingetrokken.")
        user, access_token = result
        application = access_token.application
        # Client credentials carry no user: the application acts as its service account.
        acting = user or (application.user if application is not None else None)
        if acting is None or not acting.is_active:
            raise exceptions.AuthenticationFailed("Deze toepassing is ingetrokken.")
        _mark(
            request,
            label=f"toepassing {application.name} ({application.client_id[:12]})"[:200],
            scopes=[scope for scope in access_token.scope.split() if scope in APPLICATION_SCOPES],
            client_key=f"app:{application.pk}",
        )
        return acting, access_token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
