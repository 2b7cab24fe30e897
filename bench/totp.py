"""The code an authenticator app shows (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits), as
django-otp's TOTP devices check it. The load journeys log in with it."""

import hashlib
import hmac
import struct


def totp_code(key_hex: str, at: float) -> str:
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"
