"""Account recovery without escalation (issue 20).

- A password is reset only by its owner, through a one-time link mailed to the account's own
  address (`PasswordResetByOutboxForm`, Django's reset views). The link is made when the outbox
  sends the message (Django's token: valid for PASSWORD_RESET_TIMEOUT, void once the password
  changed or the user logged in). The reset logs nobody in, so the second factor still follows.
  The answer is the same for an unknown address, and takes at least PASSWORD_RESET_MIN_SECONDS
  either way, so neither text nor timing tells whether an account exists.
- A second factor is reset by two functional admins (four-eyes): one requests it with a reason
  (`request_second_factor_reset`), another approves (`approve_second_factor_reset`). Only the
  approval removes the user's app and backup codes and ends their sessions; at the next login they
  set up a new app. django-auditlog records both steps; the user is told by e-mail.
- Nobody sets another user's password directly (registry/admin.py refuses the admin's page).
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from notifications.emails import absolute, email_message
from notifications.models import OutboxMessage
from notifications.outbox import enqueue
from notifications.registry import register_message_kind
from partners.models import SecondFactorReset, User
from zvh.errors import ServiceError, require_role
from zvh.forms import FieldMessagesMixin

logger = logging.getLogger(__name__)

# Stored in OutboxMessage.kind: never rename.
PASSWORD_RESET = "wachtwoord_herstel"  # noqa: S105  (a message kind, not a password)
SECOND_FACTOR_RESET = "tweede_factor_hersteld"


class PasswordResetByOutboxForm(FieldMessagesMixin, PasswordResetForm):
    """Django's reset form, but the mail goes through the outbox and the answer never varies."""

    def save(self, *args, **kwargs):
        started = time.monotonic()
        email = self.cleaned_data["email"]
        with transaction.atomic():
            for user in self.get_users(email):  # active users with a usable password only
                enqueue(kind=PASSWORD_RESET, recipient=user, object_id=user.pk, key=f"{PASSWORD_RESET}:{uuid.uuid4()}")
        # Same minimum duration whether or not an account matched: no enumeration by timing.
        floor = float(getattr(settings, "PASSWORD_RESET_MIN_SECONDS", 0.5))
        time.sleep(max(0.0, floor - (time.monotonic() - started)))


class NewPasswordForm(FieldMessagesMixin, SetPasswordForm):
    """Django's new-password form with our field messages ("Vul het nieuwe wachtwoord in.")."""


def password_reset_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute(reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))


def render_password_reset(message: OutboxMessage):
    if message.created_at < timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT):
        return None, "verzoek is verlopen"
    user = message.recipient
    if not user.has_usable_password():
        return None, "account heeft geen wachtwoord"
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    return email_message(
        message, "registration/email/password_reset", {"url": password_reset_url(user), "minutes": minutes}
    ), ""


def render_second_factor_reset(message: OutboxMessage):
    reset = SecondFactorReset.objects.filter(pk=message.object_id, approved_at__isnull=False).first()
    if reset is None:
        return None, "herstel bestaat niet of is niet goedgekeurd"
    return email_message(
        message, "registration/email/second_factor_reset", {"approved_at": reset.approved_at, "url": absolute("/")}
    ), ""


def register_message_kinds() -> None:
    register_message_kind(
        PASSWORD_RESET,
        label="Link om uw wachtwoord opnieuw in te stellen",
        render=render_password_reset,
        user_choice=False,  # a link that expires: always mailed at once
    )
    register_message_kind(
        SECOND_FACTOR_RESET,
        label="Uw tweede factor is verwijderd door de functioneel beheerders",
        render=render_second_factor_reset,
        user_choice=False,
    )


def _require_functional_admin(actor: User) -> None:
    require_role(actor.is_functional_admin or actor.is_superuser, "Alleen een functioneel beheerder mag dit.")


def request_second_factor_reset(*, actor: User, user: User, reason: str) -> SecondFactorReset:
    _require_functional_admin(actor)
    if user.pk == actor.pk:
        raise ServiceError("U kunt geen herstel van uw eigen tweede factor aanvragen.", field="user")
    if not reason.strip():
        raise ServiceError("Geef de reden van het herstel op.", field="reason")
    if SecondFactorReset.objects.filter(user=user, approved_at__isnull=True).exists():
        raise ServiceError("Voor deze gebruiker wacht al een aanvraag op goedkeuring.", field="user")
    reset = SecondFactorReset.objects.create(user=user, reason=reason.strip(), requested_by=actor)
    logger.info("second factor reset requested", extra={"reset": reset.pk, "user": user.pk, "actor": actor.pk})
    return reset


@transaction.atomic
def approve_second_factor_reset(*, actor: User, reset: SecondFactorReset) -> SecondFactorReset:
    _require_functional_admin(actor)
    reset = SecondFactorReset.objects.select_for_update().select_related("user").get(pk=reset.pk)
    if reset.approved_at is not None:
        raise ServiceError("Deze aanvraag is al goedgekeurd.")
    if actor.pk == reset.requested_by_id:
        raise ServiceError("Een tweede functioneel beheerder moet de aanvraag goedkeuren, niet de aanvrager.")
    if actor.pk == reset.user_id:
        raise ServiceError("U kunt het herstel van uw eigen tweede factor niet goedkeuren.")
    user = reset.user
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()  # backup codes belong to the old factor
    user.session_epoch += 1  # a session verified with the old factor ends
    user.save(update_fields=["session_epoch"])
    reset.approved_by = actor
    reset.approved_at = timezone.now()
    reset.save(update_fields=["approved_by", "approved_at"])
    enqueue(kind=SECOND_FACTOR_RESET, recipient=user, object_id=reset.pk, key=f"{SECOND_FACTOR_RESET}:{reset.pk}")
    logger.info("second factor reset approved", extra={"reset": reset.pk, "user": user.pk, "actor": actor.pk})
    return reset
