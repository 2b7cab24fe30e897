"""Rows of the URL × role matrix for a case's life: programme change, reopening, follow-up case,
links between cases.

The matrix's case is open: its regisseur changes the programme and links cases (empty POSTs
answer 200 with the form's messages), but reopening and a follow-up are only for a closed case, so
even the regisseur gets 403 there (tests/cases/test_lifecycle.py covers the closed case). The
seated agent may view the case and gets 403 on every one of these screens; everyone else 404."""

from .common import LOGIN, row

LIFECYCLE_WRITE = row(404, anonymous=LOGIN, regisseur=200, agent=403)
CLOSED_ONLY = row(404, anonymous=LOGIN, regisseur=403, agent=403)

ROWS: dict = {
    ("cases:programme_change", "GET"): LIFECYCLE_WRITE,
    ("cases:programme_change", "POST"): LIFECYCLE_WRITE,
    ("cases:reopen", "GET"): CLOSED_ONLY,
    ("cases:reopen", "POST"): CLOSED_ONLY,
    ("cases:follow_up", "GET"): CLOSED_ONLY,
    ("cases:follow_up", "POST"): CLOSED_ONLY,
    ("cases:link_add", "GET"): LIFECYCLE_WRITE,
    ("cases:link_add", "POST"): LIFECYCLE_WRITE,
    ("cases:link_remove", "POST"): row(404, anonymous=LOGIN, regisseur=302, agent=403),
}


def make_kwargs(case, escalation, users) -> dict:
    from cases.models import CaseLink, CaseRelation
    from tests.factories import make_case

    link = CaseLink.objects.filter(from_case=case).first()
    if link is None:
        other = make_case(regisseur=users["other_regisseur"])
        link = CaseLink.objects.create(
            from_case=case, to_case=other, relation=CaseRelation.HOUSEHOLD, created_by=users["regisseur"]
        )
    return {"link_id": link.pk}
