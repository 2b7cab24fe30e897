"""The demo shows closing with an evaluation and bottlenecks met in cases (issue 15): every closed
demo case has its evaluation and no open action left; one running case has two bottlenecks, one
escalated to management; seeding again adds nothing."""

import pytest
from django.core.management import call_command

from cases.models import ActionStatus, Case, CaseBottleneck, CaseEvaluation, GoalEvaluation, Phase


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--cases", "24", "--allow-without-debug", "--quiet-logins")


def test_demo_has_closed_cases_with_evaluation_and_in_case_bottlenecks(seeded):
    closed = Case.objects.filter(phase=Phase.AFGESLOTEN)
    assert closed.exists() and not closed.filter(evaluations__isnull=True).exists()
    assert GoalEvaluation.objects.filter(evaluation__case__in=closed).exists()
    for case in closed.filter(plans__isnull=False).distinct():
        latest = case.plans.order_by("-number").first()
        assert not latest.actions.filter(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS]).exists()
    bottlenecks = CaseBottleneck.objects.all()
    assert bottlenecks.count() == 2 and len({b.case_id for b in bottlenecks}) == 1
    assert bottlenecks.filter(escalate_to_management=True).count() == 1
    assert not bottlenecks.first().case.is_closed

    before = (CaseEvaluation.objects.count(), CaseBottleneck.objects.count())
    call_command("seed_demo", "--cases", "24", "--allow-without-debug", "--quiet-logins")
    assert (CaseEvaluation.objects.count(), CaseBottleneck.objects.count()) == before
