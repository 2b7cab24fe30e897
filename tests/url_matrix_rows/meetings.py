"""Rows of the URL × role matrix for the case meetings screens.

ROWS: (url name, method) -> expected status per role (see common.row).
make_kwargs(case, escalation, users) -> extra URL kwargs (objects these URLs need), by name."""

from .common import LOGIN, row

# Partners at the table (agent) read meetings and minutes; only the regisseur schedules and records.
# Nobody else learns whether the case exists (404). POSTs with an empty body show the form again (200).
MEETING_READ = row(404, anonymous=LOGIN, regisseur=200, agent=200)
MEETING_WRITE = row(404, anonymous=LOGIN, regisseur=200, agent=403)
MEETING_CHANGE = row(404, anonymous=LOGIN, regisseur=302, agent=403)

ROWS: dict = {
    ("cases:meetings", "GET"): MEETING_READ,
    ("cases:meeting_new", "GET"): MEETING_WRITE,
    ("cases:meeting_new", "POST"): MEETING_WRITE,
    ("cases:meeting_detail", "GET"): MEETING_READ,
    ("cases:meeting_record", "GET"): MEETING_WRITE,
    ("cases:meeting_record", "POST"): MEETING_WRITE,
    # The meeting below is held: it can no longer be cancelled or moved, so the regisseur is sent
    # back to it (302); a partner at the table may not change meetings (403).
    ("cases:meeting_cancel", "GET"): MEETING_CHANGE,
    ("cases:meeting_cancel", "POST"): MEETING_CHANGE,
    ("cases:meeting_reschedule", "GET"): MEETING_CHANGE,
    ("cases:meeting_reschedule", "POST"): MEETING_CHANGE,
    ("cases:meeting_decision", "GET"): MEETING_WRITE,
    ("cases:meeting_decision", "POST"): MEETING_WRITE,
    ("cases:meeting_pdf", "GET"): MEETING_READ,  # the meeting below is held: its minutes exist
    # No case: procesregisseurs see the meetings of the cases they direct; everyone else 403.
    ("cases:my_week", "GET"): row(403, anonymous=LOGIN, regisseur=200, other_regisseur=200),
}


def make_kwargs(case, escalation, users) -> dict:
    from django.utils import timezone

    from cases import services
    from cases.models import Attendance

    regisseur = users["regisseur"]
    meeting = services.schedule_meeting(
        case=case, actor=regisseur, starts_at=timezone.now(), location="ZVH, zaal 2", agenda="Stand van zaken"
    )
    meeting = services.record_meeting(
        meeting=meeting,
        actor=regisseur,
        expected_version=meeting.version,
        attendance={i.user_id: Attendance.PRESENT for i in meeting.invitations.all()},
        minutes="Besproken: woonsituatie.",
    )
    return {"meeting_id": meeting.pk}
