"""Rows of the URL × role matrix for the privacy officer's retention screens.

ROWS: (url name, method) -> expected status per role (see common.row).
make_kwargs(case, escalation, users) -> extra URL kwargs (objects these URLs need), by name."""

from .common import LOGIN, PRIVACY_OFFICER_ONLY, row  # noqa: F401

ROWS: dict = {
    # Overview of terms, the dry-run report (references only) and destructions.
    ("privacy:retention", "GET"): PRIVACY_OFFICER_ONLY,
    # An empty POST is refused beside the fields (200) for the privacy officer only.
    ("privacy:retention_term", "POST"): PRIVACY_OFFICER_ONLY,
    ("privacy:retention_extend", "GET"): PRIVACY_OFFICER_ONLY,
    ("privacy:retention_extend", "POST"): PRIVACY_OFFICER_ONLY,
}


def make_kwargs(case, escalation, users) -> dict:
    return {}
