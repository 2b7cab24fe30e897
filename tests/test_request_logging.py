"""Every request leaves one JSON log line with its id and the user's id, never a name, a BSN or a
search term; the access log carries the same id, so an operator and the privacy officer can follow
one request from either side."""

import io
import json
import logging
import sys

import pytest
from django.test import override_settings
from django.urls import reverse

from privacy.models import AccessLogEntry
from tests.auth import login
from zvh.logging import JsonLinesFormatter


@pytest.fixture
def log_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLinesFormatter())
    loggers = [logging.getLogger("zvh.request"), logging.getLogger("django.request")]
    previous = [(each, each.level) for each in loggers]
    for each in loggers:
        each.addHandler(handler)
        each.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for each, level in previous:
        each.removeHandler(handler)
        each.setLevel(level)


def test_a_case_read_has_one_request_id_in_header_log_line_and_access_log(client, case, regisseur, log_lines):
    login(client, regisseur)
    person = case.persons.first()
    response = client.get(reverse("cases:detail", args=[case.reference]) + f"?q={person.last_name}&bsn=123456782")
    assert response.status_code == 200
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    line = [each for each in log_lines() if each["logger"] == "zvh.request"][-1]
    assert line["request_id"] == request_id
    assert line["user_id"] == regisseur.pk
    assert (line["method"], line["path"], line["status"]) == ("GET", f"/casussen/{case.reference}/", 200)
    assert {"timestamp", "level", "duration_ms"} <= line.keys()
    raw = json.dumps(line)
    assert person.last_name not in raw and "123456782" not in raw and "?" not in raw
    entry = AccessLogEntry.objects.filter(case_id=case.pk, action="view").latest("pk")
    assert entry.request_id == request_id


def test_two_requests_get_different_ids_and_a_client_cannot_choose_one(client, regisseur):
    login(client, regisseur)
    first = client.get(reverse("home"), HTTP_X_REQUEST_ID="chosen-by-the-client-0001")
    second = client.get(reverse("home"))
    assert first["X-Request-ID"] != "chosen-by-the-client-0001"
    assert first["X-Request-ID"] != second["X-Request-ID"]


@override_settings(TRUST_X_FORWARDED_FOR=True)
def test_behind_the_trusted_proxy_its_request_id_is_kept_if_well_formed(client, regisseur):
    login(client, regisseur)
    kept = client.get(reverse("home"), HTTP_X_REQUEST_ID="0f3a9c2e7b1d4e5f8a6b3c2d1e0f9a8b")
    assert kept["X-Request-ID"] == "0f3a9c2e7b1d4e5f8a6b3c2d1e0f9a8b"
    forged = client.get(reverse("home"), HTTP_X_REQUEST_ID='x"}\n{"level":"ERROR"')
    assert forged["X-Request-ID"] != 'x"}\n{"level":"ERROR"' and len(forged["X-Request-ID"]) == 32


def test_an_anonymous_request_logs_no_user_and_nine_digit_numbers_are_masked(client, log_lines):
    client.get("/casussen/ZVH-123456782/")
    lines = log_lines()
    assert lines and all(each["user_id"] is None for each in lines)
    assert "123456782" not in json.dumps(lines)


def test_an_exception_is_one_json_line_with_the_traceback_inside():
    formatter = JsonLinesFormatter()
    try:
        raise ValueError("BSN 123456782 in een foutmelding")
    except ValueError:
        record = logging.getLogger("x").makeRecord("x", logging.ERROR, __file__, 1, "mislukt", (), sys.exc_info())
    text = formatter.format(record)
    assert "\n" not in text
    parsed = json.loads(text)
    assert parsed["level"] == "ERROR" and "ValueError" in parsed["exception"] and "123456782" not in text
