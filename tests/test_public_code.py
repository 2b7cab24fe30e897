"""The files Dutch government software carries (Standard for Public Code), and security.txt served
as RFC 9116 describes it."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

ROOT = Path(__file__).resolve().parent.parent
# publiccode.yml v0.4: the keys every file must have, and the vocabularies used here.
REQUIRED = {"publiccodeYmlVersion", "name", "url", "platforms", "categories", "developmentStatus",
            "softwareType", "description", "legal", "maintenance", "localisation"}  # fmt: skip
SCOPES = {"government", "local-authorities", "justice", "healthcare", "security", "welfare", "society"}


def test_the_licence_is_the_eupl_1_2_that_pyproject_names():
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    assert "Appendix" in text and len(text) > 12000
    assert 'license = "EUPL-1.2"' in (ROOT / "pyproject.toml").read_text()


def test_publiccode_yml_has_what_the_standard_requires():
    data = yaml.safe_load((ROOT / "publiccode.yml").read_text())
    assert REQUIRED <= data.keys()
    assert data["publiccodeYmlVersion"] == "0.4" and data["legal"]["license"] == "EUPL-1.2"
    for language in ("nl", "en"):
        description = data["description"][language]
        assert len(description["shortDescription"]) <= 150
        assert 150 <= len(description["longDescription"]) <= 10000
        assert description["features"]
    assert set(data["intendedAudience"]["scope"]) <= SCOPES
    assert data["maintenance"]["contacts"]


def test_every_project_file_is_there():
    for name in ("LICENSE", "publiccode.yml", "SECURITY.md", "CHANGELOG.md", "CONTRIBUTING.md", "README.md"):
        assert (ROOT / name).stat().st_size > 500, name


@override_settings(SECURITY_CONTACT="mailto:cvd@zvh-regio.nl", SITE_URL="https://zaaksysteem.zvh-regio.nl")
def test_security_txt_is_served_to_anyone_as_rfc_9116_asks(client):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:cvd@zvh-regio.nl"
    assert fields["Canonical"] == "https://zaaksysteem.zvh-regio.nl/.well-known/security.txt"
    assert fields["Preferred-Languages"] == "nl, en"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert timezone.now() < expires < timezone.now() + timedelta(days=365)
    policy = client.get(reverse("security_policy"))
    assert policy.status_code == 200 and b"coordinated vulnerability disclosure" in policy.content
