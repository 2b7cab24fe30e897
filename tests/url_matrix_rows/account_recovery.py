"""Rows of the URL × role matrix for the self-service password reset (issue 20). Open to everyone,
logged in or not: the pages reveal nothing (same answer for every address) and a reset link only
works for the account it was mailed to. The confirm page is opened with a link that does not work
(it says so, 200)."""

from .common import row

OPEN = row(200)

ROWS: dict = {
    ("password_reset", "GET"): OPEN,
    ("password_reset_done", "GET"): OPEN,
    ("password_reset_confirm", "GET"): OPEN,
    ("password_reset_complete", "GET"): OPEN,
}


def make_kwargs(case, escalation, users) -> dict:
    # `token` is the survey invitation's (tests/url_matrix_rows/notifications.py), shared by name:
    # as a reset token it does not work, which is what this row needs.
    return {"uidb64": "MQ"}
