"""Rows of the URL × role matrix for the demo's dev-only mailbox (/dev/mail/, issue 18). The
demo app is installed in the test settings, so the URLs exist; without DEBUG (as here) they
answer 404 to everyone, before any login redirect. Production settings have no such URL at all
(tests/demo/test_first_run.py)."""

from .common import row

DEBUG_ONLY = row(404)

ROWS: dict = {
    ("demo:mail_list", "GET"): DEBUG_ONLY,
    ("demo:mail_detail", "GET"): DEBUG_ONLY,
}


def make_kwargs(case, escalation, users) -> dict:
    return {"file_name": "20260101-101500-1.log", "index": 0}
