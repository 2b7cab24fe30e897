"""Every state change of the cases app, one module per concern: `case` (the case core) and
`escalation` (aanmeldingen and triage). Import from here: `from cases import services`."""

from .case import (
    CaseServiceError,
    ConcurrentEdit,
    PersonData,
    add_note,
    add_person,
    change_ave_level,
    change_phase,
    next_reference,
    register_case,
    seat_partner,
    unseat_partner,
    unseat_professional,
    update_case_details,
    update_person,
)
from .escalation import EscalationData, decide_escalation, submit_escalation

__all__ = [
    "CaseServiceError",
    "ConcurrentEdit",
    "EscalationData",
    "PersonData",
    "add_note",
    "add_person",
    "change_ave_level",
    "change_phase",
    "decide_escalation",
    "next_reference",
    "register_case",
    "seat_partner",
    "submit_escalation",
    "unseat_partner",
    "unseat_professional",
    "update_case_details",
    "update_person",
]
