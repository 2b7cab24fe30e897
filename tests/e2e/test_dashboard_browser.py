"""The manager's dashboard in real headless Chromium (Debian's, never a downloaded browser): log in,
open the dashboard, filter it, download the annual report. Screenshots go to $SCREENSHOT_DIR (or a
temp folder) so a person can look at them; axe-core checks WCAG 2.1 A/AA rules on each page."""

import os
from pathlib import Path

import pytest

from tests.dashboard.conftest import seed_year
from tests.e2e.browser import BROWSER_MARKS, axe_violations, login
from tests.factories import OrganisationFactory, UserFactory

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_manager_opens_the_dashboard_and_downloads_the_annual_report(live_server, browser_page, tmp_path):
    from pypdf import PdfReader

    from privacy.models import AccessLogEntry

    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    regisseur = UserFactory(username="e2e-regisseur", regisseur=True, first_name="Sanne", last_name="de Vries")
    agent = UserFactory(username="e2e-agent", organisation=politie, first_name="Mark", last_name="Hendriks")
    UserFactory(username="e2e-manager", manager=True, first_name="Ellen", last_name="Bakker")
    seeded = seed_year(regisseur, agent, politie)
    page = browser_page

    login(page, live_server, "e2e-manager")
    page.get_by_role("link", name="Dashboard", exact=True).first.click()
    page.wait_for_url("**/programmas/dashboard/")
    page.get_by_label("Jaar", exact=True).select_option("2024")
    page.get_by_role("button", name="Cijfers tonen").click()
    page.wait_for_url("**/programmas/dashboard/?jaar=2024*")
    assert page.get_by_role("heading", name="Instroom tegen de prognose").is_visible()
    instroom = page.get_by_role("table", name="Aanmeldingen en casussen per programma, tegen de prognose")
    com_row = instroom.get_by_role("row", name="COM – Casus op maat")
    assert com_row.get_by_role("cell").all_inner_texts() == ["6", "7", "10", "70%", "5", "5"]
    assert page.get_by_role("img", name="Nieuwe casussen per programma en de prognose").is_visible()
    assert seeded.com[0].reference not in page.content()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "60-dashboard.png"), full_page=True)

    page.get_by_label("Kwartaal", exact=True).select_option("2")
    page.get_by_label("Woongemeente", exact=True).select_option(label="Gemeente Oss")
    page.get_by_role("button", name="Cijfers tonen").click()
    page.wait_for_url("**kwartaal=2*")
    assert page.get_by_role("heading", name="2e kwartaal 2024, Gemeente Oss").is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "61-dashboard-filtered.png"), full_page=True)

    page.get_by_label("Kwartaal", exact=True).select_option("")
    page.get_by_label("Woongemeente", exact=True).select_option("")
    page.get_by_role("button", name="Cijfers tonen").click()
    page.wait_for_url("**/programmas/dashboard/?jaar=2024*")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Jaarverslag (PDF)").click()
    pdf_path = tmp_path / "jaarverslag.pdf"
    download_info.value.save_as(pdf_path)
    text = "".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "Jaarverslag 2024" in text and "Trendradar" in text and "< 5" in text
    assert AccessLogEntry.objects.filter(username="e2e-manager", object_type="jaarverslag", action="export").exists()

    page.goto(f"{live_server.url}/programmas/levensloopaanpak/?jaar=2024")
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "62-lla-key-figures.png"), full_page=True)
