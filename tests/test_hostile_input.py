"""Hostile input is never a 500 (issue 20), in the spirit of the URL matrix (tests/test_url_matrix.py).

Every URL of the matrix (its objects and kwargs) × three roles (regisseur, agent, anonymous) × a
set of hostile values, sent in every query parameter and form field the page reads: the fields of
the forms in its GET response plus the filter parameters below; POST forms also get the hostile
value in their management-form counts. Case and escalation references in the path get NUL and
control characters. Not one response may be a 5xx. Refused control characters are logged.
"""

import re
from urllib.parse import quote

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from privacy.models import AccessLogEntry
from tests.auth import login
from tests.test_url_matrix import FEATURE_MODULES, MATRIX, all_url_names
from tests.url_matrix_rows import api
from tests.url_matrix_rows.common import ROLES

FUZZ_ROLES = ["regisseur", "agent", "anonymous"]
HOSTILE_VALUES = [
    "a\x00b",  # PostgreSQL refuses NUL in text
    "\x1b[31m\x07\x08",  # terminal escapes, bell, backspace
    "0001-01-01",  # a year before 1 in UTC once converted from Amsterdam
    "9999-12-31",
    "9" * 25,  # beyond a 64-bit integer
    "abc",  # where a count or id is expected
    "x" * 5000,
]
PATH_VALUES = ["%00", "%1B%07", "x" * 300]
# Filters and paging the list pages read from the query string (besides their forms' own fields).
QUERY_PARAMETERS = ["q", "programma", "fase", "status", "van", "tot", "pagina", "page", "versie", "sorteer", "jaar"]
SKIPPED = {"logout", "logout_everywhere"}  # only end the session
NAMES = sorted({name for name, _ in MATRIX if name not in SKIPPED})

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
FIELD_NAME = re.compile(r"<(?:input|select|textarea|button)\b[^>]*\bname=\"([^\"]+)\"", re.I)


def form_fields(html: str) -> tuple[set[str], set[str]]:
    """(names read from the query string, names posted) by the forms of a page."""
    get_fields, post_fields = set(), set()
    for attributes, body in FORM.findall(html):
        names = set(FIELD_NAME.findall(body)) - {"csrfmiddlewaretoken"}
        (post_fields if re.search(r"method=\"post\"", attributes, re.I) else get_fields).update(names)
    return get_fields, post_fields


def probes(url: str, reference: str, get_fields: set[str], post_fields: set[str], may_post: bool):
    """(method, url, data) of every hostile request for one page."""
    for value in HOSTILE_VALUES:
        yield "GET", url, dict.fromkeys(sorted(get_fields | set(QUERY_PARAMETERS)), value)
        if post_fields or may_post:
            yield "POST", url, dict.fromkeys(sorted(post_fields | {"q"}), value)
    if reference and reference in url:
        for value in PATH_VALUES:
            yield "GET", url.replace(reference, value, 1), {}


def page_urls(case, escalation, users) -> dict[str, str]:
    """The URL of every page, with the objects of the matrix (its make_kwargs, made once)."""
    participant = case.participants.first()
    kwargs = {
        "person_id": case.persons.first().pk,
        "participant_id": participant.pk,
        "seat_id": participant.professionals.first().pk,
        "object_id": case.pk,
    }
    for module in FEATURE_MODULES:
        kwargs.update(module.make_kwargs(case, escalation, users))
    patterns = dict(all_url_names())
    urls = {}
    for name in NAMES:
        wanted = list(patterns[name].pattern.regex.groupindex)
        by_escalation = name.startswith("escalations:") or name in api.ESCALATION_URLS
        reference = escalation.reference if by_escalation else case.reference
        urls[name] = reverse(name, kwargs={key: reference if key == "reference" else kwargs[key] for key in wanted})
    return urls


def fuzz_page(client, name, url, role, user, case, escalation) -> tuple[int, list[str]]:
    """Send every probe of one page; (number of requests, those answered 5xx)."""
    by_token = name in api.TOKEN_AUTH
    client.logout()
    client.defaults.pop("HTTP_AUTHORIZATION", None)
    if user is not None and by_token:
        client.defaults["HTTP_AUTHORIZATION"] = api.bearer(user)
    elif user is not None:
        login(client, user)
    reference = escalation.reference if escalation.reference in url else case.reference
    page = client.get(url)
    failures = [f"GET {url}: {page.status_code}"] if page.status_code >= 500 else []
    html = page.content.decode(errors="replace") if "html" in page.get("Content-Type", "") else ""
    get_fields, post_fields = form_fields(html)
    count = 1
    for method, probe_url, data in probes(url, reference, get_fields, post_fields, (name, "POST") in MATRIX):
        count += 1
        if method == "POST" and by_token:
            response = client.post(probe_url, data, content_type="application/json")
        elif method == "POST":
            response = client.post(probe_url, data)
        else:
            response = client.get(probe_url, data)
        if response.status_code >= 500:
            value = next(iter(data.values()), "")
            failures.append(f"{method} {probe_url[:100]} {sorted(data)[:6]} = {value[:20]!r}: {response.status_code}")
        if method == "POST" and user is not None and not by_token and "_auth_user_id" not in client.session:
            login(client, user)  # a POST that ended the session: signed in again
    return count, failures


# One test per role over every page: the objects of the matrix are made once (per-page tests would
# spend minutes making them again); a POST that changes them leaves later pages reachable or a 404.
@pytest.mark.parametrize("role", FUZZ_ROLES)
def test_hostile_input_is_never_a_server_error(client, request, case, escalation, role):
    users = {r: request.getfixturevalue(r) for r in ROLES if r != "anonymous"}
    user = users.get(role)
    client.raise_request_exception = False  # a 500 is counted and listed, not the end of the run
    total, failures = 0, []
    for name, url in page_urls(case, escalation, users).items():
        count, failed = fuzz_page(client, name, url, role, user, case, escalation)
        total += count
        failures += [f"{name}: {line}" for line in failed]
    print(f"{role}: {len(NAMES)} URL's, {total} verzoeken, {len(HOSTILE_VALUES)} waarden, {len(failures)} 5xx")
    assert not failures, f"{role}: {len(failures)} van {total} verzoeken gaven een 5xx:\n" + "\n".join(failures)


def test_refused_probe_on_a_case_is_logged(client, regisseur, case):
    login(client, regisseur)
    response = client.get(f"/casussen/{quote(case.reference)}%00/")
    assert response.status_code == 400
    assert "Ongeldige invoer" in response.content.decode()
    refused = AccessLogEntry.objects.get(user=regisseur, allowed=False, reason__startswith="geweigerd")
    assert refused.object_type == "casus"
    assert refused.object_reference.startswith(case.reference)


def test_refused_probe_on_an_escalation_is_logged(client, agent, escalation):
    login(client, agent)
    response = client.get(f"/aanmeldingen/{escalation.reference}%00/")
    assert response.status_code == 400
    refused = AccessLogEntry.objects.get(user=agent, allowed=False, reason__startswith="geweigerd")
    assert refused.object_type == "aanmelding"


@pytest.mark.parametrize(
    "data",
    [{"q": "jan\x00"}, {"programma": "\x00"}, {"fase": "intake\x00"}],
    ids=["q", "programma", "fase"],
)
def test_nul_in_case_list_search_and_filters_is_refused(client, regisseur, data):
    login(client, regisseur)
    for response in (client.get("/casussen/", data), client.post("/casussen/", data)):
        assert response.status_code == 400
        assert "stuurtekens" in response.content.decode()
    assert AccessLogEntry.objects.filter(user=regisseur, allowed=False, reason__contains="stuurteken").count() == 2


def test_tab_and_newline_in_text_are_ordinary(client, regisseur, case):
    login(client, regisseur)
    response = client.post(f"/casussen/{case.reference}/notities/", {"text": "regel 1\r\n\tregel 2"})
    assert response.status_code < 400


@pytest.mark.parametrize("button", [{}, {"add_person": "1"}], ids=["versturen", "persoon-toevoegen"])
def test_tampered_person_count_on_the_escalation_form_is_a_dutch_message(client, agent, button):
    login(client, agent)
    response = client.post(
        "/aanmeldingen/nieuw/", {"personen-TOTAL_FORMS": "abc", "personen-INITIAL_FORMS": "0", **button}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "ManagementForm" not in page
    if not button:
        assert "Het formulier is niet volledig verstuurd" in page


@pytest.mark.parametrize("starts_at", ["0001-01-01T00:00", "9999-12-31T10:00"], ids=["jaar-1", "jaar-9999"])
def test_meeting_far_in_the_past_or_future_is_refused_beside_the_field(client, regisseur, case, starts_at):
    from cases.models import Meeting

    login(client, regisseur)
    before = Meeting.objects.count()
    response = client.post(f"/casussen/{case.reference}/overleg/nieuw/", {"starts_at": starts_at, "agenda": "Plan"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["starts_at"] == ["Vul een datum in tussen 01-01-1900 en 31-12-2100."]
    assert "Plan" in response.content.decode()  # nothing typed is lost
    assert Meeting.objects.count() == before


def test_a_5000_character_username_is_a_failed_login_not_a_500(client, db):
    response = client.post("/inloggen/", {"username": "x" * 5000, "password": "geheim"})
    assert response.status_code == 200  # the login form again, with its message
    assert AccessAttempt.objects.get().username == "x" * 150
