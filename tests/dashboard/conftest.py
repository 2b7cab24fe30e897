"""Known data for the dashboard tests: cases made by the real service, then dated in the past.

2024 (today is later, so the reference date is 31-12-2024):
- COM: c1..c7 opened in 2024 (four in Q1, three in Q2); c1..c6 in Gemeente Oss, c7 without
  woongemeente. c1..c5 closed 10, 20, 30, 40, 50 days after opening; their plan version 1 was
  agreed 3, 6, 9, 12, 15 days after opening; each has one survey answer (scores 6..10).
  c8..c10 opened in 2023 and still open. c6 went from AVE3 to AVE4 on 1-8-2024.
- MDA++: two cases opened 1-3-2024 in Gemeente Uden, open.
- Six escalations submitted in 2024 (three in Q1, three in Q2), programme COM suggested, advice
  given 1..6 days later; each names the same two bottleneck categories. One more in 2023.
- Prognosis 2024: COM 10 new.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from cases.models import (
    AveLevelChange,
    BottleneckCategory,
    Case,
    Escalation,
    ProcessPlan,
    SurveyInvitation,
    SurveyResponse,
)
from programmes.models import Prognosis, Programme
from tests.factories import OrganisationFactory, make_case, make_escalation


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class Seeded:
    com: list
    mda: list
    escalations: list
    oss: object
    uden: object


def dated_case(regisseur, *, programme="COM", opened_on, closed_on=None, municipality=None):
    case = make_case(regisseur=regisseur, programme_code=programme)
    Case.objects.filter(pk=case.pk).update(
        opened_on=opened_on,
        closed_on=closed_on,
        phase="afgesloten" if closed_on else "analyse",
        closure_reason="doelen_bereikt" if closed_on else "",
        municipality=municipality,
    )
    AveLevelChange.objects.filter(case=case, from_level__isnull=True).update(changed_at=at(opened_on, 9))
    case.refresh_from_db()
    return case


def seed_year(regisseur, agent, politie, *, extra_com: int = 0) -> Seeded:
    oss = OrganisationFactory(name="Gemeente Oss", kind="gemeente")
    uden = OrganisationFactory(name="Gemeente Uden", kind="gemeente")
    Prognosis.objects.update_or_create(
        programme=Programme.objects.get(code="COM"), year=2024, defaults={"expected_new": 10}
    )
    opened = [date(2024, 1, 10), date(2024, 2, 10), date(2024, 3, 10), date(2024, 3, 20)]
    opened += [date(2024, 4, 5), date(2024, 5, 5), date(2024, 6, 5)]
    com = []
    for index, opened_on in enumerate(opened):
        closed_on = opened_on + timedelta(days=10 * (index + 1)) if index < 5 else None
        com.append(
            dated_case(regisseur, opened_on=opened_on, closed_on=closed_on, municipality=oss if index < 6 else None)
        )
    for _ in range(3 + extra_com):
        com.append(dated_case(regisseur, opened_on=date(2023, 6, 1), municipality=oss))
    for index, case in enumerate(com[:5]):
        ProcessPlan.objects.create(
            case=case,
            number=1,
            status="vastgesteld",
            created_by=regisseur,
            agreed_by=regisseur,
            agreed_at=at(case.opened_on + timedelta(days=3 * (index + 1))),
        )
        invitation = SurveyInvitation.objects.create(
            case=case, recipient=agent, organisation=politie, expires_at=timezone.now() + timedelta(days=14)
        )
        SurveyResponse.objects.create(
            invitation=invitation,
            overall_score=6 + index,
            clear_goals=4 + index % 2 if index < 4 else None,
            good_collaboration=5,
            comment="Vrije tekst die nooit op een dashboard komt.",
        )
    AveLevelChange.objects.create(
        case=com[5], from_level=3, to_level=4, reason="Dreiging", changed_by=regisseur, changed_at=at(date(2024, 8, 1))
    )
    mda = [dated_case(regisseur, programme="MDA++", opened_on=date(2024, 3, 1), municipality=uden) for _ in range(2)]

    categories = list(BottleneckCategory.objects.order_by("pk")[:2])
    escalations = []
    submitted = [date(2024, 1, 15), date(2024, 2, 15), date(2024, 3, 15), date(2024, 4, 15), date(2024, 5, 15)]
    submitted += [date(2024, 6, 15), date(2023, 2, 1)]
    for index, day in enumerate(submitted):
        escalation = make_escalation(submitted_by=agent, bottleneck_categories=categories)
        Escalation.objects.filter(pk=escalation.pk).update(
            submitted_at=at(day),
            decided_at=at(day + timedelta(days=index + 1)),
            status="advies",
            suggested_programme=Programme.objects.get(code="COM"),
            municipality=oss,
        )
        escalations.append(escalation)
    return Seeded(com=com, mda=mda, escalations=escalations, oss=oss, uden=uden)


@pytest.fixture
def seeded(regisseur, agent, politie):
    return seed_year(regisseur, agent, politie)
