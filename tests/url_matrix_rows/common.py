"""Shared helpers of the URL × role matrix (tests/test_url_matrix.py)."""

ROLES = [
    "anonymous",
    "regisseur",
    "other_regisseur",
    "agent",
    "colleague",
    "manager",
    "privacy_officer",
    "functional_admin",
]
LOGIN = 302  # anonymous users are sent to the login page


def row(default, **overrides):
    return {role: overrides.get(role, default) for role in ROLES}


# Only the privacy officer: everyone else gets 403, anonymous users the login page.
PRIVACY_OFFICER_ONLY = row(403, anonymous=LOGIN, privacy_officer=200)
