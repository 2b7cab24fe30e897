"""Issue 16 in real headless Chromium (Debian's), axe-core on the page: a police professional at
the table gets the invitation to a casusoverleg with its calendar file, opens the meeting in the
application and downloads the same file; both are parsed back with `icalendar`."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from cases import services
from tests.e2e.browser import BROWSER_MARKS, axe_violations, login
from tests.factories import OrganisationFactory, UserFactory, make_case

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_partner_gets_the_invitation_and_downloads_the_calendar_file(live_server, browser_page, tmp_path):
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    regisseur = UserFactory(username="e2e-regisseur", regisseur=True, email="r@zvh.example")
    agent = UserFactory(username="e2e-agent", organisation=politie, email="agent@zvh.example")
    case = make_case(regisseur=regisseur)
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[agent])
    starts_at = (timezone.now() + timedelta(days=2)).replace(minute=30, second=0, microsecond=0)
    meeting = services.schedule_meeting(case=case, actor=regisseur, starts_at=starts_at, location="Politiebureau")

    [invitation] = [m for m in mail.outbox if m.attachments]
    assert invitation.to == [agent.email]
    mailed = Calendar.from_ical(invitation.attachments[0][1]).walk("VEVENT")[0]

    page = browser_page
    login(page, live_server, "e2e-agent")
    page.goto(f"{live_server.url}/casussen/{case.reference}/overleg/{meeting.pk}/")
    assert axe_violations(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="In mijn agenda zetten").click()
    path = tmp_path / "overleg.ics"
    download_info.value.save_as(path)
    downloaded = Calendar.from_ical(path.read_bytes())
    event = downloaded.walk("VEVENT")[0]
    assert str(downloaded["method"]) == "REQUEST"
    assert event["uid"] == mailed["uid"] and int(event["sequence"]) == int(mailed["sequence"])
    assert event.decoded("dtstart") == starts_at
    assert str(event["summary"]) == f"Casusoverleg {case.reference}" and str(event["location"]) == "Politiebureau"
