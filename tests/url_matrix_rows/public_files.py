"""Rows of the URL × role matrix for the public files every deployment serves (RFC 9116).

ROWS: (url name, method) -> expected status per role (see common.row).
make_kwargs(case, escalation, users) -> extra URL kwargs (none here)."""

from .common import row

ROWS: dict = {
    # Public for everyone, signed in or not: a finder of a vulnerability has no account.
    ("security_txt", "GET"): row(200),
    ("security_policy", "GET"): row(200),
}


def make_kwargs(case, escalation, users) -> dict:
    return {}
