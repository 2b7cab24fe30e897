"""The iCalendar file (RFC 5545, with the `icalendar` package) of a casusoverleg, attached to the
invitation e-mails and downloadable from the meeting page.

What it holds, and why (privacy protocol: no personal data beyond the reference and a link):
- UID `casusoverleg-<id>@<site host>`: stable, so a calendar replaces the event it has when the
  meeting moves or is cancelled; SEQUENCE is the meeting's `version`, which every change raises.
- METHOD:REQUEST for an invitation or a move, METHOD:CANCEL (STATUS:CANCELLED) for a cancellation.
- SUMMARY "Casusoverleg <reference>", start and end in Europe/Amsterdam with its VTIMEZONE, the
  location or "Online", and a description with the meeting page's link only. No names of persons,
  no agenda text: the agenda stays behind the login.
- ORGANIZER is the system's address; the one ATTENDEE is the recipient (their own address)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from notifications.emails import absolute

MEETING_LENGTH = timedelta(minutes=90)  # a casusoverleg has no end time of its own
REQUEST, CANCEL = "REQUEST", "CANCEL"


def meeting_uid(meeting) -> str:
    host = urlparse(settings.SITE_URL).hostname or "zvh.example"
    return f"casusoverleg-{meeting.pk}@{host}"


def meeting_url(meeting) -> str:
    return absolute(reverse("cases:meeting_detail", args=[meeting.case.reference, meeting.pk]))


def meeting_ics(meeting, *, recipient_email: str = "", method: str | None = None) -> bytes:
    """The calendar file of `meeting` as it is now (a cancelled meeting gives METHOD:CANCEL)."""
    method = method or (CANCEL if meeting.is_cancelled else REQUEST)
    zone = ZoneInfo(settings.TIME_ZONE)
    starts_at = meeting.starts_at.astimezone(zone)
    calendar = Calendar()
    calendar.add("prodid", "-//ZVH zaaksysteem//Casusoverleg//NL")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.version)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts_at)
    event.add("dtend", starts_at + MEETING_LENGTH)
    event.add("summary", f"Casusoverleg {meeting.case.reference}")
    event.add("location", meeting.location or "Online")
    event.add("description", f"Agenda en stukken na inloggen: {meeting_url(meeting)}")
    event.add("url", meeting_url(meeting))
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["CN"] = "ZVH zaaksysteem"
    event.add("organizer", organizer)
    if recipient_email:
        attendee = vCalAddress(f"mailto:{recipient_email}")
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        attendee.params["PARTSTAT"] = "NEEDS-ACTION"
        attendee.params["RSVP"] = "FALSE"
        event.add("attendee", attendee)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
