"""Demo data for issue 16's "aanvulling nodig" and withdrawal, made through the real services:
one escalation by gemeente2 waiting for the answer to a question of regisseur1 (log in as
gemeente2 and answer it under "Mijn aanmeldingen"), and one by veiligthuis1 that its referrer
withdrew (the triage team sees it under "Recent beoordeeld"). Idempotent by submission key."""

from __future__ import annotations

import uuid

from django.db import transaction

from cases import services
from cases.models import BottleneckCategory, Escalation, EscalationStatus
from partners.models import User

NAMESPACE = uuid.UUID("6f1c2a9e-4b7d-4c1e-9a55-1d6a0c3e8b21")
WAITING_KEY = uuid.uuid5(NAMESPACE, "wacht-op-aanvulling")
WITHDRAWN_KEY = uuid.uuid5(NAMESPACE, "ingetrokken")
QUESTION = (
    "Welke hulpverlening is er op dit moment bij het gezin, en is de school van de jongste op de "
    "hoogte? Dan kunnen we in de triage beoordelen wie aan tafel moet."
)
WITHDRAWAL_REASON = "Het wijkteam heeft met de huisarts een plan gemaakt; opschaling is niet meer nodig."


def _submit(referrer: User, key: uuid.UUID, person: tuple[str, str], reason: str) -> Escalation:
    existing = Escalation.objects.filter(submission_key=key).first()
    if existing is not None:
        return existing
    first_name, last_name = person
    return services.submit_escalation(
        submitted_by=referrer,
        submission_key=key,
        persons=[services.PersonData(first_name=first_name, last_name=last_name, role_in_case="hoofdpersoon")],
        data=services.EscalationData(
            reason=reason,
            bottleneck_categories=list(BottleneckCategory.objects.filter(is_active=True)[:1]),
            bottleneck_text="Er zijn meerdere partners betrokken, maar niemand heeft het overzicht.",
            ave_level=2,
            urgency="normaal",
            goal="Duidelijk krijgen of een gezamenlijke aanpak nodig is.",
            person_informed=True,
            contact_name=referrer.get_full_name(),
            contact_phone="073 000 00 00",
            contact_email=referrer.email,
        ),
    )


def seed_escalation_completion(users: dict[str, User]) -> None:
    with transaction.atomic():
        waiting = _submit(
            users["gemeente2"], WAITING_KEY, ("Ilona", "Verbeek"),
            "Zorgen over een moeder met drie kinderen: schulden, huiselijke spanningen en schooluitval.",
        )  # fmt: skip
        if waiting.status == EscalationStatus.SUBMITTED and not waiting.questions.exists():
            services.decide_escalation(
                escalation=waiting,
                actor=users["regisseur1"],
                outcome=EscalationStatus.NEEDS_INFO,
                feedback="",
                info_question=QUESTION,
                expected_version=waiting.version,
            )
        withdrawn = _submit(
            users["veiligthuis1"], WITHDRAWN_KEY, ("Gerard", "Smulders"),
            "Oplopende ruzies tussen buren, met bedreigingen over en weer.",
        )  # fmt: skip
        if withdrawn.is_open:
            services.withdraw_escalation(
                escalation=withdrawn,
                actor=users["veiligthuis1"],
                reason=WITHDRAWAL_REASON,
                expected_version=withdrawn.version,
            )
