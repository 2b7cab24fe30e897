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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_escalation_form_with_attachments_without_javascript_help(live_server, browser_page, tmp_path):
    """Issue 17: the referrer attaches files on the escalation form (multipart, no script needed);
    a virus comes back beside that row with everything typed kept; the triage team downloads."""
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    UserFactory(username="e2e-agent", organisation=politie, first_name="Mark", last_name="Hendriks")
    UserFactory(username="e2e-regisseur", regisseur=True, first_name="Sanne", last_name="de Vries")
    infected = tmp_path / "melding.txt"
    infected.write_bytes(eicar())
    clean = tmp_path / "rapportage.pdf"
    clean.write_bytes(pdf("rapportage wijkagent"))
    page = browser_page

    login(page, live_server, "e2e-agent")
    page.goto(f"{live_server.url}/aanmeldingen/nieuw/")
    page.locator("#id_personen-0-first_name").fill("Fleur")
    page.locator("#id_personen-0-last_name").fill("Manders")
    page.locator("#id_personen-0-role_in_case").select_option("hoofdpersoon")
    page.locator("#id_reason").fill("Bedreigingen richting buren; zorg komt niet binnen.")
    page.locator("input[name=bottleneck_categories]").first.check()
    page.locator("#id_bottleneck_text").fill("Niemand heeft de regie.")
    page.locator("#id_ave_level").select_option("3")
    page.locator("input[name=urgency][value=hoog]").check()
    page.locator("#id_goal").fill("Eén gezamenlijk plan.")
    page.locator("input[name=person_informed][value=ja]").check()
    page.locator("#id_contact_phone").fill("073 123 45 67")
    page.locator("#id_contact_email").fill("mark@example.org")
    page.locator("#id_bijlagen-0-file").set_input_files(str(infected))
    page.locator("#id_bijlagen-0-title").fill("Melding wijkagent")
    page.locator("#id_bijlagen-0-category").select_option(label="Rapportage")
    page.get_by_role("button", name="Aanmelding versturen").click()
    assert "bevat een virus" in page.content()
    assert page.locator("#id_reason").input_value().startswith("Bedreigingen")  # kept
    assert page.locator("#id_personen-0-last_name").input_value() == "Manders"
    assert page.locator("#id_bijlagen-0-title").input_value() == "Melding wijkagent"
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "aanmelding-bijlage-virus.png"), full_page=True)

    page.locator("#id_bijlagen-0-file").set_input_files(str(clean))
    page.get_by_role("button", name="Aanmelding versturen").click()
    page.wait_for_url("**/aanmeldingen/AANM-*/")
    reference = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert "Melding wijkagent" in page.content()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "aanmelding-met-bijlage.png"), full_page=True)
    logout(page)

    login(page, live_server, "e2e-regisseur")
    page.goto(f"{live_server.url}/aanmeldingen/{reference}/beoordelen/")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden Melding wijkagent").click()
    assert Path(download.value.path()).read_bytes() == pdf("rapportage wijkagent")
