"""Demo data for meeting changes and attendance (called by `manage.py seed_demo`): in the running
demo cases, one meeting is cancelled with a reason, one is moved with a reason, and one held
meeting has an invitee who sent apologies (afgemeld) and a guest without an account (an
interpreter). All through the real services, so the history rows and timeline entries are the
ones production writes. Idempotent: each change is made only when its demo reason or guest is
not there yet."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cases import services
from cases.models import Attendance, Case, Meeting, MeetingChange, MeetingGuest, MeetingStatus, Phase

CANCEL_REASON = "De hoofdpersoon is opgenomen; het overleg gaat niet door. Nieuw overleg na ontslag."
MOVE_REASON = "De behandelaar van de GGZ kan op de oorspronkelijke datum niet; verplaatst in overleg."
GUEST = ("Fatima el Amrani", "Tolkencentrum Brabant")
MINUTES = "Besproken met ondersteuning van een tolk. De partners delen hun beeld en spreken acties af."


def _running_cases():
    return Case.objects.filter(phase__in=[Phase.UITVOERING, Phase.EVALUATIE]).order_by("reference")


@transaction.atomic
def seed_meeting_changes() -> dict[str, int]:
    """Returns how many demo changes were made this run (0 on a second run)."""
    made = {"cancelled": 0, "moved": 0, "guests": 0}
    cases = list(_running_cases().select_related("procesregisseur"))
    if not cases:
        return made
    if not MeetingChange.objects.filter(reason=CANCEL_REASON).exists():
        case = cases[0]
        meeting = services.schedule_meeting(
            case=case, actor=case.procesregisseur, starts_at=timezone.now() + timedelta(days=2, hours=3),
            location="ZVH, 's-Hertogenbosch", agenda="1. Voortgang acties\n2. Opname en nazorg",
        )  # fmt: skip
        services.cancel_meeting(meeting=meeting, by=case.procesregisseur, reason=CANCEL_REASON)
        made["cancelled"] += 1
    if not MeetingChange.objects.filter(reason=MOVE_REASON).exists():
        planned = (
            Meeting.objects.filter(case__in=cases[1:], status=MeetingStatus.PLANNED, starts_at__gt=timezone.now())
            .select_related("case__procesregisseur")
            .order_by("case__reference", "starts_at")
            .first()
        )
        if planned is not None:
            services.reschedule_meeting(
                meeting=planned, by=planned.case.procesregisseur, starts_at=planned.starts_at + timedelta(days=7),
                reason=MOVE_REASON,
            )  # fmt: skip
            made["moved"] += 1
    if not MeetingGuest.objects.filter(name=GUEST[0]).exists():
        made["guests"] += _held_meeting_with_guest(cases)
    return made


def _held_meeting_with_guest(cases) -> int:
    """The first held meeting (of a running case) with at least two invitees: the last of them sent
    apologies, the others were there, and an interpreter joined as a guest."""
    held = (
        Meeting.objects.filter(case__in=cases, status=MeetingStatus.HELD)
        .select_related("case__procesregisseur")
        .order_by("case__reference", "starts_at")
    )
    for meeting in held:
        invitations = list(meeting.invitations.order_by("pk"))
        if len(invitations) < 2:
            continue
        attendance = {i.user_id: Attendance.PRESENT for i in invitations}
        attendance[invitations[-1].user_id] = Attendance.EXCUSED
        services.record_meeting(
            meeting=meeting, actor=meeting.case.procesregisseur, expected_version=meeting.version,
            attendance=attendance, minutes=MINUTES, guests=[GUEST],
        )  # fmt: skip
        return 1
    return 0
