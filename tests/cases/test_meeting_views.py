"""Case meeting screens (casusoverleg): the regisseur schedules, records and decides; partners at the
table read; nobody else learns the case exists; 'Mijn week'; the minutes as a logged, confidential PDF."""

import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from cases import services
from cases.models import Attendance, Meeting, MeetingStatus, PlanAction
from privacy.models import AccessAction, AccessLogEntry
from tests.auth import login
from tests.factories import UserFactory, closing_evaluation, make_case
from tests.pdf_checks import assert_accessible_pdf

TODAY = timezone.localdate()
LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def nurse(case, regisseur, ggz):
    nurse = UserFactory(username="spv", organisation=ggz, first_name="Noor", last_name="Verpleeg")
    services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[nurse])
    return nurse


@pytest.fixture
def meeting(case, regisseur, nurse):
    return services.schedule_meeting(
        case=case,
        actor=regisseur,
        starts_at=timezone.now() + timedelta(days=2),
        location="ZVH, zaal 2",
        agenda="1. Woonsituatie\n2. Veiligheid",
    )


@pytest.fixture
def started_meeting(case, regisseur, nurse):
    """A meeting that began an hour ago: its minutes can be recorded."""
    return services.schedule_meeting(
        case=case, actor=regisseur, starts_at=timezone.now() - timedelta(hours=1), location="ZVH, zaal 2",
        agenda="1. Woonsituatie\n2. Veiligheid",
    )  # fmt: skip


@pytest.fixture
def held_meeting(started_meeting, regisseur, agent, nurse, politie):
    held = services.record_meeting(
        meeting=started_meeting,
        actor=regisseur,
        expected_version=started_meeting.version,
        attendance={agent.pk: Attendance.PRESENT, nurse.pk: Attendance.ABSENT},
        minutes="Woonsituatie besproken; dreigende uitzetting.",
    )
    services.add_decision(
        meeting=held,
        actor=regisseur,
        text="Politie legt een huisbezoek af",
        action_owner=politie,
        action_deadline=TODAY + timedelta(days=7),
        action_owner_user=agent,
    )
    return held


def url(name, case, meeting=None):
    args = [case.reference] + ([meeting.pk] if meeting is not None else [])
    return reverse(f"cases:{name}", args=args)


def test_regisseur_schedules_a_meeting_and_the_table_is_invited(client, case, regisseur, agent, nurse):
    login(client, regisseur)
    starts = timezone.localtime() + timedelta(days=3)
    response = client.post(
        url("meeting_new", case),
        {"starts_at": starts.strftime(LOCAL), "location": "", "is_online": "on", "agenda": "Plan bespreken"},
    )
    meeting = Meeting.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == url("meeting_detail", case, meeting)
    assert meeting.is_online and meeting.agenda == "Plan bespreken" and meeting.chair == regisseur
    assert {i.user for i in meeting.invitations.all()} == {agent, nurse}
    page = client.get(url("meeting_detail", case, meeting)).content.decode()
    assert "Online" in page and "Plan bespreken" in page and "Noor Verpleeg" in page


def test_schedule_needs_a_place_or_online_and_keeps_the_input(client, case, regisseur):
    login(client, regisseur)
    response = client.post(url("meeting_new", case), {"starts_at": "2030-03-12T14:00", "agenda": "Mijn agenda"})
    assert response.status_code == 200
    assert "Vul een locatie in" in response.context["form"].errors["location"][0]
    assert "Mijn agenda" in response.content.decode()
    assert not Meeting.objects.exists()


def test_regisseur_records_attendance_and_minutes(client, case, regisseur, agent, nurse, started_meeting):
    meeting = started_meeting
    login(client, regisseur)
    page = client.get(url("meeting_record", case, meeting)).content.decode()
    assert "Noor Verpleeg" in page  # one radio group per invitation
    response = client.post(
        url("meeting_record", case, meeting),
        {
            "version": meeting.version,
            f"attendance_{agent.pk}": "aanwezig",
            f"attendance_{nurse.pk}": "afwezig",
            "minutes": "Afspraken gemaakt.",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.minutes == "Afspraken gemaakt."
    attendance = {i.user: i.attendance for i in meeting.invitations.all()}
    assert attendance == {agent: Attendance.PRESENT, nurse: Attendance.ABSENT}


def test_stale_record_is_refused_and_the_input_kept(client, case, regisseur, agent, nurse, started_meeting):
    meeting = started_meeting
    stale_version = meeting.version
    everyone_absent = {agent.pk: Attendance.ABSENT, nurse.pk: Attendance.ABSENT}
    services.record_meeting(meeting=meeting, actor=regisseur, expected_version=stale_version,
                            attendance=everyone_absent, minutes="Eerste versie")  # fmt: skip
    login(client, regisseur)
    response = client.post(
        url("meeting_record", case, meeting),
        {
            "version": stale_version,
            f"attendance_{agent.pk}": "aanwezig",
            f"attendance_{nurse.pk}": "afgemeld",
            "minutes": "Mijn eigen verslag",
        },
    )
    assert response.status_code == 200
    assert "intussen door iemand anders gewijzigd" in response.content.decode()
    assert "Mijn eigen verslag" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes == "Eerste versie"
    # The form now carries the stored version: saving again after review succeeds.
    assert response.context["form"].data["version"] == str(meeting.version)


def test_decision_becomes_an_action_in_the_concept_plan(client, case, regisseur, agent, politie, meeting):
    login(client, regisseur)
    deadline = TODAY + timedelta(days=14)
    response = client.post(
        url("meeting_decision", case, meeting),
        {
            "text": "Politie legt huisbezoek af",
            "action_owner": politie.pk,
            "action_owner_user": agent.pk,
            "action_deadline": deadline.isoformat(),
        },
    )
    assert response.status_code == 302
    decision = meeting.decisions.get()
    action = PlanAction.objects.get(from_decision=decision)
    assert action.owner_organisation == politie and action.owner_user == agent and action.deadline == deadline
    assert action.plan.case == case and action.plan.status == "concept"
    page = client.get(url("meeting_detail", case, meeting)).content.decode()
    assert "Politie legt huisbezoek af" in page and "Actie voor" in page


def test_decision_without_action_and_refusals_beside_the_field(client, case, regisseur, nurse, ggz, meeting):
    login(client, regisseur)
    response = client.post(url("meeting_decision", case, meeting), {"text": "Volgend overleg over zes weken"})
    assert response.status_code == 302 and meeting.decisions.count() == 1
    assert not PlanAction.objects.exists()

    half = client.post(url("meeting_decision", case, meeting), {"text": "Half", "action_owner": ggz.pk})
    assert "action_deadline" in half.context["form"].errors
    # An organisation that is not at the table cannot be chosen.
    from tests.factories import OrganisationFactory

    outsider = OrganisationFactory(name="Reclassering")
    refused = client.post(
        url("meeting_decision", case, meeting),
        {"text": "Buiten tafel", "action_owner": outsider.pk, "action_deadline": (TODAY + timedelta(1)).isoformat()},
    )
    assert "action_owner" in refused.context["form"].errors
    assert meeting.decisions.count() == 1


def test_service_refusal_of_the_owner_lands_beside_the_person_field(client, case, regisseur, nurse, politie, meeting):
    login(client, regisseur)
    response = client.post(
        url("meeting_decision", case, meeting),
        {
            "text": "Huisbezoek",
            "action_owner": politie.pk,
            "action_owner_user": nurse.pk,  # seated for GGZ, not for Politie
            "action_deadline": (TODAY + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "zit niet namens" in response.context["form"].errors["action_owner_user"][0]
    assert meeting.decisions.count() == 0  # the decision is not half-saved


def test_partner_reads_meetings_and_minutes_but_cannot_change(client, case, agent, held_meeting):
    login(client, agent)
    listing = client.get(url("meetings", case))
    assert listing.status_code == 200 and "Casusoverleg plannen" not in listing.content.decode()
    page = client.get(url("meeting_detail", case, held_meeting)).content.decode()
    assert "dreigende uitzetting" in page and "Politie legt een huisbezoek af" in page
    assert "Besluit vastleggen" not in page
    assert client.get(url("meeting_new", case)).status_code == 403
    schedule = {"is_online": "on", "starts_at": "2030-01-01T10:00"}
    assert client.post(url("meeting_new", case), schedule).status_code == 403
    assert client.get(url("meeting_record", case, held_meeting)).status_code == 403
    assert client.post(url("meeting_record", case, held_meeting), {"minutes": "x"}).status_code == 403
    assert client.post(url("meeting_decision", case, held_meeting), {"text": "x"}).status_code == 403
    assert Meeting.objects.get().minutes.startswith("Woonsituatie") and held_meeting.decisions.count() == 1
    assert AccessLogEntry.objects.filter(user=agent, case_id=case.pk, allowed=False).exists()


def test_non_seated_users_get_404(client, case, colleague, other_regisseur, held_meeting):
    for user in (colleague, other_regisseur):
        client.logout()
        login(client, user)
        for name in ("meeting_detail", "meeting_pdf", "meeting_record"):
            assert client.get(url(name, case, held_meeting)).status_code == 404
        assert client.get(url("meetings", case)).status_code == 404
        assert AccessLogEntry.objects.filter(user=user, case_id=case.pk, allowed=False).exists()


def test_a_meeting_of_another_case_is_not_reachable_through_this_case(client, case, regisseur, held_meeting):
    other = make_case(regisseur=regisseur)
    login(client, regisseur)
    assert client.get(url("meeting_detail", other, held_meeting)).status_code == 404
    assert client.get(url("meeting_pdf", other, held_meeting)).status_code == 404
    assert client.post(url("meeting_decision", other, held_meeting), {"text": "x"}).status_code == 404


def test_my_week_shows_only_my_upcoming_meetings(client, case, regisseur, other_regisseur, agent, meeting):
    services.schedule_meeting(case=case, actor=regisseur, starts_at=timezone.now() + timedelta(days=20),
                              location="Later")  # fmt: skip
    services.schedule_meeting(case=case, actor=regisseur, starts_at=timezone.now() - timedelta(days=3),
                              location="Vorige week")  # fmt: skip
    others = make_case(regisseur=other_regisseur)
    services.schedule_meeting(case=others, actor=other_regisseur, starts_at=timezone.now() + timedelta(days=1),
                              location="Niet de mijne")  # fmt: skip
    login(client, regisseur)
    response = client.get(reverse("cases:my_week"))
    page = response.content.decode()
    assert response.status_code == 200
    assert [m.pk for m in response.context["meetings"]] == [meeting.pk]
    assert case.reference in page and "ZVH, zaal 2" in page
    assert others.reference not in page and "Later" not in page and "Vorige week" not in page
    entry = AccessLogEntry.objects.filter(user=regisseur, object_type="mijn-week").get()
    assert entry.allowed and entry.action == AccessAction.LIST and entry.case_ids == [case.pk]


def test_my_week_is_for_procesregisseurs_only(client, agent, manager):
    for user in (agent, manager):
        client.logout()
        login(client, user)
        assert client.get(reverse("cases:my_week")).status_code == 403
        assert AccessLogEntry.objects.filter(user=user, object_type="mijn-week", allowed=False).exists()


def test_my_week_url_does_not_collide_with_case_pages():
    assert resolve(reverse("cases:my_week")).view_name == "cases:my_week"


def test_minutes_pdf_is_confidential_complete_and_logged(client, case, regisseur, agent, held_meeting):
    from pypdf import PdfReader

    agent.first_name, agent.last_name = "Anton", "Agent"
    agent.save()
    login(client, agent)
    response = client.get(url("meeting_pdf", case, held_meeting))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    day = timezone.localtime(held_meeting.starts_at).date()
    assert response["Content-Disposition"] == f'attachment; filename="verslag-{case.reference}-{day:%Y-%m-%d}.pdf"'
    if os.environ.get("ZVH_KEEP_PDF"):  # to look at it: ZVH_KEEP_PDF=/tmp/verslag.pdf pytest -k minutes_pdf
        Path(os.environ["ZVH_KEEP_PDF"]).write_bytes(response.content)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert_accessible_pdf(response.content, title_starts=f"Verslag casusoverleg {case.reference}")
    assert case.reference in text
    assert "Politie legt een huisbezoek af" in text and "dreigende uitzetting" in text
    assert "aanwezig" in text and "afwezig" in text and "Noor Verpleeg" in text
    assert "Vertrouwelijk" in text and "Anton Agent" in text and "pagina 1 van" in text
    entry = AccessLogEntry.objects.get(user=agent, action=AccessAction.EXPORT)
    assert entry.allowed and entry.case_id == case.pk and entry.object_type == "verslag-pdf"


def test_no_pdf_before_the_meeting_is_held(client, case, regisseur, meeting):
    login(client, regisseur)
    assert client.get(url("meeting_pdf", case, meeting)).status_code == 404
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_meetings_summary_partial(client, case, regisseur, meeting):
    from django.template.loader import render_to_string

    from cases.views.meeting import meetings_summary

    summary = meetings_summary(case)
    assert summary["next"] == meeting and summary["last_held"] is None and summary["count"] == 1
    html = render_to_string(
        "cases/_meetings_summary.html", {"case": case, "can_change": True, "meetings_summary": summary}
    )
    assert url("meeting_detail", case, meeting) in html and url("meetings", case) in html


def test_closed_case_meetings_are_read_only_and_leave_my_week(client, case, regisseur, agent, held_meeting):
    services.schedule_meeting(case=case, actor=regisseur, starts_at=timezone.now() + timedelta(days=1), is_online=True)
    case.refresh_from_db()
    services.change_phase(case=case, actor=regisseur, to_phase="afgesloten", expected_version=case.version,
                          closure_reason="doelen_bereikt", closure_result="Woning behouden",
                          **closing_evaluation(case))  # fmt: skip
    login(client, regisseur)
    page = client.get(url("meeting_detail", case, held_meeting)).content.decode()
    assert "dreigende uitzetting" in page and "Besluit vastleggen" not in page
    assert client.get(url("meeting_new", case)).status_code == 403
    assert client.get(url("meeting_record", case, held_meeting)).status_code == 403
    assert list(client.get(reverse("cases:my_week")).context["meetings"]) == []
    client.logout()
    login(client, agent)  # the partner's access ended with the case
    assert client.get(url("meeting_detail", case, held_meeting)).status_code == 404
