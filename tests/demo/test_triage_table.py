"""demo/triage_table.py: the safety partners join the triage table, three named members, one advice;
running it twice adds nothing."""

from cases.models import TriageAdvice
from demo.triage_table import ADVICE_TEXT, MEMBERS, seed_triage_table
from partners.models import Organisation
from privacy import policy
from tests.factories import OrganisationFactory, UserFactory, make_escalation


def test_seed_triage_table(db):
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    om = OrganisationFactory(name="Openbaar Ministerie", kind="veiligheid")
    reclassering = OrganisationFactory(name="Reclassering Nederland", kind="veiligheid")
    users = {
        "beheer": UserFactory(username="beheer", functional_admin=True),
        "politie1": UserFactory(username="politie1", organisation=politie),
        "politie2": UserFactory(username="politie2", organisation=politie),
        "om1": UserFactory(username="om1", organisation=om),
        "reclassering2": UserFactory(username="reclassering2", organisation=reclassering),
    }
    escalation = make_escalation(submitted_by=users["politie1"])
    seed_triage_table(users)
    seed_triage_table(users)
    assert set(Organisation.objects.filter(joins_triage=True).values_list("name", flat=True)) == {
        "Politie",
        "Openbaar Ministerie",
        "Reclassering Nederland",
    }
    for username, user in users.items():
        user.refresh_from_db()
        assert policy.may_join_triage_table(user) == (username in MEMBERS)
    advice = TriageAdvice.objects.get()
    assert advice.escalation == escalation and advice.author == users["politie2"] and advice.text == ADVICE_TEXT
