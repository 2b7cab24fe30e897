"""A generated batch of demo cases per programme (issue 18), so the dashboard's tables show real
figures instead of "< 5" in almost every cell: per programme a fixed number of cases opened over
2025 and 2026, about half of them closed, the others in every running phase.

They are planned like the story cases of seed_demo (a PlannedCase each, made through the real
services by the same code, listed in the manifest with who may see them), only simpler: one
person, one partner at the table, no notes. Deterministic (a seeded random generator, names from
a pool of their own that no story case uses), so a second run finds them all and adds nothing;
their dates are spread like the story's (seed_demo.spread_demo_dates)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from cases.models import PersonRole, Phase
from partners.models import Role

BATCH_FIRST_NAMES = [
    "Anna", "Bart", "Carla", "Dirk", "Elif", "Frank", "Gerda", "Henk", "Inge", "Jeroen",
    "Karim", "Loes", "Maarten", "Nadia", "Olaf", "Priya", "Roos", "Stijn", "Tessa", "Wim",
]  # fmt: skip
BATCH_SUMMARY = (
    "Samenloop van zorg- en veiligheidsproblemen; de partners stemmen hun aanpak af in het Zorg- en Veiligheidshuis."
)
FIRST_DAY = date(2025, 1, 6)  # the batch's first case opens in the first working week of 2025
RUNNING = [Phase.TRIAGE, Phase.ANALYSE, Phase.PLAN, Phase.UITVOERING, Phase.UITVOERING, Phase.EVALUATIE]


def build_programme_batch(per_programme: int, today: date) -> list:
    """`per_programme` cases for each programme of the demo, as seed_demo PlannedCases. Opening
    dates run evenly from FIRST_DAY to three weeks ago, so every year and quarter of the dashboard
    gets its share; cases opened long ago are mostly closed, recent ones mostly running."""
    # import here: seed_demo imports this module, and its plan types and people live there
    from demo.management.commands.seed_demo import LAST_NAMES, PROGRAMME_WEIGHTS, USERS, PlannedCase, PlannedSeat

    rng = random.Random(20260102)  # noqa: S311 - demo data, deterministic on purpose
    regisseurs = [u[0] for u in USERS if u[3] == Role.PROCESREGISSEUR]
    professionals = [(u[0], u[4]) for u in USERS if u[3] == Role.PARTNERPROFESSIONAL]
    names = iter([(first, last) for last in reversed(LAST_NAMES) for first in BATCH_FIRST_NAMES])
    span = max((today - timedelta(days=21) - FIRST_DAY).days, 1)
    programmes = list(PROGRAMME_WEIGHTS)
    batch = []
    for index in range(per_programme * len(programmes)):
        programme = programmes[index % len(programmes)]
        number = index // len(programmes)
        opened_on = FIRST_DAY + timedelta(days=(span * number) // per_programme + rng.randint(0, 6))
        first, last = next(names)
        username, organisation = rng.choice(professionals)
        closed = rng.random() < (0.85 if (today - opened_on).days > 300 else 0.35)
        batch.append(
            PlannedCase(
                programme=programme,
                regisseur=regisseurs[index % len(regisseurs)],
                phase=Phase.AFGESLOTEN if closed else rng.choice(RUNNING),
                ave_path=[rng.choice([1, 2, 2, 3, 3, 3, 4])],
                opened_on=min(opened_on, today - timedelta(days=21)),
                persons=[
                    {
                        "first_name": first,
                        "last_name": last,
                        "role_in_case": PersonRole.MAIN,
                        "date_of_birth": today - timedelta(days=rng.randint(19, 70) * 365 + rng.randint(0, 364)),
                        "city": rng.choice(["'s-Hertogenbosch", "Oss", "Uden", "Boxtel", "Vught", "Cuijk"]),
                    }
                ],
                summary=BATCH_SUMMARY,
                seats=[PlannedSeat(organisation, [username])],
                casusregisseur=organisation,
                notes=[],
            )
        )
    return batch
