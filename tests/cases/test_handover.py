"""Handover and absence (issue 15): a procesregisseur hands cases to a colleague with a reason, a
deputy directs someone's running cases for a period, and no case is ever left without an active
regisseur. Grants follow in the same transaction; the old regisseur keeps nothing."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cases import selectors, services
from cases.models import CaseHandover, Meeting, Phase, TimelineKind
from cases.services import handover
from cases.services.handover import MAX_DEPUTYSHIP_DAYS
from notifications.models import OutboxMessage
from privacy import policy
from privacy.models import AccessLogEntry
from registry.services import assign_role
from tests.auth import login
from tests.factories import closing_evaluation, make_case
from zvh.errors import ServiceError


def today():
    return timezone.localdate()


def test_handover_moves_direction_and_grants_at_once(case, regisseur, other_regisseur, agent):
    [done] = handover.hand_over_cases(actor=regisseur, cases=[case], to_user=other_regisseur, reason="Werkverdeling")
    case.refresh_from_db()
    assert case.procesregisseur == other_regisseur
    assert policy.may_change_case(other_regisseur, case)
    assert not policy.may_view_case(regisseur, case), "the old regisseur keeps nothing"
    assert policy.may_view_case(agent, case), "partners at the table keep their seat"
    entry = case.timeline.get(kind=TimelineKind.HANDOVER)
    assert "Werkverdeling" in entry.text and entry.author == regisseur
    assert done.from_user == regisseur and done.to_user == other_regisseur
    # The change log (django-auditlog) records the new regisseur on the case.
    changes = [entry.changes_dict for entry in LogEntry.objects.get_for_object(case)]
    assert any("procesregisseur" in change for change in changes)
    # The new regisseur is told; the old one handed over themselves, so needs no message.
    told = OutboxMessage.objects.filter(kind="overdracht")
    assert list(told.values_list("recipient", flat=True)) == [other_regisseur.pk]


def test_many_cases_at_once_and_all_or_nothing(regisseur, other_regisseur, manager):
    mine = [make_case(regisseur=regisseur) for _ in range(3)]
    theirs = make_case(regisseur=other_regisseur)
    third = make_case(regisseur=regisseur)
    with pytest.raises(ServiceError, match="geen actieve procesregisseur"):
        handover.hand_over_cases(actor=regisseur, cases=mine, to_user=manager, reason="Vertrek")
    with pytest.raises(PermissionDenied):
        handover.hand_over_cases(actor=regisseur, cases=[*mine, theirs], to_user=other_regisseur, reason="Vertrek")
    assert all(c.procesregisseur == regisseur for c in selectors.handover_candidates(regisseur))
    handover.hand_over_cases(actor=regisseur, cases=[*mine, third], to_user=other_regisseur, reason="Vertrek")
    assert CaseHandover.objects.count() == 4
    assert selectors.handover_candidates(regisseur) == []


def test_reason_and_target_are_required_with_field_messages(case, regisseur, other_regisseur):
    with pytest.raises(ServiceError) as refused:
        handover.hand_over_cases(actor=regisseur, cases=[case], to_user=other_regisseur, reason="  ")
    assert refused.value.field == "reason"
    with pytest.raises(ServiceError) as refused:
        handover.hand_over_cases(actor=regisseur, cases=[case], to_user=regisseur, reason="Terug")
    assert refused.value.field == "to_user" and case.reference in refused.value.message


def test_partner_at_the_table_cannot_hand_over(case, agent, other_regisseur):
    with pytest.raises(PermissionDenied):
        handover.hand_over_cases(actor=agent, cases=[case], to_user=other_regisseur, reason="x")


def test_closed_case_read_access_moves_with_it(case, regisseur, other_regisseur):
    services.change_phase(
        case=case, actor=regisseur, to_phase=Phase.AFGESLOTEN, expected_version=case.version,
        closure_reason="doelen_bereikt", closure_result="Rust in het gezin.", **closing_evaluation(case),
    )  # fmt: skip
    handover.hand_over_cases(actor=regisseur, cases=[case], to_user=other_regisseur, reason="Vertrek")
    case.refresh_from_db()
    assert policy.may_view_case(other_regisseur, case) and not policy.may_change_case(other_regisseur, case)
    assert not policy.may_view_case(regisseur, case)


def test_deactivating_or_changing_role_of_a_regisseur_with_running_cases_is_refused(case, regisseur, other_regisseur):
    regisseur.is_active = False
    with pytest.raises(ServiceError) as refused:
        assign_role(user=regisseur, role=regisseur.role)
    assert case.reference in refused.value.message and "Draag die eerst over" in refused.value.message
    regisseur.is_active = True
    with pytest.raises(ServiceError, match=case.reference):
        assign_role(user=regisseur, role="manager")
    regisseur.refresh_from_db()
    assert regisseur.is_active and regisseur.is_procesregisseur
    handover.hand_over_cases(actor=regisseur, cases=[case], to_user=other_regisseur, reason="Vertrek")
    regisseur.is_active = False
    assign_role(user=regisseur, role=regisseur.role)  # nothing running left: allowed
    regisseur.refresh_from_db()
    assert not regisseur.is_active


def test_admin_refuses_deactivation_with_the_references(client, case, regisseur):
    from tests.factories import UserFactory

    superuser = UserFactory(username="root", functional_admin=True)
    superuser.is_superuser = True
    superuser.save()
    login(client, superuser)
    url = reverse("admin:partners_user_change", args=[regisseur.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | tuple)}
    data.update({"username": regisseur.username, "role": "procesregisseur", "is_active": ""})
    data["date_joined_0"], data["date_joined_1"] = regisseur.date_joined.strftime("%Y-%m-%d %H:%M:%S").split()
    data.pop("last_login", None)
    data.pop("password", None)
    data.pop("date_joined", None)
    response = client.post(url, data, follow=True)
    regisseur.refresh_from_db()
    assert regisseur.is_active
    assert case.reference in response.content.decode()


def test_deputy_directs_during_the_period_only(case, regisseur, other_regisseur, agent):
    deputyship = handover.set_deputy(
        actor=regisseur, regisseur=regisseur, deputy=other_regisseur, starts_on=today(), ends_on=today() + timedelta(7)
    )
    case.refresh_from_db()
    assert policy.may_change_case(other_regisseur, case), "grants follow at once when the period starts today"
    assert policy.may_change_case(regisseur, case), "the regisseur keeps directing beside the deputy"
    assert case.timeline.filter(kind=TimelineKind.DEPUTY).exists()
    assert OutboxMessage.objects.filter(kind="vervanging", recipient=other_regisseur).exists()
    # The deputy may hand over and reads restricted notes, as the regisseur would.
    note = services.add_note(case=case, author=agent, text="Alleen regie", restricted=True)
    assert policy.may_read_restricted(other_regisseur, note)
    assert policy.may_hand_over(other_regisseur, case)
    # After the period the nightly job takes the grants back.
    deputyship.ends_on = today() - timedelta(days=1)
    deputyship.starts_on = today() - timedelta(days=8)
    deputyship.save()
    assert handover.sync_deputy_access() == 1
    assert not policy.may_view_case(other_regisseur, case)


def test_future_deputyship_starts_with_the_daily_job(case, regisseur, other_regisseur):
    start = today() + timedelta(days=3)
    handover.set_deputy(actor=regisseur, regisseur=regisseur, deputy=other_regisseur, starts_on=start, ends_on=start)
    assert not policy.may_view_case(other_regisseur, case)
    handover.sync_deputy_access(today=start)
    # The policy looks at the real date; the job only re-syncs. Simulate the day by moving the period.
    from cases.models import Deputyship

    Deputyship.objects.update(starts_on=today(), ends_on=today())
    handover.sync_deputy_access()
    assert policy.may_change_case(other_regisseur, case)


def test_ending_a_deputyship_early_takes_access_back(case, regisseur, other_regisseur, manager):
    deputyship = handover.set_deputy(
        actor=manager, regisseur=regisseur, deputy=other_regisseur, starts_on=today(), ends_on=today() + timedelta(30)
    )
    assert not policy.may_view_case(manager, case), "a manager arranging a deputy gains no access"
    handover.end_deputyship(actor=regisseur, deputyship=deputyship)
    assert not policy.may_view_case(other_regisseur, case)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [(-1, 3, "starts_on"), (3, 1, "ends_on"), (0, MAX_DEPUTYSHIP_DAYS, "ends_on")],
)
def test_deputy_period_is_checked(regisseur, other_regisseur, start, end, field):
    with pytest.raises(ServiceError) as refused:
        handover.set_deputy(
            actor=regisseur, regisseur=regisseur, deputy=other_regisseur,
            starts_on=today() + timedelta(start), ends_on=today() + timedelta(end),
        )  # fmt: skip
    assert refused.value.field == field


def test_overlapping_deputyships_and_others_absence_refused(regisseur, other_regisseur, agent):
    handover.set_deputy(
        actor=regisseur, regisseur=regisseur, deputy=other_regisseur, starts_on=today(), ends_on=today() + timedelta(5)
    )
    with pytest.raises(ServiceError, match="al een vervanging"):
        handover.set_deputy(
            actor=regisseur, regisseur=regisseur, deputy=other_regisseur,
            starts_on=today() + timedelta(5), ends_on=today() + timedelta(9),
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # a regisseur arranges only their own absence
        handover.set_deputy(
            actor=other_regisseur, regisseur=regisseur, deputy=other_regisseur, starts_on=today(), ends_on=today()
        )
    with pytest.raises(ServiceError) as refused:
        handover.set_deputy(
            actor=other_regisseur, regisseur=other_regisseur, deputy=agent, starts_on=today(), ends_on=today()
        )
    assert refused.value.field == "deputy"


def test_team_caseload_counts(case, regisseur, other_regisseur):
    make_case(regisseur=regisseur)
    plan = services.start_plan(case=case, actor=regisseur)
    services.add_action(
        plan=plan, actor=regisseur, description="Huisbezoek", owner_organisation=case.participants.first().organisation,
        deadline=today() - timedelta(days=2),
    )  # fmt: skip
    services.schedule_meeting(
        case=case, actor=regisseur, starts_at=timezone.now() + timedelta(minutes=5), is_online=True
    )
    rows = {row["regisseur"]: row for row in selectors.team_caseload(today())}
    assert rows[regisseur]["running_cases"] == 2
    assert rows[regisseur]["overdue_actions"] == 1
    expected_meetings = Meeting.objects.filter(starts_at__lt=selectors.week_bounds(today())[1]).count()
    assert rows[regisseur]["meetings_this_week"] == expected_meetings
    assert rows[other_regisseur]["running_cases"] == 0
    assert "2 lopend" in selectors.caseload_label(rows[regisseur])


def test_team_screen_shows_numbers_not_case_content(client, case, manager):
    login(client, manager)
    page = client.get(reverse("cases:team")).content.decode()
    assert "Sanne de Vries" in page
    assert case.reference not in page and "Aalbers" not in page
    assert AccessLogEntry.objects.filter(user=manager, object_type="teamoverzicht", allowed=True).exists()


def test_handover_page_end_to_end(client, case, regisseur, other_regisseur):
    login(client, regisseur)
    page = client.get(reverse("cases:handover"), {"casus": case.reference})
    content = page.content.decode()
    assert case.reference in content and "0 lopend" in content  # caseload beside the colleague's name
    assert f'value="{case.pk}"' in content and "checked" in content
    # Nothing typed is lost when the reason is missing.
    response = client.post(reverse("cases:handover"), {"cases": [case.pk], "to_user": other_regisseur.pk, "reason": ""})
    assert "Geef de reden van de overdracht." in response.content.decode()
    data = {"cases": [case.pk], "to_user": other_regisseur.pk, "reason": "Verlof van lange duur"}
    response = client.post(reverse("cases:handover"), data)
    assert response.status_code == 302
    # A double submit makes no second handover.
    again = client.post(reverse("cases:handover"), data)
    assert again.status_code == 200 and CaseHandover.objects.count() == 1
    assert "niet (meer) overdragen" in again.content.decode()
    entry = AccessLogEntry.objects.get(user=regisseur, object_type="overdracht", allowed=True)
    assert entry.case_id == case.pk and entry.action == "change"


def test_triage_offers_regisseurs_with_their_caseload(client, escalation, regisseur, other_regisseur):
    make_case(regisseur=other_regisseur)
    login(client, regisseur)
    page = client.get(reverse("escalations:decide", args=[escalation.reference])).content.decode()
    assert "1 lopend · 0 overleggen deze week · 0 acties over tijd" in page


def test_the_case_page_names_the_deputy_while_the_regisseur_is_away(client, case, regisseur, other_regisseur, agent):
    handover.set_deputy(
        actor=regisseur, regisseur=regisseur, deputy=other_regisseur, starts_on=today(), ends_on=today() + timedelta(3)
    )
    login(client, agent)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert f"afwezig; vervanger {other_regisseur.get_full_name()}" in page
