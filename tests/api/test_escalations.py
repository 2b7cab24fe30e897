"""Submitting an escalation through the API: the same checks and Dutch messages as the form, one
escalation per Idempotency-Key (also for two concurrent requests), the status and feedback read
back, and every call in the access log with the application as "via toepassing"."""

import copy
import threading
import uuid

import pytest
from django.db import connection

from cases import services
from cases.models import BottleneckCategory, Escalation, EscalationStatus
from privacy.models import AccessAction, AccessLogEntry
from tests.api.conftest import ESCALATION, Api, client_credentials_token
from tests.factories import make_escalation

pytestmark = pytest.mark.django_db


def payload(**overrides):
    body = copy.deepcopy(ESCALATION)
    body["bottleneck_categories"] = list(BottleneckCategory.objects.values_list("pk", flat=True)[:2])
    body.update(overrides)
    return body


def test_a_partner_application_submits_an_escalation_for_its_organisation(application_api, service_account, politie):
    response = application_api.post("/api/v1/aanmeldingen/", payload(), headers={"Idempotency-Key": "bvh-2026-1"})
    assert response.status_code == 201, response.content
    body = response.json()
    escalation = Escalation.objects.get(reference=body["reference"])
    assert escalation.submitted_by == service_account and escalation.referrer_organisation == politie
    assert [p.last_name for p in escalation.persons.order_by("pk")] == ["Driessen", "Driessen"]
    assert body["status"] == EscalationStatus.SUBMITTED and body["feedback"] == ""
    assert response["Location"] == f"/api/v1/aanmeldingen/{escalation.reference}/"
    entry = AccessLogEntry.objects.get(object_reference=escalation.reference, action=AccessAction.CREATE)
    assert entry.on_behalf_of == "Politie"
    assert entry.client_application.startswith("toepassing Politie: Politie BVH-koppeling")


def test_a_retried_post_with_the_same_key_yields_one_escalation(application_api):
    first = application_api.post("/api/v1/aanmeldingen/", payload(), headers={"Idempotency-Key": "k-1"})
    again = application_api.post("/api/v1/aanmeldingen/", payload(), headers={"Idempotency-Key": "k-1"})
    assert first.status_code == 201 and again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert first.json()["reference"] == again.json()["reference"]
    assert Escalation.objects.count() == 1
    other = application_api.post("/api/v1/aanmeldingen/", payload(), headers={"Idempotency-Key": "k-2"})
    assert other.status_code == 201 and Escalation.objects.count() == 2


def test_the_same_key_of_another_client_is_another_escalation(application_api, api_as, agent):
    application_api.post("/api/v1/aanmeldingen/", payload(), headers={"Idempotency-Key": "gedeeld"})
    response = api_as(agent).post("/api/v1/aanmeldingen/", payload(), headers={"Idempotency-Key": "gedeeld"})
    assert response.status_code == 201
    assert Escalation.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_posts_with_one_key_create_one_escalation(partner_application):
    application, secret = partner_application
    token = client_credentials_token(application, secret).json()["access_token"]
    body = payload()
    barrier = threading.Barrier(2)
    responses = []

    def post():
        try:
            barrier.wait()
            responses.append(Api(token).post("/api/v1/aanmeldingen/", body, headers={"Idempotency-Key": "tegelijk"}))
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in responses) in ([200, 201], [201, 201])
    assert len({r.json()["reference"] for r in responses}) == 1
    assert Escalation.objects.count() == 1


def test_without_an_idempotency_key_nothing_is_submitted(application_api):
    response = application_api.post("/api/v1/aanmeldingen/", payload())
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {"field": "Idempotency-Key", "detail": "Stuur een Idempotency-Key-header (maximaal 200 tekens)."}
    ]
    assert Escalation.objects.count() == 0


def test_invalid_input_gets_the_forms_dutch_messages_with_field_paths(application_api):
    body = payload(bottleneck_categories=[], contact_phone="bel me")
    body["persons"][0]["bsn"] = "123456789"  # fails the eleven test
    body["persons"][1]["date_of_birth"] = "2999-01-01"
    response = application_api.post("/api/v1/aanmeldingen/", body, headers={"Idempotency-Key": "fout"})
    assert response.status_code == 400
    problem = response.json()
    assert problem["type"] == "urn:zvh:probleem:ongeldige-invoer" and problem["status"] == 400
    assert problem["title"] == "Ongeldige invoer" and problem["instance"] == "/api/v1/aanmeldingen/"
    errors = {e["field"]: e["detail"] for e in problem["errors"]}
    assert errors["bottleneck_categories"] == "Kies ten minste één knelpunt."
    assert errors["contact_phone"] == "Vul een telefoonnummer in, bijvoorbeeld 073 123 45 67."
    assert errors["persons[1].date_of_birth"] == "De geboortedatum kan niet in de toekomst liggen."
    assert "persons[0].bsn" in errors
    assert Escalation.objects.count() == 0
    # Corrected, the same key now submits.
    fixed = application_api.post("/api/v1/aanmeldingen/", payload(), headers={"Idempotency-Key": "fout"})
    assert fixed.status_code == 201


def test_the_not_informed_rule_of_the_form_holds(application_api):
    body = payload(not_informed_reason="anders", not_informed_explanation="")
    response = application_api.post("/api/v1/aanmeldingen/", body, headers={"Idempotency-Key": "x"})
    assert {e["field"]: e["detail"] for e in response.json()["errors"]} == {
        "not_informed_explanation": "Licht toe waarom de betrokkene niet is geïnformeerd."
    }


@pytest.mark.parametrize(
    "body",
    [
        [],
        "tekst",
        None,
        {"persons": "Jan"},
        {"persons": [1, 2]},
        {"persons": [{"first_name": ["a"]}]},
        {"reason": {"a": 1}, "persons": []},
        {"ave_level": [1], "municipality": {"x": 1}, "bottleneck_categories": "1", "persons": [{}]},
        {"bottleneck_categories": [10**30, "\x00"], "persons": [{"first_name": "\x00", "last_name": "x"}]},
        {"person_informed": "misschien", "persons": [{}] * 11},
    ],
)
def test_any_json_gets_a_problem_document_never_a_500(application_api, body):
    response = application_api.post("/api/v1/aanmeldingen/", body, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"]


def test_malformed_json_and_other_content_types_are_problems(application_api):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {application_api.token}", "HTTP_IDEMPOTENCY_KEY": "y"}
    broken = application_api.client.post("/api/v1/aanmeldingen/", "{nee", content_type="application/json", **headers)
    assert broken.status_code == 400 and broken["Content-Type"] == "application/problem+json"
    form = application_api.client.post("/api/v1/aanmeldingen/", {"reason": "x"}, **headers)
    assert form.status_code == 415 and form.json()["title"] == "Niet-ondersteund formaat"


def test_status_and_feedback_are_read_back_and_logged(application_api, service_account, regisseur):
    escalation = make_escalation(submitted_by=service_account)
    services.decide_escalation(
        escalation=escalation,
        actor=regisseur,
        outcome=EscalationStatus.BACK_TO_LOCAL,
        feedback="Pak dit op in het lokale zorgnetwerk.",
        expected_version=escalation.version,
    )
    response = application_api.get(f"/api/v1/aanmeldingen/{escalation.reference}/")
    assert response.status_code == 200
    body = response.json()
    assert (
        body["status"] == EscalationStatus.BACK_TO_LOCAL and body["feedback"] == "Pak dit op in het lokale zorgnetwerk."
    )
    assert body["decided_at"] is not None and body["case_reference"] is None
    entry = AccessLogEntry.objects.get(object_reference=escalation.reference, action=AccessAction.VIEW)
    assert entry.allowed and entry.user == service_account and entry.client_application.startswith("toepassing")
    listed = application_api.get("/api/v1/aanmeldingen/")
    assert [e["reference"] for e in listed.json()] == [escalation.reference]


def test_another_referrers_escalation_is_not_found_and_the_refusal_logged(application_api, escalation):
    response = application_api.get(f"/api/v1/aanmeldingen/{escalation.reference}/")
    assert response.status_code == 404
    assert response.json()["title"] == "Niet gevonden"
    refused = AccessLogEntry.objects.get(object_reference=escalation.reference)
    assert not refused.allowed and refused.client_application.startswith("toepassing")
    assert application_api.get("/api/v1/aanmeldingen/").json() == []
