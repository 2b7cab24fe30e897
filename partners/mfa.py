"""Second factor (BIO 5.17.01): a TOTP authenticator app, plus single-use backup codes.
Built on django-otp; this module is the only place that creates, confirms or checks devices."""

from __future__ import annotations

import base64
import secrets

from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

APP_DEVICE = "Authenticator-app"
BACKUP_DEVICE = "Back-upcodes"


def base32_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it (base32, no padding)."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def confirmed_app(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_app(user: User) -> TOTPDevice:
    """The not-yet-confirmed app device shown during set-up (made once, reused on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    import segno

    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#0b1c3d", omitsize=False)


@transaction.atomic
def confirm_app(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the app with a first code; returns fresh backup codes, or None if the code is wrong."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    codes = new_backup_codes(device.user)
    _second_factor_verified(request, device)
    return codes


@transaction.atomic
def new_backup_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [secrets.token_hex(4) for _ in range(settings.MFA_BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify(*, request, user: User, token: str) -> bool:
    """Check a code from the app or a backup code (used once); on success mark the session verified.
    django-otp throttles repeated failures per device."""
    token = token.strip().replace(" ", "").lower()
    for device in list(TOTPDevice.objects.filter(user=user, confirmed=True)) + list(
        StaticDevice.objects.filter(user=user, confirmed=True)
    ):
        if device.verify_is_allowed()[0] and device.verify_token(token):
            _second_factor_verified(request, device)
            return True
    return False


def _second_factor_verified(request, device) -> None:
    """Mark the session verified under a new session key (ASVS 3.2.1): a key that an attacker
    fixed or read before the second step is worth nothing after it, as at the password step."""
    request.session.cycle_key()
    otp_login(request, device)


def ensure_demo_device(user: User, secret_hex: str) -> TOTPDevice:
    """Demo data only: a confirmed app device with a known secret (written to the manifest)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE, key=secret_hex, confirmed=True)
    return device
