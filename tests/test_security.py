"""Authentication and session security: MFA for everyone, brute-force lockout, no user
enumeration, session expiry, logging out everywhere, security headers."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.auth import current_code, login, totp_device
from tests.factories import PASSWORD


def password_login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_password_alone_opens_nothing_but_the_second_step(client, regisseur, case):
    device = totp_device(regisseur)
    response = password_login(client, "regisseur")
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", args=[case.reference]))
    assert page.status_code == 302 and page["Location"].startswith(reverse("mfa_verify"))
    assert client.get(reverse("home"))["Location"].startswith(reverse("mfa_verify"))

    wrong = client.post(reverse("mfa_verify"), {"token": "000000"})
    assert "Deze code klopt niet" in wrong.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp slows down guessing
    device.throttle_reset()  # instead of waiting out the back-off in the test
    client.post(reverse("mfa_verify"), {"token": current_code(device)})
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 200


def test_backup_code_works_once(client, regisseur):
    from partners.mfa import new_backup_codes

    totp_device(regisseur)
    codes = new_backup_codes(regisseur)
    password_login(client, "regisseur")
    client.post(reverse("mfa_verify"), {"token": codes[0]})
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    password_login(client, "regisseur")
    again = client.post(reverse("mfa_verify"), {"token": codes[0]})
    assert "Deze code klopt niet" in again.content.decode()


def test_first_login_sets_up_the_app_and_shows_backup_codes(client, agent):
    password_login(client, "agent")
    assert client.get(reverse("home"))["Location"].startswith(reverse("mfa_setup"))
    page = client.get(reverse("mfa_setup")).content.decode()
    assert "<svg" in page  # the QR code
    device = TOTPDevice.objects.get(user=agent, confirmed=False)
    refused = client.post(reverse("mfa_setup"), {"token": "123456"})
    assert "Deze code klopt niet" in refused.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    done = client.post(reverse("mfa_setup"), {"token": current_code(device)})
    assert "Uw back-upcodes" in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_for_known_and_unknown_user_looks_the_same(client, regisseur):
    known = password_login(client, "regisseur", "fout-wachtwoord")
    unknown = password_login(client, "bestaat-niet", "fout-wachtwoord")
    assert known.status_code == unknown.status_code == 200

    def strip(html):
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return html.replace("regisseur", "").replace("bestaat-niet", "")

    assert strip(known.content.decode()) == strip(unknown.content.decode())


def test_five_failures_lock_the_username_from_that_address(client, regisseur, other_regisseur):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_login(client, "regisseur", "fout-wachtwoord")
    locked = password_login(client, "regisseur")  # even the right password
    assert locked.status_code == 429
    assert "tijdelijk geblokkeerd" in locked.content.decode()
    assert password_login(client, "regisseur_b").status_code == 302  # another account is not locked


def test_sessions_end_after_thirty_idle_minutes_and_activity_keeps_them_alive(client, regisseur, case):
    """The idle timeout (BIO): 30 minutes without a request ends the session; a request renews it,
    at most once a minute (no session write on every page, issue 8)."""
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from zvh.middleware import IdleSessionMiddleware

    assert settings.SESSION_COOKIE_AGE <= 30 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    login(client, regisseur)
    page = reverse("cases:detail", args=[case.reference])
    assert client.get(page).status_code == 200
    key = client.session.session_key

    def expiry():
        return Session.objects.get(session_key=key).expire_date

    renewed = expiry()
    assert renewed > timezone.now() + timedelta(minutes=29)
    Session.objects.filter(session_key=key).update(expire_date=renewed - timedelta(minutes=1))
    assert client.get(page).status_code == 200
    assert expiry() == renewed - timedelta(minutes=1)  # renewed less than a minute ago: no write

    session = client.session  # as if the last renewal was a minute ago
    session[IdleSessionMiddleware.RENEWED_AT] -= IdleSessionMiddleware.RENEW_AFTER_SECONDS
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=5))
    assert client.get(page).status_code == 200
    assert expiry() > timezone.now() + timedelta(minutes=29)  # activity: another 30 minutes

    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(page)  # idle for 30 minutes: signed out
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_logging_out_leaves_no_session_behind(client, regisseur):
    from django.contrib.sessions.models import Session

    login(client, regisseur)
    client.get(reverse("home"))
    client.post(reverse("logout"))
    assert not Session.objects.exists()


def test_logout_everywhere_ends_other_sessions(client, regisseur, case):
    from django.test import Client

    other_device = login(Client(), regisseur)
    login(client, regisseur)
    assert other_device.get(reverse("home")).status_code == 200
    client.post(reverse("logout_everywhere"))
    assert other_device.get(reverse("cases:detail", args=[case.reference])).status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("url_name", ["login", "home"])
def test_security_headers(client, regisseur, url_name):
    login(client, regisseur)
    if url_name == "login":
        client.logout()
    response = client.get(reverse(url_name))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    if url_name == "home":
        assert response["Cache-Control"] == "no-store"


def test_functional_admin_cannot_raise_a_role_in_the_admin(client, functional_admin, agent, regisseur):
    login(client, functional_admin)
    own = client.get(reverse("admin:partners_user_change", args=[functional_admin.pk])).content.decode()
    assert 'name="role"' not in own  # read-only for their own account
    other = client.get(reverse("admin:partners_user_change", args=[agent.pk])).content.decode()
    assert 'value="procesregisseur"' not in other and 'value="partnerprofessional"' in other
    director = client.get(reverse("admin:partners_user_change", args=[regisseur.pk])).content.decode()
    assert 'name="role"' not in director


def test_functional_admin_cannot_touch_a_superuser(client, functional_admin):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True, role="")
    login(client, functional_admin)
    change = reverse("admin:partners_user_change", args=[root.pk])
    assert 'type="submit"' not in client.get(change).content.decode().split("<form")[-1]  # read-only
    assert client.post(change, {"username": "overgenomen"}).status_code == 403
    password = reverse("admin:auth_user_password_change", args=[root.pk])
    assert client.post(password, {"password1": "x" * 20, "password2": "x" * 20}).status_code == 403
    root.refresh_from_db()
    assert root.username == "root"


def test_change_history_with_personal_data_is_not_browsable_in_the_admin(client, case):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True, role="")
    login(client, root)
    assert client.get("/beheer/auditlog/logentry/").status_code == 404


def test_bsn_typed_with_spaces_never_reaches_the_log(client, regisseur):
    from privacy.models import AccessLogEntry

    login(client, regisseur)
    client.post(reverse("cases:list"), {"q": "111 222 333"}, follow=True)
    client.post(reverse("cases:list"), {"q": "111.222.333"}, follow=True)
    assert not any("222" in e.reason for e in AccessLogEntry.objects.all())


def test_second_factor_redirect_carries_only_the_path(client, regisseur):
    totp_device(regisseur)
    password_login(client, "regisseur")
    response = client.get(reverse("cases:list"), {"q": "Jansen"})
    assert "Jansen" not in response["Location"]
    assert response["Location"].endswith("next=%2Fcasussen%2F")


def test_unicode_digits_in_a_bsn_or_an_id_give_a_message_not_a_500(client, case, regisseur):
    """ "²" and "١" pass str.isdigit() but not int(): every such check uses zvh.forms.ascii_digits."""
    from django.urls import reverse

    from cases.validators import is_valid_bsn, validate_bsn
    from tests.auth import login

    assert not is_valid_bsn("²" * 9)
    with pytest.raises(ValidationError, match="9 cijfers"):
        validate_bsn("١" * 9)
    login(client, regisseur)
    assert client.get(reverse("cases:plan", args=[case.reference]) + "?versie=²").status_code == 200
    assert client.get(reverse("cases:document_add", args=[case.reference]) + "?overleg=²").status_code == 404


def test_the_session_key_is_new_after_the_second_factor_as_after_the_password(client, regisseur):
    """ASVS 3.2.1: whoever learnt the session key between the password and the code (a fixed
    cookie, a shared computer) holds nothing once the user is fully logged in."""
    from tests.auth import current_code, totp_device
    from tests.factories import PASSWORD

    device = totp_device(regisseur)
    client.post(reverse("login"), {"username": regisseur.username, "password": PASSWORD})
    after_password = client.session.session_key
    assert after_password
    response = client.post(reverse("mfa_verify"), {"token": current_code(device)})
    assert response.status_code == 302
    after_code = client.session.session_key
    assert after_code != after_password
    # The key from before the code is worth nothing: it is not in the session store any more.
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=after_password).exists()
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("method", ["TRACE", "OPTIONS", "PUT", "PATCH", "DELETE", "PROPFIND"])
def test_methods_no_page_serves_get_405_and_are_never_logged_as_a_change(client, regisseur, case, method):
    from privacy.models import AccessLogEntry

    login(client, regisseur)
    before = AccessLogEntry.objects.count()
    response = client.generic(method, reverse("cases:detail", args=[case.reference]))
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST"}
    assert case.reference.encode() not in response.content
    assert AccessLogEntry.objects.count() == before
