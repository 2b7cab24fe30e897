"""The partner registry and the collaboration agenda in real headless Chromium (Debian's), with
axe-core on every page (WCAG 2.1 A/AA; no serious or critical violation). Screenshots go to
$SCREENSHOT_DIR (or a temp folder) so a person can look at them."""

import os
from pathlib import Path

import pytest

from agenda import services as agenda_services
from partners.models import AgendaPriority, Contact, Organisation, PriorityStatus, ProgressNote
from tests.e2e.browser import BROWSER_MARKS, axe_violations, login, logout
from tests.factories import OrganisationFactory, UserFactory

pytestmark = BROWSER_MARKS

SAMENWERKING = "Doorontwikkeling van de samenwerking"


def menu(page, name):
    """A link of the main menu (the start page has tiles with the same names)."""
    return page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_registry_agenda_stuurgroep_view_progress_and_pdf(live_server, browser_page, tmp_path):
    from pypdf import PdfReader

    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    bureau = OrganisationFactory(name="Zorg- en Veiligheidshuis Brabant Noordoost", kind="overig")
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    OrganisationFactory(name="GGZ Oost Brabant", kind="zorg")
    manager = UserFactory(
        username="e2e-manager", manager=True, organisation=bureau, first_name="Hans", last_name="Mulder"
    )
    UserFactory(username="e2e-beheer", functional_admin=True, organisation=bureau)
    UserFactory(username="e2e-politie", organisation=politie, first_name="Mark", last_name="Hendriks")
    agenda = agenda_services.create_agenda(actor=manager, year=2025)
    governance = agenda_services.save_priority(
        actor=manager,
        agenda=agenda,
        data=agenda_services.PriorityData(
            focus_area=SAMENWERKING, title="Governance traject Oost-Brabant", kartrekker_note="Alle partners samen."
        ),
    )
    agenda_services.save_priority(
        actor=manager,
        agenda=agenda,
        data=agenda_services.PriorityData(
            focus_area="Thema's zorg en veiligheid", title="Plegeraanpak", kartrekkers=[politie]
        ),
    )
    agenda_services.add_progress_note(
        actor=manager, priority=governance, text="Statement vastgesteld in de stuurgroep.",
        status=PriorityStatus.ON_TRACK, expected_version=governance.version,
    )  # fmt: skip
    page = browser_page

    # The functional admin maintains the registry: WGS status, convenant date and a contact.
    login(page, live_server, "e2e-beheer")
    menu(page, "Partnerregister").click()
    page.wait_for_url("**/samenwerking/register/")
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "40-registry.png"), full_page=True)
    page.get_by_role("link", name="Politie", exact=True).click()
    page.get_by_role("link", name="Gegevens bewerken").click()
    page.get_by_label("Datum convenant").fill("2025-03-01")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**/samenwerking/register/{politie.pk}/")
    assert page.get_by_text("1 maart 2025").first.is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Contactpersoon toevoegen").click()
    page.get_by_label("Naam").fill("Petra van Gemert")
    page.get_by_label("Functie of rol").fill("Lid stuurgroep")
    page.get_by_label("E-mailadres").fill("petra@")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("Vul een geldig e-mailadres in").first.is_visible()
    assert page.get_by_label("Naam").input_value() == "Petra van Gemert"  # input kept
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "41-contact-error.png"), full_page=True)
    page.get_by_label("E-mailadres").fill("petra@politie.example")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**/samenwerking/register/{politie.pk}/")
    assert page.get_by_text("Mark Hendriks").first.is_visible()  # users of the organisation with their role
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "42-organisation.png"), full_page=True)
    assert Contact.objects.filter(organisation=politie, name="Petra van Gemert").exists()
    assert str(Organisation.objects.get(pk=politie.pk).convenant_date) == "2025-03-01"
    logout(page)

    # The manager (bureau) adds a priority at the top, an action and progress; downloads the PDF.
    login(page, live_server, "e2e-manager")
    menu(page, "Samenwerkingsagenda").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Samenwerkingsagenda 2025").click()
    page.wait_for_url("**/samenwerking/agenda/2025/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Prioriteit toevoegen").click()
    page.get_by_label("Aandachtsgebied").fill(SAMENWERKING)
    page.get_by_label("Titel").fill("Implementatie van de WGS")
    page.get_by_label("Plaats in de volgorde").fill("1")
    page.get_by_label("GGZ Oost Brabant").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/samenwerking/agenda/2025/prioriteiten/*/")
    page.get_by_role("link", name="Actie toevoegen").click()
    page.get_by_label("Actie").fill("Privacyprotocol actualiseren")
    page.get_by_label("Status").select_option(label="Loopt")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("link", name="Voortgang melden").click()
    page.get_by_label("Status van de prioriteit").select_option(label="Aandacht nodig")
    page.get_by_label("Voortgang").fill("Besluit over het convenant schuift naar maart.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Voortgang vastleggen").click()
    page.wait_for_url("**/samenwerking/agenda/2025/prioriteiten/*/")
    assert page.get_by_text("Privacyprotocol actualiseren").first.is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "43-priority.png"), full_page=True)
    page.get_by_role("link", name="2025", exact=True).click()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "44-stuurgroep-view.png"), full_page=True)
    assert list(AgendaPriority.objects.order_by("position").values_list("title", flat=True)) == [
        "Implementatie van de WGS",
        "Governance traject Oost-Brabant",
        "Plegeraanpak",
    ]
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Voortgang als PDF").click()
    pdf_path = tmp_path / "agenda.pdf"
    download_info.value.save_as(pdf_path)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf_path).pages).split())
    assert "Samenwerkingsagenda 2025" in text and "Implementatie van de WGS" in text
    assert "Besluit over het convenant schuift naar maart." in text and "Aandacht nodig" in text
    assert "Hans Mulder" in text  # the recipient, in the footer of every page
    logout(page)

    # A professional of a kartrekker organisation reads the agenda and reports on its priority only.
    login(page, live_server, "e2e-politie")
    menu(page, "Samenwerkingsagenda").click()
    page.get_by_role("link", name="Samenwerkingsagenda 2025").click()
    assert page.get_by_role("link", name="Prioriteit toevoegen").count() == 0
    page.get_by_role("link", name="Plegeraanpak").click()
    page.get_by_role("link", name="Voortgang melden").click()
    page.get_by_label("Status van de prioriteit").select_option(label="Op koers")
    page.get_by_label("Voortgang").fill("Werkgroep ViA is herstart.")
    page.get_by_role("button", name="Voortgang vastleggen").click()
    page.wait_for_url("**/samenwerking/agenda/2025/prioriteiten/*/")
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "45-partner-progress.png"), full_page=True)
    assert ProgressNote.objects.filter(author__username="e2e-politie", author_organisation="Politie").count() == 1
    page.get_by_role("link", name="2025", exact=True).click()
    page.get_by_role("link", name="Governance traject Oost-Brabant").click()
    assert page.get_by_role("link", name="Voortgang melden").count() == 0  # Politie is no kartrekker here
