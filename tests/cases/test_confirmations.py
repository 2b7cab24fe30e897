"""Confirmation before what cannot be undone: leaving the table, closing a case, cancelling a
meeting, ending break-glass. Each: GET states the consequence, a POST without the confirmation page's
`bevestigd` does not act, the confirmed POST acts once (a second one does nothing more), and a
reason is required where the timeline or the log needs one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import MeetingChange, MeetingStatus, Participant, Phase, TimelineEntry
from privacy.break_glass import services as break_glass
from privacy.models import BreakGlassAccess
from tests.auth import login
from tests.factories import UserFactory, closing_post

CONFIRM = {"bevestigd": "ja"}


@pytest.fixture
def nurse(case, regisseur, ggz):
    nurse = UserFactory(username="spv", organisation=ggz, first_name="Noor", last_name="Verpleeg")
    services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[nurse])
    return nurse


def leave_url(case, organisation):
    participant = case.participants.get(organisation=organisation)
    return reverse("cases:participant_leave", args=[case.reference, participant.pk])


def departures(case):
    return TimelineEntry.objects.filter(case=case, text__contains="vertrokken van tafel")


def test_leaving_the_table_states_the_consequence_and_needs_a_reason(client, case, regisseur, agent, politie):
    login(client, regisseur)
    url = leave_url(case, politie)
    page = client.get(url).content.decode()
    assert "Politie verliest direct de toegang tot deze casus" in page.replace("&#x27;", "'")
    assert agent.get_full_name() in page and 'name="bevestigd" value="ja"' in page
    assert "Ja, vertrekt van tafel" in page

    # The old button on the case page (an empty POST): only the confirmation page, nothing ends.
    assert client.post(url).status_code == 200
    # Confirmed without a reason: a specific message at the field, nothing ends.
    refused = client.post(url, CONFIRM | {"reason": "  "})
    assert refused.status_code == 200
    assert refused.context["form"].errors["reason"] == [
        "Vul de reden van vertrek in: die komt in de tijdlijn bij het einde van de toegang."
    ]
    assert case.participants.get(organisation=politie).left_on is None and not departures(case).exists()

    done = client.post(url, CONFIRM | {"reason": "Hulpverlening afgerond."})
    assert done.status_code == 302 and done["Location"] == reverse("cases:detail", args=[case.reference])
    assert case.participants.get(organisation=politie).left_on is not None
    assert [e.text for e in departures(case)] == [f"{politie} vertrokken van tafel. Reden: Hulpverlening afgerond."]

    again = client.post(url, CONFIRM | {"reason": "Hulpverlening afgerond."})  # double submit
    assert again.status_code == 302 and departures(case).count() == 1
    login(client, agent)
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 404


def test_one_professional_leaving_keeps_the_organisation_at_the_table(client, case, regisseur, nurse, ggz):
    login(client, regisseur)
    seat = Participant.objects.get(case=case, organisation=ggz).professionals.get(user=nurse)
    url = reverse("cases:professional_leave", args=[case.reference, seat.pk])
    page = client.get(url).content.decode()
    assert "Noor Verpleeg (GGZ" in page and "verliest direct de toegang" in page
    assert client.post(url, {"reason": "Met pensioen."}).status_code == 200  # not confirmed
    seat.refresh_from_db()
    assert seat.left_on is None
    assert client.post(url, CONFIRM | {"reason": "Met pensioen."}).status_code == 302
    assert client.post(url, CONFIRM | {"reason": "Met pensioen."}).status_code == 302
    seat.refresh_from_db()
    assert seat.left_on is not None and departures(case).count() == 1
    assert "Reden: Met pensioen." in departures(case).get().text
    assert Participant.objects.get(case=case, organisation=ggz).left_on is None


def test_a_partner_at_the_table_gets_no_confirmation_page(client, case, agent, politie):
    login(client, agent)
    assert client.get(leave_url(case, politie)).status_code == 403
    assert client.post(leave_url(case, politie), CONFIRM | {"reason": "Weg"}).status_code == 403
    assert case.participants.get(organisation=politie).left_on is None


def test_closing_shows_who_loses_access_and_closes_once_when_confirmed(client, case, regisseur, agent):
    login(client, regisseur)
    url = reverse("cases:phase", args=[case.reference])
    posted = {
        "version": case.version,
        "to_phase": Phase.AFGESLOTEN,
        "closure_reason": "doelen_bereikt",
        "closure_result": "Stabiel en veilig.",
        **closing_post(case, what_worked="Korte lijnen met de wijkagent."),
    }
    confirmation = client.post(url, posted)
    html = confirmation.content.decode()
    assert confirmation.templates[0].name == "cases/case_close_confirm.html"
    assert "De partners aan tafel verliezen direct de toegang" in html and agent.get_full_name() in html
    assert "Stabiel en veilig." in html and "Korte lijnen met de wijkagent." in html  # what will be recorded
    assert 'name="closure_result" value="Stabiel en veilig."' in html  # carried along, nothing typed lost
    case.refresh_from_db()
    assert not case.is_closed

    back = client.post(url, posted | {"aanpassen": "ja"})  # back to the form, still filled in
    assert back.templates[0].name == "cases/case_phase.html" and "Stabiel en veilig." in back.content.decode()

    assert client.post(url, posted | CONFIRM).status_code == 302
    case.refresh_from_db()
    assert case.is_closed
    closed_version = case.version
    again = client.post(url, posted | CONFIRM)  # double submit: refused, nothing happens twice
    assert again.status_code in (200, 403)
    case.refresh_from_db()
    assert case.version == closed_version
    assert TimelineEntry.objects.filter(case=case, text__contains="naar ‘Afgesloten’").count() == 1


def test_a_phase_change_that_does_not_close_needs_no_confirmation(client, case, regisseur):
    login(client, regisseur)
    url = reverse("cases:phase", args=[case.reference])
    to_phase = next(phase for phase, _ in case.allowed_next_phases() if phase != Phase.AFGESLOTEN)
    assert client.post(url, {"version": case.version, "to_phase": to_phase}).status_code == 302
    case.refresh_from_db()
    assert case.phase == to_phase


def test_cancelling_a_meeting_states_the_consequence_needs_a_reason_and_cancels_once(client, case, regisseur):
    meeting = services.schedule_meeting(
        case=case, actor=regisseur, starts_at=timezone.now() + timedelta(days=3), location="ZVH, zaal 2"
    )
    login(client, regisseur)
    url = reverse("cases:meeting_cancel", args=[case.reference, meeting.pk])
    page = client.get(url).content.decode()
    assert "gaat niet door" in page and "Een geannuleerd overleg krijgt geen verslag" in page
    assert client.post(url, {"version": meeting.version}).status_code == 200
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    posted = {"version": meeting.version, "reason": "Betrokkene is opgenomen."}
    assert client.post(url, posted).status_code == 302
    assert client.post(url, posted).status_code == 302  # double submit: "is geannuleerd", no second change
    assert MeetingChange.objects.filter(meeting=meeting).count() == 1


def test_ending_break_glass_states_the_consequence_and_ends_once(client, case, other_regisseur):
    access = break_glass.start_break_glass(
        user=other_regisseur, case=case, reason="Melding van acute dreiging; overleg vannacht nodig."
    )
    login(client, other_regisseur)
    url = reverse("privacy:break_glass_end", args=[access.pk])
    page = client.get(url).content.decode()
    assert f"U verliest direct de toegang tot casus {case.reference}" in page
    assert "nieuwe doorbraak met een nieuwe reden" in page
    assert client.post(url).status_code == 200  # the old button: only the confirmation page
    access.refresh_from_db()
    assert access.expires_at > timezone.now()

    assert client.post(url, CONFIRM).status_code == 302
    access.refresh_from_db()
    ended_at = access.expires_at
    assert ended_at <= timezone.now()
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 404
    assert client.post(url, CONFIRM).status_code == 302  # again: "al beëindigd", nothing moves
    assert BreakGlassAccess.objects.get(pk=access.pk).expires_at == ended_at
