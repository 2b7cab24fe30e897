"""Reminders, the closure survey and the background-job schedule in real headless Chromium
(Debian's), with axe-core on every page (WCAG 2.1 A/AA; no serious or critical violation).
Screenshots go to $SCREENSHOT_DIR (or a temp folder)."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cases import services
from cases.models import SurveyInvitation, SurveyResponse
from cases.reminders import generate_reminders
from notifications.models import CaseMute
from tests.e2e.browser import BROWSER_MARKS, axe_violations, login, logout
from tests.factories import OrganisationFactory, UserFactory, closing_evaluation, make_case

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_survey_reminders_and_schedule_in_the_browser(live_server, browser_page, tmp_path):
    from datetime import timedelta

    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    regisseur = UserFactory(username="e2e-regisseur", regisseur=True, email="r@zvh.example")
    agent = UserFactory(username="e2e-agent", organisation=politie, email="a@zvh.example")
    UserFactory(username="e2e-beheer", functional_admin=True)
    open_case, closing = (make_case(regisseur=regisseur) for _ in range(2))
    for case in (open_case, closing):
        services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[agent])
    plan = services.start_plan(case=open_case, actor=regisseur)
    services.add_action(plan=plan, actor=regisseur, description="Huisbezoek", owner_organisation=politie,
                        deadline=timezone.localdate() + timedelta(days=1))  # fmt: skip
    generate_reminders()
    closing.refresh_from_db()
    services.change_phase(case=closing, actor=regisseur, to_phase="afgesloten", expected_version=closing.version,
                          closure_reason="doelen_bereikt", closure_result="Klaar",
                          **closing_evaluation(closing))  # fmt: skip
    invitation = SurveyInvitation.objects.get(case=closing)
    page = browser_page

    # The survey, without logging in: empty submit explains, then answered once.
    page.goto(live_server.url + services.survey_url(invitation))
    assert closing.reference in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Antwoorden versturen").click()
    assert "Kies een rapportcijfer" in page.content()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "enquete-fout.png"), full_page=True)
    page.get_by_label("8", exact=True).check()
    page.get_by_role("group", name="De samenwerking aan tafel was goed.").get_by_label("Eens", exact=True).check()
    page.get_by_label("Wilt u nog iets toelichten?").fill("Goede afstemming.")
    page.get_by_role("button", name="Antwoorden versturen").click()
    page.wait_for_url("**/enquete/bedankt/")
    assert axe_violations(page) == []
    response = SurveyResponse.objects.get()
    assert (response.overall_score, response.good_collaboration) == (8, 4)

    # Reminders in the application, and muting one case.
    login(page, live_server, "e2e-agent")
    page.get_by_role("link", name="Herinneringen").click()
    assert open_case.reference in page.content()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "herinneringen.png"), full_page=True)
    page.get_by_role("button", name=f"Geen herinneringen meer over casus {open_case.reference}").click()
    assert "U krijgt geen herinneringen meer" in page.content()
    assert CaseMute.objects.filter(user=agent, case=open_case).exists()
    assert axe_violations(page) == []
    logout(page)

    # The functional admin reads the schedule.
    login(page, live_server, "e2e-beheer")
    page.get_by_role("link", name="Achtergrondtaken").click()
    assert "retentie-nachtelijk" in page.content()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "achtergrondtaken.png"), full_page=True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_messages_and_delivery_settings_in_the_browser(live_server, browser_page, tmp_path):
    """Issue 16: the in-app messages (unread marked in text, the count in the menu) and the
    delivery settings, at desktop width, axe clean."""
    from notifications.models import Delivery, NotificationPreference

    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    regisseur = UserFactory(username="e2e-regisseur", regisseur=True, email="r@zvh.example")
    agent = UserFactory(username="e2e-agent", organisation=politie, email="a@zvh.example")
    case = make_case(regisseur=regisseur)
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[agent])
    plan = services.start_plan(case=case, actor=regisseur)
    services.add_action(plan=plan, actor=regisseur, description="Huisbezoek", owner_organisation=politie,
                        deadline=timezone.localdate() + timedelta(days=3))  # fmt: skip
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})

    login(page, live_server, "e2e-agent")
    page.get_by_role("link", name="Herinneringen (2 ongelezen berichten)").click()
    page.get_by_role("link", name="Berichten (2 ongelezen)").click()
    assert page.get_by_text("Ongelezen", exact=True).count() == 2
    assert case.reference in page.content()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "berichten.png"), full_page=True)
    page.get_by_role("button", name=re.compile(r"^Gelezen")).first.click()
    assert "Het bericht is als gelezen gemarkeerd." in page.content()
    assert page.get_by_text("Ongelezen", exact=True).count() == 1
    page.get_by_role("button", name="Alles als gelezen markeren").click()
    assert page.get_by_text("Ongelezen", exact=True).count() == 0
    assert axe_violations(page) == []

    page.get_by_role("link", name="Berichtinstellingen").click()
    page.get_by_label("Nieuwe actie in het plan van aanpak: Eén e-mail per dag").check()
    page.get_by_label("Aan tafel gezet bij een casus: Alleen in de applicatie").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Instellingen opslaan").click()
    assert "Uw berichtinstellingen zijn opgeslagen." in page.content()
    assert page.get_by_label("Nieuwe actie in het plan van aanpak: Eén e-mail per dag").is_checked()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "berichtinstellingen.png"), full_page=True)
    assert NotificationPreference.objects.get(user=agent, kind="actie_toegewezen").delivery == Delivery.DIGEST
    assert NotificationPreference.objects.get(user=agent, kind="aan_tafel").delivery == Delivery.APP_ONLY
