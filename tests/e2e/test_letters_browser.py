"""Issue 17: the regisseur makes a letter from a template in real headless Chromium, axe-core on
every page (WCAG 2.1 A/AA), against SeaweedFS and clamd: choose the template and the person, see
the filled text (server-rendered, no JavaScript needed), store it as a document of the case."""

import os
from pathlib import Path

import pytest

from cases import services
from tests.e2e.browser import BROWSER_MARKS, axe_violations, login
from tests.factories import UserFactory, make_case

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_regisseur_makes_a_letter_and_finds_it_among_the_documents(live_server, browser_page, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    regisseur = UserFactory(username="e2e-regisseur", regisseur=True, first_name="Sanne", last_name="de Vries")
    case = make_case(
        regisseur=regisseur,
        persons=[
            services.PersonData(first_name="Pim", last_name="Testpersoon", role_in_case="hoofdpersoon"),
            services.PersonData(first_name="Roos", last_name="Testpersoon", role_in_case="partner"),
        ],
    )
    page = browser_page
    login(page, live_server, "e2e-regisseur")
    page.goto(f"{live_server.url}/casussen/{case.reference}/")
    page.get_by_role("link", name="Brief maken").click()
    assert "Pim Testpersoon" in page.content()  # the preview of the first template, main person
    assert axe_violations(page) == []

    page.get_by_label("Briefsjabloon").select_option(label="Uitnodiging aan betrokkene")
    page.get_by_label("Over wie gaat de brief").select_option(label="Roos Testpersoon (partner)")
    page.get_by_label("Aanvullende tekst").fill("Neem uw identiteitsbewijs mee.")
    page.get_by_role("button", name="Voorbeeld bijwerken").click()
    content = page.content()
    assert "Beste Roos Testpersoon" in content and "Neem uw identiteitsbewijs mee." in content
    assert page.get_by_label("Aanvullende tekst").input_value() == "Neem uw identiteitsbewijs mee."  # kept
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "brief-voorbeeld.png"), full_page=True)

    page.get_by_role("button", name="Brief opslaan als document").click()
    content = page.content()
    assert "is als document bij de casus opgeslagen" in content
    assert "Uitnodiging aan betrokkene –" in content
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "brief-opgeslagen.png"), full_page=True)
