"""One date story per demo case (issue 18): after seed_demo has spread the dates of the case's
rows (seats, plans, closure: spread_demo_dates), the timeline entries and the audit records
follow them, so a partner seated in June 2025 is "aan tafel" in the timeline in June 2025, a
plan agreed in June 2025 is agreed there in June 2025, and the casusoverleg where it was agreed
took place that day.

Demo only: real events keep the time they happened. Idempotent: every value is computed from the
rows' own (already spread) dates, so a second run writes the same values. Rows are updated with
QuerySet.update, so the correction itself leaves no audit records."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cases.models import (
    AveLevelChange,
    Case,
    Meeting,
    MeetingStatus,
    Participant,
    ParticipantProfessional,
    Person,
    Phase,
    ProcessPlan,
    TimelineEntry,
    TimelineKind,
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d-%m-%Y %H:%M}"  # as cases/services/plan.py writes it


def align_story_dates(references: list[str]) -> int:
    """Align the timelines and audit records of the demo cases `references`; returns how many
    timeline entries were given another time."""
    moved = 0
    cases = Case.objects.filter(reference__in=references).select_related("programme")
    for case in cases:
        moved += _align_case(case)
    return moved


def _align_case(case: Case) -> int:
    end = at(case.closed_on, 16) if case.closed_on else timezone.now()
    anchors: dict[int, datetime] = {}  # timeline entry pk -> the time its event happened
    entries = list(case.timeline.order_by("pk"))
    by_text: dict[str, list[TimelineEntry]] = {}
    for entry in entries:
        by_text.setdefault(entry.text, []).append(entry)

    def anchor(text: str, moment: datetime, *, prefix: bool = False) -> None:
        """The first entry with this text that has no time yet: an organisation seated twice (a
        reopened case) has two entries, paired in order with its two seats."""
        matching = [e for e in entries if e.text.startswith(text)] if prefix else by_text.get(text, [])
        entry = next((e for e in matching if e.pk not in anchors), None)
        if entry is not None:
            anchors[entry.pk] = moment

    for entry in entries:
        if entry.kind == TimelineKind.CREATED:
            anchors[entry.pk] = at(case.opened_on, 9)
            break
    for participant in Participant.objects.filter(case=case).select_related("organisation").order_by("pk"):
        anchor(f"{participant.organisation} aan tafel.", at(participant.joined_on, 9, 30))
        if participant.left_on:
            anchor(f"{participant.organisation} vertrokken van tafel.", at(participant.left_on, 15))
        for seat in (
            ParticipantProfessional.objects.filter(participant=participant).select_related("user").order_by("pk")
        ):
            anchor(f"{seat.user} ({participant.organisation}) aan tafel.", at(seat.joined_on, 9, 35))
            if seat.left_on and not case.closed_on:
                anchor(f"{seat.user} ({participant.organisation}) vertrokken van tafel.", at(seat.left_on, 15))
    for plan in ProcessPlan.objects.filter(case=case).order_by("number"):
        anchor(f"Plan van aanpak versie {plan.number} gestart (concept).", plan.created_at)
        if plan.agreed_at:
            # "… vastgesteld. Nog geen akkoord van: …" when a partner had not agreed yet
            anchor(f"Plan van aanpak versie {plan.number} vastgesteld.", plan.agreed_at, prefix=True)
            if plan.number == 1:
                _meeting_on_agreement_day(case, plan, by_text, anchors)
                into_execution = f"Fase van ‘{Phase.PLAN.label}’ naar ‘{Phase.UITVOERING.label}’."
                anchor(into_execution, plan.agreed_at + timedelta(hours=1))
    if case.closed_on:
        for entry in entries:
            if entry.kind != TimelineKind.PHASE:
                continue
            if entry.text.startswith("Evaluatie"):
                anchors[entry.pk] = end - timedelta(minutes=30)
            elif entry.text.endswith(f"‘{Phase.AFGESLOTEN.label}’."):
                anchors[entry.pk] = end
    moved = 0
    for entry, moment in zip(entries, _story_times(entries, anchors, end), strict=True):
        if moment != entry.created_at:
            TimelineEntry.objects.filter(pk=entry.pk).update(created_at=moment)
            entry.created_at = moment
            moved += 1
    # The AVE history carries the time of its timeline entries (as seed_demo set it before).
    ave_times = [e.created_at for e in entries if e.kind == TimelineKind.AVE]  # both in the order written
    changes = AveLevelChange.objects.filter(case=case, from_level__isnull=False).order_by("changed_at", "pk")
    for change, moment in zip(changes, ave_times, strict=False):
        if change.changed_at != moment:
            AveLevelChange.objects.filter(pk=change.pk).update(changed_at=moment)
    _align_audit_records(case, entries, end)
    Case.objects.filter(pk=case.pk).update(updated_at=max(e.created_at for e in entries) if entries else end)
    return moved


def _story_times(entries: list[TimelineEntry], anchors: dict[int, datetime], end: datetime) -> list[datetime]:
    """The time of every entry (in the order written): an anchored entry its event's time; the
    entries written between two anchored ones (phase changes, notes, AVE changes) keep their spread
    time when it lies between those two, else the run is spread evenly between them, so the story
    keeps its order (triage before the plan, the plan before its execution)."""
    times = [anchors.get(entry.pk) for entry in entries]
    index = 0
    while index < len(entries):
        if times[index] is not None:
            index += 1
            continue
        run_end = index
        while run_end < len(entries) and times[run_end] is None:
            run_end += 1
        low = times[index - 1] if index > 0 else None
        high = times[run_end] if run_end < len(entries) else end
        run = entries[index:run_end]
        inside = all((low is None or e.created_at > low) and e.created_at < high for e in run)
        for k, entry in enumerate(run):
            if inside:
                times[index + k] = entry.created_at
            elif low is None:
                times[index + k] = high - timedelta(minutes=5 * (len(run) - k))
            elif high <= low:
                times[index + k] = low + timedelta(minutes=5 * (k + 1))
            else:
                times[index + k] = low + (high - low) * (k + 1) / (len(run) + 1)
        index = run_end
    return times


def _meeting_on_agreement_day(case, plan, by_text, anchors) -> None:
    """The held casusoverleg where plan version 1 was agreed (seed_demo._plan_and_meeting) took
    place on the agreement day, not ten days before the seeding; its timeline entry says so."""
    meeting = (
        Meeting.objects.filter(case=case, status=MeetingStatus.HELD, decisions__isnull=False)
        .order_by("pk")
        .distinct()
        .first()
    )
    if meeting is None:
        return
    held_at = at(timezone.localdate(plan.agreed_at), 10)
    if meeting.starts_at != held_at:
        old_text = f"Casusoverleg gepland op {_when(meeting.starts_at)}."
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=held_at)
        TimelineEntry.objects.filter(case=case, text=old_text).update(text=f"Casusoverleg gepland op {_when(held_at)}.")
        for entry in by_text.pop(old_text, []):
            entry.text = f"Casusoverleg gepland op {_when(held_at)}."
            by_text.setdefault(entry.text, []).append(entry)
    for entry in by_text.get(f"Casusoverleg gepland op {_when(held_at)}.", []):
        anchors.setdefault(entry.pk, held_at - timedelta(days=14))


# The rows of a case that django-auditlog records (cases/auditlog_registry.py), by their case.
AUDITED = [
    (Case, "pk"),
    (Person, "case"),
    (Participant, "case"),
    (ParticipantProfessional, "participant__case"),
    (AveLevelChange, "case"),
    (TimelineEntry, "case"),
    (ProcessPlan, "case"),
    (Meeting, "case"),
]


def _align_audit_records(case: Case, entries: list[TimelineEntry], end: datetime) -> None:
    """Every audit record of the case's rows gets the time of the story event it was written
    with: the records come in the order the services wrote them, and each timeline entry's own
    'created' record marks where its event begins."""
    timeline_type = ContentType.objects.get_for_model(TimelineEntry)
    times = {str(e.pk): e.created_at for e in entries}
    records = LogEntry.objects.none()
    for model, lookup in AUDITED:
        pks = [str(pk) for pk in model.objects.filter(**{lookup: case.pk}).values_list("pk", flat=True)]
        records |= LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_pk__in=pks)
    current = at(case.opened_on, 9)
    for record in records.order_by("pk").only("pk", "content_type_id", "object_pk", "action", "timestamp"):
        if record.content_type_id == timeline_type.pk and record.action == LogEntry.Action.CREATE:
            current = times.get(record.object_pk, current)
        moment = min(current, end)
        if record.timestamp != moment:
            LogEntry.objects.filter(pk=record.pk).update(timestamp=moment)
