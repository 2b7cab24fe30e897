"""Two regisseurs move the same case at once (issue 20): the second gets the conflict message,
not a refusal of a choice the page offered them."""

from django.urls import reverse

from cases import services
from cases.models import Phase
from tests.auth import login


def test_a_concurrent_phase_change_gives_the_conflict_message(client, case, regisseur):
    login(client, regisseur)
    url = reverse("cases:phase", args=[case.reference])
    rendered_version = case.version
    assert 'value="triage"' in client.get(url).content.decode()
    # Meanwhile, in another tab: the case moves to triage.
    services.change_phase(case=case, actor=regisseur, to_phase=Phase.TRIAGE, expected_version=rendered_version)
    case.refresh_from_db()

    response = client.post(url, {"version": rendered_version, "to_phase": Phase.TRIAGE, "note": "Mijn toelichting"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "intussen door iemand anders gewijzigd" in html
    assert "geen beschikbare keuze" not in html
    assert "Mijn toelichting" in html  # nothing typed is lost
    assert f'name="version" value="{case.version}"' in html  # saving again after review can succeed
    case.refresh_from_db()
    assert case.phase == Phase.TRIAGE

    client.post(url, {"version": case.version, "to_phase": Phase.ANALYSE})
    case.refresh_from_db()
    assert case.phase == Phase.ANALYSE
