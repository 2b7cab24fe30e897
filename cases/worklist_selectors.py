"""The case-related items of the start page ("wat vraagt vandaag mijn aandacht"): for the
procesregisseur and for the partner professional. Reads only; every list starts from the policy
(`privacy.policy.running_cases_visible_to`, `may_triage`), so nobody sees an item of a case they may
not see. Each list is one query for its counts and one for the few items shown, whatever the number
of cases (tests/test_query_counts.py holds the start page to a fixed count).

Definitions:
- "Their cases" (regisseur): the running cases they direct, as regisseur or as deputy (the CONTRIBUTE
  grant exists exactly for those, `running_cases_visible_to`). For a partner professional: the running
  cases where they sit at the table for their organisation.
- An action counts in the latest plan version of a case only (older versions are history), while it is
  open or in progress. Overdue: deadline before today; near: within `ACTION_NEAR_DAYS` (the reminders'
  window, cases/reminders.py).
- An evaluation is due when the latest plan's `next_review_on` is past or within `EVALUATION_NEAR_DAYS`.
- A case waits for an agreed plan when it runs for `settings.PLAN_AGREEMENT_EXPECTED_WEEKS` weeks or
  more without any agreed version (advice programmes make no plan and are left out).
- A plan awaits a partner's agreement when the regisseur asked for it and the partner's organisation
  has not agreed to the concept as it is now (`plan_version` below the concept's `version`).
- Decisions on a partner's own escalations: a question of the triage team still to answer, and
  decisions of the last `DECISIONS_RECENT_DAYS` days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Case as DbCase
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from notifications.selectors import open_reminders
from partners.models import User
from privacy.policy import may_triage, running_cases_visible_to
from programmes.models import PhaseFlow

from .models import (
    URGENCY_RANK,
    Case,
    Escalation,
    EscalationStatus,
    Meeting,
    MeetingStatus,
    PlanAction,
    PlanAgreement,
    PlanStatus,
    ProcessPlan,
    Urgency,
)
from .models.plan import OPEN_STATUSES
from .reminders import ACTION_NEAR_DAYS
from .selectors import week_bounds

SHOWN = 5  # items per section on the start page; the rest behind "alle N tonen"
SHOWN_ALL = 100  # a section opened in full ("?alle=<section>") shows at most this many
EVALUATION_NEAR_DAYS = 7
DECISIONS_RECENT_DAYS = 30
URGENT = (Urgency.ACUTE, Urgency.HIGH)


@dataclass
class Section:
    """One list of the start page: how many there are (`count`, with optional named sub-counts),
    the first few (`items`) and whether it is shown in full."""

    key: str
    count: int
    items: list = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    expanded: bool = False
    case_ids: list[int] = field(default_factory=list)  # the cases whose reference is shown (access log)

    @property
    def more(self) -> int:
        """How many are not shown."""
        return max(self.count - len(self.items), 0)


def _limit(expanded: bool) -> int:
    return SHOWN_ALL if expanded else SHOWN


def _newer_plan() -> Exists:
    """For PlanAction rows: a newer plan version of the same case exists (the action is history)."""
    return Exists(ProcessPlan.objects.filter(case_id=OuterRef("plan__case_id"), number__gt=OuterRef("plan__number")))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- Procesregisseur ----------------------------------------------------------------------------


def waiting_escalations(user: User, *, expanded: bool = False) -> Section | None:
    """Escalations waiting for the triage team (most urgent first, then oldest), with how many are
    urgent and how many wait for the referrer's answer. References, urgency, date and referring
    organisation only: the start page shows no content of an escalation."""
    if not may_triage(user):
        return None
    counts = Escalation.objects.filter(status__in=(EscalationStatus.SUBMITTED, EscalationStatus.NEEDS_INFO)).aggregate(
        waiting=Count("pk", filter=Q(status=EscalationStatus.SUBMITTED)),
        urgent=Count("pk", filter=Q(status=EscalationStatus.SUBMITTED, urgency__in=URGENT)),
        needs_info=Count("pk", filter=Q(status=EscalationStatus.NEEDS_INFO)),
    )
    rank = DbCase(
        *(When(urgency=urgency, then=Value(position)) for urgency, position in URGENCY_RANK.items()),
        default=Value(len(URGENCY_RANK)),
    )
    items = list(
        Escalation.objects.filter(status=EscalationStatus.SUBMITTED)
        .annotate(urgency_rank=rank)
        .select_related("referrer_organisation")
        .only("reference", "status", "urgency", "submitted_at", "completed_at", "referrer_organisation__name")
        .order_by("urgency_rank", "submitted_at", "pk")[: _limit(expanded)]
    )
    return Section("aanmeldingen", counts["waiting"], items, counts=counts, expanded=expanded)


def _directed_running_cases(user: User) -> QuerySet[Case]:
    return running_cases_visible_to(user)


def due_actions(user: User, today: date, *, expanded: bool = False) -> Section:
    """Open actions of the latest plans of the regisseur's running cases whose deadline has passed
    or is near, soonest deadline first."""
    near = today + timedelta(days=ACTION_NEAR_DAYS)
    actions = PlanAction.objects.filter(
        plan__case__in=_directed_running_cases(user), status__in=OPEN_STATUSES, deadline__lte=near
    ).exclude(_newer_plan())
    counts = actions.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today)))
    counts["near"] = counts["total"] - counts["overdue"]
    items = list(
        actions.select_related("plan__case", "owner_organisation")
        .only("description", "deadline", "status", "plan__number", "plan__case__reference", "owner_organisation__name")
        .order_by("deadline", "plan__case__reference", "pk")[: _limit(expanded)]
    )
    return Section(
        "acties", counts["total"], items, counts=counts, expanded=expanded, case_ids=[a.plan.case_id for a in items]
    )


def meetings_this_week(user: User, today: date, *, expanded: bool = False) -> Section:
    """The planned meetings of this week (Monday to Sunday) in the regisseur's running cases, also
    those earlier this week that still wait for their minutes."""
    start, end = week_bounds(today)
    meetings = Meeting.objects.filter(
        case__in=_directed_running_cases(user), starts_at__gte=start, starts_at__lt=end, status=MeetingStatus.PLANNED
    )
    count = meetings.count()
    items = list(
        meetings.select_related("case").only("starts_at", "status", "is_online", "location", "case__reference")
        .order_by("starts_at", "pk")[: _limit(expanded)]
    )  # fmt: skip
    return Section("overleggen", count, items, expanded=expanded, case_ids=[i.case_id for i in items])


def evaluations_due(user: User, today: date, *, expanded: bool = False) -> Section:
    """Latest plans of the regisseur's running cases whose evaluation date is past or near."""
    newer = ProcessPlan.objects.filter(case_id=OuterRef("case_id"), number__gt=OuterRef("number"))
    plans = ProcessPlan.objects.filter(
        case__in=_directed_running_cases(user),
        next_review_on__isnull=False,
        next_review_on__lte=today + timedelta(days=EVALUATION_NEAR_DAYS),
    ).exclude(Exists(newer))
    count = plans.count()
    items = list(
        plans.select_related("case").only("number", "status", "next_review_on", "case__reference")
        .order_by("next_review_on", "case__reference")[: _limit(expanded)]
    )  # fmt: skip
    return Section("evaluaties", count, items, expanded=expanded, case_ids=[i.case_id for i in items])


def plan_agreement_weeks() -> int:
    return settings.PLAN_AGREEMENT_EXPECTED_WEEKS


def cases_without_agreed_plan(user: User, today: date, *, expanded: bool = False) -> Section:
    """The regisseur's running cases that run `PLAN_AGREEMENT_EXPECTED_WEEKS` weeks or more without
    an agreed plan, longest waiting first."""
    cutoff = today - timedelta(weeks=plan_agreement_weeks())
    agreed = ProcessPlan.objects.filter(case_id=OuterRef("pk"), status=PlanStatus.AGREED)
    cases = (
        _directed_running_cases(user)
        .filter(opened_on__lte=cutoff)
        .exclude(programme__phase_flow=PhaseFlow.ADVICE)
        .exclude(Exists(agreed))
    )
    count = cases.count()
    items = list(
        cases.select_related("programme").only("reference", "opened_on", "phase", "programme__code")
        .order_by("opened_on", "reference")[: _limit(expanded)]
    )  # fmt: skip
    return Section("zonder-plan", count, items, expanded=expanded, case_ids=[case.pk for case in items])


# --- Partner professional -----------------------------------------------------------------------


def organisation_actions(user: User, today: date, *, expanded: bool = False) -> Section | None:
    """The open actions of the professional's organisation in the latest plans of the running cases
    where they sit at the table, soonest deadline first (an action of another organisation, or of a
    case they do not sit at, never appears)."""
    if not user.organisation_id:
        return None
    actions = PlanAction.objects.filter(
        plan__case__in=running_cases_visible_to(user),
        owner_organisation_id=user.organisation_id,
        status__in=OPEN_STATUSES,
    ).exclude(_newer_plan())
    counts = actions.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today)))
    items = list(
        actions.select_related("plan__case", "owner_user")
        .only(
            "description", "deadline", "status", "plan__number", "plan__case__reference",
            "owner_user__first_name", "owner_user__last_name", "owner_user__username",
        )
        .order_by("deadline", "plan__case__reference", "pk")[: _limit(expanded)]
    )  # fmt: skip
    return Section(
        "acties", counts["total"], items, counts=counts, expanded=expanded, case_ids=[a.plan.case_id for a in items]
    )


def coming_meetings(user: User, today: date, *, expanded: bool = False) -> Section:
    """Planned meetings from today on in the running cases where the professional sits at the table."""
    meetings = Meeting.objects.filter(
        case__in=running_cases_visible_to(user), starts_at__gte=_start_of(today), status=MeetingStatus.PLANNED
    )
    count = meetings.count()
    items = list(
        meetings.select_related("case").only("starts_at", "status", "is_online", "location", "case__reference")
        .order_by("starts_at", "pk")[: _limit(expanded)]
    )  # fmt: skip
    return Section("overleggen", count, items, expanded=expanded, case_ids=[i.case_id for i in items])


def escalation_decisions(user: User, today: date, *, expanded: bool = False) -> Section:
    """The professional's own escalations with a question of the triage team to answer (first), and
    those decided in the last `DECISIONS_RECENT_DAYS` days. Reference, status and dates only."""
    since = _start_of(today - timedelta(days=DECISIONS_RECENT_DAYS))
    escalations = Escalation.objects.filter(submitted_by=user).filter(
        Q(status=EscalationStatus.NEEDS_INFO) | Q(decided_at__gte=since)
    )
    counts = escalations.aggregate(
        total=Count("pk"), needs_info=Count("pk", filter=Q(status=EscalationStatus.NEEDS_INFO))
    )
    first = DbCase(When(status=EscalationStatus.NEEDS_INFO, then=Value(0)), default=Value(1))
    items = list(
        escalations.annotate(first=first)
        .only("reference", "status", "submitted_at", "decided_at")
        .order_by("first", "-decided_at", "-pk")[: _limit(expanded)]
    )
    return Section("besluiten", counts["total"], items, counts=counts, expanded=expanded)


def plans_awaiting_agreement(user: User, *, expanded: bool = False) -> Section | None:
    """Concept plans the regisseur put before the table whose agreement by the professional's own
    organisation is missing for the concept as it is now, oldest request first."""
    if not user.organisation_id:
        return None
    agreed = PlanAgreement.objects.filter(
        plan_id=OuterRef("pk"), organisation_id=user.organisation_id, plan_version__gte=OuterRef("version")
    )
    plans = ProcessPlan.objects.filter(
        case__in=running_cases_visible_to(user), status=PlanStatus.CONCEPT, agreement_requested_at__isnull=False
    ).exclude(Exists(agreed))
    count = plans.count()
    items = list(
        plans.select_related("case").only("number", "status", "agreement_requested_at", "case__reference")
        .order_by("agreement_requested_at", "pk")[: _limit(expanded)]
    )  # fmt: skip
    return Section("akkoord", count, items, expanded=expanded, case_ids=[i.case_id for i in items])


# --- Both ---------------------------------------------------------------------------------------


def open_reminder_section(user: User) -> Section:
    """The user's open reminders (notifications' own rule: not handled, case still visible, not
    muted, still relevant), earliest date first."""
    reminders = open_reminders(user)
    items = list(reminders[:SHOWN])
    return Section("herinneringen", reminders.count(), items, case_ids=[r.case_id for r in items])
