"""Clients and their tokens: stored hashed, expiring, revocable, limited to their scopes, and every
call counted against its client (rate limit). The session cookie of the browser opens no data."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import override_settings
from django.utils import timezone
from oauth2_provider.models import AccessToken

from api import services as api_services
from api.models import PersonalToken
from api.tokens import token_hash
from tests.api.conftest import Api, client_credentials_token, personal_token
from tests.auth import login
from zvh.errors import ServiceError

pytestmark = pytest.mark.django_db


def test_a_personal_token_is_stored_as_its_sha256_only(agent):
    token = personal_token(agent)
    row = PersonalToken.objects.get(user=agent)
    assert row.token_hash == token_hash(token) and token not in row.token_hash
    assert row.prefix == token[:16]
    assert Api(token).get("/api/v1/aanmeldingen/").status_code == 200


def test_an_expired_personal_token_is_refused(agent):
    token = personal_token(agent)
    PersonalToken.objects.filter(user=agent).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Api(token).get("/api/v1/aanmeldingen/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Het token is onbekend, verlopen of ingetrokken."
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_revoked_personal_token_is_refused_at_once(agent, other_regisseur):
    token = personal_token(agent)
    row = PersonalToken.objects.get(user=agent)
    with pytest.raises(ServiceError):
        api_services.revoke_personal_token(token=row, actor=other_regisseur)  # not the owner
    api_services.revoke_personal_token(token=row, actor=agent)
    assert Api(token).get("/api/v1/aanmeldingen/").status_code == 401


def test_a_deactivated_user_s_token_stops_working(agent):
    token = personal_token(agent)
    agent.is_active = False
    agent.save()
    assert Api(token).get("/api/v1/aanmeldingen/").status_code == 401


def test_tokens_are_limited_to_their_scopes(agent, case):
    token = personal_token(agent, scopes=["aanmeldingen"])
    response = Api(token).get("/api/v1/casussen/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Dit token heeft de scope ‘casussen’ niet."


def test_personal_tokens_expire_within_a_year_and_name_known_scopes(agent):
    with pytest.raises(ServiceError):
        api_services.create_personal_token(user=agent, name="x", scopes=["alles"])
    with pytest.raises(ServiceError):
        api_services.create_personal_token(user=agent, name="x", scopes=["casussen"], days=400)


def test_client_credentials_tokens_are_hashed_and_expire(partner_application):
    application, secret = partner_application
    # Hashed with Django's password hasher (PBKDF2 in production; the tests' fast MD5 here).
    assert application.client_secret != secret and identify_hasher(application.client_secret)
    response = client_credentials_token(application, secret)
    assert response.status_code == 200
    body = response.json()
    assert body["scope"] == "aanmeldingen" and 0 < body["expires_in"] <= 3600
    stored = AccessToken.objects.get(application=application)
    assert stored.token == "" and stored.token_checksum == token_hash(body["access_token"])
    assert Api(body["access_token"]).get("/api/v1/aanmeldingen/").status_code == 200
    AccessToken.objects.filter(pk=stored.pk).update(expires=timezone.now() - timedelta(seconds=1))
    assert Api(body["access_token"]).get("/api/v1/aanmeldingen/").status_code == 401


def test_a_partner_application_gets_no_case_or_figure_scopes(partner_application):
    application, secret = partner_application
    response = client_credentials_token(application, secret, scope="casussen")
    assert response.status_code == 400 and response.json()["error"] == "invalid_scope"


def test_a_wrong_client_secret_gets_no_token(partner_application):
    application, _ = partner_application
    assert client_credentials_token(application, "geraden").status_code == 401


def test_revoking_an_application_ends_its_tokens_and_account(
    application_api, partner_application, functioneel_beheerder
):
    application, _ = partner_application
    assert application_api.get("/api/v1/aanmeldingen/").status_code == 200
    api_services.revoke_partner_application(actor=functioneel_beheerder, application=application)
    assert application_api.get("/api/v1/aanmeldingen/").status_code == 401
    application.user.refresh_from_db()
    assert not application.user.is_active


def test_only_the_functional_admin_registers_applications(regisseur, politie):
    with pytest.raises(ServiceError):
        api_services.register_partner_application(actor=regisseur, organisation=politie, name="X")


def test_the_browser_session_opens_no_api_data(client, agent):
    login(client, agent)
    response = client.get("/api/v1/aanmeldingen/")
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"


def test_a_garbage_token_is_refused_with_a_problem(db):
    for token in ["", "zvh_pat_", "x" * 5000, "zvh_pat_\u00e9"]:
        response = Api(None).get("/api/v1/aanmeldingen/", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token
        assert response["Content-Type"] == "application/problem+json"


@override_settings(API_RATE_LIMIT="3/min")
def test_every_client_is_rate_limited_on_its_own(agent, colleague):
    first, second = Api(personal_token(agent)), Api(personal_token(colleague))
    assert [first.get("/api/v1/aanmeldingen/").status_code for _ in range(3)] == [200, 200, 200]
    limited = first.get("/api/v1/aanmeldingen/")
    assert limited.status_code == 429
    assert limited.json()["title"] == "Te veel verzoeken" and int(limited["Retry-After"]) > 0
    assert second.get("/api/v1/aanmeldingen/").status_code == 200


def test_the_benchmark_accounts_get_a_working_api_token(agent):
    """bench/accounts.py gives every API journey's account a personal token (bench/locustfile.py)."""
    from bench.accounts import api_token

    assert Api(api_token(agent)).get("/api/v1/aanmeldingen/").status_code == 200
