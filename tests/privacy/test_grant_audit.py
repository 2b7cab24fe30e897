"""The nightly grant audit repairs drift between stored grants and the policy, and records every
repair for the privacy officer."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from privacy import policy
from privacy.grant_audit.services import audit_grants
from privacy.models import AccessLogEntry, CaseUserObjectPermission, GrantRepair
from tests.auth import login

pytestmark = pytest.mark.django_db


def _case_page(client, user, case):
    login(client, user)
    status = client.get(reverse("cases:detail", args=[case.reference])).status_code
    client.logout()
    return status


def test_a_grant_removed_behind_the_services_back_is_restored_and_recorded(client, case, agent):
    CaseUserObjectPermission.objects.filter(content_object=case, user=agent).delete()
    assert _case_page(client, agent, case) == 404

    result = audit_grants()

    assert (result.cases_checked, result.cases_repaired) == (1, 1)
    repair = GrantRepair.objects.get()
    assert (repair.case_reference, repair.username) == (case.reference, agent.username)
    assert repair.granted == sorted([policy.CONTRIBUTE, policy.VIEW]) and repair.revoked == []
    assert _case_page(client, agent, case) == 200


def test_a_grant_nobody_should_hold_is_revoked_and_recorded(client, case, colleague):
    CaseUserObjectPermission.objects.create(
        content_object=case, user=colleague, permission=Permission.objects.get(codename=policy.VIEW)
    )
    assert _case_page(client, colleague, case) == 200

    audit_grants()

    repair = GrantRepair.objects.get()
    assert (repair.username, repair.granted, repair.revoked) == (colleague.username, [], [policy.VIEW])
    assert _case_page(client, colleague, case) == 404


def test_grants_that_match_the_policy_are_left_alone_and_a_second_run_finds_nothing(case, agent):
    assert audit_grants().cases_repaired == 0
    CaseUserObjectPermission.objects.filter(content_object=case, user=agent).delete()
    assert audit_grants().cases_repaired == 1
    assert audit_grants().cases_repaired == 0
    assert GrantRepair.objects.count() == 1


def test_the_privacy_officer_sees_each_repair_and_the_viewing_is_logged(client, case, agent, privacy_officer):
    CaseUserObjectPermission.objects.filter(content_object=case, user=agent).delete()
    audit_grants()
    login(client, privacy_officer)
    response = client.get(reverse("privacy:grant_repairs"))
    page = response.content.decode()
    assert response.status_code == 200
    assert case.reference in page and agent.username in page and "bijdragen, inzien" in page
    entry = AccessLogEntry.objects.filter(user=privacy_officer, object_type="herstelde toegangsrechten").get()
    assert entry.allowed and case.pk in entry.case_ids


def test_nobody_but_the_privacy_officer_sees_the_repairs(client, regisseur):
    login(client, regisseur)
    assert client.get(reverse("privacy:grant_repairs")).status_code == 403
    assert AccessLogEntry.objects.filter(user=regisseur, allowed=False).exists()


def test_the_audit_can_be_run_by_hand(case, agent):
    from io import StringIO

    from django.core.management import call_command

    CaseUserObjectPermission.objects.filter(content_object=case, user=agent).delete()
    out = StringIO()
    call_command("audit_grants", stdout=out)
    assert "1 casussen gecontroleerd, 1 hersteld (1 meldingen" in out.getvalue()
