"""The benchmark's data (bench/generate.py) is what the application itself would have written, so
the benchmark measures real pages on real-shaped data: grants exactly as the policy derives them,
valid BSNs, log entries like `log_access` writes, references the numbering continues after, and
accounts whose second factor the load journeys can compute."""

import time

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.generate import PASSWORD, Generator
from bench.totp import totp_code
from cases import services
from cases.models import Case, Escalation, Person, PlanAction
from cases.validators import is_valid_bsn
from partners.models import Role, User
from privacy import policy
from privacy.models import AccessLogEntry, CaseUserObjectPermission
from programmes.models import Programme


@pytest.fixture
def generated(db):
    generator = Generator(200)
    generator.run()
    return generator


def test_grants_shape_and_numbering_are_what_the_application_writes(generated):
    for case in Case.objects.select_related("procesregisseur"):
        wanted = {(user, perm) for user, perms in policy.desired_grants(case).items() for perm in perms}
        stored = set(
            CaseUserObjectPermission.objects.filter(content_object=case).values_list("user_id", "permission__codename")
        )
        assert stored == wanted, case.reference
    # the shape: persons, BSNs, actions, escalations, log entries
    cases = Case.objects.count()
    assert cases == 200
    assert Person.objects.count() >= 2.5 * cases
    assert PlanAction.objects.count() >= 4 * cases  # 5 per case at 100,000
    assert all(is_valid_bsn(bsn) for bsn in Person.objects.exclude(bsn="").values_list("bsn", flat=True))
    assert Escalation.objects.filter(status="ingediend").exists()
    assert AccessLogEntry.objects.count() == 10_000
    view = AccessLogEntry.objects.filter(action="view", allowed=True, case_id__isnull=False).first()
    assert view.case_reference == Case.objects.get(pk=view.case_id).reference
    assert set(view.person_ids) <= set(Person.objects.filter(case_id=view.case_id).values_list("pk", flat=True))
    assert view.user_role in Role.values and view.username == User.objects.get(pk=view.user_id).username
    # each case's copy of its persons' names is what the person services would have written
    for case in Case.objects.all()[:50]:
        generated_text = case.person_search_text
        services.refresh_person_search(case)
        assert generated_text == case.person_search_text != "", case.reference
    # new cases continue the numbering
    regisseur = User.objects.filter(role=Role.PROCESREGISSEUR).first()
    case = services.register_case(
        registered_by=regisseur, programme=Programme.objects.get(code="COM"), ave_level=3, summary="Nieuw",
        persons=[services.PersonData(first_name="Nieuw", last_name="Persoon", role_in_case="hoofdpersoon")],
    )  # fmt: skip
    assert case.reference not in set(Case.objects.exclude(pk=case.pk).values_list("reference", flat=True))


def test_accounts_log_in_with_the_password_and_the_computed_code(generated):
    user = User.objects.filter(role=Role.PARTNERPROFESSIONAL).first()
    request = RequestFactory().post("/inloggen/")
    assert authenticate(request, username=user.username, password=PASSWORD) == user
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    assert device.verify_token(totp_code(device.key, time.time()))


def test_bench_query_count_leaves_out_the_once_a_minute_session_renewal(client, regisseur, settings):
    """The benchmark compares each page's query count between the two databases; the session
    renewal lands on whichever page a user opens first after a minute, so it is reported apart."""
    from django.db import connection
    from django.http import HttpResponse
    from django.urls import reverse

    from bench.middleware import QueryCountMiddleware
    from tests.auth import login
    from zvh.middleware import IdleSessionMiddleware

    def page_with_a_session_write(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.execute('UPDATE "django_session" SET expire_date = expire_date WHERE false')
        return HttpResponse()

    response = QueryCountMiddleware(page_with_a_session_write)(RequestFactory().get("/"))
    assert (response["X-Bench-Queries"], response["X-Bench-Session-Writes"]) == ("1", "1")

    # The real renewal is recognised as such.
    settings.MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]
    login(client, regisseur)
    url = reverse("cases:list")
    fresh = client.get(url)
    session = client.session
    session[IdleSessionMiddleware.RENEWED_AT] = int(time.time()) - 120
    session.save()
    renewed = client.get(url)
    assert (fresh["X-Bench-Session-Writes"], renewed["X-Bench-Session-Writes"]) == ("0", "1")
