"""Demo data for the triage table of issue 16, made through the real services: Politie, Openbaar
Ministerie and Reclassering Nederland join the triage; politie2, om1 and reclassering2 are named as
its members; politie2 has given an advice on the oldest pending escalation. Idempotent."""

from __future__ import annotations

from cases.models import Escalation, EscalationStatus, TriageAdvice
from cases.services.triage_table import save_triage_advice, set_triage_table_member
from partners.models import Organisation, User

TRIAGE_ORGANISATIONS = ("Politie", "Openbaar Ministerie", "Reclassering Nederland")
MEMBERS = ("politie2", "om1", "reclassering2")
ADVICE_AUTHOR = "politie2"
ADVICE_TEXT = (
    "Politie adviseert opschaling: meerdere meldingen in de wijk het afgelopen halfjaar. Wij kunnen de "
    "wijkagent aan tafel laten aanschuiven."
)


def seed_triage_table(users: dict[str, User]) -> None:
    Organisation.objects.filter(name__in=TRIAGE_ORGANISATIONS).update(joins_triage=True)
    admin = users["beheer"]
    for username in MEMBERS:
        if username in users:
            set_triage_table_member(actor=admin, user=users[username], member=True)
    author = User.objects.select_related("organisation").filter(username=ADVICE_AUTHOR).first()
    pending = Escalation.objects.filter(status=EscalationStatus.SUBMITTED).order_by("submitted_at", "pk").first()
    if author is None or pending is None or TriageAdvice.objects.filter(escalation=pending, author=author).exists():
        return
    save_triage_advice(actor=author, escalation=pending, text=ADVICE_TEXT)
