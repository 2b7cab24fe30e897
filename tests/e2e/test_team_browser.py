"""Issue 15 in real headless Chromium (Debian's), axe-core on every page (WCAG 2.1 A/AA): a GGZ
professional writes a restricted note that the police officer at the same table sees only as a
marker; the regisseur arranges a deputy and hands the case over from the case page; the team
screen shows the numbers. Desktop and phone width. Screenshots go to $SCREENSHOT_DIR (or a temp
folder)."""

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from cases import services
from cases.models import CaseHandover, Deputyship
from tests.e2e.browser import BROWSER_MARKS, axe_violations, login, logout
from tests.factories import OrganisationFactory, UserFactory, make_case

pytestmark = BROWSER_MARKS
SECRET = "Medicatie aangepast na crisisopname"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restricted_note_deputy_and_handover_in_the_browser(live_server, browser_page, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    ggz = OrganisationFactory(name="GGZ Oost Brabant", kind="zorg")
    regisseur = UserFactory(username="e2e-regisseur", regisseur=True, first_name="Sanne", last_name="de Vries")
    colleague = UserFactory(username="e2e-collega", regisseur=True, first_name="Mehmet", last_name="Yilmaz")
    UserFactory(username="e2e-manager", manager=True)
    agent = UserFactory(username="e2e-agent", organisation=politie)
    psychiater = UserFactory(username="e2e-ggz", organisation=ggz)
    case = make_case(regisseur=regisseur)
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[agent])
    services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[psychiater])
    page = browser_page

    # GGZ writes a note restricted to the regisseur and GGZ.
    login(page, live_server, "e2e-ggz")
    page.goto(f"{live_server.url}/casussen/{case.reference}/")
    page.get_by_text("Nieuwe notitie", exact=True).click()  # the form is folded away (issue 18)
    page.get_by_label("Notitie", exact=True).fill(SECRET)
    page.get_by_label("Afschermen (bijvoorbeeld medische informatie)").check()
    page.get_by_role("button", name="Notitie toevoegen").click()
    assert SECRET in page.content()
    assert axe_violations(page) == []
    logout(page)

    # The police officer at the same table sees the marker, never the content.
    login(page, live_server, "e2e-agent")
    page.goto(f"{live_server.url}/casussen/{case.reference}/")
    assert "Afgeschermde notitie" in page.content() and SECRET not in page.content()
    page.screenshot(path=str(shots / "afgeschermde-notitie-politie.png"), full_page=True)
    logout(page)

    # The regisseur arranges a deputy for their leave, then hands the case over from the case page.
    login(page, live_server, "e2e-regisseur")
    page.get_by_role("link", name="Team").click()
    assert "Werklast van het team" in page.content() and "Mehmet Yilmaz" in page.content()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "team.png"), full_page=True)
    page.get_by_role("link", name="Vervanging regelen").first.click()
    page.get_by_role("button", name="Vervanging vastleggen").click()  # no deputy chosen: explained
    assert "Kies de vervanger." in page.content()
    assert axe_violations(page) == []
    page.get_by_label("Vervanger").select_option(str(colleague.pk))
    page.get_by_label("Tot en met").fill((date.today() + timedelta(days=14)).isoformat())
    page.get_by_label("Reden (optioneel)").fill("Verlof")
    page.get_by_role("button", name="Vervanging vastleggen").click()
    assert "Mehmet Yilmaz vervangt Sanne de Vries" in page.content()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "vervanging.png"), full_page=True)
    assert Deputyship.objects.get().deputy == colleague

    page.goto(f"{live_server.url}/casussen/{case.reference}/")
    page.get_by_role("link", name="Overdragen").click()
    assert page.get_by_label(case.reference, exact=False).is_checked()
    page.get_by_label("Overdragen aan").select_option(str(colleague.pk))
    page.get_by_role("button", name="Overdragen").click()
    assert "Geef de reden van de overdracht." in page.content()  # nothing chosen is lost
    assert page.get_by_label(case.reference, exact=False).is_checked()
    assert axe_violations(page) == []
    page.get_by_label("Reden van de overdracht").fill("Andere werkverdeling na reorganisatie")
    page.get_by_role("button", name="Overdragen").click()
    assert f"Overgedragen aan Mehmet Yilmaz: {case.reference}" in page.content()
    assert axe_violations(page) == []
    assert CaseHandover.objects.get().to_user == colleague

    # Phone width: the handover form and team table still work.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/casussen/team/")
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "team-telefoon.png"), full_page=True)
    logout(page)

    # The new regisseur reads the restricted note (it follows the direction of the case).
    login(page, live_server, "e2e-collega")
    page.goto(f"{live_server.url}/casussen/{case.reference}/")
    assert SECRET in page.content() and "Andere werkverdeling" in page.content()
    page.screenshot(path=str(shots / "na-overdracht.png"), full_page=True)
