"""Rows of the URL × role matrix for letters from a template (issue 17): only the regisseur makes
one; a professional at the table gets 403, everyone else the 404 of a case they may not see. A POST
with an empty body shows the form again with its errors (200)."""

from .common import LOGIN, row

REGISSEUR_ONLY = row(404, anonymous=LOGIN, regisseur=200, agent=403)

ROWS: dict = {
    ("cases:letter_add", "GET"): REGISSEUR_ONLY,
    ("cases:letter_add", "POST"): REGISSEUR_ONLY,
}


def make_kwargs(case, escalation, users) -> dict:
    return {}
