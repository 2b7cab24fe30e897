"""Rows of the URL × role matrix for the team screens: handover, deputies, caseload.

ROWS: (url name, method) -> expected status per role (see common.row).
make_kwargs(case, escalation, users) -> extra URL kwargs (objects these URLs need), by name."""

from .common import LOGIN, row

# Procesregisseurs hand over (their own cases); regisseurs and managers see the team's numbers and
# arrange deputies. POSTs with an empty body show the form again with its errors (200).
REGISSEURS = row(403, anonymous=LOGIN, regisseur=200, other_regisseur=200)
TEAM = row(403, anonymous=LOGIN, regisseur=200, other_regisseur=200, manager=200)

ROWS: dict = {
    ("cases:handover", "GET"): REGISSEURS,
    ("cases:handover", "POST"): REGISSEURS,
    ("cases:team", "GET"): TEAM,
    ("cases:deputies", "GET"): TEAM,
    ("cases:deputies", "POST"): TEAM,
    # The deputyship below is `regisseur`'s (other_regisseur deputises): they or a manager end it;
    # the deputy cannot end it themselves.
    ("cases:deputy_end", "POST"): row(403, anonymous=LOGIN, regisseur=302, manager=302),
}


def make_kwargs(case, escalation, users) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from cases.models import Deputyship

    tomorrow = timezone.localdate() + timedelta(days=1)
    deputyship, _ = Deputyship.objects.get_or_create(
        regisseur=users["regisseur"],
        deputy=users["other_regisseur"],
        starts_on=tomorrow,
        defaults={"ends_on": tomorrow + timedelta(days=7), "created_by": users["regisseur"]},
    )
    return {"deputyship_id": deputyship.pk}
