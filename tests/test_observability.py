"""Error reporting and tracing are off unless the environment turns them on, and what Sentry would
receive carries no request data, names, BSNs or local variables."""

import subprocess
import sys
from pathlib import Path

from zvh.observability import scrubbed_event

ROOT = Path(__file__).resolve().parent.parent
SERVER = {
    "DJANGO_SETTINGS_MODULE": "zvh.settings.production",
    "SECRET_KEY": "s" * 60,
    "SITE_URL": "https://zaaksysteem.zvh-regio.nl",
    "DATABASE_URL": "postgres://zvh:Xq7-generated-9kd2@db:5432/zvh",
    "PATH": "/usr/bin:/bin",
}
SHOW = (
    "import django; from django.conf import settings; django.setup(); import sentry_sdk; "
    "c = sentry_sdk.get_client(); print(settings.OBSERVABILITY, c.is_active(), "
    "c.options.get('send_default_pii'), c.options.get('include_local_variables'))"
)


def start(**environment: str) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env={**SERVER, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


def test_off_by_default():
    assert start().startswith("[] False")


def test_sentry_starts_from_the_environment_without_personal_data():
    # Port 9 (discard): nothing is sent during the test; the client only has to be configured.
    assert start(SENTRY_DSN="http://public@127.0.0.1:9/1") == "['sentry'] True False False"


def test_opentelemetry_starts_from_the_environment():
    assert start(OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:9").startswith("['opentelemetry']")


def test_an_error_event_leaves_without_what_a_person_typed():
    event = {
        "message": "Casus van BSN 123456782",
        "request": {
            "url": "https://zvh.example/casussen/?q=Jansen",
            "method": "POST",
            "data": {"naam": "Jan Jansen"},
            "cookies": {"sessionid": "abc"},
            "headers": {"Cookie": "sessionid=abc"},
            "query_string": "q=Jansen",
        },
        "user": {"id": 7, "username": "regisseur1", "email": "r@zvh.example"},
        "extra": {"form": "Jan Jansen"},
        "breadcrumbs": {"values": [{"message": "SELECT ... 123456782", "data": {"params": ["Jansen"]}}]},
        "exception": {
            "values": [{"value": "Onbekend BSN 123456782", "stacktrace": {"frames": [{"vars": {"naam": "Jansen"}}]}}]
        },
    }
    text = repr(scrubbed_event(event))
    assert "Jansen" not in text and "123456782" not in text and "regisseur1" not in text and "sessionid" not in text
    assert event["request"] == {"url": "https://zvh.example/casussen/", "method": "POST"}
    assert event["user"] == {"id": 7}
