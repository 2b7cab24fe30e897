"""Demo data for a case's whole life (issue 15): two running cases of one family linked to each
other (one of them MDA++: "één gezin, één plan"), a case moved from COM towards the
Levensloopaanpak, and a closed case reopened by its regisseur with nobody seated again (so the
seeding plan's "who sees what" still holds: a reopened case is its regisseur's alone until partners
are seated again). Made through the real services; idempotent: each part is skipped when the demo
cases already show it."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.models import Case, CaseLink, CaseRelation, Phase, ProgrammeChange, TimelineEntry, TimelineKind
from cases.services import lifecycle
from programmes.models import Programme

RUNNING = (Phase.ANALYSE, Phase.PLAN, Phase.UITVOERING, Phase.EVALUATIE)


def seed_lifecycle(references: list[str]) -> dict[str, int]:
    """Seed the lifecycle examples among the demo cases `references` (seed_demo's plan order)."""
    cases = list(Case.objects.filter(reference__in=references).select_related("programme", "procesregisseur"))
    cases.sort(key=lambda c: references.index(c.reference))
    made = {"links": 0, "programme_changes": 0, "reopened": 0}
    with transaction.atomic():
        made["links"] = _family_links(cases)
        made["programme_changes"] = _programme_change(cases)
        made["reopened"] = _reopened(cases)
    return made


def _family_links(cases: list[Case]) -> int:
    ids = [c.pk for c in cases]
    if CaseLink.objects.filter(Q(from_case_id__in=ids) | Q(to_case_id__in=ids)).exists():
        return 0
    running = [c for c in cases if c.phase in RUNNING]
    mda = next((c for c in running if c.programme.code == "MDA++"), None)
    if mda is None:
        return 0
    # A sibling's case directed by another regisseur: each sees the other case's reference only.
    sibling = next((c for c in running if c.pk != mda.pk and c.procesregisseur_id != mda.procesregisseur_id), None)
    system = next((c for c in running if c.pk not in (mda.pk, getattr(sibling, "pk", None))), None)
    count = 0
    if sibling is not None:
        lifecycle.link_cases(
            case=mda, actor=mda.procesregisseur, other_reference=sibling.reference, relation=CaseRelation.HOUSEHOLD
        )
        count += 1
    if system is not None and system.procesregisseur_id == mda.procesregisseur_id:
        lifecycle.link_cases(
            case=mda, actor=mda.procesregisseur, other_reference=system.reference, relation=CaseRelation.SYSTEM
        )
        count += 1
    return count


def _programme_change(cases: list[Case]) -> int:
    if ProgrammeChange.objects.filter(case__in=cases).exists():
        return 0
    case = next((c for c in cases if c.programme.code == "COM" and c.phase in RUNNING), None)
    lla = Programme.objects.filter(code="LLA", is_active=True).first()
    if case is None or lla is None:
        return 0
    case = lifecycle.change_programme(
        case=case,
        actor=case.procesregisseur,
        to_programme=lla,
        reason="Na drie casusoverleggen blijkt de problematiek langdurig en vastgelopen in het reguliere "
        "aanbod: de route naar de Levensloopaanpak wordt ingezet.",
        expected_version=case.version,
    )
    # Demo only: the change happened some weeks ago, not at the moment of seeding.
    when = timezone.now() - timedelta(days=21)
    ProgrammeChange.objects.filter(case=case).update(changed_at=when)
    TimelineEntry.objects.filter(case=case, kind=TimelineKind.PROGRAMME).update(created_at=when)
    return 1


def _reopened(cases: list[Case]) -> int:
    if TimelineEntry.objects.filter(case__in=cases, kind=TimelineKind.REOPENED).exists():
        return 0
    case = next((c for c in cases if c.is_closed and not c.programme.is_advice_flow and c.anonymised_at is None), None)
    if case is None:
        return 0
    lifecycle.reopen_case(
        case=case,
        actor=case.procesregisseur,
        reason="Kort na de afsluiting nieuwe meldingen van overlast; de afspraken houden geen stand.",
        expected_version=case.version,
        seat_again=[],
    )
    return 1
