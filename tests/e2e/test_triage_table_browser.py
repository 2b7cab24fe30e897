"""Issue 16 in real headless Chromium, axe-core on every new page (WCAG 2.1 A/AA): a police
professional named at the triage table opens the Triagetafel, sees the pending escalation without
the contact details, adds an advice (an empty one first: explained beside the field), opens the
printable agenda; the procesregisseur sees the advice on the triage page. Screenshots go to
$SCREENSHOT_DIR (or a temp folder)."""

import os
from pathlib import Path

import pytest

from cases.models import TriageAdvice
from cases.services.triage_table import set_triage_table_member
from tests.e2e.browser import BROWSER_MARKS, axe_violations, login, logout
from tests.factories import OrganisationFactory, UserFactory, make_escalation

pytestmark = BROWSER_MARKS
ADVICE = "Politie kent het adres: twee meldingen van huiselijk geweld dit jaar. Opschalen."


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_triage_partner_adds_advice_in_the_browser(live_server, browser_page, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    politie = OrganisationFactory(name="Politie", kind="veiligheid", joins_triage=True)
    zorg = OrganisationFactory(name="Wijkteam", kind="zorg")
    UserFactory(username="e2e-regisseur", regisseur=True, first_name="Sanne", last_name="de Vries")
    admin = UserFactory(username="e2e-beheer", functional_admin=True)
    member = UserFactory(username="e2e-pga", organisation=politie, first_name="Eva", last_name="Smits")
    set_triage_table_member(actor=admin, user=member, member=True)
    referrer = UserFactory(username="e2e-wijkteam", organisation=zorg)
    escalation = make_escalation(submitted_by=referrer, contact_phone="06 98765432")
    page = browser_page

    login(page, live_server, "e2e-pga")
    page.get_by_role("link", name="Triagetafel").click()
    assert escalation.reference in page.content() and "Kees Driessen" in page.content()
    assert "06 98765432" not in page.content()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "triagetafel.png"), full_page=True)

    page.get_by_role("link", name=f"Advies geven bij {escalation.reference}").click()
    assert "06 98765432" not in page.content() and "123456782" not in page.content()
    page.get_by_role("button", name="Advies opslaan").click()  # nothing typed: explained
    assert "Schrijf uw advies voor de triage." in page.content()
    assert axe_violations(page) == []
    page.get_by_label("Uw advies").fill(ADVICE)
    page.get_by_role("button", name="Advies opslaan").click()
    assert "Uw advies bij" in page.content() and "is opgeslagen" in page.content()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "triagetafel-advies.png"), full_page=True)
    assert TriageAdvice.objects.get().text == ADVICE

    page.goto(f"{live_server.url}/aanmeldingen/triage/agenda/")
    assert escalation.reference in page.content() and "06 98765432" not in page.content()
    assert axe_violations(page) == []
    page.emulate_media(media="print")
    page.screenshot(path=str(shots / "triageagenda-afdruk.png"), full_page=True)
    assert not page.locator(".zvh-nav").is_visible()
    page.emulate_media(media="screen")
    logout(page)

    login(page, live_server, "e2e-regisseur")
    page.get_by_role("link", name="Triage", exact=True).click()
    assert "1 advies triagetafel" in page.content()
    page.get_by_role("link", name=f"Beoordelen {escalation.reference}").click()
    assert ADVICE in page.content() and "Advies van de triagetafel" in page.content()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "triage-met-advies.png"), full_page=True)
