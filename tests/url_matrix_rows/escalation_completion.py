"""Rows of the URL × role matrix for the referrer's answer to a triage question and withdrawal.

The fixture escalation is pending (no question open) and submitted by `agent`. Readers who are not
its referrer: the triage team gets 403 (they may read it, not answer or withdraw it), everyone else
404 (open_escalation does not reveal it exists). The referrer is sent to the detail page from the
answer page (no question open, 302) and sees the withdrawal form (GET 200; an empty POST shows it
again with its error, 200)."""

from .common import LOGIN, row

NOT_REFERRER = {"regisseur": 403, "other_regisseur": 403}

ROWS: dict = {
    ("escalations:complete", "GET"): row(404, anonymous=LOGIN, agent=302, **NOT_REFERRER),
    ("escalations:complete", "POST"): row(404, anonymous=LOGIN, agent=302, **NOT_REFERRER),
    ("escalations:withdraw", "GET"): row(404, anonymous=LOGIN, agent=200, **NOT_REFERRER),
    ("escalations:withdraw", "POST"): row(404, anonymous=LOGIN, agent=200, **NOT_REFERRER),
}

# Escalation pages: every read, allowed or refused, is in the access log (checked by the matrix).
ESCALATION_SPECIFIC = {"escalations:complete", "escalations:withdraw"}


def make_kwargs(case, escalation, users) -> dict:
    return {}
