"""The need-to-know rules of architecture.md, checked against real grants in PostgreSQL."""

import pytest
from django.contrib.auth.models import Permission
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from privacy import policy
from privacy.models import AccessLogEntry, CaseUserObjectPermission
from privacy.services import log_access, rebuild_all_case_access
from registry.services import assign_role
from tests.factories import UserFactory


def test_regisseur_and_seated_partner_see_the_case(case, regisseur, agent):
    assert policy.may_view_case(regisseur, case)
    assert policy.may_view_case(agent, case)
    assert list(policy.cases_visible_to(agent)) == [case]


@pytest.mark.parametrize("who", ["colleague", "other_regisseur", "manager", "privacy_officer", "functional_admin"])
def test_nobody_else_sees_case_content(case, who, request):
    user = request.getfixturevalue(who)
    assert not policy.may_view_case(user, case)
    assert not policy.cases_visible_to(user).exists()


def test_superuser_status_gives_no_case_access(case):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert not policy.may_view_case(root, case)
    assert not policy.cases_visible_to(root).exists()


def test_inactive_user_loses_access(case, agent):
    agent.is_active = False
    agent.save()
    assert not policy.may_view_case(agent, case)


def test_no_model_wide_case_permission_is_ever_assigned(case):
    """guardian would let a model-wide view_case permission see every case: we grant none."""
    model_perms = Permission.objects.filter(content_type__app_label="cases", content_type__model="case")
    assert not model_perms.filter(user__isnull=False).exists()
    assert not model_perms.filter(group__isnull=False).exists()


def test_visible_cases_is_one_query(case, agent):
    with CaptureQueriesContext(connection) as queries:
        list(policy.cases_visible_to(agent))
    assert len(queries) == 1
    assert "privacy_caseuserobjectpermission" in queries[0]["sql"]


def test_grants_can_be_rebuilt_from_case_data(case, agent, regisseur):
    CaseUserObjectPermission.objects.all().delete()
    assert not policy.may_view_case(agent, case)
    rebuild_all_case_access()
    assert policy.may_view_case(agent, case)
    assert policy.may_change_case(regisseur, case)
    assert not policy.may_change_case(agent, case)


def test_access_log_is_append_only_in_the_application(regisseur, case):
    entry = log_access(user=regisseur, action="view", case=case, allowed=True)
    entry.reason = "gewijzigd"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()


@pytest.mark.parametrize(
    "statement", ["UPDATE privacy_accesslogentry SET reason = 'x'", "DELETE FROM privacy_accesslogentry"]
)
def test_access_log_is_append_only_in_the_database(regisseur, case, statement):
    log_access(user=regisseur, action="view", case=case, allowed=True)
    with pytest.raises(DatabaseError, match="alleen-toevoegen"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AccessLogEntry.objects.count() == 1


def test_bsn_like_numbers_never_reach_the_log(regisseur):
    entry = log_access(user=regisseur, action="search", allowed=True, reason="zoekterm: 111222333")
    assert "111222333" not in entry.reason


def test_a_changed_role_ends_case_access_at_once(case, agent, regisseur):

    assign_role(user=agent, role="manager")
    assert not policy.may_view_case(agent, case)
    # A regisseur keeps read access to the cases they closed; a new role ends it at once. (While
    # they direct running cases the change is refused: tests/cases/test_handover.py.)
    from cases import services
    from tests.factories import closing_evaluation

    case.refresh_from_db()
    services.change_phase(
        case=case, actor=regisseur, to_phase="afgesloten", expected_version=case.version,
        closure_reason="doelen_bereikt", closure_result="Klaar", **closing_evaluation(case),
    )  # fmt: skip
    assert policy.may_view_case(regisseur, case)
    assign_role(user=regisseur, role="functioneel_beheerder")
    assert not policy.may_view_case(regisseur, case)


def test_moving_to_another_organisation_ends_the_seat_access(case, agent, ggz):

    agent.organisation = ggz
    agent.save()
    assign_role(user=agent, role=agent.role)
    assert not policy.may_view_case(agent, case)


def test_running_cases_are_exactly_the_visible_cases_that_are_not_closed(case, regisseur, agent, politie):
    """`running_cases_visible_to` reads only CONTRIBUTE grants; that must equal the visible cases
    minus the closed ones for every way a case opens, closes or a seat ends."""
    from cases import services
    from cases.models import Phase
    from tests.factories import closing_evaluation, make_case

    closed = make_case(regisseur=regisseur)
    services.seat_partner(case=closed, actor=regisseur, organisation=politie, professionals=[agent])
    for to_phase in (Phase.TRIAGE, Phase.ANALYSE, Phase.AFGESLOTEN):
        closed.refresh_from_db()
        services.change_phase(
            case=closed,
            actor=regisseur,
            to_phase=to_phase,
            expected_version=closed.version,
            closure_reason="doelen_bereikt" if to_phase == Phase.AFGESLOTEN else "",
            closure_result="Afgerond." if to_phase == Phase.AFGESLOTEN else "",
            **(closing_evaluation(closed) if to_phase == Phase.AFGESLOTEN else {}),
        )
    left = make_case(regisseur=regisseur)
    services.seat_partner(case=left, actor=regisseur, organisation=politie, professionals=[agent])
    services.unseat_partner(participant=left.participants.get(), actor=regisseur)
    for user in (regisseur, agent):
        running = set(policy.running_cases_visible_to(user).values_list("pk", flat=True))
        expected = set(policy.cases_visible_to(user).exclude(phase=Phase.AFGESLOTEN).values_list("pk", flat=True))
        assert running == expected
    assert set(policy.running_cases_visible_to(regisseur).values_list("pk", flat=True)) == {case.pk, left.pk}
    assert set(policy.running_cases_visible_to(agent).values_list("pk", flat=True)) == {case.pk}
    # closed: read-only for its regisseur, listed on request
    assert closed.pk in policy.cases_visible_to(regisseur).values_list(
        "pk", flat=True
    )  # read-only, still listed on request
