"""Issue 20, account recovery without escalation: nobody sets another user's password in the admin;
a password is reset by its owner through a one-time, expiring link mailed via the outbox, which logs
nobody in; unknown addresses get the same answer; a second factor is reset only by two functional
admins (one requests with a reason, another approves), which is recorded and mailed to the user."""

import re
import time

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from notifications.models import OutboxMessage
from partners.models import SecondFactorReset
from registry.account_recovery import (
    PASSWORD_RESET,
    SECOND_FACTOR_RESET,
    approve_second_factor_reset,
    request_second_factor_reset,
)
from tests.auth import login, totp_device
from tests.factories import PASSWORD, UserFactory
from zvh.errors import ServiceError

NEW_PASSWORD = "Nieuw-wachtwoord-voor-2027"


@pytest.fixture(autouse=True)
def quick_floor(settings):
    settings.PASSWORD_RESET_MIN_SECONDS = 0.05


@pytest.fixture
def owner(regisseur):
    regisseur.email = "sanne@zvh.example"
    regisseur.save(update_fields=["email"])
    totp_device(regisseur)
    return regisseur


@pytest.fixture
def second_admin(db):
    return UserFactory(username="beheer2", functional_admin=True)


def ask_reset(client, email, capture):
    with capture(execute=True):
        return client.post(reverse("password_reset"), {"email": email})


def reset_link() -> str:
    return re.search(r"http://\S+/wachtwoord-vergeten/\S+/\S+/", mail.outbox[-1].body).group(0)


@pytest.mark.parametrize("who", ["regisseur", "privacy_officer", "functional_admin"])
def test_no_one_sets_another_users_password_in_the_admin(client, request, who, agent):
    actor = request.getfixturevalue(who)
    actor.is_staff = True
    actor.save(update_fields=["is_staff"])
    login(client, actor)
    for target in (agent, actor):
        assert client.get(f"/beheer/partners/user/{target.pk}/password/").status_code == 403
        before = type(target).objects.get(pk=target.pk).password
        client.post(
            f"/beheer/partners/user/{target.pk}/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
        assert type(target).objects.get(pk=target.pk).password == before


def test_the_admin_change_form_has_no_password_field(client, functional_admin, agent):
    login(client, functional_admin)
    page = client.get(reverse("admin:partners_user_change", args=[agent.pk]))
    assert page.status_code == 200
    assert b"/password/" not in page.content and b'name="password"' not in page.content


def test_a_reset_link_is_mailed_through_the_outbox_and_works_once(client, owner, django_capture_on_commit_callbacks):
    response = ask_reset(client, "SANNE@zvh.example", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    message = OutboxMessage.objects.get(kind=PASSWORD_RESET)
    assert message.recipient == owner and message.status == "verzonden"
    assert mail.outbox[-1].to == ["sanne@zvh.example"] and "één keer" in mail.outbox[-1].body
    link = reset_link()

    form = client.get(link, follow=True)
    assert "Nieuw wachtwoord instellen" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)

    # One time: the same link no longer works (the password it was made for has changed).
    again = client.get(link, follow=True)
    assert "werkt niet meer" in again.content.decode()


def test_the_reset_logs_nobody_in_and_the_second_factor_still_follows(
    client, owner, django_capture_on_commit_callbacks
):
    ask_reset(client, owner.email, django_capture_on_commit_callbacks)
    form = client.get(reset_link(), follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert client.get(reverse("home")).status_code == 302
    assert "_auth_user_id" not in client.session

    logged_in = client.post(reverse("login"), {"username": owner.username, "password": NEW_PASSWORD})
    assert logged_in.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home.url.startswith(reverse("mfa_verify"))


def test_a_reset_link_is_valid_for_an_hour_by_default():
    from zvh.settings import base

    assert base.PASSWORD_RESET_TIMEOUT == 3600


def test_a_reset_link_expires(client, owner, settings, django_capture_on_commit_callbacks):
    settings.PASSWORD_RESET_TIMEOUT = 1  # seconds; the token's clock counts whole seconds
    ask_reset(client, owner.email, django_capture_on_commit_callbacks)
    link = reset_link()
    time.sleep(2.1)
    page = client.get(link, follow=True)
    assert "werkt niet meer" in page.content.decode()


def test_an_unknown_address_gets_the_same_answer_in_the_same_time(
    client, owner, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_MIN_SECONDS = 0.3
    answers = {}
    for email in (owner.email, "niemand@zvh.example"):
        started = time.monotonic()
        response = ask_reset(client, email, django_capture_on_commit_callbacks)
        answers[email] = (response.status_code, response.url, time.monotonic() - started)
    (known_status, known_url, known_time), (unknown_status, unknown_url, unknown_time) = answers.values()
    assert (known_status, known_url) == (unknown_status, unknown_url) == (302, reverse("password_reset_done"))
    assert known_time >= 0.3 and unknown_time >= 0.3
    assert abs(known_time - unknown_time) < 0.2
    assert OutboxMessage.objects.filter(kind=PASSWORD_RESET).count() == 1  # only the real account's


def test_an_inactive_account_gets_no_link(client, owner, django_capture_on_commit_callbacks):
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    ask_reset(client, owner.email, django_capture_on_commit_callbacks)
    assert not OutboxMessage.objects.filter(kind=PASSWORD_RESET).exists() and mail.outbox == []


def test_a_second_factor_reset_needs_a_second_functional_admin(
    owner, functional_admin, second_admin, django_capture_on_commit_callbacks
):
    StaticDevice.objects.create(user=owner, name="Back-upcodes")
    epoch = owner.session_epoch
    reset = request_second_factor_reset(actor=functional_admin, user=owner, reason="Telefoon verloren, gebeld op 4/12")
    assert TOTPDevice.objects.filter(user=owner).exists()  # a request alone removes nothing

    with pytest.raises(ServiceError, match="tweede functioneel beheerder"):
        approve_second_factor_reset(actor=functional_admin, reset=reset)
    assert TOTPDevice.objects.filter(user=owner).exists()

    with django_capture_on_commit_callbacks(execute=True):
        approve_second_factor_reset(actor=second_admin, reset=reset)
    owner.refresh_from_db()
    assert not TOTPDevice.objects.filter(user=owner).exists() and not StaticDevice.objects.filter(user=owner).exists()
    assert owner.session_epoch == epoch + 1  # sessions verified with the old app end
    reset.refresh_from_db()
    assert (reset.requested_by, reset.approved_by) == (functional_admin, second_admin)
    assert LogEntry.objects.get_for_object(reset).count() == 2  # requested, approved: who and when
    sent = OutboxMessage.objects.get(kind=SECOND_FACTOR_RESET)
    assert sent.recipient == owner and sent.status == "verzonden"
    assert mail.outbox[-1].to == [owner.email] and "nieuwe authenticator-app" in mail.outbox[-1].body

    with pytest.raises(ServiceError, match="al goedgekeurd"):
        approve_second_factor_reset(actor=functional_admin, reset=reset)


def test_at_next_login_the_user_sets_up_a_new_app(client, owner, functional_admin, second_admin):
    reset = request_second_factor_reset(actor=functional_admin, user=owner, reason="Nieuwe telefoon")
    approve_second_factor_reset(actor=second_admin, reset=reset)
    client.post(reverse("login"), {"username": owner.username, "password": PASSWORD})
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home.url.startswith(reverse("mfa_setup"))


@pytest.mark.parametrize("who", ["regisseur", "privacy_officer"])
def test_only_functional_admins_request_or_approve(request, who, agent, functional_admin):
    actor = request.getfixturevalue(who)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        request_second_factor_reset(actor=actor, user=agent, reason="x")
    reset = request_second_factor_reset(actor=functional_admin, user=agent, reason="Telefoon kwijt")
    with pytest.raises(PermissionDenied):
        approve_second_factor_reset(actor=actor, reset=reset)


def test_no_one_requests_or_approves_their_own_reset(functional_admin, second_admin):
    with pytest.raises(ServiceError, match="eigen"):
        request_second_factor_reset(actor=functional_admin, user=functional_admin, reason="kwijt")
    reset = request_second_factor_reset(actor=second_admin, user=functional_admin, reason="kwijt")
    with pytest.raises(ServiceError, match="eigen"):
        approve_second_factor_reset(actor=functional_admin, reset=reset)


def test_the_four_eyes_reset_in_the_admin(client, owner, functional_admin, second_admin):
    for admin_user in (functional_admin, second_admin):
        admin_user.refresh_from_db()
    login(client, functional_admin)
    added = client.post(reverse("admin:partners_secondfactorreset_add"), {"user": owner.pk, "reason": "Telefoon kwijt"})
    assert added.status_code == 302
    reset = SecondFactorReset.objects.get(user=owner)
    changelist = reverse("admin:partners_secondfactorreset_changelist")
    refused = client.post(changelist, {"action": "approve", "_selected_action": [reset.pk]}, follow=True)
    assert "tweede functioneel beheerder" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=owner).exists()

    client.logout()
    login(client, second_admin)
    approved = client.post(changelist, {"action": "approve", "_selected_action": [reset.pk]}, follow=True)
    assert "is verwijderd" in approved.content.decode()
    assert not TOTPDevice.objects.filter(user=owner).exists()


def test_an_empty_or_weak_new_password_is_named_next_to_the_field(client, owner, django_capture_on_commit_callbacks):
    ask_reset(client, owner.email, django_capture_on_commit_callbacks)
    form = client.get(reset_link(), follow=True)
    url = form.redirect_chain[-1][0]
    empty = client.post(url, {"new_password1": "", "new_password2": ""}).content.decode()
    assert "Dit veld is verplicht" not in empty and "wachtwoord" in empty.lower()
    short = client.post(url, {"new_password1": "kort", "new_password2": "kort"})
    assert short.status_code == 200 and "12" in short.content.decode()
    owner.refresh_from_db()
    assert not owner.check_password("kort")
