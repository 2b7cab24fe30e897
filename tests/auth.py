"""Logging in from tests. Use `login(client, user)` instead of `client.force_login(user)`: it also
completes the second factor (a confirmed TOTP device in the session), as every page requires."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.middleware import IdleSessionMiddleware


def totp_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test-app", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """What the user's authenticator app shows right now. django-otp refuses a code twice in one
    time step, so a second login within 30 s uses the next step's code (within its tolerance)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if device.last_t >= totp.t():
        totp.time = time.time() + device.step
    return f"{totp.token():0{device.digits}d}"


def login(client, user):
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    # As after the real login steps, whose responses renew the session (zvh.middleware).
    session[IdleSessionMiddleware.RENEWED_AT] = int(time.time())
    session.save()
    return client
