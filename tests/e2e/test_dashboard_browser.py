"""The manager's dashboard in real headless Chromium (Debian's, never a downloaded browser): log in,
open the dashboard, filter it, download the annual report. Screenshots go to $SCREENSHOT_DIR (or a
temp folder) so a person can look at them; axe-core checks WCAG 2.1 A/AA rules on each page."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from tests.auth import current_code, totp_device
from tests.factories import PASSWORD, OrganisationFactory, UserFactory
from tests.programmes.conftest import seed_year

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="Debian chromium is not installed"),
]


@pytest.fixture
def browser_page(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread; the test's own ORM calls are
    # still synchronous (the documented setting for Django + Playwright tests).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        # bypass_csp only so the test can inject axe-core; the pages' own CSP is tested elsewhere.
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL", bypass_csp=True)
        yield page
        browser.close()
        # ORM calls made while Playwright's loop runs get their own connection (asgiref's Local is
        # context-bound); close it here or it outlives the test database.
        connections.close_all()


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def login(page, live_server, username):
    """Password, then the code an authenticator app would show."""
    from partners.models import User

    device = totp_device(User.objects.get(username=username))
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/inloggen/tweede-stap/**")
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Verifiëren").click()
    page.wait_for_url(f"{live_server.url}/")


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
