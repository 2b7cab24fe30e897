import json
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command

from cases.models import Case, Person, Phase
from partners.models import Organisation, Role, User
from privacy import policy
from tests.demo.story_checks import (
    check_dashboard_shows_real_figures_per_programme,
    check_timeline_and_audit_follow_the_demo_dates,
)


@pytest.fixture
def manifest(db, tmp_path):
    path = tmp_path / "manifest.json"
    call_command("seed_demo", "--manifest", str(path), "--allow-without-debug", "--quiet-logins")
    return json.loads(path.read_text())


def check_demo_covers_every_role_and_enough_cases(manifest):
    roles = Counter(u["role"] for u in manifest["users"])
    assert roles[Role.PROCESREGISSEUR] >= 2
    assert roles[Role.PARTNERPROFESSIONAL] >= 12
    assert {Role.MANAGER, Role.PRIVACYFUNCTIONARIS, Role.FUNCTIONEEL_BEHEERDER} <= set(roles)
    partner_orgs = {u["organisation"] for u in manifest["users"] if u["role"] == Role.PARTNERPROFESSIONAL}
    assert len(partner_orgs) >= 6
    assert len(manifest["cases"]) >= 60
    assert len({c["programme"] for c in manifest["cases"]}) == 7
    assert set(Case.objects.values_list("phase", flat=True)) == set(Phase.values)  # advies: COM-advies
    assert set(Case.objects.values_list("ave_level", flat=True)) == {1, 2, 3, 4}
    assert Organisation.objects.filter(name="Reinier van Arkel").exists()


def check_every_demo_person_has_a_unique_full_name(manifest):
    names = [p.full_name for p in Person.objects.all()]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(n for c in manifest["cases"] for n in c["person_names"])


def check_running_twice_adds_nothing(manifest, tmp_path):
    counts = (Case.objects.count(), Person.objects.count(), User.objects.count(), Organisation.objects.count())
    again = tmp_path / "again.json"
    call_command("seed_demo", "--manifest", str(again), "--allow-without-debug", "--quiet-logins")
    assert counts == (Case.objects.count(), Person.objects.count(), User.objects.count(), Organisation.objects.count())
    assert json.loads(again.read_text()) == manifest


def check_manifest_shape(manifest):
    assert manifest["login_url"].endswith("/inloggen/")
    for user in manifest["users"]:
        assert set(user) == {"username", "password", "role", "organisation", "totp_secret"}
        assert len(user["totp_secret"]) == 32 and user["totp_secret"].isalnum()  # base32, 20 bytes
    for case in manifest["cases"]:
        assert set(case) == {"reference", "url", "programme", "person_names", "visible_to"}
        assert case["url"].endswith(f"/casussen/{case['reference']}/")


def check_plan_and_policy_agree_on_who_sees_what(manifest):
    """visible_to comes from the seeding plan; the policy must grant exactly that."""
    users = {u.username: u for u in User.objects.all()}
    cases = {c.reference: c for c in Case.objects.all()}
    for entry in manifest["cases"]:
        case = cases[entry["reference"]]
        actual = sorted(name for name, user in users.items() if policy.may_view_case(user, case))
        assert actual == entry["visible_to"], entry["reference"]
    # The plan exercises the interesting cases: closed cases and professionals who left the table.
    assert any(len(c["visible_to"]) == 1 for c in manifest["cases"])


def test_refuses_without_debug_unless_told(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", "--quiet-logins")


def check_demo_has_escalations_in_every_state(manifest):
    from cases.models import Escalation, EscalationStatus

    assert set(Escalation.objects.values_list("status", flat=True)) == set(EscalationStatus.values)
    accepted = Escalation.objects.filter(status=EscalationStatus.ACCEPTED)
    assert all(e.case_id for e in accepted)
    assert {e.case.reference for e in accepted} <= {c["reference"] for c in manifest["cases"]}


def check_demo_login_works_with_password_and_the_manifest_totp_secret(manifest, client):
    """What the independent crawler does: password, then a code computed from totp_secret."""
    import base64

    from django_otp.oath import TOTP

    demo = next(u for u in manifest["users"] if u["username"] == "politie1")
    client.post("/inloggen/", {"username": demo["username"], "password": demo["password"]})
    key = base64.b32decode(demo["totp_secret"] + "=" * (-len(demo["totp_secret"]) % 8))
    client.post("/inloggen/tweede-stap/", {"token": f"{TOTP(key).token():06d}"})
    assert client.get("/casussen/").status_code == 200


def check_demo_has_plans_and_meetings():
    from django.utils import timezone

    from cases.models import Meeting, MeetingStatus, PlanStatus, ProcessPlan

    assert set(ProcessPlan.objects.values_list("status", flat=True)) == set(PlanStatus.values)
    assert ProcessPlan.objects.filter(status=PlanStatus.AGREED, actions__isnull=False).exists()
    assert Meeting.objects.filter(status=MeetingStatus.HELD).exclude(minutes="").exists()
    assert Meeting.objects.filter(status=MeetingStatus.PLANNED, starts_at__gt=timezone.now()).exists()


def check_demo_shows_the_team_features_with_consistent_dates():
    """Issue 15: a handed-over case, a deputy directing an absent regisseur's cases, a restricted
    note; seats carry the case's dates, not the seeding day."""
    from django.utils import timezone

    from cases.models import CaseHandover, Deputyship, Participant, TimelineEntry

    handover = CaseHandover.objects.select_related("case", "from_user", "to_user").get()
    assert (handover.from_user.username, handover.to_user.username) == ("regisseur3", "regisseur2")
    assert handover.case.procesregisseur == handover.to_user
    deputyship = Deputyship.objects.get()
    running = Case.objects.filter(procesregisseur=deputyship.regisseur).exclude(phase="afgesloten").first()
    assert policy.may_change_case(deputyship.deputy, running)
    note = TimelineEntry.objects.get(restricted=True)
    assert note.author_organisation.name == "GGZ Oost Brabant"
    today = timezone.localdate()
    old = Participant.objects.filter(case__opened_on__lt=today - timedelta(days=30)).select_related("case")
    wrong = [
        (p.case.reference, p.case.opened_on, p.joined_on) for p in old if not p.case.opened_on <= p.joined_on < today
    ]
    assert old.exists() and wrong == []


def test_demo_data(manifest, tmp_path, client):
    """One seeding (it takes seconds), every property of the demo checked on it."""
    check_demo_covers_every_role_and_enough_cases(manifest)
    check_every_demo_person_has_a_unique_full_name(manifest)
    check_running_twice_adds_nothing(manifest, tmp_path)
    check_manifest_shape(manifest)
    check_plan_and_policy_agree_on_who_sees_what(manifest)
    check_demo_has_escalations_in_every_state(manifest)
    check_demo_login_works_with_password_and_the_manifest_totp_secret(manifest, client)
    check_demo_has_plans_and_meetings()
    check_demo_shows_the_team_features_with_consistent_dates()
    check_timeline_and_audit_follow_the_demo_dates()  # issue 18
    check_dashboard_shows_real_figures_per_programme()
