"""Reads for the triage table and the triage agenda (issue 16). Which fields a triage-table member
sees is fixed in privacy/policy.py (TRIAGE_TABLE_*); these queries never load more for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case as DbCase
from django.db.models import Count, Prefetch, QuerySet, Value, When
from django.utils import timezone

from privacy import policy

from .models import URGENCY_RANK, Escalation, EscalationPerson, EscalationStatus, TriageAdvice

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class TriageSchedule:
    triage_date: date
    cutoff: datetime  # aware, Europe/Amsterdam


def _cutoff_time() -> time:
    hours, _, minutes = str(settings.TRIAGE_CUTOFF_TIME).partition(":")
    return time(int(hours), int(minutes or 0))


def triage_schedule(now: datetime | None = None) -> TriageSchedule:
    """The coming triage date (today when today is the triage weekday) and its cut-off: the last
    cut-off weekday on or before the triage date, at the cut-off time, in Europe/Amsterdam.
    Escalations received before the cut-off are on that triage's agenda."""
    local = timezone.localtime(now or timezone.now(), AMSTERDAM)
    today = local.date()
    triage_date = today + timedelta(days=(settings.TRIAGE_WEEKDAY - today.weekday()) % 7)
    cutoff_date = triage_date - timedelta(days=(triage_date.weekday() - settings.TRIAGE_CUTOFF_WEEKDAY) % 7)
    cutoff = datetime.combine(cutoff_date, _cutoff_time(), tzinfo=AMSTERDAM)
    return TriageSchedule(triage_date=triage_date, cutoff=cutoff)


def _limited_persons() -> Prefetch:
    return Prefetch(
        "persons",
        queryset=EscalationPerson.objects.only(*policy.TRIAGE_TABLE_PERSON_FIELDS).order_by("pk"),
    )


def _pending_in_triage_order() -> QuerySet[Escalation]:
    """The escalations waiting for triage in the triage queue's order: most urgent, then oldest."""
    rank = DbCase(
        *(When(urgency=urgency, then=Value(position)) for urgency, position in URGENCY_RANK.items()),
        default=Value(len(URGENCY_RANK)),
    )
    return (
        Escalation.objects.filter(status=EscalationStatus.SUBMITTED)
        .annotate(urgency_rank=rank)
        .order_by("urgency_rank", "submitted_at", "pk")
    )


def triage_table_queue() -> QuerySet[Escalation]:
    """The escalations waiting for triage, with only the fields the privacy protocol gives the
    triage table (policy.TRIAGE_TABLE_*)."""
    return (
        _pending_in_triage_order()
        .select_related("referrer_organisation")
        .only(*policy.TRIAGE_TABLE_ESCALATION_FIELDS)
        .prefetch_related(_limited_persons(), *policy.TRIAGE_TABLE_RELATIONS)
    )


def _full_agenda_queue() -> QuerySet[Escalation]:
    """What the procesregisseurs (the triage team, who see escalations in full) print."""
    return (
        _pending_in_triage_order()
        .select_related("referrer_organisation", "suggested_programme", "municipality")
        .prefetch_related("persons", "bottleneck_categories")
    )


def table_escalation(reference: str) -> Escalation | None:
    """One escalation with the triage table's fields only (the status decides the sight)."""
    return (
        Escalation.objects.filter(reference=reference)
        .select_related("referrer_organisation", "case")
        .only(*policy.TRIAGE_TABLE_ESCALATION_FIELDS, "anonymised_at", "case__reference", "case__procesregisseur_id")
        .prefetch_related(_limited_persons(), *policy.TRIAGE_TABLE_RELATIONS)
        .first()
    )


def own_advices(user, escalation_ids) -> dict[int, TriageAdvice]:
    """The user's own advice per escalation (one query)."""
    advices = TriageAdvice.objects.filter(author=user, escalation_id__in=list(escalation_ids))
    return {advice.escalation_id: advice for advice in advices}


def own_advice(user, escalation) -> TriageAdvice | None:
    return TriageAdvice.objects.filter(author=user, escalation=escalation).first()


def advices_for(escalation) -> list[TriageAdvice]:
    """Every advice of the table on one escalation, for the procesregisseurs (triage decide page)."""
    return list(
        TriageAdvice.objects.filter(escalation=escalation)
        .select_related("organisation", "author")
        .order_by("created_at", "pk")
    )


def advice_counts(escalation_ids) -> dict[int, int]:
    """Number of advices per escalation (one query), for the triage queue."""
    rows = (
        TriageAdvice.objects.filter(escalation_id__in=list(escalation_ids))
        .values("escalation_id")
        .annotate(n=Count("pk"))
        .values_list("escalation_id", "n")
    )
    return dict(rows)


def with_advice_counts(escalations: list[Escalation]) -> list[Escalation]:
    """Set `advice_count` on each escalation (one query)."""
    counts = advice_counts(escalation.pk for escalation in escalations)
    for escalation in escalations:
        escalation.advice_count = counts.get(escalation.pk, 0)
    return escalations


@dataclass
class TriageAgenda:
    schedule: TriageSchedule
    on_agenda: list[Escalation]
    after_cutoff: list[Escalation]


def triage_agenda(*, full: bool, now: datetime | None = None) -> TriageAgenda:
    """The agenda of the coming triage: the escalations waiting for triage received before the cut-off (urgent
    first, then oldest first), and those received after it (for the next triage). `full` (the
    procesregisseurs) loads the triage queue's fields; otherwise the triage table's limited ones."""
    schedule = triage_schedule(now)
    queryset = _full_agenda_queue() if full else triage_table_queue()
    escalations = with_advice_counts(list(queryset))
    return TriageAgenda(
        schedule=schedule,
        on_agenda=[e for e in escalations if e.submitted_at < schedule.cutoff],
        after_cutoff=[e for e in escalations if e.submitted_at >= schedule.cutoff],
    )
