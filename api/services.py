"""Writes of the API: personal tokens and partner applications (registered by the functional admin).

A partner application is an OAuth2 application of django-oauth-toolkit (client credentials, client
secret stored hashed) owned by a service account: a partner professional of the application's
organisation without a password or second factor, which cannot log in to the browser. Calls with
the application's token act as that account (api/authentication.py), so the policy answers for it
as for any partner professional of that organisation: it may submit escalations and follow the ones
it submitted, nothing else. Revoking the application deletes its tokens and deactivates the account."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from oauth2_provider.models import AccessToken, Application, RefreshToken

from partners.models import Organisation, Role, User
from privacy import policy
from registry.services import assign_role
from zvh.errors import ServiceError

from .models import PersonalToken
from .permissions import APPLICATION_SCOPES, PERSONAL_SCOPES
from .tokens import new_personal_token, token_hash

MAX_TOKEN_DAYS = 365


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise ServiceError(message)


def create_personal_token(*, user: User, name: str, scopes: list[str], days: int = 90) -> tuple[PersonalToken, str]:
    """A person's own token for scripts. Returns the row and the token, which is never stored."""
    _require(bool(user and user.is_active), "Alleen een actief account krijgt een token.")
    name = name.strip()
    if not name:
        raise ServiceError("Geef het token een omschrijving.", field="name")
    unknown = sorted(set(scopes) - set(PERSONAL_SCOPES))
    if not scopes or unknown:
        raise ServiceError(f"Kies scopes uit: {', '.join(PERSONAL_SCOPES)}.", field="scopes")
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ServiceError(f"Een token geldt 1 tot {MAX_TOKEN_DAYS} dagen.", field="days")
    token = new_personal_token()
    row = PersonalToken.objects.create(
        user=user,
        name=name[:100],
        token_hash=token_hash(token),
        prefix=token[:16],
        scopes=" ".join(sorted(set(scopes))),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return row, token


def revoke_personal_token(*, token: PersonalToken, actor: User) -> PersonalToken:
    _require(
        token.user_id == actor.pk or policy.may_manage_registry(actor),
        "Alleen de eigenaar of de functioneel beheerder trekt een token in.",
    )
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def register_partner_application(
    *, actor: User, organisation: Organisation, name: str, scopes: list[str] | None = None
) -> tuple[Application, str]:
    """Register a partner system of `organisation`. Returns the application and its client secret,
    shown once (the toolkit stores only its hash)."""
    _require(policy.may_manage_registry(actor), "Alleen de functioneel beheerder registreert toepassingen.")
    _require(organisation.is_active, f"{organisation} is niet (meer) actief in het convenant.")
    name = name.strip()
    if not name:
        raise ServiceError("Geef de toepassing een naam.", field="name")
    scopes = scopes or list(APPLICATION_SCOPES)
    if set(scopes) - set(APPLICATION_SCOPES):
        raise ServiceError(
            f"Een toepassing krijgt alleen de scope ‘{APPLICATION_SCOPES[0]}’; casussen en stuurinformatie "
            "lopen via het persoonlijke token van een professional.",
            field="scopes",
        )
    base = f"koppeling-{slugify(organisation.name)[:40]}-{slugify(name)[:40]}"
    username = base
    while User.objects.filter(username=username).exists():
        username = f"{base}-{secrets.token_hex(2)}"
    account = User(username=username, first_name="Koppeling", last_name=name[:150], organisation=organisation)
    account.set_unusable_password()
    account.save()
    assign_role(user=account, role=Role.PARTNERPROFESSIONAL)
    secret = secrets.token_urlsafe(40)
    application = Application.objects.create(
        name=f"{organisation.name}: {name}"[:255],
        user=account,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        hash_client_secret=True,
        algorithm="",
    )
    return application, secret


@transaction.atomic
def revoke_partner_application(*, actor: User, application: Application) -> Application:
    """Every token of the application stops working at once, and its account can do nothing more."""
    _require(policy.may_manage_registry(actor), "Alleen de functioneel beheerder trekt toepassingen in.")
    RefreshToken.objects.filter(application=application).delete()
    AccessToken.objects.filter(application=application).delete()
    account = application.user
    if account is not None and account.is_active:
        account.is_active = False
        account.save(update_fields=["is_active"])
    return application
