"""Rows of the URL × role matrix for a partner's agreement to a plan version (issue 15).

The plan is the concept of tests/url_matrix_rows/plans.py (its `plan_id`). Only a professional
seated for a partner records that partner's agreement: the agent (Politie) is sent back to the
plan (302); the regisseur, who fixes the plan instead, is refused (403); colleagues and others who
do not see the case get 404."""

from .common import LOGIN, row

ROWS: dict = {
    ("cases:plan_partner_agree", "POST"): row(404, anonymous=LOGIN, regisseur=403, agent=302),
}


def make_kwargs(case, escalation, users) -> dict:
    return {}  # plan_id comes from tests/url_matrix_rows/plans.py
