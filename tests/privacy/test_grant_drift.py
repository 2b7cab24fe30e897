"""The nightly grant check (privacy.tasks.repair_grant_drift_task): stored grants that drifted from
what privacy.policy derives are repaired through the grant service, and every repair is an incident
in the access log for the privacy officer."""

from django.contrib.auth.models import Permission

from privacy import policy
from privacy.models import AccessLogEntry, CaseUserObjectPermission
from privacy.services import GRANT_CHECK
from privacy.tasks import repair_grant_drift_task


def drift(case, colleague, agent):
    """A grant written past the services (a never-seated colleague may view) and one removed."""
    view = Permission.objects.get(content_type__app_label="cases", codename=policy.VIEW)
    CaseUserObjectPermission.objects.create(content_object=case, user=colleague, permission=view)
    CaseUserObjectPermission.objects.filter(
        content_object=case, user=agent, permission__codename=policy.CONTRIBUTE
    ).delete()


def test_drifted_grants_are_repaired_and_reported_as_incidents(case, agent, colleague, regisseur):
    drift(case, colleague, agent)
    assert policy.can_view(colleague, case)
    before = AccessLogEntry.objects.count()

    assert repair_grant_drift_task.delay().get() == 2

    assert not policy.can_view(colleague, case)
    assert policy.can_contribute(agent, case)
    grants = CaseUserObjectPermission.objects.filter(content_object=case)
    stored = set(grants.values_list("user_id", "permission__codename"))
    assert stored == {(uid, perm) for uid, perms in policy.desired_grants(case).items() for perm in perms}
    incidents = AccessLogEntry.objects.filter(username=GRANT_CHECK).order_by("object_reference")
    assert AccessLogEntry.objects.count() == before + 2
    assert [(e.case_reference, e.object_type, e.object_reference) for e in incidents] == [
        (case.reference, "toegangsrecht", "agent"),
        (case.reference, "toegangsrecht", "collega"),
    ]
    reasons = {e.object_reference: e.reason for e in incidents}
    assert "ontbrak en is toegekend" in reasons["agent"] and "bijdragen" in reasons["agent"]
    assert "ingetrokken" in reasons["collega"] and "inzien" in reasons["collega"]


def test_without_drift_the_check_changes_and_reports_nothing(case):
    before = set(CaseUserObjectPermission.objects.values_list("pk", flat=True))
    count = AccessLogEntry.objects.count()
    assert repair_grant_drift_task.delay().get() == 0
    assert set(CaseUserObjectPermission.objects.values_list("pk", flat=True)) == before
    assert AccessLogEntry.objects.count() == count
