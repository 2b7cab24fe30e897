"""Demo data for the team features of issue 15, made through the real services: a handover (one
running case of regisseur3 goes to regisseur2; planned in seed_demo's build_plan, done in its
_case), a deputy (regisseur3 is on leave for two weeks from the seeding day; regisseur1 directs
their running cases meanwhile) and a restricted note by GGZ in a running case where GGZ sits at
the table. Idempotent: what exists is left alone."""

from __future__ import annotations

from datetime import date, timedelta

from cases import services
from cases.models import Case, Deputyship, Phase, TimelineEntry
from cases.services.handover import set_deputy
from partners.models import User

HANDOVER = ("regisseur3", "regisseur2")
HANDOVER_REASON = "Werkverdeling: Ilse Verhoeven neemt deze maand de triage over; Youssef Bakker kent het gezin."
ABSENCE = ("regisseur3", "regisseur1")  # (away, deputy)
ABSENCE_DAYS = 14
RESTRICTED_AUTHOR = "ggz1"
RESTRICTED_TEXT = (
    "Medicatie aangepast na een crisisopname. De psychiater adviseert geen confrontatie in het "
    "casusoverleg; bespreek de planning eerst met GGZ."
)


def deputies_of(regisseur: str) -> set[str]:
    """Who, in the demo, deputises for `regisseur` on the seeding day (for the manifest's visible_to)."""
    return {ABSENCE[1]} if regisseur == ABSENCE[0] else set()


def seed_team(users: dict[str, User], today: date) -> None:
    away, deputy = users[ABSENCE[0]], users[ABSENCE[1]]
    if not Deputyship.objects.filter(regisseur=away).exists():
        set_deputy(
            actor=users["manager"],
            regisseur=away,
            deputy=deputy,
            starts_on=today,
            ends_on=today + timedelta(days=ABSENCE_DAYS),
            reason="Verlof",
        )
    author = users[RESTRICTED_AUTHOR]
    if TimelineEntry.objects.filter(author=author, restricted=True).exists():
        return
    case = (
        Case.objects.exclude(phase=Phase.AFGESLOTEN)
        .filter(participants__professionals__user=author, participants__professionals__left_on__isnull=True,
                participants__left_on__isnull=True)
        .order_by("reference")
        .first()
    )  # fmt: skip
    if case is not None:
        services.add_note(case=case, author=author, text=RESTRICTED_TEXT, restricted=True)
