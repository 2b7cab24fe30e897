"""Insecure direct object references: an id that belongs to another case never works under the
reference of a case the user does have, and guessing references gives the same answer as a case
that does not exist (and is logged)."""

import pytest
from django.urls import reverse

from cases import services
from privacy.models import AccessLogEntry
from tests.auth import login
from tests.factories import UserFactory, make_case


@pytest.fixture
def foreign_case(other_regisseur, ggz):
    """A case of another regisseur, with a person and a professional at its table."""
    nurse = UserFactory(username="spv-elders", organisation=ggz)
    case = make_case(
        regisseur=other_regisseur,
        persons=[services.PersonData(first_name="Vreemd", last_name="Persoon", role_in_case="hoofdpersoon")],
    )
    services.seat_partner(case=case, actor=other_regisseur, organisation=ggz, professionals=[nurse])
    return case


def test_ids_of_another_case_do_not_work_under_my_reference(client, regisseur, case, foreign_case):
    login(client, regisseur)
    person = foreign_case.persons.get()
    participant = foreign_case.participants.get()
    seat = participant.professionals.get()
    own = case.reference
    assert client.get(reverse("cases:person_edit", args=[own, person.pk])).status_code == 404
    assert client.post(reverse("cases:participant_leave", args=[own, participant.pk])).status_code == 404
    assert client.post(reverse("cases:professional_leave", args=[own, seat.pk])).status_code == 404
    participant.refresh_from_db()
    assert participant.left_on is None  # nothing happened to the other case


def test_guessed_reference_looks_like_a_missing_case_and_is_logged(client, regisseur, foreign_case):
    login(client, regisseur)
    existing = client.get(reverse("cases:detail", args=[foreign_case.reference]))
    missing = client.get(reverse("cases:detail", args=["ZVH-1999-9999"]))
    assert existing.status_code == missing.status_code == 404
    assert "Vreemd" not in existing.content.decode()
    assert AccessLogEntry.objects.filter(user=regisseur, case_id=foreign_case.pk, allowed=False).exists()


def test_search_and_list_never_reach_into_other_cases(client, agent, case, foreign_case):
    login(client, agent)
    response = client.post(reverse("cases:list"), {"q": "Vreemd"}, follow=True)
    assert response.context["cases"] == []
    assert foreign_case.reference not in response.content.decode()
