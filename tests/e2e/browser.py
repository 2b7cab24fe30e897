"""What every browser check shares: Debian's Chromium (never a downloaded browser) behind the
`browser_page` fixture, axe-core for WCAG 2.1 A/AA, and logging in the way a person does (password,
then the authenticator code)."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from tests.auth import current_code, totp_device
from tests.factories import PASSWORD

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

# Put in each browser module as `pytestmark = BROWSER_MARKS`: CI installs chromium, so there it never skips.
BROWSER_MARKS = [
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

    device = totp_device(User.objects.get(username=username))  # the app this user linked earlier
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/inloggen/tweede-stap/**")
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Verifiëren").click()
    page.wait_for_url(f"{live_server.url}/")


def open_phone_menu(page):
    """On a phone the account and menu are behind one "Menu" button (templates/base.html)."""
    menu = page.locator("details.zvh-menu")
    if menu.is_visible() and menu.get_attribute("open") is None:
        menu.locator("summary").click()


def logout(page):
    open_phone_menu(page)
    page.get_by_role("button", name="Uitloggen", exact=True).click()
    page.wait_for_url("**/inloggen/**")
