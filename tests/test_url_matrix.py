"""Every URL of the application × every role → the expected status, from one table.

A URL pattern without a row here fails `test_every_url_has_a_row`: a new page cannot ship without
someone deciding who may open it. Case pages also must write an access-log entry, allowed or not.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from privacy.models import AccessLogEntry
from tests.auth import login
from tests.url_matrix_rows import (
    access_log,
    account_recovery,
    agenda_and_registry,
    api,
    case_worklist,
    closure,
    dashboard,
    dev_mail,
    documents,
    escalation_completion,
    escalation_documents,
    letters,
    lifecycle,
    meetings,
    notifications,
    plan_agreement,
    plans,
    public_files,
    retention,
    subject_access,
    team,
    triage_table,
)
from tests.url_matrix_rows.common import LOGIN, ROLES, row

# Feature modules own their rows (tests/url_matrix_rows/*.py) and the objects their URLs need.
FEATURE_MODULES = [
    access_log,
    retention,
    subject_access,
    plans,
    plan_agreement,
    meetings,
    notifications,
    agenda_and_registry,
    dashboard,
    lifecycle,
    team,
    closure,
    escalation_completion,
    triage_table,
    documents,
    escalation_documents,
    letters,
    public_files,
    case_worklist,
    api,
    dev_mail,
    account_recovery,
]
CASE_READ = row(404, anonymous=LOGIN, regisseur=200, agent=200)
CASE_WRITE = row(404, anonymous=LOGIN, regisseur=200, agent=403)
ESCALATION_READ = row(404, anonymous=LOGIN, regisseur=200, other_regisseur=200, agent=200)

# (url name, method) -> expected status per role. POSTs are sent with an empty body.
MATRIX = {
    ("home", "GET"): row(200, anonymous=LOGIN),
    ("login", "GET"): row(302, anonymous=200),
    ("logout", "POST"): row(302),
    # Second factor: already verified users (and anonymous ones, to the login) are sent on.
    ("mfa_verify", "GET"): row(302),
    ("mfa_setup", "GET"): row(302),
    ("logout_everywhere", "POST"): row(302),
    ("health", "GET"): row(200),
    ("cases:list", "GET"): row(403, anonymous=LOGIN, regisseur=200, other_regisseur=200, agent=200, colleague=200),
    ("cases:create", "GET"): row(403, anonymous=LOGIN, regisseur=200, other_regisseur=200),
    ("cases:detail", "GET"): CASE_READ,
    ("cases:edit", "GET"): CASE_WRITE,
    ("cases:phase", "GET"): CASE_WRITE,
    ("cases:ave", "GET"): CASE_WRITE,
    ("cases:note_add", "POST"): CASE_READ,  # 200: the empty note is refused with a message
    ("cases:person_add", "GET"): CASE_WRITE,
    ("cases:person_edit", "GET"): CASE_WRITE,
    ("cases:participant_add", "GET"): CASE_WRITE,
    # Leaving the table: GET and a POST without `bevestigd` show the confirmation page.
    ("cases:participant_leave", "GET"): CASE_WRITE,
    ("cases:participant_leave", "POST"): CASE_WRITE,
    ("cases:professional_leave", "GET"): CASE_WRITE,
    ("cases:professional_leave", "POST"): CASE_WRITE,
    # The pending escalation below was submitted by `agent`.
    ("escalations:mine", "GET"): row(403, anonymous=LOGIN, agent=200, colleague=200),
    ("escalations:create", "GET"): row(403, anonymous=LOGIN, agent=200, colleague=200),
    ("escalations:triage", "GET"): row(403, anonymous=LOGIN, regisseur=200, other_regisseur=200),
    ("escalations:detail", "GET"): ESCALATION_READ,
    ("escalations:decide", "GET"): row(404, anonymous=LOGIN, regisseur=200, other_regisseur=200, agent=403),
    ("dashboard:programmes", "GET"): row(403, anonymous=LOGIN, regisseur=200, other_regisseur=200, manager=200),
    # The admin is for functional admins (reference data); cases there are filtered by privacy.
    ("admin:index", "GET"): row(302, functional_admin=200),
    ("admin:cases_case_changelist", "GET"): row(302, functional_admin=200),
    ("admin:cases_case_change", "GET"): row(302),  # functional admin: no access, sent back
    ("admin:partners_organisation_changelist", "GET"): row(302, functional_admin=200),
    ("admin:partners_user_changelist", "GET"): row(302, functional_admin=200),
    ("admin:programmes_programme_changelist", "GET"): row(302, functional_admin=200),
    ("admin:programmes_prognosis_changelist", "GET"): row(302, functional_admin=200),
    ("admin:privacy_accesslogentry_changelist", "GET"): row(302, functional_admin=403),
    ("admin:cases_escalation_changelist", "GET"): row(302, functional_admin=403),
    ("admin:cases_bottleneckcategory_changelist", "GET"): row(302, functional_admin=200),
    ("admin:cases_inclusioncriterion_changelist", "GET"): row(302, functional_admin=200),
    ("admin:cases_lifedomain_changelist", "GET"): row(302, functional_admin=200),
}
for module in FEATURE_MODULES:
    overlap = set(module.ROWS) & set(MATRIX)
    assert not overlap, f"dubbele rijen: {overlap}"
    MATRIX.update(module.ROWS)
# Other admin pages (add/change/delete/history of reference data, auth views) all require staff:
# checked generically for anonymous and non-staff users in test_admin_pages_require_staff.
CASE_SPECIFIC = {name for (name, _), expected in MATRIX.items() if expected is CASE_READ or expected is CASE_WRITE}
ESCALATION_SPECIFIC = (
    {
        "escalations:detail",
        "escalations:decide",
        "escalations:table_escalation",
    }
    | escalation_completion.ESCALATION_SPECIFIC
    | escalation_documents.ESCALATION_SPECIFIC
)


def all_url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from all_url_names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", pattern


def test_every_url_has_a_row():
    covered = {name for name, _ in MATRIX}
    missing = sorted(name for name, _ in all_url_names() if name not in covered and not name.startswith("admin:"))
    assert missing == [], f"URL's zonder rij in de autorisatiematrix: {missing}"
    stale = sorted(covered - {name for name, _ in all_url_names()})
    assert stale == [], f"Rijen voor URL's die niet meer bestaan: {stale}"


def url_for(name, case, escalation, users):
    participant = case.participants.first()
    kwargs = {
        "reference": escalation.reference
        if name.startswith("escalations:") or name in api.ESCALATION_URLS
        else case.reference,
        "person_id": case.persons.first().pk,
        "participant_id": participant.pk,
        "seat_id": participant.professionals.first().pk,
        "object_id": case.pk,
    }
    for module in FEATURE_MODULES:
        kwargs.update(module.make_kwargs(case, escalation, users))
    pattern = dict(all_url_names())[name]
    wanted = list(pattern.pattern.regex.groupindex)
    return reverse(name, kwargs={key: kwargs[key] for key in wanted})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method"), list(MATRIX))
def test_status_per_role(client, request, case, escalation, name, method, role):
    users = {r: request.getfixturevalue(r) for r in ROLES if r != "anonymous"}
    user = users.get(role)
    by_token = name in api.TOKEN_AUTH  # the REST API takes a token, never the session (api.py)
    if user is not None and by_token:
        client.defaults["HTTP_AUTHORIZATION"] = api.bearer(user)
    elif user is not None:
        login(client, user)
    url = url_for(name, case, escalation, users)
    if method == "POST" and by_token:
        response = client.post(url, "{}", content_type="application/json")
    else:
        response = client.post(url) if method == "POST" else client.get(url)
    expected = MATRIX[(name, method)][role]
    assert response.status_code == expected, f"{role} {method} {url}: {response.status_code} ≠ {expected}"

    if name in CASE_SPECIFIC and user is not None:
        logged = AccessLogEntry.objects.filter(user=user, case_id=case.pk)
        assert logged.filter(allowed=expected < 400).exists(), "toegang tot casuspagina niet gelogd"
    if name in ESCALATION_SPECIFIC and user is not None:
        logged = AccessLogEntry.objects.filter(user=user, object_reference=escalation.reference)
        assert logged.filter(allowed=expected < 400).exists(), "toegang tot aanmelding niet gelogd"


def test_admin_pages_require_staff(client, agent):
    names = [
        name for name, pattern in all_url_names() if name.startswith("admin:") and not pattern.pattern.regex.groups
    ]
    assert names
    for user in (None, agent):
        client.logout()
        if user:
            login(client, user)
        for name in names:
            if name in {"admin:logout", "admin:login"}:
                continue
            response = client.get(reverse(name))
            assert response.status_code == 302, f"{name} voor {user}: {response.status_code}"
