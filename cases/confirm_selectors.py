"""Reads of the confirmation pages: who is at the table now, i.e. who loses access."""

from django.db.models import Prefetch

from cases.models import Case, Participant, ParticipantProfessional


def seated_now(case: Case) -> list[Participant]:
    """The organisations at the table now, each with `seated` (its professionals at the table)."""
    seats = ParticipantProfessional.objects.filter(left_on__isnull=True).select_related("user").order_by("pk")
    return list(
        case.participants.filter(left_on__isnull=True)
        .select_related("organisation")
        .prefetch_related(Prefetch("professionals", queryset=seats, to_attr="seated"))
        .order_by("organisation__name")
    )
