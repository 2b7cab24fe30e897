"""The admin shows partner applications, their tokens and personal tokens read-only: registering
and revoking go through api/services.py (management commands `register_api_client`,
`create_api_token`, `revoke_api_client`), never a bare admin form (zvh/admin_rules.py)."""

from django.contrib import admin
from oauth2_provider.models import AccessToken, Application, Grant, IDToken, RefreshToken

from zvh.admin_rules import ReadOnlyAdmin

from .models import PersonalToken

for model in (Application, AccessToken, Grant, IDToken, RefreshToken):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(Application)
class PartnerApplicationAdmin(ReadOnlyAdmin):
    list_display = ["name", "client_id", "user", "created"]
    fields = ["name", "client_id", "user", "authorization_grant_type", "created", "updated"]
    search_fields = ["name", "client_id"]


@admin.register(AccessToken)
class AccessTokenAdmin(ReadOnlyAdmin):
    list_display = ["application", "scope", "expires", "created"]
    fields = ["application", "user", "scope", "expires", "created"]  # never the token (its checksum only)


@admin.register(PersonalToken)
class PersonalTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "prefix", "scopes", "expires_at", "revoked_at", "last_used_at"]
    fields = ["name", "user", "prefix", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at"]
