"""A new user's first run (issue 18): the demo's mail in a folder and on a dev-only page, the
project's own 404 page while DEBUG is on, no system-check warnings on SQLite, and seed_demo's
output ending with the logins table."""

import json
from io import StringIO

import pytest
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.urls import reverse

from tests.auth import login
from tests.test_deployment import app_environment, production_environment, run_python

SHOW_DEV_MAIL = """
import json, django
django.setup()
from django.conf import settings
from django.urls import NoReverseMatch, reverse
try:
    url = reverse("demo:mail_list")
except NoReverseMatch:
    url = None
print(json.dumps({"url": url, "backend": settings.EMAIL_BACKEND, "middleware": settings.MIDDLEWARE}))
"""


def test_the_dev_mail_page_never_exists_in_production_settings():
    result = run_python(["-c", SHOW_DEV_MAIL], production_environment())
    assert result.returncode == 0, result.stderr[-3000:]
    production = json.loads(result.stdout)
    assert production["url"] is None
    assert "filebased" not in production["backend"]
    assert not any(m.startswith("demo.") for m in production["middleware"])

    result = run_python(["-c", SHOW_DEV_MAIL], app_environment({"DJANGO_SETTINGS_MODULE": "zvh.settings.dev"}))
    assert result.returncode == 0, result.stderr[-3000:]
    dev = json.loads(result.stdout)
    assert dev["url"] == "/dev/mail/"
    assert dev["backend"] == "django.core.mail.backends.filebased.EmailBackend"


def test_dev_settings_on_sqlite_pass_the_system_checks_without_warnings(tmp_path):
    environment = app_environment(
        {"DJANGO_SETTINGS_MODULE": "zvh.settings.dev", "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}"}
    )
    result = run_python(["manage.py", "check", "--database", "default", "--fail-level", "WARNING"], environment)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "W038" not in result.stderr and "W040" not in result.stderr


def _send_to_folder(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    EmailMessage(
        subject="Uitnodiging casusoverleg ZVH-2026-0001",
        body="Bekijk het overleg: http://127.0.0.1:8106/casussen/ZVH-2026-0001/\n\nMet vriendelijke groet",
        to=["politie1@demo.zvh.example"],
    ).send()
    EmailMessage(subject="Herinnering", body="Tweede bericht", to=["ggz1@demo.zvh.example"]).send()


def test_the_dev_mail_page_lists_and_shows_the_mail_in_the_folder(settings, tmp_path, client, regisseur):
    settings.DEBUG = True
    _send_to_folder(settings, tmp_path)
    listing = reverse("demo:mail_list")
    assert client.get(listing).status_code == 302  # a login first, like every page
    login(client, regisseur)
    page = client.get(listing).content.decode()
    assert "Uitnodiging casusoverleg ZVH-2026-0001" in page and "Herinnering" in page
    assert "politie1@demo.zvh.example" in page
    assert page.index("Herinnering") < page.index("Uitnodiging casusoverleg")  # the newest first
    detail_url = next(
        reverse("demo:mail_detail", kwargs={"file_name": p.name, "index": 0})
        for p in tmp_path.iterdir()
        if "Uitnodiging" in p.read_text()
    )
    detail = client.get(detail_url).content.decode()
    assert 'href="http://127.0.0.1:8106/casussen/ZVH-2026-0001/"' in detail  # links can be followed
    for tampered in ("../../etc/passwd", "20260101-101500-1.log"):
        assert client.get(f"{listing}{tampered}/0/").status_code == 404
    assert client.get(detail_url.replace("/0/", "/7/")).status_code == 404


def test_the_dev_mail_page_is_a_404_without_debug(settings, tmp_path, client, regisseur):
    settings.DEBUG = False
    _send_to_folder(settings, tmp_path)
    assert client.get(reverse("demo:mail_list")).status_code == 404  # not even a login redirect
    login(client, regisseur)
    assert client.get(reverse("demo:mail_list")).status_code == 404


def test_with_debug_the_demo_shows_the_project_404_page(settings, client, regisseur):
    settings.DEBUG = True
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "demo.middleware.ProjectNotFoundPageMiddleware",
    ]  # as zvh/settings/dev.py
    login(client, regisseur)
    for url in ("/bestaat-niet/", "/casussen/ZVH-1999-9999/"):
        response = client.get(url)
        assert response.status_code == 404
        page = response.content.decode()
        assert "Foutcode 404" in page and "technical" not in page.lower()
    assert "Casus niet gevonden" in client.get("/casussen/ZVH-1999-9999/").content.decode()
    assert client.get("/casussen").status_code == 301  # a missing slash is still added first
    refused = client.get(reverse("privacy:access_log"))  # a regisseur is no privacy officer
    assert refused.status_code == 403 and "Foutcode 403" in refused.content.decode()


@pytest.mark.django_db
def test_seed_demo_output_ends_with_the_logins_table(tmp_path, settings):
    out = StringIO()
    call_command(
        "seed_demo", "--cases", "24", "--allow-without-debug", "--base-url", "http://127.0.0.1:8106", stdout=out
    )
    lines = out.getvalue().rstrip().splitlines()
    header = next(n for n, line in enumerate(lines) if line.startswith("Demo-logins"))
    assert "http://127.0.0.1:8106/inloggen/" in lines[header]
    table = lines[header + 1 :]
    assert len(table) <= 25
    assert table[-1].lstrip().split()[0] == "beheer"  # the last demo user: nothing printed after it
    assert all("Subject:" not in line for line in lines)  # mail goes to the backend, not the output
