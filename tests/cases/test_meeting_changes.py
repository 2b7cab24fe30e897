"""Meetings can be cancelled and moved with a reason, by the regisseur only; minutes only once a
meeting has started and never for a cancelled one; per invitee aanwezig / afgemeld / afwezig;
guests without an account in the attendance (names only: no access)."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import (
    Attendance,
    Meeting,
    MeetingChange,
    MeetingChangeKind,
    MeetingGuest,
    MeetingStatus,
    TimelineEntry,
)
from privacy.models import AccessLogEntry, CaseUserObjectPermission
from tests.auth import login
from tests.factories import UserFactory

LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def nurse(case, regisseur, ggz):
    nurse = UserFactory(username="spv", organisation=ggz, first_name="Noor", last_name="Verpleeg")
    services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[nurse])
    return nurse


@pytest.fixture
def upcoming(case, regisseur, nurse):
    return services.schedule_meeting(
        case=case, actor=regisseur, starts_at=timezone.now() + timedelta(days=3), location="ZVH, zaal 2"
    )


@pytest.fixture
def started(case, regisseur, nurse):
    return services.schedule_meeting(
        case=case, actor=regisseur, starts_at=timezone.now() - timedelta(minutes=30), location="ZVH, zaal 1"
    )


def url(name, case, meeting):
    return reverse(f"cases:{name}", args=[case.reference, meeting.pk])


def grants(case):
    return sorted(
        CaseUserObjectPermission.objects.filter(content_object=case).values_list("user_id", "permission__codename")
    )


# Cancel


def test_regisseur_cancels_with_a_reason_and_everyone_at_the_table_sees_it(client, case, regisseur, agent, upcoming):
    login(client, regisseur)
    form = client.get(url("meeting_cancel", case, upcoming))
    assert form.status_code == 200 and "Reden" in form.content.decode()
    response = client.post(
        url("meeting_cancel", case, upcoming),
        {"version": upcoming.version, "reason": "Betrokkene is opgenomen in de kliniek."},
    )
    assert response.status_code == 302 and response["Location"] == url("meeting_detail", case, upcoming)
    upcoming.refresh_from_db()
    assert upcoming.status == MeetingStatus.CANCELLED
    change = MeetingChange.objects.get(meeting=upcoming)
    assert change.kind == MeetingChangeKind.CANCELLED and change.changed_by == regisseur
    assert change.reason == "Betrokkene is opgenomen in de kliniek." and change.previous_starts_at == upcoming.starts_at
    entry = TimelineEntry.objects.filter(case=case, text__contains="geannuleerd").get()
    assert entry.author == regisseur and "opgenomen in de kliniek" in entry.text

    listing = client.get(reverse("cases:meetings", args=[case.reference]))
    assert listing.context["upcoming"] == [] and listing.context["past"] == [upcoming]
    client.logout()
    login(client, agent)  # a partner at the table reads why the meeting does not take place
    page = client.get(url("meeting_detail", case, upcoming)).content.decode()
    assert "Geannuleerd" in page and "Betrokkene is opgenomen in de kliniek." in page
    assert "Overleg annuleren" not in page and "Verplaatsen" not in page


def test_cancel_needs_a_reason_beside_the_field(client, case, regisseur, upcoming):
    login(client, regisseur)
    response = client.post(url("meeting_cancel", case, upcoming), {"version": upcoming.version, "reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    upcoming.refresh_from_db()
    assert upcoming.status == MeetingStatus.PLANNED and not MeetingChange.objects.exists()
    with pytest.raises(services.ServiceError) as refused:
        services.cancel_meeting(meeting=upcoming, by=regisseur, reason=" ")
    assert refused.value.field == "reason"


def test_partner_at_the_table_may_not_cancel_or_move(client, case, agent, upcoming):
    login(client, agent)
    assert client.get(url("meeting_cancel", case, upcoming)).status_code == 403
    assert client.post(url("meeting_cancel", case, upcoming), {"version": upcoming.version, "reason": "Ik kan niet"}
                       ).status_code == 403  # fmt: skip
    later = (timezone.localtime() + timedelta(days=9)).strftime(LOCAL)
    moved = {"version": upcoming.version, "starts_at": later, "reason": "Ik kan niet"}
    assert client.post(url("meeting_reschedule", case, upcoming), moved).status_code == 403
    assert AccessLogEntry.objects.filter(user=agent, case_id=case.pk, allowed=False).exists()
    with pytest.raises(PermissionDenied):
        services.cancel_meeting(meeting=upcoming, by=agent, reason="Ik kan niet")
    with pytest.raises(PermissionDenied):
        services.reschedule_meeting(meeting=upcoming, by=agent, starts_at=timezone.now() + timedelta(days=9),
                                    reason="Ik kan niet")  # fmt: skip
    upcoming.refresh_from_db()
    assert upcoming.status == MeetingStatus.PLANNED and not MeetingChange.objects.exists()


def test_a_held_or_cancelled_meeting_cannot_be_cancelled_or_moved(client, case, regisseur, agent, nurse, started):
    services.record_meeting(meeting=started, actor=regisseur, expected_version=started.version, minutes="Gehouden.",
                            attendance={agent.pk: Attendance.PRESENT, nurse.pk: Attendance.PRESENT})  # fmt: skip
    with pytest.raises(services.ServiceError, match="al gehouden"):
        services.cancel_meeting(meeting=started, by=regisseur, reason="Toch niet")
    login(client, regisseur)
    response = client.get(url("meeting_cancel", case, started))
    assert response.status_code == 302 and response["Location"] == url("meeting_detail", case, started)

    other = services.schedule_meeting(case=case, actor=regisseur, starts_at=timezone.now() + timedelta(days=1),
                                      is_online=True)  # fmt: skip
    services.cancel_meeting(meeting=other, by=regisseur, reason="Zomerstop")
    with pytest.raises(services.ServiceError, match="geannuleerd"):
        services.reschedule_meeting(meeting=other, by=regisseur, starts_at=timezone.now() + timedelta(days=5),
                                    reason="Alsnog")  # fmt: skip
    assert MeetingChange.objects.filter(meeting=other).count() == 1


def test_a_stale_cancel_form_is_refused(case, regisseur, upcoming):
    stale = upcoming.version
    services.reschedule_meeting(meeting=upcoming, by=regisseur, starts_at=upcoming.starts_at + timedelta(hours=1),
                                reason="Zaal bezet", expected_version=stale)  # fmt: skip
    with pytest.raises(services.ConcurrentEdit):
        services.cancel_meeting(meeting=upcoming, by=regisseur, reason="Gaat niet door", expected_version=stale)
    assert Meeting.objects.get(pk=upcoming.pk).status == MeetingStatus.PLANNED


# Reschedule


def test_regisseur_moves_a_meeting_with_a_reason_and_the_history_shows_it(client, case, regisseur, upcoming):
    old = upcoming.starts_at
    new = (timezone.localtime() + timedelta(days=10)).replace(hour=14, minute=30, second=0, microsecond=0)
    login(client, regisseur)
    response = client.post(
        url("meeting_reschedule", case, upcoming),
        {"version": upcoming.version, "starts_at": new.strftime(LOCAL), "reason": "De GGZ-behandelaar kan niet."},
    )
    assert response.status_code == 302
    upcoming.refresh_from_db()
    assert upcoming.starts_at == new and upcoming.status == MeetingStatus.PLANNED
    change = MeetingChange.objects.get(meeting=upcoming)
    assert change.kind == MeetingChangeKind.RESCHEDULED
    assert (change.previous_starts_at, change.new_starts_at) == (old, new)
    assert TimelineEntry.objects.filter(case=case, text__contains="verplaatst naar").exists()
    page = client.get(url("meeting_detail", case, upcoming)).content.decode()
    assert "Verplaatst" in page and "De GGZ-behandelaar kan niet." in page
    assert "Wijzigingen" in page and f"{timezone.localtime(old):%H:%M}" in page  # the old time stays visible


def test_moving_to_the_past_is_refused_beside_the_date_and_the_reason_is_kept(client, case, regisseur, upcoming):
    login(client, regisseur)
    yesterday = (timezone.localtime() - timedelta(days=1)).strftime(LOCAL)
    response = client.post(
        url("meeting_reschedule", case, upcoming),
        {"version": upcoming.version, "starts_at": yesterday, "reason": "Mijn uitgebreide reden"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"] == ["Kies een nieuwe datum en tijd in de toekomst."]
    assert "Mijn uitgebreide reden" in response.content.decode()
    assert Meeting.objects.get(pk=upcoming.pk).starts_at == upcoming.starts_at
    assert not MeetingChange.objects.exists()


def test_invitations_stay_when_a_meeting_is_moved(case, regisseur, agent, nurse, upcoming):
    services.reschedule_meeting(meeting=upcoming, by=regisseur, starts_at=timezone.now() + timedelta(days=20),
                                reason="Vakantie")  # fmt: skip
    assert {i.user for i in upcoming.invitations.all()} == {agent, nurse}


# Recording


def test_minutes_are_refused_before_the_meeting_has_started(client, case, regisseur, agent, nurse, upcoming):
    with pytest.raises(services.ServiceError) as refused:
        services.record_meeting(meeting=upcoming, actor=regisseur, expected_version=upcoming.version,
                                attendance={agent.pk: "aanwezig", nurse.pk: "afgemeld"}, minutes="Vroeg")  # fmt: skip
    assert refused.value.field == "minutes"
    login(client, regisseur)
    assert (
        "Aanwezigheid en verslag vastleggen" not in client.get(url("meeting_detail", case, upcoming)).content.decode()
    )
    response = client.post(
        url("meeting_record", case, upcoming),
        {"version": upcoming.version, f"attendance_{agent.pk}": "aanwezig", f"attendance_{nurse.pk}": "afgemeld",
         "minutes": "Vooraf geschreven verslag"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "zodra het overleg is begonnen" in response.context["form"].errors["minutes"][0]
    assert "Vooraf geschreven verslag" in response.content.decode()
    upcoming.refresh_from_db()
    assert upcoming.status == MeetingStatus.PLANNED and upcoming.minutes == ""
    assert set(upcoming.invitations.values_list("attendance", flat=True)) == {""}


def test_a_cancelled_meeting_gets_no_minutes(client, case, regisseur, agent, nurse, started):
    services.cancel_meeting(meeting=started, by=regisseur, reason="Niemand kon")
    started.refresh_from_db()
    with pytest.raises(services.ServiceError, match="geannuleerd"):
        services.record_meeting(meeting=started, actor=regisseur, expected_version=started.version, minutes="x",
                                attendance={agent.pk: "afwezig", nurse.pk: "afwezig"})  # fmt: skip
    login(client, regisseur)
    page = client.get(url("meeting_detail", case, started)).content.decode()
    assert "Aanwezigheid en verslag vastleggen" not in page and "Verslag als PDF" not in page
    assert client.get(url("meeting_pdf", case, started)).status_code == 404
    assert Meeting.objects.get(pk=started.pk).status == MeetingStatus.CANCELLED


def test_attendance_is_three_way_and_guests_are_stored_and_shown(client, case, regisseur, agent, nurse, started):
    before = grants(case)
    login(client, regisseur)
    form = client.get(url("meeting_record", case, started)).content.decode()
    assert form.count('value="afgemeld"') == 2 and "Gast 1" in form
    response = client.post(
        url("meeting_record", case, started),
        {
            "version": started.version,
            f"attendance_{agent.pk}": "aanwezig",
            f"attendance_{nurse.pk}": "afgemeld",
            "guest_name_0": "Fatima el Amrani",
            "guest_organisation_0": "Tolkencentrum",
            "guest_name_1": "Mentor De Rooi",
            "guest_organisation_1": "",
            "minutes": "Besproken met tolk.",
        },
    )
    assert response.status_code == 302
    attendance = {i.user: i.attendance for i in started.invitations.all()}
    assert attendance == {agent: Attendance.PRESENT, nurse: Attendance.EXCUSED}
    guests = list(MeetingGuest.objects.filter(meeting=started).values_list("name", "organisation_name"))
    assert guests == [("Fatima el Amrani", "Tolkencentrum"), ("Mentor De Rooi", "")]
    assert grants(case) == before  # a guest is a name only: nobody gains access

    page = client.get(url("meeting_detail", case, started)).content.decode()
    assert "1 aanwezig, 1 afgemeld, 2 gasten" in page
    assert "Afgemeld" in page and "Fatima el Amrani" in page and "Tolkencentrum" in page

    from pypdf import PdfReader

    pdf = client.get(url("meeting_pdf", case, started))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Aanwezig (1)" in text and "Afgemeld (1)" in text and "Noor Verpleeg" in text
    assert "Gasten zonder account (2)" in text and "Fatima el Amrani" in text and "Tolkencentrum" in text


def test_a_guest_is_removed_by_emptying_the_row_and_edited_in_place(case, regisseur, agent, nurse, started):
    everyone = {agent.pk: Attendance.PRESENT, nurse.pk: Attendance.ABSENT}
    services.record_meeting(meeting=started, actor=regisseur, expected_version=started.version, attendance=everyone,
                            minutes="v1", guests=[("Tolk A", "Tolkencentrum"), ("Mentor", "School")])  # fmt: skip
    first = MeetingGuest.objects.get(name="Tolk A")
    started.refresh_from_db()
    services.record_meeting(meeting=started, actor=regisseur, expected_version=started.version, attendance=everyone,
                            minutes="v2", guests=[("Tolk B", "Tolkencentrum")])  # fmt: skip
    assert list(MeetingGuest.objects.values_list("pk", "name")) == [(first.pk, "Tolk B")]


def test_every_invitee_needs_a_status_and_a_guest_a_name(client, case, regisseur, agent, nurse, started):
    login(client, regisseur)
    response = client.post(
        url("meeting_record", case, started),
        {"version": started.version, f"attendance_{agent.pk}": "aanwezig", "guest_organisation_0": "Tolkencentrum",
         "minutes": "Mijn verslag"},
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors[f"attendance_{nurse.pk}"] == ["Kies aanwezig, afgemeld of afwezig voor Noor Verpleeg."]
    assert "naam van gast 1" in errors["guest_name_0"][0]
    page = response.content.decode()
    assert "Mijn verslag" in page and 'value="Tolkencentrum"' in page  # nothing typed is lost
    assert not MeetingGuest.objects.exists() and Meeting.objects.get(pk=started.pk).status == MeetingStatus.PLANNED
    with pytest.raises(services.ServiceError) as refused:
        services.record_meeting(meeting=started, actor=regisseur, expected_version=started.version, minutes="x",
                                attendance={agent.pk: "aanwezig"})  # fmt: skip
    assert refused.value.field == f"attendance_{nurse.pk}"
