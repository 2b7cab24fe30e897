"""Issue 17 (part 1) in real headless Chromium, axe-core on every page (WCAG 2.1 A/AA), against
SeaweedFS and clamd: a GGZ professional at the table adds a document without JavaScript help; an
infected file comes back with a message beside the field and the title kept; the clean PDF is
restricted to GGZ; the regisseur downloads it (an attachment), the police officer sees a marker."""

import os
from pathlib import Path

import pytest

from cases import services
from tests.documents.conftest import eicar, pdf
from tests.e2e.browser import BROWSER_MARKS, axe_violations, login, logout
from tests.factories import OrganisationFactory, UserFactory, make_case

pytestmark = BROWSER_MARKS
TITLE = "Verklaring behandelaar"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upload_refusal_and_download_of_a_restricted_document(live_server, browser_page, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    ggz = OrganisationFactory(name="GGZ Oost Brabant", kind="zorg")
    regisseur = UserFactory(username="e2e-regisseur", regisseur=True, first_name="Sanne", last_name="de Vries")
    agent = UserFactory(username="e2e-agent", organisation=politie)
    psychiater = UserFactory(username="e2e-ggz", organisation=ggz)
    case = make_case(regisseur=regisseur)
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[agent])
    services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[psychiater])
    page = browser_page
    infected = tmp_path / "verslag.txt"
    infected.write_bytes(eicar())
    clean = tmp_path / "verklaring.pdf"
    clean.write_bytes(pdf("verklaring"))

    login(page, live_server, "e2e-ggz")
    page.goto(f"{live_server.url}/casussen/{case.reference}/")
    page.get_by_role("link", name="Document toevoegen").click()
    assert axe_violations(page) == []
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Categorie").select_option(label="Rapportage")
    page.get_by_label("Bestand").set_input_files(str(infected))
    page.get_by_role("button", name="Document toevoegen").click()
    assert "bevat een virus" in page.content()
    assert page.get_by_label("Titel").input_value() == TITLE  # kept
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "document-virus-geweigerd.png"), full_page=True)

    page.get_by_label("Bestand").set_input_files(str(clean))
    page.get_by_label("Afschermen (bijvoorbeeld medische informatie)").check()
    page.get_by_role("button", name="Document toevoegen").click()
    assert TITLE in page.content()
    assert axe_violations(page) == []
    logout(page)

    login(page, live_server, "e2e-agent")
    page.goto(f"{live_server.url}/casussen/{case.reference}/")
    assert "Afgeschermd document" in page.content() and TITLE not in page.content()
    logout(page)

    login(page, live_server, "e2e-regisseur")
    page.goto(f"{live_server.url}/casussen/{case.reference}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Downloaden {TITLE}, versie 1").click()
    download = download_info.value
    assert download.suggested_filename == "verklaring.pdf"
    assert Path(download.path()).read_bytes() == pdf("verklaring")
    page.get_by_role("link", name=TITLE, exact=True).click()
    assert "Versies" in page.content()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "document-versies.png"), full_page=True)
