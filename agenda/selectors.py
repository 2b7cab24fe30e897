"""Reads of the collaboration agenda. None of them touches case data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch

from partners.models import (
    AgendaAction,
    AgendaActionStatus,
    AgendaPriority,
    CollaborationAgenda,
    PriorityStatus,
    ProgressNote,
)


def agenda_years() -> list[CollaborationAgenda]:
    return list(CollaborationAgenda.objects.annotate(priority_count=Count("priorities")).order_by("-year"))


@dataclass
class FocusArea:
    title: str
    priorities: list


def agenda_overview(agenda: CollaborationAgenda, *, notes_per_priority: int | None = 3) -> dict:
    """The agenda in order, grouped by focus area, with each priority's kartrekkers, actions and
    latest progress notes, and the counts the stuurgroep steers on. A fixed number of queries."""
    priorities = list(
        agenda.priorities.order_by("position").prefetch_related(
            "kartrekkers",
            Prefetch("actions", queryset=AgendaAction.objects.select_related("lead")),
            Prefetch("progress_notes", queryset=ProgressNote.objects.select_related("author")),
        )
    )
    areas: list[FocusArea] = []
    for priority in priorities:
        notes = list(priority.progress_notes.all())
        priority.latest_notes = notes if notes_per_priority is None else notes[:notes_per_priority]
        priority.older_note_count = len(notes) - len(priority.latest_notes)
        priority.action_counts = Counter(action.status for action in priority.actions.all())
        priority.actions_done = priority.action_counts[AgendaActionStatus.DONE]
        priority.actions_total = sum(
            count for status, count in priority.action_counts.items() if status != AgendaActionStatus.CANCELLED
        )
        if not areas or areas[-1].title != priority.focus_area:
            areas.append(FocusArea(priority.focus_area, []))
        areas[-1].priorities.append(priority)
    status_counts = Counter(priority.status for priority in priorities)
    return {
        "areas": areas,
        "priorities": priorities,
        "status_summary": [(status, label, status_counts[status]) for status, label in PriorityStatus.choices],
        "actions_done": sum(p.actions_done for p in priorities),
        "actions_total": sum(p.actions_total for p in priorities),
    }


def priority_detail(agenda: CollaborationAgenda, priority_id: int) -> AgendaPriority:
    return (
        AgendaPriority.objects.select_related("agenda")
        .prefetch_related("kartrekkers")
        .get(agenda=agenda, pk=priority_id)
    )
