"""Rows of the URL × role matrix for the managers' dashboard, the annual report and the
Levensloopaanpak key figures (dashboard app, under programmas/): aggregates for managers and procesregisseurs only.

ROWS: (url name, method) -> expected status per role (see common.row).
make_kwargs(case, escalation, users) -> extra URL kwargs (objects these URLs need), by name."""

from .common import LOGIN, row

DASHBOARD = row(403, anonymous=LOGIN, regisseur=200, other_regisseur=200, manager=200)

ROWS: dict = {
    ("dashboard:dashboard", "GET"): DASHBOARD,
    ("dashboard:dashboard_export", "GET"): DASHBOARD,
    ("dashboard:annual_report", "GET"): DASHBOARD,
    ("dashboard:lla", "GET"): DASHBOARD,
    ("dashboard:lla_export", "GET"): DASHBOARD,
}


def make_kwargs(case, escalation, users) -> dict:
    return {"fmt": "xlsx"}
