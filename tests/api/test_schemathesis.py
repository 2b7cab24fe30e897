"""schemathesis against the API's own OpenAPI document (/api/v1/schema/): for every operation a
bounded number of generated requests, valid ones (positive) and invalid ones (negative), each sent
with every role's personal token, a partner application's token and none. No answer may be a 5xx,
and every answer must match the document: status code, content type and body (problem documents
included). Kept fast: a few examples per operation and mode, the WSGI app in process, no network.
(The operations are walked inside the test: schemathesis' pytest loader does not run on pytest 9.)"""

from datetime import timedelta

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cases import services
from cases.models import LifeDomain
from tests.api.conftest import ROLES, client_credentials_token, personal_token
from tests.factories import make_case
from zvh.wsgi import application

pytestmark = pytest.mark.django_db
EXAMPLES_PER_OPERATION = 5
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(tokens):
    # As Django's test client does: a request through the WSGI app must not close the test's
    # connection (its transaction holds the fixtures). After `tokens`, whose test-client calls
    # connect the handler again when they finish.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def known(case, escalation, regisseur, agent):
    """Real path parameters: the matrix's case (with a plan action of the agent's organisation)
    and escalation, so generated requests also reach the answers past the 404."""
    plan = services.start_plan(case=case, actor=regisseur)
    goal = services.add_goal(plan=plan, actor=regisseur, domain=LifeDomain.objects.first(), description="Rust")
    action = services.add_action(
        plan=plan, actor=regisseur, description="Huisbezoek", owner_organisation=agent.organisation,
        deadline=timezone.localdate() + timedelta(days=7), goal=goal,
    )  # fmt: skip
    return {"case": case.reference, "escalation": escalation.reference, "action_id": action.pk}


def path_parameters(operation, known) -> dict:
    names = {p.name for p in operation.path_parameters}
    found = {}
    if "reference" in names:
        found["reference"] = known["escalation"] if "/aanmeldingen/" in operation.path else known["case"]
    if "action_id" in names:
        found["action_id"] = known["action_id"]
    return found


@pytest.fixture
def tokens(request, known, partner_application, settings):
    """A token per role (and a partner application's), with a case and escalation to find."""
    settings.API_RATE_LIMIT = "100000/min"  # this test calls far more often than any client may
    make_case(regisseur=request.getfixturevalue("regisseur"))
    found = {role: personal_token(request.getfixturevalue(role)) for role in ROLES}
    application, secret = partner_application
    found["partner_application"] = client_credentials_token(application, secret).json()["access_token"]
    found["no_token"] = None
    return found


def exercise(operation, strategy, tokens: dict, mode, statuses: dict) -> None:
    """Up to EXAMPLES_PER_OPERATION generated requests of one operation, each with every token."""
    is_post = operation.method.upper() == "POST"

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        for token in tokens.values():
            headers = dict(case.headers or {})
            headers.setdefault("Accept-Encoding", "identity")  # the WSGI transport does not undo gzip
            if token:
                headers["Authorization"] = f"Bearer {token}"
            if is_post and mode == GenerationMode.POSITIVE:
                headers.setdefault("Idempotency-Key", "schemathesis")
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    run()


@pytest.mark.parametrize(
    ("mode", "with_known_paths"),
    [(GenerationMode.POSITIVE, True), (GenerationMode.POSITIVE, False), (GenerationMode.NEGATIVE, False)],
)
def test_every_operation_answers_by_its_schema_for_every_client(api_schema, tokens, known, mode, with_known_paths):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 11  # every operation of api/urls.py but the schema, docs and token endpoints
    statuses: dict[int, int] = {}
    for operation in operations:
        fixed = path_parameters(operation, known) if with_known_paths else {}
        exercise(
            operation,
            operation.as_strategy(generation_mode=mode, path_parameters=fixed or None),
            tokens,
            mode,
            statuses,
        )
    calls = sum(statuses.values())
    paths = "bekende kenmerken" if with_known_paths else "gegenereerde kenmerken"
    counted = sorted(statuses.items())
    print(f"schemathesis {mode.value}, {paths}: {len(operations)} operaties, {calls} verzoeken, statussen {counted}")
    assert not any(code >= 500 for code in statuses)
    assert calls >= len(operations) * len(tokens)
