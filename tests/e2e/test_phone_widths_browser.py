"""Every main page on a phone: 320 CSS px with phone emulation (is_mobile, device scale factor 2),
as real phones and Lighthouse render. For each role on the demo data: no page is wider than the
screen (no sideways scrolling, WCAG 1.4.10 Reflow), axe-core finds no WCAG 2.1 A/AA violation, the
page starts on the first screen with the menu folded into one button that opens without
JavaScript, and the server's HTML has no error in the Nu Html Checker (vnu, from npm vnu-jar)."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections

from tests.auth import current_code, totp_device
from tests.e2e.browser import BROWSER_MARKS, axe_violations

pytestmark = BROWSER_MARKS

WIDTH = 320
VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# One login per role (seed_demo's users) and the pages each reaches besides the menu's.
ROLES = {
    "regisseur1": ["/herinneringen/berichten/", "/herinneringen/instellingen/"],
    "politie1": ["/aanmeldingen/nieuw/", "/herinneringen/berichten/"],
    "manager": ["/herinneringen/berichten/"],
    "privacy": ["/herinneringen/berichten/"],
    "beheer": ["/herinneringen/instellingen/"],
}
# Found on the pages themselves: a case, its plan and a meeting; a triage decision.
FOLLOW = [
    ("/casussen/", r'href="(/casussen/[A-Z]+-\d{4}-\d{4}/)"'),
    ("/aanmeldingen/triage/", r'href="(/aanmeldingen/[^/"]+/beoordelen/)"'),
]
FOLLOW_FROM_CASE = [r'href="(/casussen/[^"/]+/plan/)"', r'href="(/casussen/[^"/]+/overleg/\d+/)"']


def login_as(page, live_server, username, password):
    from partners.models import User

    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/inloggen/tweede-stap/**")
    page.get_by_label("Code").fill(current_code(totp_device(User.objects.get(username=username))))
    page.get_by_role("button", name="Verifiëren").click()
    page.wait_for_url(f"{live_server.url}/")


def main_pages(page, extra):
    """The menu's pages, the role's own extras, and a case, plan, meeting and triage decision."""
    paths = ["/"] + page.eval_on_selector_all(
        ".zvh-menu nav[aria-label=Hoofdmenu] a", "links => links.map(a => a.getAttribute('href'))"
    )
    paths += extra
    base = page.url.rstrip("/")
    for list_path, pattern in FOLLOW:
        if list_path in paths:
            found = re.findall(pattern, page.request.get(base + list_path).text())
            if found:
                paths.append(found[0])
                if list_path == "/casussen/":
                    case_html = page.request.get(base + found[0]).text()
                    paths += [m[0] for m in (re.findall(p, case_html) for p in FOLLOW_FROM_CASE) if m]
                    # A closed case too: its evaluation table is only on closed cases.
                    closed = re.findall(pattern, page.request.get(base + list_path + "?fase=afgesloten").text())
                    if closed:
                        paths.append(closed[0])
    return list(dict.fromkeys(path for path in paths if not path.startswith("/beheer/")))  # Django admin: not ours


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_main_page_fits_a_phone_for_every_role(live_server, tmp_path, monkeypatch):
    from playwright.sync_api import sync_playwright

    from tests.e2e.browser import CHROMIUM

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    manifest_path = tmp_path / "demo.json"
    call_command("seed_demo", "--cases", "24", "--allow-without-debug", "--quiet-logins", "--manifest", manifest_path)
    users = {u["username"]: u for u in json.loads(manifest_path.read_text())["users"]}
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    html_dir = tmp_path / "html"
    html_dir.mkdir()
    visited, too_wide, inaccessible = [], [], []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        for username, extra in ROLES.items():
            context = browser.new_context(
                viewport={"width": WIDTH, "height": 640}, is_mobile=True, has_touch=True, device_scale_factor=2,
                locale="nl-NL", bypass_csp=True,  # bypass_csp only to inject axe-core
            )  # fmt: skip
            page = context.new_page()
            login_as(page, live_server, username, users[username]["password"])

            # The menu is one button; the page's heading is on the first screen; it opens without JS.
            menu = page.locator("details.zvh-menu")
            assert menu.get_attribute("open") is None
            assert not page.locator("nav.zvh-nav").is_visible()
            heading = page.get_by_role("heading", level=1)
            assert heading.bounding_box()["y"] + heading.bounding_box()["height"] < 640
            page.get_by_text("Menu", exact=True).click()
            assert page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Start").is_visible()
            assert page.get_by_role("button", name="Uitloggen", exact=True).is_visible()
            page.screenshot(path=str(shots / f"90-phone-menu-{username}.png"))

            for path in main_pages(page, extra):
                response = page.goto(live_server.url + path)
                assert response.status == 200, path
                visited.append(f"{username} {path}")
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > WIDTH:
                    too_wide.append(f"{username} {path}: {width} px")
                inaccessible += [f"{username} {path}: {v}" for v in axe_violations(page)]
                name = re.sub(r"[^a-z0-9]+", "-", f"{username}{path}".lower()).strip("-")
                (html_dir / f"{name}.html").write_text(page.request.get(live_server.url + path).text())
            context.close()
        browser.close()
        connections.close_all()  # ORM calls made while Playwright's loop runs have their own connection

    print(f"\n{len(visited)} pages at {WIDTH} px")
    assert len(visited) >= 30, visited
    assert too_wide == []
    assert inaccessible == []
    java = shutil.which("java")
    if java and VNU.exists() or os.environ.get("CI"):
        report = subprocess.run(  # noqa: S603 (our own files)
            [java, "-jar", str(VNU), "--format", "json", *sorted(map(str, html_dir.glob("*.html")))],
            capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        errors = [
            f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
            for m in json.loads(report.stderr)["messages"]
            if m["type"] in {"error", "non-document-error"}
        ]
        assert errors == []
        print(f"vnu: 0 errors on {len(list(html_dir.glob('*.html')))} pages")
