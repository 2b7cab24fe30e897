"""Demo data for the triage's duplicate check (issue 16): two pending escalations about persons the
system already knows — one in a running demo case, one in a closed case whose data retention has
not destroyed yet — and one escalation the triage team added to the running case it was about
(outcome "toegevoegd aan een bestaande casus").

The added one is chosen so that it changes neither the seeding plan's "who sees what" nor its list
of persons: its referrer already sits at that case's table and its person is already in the case
(so adding seats no one and adds no Person row; the case gets the timeline entry). Made through
the real services; idempotent (fixed submission keys; a decided escalation is left as it is)."""

from __future__ import annotations

import uuid

from django.db import transaction

from cases import services
from cases.models import Case, Escalation, ParticipantProfessional, Phase
from partners.models import Role

KEYS = {name: uuid.uuid5(uuid.NAMESPACE_URL, f"zvh-demo-duplicate-{name}") for name in ("open", "closed", "added")}


def seed_duplicates() -> dict[str, str]:
    """Returns {"open"|"closed"|"added": escalation reference} of what exists afterwards."""
    made = {}
    with transaction.atomic():
        running = _cases(closed=False)
        closed = _cases(closed=True)
        if running:
            case, seat = running[0]
            made["open"] = _submit("open", seat.user, case).reference
        if closed:
            case, seat = closed[0]
            made["closed"] = _submit("closed", seat.user, case).reference
        if len(running) > 1:
            case, seat = running[1]
            escalation = _submit("added", seat.user, case)
            if escalation.is_pending:
                escalation = services.add_escalation_to_case(
                    escalation=escalation,
                    actor=case.procesregisseur,
                    case=case,
                    feedback="Deze aanmelding gaat over een gezin dat al in een lopende casus zit; "
                    "wij hebben haar aan die casus toegevoegd.",
                    expected_version=escalation.version,
                )
            made["added"] = escalation.reference
    return made


def _cases(*, closed: bool) -> list[tuple[Case, ParticipantProfessional]]:
    """Demo cases with a person who has a birth date, each with a partner professional who sits (or,
    for a closed case, sat) at its table: the referrer of the demo escalation about it."""
    cases = Case.objects.filter(anonymised_at__isnull=True, procesregisseur__is_active=True)
    cases = cases.filter(phase=Phase.AFGESLOTEN) if closed else cases.exclude(phase=Phase.AFGESLOTEN)
    found = []
    for case in cases.select_related("procesregisseur").order_by("reference"):
        if not case.persons.filter(date_of_birth__isnull=False).exists():
            continue
        seats = ParticipantProfessional.objects.filter(
            participant__case=case, user__is_active=True, user__role=Role.PARTNERPROFESSIONAL
        ).select_related("user")
        if not closed:  # adding must seat no one new: the referrer is at the table now
            seats = seats.filter(left_on__isnull=True, participant__left_on__isnull=True)
        seat = seats.order_by("user__username").first()
        if seat is not None:
            found.append((case, seat))
        if len(found) == 2:
            break
    return found


def _submit(name: str, referrer, case: Case) -> Escalation:
    known = case.persons.filter(date_of_birth__isnull=False).order_by("pk").first()
    person = services.PersonData(
        first_name=known.first_name,
        name_prefix=known.name_prefix,
        last_name=known.last_name,
        date_of_birth=known.date_of_birth,
        role_in_case=known.role_in_case,
        city=known.city,
    )
    return services.submit_escalation(
        submitted_by=referrer,
        submission_key=KEYS[name],
        persons=[person],
        data=services.EscalationData(
            reason="Opnieuw zorgen over veiligheid thuis; wij weten niet of er al een casus loopt.",
            bottleneck_text="Onduidelijk wie de regie heeft.",
            ave_level=3,
            urgency="normaal",
            goal="Weten of dit gezin al bij het Zorg- en Veiligheidshuis bekend is.",
            person_informed=True,
            contact_name=referrer.get_full_name(),
            contact_phone="073 000 00 00",
            contact_email=referrer.email,
        ),
    )
