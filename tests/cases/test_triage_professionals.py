"""Issue 16: at acceptance the triage form offers first the professionals of the organisations the
referrer named as involved, and finds others by name or organisation — never one flat list of
every professional of the region. A search keeps everything typed and whoever was ticked."""

from django.urls import reverse

from tests.auth import login
from tests.factories import OrganisationFactory, UserFactory, make_escalation


def decide_url(escalation):
    return reverse("escalations:decide", args=[escalation.reference])


def test_involved_organisations_first_others_only_by_search(client, regisseur, agent):
    veilig_thuis = OrganisationFactory(name="Veilig Thuis", kind="zorg")
    reclassering = OrganisationFactory(name="Reclassering Nederland", kind="veiligheid")
    casemanager = UserFactory(username="vt1", organisation=veilig_thuis, first_name="Noor", last_name="Claassen")
    werker = UserFactory(username="rn1", organisation=reclassering, first_name="Joost", last_name="van Dijk")
    escalation = make_escalation(submitted_by=agent, involved_organisations=[veilig_thuis])
    login(client, regisseur)
    page = client.get(decide_url(escalation)).content.decode()
    assert "Noor Claassen" in page and "Joost van Dijk" not in page
    typed = {
        "version": escalation.version, "outcome": "geaccepteerd", "feedback": "Welkom aan tafel.",
        "partner_professionals": [casemanager.pk], "professional_search": "reclassering", "zoeken": "1",
    }  # fmt: skip
    response = client.post(decide_url(escalation), typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Joost van Dijk" in page and "Noor Claassen" in page
    assert "Welkom aan tafel." in page  # what was typed is kept
    assert f'value="{casemanager.pk}" checked' in page or f'value="{casemanager.pk}"' in page
    assert "Het formulier is nog niet goed ingevuld" not in page  # a search is not a submission
    escalation.refresh_from_db()
    assert escalation.is_pending
    assert werker.pk  # found by organisation; by name too:
    page = client.post(decide_url(escalation), {**typed, "professional_search": "dijk"}).content.decode()
    assert "Joost van Dijk" in page


def test_a_search_with_a_nul_byte_is_no_error(client, regisseur, agent):
    """A NUL is refused before the view (privacy/middleware.py): a Dutch 400, never a 500."""
    escalation = make_escalation(submitted_by=agent)
    login(client, regisseur)
    data = {"version": escalation.version, "professional_search": "Claa\x00ssen", "zoeken": "1"}
    response = client.post(decide_url(escalation), data)
    assert response.status_code == 400
    assert "stuurtekens" in response.content.decode()
