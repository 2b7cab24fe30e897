"""Rows of the URL × role matrix for the triage table and the triage agenda (issue 16).

No role of the matrix is a member of the triage table (that is a flag on a partner professional of
a joining organisation; tests/cases/test_triage_table.py covers members): the table is refused to
all of them, its escalation page answers 404 as `open_escalation` does for an escalation one may
not see, and the agenda is the procesregisseurs'."""

from .common import LOGIN, row

ROWS: dict = {
    ("escalations:table", "GET"): row(403, anonymous=LOGIN),
    ("escalations:table_escalation", "GET"): row(404, anonymous=LOGIN),
    ("escalations:table_escalation", "POST"): row(404, anonymous=LOGIN),
    ("escalations:triage_agenda", "GET"): row(403, anonymous=LOGIN, regisseur=200, other_regisseur=200),
}


def make_kwargs(case, escalation, users) -> dict:
    return {}
