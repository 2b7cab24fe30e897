"""The format of personal tokens and how they are looked up: only their SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets

# A prefix that says what kind of token follows (not a secret).
PERSONAL_TOKEN_PREFIX = "zvh_pat_"  # noqa: S105  # nosec B105


def new_personal_token() -> str:
    return PERSONAL_TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
