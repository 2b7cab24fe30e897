"""The demo shows meeting changes and attendance: a cancelled meeting with its reason, a moved one,
and a held meeting with apologies (afgemeld) and a guest; seeding again changes nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from cases.models import Attendance, MeetingChange, MeetingChangeKind, MeetingGuest, MeetingStatus
from demo.meetings import CANCEL_REASON, GUEST, MOVE_REASON
from tests.auth import login


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--cases", "24", "--allow-without-debug", "--quiet-logins")


def test_demo_has_a_cancelled_and_a_moved_meeting_and_a_guest(seeded, client):
    cancelled = MeetingChange.objects.select_related("meeting__case__procesregisseur").get(reason=CANCEL_REASON)
    assert cancelled.kind == MeetingChangeKind.CANCELLED and cancelled.meeting.status == MeetingStatus.CANCELLED
    moved = MeetingChange.objects.get(reason=MOVE_REASON)
    assert moved.kind == MeetingChangeKind.RESCHEDULED and moved.new_starts_at > moved.previous_starts_at
    guest = MeetingGuest.objects.select_related("meeting").get(name=GUEST[0])
    assert guest.meeting.status == MeetingStatus.HELD
    assert guest.meeting.invitations.filter(attendance=Attendance.EXCUSED).count() == 1

    meeting = cancelled.meeting
    login(client, meeting.case.procesregisseur)
    page = client.get(reverse("cases:meeting_detail", args=[meeting.case.reference, meeting.pk])).content.decode()
    assert "Geannuleerd" in page and CANCEL_REASON in page

    before = (MeetingChange.objects.count(), MeetingGuest.objects.count())
    call_command("seed_demo", "--cases", "24", "--allow-without-debug", "--quiet-logins")
    assert (MeetingChange.objects.count(), MeetingGuest.objects.count()) == before
