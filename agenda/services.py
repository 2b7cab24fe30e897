"""Every change of the collaboration agenda (samenwerkingsagenda, seed 003) happens here.

Rules:
- The bureau (manager, procesregisseurs: `policy.may_manage_agenda`) creates a year's agenda,
  orders its priorities, names their kartrekkers and maintains their actions.
- A progress note (with the priority's status after it) is written by the bureau or by a
  professional of a kartrekker organisation (`policy.may_report_agenda_progress`). Notes are
  append-only; a submission key makes a double submit add one note.
- Priorities of an agenda are numbered 1..n without gaps: moving one renumbers the rest, under a
  lock on the agenda row so two concurrent moves cannot produce the same number.
- Concurrency: every edit carries the version its form was rendered with (`ConcurrentEdit`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction

from partners.models import (
    AgendaAction,
    AgendaActionStatus,
    AgendaPriority,
    AgendaStatus,
    CollaborationAgenda,
    Organisation,
    PriorityStatus,
    ProgressNote,
    User,
)
from privacy import policy
from zvh.errors import ConcurrentEdit, ServiceError, lock_versioned, refuse_duplicate, require_role

NOT_MANAGER = "Alleen het ondersteunend bureau (manager en procesregisseurs) beheert de samenwerkingsagenda."


@transaction.atomic
def create_agenda(*, actor: User, year: int, title: str = "", introduction: str = "") -> CollaborationAgenda:
    require_role(policy.may_manage_agenda(actor), NOT_MANAGER)
    if CollaborationAgenda.objects.filter(year=year).exists():
        raise ServiceError(f"Er is al een samenwerkingsagenda voor {year}.", field="year")
    try:
        with transaction.atomic():
            return CollaborationAgenda.objects.create(
                year=year, title=title.strip() or f"Samenwerkingsagenda {year}", introduction=introduction.strip()
            )
    except IntegrityError:  # a concurrent submit created it first
        raise ServiceError(f"Er is al een samenwerkingsagenda voor {year}.", field="year") from None


@transaction.atomic
def update_agenda(
    *,
    actor: User,
    agenda: CollaborationAgenda,
    expected_version: int,
    title: str,
    introduction: str,
    status: str,
    adopted_on: date | None,
) -> CollaborationAgenda:
    require_role(policy.may_manage_agenda(actor), NOT_MANAGER)
    if not title.strip():
        raise ServiceError("Vul een titel in.", field="title")
    if status not in AgendaStatus.values:
        raise ServiceError("Kies een status.", field="status")
    if status == AgendaStatus.ADOPTED and adopted_on is None:
        raise ServiceError("Vul in wanneer de stuurgroep de agenda heeft vastgesteld.", field="adopted_on")
    agenda = lock_versioned(CollaborationAgenda, agenda.pk, expected_version, "Deze agenda")
    agenda.title = title.strip()
    agenda.introduction = introduction.strip()
    agenda.status = status
    agenda.adopted_on = adopted_on if status == AgendaStatus.ADOPTED else None
    agenda.save()
    return agenda


@dataclass(frozen=True)
class PriorityData:
    focus_area: str
    title: str
    description: str = ""
    position: int | None = None  # None: at the end
    kartrekkers: list[Organisation] = field(default_factory=list)
    kartrekker_note: str = ""


def _renumber(agenda: CollaborationAgenda, moved: AgendaPriority, position: int | None) -> None:
    """Place `moved` at `position` (1-based, clamped) and number the others 1..n around it."""
    others = list(agenda.priorities.exclude(pk=moved.pk).order_by("position", "pk"))
    index = len(others) if position is None else max(0, min(position - 1, len(others)))
    others.insert(index, moved)
    for number, priority in enumerate(others, start=1):
        if priority.position != number:
            priority.position = number
            priority.save(update_fields=["position"])  # the unique constraint is deferred to commit


@transaction.atomic
def save_priority(
    *,
    actor: User,
    agenda: CollaborationAgenda,
    data: PriorityData,
    priority: AgendaPriority | None = None,
    expected_version: int | None = None,
) -> AgendaPriority:
    """Add a priority (at the end unless a position is given) or change one, its order included."""
    require_role(policy.may_manage_agenda(actor), NOT_MANAGER)
    agenda = CollaborationAgenda.objects.select_for_update().get(pk=agenda.pk)
    title = data.title.strip()
    if not title:
        raise ServiceError("Vul een titel in.", field="title")
    if not data.focus_area.strip():
        raise ServiceError("Vul het aandachtsgebied in.", field="focus_area")
    duplicate = "Deze agenda heeft al een prioriteit met deze titel."
    refuse_duplicate(agenda.priorities.filter(title__iexact=title), priority, duplicate, "title")
    if priority is None:
        priority = AgendaPriority(agenda=agenda, position=agenda.priorities.count() + 1, version=1)
    else:
        priority = lock_versioned(AgendaPriority, priority.pk, expected_version, "Deze prioriteit")
    priority.focus_area = data.focus_area.strip()
    priority.title = title
    priority.description = data.description.strip()
    priority.kartrekker_note = data.kartrekker_note.strip()
    priority.save()
    priority.kartrekkers.set(data.kartrekkers)
    _renumber(agenda, priority, data.position)
    priority.refresh_from_db(fields=["position"])
    return priority


@dataclass(frozen=True)
class ActionData:
    description: str
    lead: Organisation | None = None
    due_on: date | None = None
    status: str = AgendaActionStatus.OPEN


@transaction.atomic
def save_action(
    *,
    actor: User,
    priority: AgendaPriority,
    data: ActionData,
    action: AgendaAction | None = None,
    expected_version: int | None = None,
) -> AgendaAction:
    require_role(policy.may_manage_agenda(actor), NOT_MANAGER)
    description = data.description.strip()
    if not description:
        raise ServiceError("Beschrijf de actie.", field="description")
    if data.status not in AgendaActionStatus.values:
        raise ServiceError("Kies een status.", field="status")
    duplicate = "Deze prioriteit heeft al een actie met deze omschrijving."
    refuse_duplicate(priority.actions.filter(description__iexact=description), action, duplicate, "description")
    if action is None:
        last = priority.actions.order_by("-sort_order").values_list("sort_order", flat=True).first()
        action = AgendaAction(priority=priority, sort_order=(last or 0) + 1, version=1)
    else:
        action = lock_versioned(AgendaAction, action.pk, expected_version, "Deze actie")
    action.description = description
    action.lead = data.lead
    action.due_on = data.due_on
    action.status = data.status
    try:
        with transaction.atomic():
            action.save()
    except IntegrityError:  # the same action added twice at once
        raise ServiceError(duplicate, field="description") from None
    return action


@transaction.atomic
def add_progress_note(
    *,
    actor: User,
    priority: AgendaPriority,
    text: str,
    status: str,
    expected_version: int,
    submission_key: uuid.UUID | None = None,
) -> ProgressNote:
    """Report progress on a priority and set its status. Refused when the priority changed since
    the form was rendered (someone else reported or edited it): the reporter sees the latest state
    first. A resubmitted form (same submission key) returns the note it already made."""
    require_role(
        policy.may_report_agenda_progress(actor, priority),
        "Alleen het bureau en de kartrekkers van deze prioriteit rapporteren de voortgang.",
    )
    if submission_key is not None:
        existing = ProgressNote.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    if not text.strip():
        raise ServiceError("Beschrijf de voortgang.", field="text")
    if status not in PriorityStatus.values:
        raise ServiceError("Kies de status van de prioriteit.", field="status")
    try:
        locked = lock_versioned(AgendaPriority, priority.pk, expected_version, "Deze prioriteit")
    except ConcurrentEdit:
        if submission_key is not None and ProgressNote.objects.filter(submission_key=submission_key).exists():
            return ProgressNote.objects.get(submission_key=submission_key)  # the double submit won the lock
        raise
    locked.status = status
    locked.save(update_fields=["status", "version"])
    organisation = actor.organisation
    return ProgressNote.objects.create(
        priority=locked,
        text=text.strip(),
        status=status,
        author=actor,
        author_organisation=str(organisation) if organisation else "",
        submission_key=submission_key,
    )
