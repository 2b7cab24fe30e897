"""Issue 16: invitations to a casusoverleg carry an iCalendar file (RFC 5545): METHOD:REQUEST with a
stable UID, SEQUENCE raised by every change, METHOD:CANCEL on cancellation, Europe/Amsterdam, the
location — and nothing personal. The files are parsed back with `icalendar` and checked property
by property. Messages are written in the scheduling transaction and survive a broker outage."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cases import services
from cases.message_kinds import MessageKind
from notifications import outbox
from notifications.models import MessageStatus, OutboxMessage
from privacy.models import AccessLogEntry
from tests.auth import login

from .conftest import PERSONAL
from .test_outbox import assert_no_personal_data

pytestmark = pytest.mark.usefixtures("addresses")


def ics_of(message):
    [(name, content, mimetype)] = message.attachments
    assert name == "casusoverleg.ics" and mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def event_of(calendar):
    [event] = calendar.walk("VEVENT")
    return event


def schedule(case, regisseur, **extra):
    starts_at = timezone.now().replace(second=0, microsecond=0) + timedelta(days=3)
    return services.schedule_meeting(
        case=case, actor=regisseur, starts_at=starts_at, location="Stadskantoor, zaal 2", **extra
    )


def test_scheduling_invites_every_seated_professional_with_a_calendar_file(
    case, regisseur, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(case, regisseur)
    [message] = mail.outbox
    assert message.to == [agent.email]
    assert case.reference in message.subject and case.reference in message.body
    assert_no_personal_data(message)
    calendar = ics_of(message)
    event = event_of(calendar)
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]).startswith(f"casusoverleg-{meeting.pk}@")
    assert int(event["sequence"]) == meeting.version
    assert str(event["summary"]) == f"Casusoverleg {case.reference}"
    assert str(event["location"]) == "Stadskantoor, zaal 2"
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/Amsterdam" and start == meeting.starts_at
    assert event.decoded("dtend") > start
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Amsterdam"
    assert str(event["attendee"]) == f"mailto:{agent.email}"
    text = calendar.to_ical().decode()
    for value in PERSONAL:
        assert value not in text


def test_a_move_keeps_the_uid_and_raises_the_sequence(case, regisseur, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(case, regisseur)
    first = event_of(ics_of(mail.outbox[0]))
    later = meeting.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.reschedule_meeting(meeting=meeting, by=regisseur, starts_at=later, reason="Zaal bezet")
    assert mail.outbox[1].subject.startswith(f"Casusoverleg {case.reference} verplaatst")
    second = event_of(ics_of(mail.outbox[1]))
    assert second["uid"] == first["uid"]
    assert int(second["sequence"]) > int(first["sequence"]) and int(second["sequence"]) == moved.version
    assert second.decoded("dtstart") == later
    assert "Zaal bezet" not in mail.outbox[1].body  # the reason stays behind the login


def test_cancelling_sends_method_cancel_for_the_same_event(case, regisseur, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(case, regisseur)
    uid = event_of(ics_of(mail.outbox[0]))["uid"]
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=meeting, by=regisseur, reason="Gezin verhuisd")
    calendar = ics_of(mail.outbox[1])
    event = event_of(calendar)
    assert str(calendar["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert event["uid"] == uid and int(event["sequence"]) == meeting.version + 1
    assert "gaat niet door" in mail.outbox[1].subject


def test_written_in_the_transaction_and_sent_once_after_a_broker_outage(case, regisseur, agent, broker):
    broker.down()
    meeting = schedule(case, regisseur)  # autocommit: the outbox row commits with the meeting
    services.reschedule_meeting(
        meeting=meeting, by=regisseur, starts_at=meeting.starts_at + timedelta(hours=2), reason="Later"
    )
    assert mail.outbox == []
    meeting_kinds = [MessageKind.MEETING_INVITATION, MessageKind.MEETING_RESCHEDULED, MessageKind.MEETING_CANCELLED]
    waiting = OutboxMessage.objects.filter(recipient=agent, status=MessageStatus.PENDING, kind__in=meeting_kinds)
    assert waiting.count() == 2
    outbox.deliver_pending()
    outbox.deliver_pending()  # again: nothing twice
    # The older invitation is superseded: the agent gets one mail, with the latest time.
    [message] = [m for m in mail.outbox if m.attachments]
    assert event_of(ics_of(message)).decoded("dtstart") == meeting.starts_at + timedelta(hours=2)
    kinds = dict(OutboxMessage.objects.filter(kind__in=meeting_kinds).values_list("kind", "status"))
    assert kinds == {
        MessageKind.MEETING_INVITATION: MessageStatus.SKIPPED,
        MessageKind.MEETING_RESCHEDULED: MessageStatus.SENT,
    }


def test_a_rolled_back_scheduling_sends_nothing(case, regisseur, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            schedule(case, regisseur)
            raise RuntimeError("rollback")
    assert mail.outbox == [] and not OutboxMessage.objects.filter(object_id__gt=0, kind__startswith="overleg").exists()


def test_the_meeting_page_offers_the_calendar_file_and_logs_it(client, case, regisseur, agent, colleague):
    meeting = schedule(case, regisseur)
    url = reverse("cases:meeting_ics", args=[case.reference, meeting.pk])
    login(client, agent)
    assert url in client.get(reverse("cases:meeting_detail", args=[case.reference, meeting.pk])).content.decode()
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment;")
    event = event_of(Calendar.from_ical(response.content))
    assert str(event["summary"]) == f"Casusoverleg {case.reference}"
    assert AccessLogEntry.objects.filter(user=agent, object_type="agenda-bestand", action="export").exists()
    client.logout()
    login(client, colleague)  # same organisation, not at the table: nothing
    assert client.get(url).status_code == 404
