"""Issue 18 in real headless Chromium, axe-core (WCAG 2.1 A/AA) on every start page: the regisseur,
the partner professional, the privacy officer and the manager each see what needs them today, at
desktop width and at 390 px, and an item takes them to where it is handled. Screenshots go to
$SCREENSHOT_DIR (or a temp folder)."""

import os
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cases import services
from cases.models import LifeDomain
from privacy.break_glass.services import start_break_glass
from privacy.subject_access.services import SubjectRequestData, register_subject_request
from tests.e2e.browser import BROWSER_MARKS, axe_violations, login, logout
from tests.factories import OrganisationFactory, UserFactory, make_case, make_escalation

pytestmark = BROWSER_MARKS


def check(page, shots, name):
    assert axe_violations(page) == [], name
    page.screenshot(path=str(shots / f"start-{name}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert axe_violations(page) == [], f"{name} at 390 px"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{name} wider than the phone"
    page.screenshot(path=str(shots / f"start-{name}-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_start_page_says_what_needs_attention_in_the_browser(live_server, browser_page, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    today = timezone.localdate()
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    regisseur = UserFactory(username="e2e-regisseur", regisseur=True, first_name="Sanne", last_name="de Vries")
    other = UserFactory(username="e2e-regisseur-b", regisseur=True)
    agent = UserFactory(username="e2e-agent", organisation=politie, first_name="Karim")
    officer = UserFactory(username="e2e-privacy", privacy_officer=True)
    UserFactory(username="e2e-manager", manager=True)
    case = make_case(regisseur=regisseur)
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[agent])
    plan = services.start_plan(case=case, actor=regisseur)
    services.add_goal(plan=plan, actor=regisseur, domain=LifeDomain.objects.first(), description="Veilig thuis")
    for n in range(6):
        services.add_action(plan=plan, actor=regisseur, description=f"Huisbezoek {n + 1}", owner_organisation=politie,
                            deadline=today - timedelta(days=n + 1))  # fmt: skip
    plan.refresh_from_db()
    services.request_agreement(plan=plan, actor=regisseur, expected_version=plan.version)
    services.schedule_meeting(case=case, actor=regisseur, starts_at=timezone.now() + timedelta(minutes=30),
                              location="Zorg- en Veiligheidshuis")  # fmt: skip
    acute = make_escalation(submitted_by=agent, urgency="acuut")
    make_escalation(submitted_by=agent)
    start_break_glass(user=other, case=case, reason="Spoed: melding van de politie vannacht.")
    register_subject_request(actor=officer, data=SubjectRequestData(
        kind="inzage", received_on=today, subject_name="Jan Jansen", submission_key=uuid.uuid4()))  # fmt: skip
    page = browser_page

    login(page, live_server, "e2e-regisseur")
    assert page.get_by_role("heading", name="Aanmeldingen voor de triage").is_visible()
    assert page.get_by_role("heading", name="Acties over tijd of bijna").is_visible()
    check(page, shots, "regisseur")
    page.locator("#regie-acties").get_by_role("link", name="Alle 6 tonen").click()
    assert page.locator("#regie-acties li").count() == 6
    page.locator("#regie-aanmeldingen").get_by_role("link", name=acute.reference).click()
    page.wait_for_url(f"**/aanmeldingen/{acute.reference}/beoordelen/")
    logout(page)

    login(page, live_server, "e2e-agent")
    assert page.get_by_role("heading", name="Plannen die wachten op uw akkoord").is_visible()
    assert "Huisbezoek 6" in page.locator("#partner-acties").inner_text()  # the longest overdue first
    check(page, shots, "partner")
    page.locator("#partner-akkoord").get_by_role("link").first.click()
    page.wait_for_url(f"**/casussen/{case.reference}/plan/**")
    logout(page)

    login(page, live_server, "e2e-privacy")
    assert page.get_by_role("heading", name="Doorbraken te beoordelen").is_visible()
    assert page.get_by_role("heading", name="Open verzoeken van betrokkenen").is_visible()
    check(page, shots, "privacyfunctionaris")
    logout(page)

    login(page, live_server, "e2e-manager")
    assert page.get_by_role("heading", name=f"Instroom {today.year} tegen de prognose").is_visible()
    assert case.reference not in page.content()
    check(page, shots, "manager")
