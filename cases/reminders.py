"""Which reminders about action deadlines and plan evaluations are due. The reminders themselves
(one row per occasion and user, its e-mail, mutes, the user's list) are generic and belong to
notifications (`notifications.services.create_reminder`); this module decides who is reminded of
what in a case.

Rules (`generate_reminders`, run by beat every working hour and by `manage.py run_reminders`):
- An action of the latest plan version of an open case, still open or in progress, whose
  deadline is within ACTION_NEAR_DAYS days → "deadline nadert"; whose deadline has passed →
  "deadline verstreken". Recipients: the action's owner (its named professional if still seated,
  otherwise every professional seated for the owning organisation) and the case's procesregisseur.
- The latest plan of an open case whose evaluation date (`next_review_on`) is today or past →
  "evaluatie" for the procesregisseur.
- Once per occasion: the occasion key holds the action's origin (the same action carried into a
  new plan version keeps it), the kind, the date and the user; it is unique in the database, so
  the job running twice, or two workers at once, create one reminder and one e-mail. A new
  deadline or evaluation date is a new occasion.
- Nobody gets reminders about a case they muted, or a case they may no longer see (left the table).
- A reminder is open while its user has not marked it handled, the case is open and visible to
  them, it is not muted, and (for actions) the action is not finished.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from notifications.models import CaseMute, ReminderKind
from notifications.services import create_reminder
from privacy.policy import VIEW, desired_grants

from .message_kinds import MessageKind
from .models import ActionStatus, Case, ParticipantProfessional, Phase, PlanAction, ProcessPlan

ACTION_NEAR_DAYS = 3


@dataclass
class ReminderRun:
    today: date
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ReminderKind.values, 0))

    @property
    def total(self) -> int:
        return sum(self.created.values())

    def as_dict(self) -> dict:
        return {"date": self.today.isoformat(), "created": dict(self.created), "total": self.total}


def _origin_id(action) -> int:
    """The first version of an action that was carried from plan version to plan version."""
    seen = set()
    current = action
    while current.carried_from_id and current.carried_from_id not in seen:
        seen.add(current.pk)
        current = current.carried_from
    return current.pk


def _viewers(case) -> set[int]:
    return {user_id for user_id, perms in desired_grants(case).items() if VIEW in perms}


def _action_recipients(action, case, viewers: set[int]) -> set[int]:
    recipients = set()
    if case.procesregisseur_id in viewers:
        recipients.add(case.procesregisseur_id)
    if action.owner_user_id and action.owner_user_id in viewers:
        recipients.add(action.owner_user_id)
    else:
        seated = ParticipantProfessional.objects.filter(
            participant__case=case,
            participant__organisation_id=action.owner_organisation_id,
            participant__left_on__isnull=True,
            left_on__isnull=True,
        ).values_list("user_id", flat=True)
        recipients.update(user_id for user_id in seated if user_id in viewers)
    return recipients


def generate_reminders(today: date | None = None) -> ReminderRun:
    today = today or timezone.localdate()
    run = ReminderRun(today=today)
    latest_plan = ProcessPlan.objects.filter(case=OuterRef("plan__case")).order_by("-number").values("pk")[:1]
    actions = (
        PlanAction.objects.filter(
            plan=Subquery(latest_plan),
            status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS],
            deadline__lte=today + timedelta(days=ACTION_NEAR_DAYS),
            plan__case__anonymised_at__isnull=True,
        )
        .exclude(plan__case__phase=Phase.AFGESLOTEN)
        .select_related("plan__case", "carried_from")
        .order_by("deadline", "pk")
    )
    muted = set(CaseMute.objects.values_list("user_id", "case_id"))
    viewers_by_case: dict[int, set[int]] = {}

    def viewers(case) -> set[int]:
        if case.pk not in viewers_by_case:
            viewers_by_case[case.pk] = _viewers(case)
        return viewers_by_case[case.pk]

    for action in actions:
        case = action.plan.case
        kind = ReminderKind.ACTION_OVERDUE if action.deadline < today else ReminderKind.ACTION_DUE
        origin = _origin_id(action)
        for user_id in sorted(_action_recipients(action, case, viewers(case))):
            if (user_id, case.pk) in muted:
                continue
            key = f"actie:{origin}:{action.deadline.isoformat()}:{kind}:{user_id}"
            if create_reminder(
                email_kind=MessageKind.REMINDER,
                key=key,
                user_id=user_id,
                case=case,
                kind=kind,
                due_on=action.deadline,
                action=action,
                organisation_id=action.owner_organisation_id,
            ):
                run.created[kind] += 1

    latest_per_case = ProcessPlan.objects.filter(case=OuterRef("pk")).order_by("-number")
    cases = (
        Case.objects.exclude(phase=Phase.AFGESLOTEN)
        .filter(anonymised_at__isnull=True)
        .annotate(review_on=Subquery(latest_per_case.values("next_review_on")[:1]))
        .filter(review_on__lte=today)
        .order_by("pk")
    )
    for case in cases:
        user_id = case.procesregisseur_id
        if user_id not in viewers(case) or (user_id, case.pk) in muted:
            continue
        key = f"evaluatie:{case.pk}:{case.review_on.isoformat()}:{user_id}"
        if create_reminder(
            email_kind=MessageKind.REMINDER,
            key=key,
            user_id=user_id,
            case=case,
            kind=ReminderKind.REVIEW_DUE,
            due_on=case.review_on,
        ):
            run.created[ReminderKind.REVIEW_DUE] += 1
    return run
