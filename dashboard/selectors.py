"""The aggregate reads behind the figure pages: each returns grouped rows (counts, sums,
percentiles per group), never cases, and none loads a case into Python. Their number is fixed
(about a dozen per page) whatever the number of cases.

Only fields that retention (privacy/retention/) keeps are read: programme, phase, AVE levels and
their history, woongemeente, dates (opened/closed, submitted/decided, plan agreed, inclusion
meeting), closure reason, escalation status and bottleneck categories (of escalations and of
bottlenecks registered in cases, with their date and whether they were escalated to management),
survey scores and the birth year. Never a name, an address, a BSN or free text: anonymising a
case does not change a figure.
The indexes these reads use are declared on the cases models (the `programmes_dash_*` ones and
`case_by_id_cover_idx`)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import (
    BigIntegerField,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from cases.models import (
    AveLevelChange,
    BottleneckCategory,
    Case,
    CaseBottleneck,
    Escalation,
    Person,
    PersonRole,
    PlanStatus,
    ProcessPlan,
    ProgrammeChange,
    SurveyInvitation,
)
from partners.models import Organisation, OrganisationKind
from programmes.models import Prognosis, Programme

from .aggregates import Percentile
from .filters import Filters, start_of_day

SCORE_FIELDS = [
    ("overall_score", "Rapportcijfer (1–10)"),
    ("clear_goals", "Doelen helder (1–5)"),
    ("good_collaboration", "Samenwerking (1–5)"),
    ("information_sharing", "Informatiedeling (1–5)"),
    ("added_value", "Meerwaarde ZVH (1–5)"),
]


# Reference data the tables are laid out by --------------------------------------------------


def programmes() -> list[Programme]:
    return list(Programme.objects.all())


def prognoses_of(year: int) -> dict[int, Prognosis]:
    """The prognoses of one year by programme id."""
    return {p.programme_id: p for p in Prognosis.objects.filter(year=year)}


def programme_with_code(code: str) -> Programme | None:
    return Programme.objects.filter(code=code).first()


def municipalities() -> list[Organisation]:
    """The gemeenten of the convenant, by name (the woongemeente filter and table)."""
    return list(Organisation.objects.filter(kind=OrganisationKind.GEMEENTE).order_by("name"))


# The dashboard -------------------------------------------------------------------------------


def running_q(ref: date, prefix: str = "") -> Q:
    """Cases open on the reference date."""
    return Q(**{f"{prefix}opened_on__lte": ref}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": ref})
    )


def case_groups(filters: Filters) -> list[dict]:
    """New, running and closed cases per (programme, municipality): one query."""
    start, end, ref = filters.start, filters.end, filters.reference_date
    return list(
        Case.objects.filter(filters.case_q(), opened_on__lt=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .values("programme_id", "municipality_id")
        .annotate(
            new=Count("pk", filter=Q(opened_on__gte=start)),
            closed=Count("pk", filter=Q(closed_on__gte=start, closed_on__lt=end)),
            running=Count("pk", filter=running_q(ref)),
        )
        .order_by()
    )


def escalation_groups(filters: Filters) -> list[dict]:
    """Escalations submitted in the period per (programme, status); the programme is the case's,
    else the one the referrer suggested (None when neither)."""
    # The case's programme by a look-up per escalation (index-only on case_by_id_cover_idx), not a
    # join that reads every case: the same figures, a fraction of the time at 100,000 cases.
    case_programme = Case.objects.filter(pk=OuterRef("case_id")).order_by().values("programme_id")
    return list(
        Escalation.objects.filter(filters.between("submitted_at", moments=True), filters.escalation_q())
        .annotate(
            programme_key=Coalesce(Subquery(case_programme), "suggested_programme_id", output_field=BigIntegerField())
        )
        .values("programme_key", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _lead_time(queryset, duration) -> dict:
    duration = ExpressionWrapper(duration, output_field=DurationField())
    return queryset.aggregate(n=Count("pk"), p50=Percentile(duration, 0.5), p80=Percentile(duration, 0.8))


def lead_times(filters: Filters) -> list[tuple[str, dict]]:
    """Count, median and 80th percentile of the three lead times of what was completed in the period."""
    triage = _lead_time(
        Escalation.objects.filter(filters.between("decided_at", moments=True), filters.escalation_q()),
        F("decided_at") - F("submitted_at"),
    )
    # In whole local days: the triage date (or the opening date of a case without escalation) to
    # the date the first plan was agreed.
    plans = ProcessPlan.objects.filter(
        filters.between("agreed_at", moments=True), filters.case_q("case__"), number=1, agreed_at__isnull=False
    ).annotate(
        agreed_on=TruncDate("agreed_at"),
        triaged_on=Coalesce(TruncDate("case__escalation__decided_at"), "case__opened_on", output_field=DateField()),
    )
    plan = _lead_time(plans, F("agreed_on") - F("triaged_on"))
    closure = _lead_time(
        Case.objects.filter(filters.between("closed_on"), filters.case_q()), F("closed_on") - F("opened_on")
    )
    return [
        ("Aanmelding → triagebesluit", triage),
        ("Triagebesluit → eerste vastgestelde plan", plan),
        ("Start casus → afsluiting", closure),
    ]


def ave_at_reference(filters: Filters) -> dict[int, int]:
    """Running cases per AVE level on the reference date."""
    ref = filters.reference_date
    level_then = (
        AveLevelChange.objects.filter(case=OuterRef("pk"), changed_at__lt=start_of_day(ref + timedelta(days=1)))
        .order_by("-changed_at", "-pk")
        .values("to_level")[:1]
    )
    # Up to today the level at the reference date is the case's own (the services keep it equal to
    # the last change): no look-up in the history per running case.
    level = F("ave_level") if ref >= timezone.localdate() else Coalesce(Subquery(level_then), "ave_level")
    rows = (
        Case.objects.filter(filters.case_q(), running_q(ref))
        .annotate(level=level)
        .values("level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["level"]: row["n"] for row in rows}


def ave_movements(filters: Filters) -> dict[int, dict]:
    """AVE changes in the period, up and down, per starting level."""
    rows = (
        AveLevelChange.objects.filter(
            filters.between("changed_at", moments=True), filters.case_q("case__"), from_level__isnull=False
        )
        .values("from_level")
        .annotate(
            up=Count("pk", filter=Q(to_level__gt=F("from_level"))),
            down=Count("pk", filter=Q(to_level__lt=F("from_level"))),
        )
        .order_by()
    )
    return {row["from_level"]: row for row in rows}


def survey_groups(filters: Filters) -> dict[int, dict]:
    """Closure-survey invitations, answers and score sums of cases closed in the period, per programme."""
    sums = {f"{name}_sum": Sum(f"response__{name}") for name, _ in SCORE_FIELDS}
    counts = {f"{name}_n": Count(f"response__{name}") for name, _ in SCORE_FIELDS}
    rows = (
        SurveyInvitation.objects.filter(filters.between("case__closed_on"), filters.case_q("case__"))
        .values("case__programme_id")
        .annotate(invited=Count("pk"), answered=Count("response"), **sums, **counts)
        .order_by()
    )
    return {row["case__programme_id"]: row for row in rows}


def bottleneck_groups(filters: Filters) -> tuple[list[BottleneckCategory], dict[int, dict]]:
    """The bottleneck categories, and per category how often escalations named it per quarter of the
    period and in the same period a year earlier."""
    through = Escalation.bottleneck_categories.through
    previous = filters.previous_year()
    columns = {f"q{q}": Count("pk", filter=filters.quarter_q("escalation__submitted_at", q)) for q in filters.quarters}
    rows = (
        through.objects.filter(filters.escalation_q("escalation__"))
        .filter(
            filters.between("escalation__submitted_at", moments=True)
            | previous.between("escalation__submitted_at", moments=True)
        )
        .values("bottleneckcategory_id")
        .annotate(previous=Count("pk", filter=previous.between("escalation__submitted_at", moments=True)), **columns)
        .order_by()
    )
    return list(BottleneckCategory.objects.all()), {row["bottleneckcategory_id"]: row for row in rows}


def case_bottleneck_groups(filters: Filters) -> dict[int, dict]:
    """Per category, how often a bottleneck was registered in a case (of the filtered programme and
    woongemeente) per quarter of the period, how many of the period's were escalated to management,
    and the same period a year earlier. Counts only: never a description."""
    previous = filters.previous_year()
    period = filters.between("registered_at", moments=True)
    columns = {f"q{q}": Count("pk", filter=filters.quarter_q("registered_at", q)) for q in filters.quarters}
    rows = (
        CaseBottleneck.objects.filter(filters.case_q("case__"))
        .filter(period | previous.between("registered_at", moments=True))
        .values("category_id")
        .annotate(
            previous=Count("pk", filter=previous.between("registered_at", moments=True)),
            escalated=Count("pk", filter=period & Q(escalate_to_management=True)),
            **columns,
        )
        .order_by()
    )
    return {row["category_id"]: row for row in rows}


# The Levensloopaanpak key figures (filters.programme is the LLA programme, None when it is missing) --


def _programme_cases(filters: Filters) -> QuerySet[Case]:
    return Case.objects.filter(filters.case_q()) if filters.programme is not None else Case.objects.none()


def inclusions_per_month(filters: Filters) -> dict[int, int]:
    """Cases included in the period per month: the date of the inclusion meeting, else the day the
    case moved into the programme (a programme change, e.g. from COM), else its opening date."""
    moved_in = (
        ProgrammeChange.objects.filter(case=OuterRef("pk"), to_programme=OuterRef("programme_id"))
        .order_by("-changed_at")
        .annotate(day=TruncDate("changed_at"))
        .values("day")[:1]
    )
    included_on = Coalesce(
        "inclusion_decision__inclusion_meeting_date", Subquery(moved_in), "opened_on", output_field=DateField()
    )
    return {
        row["month"].month: row["n"]
        for row in _programme_cases(filters)
        .annotate(included_on=included_on)
        .filter(included_on__gte=filters.start, included_on__lt=filters.end)
        .annotate(month=TruncMonth("included_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }


def running_states(filters: Filters) -> list[dict]:
    """Cases running on the reference date per (AVE level, phase, whether a plan was agreed)."""
    agreed_plan = ProcessPlan.objects.filter(case=OuterRef("pk"), status=PlanStatus.AGREED)
    return list(
        _programme_cases(filters)
        .filter(running_q(filters.reference_date))
        .annotate(agreed=Exists(agreed_plan))
        .values("ave_level", "phase", "agreed")
        .annotate(n=Count("pk"))
        .order_by()
    )


def main_person_birth_years(filters: Filters) -> list[dict]:
    """Main persons of the cases running on the reference date per year of birth (only the year)."""
    running = _programme_cases(filters).filter(running_q(filters.reference_date))
    return list(
        Person.objects.filter(case__in=running, role_in_case=PersonRole.MAIN, date_of_birth__isnull=False)
        .values("date_of_birth__year")
        .annotate(n=Count("pk"))
        .order_by()
    )


def closures_by_reason(filters: Filters) -> dict[str, int]:
    """Cases closed in the period per closure reason."""
    return {
        row["closure_reason"]: row["n"]
        for row in _programme_cases(filters)
        .filter(filters.between("closed_on"))
        .values("closure_reason")
        .annotate(n=Count("pk"))
        .order_by()
    }
