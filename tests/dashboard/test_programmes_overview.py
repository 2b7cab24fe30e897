"""The programmes and their prognoses (reference data): shown to managers and procesregisseurs,
refused and logged for everyone else. The figures that compare them with the cases are tested in
tests/dashboard/."""

import pytest
from django.urls import reverse

from privacy.models import AccessLogEntry
from programmes.models import Prognosis, Programme
from tests.auth import login

pytestmark = pytest.mark.django_db


def test_manager_sees_programmes_and_prognoses_per_year(client, manager):
    com = Programme.objects.get(code="COM")
    Prognosis.objects.update_or_create(programme=com, year=2024, defaults={"expected_new": 37, "expected_running": 12})
    login(client, manager)
    response = client.get(reverse("dashboard:programmes"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Prognoses per jaar" in html and com.name in html
    assert ">37<" in html and ">12<" in html
    assert reverse("dashboard:dashboard") in html  # the figures live on the dashboard


def test_partner_professional_and_privacy_officer_are_refused_and_logged(client, agent, privacy_officer):
    for user in (agent, privacy_officer):
        client.logout()
        login(client, user)
        assert client.get(reverse("dashboard:programmes")).status_code == 403
        assert AccessLogEntry.objects.filter(user=user, object_type="programma's", allowed=False).exists()
