"""Rows of the URL × role matrix for bottlenecks registered in a case (issue 15).

ROWS: (url name, method) -> expected status per role (see common.row).
make_kwargs(case, escalation, users) -> extra URL kwargs (none here).

The regisseur and `agent` (seated for Politie) may register a bottleneck: an empty POST answers
200 with the form's messages. Whoever may not see the case gets 404, as on the case page."""

from .common import LOGIN, row

ROWS: dict = {
    ("cases:bottleneck_add", "POST"): row(404, anonymous=LOGIN, regisseur=200, agent=200),
}


def make_kwargs(case, escalation, users) -> dict:
    return {}
