"""Fixtures of the API tests: a personal token per role, a partner application with its token
(fetched through the real OAuth2 token endpoint), and a helper that calls the API with a token."""

import base64
import json

import pytest
from django.test import Client

from api import services as api_services
from api.permissions import PERSONAL_SCOPES
from partners.models import User
from tests.factories import UserFactory

ROLES = ["regisseur", "other_regisseur", "agent", "colleague", "manager", "privacy_officer", "functional_admin"]
ESCALATION = {
    "reason": "Escalerende ruzies en bedreigingen in de wijk.",
    "bottleneck_text": "Zorg en politie werken langs elkaar heen.",
    "ave_level": 3,
    "urgency": "normaal",
    "goal": "Eén gezamenlijk plan.",
    "person_informed": False,
    "not_informed_reason": "veiligheid",
    "contact_name": "Koppeling Politie",
    "contact_phone": "073 123 45 67",
    "contact_email": "koppeling@politie.example",
    "persons": [
        {"first_name": "Kees", "last_name": "Driessen", "role_in_case": "hoofdpersoon", "bsn": "123456782"},
        {"first_name": "Monique", "last_name": "Driessen", "role_in_case": "partner"},
    ],
}


def personal_token(user, scopes=PERSONAL_SCOPES, days=30) -> str:
    return api_services.create_personal_token(user=user, name="script", scopes=list(scopes), days=days)[1]


class Api:
    """Calls the API like a partner system: JSON, a bearer token, optional extra headers."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.token = token

    def _headers(self, headers):
        extra = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        extra.update({f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()})
        return extra

    def get(self, path, params=None, headers=None):
        return self.client.get(path, params or {}, **self._headers(headers))

    def post(self, path, body=None, headers=None):
        return self.client.post(
            path,
            json.dumps(body if body is not None else {}),
            content_type="application/json",
            **self._headers(headers),
        )


@pytest.fixture
def api_as(request):
    """`api_as("agent")` or `api_as(user)`: an API client with that user's personal token."""

    def make(who, scopes=PERSONAL_SCOPES):
        user = request.getfixturevalue(who) if isinstance(who, str) else who
        return Api(personal_token(user, scopes))

    return make


@pytest.fixture
def functioneel_beheerder(db):
    return UserFactory(username="beheer_api", functional_admin=True)


@pytest.fixture
def partner_application(functioneel_beheerder, politie):
    application, secret = api_services.register_partner_application(
        actor=functioneel_beheerder, organisation=politie, name="Politie BVH-koppeling"
    )
    return application, secret


def client_credentials_token(application, secret, scope="aanmeldingen"):
    basic = base64.b64encode(f"{application.client_id}:{secret}".encode()).decode()
    response = Client().post(
        "/api/v1/oauth/token/",
        {"grant_type": "client_credentials", "scope": scope},
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    return response


@pytest.fixture
def application_api(partner_application):
    application, secret = partner_application
    response = client_credentials_token(application, secret)
    assert response.status_code == 200, response.content
    return Api(response.json()["access_token"])


@pytest.fixture
def service_account(partner_application) -> User:
    return partner_application[0].user
