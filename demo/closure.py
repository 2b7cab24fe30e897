"""Demo data for closing with an evaluation and for bottlenecks met in cases (issue 15), called by
`manage.py seed_demo`.

- `closing_evaluation(case)`: what the demo's closings record through the real service: every open
  action of the current plan gets a decision (mostly done, some handed to the local level or
  dropped), every goal a result, and what worked. Decided by the case's id, so a rerun is the same.
- `seed_case_bottlenecks()`: two bottlenecks met in one running demo case, one by the
  regisseur (escalated to management), one by a partner at the table; they show on the case page
  and in the dashboard's radar beside the escalations' bottlenecks. Idempotent."""

from __future__ import annotations

from cases import services
from cases.models import ActionStatus, BottleneckCategory, Case, CaseBottleneck, GoalResult, Phase
from partners.models import User

WHAT_WORKED = [
    "Eén procesregisseur als vast aanspreekpunt en korte lijnen tussen politie, GGZ en gemeente.",
    "De gezamenlijke huisbezoeken en heldere afspraken over wie wat doet.",
    "Snel schakelen met de woningcorporatie en de schuldhulpverlening.",
]
DECISIONS = [ActionStatus.DONE, ActionStatus.HANDED_OVER, ActionStatus.DONE, ActionStatus.DROPPED]
RESULTS = [GoalResult.ACHIEVED, GoalResult.PARTLY, GoalResult.ACHIEVED, GoalResult.NOT_ACHIEVED]
EXPLANATIONS = {
    GoalResult.ACHIEVED: "Afgesproken resultaat bereikt.",
    GoalResult.PARTLY: "Verbeterd; het lokale team volgt de rest.",
    GoalResult.NOT_ACHIEVED: "Geen passend aanbod gevonden binnen de looptijd.",
}
BOTTLENECKS = [
    (
        "Geen passend zorgaanbod of wachtlijst",
        "Wachtlijst van vier maanden voor ambulante begeleiding; overbrugging door het wijkteam.",
        True,
    ),
    (
        "Grenzen van de zorgplicht bereikt",
        "Betrokkene weigert behandeling; de GGZ kan zonder juridische grond niet verder.",
        False,
    ),
]


def closing_evaluation(case: Case) -> dict:
    """The keyword arguments for `services.change_phase` that close this demo case."""
    actions, goals = services.closing_items(case)
    return {
        "action_decisions": {a.pk: DECISIONS[(case.pk + k) % len(DECISIONS)] for k, a in enumerate(actions)},
        "goal_outcomes": {
            g.pk: services.GoalOutcome(result, EXPLANATIONS[result])
            for k, g in enumerate(goals)
            for result in [RESULTS[(case.pk + k) % len(RESULTS)]]
        },
        "what_worked": WHAT_WORKED[case.pk % len(WHAT_WORKED)],
    }


def seed_case_bottlenecks() -> int:
    """Register the demo's in-case bottlenecks once; returns how many were added."""
    if CaseBottleneck.objects.filter(description=BOTTLENECKS[0][1]).exists():
        return 0
    case = (
        Case.objects.filter(phase=Phase.UITVOERING, participants__left_on__isnull=True)
        .select_related("procesregisseur")
        .order_by("pk")
        .first()
    )
    if case is None:
        return 0
    seated = (
        User.objects.filter(
            seats__participant__case=case,
            seats__participant__left_on__isnull=True,
            seats__left_on__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    added = 0
    for k, (category_name, description, escalate) in enumerate(BOTTLENECKS):
        category = BottleneckCategory.objects.filter(name=category_name).first()
        if category is None:
            continue
        actor = seated if k == 1 and seated is not None else case.procesregisseur
        services.register_bottleneck(
            case=case, actor=actor, category=category, description=description, escalate_to_management=escalate
        )
        added += 1
    return added
