"""The evaluation and the end of every open action when a case closes, and bottlenecks met during a
case (issue 15). `record_closure` runs inside `case.change_phase` (same transaction, case row
locked): a refusal there rolls the whole closing back, seats and survey invitations included."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cases.message_kinds import MessageKind
from cases.models import (
    BottleneckCategory,
    Case,
    CaseBottleneck,
    CaseEvaluation,
    Goal,
    GoalEvaluation,
    GoalResult,
    PlanAction,
    TimelineEntry,
    TimelineKind,
)
from cases.models.plan import CLOSING_STATUSES, OPEN_STATUSES, ActionStatus
from notifications.outbox import enqueue_many
from partners.models import Role, User
from privacy import policy
from zvh.errors import ServiceError

WHAT_WORKED_MAX = 4000
EXPLANATION_MAX = 500
DESCRIPTION_MAX = 1000


@dataclass(frozen=True)
class GoalOutcome:
    result: str
    explanation: str = ""


def action_field(action: PlanAction) -> str:
    """The form field (and ServiceError field) of one open action's decision at closure."""
    return f"action_{action.pk}"


def goal_field(goal: Goal) -> str:
    return f"goal_{goal.pk}_result"


def goal_explanation_field(goal: Goal) -> str:
    return f"goal_{goal.pk}_explanation"


def closing_items(case: Case) -> tuple[list[PlanAction], list[Goal]]:
    """The open actions and the goals of the case's current (latest) plan version: what closing
    asks a decision and a result for. Empty lists when the case has no plan."""
    plan = case.plans.order_by("-number").first()
    if plan is None:
        return [], []
    open_actions = plan.actions.filter(status__in=OPEN_STATUSES).select_related("owner_organisation", "goal")
    actions = list(open_actions.order_by("deadline", "pk"))
    goals = list(plan.goals.select_related("domain"))
    return actions, goals


def record_closure(
    *,
    case: Case,
    actor: User,
    action_decisions: Mapping[int, str],
    goal_outcomes: Mapping[int, GoalOutcome],
    what_worked: str,
) -> CaseEvaluation:
    """Check and record the evaluation and the end of each open action. The caller (change_phase)
    holds the case lock, checked the actor's permission and runs in a transaction."""
    actions, goals = closing_items(case)
    for action in actions:
        if action_decisions.get(action.pk) not in CLOSING_STATUSES:
            raise ServiceError(
                f"Kies wat er gebeurt met de open actie ‘{action.description[:60]}’.", field=action_field(action)
            )
    for goal in goals:
        outcome = goal_outcomes.get(goal.pk)
        if outcome is None or outcome.result not in GoalResult.values:
            raise ServiceError(f"Kies het resultaat van het doel ‘{goal.description[:60]}’.", field=goal_field(goal))
        if len(outcome.explanation.strip()) > EXPLANATION_MAX:
            raise ServiceError(
                f"Gebruik voor de toelichting maximaal {EXPLANATION_MAX} tekens.", field=goal_explanation_field(goal)
            )
    what_worked = what_worked.strip()
    if not what_worked:
        raise ServiceError("Beschrijf kort wat werkte in deze casus.", field="what_worked")
    if len(what_worked) > WHAT_WORKED_MAX:
        raise ServiceError(f"Gebruik maximaal {WHAT_WORKED_MAX} tekens.", field="what_worked")

    now = timezone.now()
    counts: dict[str, int] = {}
    for action in actions:
        # Saved one by one (not QuerySet.update) so django-auditlog records every ended action.
        action.status = action_decisions[action.pk]
        action.status_note = "Bij afsluiten van de casus."
        action.status_updated_by = actor
        action.status_updated_at = now
        action.save(update_fields=["status", "status_note", "status_updated_by", "status_updated_at"])
        counts[action.status] = counts.get(action.status, 0) + 1
    evaluation = CaseEvaluation.objects.create(case=case, what_worked=what_worked, recorded_by=actor, recorded_at=now)
    for goal in goals:
        outcome = goal_outcomes[goal.pk]
        GoalEvaluation.objects.create(
            evaluation=evaluation, goal=goal, result=outcome.result, explanation=outcome.explanation.strip()
        )
    text = "Evaluatie vastgelegd"
    if goals:
        achieved = sum(1 for goal in goals if goal_outcomes[goal.pk].result == GoalResult.ACHIEVED)
        text += f": {achieved} van {len(goals)} doelen behaald"
    text += "."
    if actions:
        parts = [f"{n} {ActionStatus(status).label.lower()}" for status, n in sorted(counts.items())]
        text += " Open acties bij afsluiten: " + ", ".join(parts) + "."
    TimelineEntry.objects.create(case=case, kind=TimelineKind.PHASE, text=text, author=actor)
    return evaluation


@transaction.atomic
def register_bottleneck(
    *,
    case: Case,
    actor: User,
    category: BottleneckCategory | None,
    description: str,
    escalate_to_management: bool = False,
) -> CaseBottleneck:
    """A bottleneck met during the case, for the radar; who may: `policy.may_register_bottleneck`.
    Escalated to management, it is also e-mailed to every active manager (through the outbox)."""
    case = Case.objects.select_for_update().get(pk=case.pk)  # a closing in progress finishes first
    if not policy.may_register_bottleneck(actor, case):
        raise PermissionDenied("U kunt in deze casus geen knelpunt registreren.")
    if category is None or not category.is_active:
        raise ServiceError("Kies een knelpunt uit de lijst.", field="category")
    description = description.strip()
    if not description:
        raise ServiceError("Beschrijf het knelpunt kort.", field="description")
    if len(description) > DESCRIPTION_MAX:
        raise ServiceError(f"Gebruik maximaal {DESCRIPTION_MAX} tekens.", field="description")
    bottleneck = CaseBottleneck.objects.create(
        case=case,
        category=category,
        description=description,
        escalate_to_management=escalate_to_management,
        registered_by=actor,
    )
    text = f"Knelpunt geregistreerd: {category}."
    if escalate_to_management:
        text += " Opgeschaald naar het management."
        managers = User.objects.filter(role=Role.MANAGER, is_active=True).order_by("pk")
        # The managers are told through the outbox (category, programme and regisseur only).
        enqueue_many(
            kind=MessageKind.BOTTLENECK,
            object_id=bottleneck.pk,
            recipients_and_keys=[(m, f"knelpunt:{bottleneck.pk}:{m.pk}") for m in managers],
        )
    TimelineEntry.objects.create(case=case, kind=TimelineKind.BOTTLENECK, text=text, author=actor)
    return bottleneck
