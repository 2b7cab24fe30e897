"""Demo data for casusregie and agreement per partner (issue 15): one demo case whose plan is still
a concept, with (at least) three partners at the table, gets casusregie with a named professional
and the agreement of two of the three partners, so the plan page shows "akkoord" twice and "nog
niet" once and the regisseur's "Vaststellen" asks for confirmation. Made through the real services. Idempotent: once
a demo concept carries an agreement, nothing is added."""

from __future__ import annotations

from django.db import transaction

from cases import services
from cases.models import Case, ParticipantProfessional, Phase, PlanAgreement, PlanStatus
from partners.models import Role

REMARKS = [
    "Akkoord; wij pakken onze acties deze week op.",
    "Akkoord, mits de afspraken in het volgende casusoverleg worden geëvalueerd.",
]


def seed_plan_agreements(references: list[str]) -> str | None:
    """The reference of the demo case that shows two of three partners agreed (None: no demo case
    in the plan phase has a concept with three partners at the table). Nobody is seated here: who
    sees which demo case stays as the seeding plan says (tests/demo/test_seed_demo.py)."""
    demo_cases = Case.objects.filter(reference__in=references)
    if PlanAgreement.objects.filter(plan__case__in=demo_cases).exists():
        return None  # seeded before
    candidates = (
        demo_cases.filter(phase=Phase.PLAN, plans__status=PlanStatus.CONCEPT)
        .select_related("procesregisseur")
        .order_by("reference")
    )
    tables = [(c, _one_professional_per_organisation(c)) for c in candidates]
    tables = [t for t in tables if len(t[1]) == 3] or [t for t in tables if len(t[1]) > 3]
    if not tables:
        return None
    case, seats = tables[0]
    with transaction.atomic():
        regisseur = case.procesregisseur
        organisation, professional = seats[0]
        services.set_casusregie(case=case, actor=regisseur, organisation=organisation, user=professional)
        plan = case.plans.get(status=PlanStatus.CONCEPT)
        for (_, agreeing), remark in zip(seats[:2], REMARKS, strict=True):
            services.record_agreement(plan=plan, actor=agreeing, remark=remark)
    return case.reference


def _one_professional_per_organisation(case: Case) -> list[tuple]:
    """(organisation, a professional seated for it) for each organisation at the table, by name."""
    seats = (
        ParticipantProfessional.objects.filter(
            participant__case=case,
            participant__left_on__isnull=True,
            left_on__isnull=True,
            user__is_active=True,
            user__role=Role.PARTNERPROFESSIONAL,
        )
        .select_related("participant__organisation", "user")
        .order_by("participant__organisation__name", "user__username")
    )
    found: dict[int, tuple] = {}
    for seat in seats:
        if seat.user.organisation_id == seat.participant.organisation_id:
            found.setdefault(seat.participant.organisation_id, (seat.participant.organisation, seat.user))
    return list(found.values())
