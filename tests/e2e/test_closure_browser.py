"""Closing with open actions and an evaluation, and registering a bottleneck on the case page, in
real headless Chromium with axe-core on every page (WCAG 2.1 A/AA; no serious or critical
violation), errors included. Screenshots go to $SCREENSHOT_DIR (or a temp folder)."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cases import services
from cases.models import ActionStatus, CaseBottleneck, LifeDomain
from tests.e2e.browser import BROWSER_MARKS, axe_violations, login, logout
from tests.factories import OrganisationFactory, UserFactory, make_case

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bottleneck_and_closing_with_evaluation_in_the_browser(live_server, browser_page, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    regisseur = UserFactory(username="e2e-regisseur", regisseur=True)
    agent = UserFactory(username="e2e-agent", organisation=politie)
    case = make_case(regisseur=regisseur)
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[agent])
    plan = services.start_plan(case=case, actor=regisseur)
    goal = services.add_goal(plan=plan, actor=regisseur, domain=LifeDomain.objects.first(), description="Rust in huis")
    action = services.add_action(plan=plan, actor=regisseur, description="Huisbezoek", owner_organisation=politie,
                                 deadline=timezone.localdate() + timedelta(days=7), goal=goal)  # fmt: skip
    page = browser_page

    # A partner at the table registers a bottleneck: an empty submit explains, then it is listed.
    login(page, live_server, "e2e-agent")
    page.goto(f"{live_server.url}/casussen/{case.reference}/")
    page.get_by_text("Nieuw knelpunt", exact=True).click()  # the form is folded away (issue 18)
    page.get_by_label("Korte beschrijving").fill("Wachtlijst ambulante begeleiding")
    page.get_by_role("button", name="Knelpunt registreren").click()
    assert "Kies een knelpunt uit de lijst." in page.content()
    assert page.get_by_label("Korte beschrijving").input_value() == "Wachtlijst ambulante begeleiding"
    assert axe_violations(page) == []
    page.get_by_label("Knelpunt", exact=True).select_option(label="Geen passend zorgaanbod of wachtlijst")
    page.get_by_role("button", name="Knelpunt registreren").click()
    assert "Het knelpunt is geregistreerd." in page.content()
    assert CaseBottleneck.objects.filter(case=case, registered_by=agent).exists()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "knelpunt.png"), full_page=True)

    # The regisseur closes: refused until the open action and the goal have their answer.
    logout(page)
    login(page, live_server, "e2e-regisseur")
    page.goto(f"{live_server.url}/casussen/{case.reference}/fase/")
    assert "Open acties (1)" in page.content()
    assert axe_violations(page) == []
    page.get_by_label("Nieuwe fase").select_option(label="Afgesloten")
    page.get_by_label("Reden van afsluiting").select_option(index=1)
    page.get_by_label("Resultaat", exact=True).fill("Rust in huis")
    page.get_by_label("Wat werkte").fill("Samen op huisbezoek")
    page.get_by_role("button", name="Fase wijzigen").click()
    assert "Kies wat er met deze open actie gebeurt." in page.content()
    assert page.get_by_label("Wat werkte").input_value() == "Samen op huisbezoek"
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "afsluiten-fout.png"), full_page=True)
    page.get_by_role("group", name="Huisbezoek").get_by_label("Overgedragen aan lokaal veld").check()
    page.get_by_role("group", name="Rust in huis").get_by_label("Behaald", exact=True).check()
    page.get_by_role("button", name="Fase wijzigen").click()
    # The confirmation step: who loses access and what will be recorded (tests/cases/test_confirmations.py).
    assert page.get_by_role("heading", name="Casus afsluiten: bevestigen").is_visible()
    assert "De partners aan tafel verliezen direct de toegang" in page.content()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "afsluiten-bevestigen.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(shots / "afsluiten-bevestigen-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Ja, casus afsluiten").click()
    assert "Evaluatie bij afsluiting" in page.content()
    assert axe_violations(page) == []
    action.refresh_from_db()
    assert action.status == ActionStatus.HANDED_OVER
