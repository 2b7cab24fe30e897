"""Checks of the demo's one story (issue 18), run on the seeding of tests/demo/test_seed_demo.py
(one seeding for every property: it is the slow part): dates that agree with each other, and
enough cases per programme for the dashboard to show figures instead of "< 5"."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cases.models import Case, Meeting, MeetingStatus, Participant, ProcessPlan, TimelineEntry
from dashboard.dashboard import build_dashboard
from dashboard.filters import Filters


def check_dashboard_shows_real_figures_per_programme():
    """This year and last year, the intake table per programme shows counts of 5 or more."""
    today = timezone.localdate()
    for year in (today.year - 1, today.year):
        intake = next(t for t in build_dashboard(Filters(year=year)).tables if t.key == "instroom")
        rows = [row for row in intake.rows if not row.is_total and row.label != "Zonder programma"]
        new_cases = {row.label: row.cells[1] for row in rows}
        shown = [label for label, cell in new_cases.items() if not cell.hidden]
        assert len(shown) >= 5, (year, {label: cell.display() for label, cell in new_cases.items()})
        if year == today.year:  # cases run for months: last year's closures are mostly this year's
            closed = [row.label for row in rows if not row.cells[5].hidden]
            assert len(closed) >= 3, (year, [(row.label, row.cells[5].display()) for row in rows])


def check_timeline_and_audit_follow_the_demo_dates():
    """A partner seated on a day is 'aan tafel' in the timeline that day; plan version 1 agreed on
    a day is 'vastgesteld' that day, in the casusoverleg of that day; the case's audit records lie
    within its life, not on the seeding day."""
    local = timezone.localdate
    agreed = ProcessPlan.objects.filter(number=1, agreed_at__isnull=False).select_related("case")
    assert agreed.count() >= 10
    for plan in agreed:
        entry = TimelineEntry.objects.get(case=plan.case, text__startswith="Plan van aanpak versie 1 vastgesteld.")
        assert local(entry.created_at) == local(plan.agreed_at), plan.case.reference
        held = Meeting.objects.filter(case=plan.case, status=MeetingStatus.HELD, decisions__isnull=False).first()
        assert held is None or local(held.starts_at) == local(plan.agreed_at), plan.case.reference
    old = Participant.objects.filter(case__opened_on__lt=local() - timezone.timedelta(days=60))
    checked = 0
    for participant in old.select_related("organisation", "case"):
        text = f"{participant.organisation} aan tafel."
        days = {
            local(at)
            for at in TimelineEntry.objects.filter(case=participant.case, text=text).values_list(
                "created_at", flat=True
            )
        }
        if days:  # an organisation seated twice (a reopened case) has two entries
            assert participant.joined_on in days, participant.case.reference
            checked += 1
    assert checked >= 20
    case_type = ContentType.objects.get_for_model(Case)
    for case in Case.objects.filter(closed_on__isnull=False, closed_on__lt=local() - timezone.timedelta(days=30)):
        stamps = LogEntry.objects.filter(content_type=case_type, object_pk=str(case.pk)).values_list(
            "timestamp", flat=True
        )
        assert stamps and all(case.opened_on <= local(s) <= case.closed_on for s in stamps), case.reference
