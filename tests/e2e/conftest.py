import pytest
from django.db import connections

from tests.e2e.browser import CHROMIUM


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
