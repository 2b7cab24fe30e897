"""The cases of seated professionals and regisseurs through the API, per role: the same policy as
the browser (404 for a case one may not see, 403 for an action one may not take), every read in the
access log with the personal token as "via toepassing"; action status through the plan service;
meetings; the agreed plan; the managers' figures with the small-number rule."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import services
from cases.models import ActionStatus, LifeDomain, TimelineEntry
from privacy.models import AccessAction, AccessLogEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def plan(case, regisseur, politie, ggz):
    nurse = UserFactory(username="spv", organisation=ggz)
    services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[nurse])
    plan = services.start_plan(case=case, actor=regisseur)
    housing = LifeDomain.objects.get(name="Huisvesting")
    goal = services.add_goal(plan=plan, actor=regisseur, domain=housing, description="Woning behouden")
    services.add_action(plan=plan, actor=regisseur, description="Huisbezoek afleggen", owner_organisation=politie,
                        deadline=TODAY + timedelta(days=14), goal=goal)  # fmt: skip
    services.add_action(plan=plan, actor=regisseur, description="Behandeling starten", owner_organisation=ggz,
                        deadline=TODAY + timedelta(days=30), goal=goal)  # fmt: skip
    plan.refresh_from_db()
    return services.agree_plan(plan=plan, actor=regisseur, expected_version=plan.version,
                               agreement_note="Casusoverleg", confirm_missing=True)  # fmt: skip


@pytest.mark.parametrize(
    ("role", "expected"),
    [("regisseur", 200), ("agent", 200), ("colleague", 404), ("other_regisseur", 404), ("manager", 404)],
)
def test_case_detail_per_role_and_logged(api_as, request, case, role, expected):
    response = api_as(role).get(f"/api/v1/casussen/{case.reference}/")
    assert response.status_code == expected
    user = request.getfixturevalue(role)
    entry = AccessLogEntry.objects.filter(user=user).latest("pk")
    assert entry.allowed == (expected == 200)
    assert entry.client_application.startswith("persoonlijk token script")
    if expected == 200:
        assert entry.case_id == case.pk and sorted(entry.person_ids) == sorted(
            case.persons.values_list("pk", flat=True)
        )
        body = response.json()
        assert body["reference"] == case.reference and {p["last_name"] for p in body["persons"]} == {"Aalbers"}
        assert "bsn" not in body["persons"][0]


def test_unknown_case_is_the_same_404(api_as):
    response = api_as("agent").get("/api/v1/casussen/ZVH-1999-9999/")
    assert response.status_code == 404 and response.json()["detail"] == "Casus niet gevonden"


def test_case_list_shows_only_visible_cases(api_as, case, colleague):
    assert [c["reference"] for c in api_as("agent").get("/api/v1/casussen/").json()] == [case.reference]
    assert api_as("colleague").get("/api/v1/casussen/").json() == []
    entry = AccessLogEntry.objects.filter(object_type="casuslijst", user__username="agent").get()
    assert entry.case_ids == [case.pk] and entry.action == AccessAction.LIST
    assert api_as("manager").get("/api/v1/casussen/").status_code == 403


def test_the_owning_partner_updates_its_action_through_the_service(api_as, case, plan, agent):
    actions = api_as("agent").get(f"/api/v1/casussen/{case.reference}/acties/").json()
    mine = next(a for a in actions if a["owner_organisation"] == "Politie")
    theirs = next(a for a in actions if a["owner_organisation"] != "Politie")
    assert mine["may_update"] and not theirs["may_update"]
    client = api_as("agent")
    response = client.post(
        f"/api/v1/casussen/{case.reference}/acties/{mine['id']}/status/", {"status": "gereed", "note": "Bezocht."}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == ActionStatus.DONE
    assert TimelineEntry.objects.filter(case=case, text__contains="Huisbezoek afleggen").exists()
    refused = client.post(f"/api/v1/casussen/{case.reference}/acties/{theirs['id']}/status/", {"status": "gereed"})
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Alleen de eigenaar van deze actie of de procesregisseur werkt de status bij."
    bad = client.post(f"/api/v1/casussen/{case.reference}/acties/{mine['id']}/status/", {"status": "klaar"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "status"
    assert (
        client.post(f"/api/v1/casussen/{case.reference}/acties/999999/status/", {"status": "gereed"}).status_code == 404
    )


def test_colleague_cannot_touch_actions_of_a_case_they_do_not_see(api_as, case, plan):
    action = plan.actions.first()
    url = f"/api/v1/casussen/{case.reference}/acties/{action.pk}/status/"
    assert api_as("colleague").post(url, {"status": "gereed"}).status_code == 404


def test_meetings_and_the_agreed_plan(api_as, case, plan, regisseur):
    services.schedule_meeting(case=case, actor=regisseur, starts_at=timezone.now() + timedelta(days=3), location="ZVH")
    meetings = api_as("agent").get(f"/api/v1/casussen/{case.reference}/overleggen/").json()
    assert [(m["location"], m["status"]) for m in meetings] == [("ZVH", "gepland")]
    body = api_as("agent").get(f"/api/v1/casussen/{case.reference}/plan/").json()
    assert body["version"] == plan.number and body["goals"] == [
        {"domain": "Huisvesting", "description": "Woning behouden"}
    ]
    assert {a["description"] for a in body["actions"]} == {"Huisbezoek afleggen", "Behandeling starten"}


def test_no_agreed_plan_is_a_404_problem(api_as, case):
    response = api_as("agent").get(f"/api/v1/casussen/{case.reference}/plan/")
    assert response.status_code == 404 and response.json()["detail"] == "Deze casus heeft nog geen vastgesteld plan."


def test_managers_read_the_figures_with_small_numbers_hidden(api_as, case, manager):
    response = api_as("manager").get("/api/v1/stuurinformatie/")
    assert response.status_code == 200
    body = response.json()
    cells = [cell for table in body["tables"] for row in table["rows"] for cell in row["cells"]]
    assert "< 5" in cells and 1 not in cells  # one case: shown as "< 5", never as 1
    entry = AccessLogEntry.objects.get(user=manager, object_type="dashboard")
    assert entry.allowed and entry.client_application.startswith("persoonlijk token")
    assert api_as("agent").get("/api/v1/stuurinformatie/").status_code == 403
    wrong = api_as("manager").get("/api/v1/stuurinformatie/", {"jaar": "1700"})
    assert wrong.status_code == 400 and wrong.json()["errors"][0]["field"] == "jaar"


def test_a_nul_character_anywhere_is_a_problem_not_a_database_error(api_as, case):
    """Found by schemathesis: PostgreSQL refuses text holding NUL with an error."""
    client = api_as("regisseur")
    for path, params in [
        ("/api/v1/casussen/", {"q": "Jan\x00"}),
        ("/api/v1/casussen/%00/", None),
        ("/api/v1/stuurinformatie/", {"programma": "\x00"}),
        (f"/api/v1/casussen/{case.reference}/acties/", {"x\x00": "1"}),
    ]:
        response = client.get(path, params)
        assert response.status_code == 400, path
        assert response.json()["errors"][0]["detail"] == "Dit veld bevat een ongeldig teken."


def test_the_privacy_officer_sees_the_api_client_in_the_access_log(api_as, case, client, privacy_officer):
    from tests.auth import login

    api_as("agent").get(f"/api/v1/casussen/{case.reference}/")
    login(client, privacy_officer)
    page = client.get("/privacy/toegangslog/", {"casus": case.reference}).content.decode()
    assert "via persoonlijk token script" in page
    raw = b"".join(client.get("/privacy/toegangslog/export/", {"casus": case.reference}).streaming_content)
    assert "persoonlijk token script" in raw.decode("utf-8-sig")
