"""Read-side queries for case screens. Every query starts from `privacy.policy.cases_visible_to`."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from partners.models import User
from privacy.policy import cases_visible_to

from .models import Case, Participant, ParticipantProfessional, Person, Phase

SORT_OPTIONS = {
    "-opened_on": ("Nieuwste eerst", ["-opened_on", "-reference"]),
    "opened_on": ("Oudste eerst", ["opened_on", "reference"]),
    "-ave_level": ("Hoogste AVE-niveau eerst", ["-ave_level", "-opened_on", "-reference"]),
    "reference": ("Kenmerk", ["reference"]),
    "phase": ("Fase", ["phase", "-opened_on", "-reference"]),
}


def case_list(
    *,
    user: User,
    query: str = "",
    programme: str = "",
    phase: str = "",
    ave_level: int | None = None,
    sort: str = "-opened_on",
) -> QuerySet[Case]:
    cases = cases_visible_to(user).select_related("programme", "procesregisseur", "casusregisseur")
    if programme:
        cases = cases.filter(programme__code=programme)
    if phase:
        cases = cases.filter(phase=phase)
    if ave_level:
        cases = cases.filter(ave_level=ave_level)
    query = query.strip()
    if query:
        name_match = Person.objects.filter(case=OuterRef("pk"))
        for word in query.split()[:5]:
            name_match = name_match.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(name_prefix__iexact=word)
            )
        cases = cases.filter(Q(reference__icontains=query) | Exists(name_match))
    ordering = SORT_OPTIONS.get(sort, SORT_OPTIONS["-opened_on"])[1]
    return cases.order_by(*ordering).prefetch_related(
        Prefetch("persons", queryset=Person.objects.order_by("created_at", "pk"))
    )


def case_detail_context(case: Case) -> dict:
    """Everything the case page shows, in a fixed number of queries."""
    participants = (
        Participant.objects.filter(case=case)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "professionals",
                queryset=ParticipantProfessional.objects.select_related("user").order_by(
                    F("left_on").asc(nulls_first=True), "joined_on"
                ),
            )
        )
        .order_by(F("left_on").asc(nulls_first=True), "joined_on", "organisation__name")
    )
    return {
        "phase_steps": phase_steps(case),
        "persons": list(case.persons.all()),
        "participants": list(participants),
        "ave_history": list(case.ave_history.select_related("changed_by")),
        "timeline": list(case.timeline.select_related("author", "author__organisation")[:200]),
    }


def phase_steps(case: Case) -> list[dict]:
    """The phases in order, each marked done / current / todo for the stepper on the case page."""
    current = Phase.values.index(case.phase)
    return [
        {"key": key, "label": label, "state": "done" if i < current else "current" if i == current else "todo"}
        for i, (key, label) in enumerate(Phase.choices)
    ]


def seatable_professionals() -> QuerySet[User]:
    return (
        User.objects.filter(role="partnerprofessional", is_active=True, organisation__isnull=False)
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name")
    )


def active_seat_count(user: User) -> int:
    return ParticipantProfessional.objects.filter(
        user=user, left_on__isnull=True, participant__left_on__isnull=True
    ).count()
